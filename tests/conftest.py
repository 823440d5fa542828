"""Shared fixtures: a copy of the sample project, a built site, a browser on a local server.

The built site and the browser are session-scoped: building and launching once keeps the
suite fast. In CI (CI=true) a missing Chromium is a failure, never a skip.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# briefkit keeps its cache in the user's cache folder: the suite uses a folder of its own
os.environ.setdefault("BRIEFKIT_CACHE_DIR", tempfile.mkdtemp(prefix="briefkit-test-cache-"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                 "--disable-dev-shm-usage"]
# What a project is made of (generated folders under docs/ are left behind on purpose).
PROJECT_PARTS = ["mkdocs.yml", "briefings", "overrides", "docs/about.md", "docs/authoring.md",
                 "docs/home-intro.md"]


def copy_project(target: Path) -> Path:
    """A fresh copy of the sample project (sources only) in target."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        elif source.is_file():
            (target / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / part)
    return target


def run_briefkit(project: Path, *args: str, check: bool = False) -> subprocess.CompletedProcess:
    """Run the real command line in project, as an author would."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "briefkit", *args], cwd=project, env=env,
                            capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"briefkit {' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the sample project, for tests that change it."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project, converted and built once with `briefkit build --strict`-free defaults."""
    root = copy_project(tmp_path_factory.mktemp("built") / "project")
    run_briefkit(root, "build", check=True)
    return root


@pytest.fixture(scope="session")
def site_dir(built_project: Path) -> Path:
    return built_project / "site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


def serve_directory(directory: Path, prefix: str = ""):
    """Serve directory on a free localhost port (optionally under a sub-path); returns (server, base URL)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


@pytest.fixture(scope="session")
def base_url(site_dir: Path):
    server, url = serve_directory(site_dir)
    yield url
    server.shutdown()
    server.server_close()


def chromium_available() -> bool:
    return Path(CHROMIUM).exists()


@pytest.fixture(scope="session")
def browser():
    if not chromium_available():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}: CI must install it (apt-get install -y chromium)")
        pytest.skip(f"Chromium not found at {CHROMIUM} (install Debian's chromium; in CI this fails)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


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


@pytest.fixture
def page(browser, base_url):
    """A browser page that records console errors and blocks (and records) any request leaving the site."""
    pg = new_guarded_page(browser, base_url)
    yield pg
    pg.context.close()


def pagefind_records(site: Path) -> dict[str, dict]:
    """Pagefind's page records by URL (its fragments: gzip, a "pagefind_dcd" mark, then JSON)."""
    records = [json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))
               for f in (site / "pagefind" / "fragment").glob("*.pf_fragment")]
    return {record["url"]: record for record in records}


# The markers say what a test costs, from what its module does, so that no list has to be kept:
# `browser` opens Chromium, `slow` runs the command line (a conversion, often MkDocs too).
# `make test-fast` runs the rest: the unit tests, in seconds.
_SLOW_SIGNS = ("run_briefkit(", "subprocess.", "site_dir", "build_hostile_site(")


@functools.lru_cache(maxsize=None)
def _module_cost(path: str) -> str:
    text = Path(path).read_text(encoding="utf-8")
    if "def page(" in text or "new_guarded_page(" in text or Path(path).name == "test_browser.py":
        return "browser"
    return "slow" if any(sign in text for sign in _SLOW_SIGNS) else ""


def pytest_collection_modifyitems(config, items):
    for item in items:
        cost = _module_cost(str(item.path))
        if cost:
            item.add_marker(getattr(pytest.mark, cost))
