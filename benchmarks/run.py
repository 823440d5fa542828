"""The briefkit benchmark: `make bench` (or .venv/bin/python benchmarks/run.py [options]).

For each size N (default 1,000 and 10,000 briefings, with N/2 entities) it generates a
synthetic project (benchmarks/generate.py, seeded) under benchmarks/output/ and measures:

- `briefkit convert`, cold (empty docs/, no .briefkit-cache/), as a whole process:
  wall time, CPU time (user + sys of it and its workers) and peak memory (ru_maxrss);
- `mkdocs build` of the converted project, and the ratio convert / mkdocs;
- bytes of HTML per briefing page (median), the largest HTML page, the navigation links
  on a briefing page, and the size of Material's search index (Pagefind's is made by
  `briefkit build`, which this does not run: see benchmarks/search_latency.py);
- `briefkit convert` again with nothing changed, after editing one briefing's body and
  after editing one briefing's title: time, pages rendered and files written;
- briefkit's CPU (cold convert) as a share of the CPU of `mkdocs build`;
- a full publish (`briefkit build`: convert + engine build + Pagefind's index), cold and
  after one body edit (the engine's part and Pagefind's), and that site/ compared file by
  file with `mkdocs build`'s full build of the same docs/;
- the live preview's latency (benchmarks/preview_latency.py: save to shown in the browser).

Times are medians of --runs runs (of --large-runs at 10,000 and more: the machine's two
cores are shared). It prints a table, then each target of issue 6 with "holds" or
"misses". Wall times on a busy machine are longer than CPU times: both are shown.

    .venv/bin/python benchmarks/run.py --sizes 1000,10000 --runs 3 --large-runs 1
    .venv/bin/python benchmarks/run.py --sizes 1000 --skip-mkdocs-at 10000
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import copy_site_parts, generate  # noqa: E402

from briefkit.cache import cache_folder  # noqa: E402

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
# one date for every build: the sitemap's dates and its gzip header then compare equal between two builds
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1764720000")}
_WROTE = re.compile(r"wrote ([\d,]+) files?")
_RENDERED = re.compile(r"\(([\d,]+) rendered\)")
_PREVIEW = re.compile(r"median ([\d.]+) s")
_KEPT = re.compile(r"briefkit: (\d+) pages built, (\d+) kept from the last build; .* in ([\d.]+) s")
_PAGEFIND = re.compile(r"search index of ([\d,]+) pages \(Pagefind\) in ([\d.]+) s")


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float
    written: int
    status: int
    output: str = ""
    rendered: int = -1


@dataclass
class Measures:
    size: int
    entities: int
    cold: list[Run] = field(default_factory=list)
    mkdocs: list[float] = field(default_factory=list)
    mkdocs_skipped: str = ""
    html_median: int = 0
    html_largest: tuple[int, str] = (0, "")
    nav_links: int = 0
    search_index: int = 0
    pages: int = 0
    unchanged: list[Run] = field(default_factory=list)
    edited: list[Run] = field(default_factory=list)
    retitled: list[Run] = field(default_factory=list)
    mkdocs_cpu: list[float] = field(default_factory=list)
    publish_cold: list[Run] = field(default_factory=list)
    publish_edited: list[Run] = field(default_factory=list)
    publish_first: list[Run] = field(default_factory=list)  # `briefkit build` with no record of a build yet
    publish_identical: str = ""  # the site after one edit against MkDocs' full build of the same docs/
    preview: str = ""  # median latency, or why not measured
    dirty: list[Run] = field(default_factory=list)  # `mkdocs build --dirty` after one edit
    dirty_build_full: list[Run] = field(default_factory=list)  # the full build it is compared with
    dirty_identical: str = ""  # what comparing the two site/ trees found


def timed(command: list[str], cwd: Path) -> Run:
    """Run a command; wall time, CPU time and peak memory of it and every process it waited for."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    found = _WROTE.findall(output)
    rendered = _RENDERED.findall(output)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
               int(found[-1].replace(",", "")) if found else -1, process.returncode, output,
               int(rendered[-1].replace(",", "")) if rendered else -1)


