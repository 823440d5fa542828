"""`briefkit check`: every broken briefing in tests/broken/ reported at its exact place.

Each fixture holds one fault; tests/broken/expected.txt gives the one problem it must
produce (file:line:col: severity: message fragment). The library runs each case (fast);
one run of the real command line checks them all again and looks for tracebacks.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefkit.check import check
from briefkit.project import find_project
from helpers.project import copy_project, run_briefkit

BROKEN = Path(__file__).parent / "broken"
EXPECTED_LINE = re.compile(r"^(?P<name>[^:]+\.md):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): "
                           r"(?P<fragment>.+)$")
PROBLEM_LINE = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): "
                          r"(?P<message>.+)$", re.M)
GOOD = "briefings/2024-01-29-iran-fm-visits-pakistan.md"


@dataclass(frozen=True)
class Case:
    name: str
    line: int
    col: int
    severity: str
    fragment: str


def read_cases() -> list[Case]:
    cases = []
    for text in (BROKEN / "expected.txt").read_text(encoding="utf-8").splitlines():
        if text.strip() and not text.startswith("#"):
            m = EXPECTED_LINE.match(text)
            assert m, f"expected.txt: cannot read {text!r}"
            cases.append(Case(m["name"], int(m["line"]), int(m["col"]), m["severity"], m["fragment"]))
    return cases


CASES = read_cases()


@pytest.fixture(scope="module")
def broken_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project (its registry resolves links) with the fixtures in broken/."""
    root = copy_project(tmp_path_factory.mktemp("check") / "project")
    shutil.copytree(BROKEN, root / "broken")
    return root


def test_every_fixture_has_exactly_one_expectation():
    on_disk = sorted(p.relative_to(BROKEN).as_posix() for p in BROKEN.rglob("*.md"))
    listed = [case.name for case in CASES]
    assert sorted(listed) == on_disk
    assert len(set(listed)) == len(listed)
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_briefing_is_reported_at_its_line_and_column(broken_project: Path, case: Case):
    report = check(find_project(broken_project), [broken_project / "broken" / case.name])
    found = [(p.path, p.line, p.col, p.severity) for p in report.problems]
    assert found == [(f"broken/{case.name}", case.line, case.col, case.severity)], report.problems
    assert case.fragment in report.problems[0].message
    assert report.failed() is (case.severity == "error")
    assert report.failed(strict=True)


def test_the_command_line_reports_every_fixture_and_no_traceback(broken_project: Path):
    result = run_briefkit(broken_project, "check", "broken", "broken/reserved-file-name")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output and "internal error" not in output
    found = sorted((m["path"], int(m["line"]), int(m["col"]), m["severity"]) for m in PROBLEM_LINE.finditer(output))
    assert found == sorted((f"broken/{c.name}", c.line, c.col, c.severity) for c in CASES)
    lines = [line for line in result.stderr.splitlines() if PROBLEM_LINE.match(line)]
    assert lines == sorted(lines, key=lambda s: (s.split(":")[0], *map(int, s.split(":")[1:3])))
    assert f"{len(CASES)} briefing(s)" in result.stderr


def test_json_output_lists_the_same_problems(broken_project: Path):
    result = run_briefkit(broken_project, "check", "--format", "json", "broken/yaml-unclosed-quote.md",
                          "broken/warning-source-without-url-or-publisher.md")
    assert result.returncode == 1
    problems = json.loads(result.stdout)["problems"]
    assert [(p["path"], p["line"], p["column"], p["severity"]) for p in problems] == [
        ("broken/warning-source-without-url-or-publisher.md", 9, 3, "warning"),
        ("broken/yaml-unclosed-quote.md", 2, 8, "error")]
    assert "Traceback" not in result.stderr


def test_warnings_fail_only_with_strict(broken_project: Path):
    for name in ("warning-long-summary.md", "warning-event-after-briefing.md"):
        assert run_briefkit(broken_project, "check", f"broken/{name}").returncode == 0
        assert run_briefkit(broken_project, "check", "--strict", f"broken/{name}").returncode == 1


