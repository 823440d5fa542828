"""The entity registry: every person, organisation, country and place, with name lookup."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefkit.load import read_source
from briefkit.model import ENTITY_TYPES, Entity, Origin, Record
from briefkit.problems import Problem, did_you_mean, error, root_cause
from briefkit.validate import RESERVED_IDS, check_date, schema_problems
from briefkit.yamltree import YamlDocument, parse_yaml

_DATE_KEYS = ("born", "died", "founded", "dissolved")
# Spellings of a type that can only mean one type, accepted as it (any case): "organisation" is
# how British and Commonwealth newsrooms write it. Plurals are not accepted but named in the error.
TYPE_SPELLINGS = {**{t: t for t in ENTITY_TYPES}, "organisation": "organization"}
TYPE_PLURALS = {"people": "person", "persons": "person", "organizations": "organization",
                "organisations": "organization", "countries": "country", "places": "place", "events": "event"}
# A list item that starts at column 0 ("- id: ..."): where a registry file that does not parse is cut up
# so that the entities around the broken one keep working.
_ITEM_START = re.compile(r"^-(?:[ \t]|$)", re.M)
_ID_LINE = re.compile(r"""^[ \t-]*id:[ \t]*["']?([^"'\s#]+)""", re.M)
_NAME_LINE = re.compile(r"""^[ \t-]*(?:name|aliases):[ \t]*(.+)$""", re.M)


def fold(name: str) -> str:
    """The form names are compared in: NFC, case-folded, inner whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


@dataclass(frozen=True, slots=True)
class EntityRegistry(Record):
    """All entities by id, and every name and alias pointing at its entity."""

    entities: Mapping[str, Entity] = field(default_factory=dict)
    by_name: Mapping[str, str] = field(default_factory=dict)  # folded name/alias/id -> id
    # folded ids and names of entities written in the registry but left out because of errors,
    # each with the file that holds them: a link to one is not a typo, and is reported as such
    unavailable: Mapping[str, str] = field(default_factory=dict)

    def get(self, entity_id: str) -> Entity | None:
        return self.entities.get(entity_id)

    def __getitem__(self, entity_id: str) -> Entity:
        """The entity of an id the registry holds (linked text only names those); KeyError otherwise."""
        return self.entities[entity_id]

    def resolve(self, reference: str) -> Entity | None:
        """The entity an id, name or alias (any case) refers to, or None."""
        reference = reference.strip()
        if reference in self.entities:
            return self.entities[reference]
        entity_id = self.by_name.get(fold(reference))
        return self.entities.get(entity_id) if entity_id else None

    def unavailable_in(self, reference: str) -> str:
        """The registry file that defines reference but has errors (so it is not known), or ''."""
        return self.unavailable.get(fold(reference.strip()), "")

    def suggest(self, reference: str) -> str:
        """A did-you-mean hint for an unknown reference."""
        wanted = fold(reference).replace("-", " ")
        # a shortened name ("sistan" for sistan-baluchestan) is a better hint than a close spelling
        starting = {entity_id for name, entity_id in self.by_name.items()
                    if wanted and name.replace("-", " ").startswith(wanted + " ")}
        if len(starting) == 1:
            return f' (did you mean "{starting.pop()}"?)'
        pool = list(self.entities) + [e.name for e in self.entities.values()]
        return did_you_mean(reference.strip(), pool)

    def __len__(self) -> int:
        return len(self.entities)

    def sorted(self) -> list[Entity]:
        return [self.entities[k] for k in sorted(self.entities)]


def _entity_from(data: dict, origin: Origin, document: YamlDocument, where: tuple) -> Entity:
    origins = tuple((key, Origin(origin.path, *document.where(where + (key,))))
                    for key in ("part_of", "country") if data.get(key))
    return Entity(
        id=data["id"],
        name=data["name"].strip(),
        type=TYPE_SPELLINGS.get(data["type"].casefold(), data["type"]),
        origin=origin,
        field_origins=origins,
        aliases=tuple(a.strip() for a in data.get("aliases") or ()),
        description=data.get("description", ""),
        role=data.get("role", ""),
        part_of=data.get("part_of", ""),
        country=data.get("country", ""),
        wikidata=data.get("wikidata", ""),
        wikipedia=data.get("wikipedia", ""),
        website=data.get("website", ""),
        dates=tuple((k, str(data[k])) for k in _DATE_KEYS if k in data),
        sort_as=data.get("sort_name", "").strip(),
        coordinates=(float(data["coordinates"][0]), float(data["coordinates"][1])) if "coordinates" in data else None,
    )


def entities_from_document(document: YamlDocument, path: str) -> tuple[list[Entity], list[Problem]]:
    """The entities of one registry file (a mapping, or a list of mappings)."""
    data = document.data
    items: list[tuple[tuple[int, ...], Any]]
    if isinstance(data, dict):
        items = [((), data)]
    elif isinstance(data, list):
        items = [((i,), item) for i, item in enumerate(data)]
    else:
        line, col = document.where(())
        return [], [error(path, line, col, "an entity file holds one entity (id, name, type...) or a list of them")]
    entities, problems = [], []
    for where, item in items:
        if not isinstance(item, dict):
            line, col = document.where(where)
            problems.append(error(path, line, col, "expected an entity (a mapping with id, name, type)"))
            continue
        found = [p for p in schema_problems(document, path, "entity", "#/$defs/entity", base=where)
                 if not _accepted_type(p, item)]
        for key in _DATE_KEYS:
            value = item.get(key)
            if isinstance(value, str) and len(value) == 10 and check_date(value):
                line, col = document.where(where + (key,))
                found.append(error(path, line, col, f"{key}: {check_date(value)}"))
        entity_id = item.get("id")
        if isinstance(entity_id, str) and entity_id in RESERVED_IDS:
            line, col = document.where(where + ("id",))
            found.append(error(path, line, col, f'id "{entity_id}" is reserved: its page would take the place of '
                               "the list of entities, or of a Windows device name; choose another id"))
        problems += [_plural_hint(p, item) for p in found]
        if not found:
            entities.append(_entity_from(item, Origin(path, *document.where(where)), document, where))
    return entities, problems


def _plural_hint(problem: Problem, item: dict) -> Problem:
    value = item.get("type")
    if isinstance(value, str) and problem.message.startswith("type: ") and value.casefold() in TYPE_PLURALS:
        return dataclasses.replace(problem, message=f'type: "{value}" is a plural: an entity has the type of one, '
                                   f'"{TYPE_PLURALS[value.casefold()]}"')
    return problem


def _accepted_type(problem: Problem, item: dict) -> bool:
    """True for the schema's complaint about a type spelt in a way that means one type only."""
    value = item.get("type")
    return (isinstance(value, str) and problem.message.startswith("type: ")
            and value.casefold() in TYPE_SPELLINGS and value not in ENTITY_TYPES)


def build_registry(entities: Iterable[Entity], unavailable: Mapping[str, str] | None = None
                   ) -> tuple[EntityRegistry, list[Problem]]:
    """Index entities; duplicate ids, clashing names and part_of cycles are errors naming both places.

    unavailable: folded ids written in registry files with errors, and those files.
    """
    problems: list[Problem] = []
    by_id: dict[str, Entity] = {}
    for entity in sorted(entities, key=lambda e: e.origin):
        if entity.id in by_id:
            first = by_id[entity.id].origin
            problems.append(error(entity.origin.path, entity.origin.line, entity.origin.col,
                                  f'duplicate entity id "{entity.id}" (also at {first.path}:{first.line})'))
            continue
        by_id[entity.id] = entity
    by_name: dict[str, str] = {}
    owner_kind: dict[str, str] = {}
    for entity in by_id.values():
        for kind, name in [("id", entity.id), ("name", entity.name)] + [("alias", a) for a in entity.aliases]:
            key = fold(name)
            other_id = by_name.get(key)
            if other_id is None:
                by_name[key] = entity.id
                owner_kind[key] = kind
            elif other_id != entity.id:
                other = by_id[other_id]
                o = entity.origin
                problems.append(error(o.path, o.line, o.col,
                                      f'{kind} "{name}" of "{entity.id}" is already the {owner_kind[key]} of '
                                      f'"{other_id}" ({other.origin.path}:{other.origin.line}); '
                                      f'a name must point at one entity'))
    for entity_id in list(by_id):
        for attribute in ("part_of", "country"):
            entity = by_id[entity_id]
            target = getattr(entity, attribute)
            if target and target not in by_id:
                o = entity.origin_of(attribute)
                broken = (unavailable or {}).get(fold(target))
                if broken:
                    problems.append(dataclasses.replace(
                        error(o.path, o.line, o.col, f'{attribute}: entity "{target}" is not available: it is '
                              f"written in {broken}, which has errors"), caused_by=(broken, target)))
                else:
                    problems.append(error(o.path, o.line, o.col, f'{attribute}: unknown entity id "{target}"'
                                          f"{did_you_mean(target, by_id)}"))
                # reported once here; pages that follow the reference must not meet a missing entity
                unset: dict[str, Any] = {attribute: ""}
                by_id[entity_id] = dataclasses.replace(entity, **unset)
    problems += _cycles(by_id)
    return EntityRegistry(by_id, by_name), problems


def _cycles(by_id: Mapping[str, Entity]) -> list[Problem]:
    problems, reported = [], set()
    for start in sorted(by_id):
        chain, current = [], start
        while current in by_id and by_id[current].part_of and current not in chain:
            chain.append(current)
            current = by_id[current].part_of
        if current in chain:
            cycle = chain[chain.index(current):]
            if frozenset(cycle) in reported:
                continue
            reported.add(frozenset(cycle))
            places = ", ".join(f"{by_id[c].origin.path}:{by_id[c].origin.line}" for c in cycle)
            o = by_id[cycle[0]].origin
            problems.append(error(o.path, o.line, o.col, "part_of cycle: " + " -> ".join(cycle + [cycle[0]])
                                  + f" ({places})"))
    return problems


def load_registry(entity_dir: Path, root: Path) -> tuple[EntityRegistry, list[Problem]]:
    """Read every *.yml / *.yaml file under entity_dir (sorted) into one registry.

    A file's errors are root causes (printed first): every briefing that names one of its
    entities fails with it. The entities written in a file, or a list item, that cannot be
    read are remembered as unavailable, so that links to them say why.
    """
    entities: list[Entity] = []
    problems: list[Problem] = []
    unavailable: dict[str, str] = {}
    if entity_dir.is_dir():
        files = sorted(p for p in entity_dir.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())
        for file in files:
            shown = file.relative_to(root).as_posix()
            items, found, lost = _read_registry_file(file, shown)
            entities += items
            problems += found
            unavailable.update({fold(name): shown for name in lost})
    known = {fold(name) for name in _names_of(entities)}
    unavailable = {k: v for k, v in unavailable.items() if k not in known}
    registry, found = build_registry(entities, unavailable)
    registry = dataclasses.replace(registry, unavailable=unavailable)
    return registry, [p if p.caused_by else root_cause(p) for p in problems + found]


def _read_registry_file(file: Path, shown: str) -> tuple[list[Entity], list[Problem], set[str]]:
    """One registry file's entities, its problems, and the ids and names written in parts left out."""
    source, problems = read_source(file, shown)
    if source is None:
        return [], problems, set()
    document, problems = parse_yaml(source.text, shown)
    if document is None:
        return _salvage(source.text, shown)
    if document.data is None:
        return [], problems, set()
    entities, found = entities_from_document(document, shown)
    return entities, problems + found, _written_names(source.text) - _names_of(entities) if found else set()


def _salvage(text: str, shown: str) -> tuple[list[Entity], list[Problem], set[str]]:
    """A registry file that does not parse, read list item by list item: one broken entity leaves
    the others of its file working, and each broken item is reported at its own line."""
    starts = [m.start() for m in _ITEM_START.finditer(text)]
    preamble = [line for line in text[:starts[0] if starts else len(text)].split("\n")
                if line.strip() and not line.lstrip().startswith("#")]
    if not starts or preamble:  # one entity (a mapping), or no list at column 0: the file is unavailable as a whole
        document, problems = parse_yaml(text, shown)
        return [], problems, _written_names(text)
    entities, problems, lost = [], [], set()
    for start, end in zip(starts, starts[1:] + [len(text)], strict=True):
        chunk, offset = text[start:end], text.count("\n", 0, start)
        document, found = parse_yaml(chunk, shown, line_offset=offset)
        if document is None or not isinstance(document.data, list):
            problems += found
            lost |= _written_names(chunk)
            continue
        items, more = entities_from_document(document, shown)
        entities += items
        problems += found + more
        if found or more:
            lost |= _written_names(chunk) - _names_of(items)
    return entities, problems, lost


def _written_names(text: str) -> set[str]:
    """The ids and names that lines "id: x", "name: y" of a registry text give, read without YAML."""
    names = set(_ID_LINE.findall(text))
    for value in _NAME_LINE.findall(text):
        names.update(part.strip().strip("\"'") for part in value.strip().strip("[]").split(",") if part.strip())
    return {name for name in names if name}


def _names_of(entities: Iterable[Entity]) -> set[str]:
    return {name for e in entities for name in (e.id, *e.names)}
