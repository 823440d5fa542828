"""The offline gazetteer: what it knows of a name, and its index cached in the user's cache folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefkit.authoring import places


@pytest.mark.parametrize("name, kind, known_as", [
    ("Accra", "city", "Accra"), ("Bombay", "city", "Mumbai"), ("Madras", "city", "Chennai"),
    ("Frankfurt", "city", "Frankfurt am Main"), ("Africa", "continent", "Africa"), ("Ohio", "US state", "Ohio"),
    ("Pakistan", "country", "Pakistan"), ("Sindh", "region", "Sindh"), ("Middle East", "area", "Middle East"),
])
def test_lookup(name, kind, known_as):
    place = places.lookup(name)
    assert (place.kind, place.name) == (kind, known_as)
    assert place.former == (name in ("Bombay", "Madras"))  # "Frankfurt" is a short form, not a former name


def test_a_city_carries_where_it_is_and_says_why():
    place = places.lookup("Kigali")
    assert place.country_code == "RW" and -3 < place.latitude < -1 and 29 < place.longitude < 31
    assert place.why.startswith("gazetteer: city, RW, population ")
    assert places.lookup("Bombay").why.startswith("gazetteer: city (now Mumbai), IN")


def test_words_and_names_that_are_no_place():
    for name in ("Committee", "Project", "Affairs", "Reuters", "Shelling", "Ebola"):
        assert places.lookup(name) is None, name


def test_the_index_is_built_once_into_the_user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("BRIEFKIT_CACHE_DIR", str(tmp_path))
    places._index.cache_clear()
    try:
        built = places._index()
        [file] = tmp_path.glob("gazetteer-*.json")
        places._index.cache_clear()
        assert places._index() == built and "accra" in built
        file.write_text("{not json", encoding="utf-8")  # a damaged cache is rebuilt, never an error
        places._index.cache_clear()
        assert places._index() == built
    finally:
        places._index.cache_clear()
