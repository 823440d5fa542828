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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from briefkit.export import PublicUrls
from briefkit.graph import LinkedBriefing, SiteGraph, newest_first
from briefkit.urls import BRIEFINGS_INDEX, HOME, briefing_path, entity_path, feeds_of, tag_path, tag_slug

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
    home_page: str = ""  # the page a reader is sent to, when not that one (the site feed without a home page)

    def file(self, extension: str) -> str:
        return feeds_of(self.page)[extension]

    @property
    def shown(self) -> str:
        """The docs path of the page the feed links as its home."""
        return self.home_page or self.page


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


def channels(graph: SiteGraph, site_name: str, home: bool = True) -> list[Channel]:
    """The site feed, one per entity and one per tag (tags that share a slug share a feed, like their page).

    Without briefkit's home page (extra.briefkit.home: false) the site feed sends readers to the list of
    briefings."""
    found = [Channel(site_name, f"The latest briefings of {site_name}.", HOME, tuple(graph.ordered()),
                     home_page="" if home else BRIEFINGS_INDEX)]
    for entity in graph.registry.sorted():
        slugs = [link.slug for link in graph.backlinks.get(entity.id, ())]
        found.append(Channel(f"{site_name}: {entity.name}",
                             f"Briefings that mention {entity.name}.", entity_path(entity.id),
                             tuple(graph.briefings[s] for s in slugs)))
    by_slug: dict[str, list[str]] = {}
    for tag in graph.tags:
        by_slug.setdefault(tag_slug(tag), []).append(tag)
    for tags in by_slug.values():
        tagged = dict.fromkeys(s for tag in tags for s in graph.tags[tag])
        found.append(Channel(f"{site_name}: {tags[0]}", f"Briefings tagged {tags[0]}.",
                             tag_path(tags[0]), tuple(newest_first(graph.briefings[s] for s in tagged))))
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


