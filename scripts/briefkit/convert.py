"""The pipeline: load -> validate -> link -> render -> write. Nothing is written until all is read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from briefkit.body import make_markdown, render_body
from briefkit.export import PublicUrls, export_files
from briefkit.feeds import feed_files
from briefkit.graph import LinkedBriefing, SiteGraph, build_graph, link_briefing
from briefkit.link import EntityMatcher
from briefkit.load import load_briefing
from briefkit.model import Briefing
from briefkit.problems import Problem, has_errors, warning
from briefkit.project import Project
from briefkit.registry import EntityRegistry, load_registry
from briefkit.render import RenderOptions, render_site
from briefkit.schemas_out import schema_files
from briefkit.urls import SiteUrls, briefing_path, entity_path
from briefkit.validate import validate_briefing
from briefkit.write import WriteReport, write_pages

SUMMARY_ADVISED_LENGTH = 300
_WORD = re.compile(r"\w+")
HOME_INTRO = "home-intro.md"


@dataclass(frozen=True)
class Gathered:
    """Everything read and linked: the registry, the good briefings, and every problem found."""

    registry: EntityRegistry
    linked: tuple[LinkedBriefing, ...]
    problems: tuple[Problem, ...]
    skipped: tuple[str, ...] = ()  # briefings left out because of errors
    drafts: tuple[str, ...] = ()   # drafts left out


def briefing_files(project: Project) -> list[Path]:
    """briefings/*.md, sorted; README.md and files starting with '_' are not briefings."""
    if not project.briefings_dir.is_dir():
        return []
    return sorted(p for p in project.briefings_dir.glob("*.md")
                  if p.is_file() and not p.name.startswith(("_", ".")) and p.name.lower() != "readme.md")


def read_briefings(project: Project, files: list[Path] | None = None) -> tuple[list[Briefing], list[Problem], list[str]]:
    """Load and validate each briefing; one bad file never hides another's problems."""
    briefings, problems, skipped = [], [], []
    for file in files if files is not None else briefing_files(project):
        shown = project.shown(file)
        raw, found = load_briefing(file, shown)
        problems += found
        if raw is None or has_errors(found):
            skipped.append(shown)
            continue
        briefing, found = validate_briefing(raw)
        problems += found
        if briefing is None:
            skipped.append(shown)
        else:
            briefings.append(briefing)
    return briefings, problems, skipped


def gather(project: Project, drafts: bool = False, files: list[Path] | None = None) -> Gathered:
    """Read the registry and every briefing, resolve every link; problems of all files collected."""
    registry, problems = load_registry(project.entities_dir, project.root)
    briefings, found, skipped = read_briefings(project, files)
    problems += found
    urls = SiteUrls(project.use_directory_urls)
    matcher = EntityMatcher(registry)
    md = make_markdown()
    linked, left_out = [], []
    for briefing in briefings:
        page = briefing_path(briefing.slug)
        result, found = link_briefing(briefing, registry, matcher, lambda e, page=page: urls.href(page, entity_path(e)), md)
        problems += found
        if has_errors(found):
            skipped.append(briefing.origin.path)
        elif briefing.is_draft and not drafts:
            left_out.append(briefing.origin.path)
        else:
            linked.append(result)
    problems += advisories(linked, registry, all_files=files is None)
    return Gathered(registry, tuple(linked), tuple(problems), tuple(skipped), tuple(left_out))


def advisories(linked: list[LinkedBriefing], registry: EntityRegistry, all_files: bool = True) -> list[Problem]:
    """Warnings: things that are allowed but probably not meant (they fail only with --strict)."""
    found = []
    mentioned = set()
    for b in linked:
        briefing = b.briefing
        mentioned.update(b.entity_ids)
        summary = briefing.summary
        if len(summary.value) > SUMMARY_ADVISED_LENGTH:
            found.append(warning(summary.origin.path, summary.origin.line, summary.origin.col,
                                 f"summary is {len(summary.value)} characters; keep it under {SUMMARY_ADVISED_LENGTH} "
                                 "for lists, feeds and search results"))
        if not any(s.url for s in briefing.sources):
            o = briefing.sources[0].origin if briefing.sources else briefing.origin
            found.append(warning(o.path, o.line, o.col, "no source URL: readers cannot check the original"))
        for event in briefing.events:
            if event.date > briefing.date:
                o = event.summary.origin
                found.append(warning(o.path, o.line, o.col, f"event dated {event.date} is after the briefing's "
                                     f"date {briefing.date}"))
        body_words = set(_WORD.findall(briefing.body.casefold()))
        for fact, (_, linked_value) in zip(briefing.facts, b.facts):
            value = "".join(s.text for s in linked_value.segments)
            words = {w for w in _WORD.findall(value.casefold()) if len(w) > 3}
            # a fact restates the body in other words: warn only when most of its words are absent
            if words and len(words - body_words) > len(words) / 2:
                o = fact.value.origin
                found.append(warning(o.path, o.line, o.col, f'fact "{fact.label}": "{value[:60]}" is not found in '
                                     "the body"))
    if all_files:
        for entity in registry.sorted():
            if entity.id not in mentioned:
                o = entity.origin
                found.append(warning(o.path, o.line, o.col, f'entity "{entity.id}" is not mentioned by any briefing'))
    return found


def home_intro_html(project: Project, registry: EntityRegistry) -> str:
    """docs/home-intro.md, hand-written, rendered safely for the generated home page."""
    intro = project.docs_dir / HOME_INTRO
    if not intro.is_file():
        return ""
    text = intro.read_text(encoding="utf-8", errors="replace")
    urls = SiteUrls(project.use_directory_urls)
    return render_body(text, registry, lambda e: urls.href("index.md", entity_path(e)), autolink=False).html


@dataclass(frozen=True)
class ConvertResult:
    gathered: Gathered
    report: WriteReport | None
    problems: tuple[Problem, ...] = field(default=())


def convert(project: Project, drafts: bool = False,
            extra_pages: Callable[[Gathered], Mapping[str, str | bytes]] | None = None) -> ConvertResult:
    """Convert briefings/ into Markdown pages under docs/ (only changed files are written).

    extra_pages makes more pages from what was gathered (the live preview's error pages);
    they never replace a page the site itself generates.
    """
    gathered = gather(project, drafts)
    graph: SiteGraph = build_graph(gathered.linked, gathered.registry)
    options = RenderOptions(site_name=project.site_name, urls=SiteUrls(project.use_directory_urls),
                            home_intro_html=home_intro_html(project, gathered.registry), site_url=project.site_url)
    pages: dict[str, str | bytes] = dict(render_site(graph, options))
    pages.update(schema_files())
    addresses = PublicUrls(project.site_url, options.urls)
    pages.update(feed_files(graph, project.site_name, addresses))
    pages.update(export_files(graph, project.site_name, addresses))
    for name, content in (extra_pages(gathered) if extra_pages else {}).items():
        pages.setdefault(name, content)
    report = write_pages(project.docs_dir, pages, project.shown(project.docs_dir))
    return ConvertResult(gathered, report, gathered.problems + report.problems)
