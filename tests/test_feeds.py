"""Feeds: Atom and JSON Feed 1.1 for the site, each entity and each tag; deterministic, escaped,
relative without site_url and absolute with it."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
from jsonschema import Draft202012Validator

from briefkit.export import PublicUrls
from briefkit.feeds import EPOCH, FEED_SIZE, JSON_FEED_VERSION, feed_files
from briefkit.gathering import gather
from briefkit.graph import build_graph
from briefkit.project import find_project
from briefkit.urls import SiteUrls, feeds_of
from helpers.project import REPO

# fields, the types of the optional ones the spec names, and "one of content_html/content_text".
JSON_FEED_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string"},
        "home_page_url": {"type": "string"},
        "feed_url": {"type": "string"},
        "description": {"type": "string"},
        "language": {"type": "string"},
        "authors": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}},
                                                "anyOf": [{"required": ["name"]}, {"required": ["url"]}]}},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
                "properties": {
                    "id": {"type": "string", "minLength": 1},
                    "url": {"type": "string"},
                    "title": {"type": "string"},
                    "summary": {"type": "string"},
                    "content_text": {"type": "string"},
                    "content_html": {"type": "string"},
                    "date_published": {"type": "string", "format": "date-time"},
                    "date_modified": {"type": "string", "format": "date-time"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
    # extensions must start with an underscore
    "patternProperties": {"^_": {"type": "object"}},
    "additionalProperties": False,
}
JSON_FEED_KEYS = {"version", "title", "home_page_url", "feed_url", "description", "user_comment", "next_url",
                  "icon", "favicon", "authors", "language", "expired", "hubs", "items"}
JSON_FEED_SCHEMA["properties"].update({k: {} for k in JSON_FEED_KEYS - set(JSON_FEED_SCHEMA["properties"])})


def sample_slugs() -> list[str]:
    return sorted(p.stem for p in (REPO / "briefings").glob("*.md"))


def graph_of(root: Path):
    project = find_project(root)
    gathered = gather(project)
    return project, build_graph(gathered.linked, gathered.registry)


def write_briefing(root: Path, slug: str, title: str, date: str, summary: str = "A summary about [[iran]].",
                   tags: str = "[diplomacy]") -> None:
    (root / "briefings" / f"{slug}.md").write_text(
        f"---\ntitle: {json.dumps(title)}\nsummary: {json.dumps(summary)}\ndate: {date}\ntags: {tags}\n"
        "source: {title: A source, url: 'https://example.org/a'}\n---\n\nIran and Pakistan.\n", encoding="utf-8")


def test_site_feed_is_atom_with_an_entry_per_briefing(site_dir: Path):
    feed = feedparser.parse((site_dir / "feed.xml").read_bytes())
    assert feed.version == "atom10"
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == len(sample_slugs()) >= 3
    linked = []
    for entry in feed.entries:
        assert entry.link and entry.updated and entry.id
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00Z", entry.updated)
        # a relative link resolves against the feed's own address to a built page
        target = urlsplit(urljoin("http://site.test/feed.xml", entry.link)).path
        assert (site_dir / target.lstrip("/") / "index.html").is_file(), entry.link
        linked.append(target.strip("/").split("/")[-1])
    assert sorted(linked) == sample_slugs()
    assert len({e.id for e in feed.entries}) == len(feed.entries)
    assert feed.feed.updated == max(e.updated for e in feed.entries)  # newest briefing, not the build time


def test_site_json_feed_is_json_feed_1_1(site_dir: Path):
    document = json.loads((site_dir / "feed.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(JSON_FEED_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert [e.message for e in validator.iter_errors(document)] == []
    assert document["version"] == JSON_FEED_VERSION
    assert len(document["items"]) == len(sample_slugs())
    atom = feedparser.parse((site_dir / "feed.xml").read_bytes())
    assert [i["id"] for i in document["items"]] == [e.id for e in atom.entries]
    assert [i["url"] for i in document["items"]] == [e.link for e in atom.entries]
    assert document["_briefkit"]["relative_urls"] is True  # the sample sets no site_url, and the feed says so


def test_entity_and_tag_feeds_sit_beside_their_pages(site_dir: Path):
    export = json.loads((site_dir / "briefings.json").read_text(encoding="utf-8"))
    for entity in export["entities"]:
        folder = site_dir / "entities" / entity["id"]
        assert (folder / "index.html").is_file()  # MkDocs' page and briefkit's feed share the URL folder
        feed = feedparser.parse((folder / "feed.xml").read_bytes())
        assert feed.version == "atom10" and not feed.bozo
        slugs = [urljoin(f"http://site.test/entities/{entity['id']}/feed.xml", e.link).rstrip("/").rsplit("/", 1)[1]
                 for e in feed.entries]
        assert slugs == entity["briefings"][:FEED_SIZE], entity["id"]
        items = json.loads((folder / "feed.json").read_text(encoding="utf-8"))["items"]
        assert len(items) == len(slugs)
    tags = {t for b in export["briefings"] for t in b["tags"]}
    assert tags
    for tag in tags:
        slug = re.sub(r"[^a-z0-9]+", "-", tag.lower()).strip("-")
        feed = feedparser.parse((site_dir / "tags" / slug / "feed.xml").read_bytes())
        assert feed.version == "atom10" and not feed.bozo
        expected = sum(tag in b["tags"] for b in export["briefings"])
        assert len(feed.entries) == expected
        assert all(tag in [t.term for t in e.tags] for e in feed.entries)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.alternates: list[dict] = []
        self.anchors: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "alternate":
            self.alternates.append(attrs)
        elif tag == "a" and attrs.get("type") in ("application/atom+xml", "application/feed+json"):
            self.anchors.append(attrs)


def _feed_links(page: str, site_dir: Path) -> tuple[dict, dict]:
    links = _Links()
    links.feed((site_dir / page).read_text(encoding="utf-8"))

    def resolve(found):
        return {a["type"]: urlsplit(urljoin("http://site.test/" + page, a["href"])).path for a in found}

    return resolve(links.alternates), resolve(links.anchors)


SITE_FEEDS = {"application/atom+xml": "/feed.xml", "application/feed+json": "/feed.json"}


@pytest.mark.parametrize("page, own", [("index.html", "feed"), ("entities/iran/index.html", "entities/iran/feed"),
                                       ("tags/diplomacy/index.html", "tags/diplomacy/feed"),
                                       ("briefings/2024-01-29-iran-fm-visits-pakistan/index.html", None)])
def test_pages_announce_the_site_feed_and_link_their_own(site_dir: Path, page: str, own: str | None):
    head, body = _feed_links(page, site_dir)
    # only root feeds in <head>: Material fetches sitemap.xml beside every rel=alternate address,
    # which would be a 404 (and a console error) for a feed in a sub-folder
    assert head == SITE_FEEDS
    if own:
        assert body == {"application/atom+xml": f"/{own}.xml", "application/feed+json": f"/{own}.json"}
        assert (site_dir / f"{own}.xml").is_file() and (site_dir / f"{own}.json").is_file()


def test_feeds_are_deterministic_and_have_no_build_time(project: Path):
    _, graph = graph_of(project)
    first = feed_files(graph, "Briefings", PublicUrls())
    second = feed_files(graph, "Briefings", PublicUrls())
    assert first == second
    newest = max(b.briefing.date for b in graph.ordered())
    site = feedparser.parse(first["feed.xml"])
    assert site.feed.updated == f"{newest}T00:00:00Z"
    assert set(first) >= {"feed.xml", "feed.json", "entities/iran/feed.xml", "tags/diplomacy/feed.json"}


def test_a_revised_briefing_carries_its_revision_date(project: Path):
    source = project / "briefings" / "2024-01-17-iran-strikes-balochistan.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("date: 2024-01-17", "date: 2024-01-17\nupdated: 2024-02-03", 1), encoding="utf-8")
    _, graph = graph_of(project)
    files = feed_files(graph, "Briefings", PublicUrls())
    atom = feedparser.parse(files["feed.xml"])
    revised = next(e for e in atom.entries if "iran-strikes-balochistan" in e.link)
    assert (revised.published, revised.updated) == ("2024-01-17T00:00:00Z", "2024-02-03T00:00:00Z")
    assert atom.feed.updated == "2024-02-03T00:00:00Z"  # the feed changed when the briefing did
    assert atom.entries[-1] is revised  # still ordered by the day it is about
    item = next(i for i in json.loads(files["feed.json"])["items"] if "iran-strikes-balochistan" in i["url"])
    assert item["date_modified"] == "2024-02-03T00:00:00Z"


def test_absolute_urls_when_site_url_is_set(project: Path):
    _, graph = graph_of(project)
    files = feed_files(graph, "Briefings", PublicUrls("https://example.org/sub", SiteUrls()))
    atom = feedparser.parse(files["entities/iran/feed.xml"])
    assert atom.feed.id == "https://example.org/sub/entities/iran/feed.xml"
    assert {link.rel: link.href for link in atom.feed.links if link.type != "application/feed+json"} == {
        "self": "https://example.org/sub/entities/iran/feed.xml", "alternate": "https://example.org/sub/entities/iran/"}
    for entry in atom.entries:
        assert entry.link.startswith("https://example.org/sub/briefings/") and entry.id == entry.link
    document = json.loads(files["feed.json"])
    assert document["feed_url"] == "https://example.org/sub/feed.json"
    assert document["home_page_url"] == "https://example.org/sub/"
    assert "_briefkit" not in document
    assert b"site_url" not in files["feed.xml"]  # no "links are relative" note


def test_author_text_is_escaped_and_only_the_latest_fifty_are_kept(project: Path):
    hostile = 'Talks </title><script>alert("x")</script> & <![CDATA[ ]]> "quoted" \'single\''
    write_briefing(project, "2030-01-01-hostile", hostile, "2030-01-01", summary="Summary with <b>tags</b> & ]]>")
    for n in range(FEED_SIZE + 5):
        write_briefing(project, f"2025-01-{n % 28 + 1:02d}-bulk-{n:02d}", f"Bulk {n}", f"2025-01-{n % 28 + 1:02d}")
    _, graph = graph_of(project)
    files = feed_files(graph, "Site & <Co>", PublicUrls())
    atom = feedparser.parse(files["feed.xml"])
    assert not atom.bozo, atom.get("bozo_exception")
    assert atom.feed.author == "Site & <Co>"
    assert len(atom.entries) == FEED_SIZE
    assert atom.entries[0].title == hostile
    assert atom.entries[0].summary == "Summary with <b>tags</b> & ]]>"
    assert b"<script>" not in files["feed.xml"]
    dates = [e.published for e in atom.entries]
    assert dates == sorted(dates, reverse=True)
    assert json.loads(files["feed.json"])["items"][0]["title"] == hostile
    # the per-tag feed holds the latest fifty too, newest first
    assert len(feedparser.parse(files["tags/diplomacy/feed.xml"]).entries) == FEED_SIZE


def test_a_feed_without_briefings_is_valid_and_fixed_in_time(project: Path):
    for source in (project / "briefings").glob("*.md"):
        source.unlink()
    _, graph = graph_of(project)
    files = feed_files(graph, "Briefings", PublicUrls())
    atom = feedparser.parse(files["feed.xml"])
    assert atom.version == "atom10" and not atom.bozo
    assert atom.entries == [] and atom.feed.updated == EPOCH
    assert json.loads(files["entities/iran/feed.json"])["items"] == []


def test_feed_places_follow_the_page_urls():
    assert feeds_of("index.md") == {"xml": "feed.xml", "json": "feed.json"}
    assert feeds_of("entities/iran/index.md") == {"xml": "entities/iran/feed.xml", "json": "entities/iran/feed.json"}
    assert feeds_of("tags/border-security/index.md")["xml"] == "tags/border-security/feed.xml"
    assert feeds_of("tags/index.md") == feeds_of("entities/index.md") == feeds_of("briefings/x.md") == {}


def test_links_follow_use_directory_urls_false(project: Path):
    _, graph = graph_of(project)
    files = feed_files(graph, "Briefings", PublicUrls("", SiteUrls(directory_urls=False)))
    entity = feedparser.parse(files["entities/iran/feed.xml"])
    assert entity.entries and all(e.link.startswith("../../briefings/") and e.link.endswith(".html")
                                  for e in entity.entries)
    assert {link.rel: link.href for link in entity.feed.links if link.type == "text/html"} == {
        "alternate": "index.html"}  # entities/iran/index.html, in the feed's folder
    site = json.loads(files["feed.json"])
    assert site["home_page_url"] == "index.html" and site["items"][0]["url"].startswith("briefings/")
