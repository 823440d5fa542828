"""The live preview's first pass (preview.py) and the writes it relies on (write.update_pages,
PageWriter's deferred and cancelled writes), without a server: serve's own test runs it for real."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from briefkit.convert import convert
from briefkit.project import find_project
from briefkit.serve.preview import LastConversion, quick_pages
from briefkit.serve.stand_in import error_pages
from briefkit.write import MANIFEST, PageWriter, WriteCancelled, update_pages

LABOURERS = "briefings/2024-01-29-pakistani-labourers-killed.md"
PAGE = "briefings/2024-01-29-pakistani-labourers-killed/index.md"  # its page under docs/
OLD_TITLE = "Nine Pakistani labourers killed by gunmen in Sistan-Baluchestan"
NEW_TITLE = "Nine Pakistani workers killed by gunmen in Sistan-Baluchestan"


def converted(project: Path) -> LastConversion:
    p = find_project(project)
    last = LastConversion.of(p, False, convert(p, use_cache=False))
    assert last is not None
    return last


def edit(project: Path, old: str, new: str, name: str = LABOURERS) -> str:
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return str(path)


def test_a_title_edit_gives_the_page_a_full_conversion_then_writes(project: Path):
    last = converted(project)
    changed = edit(project, OLD_TITLE, NEW_TITLE)
    pages = quick_pages(last, [changed], error_pages)
    assert list(pages) == [PAGE]
    # the edit changes nothing the briefing's page shows from other briefings: the first pass is exact
    convert(find_project(project), use_cache=False)
    assert pages[PAGE] == (project / "docs" / PAGE).read_text(encoding="utf-8")
    assert NEW_TITLE in pages[PAGE]


@pytest.mark.parametrize("change", ["new file", "entity file", "renamed", "removed", "not a briefing"])
def test_changes_other_than_edits_to_known_briefings_need_the_full_conversion(project: Path, change: str):
    last = converted(project)
    briefings = project / "briefings"
    source = briefings / Path(LABOURERS).name
    if change == "new file":
        target = briefings / "2024-02-01-new.md"
        target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    elif change == "entity file":
        target = sorted((briefings / "entities").glob("*.yml"))[0]
        target.write_text(target.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "renamed":
        target = briefings / "2024-01-29-renamed.md"
        source.rename(target)
    elif change == "removed":
        source.unlink()
        target = source
    else:
        target = briefings / "README.md"
        target.write_text("# Notes\n", encoding="utf-8")
    assert quick_pages(last, [str(target)], error_pages) is None


def test_a_broken_edit_shows_its_errors_at_the_briefing_address(project: Path):
    last = converted(project)
    changed = edit(project, "date: 2024-01-29\n", "date: 2024-01-32\n")
    pages = quick_pages(last, [changed], error_pages)
    assert list(pages) == [PAGE]
    assert "this briefing has errors" in pages[PAGE]
    assert "is not a real calendar date" in pages[PAGE]


def test_update_pages_writes_generated_pages_only_and_keeps_the_manifest_true(project: Path):
    last = converted(project)
    docs = project / "docs"
    about = (docs / "about.md").read_bytes()  # hand-written
    written = update_pages(docs, {PAGE: "new text\n", "about.md": "not mine\n", "../escape.md": "x"})
    assert written == [PAGE]
    assert (docs / PAGE).read_text(encoding="utf-8") == "new text\n"
    assert (docs / "about.md").read_bytes() == about
    assert not (project / "escape.md").exists()
    manifest = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert manifest[PAGE] == hashlib.sha256(b"new text\n").hexdigest()
    # the full conversion that follows puts the real page back
    convert(last.project, use_cache=False)
    assert OLD_TITLE in (docs / PAGE).read_text(encoding="utf-8")


def test_update_pages_leaves_a_page_edited_by_hand(project: Path):
    converted(project)
    docs = project / "docs"
    (docs / PAGE).write_text("edited by hand\n", encoding="utf-8")
    assert update_pages(docs, {PAGE: "new text\n"}) == []
    assert (docs / PAGE).read_text(encoding="utf-8") == "edited by hand\n"


def test_a_deferred_writer_writes_nothing_until_finish_and_nothing_when_cancelled(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    writer = PageWriter(docs, defer=True)
    writer.write("a.md", "A\n")
    assert not (docs / "a.md").exists()
    entered = []

    class Hold:
        def __enter__(self):
            entered.append(sorted(p.name for p in docs.iterdir()))

        def __exit__(self, *exc):
            return False

    report = writer.finish(Hold)
    assert entered == [[]] and report.written == ("a.md",)
    assert (docs / "a.md").read_text() == "A\n"

    stop = []
    writer = PageWriter(docs, defer=True, cancelled=lambda: bool(stop))
    writer.write("b.md", "B\n")
    stop.append(True)
    with pytest.raises(WriteCancelled):
        writer.write("c.md", "C\n")
    with pytest.raises(WriteCancelled):
        writer.finish()
    assert not (docs / "b.md").exists() and not (docs / "c.md").exists()
