"""The JSON Schemas, published with the site so editors can complete front matter."""

from __future__ import annotations

from briefkit.validate import SCHEMA_DIR


def schema_files() -> dict[str, bytes]:
    """docs path -> bytes of every shipped schema (served at /schemas/<name>.schema.json)."""
    return {f"schemas/{p.name}": p.read_bytes() for p in sorted(SCHEMA_DIR.glob("*.schema.json"))}
