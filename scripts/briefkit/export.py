"""Machine-readable output: /briefings.json (every briefing, entity and event) and per-page JSON-LD.

The export's shape is documented by schemas/export.schema.json (published at
/schemas/export.schema.json); EXPORT_VERSION changes whenever that shape changes in a
way a consumer would notice.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any
from urllib.parse import urljoin

from markupsafe import Markup

from briefkit.graph import LinkedBriefing, LinkedText, SiteGraph
from briefkit.model import Entity, Fact
from briefkit.urls import SiteUrls, briefing_path, entity_path

EXPORT_VERSION = 1
EXPORT_PATH = "briefings.json"
SCHEMA_URL = "schemas/export.schema.json"
SCHEMA_ORG_TYPES = {"person": "Person", "organization": "Organization", "country": "Country",
                    "place": "Place", "event": "Event"}
# Characters that could end a <script> element or open an HTML comment inside it; JSON
# allows the \\u escape for any character, so the data stays the same.
_SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                                 "\u2028": "\\u2028", "\u2029": "\\u2029"})


@dataclass(frozen=True)
class PublicUrls:
    """Addresses as published: absolute under site_url when mkdocs.yml sets it, else relative."""

    site_url: str = ""
    urls: SiteUrls = SiteUrls()

    @property
    def absolute(self) -> bool:
        return bool(self.site_url)

    def link(self, from_docs_path: str, to_docs_path: str) -> str:
        """The address of a page or file as written in from_docs_path (a page or a static file)."""
        if self.site_url:
            base = self.site_url if self.site_url.endswith("/") else self.site_url + "/"
            return urljoin(base, self.urls.page(to_docs_path))
        return self.urls.href(from_docs_path, to_docs_path)

    def site_path(self, to_docs_path: str) -> str:
        """The address relative to the site root ('briefings/x/'), absolute under site_url."""
        return self.link("index.md", to_docs_path) if self.site_url else self.urls.page(to_docs_path)


def _jsonable(value: Any) -> Any:
    """Free-form author data (extra:) as JSON: YAML's .nan and .inf have no JSON form, so they become text."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _entity_record(entity: Entity, graph: SiteGraph, addresses: PublicUrls) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": entity.id, "name": entity.name, "type": entity.type, "url": addresses.site_path(entity_path(entity.id)),
        "aliases": list(entity.aliases), "description": entity.description,
    }
    for key in ("role", "part_of", "country", "wikidata", "wikipedia", "website"):
        if getattr(entity, key):
            record[key] = getattr(entity, key)
    if entity.dates:
        record["dates"] = dict(entity.dates)
    record["briefings"] = [link.slug for link in graph.backlinks.get(entity.id, ())]
    return record


def _briefing_record(b: LinkedBriefing, addresses: PublicUrls) -> dict[str, Any]:
    briefing = b.briefing
    record: dict[str, Any] = {
        "slug": b.slug, "url": addresses.site_path(briefing_path(b.slug)), "title": briefing.title,
        "summary": b.summary.plain, "date": briefing.date,
    }
    if briefing.updated:
        record["updated"] = briefing.updated
    record.update({
        "status": briefing.status,
        "tags": list(briefing.tags),
        "location": list(b.location),
        "actors": list(b.actors),
        "entities": list(b.entity_ids),
        "facts": [_fact_record(fact, value, about, briefing.date)
                  for fact, (_, value), about in zip(briefing.facts, b.facts, b.fact_about or [""] * len(b.facts),
                                                     strict=True)],
        "events": [{"date": date, "summary": text.plain, "entities": list(text.entity_ids)}
                   for date, text in b.events],
        "sources": [{k: v for k, v in (("title", s.title), ("publisher", s.publisher), ("url", s.url),
                                       ("published", s.published)) if v} for s in briefing.sources],
    })
    if briefing.extra is not None:
        record["extra"] = _jsonable(briefing.extra)
    return record


def _fact_record(fact: Fact, value: LinkedText, about: str, date: str) -> dict[str, Any]:
    record: dict[str, Any] = {"label": fact.label, "value": value.plain, "entities": list(value.entity_ids)}
    if about:
        record["about"] = about
    record["as_of"] = fact.as_of or date
    if fact.source is not None:
        record["source"] = fact.source
    return record


# A cell that starts with one of these is run as a formula by spreadsheet programs (CSV injection):
# such a value is written with a leading apostrophe, which they show as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_PATH = "facts.csv"
CSV_COLUMNS = ("kind", "briefing", "briefing_url", "date", "label", "value", "about", "entities", "source_url")


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def csv_rows(graph: SiteGraph, addresses: PublicUrls) -> Iterator[tuple[str, ...]]:
    """One row per fact and per event of every briefing (newest briefing first, then in the author's order)."""
    for b in graph.ordered():
        briefing, url = b.briefing, addresses.site_path(briefing_path(b.slug))
        about_ids = b.fact_about or ("",) * len(b.facts)
        for fact, (_, value), about in zip(briefing.facts, b.facts, about_ids, strict=True):
            source = briefing.sources[fact.source].url if fact.source is not None else ""
            yield ("fact", b.slug, url, fact.as_of or briefing.date, fact.label, value.plain, about,
                   " ".join(value.entity_ids), source)
        first_url = next((s.url for s in briefing.sources if s.url), "")
        for date, text in b.events:
            yield ("event", b.slug, url, date, "", text.plain, "", " ".join(text.entity_ids), first_url)


