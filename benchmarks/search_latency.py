"""Search in headless Chromium on built sites: time to first results, bytes fetched, typing, full text.

    .venv/bin/python benchmarks/search_latency.py benchmarks/output/project-1000 [more projects...] [--runs 3]

Each project must be built (`briefkit build`, or benchmarks/run.py, leaves site/ in
benchmarks/output/project-N). For each, fresh browser contexts open the home page from a
local server and search for a registered entity's name (medians of --runs):

- in the page: at the load event a script puts the query in Material's search box and sends
  the key event Material listens to; the page's own clock (performance.now(), from the start
  of navigation) marks the load event and the first result shown. No browser-driver round
  trip is counted: this is the time a reader waits who types at once. "after load" is the
  part search adds to the page's own load. "fetched" is every byte the page and its search
  worker received until the first result was seen (of it, Pagefind's files), from the
  browser's request events.
- as a person would: Playwright clicks the box after load and types the query key by key
  (press_sequentially, 50 ms between keys); "typed" is the time from the first key to the
  results for the whole query (the driver's round trips included, about 0.6 s on a tiny site).
- full text: a word that some briefings have only in their body (not in a title, summary,
  fact or event) is searched with Pagefind's own API in the page; "body-only found" says how
  many of those briefings are among all the pages it finds.

Printed: the index's size and files, and those figures.
"""

from __future__ import annotations

import argparse
import collections
import functools
import http.server
import json
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


class Fetched:
    """Bytes received by a page and its workers (request events see the worker's fetches too)."""

    def __init__(self, page):
        self.sizes: list[tuple[str, int]] = []
        page.on("requestfinished",
                lambda request: self.sizes.append((request.url, request.sizes()["responseBodySize"])))

    def total(self, part: str = "") -> int:
        return sum(size for url, size in list(self.sizes) if part in url)


def in_page(browser, url: str, query: str, timeout_ms: int) -> dict[str, float]:
    """Seconds from navigation start to the load event and to the first result, by the page's clock,
    and the bytes fetched until then (all, and Pagefind's)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        fetched = Fetched(page)
        page.add_init_script(IN_PAGE.replace("QUERY", json.dumps(query)))
        page.goto(url, wait_until="load")
        page.wait_for_function("window.__latency.results !== undefined", timeout=timeout_ms, polling=20)
        marks = {k: v / 1000 for k, v in page.evaluate("window.__latency").items()}
        return {**marks, "bytes": fetched.total(), "pagefind": fetched.total("/pagefind/")}
    finally:
        context.close()


def index_sizes(site: Path) -> tuple[str, str]:
    """Material's index (size, documents) and Pagefind's (size and files), if any."""
    material = site / "search" / "search_index.json"
    docs = len(json.loads(material.read_text(encoding="utf-8"))["docs"])
    shown = f"{material.stat().st_size / 1e6:.2f} MB, {docs:,} docs"
    bundle = site / "pagefind"
    if not bundle.is_dir():
        return shown, "-"
    files = [f for f in bundle.rglob("*") if f.is_file()]
    return shown, f"{sum(f.stat().st_size for f in files) / 1e6:.1f} MB, {len(files):,} files"


def typed(browser, url: str, query: str, timeout_ms: int) -> tuple[float, str]:
    """Seconds from the first key typed to the results of the whole query, and the result line shown."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(url, wait_until="load")
        box = page.locator("input.md-search__input")
        box.click()
        started = time.perf_counter()
        box.press_sequentially(query, delay=50)  # Material's search reacts to key events, not to fill()
        page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=timeout_ms)
        # the answer to the whole query, not to a part of it still on screen
        page.wait_for_function("q => document.querySelector('.md-search__input').value === q && "
                               "document.querySelector('.md-search-result__item mark')", arg=query, timeout=timeout_ms)
        elapsed = time.perf_counter() - started
        return elapsed, page.locator(".md-search-result__meta").inner_text()
    finally:
        context.close()


def body_only_word(project: Path) -> tuple[str, set[str]]:
    """A word (of five letters or more) that some briefings have in their body only: the word
    with the most such briefings among the first 200, and the slugs of all of them."""
    only: dict[str, set[str]] = collections.defaultdict(set)
    anywhere: collections.Counter = collections.Counter()
    files = sorted((project / "briefings").glob("*.md"))
    for file in files:
        text = file.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)

        def words(t: str) -> set[str]:
            return set(re.findall(r"[a-z]{5,}", t.lower()))

        for word in words(body) - words(front):
            only[word].add(file.stem)
        anywhere.update(words(text))
    # a word in few briefings in all: its pages are few enough to check all of them
    word = min((w for w in only if anywhere[w] <= 300), key=lambda w: (-len(only[w]), w))
    return word, only[word]


def full_text_found(browser, url: str, word: str, expected: set[str]) -> tuple[int, int]:
    """How many of the expected briefings Pagefind finds for word (its own API, every result), of how many."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(url, wait_until="load")
        urls = page.evaluate("""async word => {
            const pf = await import(new URL('pagefind/pagefind.js', location.href).href);
            const search = await pf.search(word);
            return Promise.all(search.results.map(r => r.data().then(d => d.url)));
        }""", word)
        found = {u.strip("/").split("/")[-1] for u in urls if "/briefings/" in u}
        return len(expected & found), len(expected)
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
                sys.exit(f"{site} is not built: run `briefkit build` (or benchmarks/run.py) there first")
            server, url = serve(site)
            query = query_for(project)
            word, expected = body_only_word(project)
            try:
                times, meta, marks = [], "", []
                for _ in range(args.runs):
                    marks.append(in_page(browser, url, query, int(args.timeout * 1000)))
                    elapsed, meta = typed(browser, url, query, int(args.timeout * 1000))
                    times.append(elapsed)
                found = full_text_found(browser, url, word, expected) if (site / "pagefind").is_dir() else None
            finally:
                server.shutdown()
                server.server_close()
            briefings = sum(1 for _ in (project / "briefings").glob("*.md"))
            for m in marks:
                m["after"] = m["results"] - m["load"]
            median = {k: statistics.median(m[k] for m in marks)
                      for k in ("load", "results", "after", "bytes", "pagefind")}
            rows.append((f"{briefings:,} briefings", *index_sizes(site), f"{median['load']:.2f} s",
                         f"{median['results']:.2f} s", f"{median['after']:.2f} s",
                         f"{median['bytes'] / 1e6:.2f} MB ({median['pagefind'] / 1e6:.2f} MB)",
                         f"{statistics.median(times):.2f} s",
                         f"'{word}': {found[0]} of {found[1]}" if found else "-", f"'{query}': {meta}"))
            print(f"{project}: in page {marks}; typed {', '.join(f'{t:.2f}' for t in times)} s",
                  file=sys.stderr, flush=True)
        browser.close()
    header = ("site", "Material's index", "Pagefind's index", "load event", "first results",
              "after load", "fetched (Pagefind)", "typed", "body-only found", "query and results")
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
    for row in [header] + rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
