"""The resolver as a pure function: text in, linked segments and unresolved references out."""

from __future__ import annotations

import pytest

from briefkit.link import (
    WIKILINK,
    EntityMatcher,
    LinkState,
    link_text,
    resolve_refs,
    unclosed_links,
    unresolved_problems,
)
from briefkit.model import Entity, Origin, Text
from briefkit.registry import EntityRegistry, build_registry
from fixtures import fixture_registry


@pytest.fixture(scope="module")
def registry():
    return fixture_registry()


@pytest.fixture(scope="module")
def matcher(registry) -> EntityMatcher:
    return EntityMatcher(registry)


def linked(text: str, registry, matcher) -> list[tuple[str, str]]:
    """(text, entity id) of every segment; '' for plain runs."""
    segments, unresolved, _ = link_text(text, registry, matcher)
    assert unresolved == []
    return [(s.text, s.entity_id) for s in segments]


@pytest.mark.parametrize("text, expected", [
    # overlapping names: the longest wins, whatever the shorter name's position
    ("Jaish al-Adl struck.", [("Jaish al-Adl", "jaish-al-adl"), (" struck.", "")]),
    ("Jaish struck.", [("Jaish", "jaish"), (" struck.", "")]),
    ("Hossein Amirabdollahian arrived", [("Hossein Amirabdollahian", "hossein-amirabdollahian"), (" arrived", "")]),
    ("the Islamic Republic of Iran said", [("the ", ""), ("Islamic Republic of Iran", "iran"), (" said", "")]),
    # possessives, straight and curly apostrophes
    ("Iran's army", [("Iran", "iran"), ("'s army", "")]),
    ("Iran\u2019s army", [("Iran", "iran"), ("\u2019s army", "")]),
    ("Pakistan\u2019s Balochistan", [("Pakistan", "pakistan"), ("\u2019s Balochistan", "")]),
    # hyphens: a registered hyphenated name matches whole, not its halves;
    # a hyphen is a word boundary, so "anti-Iran" is a mention of Iran
    ("in Sistan-Baluchestan today", [("in ", ""), ("Sistan-Baluchestan", "sistan-baluchestan"), (" today", "")]),
    ("the anti-Iran group", [("the anti-", ""), ("Iran", "iran"), (" group", "")]),
    # case and word boundaries: "Iranian" is not "Iran"; only registered forms link
    ("Iranian officials", [("Iranian officials", "")]),
    ("Iranians said", [("Iranians", "iranian-people"), (" said", "")]),
    ("iran in lower case", [("iran in lower case", "")]),
    ("IRAN in capitals", [("IRAN in capitals", "")]),
    ("Iran_x and Iran2 and xIran", [("Iran_x and Iran2 and xIran", "")]),
    ("(Iran)", [("(", ""), ("Iran", "iran"), (")", "")]),
    ("Iran", [("Iran", "iran")]),
])
def test_auto_links(text, expected, registry, matcher):
    assert linked(text, registry, matcher) == expected


def test_only_the_first_mention_is_auto_linked(registry, matcher):
    assert linked("Iran and Iran, then Pakistan and Iran.", registry, matcher) == [
        ("Iran", "iran"), (" and Iran, then ", ""), ("Pakistan", "pakistan"), (" and Iran.", "")]


def test_first_mention_is_remembered_across_calls_sharing_a_state(registry, matcher):
    state = LinkState()
    first, _, _ = link_text("Iran spoke.", registry, matcher, state)
    second, _, mentions = link_text("Iran again.", registry, matcher, state)
    assert [s.entity_id for s in first] == ["iran", ""]
    assert [s.entity_id for s in second] == [""]
    assert [(m.start, m.end, m.entity_id) for m in mentions] == [(0, 4, "iran")]  # still counted as a mention


@pytest.mark.parametrize("text, expected", [
    ("[[iran]] spoke", [("Iran", "iran"), (" spoke", "")]),                       # id: shows the name
    ("[[iran|Tehran]] spoke", [("Tehran", "iran"), (" spoke", "")]),              # shown text
    ("[[Jaish al-Adl]] struck", [("Jaish al-Adl", "jaish-al-adl"), (" struck", "")]),  # by name
    ("[[Army of Justice]]", [("Army of Justice", "jaish-al-adl")]),              # by alias, text kept
    ("[[IRAN]]", [("IRAN", "iran")]),                                              # explicit links ignore case
    ("[[jaish]] al-Adl", [("Jaish", "jaish"), (" al-Adl", "")]),                  # explicit beats auto
])
def test_wikilinks(text, expected, registry, matcher):
    assert linked(text, registry, matcher) == expected


