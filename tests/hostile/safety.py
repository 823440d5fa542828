"""Parse built pages and report anything an author could have used to run code in a reader's browser.

Checks the parsed HTML (never a grep): script elements, event-handler attributes,
URLs with a script-capable scheme however they are disguised (case, entities,
whitespace, control characters, percent-encoded whitespace), and JSON embedded in
script elements that no longer parses (a sign that a </script> broke out of it).
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

MARKER = "XSS"  # every hostile payload in tests/hostile carries it
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "background", "cite",
                  "data", "srcset", "ping", "longdesc", "manifest", "codebase", "archive", "usemap"}
JSON_SCRIPT_TYPES = {"application/json", "application/ld+json"}
# Material's own pages use no event handlers: any on* attribute is foreign.
_STRIP = re.compile(r"[\x00-\x20\x7f]+")
_SCRIPT_DATA_HAZARD = re.compile(r"<!--|<script|</script", re.IGNORECASE)


def url_scheme_is_unsafe(value: str) -> bool:
    """True if a browser, or a lenient decoder, could read value as a script-capable URL."""
    text = html.unescape(value)
    for _ in range(3):  # undo percent-encoding layers: java%09script: is a dead link, but say so
        text = urllib.parse.unquote(text)
    text = _STRIP.sub("", text).lower()
    return text.startswith(UNSAFE_SCHEMES)


@dataclass
class Finding:
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


@dataclass
class _Script:
    attrs: dict
    line: int
    text: list = field(default_factory=list)


class SafetyParser(HTMLParser):
    """Collects findings, the document's text, and a few landmarks of one page."""

    def __init__(self, where: str):
        super().__init__(convert_charrefs=True)
        self.where = where
        self.findings: list[Finding] = []
        self.script: _Script | None = None
        self.text: list[str] = []
        self.title: list[str] = []
        self.in_title = False
        self.tags: list[tuple[str, dict]] = []

    def _find(self, what: str) -> None:
        line, _ = self.getpos()
        self.findings.append(Finding(f"{self.where}:{line}", what))

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self._find(f"event handler attribute <{tag} {name}={value!r}>")
            if (name in URL_ATTRIBUTES or name.endswith(("src", "href", "action"))) and url_scheme_is_unsafe(value):
                if not (tag in ("img", "link") and value.startswith("data:image/") and MARKER not in value):
                    self._find(f"unsafe URL <{tag} {name}={value!r}>")
            if name in ("style",) and MARKER in value:
                self._find(f"author style <{tag} style={value!r}>")
        if tag in ("iframe", "object", "embed", "frame", "frameset", "base", "form") and \
                any(MARKER in (v or "") or "evil" in (v or "") for _, v in attrs):
            self._find(f"author element <{tag}>")
        if tag == "meta" and attributes.get("http-equiv") and MARKER in (attributes.get("content") or ""):
            self._find(f"author meta http-equiv {attributes!r}")
        if tag == "script":
            self.script = _Script(attributes, self.getpos()[0])
        if tag == "title":
            self.in_title = True

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "script" and self.script is not None:
            body = "".join(self.script.text)
            kind = (self.script.attrs.get("type") or "").lower()
            if kind in JSON_SCRIPT_TYPES:
                try:
                    json.loads(body)
                except ValueError as exc:
                    self._find(f"embedded JSON ({kind}) does not parse: {exc}")
                # browsers (not html.parser) let "<!--" + "<script" keep a script open past its </script>
                if _SCRIPT_DATA_HAZARD.search(body):
                    self._find(f"embedded JSON ({kind}) holds {_SCRIPT_DATA_HAZARD.search(body).group()!r} unescaped")
            elif MARKER in body or MARKER in (self.script.attrs.get("src") or ""):
                self._find(f"author script element: {body[:80]!r}")
            self.script = None
        if tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.script is not None:
            self.script.text.append(data)
            return
        self.text.append(data)
        if self.in_title:
            self.title.append(data)


def check_html(text: str, where: str) -> SafetyParser:
    """Parse one HTML document; the parser's findings list what is unsafe."""
    parser = SafetyParser(where)
    parser.feed(text)
    parser.close()
    return parser


# JSON strings a consumer puts into a page as HTML: Material's search results (title, text of
# search_index.json) and JSON Feed's content_html. Every other string is plain text by its
# format's definition (JSON Feed title/summary, the briefings.json export) and must stay as written.
HTML_JSON_KEYS = {"search_index.json": {"title", "text"}}
DEFAULT_HTML_JSON_KEYS = {"content_html"}
URL_KEY = re.compile(r"(^|_)(url|href|link|website|wikipedia|image|icon|favicon|avatar)s?$")


def check_json_strings(data, where: str, html_keys: set[str], path: str = "", key: str = "") -> list[Finding]:
    """JSON output: strings shown as HTML parse harmless; URL fields have no script-capable scheme."""
    findings = []
    if isinstance(data, dict):
        for name, value in data.items():
            findings += check_json_strings(value, where, html_keys, f"{path}.{name}", str(name))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            findings += check_json_strings(value, where, html_keys, f"{path}[{index}]", key)
    elif isinstance(data, str):
        if key in html_keys:
            findings += check_html(data, f"{where}{path}").findings
        if URL_KEY.search(key.lower()) and url_scheme_is_unsafe(data):
            findings.append(Finding(f"{where}{path}", f"unsafe URL {data[:80]!r}"))
    return findings


def scan_site(site: Path) -> list[Finding]:
    """Every HTML, JSON and XML file of a built site, checked."""
    findings: list[Finding] = []
    for file in sorted(site.rglob("*")):
        if not file.is_file():
            continue
        shown = file.relative_to(site).as_posix()
        if file.suffix == ".html":
            findings += check_html(file.read_text(encoding="utf-8"), shown).findings
        elif file.suffix == ".json":
            keys = HTML_JSON_KEYS.get(file.name, DEFAULT_HTML_JSON_KEYS)
            findings += check_json_strings(json.loads(file.read_text(encoding="utf-8")), shown, keys)
        elif file.suffix in (".xml", ".atom", ".rss"):
            findings += _check_xml(file, shown)
    return findings


def _check_xml(file: Path, shown: str) -> list[Finding]:
    """Feeds and sitemaps: well-formed; Atom text constructs of type html, and RSS descriptions,
    parse harmless (type text, the default, is shown as text by readers); links are safe."""
    import xml.etree.ElementTree as ET

    findings = []
    root = ET.parse(file).getroot()  # a broken feed is a finding too: ET raises
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1]
        for attribute, value in element.attrib.items():
            if attribute in ("href", "src", "uri") and url_scheme_is_unsafe(value):
                findings.append(Finding(shown, f"unsafe URL <{name} {attribute}={value!r}>"))
        text = element.text or ""
        kind = element.attrib.get("type", "text")
        if kind == "html" or (name == "description" and "}" not in element.tag):
            findings += check_html(text, f"{shown}<{name}>").findings
        elif kind == "xhtml":
            findings += check_html(ET.tostring(element, encoding="unicode"), f"{shown}<{name}>").findings
        if name in ("link", "loc", "id", "uri", "icon", "logo") and url_scheme_is_unsafe(text):
            findings.append(Finding(shown, f"unsafe URL <{name}>{text!r}"))
    return findings
