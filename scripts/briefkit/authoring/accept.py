"""`briefkit accept DRAFT [NAME...]`: move a draft's candidate entities into the registry in one step.

`briefkit new` lists names the registry does not know under `extra.candidate_entities`
(name, type, why, aliases, role). Accepting them by hand meant copying each into the right
registry file and listing its id under `entities:`. Here the chosen candidates (all when
none is named) are written to the registry file that holds their type (people.yml for a
person, places.yml for a place, ...), with their aliases, role, country and coordinates
where the gazetteer knows them; their ids join the draft's `entities:` and they leave its
candidate list, so that every mention is linked.

Nothing is written until everything was checked: an id that clashes with the registry
(or with another candidate) is refused, naming both; the edited registry and draft are
loaded and checked as `briefkit check` would, from a staging copy; then each file is
replaced atomically. The draft is edited line by line, so the author's comments and
formatting stay; an edit that would not read back as intended is refused, never guessed.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from briefkit.authoring import places
from briefkit.authoring.draft import check_draft_file
from briefkit.link import EntityMatcher
from briefkit.load import load_briefing, load_yaml_file
from briefkit.problems import Problem, did_you_mean, error, has_errors
from briefkit.project import Project
from briefkit.registry import EntityRegistry, fold, load_registry
from briefkit.validate import slugify

DEFAULT_FILES = {"person": "people.yml", "organization": "organizations.yml", "country": "countries.yml",
                 "place": "places.yml", "event": "events.yml"}
SCHEMA_LINE = "# yaml-language-server: $schema=../../docs/schemas/entity.schema.json\n"


@dataclass(frozen=True)
class Accepted:
    """One candidate on its way into the registry: the entry written, and the file it goes to."""

    name: str
    id: str
    type: str
    entry: dict
    file: Path


@dataclass(frozen=True)
class AcceptResult:
    """What accept did (or would have done): entities added, existing ones linked, files changed."""

    added: tuple[Accepted, ...] = ()
    linked: tuple[str, ...] = ()  # ids of registry entities a candidate turned out to be
    left: int = 0  # candidates still in the draft
    problems: tuple[Problem, ...] = ()


def _candidates(document, shown: str) -> tuple[list[dict], list[Problem]]:
    extra = document.data.get("extra") if isinstance(document.data, dict) else None
    items = extra.get("candidate_entities") if isinstance(extra, dict) else None
    if not isinstance(items, list) or not items:
        line, col = document.where(("extra",))
        return [], [error(shown, line, col, "the draft has no extra.candidate_entities to accept")]
    problems = []
    for i, item in enumerate(items):
        if not (isinstance(item, dict) and isinstance(item.get("name"), str) and item.get("type") in DEFAULT_FILES):
            line, col = document.where(("extra", "candidate_entities", i))
            problems.append(error(shown, line, col, "a candidate needs a name and a type (person, organization, "
                                  "country, place or event)"))
    return items, problems


def _chosen(items: list[dict], names: list[str], document, shown: str) -> tuple[list[int], list[Problem]]:
    """Indexes of the candidates named (by name, alias or id, any case); all when none is named."""
    if not names:
        return list(range(len(items))), []
    chosen, problems = [], []
    for wanted in names:
        key = fold(wanted)
        found = [i for i, item in enumerate(items)
                 if key in {fold(str(n)) for n in [item.get("name", ""), item.get("id", ""),
                                                   *(item.get("aliases") or [])]}]
        if not found:
            line, col = document.where(("extra", "candidate_entities"))
            hint = did_you_mean(wanted, [str(item.get("name", "")) for item in items])
            problems.append(error(shown, line, col, f'no candidate named "{wanted}"{hint}'))
        chosen += [i for i in found if i not in chosen]
    return sorted(chosen), problems


def _target_file(kind: str, registry: EntityRegistry, entities_dir: Path, root: Path) -> Path:
    """The registry file that already holds most entities of this type (if it is a list), else the usual one."""
    counts: dict[str, int] = {}
    for entity in registry.entities.values():
        if entity.type == kind:
            counts[entity.origin.path] = counts.get(entity.origin.path, 0) + 1
    for shown in sorted(counts, key=lambda p: (-counts[p], p)):
        if _is_list_file(root / shown):
            return root / shown
    file = entities_dir / DEFAULT_FILES[kind]
    return file if _is_list_file(file) else entities_dir / f"accepted-{DEFAULT_FILES[kind]}"


def _is_list_file(file: Path) -> bool:
    if not file.exists():
        return True
    document, problems = load_yaml_file(file, file.name)
    return document is not None and not has_errors(problems) and isinstance(document.data, (list, type(None)))


def _country_id(code: str, registry: EntityRegistry, batch: dict[str, str]) -> str:
    """The registry id (or an id accepted now) of the country with this ISO code, else ""."""
    import pycountry

    country = pycountry.countries.get(alpha_2=code) if code else None
    if country is None:
        return ""
    for name in (getattr(country, "common_name", None), country.name, getattr(country, "official_name", None)):
        if not name:
            continue
        entity = registry.resolve(name)
        if entity is not None and entity.type == "country":
            return entity.id
        if fold(name) in batch:
            return batch[fold(name)]
    return ""


def _entry(item: dict, entity_id: str, registry: EntityRegistry, batch: dict[str, str]) -> dict:
    entry = {"id": entity_id, "name": item["name"], "type": item["type"]}
    aliases = [a for a in item.get("aliases") or [] if isinstance(a, str) and fold(a) != fold(item["name"])]
    if aliases:
        entry["aliases"] = aliases
    if item.get("role") and item["type"] == "person":
        entry["role"] = str(item["role"])
    place = places.lookup(item["name"]) if item["type"] == "place" else None
    if place is not None and place.country_code:
        country = _country_id(place.country_code, registry, batch)
        if country and country != entity_id:
            entry["country"] = country
    if place is not None and place.latitude is not None:
        entry["coordinates"] = [place.latitude, place.longitude]
    return entry


def plan(draft: Path, shown: str, names: list[str], project: Project,
         registry: EntityRegistry) -> tuple[list[Accepted], list[str], list[int], list[dict], list[Problem]]:
    """What accepting would do, or the problems that stop it: (to add, ids to link, chosen indexes,
    candidates, problems). Refuses an id that clashes with the registry or another candidate."""
    raw, problems = load_briefing(draft, shown)
    if raw is None or has_errors(problems):
        return [], [], [], [], problems
    items, problems = _candidates(raw.front, shown)
    if problems:
        return [], [], [], items, problems
    chosen, problems = _chosen(items, names, raw.front, shown)
    if problems:
        return [], [], [], items, problems
    added: list[Accepted] = []
    linked: list[str] = []
    batch = {fold(items[i]["name"]): str(items[i].get("id") or slugify(items[i]["name"])) for i in chosen}
    taken: dict[str, int] = {}
    for i in chosen:
        item = items[i]
        line, col = raw.front.where(("extra", "candidate_entities", i))
        entity_id = str(item.get("id") or slugify(item["name"]))
        known = registry.resolve(item["name"])
        if known is not None and fold(known.name) == fold(item["name"]) and known.type == item["type"]:
            linked.append(known.id)  # the registry learnt this name since the draft was made
            continue
        clash = registry.get(entity_id) or known
        if clash is not None:
            problems.append(error(shown, line, col, f'candidate "{item["name"]}" (id {entity_id}) clashes with '
                                  f'registry entity "{clash.name}" (id {clash.id}, {clash.origin.path}:'
                                  f'{clash.origin.line}): rename the candidate or give it another id'))
            continue
        for alias in item.get("aliases") or []:
            other = registry.resolve(str(alias))
            if other is not None:
                problems.append(error(shown, line, col, f'candidate "{item["name"]}" has alias "{alias}", which '
                                      f'registry entity "{other.name}" (id {other.id}, {other.origin.path}:'
                                      f'{other.origin.line}) already has: remove one of them'))
        if not entity_id:
            problems.append(error(shown, line, col, f'candidate "{item["name"]}" has no id: give it one (lower-case '
                                  "letters, digits and hyphens)"))
            continue
        if entity_id in taken:
            first = items[taken[entity_id]]["name"]
            problems.append(error(shown, line, col, f'candidates "{first}" and "{item["name"]}" would both have '
                                  f"id {entity_id}: give one of them another id"))
            continue
        taken[entity_id] = i
        file = _target_file(item["type"], registry, project.entities_dir, project.root)
        added.append(Accepted(item["name"], entity_id, item["type"], _entry(item, entity_id, registry, batch), file))
    return added, linked, chosen, items, problems


def registry_text(existing: str, accepted: list[Accepted], draft_shown: str) -> str:
    """A registry file's text with the accepted entities appended (its own text kept as it is)."""
    from briefkit.authoring.draft import _dump

    text = existing or SCHEMA_LINE
    if not text.endswith("\n"):
        text += "\n"
    for item in accepted:
        text += f"\n# accepted from {draft_shown} by briefkit accept\n" + _dump([item.entry])
    return text


