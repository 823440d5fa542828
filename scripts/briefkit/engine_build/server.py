"""The engine's own server (`mkdocs serve`, or ProperDocs'), whose rebuilds keep what an edit did not change.

MkDocs 1.6 offers one seam for this: its serve.py calls the `build` and builds the `LiveReloadServer` it
imported. briefkit replaces both in that module:

- the build keeps the pages nothing changed (keeping.build, a full build's site, not --dirty's), and when
  the files that changed are only sources of pages outside the navigation, it reads and builds those pages
  alone, in the objects of the last build (rebuild.rebuild_pages);
- the server's watcher records which files changed, for that choice. MkDocs polls docs/ every half second
  (its choice, for Docker and network mounts, where file events are not delivered); listing 25,000 files
  takes 0.5 s at 10,000 briefings, so the watcher waits long enough between two looks to spend at most
  POLL_SHARE of one core;
- `briefkit serve` tells the server which pages it wrote, on the server's standard input (--announced: a path
  a line, an empty line ends a batch), so that an edit is built at once, not at the watcher's next look.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from briefkit.engine_build.keeping import _stat, build
from briefkit.engine_build.rebuild import rebuild_pages
from briefkit.parallel import worker_count

POLL_SHARE = 0.25  # most of one core's time the watcher may spend listing docs/


class Changes:
    """The files changed since the last build took them (from the watcher and from announcements)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._paths: set[str] = set()

    def add(self, paths: Iterable[str]) -> None:
        with self._lock:
            self._paths.update(paths)

    def take(self) -> set[str]:
        with self._lock:
            taken, self._paths = self._paths, set()
        return taken


def paced_polling_observer(timeout: float):
    """A polling observer (MkDocs' choice) whose emitters wait, between two looks, at least timeout and long
    enough that looking takes at most POLL_SHARE of the time."""
    from watchdog.observers.api import BaseObserver
    from watchdog.observers.polling import PollingEmitter

    class PacedPollingEmitter(PollingEmitter):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            least, take = self.timeout, getattr(self, "_take_snapshot", None)
            if take is None:  # another watchdog: polled at MkDocs' pace
                return

            def timed():
                begun = time.thread_time()  # this thread's CPU: not the time a build in another thread takes
                snapshot = take()
                self._timeout = max(least, (time.thread_time() - begun) / POLL_SHARE)
                return snapshot

            self._take_snapshot = timed

    return BaseObserver(emitter_class=PacedPollingEmitter, timeout=timeout)


def keeping_server_class(base: Any) -> Any:
    """The engine's LiveReloadServer, recording the files that change and taking announcements."""
    from watchdog.events import FileSystemEventHandler

    class KeepingServer(base):
        observer: Any  # watchdog's, made by the engine's server (a polling one, every 0.5 s), then paced

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.changes = Changes()
            polling_interval: float = self.observer.timeout
            self.observer = paced_polling_observer(polling_interval)
            # each path a build took, as it was then: the watcher's later sight of an announced write is no change
            self.built: dict[str, tuple[int, int]] = {}
            # whether a path stays out of the site (the last build's LiveSite.outside_site): no change to it
            self.outside_site: Callable[[str], bool] = lambda path: False

        def watch(self, path: str, func: Any = None, *, recursive: bool = True) -> None:
            """As the engine's watch (a path watched once, counted), with a handler that records what changed."""
            path = os.path.abspath(path)
            if func is not None and func is not self.builder:
                raise TypeError("Plugins can no longer pass a 'func' parameter to watch().")
            if path in self._watched_paths:
                self._watched_paths[path] += 1
                return
            self._watched_paths[path] = 1
            handler = FileSystemEventHandler()
            handler.on_any_event = self._seen  # type: ignore[method-assign]
            self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive)

        def _seen(self, event) -> None:
            if event.is_directory:
                return
            paths = [os.fsdecode(event.src_path)]
            if getattr(event, "dest_path", ""):
                paths.append(os.fsdecode(event.dest_path))
            if all((path in self.built and self.built[path] == _stat(path)) or self.outside_site(path)
                   for path in paths):
                # built as it is now (briefkit serve announced it before the watcher saw it), or no file of the
                # site (briefkit's manifest, a temporary file): no rebuild, no reload of the author's browser
                return
            self.announce(paths)

        def announce(self, paths: Iterable[str]) -> None:
            """Files changed (a rebuild follows): from the watcher, or from `briefkit serve` that wrote them."""
            self.changes.add(paths)
            with self._rebuild_cond:
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        def take_changes(self) -> tuple[set[str], dict[str, tuple[int, int]]]:
            """The paths changed since the last build, and each one's state now (before the build reads it)."""
            changed = self.changes.take()
            return changed, {path: _stat(path) for path in changed}

    return KeepingServer


def read_announcements(stream: TextIO, server_of) -> None:
    """Announce each batch of paths read from stream (a path a line, an empty line ends a batch) to the server
    server_of() returns (None before it exists: the batch waits for the next one). Returns at the stream's end."""
    batch: list[str] = []
    for line in stream:
        path = line.rstrip("\r\n")
        if path:
            batch.append(path)
            continue
        server = server_of()
        if server is not None and batch:
            server.announce(batch)
            batch = []


def serve(args) -> None:
    """The engine's own server, whose rebuilds keep the pages an edit did not change (its full-build mode: a
    site as `build` makes it, not --dirty's; the last build is held in this process)."""
    serving = importlib.import_module(f"{args.module}.commands.serve")
    held: dict[str, Any] = {}
    logger = logging.getLogger(f"{args.module}.briefkit")
    server_class = keeping_server_class(serving.LiveReloadServer)

    class Server(server_class):  # type: ignore[valid-type,misc]
        def __init__(self, *a, **kw) -> None:
            super().__init__(*a, **kw)
            held["server"] = self

    def keeping_build(config, *, serve_url: str | None = None, dirty: bool = False) -> None:
        server = held.get("server")
        changed, states = server.take_changes() if server is not None else (set(), {})
        live = held.pop("live", None)  # held again only once this build is done: a failed build leaves none
        built = rebuild_pages(live, changed) if live is not None else None
        if built is None:
            built = build(config, module=args.module, serve_url=serve_url, previous=held.get("record"),
                          workers=worker_count(), live=True)
        held["record"], report = built
        held["live"] = report.site
        if server is not None:
            server.built.update(states)
            server.outside_site = report.site.outside_site if report.site is not None else (lambda path: False)
        logger.info(report.summary())
        if args.announced and "reader" not in held:  # after the first build, which forks workers from one thread
            held["reader"] = threading.Thread(target=read_announcements, args=(sys.stdin, lambda: held.get("server")),
                                              daemon=True)
            held["reader"].start()

    serving.build = keeping_build  # type: ignore[attr-defined]
    serving.LiveReloadServer = Server  # type: ignore[attr-defined]
    serving.serve(config_file=args.config_file, livereload=True, build_type=None, strict=args.strict,
                  dev_addr=args.dev_addr)
