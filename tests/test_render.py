"""Rendering: the site graph becomes Markdown pages, every author value escaped where it lands."""

from __future__ import annotations

from dataclasses import replace

import pytest
import yaml

from briefkit import render
from briefkit.model import Entity, Origin
from briefkit.registry import build_registry
from briefkit.render import front_matter, human_date, safe_title, time_tag
from briefkit.urls import SiteUrls, entity_path, tag_path
from fixtures import fixture_registry
from helpers.dom import squash, tree
from helpers.pages import briefing, pages_of, split


@pytest.mark.parametrize("iso, shown", [
    ("2024-01-29", "29 January 2024"), ("2024-01", "January 2024"), ("2024", "2024"), ("2024-13-01", "2024-13-01")])
def test_human_date(iso, shown):
    assert human_date(iso) == shown


def test_time_tag():
    assert time_tag("2024-01-07") == '<time datetime="2024-01-07">7 January 2024</time>'


def test_safe_title_is_one_escaped_line():
    assert safe_title(' <b>Iran\'s</b> "talks"\nend\u2028x ') == (
        "&lt;b&gt;Iran&#x27;s&lt;/b&gt; &quot;talks&quot; end x")


def test_front_matter_is_yaml_that_reads_back_and_drops_empty_fields():
    fm = front_matter(title="a: b # c", description="", tags=["x", "- y"], search={"boost": 3}, hide=None)
    assert yaml.safe_load(str(fm)) == {"title": "a: b # c", "tags": ["x", "- y"], "search": {"boost": 3}}


def test_tag_paths_are_slugs_and_never_empty():
    assert tag_path("Border security") == "tags/border-security/index.md"
    assert tag_path("\u0627\u0645\u0646\u06cc\u062a").startswith("tags/tag-")  # no ASCII letters in it
    assert tag_path("\u0627\u0645\u0646\u06cc\u062a") != tag_path("\u062c\u0646\u06af")


def test_the_site_has_a_page_for_every_briefing_entity_and_index():
    pages = pages_of([briefing("2024-01-29-a", "2024-01-29", "Iran.\n", tags=["diplomacy"]),
                      briefing("2024-01-17-b", "2024-01-17", "Pakistan.\n")])
    registry = fixture_registry()
    expected = {"index.md", "entities/index.md", "briefings/index.md", "timeline/index.md", "tags/index.md",
                "tags/diplomacy/index.md", "briefings/2024-01-29-a/index.md", "briefings/2024-01-17-b/index.md"}
    expected |= {f"entities/{e}/index.md" for e in registry.entities}
    assert set(pages) == expected


def test_briefing_page_has_one_factbox_and_escapes_every_author_value():
    hostile = briefing("x", "2024-01-29", "Body.\n", summary="<script>alert(1)</script> & [[iran]]",
                       tags=["a&b"], facts=[("<i>Label</i>", "<img src=x onerror=alert(1)> [[pakistan]]")])
    hostile = replace(hostile, title="<script>alert('t')</script> Iran's")
    page = pages_of([hostile])["briefings/x/index.md"]
    front, body = split(page)
    assert front["title"] == "&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt; Iran&#x27;s"
    assert "<script>alert" not in body and "<img" not in body and "<i>" not in body  # (JSON-LD's <script> is ours)
    root = tree(body)
    (box,) = root.select(cls="factbox")
    facts = dict(zip([squash(n.text()) for n in box.select("dt")], [squash(n.text()) for n in box.select("dd")],
                     strict=True))
    assert facts["<i>Label</i>"] == "<img src=x onerror=alert(1)> Pakistan"
    assert facts["Date"] == "29 January 2024"
    assert squash(root.select(cls="briefing__summary")[0].text()) == "<script>alert(1)</script> & Iran"
    assert squash(root.select(cls="briefing__title")[0].text()) == "<script>alert('t')</script> Iran's"


def test_source_url_becomes_a_link_and_a_missing_url_does_not():
    from briefkit.model import Source

    with_url = briefing("a", "2024-01-29", "x\n")
    with_url = replace(with_url, sources=(
        Source("Report \"one\"", Origin("b.md"), "Wire", "https://example.org/?a=1&b=2"),
        Source("Report two", Origin("b.md"))))
    body = split(pages_of([with_url])["briefings/a/index.md"])[1]
    (box,) = tree(body).select(cls="factbox")
    assert [a.attrs["href"] for a in box.select("a") if "example.org" in a.attrs["href"]] == [
        "https://example.org/?a=1&b=2"]
    assert 'href="https://example.org/?a=1&amp;b=2"' in body  # escaped in the markup


def test_entity_page_shows_backlinks_newest_first_and_its_parts():
    pages = pages_of([briefing("old", "2024-01-01", "Iran struck.\n"),
                      briefing("new", "2024-02-01", "Then Iran spoke.\n")])
    root = tree(split(pages["entities/iran/index.md"])[1])
    hrefs = [a.attrs["href"] for a in root.select("a")]
    assert hrefs.index("../../briefings/new/") < hrefs.index("../../briefings/old/")
    assert "Then Iran spoke." in squash(root.text())  # the context of the mention
    assert "../sistan-baluchestan/" in hrefs  # the parts of Iran


