"""model.py: the records pickle (to and from worker processes, into the cache) as they were, every field kept."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

import briefkit.body
import briefkit.graph
import briefkit.registry  # noqa: F401 - imported for its Record classes
from briefkit.model import Origin, Record, Text
from briefkit.problems import Problem
from fixtures import fixture_registry
from helpers.pages import briefing, link


def _records(cls=Record):
    for sub in cls.__subclasses__():
        yield sub
        yield from _records(sub)


@pytest.mark.parametrize("cls", sorted(set(_records()), key=lambda c: c.__qualname__), ids=lambda c: c.__qualname__)
def test_every_field_of_a_record_is_an_argument_of_its_constructor(cls):
    assert cls.__match_args__ == tuple(f.name for f in dataclasses.fields(cls))


def test_fields_left_out_of_equality_survive_pickling_too():
    text = Text("Iran", Origin("b.md", 3, 4), exact=True)
    problem = Problem("b.md", 1, 2, "error", "bad", tier=0, caused_by=("e.yml", "iran"))
    assert pickle.loads(pickle.dumps(text)).exact is True
    back = pickle.loads(pickle.dumps(problem))
    assert (back.tier, back.caused_by) == (0, ("e.yml", "iran"))


def test_a_linked_briefing_and_the_registry_pickle_as_they_were():
    registry = fixture_registry()
    [linked] = link([briefing("b", "2024-01-29", "Iran's [[pakistan]] talks.\n\n## Why\n\nTehran said so.",
                              facts=[("Talks", "[[iran]] and Pakistan")], events=[("2024-01-17", "[[iran]] strikes")])],
                    registry)
    assert isinstance(linked, briefkit.graph.LinkedBriefing) and isinstance(linked.body, briefkit.body.RenderedBody)
    for value in (linked, registry):
        assert pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)) == value