def draft_text(text: str, raw, chosen: list[int], items: list[dict], ids: list[str]) -> str | None:
    """The draft with the chosen candidates taken out of extra.candidate_entities and ids added to
    entities:, edited line by line; None if the front matter is not laid out as `briefkit new`
    writes it (the caller refuses rather than guess)."""
    lines = text.split("\n")
    document = raw.front
    end = raw.body_line - 1  # lines before the body: the front matter and its closing ---
    while end > 0 and lines[end - 1].strip() != "---":
        end -= 1
    starts = [document.where(("extra", "candidate_entities", i))[0] - 1 for i in range(len(items))]
    if sorted(starts) != starts or len(set(starts)) != len(starts):
        return None  # a flow list, or items sharing lines
    list_end = starts[-1] + 1
    indent = len(lines[starts[-1]]) - len(lines[starts[-1]].lstrip(" -"))
    while list_end < end - 1 and (not lines[list_end].strip() or len(lines[list_end]) - len(lines[list_end].lstrip())
                                  >= indent):
        list_end += 1
    bounds = [*starts, list_end]
    drop = {n for i in chosen for n in range(bounds[i], bounds[i + 1])}
    if len(chosen) == len(items):  # the key goes too, with the comment written for it
        key_line = document.where_key(("extra", "candidate_entities"))[0] - 1
        drop.add(key_line)
        drop |= _comment_about("candidate_entities", lines, key_line)
        if set(document.data["extra"]) == {"candidate_entities"}:  # extra: held nothing else
            drop |= set(range(document.where_key(("extra",))[0] - 1, list_end))
    kept = [line for n, line in enumerate(lines) if n not in drop]
    if ids:
        with_ids = _add_entity_ids(kept, raw, ids, drop)
        if with_ids is None:
            return None
        kept = with_ids
    return "\n".join(kept)


