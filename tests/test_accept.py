"""`briefkit accept`: a draft's candidates into the registry, end to end, and the clashes it refuses."""

from __future__ import annotations

from pathlib import Path

import yaml

from briefkit.convert import convert
from briefkit.project import find_project
from helpers.project import run_briefkit

ARTICLE = """Home Office announces new border checks at Channel ports

Home Office Minister Lord Hanson of Flint said on Monday that officers will check lorries at Dover from 1 April.

Conservative MP Natalie Elphicke welcomed the checks. The Kent County Council will publish a traffic plan.
"""


def drafted(project: Path) -> Path:
    article = project / "border.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    run_briefkit(project, "new", str(article), "--date", "2023-05-18", check=True)
    [draft] = (project / "briefings").glob("2023-05-18-*.md")
    return draft


def front(draft: Path) -> dict:
    return yaml.safe_load(draft.read_text(encoding="utf-8").split("---\n")[1])


def registry_entry(project: Path, file: str, entity_id: str) -> dict:
    items = yaml.safe_load((project / "briefings" / "entities" / file).read_text(encoding="utf-8"))
    return next(item for item in items if item["id"] == entity_id)


def test_draft_accept_check_build_links_the_accepted_entities(project: Path):
    draft = drafted(project)
    names = {c["name"] for c in front(draft)["extra"]["candidate_entities"]}
    assert {"Lord Hanson of Flint", "Natalie Elphicke", "Dover", "Kent County Council"} <= names
    comment_before = draft.read_text(encoding="utf-8").count("# Events:")

    result = run_briefkit(project, "accept", str(draft), "Lord Hanson of Flint", "dover")  # by name or id
    assert result.returncode == 0, result.stderr
    data = front(draft)
    assert sorted(data["entities"]) == ["dover", "lord-hanson-of-flint"]
    left = {c["name"] for c in data["extra"]["candidate_entities"]}
    assert left == names - {"Lord Hanson of Flint", "Dover"}
    assert registry_entry(project, "people.yml", "lord-hanson-of-flint")["role"] == "Home Office Minister"
    dover = registry_entry(project, "places.yml", "dover")
    assert dover["type"] == "place" and 51 < dover["coordinates"][0] < 51.2
    assert draft.read_text(encoding="utf-8").count("# Events:") == comment_before  # the author's text is kept

    result = run_briefkit(project, "accept", str(draft))  # all the others
    assert result.returncode == 0, result.stderr
    data = front(draft)
    assert "candidate_entities" not in (data.get("extra") or {})
    assert {"natalie-elphicke", "kent-county-council"} <= set(data["entities"])
    assert registry_entry(project, "people.yml", "natalie-elphicke")["role"] == "Conservative MP"
    assert registry_entry(project, "organizations.yml", "kent-county-council")["type"] == "organization"

    check = run_briefkit(project, "check")
    assert check.returncode == 0 and ": error:" not in check.stderr, check.stderr
    convert(find_project(project), drafts=True)
    page = (project / "docs" / "briefings" / draft.stem / "index.md").read_text(encoding="utf-8")
    for entity_id in ("lord-hanson-of-flint", "natalie-elphicke", "dover", "kent-county-council"):
        assert f"entities/{entity_id}.md" in page or f"entities/{entity_id}/" in page, entity_id


def test_accept_refuses_an_id_that_clashes_naming_both(project: Path):
    draft = drafted(project)
    people = project / "briefings" / "entities" / "people.yml"
    people.write_text(people.read_text(encoding="utf-8") + "\n- id: dover\n  name: Dover Smith\n  type: person\n",
                      encoding="utf-8")
    before = draft.read_text(encoding="utf-8"), people.read_text(encoding="utf-8")
    result = run_briefkit(project, "accept", str(draft))
    assert result.returncode == 1
    assert 'candidate "Dover" (id dover) clashes with registry entity "Dover Smith" (id dover, ' \
           "briefings/entities/people.yml:" in result.stderr
    assert (draft.read_text(encoding="utf-8"), people.read_text(encoding="utf-8")) == before  # nothing written


def test_accept_refuses_two_candidates_with_one_id_and_names_unknown_ones(project: Path):
    draft = drafted(project)
    text = draft.read_text(encoding="utf-8").replace("id: kent-county-council", "id: dover")
    draft.write_text(text, encoding="utf-8")
    result = run_briefkit(project, "accept", str(draft))
    assert result.returncode == 1 and 'and "Kent County Council" would both have id dover' in result.stderr
    assert draft.read_text(encoding="utf-8") == text
    result = run_briefkit(project, "accept", str(draft), "Natalie Elphick")
    assert result.returncode == 1 and 'no candidate named "Natalie Elphick" (did you mean "Natalie Elphicke"?)' \
        in result.stderr


def test_accept_without_candidates_or_draft_says_so(project: Path):
    result = run_briefkit(project, "accept", "briefings/2024-01-29-iran-fm-visits-pakistan.md")
    assert result.returncode == 1 and "has no extra.candidate_entities to accept" in result.stderr
    result = run_briefkit(project, "accept", "briefings/missing.md")
    assert result.returncode == 1 and "briefings/missing.md:1:1: error: no such draft file" in result.stderr
    assert "Traceback" not in result.stderr
