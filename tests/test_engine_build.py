"""engine_build/: the engine's build keeping unchanged pages gives, after every kind of change, the very
site MkDocs' own full build gives (every file compared byte for byte), and builds only what changed.

The fixture (tests/fixtures/engine-build) is a small Material site: nav pages, pages outside the nav
linking each other with anchors, a static file, the search plugin. Each test builds it in this
process, with MkDocs' build for reference and briefkit's for the result.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import pytest

from briefkit import engine_build
from briefkit.engine_build import keeping
from helpers.engine_site import assert_as_full_build, config_of, copy_fixture, edit, site_files


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    return copy_fixture(tmp_path, monkeypatch)


def build(project: Path, **options) -> engine_build.BuildReport:
    """briefkit's build into project/site, keeping what the record of the last one allows."""
    config = config_of(project, project / "site", **options.pop("settings", {}))
    _, report = engine_build.build(config, record_file=project.parent / "record.pickle", **options)
    return report


def test_the_first_build_is_a_full_build(project):
    report = build(project)
    assert report.full_because == "no record of an earlier build"
    assert report.built == 5 and report.kept == 0
    assert_as_full_build(project)


def test_nothing_changed_keeps_every_page_outside_the_navigation(project):
    build(project)
    report = build(project)
    assert not report.full_because
    assert (report.built, report.kept, report.copied) == (2, 3, 0)  # the nav pages are built every time
    assert_as_full_build(project)


def test_an_edited_page_is_built_alone(project):
    build(project)
    edit(project / "docs/notes/third.md", "Nothing links here", "Still nothing links here")
    report = build(project)
    assert (report.built, report.kept) == (3, 2)
    assert "Still nothing links here" in (project / "site/notes/third/index.html").read_text(encoding="utf-8")
    assert_as_full_build(project)


def test_the_search_index_holds_every_page_in_a_full_builds_order(project):
    build(project)
    edit(project / "docs/notes/second.md", "Some text.", "Some other text.")
    build(project)
    index = (project / "site/search/search_index.json").read_text(encoding="utf-8")
    assert "Some other text." in index and "Nothing links here" in index
    assert_as_full_build(project)


def test_a_deleted_page_leaves_the_site(project):
    build(project)
    (project / "docs/notes/third.md").unlink()
    report = build(project)
    assert not (project / "site/notes/third").exists()
    assert report.removed == 1
    assert_as_full_build(project)


def test_a_page_added_where_a_link_pointed_builds_the_page_that_links_to_it(project):
    build(project)
    (project / "docs/notes/fourth.md").write_text("# Fourth note\n\nNew.\n", encoding="utf-8")
    report = build(project)
    assert (report.built, report.kept) == (4, 2)  # the nav pages, fourth, and first (its link now resolves)
    first = (project / "site/notes/first/index.html").read_text(encoding="utf-8")
    assert 'href="../fourth/"' in first
    assert_as_full_build(project)


def test_a_changed_navigation_title_builds_everything(project):
    build(project)
    edit(project / "docs/notes/index.md", "# Notes", "# All the notes")
    report = build(project)
    assert report.full_because.startswith("the configuration, theme, packages or navigation changed")
    assert_as_full_build(project)


def test_a_changed_configuration_builds_everything(project):
    build(project)
    edit(project / "mkdocs.yml", "site_name: Engine build fixture", "site_name: Renamed")
    report = build(project)
    assert report.full_because
    assert "Renamed" in (project / "site/notes/third/index.html").read_text(encoding="utf-8")
    assert_as_full_build(project)


def test_a_changed_theme_override_builds_everything(project):
    build(project)
    (project / "overrides").mkdir()
    (project / "overrides/main.html").write_text('{% extends "base.html" %}\n{% block footer %}FOOT{% endblock %}\n',
                                                encoding="utf-8")
    edit(project / "mkdocs.yml", "  font: false", "  font: false\n  custom_dir: overrides")
    build(project)
    edit(project / "overrides/main.html", "FOOT", "FOOTER")
    report = build(project)
    assert report.full_because
    assert "FOOTER" in (project / "site/notes/third/index.html").read_text(encoding="utf-8")
    assert_as_full_build(project)


def test_a_changed_static_file_is_copied_again(project):
    build(project)
    (project / "docs/assets/extra.css").write_text(".md-typeset h1 { color: teal; }\n", encoding="utf-8")
    report = build(project)
    assert report.copied == 1
    assert_as_full_build(project)


def test_a_page_changed_in_site_is_built_again(project):
    build(project)
    (project / "site/notes/third/index.html").write_text("tampered", encoding="utf-8")
    report = build(project)
    assert report.kept == 2
    assert_as_full_build(project)


def test_warnings_of_kept_pages_are_logged_again_and_fail_a_strict_build(project, caplog):
    from mkdocs.exceptions import Abort

    build(project)
    caplog.clear()
    with caplog.at_level(logging.WARNING), pytest.raises(Abort, match="warnings in strict mode"):
        build(project, settings={"strict": True})
    warnings = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert any("fourth.md" in message and "first.md" in message for message in warnings), warnings


def test_an_anchor_removed_from_a_page_warns_in_the_kept_page_that_links_to_it(project, caplog):
    build(project)
    edit(project / "docs/notes/second.md", "## Details", "## Particulars")
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        report = build(project)
    assert report.kept == 2  # first.md, which links to second.md#details, is kept
    messages = [record.getMessage() for record in caplog.records]
    assert any("does not contain an anchor '#details'" in message and "notes/first.md" in message
               for message in messages), messages


def test_an_unknown_plugin_builds_everything(project):
    build(project)
    report = build(project, settings={"plugins": ["search", "tags"]})
    assert report.full_because == "the plugin material/tags may read other pages than its own"


