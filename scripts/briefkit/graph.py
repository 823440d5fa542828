"""Link stage, site level: each briefing's entities, backlinks, related briefings, the timeline."""

from __future__ import annotations

import bisect
import datetime
import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from briefkit.body import Mention, RenderedBody, render_body
from briefkit.facts import EntityFact, facts_by_entity
from briefkit.link import (
    UNCLOSED_MESSAGE,
    EntityMatcher,
    LinkState,
    Segment,
    link_text,
    resolve_refs,
    unclosed_links,
    unresolved_problems,
)
from briefkit.model import Briefing, Entity, Record, Text
from briefkit.problems import Problem, error
from briefkit.registry import EntityRegistry


@dataclass(frozen=True, slots=True)
class LinkedText(Record):
    segments: tuple[Segment, ...]
    entity_ids: tuple[str, ...]

    @property
    def plain(self) -> str:
        """The text without its links."""
        return "".join(segment.text for segment in self.segments)


@dataclass(frozen=True, slots=True)
class LinkedBriefing(Record):
    """A briefing with every reference resolved: what the renderer needs."""

    briefing: Briefing
    body: RenderedBody
    summary: LinkedText
    facts: tuple[tuple[str, LinkedText], ...]
    events: tuple[tuple[str, LinkedText], ...]
    location: tuple[str, ...]
    actors: tuple[str, ...]
    entity_ids: tuple[str, ...]  # every entity it mentions, most mentioned first
    fact_about: tuple[str, ...] = ()  # per fact, the id of the entity it is about ("" for none)

    @property
    def slug(self) -> str:
        return self.briefing.slug


def _link_value(text: Text, registry: EntityRegistry, matcher: EntityMatcher | None,
                problems: list[Problem]) -> LinkedText:
    segments, unresolved, mentions = link_text(text.value, registry, matcher, LinkState())
    problems += unresolved_problems(text, unresolved, registry)
    ids = tuple(dict.fromkeys(m.entity_id for m in mentions))
    return LinkedText(tuple(segments), ids)


def link_briefing(briefing: Briefing, registry: EntityRegistry, matcher: EntityMatcher,
                  entity_href: Callable[[str], str], md=None, source_dir=None,
                  file_href: Callable[[str], str] | None = None,
                  page_href: Callable[[str], str] | None = None) -> tuple[LinkedBriefing, list[Problem]]:
    """Resolve a briefing's links in body and front matter; problems for every unknown reference.

    source_dir, file_href and page_href: see render_body (files beside the briefing that its body uses,
    links to other briefings' files).
    """
    problems: list[Problem] = []
    auto = matcher if briefing.autolink else None
    body = render_body(briefing.body, registry, entity_href, path=briefing.origin.path,
                       first_line=briefing.body_line, autolink=briefing.autolink, matcher=matcher, md=md,
                       source_dir=source_dir, file_href=file_href, page_href=page_href)
    problems += [*body.problems, *_unclosed_in_body(briefing)]
    summary = _link_value(briefing.summary, registry, None, problems)
    facts = tuple((f.label, _link_value(f.value, registry, auto, problems)) for f in briefing.facts)
    events = tuple((e.date, _link_value(e.summary, registry, auto, problems)) for e in briefing.events)
    location, found = resolve_refs(briefing.location, registry, "location")
    problems += found
    actors, found = resolve_refs(briefing.actors, registry, "actors")
    problems += found
    listed, found = resolve_refs(briefing.entities, registry, "entities")
    problems += found
    about = []
    for i, fact in enumerate(briefing.facts):
        ids, found = resolve_refs([fact.about] if fact.about else [], registry, f"facts[{i}].about")
        problems += found
        about.append(ids[0] if ids else "")
    counts: Counter[str] = Counter({m.entity_id: m.count for m in body.mentions})
    for linked in [summary, *(v for _, v in facts), *(v for _, v in events)]:
        counts.update(linked.entity_ids)
    counts.update(location + actors + listed + [a for a in about if a])
    entity_ids = tuple(sorted(counts, key=lambda e: (-counts[e], e)))
    return LinkedBriefing(briefing, body, summary, facts, events, tuple(location), tuple(actors), entity_ids,
                          tuple(about)), problems


