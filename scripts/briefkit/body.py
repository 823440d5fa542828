"""Briefing bodies: Markdown to safe HTML, with [[wikilinks]] and automatic entity links.

We render bodies ourselves (markdown-it-py, CommonMark) rather than leaving them to
MkDocs for two reasons: links are added on the token stream, so they never land in
code, headings, existing links or raw HTML; and the resulting HTML goes through one
sanitiser (nh3) with a fixed allow-list, so no author script, event handler or
javascript: URL reaches a reader, whatever Markdown or HTML trick carried it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefkit.link import WIKILINK, EntityMatcher, LinkState, link_text, unresolved_problem
from briefkit.problems import Problem, error
from briefkit.registry import EntityRegistry

# The documented allow-list (docs/authoring.md, "Raw HTML"): everything else is removed.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "dd", "del", "div", "dl", "dt", "em",
    "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "td": {"style"},
    "th": {"style"},
    "*": {"dir", "lang"},  # on every tag; without it nh3 would keep its default (lang, title)
}
# Blocks get dir="auto" so that a Persian or Urdu paragraph is laid out right to left
# (its punctuation on the correct side) while English ones stay left to right.
_DIRECTIONAL_BLOCKS = {"paragraph_open", "heading_open", "list_item_open", "blockquote_open"}
_DIRECTIONS = {"auto", "ltr", "rtl"}
ALLOWED_CLASSES = {"a": {"entity-link"}}
URL_SCHEMES = {"http", "https", "mailto"}
_ALIGN = re.compile(r"^text-align:\s*(left|right|center)\s*;?$")
_SCHEME = re.compile(r"^\s*[a-zA-Z][a-zA-Z0-9+.-]*:")


# markdown-it percent-encodes the tab of `java&#9;script:`; the link is dead, but drop it rather than
# publish a scheme that only an encoding keeps from running.
_DISGUISE = re.compile(r"%(?:[01][0-9a-fA-F]|20|7[fF])|[\x00-\x20\x7f]")


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "dir":
        return value if value.strip().lower() in _DIRECTIONS else None
    if attribute == "style":  # only the alignment markdown-it writes for table columns
        return value if _ALIGN.match(value) else None
    if attribute in ("href", "src"):
        scheme = _SCHEME.match(_DISGUISE.sub("", value))
        if scheme and scheme.group().strip()[:-1].lower() not in URL_SCHEMES:
            return None
    if tag == "img" and attribute == "src" and (_SCHEME.match(value) or value.strip().startswith("//")):
        return None  # a remote image would make the reader's browser leave the site
    return value


def sanitize_html(html: str) -> str:
    """Reduce HTML to the allow-list: no scripts, handlers, styles or unsafe URLs; tags balanced."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, allowed_classes=ALLOWED_CLASSES,
                     url_schemes=URL_SCHEMES, attribute_filter=_attribute_filter, strip_comments=True,
                     link_rel=None)


def _wikilink_rule(state, silent: bool) -> bool:
    if silent:
        # Silent mode is markdown-it scanning a link's [text]: a [[link]] there must read as
        # brackets, or it is taken for a nested link and the whole [text](url) is dropped.
        return False
    if not state.src.startswith("[[", state.pos):
        return False
    match = WIKILINK.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("wikilink", "", 0)
        token.content = match.group(0)
    state.pos = match.end()
    return True


def make_markdown() -> MarkdownIt:
    """The Markdown dialect of briefing bodies: CommonMark, tables, strikethrough, [[links]]."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)
    return md


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity mentioned in a body: how often, and the sentence of its first mention."""

    entity_id: str
    count: int
    context: str
    line: int


@dataclass(frozen=True, slots=True)
class RenderedBody:
    html: str
    mentions: tuple[Mention, ...]
    problems: tuple[Problem, ...]


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+")


