"""Briefing bodies: the site's Markdown to safe HTML, with [[wikilinks]] and automatic entity links.

A body is written in the site's own dialect (dialect.py: Python-Markdown with the
`markdown_extensions` of mkdocs.yml), so admonitions, footnotes, abbreviations,
definition lists and highlighted code work as on a hand-written page. We render it
here rather than hand MkDocs the author's Markdown because the result then goes
through one sanitiser (nh3) with a fixed allow-list: whatever an extension lets
through (Python-Markdown passes raw HTML in admonition titles, md_in_html blocks and
attr_list's `{ onclick=... }` as they are), no author script, event handler, style or
javascript: URL reaches a reader. Neutralising Markdown source instead would mean
predicting what every extension a site owner may add does with it.

The page gets its headings back as Markdown (page_markdown): each top-level heading is
handed to the engine as a Markdown heading, so it gets its id, its permalink and its
entry in the table of contents from the site's own toc settings; the blocks between
headings go in as raw HTML, already sanitised.

Entity links are added on the parsed tree (a tree processor), so they never land in
code, headings, existing links or raw HTML.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from markupsafe import Markup

from briefkit.dialect import MarkdownDialect
from briefkit.link import WIKILINK, EntityMatcher, LinkState, link_text, unresolved_problem
from briefkit.model import Record
from briefkit.problems import Problem, error, warning
from briefkit.registry import EntityRegistry
from briefkit.sentences import sentences_at

# The documented allow-list (docs/authoring.md, "Raw HTML"): everything else is removed. Beyond
# plain HTML it holds what the site's extensions write: details/summary (pymdownx.details),
# footnote ids and classes, abbr titles, highlighted code's spans and classes.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
}
_EVERYWHERE = {"dir", "lang", "id", "class"}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "details": {"open"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "td": {"style", "colspan", "rowspan"},
    "th": {"style", "colspan", "rowspan"},
    "*": _EVERYWHERE,  # on every tag; without it nh3 would keep its default (lang, title)
}
# Blocks get dir="auto" so that a Persian or Urdu paragraph is laid out right to left
# (its punctuation on the correct side) while English ones stay left to right.
_DIRECTIONAL_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote"}
_DIRECTIONS = {"auto", "ltr", "rtl"}
URL_SCHEMES = {"http", "https", "mailto"}
_ALIGN = re.compile(r"^text-align:\s*(left|right|center)\s*;?$")
_SCHEME = re.compile(r"^\s*[a-zA-Z][a-zA-Z0-9+.-]*:")
# Material's own elements have ids starting "__" (__search, __drawer, __toc) and classes starting
# "md-": an author's element must not take their place (a second #__search would steal the search box).
_ID = re.compile(r"^[A-Za-z][\w:.-]*$")
_CLASS = re.compile(r"^[A-Za-z][\w-]*$")


# A tab or newline inside "java&#9;script:" is ignored by browsers; percent-encoded ones keep a
# link dead, but drop it rather than publish a scheme that only an encoding keeps from running.
_DISGUISE = re.compile(r"%(?:[01][0-9a-fA-F]|20|7[fF])|[\x00-\x20\x7f]")

UrlRewriter = Callable[[str, str], str | None]  # (tag, url) -> the url to publish, None to drop it


def _attribute_filter(tag: str, attribute: str, value: str, rewrite: UrlRewriter | None = None) -> str | None:
    if attribute == "dir":
        return value if value.strip().lower() in _DIRECTIONS else None
    if attribute == "style":  # only the column alignment tables write
        return value if _ALIGN.match(value) else None
    if attribute == "id":
        return value if _ID.match(value) else None
    if attribute == "class":
        kept = " ".join(c for c in value.split() if _CLASS.match(c) and not c.startswith("md-"))
        return kept or None
    if attribute in ("href", "src"):
        scheme = _SCHEME.match(_DISGUISE.sub("", value))
        if scheme and scheme.group().strip()[:-1].lower() not in URL_SCHEMES:
            return None
        if tag == "img" and attribute == "src" and (scheme or value.strip().startswith("//")):
            return None  # a remote image would make the reader's browser leave the site
        if rewrite is not None and not scheme:
            return rewrite(tag, value)
    return value


def sanitize_html(html: str, rewrite: UrlRewriter | None = None) -> str:
    """Reduce HTML to the allow-list: no scripts, handlers, styles or unsafe URLs; tags balanced.

    rewrite, when given, maps each relative href/src (a file beside the briefing) to its published URL.
    """
    failed: list[BaseException] = []

    def attribute_filter(tag: str, attribute: str, value: str) -> str | None:
        try:
            return _attribute_filter(tag, attribute, value, rewrite)
        except Exception as exc:  # noqa: BLE001 - nh3 would print and swallow it: kept, raised below
            failed.append(exc)
            return None

    cleaned = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                        attribute_filter=attribute_filter, strip_comments=True, link_rel=None)
    if failed:
        raise failed[0]
    return cleaned


@dataclass(frozen=True, slots=True)
class Mention(Record):
    """An entity mentioned in a body: how often, and the sentence of its first mention."""

    entity_id: str
    count: int
    context: str
    line: int


@dataclass(frozen=True, slots=True)
class RenderedBody(Record):
    """A body as sanitised HTML, the entities it mentions, its problems, and the files beside it it uses.

    files are paths relative to the briefing's folder (media/map.png): published next to its page.
    """

    html: str
    mentions: tuple[Mention, ...]
    problems: tuple[Problem, ...]
    files: tuple[str, ...] = ()


# --- linking on Python-Markdown's tree -------------------------------------------------------------

@dataclass
class _LinkJob:
    """What the tree processor needs for one body, and what it finds there."""

    registry: EntityRegistry
    matcher: EntityMatcher | None
    entity_href: Callable[[str], str]
    state: LinkState = field(default_factory=LinkState)
    counts: dict[str, int] = field(default_factory=dict)
    first: dict[str, tuple[str, bool]] = field(default_factory=dict)  # entity -> (sentence, in a heading)
    order: list[str] = field(default_factory=list)  # entities in order of first mention
    unresolved: list[tuple[str, str]] = field(default_factory=list)  # (raw [[link]], target), in order


class _WikilinkPattern(InlineProcessor):
    """Keeps a [[link]] whole, as text the tree processor links: emphasis or reference-link
    patterns must not take its brackets or underscores apart first."""

    def handleMatch(self, m, data):  # type: ignore[override]  # InlineProcessor's signature, not Pattern's
        return AtomicString(m.group(0)), m.start(0), m.end(0)


# Python-Markdown's placeholders in text: raw HTML it stashed, and backslash-escaped characters
_STASHED = markdown.util.HTML_PLACEHOLDER_RE
_ESCAPED = re.compile("\x02(\\d+)\x03")
_PROTECTED = {"a", "code", "pre", "abbr", "kbd", "script", "style"}
_CODE = {"code", "kbd", "pre", "script", "style"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_INLINE = {"a", "abbr", "b", "br", "cite", "code", "del", "em", "i", "img", "ins", "kbd", "mark", "q", "s",
           "small", "span", "strong", "sub", "sup", "u"}


class _EntityLinker(Treeprocessor):
    """Adds entity links to text nodes; runs after inline patterns, attr_list and abbr, before toc
    (so a heading's id comes from the text it shows)."""

    job: _LinkJob | None = None

    @property
    def _job(self) -> _LinkJob:
        assert self.job is not None, "BodyRenderer.convert sets a job for each body"
        return self.job

    def run(self, root: etree.Element) -> None:
        for element in list(root):
            self._block(element)

    def _block(self, element: etree.Element) -> None:
        if element.tag == "h1":  # the page's own title is the only h1
            element.tag = "h2"
        # a paragraph holding only a placeholder is a raw HTML block: Python-Markdown unwraps
        # "<p>placeholder</p>" only as written, without attributes
        stashed = element.tag == "p" and not len(element) and _STASHED.fullmatch((element.text or "").strip())
        if element.tag in _DIRECTIONAL_BLOCKS and "dir" not in element.attrib and not stashed:
            element.set("dir", "auto")
        if element.tag in ("pre", "script", "style"):
            return
        if (element.text or "").strip() or any(child.tag in _INLINE or (child.tail or "").strip()
                                               for child in element):
            self._inline_unit(element)
        for child in list(element):
            if child.tag not in _INLINE:
                self._block(child)

    def _inline_unit(self, unit: etree.Element) -> None:
        """One block's inline content, in document order; the block's plain text gives each
        first mention its sentence."""
        job = self._job
        heading = unit.tag in _HEADINGS
        plain: list[str] = []
        pending: dict[str, int] = {}
        depth = [0]  # open raw HTML tags: text inside them is the author's HTML, not linked

        def visit(parent: etree.Element, protected: bool) -> None:
            children = list(parent)  # before links are inserted: their text is counted already
            parent.text = self._text(parent.text, parent, 0, protected, plain, pending, depth)
            for child in children:
                if child.tag in _CODE:  # code shows [[...]] and names as written, and is no mention
                    plain.append("".join(child.itertext()))
                elif _is_footnote_ref(child):
                    pass  # its number is no part of the sentence an entity page quotes
                elif child.tag in _INLINE:
                    visit(child, protected or child.tag in _PROTECTED)
                if child.tail:
                    index = list(parent).index(child) + 1
                    child.tail = self._text(child.tail, parent, index, protected, plain, pending, depth)

        visit(unit, heading or unit.tag in _PROTECTED)
        # a heading is a poor context: a later sentence replaces it
        wanted = [(entity_id, offset) for entity_id, offset in pending.items()
                  if entity_id not in job.first or (job.first[entity_id][1] and not heading)]
        sentences = sentences_at("".join(plain), [offset for _, offset in wanted])
        for (entity_id, _), sentence in zip(wanted, sentences, strict=True):
            job.first[entity_id] = (sentence, heading)

    def _text(self, text: str | None, parent: etree.Element, index: int, protected: bool,
              plain: list[str], pending: dict[str, int], depth: list[int]) -> str | None:
        """Link one text node (inserting <a> elements into parent at index); returns the text kept."""
        if not text or not text.strip():
            if text:
                plain.append(" ")
            return text  # the line breaks between blocks stay as they are
        pieces = _STASHED.split(text)
        out: list[tuple[str, str]] = []  # (text, entity id or "")
        for number, piece in enumerate(pieces):
            if number % 2:  # a stashed raw HTML tag
                raw = self.md.htmlStash.rawHtmlBlocks[int(piece)]
                depth[0] = max(0, depth[0] + _html_nesting(raw if isinstance(raw, str) else ""))
                out.append((markdown.util.HTML_PLACEHOLDER % piece, "\x00"))
                continue
            out += self._link(_join_lines(piece), protected or depth[0] > 0, plain, pending)
        return self._insert(out, parent, index)

    def _link(self, text: str, protected: bool, plain: list[str],
              pending: dict[str, int]) -> list[tuple[str, str]]:
        job = self._job
        if not text:
            return []
        start = sum(map(len, plain))
        matcher = None if protected else job.matcher
        segments, unresolved, mentions = link_text(text, job.registry, matcher,
                                                    LinkState() if protected else job.state)
        job.unresolved += [(text[u.offset:u.offset + u.length], u.target) for u in unresolved]
        if protected and job.matcher is not None:  # protected mentions count, but link nothing
            mentions = mentions + job.matcher.find(WIKILINK.sub("", text))
        shown = "".join(s.text for s in segments)
        plain.append(_ESCAPED.sub(lambda m: chr(int(m.group(1))), shown))
        for mention in mentions:
            if mention.entity_id not in job.counts:
                job.order.append(mention.entity_id)
            job.counts[mention.entity_id] = job.counts.get(mention.entity_id, 0) + 1
            if mention.entity_id not in pending:  # only a first mention in the block gives its sentence
                pending[mention.entity_id] = start + self._shown_offset(text, mention.start)
        if protected:
            return [(shown, "")]
        return [(s.text, s.entity_id) for s in segments]

    def _shown_offset(self, text: str, raw_offset: int) -> int:
        """Offset in the shown text (each [[link]] showing its label or its entity's name) of a raw offset."""
        if text.find("[[", 0, raw_offset) == -1:  # no link before it: shown as written
            return raw_offset
        segments, _, _ = link_text(text[:raw_offset], self._job.registry)
        return sum(len(s.text) for s in segments)

    def _insert(self, out: list[tuple[str, str]], parent: etree.Element, index: int) -> str:
        """Text before the first link is returned; each link goes into parent at index, followed by
        its tail (the text up to the next link)."""
        head: list[str] = []
        last: etree.Element | None = None
        position = index
        for text, entity_id in out:
            if entity_id in ("", "\x00"):
                if last is None:
                    head.append(text)
                else:
                    last.tail = (last.tail or "") + text
                continue
            link = etree.Element("a", {"href": self._job.entity_href(entity_id), "class": "entity-link"})
            link.text = AtomicString(text)
            parent.insert(position, link)
            position += 1
            last = link
        return "".join(head)


def _is_footnote_ref(element: etree.Element) -> bool:
    """The footnotes extension's <sup><a class="footnote-ref">1</a></sup>."""
    return element.tag == "sup" and any(a.get("class") == "footnote-ref" for a in element)


def _join_lines(text: str) -> str:
    """A soft line break renders as white space: joined, a name wrapped over two source lines is
    found as one name (but brackets on two lines never make a [[link]]: WIKILINK stays in a line)."""
    if "\n" not in text:
        return text
    joined = text.replace("\n", " ")
    if len(WIKILINK.findall(joined)) != len(WIKILINK.findall(text)):
        return text
    return joined


class _BodyExtension(Extension):
    def __init__(self, linker: _EntityLinker):
        super().__init__()
        self.linker = linker

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        # after backslash escapes and code spans (which must keep [[...]] as written), before links
        md.inlinePatterns.register(_WikilinkPattern(WIKILINK.pattern, md), "briefkit-wikilink", 175)
        self.linker.md = md
        md.treeprocessors.register(self.linker, "briefkit-entities", 6)


class BodyRenderer:
    """One Python-Markdown instance with the site's extensions, reused from body to body.

    Building one loads every extension (and Pygments): a third of a second, paid once per process.
    """

    def __init__(self, dialect: MarkdownDialect | None = None):
        dialect = dialect or MarkdownDialect()
        configs = {name: dict(config) for name, config in dialect.configs.items()}
        for name in ("toc", "markdown.extensions.toc"):
            if name in configs:  # the page's permalinks come from the engine's own toc, not ours
                configs[name]["permalink"] = False
        self.dialect = dialect
        self._linker = _EntityLinker()
        self._md = markdown.Markdown(extensions=[*dialect.extensions, _BodyExtension(self._linker)],
                                     extension_configs=configs)

    def convert(self, body: str, job: _LinkJob) -> str:
        """The body's HTML, not yet sanitised; links and mentions go into job."""
        self._md.reset()
        self._linker.job = job
        self._linker.md = self._md
        try:
            return self._md.convert(body)
        finally:
            self._linker.job = None


def make_markdown(dialect: MarkdownDialect | None = None) -> BodyRenderer:
    """The renderer of briefing bodies in a site's dialect (MkDocs' defaults when none is given)."""
    return BodyRenderer(dialect)


def render_body(body: str, registry: EntityRegistry, entity_href: Callable[[str], str], *,
                path: str = "", first_line: int = 1, autolink: bool = True,
                matcher: EntityMatcher | None = None, md: BodyRenderer | None = None,
                source_dir: Path | None = None, file_href: Callable[[str], str] | None = None,
                page_href: Callable[[str], str] | None = None) -> RenderedBody:
    """Render a Markdown body to sanitised HTML with entity links.

    Unknown [[links]], footnotes without definitions (or the reverse) and references to missing
    files come back as problems at their file line and column (first_line is the file line of the
    body's first line). With source_dir (the briefing's folder), relative links and images name
    files beside the briefing: file_href maps such a path (media/map.png) to its published URL, and
    page_href a link to another briefing's file (other.md), as MkDocs links pages, to its page's URL.
    """
    md = md or make_markdown()
    if autolink and matcher is None:
        matcher = EntityMatcher(registry)
    job = _LinkJob(registry, matcher if autolink else None, entity_href)
    raw = md.convert(body, job)
    source = SourceText(body, path, first_line)
    problems = source.unresolved(job.unresolved, registry) + source.footnote_problems()
    files: dict[str, None] = {}

    def rewrite(tag: str, url: str) -> str | None:
        assert source_dir is not None  # only rewrites links of a body with a folder
        if page_href is not None and tag == "a":
            linked = _briefing_link(url, source_dir, page_href, source, problems)
            if linked is not None:
                return linked
        return _local_file(tag, url, source_dir, file_href, files, source, problems)

    html = sanitize_html(raw, rewrite if source_dir is not None else None)
    mentions = tuple(Mention(e, job.counts[e], job.first.get(e, ("", False))[0],
                             source.line_of(e, registry, in_heading=job.first.get(e, ("", True))[1]))
                     for e in job.order)
    return RenderedBody(html, mentions, tuple(sorted(problems, key=lambda p: (p.line, p.col))), tuple(files))


_PAGE_SUFFIXES = {"", ".md", ".html", ".htm"}


def _briefing_link(url: str, source_dir: Path | None, page_href: Callable[[str], str], source: SourceText,
                   problems: list[Problem]) -> str | None:
    """The URL of the briefing page a relative link to another briefing's file names (other.md, ./other.md#why):
    the way an MkDocs page links another. A missing file is a warning at its place; None when url is not
    such a link (the link is then left as written)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.endswith(".md") or parts.path.startswith("/"):
        return None
    name = posixpath.normpath(unquote(parts.path))
    if "/" in name:  # briefings are the files of briefings/ itself; anything else is not briefkit's to map
        return None
    if source_dir is not None and not (source_dir / name).is_file():
        line, col = source.locate(parts.path)
        problems.append(warning(source.path, line, col, f'link to "{name}": there is no such briefing beside '
                                "this one; the link will lead nowhere"))
        return None
    return page_href(name[:-len(".md")]) + (f"#{parts.fragment}" if parts.fragment else "")


def _local_file(tag: str, url: str, source_dir: Path, file_href: Callable[[str], str] | None, files: dict[str, None],
                source: SourceText, problems: list[Problem]) -> str | None:
    """The published URL of a relative link or image to a file beside the briefing (recorded in files);
    a problem when the file is missing or outside the briefings' folder."""
    parts = urlsplit(url)
    if not parts.path or parts.path.startswith("/") or parts.netloc:
        return url  # an anchor or a site-absolute path: not a file beside the briefing
    suffix = posixpath.splitext(posixpath.basename(parts.path))[1].lower()
    if tag != "img" and suffix in _PAGE_SUFFIXES:
        return url  # a link to a page (entity links, ../other/): the site's, not a file to publish
    relative = posixpath.normpath(unquote(parts.path))
    line, col = source.locate(parts.path)
    if relative.startswith("../") or relative == "..":
        problems.append(error(source.path, line, col, f'"{url}" is outside the briefings folder: put the file '
                              "beside the briefing (e.g. media/) to publish it"))
        return None
    if not (source_dir / relative).is_file():
        problems.append(error(source.path, line, col, f'file not found: "{relative}" (relative to '
                              f"{posixpath.dirname(source.path) or '.'}/)"))
        return None
    files[relative] = None
    published = file_href(relative) if file_href else relative
    return published + (f"#{parts.fragment}" if parts.fragment else "")


# --- problems in the source: what renders as literal text where markup was meant ------------------

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)")
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}(\s|$)")
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_FOOTNOTE_DEF = re.compile(r"^\s*\[\^([^\]\s]+)\]:")


