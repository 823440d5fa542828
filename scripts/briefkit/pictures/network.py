"""The relationship graph of an entity page: the entity, the entities it appears with most, and
how strongly (shared briefings), laid out at build time in a fixed, deterministic way.

The layout is radial rather than force-directed: the strongest neighbour nearest the centre and
first round the circle. A force simulation would need iterations and a seed for little gain at a
dozen nodes, and a reader finds the strongest ties in the same place on every entity page.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from briefkit.model import ENTITY_TYPE_LABELS
from briefkit.pictures.svg import figure, num

WIDTH, HEIGHT = 560, 330
CX, CY = WIDTH / 2, HEIGHT / 2 - 8
RX_NEAR, RX_FAR = 105, 150  # horizontal radius for the strongest and the weakest neighbour
RY_NEAR, RY_FAR = 80, 118
LABEL_CHARS = 16  # a longer name is set on two lines (never cut: a link's name must hold its visible text)
TYPE_LABELS = {t: label.lower() for t, label in ENTITY_TYPE_LABELS.items()}


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    name: str
    type: str
    weight: int  # briefings shared with the centre (0 for the centre itself)


def _two_lines(name: str) -> bool:
    return "<tspan" in _label(name, 0)


def _label(name: str, x: float) -> str:
    """The name as the text of a label: one line, or two split at a space after LABEL_CHARS at most."""
    words = name.split(" ")
    first = ""
    while words and len((first + " " + words[0]).strip()) <= LABEL_CHARS:
        first = (first + " " + words.pop(0)).strip()
    if not first or not words:
        return str(escape(name))
    # the space ends the first line's text, so the label still reads as the whole name
    return (f'<tspan>{escape(first)} </tspan>'
            f'<tspan x="{num(x)}" dy="14">{escape(" ".join(words))}</tspan>')


def _plural(count: int) -> str:
    return f"{count} shared briefing{'' if count == 1 else 's'}"


def layout(neighbours: Sequence[Node]) -> list[tuple[Node, float, float]]:
    """Each neighbour's position: round an ellipse from the top, clockwise, strongest first and nearest."""
    if not neighbours:
        return []
    strongest = max(n.weight for n in neighbours) or 1
    weakest = min(n.weight for n in neighbours)
    placed = []
    for index, node in enumerate(neighbours):
        angle = -math.pi / 2 + 2 * math.pi * index / len(neighbours)
        # 0 for the strongest, 1 for the weakest: weaker ties sit further out
        far = 0.0 if strongest == weakest else (strongest - node.weight) / (strongest - weakest)
        rx = RX_NEAR + (RX_FAR - RX_NEAR) * far
        ry = RY_NEAR + (RY_FAR - RY_NEAR) * far
        placed.append((node, CX + rx * math.cos(angle), CY + ry * math.sin(angle)))
    return placed


def entity_graph(centre: Node, neighbours: Sequence[Node], between: Mapping[tuple[str, str], int],
                 entity_href: Callable[[str], str]) -> Markup:
    """A <figure class="entity-graph"> of centre and its neighbours (strongest first), or '' without any.

    between holds the briefings two neighbours share, keyed by their ids in sorted order;
    entity_href gives an entity page's link from the page the graph is on.
    """
    if not neighbours:
        return Markup("")
    placed = layout(neighbours)
    strongest = max(n.weight for n in neighbours) or 1
    title = f"{centre.name} and the entities it appears with most"
    parts = [f'<svg class="graph" viewBox="0 0 {WIDTH} {HEIGHT}" role="group" aria-label="{escape(title)}">']
    position = {node.id: (x, y) for node, x, y in placed}
    # only strong ties between neighbours: in a small archive everything co-occurs, and a web of
    # every pair would hide the lines to the centre
    side_floor = max(2, strongest / 2)
    for (a, b), count in sorted(between.items()):
        if a in position and b in position and count >= side_floor:
            (x1, y1), (x2, y2) = position[a], position[b]
            parts.append(f'<line class="graph__edge graph__edge--side" x1="{num(x1)}" y1="{num(y1)}" '
                         f'x2="{num(x2)}" y2="{num(y2)}" stroke-width="1" stroke-dasharray="3 3"/>')
    for node, x, y in placed:
        width = 1 + 4 * node.weight / strongest  # thicker: more briefings shared
        parts.append(f'<line class="graph__edge" x1="{num(CX)}" y1="{num(CY)}" x2="{num(x)}" y2="{num(y)}" '
                     f'stroke-width="{num(width)}"/>')
    for node, x, y in placed:
        radius = 5 + 5 * node.weight / strongest
        cos = (x - CX) / max(1.0, abs(x - CX) + abs(y - CY))
        if abs(cos) < 0.25:  # near the top or bottom: the label above or below the node
            above = y < CY and _two_lines(node.name)  # two lines above a node start higher
            anchor, lx, ly = "middle", x, y - radius - (19 if above else 5) if y < CY else y + radius + 14
        else:
            anchor, lx, ly = ("start" if cos > 0 else "end"), x + (radius + 4) * (1 if cos > 0 else -1), y + 4
            if _two_lines(node.name):
                ly -= 7  # centred on the node
        name = f"{node.name} ({TYPE_LABELS.get(node.type, node.type)}): {_plural(node.weight)}"
        parts.append(f'<a href="{escape(entity_href(node.id))}" aria-label="{escape(name)}">'
                     f'<title>{escape(name)}</title>'
                     f'<circle class="graph__node graph__node--{escape(node.type)}" cx="{num(x)}" cy="{num(y)}" '
                     f'r="{num(radius)}"/>'
                     f'<text class="graph__label" x="{num(lx)}" y="{num(ly)}" text-anchor="{anchor}">'
                     f'{_label(node.name, lx)}</text></a>')
    parts.append(f'<circle class="graph__node graph__node--{escape(centre.type)} graph__centre" cx="{num(CX)}" '
                 f'cy="{num(CY)}" r="14"><title>{escape(centre.name)}</title></circle>')
    parts.append(f'<text class="graph__label graph__label--centre" x="{num(CX)}" y="{num(CY + 30)}" '
                 f'text-anchor="middle">{_label(centre.name, CX)}</text>')
    types = sorted({centre.type, *(n.type for n in neighbours)}, key=lambda t: list(TYPE_LABELS).index(t)
                   if t in TYPE_LABELS else len(TYPE_LABELS))
    legend = []
    for index, entity_type in enumerate(types):
        x = 8 + index * 92
        label = TYPE_LABELS.get(entity_type, entity_type)
        legend.append(f'<circle class="graph__node graph__node--{escape(entity_type)}" cx="{x + 5}" '
                      f'cy="{HEIGHT - 10}" r="5"/>'
                      f'<text class="chart__label" x="{x + 14}" y="{HEIGHT - 6}">{escape(label)}</text>')
    parts.append('<g class="graph__legend">' + "".join(legend) + "</g></svg>")
    caption = (f"{title}: {len(neighbours)} entities, linked to their pages; nearer and thicker lines: more "
               f"briefings shared; dashed lines join two of them that often appear together too. "
               f"The list below says the same in words.")
    return figure("entity-graph", "".join(parts), caption)