def _comment_about(key: str, lines: list[str], below: int) -> set[int]:
    """The lines of the comment on key in the comment block just above line below: from its
    "# key:" line to the next "# other:" line (the draft comments extra's keys in one block)."""
    top = below
    while top > 0 and lines[top - 1].lstrip().startswith("#"):
        top -= 1
    start = next((n for n in range(top, below) if lines[n].lstrip().startswith(f"# {key}:")), None)
    if start is None:
        return set()
    end = start + 1
    while end < below and not re.match(r"\s*# [\w-]+:", lines[end]):
        end += 1
    return set(range(start, end))


def _add_entity_ids(lines: list[str], raw, ids: list[str], dropped: set[int]) -> list[str] | None:
    from briefkit.authoring.draft import _dump

    document = raw.front
    shift = lambda n: n - sum(1 for d in dropped if d < n)  # noqa: E731  (a line number after the drop)
    existing = document.data.get("entities")
    new_lines = _dump(ids).rstrip("\n").split("\n")
    if isinstance(existing, list) and existing:
        last = shift(document.where(("entities", len(existing) - 1))[0] - 1)
        if not lines[last].lstrip().startswith("- "):
            return None  # a flow list: [a, b]
        pad = lines[last][:len(lines[last]) - len(lines[last].lstrip())]
        return lines[:last + 1] + [pad + line for line in new_lines] + lines[last + 1:]
    if "entities" in document.data:
        return None  # entities: [] or null: not laid out as briefkit new writes it
    at = shift(document.where_key(("extra",))[0] - 1)
    return lines[:at] + ["entities:  # accepted from the candidates by briefkit accept"] + new_lines + lines[at:]


