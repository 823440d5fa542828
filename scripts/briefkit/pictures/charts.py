"""The timeline chart: briefings and events per month as stacked SVG bars, each bar a link to its month."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

from briefkit.pictures.svg import figure, num

WIDTH, HEIGHT = 640, 200
TOP, BOTTOM, LEFT, RIGHT = 16, 36, 34, 8  # margins: the axis labels sit in them
_MONTH = re.compile(r"^([0-9]{4})-(0[1-9]|1[0-2])")  # a year alone or a year BC has no bar
MAX_MONTHS = 120  # the latest ten years: a bar stays wider than about 4 units on any archive


@dataclass(frozen=True, slots=True)
class MonthCount:
    month: str  # YYYY-MM
    briefings: int
    events: int


def month_counts(briefing_dates: Iterable[str], event_dates: Iterable[str]) -> list[MonthCount]:
    """Counts per month, months without any included (the axis is time), at most the latest MAX_MONTHS."""
    briefings: dict[int, int] = {}
    events: dict[int, int] = {}
    for dates, counts in ((briefing_dates, briefings), (event_dates, events)):
        for date in dates:
            found = _MONTH.match(date)
            if found and found[1] != "0000":
                index = int(found[1]) * 12 + int(found[2]) - 1
                counts[index] = counts.get(index, 0) + 1
    if not briefings and not events:
        return []
    last = max(briefings | events)
    first = max(min(briefings | events), last - MAX_MONTHS + 1)  # a stray far date costs no more bars
    return [MonthCount(f"{i // 12:04d}-{i % 12 + 1:02d}", briefings.get(i, 0), events.get(i, 0))
            for i in range(first, last + 1)]


def month_label(month: str) -> str:
    """'2024-01' -> 'January 2024'."""
    return datetime.date(int(month[:4]), int(month[5:7]), 1).strftime("%B %Y")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def timeline_chart(counts: list[MonthCount], month_href: Callable[[str], str], subject: str = "") -> Markup:
    """The chart as a <figure class="timeline-chart">, or '' when there is nothing to count.

    month_href gives each month's link (relative to the page the chart is on); subject
    names whose briefings and events are counted ("" for the whole site).
    """
    shown = counts[-MAX_MONTHS:]
    if not shown:
        return Markup("")
    peak = max(c.briefings + c.events for c in shown) or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(shown)
    bar = max(1.0, min(slot * 0.8, 48.0))
    label_every = max(1, round(len(shown) / 8))  # about eight month labels, whatever the span
    first, last = month_label(shown[0].month), month_label(shown[-1].month)
    span = first if first == last else f"{first} to {last}"
    about = f" naming {subject}" if subject else ""
    title = f"Briefings and events{about} per month, {span}"
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="group" aria-label="{escape(title)}">',
             f'<line class="chart__axis" x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}"/>',
             f'<text class="chart__label" x="{LEFT - 4}" y="{TOP + 4}" text-anchor="end">{peak}</text>',
             f'<text class="chart__label" x="{LEFT - 4}" y="{TOP + plot_h}" text-anchor="end">0</text>']
    for index, count in enumerate(shown):
        x = LEFT + index * slot + (slot - bar) / 2
        name = (f"{month_label(count.month)}: {_plural(count.briefings, 'briefing')}, "
                f"{_plural(count.events, 'event')}")
        b_h = plot_h * count.briefings / peak
        e_h = plot_h * count.events / peak
        base = TOP + plot_h
        if count.briefings or count.events:  # an empty month has no heading on the timeline to go to
            # the link covers the whole column, so a short bar is as easy to hit as a tall one
            parts.append(
                f'<a href="{escape(month_href(count.month))}" aria-label="{escape(name)}">'
                f'<title>{escape(name)}</title>'
                f'<rect class="chart__hit" x="{num(LEFT + index * slot)}" y="{TOP}" width="{num(slot)}" '
                f'height="{plot_h}"/>'
                + (f'<rect class="chart__briefings" x="{num(x)}" y="{num(base - b_h)}" width="{num(bar)}" '
                   f'height="{num(b_h)}"/>' if count.briefings else "")
                + (f'<rect class="chart__events" x="{num(x)}" y="{num(base - b_h - e_h)}" width="{num(bar)}" '
                   f'height="{num(e_h)}"/>' if count.events else "")
                + "</a>")
        if index % label_every == 0 or index == len(shown) - 1 and len(shown) <= 8:
            short = datetime.date(int(count.month[:4]), int(count.month[5:7]), 1).strftime("%b %Y")
            parts.append(f'<text class="chart__label" x="{num(LEFT + (index + 0.5) * slot)}" '
                         f'y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">{short}</text>')
    parts.append(f'<g class="chart__legend" transform="translate({LEFT},{HEIGHT - 6})">'
                 '<rect class="chart__briefings" x="0" y="-9" width="10" height="10"/>'
                 '<text class="chart__label" x="14" y="0">briefings</text>'
                 '<rect class="chart__events" x="90" y="-9" width="10" height="10"/>'
                 '<text class="chart__label" x="104" y="0">events</text></g>')
    parts.append("</svg>")
    total_b = sum(c.briefings for c in shown)
    total_e = sum(c.events for c in shown)
    caption = f"{title}: {_plural(total_b, 'briefing')}, {_plural(total_e, 'event')}. Each bar links to its month."
    return figure("timeline-chart", "".join(parts), caption)
