"""briefkit added to an existing Material site (issue 21), as docs/adding-to-a-site.md says.

The fixture (tests/fixtures/existing-site) plays a running site: its own home page, a tags
index under Material's tags plugin, a custom_dir with its own main.html, an explicit nav,
docs_dir, site_url and site_name from the environment (!ENV). With the documented change
(mkdocs.with-briefkit.yml: the plugin and `root: news`) and the sample's briefings beside it,
`briefkit build --strict` and plain `mkdocs build --strict` must both give the site's own pages
unchanged, every briefing under /news/, no broken internal link, and leave every file of the
site as it was.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from briefkit.urls import SITE_LEVEL, briefing_path
from briefkit.write import MANIFEST
from helpers.existing_site import FIXTURE, GUIDE, SITE_URL, SLUGS, article, broken_links, hashes, make_site, run


@pytest.fixture(scope="module")
def before(tmp_path_factory) -> Path:
    """The site as it was, built by MkDocs alone."""
    site = make_site(tmp_path_factory.mktemp("before") / "gis", with_briefkit=False)
    run(site, "mkdocs", "build", "--strict")
    return site


@pytest.fixture(scope="module", params=["briefkit build", "mkdocs build", "briefkit build without the plugin"])
def after(request, tmp_path_factory) -> tuple[Path, dict[str, str], dict[str, str], str]:
    """The site with the documented change, built by either command: (folder, hashes before, after, command)."""
    site = make_site(tmp_path_factory.mktemp("after") / "gis", with_briefkit=True,
                     plugin=request.param != "briefkit build without the plugin")
    known = hashes(site)
    if request.param.startswith("briefkit build"):
        run(site, "briefkit", "build", "--strict")  # --strict: warnings (a block or stylesheet missing) fail
    else:
        run(site, "mkdocs", "build", "--strict")
    return site, known, hashes(site), request.param


def test_the_guide_shows_every_line_of_the_change():
    guide = GUIDE.read_text(encoding="utf-8")
    original = (FIXTURE / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    changed = (FIXTURE / "mkdocs.with-briefkit.yml").read_text(encoding="utf-8").splitlines()
    added = [line[1:] for line in difflib.unified_diff(original, changed, lineterm="", n=0)
             if line.startswith("+") and not line.startswith("+++") and not line[1:].lstrip().startswith("#")]
    assert added and [line for line in added if line not in guide] == []


def test_no_file_of_the_site_is_touched(after):
    site, known, now, command = after
    assert {path: digest for path, digest in now.items() if path in known} == known
    # what was added: the build, and what briefkit build writes (the plugin writes nothing): its folder in
    # docs_dir and the scripts that must sit beside Material's own
    added = [path for path in now if path not in known]
    beside_material = {f"pages/{path}" for path in SITE_LEVEL} | {f"pages/{MANIFEST}"}  # and its list of them
    briefkits = ("site/", "pages/news/")
    assert [path for path in added if not path.startswith(briefkits) and path not in beside_material] == []
    if command == "mkdocs build":  # the plugin hands its pages to the build: nothing but the build is written
        assert [path for path in added if not path.startswith("site/")] == []
    assert not (site / "docs").exists()  # never the default docs/ when the configuration names another


def test_the_sites_own_pages_are_unchanged(before, after):
    site = after[0]
    pages = sorted(p.relative_to(before / "site") for p in (before / "site").rglob("*.html"))
    assert len(pages) >= 5
    for page in pages:
        old = (before / "site" / page).read_text(encoding="utf-8")
        new = (site / "site" / page).read_text(encoding="utf-8")
        assert article(new) == article(old), page
    # its own main.html still shapes every page, briefkit's too
    assert "gis-banner" in (site / "site" / "news" / "index.html").read_text(encoding="utf-8")


def test_every_briefing_is_under_news(after):
    site = after[0] / "site"
    assert SLUGS
    for slug in SLUGS:
        page = site / "news" / briefing_path(slug).replace("index.md", "index.html")
        assert 'class="factbox"' in page.read_text(encoding="utf-8"), slug
    assert not (site / "briefings").exists() and not (site / "entities").exists()
    assert SITE_URL + "news/" in (site / "news" / "feed.xml").read_text(encoding="utf-8")  # site_url from !ENV
    assert "Maps weekly" in (site / "news" / "feed.xml").read_text(encoding="utf-8")  # site_name from !ENV


def test_tags_stay_apart(after):
    site = after[0] / "site"
    own = (site / "tags" / "index.html").read_text(encoding="utf-8")
    assert "diplomacy" not in own  # the site's tags index lists its own posts' tags only
    assert (site / "news" / "tags" / "index.html").is_file()


def test_no_internal_link_is_broken(after):
    assert broken_links(after[0] / "site") == []


def test_the_link_walk_finds_a_missing_page(after, tmp_path):
    site = shutil.copytree(after[0] / "site", tmp_path / "site")
    shutil.rmtree(site / "news" / "entities" / "iran")
    assert any("entities/iran/" in link for link in broken_links(site))
