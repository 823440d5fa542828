"""A plain article's parts: title, standfirst, paragraphs; and its text made safe to draft from.

The first step of `briefkit new`: the seed's shape (title line, blank line, standfirst, blank
line, paragraphs) read by rules, hard-wrapped lines joined and bullet lines kept as a list.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from briefkit.load import BIDI_CONTROLS, CONTROLS
from briefkit.sentences import split_sentences


@dataclass(frozen=True)
class Article:
    """A plain article split into title, optional standfirst and paragraphs (standfirst included)."""

    title: str
    standfirst: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        """Title and paragraphs as one text, paragraphs separated by blank lines."""
        return "\n\n".join((self.title, *self.paragraphs))


_BULLET = re.compile(r"^\s*(?:[•·▪◦‣∙●○■–—]|\*|-|\+)\s+")
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+")
_LINE_END = re.compile(r"[.!?:;\"”’')\]]\s*$")
_HEADING_MARK = re.compile(r"^\s*#{1,6}\s+")
STANDFIRST_MAX = 350


def _is_list_line(line: str) -> bool:
    return bool(_BULLET.match(line) or _NUMBERED.match(line))


def _block_paragraphs(lines: list[str]) -> list[str]:
    """One block of lines: list lines stay lines, sentence-ending lines are paragraphs of their own,
    hard-wrapped lines are joined."""
    out: list[str] = []
    current: list[str] = []
    list_lines: list[str] = []

    def flush_text():
        if current:
            out.append(" ".join(current))
            current.clear()

    def flush_list():
        if list_lines:
            out.append("\n".join(list_lines))
            list_lines.clear()

    for line in lines:
        line = line.strip()
        if _is_list_line(line):
            flush_text()
            list_lines.append(_BULLET.sub("- ", line, count=1))
            continue
        flush_list()
        current.append(line)
        if _LINE_END.search(line):
            flush_text()
    flush_text()
    flush_list()
    return out


def parse_article(text: str) -> Article:
    """Split a plain article: first line the title; a short second block after a blank line is
    the standfirst; then paragraphs (hard-wrapped lines joined, bullet lines kept as a list)."""
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        return Article("", "", ())
    title = " ".join(_HEADING_MARK.sub("", lines[0]).split())
    rest = lines[1:]
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in rest:
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    paragraphs: list[str] = []
    for block in blocks:
        paragraphs += _block_paragraphs(block)
    standfirst = ""
    title_then_blank = bool(rest) and not rest[0].strip()
    if title_then_blank and len(blocks) > 1 and len(_block_paragraphs(blocks[0])) == 1:
        first = paragraphs[0]
        if len(first) <= STANDFIRST_MAX and len(split_sentences(first)) <= 2 and not _is_list_line(first):
            standfirst = first
    return Article(title, standfirst, tuple(paragraphs))


def first_sentence(text: str) -> str:
    sentences = split_sentences(text)
    return sentences[0].text if sentences else text.strip()


def normalise_text(text: str) -> str:
    """NFC, line ends normalised; what `briefkit check` refuses in a briefing is taken out: control
    characters become spaces, bidirectional embeddings and overrides (invisible) are dropped."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\t", "    ")
    text = re.sub(f"[{BIDI_CONTROLS}\ufeff]", "", text)
    return re.sub(f"[{CONTROLS}\u2028\u2029]", " ", text)