def sentence_at(text: str, offset: int) -> str:
    """The sentence of text that holds offset (split at . ! ? followed by space)."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() <= offset:
            start = match.end()
        else:
            return text[start:match.start()].strip()
    return text[start:].strip()


def render_body(body: str, registry: EntityRegistry, entity_href: Callable[[str], str], *,
                path: str = "", first_line: int = 1, autolink: bool = True,
                matcher: EntityMatcher | None = None, md: MarkdownIt | None = None) -> RenderedBody:
    """Render a Markdown body to sanitised HTML with entity links.

    Unknown [[links]] come back as problems at their file line and column
    (first_line is the file line of the body's first line).
    """
    md = md or make_markdown()
    if autolink and matcher is None:
        matcher = EntityMatcher(registry)
    tokens = md.parse(body)
    lines = body.split("\n")
    state = LinkState()
    counts: dict[str, int] = {}
    first: dict[str, tuple[str, int, bool]] = {}
    problems: list[Problem] = []
    in_heading = False
    for token in tokens:
        if token.type in _DIRECTIONAL_BLOCKS:
            token.attrSet("dir", "auto")
        if token.type == "heading_open":
            in_heading = True
            if token.tag == "h1":  # the page's own title is the only h1
                token.tag = "h2"
        elif token.type == "heading_close":
            in_heading = False
            if token.tag == "h1":
                token.tag = "h2"
        elif token.type == "inline" and token.children is not None:
            block_line = token.map[0] if token.map else 0
            problems += _unresolved(token, registry, lines, path, first_line)
            token.children = _link_inline(_join_soft_breaks(token.children), registry,
                                          matcher if autolink else None, state,
                                          in_heading, entity_href, counts, first, block_line)
    html = md.renderer.render(tokens, md.options, {})
    mentions = tuple(Mention(eid, counts[eid], first[eid][0], first_line + first[eid][1]) for eid in counts)
    return RenderedBody(sanitize_html(html), mentions, tuple(problems))


def _link_inline(children: list[Token], registry: EntityRegistry, matcher: EntityMatcher | None,
                 state: LinkState, in_heading: bool, entity_href: Callable[[str], str],
                 counts: dict[str, int], first: dict[str, tuple[str, int, bool]], block_line: int) -> list[Token]:
    out: list[Token] = []
    plain: list[str] = []  # the paragraph as plain text, for the context of first mentions
    pending: list[tuple[str, int]] = []
    queued: set[str] = set()
    link_depth = html_depth = 0
    for child in children:
        if child.type == "link_open":
            link_depth += 1
        elif child.type == "link_close":
            link_depth -= 1
        elif child.type == "html_inline":
            html_depth = max(0, html_depth + _html_nesting(child.content))
        if child.type not in ("text", "wikilink"):
            if child.type in ("code_inline",):
                plain.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                plain.append(" ")
            out.append(child)
            continue
        protected = in_heading or link_depth > 0 or html_depth > 0
        text = child.content
        if child.type == "text" and protected:
            found = matcher.find(text) if matcher else []
            mentions = found
            segments = None
        else:
            # a wikilink inside a protected place keeps only its text, but still counts; it is
            # not a link, so it must not stop the first mention in the text from being linked
            segments, _unresolved_links, mentions = link_text(
                text, registry, None if protected else matcher, LinkState() if protected else state)
            if protected:
                segments = [type(s)(s.text) for s in segments]
        if segments is None:
            out.append(child)
            plain.append(text)
        else:
            shown = "".join(s.text for s in segments)
            plain.append(shown)
            for segment in segments:
                if segment.entity_id:
                    out.append(Token("link_open", "a", 1, attrs={"href": entity_href(segment.entity_id),
                                                                  "class": "entity-link"}))
                    out.append(Token("text", "", 0, content=segment.text))
                    out.append(Token("link_close", "a", -1))
                else:
                    out.append(Token("text", "", 0, content=segment.text))
        offset = None
        for mention in mentions:
            counts[mention.entity_id] = counts.get(mention.entity_id, 0) + 1
            # only an entity's first mention in a paragraph can give its context: one entry each, and the
            # offset summed only then, keep a paragraph of 100,000 names linear (it was quadratic)
            if mention.entity_id not in queued and (mention.entity_id not in first or first[mention.entity_id][2]):
                queued.add(mention.entity_id)
                if offset is None:
                    offset = sum(map(len, plain)) - len(plain[-1])
                pending.append((mention.entity_id, offset + (mention.start if segments is None else
                                                            _shown_offset(text, mention.start))))
    paragraph = "".join(plain)
    for entity_id, offset in pending:
        # a heading is a poor context: a later sentence replaces it
        if entity_id not in first or (first[entity_id][2] and not in_heading):
            first[entity_id] = (sentence_at(paragraph, offset), block_line, in_heading)
    return out


def _join_soft_breaks(children: list[Token]) -> list[Token]:
    """Join text runs split by a soft line break (which renders as white space), so that a name
    wrapped over two lines of the source is found as one name."""
    out: list[Token] = []
    for child in children:
        if child.type == "text" and len(out) >= 2 and out[-1].type == "softbreak" and out[-2].type == "text" \
                and not _wikilink_across(out[-2].content, child.content):
            out.pop()
            out[-1].content += " " + child.content
        else:
            out.append(child)
    return out


def _wikilink_across(before: str, after: str) -> bool:
    """True if joining would make a [[link]] out of brackets on two lines: a [[link]] never spans
    lines (WIKILINK), and one made here would be neither checked nor shown with its brackets."""
    boundary = len(before)
    return any(m.start() < boundary < m.end() for m in WIKILINK.finditer(before + " " + after))


def _shown_offset(text: str, raw_offset: int) -> int:
    """Offset in the shown text of a raw offset in text whose [[links]] show their label."""
    shown = 0
    position = 0
    for match in WIKILINK.finditer(text[:raw_offset]):
        shown += match.start() - position + len(match.group(2) or match.group(1))
        position = match.end()
    return shown + raw_offset - position


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


def _unresolved(token: Token, registry: EntityRegistry, lines: list[str], path: str,
                first_line: int) -> list[Problem]:
    problems = []
    seen: dict[str, int] = {}
    start, end = token.map if token.map else (0, len(lines))
    children = token.children or []
    for index, child in enumerate(children):
        if child.type != "wikilink":
            continue
        match = WIKILINK.fullmatch(child.content)
        target = match.group(1) if match else child.content
        if target.strip() and registry.resolve(target):
            continue
        # the same text in an earlier code span or plain text is not a link, but _locate will see it
        occurrence = seen.get(child.content, 0) + sum(
            c.content.count(child.content) for c in children[:index] if c.type != "wikilink")
        seen[child.content] = seen.get(child.content, 0) + 1
        line, col = _locate(child.content, occurrence, lines, start, end)
        problems.append(unresolved_problem(path, first_line + line, col + 1, target, registry))
    return problems


def _locate(needle: str, occurrence: int, lines: list[str], start: int, end: int) -> tuple[int, int]:
    for number in range(start, min(end, len(lines))):
        column = lines[number].find(needle)
        while column != -1:
            if occurrence == 0:
                return number, column
            occurrence -= 1
            column = lines[number].find(needle, column + 1)
    return start, 0
