"""Integration: the sample project built once with `briefkit build`, its HTML checked page by page.

Expected values are read from the sources with a plain YAML loader (not briefkit's), so
that a mistake in briefkit's reading shows up here instead of being repeated.
"""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from helpers.dom import Node, parse, squash
from helpers.project import REPO

SEED_STEM = "2024-01-29-iran-fm-visits-pakistan"
WIKILINK = re.compile(r"\[\[([^\[\]\n|]*)(?:\|([^\[\]\n]*))?\]\]")


# ---- the sources, read independently of briefkit -------------------------------------------

def _front_matter(file: Path) -> dict:
    text = file.read_text(encoding="utf-8")
    _, front, _ = text.split("---\n", 2)
    return yaml.load(front, Loader=yaml.BaseLoader)  # every scalar a string, dates included


def _registry() -> dict[str, dict]:
    entities = {}
    for file in sorted((REPO / "briefings" / "entities").glob("*.yml")):
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        for entity in data if isinstance(data, list) else [data]:
            entities[entity["id"]] = entity
    return entities


REGISTRY = _registry()
SOURCES = {p.stem: p for p in sorted((REPO / "briefings").glob("*.md"))}
PUBLISHED = {stem: path for stem, path in SOURCES.items() if _front_matter(path).get("status") != "draft"}


def shown(value: str) -> str:
    """The text a reader sees for a value with [[links]]."""
    def label(match):
        target, text = match.group(1), match.group(2)
        if text:
            return text
        return REGISTRY[target]["name"] if target in REGISTRY else target
    return WIKILINK.sub(label, value)


def mentions(stem: str, entity_id: str) -> bool:
    text = SOURCES[stem].read_text(encoding="utf-8")
    entity = REGISTRY[entity_id]
    names = [entity["name"], *entity.get("aliases", [])]
    return f"[[{entity_id}" in text or any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text) for n in names)


# ---- briefing pages ---------------------------------------------------------------------

def test_the_sample_has_three_or_more_published_briefings():
    assert len(PUBLISHED) >= 3


@pytest.mark.parametrize("stem", sorted(PUBLISHED))
def test_briefing_page_has_one_factbox_with_its_values(stem: str, site_dir: Path):
    page = parse(site_dir / "briefings" / stem / "index.html")
    front = _front_matter(SOURCES[stem])
    boxes = page.select(cls="factbox")
    assert len(boxes) == 1
    box = boxes[0]
    times = box.select("time")
    assert times and times[0].attrs["datetime"] == front["date"]
    terms = [squash(n.text()) for n in box.select("dt")]
    values = [squash(n.text()) for n in box.select("dd")]
    assert len(terms) == len(values)
    facts = list(zip(terms, values, strict=True))
    assert ("Date", squash(times[0].text())) in facts
    if front.get("location"):
        assert ("Location", ", ".join(REGISTRY[i]["name"] for i in front["location"])) in facts
    if front.get("actors"):
        assert ("Actors", ", ".join(REGISTRY[i]["name"] for i in front["actors"])) in facts
    sources = front.get("sources") or [front["source"]]
    for fact in front.get("facts", []):
        expected = squash(shown(fact["value"]))
        if "source" in fact:  # per fact: the source's publisher (or title), by position or URL
            reference = fact["source"]  # every scalar is a string here
            source = (sources[int(reference) - 1] if reference.isdigit()
                      else next(s for s in sources if s.get("url") == reference))
            expected += " per " + source.get("publisher", source["title"])
        assert (fact["label"], expected) in facts
    source_values = [value for term, value in facts if term == "Source"]
    assert len(source_values) == len(sources)
    for source, value in zip(sources, source_values, strict=True):
        assert value.startswith(source["title"]) and source.get("publisher", "") in value
        if source.get("url"):
            assert source["url"] in [a.attrs.get("href") for a in box.select("a")]


def test_seed_page_names_both_foreign_ministers(site_dir: Path):
    text = squash(parse(site_dir / "briefings" / SEED_STEM / "index.html").text())
    assert "Hossein Amirabdollahian" in text
    assert "Jalil Abbas Jilani" in text


def test_every_date_on_a_briefing_page_is_a_time_element(site_dir: Path):
    for stem in PUBLISHED:
        page = parse(site_dir / "briefings" / stem / "index.html")
        (article,) = page.select("article")
        for node in article.select("time"):
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", node.attrs.get("datetime", "")), (stem, node.attrs)


