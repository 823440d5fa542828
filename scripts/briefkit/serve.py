"""`briefkit serve`: live preview. Convert, run `mkdocs serve`, reconvert whenever briefings/ changes.

MkDocs already watches docs/ and reloads the browser when a page there changes; what it
cannot see are the sources under briefings/. So this loop watches those (polling their
sizes and modification times: no dependency, the same on every platform and file
system) and reconverts; write.py rewrites only the pages whose content changed, and
`--dirty` makes MkDocs rebuild only those. An edit to a briefing is shown in two passes
(preview.py): its own page first, rendered against the last conversion, then everything
else the edit changes. A briefing with errors is reported in the terminal, and its page
shows the list of errors until it is fixed; the server keeps running.
"""

from __future__ import annotations

import contextlib
import errno
import html
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path, PurePosixPath
from typing import Callable, ContextManager

from briefkit import engines
from briefkit.convert import Gathered, convert
from briefkit.pagefind_index import IndexReport, LiveIndex
from briefkit.preview import LastConversion, changed_paths, quick_pages
from briefkit.problems import ERROR, FINDING, BriefkitError, error, format_problems, plural
from briefkit.project import Project
from briefkit.search import search_mode
from briefkit.urls import briefing_path
from briefkit.validate import RESERVED_SLUGS, SLUG
from briefkit.write import WriteCancelled, update_pages

POLL_SECONDS = 0.15  # at least; a large archive is polled less often (see serve)
POLL_SHARE = 0.25    # most of one core's time the watcher may spend looking at files
# Every file in briefings/ is a source: briefings, the registry, and the images and PDFs bodies use
# (published beside their pages). Only editors' backups are not.
UNWATCHED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".bak")
# MkDocs warns of inaccurate navigation on every --dirty build: briefkit writes every page an edit
# changes, so the warning is not true of a preview, and it buried the author's own problems.
QUIET_LINES = ("A 'dirty' build is being performed",)
STOP_SECONDS = 10
IDLE_WAIT_SECONDS = 60  # longest wait for a running mkdocs build before writing anyway
FIRST_PASS_WAIT_SECONDS = 10  # longest wait for mkdocs to build the first pass's page before converting the rest


def parse_address(address: str) -> tuple[str, int]:
    """'HOST:PORT' -> (host, port); BriefkitError naming what is wrong."""
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise BriefkitError([error("-a", 1, 1, f'"{address}" is not an address of the form HOST:PORT, '
                                   "e.g. 127.0.0.1:8000")])
    return host, int(port)


def check_free(host: str, port: int, address: str) -> None:
    """BriefkitError unless mkdocs will be able to listen at host:port (it would fail after a whole build)."""
    try:
        family, kind, proto, _, where = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as mkdocs' server does
            probe.bind(where)
    except OSError as exc:
        hint = (" (another preview running? choose another port with -a HOST:PORT)"
                if exc.errno == errno.EADDRINUSE else "")
        raise BriefkitError([error("-a", 1, 1, f"cannot serve at {address}: {exc.strerror or exc}{hint}")]) from None


def snapshot(project: Project) -> dict[str, tuple[int, int]]:
    """(modification time, size) of every source file conversion reads."""
    found: dict[str, tuple[int, int]] = {}
    folders = [project.briefings_dir]
    while folders:
        try:
            entries = list(os.scandir(folders.pop()))
        except OSError:  # a folder removed while we look: the next scan sees the new state
            continue
        for entry in entries:
            if entry.name.startswith("."):  # editors' swap and lock files
                continue
            try:
                if entry.is_dir():
                    folders.append(Path(entry.path))
                elif not entry.name.endswith(UNWATCHED_SUFFIXES):
                    stat = entry.stat()
                    found[entry.path] = (stat.st_mtime_ns, stat.st_size)
            except OSError:
                continue
    intro = project.output_dir / "home-intro.md"
    if intro.is_file():
        stat = intro.stat()
        found[str(intro)] = (stat.st_mtime_ns, stat.st_size)
    return found


def error_pages(gathered: Gathered) -> dict[str, str]:
    """For each briefing left out because of errors, a page in its place that lists them
    (and for each draft left out, a page that says so).

    Without it the browser would go on showing the last good version (MkDocs' --dirty
    build never deletes a page), and the author would not see that the edit failed.
    """
    pages = {}
    for shown in gathered.skipped:
        lines = "\n".join(html.escape(p.format()) for p in sorted(set(gathered.problems))
                          if p.path == shown and p.severity == ERROR)
        _stand_in(pages, shown, "this briefing has errors",
                  "is left out of the site until they are fixed; this page shows the briefing again as soon "
                  "as it is saved without errors.", f'<pre class="briefkit-errors"><code>{lines}\n</code></pre>')
    for shown in gathered.drafts:
        _stand_in(pages, shown, "a draft", "has <code>status: draft</code>: run <code>briefkit serve --drafts</code> "
                  "to preview drafts, or set <code>status: published</code>.", "")
    return pages


