"""The pipeline: load -> validate -> link -> render -> write. Nothing is written until all is read."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from briefkit.cache import (
    ConvertCache,
    SiteRecord,
    cache_folder,
    code_version,
    combined_digest,
    file_digest,
    output_state,
)
from briefkit.model import SUMMARY_ADVISED_LENGTH
from briefkit.parallel import PARALLEL_FROM, fork_map
from briefkit.problems import BriefkitError, Problem, fold_consequences, has_errors, warning
from briefkit.project import Project
from briefkit.write import MANIFEST, PageWriter, WriteCancelled, WriteReport

# The stages (Python-Markdown, nh3, jsonschema, Jinja...) are imported in the functions that use
# them: a conversion with nothing to do needs none of them, and importing them took a third
# of its time at 10,000 briefings. For type checkers only:
if TYPE_CHECKING:
    from briefkit.dialect import MarkdownDialect
    from briefkit.graph import LinkedBriefing, SiteGraph
    from briefkit.link import EntityMatcher
    from briefkit.registry import EntityRegistry
    from briefkit.render import RenderOptions
    from briefkit.urls import SiteUrls

# The stylesheet of briefkit's pages ships in the package, written into docs/ with the pages
# (mkdocs.yml lists it under extra_css), so that every project has the one of its briefkit.
STYLESHEET = "assets/briefkit/briefkit.css"
STYLESHEET_SOURCE = Path(__file__).parent / "static" / "briefkit.css"
# Accessibility fixes of Material's defaults for the site's own pages too: opt-in (extra.briefkit.site_css)
SITE_STYLESHEET = "assets/briefkit/briefkit-site.css"
SITE_STYLESHEET_SOURCE = Path(__file__).parent / "static" / "briefkit-site.css"
_WORD = re.compile(r"\w+")
HOME_INTRO = "home-intro.md"
# Material's search index holds every indexed word: full text costs ~6.5 MB per 1,000 briefings,
# and the browser builds the index on every visit. Larger archives searched with Material's index
# (search_index: material) index summaries, facts and events; Pagefind's has full text at any size.
SEARCH_FULL_TEXT_UP_TO = 2000


@dataclass(frozen=True)
class Gathered:
    """Everything read and linked: the registry, the good briefings, and every problem found.

    A linked briefing's briefing.body (its Markdown source) is empty: its rendered body is b.body.
    """

    registry: EntityRegistry
    linked: tuple[LinkedBriefing, ...]
    problems: tuple[Problem, ...]
    skipped: tuple[str, ...] = ()  # briefings left out because of errors
    drafts: tuple[str, ...] = ()   # drafts left out


def is_briefing_name(name: str) -> bool:
    """README.md and files starting with '_' or '.' in briefings/ are not briefings."""
    return not name.startswith(("_", ".")) and name.lower() != "readme.md"


def briefing_files(project: Project) -> list[Path]:
    """briefings/*.md, sorted; README.md and files starting with '_' are not briefings."""
    if not project.briefings_dir.is_dir():
        return []
    # scandir and plain names, not glob and Path sorting: a quarter of a no-change run at 10,000
    with os.scandir(project.briefings_dir) as entries:
        names = sorted(e.name for e in entries if e.name.endswith(".md") and is_briefing_name(e.name) and e.is_file())
    return [project.briefings_dir / name for name in names]


@dataclass(frozen=True)
class FileResult:
    """One briefing file read, validated and linked: what the cache keeps per file."""

    shown: str
    linked: LinkedBriefing | None  # None: left out because of errors
    problems: tuple[Problem, ...]
    advised: tuple[Problem, ...] = ()  # its advisories, reported when it is in the site


def read_and_link(file: Path, shown: str, registry: EntityRegistry, matcher: EntityMatcher, urls: SiteUrls,
                  md=None) -> FileResult:
    """Load, validate and link one briefing file (body rendered); every problem found is kept."""
    from briefkit.graph import link_briefing
    from briefkit.load import load_briefing
    from briefkit.urls import briefing_path, entity_path, published_file
    from briefkit.validate import validate_briefing

    raw, found = load_briefing(file, shown)
    if raw is None or has_errors(found):
        return FileResult(shown, None, tuple(found))
    problems = list(found)
    briefing, found = validate_briefing(raw)
    problems += found
    if briefing is None:
        return FileResult(shown, None, tuple(problems))
    page = briefing_path(briefing.slug)
    result, found = link_briefing(briefing, registry, matcher, lambda e: urls.href(page, entity_path(e)), md,
                                  source_dir=file.parent,
                                  file_href=lambda f: urls.href(page, published_file(f)),
                                  page_href=lambda slug: urls.href(page, briefing_path(slug)))
    problems += found
    if has_errors(found):
        return FileResult(briefing.origin.path, None, tuple(problems))
    advised = tuple(advisories([result]))
    # The Markdown source is needed only to link it and for its advisories; pages, feeds and the export
    # use the rendered body. Dropped here, it is not held for every briefing (~60 MB at 10,000) nor cached.
    result = replace(result, briefing=replace(result.briefing, body=""))
    return FileResult(shown, result, tuple(problems), advised)


def _read_batch(context: tuple, batch: list[tuple[Path, str]]) -> list[FileResult]:
    from briefkit.body import make_markdown

    registry, matcher, urls, dialect = context
    md = make_markdown(dialect)
    return [read_and_link(file, shown, registry, matcher, urls, md) for file, shown in batch]


def read_all(items: list[tuple[Path, str]], registry: EntityRegistry, matcher: EntityMatcher,
             urls: SiteUrls, dialect: MarkdownDialect | None = None) -> list[FileResult]:
    """read_and_link over many files, in worker processes when there are many; results in input order."""
    return fork_map(_read_batch, items, (registry, matcher, urls, dialect), PARALLEL_FROM)


def _load_registry(project: Project, cache: ConvertCache | None) -> tuple[EntityRegistry, list[Problem], str]:
    """The registry (from the cache when its files are unchanged) and the hash of its files."""
    from briefkit.registry import load_registry

    folder = project.entities_dir
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    key = combined_digest((project.shown(f), file_digest(f)) for f in files)
    if cache is not None:
        cached = cache.load_registry(key)
        if cached is not None:
            return cached[0], list(cached[1]), key
    registry, problems = load_registry(project.entities_dir, project.root)
    if cache is not None:
        cache.save_registry(key, (registry, tuple(problems)))
    return registry, problems, key


def gather(project: Project, drafts: bool = False, files: list[Path] | None = None,
           cache: ConvertCache | None = None, digests: dict[Path, str] | None = None) -> Gathered:
    """Read the registry and every briefing, resolve every link; problems of all files collected.

    With a cache, a briefing whose bytes hash as before (same registry, same code) is
    not read again; digests saves hashing files the caller hashed already.
    """
    from briefkit.dialect import load_dialect
    from briefkit.link import EntityMatcher

    registry, problems, registry_key = _load_registry(project, cache)
    dialect, dialect_problems = load_dialect(project.config)
    problems += dialect_problems
    listed = files if files is not None else briefing_files(project)
    if files is None:  # all in briefings/: one resolve() for the folder, not one per file (seconds at 10,000)
        folder = project.shown(project.briefings_dir)
        items = [(file, f"{folder}/{file.name}") for file in listed]
    else:
        items = [(file, project.shown(file)) for file in listed]
    urls = project.urls
    matcher = EntityMatcher(registry)
    if cache is None:
        results = read_all(items, registry, matcher, urls, dialect)
    else:
        # a body's HTML depends on the Markdown extensions mkdocs.yml configures
        context = combined_digest([("registry", registry_key), ("urls", repr(project.urls)),
                                   ("mkdocs.yml", file_digest(project.config))])
        known = cache.load_files(context)
        hashes = [(digests or {}).get(file) or file_digest(file) for file, _ in items]
        found: dict[str, FileResult] = {}
        missing = []
        for (file, shown), digest in zip(items, hashes, strict=True):
            entry = known.get(shown)
            if digest and entry is not None and entry[0] == digest and _files_exist(entry[1], file.parent):
                found[shown] = entry[1]
            else:
                missing.append((file, shown))
        if missing:
            for (_, shown), result in zip(missing, read_all(missing, registry, matcher, urls, dialect), strict=True):
                found[shown] = result
        results = [found[shown] for _, shown in items]
        if missing or len(known) != len(items):
            cache.save_files(context, {shown: (digest, found[shown])
                                       for (_, shown), digest in zip(items, hashes, strict=True) if digest})
    linked, skipped, left_out, left_out_drafts = [], [], [], []
    for result in results:
        problems += result.problems
        if result.linked is None:
            skipped.append(result.shown)
        elif result.linked.briefing.is_draft and not drafts:
            left_out.append(result.shown)
            left_out_drafts.append(result.linked)
        else:
            linked.append(result.linked)
            problems += result.advised
    # What the archive as a whole says is known only when every briefing could be read; drafts
    # count, published or not, so check, convert, build and serve all say the same.
    if files is None and not skipped:
        problems += archive_advisories(registry, linked + left_out_drafts)
    return Gathered(registry, tuple(linked), tuple(fold_consequences(problems)), tuple(skipped), tuple(left_out))


def _files_exist(result: FileResult, folder: Path) -> bool:
    """Whether the files beside a briefing that its cached body uses are still there (else it is read again,
    and reports the missing one)."""
    return result.linked is None or all((folder / f).is_file() for f in result.linked.body.files)


def body_files(project: Project, linked: Iterable[LinkedBriefing]) -> Iterator[tuple[str, bytes]]:
    """The files beside briefings that their bodies use, at their place next to the briefing pages."""
    from briefkit.urls import published_file

    seen = set()
    for b in linked:
        for name in b.body.files:
            target = published_file(name)
            if target not in seen:
                seen.add(target)
                yield target, (project.briefings_dir / name).read_bytes()


def advisories(linked: list[LinkedBriefing]) -> list[Problem]:
    """Warnings about single briefings: things that are allowed but probably not meant (they fail only
    with --strict)."""
    found = []
    for b in linked:
        briefing = b.briefing
        summary = briefing.summary
        if len(summary.value) > SUMMARY_ADVISED_LENGTH:
            found.append(warning(summary.origin.path, summary.origin.line, summary.origin.col,
                                 f"summary is {len(summary.value)} characters; keep it under {SUMMARY_ADVISED_LENGTH} "
                                 "for lists, feeds and search results"))
        if not any(s.url or s.publisher for s in briefing.sources):
            o = briefing.sources[0].origin if briefing.sources else briefing.origin
            found.append(warning(o.path, o.line, o.col, "source has neither a URL nor a publisher: readers cannot "
                                 "tell where the original is"))
        for event in briefing.events:
            if event.date > briefing.date:
                o = event.summary.origin
                found.append(warning(o.path, o.line, o.col, f"event dated {event.date} is after the briefing's "
                                     f"date {briefing.date}"))
        body_words = set(_WORD.findall(briefing.body.casefold()))
        for fact, (_, linked_value) in zip(briefing.facts, b.facts, strict=True):
            value = linked_value.plain
            words = {w for w in _WORD.findall(value.casefold()) if len(w) > 3}
            # a fact restates the body in other words: warn only when most of its words are absent
            if words and len(words - body_words) > len(words) / 2:
                o = fact.value.origin
                found.append(warning(o.path, o.line, o.col, f'fact "{fact.label}": "{value[:60]}" is not found in '
                                     "the body"))
    return found


def site_clashes(project: Project, gathered: Gathered, same_path: bool = True) -> list[Problem]:
    """The site's own pages that have the address of a page briefkit generates (clashes.py)."""
    from briefkit.clashes import clash_problems, generated_pages

    slugs = [b.slug for b in gathered.linked]
    tags = {t for b in gathered.linked for t in b.briefing.tags}
    generated = generated_pages(slugs, gathered.registry.entities, tags)
    return clash_problems(project, {project.urls.docs_path(path) for path in generated}, same_path)


def archive_advisories(registry: EntityRegistry, linked: list[LinkedBriefing]) -> list[Problem]:
    """Warnings about the archive as a whole: entities no briefing mentions, facts that contradict."""
    from briefkit.facts import fact_conflicts

    mentioned = set().union(*(b.entity_ids for b in linked))
    return [warning(e.origin.path, e.origin.line, e.origin.col, f'entity "{e.id}" is not mentioned by any briefing')
            for e in registry.sorted() if e.id not in mentioned] + fact_conflicts(linked)


def home_intro_html(project: Project, registry: EntityRegistry) -> str:
    """docs/home-intro.md, hand-written, rendered safely for the generated home page."""
    from briefkit.body import render_body
    from briefkit.urls import entity_path

    intro = project.output_dir / HOME_INTRO
    if not intro.is_file():
        return ""
    from briefkit.body import make_markdown
    from briefkit.dialect import load_dialect

    text = intro.read_text(encoding="utf-8", errors="replace")
    urls = project.urls
    dialect, _ = load_dialect(project.config)  # its problems are gather's to report
    return render_body(text, registry, lambda e: urls.href("index.md", entity_path(e)), autolink=False,
                       md=make_markdown(dialect)).html


@dataclass(frozen=True)
class ConvertResult:
    gathered: Gathered | None  # None when nothing changed since the last conversion: nothing was read
    report: WriteReport
    problems: tuple[Problem, ...] = field(default=())
    last_run: SiteRecord | None = None  # set instead of gathered when up to date
    graph: SiteGraph | None = None      # what the pages were rendered from (the live preview renders edits with it)
    options: RenderOptions | None = None

    @property
    def up_to_date(self) -> bool:
        return self.last_run is not None

    def _read(self) -> Gathered:
        assert self.gathered is not None, "a conversion that was not up to date read everything"
        return self.gathered

    @property
    def briefing_count(self) -> int:
        return self.last_run.briefings if self.last_run else len(self._read().linked)

    @property
    def entity_count(self) -> int:
        return self.last_run.entities if self.last_run else len(self._read().registry)

    @property
    def skipped(self) -> tuple[str, ...]:
        return self.last_run.skipped if self.last_run else self._read().skipped

    @property
    def drafts(self) -> tuple[str, ...]:
        return self.last_run.drafts if self.last_run else self._read().drafts


def search_full_text(project: Project, briefings: int) -> bool:
    """Whether search indexes briefings' bodies: the project's setting, else auto: always with Pagefind
    (the browser fetches only the index chunks a query needs), up to SEARCH_FULL_TEXT_UP_TO with Material's."""
    from briefkit.search import search_mode

    if project.search_full_text is not None:
        return project.search_full_text
    return search_mode(project.search_index) == "pagefind" or briefings <= SEARCH_FULL_TEXT_UP_TO


def render_options(project: Project, gathered: Gathered) -> RenderOptions:
    """How pages are rendered: the project's settings, and what depends on the archive's size."""
    from briefkit.render import RenderOptions
    from briefkit.search import search_mode

    return RenderOptions(site_name=project.site_name, urls=project.urls,
                         home_intro_html=home_intro_html(project, gathered.registry), site_url=project.site_url,
                         search_full_text=search_full_text(project, len(gathered.linked)),
                         search_index=search_mode(project.search_index) if project.search else "material",
                         home=project.home, tag_pages=project.tag_pages, feeds=project.feeds)


def site_key(project: Project, drafts: bool, digests: dict[Path, str]) -> str:
    """One hash of every input of a conversion: briefings, registry, settings, home intro, briefkit's code."""
    entities = project.entities_dir
    registry = sorted(p for p in entities.rglob("*") if p.is_file()) if entities.is_dir() else []
    settings = [project.config, project.output_dir / HOME_INTRO, *beside_files(project)]
    return combined_digest([("code", code_version()), ("drafts", str(drafts)), ("project", repr(project))]
                           + [(project.shown(f), file_digest(f)) for f in registry + settings]
                           + [(str(f), d) for f, d in digests.items()])


def beside_files(project: Project) -> list[Path]:
    """Every file in briefings/ but briefings and the registry: files a body may use (images, PDFs)."""
    folder = project.briefings_dir
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".md"
                  and project.entities_dir not in p.parents)


def convert(project: Project, drafts: bool = False,
            extra_pages: Callable[[Gathered], Mapping[str, str | bytes]] | None = None,
            use_cache: bool = True, while_writing: Callable[[], AbstractContextManager] | None = None,
            cancelled: Callable[[], bool] = lambda: False,
            into: dict[str, str | bytes] | None = None) -> ConvertResult:
    """Convert briefings/ into Markdown pages under docs/ (only changed files are written).

    The cache (outside the project, see cache.py) skips briefings whose content did not
    change, and the whole run when no input did and docs/ is as the last run left it.

    extra_pages makes more pages from what was gathered (the live preview's error pages);
    they never replace a page the site itself generates. With while_writing, the changed
    pages are held until all are made, then written within while_writing() (the live
    preview holds its server still then, and only then). cancelled is asked before each
    page is written: when it says yes, WriteCancelled is raised and nothing more is written.

    With into, nothing is written: every generated file goes into that mapping (docs path -> content),
    for an engine's plugin to hand to its build as files of its own (plugin.py).
    """
    cache = ConvertCache(cache_folder(project.root)) if use_cache else None
    digests = None
    if cache is not None:
        digests = cache.digests(briefing_files(project))
        key = site_key(project, drafts, digests)
        record = cache.up_to_date(key, project.docs_dir) if extra_pages is None and into is None else None
        if record is not None:
            report = WriteReport((), (), sum(1 for p in record.outputs if p != MANIFEST), ())
            return ConvertResult(None, report, record.problems, last_run=record)
        cache.forget_site()
    from briefkit.export import PublicUrls, export_files
    from briefkit.feeds import iter_feed_files
    from briefkit.graph import build_graph
    from briefkit.render import iter_site
    from briefkit.schemas_out import schema_files
    from briefkit.search import search_files
    from briefkit.urls import TAGS_INDEX

    gathered = gather(project, drafts, cache=cache, digests=digests)
    if cancelled():
        raise WriteCancelled()
    # (written to docs/, a page of the site's own at a generated page's path is left to the writer, which
    # keeps it and says so; handed to a build, the generated one would replace it)
    clashes = site_clashes(project, gathered, same_path=into is not None)
    if clashes:  # nothing is written: the site's own page would be lost, or briefkit's
        raise BriefkitError(gathered.problems + tuple(clashes))
    graph: SiteGraph = build_graph(gathered.linked, gathered.registry)
    options = render_options(project, gathered)
    # each page is written as soon as it is made, not held with every other until the end
    writer = PageWriter(project.docs_dir, project.shown(project.docs_dir), defer=while_writing is not None,
                        cancelled=cancelled)
    addresses = PublicUrls(project.site_url, options.urls)

    def made() -> Iterator[tuple[str, str | bytes]]:
        yield from iter_site(graph, options)
        yield from body_files(project, graph.ordered())
        yield from schema_files().items()
        if project.feeds:  # without tag pages, no tag feeds either: a feed names its page as its home
            tags_folder = TAGS_INDEX.rpartition("/")[0] + "/"
            yield from (feed for feed in iter_feed_files(graph, project.site_name, addresses)
                        if project.tag_pages or not feed[0].startswith(tags_folder))
        yield from export_files(graph, project.site_name, addresses).items()
        if project.search:
            yield from search_files(options.search_index, options.urls)
        yield STYLESHEET, STYLESHEET_SOURCE.read_bytes()
        yield SITE_STYLESHEET, SITE_STYLESHEET_SOURCE.read_bytes()

    place = options.urls.docs_path  # under extra.briefkit.root
    if into is not None:
        into.update((place(name), content) for name, content in made())
        return ConvertResult(gathered, WriteReport(tuple(into), (), 0, ()), gathered.problems, graph=graph,
                             options=options)
    for name, content in made():
        writer.write(place(name), content)
    for name, content in (extra_pages(gathered) if extra_pages else {}).items():
        if place(name) not in writer:
            writer.write(place(name), content)
    report = writer.finish(while_writing)
    if cache is not None and not report.problems and extra_pages is None:
        outputs = output_state(project.docs_dir, [*writer.paths, MANIFEST])
        cache.save_site(SiteRecord(key, len(gathered.linked), len(gathered.registry), gathered.problems,
                                   gathered.skipped, gathered.drafts, outputs))
    return ConvertResult(gathered, report, gathered.problems + report.problems, graph=graph, options=options)