def test_named_paths_report_only_their_own_problems(broken_project: Path):
    result = run_briefkit(broken_project, "check", GOOD)
    assert result.returncode == 0, result.stderr
    assert "broken/" not in result.stderr
    assert "is not mentioned by any briefing" not in result.stderr  # only a whole-project check can say so


def test_a_missing_path_and_a_non_briefing_are_errors(project: Path):
    result = run_briefkit(project, "check", "briefings/nope.md", "mkdocs.yml")
    assert result.returncode == 1
    assert "briefings/nope.md:1:1: error: no such file or folder" in result.stderr
    assert "mkdocs.yml:1:1: error: neither a briefing nor a registry file" in result.stderr


def test_registry_errors_are_reported_whatever_paths_are_named(project: Path):
    places = project / "briefings/entities/places.yml"
    lines = places.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith("  type: place")) + 1
    lines[number - 1] = "  type: plcae"
    places.write_text("\n".join(lines), encoding="utf-8")
    result = run_briefkit(project, "check", GOOD)
    assert result.returncode == 1
    found = [(m["path"], int(m["line"]), int(m["col"]), m["message"]) for m in PROBLEM_LINE.finditer(result.stderr)]
    assert found[0][:3] == ("briefings/entities/places.yml", number, 9)  # the root cause first
    assert 'did you mean "place"?' in found[0][3]


def test_a_registry_file_that_is_not_utf8_is_an_error_naming_the_line(project: Path):
    people = project / "briefings/entities/people.yml"
    data = people.read_bytes().replace(b"Foreign Minister of Iran", b"Foreign Minister of Ir\xe2n", 1)
    people.write_bytes(data)
    line = data[:data.index(b"\xe2n")].count(b"\n") + 1
    result = run_briefkit(project, "check")
    assert result.returncode == 1
    assert f"briefings/entities/people.yml:{line}:" in result.stderr
    assert "not valid UTF-8" in result.stderr and "Traceback" not in result.stderr


def test_an_entity_no_briefing_mentions_is_a_warning(project: Path):
    places = project / "briefings/entities/places.yml"
    before = places.read_text(encoding="utf-8")
    places.write_text(before + "\n- id: quetta\n  name: Quetta\n  type: place\n", encoding="utf-8")
    line = before.count("\n") + 2
    result = run_briefkit(project, "check")
    assert result.returncode == 0, result.stderr
    assert f'briefings/entities/places.yml:{line}:3: warning: entity "quetta" is not mentioned' in result.stderr
    assert run_briefkit(project, "check", "--strict").returncode == 1


def test_check_writes_nothing(project: Path):
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    run_briefkit(project, "check")
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_the_guides_vs_code_problem_matcher_reads_every_problem(broken_project: Path):
    """docs/authoring.md gives VS Code a regular expression for check's output: it must fit."""
    guide = (Path(__file__).parent.parent / "docs" / "authoring.md").read_text(encoding="utf-8")
    task = json.loads(re.search(r"```json\n(\{\n  \"version\".*?)```", guide, re.S).group(1))
    pattern = task["tasks"][0]["problemMatcher"]["pattern"]
    matcher = re.compile(pattern["regexp"])
    result = run_briefkit(broken_project, "check", "broken")
    lines = [line for line in result.stderr.splitlines() if not line.startswith("briefkit check:")]
    assert len(lines) == len(CASES) - 1  # all but the one in a sub-folder
    for line in lines:
        m = matcher.match(line)
        assert m, line
        expected = PROBLEM_LINE.match(line)
        assert (m[pattern["file"]], m[pattern["line"]], m[pattern["column"]], m[pattern["severity"]],
                m[pattern["message"]]) == (expected["path"], expected["line"], expected["col"],
                                           expected["severity"], expected["message"])
