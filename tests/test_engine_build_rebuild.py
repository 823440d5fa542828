"""engine_build/rebuild.py: a server's rebuild of edited pages alone, in the objects of its last build, gives
the site MkDocs' full build gives (compared byte for byte); any other change is left to a keeping build."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from briefkit import engine_build
from briefkit.engine_build.rebuild import LiveSite, rebuild_pages
from helpers.engine_site import assert_as_full_build, config_of, copy_fixture, edit


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    return copy_fixture(tmp_path, monkeypatch)


def live_build(project: Path, **settings) -> LiveSite:
    """A keeping build as a server runs it (its objects kept), into project/site."""
    _, report = engine_build.build(config_of(project, project / "site", **settings), live=True)
    assert report.site is not None
    return report.site


def rebuilt(live: LiveSite, *paths: Path) -> engine_build.BuildReport | None:
    result = rebuild_pages(live, {str(path) for path in paths})
    return None if result is None else result[1]


def test_an_edited_page_is_built_alone_and_the_site_is_a_full_builds(project):
    live = live_build(project)
    third = project / "docs/notes/third.md"
    edit(third, "Nothing links here", "Still nothing links here")
    report = rebuilt(live, third)
    assert report is not None and report.only_pages
    assert (report.built, report.kept) == (1, 4)
    assert "Still nothing links here" in (project / "site/notes/third/index.html").read_text(encoding="utf-8")
    assert_as_full_build(project)


def test_the_live_site_holds_no_pages_text(project):
    live = live_build(project)
    assert not any(file.page.content or file.page.markdown for file in live.documents)
    third = project / "docs/notes/third.md"
    edit(third, "Nothing links here", "Edited")
    report = rebuilt(live, third)
    assert not any(file.page.content or file.page.markdown for file in report.site.documents)
    assert_as_full_build(project)


def test_the_search_index_is_written_again_with_every_pages_entries(project):
    live = live_build(project)
    second = project / "docs/notes/second.md"
    edit(second, "Some text.", "Some other text.")
    rebuilt(live, second)
    index = (project / "site/search/search_index.json").read_text(encoding="utf-8")
    assert "Some other text." in index and "Nothing links here" in index
    assert_as_full_build(project)


def test_rebuilds_follow_each_other_and_a_keeping_build_after_them_keeps_what_they_built(project):
    live = live_build(project)
    third, second = project / "docs/notes/third.md", project / "docs/notes/second.md"
    edit(third, "Nothing links here", "First edit")
    report = rebuilt(live, third)
    edit(second, "Some text.", "Second edit.")
    report = rebuilt(report.site, second)
    assert report.built == 1
    assert_as_full_build(project)
    _, after = engine_build.build(config_of(project, project / "site"), previous=report.site.record)
    assert (after.built, after.kept) == (2, 3)  # the navigation's pages only: the record holds the rebuilt ones
    assert_as_full_build(project)


def test_an_anchor_removed_warns_in_the_pages_that_link_to_it(project, caplog):
    live = live_build(project)
    second = project / "docs/notes/second.md"
    edit(second, "## Details", "## Particulars")
    with caplog.at_level(logging.WARNING):
        rebuilt(live, second)
    assert "'notes/first.md' contains a link 'second.md#details'" in caplog.text
    assert_as_full_build(project)


def test_a_warning_of_a_rebuilt_page_fails_a_strict_server(project):
    from mkdocs.exceptions import Abort

    live = live_build(project)  # (the fixture has a warning of its own: strict from now on)
    live.config["strict"] = True
    second = project / "docs/notes/second.md"
    edit(second, "## Details", "## Particulars")
    with pytest.raises(Abort, match="2 warnings"):
        rebuild_pages(live, {str(second)})


def test_a_touched_page_whose_bytes_are_the_same_builds_nothing(project):
    live = live_build(project)
    third = project / "docs/notes/third.md"
    third.write_bytes(third.read_bytes())
    report = rebuilt(live, third)
    assert report is not None and report.built == 0


def test_files_that_stay_out_of_the_site_are_no_change(project):
    live = live_build(project)
    third = project / "docs/notes/third.md"
    edit(third, "Nothing links here", "Edited")
    manifest = project / "docs/.briefkit-manifest.json"  # a dot file: MkDocs leaves it out
    manifest.write_text("{}", encoding="utf-8")
    swap = project / "docs/notes/.third.md.swp"  # new since the last build, and a dot file too
    swap.write_text("x", encoding="utf-8")
    gone = project / "docs/notes/temporary-1234.md"  # came and went: never a file of the site
    report = rebuilt(live, third, manifest, swap, gone)
    assert report is not None and report.built == 1
    assert_as_full_build(project)


def test_a_navigation_page_whose_title_stays_is_built_alone(project):
    live = live_build(project)
    notes = project / "docs/notes/index.md"
    edit(notes, "- [Third](third.md)", "- [The third](third.md)")
    report = rebuilt(live, notes)
    assert report is not None and (report.built, report.kept) == (1, 4)
    assert_as_full_build(project)


def test_an_edited_static_file_is_copied(project):
    live = live_build(project)
    css = project / "docs/assets/extra.css"
    css.write_text("body { color: maroon; }\n", encoding="utf-8")
    report = rebuilt(live, css)
    assert report is not None and (report.built, report.copied) == (0, 1)
    assert (project / "site/assets/extra.css").read_text(encoding="utf-8") == "body { color: maroon; }\n"
    assert_as_full_build(project)


@pytest.mark.parametrize("change", ["navigation title", "new page", "deleted page", "configuration", "outside docs"])
def test_any_other_change_is_left_to_a_keeping_build(project, change):
    live = live_build(project)
    docs = project / "docs"
    if change == "navigation title":
        path = docs / "notes/index.md"
        edit(path, "# Notes", "# All notes")
    elif change == "new page":
        path = docs / "notes/fourth.md"
        path.write_text("# Fourth\n", encoding="utf-8")
    elif change == "deleted page":
        path = docs / "notes/third.md"
        path.unlink()
    elif change == "configuration":
        path = project / "mkdocs.yml"
        edit(path, "site_name: Engine build fixture", "site_name: Another name")
    else:
        path = project / "elsewhere.md"
        path.write_text("x\n", encoding="utf-8")
    assert rebuilt(live, path, docs / "notes/second.md") is None


def test_a_plugin_that_may_read_other_pages_leaves_every_rebuild_to_a_keeping_build(project):
    edit(project / "mkdocs.yml", "  - search\n", "  - search\n  - tags\n")
    live = live_build(project)
    third = project / "docs/notes/third.md"
    edit(third, "Nothing links here", "Edited")
    assert rebuilt(live, third) is None


def test_another_days_build_date_is_left_to_a_keeping_build(project, monkeypatch):
    live = live_build(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # the sitemap's dates change
    third = project / "docs/notes/third.md"
    edit(third, "Nothing links here", "Edited")
    assert rebuilt(live, third) is None