class SourceText:
    """A body's source lines with code masked: where problems are, and what the author wrote."""

    def __init__(self, body: str, path: str, first_line: int):
        self.path = path
        self.first_line = first_line
        self.lines = _mask_code(body.split("\n"))
        self._seen: dict[str, int] = {}

    def locate(self, needle: str, occurrence: int = 0) -> tuple[int, int]:
        """File line and column (1-based) of the occurrence-th needle outside code; the body's start if none."""
        for number, line in enumerate(self.lines):
            column = line.find(needle)
            while column != -1:
                if occurrence == 0:
                    return self.first_line + number, column + 1
                occurrence -= 1
                column = line.find(needle, column + 1)
        return self.first_line, 1

    def unresolved(self, links: list[tuple[str, str]], registry: EntityRegistry) -> list[Problem]:
        """A problem for each unknown [[link]], at its place (links in the order they were met)."""
        problems = []
        for raw, target in links:
            occurrence = self._seen.get(raw, 0)
            self._seen[raw] = occurrence + 1
            line, col = self.locate(raw, occurrence)
            problems.append(unresolved_problem(self.path, line, col, target, registry))
        return problems

    def footnote_problems(self) -> list[Problem]:
        """A footnote reference with no definition shows as literal "[^1]"; a definition nobody
        references is a source the reader never reaches from the text."""
        refs: dict[str, tuple[int, int]] = {}
        defs: dict[str, tuple[int, int]] = {}
        for number, line in enumerate(self.lines):
            definition = _FOOTNOTE_DEF.match(line)
            if definition:
                defs.setdefault(definition.group(1), (number, definition.start(1) - 1))
            for ref in _FOOTNOTE_REF.finditer(line, definition.end() if definition else 0):
                refs.setdefault(ref.group(1), (number, ref.start()))
        problems = []
        for label, (number, column) in refs.items():
            if label not in defs:
                problems.append(warning(self.path, self.first_line + number, column + 1,
                                        f"footnote [^{label}] has no definition: add a line \"[^{label}]: ...\" "
                                        "(without one it shows as literal text)"))
        for label, (number, column) in defs.items():
            if label not in refs:
                problems.append(warning(self.path, self.first_line + number, column + 1,
                                        f"footnote [^{label}] is defined but never referenced: add [^{label}] "
                                        "where the text cites it"))
        return problems

    def line_of(self, entity_id: str, registry: EntityRegistry, in_heading: bool = False) -> int:
        """The file line of an entity's first mention by id, name or alias, in a heading only when
        in_heading (the body's start if not found): Python-Markdown's tree keeps no source lines."""
        entity = registry.entities.get(entity_id)
        names = [f"[[{entity_id}", *(entity.names if entity else ())]
        for number, line in enumerate(self.lines):
            if not in_heading and _ATX_HEADING.match(line):
                continue
            if any(name and name in line for name in names):
                return self.first_line + number
        return self.first_line


