"""Locator maps: the region around one or more places, countries drawn from Natural Earth's
boundaries (shipped in the package), the places marked and labelled. No tile server, no request.

Projection: equirectangular with longitudes shrunk by the cosine of the frame's middle latitude,
which keeps shapes right near the centre of a regional map and needs no library.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from briefkit.pictures.places import Country, countries
from briefkit.pictures.svg import figure, num

WIDTH, HEIGHT = 400, 300
MIN_SPAN = 8.0   # degrees of latitude a map shows at least: a city alone still shows its region
MAX_SPAN = 70.0  # and at most, so that a vast country or far-apart places do not shrink to dots
MARGIN = 0.25    # share of the span added on each side of what must be seen
ATTRIBUTION = "Boundaries: Natural Earth"


@dataclass(frozen=True, slots=True)
class Mark:
    name: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Frame:
    """The part of the globe shown, and how a (lat, lon) becomes an (x, y) of the SVG."""

    west: float
    south: float
    east: float
    north: float

    @property
    def kx(self) -> float:
        return math.cos(math.radians((self.south + self.north) / 2))

    def xy(self, lat: float, lon: float) -> tuple[float, float]:
        return ((lon - self.west) / (self.east - self.west) * WIDTH,
                (self.north - lat) / (self.north - self.south) * HEIGHT)


def frame_for(marks: Sequence[Mark], focus: Sequence[Country]) -> Frame:
    """A frame around every mark and focus country, with a margin, at the SVG's aspect ratio."""
    lons = [m.lon for m in marks] + [v for c in focus for v in (c.bbox[0], c.bbox[2])]
    lats = [m.lat for m in marks] + [v for c in focus for v in (c.bbox[1], c.bbox[3])]
    mid_lat = (min(lats) + max(lats)) / 2
    kx = math.cos(math.radians(max(-75.0, min(75.0, mid_lat))))
    span_lat = max(max(lats) - min(lats), MIN_SPAN)
    span_lon_km = max((max(lons) - min(lons)) * kx, MIN_SPAN)  # in degrees of latitude's length
    # keep the marks (not a vast focus country) in view when the whole would be too large
    if span_lat > MAX_SPAN or span_lon_km > MAX_SPAN * WIDTH / HEIGHT:
        lons, lats = [m.lon for m in marks], [m.lat for m in marks]
        mid_lat = (min(lats) + max(lats)) / 2
        span_lat = min(max(max(lats) - min(lats), MIN_SPAN), MAX_SPAN)
        span_lon_km = min(max((max(lons) - min(lons)) * kx, MIN_SPAN), MAX_SPAN * WIDTH / HEIGHT)
    span_lat *= 1 + 2 * MARGIN
    span_lon_km *= 1 + 2 * MARGIN
    if span_lon_km / span_lat < WIDTH / HEIGHT:  # widen or heighten to the SVG's shape
        span_lon_km = span_lat * WIDTH / HEIGHT
    else:
        span_lat = span_lon_km * HEIGHT / WIDTH
    mid_lon = (min(lons) + max(lons)) / 2
    half_lon = span_lon_km / kx / 2
    return Frame(mid_lon - half_lon, mid_lat - span_lat / 2, mid_lon + half_lon, mid_lat + span_lat / 2)


def _overlaps(country: Country, frame: Frame) -> bool:
    west, south, east, north = country.bbox
    return west < frame.east and east > frame.west and south < frame.north and north > frame.south


def _path(ring: Sequence[float], frame: Frame) -> str:
    points: list[str] = []
    for i in range(0, len(ring), 2):
        x, y = frame.xy(ring[i + 1], ring[i])
        point = f"{num(x)} {num(y)}"
        if not points or points[-1] != point:  # points that round together are drawn once
            points.append(point)
    return "M" + " ".join(points) + "Z" if len(points) > 2 else ""


def locator_map(marks: Sequence[Mark], focus_codes: Sequence[str], caption: str) -> Markup:
    """A <figure class="locator-map"> showing every mark on its region, focus countries shaded."""
    if not marks:
        return Markup("")
    everything = countries()
    focus = [c for c in everything if c.code and c.code in focus_codes]
    frame = frame_for(marks, focus)
    names = ", ".join(m.name for m in marks)
    parts = [f'<svg class="map" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape("Map: " + names)}">',
             f'<title>{escape("Map: " + names)}</title>',
             f'<rect class="map__sea" width="{WIDTH}" height="{HEIGHT}"/>']
    labels = []
    spots = [frame.xy(m.lat, m.lon) for m in marks]
    for country in everything:
        if not _overlaps(country, frame):
            continue
        shape = "".join(_path(ring, frame) for ring in country.rings)
        focused = " map__land--focus" if country in focus else ""
        parts.append(f'<path class="map__land{focused}" d="{shape}"/>')
        x, y = frame.xy(*country.center)
        wide = (frame.xy(0, country.bbox[2])[0] - frame.xy(0, country.bbox[0])[0]) > 50  # room for its name
        clear = all(abs(x - sx) > 40 or abs(y - sy) > 16 for sx, sy in spots)  # not over a mark's label
        if wide and clear and 20 < x < WIDTH - 20 and 12 < y < HEIGHT - 12:
            labels.append(f'<text class="map__country-label" x="{num(x)}" y="{num(y)}" text-anchor="middle">'
                          f'{escape(country.name)}</text>')
    parts += labels
    for mark in marks:
        x, y = frame.xy(mark.lat, mark.lon)
        # right of the mark, unless the name would run off the map (about 7.5 units a letter at 12px bold)
        anchor, dx = ("end", -9) if x + 9 + 7.5 * len(mark.name) > WIDTH and x > WIDTH / 2 else ("start", 9)
        parts.append(f'<circle class="map__marker" cx="{num(x)}" cy="{num(y)}" r="5.5"/>'
                     f'<text class="map__label" x="{num(x + dx)}" y="{num(y + 4)}" text-anchor="{anchor}">'
                     f'{escape(mark.name)}</text>')
    parts.append("</svg>")
    return figure("locator-map", "".join(parts), f"{caption} {ATTRIBUTION}.")
