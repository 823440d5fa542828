"""Where a project's files are, read from its mkdocs.yml (like mkdocs, the current directory)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from briefkit.problems import BriefkitError, error


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml even when it holds tags such as !!python/name or !ENV."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Project:
    """A briefkit project: mkdocs.yml, briefings/ and the docs/ folder MkDocs builds from."""

    root: Path
    briefings_dir: Path
    entities_dir: Path
    docs_dir: Path
    site_dir: Path
    site_name: str = "Briefings"
    site_url: str = ""
    use_directory_urls: bool = True
    search_full_text: bool | None = None  # extra.briefkit.search_full_text; None: auto (see convert.py)
    search_index: str | None = None  # extra.briefkit.search_index: pagefind | material; None: auto = pagefind

    def shown(self, path: Path) -> str:
        """A path as messages show it: relative to the project root."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


def find_project(root: Path | None = None) -> Project:
    """The project in root (default: the current directory); BriefkitError if there is none."""
    root = (root or Path.cwd()).resolve()
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise BriefkitError([error(str(config_file), 1, 1, "no mkdocs.yml here: run briefkit in the folder "
                                   "that holds mkdocs.yml and briefings/")])
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        raise BriefkitError([error("mkdocs.yml", mark.line + 1 if mark else 1, mark.column + 1 if mark else 1,
                                   f"cannot read mkdocs.yml: {exc}".replace("\n", " "))]) from None
    if not isinstance(config, dict):
        raise BriefkitError([error("mkdocs.yml", 1, 1, "mkdocs.yml must be a mapping")])
    briefings = root / "briefings"
    return Project(
        root=root,
        briefings_dir=briefings,
        entities_dir=briefings / "entities",
        docs_dir=root / str(config.get("docs_dir") or "docs"),
        site_dir=root / str(config.get("site_dir") or "site"),
        site_name=str(config.get("site_name") or "Briefings"),
        site_url=str(config.get("site_url") or ""),
        use_directory_urls=bool(config.get("use_directory_urls", True)),
        search_full_text=_search_full_text(config),
        search_index=_search_index(config),
    )


def _briefkit_setting(config: dict, name: str) -> object:
    """mkdocs.yml `extra: briefkit: NAME`, "auto" when absent."""
    extra = config.get("extra")
    settings = extra.get("briefkit") if isinstance(extra, dict) else None
    return settings.get(name, "auto") if isinstance(settings, dict) else "auto"


def _search_index(config: dict) -> str | None:
    """mkdocs.yml `extra: briefkit: search_index: pagefind | material | auto` (auto when absent)."""
    value = _briefkit_setting(config, "search_index")
    if value == "auto":
        return None
    if value in ("pagefind", "material"):
        return value
    # briefkit's compact index found no word of a body, a fact or an event: Pagefind replaced it
    replaced = "; compact was replaced by pagefind, which also finds words of bodies" if value == "compact" else ""
    raise BriefkitError([error("mkdocs.yml", 1, 1, f"extra.briefkit.search_index is {value!r}; "
                               f"expected pagefind, material or auto{replaced}")])


def _search_full_text(config: dict) -> bool | None:
    """mkdocs.yml `extra: briefkit: search_full_text: true | false | auto` (auto when absent)."""
    value = _briefkit_setting(config, "search_full_text")
    if value == "auto":
        return None
    if isinstance(value, bool):
        return value
    raise BriefkitError([error("mkdocs.yml", 1, 1, f"extra.briefkit.search_full_text is {value!r}; "
                               "expected true, false or auto")])