def csv_file(graph: SiteGraph, addresses: PublicUrls) -> bytes:
    """facts.csv: CSV_COLUMNS, then csv_rows, UTF-8 with a BOM (so spreadsheet programs read it as UTF-8)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")  # no carriage return in any generated file
    writer.writerow(CSV_COLUMNS)
    for row in csv_rows(graph, addresses):
        writer.writerow([_cell(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_document(graph: SiteGraph, site_name: str, addresses: PublicUrls) -> dict[str, Any]:
    """Every briefing (newest first), every entity (by id) and every event (oldest first)."""
    events = [{"date": entry.date, "summary": entry.text.plain, "entities": list(entry.text.entity_ids),
               "briefing": entry.slug, "also_in": list(entry.also)}
              for entry in graph.timeline if entry.text is not None]
    return {
        "$schema": addresses.site_path(SCHEMA_URL),
        "version": EXPORT_VERSION,
        "generator": "briefkit",
        "site": {"name": site_name, "url": addresses.site_url or None},
        "briefings": [_briefing_record(b, addresses) for b in graph.ordered()],
        "entities": [_entity_record(e, graph, addresses) for e in graph.registry.sorted()],
        "events": events,
    }


def export_files(graph: SiteGraph, site_name: str, addresses: PublicUrls) -> dict[str, bytes]:
    """docs path -> bytes of the export (served at /briefings.json)."""
    # json.dumps with indent joins a list of every token (millions at 10,000 briefings), then the text is
    # copied twice more: encoding a few thousand tokens at a time holds only the bytes. Same output.
    tokens = json.JSONEncoder(ensure_ascii=False, indent=1, allow_nan=False).iterencode(
        export_document(graph, site_name, addresses))
    out = io.BytesIO()
    for batch in iter(lambda: list(islice(tokens, 8192)), []):
        out.write("".join(batch).encode("utf-8"))
    out.write(b"\n")
    return {EXPORT_PATH: out.getvalue(), CSV_PATH: csv_file(graph, addresses)}


def _thing(entity: Entity, addresses: PublicUrls) -> dict[str, Any]:
    thing: dict[str, Any] = {"@type": SCHEMA_ORG_TYPES.get(entity.type, "Thing"), "name": entity.name}
    if addresses.absolute:
        thing["url"] = addresses.site_path(entity_path(entity.id))
    if entity.aliases:
        thing["alternateName"] = list(entity.aliases)
    if entity.description:
        thing["description"] = entity.description
    same_as = [u for u in (entity.wikipedia, f"https://www.wikidata.org/wiki/{entity.wikidata}" if entity.wikidata
                           else "", entity.website) if u]
    if same_as:
        thing["sameAs"] = same_as
    return thing


def briefing_linked_data(b: LinkedBriefing, graph: SiteGraph, site_name: str, addresses: PublicUrls) -> dict[str, Any]:
    """schema.org NewsArticle for a briefing: about = what it is about (location, actors, listed
    entities; else the entities it mentions most), mentions = every other entity it names."""
    briefing = b.briefing
    named = list(dict.fromkeys([*b.location, *b.actors, *_listed(b, graph)])) or list(b.entity_ids[:3])
    others = [e for e in b.entity_ids if e not in named]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": briefing.title,
        "description": b.summary.plain,
        "datePublished": briefing.date,
    }
    if briefing.updated:
        data["dateModified"] = briefing.updated
    if addresses.absolute:
        data["url"] = addresses.site_path(briefing_path(b.slug))
    if briefing.tags:
        data["keywords"] = list(briefing.tags)
    data["publisher"] = {"@type": "Organization", "name": site_name}
    registry = graph.registry
    if named:
        data["about"] = [_thing(registry[e], addresses) for e in named]
    if others:
        data["mentions"] = [_thing(registry[e], addresses) for e in others]
    based_on = [s.url if s.url else {"@type": "CreativeWork", "name": s.title,
                                     **({"publisher": {"@type": "Organization", "name": s.publisher}}
                                        if s.publisher else {})}
                for s in briefing.sources]
    if based_on:
        data["isBasedOn"] = based_on[0] if len(based_on) == 1 else based_on
    return data


def _listed(b: LinkedBriefing, graph: SiteGraph) -> list[str]:
    """Ids of the entities the author listed under entities: (by id, name or alias)."""
    found = (graph.registry.resolve(ref.value) for ref in b.briefing.entities)
    return [entity.id for entity in found if entity is not None]


def script_json(data: Any) -> Markup:
    """A <script type="application/ld+json"> element whose content cannot end the element early."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return Markup('<script type="application/ld+json">') + Markup(text) + Markup("</script>")
