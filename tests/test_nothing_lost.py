"""Nothing an author wrote is lost, and the same input always gives the same pages.

A build (what `make site` runs: `briefkit build`, here in a copy of the project so the
real tree is never touched) must leave briefings/ and the hand-written files of docs/
byte for byte as they were, write only into docs/'s generated files (those its manifest
lists) and site/, and `briefkit new` must never overwrite. Two conversions of the same
input, in two places, with two hash seeds, give byte-identical Markdown.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hostile.cases import PAGE_CASES

from helpers.project import REPO, copy_project, run_briefkit

HAND_WRITTEN_DOCS = ["docs/about.md", "docs/authoring.md", "docs/home-intro.md"]
SEED = REPO / "tests" / "fixtures" / "seed" / "iran-fm-visits-pakistan.txt"
# briefkit's own cache of parsed inputs (derived data, git-ignored): the one place outside docs/
# and site/ a build may write; the contract predates it (see the report of issue 7)


def snapshot(root: Path) -> dict[str, tuple[str, int]]:
    """Every file under root: its sha256 and modification time (a rewrite with equal bytes shows too)."""
    out = {}
    for file in sorted(root.rglob("*")):
        if file.is_file():
            stat = file.stat()
            out[file.relative_to(root).as_posix()] = (hashlib.sha256(file.read_bytes()).hexdigest(), stat.st_mtime_ns)
    return out


def authored(state: dict[str, tuple[str, int]]) -> dict[str, tuple[str, int]]:
    """The author's files in a snapshot: briefings/ and the hand-written parts of docs/."""
    keep = ("briefings/", "mkdocs.yml", "overrides/", *HAND_WRITTEN_DOCS)
    return {path: value for path, value in state.items() if path.startswith(keep)}


def manifest_files(root: Path) -> set[str]:
    data = json.loads((root / "docs" / ".briefkit-manifest.json").read_text(encoding="utf-8"))
    return {f"docs/{path}" for path in data["files"]}


@pytest.fixture
def hostile_project(tmp_path: Path) -> Path:
    """The sample project with every valid hostile page case: odd encodings, scripts, big facts."""
    root = copy_project(tmp_path / "project")
    for case in PAGE_CASES:
        if case.expected.get("build", True):
            case.install(root)
    (root / "docs" / "home-intro.md").write_text("Hand-written intro with [[iran]].\n", encoding="utf-8")
    return root


def test_build_changes_no_authored_file_and_writes_only_generated_ones(hostile_project: Path):
    root = hostile_project
    # a hand-written page inside a generated folder
    (root / "docs" / "timeline").mkdir(parents=True)
    (root / "docs" / "timeline" / "notes.md").write_text("My own notes.\n", encoding="utf-8")
    before = snapshot(root)
    result = run_briefkit(root, "build")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    after = snapshot(root)

    assert authored(after) == authored(before)
    assert after["docs/timeline/notes.md"] == before["docs/timeline/notes.md"]

    generated = manifest_files(root) | {"docs/.briefkit-manifest.json"}
    assert not set(before) - set(after), "files disappeared"
    written = {p for p in after if p not in before or after[p] != before[p]}
    outside = sorted(p for p in written if not p.startswith("site/") and p not in generated)
    assert outside == [], "written outside docs/'s generated files and site/"
    assert written & generated and any(p.startswith("site/") for p in written)


def test_a_hand_written_file_where_a_page_goes_is_left_alone(project: Path):
    (project / "docs" / "tags").mkdir(parents=True)
    mine = project / "docs" / "tags" / "index.md"
    mine.write_text("---\ntitle: My tags\n---\nHand-written.\n", encoding="utf-8")
    before = snapshot(project)
    result = run_briefkit(project, "build")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "docs/tags/index.md:1:1: error:" in result.stderr  # said, not overwritten
    assert snapshot(project)["docs/tags/index.md"] == before["docs/tags/index.md"]


def test_a_second_build_rewrites_nothing_and_removes_only_its_own_stale_pages(hostile_project: Path):
    root = hostile_project
    run_briefkit(root, "convert", check=True)
    # the cache may refresh its own records (a file changed within the clock's resolution is
    # hashed again): what must not be rewritten is the site's pages
    def pages() -> dict:
        return {p: v for p, v in snapshot(root).items() if p.startswith("docs/")}

    docs_before = pages()
    run_briefkit(root, "convert", check=True)
    assert pages() == docs_before

    # a briefing deleted by its author: its generated page goes, the author's files stay
    (root / "briefings" / "leap-day.md").unlink()
    before, generated_before = snapshot(root), manifest_files(root)
    result = run_briefkit(root, "convert", check=True)
    after = snapshot(root)
    assert "docs/briefings/leap-day/index.md" in before and "docs/briefings/leap-day/index.md" not in after
    assert authored(after) == authored(before)
    gone = set(before) - set(after)
    assert gone <= generated_before, f"removed files briefkit did not write: {gone}"
    assert "removed" in result.stderr


def _convert_tree(root: Path, seed: str) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "briefkit", "convert"], cwd=root, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return {path: (root / path).read_bytes() for path in sorted(manifest_files(root))}


def test_two_conversions_are_byte_identical(tmp_path: Path):
    """Two fresh copies at different paths, different hash seeds: the same Markdown, byte for byte."""
    source = copy_project(tmp_path / "source" / "project")  # one snapshot: teammates edit the real tree
    for case in PAGE_CASES:
        if case.expected.get("build", True):
            case.install(source)
    trees = []
    for name, seed in (("first", "1"), ("second-copy-elsewhere", "2")):
        root = tmp_path / name / "project"
        shutil.copytree(source, root)
        trees.append(_convert_tree(root, seed))
    first, second = trees
    assert sorted(first) == sorted(second)
    differing = [path for path in first if first[path] != second[path]]
    assert differing == [], f"pages differ between two conversions: {differing[:10]}"
    assert len(first) > 100
    for path, data in first.items():
        assert str(tmp_path).encode() not in data, f"{path} carries the project's absolute path"


def test_new_never_overwrites_and_leaves_no_temporary_file(project: Path, tmp_path: Path):
    article = tmp_path / "article.txt"
    article.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    before = set(snapshot(project / "briefings"))
    first = run_briefkit(project, "new", str(article), "--date", "2024-01-29")
    assert first.returncode == 0, first.stderr
    added = sorted(set(snapshot(project / "briefings")) - before)
    assert len(added) == 1 and added[0].endswith(".md"), added
    draft = project / "briefings" / added[0]
    draft.write_text(draft.read_text(encoding="utf-8") + "\nThe author's own edit.\n", encoding="utf-8")
    edited = snapshot(project / "briefings")

    again = run_briefkit(project, "new", str(article), "--date", "2024-01-29")
    assert again.returncode != 0, "drafting over an existing briefing must be refused"
    assert "Traceback" not in again.stderr
    assert snapshot(project / "briefings") == edited, "briefkit new changed or added files on refusal"
    leftovers = [p.name for p in (project / "briefings").iterdir() if p.name.startswith(".")]
    assert leftovers == [], "a temporary file was left behind"