def test_an_explicit_link_counts_as_the_first_mention(registry, matcher):
    assert linked("[[iran|Tehran]] and Iran", registry, matcher) == [("Tehran", "iran"), (" and Iran", "")]


def test_unknown_links_are_returned_with_their_offset_and_keep_their_text(registry, matcher):
    text = "Talks with [[nobody]] and [[pakistn|Pakistan's envoy]]."
    segments, unresolved, _ = link_text(text, registry, matcher)
    assert [(u.target, u.offset, u.length) for u in unresolved] == [("nobody", 11, 10), ("pakistn", 26, 28)]
    assert text[26:26 + 28] == "[[pakistn|Pakistan's envoy]]"
    assert "".join(s.text for s in segments) == "Talks with nobody and Pakistan's envoy."
    # the text shown for a broken link is never itself auto-linked
    assert all(s.entity_id == "" for s in segments)


def test_without_a_matcher_only_wikilinks_link(registry):
    segments, _, mentions = link_text("Iran and [[pakistan]]", registry, None)
    assert [(s.text, s.entity_id) for s in segments] == [("Iran and ", ""), ("Pakistan", "pakistan")]
    assert [m.entity_id for m in mentions] == ["pakistan"]


def test_matcher_on_an_empty_registry_finds_nothing():
    assert EntityMatcher(EntityRegistry()).find("Iran and Pakistan") == []


def test_matcher_finds_names_written_with_decomposed_accents():
    cafe, _ = build_registry([Entity("cafe", "Caf\u00e9 Tehran", "place", Origin("e.yml"))])
    found = EntityMatcher(cafe).find("the Cafe\u0301 Tehran opened")  # é written as e + combining accent
    assert [(m.start, m.end, m.entity_id) for m in found] == [(4, 16, "cafe")]


def test_wikilink_pattern_does_not_span_lines_or_nest():
    assert WIKILINK.findall("[[a|b]] [[c]]") == [("a", "b"), ("c", "")]
    assert WIKILINK.search("[[a\nb]]") is None
    assert WIKILINK.search("[[[a]]]").group(0) == "[[a]]"


def test_unresolved_problems_point_at_the_front_matter_value(registry):
    text = Text("met [[nobdy]]", Origin("briefings/x.md", 7, 12))
    _, unresolved, _ = link_text(text.value, registry)
    problems = unresolved_problems(text, unresolved, registry)
    assert [p.format() for p in problems] == ['briefings/x.md:7:12: error: unknown entity "nobdy" in [[...]] link']


def test_resolve_refs_accepts_ids_names_and_wikilinks_and_reports_unknown_ones(registry):
    refs = [Text("iran", Origin("b.md", 3, 12)), Text("Pakistan", Origin("b.md", 3, 18)),
            Text("[[jaish-al-adl]]", Origin("b.md", 3, 28)), Text("iran", Origin("b.md", 3, 50)),
            Text("pakistn", Origin("b.md", 4, 5))]
    ids, problems = resolve_refs(refs, registry, "location")
    assert ids == ["iran", "pakistan", "jaish-al-adl"]  # duplicates once, in order
    assert [p.format() for p in problems] == [
        'b.md:4:5: error: location: unknown entity "pakistn" (did you mean "pakistan"?)']


@pytest.mark.parametrize("text, markdown, offsets", [
    ("[[turkey and [[european-union|the Union", False, [0, 13]),
    ("ok [[a]] and [[b|c]]", False, []),
    ("[[[x]]]", False, []),
    ("a [[b\nc]]", False, [2]),  # a link never spans lines
    ("code `[[x` here [[y", True, [16]),
    ("```\n[[x\n```\n[[z", True, [12]),
    ("~~~\n[[x\n~~~\n[[z", True, [12]),
    ("code `[[x` here", False, [6]),  # a front matter value is not Markdown
])
def test_unclosed_links_are_found_outside_code(text, markdown, offsets):
    assert unclosed_links(text, markdown=markdown) == offsets


def test_a_link_to_an_entity_of_a_broken_registry_file_says_so_and_names_the_file(registry):
    from dataclasses import replace
    broken = replace(registry, unavailable={"ongc": "briefings/entities/organizations.yml"})
    text = Text("[[ongc]] signs", Origin("b.md", 2, 8), exact=True)
    _, unresolved, _ = link_text(text.value, broken)
    (problem,) = unresolved_problems(text, unresolved, broken)
    assert problem.message == ('entity "ongc" in [[...]] link is not available: it is written in '
                               "briefings/entities/organizations.yml, which has errors")
    assert problem.caused_by == ("briefings/entities/organizations.yml", "ongc")
