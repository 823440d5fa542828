"""Addresses of generated pages, and relative links between them (so a site works under any sub-path)."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass


@dataclass(frozen=True)
class SiteUrls:
    """Maps docs/ paths (briefings/x.md) to site URLs the way MkDocs does."""

    directory_urls: bool = True

    def page(self, docs_path: str) -> str:
        """'briefings/x.md' -> 'briefings/x/' (or 'briefings/x.html'); 'index.md' -> ''."""
        stem = docs_path[:-3] if docs_path.endswith(".md") else docs_path
        if not docs_path.endswith(".md"):
            return docs_path
        if self.directory_urls:
            if stem == "index":
                return ""
            if stem.endswith("/index"):
                return stem[: -len("index")]
            return stem + "/"
        return stem + ".html"

    def href(self, from_docs_path: str, to_docs_path: str) -> str:
        """The relative URL from one generated page to another page or file."""
        source, target = self.page(from_docs_path), self.page(to_docs_path)
        base = source if source.endswith("/") or not source else posixpath.dirname(source)
        relative = _relpath(target or ".", base or ".")
        if target.endswith("/") or not target:
            relative = "./" if relative == "." else relative + "/"
        return relative


def _relpath(target: str, base: str) -> str:
    """posixpath.relpath for the relative paths above, without its os.getcwd and abspath calls.

    It is called for every link of every page (a quarter of a whole conversion's time
    went into posixpath.relpath before); anything with '..' takes the library's way.
    """
    t = [p for p in target.split("/") if p and p != "."]
    b = [p for p in base.split("/") if p and p != "."]
    if ".." in t or ".." in b or target.startswith("/") or base.startswith("/"):
        return posixpath.relpath(target, base)
    common = 0
    while common < len(t) and common < len(b) and t[common] == b[common]:
        common += 1
    return "/".join([".."] * (len(b) - common) + t[common:]) or "."


def briefing_path(slug: str) -> str:
    return f"briefings/{slug}.md"


def entity_path(entity_id: str) -> str:
    return f"entities/{entity_id}.md"


def published_file(page: str, name: str) -> str:
    """Where a file beside a briefing (name relative to the briefing: media/map.png) is published:
    next to the briefing's page, so the relative reference the author wrote holds on the site too."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), name))
