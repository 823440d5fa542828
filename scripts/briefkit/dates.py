"""Dates at the precision a text gives them: a year, a month of a year, or a day.

A news article says "in June 2004", "since 1997" or "on 17 January"; a briefing's event
keeps what was said, as `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (DESIGN.md). The model keeps an
event's date as that ISO text, and that is safe for every stage that sorts or groups it:
ISO prefixes compare as text exactly as PartialDate compares (a year before its months, a
month before its days, then chronologically), `date[:4]` is always the year, and
render.human_date shows each form ("2004", "June 2004", "17 June 2004"). This module is
the one place that parses, checks and resolves such dates.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

YEAR, MONTH, DAY = "year", "month", "day"
_FORM = re.compile(r"^(?P<year>-?[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?$")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to the year, the month or the day (0 = not known).

    Ordered as its ISO text is: (2004, 0, 0) < (2004, 6, 0) < (2004, 6, 17) < (2005, 0, 0).
    """

    year: int
    month: int = 0
    day: int = 0

    @property
    def precision(self) -> str:
        """"year", "month" or "day"."""
        return DAY if self.day else MONTH if self.month else YEAR

    @property
    def iso(self) -> str:
        """`YYYY`, `YYYY-MM` or `YYYY-MM-DD`."""
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    def __str__(self) -> str:
        return self.iso

    @classmethod
    def of(cls, date: datetime.date) -> PartialDate:
        """The day a datetime.date names."""
        return cls(date.year, date.month, date.day)


def parse_partial(text: str) -> tuple[PartialDate | None, str]:
    """(the date, "") for `YYYY`, `YYYY-MM` or `YYYY-MM-DD` naming a real year, month or day;
    (None, what is wrong) otherwise."""
    match = _FORM.match(text)
    if not match:
        return None, f"{text!r} is not a date in YYYY, YYYY-MM or YYYY-MM-DD form"
    year, month, day = int(match["year"]), int(match["month"] or 0), int(match["day"] or 0)
    if match["month"] and not 1 <= month <= 12:
        return None, f"{text!r} is not a real calendar date: there is no month {match['month']}"
    if match["day"]:
        try:
            datetime.date(year, month, day)
        except ValueError:
            return None, f"{text!r} is not a real calendar date"
    return PartialDate(year, month, day), ""


def resolve_month(month: int, article_date: datetime.date, future: bool = False) -> PartialDate:
    """A month named without a year ("in March"), against the article's date: the article's
    year, or the year before when that month is still to come (a past event), or the year
    after when it has gone by and the text speaks of the future ("is due in March")."""
    year = article_date.year
    if not future and month > article_date.month:
        year -= 1
    elif future and month < article_date.month:
        year += 1
    return PartialDate(year, month)


def resolve_weekday(weekday: int, article_date: datetime.date, future: bool = False) -> datetime.date:
    """A weekday ("on Wednesday", 0 = Monday) against the article's date: the latest such day
    up to the article's own (wire copy's "on Thursday" in a Thursday report is that day), or,
    for the future ("will meet on Friday"), the next such day after it."""
    if future:
        return article_date + datetime.timedelta(days=(weekday - article_date.weekday()) % 7 or 7)
    return article_date - datetime.timedelta(days=(article_date.weekday() - weekday) % 7)


__all__ = ["DAY", "MONTH", "PartialDate", "WEEKDAYS", "YEAR", "parse_partial", "resolve_month", "resolve_weekday"]
