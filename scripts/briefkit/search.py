"""Search: Pagefind's chunked index behind Material's own search box, and a search page with filters.

Material for MkDocs builds a Lunr index in the reader's browser on every page load, from
search/search_index.json: at 1,000 briefings with full text that is 7.6 MB and 1.7-3.7 s
before the first result, and no part of the index can be left out without losing words.
Pagefind (pagefind_index.py) indexes the built pages once, into small files that the
browser fetches only as a query needs them: about 0.3 MB before the first results at
10,000 briefings, bodies included.

`search_index: pagefind` (the default at every size): briefing and entity pages leave
Material's index (front matter `search: exclude`, `pagefind: true`); overrides/main.html
marks each page's content with data-pagefind-body unless the page is excluded from search
(lists that repeat other pages). briefkit's worker (WORKER_FILE) answers Material's worker
protocol with Pagefind's results, so Material's box, result list and highlighting stay
Material's. search/index.md is a page with filters (type, entity, tag, year) over the same
index. `search_index: material` keeps Material's search as it was (no Pagefind step): for an
engine or a host where Pagefind's files cannot be served.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

MODES = ("pagefind", "material")
# beside Material's worker: Material's loads its language support from ../lunr/ of the worker's address
WORKER_FILE = "assets/javascripts/workers/briefkit-search.js"
SEARCH_PAGE = "search/index.md"
SEARCH_PAGE_SCRIPT = "assets/javascripts/briefkit-search-page.js"
STATIC = Path(__file__).parent / "static"


def search_mode(setting: str | None) -> str:
    """'pagefind' or 'material': the project's setting, else Pagefind (at every archive size)."""
    return setting if setting in MODES else "pagefind"


SEARCH_PAGE_TEXT = """---
title: Search
description: Search every briefing and entity, narrowed by type, entity, tag and year.
search:
  exclude: true
pagefind: false
hide:
  - toc
---

# Search

<div class="briefkit-search" data-search-exclude="true">
<form class="briefkit-search__form" role="search" aria-label="Search with filters" action="." method="get">
<label class="briefkit-search__label" for="briefkit-search-query">Search for</label>
<input class="briefkit-search__query" id="briefkit-search-query" name="query" type="search" autocomplete="off">
<fieldset class="briefkit-search__filters">
<legend>Narrow the results</legend>
<label for="briefkit-filter-type">Type</label>
<select id="briefkit-filter-type" name="type" data-filter="type"><option value="">Any</option></select>
<label for="briefkit-filter-entity">Entity</label>
<input id="briefkit-filter-entity" name="entity" data-filter="entity" list="briefkit-entities" autocomplete="off">
<datalist id="briefkit-entities"></datalist>
<label for="briefkit-filter-tag">Tag</label>
<select id="briefkit-filter-tag" name="tag" data-filter="tag"><option value="">Any</option></select>
<label for="briefkit-filter-year">Year</label>
<select id="briefkit-filter-year" name="year" data-filter="year"><option value="">Any</option></select>
</fieldset>
<button class="md-button md-button--primary" type="submit">Search</button>
</form>
<p class="briefkit-search__status" role="status" aria-live="polite"></p>
<ol class="briefkit-search__results"></ol>
<p><button class="md-button briefkit-search__more" type="button" hidden>More results</button></p>
<noscript><p>Search needs JavaScript, and a web server: it does not work from files opened directly.</p></noscript>
</div>

<script src="{script}" defer></script>
"""


def search_files(mode: str) -> Iterator[tuple[str, str]]:
    """The worker (always: Material's config names it on every page) and, with Pagefind, the search page."""
    worker = (STATIC / "briefkit-worker.js").read_text(encoding="utf-8")
    yield WORKER_FILE, worker.replace("const PAGEFIND = false;", f"const PAGEFIND = {json.dumps(mode == 'pagefind')};", 1)
    if mode == "pagefind":
        yield SEARCH_PAGE_SCRIPT, (STATIC / "search-page.js").read_text(encoding="utf-8")
        # the page is at search/ (directory URLs) or search/index.html: the script is two or one level up
        yield SEARCH_PAGE, SEARCH_PAGE_TEXT.replace("{script}", "../" + SEARCH_PAGE_SCRIPT)
