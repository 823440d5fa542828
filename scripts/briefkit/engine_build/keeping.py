"""The engine's build that keeps what has not changed: MkDocs' own build, page by page, where a
page whose inputs are those of the last build keeps the HTML it already has in site/.

`briefkit build` publishes a site; after one edit, MkDocs 1.6 builds every page again (232 s at
10,000 briefings) and its `--dirty` build is not the same site (Material's search index then
holds only the pages it rebuilt; a page whose navigation changed keeps the old one). This module
runs the steps of `mkdocs.commands.build.build` in the same order, with MkDocs' own functions
(`_populate_page`, `_build_page`, the theme's templates, the plugins' events), and differs in one
thing: a page is read and built only when something its HTML is made from changed since the
build that wrote site/. What a page's HTML is made from:

- its source (the bytes of its Markdown) and its place (src_uri, URL, inclusion);
- what the site is: the configuration, the versions of the installed packages, the theme's own
  files (custom_dir), and the navigation (every nav item's title, address and metadata: it is in
  every page);
- the other files its links resolved to while it was rendered (recorded: path -> URL).

What the build gathers from each page is kept with it and given back when the page is kept:
the search plugin's entries (in page order: the index is byte for byte a full build's), the
warnings it logged (so `--strict` fails as a full build would), its anchors and links to anchors
(MkDocs' anchor validation runs over every page). Only plugins known to read nothing but the page
at hand allow this (`search`, `briefkit`); with any other plugin, or a Markdown extension that
includes other files, every page is built, as by MkDocs. A changed site (configuration, theme,
navigation, packages) builds everything into a cleaned site/, as MkDocs does.

MkDocs 1.6 is frozen and ProperDocs is the same code under another module name: `module` names
which one. Other engines (mkdocs-ng, Zensical) are run with their own command.

Command line (what `briefkit build` runs in its own process):
    python -m briefkit.engine_build --module mkdocs [--config-file F] [--strict] [--clean]
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import os
import re
import sysconfig
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from briefkit.cache import ConvertCache, code_version
from briefkit.parallel import fork_map, worker_count
from briefkit.problems import plural

# plugins whose events read the page at hand and nothing else of the site
REUSING_PLUGINS = frozenset({"search", "material/search", "briefkit"})
# Markdown extensions that put other files' text into a page: a page using them cannot be kept
INCLUDING_EXTENSIONS = ("pymdownx.snippets", "markdown_include", "mdx_include", "markdown_exec")
# pages to build before forked workers pay: measured at 1,000 briefings (2,913 files), two workers built the site
# 1.90x as fast as one process, byte for byte the same (benchmarks/parallel_build.py)
PARALLEL_PAGES = 200
RACY_NS = 2_000_000_000  # a source changed this close to its recording is read again (same second edits)


@dataclass(frozen=True)
class LogLine:
    """One message a page's reading or building logged, to log again when the page is kept."""

    logger: str
    level: int
    message: str


@dataclass(frozen=True)
class PageRecord:
    """What one page's last build read and gave."""

    source: tuple[int, int, str]        # the source's size, mtime_ns, and digest of its bytes
    place: tuple                        # src_uri, dest_uri, url, inclusion
    lookups: tuple[tuple[str, Any], ...]  # each path its links looked up -> (url, inclusion) or None
    output: tuple[int, int]             # size and mtime_ns of the HTML written
    search_entries: tuple               # what the search plugin added for it
    read_log: tuple[LogLine, ...]
    build_log: tuple[LogLine, ...]
    anchors: frozenset[str] | None
    links_to_anchors: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] | None


@dataclass(frozen=True)
class BuildRecord:
    """What the last build left in site/, and from what."""

    site_key: str
    site_dir: str
    pages: dict[str, PageRecord]
    statics: dict[str, tuple[int, int]]  # static file's dest_uri -> its source's (size, mtime_ns) when copied
    outputs: frozenset[str]              # every file the build wrote (relative to site_dir)


