"""Render stage: the site graph becomes Markdown pages (a mapping docs path -> text).

Pages are Jinja2 templates with autoescaping on: every author value is escaped where
it lands. The YAML front matter MkDocs reads is written with a YAML emitter, and the
titles in it are HTML-escaped because MkDocs and Material put page titles into the
HTML (nav, <title>, search index) without escaping them.
"""

from __future__ import annotations

import datetime
import functools
import html
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template
from markupsafe import Markup, escape

from briefkit.body import page_markdown
from briefkit.cache import fingerprint
from briefkit.export import PublicUrls, briefing_linked_data, script_json
from briefkit.graph import LinkedBriefing, LinkedText, Related, SiteGraph, TimelineEntry, entity_types
from briefkit.model import ENTITY_TYPE_LABELS, ENTITY_TYPE_PLURALS, ENTITY_TYPES, ORGANIZATION, PERSON, Source
from briefkit.parallel import PARALLEL_FROM, fork_iter
from briefkit.pictures.charts import month_counts, month_label, timeline_chart
from briefkit.pictures.maps import Mark, locator_map
from briefkit.pictures.network import Node, entity_graph
from briefkit.pictures.places import locate_all
from briefkit.urls import (
    ENTITIES_INDEX,
    HOME,
    TAGS_INDEX,
    TIMELINE_INDEX,
    SiteUrls,
    briefing_path,
    briefings_archive_path,
    entity_path,
    entity_type_path,
    feeds_of,
    slugify,
    tag_path,
    timeline_path,
)

TEMPLATES = Path(__file__).parent / "templates"
PAGE_SIZE = 100          # briefings per index page: no page lists every briefing
HOME_LATEST = 10
TIMELINE_INDEX_LIMIT = 300
TIMELINE_YEAR_LIMIT = 500  # entries on a year's page; a busier year gets a page per month
BACKLINK_LIMIT = 100
ENTITY_FACT_LIMIT = 200  # facts shown on an entity page; the export has them all
ENTITY_EVENT_LIMIT = 100  # an entity page shows its latest events: no page grows with the archive
ENTITY_INDEX_LIMIT = 50  # entities of a type on entities/index.md; a type with more gets pages of its own
ENTITY_SEARCH_BOOST = 3  # an entity page ranks above the briefings that mention it
SINGLE_LINE: dict[str, str | int | None] = {"\n": " ", "\r": " ", "\u2028": " ", "\u2029": " "}


@dataclass(frozen=True)
class RenderOptions:
    site_name: str = "Briefings"
    urls: SiteUrls = SiteUrls()
    home_intro_html: str = ""
    site_url: str = ""  # mkdocs.yml's site_url: absolute addresses in JSON-LD when set
    search_full_text: bool = True  # False: search indexes a briefing's summary, facts and events, not its body
    search_index: str = "pagefind"  # "pagefind": briefing and entity pages are in Pagefind's index only (search.py)
    home: bool = True  # the optional parts (extra.briefkit home, tags, feeds; project.py)
    tag_pages: bool = True
    feeds: bool = True


def human_date(iso: str) -> str:
    """'2024-01-29' -> '29 January 2024' (partial dates 'YYYY' and 'YYYY-MM' too)."""
    parts = iso.split("-")
    try:
        if len(parts) == 3:
            return datetime.date.fromisoformat(iso).strftime("%-d %B %Y")
        if len(parts) == 2:
            return datetime.date(int(parts[0]), int(parts[1]), 1).strftime("%B %Y")
    except ValueError:
        pass
    return iso


@functools.lru_cache(maxsize=4096)  # a few thousand distinct dates, tens of thousands of tags
def time_tag(iso: str) -> Markup:
    return Markup('<time datetime="{}">{}</time>').format(iso, human_date(iso))


def safe_title(text: str) -> str:
    """A title for the front matter: one line, with <, > and & escaped. The engines do not escape
    titles (MkDocs and Zensical write them as they are, always as text or escaped again in
    attributes), while Zensical's search shows its index's titles as text: quotes escaped too
    showed there as "Pakistan&#x27;s"; <, > and & must stay escaped for the pages."""
    return html.escape(_one_line(text), quote=False)


