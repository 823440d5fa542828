"""Reading files: UTF-8 only, line ends normalised, front matter split with the right line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefkit import load
from briefkit.load import SourceText, load_briefing, load_yaml_file, read_source, split_front_matter

BRIEFING = "---\ntitle: T\nsummary: S\ndate: 2024-01-29\n---\n\nBody line one.\n"


def write(tmp_path: Path, data: bytes, name: str = "b.md") -> Path:
    file = tmp_path / name
    file.write_bytes(data)
    return file


def test_crlf_and_cr_become_newlines(tmp_path):
    source, problems = read_source(write(tmp_path, b"a\r\nb\rc\n"), "b.md")
    assert problems == [] and source.text == "a\nb\nc\n"


def test_a_utf8_byte_order_mark_is_dropped(tmp_path):
    source, _ = read_source(write(tmp_path, b"\xef\xbb\xbf---\n"), "b.md")
    assert source.text == "---\n"


def test_utf16_is_refused(tmp_path):
    _, problems = read_source(write(tmp_path, "---\n".encode("utf-16")), "b.md")
    assert [p.format() for p in problems] == ["b.md:1:1: error: file is UTF-16 encoded; save it as UTF-8"]


def test_invalid_utf8_is_located_in_characters(tmp_path):
    _, problems = read_source(write(tmp_path, "line\nIrán \xe9\n".encode().replace(b"\xc3\xa9", b"\xe9")),
                              "b.md")
    (problem,) = problems
    assert (problem.line, problem.col) == (2, 6)  # "Irán " is five characters (six bytes)
    assert "not valid UTF-8 (byte 0xe9)" in problem.message


def test_control_characters_are_refused_at_their_place(tmp_path):
    _, problems = read_source(write(tmp_path, b"ok\nab\x00c\x1b\n"), "b.md")
    assert [(p.line, p.col, p.message) for p in problems] == [
        (2, 3, "control character U+0000 is not allowed"), (2, 5, "control character U+001B is not allowed")]


def test_tabs_are_allowed(tmp_path):
    source, problems = read_source(write(tmp_path, b"a\tb\n"), "b.md")
    assert problems == [] and source.text == "a\tb\n"


def test_too_large_a_file_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(load, "MAX_FILE_BYTES", 10)
    _, problems = read_source(write(tmp_path, b"x" * 11), "b.md")
    assert [p.message for p in problems] == ["file is 11 bytes; the limit is 10"]


def test_a_missing_file_is_a_problem_not_an_exception(tmp_path):
    _, problems = read_source(tmp_path / "gone.md", "gone.md")
    assert problems[0].message.startswith("cannot read file")


@pytest.mark.parametrize("text, expected", [
    (BRIEFING, ("title: T\nsummary: S\ndate: 2024-01-29", "\nBody line one.\n", 6)),
    ("---\ntitle: T\n...\nBody\n", ("title: T", "Body\n", 4)),         # YAML's document end marker
    ("---  \ntitle: T\n---\t\nBody", ("title: T", "Body", 4)),          # trailing blanks on fences
    ("---\n---\n", ("", "", 3)),
])
def test_split_front_matter(text, expected):
    parts, problems = split_front_matter(SourceText("b.md", text))
    assert problems == [] and parts == expected


@pytest.mark.parametrize("text, message", [
    ("title: T\n", "no front matter"),
    ("\n---\ntitle: T\n---\n", "no front matter"),
    ("---\ntitle: T\nBody\n", "never closed"),
])
def test_split_front_matter_problems(text, message):
    parts, problems = split_front_matter(SourceText("b.md", text))
    assert parts is None and message in problems[0].message and (problems[0].line, problems[0].col) == (1, 1)


def test_load_briefing_keeps_file_lines(tmp_path):
    raw, problems = load_briefing(write(tmp_path, BRIEFING.encode(), "2024-01-29-x.md"), "briefings/2024-01-29-x.md")
    assert problems == []
    assert raw.stem == "2024-01-29-x" and raw.path == "briefings/2024-01-29-x.md"
    assert raw.front.data == {"title": "T", "summary": "S", "date": "2024-01-29"}
    assert raw.front.where(("date",)) == (4, 7)  # file line 4: the opening fence is line 1
    assert raw.body_line == 6 and raw.body.split("\n")[1] == "Body line one."


def test_load_briefing_yaml_error_is_at_its_file_line(tmp_path):
    raw, problems = load_briefing(write(tmp_path, b"---\ntitle: T\ndate: [2024\n---\n"), "b.md")
    assert raw is None and problems[0].line == 3  # the "[" list opened on file line 3
    assert problems[0].col == 7


@pytest.mark.parametrize("front, message", [
    ("- a\n- b\n", "front matter must be a mapping of fields (title: ...), got list"),
    ("just text\n", "front matter must be a mapping of fields (title: ...), got str"),
    ("# nothing\n", "front matter is empty"),
])
def test_load_briefing_needs_a_mapping(tmp_path, front, message):
    raw, problems = load_briefing(write(tmp_path, f"---\n{front}---\n".encode()), "b.md")
    assert raw is None and problems[-1].message.startswith(message)


def test_load_yaml_file_reads_a_whole_file(tmp_path):
    document, problems = load_yaml_file(write(tmp_path, b"- id: x\n  name: X\n", "e.yml"), "e.yml")
    assert problems == [] and document.data == [{"id": "x", "name": "X"}]
    assert document.where((0, "name")) == (2, 9)
