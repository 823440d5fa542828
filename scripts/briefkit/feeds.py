"""Feeds: Atom (/feed.xml) and JSON Feed 1.1 (/feed.json) of the latest briefings, for the
whole site, each entity (entities/<id>/feed.xml) and each tag (tags/<slug>/feed.xml).

They are static files under docs/, so any engine that reads mkdocs.yml copies them. A
feed is the same bytes for the same briefings: its updated time is its newest entry's,
never the build's. Without site_url in mkdocs.yml the links are relative to the feed
file (Atom resolves them against the feed's address) and the feed says so.
"""

from __future__ import annotations

import json
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any, Iterable

from briefkit.export import PublicUrls, feeds_of, plain
from briefkit.graph import LinkedBriefing, SiteGraph, newest_first
from briefkit.render import tag_path, tag_slug
from briefkit.urls import briefing_path, entity_path

FEED_SIZE = 50
ATOM_NS = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
EPOCH = "1970-01-01T00:00:00Z"  # the updated time of a feed with no entries: fixed, not the build time
RELATIVE_NOTE = ("Links are relative to this feed's address because mkdocs.yml sets no site_url; "
                 "set site_url for absolute links.")


@dataclass(frozen=True)
class Channel:
    """One feed: where its files go, what it is called, the page it belongs to, its briefings."""

    title: str
    subtitle: str
    page: str          # docs path of the page the feed belongs to
    briefings: tuple[LinkedBriefing, ...]

    def file(self, extension: str) -> str:
        return feeds_of(self.page)[extension]


def timestamp(date: str) -> str:
    """A briefing date (YYYY-MM-DD) as an RFC 3339 time: midnight UTC of that day."""
    return f"{date}T00:00:00Z"


def _updated(b: LinkedBriefing) -> str:
    return b.briefing.updated or b.briefing.date


def entry_id(b: LinkedBriefing, site_name: str, addresses: PublicUrls) -> str:
    """A permanent id: the page's absolute URL under site_url, else a name-based UUID URN
    (an Atom id must be an absolute IRI, and a relative link is not one)."""
    if addresses.absolute:
        return addresses.site_path(briefing_path(b.slug))
    return uuid.uuid5(uuid.NAMESPACE_URL, f"briefkit:{site_name}:{b.slug}").urn


def channels(graph: SiteGraph, site_name: str) -> list[Channel]:
    """The site feed, one per entity and one per tag (tags that share a slug share a feed, like their page)."""
    found = [Channel(site_name, f"The latest briefings of {site_name}.", "index.md", tuple(graph.ordered()))]
    for entity in graph.registry.sorted():
        slugs = [link.slug for link in graph.backlinks.get(entity.id, ())]
        found.append(Channel(f"{site_name}: {entity.name}",
                             f"Briefings that mention {entity.name}.", entity_path(entity.id),
                             tuple(graph.briefings[s] for s in slugs)))
    by_slug: dict[str, list[str]] = {}
    for tag in graph.tags:
        by_slug.setdefault(tag_slug(tag), []).append(tag)
    for tags in by_slug.values():
        slugs = dict.fromkeys(s for tag in tags for s in graph.tags[tag])
        found.append(Channel(f"{site_name}: {tags[0]}", f"Briefings tagged {tags[0]}.",
                             tag_path(tags[0]), tuple(newest_first(graph.briefings[s] for s in slugs))))
    return found


def _latest(channel: Channel) -> list[LinkedBriefing]:
    # newest by date, then by when it was last revised: the order readers expect
    return newest_first(channel.briefings)[:FEED_SIZE]


def _feed_updated(entries: Iterable[LinkedBriefing]) -> str:
    return max((timestamp(_updated(b)) for b in entries), default=EPOCH)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def atom_feed(channel: Channel, graph: SiteGraph, site_name: str, addresses: PublicUrls) -> bytes:
    """The channel as an Atom 1.0 document (built as an element tree: every value is escaped)."""
    here = channel.file("xml")
    entries = _latest(channel)
    feed = ET.Element("feed", {"xmlns": ATOM_NS})
    if not addresses.absolute:
        feed.append(ET.Comment(" " + RELATIVE_NOTE + " "))
    feed_id = (addresses.site_path(here) if addresses.absolute
               else uuid.uuid5(uuid.NAMESPACE_URL, f"briefkit:{site_name}:{here}").urn)
    _sub(feed, "id", feed_id)
    _sub(feed, "title", channel.title)
    _sub(feed, "subtitle", channel.subtitle)
    _sub(feed, "updated", _feed_updated(entries))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=addresses.link(here, here))
    _sub(feed, "link", rel="alternate", type="text/html", href=addresses.link(here, channel.page))
    _sub(feed, "link", rel="alternate", type="application/feed+json", href=addresses.link(here, channel.file("json")))
    _sub(_sub(feed, "author"), "name", site_name)
    _sub(feed, "generator", "briefkit")
    for b in entries:
        entry = _sub(feed, "entry")
        _sub(entry, "id", entry_id(b, site_name, addresses))
        _sub(entry, "title", b.briefing.title, type="text")
        _sub(entry, "link", rel="alternate", type="text/html", href=addresses.link(here, briefing_path(b.slug)))
        _sub(entry, "published", timestamp(b.briefing.date))
        _sub(entry, "updated", timestamp(_updated(b)))
        _sub(entry, "summary", plain(b.summary), type="text")
        for tag in b.briefing.tags:
            _sub(entry, "category", term=tag, label=tag)
        for entity_id in b.entity_ids:
            entity = graph.registry.get(entity_id)
            _sub(entry, "category", term=entity.id, label=entity.name, scheme=addresses.link(here, "entities/index.md"))
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def json_feed(channel: Channel, graph: SiteGraph, site_name: str, addresses: PublicUrls) -> bytes:
    """The channel as JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    here = channel.file("json")
    document: dict[str, Any] = {
        "version": JSON_FEED_VERSION,
        "title": channel.title,
        "home_page_url": addresses.link(here, channel.page),
        "feed_url": addresses.link(here, here),
        "description": channel.subtitle,
        "authors": [{"name": site_name}],
        "language": "en",
    }
    if not addresses.absolute:
        document["_briefkit"] = {"relative_urls": True, "note": RELATIVE_NOTE}
    items = []
    for b in _latest(channel):
        summary = plain(b.summary)
        item: dict[str, Any] = {
            "id": entry_id(b, site_name, addresses),
            "url": addresses.link(here, briefing_path(b.slug)),
            "title": b.briefing.title,
            "summary": summary,
            "content_text": summary,
            "date_published": timestamp(b.briefing.date),
            "date_modified": timestamp(_updated(b)),
        }
        if b.briefing.tags:
            item["tags"] = list(b.briefing.tags)
        item["_briefkit"] = {"entities": list(b.entity_ids)}
        items.append(item)
    document["items"] = items
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def feed_files(graph: SiteGraph, site_name: str, addresses: PublicUrls) -> dict[str, bytes]:
    """docs path -> bytes of every feed: feed.xml and feed.json for the site, each entity and each tag."""
    files = {}
    for channel in channels(graph, site_name):
        if not feeds_of(channel.page):
            continue  # a tag or entity whose page is an index page (slug "index") has no folder of its own
        files[channel.file("xml")] = atom_feed(channel, graph, site_name, addresses)
        files[channel.file("json")] = json_feed(channel, graph, site_name, addresses)
    return files
