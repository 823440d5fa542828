"""Time each stage of `briefkit convert` in one process, optionally under cProfile.

    .venv/bin/python benchmarks/stages.py PROJECT [--profile out.prof] [--top 30]

Prints seconds per stage (gather = load + validate + link + body rendering, graph,
render, write) so a regression shows where it is; --profile writes a cProfile file and
prints the functions with the most cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))


def stages(root: Path) -> list[tuple[str, float]]:
    """Run convert's stages on the project in root; (stage, seconds) in order."""
    from briefkit import convert as c
    from briefkit import gathering
    from briefkit.graph import build_graph
    from briefkit.project import find_project
    from briefkit.render import render_site
    from briefkit.write import write_pages

    os.chdir(root)
    timings = []
    started = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal started
        now = time.perf_counter()
        timings.append((name, now - started))
        started = now

    project = find_project(root)
    gathered = gathering.gather(project)
    lap("gather")
    graph = build_graph(gathered.linked, gathered.registry)
    lap("graph")
    options = c.render_options(project, gathered) if hasattr(c, "render_options") else None
    if options is None:
        from briefkit.render import RenderOptions
        from briefkit.urls import SiteUrls
        options = RenderOptions(site_name=project.site_name, urls=SiteUrls(project.use_directory_urls))
    pages = dict(render_site(graph, options))
    lap("render")
    report = write_pages(project.docs_dir, pages, "docs")
    lap("write")
    print(f"{len(pages)} pages, {len(report.written)} written", file=sys.stderr)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--profile", type=Path, help="write a cProfile file here and print the top functions")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    root = args.root.resolve()
    if args.profile:
        profiler = cProfile.Profile()
        timings = profiler.runcall(stages, root)
        profiler.dump_stats(args.profile)
        pstats.Stats(str(args.profile)).sort_stats("cumulative").print_stats(args.top)
    else:
        timings = stages(root)
    for name, seconds in timings:
        print(f"{name:>8} {seconds:7.2f} s")
    print(f"{'total':>8} {sum(s for _, s in timings):7.2f} s")


if __name__ == "__main__":
    main()