def test_a_damaged_record_is_a_full_build(project):
    build(project)
    (project.parent / "record.pickle").write_bytes(b"not a record")
    report = build(project)
    assert report.full_because == "no record of an earlier build"
    assert_as_full_build(project)


def test_clean_builds_everything(project):
    build(project)
    (project / "site/stray.txt").write_text("left by hand", encoding="utf-8")
    report = build(project, clean=True)
    assert report.full_because == "asked for a clean build"
    assert_as_full_build(project)


def test_briefkit_build_keeps_unchanged_pages_and_makes_the_site_a_clean_build_makes(tmp_path, monkeypatch):
    """The command line: a second `briefkit build` after a body edit builds a few pages and keeps the rest;
    its site/ is, file for file, `briefkit build --clean`'s (Pagefind's own files aside: their names carry
    hashes that differ from one run to the next; the same pages are indexed)."""
    from helpers.project import copy_project, run_briefkit

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    sample = copy_project(tmp_path / "sample")
    run_briefkit(sample, "build", check=True)
    source = sorted((sample / "briefings").glob("*.md"))[0]
    source.write_text(source.read_text(encoding="utf-8") + "\nA sentence added after the first build.\n",
                      encoding="utf-8")
    again = run_briefkit(sample, "build", check=True)
    kept = re.search(r"briefkit: (\d+) pages built, (\d+) kept from the last build", again.stderr)
    assert kept, again.stderr
    assert int(kept.group(1)) < 15 and int(kept.group(2)) > 10
    ours = {name: data for name, data in site_files(sample / "site").items() if not name.startswith("pagefind/")}
    pagefind_pages = _pagefind_page_count(sample / "site")
    run_briefkit(sample, "build", "--clean", check=True)
    clean = {name: data for name, data in site_files(sample / "site").items() if not name.startswith("pagefind/")}
    assert sorted(ours) == sorted(clean)
    assert [name for name in clean if ours[name] != clean[name]] == []
    assert _pagefind_page_count(sample / "site") == pagefind_pages
    assert any("A sentence added after the first build." in data.decode("utf-8", "replace")
               for name, data in ours.items() if name.startswith("briefings/") and name.endswith(".html"))


def _pagefind_page_count(site: Path) -> int:
    import json

    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


def test_a_same_size_edit_in_the_same_clock_tick_as_the_last_build_is_seen(project):
    """A source written just before a build is not trusted by its size and time (a second same-size edit could
    come within the same tick of a coarse file-system clock): the next build reads it again."""
    page = project / "docs/notes/third.md"
    page.write_text("# Third note\n\nVersion A of the text.\n", encoding="utf-8")
    written = page.stat().st_mtime_ns
    build(project)
    page.write_text("# Third note\n\nVersion B of the text.\n", encoding="utf-8")  # the same size
    os.utime(page, ns=(written, written))  # and, as on a clock that did not tick, the same time
    build(project)
    assert "Version B" in (project / "site/notes/third/index.html").read_text(encoding="utf-8")
    assert_as_full_build(project)


def in_one_thread(function, *arguments):
    """function(*arguments) in a forked child, which runs one thread (pytest's process may run others: a
    browser test's server), as `briefkit build` does; its result, or the text of what it raised."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    results = context.SimpleQueue()

    def child() -> None:
        try:
            results.put(("ok", function(*arguments)))
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which asserts on it
            results.put(("raised", f"{type(exc).__name__}: {exc}"))

    process = context.Process(target=child)
    process.start()
    process.join(300)
    return results.get()


def _build_with_workers(project: Path, strict: bool = False):
    captured: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: captured.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        return build(project, workers=2, settings={"strict": True} if strict else {})
    except Exception as exc:
        raise RuntimeError(f"{exc} | warnings: {captured}") from None


def test_pages_built_in_forked_workers_make_the_same_site(project, monkeypatch):
    """With two workers (from one page to build, here), the pages are read and built in forked processes and
    come back as kept pages do: the site, the search index and the next build's record are those of one process."""
    from briefkit.parallel import worker_count

    assert worker_count() > 1, "the test needs fork and two CPUs, as CI has"
    monkeypatch.setattr(keeping, "PARALLEL_PAGES", 1)
    status, report = in_one_thread(_build_with_workers, project)
    assert status == "ok", report
    assert (report.built, report.kept, report.workers) == (5, 0, 2)
    assert_as_full_build(project)
    edit(project / "docs/notes/second.md", "Some text.", "Some other text.")
    status, report = in_one_thread(_build_with_workers, project)
    assert status == "ok", report
    assert (report.built, report.kept, report.workers) == (3, 2, 2)
    assert_as_full_build(project)


def test_warnings_of_pages_built_in_workers_are_logged_once_and_fail_a_strict_build(project, monkeypatch):
    monkeypatch.setattr(keeping, "PARALLEL_PAGES", 1)
    status, raised = in_one_thread(_build_with_workers, project, True)
    assert status == "raised" and "1 warnings in strict mode" in raised, raised
    warnings = raised.split(" | warnings: ")[1]
    assert warnings.count("contains a link 'fourth.md'") == 1, warnings


def test_a_process_running_other_threads_builds_its_pages_itself(project, monkeypatch):
    """A server's rebuilds run beside its threads: no fork there (it would copy this thread alone)."""
    import threading

    monkeypatch.setattr(keeping, "PARALLEL_PAGES", 1)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        report = build(project, workers=2)
    finally:
        stop.set()
        other.join()
    assert (report.built, report.workers) == (5, 0)
    assert_as_full_build(project)
