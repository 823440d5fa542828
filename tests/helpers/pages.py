"""Briefings made in memory, linked with the test registry and rendered without a build: the pages
a unit test reads, and the SVG of a picture in them."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import yaml

from briefkit.graph import build_graph, link_briefing
from briefkit.link import EntityMatcher
from briefkit.model import Briefing, Event, Fact, Origin, Text
from briefkit.render import RenderOptions, render_site
from fixtures import fixture_registry


def text(value: str, line: int = 3) -> Text:
    """Author text written at line of briefings/b.md."""
    return Text(value, Origin("briefings/b.md", line, 10))


def briefing(slug: str, date: str, body: str, *, tags=(), events=(), facts=(), summary="A summary.",
             location=(), autolink=True) -> Briefing:
    """A validated briefing with the given fields (its title made from its slug)."""
    return Briefing(slug=slug, origin=Origin(f"briefings/{slug}.md"), title=f"Title of {slug}",
                    summary=text(summary), date=date, body=body, body_line=10, tags=tuple(tags),
                    location=tuple(text(v) for v in location),
                    facts=tuple(Fact(label, text(value)) for label, value in facts),
                    events=tuple(Event(d, text(s)) for d, s in events), autolink=autolink)


def link(briefings, registry):
    """The briefings linked with registry (no problem allowed), as the link stage does."""
    matcher = EntityMatcher(registry)
    linked = []
    for b in briefings:
        result, problems = link_briefing(b, registry, matcher, lambda e: f"../../entities/{e}/")
        assert problems == []
        linked.append(result)
    return linked


def pages_of(briefings, registry=None, **options) -> dict[str, str]:
    """Every page of a site of these briefings, by docs path (the test registry by default)."""
    registry = registry or fixture_registry()
    return render_site(build_graph(link(briefings, registry), registry), RenderOptions(**options))


def split(page: str) -> tuple[dict, str]:
    """A generated page's YAML front matter (as MkDocs reads it) and its Markdown/HTML body."""
    _, front, body = page.split("---\n", 2)
    return yaml.safe_load(front), body


SVG = "{http://www.w3.org/2000/svg}"


def svg_of(figure: str) -> ET.Element:
    """The chart's SVG, parsed as XML (which also proves it is well-formed)."""
    start, end = figure.index("<svg"), figure.index("</svg>") + len("</svg>")
    return ET.fromstring(figure[start:end].replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))
