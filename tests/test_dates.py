"""Partial dates: the value type, its parsing and resolving, and events dated to a month or a year
passing check, the timeline, the feeds and the export."""

from __future__ import annotations

import datetime
import json
import random
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from briefkit.authoring import event_dates
from briefkit.convert import convert
from briefkit.dates import PartialDate, parse_partial, resolve_month, resolve_weekday
from briefkit.load import load_briefing
from briefkit.project import find_project
from briefkit.validate import SCHEMA_DIR, validate_briefing


def test_iso_text_sorts_as_the_dates_do():
    # The model keeps an event's date as its ISO text: sorting that text must be sorting the dates.
    rng = random.Random(18)
    dates = [PartialDate(rng.randint(1990, 2030), rng.choice([0, rng.randint(1, 12)]), 0) for _ in range(300)]
    dates += [PartialDate(d.year, d.month or 1, rng.randint(1, 28)) for d in dates[:150]]
    assert [d.iso for d in sorted(dates)] == sorted(d.iso for d in dates)
    assert PartialDate(2004) < PartialDate(2004, 6) < PartialDate(2004, 6, 17) < PartialDate(2005)


@pytest.mark.parametrize("text, expected", [
    ("2004", PartialDate(2004)), ("2004-06", PartialDate(2004, 6)), ("2024-02-29", PartialDate(2024, 2, 29)),
])
def test_parse_partial(text, expected):
    assert parse_partial(text) == (expected, "")
    assert expected.iso == text and str(expected) == text
    assert expected.precision == {4: "year", 7: "month", 10: "day"}[len(text)]


@pytest.mark.parametrize("text, message", [
    ("2004-13", "there is no month 13"), ("2023-02-29", "not a real calendar date"),
    ("June 2004", "not a date in YYYY, YYYY-MM or YYYY-MM-DD form"), ("04-06", "YYYY, YYYY-MM or YYYY-MM-DD"),
])
def test_parse_partial_says_what_is_wrong(text, message):
    date, wrong = parse_partial(text)
    assert date is None and message in wrong


def test_months_and_weekdays_resolved_against_the_article_date():
    thursday = datetime.date(2006, 3, 16)
    assert resolve_month(6, thursday) == PartialDate(2005, 6)  # "in June", said in March: last June
    assert resolve_month(6, thursday, future=True) == PartialDate(2006, 6)
    assert resolve_month(1, thursday, future=True) == PartialDate(2007, 1)
    assert resolve_weekday(2, thursday) == datetime.date(2006, 3, 15)  # "on Wednesday"
    assert resolve_weekday(3, thursday) == thursday  # "on Thursday" in a Thursday report
    assert resolve_weekday(3, thursday, future=True) == datetime.date(2006, 3, 23)
    assert resolve_weekday(4, thursday, future=True) == datetime.date(2006, 3, 17)


BRIEFING = """---
title: Gas found off Mumbai
summary: A find.
date: 2006-03-16
events:
  - {date: "1997", summary: Gas demand starts to grow}
  - {date: 2004-06, summary: Drilling begins}
  - {date: 2006-03-15, summary: The find is announced}
  - {date: %s, summary: Something}
---

Body.
"""


@pytest.mark.parametrize("date, message", [
    ("2004-13", "events[3].date: '2004-13' is not a real calendar date: there is no month 13"),
    ("2004-6", "is not a date in YYYY, YYYY-MM or YYYY-MM-DD form"),
    ("June 2004", "is not a date in YYYY, YYYY-MM or YYYY-MM-DD form"),
])
def test_events_take_partial_dates_and_bad_ones_are_named(tmp_path: Path, date: str, message: str):
    file = tmp_path / "2006-03-16-gas.md"
    file.write_text(BRIEFING % '"2005"', encoding="utf-8")
    briefing, problems = validate_briefing(load_briefing(file, "briefings/2006-03-16-gas.md")[0])
    assert problems == [] and [e.date for e in briefing.events] == ["1997", "2004-06", "2006-03-15", "2005"]
    file.write_text(BRIEFING % date, encoding="utf-8")
    briefing, problems = validate_briefing(load_briefing(file, "briefings/2006-03-16-gas.md")[0])
    assert briefing is None and [(p.line, p.format().split(": error: ")[1]) for p in problems][0][0] == 9
    assert message in problems[0].message