@dataclass
class BuildReport:
    """What one build did: pages built and kept, and why nothing could be kept when so."""

    built: int = 0
    kept: int = 0
    copied: int = 0
    removed: int = 0
    full_because: str = ""
    workers: int = 0  # forked processes that built the pages (0: this one did)
    seconds: float = 0.0
    reasons: list[str] = field(default_factory=list)
    site: Any = None  # the build's objects, when asked for (live=True): a serving process rebuilds pages in them
    only_pages: bool = False  # a serving process's rebuild of edited pages alone, in the objects of its last build

    def summary(self) -> str:
        if self.only_pages:
            return (f"briefkit: {plural(self.built, 'edited page')} built, {self.kept} kept (nothing else changed), "
                    f"in {self.seconds:.2f} s")
        how = f"every page built ({self.full_because})" if self.full_because else \
            f"{self.built} pages built, {self.kept} kept from the last build"
        cores = f" on {self.workers} cores" if self.workers else ""
        return (f"briefkit: {how}{cores}; {self.copied} files copied, {self.removed} removed, in "
                f"{self.seconds:.1f} s")


class _Engine:
    """The engine's modules: mkdocs, or properdocs (the same code under its own name)."""

    def __init__(self, module: str):
        self.name = module
        self.build = importlib.import_module(f"{module}.commands.build")
        self.files = importlib.import_module(f"{module}.structure.files")
        self.nav = importlib.import_module(f"{module}.structure.nav")
        self.pages = importlib.import_module(f"{module}.structure.pages")
        self.utils = importlib.import_module(f"{module}.utils")
        self.exceptions = importlib.import_module(f"{module}.exceptions")
        self.logger_name = module