class FeedWriter:
    """Writes the feeds of one site. A briefing's entry is the same in every feed at the same
    depth (the site feed, or any entity or tag feed two folders down), so each entry is built
    and serialised once per depth, not once per feed: with 1,000 briefings and 500 entities
    that is 2,000 entries instead of 30,000."""

    def __init__(self, graph: SiteGraph, site_name: str, addresses: PublicUrls):
        self.graph = graph
        self.site_name = site_name
        self.addresses = addresses
        self._entries: dict[tuple[str, str], bytes] = {}
        self._items: dict[tuple[str, str], dict[str, Any]] = {}

    def root(self, here: str) -> str:
        """The address of the site root as written in the static file here ('../../' or site_url)."""
        if self.addresses.absolute:
            return self.addresses.site_path("index.md")
        return "../" * self.addresses.urls.docs_path(here).count("/")  # here is in briefkit's folder

    def entry_id(self, b: LinkedBriefing) -> str:
        return entry_id(b, self.site_name, self.addresses)

    def _entry(self, b: LinkedBriefing, root: str) -> bytes:
        key = (b.slug, root)
        if key not in self._entries:
            entry = ET.Element("entry")
            _sub(entry, "id", self.entry_id(b))
            _sub(entry, "title", b.briefing.title, type="text")
            _sub(entry, "link", rel="alternate", type="text/html",
                 href=root + self.addresses.urls.page(briefing_path(b.slug)))
            _sub(entry, "published", timestamp(b.briefing.date))
            _sub(entry, "updated", timestamp(_updated(b)))
            _sub(entry, "summary", b.summary.plain, type="text")
            # tags only: the entities a briefing names have feeds of their own, and fifteen
            # categories per entry would make the entity and tag feeds several times larger
            for tag in b.briefing.tags:
                _sub(entry, "category", term=tag, label=tag)
            ET.indent(entry, level=1)
            self._entries[key] = b"  " + ET.tostring(entry, encoding="utf-8") + b"\n"
        return self._entries[key]

    def atom(self, channel: Channel) -> bytes:
        """The channel as an Atom 1.0 document. Every value goes through ElementTree, which
        escapes it; the entries are spliced in as already serialised elements."""
        here = channel.file("xml")
        link = self.addresses.link
        entries = _latest(channel)
        feed = ET.Element("feed", {"xmlns": ATOM_NS})
        if not self.addresses.absolute:
            feed.append(ET.Comment(" " + RELATIVE_NOTE + " "))
        feed_id = (self.addresses.site_path(here) if self.addresses.absolute
                   else uuid.uuid5(uuid.NAMESPACE_URL, f"briefkit:{self.site_name}:{here}").urn)
        _sub(feed, "id", feed_id)
        _sub(feed, "title", channel.title)
        _sub(feed, "subtitle", channel.subtitle)
        _sub(feed, "updated", _feed_updated(entries))
        _sub(feed, "link", rel="self", type="application/atom+xml", href=link(here, here))
        _sub(feed, "link", rel="alternate", type="text/html", href=link(here, channel.shown))
        _sub(feed, "link", rel="alternate", type="application/feed+json", href=link(here, channel.file("json")))
        _sub(_sub(feed, "author"), "name", self.site_name)
        _sub(feed, "generator", "briefkit")
        ET.indent(feed)
        head = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
        assert head.endswith(b"</feed>")
        root = self.root(here)
        return head[: -len(b"</feed>")] + b"".join(self._entry(b, root) for b in entries) + b"</feed>\n"

    def _item(self, b: LinkedBriefing, root: str) -> dict[str, Any]:
        key = (b.slug, root)
        if key not in self._items:
            summary = b.summary.plain
            item: dict[str, Any] = {
                "id": self.entry_id(b),
                "url": root + self.addresses.urls.page(briefing_path(b.slug)),
                "title": b.briefing.title,
                "summary": summary,
                "content_text": summary,
                "date_published": timestamp(b.briefing.date),
                "date_modified": timestamp(_updated(b)),
            }
            if b.briefing.tags:
                item["tags"] = list(b.briefing.tags)
            item["_briefkit"] = {"entities": list(b.entity_ids)}
            self._items[key] = item
        return self._items[key]

    def json(self, channel: Channel) -> bytes:
        """The channel as JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
        here = channel.file("json")
        link = self.addresses.link
        document: dict[str, Any] = {
            "version": JSON_FEED_VERSION,
            "title": channel.title,
            "home_page_url": link(here, channel.shown),
            "feed_url": link(here, here),
            "description": channel.subtitle,
            "authors": [{"name": self.site_name}],
            "language": "en",
        }
        if not self.addresses.absolute:
            document["_briefkit"] = {"relative_urls": True, "note": RELATIVE_NOTE}
        root = self.root(here)
        document["items"] = [self._item(b, root) for b in _latest(channel)]
        # compact: json's C encoder is only used without indent, and feeds are read by programs
        return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def feed_files(graph: SiteGraph, site_name: str, addresses: PublicUrls, home: bool = True) -> dict[str, bytes]:
    """docs path -> bytes of every feed: feed.xml and feed.json for the site, each entity and each tag."""
    # nothing is kept without a keep(): every content is there
    feeds = iter_feed_files(graph, site_name, addresses, home=home)
    return {path: content for path, content in feeds if content is not None}


def iter_feed_files(graph: SiteGraph, site_name: str, addresses: PublicUrls,
                    keep: Callable[[str], bool] = lambda path: False,
                    home: bool = True) -> Iterator[tuple[str, bytes | None]]:
    """feed_files one feed at a time: a large site's feeds need not be held whole.

    keep(path) says of a feed that it is made from what it was made from last time (feed_fingerprints): it is
    yielded as (path, None), not written again.
    """
    writer = FeedWriter(graph, site_name, addresses)
    for channel in channels(graph, site_name, home):
        if not feeds_of(channel.page):
            continue  # a tag or entity whose page is an index page (slug "index") has no folder of its own
        for extension, make in (("xml", writer.atom), ("json", writer.json)):
            path = channel.file(extension)
            yield (path, None) if keep(path) else (path, make(channel))


def feed_fingerprints(graph: SiteGraph, site_name: str, settings: str, home: bool = True) -> dict[str, bytes]:
    """docs path -> a fingerprint of what each feed file is made from: its channel and, of its latest briefings,
    what an entry shows (settings: the site's settings, addresses among them)."""
    from briefkit.cache import fingerprint

    shown: dict[str, tuple] = {}

    def entry(b: LinkedBriefing) -> tuple:
        if b.slug not in shown:
            briefing = b.briefing
            shown[b.slug] = (b.slug, briefing.title, briefing.date, briefing.updated, b.summary.plain, briefing.tags,
                             b.entity_ids)
        return shown[b.slug]

    out = {}
    for channel in channels(graph, site_name, home):
        if feeds_of(channel.page):
            made_of = fingerprint(settings, site_name, channel.title, channel.subtitle, channel.page, channel.shown,
                                  [entry(b) for b in _latest(channel)])
            out[channel.file("xml")] = out[channel.file("json")] = made_of
    return out
