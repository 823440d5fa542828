"""How long linking takes: 1,000 synthetic briefings against 5,000 entities, nothing written.

    .venv/bin/python benchmarks/link_timing.py [--briefings 1000] [--entities 5000] [--repeat 3]

The project comes from benchmarks/generate.py (deterministic: the same arguments give
the same files). Timed in one process, each phase the best of --repeat runs:
registry (read and index the entity YAML), briefings (read and validate front matter),
matcher (build the Aho-Corasick automaton), link (every briefing's body rendered with
its wikilinks and first-mention links, and its front matter links resolved), and
gather, the whole of convert.gather (the phases above in one call, as convert runs
them: in worker processes when there are many files). Also the raw
name-finding throughput of the matcher over all bodies, in MB/s.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "scripts"))

from generate import generate  # noqa: E402  (benchmarks/ is not a package)


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (convert may use worker processes)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _best(function, repeat: int):
    """(best wall seconds, every run's wall seconds, the last result, best CPU seconds).

    On a shared machine wall time grows with the load; CPU time much less so."""
    runs, cpus, result = [], [], None
    for _ in range(repeat):
        started, cpu = time.perf_counter(), _cpu()
        result = function()
        runs.append(time.perf_counter() - started)
        cpus.append(_cpu() - cpu)
    return min(runs), runs, result, min(cpus)


def measure(root: Path, repeat: int) -> list[tuple[str, float, list[float], float]]:
    from briefkit.body import make_markdown
    from briefkit.gathering import briefing_files, gather
    from briefkit.graph import link_briefing
    from briefkit.link import EntityMatcher
    from briefkit.load import load_briefing
    from briefkit.project import find_project
    from briefkit.registry import load_registry
    from briefkit.urls import SiteUrls, briefing_path, entity_path
    from briefkit.validate import validate_briefing

    project = find_project(root)
    rows = []
    seconds, runs, (registry, problems), cpu = _best(lambda: load_registry(project.entities_dir, project.root), repeat)
    assert not problems, problems[:3]
    rows.append(("registry", seconds, runs, cpu))

    def read_all():
        out = []
        for file in briefing_files(project):
            raw, problems = load_briefing(file, project.shown(file))
            briefing, found = validate_briefing(raw)
            assert briefing is not None, (problems + found)[:3]
            out.append(briefing)
        return out

    seconds, runs, briefings, cpu = _best(read_all, repeat)
    rows.append(("briefings", seconds, runs, cpu))
    seconds, runs, matcher, cpu = _best(lambda: EntityMatcher(registry), repeat)
    rows.append(("matcher", seconds, runs, cpu))
    urls = SiteUrls(project.use_directory_urls)
    md = make_markdown()

    def link_all():
        out = []
        for b in briefings:
            page = briefing_path(b.slug)
            out.append(link_briefing(b, registry, matcher, lambda e, page=page: urls.href(page, entity_path(e)), md))
        return out

    seconds, runs, linked, cpu = _best(link_all, repeat)
    errors = [p for _, found in linked for p in found if p.severity == "error"]
    assert not errors, errors[:3]
    rows.append(("link", seconds, runs, cpu))
    seconds, runs, gathered, cpu = _best(lambda: gather(project), repeat)
    rows.append(("gather", seconds, runs, cpu))
    text = "\n\n".join(b.body for b in briefings)
    seconds, runs, found, _ = _best(lambda: matcher.find(text), repeat)
    megabytes = len(text.encode("utf-8")) / 1e6
    print(f"{len(briefings)} briefings ({megabytes:.1f} MB of body text), {len(registry)} entities "
          f"({sum(len(e.names) for e in registry.entities.values())} names and aliases); "
          f"{sum(len(b.entity_ids) for b in gathered.linked) / len(gathered.linked):.1f} entities per briefing")
    print(f"matcher alone: {len(found)} whole-word name matches in {seconds:.3f} s = {megabytes / seconds:.1f} MB/s")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--briefings", type=int, default=1000)
    parser.add_argument("--entities", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="briefkit-link-timing-") as folder:
        started = time.perf_counter()
        generate(Path(folder), args.briefings, args.entities, args.seed)
        print(f"generated in {time.perf_counter() - started:.1f} s")
        rows = measure(Path(folder), args.repeat)
    for name, seconds, runs, cpu in rows:
        spread = ", ".join(f"{r:.2f}" for r in runs)
        print(f"{name:>10} {seconds:7.2f} s wall, {cpu:6.2f} s CPU  (wall runs: {spread}; "
              f"median {statistics.median(runs):.2f})")
    wall = {n: s for n, s, _, _ in rows}
    cpu = {n: c for n, _, _, c in rows}
    print(f"linking time (gather: load + validate + link, nothing written): {wall['gather']:.2f} s wall "
          f"({cpu['gather']:.2f} s CPU) = {1000 * wall['gather'] / args.briefings:.2f} ms per briefing")
    phases = ("registry", "briefings", "matcher", "link")
    print(f"the same phases one by one in one process: {sum(wall[n] for n in phases):.2f} s wall, "
          f"{sum(cpu[n] for n in phases):.2f} s CPU")
    # the machine may be shared: a load above its core count inflates every wall figure
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