def build(config, *, module: str = "mkdocs", record_file: Path | None = None, clean: bool = False,
          serve_url: str | None = None, previous: BuildRecord | None = None,
          workers: int = 1, live: bool = False) -> tuple[BuildRecord, BuildReport]:
    """Build the site of config (loaded, not yet through on_config) as MkDocs' build would, keeping every page
    whose inputs are those recorded (in record_file, or previous: a serving process keeps it in memory).
    With workers > 1, PARALLEL_PAGES pages or more to build are read and built in forked worker processes.
    With live, the report holds the build's objects (report.site), for rebuild.rebuild_pages in a serving process.
    Returns the record of this build, saved to record_file when given, and what was done."""
    engine = _Engine(module)
    started = time.monotonic()
    report = BuildReport()
    inclusion_of = engine.files.InclusionLevel.is_in_serve if serve_url else engine.files.InclusionLevel.is_included
    with as_mkdocs_builds(engine, config) as warning_counter:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        if previous is None and record_file is not None and not clean:
            previous = _load(record_file)
        site_dir = str(Path(config.site_dir).resolve())
        why_not = _why_not_reuse(config, previous, site_dir, clean)

        files = engine.files.get_files(config)
        env = config.theme.get_env()
        env.bytecode_cache = _template_cache()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        engine.files.set_exclusions(files, config)
        nav = engine.nav.get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)

        documents = list(files.documentation_pages(inclusion=inclusion_of))
        for file in documents:
            if file.page is None and file.inclusion.is_not_in_nav():
                engine.pages.Page(None, file, config)
        in_nav = {page.file.src_uri for page in nav.pages}
        old_pages = previous.pages if previous is not None and not why_not else {}
        sources = {file.src_uri: _source(file, old_pages.get(file.src_uri)) for file in documents}

        # The navigation's pages are read every time: their titles are in every page, and in the site's key.
        read_logs: dict[str, tuple[LogLine, ...]] = {}
        lookups: dict[str, tuple] = {}
        for file in documents:
            if file.src_uri in in_nav:
                read_logs[file.src_uri], lookups[file.src_uri] = _read(engine, file, config, files)
        site_key = _site_key(config, nav, engine)
        if not why_not and previous is not None and previous.site_key != site_key:
            why_not = "the configuration, theme, packages or navigation changed"
        if why_not:  # build everything into a clean site/, as MkDocs does
            report.full_because = why_not
            engine.utils.clean_directory(config.site_dir)
            old_pages = {}
        kept = {file.src_uri for file in documents if file.src_uri not in in_nav and
                _unchanged(file, old_pages.get(file.src_uri), sources[file.src_uri], files)}
        pending = [file.src_uri for file in documents if file.src_uri not in in_nav and file.src_uri not in kept]
        # forked only from a process running one thread (a server's first build, not its rebuilds): a fork copies
        # the calling thread alone, and a lock another thread held would never be released in the child
        in_workers = (workers > 1 and len(pending) >= PARALLEL_PAGES and worker_count() > 1
                      and threading.active_count() == 1)
        if not in_workers:
            for src_uri in pending:
                read_logs[src_uri], lookups[src_uri] = _read(engine, files.get_file_from_path(src_uri), config, files)
        for src_uri in kept:
            for line in old_pages[src_uri].read_log:
                logging.getLogger(line.logger).log(line.level, line.message)

        env = config.plugins.on_env(env, config=config, files=files)
        statics: dict[str, tuple[int, int]] = {}

        def static_files_and_templates() -> None:
            statics.update(_copy_static_files(files, inclusion_of, previous.statics if previous and not why_not
                                              else {}, site_dir, report))
            for template in config.theme.static_templates:
                engine.build._build_theme_template(template, env, files, config, nav)
            for template in config.extra_templates:
                engine.build._build_extra_template(template, files, config, nav)

        entries = _search_entries(config)
        made_in_workers: set[str] = set()
        if not in_workers:
            static_files_and_templates()
        else:  # the pages are read and built in forked workers, while this process copies and renders the rest;
            # they come back as kept pages do
            context = _WorkerContext(engine, config, files, documents, nav, env, sources, entries)
            old_pages = dict(old_pages)
            built = fork_map(_build_in_worker, pending, context, PARALLEL_PAGES, meanwhile=static_files_and_templates)
            for src_uri, made in zip(pending, built, strict=True):
                old_pages[src_uri] = made
                for line in made.read_log:
                    logging.getLogger(line.logger).log(line.level, line.message)
            made_in_workers = set(pending)
            report.workers = worker_count()
        records: dict[str, PageRecord] = {}
        for file in documents:
            page = file.page
            if file.src_uri in kept or file.src_uri in made_in_workers:
                old = old_pages[file.src_uri]
                if entries is not None:
                    entries.extend(old.search_entries)
                for line in old.build_log:
                    logging.getLogger(line.logger).log(line.level, line.message)
                page.present_anchor_ids = set(old.anchors) if old.anchors is not None else None
                records[file.src_uri] = old
                if file.src_uri in kept:
                    report.kept += 1
                else:
                    report.built += 1
                continue
            records[file.src_uri] = _build_one(engine, file, config, documents, nav, env, entries,
                                               sources[file.src_uri], read_logs[file.src_uri], lookups[file.src_uri])
            report.built += 1
        for src_uri in kept | made_in_workers:  # their links to anchors, now that every page's anchors are known
            page = files.get_file_from_path(src_uri).page
            _restore_links_to_anchors(page, old_pages[src_uri].links_to_anchors, files)

        log_level = config.validation.links.anchors
        for file in documents:
            file.page.validate_anchor_links(files=files, log_level=log_level)

        config.plugins.on_post_build(config=config)
        outputs = _outputs(files, documents, inclusion_of)
        if previous is not None and not why_not:
            report.removed = _remove_stale(site_dir, previous.outputs - outputs)
        record = BuildRecord(site_key=site_key, site_dir=site_dir, pages=records, statics=statics, outputs=outputs)
        if record_file is not None:
            _save(record_file, record)

        abort_on_warnings(engine, warning_counter)
        report.seconds = time.monotonic() - started
        if live:
            report.site = LiveSite.of(engine, config, files, nav, env, documents, record,
                                      reusable=not _why_not_reuse(config, record, site_dir, False),
                                      build_date=engine.utils.get_build_date())
        return record, report


