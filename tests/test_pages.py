"""Reader pages: the home page (cards, counts, ways in, hand-written intro), the tag pages, and
what Material's search index holds (fact values, tags, aliases, entity boost)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from briefkit.convert import convert
from briefkit.project import find_project
from briefkit.render import HOME_LATEST
from helpers.dom import Node, parse, squash
from helpers.web import pagefind_records


def find_all(node: Node, css_class: str = "", tag: str = "") -> list[Node]:
    return [n for n in node.select(tag, css_class) if n is not node]


def find(node: Node, css_class: str = "", tag: str = "") -> Node:
    found = find_all(node, css_class, tag)
    assert found, f"no {tag}.{css_class}"
    return found[0]


def text(node: Node) -> str:
    return squash(node.text())


def content(path: Path) -> Node:
    return find(parse(path), "md-content")


def target(site_dir: Path, page: str, href: str) -> Path:
    """The built file a relative link on page leads to."""
    path = urlsplit(urljoin("http://site.test/" + page, href)).path.lstrip("/")
    return site_dir / path / "index.html" if path.endswith("/") or not path else site_dir / path


@pytest.fixture(scope="module")
def export(site_dir: Path) -> dict:
    return json.loads((site_dir / "briefings.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def search_docs(site_dir: Path) -> dict[str, dict]:
    """Pagefind's records by URL relative to the site (as the export gives it)."""
    return {url.lstrip("/"): record for url, record in pagefind_records(site_dir).items()}


def test_home_shows_the_latest_briefings_as_cards(site_dir: Path, export: dict):
    home = content(site_dir / "index.html")
    cards = find_all(home, "briefing-card", "li")
    expected = export["briefings"][:HOME_LATEST]
    assert len(cards) == len(expected) >= 3
    names = {e["id"]: e["name"] for e in export["entities"]}
    for card, briefing in zip(cards, expected, strict=True):
        assert find(card, tag="time").attrs["datetime"] == briefing["date"]
        title = find(find(card, "briefing-card__title"), tag="a")
        assert text(title) == briefing["title"]
        assert target(site_dir, "", title.attrs["href"]) == site_dir / briefing["url"] / "index.html"
        assert text(find(card, "briefing-card__summary")) == briefing["summary"]
        tags = find_all(card, "briefing-card__tag")
        assert [text(t) for t in tags] == briefing["tags"]
        assert all(target(site_dir, "", t.attrs["href"]).is_file() for t in tags)
        actors = [text(a) for a in find_all(find(card, "briefing-card__actors"), tag="a")]
        assert actors and set(actors) <= {names[e] for e in briefing["entities"]}


def test_home_counts_and_ways_in(site_dir: Path, export: dict):
    home = content(site_dir / "index.html")
    counts = text(find(home, "home__counts"))
    assert f"{len(export['briefings'])} briefings" in counts
    assert f"{len(export['entities'])} entities" in counts
    assert f"{len(export['events'])} dated events" in counts
    ways = find(home, "ways-in")
    titles = [text(t) for t in find_all(ways, "ways-in__title")]
    assert {"People", "Countries", "Places", "Tags", "Time", "Feeds and data"} <= set(titles)
    for link in find_all(ways, tag="a"):
        assert target(site_dir, "", link.attrs["href"]).is_file(), link.attrs["href"]
    hrefs = {link.attrs["href"] for link in find_all(ways, tag="a")}
    assert {"timeline/", "feed.xml", "feed.json", "briefings.json"} <= hrefs


def test_hand_written_home_intro_is_kept_and_made_safe(project: Path):
    (project / "docs" / "home-intro.md").write_text(
        "Welcome to the **crisis desk**. Start with [[iran]].\n\n<script>alert(1)</script>\n", encoding="utf-8")
    convert(find_project(project))
    home = (project / "docs" / "index.md").read_text(encoding="utf-8")
    assert "<strong>crisis desk</strong>" in home
    assert 'href="entities/iran/"' in home
    assert "<script>" not in home
    assert (project / "docs" / "home-intro.md").read_text(encoding="utf-8").startswith("Welcome")  # left as written
    assert home.index("crisis desk") < home.index("Latest briefings")


def test_tag_index_and_a_page_per_tag(site_dir: Path, export: dict):
    tags = sorted({t for b in export["briefings"] for t in b["tags"]}, key=str.casefold)
    index = find(content(site_dir / "tags" / "index.html"), "tag-index")
    links = find_all(index, tag="a")
    assert [text(a) for a in links] == tags
    for link in links:
        tag = text(link)
        page = target(site_dir, "tags/", link.attrs["href"])
        cards = find_all(content(page), "briefing-card", "li")
        expected = [b["title"] for b in export["briefings"] if tag in b["tags"]]
        assert [text(find(c, "briefing-card__title")) for c in cards] == expected
        feeds = find_all(find(content(page), "feeds"), tag="a")
        assert all(target(site_dir, str(page.parent.relative_to(site_dir)) + "/", a.attrs["href"]).is_file()
                   for a in feeds)


def test_briefing_pages_show_their_tags_with_materials_tags_feature(site_dir: Path, export: dict):
    for briefing in export["briefings"]:
        page = parse(site_dir / briefing["url"] / "index.html")
        shown = sorted(text(t) for t in find_all(find(page, "md-tags"), "md-tag"))
        assert shown == sorted(briefing["tags"]), briefing["slug"]


def test_search_index_holds_fact_values_and_tags(search_docs: dict, export: dict):
    for briefing in export["briefings"]:
        record = search_docs[briefing["url"]]
        indexed = record["content"]
        for fact in briefing["facts"]:
            assert fact["value"] in indexed, (briefing["slug"], fact)
        for tag in briefing["tags"]:
            assert tag in indexed
        assert sorted(record["filters"]["tag"]) == sorted(briefing["tags"])
        assert record["filters"]["type"] == ["Briefing"] and record["filters"]["year"] == [briefing["date"][:4]]
        assert "schema.org" not in indexed  # the JSON-LD stays out of the search index
        assert "Shares " not in indexed  # nor the list of related briefings ("Shares Iran, ...")


def test_entity_pages_list_their_aliases(search_docs: dict, export: dict):
    for entity in export["entities"]:
        record = search_docs[entity["url"]]
        assert record["meta"]["title"] == entity["name"]
        assert record["filters"]["entity"] == [entity["name"]]
        for alias in entity["aliases"]:
            assert alias in record["content"], (entity["id"], alias)
