"""Time from page load to the first search results, in headless Chromium, on built sites.

    .venv/bin/python benchmarks/search_latency.py benchmarks/output/project-1000 [more projects...] [--runs 3]

Each project must be built (benchmarks/run.py leaves site/ in benchmarks/output/project-N).
For each, a fresh browser context opens the home page from a local server and searches for
a registered entity's name, two ways (medians of --runs):

- in the page: at the load event a script puts the query in Material's search box and sends
  the key event Material listens to; the page's own clock (performance.now(), from the start
  of navigation) marks the load event and the first result shown. No browser-driver round
  trip is counted: this is the time a reader waits who types at once. "results after load"
  is the part search adds to the page's own load.
- as a person would: Playwright clicks the box after load and types the query key by key
  (press_sequentially): its time to the first result adds the driver's round trips (about
  0.6 s on a tiny site here).

Printed: the index files' sizes and documents, and those times.
"""

from __future__ import annotations

import argparse
import functools
import json
import http.server
import re
import statistics
import sys
import threading
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                 "--disable-dev-shm-usage"]  # the same as tests/conftest.py


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def query_for(project: Path) -> str:
    """A name every generated site has: the most mentioned entity's (the first in the first registry file)."""
    for file in sorted((project / "briefings" / "entities").glob("*.yml")):
        found = re.search(r"^  name: (.+)$", file.read_text(encoding="utf-8"), re.M)
        if found:
            return found.group(1).split()[0]
    raise SystemExit(f"no entity in {project}")


IN_PAGE = """
window.__latency = {};
addEventListener("DOMContentLoaded", () => {
  const list = document.querySelector(".md-search-result__list");
  new MutationObserver(() => {
    if (list.querySelector(".md-search-result__item")) __latency.results ??= performance.now();
  }).observe(list, {childList: true});
});
addEventListener("load", () => {
  __latency.load = performance.now();
  const input = document.querySelector("input.md-search__input");
  input.focus();
  input.value = QUERY;
  input.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true, key: QUERY.slice(-1)}));
});
"""


def in_page(browser, url: str, query: str, timeout_ms: int) -> dict[str, float]:
    """Seconds from navigation start to the load event and to the first result, by the page's clock."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.add_init_script(IN_PAGE.replace("QUERY", json.dumps(query)))
        page.goto(url, wait_until="load")
        page.wait_for_function("window.__latency.results !== undefined", timeout=timeout_ms)
        return {k: v / 1000 for k, v in page.evaluate("window.__latency").items()}
    finally:
        context.close()


def index_sizes(site: Path) -> tuple[str, str]:
    """Sizes and documents of Material's index and of briefkit's compact one (if any: its two files)."""
    material = site / "search" / "search_index.json"
    docs = len(json.loads(material.read_text(encoding="utf-8"))["docs"])
    shown = f"{material.stat().st_size / 1e6:.1f} MB, {docs:,} docs"
    compact, summaries = site / "search" / "briefkit-index.json", site / "search" / "briefkit-summaries.json"
    if not compact.is_file():
        return shown, "-"
    index = json.loads(compact.read_text(encoding="utf-8"))
    pages = len(index["entities"]) + len(index["briefings"])
    return shown, (f"{compact.stat().st_size / 1e6:.1f} + {summaries.stat().st_size / 1e6:.1f} MB, "
                   f"{pages:,} pages")


def first_results(browser, url: str, query: str, timeout_ms: int) -> tuple[float, str]:
    """Seconds from navigation start to the first visible search result, and the meta line shown."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        started = time.perf_counter()
        page.goto(url, wait_until="load")
        box = page.locator("input.md-search__input")
        box.click()
        box.press_sequentially(query)  # Material's search reacts to key events, not to fill()
        page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=timeout_ms)
        elapsed = time.perf_counter() - started
        return elapsed, page.locator(".md-search-result__meta").inner_text()
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("projects", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for results")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for project in args.projects:
            site = project / "site"
            index = site / "search" / "search_index.json"
            if not index.is_file():
                sys.exit(f"{site} is not built: run benchmarks/run.py (or mkdocs build) first")
            server, url = serve(site)
            query = query_for(project)
            try:
                times, meta, marks = [], "", []
                for _ in range(args.runs):
                    marks.append(in_page(browser, url, query, int(args.timeout * 1000)))
                    elapsed, meta = first_results(browser, url, query, int(args.timeout * 1000))
                    times.append(elapsed)
            finally:
                server.shutdown()
                server.server_close()
            briefings = sum(1 for _ in (project / "briefings").glob("*.md"))
            for m in marks:
                m["after"] = m["results"] - m["load"]
            median = {k: statistics.median(m[k] for m in marks) for k in ("load", "results", "after")}
            rows.append((f"{briefings:,} briefings", *index_sizes(site), f"{median['load']:.2f} s",
                         f"{median['results']:.2f} s", f"{median['after']:.2f} s",
                         f"{statistics.median(times):.2f} s", f"'{query}': {meta}"))
            print(f"{project}: in page {marks}; typed {', '.join(f'{t:.2f}' for t in times)} s",
                  file=sys.stderr, flush=True)
        browser.close()
    header = ("site", "Material's index", "briefkit's index", "load event", "first results",
              "results after load", "typed, first results", "query and results")
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
    for row in [header] + rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)))


if __name__ == "__main__":
    main()
