"""What kind of entity a name not in the registry is: person, organisation, country, place or event.

Real knowledge first (the gazetteer of countries, regions and cities, places.py), then the words
of the name and of its context; each judgement comes with the reason shown to the author.
"""

from __future__ import annotations

from briefkit.authoring import gazetteer as gz
from briefkit.authoring import places
from briefkit.model import COUNTRY, EVENT, ORGANIZATION, PERSON, PLACE

ORG_WORDS = frozenset("""
ministry department council commission committee bank fund group party union association organisation panel
organization institute agency service services force forces army navy police guard court circuit assembly
parliament congress senate bureau office authority corporation company inc ltd plc llc securities holdings
university college academy programme program alliance federation confederation front movement rally network
reserve board tribunal cabinet international foundation trust society club institution league brigade
brigades coalition commission corps directorate government administration secretariat observatory
watch council conference airways airlines motors industries energy petroleum media press news times post
herald journal broadcasting television radio exchange commons lords representatives united rovers athletic
fc power electric motor platforms athletics systems technologies partners pharmaceuticals steel chemicals telecom
communications resources mining minerals shipping logistics construction engineering insurance financial
investments ventures labs corp limited sa ag gmbh nv plc patrol airways authority
""".split())
PLACE_WORDS = frozenset("""
province state region street road avenue highway motorway river lake mountains mountain mount island islands
shoal reef sea ocean bay gulf strait valley desert coast airport base square bridge port park palace district
county city town village hill hills peninsula canal dam centre center house hall tower plaza crossing border
corridor strip bank basin plateau heights pass forest beach harbour harbor cape territory camp station
boulevard lane museum gallery cathedral church mosque temple stadium arena hospital prison line expressway freeway
airfield field gorge falls glacier
""".split())
EVENT_WORDS = frozenset("""
war amendment treaty act bill agreement accord convention protocol summit games cup olympics award prize
summer winter spring autumn revolution uprising election elections festival day week
""".split())
# Adjectives of institutions, not of people's names: "Republican Left of Catalonia"
INSTITUTIONAL = frozenset("""
national federal royal republican democratic socialist liberal popular left right free central general supreme
grand great new united independent revolutionary islamic christian social green labour conservative progressive
patriotic people's workers' international european african american asian arab
""".split())
LOCATIVE = frozenset("in at near from to into across outside toward towards around inside via through "
                      "between within off".split())


_SPEECH = frozenset("said says told added according announced warned urged called stated wrote tweeted".split())


def is_acronym(word: str) -> bool:
    letters = word.replace(".", "").replace("&", "")
    return (2 <= len(letters) <= 8 and letters.isalpha() and letters.upper() == letters
            and sum(c.isupper() for c in letters) >= 2)



def word_key(word: str) -> str:
    return gz.strip_accents(word.rstrip("."))



def is_known_place(name: str) -> bool:
    """The gazetteer types this name a place on its own (not a small town that shares a name with a word)."""
    place = places.lookup(name)
    return place is not None and (place.kind != places.CITY or place.population >= GAZETTEER_CITY_POPULATION)


def guess_type(name: str, span_hint: str, before: str, after: str) -> str:
    return judge_type(name, span_hint, before, after)[0]


# Countries that are also people's names: "Georgia Bell", "Michael Jordan"
_COUNTRIES_AS_NAMES = frozenset({"jordan", "chad", "georgia", "israel", "france", "india", "ireland", "china"})
# Place words that head organisations' names as often as places': "Ames Research Center", "Home Office"
_AMBIGUOUS_HEADS = frozenset({"centre", "center", "house", "hall", "office", "bank", "station", "base", "state"})
GAZETTEER_CITY_POPULATION = 50_000  # smaller towns share their names with people and words ("Bell", "Police")


def judge_type(name: str, span_hint: str = "", before: str = "", after: str = "") -> tuple[str, str]:
    """(type, why): real knowledge first (the gazetteer of countries, regions, continents and
    cities), then what the words and the context say; why is shown to the author in the draft."""
    words = name.split()
    keys = [word_key(w) for w in words]
    place = places.lookup(name)
    if place is not None and place.kind == places.COUNTRY:
        return COUNTRY, place.why
    if keys[0] in ORG_WORDS and len(words) > 1:
        return ORGANIZATION, f'context: starts with "{words[0]}"'  # "Party of the Democratic Revolution"
    if keys[-1] in EVENT_WORDS or (len(words) > 1 and keys[0] in ("battle", "siege", "operation")):
        return EVENT, f'context: "{words[-1] if keys[-1] in EVENT_WORDS else words[0]}"'
    if len(words) > 1 and keys[-1] in ORG_WORDS:
        return ORGANIZATION, f'context: ends with "{words[-1]}"'  # "Home Office", "Toyota Motor Corp."
    if len(words) > 1 and (gz.is_country(words[-1]) or gz.is_country(words[0])) and not (
            {keys[0], keys[-1]} & _COUNTRIES_AS_NAMES) and keys[-1] not in PLACE_WORDS:
        # "Athletics Kenya", "Statistics Canada", "Pakistan Tehreek-e-Insaf": people are not named after countries
        return ORGANIZATION, "context: a name with a country in it"
    if span_hint == PERSON:
        return PERSON, "context: a title or honorific before the name"
    if place is not None and not any(k in ORG_WORDS for k in keys) and (
            place.kind != places.CITY or place.population >= GAZETTEER_CITY_POPULATION or before in LOCATIVE):
        return PLACE, place.why
    if span_hint == PLACE:
        return PLACE, "context: the dateline"
    if span_hint:
        return span_hint, "context"
    if len(words) > 1 and keys[-1] in PLACE_WORDS - _AMBIGUOUS_HEADS:
        return PLACE, f'context: "{words[-1]}"'  # the head noun decides: "Kigali International Airport"
    org_word = next((w for w, k in zip(words, keys, strict=True) if k in ORG_WORDS), "")
    if org_word:
        return ORGANIZATION, f'context: "{org_word}"'
    if len(words) == 1 and is_acronym(words[0]):
        return ORGANIZATION, "context: an acronym"
    place_word = next((w for w, k in zip(words, keys, strict=True) if k in PLACE_WORDS), "")
    if place_word or keys[0] in ("mount", "lake", "cape", "port", "fort", "saint", "st"):
        return PLACE, f'context: "{place_word or words[0]}"'
    if before in LOCATIVE:
        return PLACE, f'context: after "{before}"'
    if word_key(after) in PLACE_WORDS:
        return PLACE, f'context: before "{after}"'
    if len(words) == 1:
        if after.lower() in _SPEECH:
            return PERSON, f'context: before "{after}"'
        return ORGANIZATION, "guess: a lone name with no other clue"
    if any(is_acronym(w) for w in words) or any(k in INSTITUTIONAL for k in keys):
        return ORGANIZATION, "context: an acronym or an institutional word"
    return PERSON, "guess: capitalised words with no other clue"

