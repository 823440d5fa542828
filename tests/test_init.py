"""`briefkit init`: a new project that passes a strict check and a strict build at once."""

from __future__ import annotations

import filecmp
from pathlib import Path

import yaml

from briefkit.init import SKELETON
from helpers.dom import parse
from helpers.project import REPO, run_briefkit


def test_init_makes_a_project_that_checks_and_builds_strictly(tmp_path: Path):
    result = run_briefkit(tmp_path, "init", "news")
    assert result.returncode == 0, result.stderr
    root = tmp_path / "news"
    assert "Next: cd news && briefkit serve" in result.stderr
    assert (root / ".gitignore").is_file() and not (root / "gitignore").exists()
    check = run_briefkit(root, "check", "--strict")
    assert check.returncode == 0, check.stderr
    assert "0 errors, 0 warnings" in check.stderr
    build = run_briefkit(root, "build", "--strict")
    assert build.returncode == 0, build.stderr
    page = parse(root / "site" / "briefings" / "2025-03-04-example-harbour-reopens" / "index.html")
    assert len(page.select("aside", "factbox")) == 1
    assert page.select("a", "entity-link")  # the example's entities are linked
    home = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert "Start with the latest below" in home  # docs/home-intro.md on the home page


def test_nothing_of_the_sample_story_is_in_a_new_project(tmp_path: Path):
    run_briefkit(tmp_path, "init", "news")
    for file in (tmp_path / "news").rglob("*"):
        if file.is_file() and file.name != "authoring.md":  # the guide's examples are the sample's, on purpose
            text = file.read_text(encoding="utf-8")
            assert "Pakistan" not in text and "Iran" not in text, file


def test_init_refuses_a_folder_that_holds_anything_and_names_it(tmp_path: Path):
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = run_briefkit(tmp_path, "init")
    assert result.returncode == 1
    assert "is not empty (notes.txt)" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_the_skeletons_guide_and_overrides_are_the_projects_own():
    """`make skeleton` copies them; this fails when one was changed without the other."""
    pairs = [("docs/authoring.md", "docs/authoring.md")]
    pairs += [(p.relative_to(REPO).as_posix(), p.relative_to(REPO).as_posix())
              for p in sorted((REPO / "overrides").rglob("*")) if p.is_file()]
    stale = [ours for ours, copy in pairs if not filecmp.cmp(REPO / ours, SKELETON / copy, shallow=False)]
    assert stale == [], "run `make skeleton`"
    assert sorted(p.relative_to(SKELETON / "overrides") for p in (SKELETON / "overrides").rglob("*") if p.is_file()) \
        == sorted(p.relative_to(REPO / "overrides") for p in (REPO / "overrides").rglob("*") if p.is_file())


def test_the_skeletons_mkdocs_yml_is_the_samples_but_for_name_and_description():
    def read(path: Path) -> dict:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)

    ours, skeleton = read(REPO / "mkdocs.yml"), read(SKELETON / "mkdocs.yml")
    assert skeleton.pop("site_name") == "My briefings" and skeleton.pop("site_description")
    ours.pop("site_name"), ours.pop("site_description")
    assert skeleton == ours
