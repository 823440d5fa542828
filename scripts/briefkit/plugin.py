"""`plugins: - briefkit`: the conversion run inside the engine's own build and serve.

A thin adapter, like the command line: it calls convert() (the one conversion code path)
with `into=`, so nothing is written to docs/, and hands every generated page, feed and
asset to the build as a file of its own (File.generated, as mkdocs-gen-files does). Plain
`mkdocs build` and `mkdocs serve` (and ProperDocs', mkdocs-ng's, which share MkDocs' plugin
API) then give the site briefkit's pages; problems are logged as briefkit prints them
(`path:line:col: severity: message`), and errors fail the build. briefkit's part of the theme
(theme/main.html: feed links, what Pagefind indexes, the search worker) is laid over the
site's own main.html, which it extends: a site with its own custom_dir merges nothing by hand.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from briefkit.integration import stylesheets
from briefkit.problems import ERROR, BriefkitError, Problem, has_errors, plural, printing_order
from briefkit.project import Project, _folder, find_project

log = logging.getLogger("mkdocs.plugins.briefkit")

THEME = Path(__file__).parent / "theme"
# the name under which briefkit's main.html reaches the main.html it lays itself over
SITE_MAIN = "briefkit/site-main.html"


class BriefkitPluginConfig(Config):
    """The plugin's options; briefkit's other settings are under extra.briefkit, read as the command reads them."""

    root = c.Optional(c.Type(str))  # as extra.briefkit.root (this one wins): briefkit's folder in docs_dir
    drafts = c.Type(bool, default=False)  # include briefings with status: draft (as --drafts)
    allow_errors = c.Type(bool, default=False)  # build even when briefings with errors are left out


class BriefkitPlugin(BasePlugin[BriefkitPluginConfig]):
    """Runs briefkit's conversion in the engine's build; see the module's docstring."""

    def __init__(self) -> None:
        self.project: Project | None = None
        self.serving = False

    @property
    def settings(self) -> Project:
        """The project on_config read (MkDocs runs on_config before every other event of a build)."""
        if self.project is None:
            raise PluginError("briefkit: the plugin's configuration was not read (on_config did not run)")
        return self.project

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """In `mkdocs serve`, a briefing with errors is reported and left out, the preview goes on (as in
        `briefkit serve`): failing the rebuild would leave the browser on the last good build, silently."""
        self.serving = command == "serve"

    def on_config(self, config):
        """Read the project as `briefkit` would, then take the engine's resolved settings (its docs_dir,
        site_url... after !ENV and INHERIT); add briefkit's stylesheets unless the site lists them."""
        try:
            project = find_project(config_file=config.config_file_path)
        except BriefkitError as exc:
            raise PluginError(_problems_text(exc.problems)) from None
        if self.config.root is not None:
            project = replace(project, folder=_folder({"extra": {"briefkit": {"root": self.config.root}}}))
            # where the theme's blocks (feed links, the search page's address) read it
            settings = config.extra.get("briefkit")
            config.extra["briefkit"] = {**(settings if isinstance(settings, dict) else {}), "root": project.folder}
        self.project = replace(project, docs_dir=Path(config.docs_dir), site_dir=Path(config.site_dir),
                               site_name=config.site_name or project.site_name, site_url=config.site_url or "",
                               use_directory_urls=config.use_directory_urls)
        for sheet in map(self.project.urls.docs_path, stylesheets(self.project.site_css)):
            if sheet not in [str(s) for s in config.extra_css]:
                config.extra_css.append(sheet)
        return config

    def on_files(self, files: Files, config) -> Files:
        """Convert into memory and hand every generated file to the build (replacing a copy that an earlier
        `briefkit convert` left in docs/, never a file of the site's own)."""
        from briefkit.convert import convert
        from briefkit.write import NOT_OURS, read_manifest

        generated: dict[str, str | bytes] = {}
        try:
            result = convert(self.settings, drafts=self.config.drafts, into=generated)
        except BriefkitError as exc:
            report(exc.problems)
            raise PluginError("briefkit: no page handed to the build, because of the problems above") from None
        report(result.problems)
        ours = set(read_manifest(self.settings.docs_dir))
        docs = self.settings.shown(self.settings.docs_dir)
        for path, content in sorted(generated.items()):
            existing = files.get_file_from_path(path)
            if existing is not None:
                if existing.generated_by is None and path not in ours:
                    raise PluginError(f"{docs}/{path}:1:1: error: {NOT_OURS}")
                files.remove(existing)
            # in the navigation only where the site's nav lists them: no "not included in nav" for the rest
            files.append(File.generated(config, path, content=content, inclusion=InclusionLevel.NOT_IN_NAV))
        skipped = f", left out {len(result.skipped)} with errors" if result.skipped else ""
        log.info(f"briefkit: {plural(result.briefing_count, 'briefing')}, {result.entity_count} entities{skipped}; "
                 f"{plural(len(generated), 'file')} handed to the build")
        if has_errors(result.problems) and not self.config.allow_errors and not self.serving:
            left_out = ("; not in the site because of their errors: " + ", ".join(result.skipped)
                        if result.skipped else "")
            raise PluginError(f"briefkit: failed because of the errors above{left_out} (allow_errors: true builds "
                              "the site without what has errors)")
        return files

    def on_env(self, env: jinja2.Environment, config, files) -> jinja2.Environment:
        """Lay briefkit's main.html over the one the site would use (its custom_dir's, else the theme's)."""
        if env.loader is not None:  # MkDocs always gives its environment a loader: its theme's folders
            env.loader = OverMainLoader(env.loader)
            env.globals["briefkit_parent"] = SITE_MAIN
        return env

    def on_serve(self, server, config, builder):
        """Rebuild when briefings or the registry change, as when docs/ does."""
        server.watch(str(self.settings.briefings_dir))
        return server

    def on_post_build(self, config) -> None:
        """Pagefind's index over the built site (search_index: pagefind), as `briefkit build` makes it."""
        from briefkit.pagefind_index import index_site
        from briefkit.search import search_mode

        if search_mode(self.settings.search_index) != "pagefind" or not self.settings.search:
            return
        found = index_site(Path(config.site_dir), self.settings.shown(Path(config.site_dir)))
        if found.problems:
            report(found.problems)
            raise PluginError("briefkit: the search index could not be made")
        log.info(f"briefkit: search index of {found.pages} pages (Pagefind) in {found.seconds:.1f} s")


class OverMainLoader(jinja2.BaseLoader):
    """The engine's loader, but main.html is briefkit's theme/main.html, and SITE_MAIN is the main.html
    the engine's loader has (Material's blog, 404 and page templates all extend main.html)."""

    def __init__(self, inner: jinja2.BaseLoader):
        self.inner = inner

    def get_source(self, environment, template):
        """The source of a template by name; see the class docstring."""
        if template == "main.html":
            path = THEME / "main.html"
            return path.read_text(encoding="utf-8"), str(path), lambda: True
        return self.inner.get_source(environment, "main.html" if template == SITE_MAIN else template)

    def list_templates(self):
        """The engine's templates (briefkit adds none under a new name but SITE_MAIN)."""
        return self.inner.list_templates()


def report(problems) -> None:
    """Each problem on MkDocs' log as briefkit prints it: warnings count for --strict, errors fail the build."""
    for problem in sorted(set(problems), key=printing_order):
        (log.error if problem.severity == ERROR else log.warning)(problem.format())


def _problems_text(problems: tuple[Problem, ...]) -> str:
    return "\n".join(p.format() for p in problems)
