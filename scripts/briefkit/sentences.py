"""Sentences of a text: the one rule for where a sentence ends, shared by the quotes of entity
pages (body.py) and by the drafting of `briefkit new` (authoring/).

A sentence ends at . ! ? or … (and any closing quotes or brackets) when the next word starts
with a capital or a digit; an abbreviation ("Mr.", "Gen.", "U.S.") or an initial ("J. Smith")
does not end one, so "Mr. Amirabdollahian met ..." stays one sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "lt", "col", "capt", "sgt", "gov", "sen",
                  "rep", "prof", "vs", "v", "inc", "ltd", "co", "corp", "e.g", "i.e", "etc", "approx",
                  "dept", "mt", "ft", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
                  "oct", "nov", "dec", "u.s", "u.k", "u.n", "a.m", "p.m"}
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9À-Ý])|\n+")
# "No. 5", "Fig. 2": abbreviations only before a number ("said no. Then ..." ends a sentence)
_BEFORE_NUMBER = {"no", "fig"}


@dataclass(frozen=True)
class Sentence:
    """A sentence and where it starts in the text it was split from."""

    start: int  # offset in the text
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of text, never across a line break; abbreviations and initials do not end one."""
    out: list[Sentence] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        # a period right before a closing quote ends what was quoted, never an abbreviation
        if match.group().startswith(".") and match.group().rstrip(".") == "":
            token = _last_word(text, start, match.start())
            initial = len(token) == 1 and token.isupper()  # "J. Smith"; "plan a." ends a sentence
            token = token.lower()
            if (token in _ABBREVIATIONS or initial
                    or (token in _BEFORE_NUMBER and text[match.end():].lstrip()[:1].isdigit())):
                continue
        end = match.end() if not match.group().startswith("\n") else match.start()
        if text[start:end].strip():
            lead = len(text[start:end]) - len(text[start:end].lstrip())
            out.append(Sentence(start + lead, text[start:end].strip()))
        start = match.end()
    if text[start:].strip():
        lead = len(text[start:]) - len(text[start:].lstrip())
        out.append(Sentence(start + lead, text[start:].strip()))
    return out


def _last_word(text: str, start: int, end: int) -> str:
    """The word before a period that ends at end (its letters, digits, underscores and periods: "U.S"), at most
    back to start. Scanned backwards: a regular expression anchored at the end would try every position of
    the sentence before it, which made splitting a fifth of reading a briefing."""
    begin = end
    while begin > start and (text[begin - 1].isalnum() or text[begin - 1] in "_."):  # what \w and . match
        begin -= 1
    return text[begin:end]


def sentence_at(text: str, offset: int) -> str:
    """The sentence of text that holds offset, as written there.

    A line break inside a paragraph is a soft wrap there, not the end of a sentence: it is read as
    a space (the same length, so offsets stay true)."""
    return sentences_at(text, [offset])[0]


def sentences_at(text: str, offsets: Sequence[int]) -> list[str]:
    """sentence_at for each of offsets, the text split once (a paragraph may name a dozen entities)."""
    sentences = split_sentences(text.replace("\n", " ")) if offsets else []
    if not sentences:
        return ["" for _ in offsets]
    starts = [sentence.start for sentence in sentences]
    holders = [sentences[max(0, bisect_right(starts, offset) - 1)] for offset in offsets]
    return [text[holder.start:holder.start + len(holder.text)] for holder in holders]
