"""extra.briefkit.root: everything briefkit generates in a folder of docs_dir, beside the site's own pages."""

from __future__ import annotations

import hashlib
import json
import posixpath
from pathlib import Path

import pytest

from briefkit.problems import BriefkitError
from briefkit.project import find_project
from briefkit.sitecheck import broken_links
from briefkit.urls import SEARCH_WORKER, SiteUrls, briefing_path
from helpers.project import run_briefkit, with_root

SEED = "2024-01-29-iran-fm-visits-pakistan"


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file()}


def test_root_prefixes_every_address_and_keeps_links_between_pages_relative():
    urls, plain = SiteUrls(root="news"), SiteUrls()
    page, entity = briefing_path("x"), "entities/iran/index.md"
    assert urls.docs_path(page) == "news/briefings/x/index.md"
    assert urls.page(page) == "news/briefings/x/"
    assert urls.href(page, entity) == plain.href(page, entity) == "../../entities/iran/"
    # the search worker stays beside Material's, whatever the root
    assert urls.docs_path(SEARCH_WORKER) == SEARCH_WORKER
    assert urls.href("search/index.md", "assets/javascripts/briefkit-search-page.js") == \
        "../../assets/javascripts/briefkit-search-page.js"


@pytest.mark.parametrize("value", ["..", "news/../x", "a b", "con", "/", 3])
def test_a_root_that_is_not_a_folder_name_is_refused_naming_the_setting(project: Path, value):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"\nextra:\n  briefkit:\n    root: {value!r}\n",
                      encoding="utf-8")
    if value == "/":  # the site's root itself, said another way
        assert find_project(project).folder == ""
        return
    with pytest.raises(BriefkitError) as raised:
        find_project(project)
    assert "extra.briefkit.root is" in raised.value.problems[0].message


def test_everything_generated_is_under_root_and_the_sites_own_pages_are_untouched(project: Path):
    with_root(project, "news")
    own = snapshot(project / "docs")
    result = run_briefkit(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    docs = project / "docs"
    after = snapshot(docs)
    assert {path: after[path] for path in own} == own  # the site's own files, byte for byte
    generated = set(after) - set(own)
    outside = {p for p in generated if not p.startswith("news/")}
    assert outside == {SEARCH_WORKER, "assets/javascripts/briefkit-search-page.js", ".briefkit-manifest.json"}
    assert f"news/briefings/{SEED}/index.md" in generated and "news/feed.xml" in generated
    site = project / "site"
    assert "Our own home" in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "news" / "briefings" / SEED / "index.html").is_file()
    assert (site / "news" / "entities" / "iran" / "index.html").is_file()
    assert not (site / "briefings").exists() and not (site / "entities").exists()
    broken, checked = broken_links(site)
    assert broken == [] and checked > 1000
    # a feed's links (relative to its own address without site_url) reach the pages under the root
    for feed in ("news/feed.json", "news/entities/iran/feed.json"):
        items = json.loads((docs / feed).read_text(encoding="utf-8"))["items"]
        assert items
        for item in items:
            page = posixpath.normpath(posixpath.join(posixpath.dirname(feed), item["url"]))
            assert page.startswith("news/briefings/") and (site / page / "index.html").is_file(), item["url"]


def test_a_page_of_the_site_at_a_generated_address_under_root_is_a_clash(project: Path):
    with_root(project, "news")
    mine = project / "docs" / "news" / "tags.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("# Our tags\n", encoding="utf-8")
    result = run_briefkit(project, "build")
    assert result.returncode == 1
    assert "docs/news/tags.md:1:1: error: this page and briefkit's" in result.stderr
    assert "are both /news/tags/" in result.stderr, result.stderr
    assert mine.read_text(encoding="utf-8") == "# Our tags\n"
