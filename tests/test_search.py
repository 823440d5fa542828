"""briefkit's compact search index and worker (search.py, static/briefkit-worker.js).

The worker runs in Node (tests/js/worker_harness.js) on indexes made here: what a reader
finds, in which order, and that author text reaches Material's result list escaped.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from briefkit import search as search_module
from briefkit.convert import convert
from briefkit.problems import BriefkitError
from briefkit.project import find_project

HARNESS = Path(__file__).parent / "js" / "worker_harness.js"
SEED_PAGE = "docs/briefings/2024-01-29-iran-fm-visits-pakistan.md"


def set_search_index(project: Path, value: str, directory_urls: bool = True) -> None:
    with open(project / "mkdocs.yml", "a", encoding="utf-8") as handle:
        handle.write(f"\nextra:\n  briefkit:\n    search_index: {value}\n")
        if not directory_urls:
            handle.write("use_directory_urls: false\n")


def front_matter(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n---\n", 1)[0]


# ---- Settings and files ------------------------------------------------------------------------

def test_small_archive_keeps_materials_search_behind_briefkits_worker(project: Path):
    convert(find_project(project))
    worker = (project / "docs/assets/javascripts/workers/briefkit-search.js").read_text(encoding="utf-8")
    assert "const COMPACT = false;" in worker and "const COMPACT = true;" not in worker
    assert not (project / "docs/search/briefkit-index.json").exists()
    assert not (project / "docs/search/briefkit-summaries.json").exists()
    assert "search:\n  boost: 3" in front_matter(project / "docs/entities/iran.md")
    assert "exclude" not in front_matter(project / SEED_PAGE)


def test_compact_moves_briefings_and_entities_out_of_materials_index(project: Path):
    set_search_index(project, "compact")
    convert(find_project(project))
    worker = (project / "docs/assets/javascripts/workers/briefkit-search.js").read_text(encoding="utf-8")
    assert "const COMPACT = true;" in worker and "const COMPACT = false;" not in worker
    assert "search:\n  exclude: true" in front_matter(project / SEED_PAGE)
    assert "search:\n  exclude: true" in front_matter(project / "docs/entities/iran.md")
    index = json.loads((project / "docs/search/briefkit-index.json").read_text(encoding="utf-8"))
    summaries = json.loads((project / "docs/search/briefkit-summaries.json").read_text(encoding="utf-8"))["summaries"]
    assert index["urls"] == {"entity": "entities/{}/", "briefing": "briefings/{}/"}
    entities = {row[0]: row for row in index["entities"]}
    assert entities["iran"][1:3] == ["Iran", ["Islamic Republic of Iran"]] and entities["iran"][3] == "Country"
    assert index["entity_boost"] == 3
    # briefings newest first, each with its summary at the same place in the second file
    slugs = [row[0] for row in index["briefings"]]
    assert slugs == sorted(slugs, reverse=True)           # newest first (the sample's slugs start with the date)
    assert len(summaries) == len(index["briefings"])
    n = [row[0] for row in index["briefings"]].index("2024-01-29-iran-fm-visits-pakistan")
    slug, title, named, tagged = index["briefings"][n]
    assert title.startswith("Iran's foreign minister visits Pakistan")
    names = {index["entities"][e][1] for e in named}
    assert {"Jalil Abbas Jilani", "Islamabad"} <= names                  # the fact box's actors and places
    assert "diplomacy" in {index["tags"][t] for t in tagged}
    assert summaries[n] and "[[" not in summaries[n]                    # links resolved to their text
    # entities most mentioned first (the count their page shows): the worker's order between equal scores
    mentions = [int(re.search(r"<dt>Briefings</dt>\n<dd>(\d+)</dd>",
                              (project / f"docs/entities/{row[0]}.md").read_text(encoding="utf-8")).group(1))
                for row in index["entities"]]
    assert mentions == sorted(mentions, reverse=True) and mentions[0] > mentions[-1]


def test_compact_index_follows_the_url_style(project: Path):
    set_search_index(project, "compact", directory_urls=False)
    convert(find_project(project))
    index = json.loads((project / "docs/search/briefkit-index.json").read_text(encoding="utf-8"))
    assert index["urls"] == {"entity": "entities/{}.html", "briefing": "briefings/{}.html"}


def test_auto_is_compact_for_large_archives(project: Path, monkeypatch):
    monkeypatch.setattr(search_module, "COMPACT_FROM", 4)  # the sample has 4 briefings
    convert(find_project(project))
    assert (project / "docs/search/briefkit-index.json").is_file()
    assert "search:\n  exclude: true" in front_matter(project / SEED_PAGE)


def test_material_overrides_auto(project: Path, monkeypatch):
    monkeypatch.setattr(search_module, "COMPACT_FROM", 4)
    set_search_index(project, "material")
    convert(find_project(project))
    assert not (project / "docs/search/briefkit-index.json").exists()


def test_switching_back_removes_the_compact_index(project: Path):
    set_search_index(project, "compact")
    convert(find_project(project))
    (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text(encoding="utf-8")
                                        .replace("search_index: compact", "search_index: material"), encoding="utf-8")
    convert(find_project(project))
    assert not (project / "docs/search/briefkit-index.json").exists()


def test_bad_search_index_value_is_a_clear_error(project: Path):
    set_search_index(project, "fast")
    with pytest.raises(BriefkitError) as caught:
        find_project(project)
    assert "search_index" in str(caught.value) and "material, compact or auto" in str(caught.value)


def test_a_changed_worker_is_new_code_to_the_cache(tmp_path: Path, monkeypatch):
    """The worker is package data, not Python: a conversion must not keep an old one from the cache."""
    from briefkit import cache
    package = tmp_path / "briefkit"
    shutil.copytree(cache.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", package)
    cache.code_version.cache_clear()   # computed once per process
    before = cache.code_version()
    worker = package / "static" / "briefkit-worker.js"
    worker.write_text(worker.read_text(encoding="utf-8") + "// changed\n", encoding="utf-8")
    cache.code_version.cache_clear()
    try:
        assert cache.code_version() != before
    finally:
        monkeypatch.undo()
        cache.code_version.cache_clear()


def test_search_mode():
    assert search_module.search_mode(None, search_module.COMPACT_FROM - 1) == "material"
    assert search_module.search_mode(None, search_module.COMPACT_FROM) == "compact"
    assert search_module.search_mode("material", 10**6) == "material"
    assert search_module.search_mode("compact", 1) == "compact"


# ---- The worker ----------------------------------------------------------------------------------

INDEX = {
    "version": 2, "urls": {"entity": "entities/{}/", "briefing": "briefings/{}/"}, "entity_boost": 3,
    "tags": ["security", "diplomacy"],
    "entities": [["jaish-al-adl", "Jaish al-Adl", ["Army of Justice"], "Organisation"],
                 ["quebec", "Québec", [], "Place"],
                 ["jilani", "Jalil Abbas Jilani", ["Jilani"], "Person, Foreign Minister"],
                 ["islamabad", "Islamabad", [], "Place"]],
    "briefings": [["new", "Iran strikes a Jaish al-Adl hideout", [0], [0]],
                  ["old", "Talks in Islamabad", [2, 3], [1]],
                  ["hostile", "<img src=x onerror=alert(1)> & co", [], []]],
}
SUMMARIES = {"version": 2, "summaries": ["Missiles hit a village near Panjgur.",
                                         "The ministers agreed to return ambassadors.",
                                         "Ampersand & <b>bold</b> Jaish"]}
MATERIAL = {"config": {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"]},
            "docs": [{"location": "about/", "title": "About", "text": "<p>What this site is about: ambassadors.</p>"}]}


@pytest.fixture(scope="module")
def worker_results(tmp_path_factory) -> callable:
    """Runs queries through the worker in Node; queries after "--summaries" run once the second
    file is in, those before it on the first file alone. Returns (results, resent)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node not found: the worker runs in Node here")
    folder = tmp_path_factory.mktemp("worker")
    worker = folder / "briefkit-search.js"
    worker.write_text(search_module.WORKER_SOURCE.read_text(encoding="utf-8")
                      .replace("const COMPACT = false;", "const COMPACT = true;"), encoding="utf-8")
    (folder / "briefkit-index.json").write_text(json.dumps(INDEX), encoding="utf-8")
    (folder / "briefkit-summaries.json").write_text(json.dumps(SUMMARIES), encoding="utf-8")
    (folder / "material.json").write_text(json.dumps(MATERIAL), encoding="utf-8")

    def run(*queries: str, resent: bool = False):
        out = subprocess.run([node, str(HARNESS), str(worker), str(folder), str(folder / "material.json"), *queries],
                             capture_output=True, text=True, timeout=60, check=True)
        assert out.stderr == "", out.stderr
        reply = json.loads(out.stdout)
        assert reply["ready"]
        results = [r["data"] for r in reply["results"]]
        return (results, reply["resent"]) if resent else results
    return run