def test_entity_values_are_escaped():
    evil = Entity("evil", "<b>Evil</b>", "person", Origin("e.yml"), aliases=("<i>alias</i>",),
                  description="<script>x</script>", role="<u>role</u>")
    registry, problems = build_registry([evil])
    assert problems == []
    page = pages_of([briefing("a", "2024-01-01", "[[evil]] spoke.\n")], registry)["entities/evil/index.md"]
    front, body = split(page)
    assert front["title"] == "&lt;b&gt;Evil&lt;/b&gt;"
    for raw in ("<b>Evil", "<i>alias", "<script>", "<u>role"):
        assert raw not in body


def test_timeline_is_grouped_by_month_in_date_order():
    pages = pages_of([briefing("a", "2024-02-03", "x\n", events=[("2024-01-17", "[[iran]] strikes")]),
                      briefing("b", "2024-01-20", "x\n")])
    body = split(pages["timeline/index.md"])[1]
    assert body.index("## January 2024") < body.index("## February 2024")
    dates = [n.attrs["datetime"] for n in tree(body).select("time")]
    assert dates == ["2024-01-17", "2024-01-20", "2024-02-03"]


def test_long_timelines_get_a_page_per_year(monkeypatch):
    monkeypatch.setattr(render, "TIMELINE_INDEX_LIMIT", 2)
    pages = pages_of([briefing(f"b{i}", f"{2020 + i}-06-01", "x\n") for i in range(3)])
    assert {"timeline/2020/index.md", "timeline/2021/index.md", "timeline/2022/index.md"} <= set(pages)
    dates = [n.attrs["datetime"] for n in tree(split(pages["timeline/index.md"])[1]).select("time")]
    assert dates == ["2021-06-01", "2022-06-01"]  # the latest entries; earlier ones by year


def test_a_busy_year_gets_a_page_per_month_and_its_page_lists_them(monkeypatch):
    monkeypatch.setattr(render, "TIMELINE_INDEX_LIMIT", 2)
    monkeypatch.setattr(render, "TIMELINE_YEAR_LIMIT", 2)
    pages = pages_of([briefing("a", "2021-03-01", "x\n"), briefing("b", "2021-03-09", "x\n"),
                      briefing("c", "2021-07-01", "x\n"), briefing("d", "2022-01-05", "x\n")])
    assert {"timeline/2021/index.md", "timeline/2021-03/index.md", "timeline/2021-07/index.md",
            "timeline/2022/index.md"} <= set(pages)
    assert "timeline/2022-01/index.md" not in pages  # a quiet year keeps its entries on its own page
    year = tree(split(pages["timeline/2021/index.md"])[1])
    assert year.select("time") == []  # only the months
    (months,) = year.select("ul", cls="timeline__months")
    assert [a.attrs["href"] for a in months.select("a")] == ["../2021-03/", "../2021-07/"]
    march = [n.attrs["datetime"] for n in tree(split(pages["timeline/2021-03/index.md"])[1]).select("time")]
    assert march == ["2021-03-01", "2021-03-09"]
    front = split(pages["timeline/2021-03/index.md"])[0]
    assert front["title"] == "Timeline March 2021" and front["search"] == {"exclude": True}


def test_briefing_index_is_paginated(monkeypatch):
    monkeypatch.setattr(render, "PAGE_SIZE", 2)
    pages = pages_of([briefing(f"b{i}", f"2024-01-{i + 1:02d}", "x\n") for i in range(5)])
    assert {"briefings/index.md", "briefings/archive/2/index.md", "briefings/archive/3/index.md"} <= set(pages)
    assert "briefings/archive/4/index.md" not in pages
    first = [a.attrs["href"] for a in tree(split(pages["briefings/index.md"])[1]).select("a")]
    assert "b4/" in first and "b3/" in first and "b2/" not in first  # newest first
    assert split(pages["briefings/archive/2/index.md"])[0]["search"] == {"exclude": True}


def test_rendering_is_deterministic():
    briefings = [briefing(f"b{i}", f"2024-01-{i + 1:02d}", "Iran and Pakistan.\n", tags=["t", "u"]) for i in range(4)]
    assert pages_of(briefings) == pages_of(list(reversed(briefings)))


def entity_hrefs(page: str) -> set[str]:
    return {a.attrs["href"] for a in tree(split(page)[1]).select("a", "entity-link")}


def test_entities_index_lists_every_entity_by_type_when_each_type_is_small():
    pages = pages_of([briefing("b", "2024-01-29", "Iran.\n")])
    registry = fixture_registry()
    assert entity_hrefs(pages["entities/index.md"]) == {SiteUrls().href("entities/index.md", entity_path(e))
                                                        for e in registry.entities}
    assert not any(path.startswith("entities/type/") for path in pages)
    headings = [line for line in split(pages["entities/index.md"])[1].splitlines() if line.startswith("## ")]
    assert headings == ["## People", "## Organisations", "## Countries", "## Places"]


