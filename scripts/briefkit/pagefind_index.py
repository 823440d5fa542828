"""Pagefind's index over the built site: run after the engine's build, into site/pagefind/.

Pagefind (MIT) ships as a static binary in a wheel (`pagefind[bin]`): no network at build
or view time. Only what overrides/main.html marks with data-pagefind-body is indexed (the
content of pages that are not excluded from search); the lists that repeat other pages are
left out here by their classes, because Material strips `data-search-exclude` from the
HTML it writes.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefkit.problems import Problem, error

OUTPUT = "pagefind"
# lists of other pages (templates/*.j2): a briefing must rank above a page that only lists it; and
# words on every page of a kind ("Fact box", "Follow: Atom feed"), which only crowd the excerpts
LISTS = (".related", ".backlinks", ".timeline", ".cooccurring", ".entity-index", ".briefing-cards", ".ways-in",
         ".factbox__title", ".feeds", ".md-source-file", ".headerlink")


@dataclass(frozen=True)
class IndexReport:
    """What one Pagefind run did: pages indexed, seconds taken, and its problems (none when it worked)."""
    pages: int
    seconds: float
    problems: tuple[Problem, ...] = ()


def pagefind_command(site_dir: Path) -> list[str]:
    return [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", OUTPUT,
            "--exclude-selectors", ", ".join(LISTS)]


def index_site(site_dir: Path, shown: str = "site", background: bool = False,
               running: Callable[[subprocess.Popen | None], None] = lambda process: None) -> IndexReport:
    """Index the built site with Pagefind; a failure is a problem naming the site folder, not an exception.

    background: at a lower CPU priority (the live preview's, whose conversion and rebuild come first).
    running is told the Pagefind process when it starts, and None when it has ended."""
    started = time.perf_counter()
    try:
        process = subprocess.Popen(pagefind_command(site_dir), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, preexec_fn=(lambda: os.nice(10)) if background else None)
    except OSError as exc:
        return IndexReport(0, 0.0, (error(shown, 1, 1, f"Pagefind could not run: {exc}"),))
    running(process)
    try:
        stdout, stderr = process.communicate()
    finally:
        running(None)
    run = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    seconds = time.perf_counter() - started
    if run.returncode != 0:
        reason = (run.stderr or run.stdout).strip().splitlines()[-1:] or ["no output"]
        hint = " (is pagefind[bin] installed? pip install 'pagefind[bin]')" if "No module named" in run.stderr else ""
        return IndexReport(0, seconds, (error(shown, 1, 1, f"Pagefind failed with status {run.returncode}: "
                                                           f"{reason[0]}{hint}"),))
    found = re.search(r"Indexed (\d+) pages?", run.stdout)
    return IndexReport(int(found.group(1)) if found else 0, seconds)


class LiveIndex:
    """Keeps Pagefind's index of the live preview current: `mkdocs serve` builds into a folder of its
    own (mkdocs_* in the temporary folder it is given), and after each of its builds request() asks
    for a run over it, at a lower priority than the preview's own work (an edit shown first). Runs
    happen one at a time in a thread; requests made during a run ask for one more run, not one each
    (a run takes 0.2 s on the sample, about 10 s at 1,000 briefings)."""

    def __init__(self, temporary: Path, report: Callable[[IndexReport], None]):
        self.temporary = temporary
        self._report = report
        self._wanted = threading.Event()
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._closed = False
        self._idle = threading.Event()  # set while no run is under way
        self._idle.set()
        threading.Thread(target=self._run, daemon=True).start()

    def request(self) -> None:
        self._wanted.set()

    def close(self, seconds: float = 10) -> None:
        """No more runs; the one under way is stopped and waited for (the engine may then remove its site)."""
        with self._lock:
            self._closed = True
            process = self._process
        self._wanted.set()  # wakes the thread, which then ends
        if process is not None and process.poll() is None:
            process.terminate()
        self._idle.wait(seconds)

    def _running(self, process: subprocess.Popen | None) -> None:
        with self._lock:
            self._process = process
            closed = self._closed
        if process is not None and closed:
            process.terminate()

    def site(self) -> Path | None:
        """The folder mkdocs serve builds into (it makes one with tempfile.mkdtemp(prefix='mkdocs_'))."""
        try:
            built = sorted(self.temporary.glob("mkdocs_*"), key=lambda p: p.stat().st_mtime)
        except OSError:  # removed meanwhile: the engine is stopping
            return None
        return built[-1] if built else None

    def _run(self) -> None:
        while True:
            self._wanted.wait()
            with self._lock:
                if self._closed:
                    return
                self._idle.clear()
            self._wanted.clear()
            try:
                site = self.site()
                if site is not None:
                    report = index_site(site, "the preview's site", background=True, running=self._running)
                    if not self._closed:  # a run stopped by close() is no failure to report
                        self._report(report)
            finally:
                self._idle.set()
