"""What a site without the plugin must have (integration.py): briefkit's stylesheet under extra_css and its
blocks in the theme's main.html; a warning for each part missing, none with the plugin."""

from __future__ import annotations

from pathlib import Path

from briefkit.integration import integration_problems
from briefkit.project import find_project

REPO = Path(__file__).resolve().parent.parent
THEME = REPO / "scripts" / "briefkit" / "theme" / "main.html"


def messages(project: Path) -> list[str]:
    return [p.message for p in integration_problems(find_project(project))]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_sample_has_everything(project: Path):
    assert messages(project) == []


def test_a_missing_stylesheet_is_a_warning_naming_it_under_root(project: Path):
    edit(project / "mkdocs.yml", "  - assets/briefkit/briefkit.css", "  - stylesheets/other.css")
    with open(project / "mkdocs.yml", "a", encoding="utf-8") as handle:
        handle.write("\nextra:\n  briefkit:\n    root: news\n")
    assert any(m.startswith("extra_css does not list news/assets/briefkit/briefkit.css") for m in messages(project))


def test_a_main_html_without_briefkits_blocks_is_a_warning_saying_what_stops_working(project: Path):
    (project / "overrides" / "main.html").write_text('{% extends "base.html" %}\n', encoding="utf-8")
    [message] = messages(project)
    assert message.startswith("overrides/main.html lacks briefkit's blocks (without them the search box finds "
                              "nothing and no page announces the feeds)")


def test_with_search_and_feeds_off_the_blocks_are_not_needed(project: Path):
    (project / "overrides" / "main.html").write_text('{% extends "base.html" %}\n', encoding="utf-8")
    with open(project / "mkdocs.yml", "a", encoding="utf-8") as handle:
        handle.write("\nextra:\n  briefkit:\n    search: false\n    feeds: false\n")
    assert messages(project) == []


def test_the_plugin_needs_nothing_by_hand(project: Path):
    edit(project / "mkdocs.yml", "  - assets/briefkit/briefkit.css", "  - stylesheets/other.css")
    (project / "overrides" / "main.html").unlink()
    edit(project / "mkdocs.yml", "\n  - search ", "\n  - briefkit\n  - search ")
    assert messages(project) == []


def test_the_samples_main_html_is_the_packages_for_engines_without_plugins():
    # the same blocks, extending base.html itself (Zensical has no plugin to choose the parent)
    sample = (REPO / "overrides" / "main.html").read_text(encoding="utf-8")
    package = THEME.read_text(encoding="utf-8")
    parent = '{% extends briefkit_parent | default("base.html") %}'
    assert sample == package.replace(parent, '{% extends "base.html" %}')