def safe_description(text: str) -> str:
    """A description for the front matter: one line, HTML-escaped with quotes, as the engines write it
    unescaped into an attribute (<meta name="description" content="...">)."""
    return html.escape(_one_line(text), quote=True)


def _one_line(text: str) -> str:
    return text.translate(str.maketrans(SINGLE_LINE)).strip()


def front_matter(**fields: Any) -> Markup:
    fields = {k: v for k, v in fields.items() if v not in (None, "", [], {})}
    # libyaml's emitter when present: the pure-Python one was a fifth of the render time
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return Markup(yaml.dump(fields, Dumper=dumper, allow_unicode=True, sort_keys=False, width=10_000).rstrip("\n"))


@dataclass(frozen=True, slots=True)
class RelatedShown:
    """A related briefing as a briefing page lists it: what it shares, its title and date."""

    related: Related
    title: str
    date: str


def related_shown(graph: SiteGraph, slug: str) -> tuple[RelatedShown, ...]:
    """What a briefing page shows of its related briefings: all it reads of other briefings."""
    briefings = graph.briefings
    return tuple(RelatedShown(r, briefings[r.slug].briefing.title, briefings[r.slug].briefing.date)
                 for r in graph.related.get(slug, ()))


def briefing_fingerprint(settings: str, digest: str, shown: tuple[RelatedShown, ...]) -> bytes:
    """What a briefing page is made from: the site's settings and registry (settings), its own file (digest: the
    linked briefing is a function of its bytes and the settings) and its related briefings as shown."""
    return fingerprint(settings, digest, shown)


