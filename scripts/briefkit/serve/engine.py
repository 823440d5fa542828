"""The engine's own server (`mkdocs serve --dirty`, or another engine's) as a child process: started,
its log relayed to the terminal, held still while docs/ is rewritten, and stopped.

MkDocs already watches docs/ and reloads the browser when a page there changes; briefkit
writes the pages (loop.py) and this module keeps the engine from reading them half-written.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from briefkit import engines
from briefkit.project import Project

# MkDocs warns of inaccurate navigation on every --dirty build: briefkit writes every page an edit
# changes, so the warning is not true of a preview, and it buried the author's own problems.
QUIET_LINES = ("A 'dirty' build is being performed",)
STOP_SECONDS = 10
IDLE_WAIT_SECONDS = 60  # longest wait for a running mkdocs build before writing anyway
BUILT_MARKS = ("Reloading browsers", "Serving on", "error happened during the rebuild")  # a build has ended


def start(project: Project, engine: engines.Engine, address: str, temporary: Path) -> subprocess.Popen:
    """The engine serving the project at address; it builds into temporary (a folder of briefkit's,
    where Pagefind finds the built pages).

    In a session of its own: the terminal's Ctrl-C reaches briefkit alone, which stops the live
    index first and the engine then (stopped together, mkdocs removed its temporary site while
    Pagefind still wrote into it: "OSError: Directory not empty" and a traceback)."""
    command = engines.command(engine, "serve", dev_addr=address, dirty=True, config_file=project.config_to_name,
                              announced=engine.keeps_pages)
    return subprocess.Popen(command, cwd=project.root, env={**engines.environment(), "TMPDIR": str(temporary)},
                            preexec_fn=_default_interrupt, start_new_session=True, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, stdin=subprocess.PIPE if engine.keeps_pages else None,
                            text=True, encoding="utf-8", errors="replace")


def announce(process: subprocess.Popen, docs_dir: Path, paths: Iterable[str]) -> None:
    """Tell the engine's server which files of docs_dir were just written or removed (engine_build's server,
    started with --announced, reads them on its standard input and builds them at once, not at its watcher's
    next look). Nothing for an engine started without."""
    lines = "".join(f"{os.path.abspath(docs_dir / path)}\n" for path in paths)
    if process.stdin is None or not lines:
        return
    try:
        process.stdin.write(lines + "\n")
        process.stdin.flush()
    except (OSError, ValueError):  # the engine has stopped: the loop reports its exit
        pass


class MkDocsOutput:
    """Relays `mkdocs serve`'s log to the terminal, and tells whether a build is running.

    A page written into docs/ while MkDocs builds with --dirty can be built without having
    been read (MkDocs checks modification times twice), and Material's search plugin then
    fails on it; so conversion waits until MkDocs is idle before writing.
    """

    def __init__(self, stream, on_built: Callable[[], None] = lambda: None, logs_builds: bool = True):
        self.idle = threading.Event()  # clear: mkdocs is building (it starts with a build)
        self._on_built = on_built
        self.logs_builds = logs_builds
        if not logs_builds:  # an engine whose log says nothing of its builds (Zensical): never waited for
            self.idle.set()
        self.builds = 0  # builds finished (or failed) so far
        self._built = threading.Condition()
        self._thread = threading.Thread(target=self._relay, args=(stream,), daemon=True)
        self._thread.start()

    def _relay(self, stream) -> None:
        for line in stream:
            if not any(quiet in line for quiet in QUIET_LINES):
                sys.stderr.write(line)
                sys.stderr.flush()
            if "Building documentation" in line:
                self.idle.clear()
            # not "Documentation built in N seconds": mkdocs never logs a message twice, and two
            # builds can take the same time; it logs "Reloading browsers" after every build
            elif any(mark in line for mark in BUILT_MARKS):
                self._finished()
                self._on_built()
        self._finished()  # mkdocs has stopped

    def _finished(self) -> None:
        with self._built:
            self.builds += 1
            self.idle.set()
            self._built.notify_all()

    def wait_idle(self, seconds: float = IDLE_WAIT_SECONDS) -> None:
        self.idle.wait(seconds)

    def wait_built(self, builds: int, seconds: float) -> None:
        """Wait until a build finishes after the first `builds` ones (or seconds pass)."""
        if not self.logs_builds:
            return
        with self._built:
            self._built.wait_for(lambda: self.builds > builds or not self._thread.is_alive(), seconds)


@contextlib.contextmanager
def held_still(process: subprocess.Popen):
    """Keep mkdocs from starting a build while docs/ is being rewritten.

    MkDocs starts a build once no file event came for a quarter of a second; on a busy
    machine a conversion can stall that long between two pages. Stopped, mkdocs keeps
    the file events queued and builds once, after the last page is written.
    """
    pausable = hasattr(signal, "SIGSTOP") and process.poll() is None
    if pausable:
        process.send_signal(signal.SIGSTOP)
    try:
        yield
    finally:
        if pausable:
            process.send_signal(signal.SIGCONT)


def stop(process: subprocess.Popen) -> int:
    """Stop the engine as Ctrl-C would (killed if it has not stopped in STOP_SECONDS); its exit status."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)  # what Ctrl-C would send: mkdocs shuts down cleanly
        try:
            process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


def _default_interrupt() -> None:
    # a shell starts background jobs with SIGINT ignored, and the child would inherit that: mkdocs
    # must see our SIGINT (or the terminal's Ctrl-C) to shut down and remove its temporary site
    signal.signal(signal.SIGINT, signal.SIG_DFL)
