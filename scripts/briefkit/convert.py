"""The pipeline, orchestrated: gather -> link -> render -> write. Nothing is written until all is read.

Gathering (reading, validating and linking every briefing, from the cache where it can) is in
gathering.py; what each page is made from, and edits converted alone, in incremental.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefkit.cache import ConvertCache, SiteRecord, cache_folder, output_state
from briefkit.gathering import Gathered, briefing_files, gather
from briefkit.incremental import (
    HOME_INTRO,
    WITH_EXTRA_PAGES,
    PageState,
    convert_edits,
    page_fingerprints,
    page_settings,
    page_state,
    reusable,
    settings_key,
    site_key,
)
from briefkit.problems import BriefkitError, Problem
from briefkit.project import Project
from briefkit.write import MANIFEST, PageWriter, WriteCancelled, WriteReport

# The stages (Python-Markdown, nh3, jsonschema, Jinja...) are imported in the functions that use
# them: a conversion with nothing to do needs none of them, and importing them took a third
# of its time at 10,000 briefings. For type checkers only:
if TYPE_CHECKING:
    from briefkit.graph import LinkedBriefing, SiteGraph
    from briefkit.registry import EntityRegistry
    from briefkit.render import RenderOptions

# The stylesheet of briefkit's pages ships in the package, written into docs/ with the pages
# (mkdocs.yml lists it under extra_css), so that every project has the one of its briefkit.
STYLESHEET = "assets/briefkit/briefkit.css"
STYLESHEET_SOURCE = Path(__file__).parent / "static" / "briefkit.css"
# Accessibility fixes of Material's defaults for the site's own pages too: opt-in (extra.briefkit.site_css)
SITE_STYLESHEET = "assets/briefkit/briefkit-site.css"
SITE_STYLESHEET_SOURCE = Path(__file__).parent / "static" / "briefkit-site.css"
# Material's search index holds every indexed word: full text costs ~6.5 MB per 1,000 briefings,
# and the browser builds the index on every visit. Larger archives searched with Material's index
# (search_index: material) index summaries, facts and events; Pagefind's has full text at any size.
SEARCH_FULL_TEXT_UP_TO = 2000


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


def site_clashes(project: Project, gathered: Gathered, same_path: bool = True) -> list[Problem]:
    """The site's own pages that have the address of a page briefkit generates (clashes.py)."""
    from briefkit.clashes import clash_problems, generated_pages

    slugs = [b.slug for b in gathered.linked]
    tags = {t for b in gathered.linked for t in b.briefing.tags}
    generated = generated_pages(slugs, gathered.registry.entities, tags)
    return clash_problems(project, {project.urls.docs_path(path) for path in generated}, same_path)


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
    """What a conversion did: the same fields whichever way it went (all read, only edits, nothing to do)."""

    report: WriteReport
    problems: tuple[Problem, ...]
    briefing_count: int
    entity_count: int
    skipped: tuple[str, ...] = ()  # briefings left out because of errors
    drafts: tuple[str, ...] = ()   # drafts left out
    up_to_date: bool = False       # nothing changed since the last conversion: nothing was read or rendered
    rendered: int = 0              # files rendered; the others are as the last conversion made them
    # what was read and rendered from, when every briefing was (the live preview renders edits with it)
    gathered: Gathered | None = None
    graph: SiteGraph | None = None
    options: RenderOptions | None = None


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


def convert(project: Project, drafts: bool = False,
            extra_pages: Callable[[Gathered], Mapping[str, str | bytes]] | None = None,
            use_cache: bool = True, while_writing: Callable[[], AbstractContextManager] | None = None,
            cancelled: Callable[[], bool] = lambda: False,
            into: dict[str, str | bytes] | None = None) -> ConvertResult:
    """Convert briefings/ into Markdown pages under docs/ (only changed files are written).

    The cache (outside the project, see cache.py) skips briefings whose content did not
    change, and the whole run when no input did and docs/ is as the last run left it; pages
    made from what they were made from last time are not rendered again (incremental.py).

    extra_pages makes more pages from what was gathered (the live preview's error pages);
    they never replace a page the site itself generates. With while_writing, the changed
    pages are held until all are made, then written within while_writing() (the live
    preview holds its server still then, and only then). cancelled is asked before each
    page is written: when it says yes, WriteCancelled is raised and nothing more is written.

    With into, nothing is written: every generated file goes into that mapping (docs path -> content),
    for an engine's plugin to hand to its build as files of its own (plugin.py).
    """
    if into is not None:  # every page made afresh, nothing written, nothing kept from an earlier run
        return _convert_all(project, drafts, None, None, cancelled, None, into)
    if not use_cache:
        return _convert_all(project, drafts, extra_pages, while_writing, cancelled, None)
    cache = ConvertCache(cache_folder(project.root))
    digests = cache.digests(briefing_files(project))
    settings = settings_key(project, drafts)
    key = site_key(settings, digests)
    record = cache.load_site()
    if extra_pages is None and record is not None and cache.up_to_date(record, key, project.docs_dir):
        report = WriteReport((), (), sum(1 for p in record.outputs if p != MANIFEST), ())
        return ConvertResult(report, record.problems, record.briefings, record.entities, record.skipped,
                             record.drafts, up_to_date=True)
    cache.forget_site()
    state = cache.load_pages()
    state = state if isinstance(state, PageState) else None
    if extra_pages is None:
        edits = convert_edits(project, drafts, cache, digests, settings, key, record, state, cancelled)
        if edits is not None:
            gathered = edits.gathered
            return ConvertResult(edits.report, gathered.problems, edits.state.briefings, edits.state.entities,
                                 gathered.skipped, gathered.drafts, rendered=edits.rendered)
    return _convert_all(project, drafts, extra_pages, while_writing, cancelled,
                        _Cached(cache, digests, settings, key, record, state))