class SiteRenderer:
    """Renders every generated page of a site graph.

    located: every place's and country's location (pictures/places.py), when the caller has it already.
    """

    def __init__(self, graph: SiteGraph, options: RenderOptions, located: dict | None = None):
        self.graph = graph
        self.options = options
        self.env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
                               undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=False)
        self.env.globals.update(
            time_tag=time_tag, entity=self.graph.registry.get, briefing=self.graph.briefings.get,
            entity_path=entity_path, briefing_path=briefing_path, tag_path=tag_path,
            main_actors=self.main_actors, mention_count=lambda e: len(self.graph.backlinks.get(e, ())),
            plural=lambda n, one, many="": f"{n:,} {one if n == 1 else (many or one + 's')}",
            # lists that repeat other pages' text stay out of the search index of a large archive
            # (Material reads data-search-exclude, Pagefind data-pagefind-ignore)
            search_exclude=Markup("" if options.search_full_text
                                  else ' data-search-exclude="true" data-pagefind-ignore'),
            pagefind=options.search_index == "pagefind",
            tag_pages=options.tag_pages,  # off: a briefing's tags are chips that link nowhere
        )
        self._templates: dict[str, Template] = {}
        # entity id -> the ids of entities that are part of it, found once (not per entity page: quadratic)
        self._parts: dict[str, list[str]] = defaultdict(list)
        for entity in graph.registry.sorted():
            if entity.part_of:
                self._parts[entity.part_of].append(entity.id)
        # every place and country, once: pages only look up
        self.located = located if located is not None else locate_all(graph.registry)
        self._located = self.located
        # which timeline page shows a month (the chart's bars link there): the same rule timelines() follows
        per_year: dict[str, int] = defaultdict(int)
        for entry in graph.timeline:
            per_year[entry.date[:4]] += 1
        self._year_pages = len(per_year) > 1 or len(graph.timeline) > TIMELINE_INDEX_LIMIT
        self._busy_years = {year for year, count in per_year.items() if count > TIMELINE_YEAR_LIMIT}

    def month_target(self, month: str) -> str:
        """The docs path (and anchor) of the timeline page that lists a month ('YYYY-MM')."""
        year = month[:4]
        if year in self._busy_years:
            return timeline_path(month)
        # the month's heading ('## January 2024'): its id is what the toc extension makes of it
        anchor = "#" + month_label(month).lower().replace(" ", "-")
        return (timeline_path(year) if self._year_pages else TIMELINE_INDEX) + anchor

    def _chart(self, page: str, briefing_dates: Iterable[str], event_dates: Iterable[str], subject: str = "") -> Markup:
        href = self.options.urls.hrefs_from(page)

        def month_href(month: str) -> str:
            path, _, anchor = self.month_target(month).partition("#")
            return href(path) + ("#" + anchor if anchor else "")

        return timeline_chart(month_counts(briefing_dates, event_dates), month_href, subject)

    def main_actors(self, b: LinkedBriefing, limit: int = 6) -> list[str]:
        """People and organisations a briefing mentions most (when its author named no actors)."""
        found = [e for e in b.entity_ids if self.graph.registry[e].type in (PERSON, ORGANIZATION)]
        return (list(b.actors) or found)[:limit]

    def _render(self, template: str, page: str, **context: Any) -> str:
        href = self.options.urls.hrefs_from(page)

        # Small pure functions rather than Jinja macros: they run dozens of times a page. Every value
        # goes through escape(); an f-string of the escaped values is what Markup.format does, without its cost.
        def linked(text: LinkedText) -> Markup:
            out = []
            for segment in text.segments:
                if segment.entity_id:
                    entity = registry[segment.entity_id]
                    out.append(f'<a class="entity-link entity-link--{escape(entity.type)}" '
                               f'href="{escape(href(entity_path(entity.id)))}" title="{escape(entity.name)}">'
                               f'{escape(segment.text)}</a>')
                else:
                    out.append(escape(segment.text))
            return Markup("".join(out))

        def entity_link(entity_id: str) -> Markup:
            e = registry[entity_id]
            return Markup(f'<a class="entity-link entity-link--{escape(e.type)}" '
                          f'href="{escape(href(entity_path(e.id)))}">{escape(e.name)}</a>')

        def entity_list(ids: Iterable[str]) -> Markup:
            return Markup(", ".join(entity_link(entity_id) for entity_id in ids))

        def source_name(source: Source) -> Markup:
            name = source.publisher or source.title
            if source.url:
                return Markup(f'<a href="{escape(source.url)}" rel="noopener">{escape(name)}</a>')
            return escape(name)

        def briefing_link(slug: str) -> Markup:
            return Markup(f'<a href="{escape(href(briefing_path(slug)))}">'
                          f'{escape(briefings[slug].briefing.title)}</a>')

        registry, briefings = self.graph.registry, self.graph.briefings
        return self.template(template).render(href=href, linked=linked, entity_link=entity_link,
                                                entity_list=entity_list, briefing_link=briefing_link,
                                                source_name=source_name, **context)

    def template(self, name: str) -> Template:
        """One of templates/, compiled the first time it is asked for."""
        if name not in self._templates:
            self._templates[name] = self.env.get_template(name)
        return self._templates[name]

    def briefing_page(self, b: LinkedBriefing, related: tuple[RelatedShown, ...] | None = None) -> str:
        """A briefing's page; related: its related briefings as shown (default: from the graph)."""
        page = briefing_path(b.slug)
        plain_summary = b.summary.plain
        # no `tags:` here: Material's tags plugin would show them as chips that link nowhere (its listings
        # are off) and mix them into a site's own tags index; the page shows its own chips, linked
        fm = front_matter(title=safe_title(b.briefing.title), description=safe_description(plain_summary),
                          search={"exclude": True} if self.options.search_index == "pagefind" else None,
                          pagefind=True if self.options.search_index == "pagefind" else None)
        addresses = PublicUrls(self.options.site_url, self.options.urls)
        jsonld = script_json(briefing_linked_data(b, self.graph, self.options.site_name, addresses))
        registry = self.graph.registry
        aliases = list(dict.fromkeys(a for i in b.entity_ids for a in registry[i].aliases))
        wrapper = Markup('<div class="briefing__body"%s>') % self.env.globals["search_exclude"]
        return self._render("briefing.md.j2", page, b=b, front_matter=fm, jsonld=jsonld, map=self.locator(b.location),
                            body=page_markdown(b.body.html, wrapper),
                            related=related_shown(self.graph, b.slug) if related is None else related,
                            aliases=aliases)

    def locator(self, entity_ids: Iterable[str]) -> Markup:
        """A locator map of the places and countries among entity_ids that have a location."""
        registry = self.graph.registry
        marks, codes, named = [], [], []
        for entity_id in entity_ids:
            found = self._located.get(entity_id)
            if found is None:
                continue
            entity = registry[entity_id]
            marks.append(Mark(entity.name, found.lat, found.lon))
            codes.append(found.country)
            home = next((c for c in (registry.get(entity.country or entity.part_of or ""),) if c is not None
                         and c.type == "country" and c.id != entity.id), None)
            shown = f"{entity.name}, {home.name}" if home else entity.name
            if found.how == "part_of":  # say so: the mark is the parent's, not the place's own
                shown += f" (marked at {registry[entity.part_of].name})"
            named.append(shown)
        return locator_map(marks, codes, "Location: " + "; ".join(named) + ".") if marks else Markup("")

    def relationship_graph(self, entity_id: str) -> Markup:
        """The entity and the entities it appears with most (graph.cooccurring), drawn for its page."""
        registry, cooccurring = self.graph.registry, self.graph.cooccurring
        neighbours = cooccurring.get(entity_id, ())
        centre = registry[entity_id]
        nodes = [Node(other, registry[other].name, registry[other].type, count) for other, count in neighbours]
        ids = {other for other, _ in neighbours}
        # ties between two neighbours, from their own top lists: bounded work per page at any archive size
        between = {(min(a, b), max(a, b)): count for a in sorted(ids) for b, count in cooccurring.get(a, ())
                   if b in ids and a != b}
        href = self.options.urls.hrefs_from(entity_path(entity_id))
        return entity_graph(Node(centre.id, centre.name, centre.type, 0), nodes, between,
                            lambda other: href(entity_path(other)))

    def entity_page(self, entity_id: str) -> str:
        e = self.graph.registry[entity_id]
        parts = self._parts.get(entity_id, [])
        backlinks = self.graph.backlinks.get(entity_id, ())
        all_events = self.graph.entity_events.get(entity_id, ())
        briefing_dates = (self.graph.briefings[link.slug].briefing.date for link in backlinks)
        chart = self._chart(entity_path(entity_id), briefing_dates, (entry.date for entry in all_events), e.name)
        fm = front_matter(title=safe_title(e.name), description=safe_description(e.description[:300]),
                          search={"exclude": True} if self.options.search_index == "pagefind"
                          else {"boost": ENTITY_SEARCH_BOOST},
                          pagefind=True if self.options.search_index == "pagefind" else None)
        return self._render("entity.md.j2", entity_path(entity_id), e=e, front_matter=fm,
                            type_label=ENTITY_TYPE_LABELS[e.type],
                            parts=parts, feeds=self._feeds(entity_path(entity_id)), backlinks=backlinks,
                            backlink_limit=BACKLINK_LIMIT, chart=chart, network=self.relationship_graph(entity_id),
                            map=self.locator([entity_id]),
                            events=all_events[-ENTITY_EVENT_LIMIT:], events_total=len(all_events),
                            cooccurring=self.graph.cooccurring.get(entity_id, ()),
                            facts=self.graph.entity_facts.get(entity_id, ()), fact_limit=ENTITY_FACT_LIMIT)

    def entity_fingerprint(self, settings: str, entity_id: str, shown: Callable[[str], bytes]) -> bytes:
        """What entity_page(entity_id) reads, besides the registry and settings (in settings): its backlinks, the
        dates of their briefings (the chart) and what its lists show of them (shown: a digest of a briefing's
        title, date, summary and sources), its events, facts and neighbours, and which timeline page has a month."""
        graph = self.graph
        backlinks = graph.backlinks.get(entity_id, ())
        events = graph.entity_events.get(entity_id, ())
        facts = graph.entity_facts.get(entity_id, ())
        neighbours = graph.cooccurring.get(entity_id, ())
        briefings = graph.briefings
        return fingerprint(
            settings, entity_id, backlinks, [shown(link.slug) for link in backlinks[:BACKLINK_LIMIT]],
            [briefings[link.slug].briefing.date for link in backlinks],
            events, [shown(slug) for entry in events[-ENTITY_EVENT_LIMIT:] for slug in (entry.slug, *entry.also)],
            facts, [shown(f.slug) for f in facts[:ENTITY_FACT_LIMIT]],
            neighbours, [(other, graph.cooccurring.get(other, ())) for other, _ in neighbours],
            self._year_pages, sorted(self._busy_years))

    def type_groups(self, limit: int | None = None) -> list[tuple[str, str, list]]:
        grouped = entity_types(self.graph.registry)
        groups = []
        for entity_type in ENTITY_TYPES:
            entities = grouped.get(entity_type, [])
            if limit is not None:
                entities = self.most_mentioned(entities)[:limit]
            if entities:
                groups.append((entity_type, ENTITY_TYPE_PLURALS[entity_type], entities))
        return groups

    def home_groups(self, limit: int = 8) -> list[tuple[str, str, list, int, tuple[str, str]]]:
        """Per type: its most mentioned entities, how many it has, and the page that lists them all."""
        groups = []
        for entity_type, label, entities in self.type_groups():
            # a large type has pages of its own; a small one is a section of the entity index
            everything = ((entity_type_path(entity_type), "") if len(entities) > ENTITY_INDEX_LIMIT
                          else (ENTITIES_INDEX, "#" + slugify(label)))
            groups.append((entity_type, label, self.most_mentioned(entities)[:limit], len(entities), everything))
        return groups

    def most_mentioned(self, entities: list) -> list:
        """Most mentioned first; among equals, the most recently mentioned (then by sort name)."""
        def key(e):
            links = self.graph.backlinks.get(e.id, ())
            latest = self.graph.briefings[links[0].slug].briefing.date if links else ""  # backlinks: newest first
            return (-len(links), _descending(latest), e.sort_name.casefold(), e.id)
        return sorted(entities, key=key)

    def entities_index(self) -> str:
        """Every type with its count; all its entities, or its ENTITY_INDEX_LIMIT most mentioned and a
        link to its own pages: the index stays bounded however many entities there are."""
        groups = []
        for entity_type, label, entities in self.type_groups():
            if len(entities) > ENTITY_INDEX_LIMIT:
                groups.append((entity_type, label, self.most_mentioned(entities)[:ENTITY_INDEX_LIMIT], len(entities),
                               entity_type_path(entity_type)))
            else:
                groups.append((entity_type, label, entities, len(entities), ""))
        fm = front_matter(title="Entities", description="Every person, organisation, country and place, by type.")
        return self._render("entities_index.md.j2", ENTITIES_INDEX, front_matter=fm,
                            groups=groups, total=len(self.graph.registry))

    def entity_type_pages(self) -> dict[str, str]:
        """Pages listing every entity of a type too large for entities/index.md, A to Z, PAGE_SIZE a page."""
        out = {}
        for entity_type, label, entities in self.type_groups():
            if len(entities) <= ENTITY_INDEX_LIMIT:
                continue
            pages = math.ceil(len(entities) / PAGE_SIZE)
            paths = [entity_type_path(entity_type, n) for n in range(1, pages + 1)]
            out.update(self._paged("entity_type.md.j2", paths, entities, label, f"{label}: every one, A to Z.",
                                   search_first=False, label=label))
        return out

    def briefing_indexes(self) -> dict[str, str]:
        ordered = self.graph.ordered()
        pages = max(1, math.ceil(len(ordered) / PAGE_SIZE))
        paths = [briefings_archive_path(n) for n in range(1, pages + 1)]
        return self._paged("briefings_index.md.j2", paths, ordered, "Briefings", "Every briefing, newest first.",
                           search_first=True)

    def _paged(self, template: str, paths: list[str], items: list, title: str, description: str,
               search_first: bool, **context: Any) -> dict[str, str]:
        """A long list as pages of PAGE_SIZE items, one a path, each linked to the one before and after
        (the markup: macros.j2 `pager`); search_first: the first page is searched, the others never."""
        out = {}
        pages = len(paths)
        for number, path in enumerate(paths, start=1):
            heading = title if number == 1 else f"{title}, page {number}"
            fm = front_matter(title=heading, description=description,
                              search=None if search_first and number == 1 else {"exclude": True})
            out[path] = self._render(template, path, front_matter=fm, heading=heading,
                                     items=items[(number - 1) * PAGE_SIZE: number * PAGE_SIZE], total=len(items),
                                     pages=pages, page_number=number,
                                     previous_page=paths[number - 2] if number > 1 else "",
                                     next_page=paths[number] if number < pages else "", **context)
        return out

    def timelines(self) -> dict[str, str]:
        entries = self.graph.timeline
        by_year: dict[str, list[TimelineEntry]] = defaultdict(list)
        for entry in entries:
            by_year[entry.date[:4]].append(entry)
        years = sorted(by_year)  # oldest first, as the lists below them run
        year_paths = [(y, timeline_path(y)) for y in years]
        out = {}
        recent = list(entries[-TIMELINE_INDEX_LIMIT:])
        intro = (f"Every dated event of every briefing, and each briefing's own date, oldest first "
                 f"({len(entries)} entries).")
        if len(entries) > TIMELINE_INDEX_LIMIT:
            intro = f"The latest {TIMELINE_INDEX_LIMIT} of {len(entries)} entries; earlier ones by year below."
        fm = front_matter(title="Timeline", description="Every dated event of every briefing.")
        chart = self._chart(TIMELINE_INDEX, (e.date for e in entries if e.text is None),
                            (e.date for e in entries if e.text is not None))
        out[TIMELINE_INDEX] = self._render("timeline.md.j2", TIMELINE_INDEX, front_matter=fm,
                                                heading="Timeline", intro=intro, years=year_paths,
                                                months=_months(recent), month_links=[], chart=chart)
        if len(years) > 1 or len(entries) > TIMELINE_INDEX_LIMIT:
            for year, path in year_paths:
                fm = front_matter(title=f"Timeline {year}", description=f"Events of {year}.",
                                  search={"exclude": True})
                months = _months(by_year[year])
                if len(by_year[year]) <= TIMELINE_YEAR_LIMIT:
                    out[path] = self._render("timeline.md.j2", path, front_matter=fm, heading=f"Timeline: {year}",
                                             intro=f"{len(by_year[year])} entries.", years=year_paths,
                                             months=months, month_links=[], chart="")
                    continue
                # a busy year lists its months; each month has a page (a year's page stays small in any archive)
                links = [(label, timeline_path(month), len(month_entries)) for month, label, month_entries in months]
                out[path] = self._render("timeline.md.j2", path, front_matter=fm, heading=f"Timeline: {year}",
                                         intro=f"{len(by_year[year])} entries, by month.", years=year_paths,
                                         months=[], month_links=links, chart="")
                for month_group, (label, month_path, count) in zip(months, links, strict=True):
                    fm = front_matter(title=f"Timeline {label}", description=f"Events of {label}.",
                                      search={"exclude": True})
                    out[month_path] = self._render("timeline.md.j2", month_path, front_matter=fm,
                                                   heading=f"Timeline: {label}", intro=f"{count} entries.",
                                                   years=year_paths, months=[month_group], month_links=[], chart="")
        return out

    def tag_pages(self) -> dict[str, str]:
        out = {}
        grouped: dict[str, list[str]] = defaultdict(list)
        names: dict[str, str] = {}
        for tag, slugs in self.graph.tags.items():
            path = tag_path(tag)
            names.setdefault(path, tag)
            grouped[path].extend(slugs)
        for path, grouped_slugs in grouped.items():
            tag = names[path]
            tagged = [self.graph.briefings[s] for s in dict.fromkeys(grouped_slugs)]
            tagged.sort(key=lambda b: (b.briefing.date, b.slug), reverse=True)
            fm = front_matter(title=safe_title(f"Tag: {tag}"), description=safe_description(f"Briefings tagged {tag}."))
            count = f"{len(tagged)} briefing{'s' if len(tagged) != 1 else ''}"
            out[path] = self._render("tag.md.j2", path, front_matter=fm, heading=f"Tag: {tag}", feeds=self._feeds(path),
                                     intro=f"{count} tagged “{tag}”, newest first.", briefings=tagged[:PAGE_SIZE])
        fm = front_matter(title="Tags", description="Every tag, with its number of briefings.")
        out[TAGS_INDEX] = self._render("tags_index.md.j2", TAGS_INDEX, front_matter=fm,
                                            tags=list(self.graph.tags.items()))
        return out

    def _feeds(self, page: str):
        """The feeds of a page's briefings (feeds_of), or None when the site has no feeds."""
        return feeds_of(page) if self.options.feeds else None

    def home(self) -> str:
        fm = front_matter(title=safe_title(self.options.site_name), description="The latest briefings, and ways in.",
                          hide=["navigation", "toc"])
        events = sum(1 for entry in self.graph.timeline if entry.text is not None)  # distinct events
        counts = {"briefings": len(self.graph.briefings), "entities": len(self.graph.registry),
                  "events": events, "tags": len(self.graph.tags)}
        return self._render("home.md.j2", HOME, front_matter=fm, site_name=self.options.site_name,
                            intro=Markup(self.options.home_intro_html), counts=counts,
                            latest=self.graph.ordered()[:HOME_LATEST], groups=self.home_groups(),
                            tags=list(self.graph.tags)[:30], feeds=self._feeds(HOME))


