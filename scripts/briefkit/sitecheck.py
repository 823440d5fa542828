"""Checks of a built site, whichever engine built it: its page addresses, its internal links, its markup.

Engines of the MkDocs family turn the same docs/ into HTML in their own ways (Zensical, for
one, rewrites relative URLs in raw HTML as if relative to the source file), so what a reader
meets is checked on the output: every href and src of every HTML page is resolved the way a
browser resolves it against the page's address and must name a file of the site, without
climbing above the site's root (the site must work under any sub-path). Used by the engine
tests (tests/test_engines_build.py) and benchmarks/engines.py.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# attributes that make the browser fetch or go to an address (srcset is a list of them)
LINK_ATTRIBUTES = frozenset({"href", "src", "xlink:href", "poster", "srcset"})
NOT_FOUND_PAGE = "404.html"


@dataclass(frozen=True)
class Link:
    """One address written in a page: the page's file (relative to the site), the tag and attribute, the value."""

    page: str
    tag: str
    attribute: str
    url: str


@dataclass(frozen=True)
class BrokenLink:
    """An internal link that names no file of the site, and why."""

    link: Link
    reason: str

    def __str__(self) -> str:
        return f"{self.link.page}: <{self.link.tag} {self.link.attribute}={self.link.url!r}>: {self.reason}"


@dataclass(frozen=True)
class Element:
    """A start tag: its name and its attributes (names lower-cased, as browsers read them)."""

    tag: str
    attributes: tuple[tuple[str, str], ...]

    def classes(self) -> frozenset[str]:
        return frozenset(" ".join(value for name, value in self.attributes if name == "class").split())


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append(Element(tag, tuple((name, value or "") for name, value in attrs)))

    handle_startendtag = handle_starttag


def elements(html: str) -> list[Element]:
    """Every start tag of an HTML document, in order (the standard library's tolerant parser)."""
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.found


def pages(site: Path) -> list[str]:
    """The HTML pages of a built site, as paths relative to it ('briefings/x/index.html'), sorted."""
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))


def links(page: str, html: str) -> list[Link]:
    """Every address page's HTML names in a link attribute (each candidate of a srcset apart)."""
    found: list[Link] = []
    for element in elements(html):
        for name, value in element.attributes:
            if name not in LINK_ATTRIBUTES:
                continue
            values = [part.split()[0] for part in value.split(",") if part.strip()] if name == "srcset" else [value]
            found.extend(Link(page, element.tag, name, v) for v in values)
    return found


def resolve(page: str, url: str, site_url: str = "") -> str | None:
    """The site file (relative path) that url, written in page, names; None for an address outside
    the site (another scheme or host) or for the page itself (a bare #fragment, an empty href).
    Raises ValueError when the address climbs above the site's root or is absolute ('/x'): on a site
    served under a sub-path, both leave it. With site_url, an absolute address under it names the
    site's file (engines write canonical links and sitemaps so)."""
    url = url.strip()
    base = site_url if site_url.endswith("/") or not site_url else site_url + "/"
    under_site_url = bool(base) and url.startswith(base)
    parts = urlsplit(url[len(base):] if under_site_url else url)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return None if not under_site_url else "index.html"
    resolved: list[str] = posixpath.dirname(page).split("/") if "/" in page and not under_site_url else []
    if path.startswith("/") and page == NOT_FOUND_PAGE and base and path.startswith(urlsplit(base).path):
        path = "/" + path[len(urlsplit(base).path):]  # the 404 page's links start with site_url's path
    if path.startswith("/"):
        # the 404 page is served at any missing address, so engines write its links from the site's
        # root (site_url's path, "/" without one); on any other page a root path leaves a sub-path
        if page != NOT_FOUND_PAGE:
            raise ValueError("an absolute path: it leaves the site when the site is served under a sub-path")
        resolved = []
    for segment in path.split("/"):
        if segment == "..":
            if not resolved:
                raise ValueError("climbs above the site's root")
            resolved.pop()
        elif segment not in ("", "."):
            resolved.append(segment)
    target = "/".join(resolved)
    if not target:
        return "index.html"
    names_folder = path.endswith("/") or path.rsplit("/", 1)[-1] in (".", "..")
    return target + "/index.html" if names_folder else target


def broken_links(site: Path, site_url: str = "") -> tuple[list[BrokenLink], int]:
    """The internal links of every page of site that name no file of it (a folder counts when it has an
    index.html, as static servers answer it), and how many internal links were checked."""
    broken, checked = [], 0
    for page in pages(site):
        for link in links(page, (site / page).read_text(encoding="utf-8", errors="replace")):
            try:
                target = resolve(page, link.url, site_url)
            except ValueError as reason:
                broken.append(BrokenLink(link, str(reason)))
                continue
            if target is None:
                continue
            checked += 1
            file = site / target
            if not (file.is_file() or (file / "index.html").is_file()):
                broken.append(BrokenLink(link, f"no file {target}"))
    return broken, checked


def count_elements(html: str, tag: str, css_class: str) -> int:
    """How many tag elements of the document carry css_class (aside.factbox: count_elements(h, "aside", "factbox"))."""
    return sum(1 for element in elements(html) if element.tag == tag and css_class in element.classes())
