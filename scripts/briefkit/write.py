"""Write stage: generated pages into docs/, only what changed, never a file briefkit did not write.

A manifest (docs/.briefkit-manifest.json, which MkDocs ignores as a dot-file) records
every generated file and the hash of what was written, so that a page whose briefing
is gone can be removed, and a hand-written file is never touched.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from briefkit.problems import Problem, error, warning

MANIFEST = ".briefkit-manifest.json"
NOT_OURS = ("briefkit generates this file, but a file briefkit did not write is already there: it was left alone; "
            "move it away to let briefkit write the page")


class WriteCancelled(Exception):
    """A conversion was told to stop before writing (the live preview: a newer edit overtook it)."""


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int
    problems: tuple[Problem, ...]


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def atomic_write(target: Path, data: bytes, folders: set[Path] | None = None) -> None:
    """Write through a temporary file in the same folder, then rename: never a half-written file.

    folders: the folders made (or found) by earlier writes, added to: an entity's page and its two feeds
    share one, and asking the file system for it again was a thousand system calls at 1,000 briefings.
    """
    if folders is None or target.parent not in folders:
        target.parent.mkdir(parents=True, exist_ok=True)
        if folders is not None:
            folders.add(target.parent)
    # A name of our own rather than tempfile.mkstemp: its random names cost more than the
    # write itself over thousands of pages; the process id keeps two runs apart.
    temporary = str(target.parent / f".briefkit-{os.getpid()}-{target.name}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_manifest(docs_dir: Path) -> dict[str, str]:
    try:
        data = json.loads((docs_dir / MANIFEST).read_text(encoding="utf-8"))
        files = data.get("files", {})
        return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}
    except (OSError, ValueError, AttributeError):
        return {}


def save_manifest(docs_dir: Path, files: Mapping[str, str]) -> None:
    """Record the generated files and the hash of what was written to each."""
    body = json.dumps({"generator": "briefkit", "files": dict(files)}, indent=1, sort_keys=True) + "\n"
    atomic_write(docs_dir / MANIFEST, body.encode("utf-8"))


def _safe_relative(path: str) -> bool:
    pure = PurePosixPath(path)
    return not pure.is_absolute() and ".." not in pure.parts and "\\" not in path and pure.parts != ()


def write_pages(docs_dir: Path, pages: Mapping[str, str | bytes], shown_docs: str = "docs") -> WriteReport:
    """Make docs/ hold exactly these generated pages; report what was written and removed."""
    writer = PageWriter(docs_dir, shown_docs)
    for path in sorted(pages):
        writer.write(path, pages[path])
    return writer.finish()


class PageWriter:
    """write_pages one page at a time: a page can be written as soon as it is rendered, and its
    text dropped (holding every page of a large site until the end took hundreds of MB).

    finish() then removes the stale generated files and records the manifest, as write_pages does.
    """

    def __init__(self, docs_dir: Path, shown_docs: str = "docs", defer: bool = False,
                 cancelled: Callable[[], bool] = lambda: False):
        self.docs_dir = docs_dir
        self.shown_docs = shown_docs
        self.cancelled = cancelled  # asked before each page: true stops with WriteCancelled
        # defer: hold the changed pages and write them all in finish(), so that a live server
        # is held still only while they are written, not while the whole site is rendered
        self.defer = defer
        self._pending: dict[str, bytes] = {}
        self.manifest = read_manifest(docs_dir)
        self.new_manifest: dict[str, str] = {}
        self.paths: list[str] = []  # every path offered, written or not
        self._seen: set[str] = set()
        self.written: list[str] = []
        self.problems: list[Problem] = []
        self.unchanged = 0
        self._folders: set[Path] = set()  # made by this writer's writes, or already there

    def __contains__(self, path: str) -> bool:
        return path in self._seen

    def write(self, path: str, content: str | bytes) -> None:
        """Write one generated page unless its bytes are already there; each path at most once."""
        if not _safe_relative(path):
            raise ValueError(f"refusing to write outside docs/: {path!r}")  # a bug, not bad input
        if path in self._seen:
            raise ValueError(f"page generated twice: {path!r}")  # a bug: two stages claim one page
        if self.cancelled():
            raise WriteCancelled(path)
        self._seen.add(path)
        self.paths.append(path)
        docs_dir, shown_docs, manifest = self.docs_dir, self.shown_docs, self.manifest
        data = content.encode("utf-8") if isinstance(content, str) else content
        hashed = digest(data)
        target = docs_dir / path
        exists = target.is_file()
        if exists and path not in manifest:
            self.problems.append(error(f"{shown_docs}/{path}", 1, 1, NOT_OURS))
            return
        if exists and manifest.get(path) == hashed and target.stat().st_size == len(data):
            self.new_manifest[path] = hashed
            self.unchanged += 1
            return
        if exists and target.read_bytes() == data:
            self.new_manifest[path] = hashed
            self.unchanged += 1
            return
        if target.is_dir():
            self.problems.append(error(f"{shown_docs}/{path}", 1, 1, "a folder is in the way of this generated page"))
            return
        if self.defer:
            self._pending[path] = data
        else:
            atomic_write(target, data, self._folders)
        self.new_manifest[path] = hashed
        self.written.append(path)

    def keep(self, path: str) -> bool:
        """Count a page as written already, without its content: the caller knows it is made from what it was
        made from when it was written, and that the file is as written then. False when the manifest does
        not list it (the caller then renders and writes it)."""
        if path in self._seen or path not in self.manifest:
            return False
        if self.cancelled():
            raise WriteCancelled(path)
        self._seen.add(path)
        self.paths.append(path)
        self.new_manifest[path] = self.manifest[path]
        self.unchanged += 1
        return True

    def finish(self, while_writing: Callable[[], contextlib.AbstractContextManager] | None = None) -> WriteReport:
        """Remove generated files no longer generated (unless edited by hand), save the manifest.

        Deferred pages are written, and stale ones removed, within while_writing().
        """
        with (while_writing or contextlib.nullcontext)():
            if self.cancelled():
                raise WriteCancelled()
            for path, data in self._pending.items():
                atomic_write(self.docs_dir / path, data, self._folders)
            self._pending.clear()
            return self._remove_stale()

    def _remove_stale(self) -> WriteReport:
        docs_dir, shown_docs, manifest, new_manifest = self.docs_dir, self.shown_docs, self.manifest, self.new_manifest
        removed, problems = [], list(self.problems)
        for path in sorted(set(manifest) - set(new_manifest)):
            target = docs_dir / path
            if not _safe_relative(path) or not target.is_file():
                continue
            if digest(target.read_bytes()) != manifest[path]:
                problems.append(warning(f"{shown_docs}/{path}", 1, 1, "generated page is no longer needed but was "
                                        "edited by hand since briefkit wrote it: left in place"))
                continue
            target.unlink()
            removed.append(path)
            _prune_empty_parents(target.parent, docs_dir)
        if new_manifest != manifest or not (docs_dir / MANIFEST).is_file():
            save_manifest(docs_dir, new_manifest)
        return WriteReport(tuple(sorted(self.written)), tuple(removed), self.unchanged, tuple(problems))


def update_pages(docs_dir: Path, pages: Mapping[str, str | bytes]) -> list[str]:
    """Rewrite some generated pages now, ahead of a full conversion (the live preview's first pass).

    Only pages the manifest lists, and only while they hold what briefkit last wrote: a page
    edited by hand, or not generated, is left for the full conversion to report. The manifest
    records what was written, so the full conversion compares against the page as it now is.
    Returns the paths written.
    """
    manifest = read_manifest(docs_dir)
    written = []
    for path in sorted(pages):
        content = pages[path]
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = docs_dir / path
        if not _safe_relative(path) or path not in manifest or not target.is_file():
            continue
        if digest(target.read_bytes()) != manifest[path]:
            continue
        hashed = digest(data)
        if hashed == manifest[path]:
            continue
        atomic_write(target, data)
        manifest[path] = hashed
        written.append(path)
    if written:
        save_manifest(docs_dir, manifest)
    return written


def _prune_empty_parents(folder: Path, docs_dir: Path) -> None:
    docs_dir = docs_dir.resolve()
    folder = folder.resolve()
    while folder != docs_dir and docs_dir in folder.parents:
        try:
            folder.rmdir()  # only succeeds when empty
        except OSError:
            return
        folder = folder.parent
