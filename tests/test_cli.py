"""The command line on a copy of the sample project, as an author runs it."""

from __future__ import annotations

import re
from pathlib import Path

from helpers.project import run_briefkit

SEED = "briefings/2024-01-29-iran-fm-visits-pakistan.md"
OTHER_STEMS = ["2024-01-17-iran-strikes-balochistan", "2024-01-29-iran-fm-visits-pakistan",
               "2024-01-29-pakistan-retaliates-sistan-baluchestan", "2024-01-29-pakistani-labourers-killed"]
BROKEN = "briefings/2024-02-01-broken.md"
BROKEN_TEXT = """---
title: A briefing with a front matter error
summary: Its date is not a real calendar date.
date: 2024-13-45
---

Iran and Pakistan.
"""
PROBLEM_LINE = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): "
                          r"(?P<message>.+)$", re.M)


def errors(output: str) -> list[tuple[str, int, int, str]]:
    return [(m["path"], int(m["line"]), int(m["col"]), m["message"]) for m in PROBLEM_LINE.finditer(output)
            if m["severity"] == "error"]


def test_check_passes_on_the_sample(project: Path):
    result = run_briefkit(project, "check")
    assert result.returncode == 0, result.stderr
    assert errors(result.stderr) == []
    assert "Traceback" not in result.stderr


def test_check_reports_a_front_matter_error_at_its_place_and_exits_1(project: Path):
    (project / BROKEN).write_text(BROKEN_TEXT, encoding="utf-8")
    result = run_briefkit(project, "check")
    assert result.returncode == 1
    assert errors(result.stderr) == [(BROKEN, 4, 7, "date: '2024-13-45' is not a real calendar date")]
    assert "Traceback" not in result.stderr + result.stdout


def test_build_with_a_broken_briefing_builds_the_others_for_preview_and_exits_1(project: Path):
    (project / BROKEN).write_text(BROKEN_TEXT, encoding="utf-8")
    check = run_briefkit(project, "check")
    build = run_briefkit(project, "build")
    assert build.returncode == 1, build.stderr  # a briefing left out is content lost: CI must not publish
    assert errors(build.stderr) == errors(check.stderr) != []  # the same message as check prints
    assert "left out 1 with errors" in build.stderr
    assert f"not in the site because of their errors: {BROKEN}" in build.stderr
    assert build.stderr.rstrip().endswith("--allow-errors exits 0 with the briefings that have errors left out.")
    for stem in OTHER_STEMS:
        assert (project / "site" / "briefings" / stem / "index.html").is_file(), stem
    assert not (project / "site" / "briefings" / "2024-02-01-broken").exists()
    assert not (project / "docs" / "briefings" / "2024-02-01-broken").exists()


def test_allow_errors_publishes_the_rest_with_exit_0(project: Path):
    (project / BROKEN).write_text(BROKEN_TEXT, encoding="utf-8")
    build = run_briefkit(project, "build", "--allow-errors")
    assert build.returncode == 0, build.stderr
    assert errors(build.stderr) != []  # still said
    assert f"not in the site because of their errors: {BROKEN}" in build.stderr
    assert run_briefkit(project, "convert").returncode == 1
    assert run_briefkit(project, "convert", "--allow-errors").returncode == 0


def test_build_strict_fails_on_the_broken_briefing(project: Path):
    (project / BROKEN).write_text(BROKEN_TEXT, encoding="utf-8")
    result = run_briefkit(project, "build", "--strict", "--allow-errors")  # strict wins
    assert result.returncode == 1


def test_a_broken_registry_file_fails_the_build_and_is_named_first(project: Path):
    organizations = project / "briefings/entities/organizations.yml"
    lines = organizations.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line == "  type: organization") + 1
    lines[number - 1] = "\ttype: organization"
    organizations.write_text("\n".join(lines), encoding="utf-8")
    result = run_briefkit(project, "build")
    assert result.returncode == 1
    problems = [line for line in result.stderr.splitlines() if ": error: " in line or ": warning: " in line]
    assert problems[0].startswith(f"briefings/entities/organizations.yml:{number}:1: error: YAML syntax error: "
                                  "indent with spaces, not tabs")
    assert problems[1].startswith(f'briefings/entities/organizations.yml:{number}:1: error: 5 references to '
                                  '"jaish-al-adl" in 3 other files fail because of this')
    assert len(problems) == 2  # no unknown-entity line per link, no false "not mentioned" warning
    assert "hamas" not in result.stderr  # the file's other entity still works