def accept(project: Project, draft: Path, shown: str, names: list[str]) -> AcceptResult:
    """Accept the named candidates of draft (all when names is empty), or say why not; writes only
    when the edited registry and draft pass the checks."""
    registry, registry_problems = load_registry(project.entities_dir, project.root)
    if has_errors(registry_problems):
        return AcceptResult(problems=(error(shown, 1, 1, "the registry has errors: run briefkit check and "
                                            "fix them first"), *registry_problems))
    added, linked, chosen, items, problems = plan(draft, shown, names, project, registry)
    if problems:
        return AcceptResult(problems=tuple(problems))
    raw, _ = load_briefing(draft, shown)
    assert raw is not None  # plan() read it without a problem
    ids = [a.id for a in added] + [i for i in linked if i not in (raw.front.data.get("entities") or [])]
    edited = draft_text(draft.read_text(encoding="utf-8"), raw, chosen, items, ids)
    files: dict[Path, str] = {}
    for item in added:
        files.setdefault(item.file, item.file.read_text(encoding="utf-8") if item.file.exists() else "")
    texts = {file: registry_text(existing, [a for a in added if a.file == file], shown)
             for file, existing in files.items()}
    if edited is None or not _reads_back(edited, raw, chosen, items, ids, shown):
        return AcceptResult(problems=(error(shown, 1, 1, "the draft's entities or extra.candidate_entities are "
                                            "not laid out as briefkit new writes them: accept by hand"),))
    problems = _check_staged(project, draft, edited, texts, shown)
    if has_errors(problems):
        return AcceptResult(problems=tuple(problems))
    for file, text in texts.items():
        _write(file, text)
    _write(draft, edited)
    return AcceptResult(tuple(added), tuple(linked), len(items) - len(chosen), tuple(problems))


def _reads_back(edited: str, raw, chosen: list[int], items: list[dict], ids: list[str], shown: str) -> bool:
    """The edited draft parses to the same front matter, less the accepted candidates, plus the ids."""
    with tempfile.TemporaryDirectory(prefix="briefkit-accept-") as folder:
        file = Path(folder) / Path(shown).name
        file.write_text(edited, encoding="utf-8")
        again, problems = load_briefing(file, shown)
    if again is None or has_errors(problems):
        return False
    expected = dict(raw.front.data)
    expected["entities"] = [*(expected.get("entities") or []), *ids] if ids else expected.get("entities")
    extra = dict(expected["extra"])
    left = [item for i, item in enumerate(items) if i not in chosen]
    if left:
        extra["candidate_entities"] = left
    else:
        extra.pop("candidate_entities")
    expected["extra"] = extra if extra else None
    got = dict(again.front.data)
    if expected["extra"] is None and got.get("extra") in (None, {}):
        expected.pop("extra")
        got.pop("extra", None)
    if expected.get("entities") is None:
        expected.pop("entities", None)
    return got == expected and again.body == raw.body


def _check_staged(project: Project, draft: Path, edited: str, texts: dict[Path, str], shown: str) -> list[Problem]:
    """`briefkit check` of the draft against the registry as it will be, in a staging copy."""
    with tempfile.TemporaryDirectory(prefix="briefkit-accept-") as folder:
        root = Path(folder)
        staged_entities = root / project.entities_dir.relative_to(project.root)
        if project.entities_dir.is_dir():
            shutil.copytree(project.entities_dir, staged_entities)
        for file, text in texts.items():
            target = staged_entities / file.relative_to(project.entities_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        registry, problems = load_registry(staged_entities, root)
        staged_draft = root / Path(shown).name
        staged_draft.write_text(edited, encoding="utf-8")
        # problems name the files as the project shows them: the staging copy mirrors its layout
        return problems + check_draft_file(staged_draft, shown, registry, EntityMatcher(registry))


def _write(file: Path, text: str) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    staged = file.with_name(f".{file.name}.briefkit-accept")
    staged.write_text(text, encoding="utf-8")
    os.replace(staged, file)


def accept_command(project: Project, args) -> int:
    """The CLI's `accept`: prints what was added and linked, or every problem; exit 1 on errors."""
    import sys

    from briefkit.problems import format_problems

    draft = Path(args.draft)
    shown = project.shown(draft.resolve()) if draft.exists() else args.draft
    if not draft.is_file():
        print(format_problems([error(args.draft, 1, 1, "no such draft file")]), file=sys.stderr)
        return 1
    result = accept(project, draft, shown, list(args.names))
    if result.problems:
        print(format_problems(list(result.problems)), file=sys.stderr)
    if has_errors(result.problems):
        print("briefkit accept: nothing written", file=sys.stderr)
        return 1
    by_file: dict[str, list[str]] = {}
    for item in result.added:
        by_file.setdefault(project.shown(item.file), []).append(item.id)
    for file, ids in by_file.items():
        print(f"{file}: added {', '.join(ids)}", file=sys.stderr)
    if result.linked:
        print(f"{shown}: linked registry entities {', '.join(result.linked)}", file=sys.stderr)
    print(f"briefkit accept: {len(result.added)} entities added, {len(result.linked)} linked, "
          f"{result.left} candidates left in {shown}", file=sys.stderr)
    return 0


__all__ = ["AcceptResult", "Accepted", "accept", "accept_command", "plan"]
