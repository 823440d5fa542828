"""The sample site builds, and each briefing page carries one fact box with its date."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from helpers.project import REPO


class _FactboxCounter(HTMLParser):
    def __init__(self):
        super().__init__()
        self.factboxes = 0
        self.depth = 0
        self.times: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "factbox" in (attrs.get("class") or "").split():
            self.factboxes += 1
            self.depth = 1
        elif self.depth:
            self.depth += tag not in ("br", "img", "hr")
            if tag == "time":
                self.times.append(attrs.get("datetime", ""))

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1


def test_every_sample_briefing_has_one_factbox_with_its_date(site_dir: Path):
    sources = sorted((REPO / "briefings").glob("*.md"))
    assert len(sources) >= 3
    for source in sources:
        page = site_dir / "briefings" / source.stem / "index.html"
        assert page.is_file(), page
        parser = _FactboxCounter()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.factboxes == 1, source.stem
        date = next(line.split(":", 1)[1].strip() for line in source.read_text().splitlines()
                    if line.startswith("date:"))
        assert parser.times and parser.times[0] == date
