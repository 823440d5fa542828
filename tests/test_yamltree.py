"""YAML to plain values with positions: YAML 1.2 core scalars, and what we refuse, each at its place."""

from __future__ import annotations

import pytest

from briefkit.yamltree import MAX_DEPTH, parse_yaml


def value(text: str):
    document, problems = parse_yaml(text, "f.yml")
    assert problems == []
    return document.data


@pytest.mark.parametrize("scalar, expected", [
    ("true", True), ("False", False), ("null", None), ("~", None), ("", None),
    ("12", 12), ("-3", -3), ("0x1F", 31), ("0o17", 15), ("1.5", 1.5), ("1e3", 1000.0),
    # YAML 1.1 implicit types that PyYAML would apply, kept as the text the author wrote
    ("no", "no"), ("yes", "yes"), ("on", "on"), ("12:30", "12:30"), ("1_000", "1_000"),
    ("2024-01-29", "2024-01-29"), ("2024-01-29T10:00:00Z", "2024-01-29T10:00:00Z"),
    ("'true'", "true"), ('"12"', "12"), ("Iran's", "Iran's"),
])
def test_core_schema_scalars(scalar, expected):
    result = value(f"key: {scalar}\n")["key"]
    assert result == expected and type(result) is type(expected)


def test_positions_of_values_and_keys_are_one_based_and_shifted_by_the_offset():
    text = "title: Hello\nfacts:\n  - label: A\n    value: b\n"
    document, problems = parse_yaml(text, "f.md", line_offset=1)
    assert problems == []
    assert document.where(("title",)) == (2, 8)
    assert document.where_key(("title",)) == (2, 1)
    assert document.where(("facts", 0, "value")) == (5, 12)
    assert document.where_key(("facts", 0, "value")) == (5, 5)
    # a path that is not there falls back to its closest enclosing value
    assert document.where(("facts", 0, "missing")) == document.where(("facts", 0))


def test_duplicate_key_is_an_error_naming_the_first():
    document, problems = parse_yaml("a: 1\nb: 2\na: 3\n", "f.yml")
    assert [p.format() for p in problems] == ['f.yml:3:1: error: duplicate key "a" (first given at line 1)']
    assert document.data == {"a": 1, "b": 2}  # the first one is kept


def test_anchors_and_aliases_are_refused_once_even_when_expanded_many_times():
    text = "a: &x [1, 2]\nb: [*x, *x, *x, *x]\nc: *x\n"
    _, problems = parse_yaml(text, "f.yml")
    assert len(problems) == 1
    assert "anchors and aliases" in problems[0].message
    assert (problems[0].line, problems[0].col) == (2, 5)  # the first *alias


@pytest.mark.parametrize("text, needle", [
    ("a: !!python/object:os.system ls\n", "!!python/object:os.system"),
    ("a: !custom x\n", "!custom"),
    ("a: !!timestamp 2024-01-01\n", "!!timestamp"),
    ("a: !!binary aGVsbG8=\n", "!!binary"),
])
def test_tags_are_refused_at_the_value(text, needle):
    _, problems = parse_yaml(text, "f.yml")
    assert len(problems) == 1 and needle in problems[0].message
    assert (problems[0].line, problems[0].col) == (1, 4)


def test_merge_key_does_not_merge():
    # YAML 1.2 has no merge keys: "<<" is an ordinary key (the schema then rejects it), and
    # the usual form, "<<: *anchor", is refused as an alias
    assert value("other:\n  <<: {a: 1}\n  b: 2\n") == {"other": {"<<": {"a": 1}, "b": 2}}
    _, problems = parse_yaml("base: &b {a: 1}\nother:\n  <<: *b\n", "f.yml")
    assert [(p.line, p.col) for p in problems] == [(3, 7)]


def test_a_mapping_as_key_is_refused():
    _, problems = parse_yaml("? [a, b]\n: value\n", "f.yml")
    assert [p.message for p in problems] == ["a mapping key must be a plain string"]


def test_syntax_error_is_located_in_the_file():
    document, problems = parse_yaml('title: "unclosed\nsummary: x\n', "f.md", line_offset=1)
    assert document is None
    (problem,) = problems
    assert (problem.path, problem.line, problem.col) == ("f.md", 2, 8)  # where the quote opens
    assert problem.message.startswith("YAML syntax error:")


def test_nesting_deeper_than_the_limit_is_an_error_not_a_crash():
    deep = "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5)
    document, problems = parse_yaml(f"a: {deep}\n", "f.yml")
    assert problems and all("deep" in p.message for p in problems)


def test_empty_document_is_none_without_problems():
    document, problems = parse_yaml("# only a comment\n", "f.yml", line_offset=3)
    assert problems == [] and document.data is None
    assert document.where(()) == (4, 1)


@pytest.mark.parametrize("value, char", [("[[european-council]] agrees to talks", "["), ("{x} y", "{"),
                                         ("*star rating", "*"), ("&co partners", "&"), ("| pipe text", "|"),
                                         ("> more than 5", ">"), ("%25 rise", "%"), ("@handle says", "@"),
                                         ("`code` here", "`")])
def test_a_value_that_starts_with_yaml_syntax_is_told_to_be_quoted_at_its_column(value, char):
    document, problems = parse_yaml(f"facts:\n  - label: X\n    value: {value}\n", "f.md", line_offset=1)
    (problem,) = problems
    assert (problem.line, problem.col) == (4, 12), problem
    assert problem.message.startswith("YAML syntax error: put this value in quotes")
    assert f'starts with "{char}"' in problem.message


def test_a_real_block_scalar_an_anchor_with_its_alias_and_an_unclosed_list_keep_their_own_messages():
    assert parse_yaml("a: |\n  text\nb: >-\n  more\n", "f.yml")[1] == []
    (alias,) = parse_yaml("a: &x 1\nb: *x\n", "f.yml")[1]
    assert "anchors and aliases" in alias.message and (alias.line, alias.col) == (2, 4)
    (unclosed,) = parse_yaml("tags: [a, b\n", "f.yml")[1]
    assert 'this "[" list is never closed' in unclosed.message


def test_a_tag_that_may_be_text_says_to_quote_it():
    (problem,) = parse_yaml("value: !important news\n", "f.yml")[1]
    assert "put the value in quotes" in problem.message
