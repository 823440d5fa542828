"""The optional parts of what briefkit generates (extra.briefkit home, tags, feeds, search), read by
project.py and honoured by convert: each on by default, each off leaves no page or link behind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefkit.convert import convert
from briefkit.problems import BriefkitError
from briefkit.project import find_project
from briefkit.urls import BRIEFINGS_INDEX, HOME, SEARCH_PAGE, TAGS_INDEX, briefing_path, entity_path, tag_path, tag_slug

SEED = briefing_path("2024-01-29-iran-fm-visits-pakistan")


def set_parts(project: Path, **settings: str) -> Path:
    with open(project / "mkdocs.yml", "a", encoding="utf-8") as handle:
        handle.write("\nextra:\n  briefkit:\n" + "".join(f"    {k}: {v}\n" for k, v in settings.items()))
    return project


def generated(project: Path) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    convert(find_project(project), into=files)
    return files


def text(files: dict[str, str | bytes], path: str) -> str:
    content = files[path]
    return content if isinstance(content, str) else content.decode("utf-8")


def test_every_part_is_on_by_default(project: Path):
    settings = find_project(project)
    assert (settings.home, settings.tag_pages, settings.feeds, settings.search) == (True, True, True, True)
    files = generated(project)
    assert {HOME, TAGS_INDEX, tag_path("diplomacy"), "feed.xml", "feed.json", SEARCH_PAGE,
            "assets/javascripts/workers/briefkit-search.js"} <= set(files)


def test_home_off_leaves_the_home_page_to_the_site(project: Path):
    files = generated(set_parts(project, home="false"))
    assert HOME not in files and SEED in files
    # the site feed sends readers to the list of briefings, not to a home page that is not there
    feed = json.loads(text(files, "feed.json"))
    assert feed["home_page_url"] == "briefings/"
    assert '<link rel="alternate" type="text/html" href="briefings/"' in text(files, "feed.xml")


def test_tags_off_writes_no_tag_page_and_links_to_none(project: Path):
    files = generated(set_parts(project, tags="false"))
    assert not [path for path in files if path.startswith(TAGS_INDEX.split("/")[0] + "/")]  # pages nor feeds
    assert "feed.xml" in files
    seed = text(files, SEED)
    assert '<span class="md-tag">diplomacy</span>' in seed and 'class="md-tag" href' not in seed
    assert f"/{tag_slug('diplomacy')}/" not in text(files, BRIEFINGS_INDEX)


def test_feeds_off_writes_no_feed_and_links_to_none(project: Path):
    files = generated(set_parts(project, feeds="false"))
    assert not [path for path in files if path.endswith(("feed.xml", "feed.json"))]
    assert "Atom feed" not in text(files, entity_path("iran")) and "Atom feed" not in text(files, HOME)


def test_search_off_leaves_the_sites_search_as_it_is(project: Path):
    files = generated(set_parts(project, search="false"))
    assert SEARCH_PAGE not in files and "assets/javascripts/workers/briefkit-search.js" not in files
    # the pages stay in the site's own (Material's) index, as hand-written pages are
    assert "pagefind: true" not in text(files, SEED).split("\n---\n", 1)[0]


@pytest.mark.parametrize("name", ["home", "tags", "feeds", "search"])
def test_a_switch_that_is_not_true_or_false_is_a_clear_error(project: Path, name: str):
    set_parts(project, **{name: "sometimes"})
    with pytest.raises(BriefkitError) as caught:
        find_project(project)
    assert f"extra.briefkit.{name} is 'sometimes'; expected true or false" in str(caught.value)
