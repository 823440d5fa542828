"""The small Material site of tests/fixtures/engine-build, MkDocs' own full build of it, and the comparison
of a site with that build, byte for byte (tests of engine_build/)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "engine-build"


def copy_fixture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the same dates in every build (sitemap, its gzip)
    shutil.copytree(FIXTURE, tmp_path / "project")
    return tmp_path / "project"


def config_of(project: Path, site: Path, **settings):
    from mkdocs.config import load_config

    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site), **settings)
    config.plugins.on_startup(command="build", dirty=False)
    return config


def full_build(project: Path) -> Path:
    """MkDocs' own build of the project, into a folder of its own."""
    from mkdocs.commands.build import build

    site = project.parent / "reference"
    build(config_of(project, site))
    return site


def site_files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def assert_as_full_build(project: Path) -> None:
    """project/site is byte for byte what MkDocs' full build of the project gives."""
    ours, reference = site_files(project / "site"), site_files(full_build(project))
    assert sorted(ours) == sorted(reference), "files differ: " + str(sorted(set(ours) ^ set(reference)))
    differing = [name for name in reference if ours[name] != reference[name]]
    assert not differing, f"contents differ: {differing}"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
