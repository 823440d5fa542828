"""Issue: publishing never silently loses a briefing; every error points at its root cause.

Each folder of tests/root_causes/ holds files laid over the sample project (about.txt says
why) and expected.txt, the exact problem lines `briefkit check` must print, in order: a
registry file's error first, what follows from it folded into one line. `briefkit
convert` (which leaves drafts out) must print the same lines, and both must exit 1 exactly
when there is an error.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers.project import copy_project, run_briefkit

CASES_DIR = Path(__file__).parent / "root_causes"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if p.is_dir())


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": error: " in line or ": warning: " in line]


@pytest.mark.parametrize("name", CASES)
def test_check_and_convert_print_the_expected_problems_in_order(name: str, tmp_path: Path):
    case = CASES_DIR / name
    root = copy_project(tmp_path / "project")
    shutil.copytree(case / "briefings", root / "briefings", dirs_exist_ok=True)
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    failing = any(": error: " in line for line in expected)

    check = run_briefkit(root, "check")
    assert problem_lines(check.stderr) == expected, check.stderr
    assert check.returncode == (1 if failing else 0)

    convert = run_briefkit(root, "convert")
    assert problem_lines(convert.stderr) == expected, convert.stderr
    assert convert.returncode == (1 if failing else 0)
    assert "Traceback" not in check.stderr + convert.stderr


def test_every_case_says_why_it_exists():
    assert len(CASES) >= 7
    for name in CASES:
        assert (CASES_DIR / name / "about.txt").read_text(encoding="utf-8").strip(), name


def test_the_sample_passes_a_strict_check(project: Path):
    result = run_briefkit(project, "check", "--strict")
    assert result.returncode == 0, result.stderr
    assert problem_lines(result.stderr) == []