@contextmanager
def as_mkdocs_builds(engine: _Engine, config) -> Iterator[Any]:
    """What MkDocs' build does around its steps: under --strict, the warnings logged are counted (the handler
    yielded; see abort_on_warnings); a failure is told to the plugins (on_build_error), and a BuildError is
    logged and made an Abort."""
    warning_counter = engine.utils.CountHandler()
    warning_counter.setLevel(logging.WARNING)
    logger = logging.getLogger(engine.logger_name)
    if config.strict:
        logger.addHandler(warning_counter)
    try:
        yield warning_counter
    except Exception as e:
        config.plugins.on_build_error(error=e)
        if isinstance(e, engine.exceptions.BuildError):
            logger.error(str(e))
            raise engine.exceptions.Abort("Aborted with a BuildError!") from None
        raise
    finally:
        logger.removeHandler(warning_counter)


def abort_on_warnings(engine: _Engine, warning_counter) -> None:
    """Abort as MkDocs' strict mode does when warnings were counted."""
    if counts := warning_counter.get_counts():
        msg = ", ".join(f"{v} {k.lower()}s" for k, v in counts)
        raise engine.exceptions.Abort(f"Aborted with {msg} in strict mode!")


@dataclass(frozen=True)
class _WorkerContext:
    """What a forked worker needs of the build (inherited, never pickled)."""

    engine: _Engine
    config: Any
    files: Any
    documents: list
    nav: Any
    env: Any
    sources: dict
    entries: list | None


def _build_in_worker(context: _WorkerContext, batch: list[str]) -> list[PageRecord]:
    """In a forked worker: read and build each page of batch as the parent would, and return its record (what it
    logged is returned, not printed: the parent logs it in page order, where --strict counts it)."""
    logging.getLogger(context.engine.logger_name).handlers = []
    made = []
    for src_uri in batch:
        file = context.files.get_file_from_path(src_uri)
        read_log, lookups = _read(context.engine, file, context.config, context.files)
        made.append(_build_one(context.engine, file, context.config, context.documents, context.nav, context.env,
                               context.entries, context.sources[src_uri], read_log, lookups))
    return made


def _build_one(engine: _Engine, file, config, documents, nav, env, entries: list | None, source, read_log,
               lookups) -> PageRecord:
    """MkDocs' building of one page (template, plugins, writing), and the record of it."""
    page = file.page
    before = len(entries) if entries is not None else 0
    with _captured(engine.logger_name) as build_log:
        engine.build._build_page(page, config, documents, nav, env, False, excluded=file.inclusion.is_excluded())
    return PageRecord(
        source=source, place=_place(file), lookups=lookups, output=_stat(file.abs_dest_path),
        search_entries=tuple(entries[before:]) if entries is not None else (), read_log=read_log,
        build_log=tuple(build_log),
        anchors=frozenset(page.present_anchor_ids) if page.present_anchor_ids is not None else None,
        links_to_anchors=_links_to_anchors(page))


def _why_not_reuse(config, previous: BuildRecord | None, site_dir: str, clean: bool) -> str:
    """Why no page of the last build can be kept ('' when pages can be)."""
    if clean:
        return "asked for a clean build"
    if previous is None:
        return "no record of an earlier build"
    if previous.site_dir != site_dir or not os.path.isdir(site_dir):
        return "site_dir is not the one the last build wrote"
    others = sorted(set(config.plugins) - REUSING_PLUGINS)
    if others:
        return f"the plugin {others[0]} may read other pages than its own"
    including = [name for name in config.markdown_extensions if str(name) in INCLUDING_EXTENSIONS]
    if including:
        return f"the Markdown extension {including[0]} includes other files"
    return ""


