"""Sentences of a text: the one rule for where a sentence ends, shared by the quotes of entity
pages (body.py) and by the drafting of `briefkit new` (authoring/).

A sentence ends at . ! ? or … (and any closing quotes or brackets) when the next word starts
with a capital or a digit; an abbreviation ("Mr.", "Gen.", "U.S.") or an initial ("J. Smith")
does not end one, so "Mr. Amirabdollahian met ..." stays one sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "lt", "col", "capt", "sgt", "gov", "sen",
                  "rep", "prof", "vs", "v", "inc", "ltd", "co", "corp", "e.g", "i.e", "etc", "approx",
                  "dept", "mt", "ft", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
                  "oct", "nov", "dec", "u.s", "u.k", "u.n", "a.m", "p.m"}
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9À-Ý])|\n+")
# "No. 5", "Fig. 2": abbreviations only before a number ("said no. Then ..." ends a sentence)
_BEFORE_NUMBER = {"no", "fig"}
_LAST_WORD = re.compile(r"([\w.]+)\.*$")


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
            word = _LAST_WORD.search(text[start:match.start()])
            token = word.group(1) if word else ""
            number_next = text[match.end():].lstrip()[:1].isdigit()
            initial = len(token) == 1 and token.isupper()  # "J. Smith"; "plan a." ends a sentence
            token = token.lower()
            if (token in _ABBREVIATIONS or initial
                    or (token in _BEFORE_NUMBER and number_next)):
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


def sentence_at(text: str, offset: int) -> str:
    """The sentence of text that holds offset, as written there.

    A line break inside a paragraph is a soft wrap there, not the end of a sentence: it is read as
    a space (the same length, so offsets stay true)."""
    sentences = split_sentences(text.replace("\n", " "))
    if not sentences:
        return ""
    holder = sentences[0]
    for sentence in sentences[1:]:
        if sentence.start > offset:
            break
        holder = sentence
    return text[holder.start:holder.start + len(holder.text)]
