"""The hostile cases (tests/hostile/<group>/<case>.*) and the one site they are all built into.

The batch build is cached per test session in this module, so that test_hostile.py and
test_injection.py parse the same site without building it twice.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from helpers.project import REPO, copy_project, run_briefkit

HOSTILE = Path(__file__).parent
ENTITY_FOLDER = "briefings/entities/zz-hostile"  # sorts after the sample registry: duplicates are reported here


@dataclass(frozen=True)
class Case:
    group: str
    name: str
    file: Path
    expected: dict

    @property
    def id(self) -> str:
        return f"{self.group}/{self.name}"

    @property
    def is_briefing(self) -> bool:
        return self.file.suffix == ".md"

    @property
    def shown(self) -> str:
        """Where the case lands in a project, as problems name it."""
        if self.is_briefing:
            return "briefings/" + self.expected.get("target", self.file.name)
        return f"{ENTITY_FOLDER}/{self.group}-" + self.expected.get("target", self.file.name)

    @property
    def companion(self) -> Path:
        return self.file.with_name(self.name + ".entities.yml")

    def content(self) -> bytes:
        data = self.file.read_bytes()
        raw = self.expected.get("raw")  # bytes the case is about (a checkout that converted them is caught)
        assert raw is None or raw.encode("utf-8") in data, f"{self.file} lost its {raw!r}: check .gitattributes"
        for placeholder, (text, count) in (self.expected.get("expand") or {}).items():
            data = data.replace(placeholder.encode("utf-8"), str(text).encode("utf-8") * int(count))
        return data

    def install(self, root: Path) -> None:
        target = root / self.shown
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(self.content())
        for name, text in (self.expected.get("beside") or {}).items():  # files the body uses (images)
            (target.parent / name).write_text(text, encoding="utf-8")
        if self.companion.is_file():
            (root / ENTITY_FOLDER).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.companion, root / ENTITY_FOLDER / f"{self.group}-{self.companion.name}")

    def page(self) -> str:
        """The built page to inspect, relative to site/."""
        page = self.expected.get("page") or f"briefings/{Path(self.shown).stem}/"
        return page + "index.html" if page.endswith("/") else page


def load_cases() -> list[Case]:
    cases = []
    for file in sorted(HOSTILE.glob("*/*")):
        if file.suffix not in (".md", ".yml") or file.name.endswith((".expected.yml", ".entities.yml")):
            continue
        name = file.name[: -len(file.suffix)]
        expected_file = file.with_name(name + ".expected.yml")
        expected = yaml.safe_load(expected_file.read_text(encoding="utf-8"))
        cases.append(Case(file.parent.name, name, file, expected))
    return cases


CASES = load_cases()
PAGE_CASES = [c for c in CASES if c.expected["outcome"] == "page"]


def minimal_project(root: Path) -> Path:
    """mkdocs.yml and the sample registry, no briefings: each case is alone with the registry."""
    root.mkdir(parents=True)
    shutil.copyfile(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "briefings" / "entities", root / "briefings" / "entities")
    return root


_BUILT: dict[str, tuple[Path, str]] = {}


def build_hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The sample project plus every page case that builds, built once with the real command line;
    returns (site folder, everything the command printed)."""
    if "site" not in _BUILT:
        root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
        for case in PAGE_CASES:
            if case.expected.get("build", True):
                case.install(root)
        result = run_briefkit(root, "build")
        output = result.stdout + result.stderr
        assert result.returncode == 0, output
        assert ": error: " not in output, output  # page cases are all valid: none may spoil another
        _BUILT["site"] = (root / "site", output)
    return _BUILT["site"]