def test_a_large_type_shows_its_most_mentioned_and_gets_pages_of_its_own(monkeypatch):
    monkeypatch.setattr(render, "ENTITY_INDEX_LIMIT", 1)
    monkeypatch.setattr(render, "PAGE_SIZE", 2)
    registry = fixture_registry()
    pages = pages_of([briefing("b", "2024-01-29", "Iran.\n")], registry)
    by_type = {t: sorted(e.id for e in registry.entities.values() if e.type == t)
               for t in ("person", "organization", "country", "place")}
    index = pages["entities/index.md"]
    assert len(entity_hrefs(index)) == 4  # one of each type
    assert SiteUrls().href("entities/index.md", "entities/type/organization/index.md") in index
    assert SiteUrls().href("entities/index.md", "entities/type/person/index.md") not in index  # one person: all shown
    type_pages = sorted(path for path in pages if path.startswith("entities/type/"))
    assert type_pages == ["entities/type/country/index.md", "entities/type/organization-2/index.md",
                          "entities/type/organization/index.md", "entities/type/place/index.md"]
    reached = set()
    for path in type_pages:
        assert split(pages[path])[0]["search"] == {"exclude": True}
        assert len(entity_hrefs(pages[path])) <= 2
        reached |= {e for e in registry.entities if SiteUrls().href(path, entity_path(e)) in entity_hrefs(pages[path])}
    assert reached == set(by_type["organization"] + by_type["country"] + by_type["place"])
    first = tree(split(pages["entities/type/organization/index.md"])[1])
    assert [a.attrs["href"] for a in first.select("a") if a.attrs.get("rel") == "next"] == [
        SiteUrls().href("entities/type/organization/index.md", "entities/type/organization-2/index.md")]


def test_a_briefings_tag_chips_link_to_their_tag_pages_and_material_sees_no_tags():
    page = pages_of([briefing("x", "2024-01-29", "Iran.\n", tags=["diplomacy", "a&b"])])["briefings/x/index.md"]
    front, body = split(page)
    assert "tags" not in front  # Material's tags plugin would show unlinked chips and index them
    (chips,) = tree(body).select("nav", "briefing__tags")
    assert [(squash(a.text()), a.attrs["href"]) for a in chips.select("a", "md-tag")] == [
        ("diplomacy", "../../tags/diplomacy/"), ("a&b", "../../" + tag_path("a&b")[:-len("index.md")])]


def test_timeline_years_run_oldest_first_as_the_list_does(monkeypatch):
    monkeypatch.setattr(render, "TIMELINE_INDEX_LIMIT", 2)
    pages = pages_of([briefing(f"b{i}", f"{2020 + i}-06-01", "x\n") for i in range(3)])
    (years,) = tree(split(pages["timeline/index.md"])[1]).select("p", "timeline__years")
    assert [squash(a.text()) for a in years.select("a")] == ["2020", "2021", "2022"]


def _registry_of(*entities: Entity):
    registry, problems = build_registry(entities)
    assert problems == []
    return registry


def _entity(entity_id: str, name: str, kind: str, **fields) -> Entity:
    return Entity(entity_id, name, kind, Origin("entities/x.yml"), **fields)


def test_people_are_listed_by_last_name_or_their_sort_name():
    registry = _registry_of(_entity("ariel-sharon", "Ariel Sharon", "person"),
                            _entity("aleksey-miller", "Aleksey Miller", "person"),
                            _entity("charles-de-gaulle", "Charles de Gaulle", "person", sort_as="Gaulle, Charles de"),
                            _entity("zeta", "Zeta Org", "organization"))
    body = split(pages_of([briefing("b", "2024-01-29", "Ariel Sharon.\n")], registry)["entities/index.md"])[1]
    (people,) = [ul for ul in tree(body).select("ul", "entity-index")][:1]
    assert [squash(a.text()) for a in people.select("a")] == ["Charles de Gaulle", "Aleksey Miller", "Ariel Sharon"]


def test_home_ways_in_shows_the_most_mentioned_latest_first_on_ties_and_links_all(monkeypatch):
    people = [_entity(f"p{i}", f"Person Number{i}", "person") for i in range(10)]
    registry = _registry_of(*people)
    briefings = [briefing("old", "2024-01-01", "Person Number0 and Person Number1.\n"),
                 briefing("new", "2024-02-01", "Person Number9 and Person Number1.\n")]
    briefings += [briefing(f"n{i}", "2023-01-01", f"Person Number{i}.\n") for i in range(2, 9)]
    body = split(pages_of(briefings, registry)["index.md"])[1]
    (group,) = [g for g in tree(body).select("section", "ways-in__group")
                if squash(g.select("p", "ways-in__title")[0].text()) == "People"]
    shown = [squash(a.text()) for a in group.select("a", "entity-link")]
    # Number1 twice; then the ones named once, the latest first (Number9 in February, Number0 in January)
    assert shown[:3] == ["Person Number1", "Person Number9", "Person Number0"] and len(shown) == 8
    (everything,) = group.select("a", "ways-in__all")
    assert (squash(everything.text()), everything.attrs["href"]) == ("all 10", "entities/#people")