def _unclosed_in_body(briefing: Briefing) -> list[Problem]:
    text, found = briefing.body, []
    for offset in unclosed_links(text, markdown=True):
        line = text.count("\n", 0, offset)
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        found.append(error(briefing.origin.path, briefing.body_line + line, col, UNCLOSED_MESSAGE))
    return found


@dataclass(frozen=True, slots=True)
class Backlink(Record):
    slug: str
    context: str


@dataclass(frozen=True, slots=True)
class Related(Record):
    slug: str
    score: float
    shared_entities: tuple[str, ...]
    shared_tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TimelineEntry(Record):
    """One dated line of the timeline: an event of a briefing, or the briefing's own date."""

    date: str
    slug: str
    text: LinkedText | None  # None: the briefing itself (its title is shown)
    also: tuple[str, ...] = ()  # other briefings that report the same event


@dataclass(frozen=True, slots=True)
class SiteGraph:
    """Everything that connects briefings and entities, computed once for the whole site."""

    registry: EntityRegistry
    briefings: Mapping[str, LinkedBriefing]  # newest first
    backlinks: Mapping[str, tuple[Backlink, ...]] = field(default_factory=dict)
    cooccurring: Mapping[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    related: Mapping[str, tuple[Related, ...]] = field(default_factory=dict)
    timeline: tuple[TimelineEntry, ...] = ()
    entity_events: Mapping[str, tuple[TimelineEntry, ...]] = field(default_factory=dict)
    tags: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    entity_facts: Mapping[str, tuple[EntityFact, ...]] = field(default_factory=dict)  # facts about each entity

    def ordered(self) -> list[LinkedBriefing]:
        return list(self.briefings.values())


def newest_first(briefings: Iterable[LinkedBriefing]) -> list[LinkedBriefing]:
    return sorted(briefings, key=lambda b: (b.briefing.date, b.slug), reverse=True)


def _contexts(b: LinkedBriefing) -> dict[str, str]:
    """The sentence each entity is first named in: the body's, else a fact's or an event's text."""
    contexts: dict[str, str] = {}
    texts = [b.summary, *(value for _, value in b.facts), *(text for _, text in b.events)]
    for text in reversed(texts):  # earlier texts win
        shown = text.plain
        contexts.update({entity_id: shown for entity_id in text.entity_ids})
    contexts.update({m.entity_id: m.context for m in b.body.mentions if m.context})
    return contexts


def build_graph(linked: Iterable[LinkedBriefing], registry: EntityRegistry, related_count: int = 5,
                cooccurring_count: int = 10) -> SiteGraph:
    """Backlinks with context, co-occurring entities, related briefings, timeline and tags."""
    ordered = newest_first(linked)
    by_slug = {b.slug: b for b in ordered}
    backlinks: dict[str, list[Backlink]] = defaultdict(list)
    cooccur: dict[str, Counter[str]] = defaultdict(Counter)
    tags: dict[str, list[str]] = defaultdict(list)
    for b in ordered:
        contexts = _contexts(b)
        for entity_id in b.entity_ids:
            backlinks[entity_id].append(Backlink(b.slug, contexts.get(entity_id, "")))
            others = [e for e in b.entity_ids if e != entity_id]
            cooccur[entity_id].update(others)
        for tag in b.briefing.tags:
            tags[tag].append(b.slug)
    cooccurring = {e: tuple(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:cooccurring_count])
                   for e, c in cooccur.items()}
    timeline, entity_events = _timeline(ordered)
    return SiteGraph(
        registry=registry,
        briefings=by_slug,
        backlinks={e: tuple(v) for e, v in backlinks.items()},
        cooccurring=cooccurring,
        related=_related(ordered, related_count, registry),
        timeline=timeline,
        entity_events=entity_events,
        tags={t: tuple(v) for t, v in sorted(tags.items(), key=lambda kv: kv[0].casefold())},
        entity_facts=facts_by_entity(ordered),
    )


