"""The four engines of the MkDocs family side by side on one benchmark project, in one run.

    .venv/bin/python benchmarks/engines.py --briefings 1000 --entities 500

generates the project (benchmarks/generate.py) into benchmarks/output/engines-<N>/source,
converts it once with briefkit, then builds a copy with each engine in its own environment
(tools/engine_envs.py: made once under the user's cache folder) and indexes it with Pagefind,
and prints one table: engine x (builds, pages at MkDocs 1.6's addresses, broken internal
links, search answering in headless Chromium, build time). Build times are wall times of
`python -m <engine> build` (medians of --runs builds), on a machine whose load is printed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "tools"))
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO / "tests"))

import engine_envs  # noqa: E402  (neither benchmarks/ nor tools/ is a package)
from generate import generate  # noqa: E402

from briefkit import sitecheck  # noqa: E402
from briefkit.pagefind_index import index_site  # noqa: E402

ENGINES = ("mkdocs", "properdocs", "mkdocs-ng", "zensical")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]


@dataclass(frozen=True)
class Outcome:
    """What one engine did with the project."""

    engine: str
    version: str
    built: bool
    seconds: list[float]
    pages: list[str]
    broken: int
    checked: int
    search: str


def convert(project: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "briefkit", "convert"], cwd=project, check=True, capture_output=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return time.perf_counter() - started


def an_entity(project: Path) -> tuple[str, str]:
    """The name and page address of the first entity of the registry: what the search must find."""
    first = sorted((project / "briefings" / "entities").glob("*.yml"))[0]
    entity = yaml.safe_load(first.read_text(encoding="utf-8"))[0]
    return entity["name"], f"/entities/{entity['id']}/"


def search_check(site: Path, engine: str, query: str, expected: str) -> str:
    """'yes' when the reader's search (the header, then the search page) finds expected, else what went wrong."""
    from playwright.sync_api import sync_playwright

    from helpers.web import serve_directory

    server, base_url = serve_directory(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            try:
                in_box, on_page = engine_envs.search_in_browser(page, base_url, engine, query)
            except Exception as exc:   # a benchmark reports the failure in its table and goes on
                return f"no: {type(exc).__name__}"
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return "yes" if expected in in_box and expected in on_page else f"no: {expected} not found"


def run_engine(engine: str, source: Path, work: Path, runs: int, query: str, expected: str) -> Outcome:
    version = engine_envs.version(engine)
    project = work / engine
    seconds, build = [], None
    for _ in range(runs):
        shutil.rmtree(project, ignore_errors=True)
        shutil.copytree(source, project, ignore=shutil.ignore_patterns("site", ".cache"))
        build = engine_envs.build(engine, project)
        if build.returncode != 0:
            print(f"{engine} failed:\n{build.output[-2000:]}", file=sys.stderr)
            return Outcome(engine, version, False, [build.seconds], [], 0, 0, "-")
        seconds.append(build.seconds)
    site = project / "site"
    broken, checked = sitecheck.broken_links(site)
    index = index_site(site)
    search = search_check(site, engine, query, expected) if not index.problems else f"no: {index.problems[0]}"
    return Outcome(engine, version, True, seconds, sitecheck.pages(site), len(broken), checked, search)


def table(outcomes: list[Outcome], briefings: int) -> str:
    reference = set(next((o.pages for o in outcomes if o.engine == "mkdocs" and o.built), []))
    lines = [f"| engine ({briefings:,} briefings) | builds | pages at MkDocs 1.6's addresses | broken internal links "
             "| search answers | build time |", "|---|---|---|---|---|---|"]
    for o in outcomes:
        if not o.built:
            lines.append(f"| {o.version} | no | - | - | - | - |")
            continue
        same = "yes" if set(o.pages) == reference else f"no ({len(set(o.pages) ^ reference)} differ)"
        lines.append(f"| {o.version} | yes | {same} ({len(o.pages):,} pages) | {o.broken} of {o.checked:,} "
                     f"| {o.search} | {statistics.median(o.seconds):.1f} s |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--briefings", type=int, default=1000)
    parser.add_argument("--entities", type=int, default=500)
    parser.add_argument("--runs", type=int, default=1, help="builds per engine (the median is shown)")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--output", type=Path, default=None, help="default: benchmarks/output/engines-<N>")
    args = parser.parse_args()
    work = args.output or HERE / "output" / f"engines-{args.briefings}"
    source = work / "source"
    shutil.rmtree(work, ignore_errors=True)
    generate(source, args.briefings, args.entities)
    print(f"converted {args.briefings:,} briefings in {convert(source):.1f} s", flush=True)
    query, expected = an_entity(source)
    outcomes = []
    for engine in args.engines.split(","):
        try:
            outcomes.append(run_engine(engine, source, work, args.runs, query, expected))
        except engine_envs.EngineEnvironmentError as exc:
            print(f"{engine}: no environment: {exc}", file=sys.stderr)
            outcomes.append(Outcome(engine, engine, False, [], [], 0, 0, "-"))
        print(f"{engine}: done, load average {os.getloadavg()[0]:.1f}", flush=True)
    print(f"\nsearch: {query!r} must find {expected}; load average (1, 5, 15 min) at the end: "
          + ", ".join(f"{x:.1f}" for x in os.getloadavg()) + f"; {os.cpu_count()} cores")
    print(table(outcomes, args.briefings))
    return 0 if all(o.built and o.broken == 0 and o.search == "yes" for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
