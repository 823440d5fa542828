"""engine_build/server.py: the engine's server builds an announced page at once and alone, sees an author's
edit in docs/ through its watcher, builds a write it was told of once (not again when its watcher sees it),
and leaves a new page to a keeping build. The watcher's pace and the announcement protocol, in small."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from briefkit.engine_build import server
from helpers.engine_site import copy_fixture, edit
from helpers.web import free_port


def test_changes_are_taken_once():
    changes = server.Changes()
    changes.add(["a", "b"])
    changes.add(["b"])
    assert changes.take() == {"a", "b"}
    assert changes.take() == set()


def test_announcements_are_read_in_batches_ended_by_an_empty_line():
    class Server:
        def __init__(self):
            self.batches = []

        def announce(self, paths):
            self.batches.append(list(paths))

    serving = Server()
    server.read_announcements(io.StringIO("/d/a.md\n/d/b.md\n\n/d/c.md\n\n\n/d/unended.md\n"), lambda: serving)
    assert serving.batches == [["/d/a.md", "/d/b.md"], ["/d/c.md"]]
    # before the server exists, a batch waits for the next one
    later = Server()
    exists = iter([None, later])
    server.read_announcements(io.StringIO("/d/a.md\n\n/d/b.md\n\n"), lambda: next(exists))
    assert later.batches == [["/d/a.md", "/d/b.md"]]


def test_the_watcher_waits_longer_between_looks_that_take_long(tmp_path, monkeypatch):
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import polling

    observer = server.paced_polling_observer(0.05)
    observer.schedule(FileSystemEventHandler(), str(tmp_path), recursive=True)
    emitter = next(iter(observer.emitters))
    emitter._take_snapshot()
    assert emitter.timeout == 0.05  # a quick look: MkDocs' pace
    real = polling.DirectorySnapshot

    def slow(*args, **kwargs):  # 0.1 s of this thread's CPU (a look at a large docs/)
        until = time.thread_time() + 0.1
        while time.thread_time() < until:
            pass
        return real(*args, **kwargs)

    monkeypatch.setattr(polling, "DirectorySnapshot", slow)
    emitter._take_snapshot()
    assert emitter.timeout >= 0.1 / server.POLL_SHARE  # at most a quarter of the time spent looking
    # time passing while another thread has the CPU is not the look's own cost
    monkeypatch.setattr(polling, "DirectorySnapshot", lambda *a, **k: (time.sleep(0.2), real(*a, **k))[1])
    emitter._take_snapshot()
    assert emitter.timeout == 0.05


class Serving:
    """`python -m briefkit.engine_build serve --announced` on the fixture, its log gathered."""

    def __init__(self, project: Path):
        self.port = free_port()
        self.project = project
        self.process = subprocess.Popen(
            [sys.executable, "-m", "briefkit.engine_build", "serve", "--announced", "-a", f"127.0.0.1:{self.port}"],
            cwd=project, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        self.lines: list[str] = []
        threading.Thread(target=self._gather, daemon=True).start()
        self.wait_for(lambda: any("Serving on" in line for line in self.lines), "the server to start")

    def _gather(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, condition, what: str, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise AssertionError(f"waited for {what}; the server's log:\n" + "\n".join(self.lines))
            time.sleep(0.05)

    def page(self, address: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{address}", timeout=10) as response:
            return response.read().decode("utf-8")

    def announce(self, *paths: Path) -> None:
        self.process.stdin.write("".join(f"{path}\n" for path in paths) + "\n")
        self.process.stdin.flush()

    def summaries(self) -> list[str]:
        return [line.split("briefkit: ", 1)[1] for line in self.lines if "briefkit: " in line]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


@pytest.fixture
def serving(tmp_path, monkeypatch):
    running = Serving(copy_fixture(tmp_path, monkeypatch))
    yield running
    running.stop()


def test_an_announced_page_is_built_alone_at_once_and_not_again_when_the_watcher_sees_it(serving):
    third = serving.project / "docs/notes/third.md"
    edit(third, "Nothing links here", "Announced edit")
    serving.announce(third)
    serving.wait_for(lambda: "Announced edit" in serving.page("notes/third/"), "the announced edit")
    assert serving.summaries()[-1].startswith("1 edited page built, 4 kept")
    time.sleep(1.5)  # the watcher (every 0.5 s) has seen the write by now
    assert len(serving.summaries()) == 2, serving.lines  # the first build and the announced one only
    assert serving.lines.count("INFO    -  Reloading browsers") <= 1


def test_a_file_that_stays_out_of_the_site_starts_no_rebuild(serving):
    builds = len(serving.summaries())
    (serving.project / "docs/.briefkit-manifest.json").write_text("{}", encoding="utf-8")
    (serving.project / "docs/notes/.third.md.swp").write_text("x", encoding="utf-8")
    time.sleep(1.5)  # the watcher (every 0.5 s) has seen both by now
    assert len(serving.summaries()) == builds, serving.lines


def test_an_edit_the_watcher_sees_is_built_alone_and_a_new_page_by_a_keeping_build(serving):
    second = serving.project / "docs/notes/second.md"
    edit(second, "Some text.", "Edited by hand.")
    serving.wait_for(lambda: "Edited by hand." in serving.page("notes/second/"), "the edit seen by the watcher")
    assert serving.summaries()[-1].startswith("1 edited page built, 4 kept")
    (serving.project / "docs/notes/fourth.md").write_text("# Fourth note\n\nNew.\n", encoding="utf-8")
    serving.wait_for(lambda: "4 pages built, 2 kept from the last build" in serving.summaries()[-1],
                     "a keeping build of the new page and of the page whose link now resolves")
    assert "New." in serving.page("notes/fourth/")
