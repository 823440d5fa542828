"""Link stage, text level: [[wikilinks]] and automatic links to registered entity names.

Pure functions over strings: text in, linked segments and unresolved references out.
Names are found in one pass whatever the registry's size (Aho-Corasick with
overlapping matches, then a word-boundary filter, then leftmost-longest selection:
filtering *after* non-overlapping matching would lose valid hits).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import ahocorasick

from briefkit.model import Origin, Record, Text
from briefkit.problems import Problem, error
from briefkit.registry import EntityRegistry

WIKILINK = re.compile(r"\[\[([^\[\]\n|]*)(?:\|([^\[\]\n]*))?\]\]")
_OPENING = re.compile(r"\[\[(?!\[)")  # the last two of "[[[": "[" + "[[id]]" is a bracket and a link
# Markdown code, where "[[" is not a link: fenced blocks (``` or ~~~, to the closing fence or the end)
# and code spans (a run of backticks to the same run)
_CODE = re.compile(r"^[ ]{0,3}(?P<fence>`{3,}|~{3,})[^\n]*\n(?:.*?\n)??[ ]{0,3}(?P=fence)[`~]*[ \t]*(?:\n|$)"
                   r"|^[ ]{0,3}(?:`{3,}|~{3,})[^\n]*(?:\n.*)?\Z|(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)",
                   re.M | re.S)
UNCLOSED_MESSAGE = 'unclosed [[ link: close it with "]]" (a link is [[id]] or [[id|shown text]], on one line)'


def unclosed_links(text: str, markdown: bool = False) -> list[int]:
    """Offsets of each "[[" that no "]]" closes into a link (outside code, when text is Markdown).

    Left alone, its brackets would be printed on the page and the entity not linked.
    """
    if "[[" not in text:
        return []
    if markdown and ("`" in text or "~" in text):  # blank out code (always fenced or in backticks), keeping offsets
        text = _CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    links = [m.span() for m in WIKILINK.finditer(text)]
    return [m.start() for m in _OPENING.finditer(text) if not any(a <= m.start() < b for a, b in links)]


@dataclass(frozen=True, slots=True)
class Segment(Record):
    """A run of text; entity_id is set when the run links to that entity."""

    text: str
    entity_id: str = ""


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A [[link]] whose target is not in the registry, at its offset in the text."""

    target: str
    offset: int
    length: int


@dataclass(frozen=True, slots=True)
class NameMatch:
    start: int
    end: int
    entity_id: str


class EntityMatcher:
    """Finds registered names and aliases as whole words, case-sensitively, in one pass."""

    def __init__(self, registry: EntityRegistry):
        self._automaton = ahocorasick.Automaton()
        for entity in registry.entities.values():
            for name in entity.names:
                for form in {name, unicodedata.normalize("NFC", name), unicodedata.normalize("NFD", name)}:
                    if form.strip() and form not in self._automaton:
                        self._automaton.add_word(form, (len(form), entity.id))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[NameMatch]:
        """Whole-word, leftmost-longest, non-overlapping matches in text."""
        if self._empty or not text:
            return []
        candidates = []
        for end_index, (length, entity_id) in self._automaton.iter(text):
            start, end = end_index - length + 1, end_index + 1
            if _is_word_start(text, start) and _is_word_end(text, end):
                candidates.append((start, -end, entity_id))
        candidates.sort()
        matches, taken_until = [], 0
        for start, neg_end, entity_id in candidates:
            if start >= taken_until:
                matches.append(NameMatch(start, -neg_end, entity_id))
                taken_until = -neg_end
        return matches


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or unicodedata.category(ch) in ("Mn", "Mc")


def _is_word_start(text: str, start: int) -> bool:
    return start == 0 or not _is_word_char(text[start - 1]) or not _is_word_char(text[start])


def _is_word_end(text: str, end: int) -> bool:
    return end == len(text) or not _is_word_char(text[end]) or not _is_word_char(text[end - 1])


@dataclass
class LinkState:
    """Which entities a document has linked so far (only the first mention is auto-linked)."""

    linked: set[str] = field(default_factory=set)


