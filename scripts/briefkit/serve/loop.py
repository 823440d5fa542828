"""`briefkit serve`: live preview. Convert, run `mkdocs serve`, reconvert whenever briefings/ changes.

MkDocs already watches docs/ and reloads the browser when a page there changes; what it
cannot see are the sources under briefings/. So a watcher (watch.py, a process of its own:
polling sizes and modification times, the same on every platform and file system) reports
what changed, and this loop reconverts; write.py rewrites only the pages whose content
changed, and the engine is told which (with MkDocs and ProperDocs, engine_build's server
builds them at once; another engine rebuilds with `--dirty`). An edit to a briefing is shown in two passes
(preview.py): its own page first, rendered against the last conversion, then everything
else the edit changes. A briefing with errors is reported in the terminal, and its page
shows the list of errors until it is fixed; the server keeps running.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from briefkit import engines
from briefkit.convert import HOME_INTRO, convert
from briefkit.pagefind_index import IndexReport, LiveIndex
from briefkit.problems import ERROR, FINDING, BriefkitError, error, format_problems, plural
from briefkit.project import Project
from briefkit.search import search_mode
from briefkit.serve import watch
from briefkit.serve.engine import MkDocsOutput, announce, held_still
from briefkit.serve.engine import start as start_engine
from briefkit.serve.engine import stop as stop_engine
from briefkit.serve.preview import LastConversion, quick_pages
from briefkit.serve.stand_in import error_pages
from briefkit.write import WriteCancelled, update_pages

WAIT_SECONDS = 0.25  # longest wait for the watcher before looking whether the engine still runs
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


def reconvert(project: Project, drafts: bool,
              while_writing: Callable[[], contextlib.AbstractContextManager] | None = None,
              cancelled: Callable[[], bool] = lambda: False, changed: set[str] | None = None,
              written: Callable[[Iterable[str]], None] = lambda paths: None) -> LastConversion | None:
    """Convert once and report in the terminal; problems never stop the preview.

    changed: the files (as shown in messages) whose problems are printed in full; None for all.
    written: called with the paths (in docs/) the conversion wrote and removed.
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
    report = result.report
    written(report.written + report.removed)
    skipped = f", left out {len(result.skipped)} with errors" if result.skipped else ""
    print(f"briefkit serve: {result.briefing_count} briefings{skipped}; wrote {len(report.written)} files, "
          f"removed {len(report.removed)} in {time.perf_counter() - started:.2f} s", file=sys.stderr, flush=True)
    return LastConversion.of(project, drafts, result)


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

    def _announce(self, paths: Iterable[str]) -> None:
        announce(self.process, self.project.docs_dir, paths)

    def cancel(self) -> None:
        """Cancel the conversion running now, if any (before it writes)."""
        self._generation += 1

    def request(self, changed: Iterable[str] = ()) -> None:
        """Convert again (after the running conversion, which this cancels); changed: the files edited."""
        self._changed |= {self.project.shown(Path(path)) for path in changed}
        self._generation += 1
        self._wanted.set()

    def _run(self) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            generation = self._generation

            def cancelled(generation: int = generation) -> bool:
                return self._generation != generation

            @contextlib.contextmanager
            def while_writing():
                # the writer asks cancelled() again once in here: a newer edit's first pass may have gone first
                with self.lock:
                    self.output.wait_idle()  # a page written while mkdocs builds can be skipped by it
                    with held_still(self.process):  # stopped only while writing: else it serves nothing
                        yield

            changed = set(self._changed)
            gc.disable()  # see settle_memory
            try:
                last = reconvert(self.project, self.drafts, while_writing, cancelled, changed, self._announce)
            except KeyboardInterrupt:  # Ctrl-C reached the workers too: the main thread is stopping the preview
                return
            if last is not None:
                self.last = last
                self._changed -= changed
            if not cancelled():  # finished, or failed: collect now (cancelled, the newer edit's conversion will)
                settle_memory()

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
            self._announce(written)
        except Exception as exc:
            _internal_error(exc)
            return
        if written:
            print(f"briefkit serve: showing {', '.join(written)} (first pass, {time.perf_counter() - started:.2f} s)",
                  file=sys.stderr, flush=True)
            # let mkdocs build this page before a full conversion competes with it for the CPU
            self.output.wait_built(builds, FIRST_PASS_WAIT_SECONDS)


def settle_memory() -> None:
    """Collect the garbage of the conversions so far, once, and set what is left (the last conversion, kept for
    the next first pass) out of the cyclic collector's sight.

    The preview's process holds a whole conversion (1.3 million objects at 10,000 briefings). A collection
    walks all of them, holding Python's lock: during a conversion in the other thread, five collections of up
    to 1.7 s each kept the watcher's report and the first pass of the next edit waiting. So the collector is
    off while a conversion runs and works once when one has finished (then the conversion thread, not the
    author's next edit, waits for it); frozen, the conversion kept is not walked again by the collections
    in between."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    gc.enable()


def _report_index(report: IndexReport) -> None:
    """Pagefind's run over the preview: quiet when it worked, its problem when not."""
    if report.problems:
        print(format_problems(report.problems), file=sys.stderr)


def _interrupt(signum, frame):
    raise KeyboardInterrupt  # a plain `kill` stops mkdocs too, as Ctrl-C does


def serve(project: Project, address: str = "127.0.0.1:8000", drafts: bool = False,
          poll_seconds: float = watch.POLL_SECONDS, engine: engines.Engine | None = None) -> int:
    """Run the live preview until Ctrl-C (exit 0) or until mkdocs stops by itself (its exit status)."""
    check_free(*parse_address(address), address)
    # SIGINT too: started in the background by a script, a process inherits SIGINT ignored, and
    # `kill -INT` (what a supervisor or an IDE sends to stop it) would do nothing
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    first = reconvert(project, drafts)
    settle_memory()
    # its first look is taken now: an edit made from here on is seen
    watcher = watch.Watcher(project.briefings_dir, [project.output_dir / HOME_INTRO], poll_seconds)
    watcher.wait_ready()
    engine = engine or engines.ENGINES[engines.DEFAULT_ENGINE]
    # mkdocs serve builds into a temporary folder of its own: given one of ours, Pagefind finds it
    temporary = Path(tempfile.mkdtemp(prefix="briefkit-serve-"))
    process = start_engine(project, engine, address, temporary)
    live = LiveIndex(temporary, _report_index) if search_mode(project.search_index) == "pagefind" else None
    on_built = live.request if live is not None else (lambda: None)
    output = MkDocsOutput(process.stdout, on_built, logs_builds=engine.logs_builds)
    conversions = Conversions(project, drafts, process, output, first)
    try:
        while process.poll() is None:
            changed = watcher.next(WAIT_SECONDS)
            if changed is None:
                watcher.process.wait()
                print(f"briefkit serve: the watcher of {project.shown(project.briefings_dir)} stopped (exit status "
                      f"{watcher.process.returncode}); stopping", file=sys.stderr)
                return 1
            if changed:
                changed |= watcher.pending()  # saved together: one first pass and one conversion for them
                conversions.cancel()
                conversions.show_first(changed)
                conversions.request(changed)
        print(f"briefkit serve: mkdocs serve stopped (exit status {process.returncode})", file=sys.stderr)
        return process.returncode or 1
    except KeyboardInterrupt:
        if live is not None:
            live.close()  # before the engine removes the site Pagefind writes into
        stop_engine(process)
        print("briefkit serve: stopped", file=sys.stderr)
        return 0
    finally:
        watcher.stop()
        if live is not None:
            live.close()
        stop_engine(process)
        shutil.rmtree(temporary, ignore_errors=True)