def _descending(text: str) -> tuple[int, ...]:
    """A sort key that orders strings (ISO dates) newest first inside an ascending sort."""
    return tuple(-ord(c) for c in text) + (1,)


def _months(entries: Iterable[TimelineEntry]) -> list[tuple[str, str, list[TimelineEntry]]]:
    months: dict[str, list[TimelineEntry]] = defaultdict(list)
    for entry in entries:
        months[entry.date[:7]].append(entry)
    return [(month, human_date(month), months[month]) for month in sorted(months)]


def _render_batch(renderer: SiteRenderer, batch: list[tuple[str, str]]) -> list[str]:
    return [renderer.briefing_page(renderer.graph.briefings[key]) if kind == "b" else renderer.entity_page(key)
            for kind, key in batch]


def render_site(graph: SiteGraph, options: RenderOptions) -> dict[str, str]:
    """Every generated page, keyed by its path under docs/."""
    return {path: text for path, text in iter_site(graph, options) if text is not None}


KEEP = None  # in iter_site's output: the page is as the last conversion wrote it, not rendered again


def iter_site(graph: SiteGraph, options: RenderOptions, renderer: SiteRenderer | None = None,
              keep: Callable[[str], bool] = lambda path: False) -> Iterator[tuple[str, str | None]]:
    """Every generated page as (path under docs/, text), one at a time: a large site need not be held whole.

    keep(path) says of a briefing or entity page that it is made from what it was made from last
    time: it is yielded as (path, KEEP), not rendered.
    """
    renderer = renderer or SiteRenderer(graph, options)
    if options.home:
        yield HOME, renderer.home()
    yield ENTITIES_INDEX, renderer.entities_index()
    yield from renderer.entity_type_pages().items()
    # briefing and entity pages are most of the work: both cores share it on large sites
    jobs = [("b", b.slug) for b in graph.ordered()] + [("e", e.id) for e in graph.registry.sorted()]
    paths = [briefing_path(key) if kind == "b" else entity_path(key) for kind, key in jobs]
    kept = [keep(path) for path in paths]
    wanted = [job for job, skip in zip(jobs, kept, strict=True) if not skip]
    for name in ("briefing.md.j2", "entity.md.j2", "macros.j2"):  # compiled here, not again in each worker
        renderer.template(name)
    texts = fork_iter(_render_batch, wanted, renderer, PARALLEL_FROM)
    for path, skip in zip(paths, kept, strict=True):
        yield (path, KEEP) if skip else (path, next(texts))
    for _ in texts:  # ends the worker processes, if any
        pass
    yield from renderer.briefing_indexes().items()
    yield from renderer.timelines().items()
    if options.tag_pages:
        yield from renderer.tag_pages().items()
