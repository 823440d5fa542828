"""The site graph: each briefing's entities, backlinks with context, related briefings, the timeline."""

from __future__ import annotations

import pytest

from briefkit.graph import build_graph, link_briefing, newest_first
from briefkit.link import EntityMatcher
from fixtures import fixture_registry
from helpers.pages import briefing, link


@pytest.fixture(scope="module")
def registry():
    return fixture_registry()


def test_a_briefing_knows_every_entity_it_mentions_most_mentioned_first(registry):
    (b,) = link([briefing("a", "2024-01-29", "Iran met Pakistan. Iran again, and Iran.\n",
                          summary="Talks with [[jaish-al-adl]].", facts=[("Where", "[[sistan-baluchestan]]")],
                          events=[("2024-01-17", "[[pakistan]] struck")], location=["Sistan-Baluchestan"])],
                registry)
    assert b.entity_ids == ("iran", "pakistan", "sistan-baluchestan", "jaish-al-adl")
    assert b.location == ("sistan-baluchestan",)
    assert [(label, value.entity_ids) for label, value in b.facts] == [("Where", ("sistan-baluchestan",))]
    assert [(date, value.entity_ids) for date, value in b.events] == [("2024-01-17", ("pakistan",))]


def test_unknown_references_anywhere_are_problems_at_their_place(registry):
    b = briefing("a", "2024-01-29", "Body with [[nobody]].\n", summary="Meets [[nobody2]].",
                 facts=[("Who", "[[nobody3]]")], events=[("2024-01-01", "[[nobody4]] acts")], location=["Atlantis"])
    _, problems = link_briefing(b, registry, EntityMatcher(registry), lambda e: e)
    assert sorted((p.line, p.message.split('"')[1]) for p in problems) == [
        (3, "Atlantis"), (3, "nobody2"), (3, "nobody3"), (3, "nobody4"), (10, "nobody")]


def test_auto_linking_off_still_counts_explicit_links_only(registry):
    (b,) = link([briefing("a", "2024-01-29", "Iran and [[pakistan]].\n", autolink=False,
                          facts=[("Who", "Iran")])], registry)
    assert b.entity_ids == ("pakistan",)


def test_backlinks_are_newest_first_with_the_sentence_of_the_first_mention(registry):
    linked = link([briefing("old", "2024-01-01", "First. Iran struck in the night. After.\n"),
                   briefing("new", "2024-02-01", "Pakistan said Iran had struck.\n"),
                   briefing("none", "2024-03-01", "Nothing here.\n")], registry)
    graph = build_graph(linked, registry)
    assert [(bl.slug, bl.context) for bl in graph.backlinks["iran"]] == [
        ("new", "Pakistan said Iran had struck."), ("old", "Iran struck in the night.")]
    assert list(graph.briefings) == ["none", "new", "old"]  # newest first
    assert "jaish-al-adl" not in graph.backlinks


def test_co_occurring_entities_are_counted_per_briefing(registry):
    linked = link([briefing("a", "2024-01-01", "Iran and Pakistan.\n"),
                   briefing("b", "2024-01-02", "Iran and Pakistan and Jaish al-Adl.\n"),
                   briefing("c", "2024-01-03", "Iran and Jaish al-Adl. Iran.\n")], registry)
    graph = build_graph(linked, registry)
    assert graph.cooccurring["iran"] == (("jaish-al-adl", 2), ("pakistan", 2))
    assert graph.cooccurring["pakistan"] == (("iran", 2), ("jaish-al-adl", 1))


JAISH = "Jaish al-Adl claimed the attack. Jaish al-Adl said more would follow."  # central: named twice


def test_related_briefings_need_substance_and_say_why(registry):
    # Iran is in every briefing and named once in passing: sharing it says nothing; Jaish al-Adl is
    # rare and central to both
    linked = link([briefing("me", "2024-01-10", f"{JAISH} Iran.\n"),
                   briefing("rare", "2024-01-10", f"{JAISH} Iran.\n"),
                   briefing("common", "2024-01-10", "Iran and Pakistan.\n"),
                   briefing("common2", "2024-01-10", "Iran and Pakistan.\n"),
                   briefing("common3", "2024-01-10", "Iran alone.\n")], registry)
    related = build_graph(linked, registry).related["me"]
    assert [r.slug for r in related] == ["rare"]  # none rather than weak ones
    assert related[0].shared_entities == ("jaish-al-adl", "iran")  # what weighs most first


def test_a_shared_tag_alone_or_passing_mentions_make_no_relation(registry):
    linked = link([briefing("me", "2024-06-01", "Iran. Hossein Amirabdollahian.\n", tags=["diplomacy"]),
                   briefing("tag", "2024-06-01", "Text.\n", tags=["diplomacy"]),
                   briefing("passing", "2024-06-02", "Iran. Hossein Amirabdollahian.\n"),
                   *(briefing(f"other{i}", "2024-06-01", "Pakistan.\n") for i in range(4))], registry)
    assert build_graph(linked, registry).related["me"] == ()


