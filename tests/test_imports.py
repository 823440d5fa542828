"""How briefkit's modules depend on each other: no import cycle, and the pipeline never imports the
code that serves only `briefkit new` and `briefkit accept` (authoring/)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "scripts" / "briefkit"


def _name(file: Path) -> str:
    parts = ("briefkit", *file.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(f): f for f in PACKAGE.rglob("*.py") if "skeleton" not in f.relative_to(PACKAGE).parts}


def imports_of(file: Path) -> set[str]:
    """briefkit modules file imports, those inside functions included; not those under
    `if TYPE_CHECKING:` (they never run)."""
    tree = ast.parse(file.read_text(encoding="utf-8"))
    never_run = {id(n) for node in ast.walk(tree)
                 if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
                 for statement in node.body for n in ast.walk(statement)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in never_run:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
    return {name for name in found if name in MODULES}


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle a depth-first walk of graph meets, each as the modules in it, the first repeated last."""
    cycles: list[list[str]] = []
    state: dict[str, str] = {}

    def visit(name: str, stack: list[str]) -> None:
        state[name] = "open"
        stack.append(name)
        for dependency in sorted(graph.get(name, ())):
            if state.get(dependency) == "open":
                cycles.append(stack[stack.index(dependency):] + [dependency])
            elif dependency not in state:
                visit(dependency, stack)
        stack.pop()
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [])
    return cycles


GRAPH = {name: imports_of(file) for name, file in MODULES.items()}


def test_the_walk_finds_a_cycle_when_there_is_one():
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert import_cycles({"a": {"b"}, "b": set()}) == []


def test_briefkit_has_no_import_cycle():
    assert import_cycles(GRAPH) == []


def test_the_pipeline_never_imports_authoring():
    # the command line is the one door: it imports `new` and `accept` when they are run
    importers = {name: sorted(d for d in deps if d.startswith("briefkit.authoring")) for name, deps in GRAPH.items()
                 if not name.startswith(("briefkit.authoring", "briefkit.cli"))}
    assert {name: found for name, found in importers.items() if found} == {}


def test_imports_inside_functions_count_and_type_checking_ones_do_not(tmp_path):
    file = tmp_path / "m.py"
    file.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from briefkit import render\n"
                    "def f():\n    from briefkit.convert import convert\n", encoding="utf-8")
    assert imports_of(file) == {"briefkit.convert"}


def test_test_modules_import_shared_code_from_helpers_never_from_conftest_or_each_other():
    tests = Path(__file__).resolve().parent
    found = {}
    for file in sorted(tests.rglob("*.py")):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            bad = [n for n in names if n.split(".")[0] == "conftest" or n.split(".")[0].startswith("test_")]
            if bad:
                found.setdefault(file.relative_to(tests).as_posix(), []).extend(bad)
    assert found == {}
