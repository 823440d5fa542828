"""Dates in an article as candidate events for `briefkit new`, at the precision the text gives them.

Days ("17 January", "2024-01-17"), weekdays ("on Wednesday"), months ("in June 2004", "since
mid-June") and years ("since 1997", "by 2008"), resolved against the article's date (dates.py
holds the value type and the resolving); relative phrases ("earlier this month") are not
guessed. Each comes with the clause that states the event, as the draft's summary for it.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from briefkit.authoring import gazetteer as gz
from briefkit.authoring.names import is_capitalised
from briefkit.dates import WEEKDAYS, PartialDate, resolve_month, resolve_weekday
from briefkit.sentences import Sentence, split_sentences

_MONTH_NUMBER = {m: i + 1 for i, m in enumerate(gz.MONTHS)} | gz.MONTH_ABBREVIATIONS
_MONTH_NAME = (r"(?P<month%s>January|February|March|April|May|June|July|August|September|October|November|December"
               r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_DAY = r"(?P<day%s>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year%s>(?:1[89]|2[01])\d\d))?"
_DATE = re.compile(
    r"(?<![\w-])(?:" + _MONTH_NAME % "1" + r"\s+" + _DAY % "1" + r"(?![\d:])" + _YEAR % "1"
    + r"|" + _DAY % "2" + r"\s+(?:of\s+)?" + _MONTH_NAME % "2" + _YEAR % "2"
    + r"|(?P<iso>(?:1[89]|2[01])\d\d-[01]\d-[0-3]\d))(?![\w-])")
_FUTURE = re.compile(r"\b(?:will|shall|is due|are due|due to|is expected|are expected|expected to|is scheduled|"
                     r"are scheduled|scheduled for|plans? to|planned for|is set to|are set to|next|upcoming|"
                     r"would|is to|are to|called on|called for|urged|until|deadline|"
                     # the present tense of timetables: "takes office on October 20", "opens on 30 November"
                     r"takes office|take office|takes effect|take effect|comes into force|come into force|"
                     r"opens|begins|starts|ends|expires|closes|resumes)\b", re.I)


@dataclass(frozen=True)
class DateMention:
    """A date in the text, resolved against the article's date to the precision the text gives
    (YYYY-MM-DD, YYYY-MM or YYYY), with its sentence and the clause that states the event."""

    text: str
    date: str
    sentence: str
    summary: str = ""


def resolve_date(month: int, day: int, year: int | None, article_date: datetime.date,
                 future: bool = False) -> datetime.date | None:
    """A day and month resolved against the article's date.

    Without a year: the article's year; a month after the article's month means the year
    before ("On January 17" in a February article), unless the sentence speaks of the
    future ("is due on 4 March"), when a month before the article's means the year after.
    """
    if year is None:
        year = resolve_month(month, article_date, future).year
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


_YEAR_NUMBER = r"(?:1[89]|2[01])\d\d(?![\d/–-]|s\b|['’]s\b)"
# "in June 2004", "since February 1974", "April 2026": a month and a year, no day
_MONTH_YEAR = re.compile(r"(?<![\w-])" + _MONTH_NAME % "" + r",?\s+(?P<year>" + _YEAR_NUMBER + r")")
# "in May", "since mid-June", "until January", "by December": a month alone, after a word of time
_TIME_WORDS = r"in|since|by|from|until|till|through|before|after|during|of|as of|early|late|mid|end of|start of"
_MONTH_ALONE = re.compile(r"\b(?:" + _TIME_WORDS + r")(?:\s+(?:early|late|mid))?[\s-]+" + _MONTH_NAME % ""
                          + r"(?![\w-]|\s+[0-3]?\d\b|,?\s+(?:1[89]|2[01])\d\d)")
# "since 1997", "by 2008", "in 1980 and 1984": a year after a word of time (not "the 2010 World Cup")
_YEAR_ALONE = re.compile(r"\b(?:in|since|by|from|until|till|before|after|during|around|as of|of)"
                         r"(?:\s+(?:early|late|mid))?[\s-]+(?P<years>" + _YEAR_NUMBER
                         + r"(?:(?:,\s*|\s+(?:and|or|to)\s+)" + _YEAR_NUMBER + r")*)")
_WEEKDAY = re.compile(r"\b(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
                      r"(?!,?\s+(?:the\s+)?(?:[0-3]?\d|" + _MONTH_NAME % "w" + r"))")
# The future as it is said just before a date: "will meet on Friday", "is expected to peak on Thursday"
_FUTURE_NEAR = re.compile(r"\b(?:will|shall|would|is due|are due|due to|expected to|is expected|are expected|"
                          r"scheduled|plans? to|set to|is to|are to|next|upcoming|"
                          # the present tense of timetables: "which meets on Wednesday", "talks resume in May"
                          r"meets|resumes?|opens|begins|starts|takes (?:office|effect)|comes? into force)\b", re.I)
_CLAUSE_START = re.compile(r"\b(?:said|says|told|announced|added)\b|[;:—–]|,\s(?=(?:which|who|when|while|where|"
                           r"and|but|after|as|although)\b)")
_CLAUSE_BREAK = re.compile(r"[;:]|\s[—–]\s|,\s(?=(?:which|who|when|while|where|but|although|though|whose|"
                           r"according|as)\b)")
EVENT_SUMMARY_WORDS = 25
# "NEW DELHI - ", "KIEV, Ukraine (Reuters) - ": where the report was filed, not part of the event
_DATELINE_LEAD = re.compile(r"^(?:[A-Z][A-Z .'’-]+(?:,[^-–—]{0,40})?\s+)?(?:\([^)]*\)\s*)?[-–—]+\s+")


def _future_before(sentence: str, start: int) -> bool:
    """Does the clause that leads to a date speak of the future? ("said on Sunday it would cut"
    is past; "said it would publish its plan on Monday" is future; "who declared himself
    president on January 23, said aid would enter" is past: the tense of a later clause is not
    the date's.)"""
    before = sentence[:start]
    boundary = max((m.end() for m in _CLAUSE_START.finditer(before)), default=0)
    return bool(_FUTURE_NEAR.search(before[boundary:]) or _FUTURE.search(before[boundary:]))


# "suspended until Saturday", "by Friday": a weekday after these is still to come
_UNTIL = re.compile(r"\b(?:until|till|by|next)\s+(?:\w+\s+)?$")


def event_summary(sentence: str, start: int, end: int) -> str:
    """The clause of sentence that holds the date at [start, end), at most about 25 words: an
    event's summary is what happened, not the whole 40-word sentence."""
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, start)), default=0)
    right = next((m.start() for m in _CLAUSE_BREAK.finditer(sentence, end)), len(sentence))
    words = sentence[left:right].split()
    if len(words) > EVENT_SUMMARY_WORDS:
        at = len(sentence[left:start].split())
        first = max(0, min(at - EVENT_SUMMARY_WORDS // 2, len(words) - EVENT_SUMMARY_WORDS))
        words = words[first:first + EVENT_SUMMARY_WORDS]
    clause = _DATELINE_LEAD.sub("", " ".join(words)).strip(" ,;:—–").rstrip(".")
    return (clause[:1].upper() + clause[1:]) if clause else sentence


def _mention(sentence: Sentence, match: re.Match, date: str) -> DateMention:
    return DateMention(match.group().strip(), date, sentence.text,
                       event_summary(sentence.text, match.start(), match.end()))


def find_dates(text: str, article_date: datetime.date) -> list[DateMention]:
    """Every date in text at the precision it is given, resolved against article_date: days
    ("January 17", "17 January 2024", "2024-01-17"), weekdays ("on Wednesday"), months ("in
    June 2004", "since mid-June") and years ("since 1997", "by 2008"); relative phrases
    ("earlier this month") are not guessed."""
    out = []
    for sentence in (s for paragraph in text.split("\n") for s in split_sentences(paragraph)):
        found = _day_dates(sentence, article_date)
        taken = [(m.start(), m.end()) for m, _ in found]
        found += _partial_dates(sentence, article_date, taken)
        out += [_mention(sentence, match, date) for match, date in sorted(found, key=lambda f: f[0].start())]
    return out


def _day_dates(sentence: Sentence, article_date: datetime.date) -> list[tuple[re.Match, str]]:
    """The sentence's calendar days: a day and a month, with or without a year."""
    out = []
    matches = list(_DATE.finditer(sentence.text))
    for index, match in enumerate(matches):
        if match.group("iso"):
            try:
                date = datetime.date.fromisoformat(match.group("iso"))
            except ValueError:
                continue
            out.append((match, date.isoformat()))
            continue
        n = "1" if match.group("month1") else "2"
        month = _MONTH_NUMBER[match.group("month" + n).rstrip(".")]
        day = int(match.group("day" + n))
        year = int(match.group("year" + n)) if match.group("year" + n) else None
        if year is None and index + 1 < len(matches):
            # "between March 4 and April 30, 2021": the range's year is given once, at its end
            following = matches[index + 1]
            joined = sentence.text[match.end():following.start()].strip().lower()
            later_year = following.group("year1") or following.group("year2")
            if later_year and joined in ("and", "to", "until", "through", "-", "–", "—"):
                year = int(later_year)
        before = sentence.text[:match.start()].split()
        if (n == "1" and match.group("month1") == "May" and before and is_capitalised(before[-1])
                and before[-1].rstrip(",") not in gz.WEEKDAYS and before[-1].lower() not in gz.STOPWORDS):
            continue  # "the boat Unaizah May 4": part of a name
        resolved = resolve_date(month, day, year, article_date, future=_future_before(sentence.text, match.start()))
        if resolved is not None:
            out.append((match, resolved.isoformat()))
    return out


def _partial_dates(sentence: Sentence, article_date: datetime.date,
                   taken: list[tuple[int, int]]) -> list[tuple[re.Match, str]]:
    """The sentence's weekdays, months and years that are not part of a calendar day found before."""
    text = sentence.text
    out: list[tuple[re.Match, str]] = []

    def free(match: re.Match, group: int | str = 0) -> bool:
        start, end = match.span(group)
        if any(s < end and start < e for s, e in taken):
            return False
        taken.append((start, end))
        return True

    for match in _MONTH_YEAR.finditer(text):
        if free(match):
            month = _MONTH_NUMBER[match.group("month").rstrip(".")]
            out.append((match, PartialDate(int(match.group("year")), month).iso))
    for match in _MONTH_ALONE.finditer(text):
        name = match.group("month")
        if name == "May" and not re.search(r"\b(?:in|since|until|till|by|from|early|late|mid)[\s-]+May$",
                                           match.group()):
            continue  # "May" is also a verb and a name: only after a plain word of time
        if free(match, "month"):
            month = _MONTH_NUMBER[name.rstrip(".")]
            out.append((match, resolve_month(month, article_date, _future_before(text, match.start())).iso))
    for match in _YEAR_ALONE.finditer(text):
        for year in re.finditer(_YEAR_NUMBER, match.group("years")):
            start = match.start("years") + year.start()
            if not any(s < start + 4 and start < e for s, e in taken):
                taken.append((start, start + 4))
                out.append((match, year.group()))
    for match in _WEEKDAY.finditer(text):
        if free(match):
            weekday = WEEKDAYS.index(match.group("weekday"))
            ahead = _future_before(text, match.start()) or bool(_UNTIL.search(text, 0, match.start()))
            day = resolve_weekday(weekday, article_date, ahead)
            out.append((match, day.isoformat()))
    return out


DATE_PATTERN = _DATE  # a day and a month, with or without a year: figures.py leaves these out

__all__ = ["DATE_PATTERN", "DateMention", "EVENT_SUMMARY_WORDS", "event_summary", "find_dates", "resolve_date"]
