"""Search for large archives: briefkit's compact index and the worker that searches it.

Material for MkDocs builds a Lunr index in the reader's browser on every page load, from
search/search_index.json. Lunr's build costs about 0.1 ms per document even for a title
alone (it keeps term positions and a vector per document and field): at 10,000 briefings
and 5,000 entities that is seconds before the first result, whatever is left out.

In `compact` mode briefing and entity pages leave Material's index (`search: exclude`)
and go into search/briefkit-index.json instead: one row per page with its title, the
names it is found by (an entity's aliases; a briefing's places, actors and tags) and its
summary. search/briefkit-worker.js answers Material's own worker protocol (the `search`
entry of Material's config is its documented place for a custom worker); it builds a
plain inverted index of those rows in tens of milliseconds and searches it together with
what is left in Material's index (home, about, authoring, index pages). In `material`
mode the same worker only loads Material's own, so every page has the same config.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from briefkit.graph import LinkedText, SiteGraph
from briefkit.render import ENTITY_SEARCH_BOOST
from briefkit.urls import SiteUrls, briefing_path, entity_path

MODES = ("material", "compact")
COMPACT_FROM = 2001      # auto: compact index from this many briefings (as search_full_text turns off)
INDEX_FILE = "search/briefkit-index.json"
WORKER_FILE = "search/briefkit-worker.js"
WORKER_SOURCE = Path(__file__).parent / "static" / "briefkit-worker.js"


def search_mode(setting: str | None, briefings: int) -> str:
    """'material' or 'compact': the project's setting, else auto by archive size."""
    if setting in MODES:
        return setting
    return "compact" if briefings >= COMPACT_FROM else "material"


def _plain(text: LinkedText) -> str:
    return "".join(segment.text for segment in text.segments)


def index_rows(graph: SiteGraph, urls: SiteUrls) -> Iterator[list]:
    """[location, title, names, text, tags, boost] per entity (most mentioned first), then per briefing
    (newest first): the order breaks ties between equal scores in the worker."""
    registry = graph.registry
    entities = sorted(registry.sorted(), key=lambda e: -len(graph.backlinks.get(e.id, ())))
    for e in entities:
        kind = e.type.capitalize().replace("Organization", "Organisation")
        text = f"{kind}. {e.description}" if e.description else kind
        yield [urls.page(entity_path(e.id)), e.name, " ".join(e.aliases), text, [], ENTITY_SEARCH_BOOST]
    for b in graph.ordered():
        # the fact box's places and actors, with their aliases (or, when it names no actors, the
        # main people and organisations it shows)
        actors = b.actors or [i for i in b.entity_ids if registry.get(i).type in ("person", "organization")][:6]
        names = [name for i in dict.fromkeys((*b.location, *actors)) for name in registry.get(i).names]
        yield [urls.page(briefing_path(b.slug)), b.briefing.title, " ".join(names), _plain(b.summary),
               list(b.briefing.tags), 1]


def search_files(graph: SiteGraph, urls: SiteUrls, mode: str) -> Iterator[tuple[str, str]]:
    """The worker (always: Material's config names it on every page) and, in compact mode, the index."""
    worker = WORKER_SOURCE.read_text(encoding="utf-8")
    yield WORKER_FILE, worker.replace("const COMPACT = false;", f"const COMPACT = {json.dumps(mode == 'compact')};", 1)
    if mode == "compact":
        rows = list(index_rows(graph, urls))
        yield INDEX_FILE, json.dumps({"version": 1, "rows": rows}, ensure_ascii=False, separators=(",", ":"))
