"""The timeline chart (briefkit.pictures.charts): counts per month, bars that link to their month."""

from __future__ import annotations

import pytest

from briefkit import render
from briefkit.pictures.charts import MAX_MONTHS, MonthCount, month_counts, timeline_chart
from helpers.dom import tree
from helpers.pages import SVG, briefing, pages_of, split, svg_of


def test_months_are_counted_from_first_to_last_with_empty_months_between():
    counts = month_counts(["2024-01-05", "2024-03-01", "2024-03"], ["2024-01-17", "2024", "-0500-01-01"])
    assert counts == [MonthCount("2024-01", 1, 1), MonthCount("2024-02", 0, 0), MonthCount("2024-03", 2, 0)]


def test_a_stray_far_date_costs_no_more_than_max_months():
    counts = month_counts(["2024-01-01", "9999-12-31"], [])
    assert len(counts) == MAX_MONTHS and counts[-1] == MonthCount("9999-12", 1, 0)
    assert month_counts([], ["2023"]) == []


def test_each_month_with_entries_is_a_link_with_a_name_and_empty_months_are_not():
    counts = [MonthCount("2024-01", 2, 3), MonthCount("2024-02", 0, 0), MonthCount("2024-03", 1, 0)]
    figure = str(timeline_chart(counts, lambda m: f"../timeline/#{m}", "<b>Iran</b>"))
    assert figure.startswith('<figure class="timeline-chart" ') and "\n\n" not in figure
    links = [a for a in svg_of(figure).iter(f"{SVG}a")]
    assert [a.get("href") for a in links] == ["../timeline/#2024-01", "../timeline/#2024-03"]
    assert links[0].get("aria-label") == "January 2024: 2 briefings, 3 events"
    assert "<b>Iran" not in figure and "&lt;b&gt;Iran&lt;/b&gt;" in figure
    assert "<figcaption>Briefings and events naming &lt;b&gt;Iran&lt;/b&gt; per month, January 2024 to March 2024" \
        in figure


def test_the_chart_is_the_same_bytes_every_time_and_empty_without_counts():
    counts = month_counts([f"2024-{m:02d}-01" for m in range(1, 13)], ["2024-05-05"] * 7)
    assert timeline_chart(counts, str) == timeline_chart(list(counts), str)
    assert timeline_chart([], str) == ""


def test_the_timeline_page_has_the_chart_and_its_bars_link_to_month_headings():
    pages = pages_of([briefing("a", "2024-02-03", "x\n", events=[("2024-01-17", "[[iran]] strikes")]),
                      briefing("b", "2024-01-20", "x\n")])
    body = split(pages["timeline/index.md"])[1]
    (figure,) = tree(body).select("figure", cls="timeline-chart")
    hrefs = [a.attrs["href"] for a in figure.select("a")]
    assert hrefs == ["./#january-2024", "./#february-2024"]  # the ids the toc extension gives '## January 2024'


def test_bars_link_to_year_and_month_pages_when_the_timeline_has_them(monkeypatch):
    monkeypatch.setattr(render, "TIMELINE_INDEX_LIMIT", 2)
    monkeypatch.setattr(render, "TIMELINE_YEAR_LIMIT", 2)
    pages = pages_of([briefing("a", "2021-03-01", "x\n"), briefing("b", "2021-03-09", "x\n"),
                      briefing("c", "2021-07-01", "x\n"), briefing("d", "2022-01-05", "x\n")])
    (figure,) = tree(split(pages["timeline/index.md"])[1]).select("figure", cls="timeline-chart")
    hrefs = [a.attrs["href"] for a in figure.select("a")]
    assert hrefs == ["2021-03/", "2021-07/", "2022/#january-2022"]


def test_an_entity_page_charts_its_own_briefings_and_events():
    pages = pages_of([briefing("a", "2024-02-03", "Iran spoke.\n", events=[("2024-01-17", "[[iran]] strikes")]),
                      briefing("b", "2024-01-20", "Pakistan spoke.\n")])
    (figure,) = tree(split(pages["entities/iran/index.md"])[1]).select("figure", cls="timeline-chart")
    labels = [a.attrs["aria-label"] for a in figure.select("a")]
    assert labels == ["January 2024: 0 briefings, 1 event", "February 2024: 1 briefing, 0 events"]
    assert [a.attrs["href"] for a in figure.select("a")] == ["../../timeline/#january-2024",
                                                              "../../timeline/#february-2024"]


def test_every_picture_is_kept_out_of_both_search_indexes():
    from briefkit.pictures.svg import figure

    html = figure("locator-map", "<svg><text>Iran</text></svg>", "Where Iran is")
    assert 'data-search-exclude="true"' in html and 'data-pagefind-ignore="all"' in html


@pytest.mark.parametrize("value", [0.05, 0.15, 0.25, 2.675, -0.04, -0.05, 123456789.45, 5, 7.0, -0.0, 1e16])
def test_a_coordinate_is_rounded_as_round_rounds_it(value):
    from briefkit.pictures.svg import num

    text = f"{round(value, 1):.1f}"
    text = text[:-2] if text.endswith(".0") else text
    assert num(value) == ("0" if text == "-0" else text)
