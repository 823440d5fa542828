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
(lists that repeat other pages). briefkit's worker (SEARCH_WORKER) answers Material's worker
protocol with Pagefind's results, so Material's box, result list and highlighting stay
Material's. search/index.md is a page with filters (type, entity, tag, year) over the same
index. `search_index: material` keeps Material's search as it was (no Pagefind step): for an
engine or a host where Pagefind's files cannot be served.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from jinja2 import Template

from briefkit.urls import SEARCH_PAGE, SEARCH_PAGE_SCRIPT, SEARCH_WORKER, SiteUrls

MODES = ("pagefind", "material")

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"


def search_mode(setting: str | None) -> str:
    """'pagefind' or 'material': the project's setting, else Pagefind (at every archive size)."""
    return setting if setting in MODES else "pagefind"


def search_files(mode: str, urls: SiteUrls | None = None) -> Iterator[tuple[str, str]]:
    """The worker (always: Material's config names it on every page) and, with Pagefind, the search page."""
    worker = (STATIC / "briefkit-worker.js").read_text(encoding="utf-8")
    urls = urls or SiteUrls()
    pagefind = json.dumps(mode == "pagefind")
    yield SEARCH_WORKER, worker.replace("const PAGEFIND = false;", f"const PAGEFIND = {pagefind};", 1)
    if mode == "pagefind":
        yield SEARCH_PAGE_SCRIPT, (STATIC / "search-page.js").read_text(encoding="utf-8")
        template = Template((TEMPLATES / "search.md.j2").read_text(encoding="utf-8"), autoescape=True,
                            keep_trailing_newline=True)
        yield SEARCH_PAGE, template.render(script=urls.href(SEARCH_PAGE, SEARCH_PAGE_SCRIPT))