def _stand_in(pages: dict[str, str], shown: str, what: str, why: str, details: str) -> None:
    slug = PurePosixPath(shown).stem
    if not SLUG.match(slug) or slug in RESERVED_SLUGS:  # no page address to put it at
        return
    pages[briefing_path(slug)] = (
        f"---\ntitle: {json.dumps(slug + ': ' + what)}\nsearch:\n  exclude: true\n---\n\n"
        f"# {slug}: {what}\n\n<code>{html.escape(shown)}</code> {why}\n\n{details}\n")


def _internal_error(exc: Exception) -> None:
    # a bug in briefkit: say so, and keep the preview up for the next edit
    print(f"briefkit serve: internal error: {type(exc).__name__}: {exc} (this is a bug in briefkit; "
          "the preview keeps running)", file=sys.stderr, flush=True)


def report_problems(problems, changed: set[str] | None) -> None:
    """Print the problems of the files that changed (all when changed is None), root causes always,
    and one line counting the rest: an author who saves one file wants its problems, not every file's."""
    if changed is None:
        shown, rest = list(problems), []
    else:
        shown = [p for p in problems if p.path in changed or p.tier < FINDING]
        rest = [p for p in problems if not (p.path in changed or p.tier < FINDING)]
    if shown:
        print(format_problems(shown), file=sys.stderr, flush=True)
    if rest:
        errors = sum(1 for p in rest if p.severity == ERROR)
        print(f"briefkit serve: and {plural(len(rest), 'problem')} ({plural(errors, 'error')}) in "
              f"{plural(len({p.path for p in rest}), 'other file')}; `briefkit check` lists them",
              file=sys.stderr, flush=True)


def reconvert(project: Project, drafts: bool, while_writing: Callable[[], ContextManager] | None = None,
              cancelled: Callable[[], bool] = lambda: False, changed: set[str] | None = None
              ) -> LastConversion | None:
    """Convert once and report in the terminal; problems never stop the preview.

    changed: the files (as shown in messages) whose problems are printed in full; None for all.
    Returns what the conversion built, for the first pass of the next edit (None if it failed
    or was cancelled: a newer edit overtook it, and the next conversion will do its work).
    """
    started = time.perf_counter()
    try:
        result = convert(project, drafts=drafts, extra_pages=error_pages, while_writing=while_writing,
                         cancelled=cancelled)
    except WriteCancelled:
        return None
    except BriefkitError as exc:
        print(format_problems(exc.problems), file=sys.stderr, flush=True)
        return None
    except Exception as exc:
        _internal_error(exc)
        return None
    report_problems(result.problems, changed)
    report, gathered = result.report, result.gathered
    skipped = f", left out {len(gathered.skipped)} with errors" if gathered.skipped else ""
    print(f"briefkit serve: {len(gathered.linked)} briefings{skipped}; wrote {len(report.written)} files, "
          f"removed {len(report.removed)} in {time.perf_counter() - started:.2f} s", file=sys.stderr, flush=True)
    return LastConversion.of(project, drafts, result)


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
            elif any(mark in line for mark in ("Reloading browsers", "Serving on", "error happened during the rebuild")):
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


