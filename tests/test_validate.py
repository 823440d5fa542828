"""Validation: the schema and the rules around it, every problem at once, each at its line:col."""

from __future__ import annotations

from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from briefkit.load import load_briefing
from briefkit.model import Origin
from briefkit.validate import check_date, describe, field_name, load_schema, slugify, validate_briefing

GOOD = """---
title: Talks in Islamabad
summary: Two ministers met.
date: 2024-01-29
updated: 2024-02-01
status: published
location: [islamabad]
actors: [iran, "[[pakistan]]"]
tags: [diplomacy, border security]
source:
  title: A report
  publisher: A wire
  url: https://example.org/report
  published: 2024-01-29
facts:
  - label: Talks
    value: "[[iran]] and [[pakistan]]"
  - label: Killed
    value: 9
events:
  - date: 2024-01-17
    summary: A strike
autolink: false
extra: {desk: south asia}
---

Body.
"""


def validate(tmp_path: Path, text: str, stem: str = "2024-01-29-talks"):
    file = tmp_path / f"{stem}.md"
    file.write_text(text, encoding="utf-8")
    raw, problems = load_briefing(file, f"briefings/{stem}.md")
    assert raw is not None, problems
    return validate_briefing(raw)


def located(problems) -> list[tuple[int, int, str]]:
    return sorted((p.line, p.col, p.message) for p in problems)


def test_schemas_are_valid_draft_2020_12():
    for name in ("briefing", "entity"):
        Draft202012Validator.check_schema(load_schema(name))


def test_a_good_briefing_becomes_a_briefing_that_knows_where_each_value_was(tmp_path):
    briefing, problems = validate(tmp_path, GOOD)
    assert problems == []
    assert (briefing.slug, briefing.title, briefing.date, briefing.updated) == (
        "2024-01-29-talks", "Talks in Islamabad", "2024-01-29", "2024-02-01")
    assert briefing.origin == Origin("briefings/2024-01-29-talks.md", 1, 1)
    assert briefing.summary.origin == Origin("briefings/2024-01-29-talks.md", 3, 10)
    assert [a.value for a in briefing.actors] == ["iran", "[[pakistan]]"]
    assert briefing.actors[1].origin.line == 8
    assert briefing.tags == ("diplomacy", "border security")
    assert [(f.label, f.value.value, f.value.origin.line) for f in briefing.facts] == [
        ("Talks", "[[iran]] and [[pakistan]]", 17), ("Killed", "9", 19)]
    assert [(e.date, e.summary.value) for e in briefing.events] == [("2024-01-17", "A strike")]
    (source,) = briefing.sources
    assert (source.title, source.publisher, source.url, source.published) == (
        "A report", "A wire", "https://example.org/report", "2024-01-29")
    assert briefing.autolink is False and briefing.extra == {"desk": "south asia"}
    assert briefing.body_line == 26 and not briefing.is_draft


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    text = ("---\ntitle: 12\nsumary: S\ndate: 2024-02-30\nstatus: draf\n"
            "events:\n  - date: 2024-01-32\n    summary: x\nsource: {title: T, url: 'javascript:alert(1)'}\n---\n")
    briefing, problems = validate(tmp_path, text)
    assert briefing is None
    assert located(problems) == [
        (2, 1, 'missing required field "summary"'),  # at the front matter's first line
        (2, 8, "title: expected text, got a number 12 (put it in quotes)"),
        (3, 1, 'unknown field "sumary" (did you mean "summary"?); free-form data goes under "extra"'),
        (4, 7, "date: '2024-02-30' is not a real calendar date"),
        (5, 9, "status: text 'draf' is not one of: draft, published (did you mean \"draft\"?)"),
        (7, 11, "events[0].date: '2024-01-32' is not a real calendar date"),
        (9, 25, "source.url: text 'javascript:alert(1)' is not an http(s) URL"),
    ]


@pytest.mark.parametrize("line, message", [
    ("date: 2024-1-29", "date: text '2024-1-29' is not a date in YYYY-MM-DD form (no time or time zone)"),
    ("date: 2024-01-29T10:00:00", "is not a date in YYYY-MM-DD form"),
    ("date: 29/01/2024", "is not a date in YYYY-MM-DD form"),
])
def test_dates_must_be_iso_days(tmp_path, line, message):
    _, problems = validate(tmp_path, f"---\ntitle: T\nsummary: S\n{line}\n---\n")
    assert [(p.line, p.col) for p in problems] == [(4, 7)] and message in problems[0].message


def test_source_and_sources_together_are_refused(tmp_path):
    text = "---\ntitle: T\nsummary: S\ndate: 2024-01-29\nsource: {title: A}\nsources:\n  - title: B\n---\n"
    _, problems = validate(tmp_path, text)
    assert located(problems) == [(6, 1, 'give either "source" or "sources", not both')]


def test_sources_list_dates_are_checked_at_their_place(tmp_path):
    text = ("---\ntitle: T\nsummary: S\ndate: 2024-01-29\nsources:\n  - title: A\n"
            "  - title: B\n    published: 2023-02-29\n---\n")
    _, problems = validate(tmp_path, text)
    assert located(problems) == [(8, 16, "sources[1].published: '2023-02-29' is not a real calendar date")]


@pytest.mark.parametrize("stem, hint", [
    ("Iran Talks", '"iran-talks.md"'),
    ("2024_01_29_talks", '"2024-01-29-talks.md"'),
    ("index", '"index-briefing.md"'),
    ("tags", '"tags-briefing.md"'),
])
def test_file_names_must_be_slugs(tmp_path, stem, hint):
    _, problems = validate(tmp_path, "---\ntitle: T\nsummary: S\ndate: 2024-01-29\n---\n", stem=stem)
    (problem,) = problems
    assert (problem.line, problem.col) == (1, 1) and hint in problem.message


@pytest.mark.parametrize("path, name", [
    ((), "front matter"), (("title",), "title"), (("facts", 2, "value"), "facts[2].value"), ((0, "id"), "[0].id")])
def test_field_name(path, name):
    assert field_name(path) == name


@pytest.mark.parametrize("text, slug", [
    ("Iran's Foreign Minister", "iran-s-foreign-minister"), ("Ça va  bien", "ca-va-bien"), ("---", ""),
    ("border security", "border-security")])
def test_slugify(text, slug):
    assert slugify(text) == slug


@pytest.mark.parametrize("value, wrong", [
    ("2024-02-29", False), ("2023-02-29", True), ("2024-13-01", True), ("2024-00-10", True)])
def test_check_date(value, wrong):
    assert (check_date(value) is not None) == wrong


@pytest.mark.parametrize("value, text", [
    (None, "nothing (empty value)"), (True, "true/false True"), (3, "a number 3"), ("x", "text 'x'"),
    ([1], "a list"), ({"a": 1}, "a mapping"), ("y" * 100, "text '" + "y" * 56 + "...")])
def test_describe(value, text):
    assert describe(value) == text
