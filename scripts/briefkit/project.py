"""Where a project's files are, read from its mkdocs.yml (like mkdocs, the current directory)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from briefkit.problems import BriefkitError, error

if TYPE_CHECKING:
    from briefkit.urls import SiteUrls


# The names MkDocs and ProperDocs look for, in their order, when no config file is given.
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml")


def _config_loader() -> type:
    """MkDocs' own YAML loader (!ENV, and INHERIT through yaml_load), on the safe loader, tolerating
    the tags briefkit does not need (!!python/name:..., !relative): it reads what MkDocs reads, but
    imports and runs nothing."""
    from mkdocs.utils.yaml import get_yaml_loader

    class Loader(get_yaml_loader(loader=yaml.SafeLoader)):  # type: ignore[misc]
        pass

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    return Loader


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
    engine: str = "mkdocs"  # extra.briefkit.engine: which engine builds and serves the site (engines.py)
    config_file: Path | None = None  # the mkdocs.yml (or properdocs.yml...) read; None: root/mkdocs.yml
    # extra.briefkit.home / tags / feeds / search: the optional parts briefkit generates (all on by default)
    home: bool = True       # the home page (a site with a home of its own may leave it out)
    tag_pages: bool = True  # tags/: a page per tag and their index; off, a briefing's tags are plain chips
    feeds: bool = True      # Atom and JSON feeds of the site, each entity and each tag
    search: bool = True     # Pagefind's index, its worker in Material's box and the search page; off, the
                            # site's search is left as it is, briefkit's pages in it
    site_css: bool = False  # extra.briefkit.site_css: briefkit-site.css (Material's accessibility fixes) on every page
    folder: str = ""  # extra.briefkit.root: briefkit's folder in docs_dir ("news"), "" for docs_dir itself

    @property
    def output_dir(self) -> Path:
        """The folder of docs_dir that holds everything briefkit generates (extra.briefkit.root)."""
        return self.docs_dir / self.folder if self.folder else self.docs_dir

    @property
    def urls(self) -> SiteUrls:
        """The addresses of the generated site, as the engine will give them."""
        from briefkit.urls import SiteUrls

        return SiteUrls(self.use_directory_urls, self.folder)

    @property
    def config(self) -> Path:
        """The configuration file the engine must read."""
        return self.config_file or self.root / "mkdocs.yml"

    @property
    def config_to_name(self) -> str:
        """The configuration file to name to the engine (-f): none when it is the mkdocs.yml it finds itself."""
        return "" if self.config.name == "mkdocs.yml" else str(self.config)

    def shown(self, path: Path) -> str:
        """A path as messages show it: relative to the project root."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


def find_config(root: Path, config_file: Path | str | None = None) -> Path:
    """The configuration file: the one given (-f), else the first of CONFIG_NAMES in root."""
    if config_file is not None:
        path = (root / config_file).resolve()
        if not path.is_file():
            raise BriefkitError([error(str(config_file), 1, 1, "no such configuration file")])
        return path
    for name in CONFIG_NAMES:
        if (root / name).is_file():
            return root / name
    raise BriefkitError([error(str(root / "mkdocs.yml"), 1, 1, "no mkdocs.yml here: run briefkit in the folder "
                               "that holds mkdocs.yml and briefings/, or name the file with -f")])


def read_config(config_file: Path) -> dict:
    """The configuration as MkDocs reads it (environment variables, inherited files); BriefkitError naming
    what cannot be read, never a silent default."""
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import yaml_load

    shown = config_file.name
    try:
        with open(config_file, "rb") as handle:
            config = yaml_load(handle, _config_loader())
    except ConfigurationError as exc:
        raise BriefkitError([error(shown, 1, 1, f"cannot read {shown}: {exc}".replace("\n", " "))]) from None
    except yaml.YAMLError as exc:  # an inherited file's syntax error, reported by PyYAML itself
        mark = getattr(exc, "problem_mark", None)
        raise BriefkitError([error(shown, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1,
                                   f"cannot read {shown}: {exc}".replace("\n", " "))]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BriefkitError([error(shown, 1, 1, f"cannot read {shown}: {exc}")]) from None
    if not isinstance(config, dict):
        raise BriefkitError([error(shown, 1, 1, f"{shown} must be a mapping of settings")])
    return config


def find_project(root: Path | None = None, config_file: Path | str | None = None) -> Project:
    """The project in root (default: the current directory) or of config_file; BriefkitError if there is none."""
    root = (root or Path.cwd()).resolve()
    path = find_config(root, config_file)
    root = path.parent  # paths in the configuration are relative to its folder, as MkDocs has them
    config = read_config(path)
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
        engine=_engine(config),
        config_file=path,
        home=_switch(config, "home"),
        tag_pages=_switch(config, "tags"),
        feeds=_switch(config, "feeds"),
        search=_switch(config, "search"),
        site_css=_switch(config, "site_css", default=False),
        folder=_folder(config),
    )


def _briefkit_setting(config: dict, name: str) -> object:
    """mkdocs.yml `extra: briefkit: NAME`, "auto" when absent."""
    extra = config.get("extra")
    settings = extra.get("briefkit") if isinstance(extra, dict) else None
    return settings.get(name, "auto") if isinstance(settings, dict) else "auto"


def _switch(config: dict, name: str, default: bool = True) -> bool:
    """mkdocs.yml `extra: briefkit: NAME: true | false` for an optional part (default when absent)."""
    value = _briefkit_setting(config, name)
    if value == "auto":
        return default
    if isinstance(value, bool):
        return value
    raise BriefkitError([error("mkdocs.yml", 1, 1, f"extra.briefkit.{name} is {value!r}; expected true or false")])


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


# a folder name briefkit can put in a URL as it is, on every system
_FOLDER_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def _folder(config: dict) -> str:
    """mkdocs.yml `extra: briefkit: root: news` (briefkit's folder in docs_dir; "" when absent)."""
    from briefkit.urls import WINDOWS_DEVICE_NAMES

    value = _briefkit_setting(config, "root")
    if value in ("auto", None, "", "/"):
        return ""
    parts = str(value).strip("/").split("/") if isinstance(value, str) else []
    if not parts or not all(_FOLDER_PART.match(p) and p.lower().split(".")[0] not in WINDOWS_DEVICE_NAMES
                            for p in parts):
        raise BriefkitError([error("mkdocs.yml", 1, 1, f"extra.briefkit.root is {value!r}; expected a folder of "
                                   "docs_dir for everything briefkit generates, such as news or archive/briefings "
                                   "(letters, digits, '.', '-' and '_'; no '..'), or \"\" for docs_dir itself")])
    return "/".join(parts)


def _engine(config: dict) -> str:
    """mkdocs.yml `extra: briefkit: engine: mkdocs | properdocs | mkdocs-ng | zensical` (mkdocs when absent)."""
    from briefkit.engines import DEFAULT_ENGINE, engine_named

    value = _briefkit_setting(config, "engine")
    return DEFAULT_ENGINE if value == "auto" else engine_named(str(value)).name
