"""Search settings and the files search.py writes: Pagefind's mode (the default), Material's mode,
what each page tells Pagefind (filters, weights, aliases), the worker and the search page.

What a reader finds in the browser is in tests/test_browser.py; Pagefind's run in
tests/test_pagefind_index.py.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from briefkit import search as search_module
from briefkit.convert import convert, search_full_text
from briefkit.problems import BriefkitError
from briefkit.project import find_project

SEED_PAGE = "docs/briefings/2024-01-29-iran-fm-visits-pakistan/index.md"
STRIKE_PAGE = "docs/briefings/2024-01-17-iran-strikes-balochistan/index.md"
WORKER = "docs/assets/javascripts/workers/briefkit-search.js"


def set_search(project: Path, **settings: str) -> None:
    with open(project / "mkdocs.yml", "a", encoding="utf-8") as handle:
        handle.write("\nextra:\n  briefkit:\n" + "".join(f"    {k}: {v}\n" for k, v in settings.items()))


def front_matter(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n---\n", 1)[0]


def test_pagefind_is_the_default_and_takes_briefings_and_entities_out_of_materials_index(project: Path):
    convert(find_project(project))
    worker = (project / WORKER).read_text(encoding="utf-8")
    assert "const PAGEFIND = true;" in worker and "const PAGEFIND = false;" not in worker
    for page in (SEED_PAGE, "docs/entities/iran/index.md"):
        assert "search:\n  exclude: true\npagefind: true" in front_matter(project / page)
    search_page = (project / "docs/search/index.md").read_text(encoding="utf-8")
    assert "pagefind: false" in search_page and 'src="../assets/javascripts/briefkit-search-page.js"' in search_page
    assert (project / "docs/assets/javascripts/briefkit-search-page.js").is_file()


def test_a_briefing_carries_its_filters_and_the_aliases_of_what_it_names(project: Path):
    convert(find_project(project))
    text = (project / STRIKE_PAGE).read_text(encoding="utf-8")
    data = re.search(r'<div class="search-data" hidden data-pagefind-ignore[^>]*>(.*?)</div>', text, re.S).group(1)
    filters = re.findall(r'<span data-pagefind-filter="(\w+)">([^<]*)</span>', data)
    assert ("type", "Briefing") in filters and ("year", "2024") in filters
    assert ("entity", "Jaish al-Adl") in filters and ("tag", "border security") in filters
    aliases = re.search(r'<p class="search-aliases" hidden data-pagefind-weight="0.5"[^>]*>([^<]*)</p>', text).group(1)
    assert "Army of Justice" in aliases.split("; ")


def test_an_entity_page_weighs_its_name_and_aliases(project: Path):
    convert(find_project(project))
    text = (project / "docs/entities/jaish-al-adl/index.md").read_text(encoding="utf-8")
    assert '<h1 class="entity__title" dir="auto" data-pagefind-weight="10">Jaish al-Adl</h1>' in text
    assert '<dd data-pagefind-weight="10">Army of Justice</dd>' in text
    assert '<span data-pagefind-filter="type">Organisation</span>' in text


def test_author_values_in_filters_are_escaped(project: Path):
    registry = next(f for f in (project / "briefings/entities").glob("*.yml") if "name: Jaish al-Adl" in f.read_text())
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("name: Jaish al-Adl", 'name: "Jaish <i>al</i> & Adl"'), encoding="utf-8")
    convert(find_project(project))
    text = (project / STRIKE_PAGE).read_text(encoding="utf-8")
    assert '<span data-pagefind-filter="entity">Jaish &lt;i&gt;al&lt;/i&gt; &amp; Adl</span>' in text


def test_material_mode_keeps_materials_search(project: Path):
    set_search(project, search_index="material")
    convert(find_project(project))
    worker = (project / WORKER).read_text(encoding="utf-8")
    assert "const PAGEFIND = false;" in worker
    assert "search:\n  boost: 3" in front_matter(project / "docs/entities/iran/index.md")
    assert "exclude" not in front_matter(project / SEED_PAGE) and "pagefind" not in front_matter(project / SEED_PAGE)
    assert "data-pagefind-filter" not in (project / SEED_PAGE).read_text(encoding="utf-8")
    assert not (project / "docs/search/index.md").exists()


def test_compact_is_a_clear_error_naming_its_replacement(project: Path):
    set_search(project, search_index="compact")
    with pytest.raises(BriefkitError) as caught:
        find_project(project)
    assert "expected pagefind, material or auto" in str(caught.value) and "replaced by pagefind" in str(caught.value)


def test_bad_search_index_value_is_a_clear_error(project: Path):
    set_search(project, search_index="fast")
    with pytest.raises(BriefkitError) as caught:
        find_project(project)
    assert "search_index" in str(caught.value) and "compact" not in str(caught.value)


def test_full_text_is_on_at_every_size_with_pagefind_and_up_to_2000_with_material(project: Path):
    assert search_full_text(find_project(project), 10**6) is True
    set_search(project, search_index="material")
    assert search_full_text(find_project(project), 2000) is True
    assert search_full_text(find_project(project), 2001) is False


def test_search_full_text_false_keeps_bodies_out_of_pagefind_too(project: Path):
    set_search(project, search_full_text="false")
    convert(find_project(project))
    assert '<div class="briefing__body" data-search-exclude="true" data-pagefind-ignore>' in \
        (project / SEED_PAGE).read_text(encoding="utf-8")


def test_search_mode():
    assert search_module.search_mode(None) == "pagefind"
    assert search_module.search_mode("material") == "material"
    assert search_module.search_mode("pagefind") == "pagefind"


def test_a_changed_worker_is_new_code_to_the_cache(tmp_path: Path, monkeypatch):
    """The worker is package data, not Python: a conversion must not keep an old one from the cache."""
    from briefkit import cache
    package = tmp_path / "briefkit"
    shutil.copytree(cache.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", package)
    cache.code_version.cache_clear()   # computed once per process
    before = cache.code_version()
    worker = package / "static" / "briefkit-worker.js"
    worker.write_text(worker.read_text(encoding="utf-8") + "// changed\n", encoding="utf-8")
    cache.code_version.cache_clear()
    try:
        assert cache.code_version() != before
    finally:
        monkeypatch.undo()
        cache.code_version.cache_clear()