# ---- entities ---------------------------------------------------------------------------

def test_jaish_al_adl_page_links_every_briefing_that_mentions_it(site_dir: Path):
    expected = {stem for stem in PUBLISHED if mentions(stem, "jaish-al-adl")}
    assert len(expected) >= 2
    page = parse(site_dir / "entities" / "jaish-al-adl" / "index.html")
    (article,) = page.select("article")
    linked = {posixpath.basename(a.attrs["href"].rstrip("/")) for a in article.select("a")
              if "/briefings/" in "/" + posixpath.normpath("entities/jaish-al-adl/" + a.attrs.get("href", ""))}
    assert expected <= linked


def test_every_registry_entity_has_a_page_with_its_name(site_dir: Path):
    assert len(REGISTRY) >= 10
    for entity_id, entity in REGISTRY.items():
        file = site_dir / "entities" / entity_id / "index.html"
        assert file.is_file(), entity_id
        (h1,) = parse(file).select("h1")
        assert squash(h1.text()) == entity["name"]


def test_entity_index_lists_every_entity(site_dir: Path):
    page = parse(site_dir / "entities" / "index.html")
    hrefs = {a.attrs.get("href", "") for a in page.select("a")}
    for entity_id in REGISTRY:
        assert f"{entity_id}/" in hrefs or f"./{entity_id}/" in hrefs, entity_id


# ---- timeline ---------------------------------------------------------------------------

def test_timeline_shows_the_dates_in_order(site_dir: Path):
    (article,) = parse(site_dir / "timeline" / "index.html").select("article")
    dates = [n.attrs["datetime"] for n in article.select("time")]
    assert "2024-01-17" in dates and "2024-01-29" in dates
    assert dates == sorted(dates)
    for stem in PUBLISHED:  # each briefing's own date is on it
        assert _front_matter(SOURCES[stem])["date"] in dates


# ---- the whole site ---------------------------------------------------------------------

def test_mkdocs_build_strict_passes_on_the_converted_project(built_project: Path, tmp_path: Path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                            cwd=built_project, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr


def _targets(node: Node) -> list[str]:
    found = []
    for n in node.iter():
        for attribute in ("href", "src"):
            if attribute in n.attrs:
                found.append(n.attrs[attribute])
        if "srcset" in n.attrs:
            found += [part.split()[0] for part in n.attrs["srcset"].split(",") if part.strip()]
    return found


def _page_url(site: Path, file: Path) -> str:
    """The URL path a file is served at, relative to the site root."""
    return file.relative_to(site).as_posix()


def _resolve(site: Path, page: str, target: str) -> tuple[Path, str]:
    """The file a relative URL of page points at, and its fragment."""
    parts = urlsplit(target)
    path = unquote(parts.path)
    if not path:
        return site / page, unquote(parts.fragment)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    file = site / joined
    if path.endswith("/") or file.is_dir():
        file = file / "index.html"
    return file, unquote(parts.fragment)


def test_every_internal_link_and_anchor_resolves(site_dir: Path):
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) > len(PUBLISHED) + len(REGISTRY)
    ids: dict[Path, set[str]] = {}
    broken = []
    checked = 0
    for file in pages:
        tree = parse(file)
        ids[file] = {n.attrs["id"] for n in tree.iter() if "id" in n.attrs} | \
                    {n.attrs["name"] for n in tree.iter() if n.tag == "a" and "name" in n.attrs}
    for file in pages:
        page = _page_url(site_dir, file)
        tree = parse(file)
        for target in _targets(tree):
            parts = urlsplit(target)
            if parts.scheme or target.startswith("//"):
                continue  # external: other tests make sure nothing is fetched from outside
            if page == "404.html" and target.startswith("/"):
                # MkDocs writes the 404 page with root-relative URLs: it is served at any depth
                target = posixpath.relpath(target, "/") + ("/" if target.endswith("/") else "")
            checked += 1
            linked, fragment = _resolve(site_dir, page, target)
            if not linked.is_file():
                broken.append(f"{page}: {target} -> missing {linked.relative_to(site_dir)}")
            elif fragment and linked.suffix == ".html":
                if linked not in ids:
                    ids[linked] = {n.attrs["id"] for n in parse(linked).iter() if "id" in n.attrs}
                if fragment not in ids[linked]:
                    broken.append(f"{page}: {target} -> no element with id {fragment!r}")
    assert checked > 100
    assert broken == []
