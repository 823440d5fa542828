"""Validate stage: JSON Schema plus the checks a schema cannot make, all problems collected."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from briefkit.dates import parse_partial
from briefkit.load import RawBriefing
from briefkit.model import SUMMARY_ADVISED_LENGTH, Briefing, Event, Fact, Origin, Source, Text
from briefkit.problems import Problem, did_you_mean, error, warning
from briefkit.urls import RESERVED_IDS, RESERVED_SLUGS, WINDOWS_DEVICE_NAMES, slugify  # noqa: F401 (re-exported)
from briefkit.yamltree import YamlDocument

if TYPE_CHECKING:  # the link stage's types: it imports this module
    from briefkit.graph import LinkedBriefing
    from briefkit.registry import EntityRegistry

SCHEMA_DIR = Path(__file__).parent / "schemas"
SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?$")
_WORD = re.compile(r"\w+")


@functools.cache
def load_schema(name: str) -> dict:
    """One of the JSON Schemas shipped in briefkit/schemas ('briefing' or 'entity')."""
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


@functools.cache
def _validator(name: str, pointer: str = "") -> Draft202012Validator:
    schema = load_schema(name)
    if pointer:  # validate against a $defs entry, keeping the root for $ref resolution
        schema = {**schema, "$ref": pointer}
        schema.pop("oneOf", None)
    return Draft202012Validator(schema)


def field_name(path: Iterable[Any]) -> str:
    """('facts', 2, 'value') -> 'facts[2].value'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "front matter"


