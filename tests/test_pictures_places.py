"""Where places are (briefkit.pictures.places), the maps pages get, and check's warning for a place nowhere."""

from __future__ import annotations

from pathlib import Path

from briefkit.model import Entity, Origin
from briefkit.pictures.places import locate_all, location_problems
from briefkit.registry import build_registry
from helpers.dom import tree
from helpers.pages import briefing, pages_of, split
from helpers.project import run_briefkit


def registry_of(*entities: Entity):
    registry, problems = build_registry(list(entities))
    assert problems == [], problems
    return registry


def entity(entity_id: str, name: str, kind: str, **fields) -> Entity:
    return Entity(entity_id, name, kind, Origin("briefings/entities/places.yml", 3, 3), **fields)


def test_coordinates_come_from_the_registry_the_boundaries_the_gazetteer_or_the_parent():
    registry = registry_of(
        entity("pakistan", "Pakistan", "country"),
        entity("balochistan", "Balochistan", "place", part_of="pakistan", coordinates=(28.5, 65.5)),
        entity("islamabad", "Islamabad", "place", part_of="pakistan"),
        entity("kech", "Kech District", "place", part_of="balochistan"),
        entity("nowhere", "Qqqzzz", "place"))
    found = locate_all(registry)
    balochistan = found["balochistan"]
    assert (balochistan.lat, balochistan.how, balochistan.country) == (28.5, "registry", "PK")
    assert found["pakistan"].how == "boundaries" and 23 < found["pakistan"].lat < 37
    assert found["islamabad"].how == "gazetteer" and round(found["islamabad"].lat) == 34
    assert (found["kech"].lat, found["kech"].how) == (28.5, "part_of")
    assert found["nowhere"] is None
    (problem,) = location_problems(registry, found)
    assert problem.format().startswith('briefings/entities/places.yml:3:3: warning: place "nowhere" has no coordinates')


def test_the_gazetteer_looks_in_the_places_own_country_first():
    registry = registry_of(entity("lebanon", "Lebanon", "country"),
                           entity("tripoli", "Tripoli", "place", country="lebanon"))
    assert locate_all(registry)["tripoli"].country == "LB" and 34 < locate_all(registry)["tripoli"].lat < 35


def test_briefing_and_place_pages_have_a_locator_map_in_their_fact_box():
    pages = pages_of([briefing("a", "2024-01-01", "Iran and Pakistan.\n", location=["sistan-baluchestan", "pakistan"])])
    (on_briefing,) = tree(split(pages["briefings/a/index.md"])[1]).select("figure", cls="locator-map")
    assert [t.text() for t in on_briefing.select("text", cls="map__label")] == ["Sistan-Baluchestan", "Pakistan"]
    body = split(pages["entities/sistan-baluchestan/index.md"])[1]
    (figure,) = tree(body).select("figure", cls="locator-map")
    assert "Location: Sistan-Baluchestan, Iran (marked at Iran)." in figure.text()
    assert body.index('<figure class="locator-map" ') < body.index("</aside>")
    assert tree(split(pages["entities/iran/index.md"])[1]).select("figure", cls="locator-map")


def test_check_warns_about_a_place_no_map_can_show(project: Path):
    places = project / "briefings/entities/places.yml"
    before = places.read_text(encoding="utf-8")
    places.write_text(before + "\n- id: qqqzzz\n  name: Qqqzzz\n  type: place\n", encoding="utf-8")
    line = before.count("\n") + 2
    result = run_briefkit(project, "check")
    assert f'briefings/entities/places.yml:{line}:3: warning: place "qqqzzz" has no coordinates' in result.stderr
    assert "sistan-baluchestan" not in result.stderr  # the sample's places all have a location
