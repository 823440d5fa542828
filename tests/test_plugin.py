"""`plugins: - briefkit` (plugin.py) on the sample: MkDocs' own build runs the conversion, prints problems as
briefkit does, fails on errors, never replaces a file of the site's own; its theme wraps the site's main.html.

The plugin on an existing site (root, nav, tags plugin, custom_dir): tests/test_adding_to_a_site.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest

from briefkit.plugin import SITE_MAIN, OverMainLoader

SEED = "briefings/2024-01-29-iran-fm-visits-pakistan.md"


def with_plugin(project: Path, options: str = "") -> Path:
    """The sample with the plugin listed (and its own main.html left out: the plugin brings briefkit's)."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    plugin = "  - briefkit" + (":\n" + options if options else "")
    config.write_text(text.replace("\n  - search ", f"\n{plugin}\n  - search ", 1), encoding="utf-8")
    (project / "overrides" / "main.html").unlink()
    return project


def mkdocs_build(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *args], cwd=project, capture_output=True,
                          text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=600)


def break_seed(project: Path) -> None:
    seed = project / SEED
    seed.write_text(seed.read_text(encoding="utf-8").replace("date: 2024-01-29", "date: 2024-13-45", 1),
                    encoding="utf-8")


def test_mkdocs_build_gives_the_site_briefkits_pages_and_writes_nothing_into_docs(project: Path):
    before = sorted(p.relative_to(project).as_posix() for p in (project / "docs").rglob("*"))
    result = mkdocs_build(with_plugin(project), "--strict")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    seed = (site / "briefings" / "2024-01-29-iran-fm-visits-pakistan" / "index.html").read_text(encoding="utf-8")
    assert 'class="factbox"' in seed and "assets/briefkit/briefkit.css" in seed
    assert "briefkit-search.js" in seed and 'type="application/atom+xml"' in seed  # briefkit's theme blocks
    assert (site / "pagefind" / "pagefind.js").is_file() and (site / "feed.xml").is_file()
    assert sorted(p.relative_to(project).as_posix() for p in (project / "docs").rglob("*")) == before


def test_an_error_is_printed_as_briefkit_prints_it_and_fails_the_build(project: Path):
    with_plugin(project)
    break_seed(project)
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert f"{SEED}:8:7: error: date: '2024-13-45' is not a real calendar date" in result.stderr
    assert f"not in the site because of their errors: {SEED}" in result.stderr
    assert "Traceback" not in result.stderr


def test_allow_errors_builds_the_rest(project: Path):
    with_plugin(project, "      allow_errors: true")
    break_seed(project)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert "is not a real calendar date" in result.stderr
    assert not (project / "site" / "briefings" / "2024-01-29-iran-fm-visits-pakistan").exists()


def test_a_file_of_the_sites_own_at_a_generated_path_is_an_error_naming_it(project: Path):
    with_plugin(project)
    (project / "docs" / "feed.xml").write_text("<feed>the site's own</feed>", encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "docs/feed.xml:1:1: error: briefkit generates this file, but a file briefkit did not write" in result.stderr
    assert (project / "docs" / "feed.xml").read_text(encoding="utf-8") == "<feed>the site's own</feed>"


@pytest.mark.parametrize("site_main", [None, '{% extends "base.html" %}{% block extrahead %}SITE{% endblock %}'])
def test_briefkits_main_html_extends_the_one_the_site_has(site_main):
    templates = {"base.html": "<head>{% block extrahead %}{% endblock %}</head>{% block scripts %}{% endblock %}",
                 "main.html": site_main or '{% extends "base.html" %}'}
    env = jinja2.Environment(loader=OverMainLoader(jinja2.DictLoader(templates)))
    env.globals["briefkit_parent"] = SITE_MAIN
    env.filters["url"] = lambda value: value
    html = env.get_template("main.html").render(config={"site_name": "S", "extra": {"briefkit": {"root": "news"}}},
                                                page=None)
    assert 'href="news/feed.xml"' in html and "briefkit-search.js" in html
    assert ("SITE" in html) == (site_main is not None)


def test_root_as_a_plugin_option(project: Path):
    result = mkdocs_build(with_plugin(project, "      root: news"))  # not --strict: the sample's nav names the top
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert (site / "news" / "briefings" / "2024-01-29-iran-fm-visits-pakistan" / "index.html").is_file()
    assert not (site / "briefings").exists()
    assert 'href="../news/feed.xml"' in (site / "about" / "index.html").read_text(encoding="utf-8")
