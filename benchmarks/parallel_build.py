"""Issue 19: a MkDocs build that renders its pages in forked worker processes, timed and compared.

    .venv/bin/python benchmarks/parallel_build.py PROJECT --workers 2              # one build, its stages timed
    .venv/bin/python benchmarks/parallel_build.py PROJECT --workers 2 --compare    # against `mkdocs build -q`

builds PROJECT/mkdocs.yml with the steps of `mkdocs.commands.build.build` (MkDocs 1.6), except
that the per-page work (`_populate_page`: read and Markdown; `_build_page`: template and write)
runs in --workers processes forked once the files, the navigation and the `nav` events are
done. The navigation's pages are read and converted from Markdown in the parent before the
fork: every page shows their titles. The parent then gathers what it needs after the pages: Material's search
entries (in the order of the documentation files, as one process adds them), each page's
anchors and links to anchors for `validate_anchor_links`, and the log records of the workers,
replayed in page order (reading first, then building, as one process logs them) so that
`--strict` counts them. Only Material's search plugin is known: any other plugin with state
gathered per page would be lost in the workers, so the build refuses to run with one.

With --compare it runs `python -m mkdocs build -q` and this build, alternately, --runs times
each, with the same SOURCE_DATE_EPOCH (dates and the gzip sitemap then agree), and prints the
wall and CPU time of each run (CPU of the process and every process it waited for: the
workers), the load average before it and the CPU the machine's other jobs used during it, the
medians, the parallel build's stages, the speed-up its CPU times give for idle cores, and every
file that differs between the two site folders. --check-logs adds one run of each without -q
and compares their log lines.
"""

from __future__ import annotations

import argparse
import filecmp
import gc
import gzip
import logging
import multiprocessing
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs import utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError
from mkdocs.structure.files import Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.commands.build")  # build's own logger: its DuplicateFilter applies to us too
EPOCH = "1764720000"  # 2025-12-03: any fixed value; both builds of --compare get the same one
# Loggers whose records a worker sends back: 'mkdocs' does not propagate (the CLI's State sets
# that), every other library's records (Markdown's, warnings') reach the root logger.
CAPTURED = ("mkdocs", "")


# Log records --------------------------------------------------------------------------------------

class _Collect(logging.Handler):
    """Keeps records instead of printing them: the parent replays them in the order one process logs them."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[tuple[str, int, logging.LogRecord]] = []
        self.phase, self.index = "", -1

    def emit(self, record: logging.LogRecord) -> None:
        # a record crosses processes pickled: its message formatted now, its traceback as text
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg, record.args, record.exc_info = record.getMessage(), None, None
        self.records.append((self.phase, self.index, record))


@contextmanager
def _collecting() -> Iterator[_Collect]:
    """While in it, records reaching the CLI's handlers (and the strict counter) are kept, not handled."""
    collect = _Collect()
    saved = {}
    for name in CAPTURED:
        logger = logging.getLogger(name)
        saved[name] = logger.handlers[:]
        logger.handlers[:] = [collect]
    try:
        yield collect
    finally:
        for name in CAPTURED:
            logging.getLogger(name).handlers[:] = saved[name]


def _replay(record: logging.LogRecord, filtered: bool) -> None:
    """Hand a kept record to the handlers it would have reached; filtered: its logger's filters ran already."""
    logger = logging.getLogger(record.name)
    if filtered:
        logger.callHandlers(record)
    else:
        logger.handle(record)  # a worker's record: the parent's DuplicateFilter sees every page's, in order


# The build --------------------------------------------------------------------------------------

@dataclass
class PageResult:
    """What the parent needs of a page rendered in a worker: after the pages, nothing else of it is read."""

    index: int
    search_entries: list[dict[str, Any]]
    present_anchor_ids: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None  # by the linked file's src_uri: File objects stay put


@dataclass
class WorkerResult:
    pages: list[PageResult] = field(default_factory=list)
    records: list[tuple[str, int, logging.LogRecord]] = field(default_factory=list)
    error: str | None = None
    cpu: float = 0.0
    wall: float = 0.0