def describe(value: Any) -> str:
    kinds = {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list", dict: "a mapping"}
    if value is None:
        return "nothing (empty value)"
    shown = repr(value) if not isinstance(value, (list, dict)) else ""
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return f"{kinds.get(type(value), type(value).__name__)} {shown}".strip()


_TYPE_WORDS = {"string": "text", "array": "a list", "object": "a mapping", "boolean": "true or false",
               "number": "a number", "integer": "a whole number"}


def _message(err: ValidationError) -> str:
    name = field_name(err.absolute_path)
    schema = err.schema if isinstance(err.schema, dict) else {}
    value: Any = err.instance
    expected: Any = err.validator_value  # what the schema asked for: a type, an enum, a pattern, a limit
    if err.validator == "type":
        wanted = expected if isinstance(expected, list) else [expected]
        hint = ' (put it in quotes)' if "string" in wanted and isinstance(value, (int, float, bool)) else ""
        if "string" in wanted and isinstance(value, list):  # value: [[iran]] is a list in a list to YAML
            hint = " (put this value in quotes: YAML reads a value that starts with \"[\" as a list)"
        words = " or ".join(_TYPE_WORDS.get(str(w), str(w)) for w in wanted)
        return f"{name}: expected {words}, got {describe(value)}{hint}"
    if err.validator == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        where = f" in {name}" if err.absolute_path else ""
        return f'missing required field "{missing}"{where}'
    if err.validator == "enum":
        hint = did_you_mean(value, map(str, expected)) if isinstance(value, str) else ""
        return f"{name}: {describe(value)} is not one of: {', '.join(map(str, expected))}{hint}"
    if err.validator == "pattern":
        if "date" in schema.get("format", "") or "[0-9]{4}" in expected:
            forms = "YYYY, YYYY-MM or YYYY-MM-DD" if "(-" in expected else "YYYY-MM-DD"  # a partial date
            return f"{name}: {describe(value)} is not a date in {forms} form (no time or time zone)"
        if "Hh" in expected or "https" in expected:
            return f"{name}: {describe(value)} is not an http(s) URL"
        refused = re.fullmatch(r"\^\[\^(.+)\]\+\$", expected)
        if refused:  # a "none of these characters" pattern: name the characters
            characters = " ".join(refused.group(1).replace("\\", ""))
            return f"{name}: {describe(value)} must not contain any of {characters}"
        if expected.startswith("^[a-z0-9]"):
            return f"{name}: {describe(value)} is not a valid id: lower-case letters, digits and single hyphens"
        return f"{name}: {describe(value)} does not have the expected form ({schema.get('description', expected)})"
    if err.validator == "minLength":
        return f"{name}: must not be empty"
    if err.validator == "maxLength":
        return f"{name}: {len(value):,} characters; the limit is {expected:,}"
    if err.validator == "maxItems":
        return f"{name}: {len(value):,} items; the limit is {expected:,}"
    if err.validator == "minItems":
        return f"{name}: needs at least {expected} item(s)"
    if err.validator == "uniqueItems":
        return f"{name}: lists the same item twice"
    return f"{name}: {err.message[:200]}"


def schema_problems(document: YamlDocument, path: str, schema: str, pointer: str = "",
                    base: tuple = ()) -> list[Problem]:
    """Every schema violation of document.data at base, each at its line and column."""
    instance = document.data
    for part in base:
        instance = instance[part]
    problems = []
    for err in _validator(schema, pointer).iter_errors(instance):
        at = base + tuple(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            known = list(err.schema.get("properties", {}))
            for key in err.instance:
                if key in known:
                    continue
                line, col = document.where_key(at + (key,))
                hint = did_you_mean(key, known)
                extra = '; free-form data goes under "extra"' if "extra" in known else ""
                problems.append(error(path, line, col, f'unknown field "{key}"{hint}{extra}'))
            continue
        line, col = document.where(at)
        problems.append(error(path, line, col, _message(err)))
    return problems


def check_date(value: str) -> str | None:
    """None if value is a real calendar date (YYYY-MM-DD), else what is wrong."""
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return f"{value!r} is not a real calendar date"
    return None


def text_at(document: YamlDocument, path: str, where: tuple, value: str) -> Text:
    """Author text with its origin: its first character when it is written as is on one line."""
    content = document.content_positions.get(where)
    if content is not None:
        return Text(value, Origin(path, *content), exact=True)
    return Text(value, Origin(path, *document.where(where)))


def _texts(document: YamlDocument, key: str, path: str) -> tuple[Text, ...]:
    values = document.data.get(key) or []
    return tuple(text_at(document, path, (key, i), v) for i, v in enumerate(values))


def _within_limits(doc: YamlDocument, path: str) -> tuple[YamlDocument, list[Problem]]:
    """Lists longer than the schema allows, said once; only their first items are checked further,
    so that 100,000 events cost no more than 1,000 (the schema alone would check every one)."""
    problems, data = [], dict(doc.data)
    for key, spec in load_schema("briefing")["properties"].items():
        limit, value = spec.get("maxItems"), data.get(key)
        if limit and isinstance(value, list) and len(value) > limit:
            line, col = doc.where((key,))
            problems.append(error(path, line, col, f"{key}: {len(value):,} items; the limit is {limit:,}"))
            data[key] = value[:limit]
    return (dataclasses.replace(doc, data=data) if problems else doc), problems


def validate_briefing(raw: RawBriefing) -> tuple[Briefing | None, list[Problem]]:
    """Check a raw briefing against the schema and the rules around it; build the Briefing."""
    doc, path = raw.front, raw.path
    doc, problems = _within_limits(doc, path)
    problems += schema_problems(doc, path, "briefing")
    data = doc.data
    if not SLUG.match(raw.stem) or raw.stem in RESERVED_SLUGS:
        suggestion = slugify(raw.stem) or "briefing"
        if suggestion in RESERVED_SLUGS:
            suggestion += "-briefing"
        reason = ("is reserved" if raw.stem in RESERVED_SLUGS
                  else "must be lower-case letters, digits and hyphens (at most 120)")
        problems.append(error(path, 1, 1, f'file name "{raw.stem}" {reason}: it becomes the page address; '
                              f'rename it, e.g. to "{suggestion}.md"'))
    if "source" in data and "sources" in data:
        line, col = doc.where_key(("sources",))
        problems.append(error(path, line, col, 'give either "source" or "sources", not both'))
    date_fields: list[tuple[str | int, ...]] = [("date",), ("updated",)]
    events = data.get("events") if isinstance(data.get("events"), list) else []  # else the schema said so
    date_fields += [("events", i, "date") for i, e in enumerate(events) if isinstance(e, dict)]
    sources = data.get("sources") or ([data["source"]] if "source" in data else [])
    key = "sources" if "sources" in data else "source"
    date_fields += [((key, i, "published") if key == "sources" else (key, "published"))
                    for i, s in enumerate(sources if isinstance(sources, list) else []) if isinstance(s, dict)]
    facts = data.get("facts") if isinstance(data.get("facts"), list) else []
    date_fields += [("facts", i, "as_of") for i, f in enumerate(facts) if isinstance(f, dict)]
    problems += _fact_sources(doc, path, facts, sources if isinstance(sources, list) else [])
    for field_path in date_fields:
        value = _get(data, field_path)
        if isinstance(value, str) and field_path[0] == "events" and re.fullmatch(r"[0-9]{4}(-[0-9]{2})?", value):
            wrong: str | None = parse_partial(value)[1]  # an event may be dated to the month or the year only
        elif isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            wrong = check_date(value)
        else:
            wrong = None
        if wrong:
            line, col = doc.where(field_path)
            problems.append(error(path, line, col, f"{field_name(field_path)}: {wrong}"))
    if problems:
        return None, problems

    def origin(*where: Any) -> Origin:
        return Origin(path, *doc.where(where))

    source_list = []
    for i, s in enumerate(sources):
        where = (key, i) if key == "sources" else (key,)
        source_list.append(Source(title=s["title"], origin=origin(*where), publisher=s.get("publisher", ""),
                                  url=s.get("url", ""), published=s.get("published", "")))
    briefing = Briefing(
        slug=raw.stem,
        origin=Origin(path, raw.front_line, 1),
        title=data["title"],
        summary=text_at(doc, path, ("summary",), data["summary"]),
        date=data["date"],
        updated=data.get("updated", ""),
        body=raw.body,
        body_line=raw.body_line,
        status=data.get("status", "published"),
        tags=tuple(data.get("tags") or ()),
        location=_texts(doc, "location", path),
        actors=_texts(doc, "actors", path),
        entities=_texts(doc, "entities", path),
        sources=tuple(source_list),
        facts=tuple(Fact(f["label"], text_at(doc, path, ("facts", i, "value"),
                                             doc.number_text.get(("facts", i, "value"), str(f["value"]))),
                         about=text_at(doc, path, ("facts", i, "about"), f["about"]) if "about" in f else None,
                         as_of=f.get("as_of", ""), source=source_index(f.get("source"), sources))
                    for i, f in enumerate(data.get("facts") or ())),
        events=tuple(Event(e["date"], text_at(doc, path, ("events", i, "summary"), e["summary"]))
                     for i, e in enumerate(data.get("events") or ())),
        autolink=data.get("autolink", True),
        extra=data.get("extra"),
    )
    return briefing, []


def source_index(reference: int | str | None, sources: list) -> int | None:
    """The 0-based index of the source a fact names by 1-based position or by URL (None: none named)."""
    if isinstance(reference, bool) or reference is None:
        return None
    if isinstance(reference, int):
        return reference - 1
    return next(i for i, s in enumerate(sources) if s.get("url") == reference)


def _fact_sources(doc: YamlDocument, path: str, facts: list, sources: list) -> list[Problem]:
    """A fact's source must be one of the briefing's sources, by position or by URL."""
    problems = []
    urls = [str(s["url"]) for s in sources if isinstance(s, dict) and s.get("url")]
    for i, fact in enumerate(facts):
        reference = fact.get("source") if isinstance(fact, dict) else None
        if reference is None or isinstance(reference, bool):
            continue
        line, col = doc.where(("facts", i, "source"))
        count = f"{len(sources)} source{'s' * (len(sources) != 1)}"
        if isinstance(reference, int) and len(sources) < reference:  # below 1: the schema says so
            problems.append(error(path, line, col, f"facts[{i}].source: {reference}, but the briefing has {count} "
                                  f"(give a position from 1 to {len(sources)}, or a source's URL)"
                                  if sources else f"facts[{i}].source: {reference}, but the briefing has no source"))
        elif isinstance(reference, str) and reference not in urls:
            problems.append(error(path, line, col, f'facts[{i}].source: "{reference}" is not the URL of one of the '
                                  f"briefing's {count}{did_you_mean(reference, urls)}"))
    return problems


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


# Advisories: what is allowed but probably not meant (they fail only with --strict) ----------------------

def advisories(linked: list[LinkedBriefing]) -> list[Problem]:
    """Warnings about single briefings: things that are allowed but probably not meant (they fail only
    with --strict)."""
    found = []
    for b in linked:
        briefing = b.briefing
        summary = briefing.summary
        if len(summary.value) > SUMMARY_ADVISED_LENGTH:
            found.append(warning(summary.origin.path, summary.origin.line, summary.origin.col,
                                 f"summary is {len(summary.value)} characters; keep it under {SUMMARY_ADVISED_LENGTH} "
                                 "for lists, feeds and search results"))
        if not any(s.url or s.publisher for s in briefing.sources):
            o = briefing.sources[0].origin if briefing.sources else briefing.origin
            found.append(warning(o.path, o.line, o.col, "source has neither a URL nor a publisher: readers cannot "
                                 "tell where the original is"))
        for event in briefing.events:
            if event.date > briefing.date:
                o = event.summary.origin
                found.append(warning(o.path, o.line, o.col, f"event dated {event.date} is after the briefing's "
                                     f"date {briefing.date}"))
        body_words = set(_WORD.findall(briefing.body.casefold()))
        for fact, (_, linked_value) in zip(briefing.facts, b.facts, strict=True):
            value = linked_value.plain
            words = {w for w in _WORD.findall(value.casefold()) if len(w) > 3}
            # a fact restates the body in other words: warn only when most of its words are absent
            if words and len(words - body_words) > len(words) / 2:
                o = fact.value.origin
                found.append(warning(o.path, o.line, o.col, f'fact "{fact.label}": "{value[:60]}" is not found in '
                                     "the body"))
    return found


def archive_advisories(registry: EntityRegistry, linked: list[LinkedBriefing]) -> list[Problem]:
    """Warnings about the archive as a whole: entities no briefing mentions, facts that contradict."""
    from briefkit.facts import fact_conflicts

    mentioned = set().union(*(b.entity_ids for b in linked))
    return [warning(e.origin.path, e.origin.line, e.origin.col, f'entity "{e.id}" is not mentioned by any briefing')
            for e in registry.sorted() if e.id not in mentioned] + fact_conflicts(linked)