def _source(file, old: PageRecord | None) -> tuple[int, int, str]:
    """(size, mtime_ns, digest) of a page's source; the digest is the recorded one when the file's size and
    time are the recorded ones (and not so recent that a same-size edit in the same instant could hide)."""
    path = file.abs_src_path
    if path is None or getattr(file, "generated_by", None):
        return (-1, -1, hashlib.blake2b(file.content_bytes, digest_size=16).hexdigest())
    status = os.stat(path)
    if old is not None and old.source[:2] == (status.st_size, status.st_mtime_ns):
        return old.source
    with open(path, "rb") as handle:
        digest = hashlib.blake2b(handle.read(), digest_size=16).hexdigest()
    return (*_trusted(status.st_size, status.st_mtime_ns), digest)


def _trusted(size: int, mtime_ns: int) -> tuple[int, int]:
    """A file's size and time as a signature, or none ((-1, -1): read it again next time) when it changed so
    recently that another same-size edit could come within the same tick of the file system's clock."""
    return (size, mtime_ns) if time.time_ns() - mtime_ns > RACY_NS else (-1, -1)


def _place(file) -> tuple:
    return (file.src_uri, file.dest_uri, file.url, str(file.inclusion))


def _unchanged(file, old: PageRecord | None, source: tuple[int, int, str], files) -> bool:
    """Whether the page's own inputs are those of its recorded build and its HTML is still as written."""
    if old is None or old.source[2] != source[2] or old.place != _place(file):
        return False
    if _stat(file.abs_dest_path) != old.output:
        return False
    return all(_looked_up(files, path) == found for path, found in old.lookups)


def _looked_up(files, path: str) -> Any:
    found = files.get_file_from_path(path)
    return None if found is None else (found.url, str(found.inclusion))


def _stat(path: str) -> tuple[int, int]:
    try:
        status = os.stat(path)
    except OSError:
        return (-1, -1)
    return (status.st_size, status.st_mtime_ns)


class _RecordingFiles:
    """The site's files, recording every path a page's links look up (and what they found)."""

    def __init__(self, files):
        self._files = files
        self.lookups: dict[str, Any] = {}

    def get_file_from_path(self, path: str):
        found = self._files.get_file_from_path(path)
        self.lookups[path] = None if found is None else (found.url, str(found.inclusion))
        return found

    def __getattr__(self, name: str):
        return getattr(self._files, name)

    def __iter__(self):
        return iter(self._files)

    def __len__(self):
        return len(self._files)


def _read(engine: _Engine, file, config, files) -> tuple[tuple[LogLine, ...], tuple]:
    """MkDocs' reading of one page (source, Markdown, plugins), with what it logged and looked up."""
    recording = _RecordingFiles(files)
    with _captured(engine.logger_name) as lines:
        engine.build._populate_page(file.page, config, recording, False)
    return tuple(lines), tuple(sorted(recording.lookups.items()))


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.lines: list[LogLine] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(LogLine(record.name, record.levelno, record.getMessage()))


@contextmanager
def _captured(logger_name: str) -> Iterator[list[LogLine]]:
    """The messages logged (INFO and above) under logger_name while the block runs; they are logged as usual too."""
    capture = _Capture()
    logger = logging.getLogger(logger_name)
    logger.addHandler(capture)
    try:
        yield capture.lines
    finally:
        logger.removeHandler(capture)


def _search_entries(config) -> list | None:
    """The list the search plugin adds each page's entries to (Material's or MkDocs' own), if any."""
    for name in ("search", "material/search"):
        plugin = config.plugins.get(name)
        index = getattr(plugin, "search_index", None)
        for attribute in ("entries", "_entries"):
            if isinstance(getattr(index, attribute, None), list):
                return getattr(index, attribute)
    return None