def test_check_reports_an_unknown_entity_link_at_its_line_and_column(project: Path):
    seed = project / SEED
    lines = seed.read_text(encoding="utf-8").split("\n")
    body_line = lines.index("", lines.index("---", 1)) + 2  # the first paragraph after the front matter
    lines[body_line - 1] = "Talks involved [[nobody]] as well. " + lines[body_line - 1]
    seed.write_text("\n".join(lines), encoding="utf-8")
    result = run_briefkit(project, "check")
    assert result.returncode == 1
    assert errors(result.stderr) == [(SEED, body_line, 16, 'unknown entity "nobody" in [[...]] link')]


def test_check_suggests_the_entity_meant(project: Path):
    seed = project / SEED
    seed.write_text(seed.read_text(encoding="utf-8").replace("[[balochistan]]", "[[balochistn]]"), encoding="utf-8")
    result = run_briefkit(project, "check")
    assert result.returncode == 1
    (error,) = errors(result.stderr)
    assert error[0] == SEED and error[3].endswith('(did you mean "balochistan"?)')


def test_check_json_format_lists_the_problems(project: Path):
    import json

    (project / BROKEN).write_text(BROKEN_TEXT, encoding="utf-8")
    result = run_briefkit(project, "check", "--format", "json")
    assert result.returncode == 1
    found = [p for p in json.loads(result.stdout)["problems"] if p["severity"] == "error"]
    assert [(p["path"], p["line"], p["column"]) for p in found] == [(BROKEN, 4, 7)]


def _snapshot(docs: Path) -> dict[str, tuple[int, bytes]]:
    return {p.relative_to(docs).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
            for p in docs.rglob("*") if p.is_file()}


def test_convert_twice_writes_nothing_the_second_time(project: Path):
    first = run_briefkit(project, "convert", check=True)
    assert re.search(r"wrote [1-9]\d* files", first.stderr)
    before = _snapshot(project / "docs")
    second = run_briefkit(project, "convert", check=True)
    assert re.search(r"wrote 0 files, removed 0, \d+ unchanged", second.stderr), second.stderr
    assert _snapshot(project / "docs") == before  # not even rewritten with the same bytes


def test_a_hand_written_file_where_a_generated_page_goes_is_never_overwritten(project: Path):
    mine = project / "docs" / "briefings" / "2024-01-17-iran-strikes-balochistan" / "index.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("# My own notes\n", encoding="utf-8")
    result = run_briefkit(project, "convert")
    assert result.returncode == 1
    assert errors(result.stderr) == [("docs/briefings/2024-01-17-iran-strikes-balochistan/index.md", 1, 1,
                                      "briefkit generates this file, but a file briefkit did not write is "
                                      "already there: it was left alone; move it away to let briefkit write "
                                      "the page")]
    assert mine.read_text(encoding="utf-8") == "# My own notes\n"
    # the other pages are still written; the next run does not adopt or remove the hand-written file
    assert (project / "docs" / "briefings" / "2024-01-29-iran-fm-visits-pakistan" / "index.md").is_file()
    run_briefkit(project, "convert")
    assert mine.read_text(encoding="utf-8") == "# My own notes\n"


def test_hand_written_files_survive_when_generated_pages_are_removed(project: Path):
    run_briefkit(project, "convert", check=True)
    notes = project / "docs" / "briefings" / "notes.md"
    notes.write_text("hand-written\n", encoding="utf-8")
    about = (project / "docs" / "about.md").read_bytes()
    stale = project / "docs" / "briefings" / "2024-01-29-pakistani-labourers-killed" / "index.md"
    assert stale.is_file()
    (project / "briefings" / "2024-01-29-pakistani-labourers-killed.md").unlink()
    result = run_briefkit(project, "convert")
    assert re.search(r"removed [1-9]", result.stderr), result.stderr  # its page, and pages only it needed
    assert not stale.exists()
    assert notes.read_text(encoding="utf-8") == "hand-written\n"
    assert (project / "docs" / "about.md").read_bytes() == about


def test_outside_a_project_an_error_not_a_traceback(tmp_path: Path):
    result = run_briefkit(tmp_path, "check")
    assert result.returncode == 1
    assert "no mkdocs.yml here" in result.stderr
    assert "Traceback" not in result.stderr


def test_drafts_are_left_out_unless_asked_for(project: Path):
    source = project / "briefings" / "2024-01-29-pakistani-labourers-killed.md"
    source.write_text(source.read_text(encoding="utf-8").replace("\ndate:", "\nstatus: draft\ndate:", 1),
                      encoding="utf-8")
    page = project / "docs" / "briefings" / "2024-01-29-pakistani-labourers-killed" / "index.md"
    result = run_briefkit(project, "convert", check=True)
    assert "left out 1 draft(s)" in result.stderr and not page.exists()
    run_briefkit(project, "convert", "--drafts", check=True)
    assert page.is_file()
    run_briefkit(project, "convert", check=True)  # and out again: a stale generated page
    assert not page.exists()
