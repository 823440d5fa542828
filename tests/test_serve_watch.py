"""serve/watch.py: the preview's watcher of briefings/, in a process of its own: what a look sees, and the
batches of changed paths the preview reads from it."""

from __future__ import annotations

import time
from pathlib import Path

from briefkit.serve.watch import Watcher, changed_paths, snapshot

SEED = "briefings/2024-01-29-iran-fm-visits-pakistan.md"


def test_snapshot_sees_every_change_to_sources_and_ignores_hidden_files(project: Path):
    before = snapshot(project / "briefings")
    assert str(project / SEED) in before
    assert any(path.endswith("people.yml") for path in before)
    (project / "briefings" / ".swap.md").write_text("x", encoding="utf-8")
    assert snapshot(project / "briefings") == before
    (project / SEED).write_text((project / SEED).read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    assert snapshot(project / "briefings") != before


def test_snapshot_sees_files_beside_briefings_but_not_editor_backups(project: Path):
    (project / "briefings" / "media").mkdir()
    (project / "briefings" / "media" / "map.png~").write_bytes(b"backup")
    before = snapshot(project / "briefings")
    assert not any(path.endswith("map.png~") for path in before)
    (project / "briefings" / "media" / "map.png").write_bytes(b"png")  # an image a body uses
    assert str(project / "briefings" / "media" / "map.png") in snapshot(project / "briefings")


def test_snapshot_sees_a_watched_file_outside_the_folder_once_it_exists(tmp_path: Path):
    intro = tmp_path / "home-intro.md"
    (tmp_path / "briefings").mkdir()
    assert snapshot(tmp_path / "briefings", [intro]) == {}
    intro.write_text("Hello.\n", encoding="utf-8")
    assert list(snapshot(tmp_path / "briefings", [intro])) == [str(intro)]


def test_changed_paths():
    before = {"a": (1, 2), "b": (1, 2), "c": (1, 2)}
    after = {"a": (1, 2), "b": (3, 2), "d": (1, 1)}
    assert changed_paths(before, after) == {"b", "c", "d"}


def _next_batch(watcher: Watcher, seconds: float = 10) -> set[str]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        batch = watcher.next(0.1)
        assert batch is not None, "the watcher stopped"
        if batch:
            return batch
    raise AssertionError("no change reported")


def test_the_watcher_process_reports_each_change_as_a_batch_of_paths(tmp_path: Path):
    folder, intro = tmp_path / "briefings", tmp_path / "home-intro.md"
    folder.mkdir()
    (folder / "a.md").write_text("a\n", encoding="utf-8")
    watcher = Watcher(folder, [intro], every=0.05)
    try:
        assert watcher.wait_ready(30)
        assert watcher.next(0.3) == set()  # nothing changed since its first look
        (folder / "a.md").write_text("edited\n", encoding="utf-8")
        (folder / "b.md").write_text("new\n", encoding="utf-8")
        reported = _next_batch(watcher)
        while len(reported) < 2:  # the two writes may fall into two looks
            reported |= _next_batch(watcher)
        assert reported == {str(folder / "a.md"), str(folder / "b.md")}
        intro.write_text("An intro.\n", encoding="utf-8")
        assert _next_batch(watcher) == {str(intro)}
        (folder / "b.md").unlink()
        assert _next_batch(watcher) == {str(folder / "b.md")}
    finally:
        watcher.stop()
    assert watcher.next(5) is None  # stopped: the preview is told


def test_the_watcher_stops_when_the_process_that_started_it_is_gone(tmp_path: Path):
    import subprocess
    import sys

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    watcher = subprocess.Popen([sys.executable, "-m", "briefkit.serve.watch", str(tmp_path), "--every", "0.05",
                                "--parent", str(gone.pid)], stdout=subprocess.DEVNULL)
    assert watcher.wait(20) == 0
