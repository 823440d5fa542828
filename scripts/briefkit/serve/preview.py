"""The live preview's first pass: an edited briefing's own page, at once.

On a large archive a full conversion after an edit takes seconds (its entities' pages,
the lists, the feeds, the related briefings of others may all change). So `briefkit
serve` shows an edit in two passes, as Hugo's fast render mode does: first the edited
briefing's page alone, read, linked and rendered against the site graph of the last
full conversion (milliseconds); then the full conversion, which rewrites every other
page the edit changes and corrects the first page where the edit changed more than the
briefing itself (its related briefings, say).

Only an edit to briefings already known takes the first pass. A file added, removed or
renamed, an entity file, or a setting changed goes straight to the full conversion.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from briefkit.convert import ConvertResult
from briefkit.gathering import Gathered, is_briefing_name, read_and_link
from briefkit.graph import SiteGraph
from briefkit.link import EntityMatcher
from briefkit.project import Project
from briefkit.render import RenderOptions, SiteRenderer
from briefkit.urls import briefing_path


@dataclass(frozen=True)
class LastConversion:
    """What the last full conversion built, kept in memory by the preview for the next edit."""

    project: Project
    drafts: bool
    gathered: Gathered
    graph: SiteGraph
    options: RenderOptions
    matcher: EntityMatcher
    known: frozenset[str]  # briefing files (as shown) the last conversion read: in the site, drafts or with errors

    @classmethod
    def of(cls, project: Project, drafts: bool, result: ConvertResult) -> LastConversion | None:
        """From a conversion's result; None when it did not keep what a first pass needs."""
        gathered, graph, options = result.gathered, result.graph, result.options
        if gathered is None or graph is None or options is None:
            return None
        known = {b.briefing.origin.path for b in gathered.linked} | set(gathered.skipped) | set(gathered.drafts)
        return cls(project, drafts, gathered, graph, options, EntityMatcher(gathered.registry), frozenset(known))


def quick_pages(last: LastConversion, changed: Iterable[str],
                stand_ins: Callable[[Gathered], Mapping[str, str]]) -> dict[str, str] | None:
    """The pages of the edited briefings alone, or None when the change needs the full conversion.

    changed: the paths of the source files that changed. A briefing that now has errors
    (or became a draft) gets the stand-in page stand_ins makes for it, as in the full conversion.
    """
    project = last.project
    folder = project.briefings_dir
    shown_folder = project.shown(folder)
    files = []
    for name in changed:
        path = Path(name)
        shown = f"{shown_folder}/{path.name}"
        if (path.parent != folder or path.suffix != ".md" or not is_briefing_name(path.name)
                or not path.is_file() or shown not in last.known):
            return None
        files.append((path, shown))
    if not files:
        return None
    from briefkit.body import make_markdown
    from briefkit.dialect import load_dialect

    registry, urls = last.gathered.registry, last.options.urls
    md = make_markdown(load_dialect(project.config)[0])  # as the full conversion renders
    pages: dict[str, str] = {}
    edited = {}
    for path, shown in sorted(files):
        result = read_and_link(path, shown, registry, last.matcher, urls, md)
        linked = result.linked
        if linked is None:
            pages.update(stand_ins(Gathered(registry, (), result.problems, skipped=(shown,))))
        elif linked.briefing.is_draft and not last.drafts:
            pages.update(stand_ins(Gathered(registry, (), result.problems, drafts=(shown,))))
        else:
            edited[linked.slug] = linked
    if edited:
        # the edited briefings in place of their last versions; everything else as the last conversion left it
        renderer = SiteRenderer(replace(last.graph, briefings={**last.graph.briefings, **edited}), last.options)
        pages.update((briefing_path(slug), renderer.briefing_page(linked)) for slug, linked in edited.items())
    return pages
