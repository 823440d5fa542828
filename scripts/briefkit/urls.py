"""Addresses of generated pages, and relative links between them (so a site works under any sub-path)."""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass

# Files that live beside Material's own assets whatever briefkit's folder: the search worker must sit
# beside Material's worker (which loads its languages from ../lunr/ of its own address).
SEARCH_WORKER = "assets/javascripts/workers/briefkit-search.js"
SEARCH_PAGE_SCRIPT = "assets/javascripts/briefkit-search-page.js"
SITE_LEVEL = frozenset({SEARCH_WORKER, SEARCH_PAGE_SCRIPT})


@dataclass(frozen=True)
class SiteUrls:
    """Maps the paths of briefkit's files (briefings/x/index.md) to site URLs the way MkDocs does.

    root is briefkit's folder in docs_dir (extra.briefkit.root: "news"; "" is docs_dir itself): every
    generated path is relative to it, and it prefixes every address, so links between generated
    pages stay relative and the site's own pages keep every other address.
    """

    directory_urls: bool = True
    root: str = ""

    def docs_path(self, path: str) -> str:
        """Where a file of briefkit's is under docs_dir: 'briefings/x/index.md' -> 'news/briefings/x/index.md'."""
        if not self.root or path in SITE_LEVEL:
            return path
        return f"{self.root}/{path}"

    def page(self, path: str) -> str:
        """'briefings/x/index.md' -> 'briefings/x/' (or 'briefings/x/index.html'); 'index.md' -> '';
        under root, 'news/briefings/x/'."""
        docs_path = self.docs_path(path)
        if not docs_path.endswith(".md"):
            return docs_path
        stem = docs_path[:-3]
        if self.directory_urls:
            if stem == "index":
                return ""
            if stem.endswith("/index"):
                return stem[: -len("index")]
            return stem + "/"
        return stem + ".html"

    def href(self, from_docs_path: str, to_docs_path: str) -> str:
        """The relative URL from one generated page to another page or file."""
        return self.hrefs_from(from_docs_path)(to_docs_path)

    def hrefs_from(self, from_docs_path: str) -> Callable[[str], str]:
        """href(from_docs_path, ...) for the many links of one page: the page's folder is worked out once."""
        source = self.page(from_docs_path)
        base = (source if source.endswith("/") or not source else posixpath.dirname(source)) or "."
        base_parts = _parts(base)

        def href(to_docs_path: str) -> str:
            target = self.page(to_docs_path)
            relative = _relpath(target or ".", base, base_parts)
            if target.endswith("/") or not target:
                relative = "./" if relative == "." else relative + "/"
            return relative

        return href


def _parts(path: str) -> list[str]:
    return [p for p in path.split("/") if p and p != "."]


def _relpath(target: str, base: str, b: list[str]) -> str:
    """posixpath.relpath for the relative paths above (b: base's parts), without its os.getcwd and abspath calls.

    It is called for every link of every page (a quarter of a whole conversion's time
    went into posixpath.relpath before); anything with '..' takes the library's way.
    """
    t = _parts(target)
    if ".." in t or ".." in b or target.startswith("/") or base.startswith("/"):
        return posixpath.relpath(target, base)
    common = 0
    while common < len(t) and common < len(b) and t[common] == b[common]:
        common += 1
    return "/".join([".."] * (len(b) - common) + t[common:]) or "."


# --- every address of the generated site ----------------------------------------------------
# Each generated page is the index.md of a folder of its own (briefings/<slug>/index.md), never a
# folder's sibling file (briefings/<slug>.md): a page's source folder is then its URL's folder, so a
# relative link in its raw HTML means the same to MkDocs, which leaves raw HTML as written, and to
# Zensical, which resolves it from the source file (measured: 427 of 1,330 links broke otherwise).
# The paths are relative to briefkit's folder in docs_dir (extra.briefkit.root, "" by default).

HOME = "index.md"
BRIEFINGS_INDEX = "briefings/index.md"
ENTITIES_INDEX = "entities/index.md"
TIMELINE_INDEX = "timeline/index.md"
TAGS_INDEX = "tags/index.md"
SEARCH_PAGE = "search/index.md"
SECTION_INDEXES = (HOME, BRIEFINGS_INDEX, ENTITIES_INDEX, TIMELINE_INDEX, TAGS_INDEX)
# Names Windows keeps for devices, whatever the extension: briefings/nul/index.html cannot be checked out there.
WINDOWS_DEVICE_NAMES = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
                        *(f"lpt{n}" for n in range(1, 10))}
# Folder names a briefing's slug cannot take: they are the site's own (and Windows' devices).
RESERVED_SLUGS = {"index", "page", "feed", "tags", "search", "assets", "sitemap", "404", *WINDOWS_DEVICE_NAMES}
RESERVED_IDS = {"index", *WINDOWS_DEVICE_NAMES}  # entities/index.md is the list of entities


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens, for file names, ids and tag pages."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:100].rstrip("-")


def briefing_path(slug: str) -> str:
    """The page of a briefing: briefings/<slug>/index.md, served at briefings/<slug>/."""
    return f"briefings/{slug}/index.md"


def briefings_archive_path(number: int) -> str:
    """Page number of the list of briefings, newest first (the first is briefings/index.md)."""
    return BRIEFINGS_INDEX if number == 1 else f"briefings/archive/{number}/index.md"


def entity_path(entity_id: str) -> str:
    """The page of an entity: entities/<id>/index.md."""
    return f"entities/{entity_id}/index.md"


def entity_type_path(entity_type: str, number: int = 1) -> str:
    """The page listing every entity of a type, A to Z (its page number: a page per PAGE_SIZE entities).

    Below entities/type/, never in an entity's way: an entity with id "type" is entities/type/index.md.
    """
    return f"entities/type/{entity_type}/index.md" if number == 1 else f"entities/type/{entity_type}-{number}/index.md"


def tag_slug(tag: str) -> str:
    """The folder of a tag's page: its slug, never a reserved name, never empty."""
    slug = slugify(tag)
    if slug in RESERVED_IDS:  # tags/index.md is the list of tags (and Windows keeps device names)
        slug = "tag-" + slug
    return slug or "tag-" + hashlib.sha1(tag.encode("utf-8")).hexdigest()[:10]


def tag_path(tag: str) -> str:
    """The page of a tag: tags/<slug>/index.md."""
    return f"tags/{tag_slug(tag)}/index.md"


def timeline_path(period: str) -> str:
    """The timeline page of a year ('2024') or of a busy year's month ('2024-01')."""
    return f"timeline/{period}/index.md"


def feeds_of(page: str) -> dict[str, str]:
    """The feed files that belong to a generated page (the home page, an entity's or a tag's page), by
    format: {"xml": "entities/iran/feed.xml", "json": ...}; {} for other pages. A feed sits in the folder
    of its page."""
    parts = page.split("/")
    if page == HOME:
        folder = ""
    elif len(parts) == 3 and parts[0] in ("entities", "tags") and parts[2] == "index.md":
        folder = f"{parts[0]}/{parts[1]}/"
    else:
        return {}
    return {"xml": folder + "feed.xml", "json": folder + "feed.json"}


def published_file(name: str) -> str:
    """Where a file beside briefings (name relative to briefings/: media/map.png) is published: at the
    same place under briefkit's folder (briefings/media/map.png), so one file serves every briefing that
    uses it; each page links to it by its own relative address."""
    return posixpath.normpath(posixpath.join("briefings", name))
