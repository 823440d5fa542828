"""The nouns briefkit works with: plain frozen dataclasses that remember where they came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class Record:
    """Base of the slotted frozen dataclasses that cross to and from worker processes and go into the cache:
    pickled as the arguments of their constructor.

    dataclasses pickles a slotted class through Python functions that list its fields again for every
    object, there and back: 80,000 records at 1,000 briefings took 0.28 s to pickle and 0.2 s to unpickle,
    0.18 and 0.08 s so. Every field is an argument of the constructor (tests/test_model.py checks it).
    """

    __slots__ = ()
    __match_args__: tuple[str, ...]  # the dataclass's fields, in the order of its constructor

    def __reduce__(self) -> tuple:
        return type(self), tuple(map(self.__getattribute__, self.__match_args__))


@dataclass(frozen=True, order=True, slots=True)
class Origin(Record):
    """A place in an input file (1-based line and column)."""

    path: str
    line: int = 1
    col: int = 1


@dataclass(frozen=True, slots=True)
class Text(Record):
    """Author text that may hold [[entity]] links, with where it was written."""

    value: str
    origin: Origin
    # origin is value[0], written as is on one line: an offset in value is a column offset
    exact: bool = field(default=False, compare=False)


@dataclass(frozen=True, slots=True)
class Source(Record):
    title: str
    origin: Origin
    publisher: str = ""
    url: str = ""
    published: str = ""


@dataclass(frozen=True, slots=True)
class Fact(Record):
    """A label/value pair of the fact box, and optionally what it is about, as of when, per which source."""

    label: str
    value: Text
    about: Text | None = None  # an entity reference, resolved in the link stage
    as_of: str = ""            # the date the value held; "" for the briefing's date
    source: int | None = None  # 0-based index into the briefing's sources


@dataclass(frozen=True, slots=True)
class Event(Record):
    date: str
    summary: Text


@dataclass(frozen=True, slots=True)
class Briefing(Record):
    """A validated briefing: front matter fields and the Markdown body."""

    slug: str
    origin: Origin
    title: str
    summary: Text
    date: str
    body: str
    body_line: int
    status: str = "published"
    updated: str = ""
    tags: tuple[str, ...] = ()
    location: tuple[Text, ...] = ()
    actors: tuple[Text, ...] = ()
    entities: tuple[Text, ...] = ()
    sources: tuple[Source, ...] = ()
    facts: tuple[Fact, ...] = ()
    events: tuple[Event, ...] = ()
    autolink: bool = True
    extra: Any = field(default=None, compare=False)

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"


PERSON, ORGANIZATION, COUNTRY, PLACE, EVENT = "person", "organization", "country", "place", "event"
ENTITY_TYPES = (PERSON, ORGANIZATION, COUNTRY, PLACE, EVENT)
ENTITY_TYPE_PLURALS = {
    PERSON: "People",
    ORGANIZATION: "Organisations",
    COUNTRY: "Countries",
    PLACE: "Places",
    EVENT: "Events",
}
ENTITY_TYPE_LABELS = {  # the type of one entity, as pages and pictures name it
    PERSON: "Person",
    ORGANIZATION: "Organisation",
    COUNTRY: "Country",
    PLACE: "Place",
    EVENT: "Event",
}
SUMMARY_ADVISED_LENGTH = 300  # characters: a longer summary draws a warning (the schema's description says so)


@dataclass(frozen=True, slots=True)
class Entity(Record):
    """A person, organisation, country, place or event of the registry."""

    id: str
    name: str
    type: str
    origin: Origin
    aliases: tuple[str, ...] = ()
    description: str = ""
    role: str = ""
    part_of: str = ""
    country: str = ""
    wikidata: str = ""
    wikipedia: str = ""
    website: str = ""
    dates: tuple[tuple[str, str], ...] = ()  # (born|died|founded|dissolved, value)
    coordinates: tuple[float, float] | None = None  # (lat, lon) of a place or country, for its locator map
    field_origins: tuple[tuple[str, Origin], ...] = field(default=(), compare=False)  # (part_of|country, where)
    sort_as: str = ""  # the registry's sort_name, if given

    @property
    def sort_name(self) -> str:
        """What lists sort it by: the registry's sort_name, else a person's last name, else its name."""
        if self.sort_as:
            return self.sort_as
        if self.type == "person":
            words = self.name.split()
            return " ".join(words[-1:] + words[:-1])  # "Ebrahim Raisi" -> "Raisi Ebrahim"
        return self.name

    def origin_of(self, key: str) -> Origin:
        """Where the field key was written (the entity's own origin if not recorded)."""
        return next((o for k, o in self.field_origins if k == key), self.origin)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)
