"""Facts across briefings: what each says about an entity, as of when, and where two disagree.

A fact with `about:` is a claim about that entity, holding on its `as_of` date (the
briefing's date unless given). Two briefings that give different values for the same label
about the same entity as of the same date disagree: check warns, and the entity page marks
both, so readers see the disagreement instead of one silent winner. A later `as_of`
supersedes an earlier one: that is news, not a conflict.

Labels and values are compared folded (case, Unicode form and runs of whitespace ignored):
"Death toll" and "death  toll" are one label, "9" and "nine" two values.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefkit.model import Origin
from briefkit.problems import Problem, warning

if TYPE_CHECKING:
    from briefkit.graph import LinkedBriefing, LinkedText


def fold_text(text: str) -> str:
    """The form labels and values are compared in."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass(frozen=True, slots=True)
class EntityFact:
    """One briefing's fact about an entity, as its page lists it."""

    label: str
    value: LinkedText
    as_of: str
    slug: str          # the briefing that states it
    source: int | None  # index into that briefing's sources
    origin: Origin      # where its value was written
    conflict: bool = False  # another briefing gives another value for the same label and date


def _about(linked: Iterable[LinkedBriefing]) -> dict[str, list[EntityFact]]:
    found: dict[str, list[EntityFact]] = defaultdict(list)
    for b in linked:
        # fact_about is empty when no fact says what it is about: nothing to file then
        for fact, (_, value), entity_id in zip(b.briefing.facts, b.facts, b.fact_about, strict=False):
            if entity_id:
                found[entity_id].append(EntityFact(fact.label, value, fact.as_of or b.briefing.date, b.slug,
                                                   fact.source, fact.value.origin))
    return found


def _conflicting(facts: list[EntityFact]) -> set[int]:
    """Indexes of the facts whose (label, as_of) has more than one value."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, fact in enumerate(facts):
        groups[(fold_text(fact.label), fact.as_of)].append(index)
    conflicting = set()
    for members in groups.values():
        if len({fold_text(facts[i].value.plain) for i in members}) > 1:
            conflicting.update(members)
    return conflicting


def facts_by_entity(linked: Iterable[LinkedBriefing]) -> dict[str, tuple[EntityFact, ...]]:
    """For each entity, the facts about it: by label (folded), newest as_of first, conflicts marked."""
    result = {}
    for entity_id, facts in _about(linked).items():
        conflicting = _conflicting(facts)
        marked = [EntityFact(f.label, f.value, f.as_of, f.slug, f.source, f.origin, i in conflicting)
                  for i, f in enumerate(facts)]
        marked.sort(key=lambda f: (fold_text(f.label), _newest_first(f.as_of), f.slug))
        result[entity_id] = tuple(marked)
    return result


def _newest_first(date: str) -> tuple:
    return tuple(-ord(c) for c in date)


def fact_conflicts(linked: Iterable[LinkedBriefing]) -> list[Problem]:
    """A warning at each fact that another briefing contradicts, naming where the other value is."""
    problems = []
    for entity_id, facts in sorted(_about(linked).items()):
        conflicting = _conflicting(facts)
        for index in sorted(conflicting):
            fact = facts[index]
            others = [facts[i] for i in sorted(conflicting) if i != index
                      and (fold_text(facts[i].label), facts[i].as_of) == (fold_text(fact.label), fact.as_of)
                      and fold_text(facts[i].value.plain) != fold_text(fact.value.plain)]
            said = "; ".join(f'"{o.value.plain}" at {o.origin.path}:{o.origin.line}' for o in others)
            o = fact.origin
            problems.append(warning(o.path, o.line, o.col, f'fact "{fact.label}" about "{entity_id}" as of '
                                    f'{fact.as_of} is "{fact.value.plain}" here but {said}: correct one, or give '
                                    "each its own as_of"))
    return problems