RARE_POSTINGS = 30  # an entity or tag in at most this many briefings: all of them are candidates
DATE_WINDOW = 6     # otherwise only the briefings nearest in date sharing it, this many on each side
SHORTLIST = 4       # exact scores for this many times `count` best first estimates
# What makes two briefings related, and what does not (measured on the real articles of
# tests/drafting/evaluation with benchmarks/related_quality.py: see the README):
MIN_RELATED_SCORE = 0.5   # below this, no relation is shown: none rather than weak ones
PASSING = 0.35            # weight of an entity named once in passing (not in location, actors or a fact's
                          # about, not in the title, named once): two passing mentions of Biden are no relation
COUNTRY = 0.5             # a country is broad: sharing one says less than sharing a person, group or place
TAG = 0.15                # a shared tag adds a little to shared entities, and makes no relation alone
HALF_LIFE_DAYS = 180      # relations fade with the time between two briefings: half at 180 days apart


def _prominence(b: LinkedBriefing, registry_types: Mapping[str, str]) -> dict[str, float]:
    """How much each entity a briefing names counts for relating it to others (0..1)."""
    counts: Counter[str] = Counter({m.entity_id: m.count for m in b.body.mentions})
    for linked in [b.summary, *(v for _, v in b.facts), *(v for _, v in b.events)]:
        counts.update(linked.entity_ids)
    central = set(b.location) | set(b.actors) | {a for a in b.fact_about if a}
    title = b.briefing.title.casefold()
    weights = {}
    for entity_id in b.entity_ids:
        weight = 1.0 if entity_id in central or counts[entity_id] >= 2 else PASSING
        if weight < 1.0 and entity_id.replace("-", " ") in title:
            weight = 1.0
        if registry_types.get(entity_id) == "country":
            weight *= COUNTRY
        weights[entity_id] = weight
    return weights


def _related(ordered: list[LinkedBriefing], count: int, registry: EntityRegistry | None = None
             ) -> dict[str, tuple[Related, ...]]:
    """Rank other briefings by the substance they share, fading with the time between them.

    Substance: the entities both name, each weighted by its rarity in the archive (inverse
    document frequency, as a share of the largest possible, so that it means the same in
    4 briefings and in 10,000) and by how prominent it is in each of the two (a passing
    mention counts for little; a country is broad). Shared tags add a little to shared
    entities and never make a relation alone. A relation is shown only from
    MIN_RELATED_SCORE: a briefing with no strong relation shows none.

    Candidates come from posting lists: all briefings of a rare entity or tag, only the
    nearest in date of a common one (taking all of them would make the work quadratic: at
    10,000 briefings a country is in thousands). The candidates' estimated scores pick a
    shortlist, which is scored exactly; the cost per briefing is bounded, so the whole is
    linear in the number of briefings.
    """
    total = len(ordered)
    if total < 2:
        return {}
    types = {e.id: e.type for e in registry.entities.values()} if registry is not None else {}
    by_entity: dict[str, list[int]] = defaultdict(list)
    by_tag: dict[str, list[int]] = defaultdict(list)
    for index, b in enumerate(ordered):
        for entity_id in b.entity_ids:
            by_entity[entity_id].append(index)
        for tag in b.briefing.tags:
            by_tag[tag].append(index)
    most = math.log(total + 1)
    rarity = {e: math.log((total + 1) / len(v)) / most for e, v in by_entity.items()}
    days = [_day(b.briefing.date) for b in ordered]
    prominence = [_prominence(b, types) for b in ordered]
    tag_sets = [frozenset(b.briefing.tags) for b in ordered]

    def nearby(postings: list[int], index: int) -> list[int]:
        if len(postings) <= RARE_POSTINGS:
            return postings
        at = bisect.bisect_left(postings, index)  # posting lists ascend: ordered by date
        return postings[max(0, at - DATE_WINDOW): at + DATE_WINDOW + 1]

    result = {}
    for index, b in enumerate(ordered):
        mine = prominence[index]
        estimate: dict[int, float] = {}
        for entity_id, weight in mine.items():
            for other in nearby(by_entity[entity_id], index):
                estimate[other] = estimate.get(other, 0.0) + rarity[entity_id] * weight
        estimate.pop(index, None)
        day = days[index]

        def fading(other: int, day: int = day) -> float:
            return 1 / (1 + abs(day - days[other]) / HALF_LIFE_DAYS)

        shortlist = heapq.nlargest(count * SHORTLIST, estimate, key=lambda o: (estimate[o] * fading(o), -o))
        scored = []
        for other_index in shortlist:
            theirs = prominence[other_index]
            shared = {e: rarity[e] * mine[e] * theirs[e] for e in mine.keys() & theirs.keys()}
            substance = sum(shared.values())
            shared_t = tuple(sorted(tag_sets[index] & tag_sets[other_index]))
            score = (substance + TAG * len(shared_t) * (substance > 0)) * fading(other_index)
            if score >= MIN_RELATED_SCORE:
                shared_e = tuple(sorted(shared, key=lambda e: (-shared[e], e)))
                scored.append(Related(ordered[other_index].slug, round(score, 4), shared_e, shared_t))
        scored.sort(key=lambda r: (-r.score, r.slug))
        result[b.slug] = tuple(scored[:count])
    return result


