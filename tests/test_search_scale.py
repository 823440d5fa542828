"""Large archives: what search indexes (extra.briefkit.search_full_text), and pages that stay bounded."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefkit import convert as convert_module
from briefkit import render as render_module
from briefkit.convert import convert
from briefkit.problems import BriefkitError
from briefkit.project import find_project

SEED_PAGE = "docs/briefings/2024-01-29-iran-fm-visits-pakistan/index.md"
EXCLUDED = ' data-search-exclude="true"'
BODY_EXCLUDED = ' data-search-exclude="true" data-pagefind-ignore'


def set_option(project: Path, value: str, index: str = "pagefind") -> None:
    with open(project / "mkdocs.yml", "a", encoding="utf-8") as handle:
        handle.write(f"\nextra:\n  briefkit:\n    search_full_text: {value}\n    search_index: {index}\n")


def test_small_archive_indexes_full_text(project: Path):
    convert(find_project(project))
    assert '<div class="briefing__body">' in (project / SEED_PAGE).read_text(encoding="utf-8")


def test_lists_that_repeat_other_pages_are_never_indexed(project: Path):
    """Backlinks, related lists and cards repeat text a reader finds on its own page: indexed,
    they made an entity page that merely lists a briefing outrank the briefing itself."""
    convert(find_project(project))
    assert f'<ul class="related"{EXCLUDED}>' in (project / SEED_PAGE).read_text(encoding="utf-8")
    entity = (project / "docs/entities/iran/index.md").read_text(encoding="utf-8")
    assert f'<ul class="backlinks"{EXCLUDED}>' in entity and f'<ul class="cooccurring"{EXCLUDED}>' in entity
    assert f'<ul class="briefing-cards"{EXCLUDED}>' in (project / "docs/index.md").read_text(encoding="utf-8")


def test_search_full_text_false_keeps_bodies_and_lists_out_of_the_index(project: Path):
    set_option(project, "false")
    convert(find_project(project))
    page = (project / SEED_PAGE).read_text(encoding="utf-8")
    assert f'<div class="briefing__body"{BODY_EXCLUDED}>' in page
    assert '<p class="factbox__title">Fact box</p>' in page  # facts, actors and places stay searchable
    entity = (project / "docs/entities/iran/index.md").read_text(encoding="utf-8")
    assert f'<ul class="backlinks"{EXCLUDED}>' in entity


def test_auto_switches_by_archive_size_with_materials_index(project: Path, monkeypatch):
    monkeypatch.setattr(convert_module, "SEARCH_FULL_TEXT_UP_TO", 3)  # the sample has 4 briefings
    set_option(project, "auto", index="material")
    convert(find_project(project))
    assert f'<div class="briefing__body"{BODY_EXCLUDED}>' in (project / SEED_PAGE).read_text(encoding="utf-8")


def test_auto_keeps_full_text_at_any_size_with_pagefind(project: Path, monkeypatch):
    monkeypatch.setattr(convert_module, "SEARCH_FULL_TEXT_UP_TO", 3)
    convert(find_project(project))
    assert '<div class="briefing__body">' in (project / SEED_PAGE).read_text(encoding="utf-8")


def test_true_overrides_auto(project: Path, monkeypatch):
    monkeypatch.setattr(convert_module, "SEARCH_FULL_TEXT_UP_TO", 3)
    set_option(project, "true", index="material")
    convert(find_project(project))
    assert '<div class="briefing__body">' in (project / SEED_PAGE).read_text(encoding="utf-8")


def test_bad_value_is_a_clear_error(project: Path):
    set_option(project, "sometimes")
    with pytest.raises(BriefkitError) as caught:
        find_project(project)
    assert "search_full_text" in str(caught.value) and "true, false or auto" in str(caught.value)


def test_entity_page_shows_its_latest_events_only(project: Path, monkeypatch):
    monkeypatch.setattr(render_module, "ENTITY_EVENT_LIMIT", 1)
    convert(find_project(project), use_cache=False)
    page = (project / "docs/entities/hossein-amirabdollahian/index.md").read_text(encoding="utf-8")
    timeline = page.split('<ol class="timeline"', 1)[1].split("</ol>", 1)[0]
    assert timeline.count("<li") == 1
    assert "The latest 1 of " in page
