"""The conversion cache, kept outside the project: skip what has not changed.

It lives in the user's cache folder ($BRIEFKIT_CACHE_DIR, else $XDG_CACHE_HOME/briefkit,
else ~/.cache/briefkit), one folder per project path: a build writes nothing in the
project but docs/'s generated files and site/, and a cache inside docs/ would make
`mkdocs serve` rebuild after every conversion.

Two records, both keyed by content hashes, never by modification times alone:

- per briefing file: its linked result (load + validate + link + body HTML) under the
  SHA-256 of its bytes. The whole record is valid only for the same briefkit code, the
  same registry files and the same URL style; otherwise it is dropped. One edited
  briefing is then re-read alone, the others come from the cache.
- per site: the hash of every input (briefing and registry files, mkdocs.yml, the home
  intro, briefkit's own code, the drafts switch), the counts and problems of that run,
  and the size and mtime of every file it left in docs/. When the inputs hash the same
  and docs/ is as that run left it, nothing needs reading, rendering or writing.
- per page (pages.pickle, incremental.py's PageState): a fingerprint of what each
  briefing and entity page was made from, and what an edit converted alone needs (each
  file's facet and problems, each briefing's related briefings as shown). An edit
  converted alone adds its files' results to files-edited.pickle, laid over files.pickle,
  instead of rewriting the record of every briefing.

Hashing 10,000 files takes half a second; so, as git's index does, the hash of each file
is kept beside its stat signature (size, mtime, ctime, inode: any write changes ctime,
which no tool can set back) and a file is hashed again only when its signature changed
or was taken within RACY_NS of its last change (a second write in the same clock tick
could otherwise go unseen). The content hashes stay the keys of both records.

A cache that cannot be read (missing, corrupt, another version) is ignored: the
conversion runs in full and writes a new one. Deleting the cache folder is always safe.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CACHE_DIR = ".briefkit-cache"  # a dot-folder name that reports and tests recognise


def user_cache_base() -> Path:
    """briefkit's folder in the user's cache: $BRIEFKIT_CACHE_DIR, else $XDG_CACHE_HOME/briefkit or
    ~/.cache/briefkit."""
    base = os.environ.get("BRIEFKIT_CACHE_DIR")
    if not base:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = os.path.join(xdg, "briefkit") if xdg else os.path.join(os.path.expanduser("~"), ".cache", "briefkit")
    return Path(base)


def cached_json(name: str, build: Callable[[], Any]) -> Any:
    """A value built once and kept as JSON in the user's cache folder under name (name carries
    what the value depends on, such as a package's version); built again when the file is missing
    or unreadable, and simply not kept when the folder cannot be written."""
    file = user_cache_base() / name
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # not built yet, or damaged: build it
        pass
    value = build()
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        staged = file.with_name(f".{file.name}.{os.getpid()}.tmp")
        staged.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(staged, file)
    except OSError:  # a read-only cache: built on every run, which is only slower
        pass
    return value


def cache_folder(project_root: Path) -> Path:
    """Where the cache of the project at project_root lives (outside the project)."""
    base = user_cache_base()
    root = str(Path(project_root).resolve())
    key = hashlib.sha256(root.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return base / f"{Path(root).name[:40] or 'project'}-{key}" / CACHE_DIR
RACY_NS = 2_000_000_000  # a signature this close to the file's last change is not trusted
FORMAT = 1  # bump when the layout of the records changes
PACKAGE = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of briefkit's own code, templates, schemas, search worker and stylesheet: new code never reuses old
    results."""
    hashed = hashlib.sha256(f"briefkit-cache-{FORMAT}".encode())
    for file in sorted(PACKAGE.rglob("*")):
        if file.is_file() and file.suffix in (".py", ".j2", ".json", ".js", ".css") and "__pycache__" not in file.parts:
            hashed.update(file.relative_to(PACKAGE).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return hashed.hexdigest()


def file_digest(path: Path | str) -> str:
    """SHA-256 of a file's bytes ('' when it cannot be read: the caller's own read reports why)."""
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return ""


def fingerprint(*parts: Any) -> bytes:
    """A digest of the values a page is made from: equal values, equal digests (repr, not object identity)."""
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def combined_digest(parts: Iterable[tuple[str, str]]) -> str:
    """One hash for many (name, digest) pairs, in the order given."""
    hashed = hashlib.sha256()
    for name, digest in parts:
        hashed.update(name.encode("utf-8", "surrogateescape") + b"\0" + digest.encode() + b"\n")
    return hashed.hexdigest()


@dataclass(frozen=True)
class SiteRecord:
    """What a complete conversion left behind, to recognise the next one as having nothing to do."""

    site_key: str
    briefings: int
    entities: int
    problems: tuple               # every problem that run reported
    skipped: tuple[str, ...]
    drafts: tuple[str, ...]
    outputs: Mapping[str, tuple[int, int]]  # docs path -> (size, mtime_ns) after that run


class ConvertCache:
    """Reads and writes the records of one project (see cache_folder)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def _load(self, name: str) -> Any:
        try:
            with open(self.folder / name, "rb") as handle:
                record = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError, TypeError,
                ValueError):
            return None
        if not isinstance(record, tuple) or len(record) != 2 or record[0] != code_version():
            return None
        return record[1]

    def _save(self, name: str, value: Any) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():  # the cache never shows in git status, even without the project's .gitignore
                ignore.write_text("*\n", encoding="utf-8")
            temporary = self.folder / f".{name}.{os.getpid()}"
            with open(temporary, "wb") as handle:
                pickle.dump((code_version(), value), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.folder / name)
        except OSError:
            pass  # a cache that cannot be written only makes the next run slower

    def load_record(self, name: str) -> Any:
        """What save_record kept under name; None when it is missing, damaged or of other briefkit code."""
        return self._load(name)

    def save_record(self, name: str, value: Any) -> None:
        """Keep value under name, for load_record (a cache that cannot be written is skipped silently)."""
        self._save(name, value)

    # per file -----------------------------------------------------------------------------------------

    def load_files(self, context: str) -> dict[str, tuple[str, Any]]:
        """shown path -> (content digest, cached result), for results made in this context."""
        record = self._load("files.pickle")
        if not isinstance(record, tuple) or len(record) != 2 or record[0] != context:
            return {}
        entries = record[1]
        edits = self._load("files-edited.pickle")
        if isinstance(edits, tuple) and len(edits) == 2 and edits[0] == context:
            entries.update(edits[1])
        return entries

    def save_files(self, context: str, entries: Mapping[str, tuple[str, Any]]) -> None:
        self._save("files.pickle", (context, dict(entries)))
        self._forget("files-edited.pickle")

    def save_edited_files(self, context: str, entries: Mapping[str, tuple[str, Any]]) -> None:
        """A few files' results, laid over files.pickle when it is next read: an edit does not rewrite the
        record of every briefing (seconds at 10,000)."""
        edits = self._load("files-edited.pickle")
        known = dict(edits[1]) if isinstance(edits, tuple) and len(edits) == 2 and edits[0] == context else {}
        known.update(entries)
        self._save("files-edited.pickle", (context, known))

    def digests(self, files: list[Path]) -> dict[Path, str]:
        """file -> SHA-256 of its bytes, re-read only when its stat signature changed (see above)."""
        known = self._load("digests.pickle")
        known = known if isinstance(known, dict) else {}
        now = time.time_ns()
        out: dict[Path, str] = {}
        kept: dict[str, tuple] = {}
        for file in files:
            name = str(file)
            try:
                info = os.stat(name)
            except OSError:
                out[file] = ""
                continue
            signature = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
            entry = known.get(name)
            digest = entry[1] if entry is not None and entry[0] == signature else file_digest(name)
            out[file] = digest
            settled = now - max(info.st_mtime_ns, info.st_ctime_ns) > RACY_NS
            kept[name] = (signature if settled else None, digest)
        if kept != known:
            self._save("digests.pickle", kept)
        return out

    # per registry -------------------------------------------------------------------------------------

    def load_registry(self, key: str) -> Any:
        record = self._load("registry.pickle")
        if isinstance(record, tuple) and len(record) == 2 and record[0] == key:
            return record[1]
        return None

    def save_registry(self, key: str, value: Any) -> None:
        self._save("registry.pickle", (key, value))

    # per site -----------------------------------------------------------------------------------------

    def load_site(self) -> SiteRecord | None:
        """The record of the last complete conversion, if any."""
        record = self._load("site.pickle")
        return record if isinstance(record, SiteRecord) else None

    def up_to_date(self, record: SiteRecord, site_key: str, docs_dir: Path) -> bool:
        """Whether a conversion has nothing to do: the last run's inputs hash the same and docs/ is exactly as it
        left it."""
        return record.site_key == site_key and output_state(docs_dir, record.outputs) == record.outputs

    def save_site(self, record: SiteRecord) -> None:
        self._save("site.pickle", record)

    def forget_site(self) -> None:
        self._forget("site.pickle")

    def _forget(self, name: str) -> None:
        try:
            (self.folder / name).unlink()
        except OSError:
            pass

    # per page: what each page was made from (convert.py, PageState) -----------------------------------

    def load_pages(self) -> Any:
        return self._load("pages.pickle")

    def save_pages(self, state: Any) -> None:
        self._save("pages.pickle", state)


def output_state(docs_dir: Path, paths: Iterable[str]) -> dict[str, tuple[int, int]]:
    """docs path -> (size, mtime_ns) of each file that exists now."""
    state = {}
    folder = str(docs_dir)
    for path in paths:
        try:
            info = os.stat(os.path.join(folder, path))  # not pathlib: 25,000 Path objects cost a second
        except OSError:
            continue
        state[path] = (info.st_size, info.st_mtime_ns)
    return state