def test_partial_dates_reach_the_timeline_feeds_and_export(project: Path):
    (project / "briefings" / "2006-03-16-gas.md").write_text(BRIEFING % '"2005"', encoding="utf-8")
    problems = convert(find_project(project)).problems
    assert not [p for p in problems if p.severity == "error"], problems
    docs = project / "docs"
    export = json.loads((docs / "briefings.json").read_text(encoding="utf-8"))
    schema = json.loads((SCHEMA_DIR / "export.schema.json").read_text(encoding="utf-8"))
    assert list(Draft202012Validator(schema).iter_errors(export)) == []
    dates = [e["date"] for e in export["events"]]
    assert dates == sorted(dates) and {"1997", "2004-06", "2005"} <= set(dates)
    timeline = (docs / "timeline" / "index.md").read_text(encoding="utf-8")
    assert '<time datetime="2004-06">June 2004</time>' in timeline and '<time datetime="1997">1997</time>' in timeline
    assert timeline.index('datetime="1997"') < timeline.index('datetime="2004-06"') < timeline.index('datetime="2005"')
    json.loads((docs / "feed.json").read_text(encoding="utf-8"))  # feeds carry briefing dates: still whole days


# ---------------------------------------------------------------------------- dates in an article's text


@pytest.mark.parametrize("sentence, article_date, expected", [
    ("On January 17, Iran conducted a strike.", "2024-01-29", ["2024-01-17"]),
    ("On 17 January Iran struck.", "2024-01-29", ["2024-01-17"]),
    ("The talks began on December 12.", "2024-01-29", ["2023-12-12"]),  # a later month: the year before
    ("He is due in Berlin on 4 March.", "2024-02-29", ["2024-03-04"]),  # spoken of as future
    ("The summit will open on January 5.", "2024-12-20", ["2025-01-05"]),
    ("It was signed on 25 July 2013 and on Sept. 21, 2016.", "2024-05-22", ["2013-07-25", "2016-09-21"]),
    ("Witnesses spoke between March 4 and April 30, 2021.", "2024-03-01", ["2021-03-04", "2021-04-30"]),
    ("The ruling of 2024-02-29 stands.", "2024-03-01", ["2024-02-29"]),
    ("Fighting escalated earlier this month and last week.", "2024-01-29", []),  # relative: not guessed
    ("Fighting escalated in March 2023 and in 2021.", "2024-01-29", ["2023-03", "2021"]),  # partial dates
    ("Gas demand has grown since 1997 and should double by 2008.", "2006-03-16", ["1997", "2008"]),
    ("Output began in June 2009, in 1980 and 1984, not in the 1990s or the 2010 season.", "2024-01-29",
     ["2009-06", "1980", "1984"]),
    ("The talks, held since mid-June, resume in September.", "2022-08-30", ["2022-06", "2022-09"]),
    ("The line opened in October, and a second is due to open in March.", "2024-11-20", ["2024-10", "2025-03"]),
    ("She said on Wednesday it would close.", "2006-03-16", ["2006-03-15"]),  # a Thursday: the day before
    ("Officials said they would meet on Friday.", "2006-03-16", ["2006-03-17"]),  # the future: the next one
    ("The council met on Thursday, Feb. 1.", "2024-02-03", ["2024-02-01"]),  # the weekday of a given day
    ("It may rain. May 2020 was dry; Theresa May spoke in May.", "2024-06-01", ["2020-05", "2024-05"]),
    ("Nothing happened on 31 September or on February 30.", "2024-03-01", []),
    ("The boat Unaizah May 4 was hit.", "2024-03-24", []),
    ("Prabowo, who takes office on October 20, stood by.", "2024-08-18", ["2024-10-20"]),  # a timetable
])
def test_explicit_dates_resolved_against_the_article_date(sentence, article_date, expected):
    found = event_dates.find_dates(sentence, datetime.date.fromisoformat(article_date))
    assert [d.date for d in found] == expected


@pytest.mark.parametrize("sentence, article_date, date, summary", [
    ("KIEV, Ukraine (Reuters) - Shelling killed four civilians in Donetsk on Tuesday, local officials said, "
     "as a ceasefire agreed in Minsk in February 2015 came under renewed strain.", "2015-04-23", "2015-02",
     "As a ceasefire agreed in Minsk in February 2015 came under renewed strain"),
    ("NEW DELHI - The state-run company said on Wednesday it had found gas.", "2006-03-16", "2006-03-15",
     "The state-run company said on Wednesday it had found gas"),
])
def test_an_event_summary_is_the_clause_that_states_it(sentence, article_date, date, summary):
    found = [m for m in event_dates.find_dates(sentence, datetime.date.fromisoformat(article_date)) if m.date == date]
    assert [m.summary for m in found] == [summary]
    assert len(found[0].summary.split()) <= event_dates.EVENT_SUMMARY_WORDS


@pytest.mark.parametrize("sentence, article_date, expected", [
    # the tense of the clause that leads to the date, not of a later clause
    ("Guaido, who declared himself president on January 23, said aid would enter.", "2019-02-27",
     ["2019-01-23"]),
    ("Flights were suspended until Saturday, the airline said.", "2025-05-07", ["2025-05-10"]),
])
def test_the_clause_before_a_date_decides_its_tense(sentence, article_date, expected):
    found = event_dates.find_dates(sentence, datetime.date.fromisoformat(article_date))
    assert [d.date for d in found] == expected
