"""Injection, checked where it would land: the built HTML, parsed (never grepped).

test_hostile.py checks each injection case's own page and scans the whole built site;
here: the checker itself can fail, an author title with a script is shown as text in
every place MkDocs and Material put titles (<title>, lists, timeline, tags, entity
backlinks, the search index, JSON-LD, feeds), and each injection case leaves nothing
executable in any page that shows it.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hostile.cases import CASES, build_hostile_site
from hostile.safety import check_html, check_json_strings, scan_site, url_scheme_is_unsafe

from helpers.web import new_guarded_page, pagefind_records, serve_directory

X = "alert('XSS')"
TITLE = f"<script>{X}</script> in the title"
INJECTION_PAGES = [c for c in CASES if c.group == "injection" and c.expected["outcome"] == "page"]


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_hostile_site(tmp_path_factory)[0]


# -- the instrument: a checker that cannot fail proves nothing ---------------------------------

@pytest.mark.parametrize("html", [
    f"<p>x</p><script>{X}</script>",
    f"<title></title><script>{X}</script>",
    f'<img src="x.png" onerror="{X}">',
    f'<a href="javascript:{X}">a</a>',
    f'<a href="  JaVaScRiPt:{X}">a</a>',
    f'<a href="java&#x09;script:{X}">a</a>',
    f'<a href="&#106;avascript:{X}">a</a>',
    f'<a href="java%09script:{X}">a</a>',
    '<a href="vbscript:msgbox(1)">a</a>',
    '<a href="data:text/html,XSS">a</a>',
    '<iframe src="https://evil.example/XSS"></iframe>',
    f'<svg onload="{X}"></svg>',
    '<script type="application/ld+json">{"headline": "</script><script>alert(1)</script>"}</script>',
    f'<form action="javascript:{X}"><button formaction="javascript:{X}">go</button></form>',
    '<script type="application/ld+json">{"headline": "<!-- <script>"}</script>',
])
def test_checker_finds_what_it_must(html):
    assert check_html(html, "probe.html").findings


@pytest.mark.parametrize("html", [
    f"<p>&lt;script&gt;{X}&lt;/script&gt;</p>",
    '<a href="https://example.org/?q=javascript:x">ok</a>',
    '<a href="../entities/iran/">Iran</a>',
    '<script type="application/ld+json">{"headline": "<\\/script>"}</script>',
    '<p title="onclick">an attribute value that looks like a handler name</p>',
])
def test_checker_accepts_what_is_safe(html):
    assert check_html(html, "probe.html").findings == []


def test_json_checker_reads_html_fields_only():
    data = {"docs": [{"title": f"<img src=x onerror={X}>", "url": "javascript:x", "note": f"<script>{X}</script>"}]}
    findings = check_json_strings(data, "search_index.json", {"title"})
    assert {f.what.split()[0] for f in findings} == {"event", "unsafe"}
    assert url_scheme_is_unsafe(" \tdata:text/html,x") and not url_scheme_is_unsafe("https://data.example/")


# -- one script title, everywhere a title goes ---------------------------------------------------

class _TextOf(HTMLParser):
    def __init__(self, tag: str):
        super().__init__(convert_charrefs=True)
        self.tag, self.depth, self.found, self.all = tag, 0, [], []

    def handle_starttag(self, tag, attrs):
        if tag == self.tag:
            self.depth += 1
            self.found.append("")

    def handle_endtag(self, tag):
        if tag == self.tag and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        self.all.append(data)
        if self.depth:
            self.found[-1] += data


def _texts(html: str, tag: str) -> _TextOf:
    parser = _TextOf(tag)
    parser.feed(html)
    parser.close()
    return parser


@pytest.mark.parametrize("page", [
    "briefings/title-script/index.html",   # its own page: <h1>, <title>
    "index.html",                          # home: latest briefings
    "briefings/index.html",                # the list of briefings
    "timeline/index.html",                 # the briefing and its event
    "tags/injection-test/index.html",      # its tag page
    "entities/islamabad/index.html",       # backlinks of an entity it mentions
])
def test_script_title_is_text_wherever_it_is_listed(hostile_site: Path, page: str):
    html = (hostile_site / page).read_text(encoding="utf-8")
    assert check_html(html, page).findings == []
    assert TITLE in "".join(_texts(html, "a").all), f"the title is not shown as text on {page}"


def test_script_title_in_the_title_element(hostile_site: Path):
    html = (hostile_site / "briefings/title-script/index.html").read_text(encoding="utf-8")
    titles = _texts(html, "title").found
    assert len(titles) == 1 and titles[0].startswith(TITLE), titles
    headings = _texts(html, "h1").found
    assert TITLE in headings, headings


def test_script_title_in_the_search_index(hostile_site: Path, browser):
    """Pagefind keeps the title as text; the worker gives Material's result list (which shows titles
    as HTML) the title escaped: the reader sees it as text, and no script runs."""
    records = [r for url, r in pagefind_records(hostile_site).items() if url.startswith("/briefings/title-script/")]
    assert [r["meta"]["title"] for r in records] == [TITLE]
    server, base = serve_directory(hostile_site)
    page = new_guarded_page(browser, base)
    try:
        page.goto(base + "/")
        page.keyboard.press("/")
        page.keyboard.type("in the title")
        page.locator(".md-search-result__item h1").first.wait_for(timeout=10_000)
        assert TITLE in page.locator(".md-search-result__item h1").all_inner_texts()
        assert page.locator(".md-search-result :is(script, img, iframe)").count() == 0
        assert page.console_errors == [] and page.external == []
    finally:
        page.context.close()
        server.shutdown()
        server.server_close()


def test_script_title_in_json_ld_and_feeds(hostile_site: Path):
    html = (hostile_site / "briefings/title-script/index.html").read_text(encoding="utf-8")
    ld = [s for s in _ScriptBodies.of(html) if s[0] == "application/ld+json"]
    if ld:  # JSON-LD is another engineer's addition: when present it must parse and say the title
        assert any(json.loads(body).get("headline") == TITLE for _, body in ld)
    feed = hostile_site / "feed.xml"
    if feed.is_file():
        ns = {"a": "http://www.w3.org/2005/Atom"}
        titles = {e.findtext("a:title", namespaces=ns): e.find("a:title", ns).get("type", "text")
                  for e in ET.parse(feed).getroot().findall("a:entry", ns)}
        assert titles.get(TITLE) == "text", "a feed title with markup must be a text construct"


class _ScriptBodies(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[str, str]] = []
        self.kind: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.kind = dict(attrs).get("type") or ""
            self.scripts.append((self.kind, ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self.kind = None

    def handle_data(self, data):
        if self.kind is not None:
            kind, body = self.scripts[-1]
            self.scripts[-1] = (kind, body + data)

    @classmethod
    def of(cls, html: str) -> list[tuple[str, str]]:
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser.scripts


# -- every injection case: nothing executable wherever the site shows it ------------------------

@pytest.mark.parametrize("case", INJECTION_PAGES, ids=[c.name for c in INJECTION_PAGES])
def test_injection_case_leaves_nothing_executable(hostile_site: Path, case):
    page = case.page()
    html = (hostile_site / page).read_text(encoding="utf-8")
    assert check_html(html, page).findings == []
    target = page.removesuffix("index.html")
    # every other page that links to it (lists, timeline, tags, entities, related briefings)
    showing = [p for p in sorted(hostile_site.rglob("*.html"))
               if target.rstrip("/").rsplit("/", 1)[-1] + "/" in p.read_text(encoding="utf-8")]
    for other in showing:
        shown = other.relative_to(hostile_site).as_posix()
        assert check_html(other.read_text(encoding="utf-8"), shown).findings == [], shown


def test_nothing_executable_anywhere_in_the_site(hostile_site: Path):
    findings = scan_site(hostile_site)
    assert not findings, "\n".join(map(str, findings))
