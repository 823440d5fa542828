"""`briefkit check`: every problem of the briefings and the registry, without writing anything.

With paths, only the named briefings are read, but the whole registry still is (their
links resolve against it), and registry problems are always reported: they affect
every briefing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefkit.convert import site_clashes
from briefkit.gathering import gather, is_briefing_name
from briefkit.integration import integration_problems
from briefkit.pictures.places import locate_all, location_problems
from briefkit.problems import ERROR, WARNING, Problem, error, has_errors, printing_order
from briefkit.project import Project

REGISTRY_SUFFIXES = (".yml", ".yaml")


@dataclass(frozen=True)
class CheckReport:
    """What a check found: problems sorted by file, line and column, and how much was read."""

    problems: tuple[Problem, ...]
    briefings: int
    entities: int

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity == WARNING)

    def failed(self, strict: bool = False) -> bool:
        """Errors always fail a check; warnings only in strict mode."""
        return has_errors(self.problems) or (strict and bool(self.problems))


def select_files(project: Project, paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """The briefing files that paths name (folders: their *.md); registry files need no reading here."""
    files: set[Path] = set()
    problems: list[Problem] = []
    registry_dir = project.entities_dir.resolve()
    for given in paths:
        path = given.resolve()
        shown = project.shown(path)
        if path.is_dir():
            files.update(p for p in path.glob("*.md") if p.is_file() and is_briefing_name(p.name))
        elif not path.exists():
            problems.append(error(shown, 1, 1, "no such file or folder"))
        elif path.suffix in REGISTRY_SUFFIXES:
            if not path.is_relative_to(registry_dir):  # a registry file elsewhere would be silently ignored
                problems.append(error(shown, 1, 1, "neither a briefing nor a registry file (those live in "
                                      f"{project.shown(registry_dir)}/)"))
        elif path.suffix == ".md":
            files.add(path)
        else:
            problems.append(error(shown, 1, 1, "not a briefing (*.md) or a registry file (*.yml)"))
    return sorted(files), problems


def check(project: Project, paths: list[Path] | None = None) -> CheckReport:
    """Check the whole project, or the named briefings (and always the registry)."""
    files, problems = (None, []) if paths is None else select_files(project, paths)
    gathered = gather(project, drafts=True, files=files)
    found = list(gathered.problems)
    if files is None:  # the site's own pages against briefkit's (all briefings are needed to know briefkit's)
        found += site_clashes(project, gathered) + integration_problems(project)
    if files is not None:
        registry_prefix = project.shown(project.entities_dir) + "/"
        asked = {project.shown(f) for f in files}
        found = [p for p in found if p.path in asked or p.path.startswith(registry_prefix)]
    # a registry file with errors (a part_of naming no entity...) is fixed first: a missing map may follow from them
    broken = {p.path for p in found if p.severity == ERROR}
    found += [p for p in location_problems(gathered.registry, locate_all(gathered.registry)) if p.path not in broken]
    read = len(gathered.linked) + len(gathered.skipped) + len(gathered.drafts)
    return CheckReport(tuple(sorted(set(problems + found), key=printing_order)), read, len(gathered.registry))
