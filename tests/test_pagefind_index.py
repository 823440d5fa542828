"""Pagefind's run over the built site (pagefind_index.py), as `briefkit build` does it."""

from __future__ import annotations

import re
from pathlib import Path

from briefkit.pagefind_index import LISTS, OUTPUT, index_site

TEMPLATES = Path(__file__).parent.parent / "scripts" / "briefkit" / "templates"


def test_build_writes_pagefinds_index_under_the_site(site_dir: Path):
    bundle = site_dir / OUTPUT
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-entry.json").is_file()
    assert list((bundle / "fragment").glob("*.pf_fragment")) and list((bundle / "filter").glob("*.pf_filter"))


def test_only_pages_marked_for_it_are_indexed(site_dir: Path, tmp_path: Path):
    """Briefings, entities, hand-written and first index pages: not the search page or later list pages."""
    marked = [p for p in site_dir.rglob("*.html") if "data-pagefind-body" in p.read_text(encoding="utf-8")]
    assert site_dir / "briefings/2024-01-29-iran-fm-visits-pakistan/index.html" in marked
    assert site_dir / "entities/jaish-al-adl/index.html" in marked
    assert site_dir / "about/index.html" in marked
    assert site_dir / "search/index.html" not in marked
    copy = tmp_path / "site"
    for page in marked:
        (copy / page.relative_to(site_dir)).parent.mkdir(parents=True, exist_ok=True)
        (copy / page.relative_to(site_dir)).write_bytes(page.read_bytes())
    (copy / "unmarked.html").write_text("<html><body><p>Not for the index</p></body></html>", encoding="utf-8")
    report = index_site(copy)
    assert report.problems == () and report.pages == len(marked)


def test_every_excluded_list_is_a_class_the_templates_write():
    templates = "".join(p.read_text(encoding="utf-8") for p in TEMPLATES.glob("*.j2"))
    written = set(re.findall(r'class="([\w-]+)"', templates))
    ours = [selector[1:] for selector in LISTS if not selector.startswith(".md-") and selector != ".headerlink"]
    assert set(ours) <= written, set(ours) - written


def test_a_failed_run_is_a_problem_naming_the_site(tmp_path: Path):
    report = index_site(tmp_path / "missing", "site")
    assert report.pages == 0 and len(report.problems) == 1
    problem = report.problems[0]
    assert problem.path == "site" and problem.severity == "error" and "Pagefind" in problem.message