class Conversions:
    """Full conversions, one at a time, in a thread of their own.

    The watcher goes on while one runs, so that the next edit's first pass is shown at once;
    the conversion it overtook is cancelled before it writes anything (its pages would be
    older than the edit), and a new one starts. docs/ is written by one pass at a time.
    """

    def __init__(self, project: Project, drafts: bool, process: subprocess.Popen, output: MkDocsOutput,
                 last: LastConversion | None):
        self.project, self.drafts, self.process, self.output = project, drafts, process, output
        self.last = last  # what the last conversion that finished built
        self.lock = threading.Lock()  # held by whichever pass writes docs/
        self._generation = 0  # counts requests and cancellations: a conversion runs for one generation
        self._wanted = threading.Event()
        self._changed: set[str] = set()  # files edited since the last conversion that finished
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        """Cancel the conversion running now, if any (before it writes)."""
        self._generation += 1

    def request(self, changed: set[str] = frozenset()) -> None:
        """Convert again (after the running conversion, which this cancels); changed: the files edited."""
        self._changed |= {self.project.shown(Path(path)) for path in changed}
        self._generation += 1
        self._wanted.set()

    def _run(self) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            generation = self._generation

            def cancelled() -> bool:
                return self._generation != generation

            @contextlib.contextmanager
            def while_writing():
                # the writer asks cancelled() again once in here: a newer edit's first pass may have gone first
                with self.lock:
                    self.output.wait_idle()  # a page written while mkdocs builds can be skipped by it
                    with held_still(self.process):  # stopped only while writing: else it serves nothing
                        yield

            changed = set(self._changed)
            try:
                last = reconvert(self.project, self.drafts, while_writing, cancelled, changed)
            except KeyboardInterrupt:  # Ctrl-C reached the workers too: the main thread is stopping the preview
                return
            if last is not None:
                self.last = last
                self._changed -= changed

    def show_first(self, changed: set[str]) -> None:
        """The first pass of an edit: the edited briefings' own pages, then wait for mkdocs to build them."""
        last = self.last
        if last is None:
            return
        started = time.perf_counter()
        try:
            pages = quick_pages(last, changed, error_pages)
            if not pages:
                return
            with self.lock:
                self.output.wait_idle()
                builds = self.output.builds
                place = last.project.urls.docs_path  # under extra.briefkit.root
                written = update_pages(last.project.docs_dir, {place(p): c for p, c in pages.items()})
        except Exception as exc:
            _internal_error(exc)
            return
        if written:
            print(f"briefkit serve: showing {', '.join(written)} (first pass, {time.perf_counter() - started:.2f} s)",
                  file=sys.stderr, flush=True)
            # let mkdocs build this page before a full conversion competes with it for the CPU
            self.output.wait_built(builds, FIRST_PASS_WAIT_SECONDS)


def _stop(process: subprocess.Popen) -> int:
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


def _report_index(report: IndexReport) -> None:
    """Pagefind's run over the preview: quiet when it worked, its problem when not."""
    if report.problems:
        print(format_problems(report.problems), file=sys.stderr)


def _interrupt(signum, frame):
    raise KeyboardInterrupt  # a plain `kill` stops mkdocs too, as Ctrl-C does


def serve(project: Project, address: str = "127.0.0.1:8000", drafts: bool = False,
          poll_seconds: float = POLL_SECONDS, engine: engines.Engine | None = None) -> int:
    """Run the live preview until Ctrl-C (exit 0) or until mkdocs stops by itself (its exit status)."""
    check_free(*parse_address(address), address)
    # SIGINT too: started in the background by a script, a process inherits SIGINT ignored, and
    # `kill -INT` (what a supervisor or an IDE sends to stop it) would do nothing
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    first = reconvert(project, drafts)
    seen = snapshot(project)
    engine = engine or engines.ENGINES[engines.DEFAULT_ENGINE]
    command = engines.command(engine, "serve", dev_addr=address, dirty=True, config_file=project.config_to_name)
    # mkdocs serve builds into a temporary folder of its own: given one of ours, Pagefind finds it
    temporary = Path(tempfile.mkdtemp(prefix="briefkit-serve-"))
    process = subprocess.Popen(command, cwd=project.root, env={**engines.environment(), "TMPDIR": str(temporary)},
                               preexec_fn=_default_interrupt, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, encoding="utf-8", errors="replace")
    on_built = LiveIndex(temporary, _report_index).request if search_mode(project.search_index) == "pagefind" \
        else (lambda: None)
    output = MkDocsOutput(process.stdout, on_built, logs_builds=engine.logs_builds)
    conversions = Conversions(project, drafts, process, output, first)
    pause = poll_seconds
    try:
        while process.poll() is None:
            time.sleep(pause)
            looked = time.perf_counter()
            now = snapshot(project)  # taken before converting: an edit made meanwhile is seen next time
            # 10,000 briefings take ~0.1 s to look at: poll them less often than a small project
            pause = max(poll_seconds, (time.perf_counter() - looked) / POLL_SHARE)
            if now != seen:
                changed, seen = changed_paths(seen, now), now
                conversions.cancel()
                conversions.show_first(changed)
                conversions.request(changed)
        print(f"briefkit serve: mkdocs serve stopped (exit status {process.returncode})", file=sys.stderr)
        return process.returncode or 1
    except KeyboardInterrupt:
        _stop(process)
        print("briefkit serve: stopped", file=sys.stderr)
        return 0
    finally:
        _stop(process)
        shutil.rmtree(temporary, ignore_errors=True)
