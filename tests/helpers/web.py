"""The built site in a browser: a local server, a page that blocks and records any request leaving
it, axe-core, screenshots, and the records of Pagefind's index."""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import shutil
import socket
import threading
from pathlib import Path

import pytest

from helpers.project import REPO

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                 "--disable-dev-shm-usage"]
# Material's data-md-color-scheme for each palette (mkdocs.yml picks it by prefers-color-scheme).
PALETTES = {"light": "default", "dark": "slate"}
OUTPUT = REPO / "tests" / "output"
SCREENSHOTS = OUTPUT / "screenshots"
COMMITTED_IMAGES = REPO / "docs" / "images"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


def serve_directory(directory: Path, prefix: str = ""):
    """Serve directory on a free localhost port (optionally under a sub-path); returns (server, base URL)."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


def chromium_available() -> bool:
    return Path(CHROMIUM).exists()


def new_guarded_page(browser, base_url: str, **context_args):
    """A page in a new context that records console errors (page.console_errors) and blocks and
    records any request leaving base_url (page.external); close it with page.context.close()."""
    context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **context_args})
    pg = context.new_page()
    pg.console_errors = []
    pg.external = []
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))

    def guard(route):
        url = route.request.url
        if url.startswith(base_url) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            pg.external.append(url)
            route.abort()

    context.route("**/*", guard)
    return pg


def pagefind_records(site: Path) -> dict[str, dict]:
    """Pagefind's page records by URL (its fragments: gzip, a "pagefind_dcd" mark, then JSON)."""
    records = [json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))
               for f in (site / "pagefind" / "fragment").glob("*.pf_fragment")]
    return {record["url"]: record for record in records}


def require(tool: Path | str, why: str) -> None:
    """Skip when a tool is missing, except in CI (CI=true), where that is a failure."""
    found = Path(tool).exists() if isinstance(tool, Path) else shutil.which(tool) is not None
    if not found:
        message = f"{tool} not found: {why}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def screenshot(page, name: str, publish: bool = True, **options) -> Path:
    """Save a PNG under tests/output/screenshots/ (and, when publish, docs/images/ with
    UPDATE_SCREENSHOTS=1: the README shows those)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    settle(page)
    page.screenshot(path=str(path), animations="disabled", caret="hide", **options)
    if publish and os.environ.get("UPDATE_SCREENSHOTS") == "1":
        COMMITTED_IMAGES.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, COMMITTED_IMAGES / path.name)
    return path


def settle(page) -> None:
    """Wait for running CSS transitions (Material fades its tabs in): colours measured or pictured
    halfway through a fade are wrong."""
    page.evaluate("""() => Promise.all(document.getAnimations()
        .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity).map(a => a.finished))""")


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the current page (WCAG 2.x A/AA rules and best practices)."""
    settle(page)
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => (await axe.run(document)).violations.map(v => ({
        id: v.id, impact: v.impact,
        nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary.split('\\n')[1]).slice(0, 5)}))""")


def free_port() -> int:
    """A port nothing listens on now (for a server a test starts)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