@dataclass
class _Shared:
    """What the workers inherit through fork instead of receiving it pickled."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: Any
    pages: list[Page]
    populated: set[int]
    workers: int
    search_index: Any


_SHARED: _Shared | None = None


def _search_index(config: MkDocsConfig) -> Any:
    """Material's search index, the one plugin state this build knows how to gather; refuses any other plugin."""
    index = None
    for name, plugin in config.plugins.items():
        if name in ("search", "material/search") and type(plugin).__module__ == "material.plugins.search.plugin":
            index = plugin.search_index if plugin.config.enabled else None
        else:
            raise Abort(f"parallel_build knows Material's search plugin only, not '{name}': its state would be lost")
    return index


def _worker(share: int) -> WorkerResult:
    """Read, render and write every --workers-th page from share on; return what the parent needs of them."""
    assert _SHARED is not None
    shared, result = _SHARED, WorkerResult()
    started, cpu = time.perf_counter(), time.process_time()
    mine = range(share, len(shared.pages), shared.workers)
    with _collecting() as collect:
        try:
            collect.phase = "read"
            for index in mine:
                if index not in shared.populated:
                    collect.index = index
                    mkdocs_build._populate_page(shared.pages[index], shared.config, shared.files)
            collect.index = -1
            env = shared.config.plugins.on_env(shared.env, config=shared.config, files=shared.files)
            collect.phase = "write"
            doc_files = shared.files.documentation_pages(inclusion=InclusionLevel.is_included)
            for index in mine:
                collect.index = index
                result.pages.append(_build_one(shared, index, env, doc_files))
        except Exception as error:  # reported by the parent, after the records that explain it
            result.error = f"{type(error).__name__}: {error}"
    result.records = collect.records
    result.cpu, result.wall = time.process_time() - cpu, time.perf_counter() - started
    return result


def _build_one(shared: _Shared, index: int, env: Any, doc_files: Any) -> PageResult:
    page = shared.pages[index]
    entries = shared.search_index.entries if shared.search_index is not None else []
    before = len(entries)
    mkdocs_build._build_page(page, shared.config, doc_files, shared.nav, env,
                             excluded=page.file.inclusion.is_excluded())
    links = None
    if page.links_to_anchors is not None:
        links = {file.src_uri: dict(anchors) for file, anchors in page.links_to_anchors.items()}
    return PageResult(index, entries[before:], page.present_anchor_ids, links)


