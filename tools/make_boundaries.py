"""Regenerate scripts/briefkit/data/countries-110m.json from the npm package world-atlas.

Run at development time only (`npm install` first, then `.venv/bin/python tools/make_boundaries.py`):
the built package ships the JSON it writes, so neither a build nor a reader needs node_modules
or the network. world-atlas (ISC licence) redistributes Natural Earth's Admin 0 country
boundaries at 1:110m (public domain) as TopoJSON; this script decodes its arcs into plain
rings of longitude/latitude pairs, rounded to 0.01 degree (about 1 km, finer than the 1:110m
data itself), keyed by ISO 3166-1 alpha-2 code (from pycountry, by the numeric code world-atlas
uses). Each country also gets a centre: the middle of the bounding box of its largest ring,
where a locator map marks a country that has no coordinates of its own.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "world-atlas" / "countries-110m.json"
TARGET = ROOT / "scripts" / "briefkit" / "data" / "countries-110m.json"


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON's quantized, delta-encoded arcs as absolute (lon, lat) points."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """A ring from its arc indexes (~i: arc i reversed); shared end points are kept once."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def rounded(points: list[tuple[float, float]]) -> list[float]:
    """Flat [lon, lat, lon, lat, ...] at 0.01 degree, consecutive repeats dropped."""
    flat: list[float] = []
    for lon, lat in points:
        pair = [round(lon, 2), round(lat, 2)]
        if flat[-2:] != pair:
            flat.extend(pair)
    return flat


def alpha2(numeric: str | None, name: str) -> str:
    found = pycountry.countries.get(numeric=numeric) if numeric else None
    if found:
        return found.alpha_2
    return {"Kosovo": "XK"}.get(name, "")  # the others without a code (N. Cyprus, Somaliland) keep ""


def convert(topology: dict) -> dict:
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [rounded(ring(r, arcs)) for polygon in polygons for r in polygon]
        rings = [r for r in rings if len(r) >= 6]
        largest = max(rings, key=len)
        lons, lats = largest[0::2], largest[1::2]
        name = geometry["properties"]["name"]
        countries.append({
            "code": alpha2(geometry.get("id"), name), "name": name,
            "center": [round((min(lats) + max(lats)) / 2, 2), round((min(lons) + max(lons)) / 2, 2)],
            "rings": rings,
        })
    countries.sort(key=lambda c: (c["code"] or "~", c["name"]))
    return {"source": "Natural Earth 1:110m Admin 0 countries, version 4.1.0, via the npm package world-atlas 2.0.2",
            "licence": "Natural Earth: public domain; world-atlas: ISC",
            "format": "rings: flat [lon, lat, ...] in degrees; center: [lat, lon]",
            "countries": countries}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--target", type=Path, default=TARGET)
    args = parser.parse_args()
    data = convert(json.loads(args.source.read_text(encoding="utf-8")))
    # one country a line: diffs of a regenerated file stay readable
    lines = [json.dumps(c, separators=(",", ":"), ensure_ascii=False) for c in data.pop("countries")]
    head = json.dumps(data, ensure_ascii=False, indent=0)[:-2]
    args.target.write_text(head + ',\n"countries":[\n' + ",\n".join(lines) + "\n]}\n", encoding="utf-8")
    print(f"{args.target}: {len(lines)} countries, {args.target.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
