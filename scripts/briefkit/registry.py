"""The entity registry: every person, organisation, country and place, with name lookup."""

from __future__ import annotations

import dataclasses
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from briefkit.load import load_yaml_file
from briefkit.model import Entity, Origin
from briefkit.problems import Problem, did_you_mean, error
from briefkit.validate import RESERVED_IDS, check_date, schema_problems
from briefkit.yamltree import YamlDocument

_DATE_KEYS = ("born", "died", "founded", "dissolved")


def fold(name: str) -> str:
    """The form names are compared in: NFC, case-folded, inner whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


@dataclass(frozen=True, slots=True)
class EntityRegistry:
    """All entities by id, and every name and alias pointing at its entity."""

    entities: Mapping[str, Entity] = field(default_factory=dict)
    by_name: Mapping[str, str] = field(default_factory=dict)  # folded name/alias/id -> id

    def get(self, entity_id: str) -> Entity | None:
        return self.entities.get(entity_id)

    def resolve(self, reference: str) -> Entity | None:
        """The entity an id, name or alias (any case) refers to, or None."""
        reference = reference.strip()
        if reference in self.entities:
            return self.entities[reference]
        entity_id = self.by_name.get(fold(reference))
        return self.entities.get(entity_id) if entity_id else None

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


def _entity_from(data: dict, origin: Origin) -> Entity:
    return Entity(
        id=data["id"],
        name=data["name"].strip(),
        type=data["type"],
        origin=origin,
        aliases=tuple(a.strip() for a in data.get("aliases") or ()),
        description=data.get("description", ""),
        role=data.get("role", ""),
        part_of=data.get("part_of", ""),
        country=data.get("country", ""),
        wikidata=data.get("wikidata", ""),
        wikipedia=data.get("wikipedia", ""),
        website=data.get("website", ""),
        dates=tuple((k, str(data[k])) for k in _DATE_KEYS if k in data),
    )


def entities_from_document(document: YamlDocument, path: str) -> tuple[list[Entity], list[Problem]]:
    """The entities of one registry file (a mapping, or a list of mappings)."""
    data = document.data
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
        found = schema_problems(document, path, "entity", "#/$defs/entity", base=where)
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
        problems += found
        if not found:
            entities.append(_entity_from(item, Origin(path, *document.where(where))))
    return entities, problems


def build_registry(entities: Iterable[Entity]) -> tuple[EntityRegistry, list[Problem]]:
    """Index entities; duplicate ids, clashing names and part_of cycles are errors naming both places."""
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
                o = entity.origin
                problems.append(error(o.path, o.line, o.col, f'{attribute}: unknown entity id "{target}"'
                                      f"{did_you_mean(target, by_id)}"))
                # reported once here; pages that follow the reference must not meet a missing entity
                by_id[entity_id] = dataclasses.replace(entity, **{attribute: ""})
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
    """Read every *.yml / *.yaml file under entity_dir (sorted) into one registry."""
    entities, problems = [], []
    if entity_dir.is_dir():
        files = sorted(p for p in entity_dir.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())
        for file in files:
            shown = file.relative_to(root).as_posix()
            document, found = load_yaml_file(file, shown)
            problems += found
            if document is not None and document.data is not None:
                items, found = entities_from_document(document, shown)
                entities += items
                problems += found
    registry, found = build_registry(entities)
    return registry, problems + found