def build_in_workers(config: MkDocsConfig, workers: int, timings: dict[str, float] | None = None) -> None:
    """`mkdocs.commands.build.build(config)` (a full build, not dirty, not serve) with pages in worker processes.

    timings, when given, receives the wall seconds of each stage and the workers' CPU.
    """
    global _SHARED
    stages = timings if timings is not None else {}
    start = clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        stages[name] = now - clock
        clock = now

    warning_counter = utils.CountHandler()
    warning_counter.setLevel(logging.WARNING)
    if config.strict:
        logging.getLogger("mkdocs").addHandler(warning_counter)
    try:
        config = config.plugins.on_config(config)
        search_index = _search_index(config)
        config.plugins.on_pre_build(config=config)
        log.info("Cleaning site directory")
        lap("config events")
        utils.clean_directory(config.site_dir)
        lap("cleaning the site folder")  # serial in both builds, and mostly waiting on the disk
        log.info(f"Building documentation to directory: {config.site_dir}")
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        for file in doc_files:
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)
        pages = [file.page for file in doc_files]
        assert all(page is not None for page in pages)
        lap("files, nav")

        # The navigation's titles are on every page: read before the fork, every worker has them.
        in_nav = {id(page) for page in nav.pages}
        populated = {index for index, page in enumerate(pages) if id(page) in in_nav}
        with _collecting() as early:
            early.phase = "read"
            for index in sorted(populated):
                early.index = index
                mkdocs_build._populate_page(pages[index], config, files)
        lap("navigation pages read")

        _SHARED = _Shared(config, files, nav, env, pages, populated, workers, search_index)
        # process_time counts from the interpreter's start: imports and config loading are in it
        stages["parent CPU before the fork"] = cpu_at_fork = time.process_time()
        # The workers share the parent's objects copy-on-write; a collection in a worker would write
        # to every object it visits and copy those pages: frozen objects are never visited.
        gc.freeze()
        context = multiprocessing.get_context("fork")
        with context.Pool(workers) as pool:
            pending = pool.map_async(_worker, range(workers), chunksize=1)
            # While the workers render pages, the parent writes what does not depend on them, in
            # the order one process does (a page written after a static file of its name wins:
            # that case is refused below rather than raced).
            with _collecting() as meanwhile:
                env = config.plugins.on_env(env, config=config, files=files)
                _refuse_clashes(files, doc_files)
                files.copy_static_files(dirty=False, inclusion=InclusionLevel.is_included)
                for template in config.theme.static_templates:
                    mkdocs_build._build_theme_template(template, env, files, config, nav)
                for template in config.extra_templates:
                    mkdocs_build._build_extra_template(template, files, config, nav)
            lap("parent: static files and templates")
            stages["parent CPU while the workers run"] = time.process_time() - cpu_at_fork
            results = pending.get()
            cpu_after = time.process_time()
        _SHARED = None
        gc.unfreeze()
        lap("workers (after the parent's part)")
        stages["workers' CPU"] = sum(result.cpu for result in results)
        for number, result in enumerate(results):
            stages[f"worker {number} wall"] = result.wall
            stages[f"worker {number} CPU"] = result.cpu

        _gather(results, early, meanwhile, pages, files, search_index)
        lap("gather")

        log_level = config.validation.links.anchors
        for page in pages:
            page.validate_anchor_links(files=files, log_level=log_level)
        lap("anchor links")
        config.plugins.on_post_build(config=config)
        lap("post_build (search index)")
        stages["parent CPU after the workers"] = time.process_time() - cpu_after

        if counts := warning_counter.get_counts():
            message = ", ".join(f"{count} {level.lower()}s" for level, count in counts)
            raise Abort(f"Aborted with {message} in strict mode!")
        log.info(f"Documentation built in {time.perf_counter() - start:.2f} seconds")
    except Exception as error:
        config.plugins.on_build_error(error=error)
        if isinstance(error, BuildError):
            log.error(str(error))
            raise Abort("Aborted with a BuildError!") from error
        raise
    finally:
        logging.getLogger("mkdocs").removeHandler(warning_counter)


def _refuse_clashes(files: Files, doc_files: Any) -> None:
    """One process writes static files before pages, so a page wins a clash; with workers the two would race."""
    static = {file.dest_uri for file in files.static_pages()}
    clashes = sorted(static & {file.dest_uri for file in doc_files})
    if clashes:
        raise Abort(f"a page and a static file would both be written to {clashes[0]}")


def _gather(results: list[WorkerResult], early: _Collect, meanwhile: _Collect, pages: list[Page], files: Files,
            search_index: Any) -> None:
    """Put back into the parent's pages and search index what the workers made, and replay their records."""
    by_index = {page.index: page for result in results for page in result.pages}
    kept = [(phase, index, record, False) for result in results for phase, index, record in result.records]
    kept += [(phase, index, record, True) for phase, index, record in early.records]
    kept.sort(key=lambda item: item[1])  # stable: a page's records keep their order
    # one process logs each page's reading, then the static templates, then each page's building
    for *_, record, filtered in (item for item in kept if item[0] == "read"):
        _replay(record, filtered)
    for *_, record in meanwhile.records:
        _replay(record, filtered=True)
    for *_, record, filtered in (item for item in kept if item[0] != "read"):
        _replay(record, filtered)
    failed = [result.error for result in results if result.error]
    if failed:
        raise Abort(f"a worker failed: {failed[0]}")

    for index, page in enumerate(pages):
        got = by_index[index]
        page.present_anchor_ids = got.present_anchor_ids
        if got.links_to_anchors is not None:
            page.links_to_anchors = {files.get_file_from_path(uri): anchors
                                     for uri, anchors in got.links_to_anchors.items()}
        if search_index is not None:
            search_index.entries.extend(got.search_entries)