def _links_to_anchors(page) -> tuple | None:
    links = getattr(page, "links_to_anchors", None)
    if links is None:
        return None
    return tuple((target.src_uri, tuple(sorted(anchors.items()))) for target, anchors in links.items())


def _restore_links_to_anchors(page, recorded, files) -> None:
    if not recorded:
        return
    page.links_to_anchors = {files.get_file_from_path(src_uri): dict(anchors) for src_uri, anchors in recorded}


def _copy_static_files(files, inclusion_of, copied: dict[str, tuple[int, int]], site_dir: str,
                       report: BuildReport) -> dict[str, tuple[int, int]]:
    """Copy each static file whose source is not the one copied last time (or whose copy is gone)."""
    return {file.dest_uri: copy_static_file(file, copied.get(file.dest_uri), report)
            for file in _static_files(files, inclusion_of)}


def copy_static_file(file, copied_from: tuple[int, int] | None, report: BuildReport) -> tuple[int, int]:
    """Copy a static file unless its source is the one copied last time (copied_from) and the copy is there;
    returns the signature of the source to record."""
    source = _stat(file.abs_src_path) if file.abs_src_path and not file.generated_by else (-1, -1)
    if source == (-1, -1) or copied_from != source or _stat(file.abs_dest_path)[0] != source[0]:
        file.copy_file(dirty=False)
        report.copied += 1
    return _trusted(*source) if source != (-1, -1) else source


def _template_cache():
    """Compiled theme templates kept between builds (Jinja checks each against its source): compiling Material's
    templates took 0.4 s of every build."""
    import jinja2

    from briefkit.cache import user_cache_base

    folder = user_cache_base() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:  # a read-only cache: templates are compiled on every build, which is only slower
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def _static_files(files, inclusion_of) -> list:
    """The files MkDocs copies as they are (as Files.copy_static_files chooses them)."""
    return [file for file in files if not file.is_documentation_page() and inclusion_of(file.inclusion)]


def _outputs(files, documents, inclusion_of) -> frozenset[str]:
    """The files of site/ this build made that the next one may not: pages and static files (the theme's
    templates and the search index are written by every build)."""
    made = {file.dest_uri for file in documents}
    made |= {file.dest_uri for file in _static_files(files, inclusion_of)}
    return frozenset(made)


def _remove_stale(site_dir: str, stale: frozenset[str]) -> int:
    """Remove what the last build wrote and this one does not (a deleted page's HTML); empty folders too."""
    removed = 0
    for relative in sorted(stale):
        path = Path(site_dir) / relative
        try:
            path.unlink()
            removed += 1
        except FileNotFoundError:
            continue
        for folder in path.parents:
            if folder == Path(site_dir) or any(folder.iterdir()):
                break
            folder.rmdir()
    return removed


def _site_key(config, nav, engine: _Engine) -> str:
    """A digest of what every page's HTML is made from besides the page itself."""
    hashed = hashlib.sha256(b"briefkit-engine-build")
    hashed.update(json.dumps(_plain(dict(config)), sort_keys=True, default=_repr).encode())
    hashed.update(json.dumps(_nav_items(nav.items), default=_repr).encode())
    hashed.update(json.dumps(sorted(_versions().items())).encode())
    hashed.update(code_version().encode())  # briefkit's own code (an editable install keeps its version)
    for folder in config.theme.dirs:
        if not _installed(folder):  # the site's own theme folder (custom_dir): its files, byte for byte
            for path in sorted(Path(folder).rglob("*")):
                if path.is_file():
                    hashed.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return hashed.hexdigest()