def _day(date: str) -> int:
    """A date (YYYY, YYYY-MM or YYYY-MM-DD) as a day number: a partial date counts as its middle."""
    parts = (date + "-07-01")[:10] if len(date) == 4 else (date + "-15" if len(date) == 7 else date)
    return datetime.date.fromisoformat(parts).toordinal()


def _timeline(ordered: list[LinkedBriefing]) -> tuple[tuple[TimelineEntry, ...], dict[str, tuple[TimelineEntry, ...]]]:
    """Every briefing's date and every event, in date order.

    Several briefings often report the same event in the same words: it is shown once,
    naming every briefing that reports it (the oldest first).
    """
    entries: list[TimelineEntry] = []
    events: dict[tuple[str, str], list] = {}  # (date, folded text) -> [first slug, text, other slugs]
    for b in reversed(ordered):  # oldest first, so the first report leads
        entries.append(TimelineEntry(b.briefing.date, b.slug, None))
        for date, text in b.events:
            shown = " ".join(text.plain.split()).casefold()
            same = events.get((date, shown))
            if same is None:
                events[(date, shown)] = [b.slug, text, []]
            elif b.slug != same[0] and b.slug not in same[2]:
                same[2].append(b.slug)
    per_entity: dict[str, list[TimelineEntry]] = defaultdict(list)
    for (date, _), (slug, text, others) in events.items():
        entry = TimelineEntry(date, slug, text, tuple(others))
        entries.append(entry)
        for entity_id in text.entity_ids:
            per_entity[entity_id].append(entry)

    def key(e: TimelineEntry) -> tuple:
        return (e.date, e.slug, e.text is not None, e.text.plain if e.text else "")

    entries.sort(key=key)
    return tuple(entries), {e: tuple(sorted(v, key=key)) for e, v in per_entity.items()}


def entity_types(registry: EntityRegistry) -> dict[str, list[Entity]]:
    grouped: dict[str, list[Entity]] = defaultdict(list)
    for entity in sorted(registry.entities.values(), key=lambda e: (e.sort_name.casefold(), e.name.casefold(), e.id)):
        grouped[entity.type].append(entity)
    return grouped


__all__ = ["LinkedBriefing", "SiteGraph", "build_graph", "link_briefing", "Mention", "newest_first"]
