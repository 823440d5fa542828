"""Facts with provenance (facts.py): per-fact source, as_of and about; conflicts across briefings.

Each folder of tests/facts/ holds files laid over the sample project (about.txt says why)
and expected.txt, the exact problem lines `briefkit check` prints. Two cases are also built
into a site, and the fact box and the entity page's facts are read as a reader sees them.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from briefkit.facts import fold_text
from helpers.dom import Node, parse, squash
from helpers.project import copy_project, run_briefkit

CASES_DIR = Path(__file__).parent / "facts"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if p.is_dir())


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": error: " in line or ": warning: " in line]


def project_with(case: str, tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "project")
    shutil.copytree(CASES_DIR / case / "briefings", root / "briefings", dirs_exist_ok=True)
    return root


@pytest.mark.parametrize("name", CASES)
def test_check_prints_the_expected_problems(name: str, tmp_path: Path):
    root = project_with(name, tmp_path)
    expected = (CASES_DIR / name / "expected.txt").read_text(encoding="utf-8").splitlines()
    result = run_briefkit(root, "check")
    assert problem_lines(result.stderr) == expected, result.stderr
    assert result.returncode == (1 if any(": error: " in line for line in expected) else 0)
    strict = run_briefkit(root, "check", "--strict")
    assert strict.returncode == (1 if expected else 0)  # a conflict is a warning: --strict fails on it


def test_labels_and_values_are_compared_folded():
    assert fold_text("Death  toll") == fold_text("death toll") == fold_text("DEATH\u00a0TOLL")
    assert fold_text("9") != fold_text("nine")


def _page(root: Path, path: str) -> Node:
    return parse(root / "site" / path / "index.html")


def _fact(box: Node, label: str) -> Node:
    return next(dd for dt, dd in zip(box.select("dt"), box.select("dd"), strict=True) if squash(dt.text()) == label)


def _cells(row: Node) -> list[Node]:
    return row.select("td")


def test_a_conflict_is_marked_on_the_entity_page_and_the_export_carries_the_fields(tmp_path: Path):
    root = project_with("conflict", tmp_path)
    assert run_briefkit(root, "build").returncode == 0
    (section,) = _page(root, "entities/sistan-baluchestan").select("section", "entity-facts")
    rows = section.select("tr", "entity-fact")
    conflicts = [row for row in rows if "fact--conflict" in row.classes()]
    assert len(conflicts) == 2 and len(rows) > 2  # the sample's own facts about it are not in conflict
    values = {squash(_cells(row)[1].text()): row for row in conflicts}
    assert set(values) == {"9 (briefings disagree)", "11 (briefings disagree)"}
    assert _cells(values["9 (briefings disagree)"])[3].select("a")[0].attrs["href"] == "https://example.org/talks"
    assert _cells(values["11 (briefings disagree)"])[3].select("a")[0].attrs["href"] == "https://example.org/follow-up"
    rows_csv = list(csv.DictReader(io.StringIO((root / "site" / "facts.csv").read_text(encoding="utf-8-sig"))))
    tolls = [r for r in rows_csv if r["kind"] == "fact" and fold_text(r["label"]) == "death toll"]
    assert {(r["briefing"], r["value"], r["date"], r["about"], r["source_url"]) for r in tolls} == {
        ("2024-02-02-talks", "9", "2024-01-29", "sistan-baluchestan", "https://example.org/talks"),
        ("2024-02-03-talks", "11", "2024-01-29", "sistan-baluchestan", "https://example.org/follow-up")}
    assert any(r["kind"] == "event" for r in rows_csv)


def test_the_fact_box_shows_as_of_and_a_newer_value_comes_first(tmp_path: Path):
    root = project_with("superseded", tmp_path)
    assert run_briefkit(root, "build").returncode == 0
    (box,) = _page(root, "briefings/2024-02-02-talks").select("aside", "factbox")
    (as_of,) = _fact(box, "Death toll").select("span", "fact__as-of")
    assert as_of.select("time")[0].attrs["datetime"] == "2024-01-29"  # not the briefing's date: shown
    (later,) = _page(root, "briefings/2024-02-03-talks").select("aside", "factbox")
    assert _fact(later, "Death toll").select("span", "fact__as-of") == []  # the briefing's own date: not repeated
    (section,) = _page(root, "entities/sistan-baluchestan").select("section", "entity-facts")
    tolls = [row for row in section.select("tr", "entity-fact") if squash(_cells(row)[0].text()) == "Death toll"]
    assert [row.select("time")[0].attrs["datetime"] for row in tolls] == ["2024-02-03", "2024-01-29"]
    assert not [row for row in section.select("tr") if "fact--conflict" in row.classes()]


def test_a_source_by_url_is_linked_by_its_publisher(tmp_path: Path):
    root = project_with("provenance", tmp_path)
    assert run_briefkit(root, "build").returncode == 0
    (box,) = _page(root, "briefings/2024-02-02-talks").select("aside", "factbox")
    (source,) = _fact(box, "Launch sites").select("span", "fact__source")
    link = source.select("a")[0]
    assert (squash(link.text()), link.attrs["href"]) == ("Example Wire", "https://example.org/follow-up")