def link_text(text: str, registry: EntityRegistry, matcher: EntityMatcher | None = None,
              state: LinkState | None = None) -> tuple[list[Segment], list[Unresolved], list[NameMatch]]:
    """Split text into plain and linked segments.

    [[id]], [[id|shown]] and [[Name or alias]] always link (or are returned as unresolved);
    with a matcher, the first mention of each entity not linked before is linked too.
    Returns (segments, unresolved links, every name mention found).
    """
    state = state if state is not None else LinkState()
    segments: list[Segment] = []
    unresolved: list[Unresolved] = []
    mentions: list[NameMatch] = []
    position = 0
    for match in WIKILINK.finditer(text):
        _plain(text[position:match.start()], position, matcher, state, segments, mentions)
        target, shown = match.group(1), match.group(2)
        entity = registry.resolve(target) if target.strip() else None
        if entity is None:
            unresolved.append(Unresolved(target, match.start(), match.end() - match.start()))
            segments.append(Segment((shown if shown is not None else target) or match.group(0)))
        else:
            label = shown if shown and shown.strip() else (target if target.strip() != entity.id else entity.name)
            segments.append(Segment(label, entity.id))
            state.linked.add(entity.id)
            mentions.append(NameMatch(match.start(), match.end(), entity.id))
        position = match.end()
    _plain(text[position:], position, matcher, state, segments, mentions)
    return [s for s in segments if s.text], unresolved, mentions


def _plain(text: str, offset: int, matcher: EntityMatcher | None, state: LinkState,
           segments: list[Segment], mentions: list[NameMatch]) -> None:
    if matcher is None:
        segments.append(Segment(text))
        return
    position = 0
    for found in matcher.find(text):
        mentions.append(NameMatch(found.start + offset, found.end + offset, found.entity_id))
        if found.entity_id in state.linked:
            continue
        state.linked.add(found.entity_id)
        segments.append(Segment(text[position:found.start]))
        segments.append(Segment(text[found.start:found.end], found.entity_id))
        position = found.end
    segments.append(Segment(text[position:]))


def unknown_entity(path: str, line: int, col: int, what: str, target: str, registry: EntityRegistry) -> Problem:
    """The error for a reference (what: 'actors: ', ...) to target, which the registry does not know.

    When target is written in a registry file that has errors, the problem says so and is marked
    as caused by that file (gather folds all such problems into one line at that file).
    """
    broken = registry.unavailable_in(target)
    if broken:
        return replace(error(path, line, col, f'{what}entity "{target}" is not available: it is written in '
                             f"{broken}, which has errors"), caused_by=(broken, target.strip()))
    return error(path, line, col, f'{what}unknown entity "{target}"{registry.suggest(target)}')


def unresolved_problem(path: str, line: int, col: int, target: str, registry: EntityRegistry) -> Problem:
    """The error for a [[link]] to target that resolves to nothing."""
    if not target.strip():
        return error(path, line, col, "empty [[ ]] link: put an entity id, name or alias inside")
    problem = unknown_entity(path, line, col, "", target, registry)
    return replace(problem, message=problem.message.replace(f'"{target}"', f'"{target}" in [[...]] link', 1))


def unresolved_problems(source: Text, unresolved: Iterable[Unresolved], registry: EntityRegistry) -> list[Problem]:
    """Problems for unresolved links of a front matter value (at the link when the value is written
    as is on one line, else at the value)."""
    o: Origin = source.origin
    return ([unresolved_problem(o.path, o.line, o.col + (u.offset if source.exact else 0), u.target, registry)
             for u in unresolved]
            + [error(o.path, o.line, o.col + (offset if source.exact else 0), UNCLOSED_MESSAGE)
               for offset in unclosed_links(source.value)])


def resolve_refs(refs: Iterable[Text], registry: EntityRegistry, field_name: str) -> tuple[list[str], list[Problem]]:
    """Entity ids for a list of references (location, actors, entities), with problems for unknown ones."""
    ids, problems = [], []
    for ref in refs:
        target = WIKILINK.fullmatch(ref.value.strip())
        name = target.group(1) if target else ref.value
        entity = registry.resolve(name)
        if entity is None:
            o = ref.origin
            problems.append(unknown_entity(o.path, o.line, o.col, f"{field_name}: ", name, registry))
        elif entity.id not in ids:
            ids.append(entity.id)
    return ids, problems
