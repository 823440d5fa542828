"""The site's Markdown dialect: Python-Markdown with the `markdown_extensions` of mkdocs.yml.

A briefing body is written in the dialect of the site's hand-written pages, so the
extensions and their settings are read the way MkDocs reads them: MkDocs' own YAML
loader (it understands `!ENV`, `!relative` and `!!python/name:` tags) and MkDocs' own
`markdown_extensions` option, which adds the extensions MkDocs always enables (toc,
tables, fenced_code) and splits each entry into a name and its settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefkit.problems import Problem, error

# What MkDocs enables whatever mkdocs.yml says (mkdocs/config/defaults.py, markdown_extensions)
BUILTINS = ("toc", "tables", "fenced_code")


@dataclass(frozen=True)
class MarkdownDialect:
    """Extension names (or instances) and their settings, as MkDocs hands them to Python-Markdown."""

    extensions: tuple[Any, ...] = BUILTINS
    configs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def enabled(self, name: str) -> bool:
        """Whether an extension is on, by its short or full name (footnotes, markdown.extensions.footnotes)."""
        names = {e for e in self.extensions if isinstance(e, str)}
        return name in names or f"markdown.extensions.{name}" in names


def load_dialect(config_file: Path) -> tuple[MarkdownDialect, list[Problem]]:
    """The dialect mkdocs.yml configures; MkDocs' defaults, with a problem, when it cannot be read."""
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.utils import yaml_load

    shown = config_file.name
    try:
        with open(config_file, encoding="utf-8") as handle:
            data = yaml_load(handle) or {}
    except Exception as exc:  # noqa: BLE001 - any YAML or tag error; find_project reports the file itself
        return MarkdownDialect(), [error(shown, 1, 1, f"cannot read markdown_extensions: {exc}".replace("\n", " "))]
    if not isinstance(data, dict):
        return MarkdownDialect(), []
    # Only the option that matters here is validated: a theme or plugin problem is MkDocs' to report.
    config = MkDocsConfig(config_file_path=str(config_file))
    config.load_dict({"markdown_extensions": data.get("markdown_extensions") or []})
    option = dict(config._schema)["markdown_extensions"]
    try:
        extensions = option.validate(config["markdown_extensions"])
        config["markdown_extensions"] = extensions
        option.post_validation(config, "markdown_extensions")
    except Exception as exc:  # noqa: BLE001 - MkDocs raises ValidationError or ImportError subclasses
        return MarkdownDialect(), [error(shown, 1, 1, f"markdown_extensions: {exc}".replace("\n", " "))]
    return MarkdownDialect(tuple(config["markdown_extensions"]), dict(config["mdx_configs"])), []
