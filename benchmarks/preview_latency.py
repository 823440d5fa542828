"""Time from saving an edit to seeing it in the browser, with `briefkit serve` on a project.

    .venv/bin/python benchmarks/preview_latency.py benchmarks/output/project-1000 [--edits 5] [--gap 4]

Starts `briefkit serve` on a free port, opens a briefing in headless Chromium (Debian's
/usr/bin/chromium) and waits for the first full build; then, --edits times, saves a new
title into that briefing's source and measures until the open page (reloaded by MkDocs'
livereload, as an author's browser is) shows it. --gap seconds pass between edits: with
a short gap an edit lands while the last one's full conversion runs, as when an author
saves often. The source is restored at the end. Prints each latency and the median; --log has
briefkit serve's output, each line after the seconds since the start, with a mark where each edit was saved
and shown (where an edit's time goes).
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
from search_latency import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (the same browser settings)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class TimedLog:
    """briefkit serve's output, each line after the seconds since the benchmark started, with the benchmark's
    own marks (an edit saved, shown): where an edit's time goes."""

    def __init__(self, path: Path):
        self.path = path
        self.started = time.perf_counter()
        self.lines: list[str] = []
        self._lock = threading.Lock()
        path.write_text("", encoding="utf-8")

    def write(self, line: str) -> None:
        stamped = f"{time.perf_counter() - self.started:9.3f}  {line.rstrip()}"
        with self._lock:
            self.lines.append(line)
            with self.path.open("a", encoding="utf-8") as out:
                out.write(stamped + "\n")

    def relay(self, stream) -> None:
        for line in stream:
            self.write(line)

    def has(self, text: str) -> bool:
        with self._lock:
            return any(text in line for line in self.lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--gap", type=float, default=4.0, help="seconds between edits")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--log", type=Path, default=Path("/tmp/briefkit-preview-latency.log"))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    project = args.project.resolve()
    sources = sorted((project / "briefings").glob("*.md"))
    source = sources[len(sources) // 2]
    original = source.read_text(encoding="utf-8")
    port = free_port()
    briefkit = Path(sys.executable).with_name("briefkit")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    latencies = []
    log = TimedLog(args.log)
    server = subprocess.Popen([str(briefkit), "serve", "-a", f"127.0.0.1:{port}"], cwd=project, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True, text=True,
                              errors="replace")
    threading.Thread(target=log.relay, args=(server.stdout,), daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page()
            url = f"http://127.0.0.1:{port}/briefings/{source.stem}/"
            started = time.perf_counter()
            while not log.has("Serving on"):
                if server.poll() is not None or time.perf_counter() - started > 1800:
                    sys.exit(f"briefkit serve did not start; see {args.log}")
                time.sleep(0.5)
            print(f"serve started (first conversion and full build) in {time.perf_counter() - started:.1f} s",
                  file=sys.stderr, flush=True)
            page.goto(url)
            time.sleep(2)
            for number in range(args.edits):
                marker = f"Preview edit {number} {int(time.time())}"
                text = re.sub(r"^title: .*$", f"title: {marker}", original, count=1, flags=re.M)
                saved = time.perf_counter()
                source.write_text(text, encoding="utf-8")
                log.write(f"--- edit {number + 1} saved")
                page.wait_for_function("marker => document.title.includes(marker)", arg=marker,
                                       timeout=args.timeout * 1000, polling=50)
                latencies.append(time.perf_counter() - saved)
                log.write(f"--- edit {number + 1} shown in the browser")
                print(f"edit {number + 1}: shown in the browser after {latencies[-1]:.2f} s", file=sys.stderr,
                      flush=True)
                time.sleep(args.gap)
            browser.close()
    finally:
        source.write_text(original, encoding="utf-8")
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    briefings = len(sources)
    print(f"{briefings:,} briefings: save to shown in the browser, median {statistics.median(latencies):.2f} s "
          f"(min {min(latencies):.2f}, max {max(latencies):.2f}; {len(latencies)} edits, {args.gap:g} s apart)")


if __name__ == "__main__":
    main()
