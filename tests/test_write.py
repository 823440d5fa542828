"""Writing docs/: only what changed, stale generated pages removed, hand-written files never touched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefkit.write import MANIFEST, PageWriter, digest, read_manifest, write_pages


def mtimes(docs: Path) -> dict[str, int]:
    return {p.relative_to(docs).as_posix(): p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}


def test_first_write_writes_every_page_and_a_manifest(tmp_path):
    report = write_pages(tmp_path, {"index.md": "home", "briefings/x.md": "x", "data.bin": b"\x00\x01"})
    assert report.written == ("briefings/x.md", "data.bin", "index.md")
    assert (report.removed, report.unchanged, report.problems) == ((), 0, ())
    assert (tmp_path / "briefings" / "x.md").read_text() == "x"
    assert (tmp_path / "data.bin").read_bytes() == b"\x00\x01"
    assert sorted(read_manifest(tmp_path)) == ["briefings/x.md", "data.bin", "index.md"]
    assert json.loads((tmp_path / MANIFEST).read_text())["generator"] == "briefkit"


def test_unchanged_pages_are_not_rewritten(tmp_path):
    pages = {"index.md": "home", "briefings/x.md": "x"}
    write_pages(tmp_path, pages)
    before = mtimes(tmp_path)
    report = write_pages(tmp_path, pages)
    assert (report.written, report.unchanged) == ((), 2)
    assert mtimes(tmp_path) == before  # the manifest included


def test_only_the_changed_page_is_rewritten(tmp_path):
    write_pages(tmp_path, {"a.md": "a", "b.md": "b"})
    report = write_pages(tmp_path, {"a.md": "a", "b.md": "B"})
    assert (report.written, report.unchanged) == (("b.md",), 1)
    assert (tmp_path / "b.md").read_text() == "B"


def test_a_stale_generated_page_is_removed_with_its_empty_folder(tmp_path):
    write_pages(tmp_path, {"index.md": "home", "entities/gone.md": "old"})
    report = write_pages(tmp_path, {"index.md": "home"})
    assert report.removed == ("entities/gone.md",)
    assert not (tmp_path / "entities").exists()
    assert "entities/gone.md" not in read_manifest(tmp_path)


def test_a_hand_written_file_in_a_generated_folder_survives(tmp_path):
    write_pages(tmp_path, {"entities/gone.md": "old"})
    (tmp_path / "entities" / "notes.md").write_text("mine")
    write_pages(tmp_path, {})
    assert (tmp_path / "entities" / "notes.md").read_text() == "mine"
    assert not (tmp_path / "entities" / "gone.md").exists()


def test_a_hand_written_file_where_a_page_would_go_is_left_alone_with_an_error(tmp_path):
    (tmp_path / "about.md").write_text("mine")
    report = write_pages(tmp_path, {"about.md": "generated", "index.md": "home"}, shown_docs="docs")
    assert (tmp_path / "about.md").read_text() == "mine"
    assert report.written == ("index.md",)
    (problem,) = report.problems
    assert (problem.path, problem.severity) == ("docs/about.md", "error")
    assert "about.md" not in read_manifest(tmp_path)  # never adopted: a later run will not remove it
    write_pages(tmp_path, {})
    assert (tmp_path / "about.md").read_text() == "mine"


def test_even_a_hand_written_file_with_the_same_content_is_not_adopted(tmp_path):
    (tmp_path / "about.md").write_text("same")
    report = write_pages(tmp_path, {"about.md": "same"})
    assert len(report.problems) == 1
    write_pages(tmp_path, {})
    assert (tmp_path / "about.md").exists()


def test_a_stale_page_edited_by_hand_is_kept_with_a_warning(tmp_path):
    write_pages(tmp_path, {"briefings/x.md": "generated"})
    (tmp_path / "briefings" / "x.md").write_text("generated, then edited")
    report = write_pages(tmp_path, {})
    assert report.removed == ()
    assert [(p.severity, p.path) for p in report.problems] == [("warning", "docs/briefings/x.md")]
    assert (tmp_path / "briefings" / "x.md").read_text() == "generated, then edited"


def test_a_generated_page_edited_by_hand_is_regenerated(tmp_path):
    write_pages(tmp_path, {"x.md": "generated"})
    (tmp_path / "x.md").write_text("edited")
    report = write_pages(tmp_path, {"x.md": "generated"})
    assert report.written == ("x.md",) and (tmp_path / "x.md").read_text() == "generated"


def test_a_folder_in_the_way_is_a_problem(tmp_path):
    (tmp_path / "x.md").mkdir()
    write_pages(tmp_path, {})  # a manifest exists, but x.md is not in it
    report = write_pages(tmp_path, {"x.md": "page"})
    assert report.written == () and len(report.problems) == 1
    assert (tmp_path / "x.md").is_dir()


@pytest.mark.parametrize("path", ["../outside.md", "/etc/passwd", "a/../../b.md", "a\\b.md", ""])
def test_writing_outside_docs_is_refused(tmp_path, path):
    with pytest.raises(ValueError):
        write_pages(tmp_path / "docs", {path: "x"})
    assert not (tmp_path / "outside.md").exists()


def test_a_manifest_naming_files_outside_docs_never_deletes_them(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    victim = tmp_path / "victim.md"
    victim.write_text("keep me")
    hashed = digest(b"keep me")  # as if briefkit had written it: only the path keeps it safe
    (docs / MANIFEST).write_text(json.dumps({"files": {"../victim.md": hashed, str(victim): hashed}}))
    write_pages(docs, {})
    assert victim.read_text() == "keep me"


@pytest.mark.parametrize("content", ["not json", "[]", '{"files": [1, 2]}', '{"files": "x"}'])
def test_an_unreadable_manifest_counts_as_empty(tmp_path, content):
    (tmp_path / MANIFEST).write_text(content)
    assert read_manifest(tmp_path) == {}
    report = write_pages(tmp_path, {"a.md": "a"})
    assert report.written == ("a.md",)


def test_no_temporary_files_are_left_behind(tmp_path):
    write_pages(tmp_path, {"a.md": "a", "b/c.md": "c"})
    write_pages(tmp_path, {"a.md": "A", "b/c.md": "C"})
    names = sorted(p.name for p in tmp_path.rglob("*"))
    assert names == sorted([MANIFEST, "a.md", "b", "c.md"])


def test_page_writer_one_page_at_a_time_does_what_write_pages_does(tmp_path):
    streamed, whole = tmp_path / "streamed", tmp_path / "whole"
    for docs in (streamed, whole):
        write_pages(docs, {"index.md": "home", "entities/gone.md": "old", "b/x.md": "x"})
    writer = PageWriter(streamed)
    for path, content in [("index.md", "HOME"), ("b/x.md", "x"), ("data.bin", b"\x00")]:  # not sorted
        writer.write(path, content)
    assert "b/x.md" in writer and "entities/gone.md" not in writer
    report = writer.finish()
    expected = write_pages(whole, {"index.md": "HOME", "b/x.md": "x", "data.bin": b"\x00"})
    assert report == expected
    assert report.written == ("data.bin", "index.md") and report.removed == ("entities/gone.md",)
    assert writer.paths == ["index.md", "b/x.md", "data.bin"]
    assert mtimes(streamed).keys() == mtimes(whole).keys()
    assert (streamed / MANIFEST).read_bytes() == (whole / MANIFEST).read_bytes()


def test_page_writer_refuses_a_page_generated_twice(tmp_path):
    writer = PageWriter(tmp_path)
    writer.write("a.md", "one")
    with pytest.raises(ValueError, match="generated twice"):
        writer.write("a.md", "two")
    assert (tmp_path / "a.md").read_text() == "one"
