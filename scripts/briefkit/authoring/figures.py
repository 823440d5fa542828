"""Candidate facts and quotes for `briefkit new`: figures with what they count or measure, quotations.

Pure functions over an article's text, by rules; every figure is a candidate the author keeps,
rewrites or deletes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefkit.authoring import gazetteer as gz
from briefkit.authoring.event_dates import DATE_PATTERN
from briefkit.sentences import split_sentences

_NUMBER_WORDS = ("two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
                 "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred "
                 "hundreds thousand thousands dozens dozen").split()
_SCALE = r"(?:\s*(?:million|billion|trillion|bn|m|k|thousand|hundred|crore|lakh)\b)?"
_AMOUNT = (r"(?:(?:[$£€¥₹]|US\$|A\$|C\$|Rs\.?\s?)\s?\d[\d,]*(?:\.\d+)?" + _SCALE
           + r"|\d[\d,]*(?:\.\d+)?" + _SCALE + r"\s?(?:%|per cent|percent)"
           + r"|\d[\d,]*(?:\.\d+)?" + _SCALE
           + r"|\b(?:" + "|".join(_NUMBER_WORDS) + r")(?:[\s-](?:" + "|".join(_NUMBER_WORDS) + r"))*)")
# what a figure counts: a plural noun ("labourers", "people", "children"), up to three words on
_NOUN_PHRASE = (r"(?:\s+(?:[A-Za-zÀ-ÿ][\w'’-]*)){0,3}?\s+"
                r"(?P<noun>(?:[a-zà-ÿ][\w'’-]*s|people|children|[a-z]*men|"
                r"police|staff|personnel|cattle|sheep|aircraft|livestock|crew))\b")
_QUALIFIER = r"(?:(?:more than|at least|about|around|nearly|almost|over|some|up to|fewer than|less than)\s+)?"
_FIGURE = re.compile(r"(?P<figure>" + _QUALIFIER + _AMOUNT + r")(?:" + _NOUN_PHRASE + r")?", re.I)
_NOT_NOUNS = frozenset("is was has does years months weeks days hours minutes times as its this".split())


@dataclass(frozen=True)
class Figure:
    """A number with what it counts: a candidate fact."""

    label: str
    value: str
    sentence: str


def find_figures(text: str, limit: int = 20) -> list[Figure]:
    """Figures with their noun ("nine Pakistani labourers", "$2.7 billion", "22%"), first found first."""
    out: list[Figure] = []
    seen = set()
    for sentence in (s for paragraph in text.split("\n") for s in split_sentences(paragraph)):
        dates = [(m.start(), m.end()) for m in DATE_PATTERN.finditer(sentence.text)]
        for match in _FIGURE.finditer(sentence.text):
            figure = match.group("figure").strip().rstrip(",.")
            number = re.sub(r"[^\d.]", "", figure)
            if re.fullmatch(r"(?:1[89]|2[01])\d\d", number) and not re.search(r"[$£€%]", figure):
                continue  # a year
            if any(s <= match.start() < e or s < match.end("figure") <= e for s, e in dates):
                continue
            noun = match.group("noun")
            between = sentence.text[match.end("figure"):match.start("noun")].split() if noun else []
            if any(w.lower() in gz.STOPWORDS or w.lower() in _NOT_NOUNS or (w[0].isupper() and not gz.is_demonym(w))
                   for w in between):
                noun = None
            money = bool(re.search(r"[$£€¥₹]|US\$|Rs", figure))
            percent = bool(re.search(r"%|per ?cent", figure, re.I))
            if noun and noun.lower() not in _NOT_NOUNS and not money and not percent:
                value = sentence.text[match.start():match.end("noun")].strip()
                label = value[len(figure):].strip()
            elif money or percent:
                value = figure if not noun else sentence.text[match.start():match.end("noun")].strip()
                label = _measure_label(sentence.text, match.start(), match.end("figure")) or (
                    "Amount" if money else "Share")
            elif figure[0].isdigit() and len(number.replace(".", "")) >= 3 and "," in figure:
                value, label = figure, "Figure"
            else:
                continue
            label = label[:1].upper() + label[1:]
            key = value.lower()
            if key in seen:
                continue
            seen.add(key)
            same = sum(1 for f in out if f.label == label or f.label.startswith(label + " ("))
            if same:  # two facts never share a label: the second says which it is
                label = f"{label} ({same + 1})"
            out.append(Figure(label[:100], value[:1000], sentence.text))
            if len(out) >= limit:
                return out
    return out


# What a money or percentage figure measures, from the verb before it: "grown by more than 5%" is growth
_MEASURE_VERBS = {"rose": "Rise", "risen": "Rise", "rise": "Rise", "grew": "Growth", "grown": "Growth",
                  "grow": "Growth", "increased": "Increase", "fell": "Fall", "fallen": "Fall", "dropped": "Fall",
                  "declined": "Fall", "climbed": "Rise", "jumped": "Rise", "cut": "Cut", "fined": "Fine",
                  "cost": "Cost", "costs": "Cost", "spent": "Spending", "spend": "Spending", "invest": "Investment",
                  "invested": "Investment", "raised": "Rise", "lost": "Loss", "owns": "Stake", "paid": "Payment",
                  "pays": "Payment", "sold": "Sale", "sell": "Sale", "buy": "Price", "bought": "Price",
                  "worth": "Value", "valued": "Value", "estimated": "Estimate", "estimates": "Estimate",
                  "won": "Vote share", "took": "Vote share", "reached": "Level", "stood": "Level", "at": ""}
_MEASURE_SUBJECT = re.compile(r"(?:^|[,;:]\s+|\b(?:that|and|as|while)\s+)(?P<subject>(?:[\w'’-]+\s+){1,4}?)"
                              r"(?:has\s+|have\s+|had\s+|was\s+|were\s+)?$")


def _measure_label(sentence: str, start: int, end: int) -> str:
    """A label for a money or percentage figure from what the sentence says of it: "Demand for gas
    has grown by more than 5%" -> "Growth: demand for gas"; "" when the sentence does not say."""
    before = sentence[:start].rstrip()
    verb = re.search(r"([\w’'-]+)(?:\s+[A-Z][\w’'-]*){0,3}(?:\s+(?:by|to|of|about|around|nearly|almost|some|"
                     r"up to|more than|less than|at least|over))*$", before)  # "fined Apple €1.8 billion"
    if not verb or verb.group(1).lower() not in _MEASURE_VERBS or not _MEASURE_VERBS[verb.group(1).lower()]:
        return ""
    what = _MEASURE_VERBS[verb.group(1).lower()]
    subject = _MEASURE_SUBJECT.search(before[:verb.start()])
    if subject and subject["subject"].strip():
        words = subject["subject"].split()
        if words[0].lower() in ("the", "a", "an"):
            words = words[1:]
        if words and words[-1].lower() not in gz.STOPWORDS:
            return f"{what}: {' '.join(words)}"
    return what


_QUOTE = re.compile(r"“(?P<a>[^”\n]{3,}?)”|\"(?P<b>[^\"\n]{3,}?)\"")


@dataclass(frozen=True)
class Quote:
    quote: str
    sentence: str


def find_quotes(text: str, min_words: int = 3) -> list[Quote]:
    """Quoted words (at least min_words: single scare-quoted words are left out) with their sentence."""
    out = []
    for paragraph in text.split("\n"):
        for match in _QUOTE.finditer(paragraph):
            quote = (match.group("a") or match.group("b")).strip().rstrip(",")
            if len(quote.split()) < min_words:
                continue
            sentence = _sentence_around(paragraph, match.start(), match.end())
            out.append(Quote(quote, sentence))
    return out


def _sentence_around(paragraph: str, start: int, end: int) -> str:
    """The sentence(s) holding paragraph[start:end] (a quotation may span sentences)."""
    sentences = split_sentences(paragraph)
    chosen = [s for s in sentences if s.start < end and s.start + len(s.text) > start]
    return " ".join(s.text for s in chosen) or paragraph[start:end]


__all__ = ["Figure", "Quote", "find_figures", "find_quotes"]
