"""Each engine of the MkDocs family in an environment of its own: for tests/test_engines_build.py and
benchmarks/engines.py, which build one converted project with every engine side by side.

briefkit converts with its own environment, and each engine then builds the converted project with
its own Python: mkdocs-ng cannot share an environment with MkDocs (both install a module named
`mkdocs`) and briefkit depends on MkDocs, so briefkit is installed in none of them (an engine only
reads mkdocs.yml, docs/ and overrides/). The environments are made once, from the package registry,
under the user's cache folder ($XDG_CACHE_HOME/briefkit-engines/<engine>) and reused while their
requirements stay the same.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from briefkit import engines  # noqa: E402  (tools/ is not a package)

# the engines whose header search box is Material's (Zensical's links to briefkit's search page)
MATERIAL_BOX = ("mkdocs", "properdocs", "mkdocs-ng")
# Pinned: what was measured. Zensical 0.0.74 and later need zensical-ui, which the registry does not serve.
REQUIREMENTS = {
    "mkdocs": (),   # briefkit's own environment: MkDocs 1.6 and Material come with briefkit
    "properdocs": ("properdocs==1.6.7", "mkdocs-material==9.8.2"),
    "mkdocs-ng": ("mkdocs-ng==1.8.0", "mkdocs-ng-material==9.7.7"),
    "zensical": ("zensical==0.0.73",),
}
STAMP = "briefkit-engine-requirements.txt"


class EngineEnvironmentError(Exception):
    """An engine's environment could not be made (the registry unreachable, a release withdrawn...)."""


@dataclass(frozen=True)
class Build:
    """One engine's build of a project: its exit status, seconds taken, and what it printed."""

    engine: str
    returncode: int
    seconds: float
    output: str


def cache_root() -> Path:
    """Where the environments are kept: $XDG_CACHE_HOME/briefkit-engines (~/.cache/briefkit-engines)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "briefkit-engines"


def python_for(engine: str) -> Path:
    """The Python that runs engine, its environment made first if need be (EngineEnvironmentError when it cannot be)."""
    requirements = REQUIREMENTS[engine]
    if not requirements:
        return Path(sys.executable)
    folder = cache_root() / engine
    python = folder / "bin" / "python"
    wanted = "\n".join(requirements) + "\n"
    stamp = folder / STAMP
    if python.exists() and stamp.exists() and stamp.read_text(encoding="utf-8") == wanted:
        return python
    shutil.rmtree(folder, ignore_errors=True)   # half made, or made for other requirements
    for step in ([sys.executable, "-m", "venv", str(folder)],
                 [str(python), "-m", "pip", "install", "--quiet", *requirements]):
        run = subprocess.run(step, capture_output=True, text=True)
        if run.returncode != 0:
            raise EngineEnvironmentError(f"{' '.join(step)} exited {run.returncode}:\n{run.stdout}{run.stderr}")
    stamp.write_text(wanted, encoding="utf-8")   # last: an interrupted install is made again next time
    return python


def version(engine: str) -> str:
    """The engine's installed version in its environment ('zensical 0.0.73')."""
    distribution = engines.ENGINES[engine].distribution
    run = subprocess.run([str(python_for(engine)), "-c", "import importlib.metadata as m, sys; "
                          "print(m.version(sys.argv[1]))", distribution], capture_output=True, text=True)
    return f"{distribution} {run.stdout.strip() or '?'}"


def build(engine: str, project: Path) -> Build:
    """Build the converted project with engine, in the engine's own environment (into project's site_dir)."""
    command = engines.command(engines.ENGINES[engine], "build")
    command[0] = str(python_for(engine))
    started = time.perf_counter()
    run = subprocess.run(command, cwd=project, env=engines.environment(), capture_output=True, text=True)
    return Build(engine, run.returncode, time.perf_counter() - started, run.stdout + run.stderr)


def search_in_browser(page, base_url: str, engine: str, query: str,
                      search_page: str = "search/") -> tuple[list[str], list[str]]:
    """Search the site served at base_url for query as a reader does, in a Playwright page: the addresses
    (paths) of the results in the header's box (Material's box; on Zensical the box is a link to the
    search page, followed and submitted), then on the search page (search_page?query=...)."""
    page.goto(base_url + "/")
    if engine in MATERIAL_BOX:
        box = page.locator("input.md-search__input")
        box.click()
        box.press_sequentially(query)   # Material's box reacts to key events, not to fill()
        page.locator(".md-search-result__item a").first.wait_for(timeout=15_000)
        in_box = page.eval_on_selector_all(".md-search-result__item > a", "a => a.map(x => x.pathname)")
    else:
        page.locator("a.briefkit-search-link").click()
        page.locator("#briefkit-search-query").press_sequentially(query)
        page.keyboard.press("Enter")   # the page's script searches; sent before it ran, the form loads ?query=
        page.wait_for_load_state()
        in_box = _search_page_results(page)
    page.goto(f"{base_url}/{search_page}?query={query}")
    return in_box, _search_page_results(page)


def _search_page_results(page) -> list[str]:
    page.wait_for_function("document.querySelectorAll('.briefkit-search__result').length > 0", timeout=15_000)
    return page.eval_on_selector_all(".briefkit-search__result > a", "a => a.map(x => x.pathname)")
