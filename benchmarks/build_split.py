"""Where one `mkdocs build` process spends its CPU, without cProfile's overhead (issue 19).

    .venv/bin/python benchmarks/build_split.py PROJECT

runs `mkdocs build -q` on PROJECT/mkdocs.yml in this process, into PROJECT/site-split, with a
CPU clock around the build's steps (reading and Markdown; template, search entry and write)
and around the parts of Markdown that parse raw HTML, and prints each as seconds and as a
share of the process's CPU. cProfile (`python -m cProfile -m mkdocs build`) gives the same
order but triples the time, most of all in the HTML parser's many small calls; the shares
here are the ones to quote. Nested steps are inside their parents' figures, not beside them.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import markdown.core
from markdown.extensions import md_in_html
from material.plugins.search import plugin as search
from mkdocs.__main__ import cli
from mkdocs.commands import build
from mkdocs.structure import files, pages

SPENT: dict[str, float] = {}


def clocked(owner: Any, name: str, label: str) -> None:
    """Replace owner.name with the same function that adds its CPU time to SPENT[label]."""
    function: Callable[..., Any] = getattr(owner, name)
    SPENT[label] = 0.0

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            SPENT[label] += time.process_time() - started

    setattr(owner, name, timed)


def main() -> None:
    project = Path(sys.argv[1]).resolve()
    clocked(build, "_populate_page", "reading and Markdown (_populate_page)")
    clocked(md_in_html.HtmlBlockPreprocessor, "run", "  md_in_html parsing raw HTML")
    clocked(pages._RawHTMLPreprocessor, "run", "  MkDocs' anchor scan of raw HTML")
    clocked(markdown.core.Markdown, "__init__", "  a Markdown instance per page")
    clocked(build, "_build_page", "template and write (_build_page)")
    clocked(jinja2.Template, "render", "  Jinja rendering")
    clocked(search.SearchPlugin, "on_page_context", "  Material's search entry")
    clocked(build.utils, "write_file", "  writing (pages and templates)")
    clocked(files.Files, "copy_static_files", "copying static files")
    clocked(build, "_build_theme_template", "theme templates (404, sitemap)")
    clocked(build, "get_files", "get_files")
    clocked(search.SearchPlugin, "on_post_build", "search index JSON")
    try:
        cli(["build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site-split")],
            standalone_mode=False)
    finally:
        total = time.process_time()
        print(f"process CPU {total:.2f} s (interpreter, imports and config included)")
        for label, seconds in SPENT.items():
            print(f"{label:<40} {seconds:7.2f} s  {100 * seconds / total:5.1f} %")


if __name__ == "__main__":
    main()
