"""Rendering in proportion to change: what each page was made from, and an edit converted alone.

A conversion records, per briefing and entity page, a fingerprint of the values the page
is made from (render.py says which: a briefing page its own file, its related briefings'
titles and dates, the registry and settings; an entity page its backlinks, the titles,
dates and summaries its lists show, its events, facts and neighbours; a feed its latest
entries). The next conversion renders a page again only when its fingerprint changed or
its file is not as written; the others are kept as they are. Site-wide pages (home,
indexes, timelines, tags, the export) are rendered every time a conversion reads the
archive.

Most edits change a briefing's body and nothing the rest of the site reads from it (its
facet, gathering.py). Such an edit is converted alone (convert_edits): the edited files are
read, their facets compared with the last run's, and only their own pages rendered, with
what the last run recorded of their related briefings; nothing else is read. Any other
change (a title, tags, an entity named or no longer named, a file added or removed, the
registry, settings, code) takes the full conversion.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from briefkit.cache import (
    ConvertCache,
    SiteRecord,
    code_version,
    combined_digest,
    file_digest,
    fingerprint,
    output_state,
)
from briefkit.gathering import (
    IN_SITE,
    FileRecord,
    Gathered,
    assemble,
    beside_files,
    file_record,
    files_context,
    listed_items,
    load_registry_cached,
    read_and_link,
    registry_files,
)
from briefkit.problems import Problem
from briefkit.project import Project
from briefkit.write import MANIFEST, WriteCancelled, WriteReport, update_pages

if TYPE_CHECKING:
    from briefkit.graph import SiteGraph
    from briefkit.render import RelatedShown, RenderOptions, SiteRenderer

HOME_INTRO = "home-intro.md"
EDITS_ALONE = 20  # edited files converted alone at most; more take the full conversion
WITH_EXTRA_PAGES = "with extra pages:"  # begins the key of a run that wrote extra pages (convert.py)


@dataclass(frozen=True)
class PageState:
    """What a conversion made its pages from, kept in the cache for the next one (see the module's docstring)."""

    site_key: str                # the run it describes (as SiteRecord.site_key)
    settings: str                # settings_key() of that run
    page_settings: str           # settings and render options: a part of every fingerprint
    options: RenderOptions
    files: tuple[FileRecord, ...]
    fingerprints: Mapping[str, bytes]                    # docs path -> fingerprint (briefing and entity pages)
    # slug -> its related briefings as its page shows them, as plain tuples (_plain): a slotted dataclass
    # pickles through a Python function per object, seconds for the 50,000 of 10,000 briefings
    related: Mapping[str, tuple[tuple, ...]]
    located: Mapping                                     # the renderer's places (pictures/places.py)
    briefings: int
    entities: int
    settings_problems: tuple[Problem, ...]
    archive_problems: tuple[Problem, ...]


def settings_key(project: Project, drafts: bool) -> str:
    """One hash of every input of a conversion but the briefings: registry, settings, home intro, files beside
    briefings, briefkit's code, the drafts switch."""
    settings = [project.config, project.output_dir / HOME_INTRO, *beside_files(project)]
    return combined_digest([("code", code_version()), ("drafts", str(drafts)), ("project", repr(project))]
                           + [(project.shown(f), file_digest(f)) for f in registry_files(project) + settings])


def site_key(settings: str, digests: Mapping[Path, str]) -> str:
    """One hash of every input of a conversion: its settings_key and every briefing's bytes."""
    return combined_digest([("settings", settings)] + [(str(f), d) for f, d in digests.items()])


def page_settings(settings: str, options: RenderOptions) -> str:
    """What every page is made from: the settings and how pages are rendered."""
    return combined_digest([("settings", settings), ("options", repr(options))])


def page_fingerprints(graph: SiteGraph, renderer: SiteRenderer, settings: str, gathered: Gathered,
                      site_name: str, home: bool = True) -> dict[str, bytes]:
    """docs path -> fingerprint of every briefing and entity page (render.py: what each reads) and every feed
    (feeds.py)."""
    from briefkit.feeds import feed_fingerprints
    from briefkit.render import briefing_fingerprint, related_shown
    from briefkit.urls import briefing_path, entity_path

    digests = {r.slug: r.digest for r in gathered.files if r.status == IN_SITE}
    out = {briefing_path(b.slug): briefing_fingerprint(settings, digests.get(b.slug, ""), related_shown(graph, b.slug))
           for b in graph.ordered()}
    shown: dict[str, bytes] = {}

    def listed(slug: str) -> bytes:  # what lists show of a briefing, once per briefing
        if slug not in shown:
            b = graph.briefings[slug]
            shown[slug] = fingerprint(b.briefing.title, b.briefing.date, b.summary, b.briefing.sources)
        return shown[slug]

    for entity in graph.registry.sorted():
        out[entity_path(entity.id)] = renderer.entity_fingerprint(settings, entity.id, listed)
    out.update(feed_fingerprints(graph, site_name, settings, home))
    return out


def reusable(state: PageState | None, record: SiteRecord | None, fingerprints: Mapping[str, bytes],
             docs_dir: Path, manifest: Mapping[str, str], place: Callable[[str], str]) -> Callable[[str], bool]:
    """Whether a page can stay as the last run wrote it: made from the same values, and its file as written.

    Pages are named as render.py names them; place(path) is where they are under docs/ (extra.briefkit.root).
    """
    if state is None or record is None or state.site_key != record.site_key:
        return lambda path: False
    intact = output_state(docs_dir, [place(path) for path in state.fingerprints])
    before, outputs = state.fingerprints, record.outputs

    def keep(path: str) -> bool:
        placed = place(path)
        return (placed in manifest and before.get(path) == fingerprints.get(path) is not None
                and intact.get(placed) == outputs.get(placed) is not None)

    return keep


def page_state(site_key_: str, settings: str, options: RenderOptions, gathered: Gathered, graph: SiteGraph,
               renderer: SiteRenderer, fingerprints: dict[str, bytes]) -> PageState:
    """The PageState of a full conversion."""
    from briefkit.render import related_shown

    return PageState(site_key_, settings, page_settings(settings, options), options, gathered.files, fingerprints,
                     {b.slug: tuple(map(_plain, related_shown(graph, b.slug))) for b in graph.ordered()},
                     renderer.located,
                     len(gathered.linked), len(gathered.registry), gathered.settings_problems,
                     gathered.archive_problems)


def _plain(shown: RelatedShown) -> tuple:
    r = shown.related
    return (r.slug, r.score, r.shared_entities, r.shared_tags, shown.title, shown.date)


def _shown(plain: tuple) -> RelatedShown:
    from briefkit.graph import Related
    from briefkit.render import RelatedShown

    slug, score, entities, tags, title, date = plain
    return RelatedShown(Related(slug, score, entities, tags), title, date)


@dataclass(frozen=True)
class EditsConverted:
    """What convert_edits did: the report, the gathering as it now stands (without linked briefings), the pages
    rendered."""

    report: WriteReport
    gathered: Gathered
    rendered: int
    state: PageState


def convert_edits(project: Project, drafts: bool, cache: ConvertCache, digests: Mapping[Path, str], settings: str,
                  key: str, record: SiteRecord | None, state: PageState | None,
                  cancelled: Callable[[], bool] = lambda: False) -> EditsConverted | None:
    """Convert edits that change nothing but the edited briefings' own pages; None when the change needs more
    (the full conversion then runs). Nothing is written before that is known. settings: settings_key()."""
    if record is None or state is None or state.site_key != record.site_key:
        return None
    if record.site_key.startswith(WITH_EXTRA_PAGES) or settings != state.settings:
        return None
    items = listed_items(project, None)
    if [shown for _, shown in items] != [r.shown for r in state.files]:
        return None  # a briefing added, removed or renamed
    changed = [(file, old, digests.get(file, "")) for (file, _), old in zip(items, state.files, strict=True)
               if digests.get(file, "") != old.digest]
    if not changed or len(changed) > EDITS_ALONE or any(not digest for _, _, digest in changed):
        return None
    docs = project.docs_dir
    if output_state(docs, record.outputs) != record.outputs:
        return None  # docs/ is not as the last run left it
    from briefkit.body import make_markdown
    from briefkit.dialect import load_dialect
    from briefkit.graph import SiteGraph
    from briefkit.link import EntityMatcher
    from briefkit.render import SiteRenderer, briefing_fingerprint
    from briefkit.urls import briefing_path

    registry, _, registry_key = load_registry_cached(project, cache)
    md, matcher, urls = make_markdown(load_dialect(project.config)[0]), EntityMatcher(registry), project.urls
    edited: dict[str, tuple] = {}
    for file, old, digest in changed:
        result = read_and_link(file, old.shown, registry, matcher, urls, md)
        new = file_record(result, digest, drafts)
        if (new.status, new.slug, new.facet) != (old.status, old.slug, old.facet):
            return None  # the rest of the site reads something that changed
        edited[old.shown] = (result, new)
    renderer = SiteRenderer(SiteGraph(registry, {}), state.options, located=dict(state.located))
    pages: dict[str, str] = {}
    fingerprints = dict(state.fingerprints)
    for result, new in edited.values():
        if new.status == IN_SITE:
            path, related = briefing_path(new.slug), tuple(map(_shown, state.related.get(new.slug, ())))
            pages[urls.docs_path(path)] = renderer.briefing_page(result.linked, related)
            fingerprints[path] = briefing_fingerprint(state.page_settings, new.digest, related)
    if cancelled():
        raise WriteCancelled()
    written = update_pages(docs, pages)
    files = tuple(edited[r.shown][1] if r.shown in edited else r for r in state.files)
    gathered = assemble(registry, (), state.settings_problems, files, state.archive_problems)
    outputs = {**record.outputs, **output_state(docs, [*written, MANIFEST])}
    cache.save_edited_files(files_context(project, registry_key),
                            {shown: (new.digest, result) for shown, (result, new) in edited.items()})
    cache.save_site(SiteRecord(key, state.briefings, state.entities, gathered.problems, gathered.skipped,
                               gathered.drafts, outputs))
    new_state = replace(state, site_key=key, files=files, fingerprints=fingerprints)
    cache.save_pages(new_state)
    generated = sum(1 for path in outputs if path != MANIFEST)
    report = WriteReport(tuple(sorted(written)), (), generated - len(written), ())
    return EditsConverted(report, gathered, len(pages), new_state)