def locations(data: dict) -> list[str]:
    return [group[0]["location"] for group in data["items"]]


def test_entity_first_by_name_then_briefings_naming_it(worker_results):
    (found,) = worker_results("Jaish")
    assert locations(found)[0] == "entities/jaish-al-adl/"
    assert {"briefings/new/", "briefings/hostile/"} <= set(locations(found))   # fact box; summary


def test_a_briefing_is_found_by_the_aliases_of_its_actors(worker_results):
    (found,) = worker_results("army of justice")
    assert locations(found) == ["entities/jaish-al-adl/", "briefings/new/"]


def test_entity_by_alias_and_by_the_start_of_a_word(worker_results):
    alias, prefix, accents = worker_results("army of justice", "Jilan", "quebec")
    assert locations(alias)[0] == "entities/jaish-al-adl/"
    assert locations(prefix) == ["entities/jilani/", "briefings/old/"]   # an actor's name in the fact box
    assert locations(accents) == ["entities/quebec/"]        # "Québec" without its accent


def test_briefing_by_title_and_summary_words(worker_results):
    title, summary = worker_results("hideout", "panjgur")
    assert locations(title) == ["briefings/new/"]
    assert locations(summary) == ["briefings/new/"]
    assert summary["items"][0][0]["text"] == "Missiles hit a village near <mark data-md-highlight>Panjgur</mark>."


