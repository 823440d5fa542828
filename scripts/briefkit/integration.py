"""What a site needs in its mkdocs.yml and theme for briefkit's pages to work, and a warning for each
part missing (check, convert and build say it; a build --strict fails on it).

With the plugin (`plugins: - briefkit`, plugin.py) nothing is needed: it adds the stylesheets
and lays briefkit's main.html over the site's. Without it (`briefkit build` alone, or an engine
without plugins such as Zensical), the site lists the stylesheet under extra_css and its theme's
main.html holds the blocks of the package's theme/main.html: without them the fact box is an
unstyled list, and the search box answers "No matching documents" with no other sign.
"""

from __future__ import annotations

from pathlib import Path

from briefkit.convert import SITE_STYLESHEET, STYLESHEET
from briefkit.problems import Problem, warning
from briefkit.project import Project, read_config

PLUGIN = "briefkit"
# what the blocks of theme/main.html leave in a main.html that holds them: the worker's address, the feeds' type
SEARCH_MARK = "briefkit-search.js"
FEEDS_MARK = "application/atom+xml"


def stylesheets(site_css: bool) -> list[str]:
    """The stylesheets a site lists in extra_css: briefkit.css, and briefkit-site.css with site_css: true."""
    return [STYLESHEET, SITE_STYLESHEET] if site_css else [STYLESHEET]


def plugin_listed(config: dict) -> bool:
    """Whether mkdocs.yml's plugins list briefkit (as a name or as a mapping with options)."""
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        return PLUGIN in plugins
    return any(item == PLUGIN or (isinstance(item, dict) and PLUGIN in item) for item in plugins)


def theme_main(project: Project, config: dict) -> Path | None:
    """The main.html of the theme's custom_dir, if the site has one."""
    theme = config.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    return project.root / str(custom) / "main.html" if custom else None


def integration_problems(project: Project) -> list[Problem]:
    """A warning for each thing a site without the plugin lacks (none with the plugin, on an engine that runs it)."""
    config = read_config(project.config)
    if plugin_listed(config) and project.engine != "zensical":
        return []
    shown = project.config.name
    listed = {str(sheet) for sheet in config.get("extra_css") or []}
    found = [warning(shown, 1, 1, f"extra_css does not list {sheet}: briefkit's pages are unstyled (the fact box "
                                  f"is a plain list); list it, or add the plugin (plugins: - {PLUGIN})")
             for sheet in map(project.urls.docs_path, stylesheets(project.site_css)) if sheet not in listed]
    main = theme_main(project, config)
    text = main.read_text(encoding="utf-8", errors="replace") if main is not None and main.is_file() else ""
    missing = [what for what, wanted, mark in (("the search box finds nothing", project.search,
                                                SEARCH_MARK),
                                               ("no page announces the feeds", project.feeds, FEEDS_MARK))
               if wanted and mark not in text]
    if missing:
        where = project.shown(main) if main is not None else "the theme (no custom_dir)"
        found.append(warning(shown, 1, 1, f"{where} lacks briefkit's blocks (without them "
                                          f"{' and '.join(missing)}): copy them from briefkit's theme/main.html "
                                          f"(docs/adding-to-a-site.md), or add the plugin (plugins: - {PLUGIN})"))
    return found