@dataclass(frozen=True)
class _Cached:
    """The cache and what convert() found in it, for a conversion that reads everything."""

    cache: ConvertCache
    digests: Mapping[Path, str]
    settings: str
    key: str
    record: SiteRecord | None
    state: PageState | None


def _convert_all(project: Project, drafts: bool, extra_pages: Callable[[Gathered], Mapping[str, str | bytes]] | None,
                 while_writing: Callable[[], AbstractContextManager] | None, cancelled: Callable[[], bool],
                 cached: _Cached | None, into: dict[str, str | bytes] | None = None) -> ConvertResult:
    """Read everything, link, render what changed, write: the whole pipeline."""
    from briefkit.export import PublicUrls, export_files
    from briefkit.feeds import iter_feed_files
    from briefkit.graph import build_graph
    from briefkit.render import SiteRenderer, iter_site
    from briefkit.schemas_out import schema_files
    from briefkit.search import search_files
    from briefkit.urls import TAGS_INDEX

    cache = cached.cache if cached is not None else None
    gathered = gather(project, drafts, cache=cache, digests=dict(cached.digests) if cached else None)
    if cancelled():
        raise WriteCancelled()
    # (written to docs/, a page of the site's own at a generated page's path is left to the writer, which
    # keeps it and says so; handed to a build, the generated one would replace it)
    clashes = site_clashes(project, gathered, same_path=into is not None)
    if clashes:  # nothing is written: the site's own page would be lost, or briefkit's
        raise BriefkitError(gathered.problems + tuple(clashes))
    graph: SiteGraph = build_graph(gathered.linked, gathered.registry)
    options = render_options(project, gathered)
    renderer = SiteRenderer(graph, options)
    # each page is written as soon as it is made, not held with every other until the end
    writer = PageWriter(project.docs_dir, project.shown(project.docs_dir), defer=while_writing is not None,
                        cancelled=cancelled)
    addresses = PublicUrls(project.site_url, options.urls)
    settings = cached.settings if cached is not None else ""
    fingerprints, keep = {}, None
    if cached is not None:  # without a cache there is nothing to compare with, nor anywhere to keep them
        fingerprints = page_fingerprints(graph, renderer, page_settings(settings, options), gathered,
                                         project.site_name, project.home)
        keep = reusable(cached.state, cached.record, fingerprints, project.docs_dir, writer.manifest,
                        options.urls.docs_path)

    def made() -> Iterator[tuple[str, str | bytes | None]]:
        yield from iter_site(graph, options, renderer, keep or (lambda path: False))
        yield from body_files(project, graph.ordered())
        yield from schema_files().items()
        if project.feeds:  # without tag pages, no tag feeds either: a feed names its page as its home
            tags_folder = TAGS_INDEX.rpartition("/")[0] + "/"
            feeds = iter_feed_files(graph, project.site_name, addresses, keep or (lambda path: False), project.home)
            yield from (feed for feed in feeds if project.tag_pages or not feed[0].startswith(tags_folder))
        yield from export_files(graph, project.site_name, addresses).items()
        if project.search:
            yield from search_files(options.search_index, options.urls)
        yield STYLESHEET, STYLESHEET_SOURCE.read_bytes()
        yield SITE_STYLESHEET, SITE_STYLESHEET_SOURCE.read_bytes()

    place = options.urls.docs_path  # under extra.briefkit.root
    if into is not None:
        into.update((place(name), content) for name, content in made() if content is not None)
        return ConvertResult(WriteReport(tuple(into), (), 0, ()), gathered.problems, len(gathered.linked),
                             len(gathered.registry), gathered.skipped, gathered.drafts, rendered=len(into),
                             gathered=gathered, graph=graph, options=options)
    kept = 0
    for name, content in made():
        if content is None:
            kept += writer.keep(place(name))
        else:
            writer.write(place(name), content)
    for name, content in (extra_pages(gathered) if extra_pages else {}).items():
        if place(name) not in writer:
            writer.write(place(name), content)
    report = writer.finish(while_writing)
    if cached is not None and not report.problems:
        # A run with extra pages (the live preview's stand-ins) is recorded under a key no run computes: it is never
        # "nothing to do" for the next run, nor a base for edits converted alone (they would keep its stand-ins);
        # what its pages were made from still saves the next run rendering them.
        key = cached.key if extra_pages is None else WITH_EXTRA_PAGES + cached.key
        outputs = output_state(project.docs_dir, [*writer.paths, MANIFEST])
        cached.cache.save_site(SiteRecord(key, len(gathered.linked), len(gathered.registry), gathered.problems,
                                          gathered.skipped, gathered.drafts, outputs))
        cached.cache.save_pages(page_state(key, settings, options, gathered, graph, renderer, fingerprints))
    return ConvertResult(report, gathered.problems + report.problems, len(gathered.linked), len(gathered.registry),
                         gathered.skipped, gathered.drafts, rendered=len(writer.paths) - kept, gathered=gathered,
                         graph=graph, options=options)
