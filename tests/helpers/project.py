"""The sample project, copied for a test, and the real command line run in it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
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


def with_root(project: Path, root: str) -> Path:
    """The sample project with briefkit's pages under root, and its own home page at the site's root."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for sheet in ("briefkit.css", "briefkit-site.css"):
        text = text.replace(f"  - assets/briefkit/{sheet}", f"  - {root}/assets/briefkit/{sheet}")
    for section in ("briefings", "entities", "timeline", "tags"):
        text = text.replace(f": {section}/index.md", f": {root}/{section}/index.md")
        text = text.replace(f"  /{section}/\n", f"  /{root}/{section}/\n")
    text = text.replace("  - Home: index.md\n", f"  - Home: index.md\n  - News: {root}/index.md\n")
    text = text.replace("  /search/\n", f"  /{root}/search/\n").replace("  /home-intro.md", f"  /{root}/home-intro.md")
    config.write_text(text + f"\nextra:\n  briefkit:\n    root: {root}\n", encoding="utf-8")
    (project / "docs" / "index.md").write_text("# Our own home\n\nThe site's own page.\n", encoding="utf-8")
    return project
