"""The existing-site fixture (tests/fixtures/existing-site) built with and without briefkit, and what its
tests read from a built site: the article of a page, every link that leads nowhere (issue 21)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from briefkit import sitecheck

REPO = Path(__file__).resolve().parent.parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "existing-site"
GUIDE = REPO / "docs" / "adding-to-a-site.md"
THEME = REPO / "scripts" / "briefkit" / "theme" / "main.html"
SITE_URL = "https://maps.example.net/gis/"
# docs_dir and site_url from the environment, as the site has them: "content" is only the default
ENV = {"GIS_DOCS_DIR": "./pages", "GIS_SITE_URL": SITE_URL, "GIS_SITE_NAME": "Maps weekly",
       "NO_MKDOCS_2_WARNING": "1"}
SLUGS = sorted(p.stem for p in (REPO / "briefings").glob("*.md") if not p.name.startswith(("_", ".")))


def make_site(target: Path, with_briefkit: bool, plugin: bool = True) -> Path:
    """The existing site in target, its docs in pages/ (GIS_DOCS_DIR); with briefkit: the documented change,
    with the plugin or (as for an engine without plugins) what the guide's "Without the plugin" says."""
    shutil.copytree(FIXTURE, target, ignore=shutil.ignore_patterns("mkdocs.with-briefkit.yml"))
    (target / "content").rename(target / "pages")
    if with_briefkit:
        shutil.copy2(FIXTURE / "mkdocs.with-briefkit.yml", target / "mkdocs.yml")
        shutil.copytree(REPO / "briefings", target / "briefings")
    if with_briefkit and not plugin:
        config = target / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("  - briefkit\n", "")
                          + "extra_css:\n  - news/assets/briefkit/briefkit.css\nnot_in_nav: |\n  /news/\n",
                          encoding="utf-8")
        # the site's main.html with briefkit's blocks copied in
        own = (target / "theme" / "main.html").read_text(encoding="utf-8").split("\n", 2)[2]
        blocks = THEME.read_text(encoding="utf-8").replace('{% extends briefkit_parent | default("base.html") %}',
                                                           '{% extends "base.html" %}')
        (target / "theme" / "main.html").write_text(blocks + own, encoding="utf-8")
    return target


def run(site: Path, *command: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", *command], cwd=site, env={**os.environ, **ENV},
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{' '.join(command)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result


def hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def article(html: str) -> str:
    """A page's own content: its article, without the wrapper by which briefkit's theme tells Pagefind what to index."""
    found = re.search(r'<article class="md-content__inner md-typeset">(.*)</article>', html, re.S)
    assert found, "no article"
    return re.sub(r"<div data-pagefind-body>(.*)</div>\s*$", r"\1", found.group(1).strip(), flags=re.S).strip()


def broken_links(site: Path) -> list[str]:
    """Internal links and sources of every built page that lead to no file of the site (sitecheck's walk;
    addresses under the fixture's site_url are the site's own)."""
    broken, _ = sitecheck.broken_links(site, SITE_URL)
    return [str(b) for b in broken]