# Command line -----------------------------------------------------------------------------------

def _set_up_logging(quiet: bool) -> None:
    """As `mkdocs build [-q]` does: the 'mkdocs' logger prints, does not propagate; -q shows errors only."""
    logger = logging.getLogger("mkdocs")
    logger.propagate = False
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.ERROR if quiet else logging.INFO)
    log.addFilter(utils.DuplicateFilter())


def build_once(project: Path, workers: int, site_dir: Path | None, quiet: bool, strict: bool) -> dict[str, float]:
    _set_up_logging(quiet)
    options: dict[str, Any] = {"config_file": str(project / "mkdocs.yml"), "strict": strict or None}
    if site_dir is not None:
        options["site_dir"] = str(site_dir)
    config = load_config(**options)
    config.plugins.on_startup(command="build", dirty=False)
    timings: dict[str, float] = {}
    try:
        build_in_workers(config, workers, timings)
    finally:
        config.plugins.on_shutdown()
    return timings


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    load: float  # one-minute load average just before the run (our own previous run is in it)
    others: float  # cores' worth of CPU the other jobs of the machine used during the run, on average
    output: str  # standard output: the parallel build's stages
    logs: str  # standard error: the log


def timed(command: list[str], cwd: Path) -> Run:
    """Wall and CPU time of a command and of every process it waited for (the workers)."""
    load, busy = os.getloadavg()[0], _machine_busy()
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    # files, not pipes: two pipes need reading both at once, and communicate() would reap the
    # process before os.wait4 could read its resource usage
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        busy = _machine_busy() - busy
        output, logs = (_read(stream) for stream in (out, err))
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{output}{logs}")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(wall, cpu, load, max(0.0, busy - cpu) / wall, output, logs)