def convert(project: Path) -> Run:
    run = timed([PYTHON, "-m", "briefkit", "convert"], project)
    if run.written < 0:
        sys.exit(f"briefkit convert failed in {project}:\n{run.output[-3000:]}")
    return run


def reset(project: Path) -> None:
    """Back to a project nobody converted: hand-written docs/ only, no cache, no site."""
    for folder in ("docs", "site"):
        shutil.rmtree(project / folder, ignore_errors=True)
    shutil.rmtree(cache_folder(project).parent, ignore_errors=True)
    copy_site_parts(project)


def edit_one(project: Path, number: int) -> None:
    """Append a sentence to the body of the middle briefing (a different one each run)."""
    files = sorted((project / "briefings").glob("*.md"))
    target = files[len(files) // 2]
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(f"\nA late update, number {number}, was added to this briefing.\n")


def retitle_one(project: Path, number: int) -> None:
    """Change the title of a briefing a third of the way through (a different one each run)."""
    files = sorted((project / "briefings").glob("*.md"))
    target = files[len(files) // 3 + number]
    text = target.read_text(encoding="utf-8")
    # a plain YAML scalar still: no ": " or leading quote added
    target.write_text(re.sub(r"^(title: .*)$", rf"\1 (revised {number})", text, count=1, flags=re.M),
                      encoding="utf-8")


def publish(project: Path) -> Run:
    """`briefkit build`: convert, the engine's build, Pagefind's index."""
    run = timed([PYTHON, "-m", "briefkit", "build"], project)
    if run.status != 0:
        sys.exit(f"briefkit build failed in {project}:\n{run.output[-3000:]}")
    return run


def publish_parts(run: Run) -> str:
    """The engine's part and Pagefind's part of a `briefkit build`, as it printed them."""
    kept, indexed = _KEPT.findall(run.output), _PAGEFIND.findall(run.output)
    engine = (f"engine {float(kept[-1][2]):.1f} s ({kept[-1][0]} pages built, {kept[-1][1]} kept)" if kept
              else "engine: every page built")
    return engine + (f", Pagefind {float(indexed[-1][1]):.1f} s" if indexed else "")


def identical_to_full_build(project: Path, workdir: Path) -> str:
    """site/ as `briefkit build` left it against `mkdocs build`'s full build of the same docs/, file by file
    (Pagefind's folder aside: two Pagefind runs over one site name their files differently)."""
    kept = workdir / f"site-kept-{project.name}"
    shutil.rmtree(kept, ignore_errors=True)
    shutil.copytree(project / "site", kept)
    full = timed([PYTHON, "-m", "mkdocs", "build", "-q"], project)
    compared, differ = compare_sites(kept, project / "site")
    shutil.rmtree(kept, ignore_errors=True)
    verdict = "identical" if not differ else f"{len(differ)} differ, e.g. " + ", ".join(differ[:4])
    return f"{verdict} ({compared:,} files; the full build took {full.wall:.1f} s)"


def preview_latency(project: Path, edits: int) -> str:
    """benchmarks/preview_latency.py's median, in its own process (it runs `briefkit serve`)."""
    command = [PYTHON, str(HERE / "preview_latency.py"), str(project), "--edits", str(edits), "--timeout", "180"]
    done = subprocess.run(command, env=ENV, capture_output=True, text=True)
    found = _PREVIEW.findall(done.stdout + done.stderr)
    return f"{float(found[-1]):.2f} s ({edits} edits)" if found else "failed: " + (done.stdout + done.stderr)[-300:]


def compare_sites(one: Path, other: Path, ignore: tuple[str, ...] = ("pagefind",)) -> tuple[int, list[str]]:
    """Files compared and those that differ (or are in one tree only) between two built sites."""
    def files(root: Path) -> dict[str, Path]:
        return {p.relative_to(root).as_posix(): p for p in root.rglob("*")
                if p.is_file() and p.relative_to(root).parts[0] not in ignore}
    a, b = files(one), files(other)
    differ = sorted(path for path in a.keys() | b.keys()
                    if path not in a or path not in b or a[path].read_bytes() != b[path].read_bytes())
    return len(a.keys() | b.keys()), differ


def dirty_experiment(project: Path, m: Measures, workdir: Path, say) -> None:
    """After one body edit, `mkdocs build --dirty` over the previous site/, then a full build; the two trees are
    compared file by file (Pagefind's folder aside: neither build makes it)."""
    edit_one(project, 200)
    convert(project)
    m.dirty.append(timed([PYTHON, "-m", "mkdocs", "build", "--dirty", "-q"], project))
    copy = workdir / f"site-dirty-{m.size}"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(project / "site", copy)
    m.dirty_build_full.append(timed([PYTHON, "-m", "mkdocs", "build", "-q"], project))
    compared, differ = compare_sites(copy, project / "site")
    m.dirty_identical = ("identical" if not differ else f"{len(differ)} of {compared} files differ, e.g. "
                         + ", ".join(differ[:4]))
    shutil.rmtree(copy, ignore_errors=True)
    say(f"mkdocs build --dirty after one edit: {m.dirty[-1].wall:.1f} s, full {m.dirty_build_full[-1].wall:.1f} s; "
        f"{m.dirty_identical}")


def html_figures(site: Path) -> tuple[int, tuple[int, str], int, int]:
    """Median bytes of a briefing page, the largest page, nav links on the median page, pages."""
    briefing_pages = sorted(site.glob("briefings/*/index.html"))
    briefing_pages = [p for p in briefing_pages if p.parent.name != "archive"]
    sizes = sorted((p.stat().st_size, p) for p in briefing_pages)
    median_size, median_page = sizes[len(sizes) // 2]
    largest = max((p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html"))
    nav_links = median_page.read_text(encoding="utf-8").count('class="md-nav__link')
    pages = sum(1 for _ in site.rglob("*.html"))
    return median_size, largest, nav_links, pages


def measure(size: int, runs: int, mkdocs_runs: int, skip_mkdocs: bool, workdir: Path, seed: int,
            publish_runs: int = 1, preview_edits: int = 3, dirty: bool = False) -> Measures:
    project = workdir / f"project-{size}"
    m = Measures(size, size // 2)

    def say(text: str) -> None:
        print(f"[{size}] {text} (load {os.getloadavg()[0]:.1f})", file=sys.stderr, flush=True)

    say(f"generating {size} briefings, {size // 2} entities in {project}")
    generate(project, size, size // 2, seed)
    for number in range(runs):
        reset(project)
        m.cold.append(convert(project))
        say(f"cold convert {number + 1}/{runs}: {m.cold[-1].wall:.2f} s, {m.cold[-1].cpu:.2f} s CPU, "
            f"{m.cold[-1].peak_mb:.0f} MB")
    for _ in range(runs):
        m.unchanged.append(convert(project))
    for number in range(runs):
        edit_one(project, number)
        m.edited.append(convert(project))
        say(f"body edit {number + 1}/{runs}: {m.edited[-1].wall:.2f} s, {m.edited[-1].cpu:.2f} s CPU, "
            f"{m.edited[-1].rendered} rendered, {m.edited[-1].written} written")
    for number in range(runs):
        retitle_one(project, number)
        m.retitled.append(convert(project))
        say(f"title edit {number + 1}/{runs}: {m.retitled[-1].wall:.2f} s, {m.retitled[-1].cpu:.2f} s CPU, "
            f"{m.retitled[-1].rendered} rendered, {m.retitled[-1].written} written")
    if skip_mkdocs:
        m.mkdocs_skipped = f"skipped at {size} (--skip-mkdocs-at)"
        return m
    for number in range(max(1, mkdocs_runs)):
        run = timed([PYTHON, "-m", "mkdocs", "build", "-q"], project)
        if run.status != 0:
            sys.exit(f"mkdocs build failed in {project}:\n{run.output[-3000:]}")
        m.mkdocs.append(run.wall)
        m.mkdocs_cpu.append(run.cpu)
        say(f"mkdocs build {number + 1}: {run.wall:.1f} s, {run.cpu:.1f} s CPU")
    site = project / "site"
    m.html_median, m.html_largest, m.nav_links, m.pages = html_figures(site)
    # Material's index: with Pagefind (the default) it holds only the pages that are not briefings or entities
    m.search_index = sum(f.stat().st_size for f in (site / "search").glob("*.json"))
    m.publish_first.append(publish(project))  # every page built: the record the next builds keep pages by
    say(f"publish, first build: {m.publish_first[-1].wall:.1f} s, {m.publish_first[-1].cpu:.1f} s CPU")
    for number in range(publish_runs):
        edit_one(project, 100 + number)
        m.publish_edited.append(publish(project))
        run = m.publish_edited[-1]
        say(f"publish after one edit {number + 1}: {run.wall:.1f} s, {run.cpu:.1f} s CPU; {publish_parts(run)}")
    m.publish_identical = identical_to_full_build(project, workdir)
    say(f"the site after one edit against mkdocs build's: {m.publish_identical}")
    if preview_edits:  # before the cold publish: the project is converted and built as serve expects
        m.preview = preview_latency(project, preview_edits)
        say(f"preview latency: {m.preview}")
    if dirty:
        dirty_experiment(project, m, workdir, say)
    for number in range(publish_runs):
        reset(project)
        m.publish_cold.append(publish(project))
        say(f"publish cold {number + 1}: {m.publish_cold[-1].wall:.1f} s, {m.publish_cold[-1].cpu:.1f} s CPU")
    return m


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def table(results: list[Measures]) -> str:
    rows: list[tuple[str, list[str]]] = []

    def row(label: str, cell) -> None:
        rows.append((label, [cell(m) for m in results]))

    def mb(value: float) -> str:
        return f"{value / 1e6:.1f} MB"

    row("briefings / entities", lambda m: f"{m.size:,} / {m.entities:,}")
    row("convert, cold: wall (median)", lambda m: f"{median([r.wall for r in m.cold]):.2f} s")
    row("convert, cold: CPU user+sys", lambda m: f"{median([r.cpu for r in m.cold]):.2f} s")
    row("convert, cold: peak memory", lambda m: f"{max(r.peak_mb for r in m.cold):.0f} MB")
    row("convert, cold: files written", lambda m: f"{m.cold[0].written:,}")
    row("mkdocs build (median)", lambda m: f"{median(m.mkdocs):.1f} s" if m.mkdocs else m.mkdocs_skipped)
    row("convert / mkdocs build", lambda m: f"{median([r.wall for r in m.cold]) / median(m.mkdocs):.1%}"
        if m.mkdocs else "-")
    row("HTML per briefing page (median)", lambda m: f"{m.html_median:,} B" if m.mkdocs else "-")
    row("largest HTML page", lambda m: f"{m.html_largest[0]:,} B {m.html_largest[1]}" if m.mkdocs else "-")
    row("nav links on a briefing page", lambda m: str(m.nav_links) if m.mkdocs else "-")
    row("HTML pages", lambda m: f"{m.pages:,}" if m.mkdocs else "-")
    row("Material's search index", lambda m: mb(m.search_index) if m.mkdocs else "-")
    row("convert, nothing changed", lambda m: f"{median([r.wall for r in m.unchanged]):.2f} s, "
        f"{max(r.written for r in m.unchanged)} files written")
    row("convert, one body edited", lambda m: f"{median([r.wall for r in m.edited]):.2f} s "
        f"({median([r.cpu for r in m.edited]):.2f} s CPU), {median([r.rendered for r in m.edited]):.0f} rendered, "
        f"{median([r.written for r in m.edited]):.0f} written")
    row("convert, one title edited", lambda m: f"{median([r.wall for r in m.retitled]):.2f} s "
        f"({median([r.cpu for r in m.retitled]):.2f} s CPU), {median([r.rendered for r in m.retitled]):.0f} rendered, "
        f"{median([r.written for r in m.retitled]):.0f} written")
    row("mkdocs build CPU user+sys", lambda m: f"{median(m.mkdocs_cpu):.1f} s" if m.mkdocs_cpu else "-")
    row("convert CPU / mkdocs build CPU", lambda m: f"{median([r.cpu for r in m.cold]) / median(m.mkdocs_cpu):.1%}"
        if m.mkdocs_cpu else "-")
    row("publish (briefkit build), cold", lambda m: f"{median([r.wall for r in m.publish_cold]):.1f} s "
        f"({median([r.cpu for r in m.publish_cold]):.1f} s CPU)" if m.publish_cold else "-")
    row("publish, first build (no record yet)", lambda m: f"{median([r.wall for r in m.publish_first]):.1f} s "
        f"({median([r.cpu for r in m.publish_first]):.1f} s CPU)" if m.publish_first else "-")
    row("publish after one body edit", lambda m: f"{median([r.wall for r in m.publish_edited]):.1f} s "
        f"({median([r.cpu for r in m.publish_edited]):.1f} s CPU)" if m.publish_edited else "-")
    row("  of it", lambda m: publish_parts(m.publish_edited[-1]) if m.publish_edited else "-")
    row("  its site/ against mkdocs build's", lambda m: m.publish_identical or "-")
    row("preview: save to shown (median)", lambda m: m.preview or "-")
    row("mkdocs build --dirty after one edit", lambda m: f"{median([r.wall for r in m.dirty]):.1f} s "
        f"(full: {median([r.wall for r in m.dirty_build_full]):.1f} s); {m.dirty_identical}" if m.dirty else "-")
    width = max(len(label) for label, _ in rows)
    columns = [max(len(cells[i]) for _, cells in rows) for i in range(len(results))]
    lines = []
    for label, cells in rows:
        lines.append(f"{label:<{width}}  " + "  ".join(f"{c:>{w}}" for c, w in zip(cells, columns, strict=True)))
    return "\n".join(lines)


def targets(results: list[Measures]) -> list[str]:
    """Issue 6's targets, each with the figure it was judged on."""
    by_size = {m.size: m for m in results}
    small, large = by_size.get(1000), by_size.get(10000)
    out = []

    def verdict(name: str, ok: bool | None, figure: str) -> None:
        word = "not measured" if ok is None else ("holds" if ok else "misses")
        out.append(f"{word:>12}  {name}: {figure}")

    if large:
        wall = median([r.wall for r in large.cold])
        peak = max(r.peak_mb for r in large.cold)
        verdict("convert 10,000 + 5,000 in <= 5 s", wall <= 5, f"{wall:.2f} s wall, "
                f"{median([r.cpu for r in large.cold]):.2f} s CPU")
        verdict("convert 10,000 peak memory <= 500 MB", peak <= 500, f"{peak:.0f} MB")
        unchanged = large.unchanged
        verdict("nothing changed at 10,000: 0 files in <= 1 s",
                max(r.written for r in unchanged) == 0 and median([r.wall for r in unchanged]) <= 1,
                f"{max(r.written for r in unchanged)} files, {median([r.wall for r in unchanged]):.2f} s")
    if small and large:
        ratio = median([r.wall for r in large.cold]) / median([r.wall for r in small.cold])
        cpu_ratio = median([r.cpu for r in large.cold]) / median([r.cpu for r in small.cold])
        verdict("linear: convert 10k / 1k <= 11x", ratio <= 11, f"{ratio:.1f}x wall, {cpu_ratio:.1f}x CPU")
        if small.mkdocs and large.mkdocs:
            grow = large.html_median / small.html_median
            verdict("HTML per briefing page 10k / 1k <= 1.2x", grow <= 1.2, f"{grow:.2f}x")
        else:
            verdict("HTML per briefing page 10k / 1k <= 1.2x", None, "mkdocs skipped")
    if large:
        body = median([r.wall for r in large.edited])
        verdict("issue 19: body edit at 10,000 <= 2 s", body <= 2, f"{body:.2f} s, "
                f"{median([r.rendered for r in large.edited]):.0f} rendered")
        if large.publish_edited:
            wall = median([r.wall for r in large.publish_edited])
            same = large.publish_identical.startswith("identical")
            verdict("issue 19: publish after one edit at 10,000 < 60 s, identical to a full build",
                    wall < 60 and same, f"{wall:.1f} s; {large.publish_identical}")
        if large.preview:
            seconds = re.match(r"([\d.]+) s", large.preview)
            verdict("issue 19: preview at 10,000 <= 2 s", float(seconds.group(1)) <= 2 if seconds else None,
                    large.preview)
    if small:
        if small.mkdocs:
            share = median([r.wall for r in small.cold]) / median(small.mkdocs)
            verdict("own cost <= 5% of mkdocs build at 1,000", share <= 0.05, f"{share:.1%}")
        if small.mkdocs_cpu:
            share = median([r.cpu for r in small.cold]) / median(small.mkdocs_cpu)
            verdict("issue 19: own CPU <= 10% of the engine build's at 1,000", share <= 0.10, f"{share:.1%}")
        edited = small.edited
        verdict("one briefing edited: only changed pages rewritten", None,
                f"{median([r.written for r in edited]):.0f} files written at 1,000 "
                "(which ones: tests/test_incremental.py)")
    return out


def snapshot_code(workdir: Path) -> None:
    """Measure one version of briefkit: a copy of scripts/briefkit, first on PYTHONPATH.

    The cache keys on briefkit's code, so an edit to the package during a run (the
    working tree is shared) would otherwise turn "nothing changed" into a full run.
    """
    # absolute: the commands run in the project's folder, where a relative PYTHONPATH would miss the copy
    # and measure the working tree (whose every edit then looks like new code to the cache)
    target = workdir.resolve() / "code" / "briefkit"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(HERE.parent / "scripts" / "briefkit", target, ignore=shutil.ignore_patterns("__pycache__"))
    ENV["PYTHONPATH"] = os.pathsep.join([str(target.parent), *filter(None, [ENV.get("PYTHONPATH")])])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="briefing counts, comma-separated (entities: half)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each measure (medians are shown)")
    parser.add_argument("--large-runs", type=int, default=1, help="runs at 10,000 briefings and more")
    parser.add_argument("--mkdocs-runs", type=int, default=1, help="runs of mkdocs build (minutes at 10,000)")
    parser.add_argument("--skip-mkdocs-at", type=int, default=0, metavar="N",
                        help="skip mkdocs build for sizes >= N (0: never skip)")
    parser.add_argument("--workdir", type=Path, default=HERE / "output", help="where projects are generated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--publish-runs", type=int, default=1, help="runs of `briefkit build`, cold and after an edit")
    parser.add_argument("--preview-edits", type=int, default=3, help="edits timed in the preview (0: not measured)")
    parser.add_argument("--dirty-sizes", default="1000", help="sizes at which `mkdocs build --dirty` after one edit "
                        "is timed and its site/ compared with a full build's (comma-separated; '' for none)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    args.workdir.mkdir(parents=True, exist_ok=True)
    snapshot_code(args.workdir)
    load = os.getloadavg()
    results = []
    for size in sizes:
        runs = args.large_runs if size >= 10000 else args.runs
        skip = bool(args.skip_mkdocs_at) and size >= args.skip_mkdocs_at
        dirty = str(size) in args.dirty_sizes.split(",")
        results.append(measure(size, runs, args.mkdocs_runs, skip, args.workdir, args.seed, args.publish_runs,
                               args.preview_edits, dirty))
    print(f"briefkit benchmark: {os.cpu_count()} CPUs, load average before {load[0]:.1f}, "
          f"after {os.getloadavg()[0]:.1f}; runs: {args.runs} (at >= 10,000: {args.large_runs}), "
          f"mkdocs build: {args.mkdocs_runs}")
    print(table(results))
    print()
    print("\n".join(targets(results)))


if __name__ == "__main__":
    main()