def _plain(value: Any) -> Any:
    """Configuration values as JSON can hold them (plugins by their own settings)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "dirs") and hasattr(value, "name") and hasattr(value, "items"):  # the theme
        return {"name": value.name, "dirs": list(value.dirs), **{str(k): _plain(v) for k, v in value.items()}}
    if hasattr(value, "config") and hasattr(value, "on_config"):  # a plugin: its settings
        return _plain(value.config)
    if hasattr(value, "items") and callable(value.items):  # Config objects
        return {str(k): _plain(v) for k, v in value.items()}
    return value


_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def _repr(value: Any) -> str:
    return _ADDRESS.sub("", repr(value))


def _nav_items(items) -> list:
    """The navigation as its pages, sections and links show it (titles, addresses, metadata)."""
    plain = []
    for item in items:
        entry = {"kind": type(item).__name__, "title": item.title, "url": getattr(item, "url", None),
                 "meta": getattr(item, "meta", None)}
        children = getattr(item, "children", None)
        if children:
            entry["children"] = _nav_items(children)
        plain.append(entry)
    return plain


def _versions() -> dict[str, str]:
    return {(dist.metadata["Name"] or "").lower(): dist.version for dist in metadata.distributions()}


_PACKAGES = tuple({sysconfig.get_paths()[name] for name in ("purelib", "platlib")})


def _installed(folder: str) -> bool:
    return any(os.path.abspath(folder).startswith(os.path.abspath(root)) for root in _PACKAGES)


def _load(record_file: Path) -> BuildRecord | None:
    record = ConvertCache(record_file.parent).load_record(record_file.name)
    return record if isinstance(record, BuildRecord) else None


def _save(record_file: Path, record: BuildRecord) -> None:
    # kept as the conversion's records are (staged, keyed on briefkit's code); a cache that cannot be written
    # makes the next build a full one, which is only slower
    ConvertCache(record_file.parent).save_record(record_file.name, record)


@dataclass(frozen=True)
class LiveSite:
    """The objects of a serving process's last build (MkDocs' config, files, navigation, template environment
    and pages), and its record: what a rebuild of edited pages reuses."""

    engine: Any
    config: Any
    files: Any
    nav: Any
    env: Any
    documents: tuple
    record: BuildRecord
    by_source: dict[str, Any]  # absolute source path -> File: the pages and static files of the site's own folder
    build_date: str
    reusable: bool  # False with a plugin or extension that may read other pages (every page is built then)
    exclusion: Any  # the patterns of docs_dir's files MkDocs leaves out of the site (dot files, exclude_docs)

    @classmethod
    def of(cls, engine, config, files, nav, env, documents, record: BuildRecord, *, reusable: bool,
           build_date: str) -> LiveSite:
        """The live site of a finished build. Its pages let go of their Markdown and HTML (written, and in the
        record): a server would otherwise hold every page built, the whole site's text at 10,000 briefings."""
        for file in documents:
            file.page.markdown = file.page.content = ""  # "", not None: with no Markdown, MkDocs' Page.title is None
        pages = {file.src_uri for file in documents}
        by_source = {os.path.abspath(file.abs_src_path): file for file in files
                     if file.abs_src_path and not getattr(file, "generated_by", None)
                     and (file.src_uri in pages or file.dest_uri in record.statics)}
        # as MkDocs' set_exclusions: its own patterns (dot files, templates/), then the site's exclude_docs
        exclusion = engine.files._default_exclude
        if config.get("exclude_docs"):
            exclusion = exclusion + config["exclude_docs"]
        return cls(engine, config, files, nav, env, tuple(documents), record, by_source, build_date, reusable,
                   exclusion)

    def outside_site(self, path: str) -> bool:
        """Whether a path that is no page or static file of the site is in docs_dir and stays out of the site:
        a file MkDocs leaves out (briefkit's manifest, the temporary files of its writes, an editor's swap
        files: dot files; exclude_docs), or one that came and went (a temporary file of another writer)."""
        try:
            relative = os.path.relpath(path, self.config.docs_dir).replace(os.sep, "/")
        except ValueError:  # another drive (Windows)
            return False
        if relative.startswith("../"):
            return False
        known = self.files.get_file_from_path(relative)
        if known is not None:
            return known.inclusion.is_excluded()
        return not os.path.exists(path) or self.exclusion.match_file(relative)
