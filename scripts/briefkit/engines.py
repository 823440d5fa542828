"""The engines of the MkDocs family that build a briefkit site, and how each is run.

briefkit writes plain Markdown into docs/ and hands the build to an engine that reads
mkdocs.yml: MkDocs 1.6, ProperDocs (its maintained fork, same code and options),
mkdocs-ng (another fork; it installs a module named `mkdocs`, so it cannot sit beside
MkDocs in one environment) or Zensical (the Material team's successor, in Rust: no
`--dirty`, no plugins, its own server and log). The engine is `extra.briefkit.engine` in
mkdocs.yml, or `--engine` for one run; it must be installed where briefkit is.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import dataclass

from briefkit.problems import BriefkitError, did_you_mean, error


@dataclass(frozen=True)
class Engine:
    """One engine: the module `python -m` runs, the distribution that provides it, what it supports."""

    name: str
    module: str
    distribution: str
    install: str               # what `pip install` takes
    dirty_serve: bool = True   # `serve --dirty`: rebuild only changed pages (MkDocs and its forks)
    logs_builds: bool = True   # logs "Building documentation" / "Reloading browsers" (the preview waits on them)
    strict_serve: bool = True
    keeps_pages: bool = False  # built by engine_build/, which keeps the pages an edit did not change


ENGINES = {
    "mkdocs": Engine("mkdocs", "mkdocs", "mkdocs", "'mkdocs>=1.6,<2' mkdocs-material", keeps_pages=True),
    "properdocs": Engine("properdocs", "properdocs", "properdocs", "properdocs mkdocs-material", keeps_pages=True),
    "mkdocs-ng": Engine("mkdocs-ng", "mkdocs", "mkdocs-ng", "mkdocs-ng mkdocs-ng-material (in an environment "
                        "without mkdocs: both install a module named mkdocs)"),
    "zensical": Engine("zensical", "zensical", "zensical", "zensical", dirty_serve=False, logs_builds=False,
                       strict_serve=False),
}
DEFAULT_ENGINE = "mkdocs"


def engine_named(name: str, where: str = "mkdocs.yml") -> Engine:
    """The engine called name; BriefkitError with a did-you-mean for any other name."""
    engine = ENGINES.get(name.strip().lower()) if isinstance(name, str) else None
    if engine is None:
        raise BriefkitError([error(where, 1, 1, f"engine {name!r} is not one briefkit knows: "
                                   f"{', '.join(ENGINES)}{did_you_mean(str(name), ENGINES)}")])
    return engine


def is_installed(engine: Engine) -> bool:
    """Whether the engine's distribution and module are importable by this Python."""
    # ~30 ms to import: here, not on every command (the command line reads ENGINES for its options)
    from importlib import metadata

    try:
        metadata.distribution(engine.distribution)
    except metadata.PackageNotFoundError:
        return False
    return importlib.util.find_spec(engine.module) is not None


def require(engine: Engine) -> None:
    """BriefkitError saying how to install the engine, unless it is installed here."""
    if not is_installed(engine):
        raise BriefkitError([error("mkdocs.yml", 1, 1, f"the engine {engine.name} is not installed in briefkit's "
                                   f"environment ({sys.prefix}): pip install {engine.install}; or choose another "
                                   "with extra.briefkit.engine or --engine")])


def command(engine: Engine, action: str, *, strict: bool = False, dev_addr: str = "",
            dirty: bool = False, config_file: str = "", record: str = "", clean: bool = False,
            announced: bool = False) -> list[str]:
    """The command line that runs action (build or serve) with engine (config_file: -f, when not the default).

    With record (where the record of the last build is kept), MkDocs' and ProperDocs' build is
    engine_build/'s: the same site, with the pages nothing changed kept (clean: build them all). Its server
    takes the paths briefkit writes on its standard input (announced: see engine_build/server.py)."""
    if action == "build" and record and engine.keeps_pages:
        arguments = [sys.executable, "-m", "briefkit.engine_build", "build", "--module", engine.module, "--record",
                     record]
        if clean:
            arguments.append("--clean")
    elif action == "serve" and engine.keeps_pages:  # its rebuilds keep unchanged pages: no need of --dirty
        arguments = [sys.executable, "-m", "briefkit.engine_build", "serve", "--module", engine.module]
        if announced:
            arguments.append("--announced")
        dirty = False
    else:
        arguments = [sys.executable, "-m", engine.module, action]
    if config_file:
        arguments += ["--config-file", config_file]
    if strict and (action == "build" or engine.strict_serve):
        arguments.append("--strict")
    if dirty and engine.dirty_serve:
        arguments.append("--dirty")
    if dev_addr:
        arguments += ["--dev-addr", dev_addr]
    return arguments


def environment() -> dict[str, str]:
    """The environment engines run in: MkDocs 1.6 prints a banner about MkDocs 2.0 unless told not to."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
