"""Incremental conversion: nothing changed writes nothing; one edit rewrites exactly the pages it shows on.

The cache (kept outside the project) must never serve a stale page: after every edit, the
converted docs/ is compared byte for byte with a conversion from scratch. No test
here measures time (figures go to benchmarks/run.py).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from briefkit import gathering as gathering_module
from briefkit import render as render_module
from briefkit.cache import cache_folder
from briefkit.convert import convert
from briefkit.project import find_project
from helpers.project import copy_project, with_root

LABOURERS = "briefings/2024-01-29-pakistani-labourers-killed.md"
LABOURERS_PAGE = "briefings/2024-01-29-pakistani-labourers-killed/index.md"  # its page under docs/
OLD_TITLE = "Nine Pakistani labourers killed by gunmen in Sistan-Baluchestan"
NEW_TITLE = "Nine Pakistani workers killed by gunmen in Sistan-Baluchestan"


def generated(project: Path) -> dict[str, bytes]:
    """Every file briefkit wrote under docs/ (its manifest's list), with its bytes."""
    manifest = json.loads((project / "docs" / ".briefkit-manifest.json").read_text(encoding="utf-8"))
    return {path: (project / "docs" / path).read_bytes() for path in manifest["files"]}


def from_scratch(project: Path, where: Path) -> dict[str, bytes]:
    """What a first conversion of project's current sources writes (in a separate copy, no cache)."""
    fresh = copy_project(where / "fresh")
    shutil.rmtree(fresh / "briefings")
    shutil.copytree(project / "briefings", fresh / "briefings")
    convert(find_project(fresh), use_cache=False)
    return generated(fresh)


def edit(project: Path, relative: str, old: str, new: str) -> None:
    file = project / relative
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_second_conversion_writes_nothing(project: Path):
    first = convert(find_project(project))
    assert first.report.written and not first.up_to_date
    second = convert(find_project(project))
    assert second.report.written == () and second.report.removed == ()
    assert second.up_to_date
    assert second.briefing_count == first.briefing_count == len(first.gathered.linked)
    assert second.entity_count == first.entity_count == len(first.gathered.registry)
    assert second.gathered is None
    assert sorted(set(second.problems)) == sorted(set(first.problems))


def test_without_the_cache_nothing_is_written_either(project: Path):
    convert(find_project(project))
    shutil.rmtree(cache_folder(project))
    again = convert(find_project(project))
    assert again.report.written == () and not again.up_to_date


def test_cache_stays_out_of_git(project: Path):
    convert(find_project(project))
    assert (cache_folder(project) / ".gitignore").read_text(encoding="utf-8").strip() == "*"


def test_body_edit_rewrites_only_its_own_page(project: Path, tmp_path: Path):
    convert(find_project(project))
    # a sentence that names no entity: no entity page, timeline or list shows it
    file = project / LABOURERS
    file.write_text(file.read_text(encoding="utf-8") + "\nThe talks went on late into the night.\n",
                    encoding="utf-8")
    result = convert(find_project(project))
    assert result.report.written == (LABOURERS_PAGE,)
    assert result.rendered == 1 and result.gathered is None  # converted alone: nothing else read or rendered
    assert generated(project) == from_scratch(project, tmp_path)
    # and the next full conversion (a title edit elsewhere) starts from what the edit left
    edit(project, "briefings/2024-01-17-iran-strikes-balochistan.md", "title: ", "title: Update: ")
    assert convert(find_project(project)).gathered is not None
    assert generated(project) == from_scratch(project, tmp_path / "after")


def test_title_edit_rewrites_exactly_the_pages_that_show_the_title(project: Path, tmp_path: Path):
    convert(find_project(project))
    before = generated(project)
    showing = {path for path, data in before.items() if OLD_TITLE.encode() in data}
    assert LABOURERS_PAGE in showing and "index.md" in showing and len(showing) < len(before) / 2
    edit(project, LABOURERS, f"title: {OLD_TITLE}", f"title: {NEW_TITLE}")
    result = convert(find_project(project))
    assert set(result.report.written) == showing
    # the briefing and entity pages and the feeds that do not show the title are not rendered again
    kept = {path for path in before if path.startswith(("briefings/", "entities/", "tags/")) and path not in showing
            and (path.endswith(("/feed.xml", "/feed.json")) or path.endswith("/index.md") and path.count("/") == 2
                 and not path.startswith("tags/") and "/type/" not in path and "/archive/" not in path)}
    assert kept and result.rendered <= len(before) - len(kept)
    after = generated(project)
    assert all(NEW_TITLE.encode() in after[path] for path in showing)
    assert after == from_scratch(project, tmp_path)


def test_registry_edit_reaches_cached_briefings(project: Path, tmp_path: Path):
    convert(find_project(project))
    edit(project, "briefings/entities/places.yml", "name: Islamabad", "name: Islamabad Capital Territory")
    result = convert(find_project(project))
    assert any(path.startswith("briefings/") for path in result.report.written)  # bodies link with the new name
    assert generated(project) == from_scratch(project, tmp_path)


def test_deleted_page_is_restored(project: Path):
    convert(find_project(project))
    (project / "docs" / LABOURERS_PAGE).unlink()
    result = convert(find_project(project))
    assert result.report.written == (LABOURERS_PAGE,)


def test_corrupt_cache_is_ignored(project: Path, tmp_path: Path):
    convert(find_project(project))
    for file in (cache_folder(project)).glob("*.pickle"):
        file.write_bytes(b"not a pickle")
    edit(project, LABOURERS, f"title: {OLD_TITLE}", f"title: {NEW_TITLE}")
    convert(find_project(project))
    assert generated(project) == from_scratch(project, tmp_path)


def test_worker_processes_write_what_one_process_writes(project: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(gathering_module, "PARALLEL_FROM", 1)  # 4 briefings, 15 entities: forked workers
    monkeypatch.setattr(render_module, "PARALLEL_FROM", 1)
    convert(find_project(project), use_cache=False)
    in_workers = generated(project)
    monkeypatch.setattr(gathering_module, "PARALLEL_FROM", 10**9)
    monkeypatch.setattr(render_module, "PARALLEL_FROM", 10**9)
    assert in_workers == from_scratch(project, tmp_path)


def test_a_file_beside_a_briefing_is_published_updated_and_removed_with_its_reference(project: Path, tmp_path: Path):
    source = project / LABOURERS
    original = source.read_text(encoding="utf-8")
    (project / "briefings" / "media").mkdir()
    picture = project / "briefings" / "media" / "map.png"
    picture.write_bytes(b"first")
    source.write_text(original + "\n![Map](media/map.png)\n", encoding="utf-8")
    convert(find_project(project))
    published = project / "docs" / "briefings" / "media" / "map.png"
    assert published.read_bytes() == b"first" and "briefings/media/map.png" in generated(project)
    picture.write_bytes(b"second")  # only the file changed: the conversion must see it
    convert(find_project(project))
    assert published.read_bytes() == b"second"
    assert generated(project) == from_scratch(project, tmp_path)
    source.write_text(original, encoding="utf-8")
    convert(find_project(project))
    assert not published.exists() and picture.read_bytes() == b"second"  # the author's file is kept


def test_a_missing_file_is_an_error_even_when_the_briefing_is_cached(project: Path):
    source = project / LABOURERS
    (project / "briefings" / "media").mkdir()
    picture = project / "briefings" / "media" / "map.png"
    picture.write_bytes(b"png")
    source.write_text(source.read_text(encoding="utf-8") + "\n![Map](media/map.png)\n", encoding="utf-8")
    assert not [p for p in convert(find_project(project)).problems if p.severity == "error"]
    picture.unlink()
    errors = [p for p in convert(find_project(project)).problems if p.severity == "error"]
    assert [(p.path, p.message) for p in errors] == [
        (LABOURERS, 'file not found: "media/map.png" (relative to briefings/)')]


def converted_after(project: Path, tmp_path: Path, change) -> None:
    """Convert, change the sources, convert again: docs/ must hold what a conversion from scratch writes."""
    convert(find_project(project))
    change()
    convert(find_project(project))
    assert generated(project) == from_scratch(project, tmp_path)


def test_body_edit_naming_another_entity_reaches_its_page(project: Path, tmp_path: Path):
    def change():
        file = project / LABOURERS
        file.write_text(file.read_text(encoding="utf-8") + "\nThe Army of Justice was blamed.\n", encoding="utf-8")
    converted_after(project, tmp_path, change)


def test_body_edit_in_a_mention_sentence_reaches_the_entity_pages(project: Path, tmp_path: Path):
    converted_after(project, tmp_path, lambda: edit(project, LABOURERS, "Gunmen killed nine Pakistani labourers",
                                                      "Gunmen shot nine Pakistani labourers"))


def test_entity_added_to_the_registry_and_named(project: Path, tmp_path: Path):
    def change():
        people = project / "briefings" / "entities" / "people.yml"
        people.write_text(people.read_text(encoding="utf-8") + "\n- id: ada-example\n  name: Ada Example\n"
                          "  type: person\n  description: A negotiator.\n", encoding="utf-8")
        file = project / LABOURERS
        file.write_text(file.read_text(encoding="utf-8") + "\nAda Example took part.\n", encoding="utf-8")
    converted_after(project, tmp_path, change)


def test_briefing_deleted(project: Path, tmp_path: Path):
    converted_after(project, tmp_path, lambda: (project / LABOURERS).unlink())


def test_tag_changed(project: Path, tmp_path: Path):
    converted_after(project, tmp_path, lambda: edit(project, LABOURERS, "tags: [border security, casualties]",
                                                      "tags: [border security, victims]"))


def test_registry_edit_of_a_description(project: Path, tmp_path: Path):
    converted_after(project, tmp_path, lambda: edit(
        project, "briefings/entities/people.yml", "Iranian diplomat who served", "Iranian diplomat, who served"))


def test_two_body_edits_in_a_row_then_undone(project: Path, tmp_path: Path):
    file = project / LABOURERS
    original = file.read_text(encoding="utf-8")
    convert(find_project(project))
    for number in range(2):
        file.write_text(original + f"\nUpdate {number}.\n", encoding="utf-8")
        assert convert(find_project(project)).rendered == 1
        assert generated(project) == from_scratch(project, tmp_path / str(number))
    file.write_text(original, encoding="utf-8")
    assert convert(find_project(project)).report.written == (LABOURERS_PAGE,)
    assert generated(project) == from_scratch(project, tmp_path / "undone")


def test_body_edit_alone_reports_its_new_problems(project: Path):
    first = convert(find_project(project))
    file = project / LABOURERS
    file.write_text(file.read_text(encoding="utf-8") + "\nSee [[no-such-entity-here]].\n", encoding="utf-8")
    result = convert(find_project(project))
    assert [p for p in result.problems if p.path == LABOURERS and "no-such-entity-here" in p.message]
    file.write_text(file.read_text(encoding="utf-8").replace("\nSee [[no-such-entity-here]].\n", ""), encoding="utf-8")
    assert sorted(set(convert(find_project(project)).problems)) == sorted(set(first.problems))


def test_after_a_run_with_extra_pages_nothing_is_up_to_date_and_edits_take_the_full_conversion(project: Path,
                                                                                                  tmp_path: Path):
    stand_in = "briefings/stand-in/index.md"
    convert(find_project(project), extra_pages=lambda gathered: {stand_in: "# A stand-in\n"})
    assert (project / "docs" / stand_in).is_file()
    again = convert(find_project(project))
    assert not again.up_to_date and again.report.removed == (stand_in,)
    assert generated(project) == from_scratch(project, tmp_path)
    convert(find_project(project), extra_pages=lambda gathered: {stand_in: "# A stand-in\n"})
    file = project / LABOURERS
    file.write_text(file.read_text(encoding="utf-8") + "\nLate.\n", encoding="utf-8")
    edited = convert(find_project(project))
    assert edited.gathered is not None and edited.report.removed == (stand_in,)
    assert generated(project) == from_scratch(project, tmp_path / "edited")


def test_edits_under_extra_briefkit_root(project: Path, tmp_path: Path):
    """Pages named as render.py names them, written under the root: both incremental ways place them alike."""
    with_root(project, "news")
    convert(find_project(project))
    file = project / LABOURERS
    file.write_text(file.read_text(encoding="utf-8") + "\nLate.\n", encoding="utf-8")
    body = convert(find_project(project))
    assert body.report.written == ("news/" + LABOURERS_PAGE,) and body.rendered == 1
    edit(project, LABOURERS, f"title: {OLD_TITLE}", f"title: {NEW_TITLE}")
    title = convert(find_project(project))
    assert "news/" + LABOURERS_PAGE in title.report.written and title.gathered is not None
    fresh = tmp_path / "fresh"
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns("site"))
    for path in generated(project):  # the site's own pages stay, briefkit's go
        (fresh / "docs" / path).unlink()
    (fresh / "docs" / ".briefkit-manifest.json").unlink()
    convert(find_project(fresh), use_cache=False)
    assert generated(project) == generated(fresh)
