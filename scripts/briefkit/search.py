"""Search for large archives: briefkit's compact index and the worker that searches it.

Material for MkDocs builds a Lunr index in the reader's browser on every page load, from
search/search_index.json. Lunr's build costs about 0.1 ms per document even for a title
alone (it keeps term positions and a vector per document and field): at 10,000 briefings
and 5,000 entities that is seconds before the first result, whatever is left out.

In `compact` mode briefing and entity pages leave Material's index (`search: exclude`)
for two files under search/ (see compact_index): names and titles, then summaries. briefkit's
worker (WORKER_FILE) answers Material's own worker protocol (the `search` entry of Material's
config is its documented place for a custom worker; overrides/main.html points it there). It
builds a plain inverted index in a few hundred ms at 10,000 briefings (Lunr: seconds),
searches it together with what is left in
Material's index (home, about, authoring, index pages), answers as soon as the first file
is in and adds the summaries when they arrive. In `material` mode the same worker only
loads Material's own, so every page has the same config.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from briefkit.graph import SiteGraph
from briefkit.render import ENTITY_SEARCH_BOOST
from briefkit.urls import SiteUrls, briefing_path, entity_path

MODES = ("material", "compact")
COMPACT_FROM = 2001      # auto: compact index from this many briefings (as search_full_text turns off)
INDEX_FILE = "search/briefkit-index.json"
SUMMARIES_FILE = "search/briefkit-summaries.json"
# beside Material's worker: Material's loads its language support from ../lunr/ of the worker's address
WORKER_FILE = "assets/javascripts/workers/briefkit-search.js"
WORKER_SOURCE = Path(__file__).parent / "static" / "briefkit-worker.js"


def search_mode(setting: str | None, briefings: int) -> str:
    """'material' or 'compact': the project's setting, else auto by archive size."""
    if setting in MODES:
        return setting
    return "compact" if briefings >= COMPACT_FROM else "material"


def compact_index(graph: SiteGraph, urls: SiteUrls) -> tuple[dict, dict]:
    """The two files of the compact index: what first results need, and the summaries.

    The first (search/briefkit-index.json) has every entity (most mentioned first: the worker's
    order between equal scores) with its name, aliases and type, and every briefing (newest
    first) with its title, tags and the entities of its fact box (places and actors; or, when
    it names no actors, the main people and organisations it shows), as indexes into those
    lists: names are written once, not once per briefing. The second
    (search/briefkit-summaries.json) has the briefings' summaries in the same order: the
    worker answers from the first as soon as it has it and adds the summaries when they
    arrive. Addresses are slugs in a pattern of the site's URL style.
    """
    registry = graph.registry
    entities = sorted(registry.sorted(), key=lambda e: -len(graph.backlinks.get(e.id, ())))
    position = {e.id: n for n, e in enumerate(entities)}
    tags: dict[str, int] = {}
    briefings, summaries = [], []
    for b in graph.ordered():
        actors = b.actors or [i for i in b.entity_ids if registry.get(i).type in ("person", "organization")][:6]
        named = [position[i] for i in dict.fromkeys((*b.location, *actors))]
        briefings.append([b.slug, b.briefing.title, named, [tags.setdefault(t, len(tags)) for t in b.briefing.tags]])
        summaries.append(b.summary.plain)
    index = {
        "version": 2,
        "urls": {"entity": urls.page(entity_path("{}")), "briefing": urls.page(briefing_path("{}"))},
        "entity_boost": ENTITY_SEARCH_BOOST,
        "tags": list(tags),
        "entities": [[e.id, e.name, e.aliases, _type_label(e.type) + (f", {e.role}" if e.role else "")]
                     for e in entities],
        "briefings": briefings,
    }
    return index, {"version": 2, "summaries": summaries}


def _type_label(entity_type: str) -> str:
    return entity_type.capitalize().replace("Organization", "Organisation")


def _json(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def search_files(graph: SiteGraph, urls: SiteUrls, mode: str) -> Iterator[tuple[str, str]]:
    """The worker (always: Material's config names it on every page) and, in compact mode, the index."""
    worker = WORKER_SOURCE.read_text(encoding="utf-8")
    yield WORKER_FILE, worker.replace("const COMPACT = false;", f"const COMPACT = {json.dumps(mode == 'compact')};", 1)
    if mode == "compact":
        index, summaries = compact_index(graph, urls)
        yield INDEX_FILE, _json(index)
        yield SUMMARIES_FILE, _json(summaries)