def _mask_code(lines: list[str]) -> list[str]:
    """Lines with fenced code blocks and code spans blanked (same length): neither a problem nor a
    [[link]] is looked for in code."""
    masked, fence = [], None
    for line in lines:
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            masked.append(" " * len(line))
            continue
        if opened:
            fence = opened.group(1)
            masked.append(" " * len(line))
            continue
        masked.append(_CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line))
    return masked


# attribute values may hold ">" (title="a>b"): quoted values are skipped whole
_OPEN_TAG = re.compile(r"""^<([a-zA-Z][a-zA-Z0-9-]*)\b(?:[^>"']|"[^"]*"|'[^']*')*?(/?)>$""", re.S)
_CLOSE_TAG = re.compile(r"^</[a-zA-Z][a-zA-Z0-9-]*\s*>$")
_VOID = {"br", "img", "hr", "wbr", "input", "meta", "link", "source", "area", "col", "embed", "track"}


def _html_nesting(tag: str) -> int:
    if _CLOSE_TAG.match(tag):
        return -1
    opened = _OPEN_TAG.match(tag)
    if opened and not opened.group(2) and opened.group(1).lower() not in _VOID:
        return 1
    return 0


# --- the body on the page: headings as Markdown, the rest as sanitised HTML ------------------------

class _TopLevel(HTMLParser):
    """Offsets of the top-level headings of sanitised HTML: (start, end of start tag, start of end tag, end)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=False)
        self._starts = [0]
        for line in html.split("\n"):
            self._starts.append(self._starts[-1] + len(line) + 1)
        self.depth = 0
        self.headings: list[tuple[int, ...]] = []  # level, start, inner start, inner end, end
        self._open: list[int] = []
        self.feed(html)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if self.depth == 0 and tag in _HEADINGS:
            self._open = [int(tag[1]), self._offset(), self._offset() + len(self.get_starttag_text() or "")]
        if tag not in _VOID:
            self.depth += 1

    def handle_endtag(self, tag):
        self.depth = max(0, self.depth - 1)
        if self.depth == 0 and tag in _HEADINGS and self._open:
            end = self._offset()
            self.headings.append((*self._open, end, end + len(f"</{tag}>")))
            self._open = []


_HEADING_TAG = re.compile(r"<h[1-6]", re.IGNORECASE)  # without one, _TopLevel finds no heading
_TAG_OR_ENTITY = re.compile(r"(<[^>]*>|&#?\w+;)")
# ASCII punctuation has a meaning in some Markdown extension (emphasis, links, attr_list's {...},
# footnotes' [^...], emoji's :name:, closing #s): as entities, a heading's text is shown as is.
_MARKDOWN_SIGNIFICANT = re.compile(r"[!-/:-@\[-`{-~]")


def _heading_markdown(level: int, inner: str) -> str:
    """A Markdown heading line whose text is the sanitised inner HTML, with nothing left for
    Markdown to interpret (the engine gives it its id, permalink and TOC entry)."""
    parts = _TAG_OR_ENTITY.split(inner.replace("\n", " "))
    for number in range(0, len(parts), 2):
        parts[number] = _MARKDOWN_SIGNIFICANT.sub(lambda m: f"&#{ord(m.group())};", parts[number])
    for number in range(1, len(parts), 2):
        parts[number] = parts[number].replace("{", "&#123;").replace("}", "&#125;")
    return "#" * level + " " + "".join(parts)


def page_markdown(html: str, wrapper: str = '<div class="briefing__body">') -> Markup:
    """A rendered body as page Markdown: each top-level heading a Markdown heading (so the engine's
    toc gives it an id, a permalink and a place in the table of contents), the HTML between
    headings in a wrapper element, a raw HTML block the engine leaves as it is."""
    chunks: list[str] = []
    position = 0

    def block(part: str) -> None:
        if part.strip():
            chunks.append(f"{wrapper}\n{part.strip()}\n</div>")

    # a body without a heading is not parsed: finding none in each of the benchmark's 1,000 bodies was a tenth of
    # rendering their pages
    headings = _TopLevel(html).headings if _HEADING_TAG.search(html) else []
    for level, start, inner_start, inner_end, end in headings:
        block(html[position:start])
        chunks.append(_heading_markdown(level, html[inner_start:inner_end].strip()))
        position = end
    block(html[position:])
    return Markup("\n\n".join(chunks))