def test_first_results_come_before_the_summaries_and_are_sent_again_with_them(worker_results):
    (early, late), resent = worker_results("panjgur", "--summaries", "panjgur", resent=True)
    assert early["items"] == []                        # the word is only in a summary
    assert locations(resent) == locations(late) == ["briefings/new/"]


def test_pages_with_every_word_come_first_and_missing_words_are_marked(worker_results):
    (found,) = worker_results("ambassadors islamabad")
    assert locations(found)[0] == "briefings/old/"
    about = next(group[0] for group in found["items"] if group[0]["location"] == "about/")
    assert about["terms"] == {"ambassadors": True, "islamabad": False}   # Material shows "Missing: islamabad"


def test_materials_own_pages_are_searched_too(worker_results):
    (found,) = worker_results("about")
    assert locations(found) == ["about/"]


def test_author_text_reaches_the_results_escaped(worker_results):
    img, amp = worker_results("onerror", "amp")
    (item,) = img["items"][0]
    assert "<img" not in item["title"] and "&lt;img src=x <mark data-md-highlight>onerror</mark>" in item["title"]
    assert "&lt;b&gt;bold&lt;/b&gt;" in item["text"]
    # "amp" matches the word "Ampersand", never the "amp" inside the escaped "&amp;"
    (item,) = amp["items"][0]
    assert item["text"].startswith("<mark data-md-highlight>Amp</mark>ersand &amp; ")
    assert "&<mark" not in item["title"] + item["text"]


def test_suggests_the_commonest_completion_and_nothing_for_no_words(worker_results):
    completion, empty = worker_results("isl", "  -- ")
    assert completion["suggest"] == ["islamabad"]
    assert empty["items"] == []
