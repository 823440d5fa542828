"""Problems are values: every stage returns them, the CLI prints them all, sorted."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

ERROR = "error"
WARNING = "warning"


class BriefkitError(Exception):
    """The only exception briefkit's library raises for bad input; it carries problems."""

    def __init__(self, problems: Iterable["Problem"]):
        self.problems = tuple(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    """One finding about an input file, located at a 1-based line and column."""

    path: str
    line: int
    col: int
    severity: str
    message: str

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


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == ERROR for p in problems)


def format_problems(problems: Iterable[Problem], fmt: str = "text") -> str:
    """All problems, sorted by file, line and column, as text lines or a JSON document."""
    ordered = sorted(set(problems))
    if fmt == "json":
        return json.dumps({"problems": [p.as_dict() for p in ordered]}, indent=2, ensure_ascii=False)
    return "\n".join(p.format() for p in ordered)
