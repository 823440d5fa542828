"""The export (/briefings.json against its schema) and the JSON-LD on every briefing page."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from briefkit.convert import convert
from briefkit.export import EXPORT_VERSION, script_json
from briefkit.project import find_project
from briefkit.validate import SCHEMA_DIR
from helpers.project import REPO, run_briefkit

SCHEMA = json.loads((SCHEMA_DIR / "export.schema.json").read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_errors(document) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(document)]


class _Scripts(HTMLParser):
    """The text of every <script type="application/ld+json"> element, as a browser splits it."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        self._inside = tag == "script" and dict(attrs).get("type") == "application/ld+json"
        if self._inside:
            self.found.append("")

    def handle_endtag(self, tag):
        self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.found[-1] += data


def linked_data(html: str) -> list[dict]:
    parser = _Scripts()
    parser.feed(html)
    return [json.loads(text) for text in parser.found]


def test_schema_is_valid_and_published(site_dir: Path):
    Draft202012Validator.check_schema(SCHEMA)
    assert json.loads((site_dir / "schemas" / "export.schema.json").read_text(encoding="utf-8")) == SCHEMA


def test_export_validates_and_holds_every_briefing_entity_and_event(site_dir: Path):
    document = json.loads((site_dir / "briefings.json").read_text(encoding="utf-8"))
    assert schema_errors(document) == []
    assert document["version"] == EXPORT_VERSION
    slugs = sorted(p.stem for p in (REPO / "briefings").glob("*.md"))
    assert sorted(b["slug"] for b in document["briefings"]) == slugs
    entity_ids = {e["id"] for e in document["entities"]}
    assert entity_ids == {p.parent.name for p in (site_dir.parent / "docs" / "entities").glob("*/index.md")} - {"type"}
    for b in document["briefings"]:
        assert (site_dir / b["url"] / "index.html").is_file()
        referenced = set(b["entities"]) | set(b["location"]) | set(b["actors"])
        referenced |= {e for part in b["facts"] + b["events"] for e in part["entities"]}
        assert referenced <= entity_ids, b["slug"]
        assert set(b["location"]) | set(b["actors"]) <= set(b["entities"])
    events = [(e["date"], e["briefing"]) for e in document["events"]]
    assert sorted(events) == events
    # each briefing's events are all there, once each: reported by it, or also by it
    reported = sorted((e["date"], slug) for e in document["events"] for slug in [e["briefing"], *e["also_in"]])
    assert reported == sorted((e["date"], b["slug"]) for b in document["briefings"] for e in b["events"])
    # an entity lists exactly the briefings that name it
    for entity in document["entities"]:
        assert entity["briefings"] == [b["slug"] for b in document["briefings"] if entity["id"] in b["entities"]]
    fm = next(b for b in document["briefings"] if b["slug"] == "2024-01-29-iran-fm-visits-pakistan")
    assert fm["facts"][0] == {"label": "Talks", "value": "Hossein Amirabdollahian and Jalil Abbas Jilani",
                              "entities": ["hossein-amirabdollahian", "jalil-abbas-jilani"], "as_of": "2024-01-29"}
    assert "[[" not in json.dumps(document)  # links become text, ids sit beside them


def test_drafts_are_left_out_and_extra_is_kept(project: Path):
    draft = project / "briefings" / "2024-01-17-iran-strikes-balochistan.md"
    text = draft.read_text(encoding="utf-8")
    draft.write_text(text.replace("date: 2024-01-17", "date: 2024-01-17\nstatus: draft", 1), encoding="utf-8")
    extra = project / "briefings" / "2024-01-29-iran-fm-visits-pakistan.md"
    extra.write_text(extra.read_text(encoding="utf-8").replace(
        "date: 2024-01-29", "date: 2024-01-29\nextra: {desk: south asia, priority: 2, odd: .nan, list: [a, 1]}", 1),
        encoding="utf-8")
    convert(find_project(project))
    document = json.loads((project / "docs" / "briefings.json").read_text(encoding="utf-8"))
    assert schema_errors(document) == []
    slugs = [b["slug"] for b in document["briefings"]]
    assert "2024-01-17-iran-strikes-balochistan" not in slugs and len(slugs) == 3
    kept = next(b for b in document["briefings"] if b["slug"] == "2024-01-29-iran-fm-visits-pakistan")
    assert kept["extra"] == {"desk": "south asia", "priority": 2, "odd": "nan", "list": ["a", 1]}
    assert all(e["briefing"] in slugs for e in document["events"])


def test_every_briefing_page_carries_news_article_json_ld_naming_its_entities(site_dir: Path):
    document = json.loads((site_dir / "briefings.json").read_text(encoding="utf-8"))
    names = {e["id"]: e["name"] for e in document["entities"]}
    for b in document["briefings"]:
        found = linked_data((site_dir / b["url"] / "index.html").read_text(encoding="utf-8"))
        assert len(found) == 1, b["slug"]
        data = found[0]
        assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
        assert data["headline"] == b["title"] and data["datePublished"] == b["date"]
        about = [t["name"] for t in data.get("about", [])]
        mentions = [t["name"] for t in data.get("mentions", [])]
        assert about, b["slug"]
        assert sorted(about + mentions) == sorted(names[e] for e in b["entities"])
        assert {names[e] for e in b["location"] + b["actors"]} <= set(about)
    page = (site_dir / "briefings" / "2024-01-29-iran-fm-visits-pakistan" / "index.html").read_text(encoding="utf-8")
    things = {t["name"]: t for key in ("about", "mentions") for t in linked_data(page)[0][key]}
    assert things["Hossein Amirabdollahian"]["@type"] == "Person"
    assert "https://www.wikidata.org/wiki/Q5906316" in things["Hossein Amirabdollahian"]["sameAs"]
    assert things["Islamabad"]["@type"] == "Place" and things["Iran"]["@type"] == "Country"


@pytest.mark.parametrize("text", ['</script><script>alert(1)</script>', "<!-- <script>", "a & b > c",
                                  "line\u2028separator", "]]>"])
def test_json_ld_cannot_leave_its_script_element(text: str):
    element = str(script_json({"headline": text}))
    inner = element[len('<script type="application/ld+json">'):-len("</script>")]
    assert "<" not in inner and ">" not in inner and "&" not in inner
    assert linked_data(element) == [{"headline": text}]


@pytest.mark.slow
def test_hostile_title_keeps_json_ld_intact_through_mkdocs(project: Path):
    hostile = 'Talks </script><script>alert("x")</script> <!-- & -->'
    source = project / "briefings" / "2024-01-29-iran-fm-visits-pakistan.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace(
        "title: Iran's foreign minister visits Pakistan to ease tensions after air strikes",
        f"title: {json.dumps(hostile)}"), encoding="utf-8")
    run_briefkit(project, "build", check=True)
    html = (project / "site" / "briefings" / "2024-01-29-iran-fm-visits-pakistan" / "index.html").read_text(
        encoding="utf-8")
    assert linked_data(html)[0]["headline"] == hostile
    assert "<script>alert" not in html
    assert "Talks &lt;/script&gt;&lt;script&gt;alert" in html  # the heading shows the text, escaped