def test_relations_fade_with_the_time_between_briefings_and_tags_add_to_entities(registry):
    body = f"{JAISH} Sistan-Baluchestan was hit; Sistan-Baluchestan mourns.\n"
    linked = link([briefing("me", "2024-06-01", body, tags=["security"]),
                   briefing("near", "2024-06-02", body, tags=["security"]),
                   briefing("near-untagged", "2024-06-02", body),
                   briefing("far", "2004-06-01", body, tags=["security"]),
                   *(briefing(f"other{i}", "2024-06-01", "Pakistan.\n") for i in range(6))], registry)
    related = build_graph(linked, registry).related["me"]
    assert [r.slug for r in related] == ["near", "near-untagged"]  # twenty years apart: no relation
    assert related[0].shared_tags == ("security",) and related[0].score > related[1].score


def test_at_most_five_related_briefings(registry):
    body = f"{JAISH} Sistan-Baluchestan was hit; Sistan-Baluchestan mourns.\n"
    linked = link([briefing(f"b{i}", f"2024-01-{i + 1:02d}", body) for i in range(9)]
                  + [briefing(f"other{i}", "2024-03-01", "Pakistan.\n") for i in range(60)], registry)
    graph = build_graph(linked, registry)
    assert all(len(graph.related[f"b{i}"]) == 5 for i in range(9))
    # ties in sharing are broken by closeness in date
    assert [r.slug for r in graph.related["b0"]] == ["b1", "b2", "b3", "b4", "b5"]


def test_the_timeline_holds_every_event_and_briefing_in_date_order(registry):
    linked = link([briefing("a", "2024-01-29", "x\n", events=[("2024-01-17", "[[iran]] strikes"),
                                                            ("2024-01-18", "[[pakistan]] answers")]),
                   briefing("b", "2024-01-20", "x\n", events=[("2024-01-17", "a strike in [[pakistan]]")])], registry)
    graph = build_graph(linked, registry)
    assert [(e.date, e.slug, e.text is None) for e in graph.timeline] == [
        ("2024-01-17", "a", False), ("2024-01-17", "b", False), ("2024-01-18", "a", False),
        ("2024-01-20", "b", True), ("2024-01-29", "a", True)]
    assert [(e.date, e.slug) for e in graph.entity_events["pakistan"]] == [("2024-01-17", "b"), ("2024-01-18", "a")]


def test_tags_list_their_briefings_newest_first(registry):
    linked = link([briefing("a", "2024-01-01", "x\n", tags=["Border security", "aid"]),
                   briefing("b", "2024-02-01", "x\n", tags=["Border security"])], registry)
    graph = build_graph(linked, registry)
    assert dict(graph.tags) == {"aid": ("a",), "Border security": ("b", "a")}
    assert list(graph.tags) == ["aid", "Border security"]  # sorted without regard to case


def test_newest_first_breaks_date_ties_by_slug(registry):
    linked = link([briefing("a", "2024-01-01", "x\n"), briefing("c", "2024-01-01", "x\n"),
                   briefing("b", "2024-01-02", "x\n")], registry)
    assert [b.slug for b in newest_first(linked)] == ["b", "c", "a"]


def test_the_graph_is_the_same_whatever_the_input_order(registry):
    briefings = [briefing(f"b{i}", f"2024-01-{i % 5 + 1:02d}", "Iran and Pakistan. Jaish al-Adl.\n",
                          tags=["t"]) for i in range(8)]
    one = build_graph(link(briefings, registry), registry)
    other = build_graph(link(list(reversed(briefings)), registry), registry)
    assert one.related == other.related and one.timeline == other.timeline and one.backlinks == other.backlinks


def test_backlink_context_falls_back_to_the_event_that_names_the_entity(registry):
    (b,) = link([briefing("only-event", "2024-02-01", "Nothing named here.\n",
                          events=[("2024-01-17", "A strike on [[jaish-al-adl]] hideouts")])], registry)
    graph = build_graph([b], registry)
    (backlink,) = graph.backlinks["jaish-al-adl"]
    assert backlink.context == "A strike on Jaish al-Adl hideouts"


def test_an_event_reported_by_several_briefings_in_the_same_words_is_on_the_timeline_once(registry):
    linked = link([briefing("first", "2024-01-17", "x\n", events=[("2024-01-17", "[[iran]] strikes")]),
                   briefing("second", "2024-01-29", "y\n", events=[("2024-01-17", "Iran  strikes")]),
                   briefing("third", "2024-01-30", "z\n", events=[("2024-01-17", "Iran strikes again")])], registry)
    graph = build_graph(linked, registry)
    events = [(e.date, e.slug, e.also) for e in graph.timeline if e.text is not None]
    assert events == [("2024-01-17", "first", ("second",)), ("2024-01-17", "third", ())]
    assert [e.slug for e in graph.entity_events["iran"]] == ["first", "third"]