def _machine_busy() -> float:
    """CPU seconds all the machine's cores have spent busy since boot (/proc/stat), to tell the others' load."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(value) for value in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _read(stream: Any) -> str:
    stream.seek(0)
    return stream.read().decode("utf-8", "replace")


def differences(one: Path, other: Path) -> tuple[int, list[str]]:
    """(files compared, a line for each file that is in one folder only or differs in bytes)."""
    found, compared = [], 0
    names = {path.relative_to(one) for path in one.rglob("*") if path.is_file()}
    names_other = {path.relative_to(other) for path in other.rglob("*") if path.is_file()}
    for name in sorted(names ^ names_other):
        found.append(f"only in {one if name in names else other}: {name}")
    for name in sorted(names & names_other):
        compared += 1
        if not filecmp.cmp(one / name, other / name, shallow=False):
            found.append(f"differs: {name}{_why(one / name, other / name)}")
    return compared, found


def _why(one: Path, other: Path) -> str:
    """Where two differing files first part: the line (or the gzip's decompressed bytes), shortened."""
    a, b = one.read_bytes(), other.read_bytes()
    if one.suffix == ".gz":
        a, b = gzip.decompress(a), gzip.decompress(b)
        if a == b:
            return " (same content; the gzip header differs)"
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return f" (first difference at byte {at}: {a[max(0, at - 60):at + 60]!r} vs {b[max(0, at - 60):at + 60]!r})"


def _critical_cpu(stages_text: str) -> float:
    """CPU seconds on the parallel build's longest chain: the parent before the fork, the busiest of the workers
    and the parent's own part meanwhile, the parent after; on idle cores its wall time would be about that."""
    stages = {name.strip(): float(value) for name, value in re.findall(r"^(.+?)\s+([\d.]+) s$", stages_text, re.M)}
    meanwhile = [value for name, value in stages.items() if re.fullmatch(r"worker \d+ CPU", name)]
    meanwhile.append(stages["parent CPU while the workers run"])
    return stages["parent CPU before the fork"] + max(meanwhile) + stages["parent CPU after the workers"]


_VARYING = re.compile(r"Documentation built in|Building documentation to directory|Cleaning site directory")


def compare(project: Path, workers: int, runs: int, check_logs: bool) -> None:
    one_dir, par_dir = project / "site-one", project / "site-par"
    one = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(one_dir)]
    par = [sys.executable, str(Path(__file__).resolve()), str(project), "--workers", str(workers),
           "--site-dir", str(par_dir)]
    measured: dict[str, list[Run]] = {"mkdocs build": [], f"{workers} workers": []}
    for number in range(runs):  # alternate, so that a change of load falls on both
        for label, command in (("mkdocs build", one + ["-q"]), (f"{workers} workers", par + ["-q"])):
            run = timed(command, project)
            measured[label].append(run)
            print(f"run {number + 1} {label:>12}: {run.wall:7.2f} s wall, {run.cpu:7.2f} s CPU, "
                  f"load before {run.load:.2f}, other jobs {run.others:.2f} cores", flush=True)
    print()
    medians = {}
    for label, done in measured.items():
        medians[label] = (statistics.median(run.wall for run in done), statistics.median(run.cpu for run in done))
        print(f"median {label:>12}: {medians[label][0]:7.2f} s wall, {medians[label][1]:7.2f} s CPU "
              f"({len(done)} runs)")
    (one_wall, one_cpu), (par_wall, par_cpu) = medians.values()
    print(f"speed-up (wall): {one_wall / par_wall:.2f}x; CPU parallel / one process: {par_cpu / one_cpu:.2f}")
    last = measured[f"{workers} workers"][-1].output.strip()
    print(f"\nthe last parallel run's stages:\n{last}")
    print(f"on {workers} idle cores, from CPU times (the load makes wall times say little): "
          f"{one_cpu / _critical_cpu(last):.2f}x (one process's CPU / the parallel build's longest chain of CPU)")

    compared, found = differences(one_dir, par_dir)
    print(f"\nidentity: {compared} files compared, {len(found)} differences")
    for line in found:
        print(f"  {line}")
    if check_logs:
        logs = [[line for line in timed(command, project).logs.splitlines() if not _VARYING.search(line)]
                for command in (one, par)]
        print(f"logs without -q: {len(logs[0])} lines from mkdocs build, {len(logs[1])} from the workers' build, "
              f"{'the same' if logs[0] == logs[1] else 'NOT the same'}")
        for a, b in zip(logs[0], logs[1], strict=False):
            if a != b:
                print(f"  first difference:\n    {a}\n    {b}")
                break


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path, help="a folder with mkdocs.yml (docs/ converted by briefkit)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--site-dir", type=Path, help="where to build (default: mkdocs.yml's site_dir)")
    parser.add_argument("--compare", action="store_true", help="time and diff against `mkdocs build -q`")
    parser.add_argument("--runs", type=int, default=2, help="with --compare: builds of each kind")
    parser.add_argument("--check-logs", action="store_true", help="with --compare: compare the logs of one run each")
    parser.add_argument("-q", "--quiet", action="store_true", help="errors only, as `mkdocs build -q`")
    parser.add_argument("--strict", action="store_true", help="abort on warnings, as `mkdocs build --strict`")
    args = parser.parse_args()
    project = args.project.resolve()
    if args.compare:
        compare(project, args.workers, args.runs, args.check_logs)
        return
    started = time.perf_counter()
    try:
        timings = build_once(project, args.workers, args.site_dir, args.quiet, args.strict)
    except Abort as error:  # as the mkdocs command prints it
        print(f"\n{error.message}", file=sys.stderr)
        raise SystemExit(1) from None
    width = max(map(len, timings))
    for name, seconds in timings.items():
        print(f"{name:<{width}}  {seconds:7.2f} s")
    print(f"{'total (this process)':<{width}}  {time.perf_counter() - started:7.2f} s")


if __name__ == "__main__":
    main()
