"""Problems are values: every stage returns them, the CLI prints them all, sorted."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from briefkit.model import Record

ERROR = "error"
WARNING = "warning"

# The order problems are printed in: a root cause before what follows from it. A registry file that
# cannot be read makes every briefing that names its entities fail; the author must see it first.
ROOT_CAUSE = 0
CONSEQUENCE = 1
FINDING = 2


class BriefkitError(Exception):
    """The only exception briefkit's library raises for bad input; it carries problems."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


@dataclass(frozen=True, order=True, slots=True)
class Problem(Record):
    """One finding about an input file, located at a 1-based line and column."""

    path: str
    line: int
    col: int
    severity: str
    message: str
    # not part of a problem's identity: where it is printed (ROOT_CAUSE first) and, for a problem that
    # only follows from another file's error, (that file, the name it concerns): gather folds such
    # problems into one line at that file
    tier: int = field(default=FINDING, compare=False)
    caused_by: tuple[str, str] | tuple[()] = field(default=(), compare=False)

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.col,
            "severity": self.severity,
            "message": self.message,
        }


def error(path: str | Path, line: int, col: int, message: str) -> Problem:
    return Problem(str(path), max(line, 1), max(col, 1), ERROR, message)


def warning(path: str | Path, line: int, col: int, message: str) -> Problem:
    return Problem(str(path), max(line, 1), max(col, 1), WARNING, message)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """Return ' (did you mean "x"?)' for the closest candidate, or ''."""
    pool = list(candidates)
    close = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in pool}
        close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
        close = [lowered[c] for c in close]
    return f' (did you mean "{close[0]}"?)' if close else ""


def root_cause(problem: Problem) -> Problem:
    """The same problem, printed before all others."""
    return replace(problem, tier=ROOT_CAUSE)


def printing_order(problem: Problem) -> tuple:
    """Root causes first, then what follows from them, then by file, line and column."""
    return (problem.tier, problem)


def plural(count: int, noun: str) -> str:
    """'1 briefing', '2 briefings'."""
    return f"{count:,} {noun}{'s' * (count != 1)}"


def fold_consequences(problems: Iterable[Problem]) -> list[Problem]:
    """Problems that only follow from another file's errors, replaced by one line at that file.

    A registry file with a typo makes every link to its entities fail; the author needs the
    cause and how far it reaches, not one line per link.
    """
    kept: list[Problem] = []
    by_cause: dict[str, list[Problem]] = {}
    for problem in problems:
        if problem.caused_by:
            by_cause.setdefault(problem.caused_by[0], []).append(problem)
        else:
            kept.append(problem)
    for cause, followers in sorted(by_cause.items()):
        at = min((p for p in kept if p.path == cause and p.severity == ERROR), default=None)
        names = sorted({name for p in followers for name in p.caused_by[1:]})
        files = sorted({p.path for p in followers})
        shown_names = ", ".join(f'"{n}"' for n in names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        shown_files = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
        kept.append(Problem(cause, at.line if at else 1, at.col if at else 1, ERROR,
                            f"{plural(len(followers), 'reference')} to {shown_names} in "
                            f"{plural(len(files), 'other file')} fail because of this: {shown_files}",
                            tier=CONSEQUENCE))
    return kept


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == ERROR for p in problems)


def format_problems(problems: Iterable[Problem], fmt: str = "text") -> str:
    """All problems, sorted by file, line and column, as text lines or a JSON document."""
    ordered = sorted(set(problems), key=printing_order)
    if fmt == "json":
        return json.dumps({"problems": [p.as_dict() for p in ordered]}, indent=2, ensure_ascii=False)
    return "\n".join(p.format() for p in ordered)
