"""Gathering: every briefing file read, validated and linked, from the cache where its bytes did not change.

convert.py and check.py run gather(); what it returns (Gathered) is everything the later
stages need: the registry, the linked briefings, and every problem of every file. A
briefing whose bytes hash as before (same registry, same mkdocs.yml, same code) comes
from the cache (cache.py) instead of being read again.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from briefkit.cache import ConvertCache, combined_digest, file_digest
from briefkit.parallel import PARALLEL_FROM, fork_map
from briefkit.problems import Problem, fold_consequences, has_errors
from briefkit.project import Project

# The stages (Python-Markdown, nh3, jsonschema...) are imported in the functions that use them:
# a conversion with nothing to do needs none of them. For type checkers only:
if TYPE_CHECKING:
    from briefkit.dialect import MarkdownDialect
    from briefkit.graph import LinkedBriefing
    from briefkit.link import EntityMatcher
    from briefkit.registry import EntityRegistry
    from briefkit.urls import SiteUrls

# What became of a briefing file: in the site, left out as a draft, or left out because of errors
IN_SITE, DRAFT, SKIPPED = "site", "draft", "skipped"


@dataclass(frozen=True)
class FileResult:
    """One briefing file read, validated and linked: what the cache keeps per file.

    facet: a digest of everything the rest of the site reads from the briefing (all but its
    body's HTML): when an edit leaves it as it was, only the briefing's own page can change.
    """

    shown: str
    linked: LinkedBriefing | None  # None: left out because of errors
    problems: tuple[Problem, ...]
    advised: tuple[Problem, ...] = ()  # its advisories, reported when it is in the site
    facet: bytes = b""


@dataclass(frozen=True)
class FileRecord:
    """What a conversion remembers of one briefing file without keeping it: enough to tell what an edit changed."""

    shown: str
    digest: str  # SHA-256 of its bytes
    slug: str    # "" when it was left out because of errors
    status: str  # IN_SITE, DRAFT or SKIPPED
    facet: bytes
    problems: tuple[Problem, ...]
    advised: tuple[Problem, ...]


@dataclass(frozen=True)
class Gathered:
    """Everything read and linked: the registry, the good briefings, and every problem found.

    A linked briefing's briefing.body (its Markdown source) is empty: its rendered body is b.body.
    """

    registry: EntityRegistry
    linked: tuple[LinkedBriefing, ...]
    problems: tuple[Problem, ...]
    skipped: tuple[str, ...] = ()  # briefings left out because of errors
    drafts: tuple[str, ...] = ()   # drafts left out
    files: tuple[FileRecord, ...] = ()   # per briefing file, in name order
    # the problems that are not any one file's: of the registry and settings, and of the archive as a whole
    settings_problems: tuple[Problem, ...] = ()
    archive_problems: tuple[Problem, ...] = ()


def facet_of(b: LinkedBriefing) -> bytes:
    """A digest of what pages other than the briefing's own read from it (see FileResult).

    repr, not pickle: equal values give equal text whatever objects they share. A mention's
    line is left out: only the briefing's own page (its problems) uses it.
    """
    mentions = tuple((m.entity_id, m.count, m.context) for m in b.body.mentions)
    seen = (b.briefing, b.summary, b.facts, b.events, b.location, b.actors, b.entity_ids, b.fact_about, mentions,
            b.body.files)
    return hashlib.blake2b(repr(seen).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def is_briefing_name(name: str) -> bool:
    """README.md and files starting with '_' or '.' in briefings/ are not briefings."""
    return not name.startswith(("_", ".")) and name.lower() != "readme.md"


def briefing_files(project: Project) -> list[Path]:
    """briefings/*.md, sorted; README.md and files starting with '_' are not briefings."""
    if not project.briefings_dir.is_dir():
        return []
    # scandir and plain names, not glob and Path sorting: a quarter of a no-change run at 10,000
    with os.scandir(project.briefings_dir) as entries:
        names = sorted(e.name for e in entries if e.name.endswith(".md") and is_briefing_name(e.name) and e.is_file())
    return [project.briefings_dir / name for name in names]


def beside_files(project: Project) -> list[Path]:
    """Every file in briefings/ but briefings and the registry: files a body may use (images, PDFs)."""
    folder = project.briefings_dir
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".md"
                  and project.entities_dir not in p.parents)


def read_and_link(file: Path, shown: str, registry: EntityRegistry, matcher: EntityMatcher, urls: SiteUrls,
                  md=None) -> FileResult:
    """Load, validate and link one briefing file (body rendered); every problem found is kept."""
    from briefkit.graph import link_briefing
    from briefkit.load import load_briefing
    from briefkit.urls import briefing_path, entity_path, published_file
    from briefkit.validate import advisories, validate_briefing

    raw, found = load_briefing(file, shown)
    if raw is None or has_errors(found):
        return FileResult(shown, None, tuple(found))
    problems = list(found)
    briefing, found = validate_briefing(raw)
    problems += found
    if briefing is None:
        return FileResult(shown, None, tuple(problems))
    href = urls.hrefs_from(briefing_path(briefing.slug))
    result, found = link_briefing(briefing, registry, matcher, lambda e: href(entity_path(e)), md,
                                  source_dir=file.parent,
                                  file_href=lambda f: href(published_file(f)),
                                  page_href=lambda slug: href(briefing_path(slug)))
    problems += found
    if has_errors(found):
        return FileResult(briefing.origin.path, None, tuple(problems))
    advised = tuple(advisories([result]))
    # The Markdown source is needed only to link it and for its advisories; pages, feeds and the export
    # use the rendered body. Dropped here, it is not held for every briefing (~60 MB at 10,000) nor cached.
    result = replace(result, briefing=replace(result.briefing, body=""))
    return FileResult(shown, result, tuple(problems), advised, facet_of(result))


def _read_batch(context: tuple, batch: list[tuple[Path, str]]) -> list[FileResult]:
    from briefkit.body import make_markdown

    registry, matcher, urls, dialect = context
    md = make_markdown(dialect)
    return [read_and_link(file, shown, registry, matcher, urls, md) for file, shown in batch]


def read_all(items: list[tuple[Path, str]], registry: EntityRegistry, matcher: EntityMatcher,
             urls: SiteUrls, dialect: MarkdownDialect | None = None) -> list[FileResult]:
    """read_and_link over many files, in worker processes when there are many; results in input order."""
    return fork_map(_read_batch, items, (registry, matcher, urls, dialect), PARALLEL_FROM)


def registry_files(project: Project) -> list[Path]:
    """Every file of the entity registry, sorted."""
    folder = project.entities_dir
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def load_registry_cached(project: Project, cache: ConvertCache | None) -> tuple[EntityRegistry, list[Problem], str]:
    """The registry (from the cache when its files are unchanged) and the hash of its files."""
    from briefkit.registry import load_registry

    key = combined_digest((project.shown(f), file_digest(f)) for f in registry_files(project))
    if cache is not None:
        cached = cache.load_registry(key)
        if cached is not None:
            return cached[0], list(cached[1]), key
    registry, problems = load_registry(project.entities_dir, project.root)
    if cache is not None:
        cache.save_registry(key, (registry, tuple(problems)))
    return registry, problems, key


def files_context(project: Project, registry_key: str) -> str:
    """What a cached briefing result is valid for: the registry's files, the URL style, mkdocs.yml (a body's HTML
    depends on the Markdown extensions it configures)."""
    return combined_digest([("registry", registry_key), ("urls", repr(project.urls)),
                            ("mkdocs.yml", file_digest(project.config))])


def listed_items(project: Project, files: list[Path] | None) -> list[tuple[Path, str]]:
    """(file, shown path) of the briefings to read: files, or all of briefings/."""
    if files is None:  # all in briefings/: one resolve() for the folder, not one per file (seconds at 10,000)
        folder = project.shown(project.briefings_dir)
        return [(file, f"{folder}/{file.name}") for file in briefing_files(project)]
    return [(file, project.shown(file)) for file in files]


def gather(project: Project, drafts: bool = False, files: list[Path] | None = None,
           cache: ConvertCache | None = None, digests: dict[Path, str] | None = None) -> Gathered:
    """Read the registry and every briefing, resolve every link; problems of all files collected.

    With a cache, a briefing whose bytes hash as before (same registry, same code) is
    not read again; digests saves hashing files the caller hashed already.
    """
    from briefkit.dialect import load_dialect
    from briefkit.link import EntityMatcher

    registry, problems, registry_key = load_registry_cached(project, cache)
    dialect, found = load_dialect(project.config)
    problems += found
    items = listed_items(project, files)
    urls = project.urls
    matcher = EntityMatcher(registry)
    hashes = [(digests or {}).get(file) or file_digest(file) for file, _ in items]
    if cache is None:
        results = read_all(items, registry, matcher, urls, dialect)
    else:
        context = files_context(project, registry_key)
        known = cache.load_files(context)
        found_results: dict[str, FileResult] = {}
        missing = []
        for (file, shown), digest in zip(items, hashes, strict=True):
            entry = known.get(shown)
            if digest and entry is not None and entry[0] == digest and _files_exist(entry[1], file.parent):
                found_results[shown] = entry[1]
            else:
                missing.append((file, shown))
        if missing:
            for (_, shown), result in zip(missing, read_all(missing, registry, matcher, urls, dialect), strict=True):
                found_results[shown] = result
        results = [found_results[shown] for _, shown in items]
        if missing or len(known) != len(items):
            cache.save_files(context, {shown: (digest, found_results[shown])
                                       for (_, shown), digest in zip(items, hashes, strict=True) if digest})
    records = tuple(file_record(result, digest, drafts) for result, digest in zip(results, hashes, strict=True))
    linked = [r.linked for r in results if r.linked is not None and (drafts or not r.linked.briefing.is_draft)]
    left_out_drafts = [r.linked for r in results if r.linked is not None and r.linked.briefing.is_draft and not drafts]
    archive: list[Problem] = []
    # What the archive as a whole says is known only when every briefing could be read; drafts
    # count, published or not, so check, convert, build and serve all say the same.
    if files is None and all(r.status != SKIPPED for r in records):
        from briefkit.validate import archive_advisories

        archive = archive_advisories(registry, linked + left_out_drafts)
    return assemble(registry, tuple(linked), problems, records, archive)


def file_record(result: FileResult, digest: str, drafts: bool) -> FileRecord:
    """What is remembered of a file's result (see FileRecord)."""
    b = result.linked
    status = SKIPPED if b is None else (DRAFT if b.briefing.is_draft and not drafts else IN_SITE)
    return FileRecord(result.shown, digest, b.slug if b is not None else "", status, result.facet, result.problems,
                      result.advised)


def assemble(registry: EntityRegistry, linked: tuple[LinkedBriefing, ...], settings_problems: Iterable[Problem],
             records: tuple[FileRecord, ...], archive: Iterable[Problem]) -> Gathered:
    """Gathered from its parts: the problems in the order the command line reports them (settings, each file's,
    then the archive's), consequences of a registry error folded."""
    settings_problems, archive = tuple(settings_problems), tuple(archive)
    problems = list(settings_problems)
    for record in records:
        problems += record.problems
        if record.status == IN_SITE:
            problems += record.advised
    problems += archive
    return Gathered(registry, linked, tuple(fold_consequences(problems)),
                    tuple(r.shown for r in records if r.status == SKIPPED),
                    tuple(r.shown for r in records if r.status == DRAFT), records, settings_problems, archive)


def _files_exist(result: FileResult, folder: Path) -> bool:
    """Whether the files beside a briefing that its cached body uses are still there (else it is read again,
    and reports the missing one)."""
    return result.linked is None or all((folder / f).is_file() for f in result.linked.body.files)
