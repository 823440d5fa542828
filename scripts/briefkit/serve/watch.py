"""The watcher of the preview's sources, in a process of its own.

`briefkit serve` looks at every source file's size and modification time (polling: no dependency, the same
on every platform and file system, Docker and network mounts included). At 10,000 briefings a look is
10,000 system calls, each giving up Python's interpreter lock and taking it back; in the preview's own
process a conversion running in another thread held that lock, a look took seconds instead of 0.06 s, and
an edit waited up to 4 s to be seen. Here the looks have a process, and a lock, of their own: the preview
reads the changed paths from this process's output (a path a line, an empty line ends a batch).

    python -m briefkit.serve.watch FOLDER [--file F ...] [--every SECONDS]

It looks at most POLL_SHARE of one core's time (a large archive is looked at less often), and stops when
its output is closed or the preview that started it is gone.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from queue import Empty, Queue
from stat import S_ISREG

POLL_SECONDS = 0.15  # at least; a large archive is polled less often
POLL_SHARE = 0.25    # most of one core's time the watcher may spend looking at files
# Every file in briefings/ is a source: briefings, the registry, and the images and PDFs bodies use
# (published beside their pages). Only editors' backups are not.
UNWATCHED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".bak")


def snapshot(folder: Path, files: Iterable[Path] = ()) -> dict[str, tuple[int, int]]:
    """(modification time, size) of every source file under folder (hidden files and editors' backups aside),
    and of each of files that exists."""
    found: dict[str, tuple[int, int]] = {}
    folders = [folder]
    while folders:
        try:
            entries = list(os.scandir(folders.pop()))
        except OSError:  # a folder removed while we look: the next look sees the new state
            continue
        for entry in entries:
            if entry.name.startswith("."):  # editors' swap and lock files
                continue
            try:
                if entry.is_dir():
                    folders.append(Path(entry.path))
                elif not entry.name.endswith(UNWATCHED_SUFFIXES):
                    stat = entry.stat()
                    found[entry.path] = (stat.st_mtime_ns, stat.st_size)
            except OSError:
                continue
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            continue
        if S_ISREG(stat.st_mode):
            found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return found


def changed_paths(before: Mapping[str, object], after: Mapping[str, object]) -> set[str]:
    """The paths whose state differs between two snapshots (added, removed or changed)."""
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def watch(folder: Path, files: list[Path], every: float, out, parent: int) -> None:
    """Print each batch of changed paths to out until it is closed or the process parent is gone."""
    seen = snapshot(folder, files)
    out.write("\n")  # the first look is taken: changes from now on are reported
    out.flush()
    pause = every
    while os.getppid() == parent:
        time.sleep(pause)
        looked = time.thread_time()
        now = snapshot(folder, files)
        pause = max(every, (time.thread_time() - looked) / POLL_SHARE)
        if now != seen:
            changed, seen = sorted(changed_paths(seen, now)), now
            out.write("".join(f"{path}\n" for path in changed) + "\n")
            out.flush()


class Watcher:
    """The watcher process, started by the preview; next() gives each batch of changed paths."""

    def __init__(self, folder: Path, files: Iterable[Path] = (), every: float = POLL_SECONDS):
        command = [sys.executable, "-m", "briefkit.serve.watch", str(folder), "--every", str(every),
                   "--parent", str(os.getpid())]
        for path in files:
            command += ["--file", str(path)]
        # in a session of its own, as the engine: the preview stops it (a terminal's Ctrl-C reaches the preview)
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
                                        encoding="utf-8", errors="surrogateescape", start_new_session=True)
        self._batches: Queue[set[str] | None] = Queue()
        self._ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        batch: set[str] = set()
        for line in self.process.stdout:
            path = line.rstrip("\n")
            if path:
                batch.add(path)
            elif not self._ready.is_set():
                self._ready.set()
            elif batch:
                self._batches.put(batch)
                batch = set()
        self._ready.set()
        self._batches.put(None)  # the watcher has stopped

    def wait_ready(self, seconds: float = 60) -> bool:
        """Wait until the watcher has taken its first look (changes after it are reported)."""
        return self._ready.wait(seconds)

    def pending(self) -> set[str]:
        """The paths of the batches already come (without waiting)."""
        paths: set[str] = set()
        while True:
            try:
                batch = self._batches.get_nowait()
            except Empty:
                return paths
            if batch is None:  # the watcher stopped: next() says so
                self._batches.put(None)
                return paths
            paths |= batch

    def next(self, seconds: float) -> set[str] | None:
        """The next batch of changed paths (an empty set when none came within seconds); None once the watcher
        has stopped."""
        try:
            return self._batches.get(timeout=seconds)
        except Empty:
            return set()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m briefkit.serve.watch", description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--file", type=Path, action="append", default=[], help="a file outside folder to watch")
    parser.add_argument("--every", type=float, default=POLL_SECONDS, help="seconds between looks, at least")
    parser.add_argument("--parent", type=int, default=os.getppid(), help="stop when this process is gone")
    args = parser.parse_args(argv)
    try:
        watch(args.folder, args.file, args.every, sys.stdout, args.parent)
    except (BrokenPipeError, KeyboardInterrupt):  # the preview has stopped
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
