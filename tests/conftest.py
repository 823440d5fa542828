"""Shared fixtures: a copy of the sample project, a built site, a browser on a local server.
(The functions tests share are in helpers/, imported from there.)

The built site and the browser are session-scoped: building and launching once keeps the
suite fast. In CI (CI=true) a missing Chromium is a failure, never a skip.
"""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path

import pytest

from helpers.project import copy_project, run_briefkit
from helpers.web import CHROMIUM, CHROMIUM_ARGS, chromium_available, new_guarded_page, serve_directory

# briefkit keeps its cache in the user's cache folder: the suite uses a folder of its own
os.environ.setdefault("BRIEFKIT_CACHE_DIR", tempfile.mkdtemp(prefix="briefkit-test-cache-"))


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


@pytest.fixture(scope="session")
def base_url(site_dir: Path):
    server, url = serve_directory(site_dir)
    yield url
    server.shutdown()
    server.server_close()


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


@pytest.fixture
def page(browser, base_url):
    """A browser page that records console errors and blocks (and records) any request leaving the site."""
    pg = new_guarded_page(browser, base_url)
    yield pg
    pg.context.close()


# The markers say what a test costs, from what its module does, so that no list has to be kept:
# `browser` opens Chromium, `slow` runs the command line (a conversion, often MkDocs too).
# `make test-fast` runs the rest: the unit tests, in seconds.
_SLOW_SIGNS = ("run_briefkit(", "subprocess.", "site_dir", "build_hostile_site(")


@functools.cache
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
