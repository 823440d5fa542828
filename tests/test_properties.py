"""Property-based tests: arbitrary input never breaks the loader, resolver or renderers.

Whatever text arrives, each stage returns problems (values) instead of raising; the only
exception allowed is briefkit's own BriefkitError. And whatever tags, attributes and URLs
the text carries, rendered HTML holds only allow-listed elements, no event handler and no
script-capable URL. Example counts stay modest so the suite stays quick.
"""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

import yaml
from hostile.safety import check_html, url_scheme_is_unsafe
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefkit.body import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, make_markdown, render_body, sanitize_html
from briefkit.graph import link_briefing
from briefkit.link import EntityMatcher, link_text
from briefkit.load import SourceText, load_briefing, split_front_matter
from briefkit.problems import BriefkitError, Problem
from briefkit.registry import load_registry
from briefkit.render import front_matter, human_date, safe_title
from briefkit.urls import tag_slug
from briefkit.validate import validate_briefing
from briefkit.yamltree import parse_yaml
from helpers.project import REPO

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
REGISTRY, _ = load_registry(REPO / "briefings" / "entities", REPO)
MATCHER = EntityMatcher(REGISTRY)
MD = make_markdown()
NAMES = [name for entity in REGISTRY.entities.values() for name in entity.names] + list(REGISTRY.entities)

# -- strategies ----------------------------------------------------------------------------------

SCHEMES = ["javascript:", "JaVaScRiPt:", " javascript:", "java\tscript:", "java&#9;script:", "&#106;avascript:",
           "java%09script:", "vbscript:", "data:text/html,", "data:image/svg+xml,", "https://evil.example/",
           "//evil.example/", "mailto:", "../", "#"]
TAGS = ["script", "img", "iframe", "svg", "math", "a", "div", "span", "style", "object", "embed", "form", "base",
        "meta", "link", "input", "button", "p", "table", "td", "noscript", "template", "video", "details", "x-y"]
ATTRIBUTES = ["onerror", "onclick", "onload", "OnMouseOver", "href", "src", "style", "srcset", "formaction",
              "action", "class", "id", "title", "xlink:href", "data", "background", "poster"]
PAYLOAD = "alert('XSS')"

url = st.builds(lambda scheme, rest: scheme + rest, st.sampled_from(SCHEMES), st.sampled_from([PAYLOAD, "x", ""]))
attribute = st.builds(lambda name, value, quote: f'{name}={quote}{value}{quote}', st.sampled_from(ATTRIBUTES),
                      st.one_of(url, st.just(PAYLOAD), st.text(max_size=10)), st.sampled_from(['"', "'", ""]))
open_tag = st.builds(lambda tag, attrs, close: f"<{tag} {' '.join(attrs)}{close}>", st.sampled_from(TAGS),
                     st.lists(attribute, max_size=3), st.sampled_from(["", "/"]))
close_tag = st.builds(lambda tag: f"</{tag}>", st.sampled_from(TAGS))
markdown_bits = st.one_of(
    st.builds(lambda label, target: f"[{label}]({target})", st.text(max_size=5), url),
    st.builds(lambda target: f"![img]({target})", url),
    st.builds(lambda target: f"<{target}>", url),
    st.builds(lambda target: f"[ref]\n\n[ref]: {target}\n", url),
    st.builds(lambda name: f"[[{name}]]", st.sampled_from(NAMES + ["unknown", "", "|x", "iran|<b>x</b>"])),
    st.sampled_from(["{: onclick=\"alert('XSS')\" }", "{{ config }}", "{% include 'x' %}", "<!--", "-->", "```",
                     "\n\n", "\n", "|", "---", "# ", "> ", "* ", "1. ", "&amp;", "&#0;", "\\", "`"]),
    st.sampled_from(NAMES),
)
hostile_text = st.lists(st.one_of(open_tag, close_tag, markdown_bits, st.text(max_size=20)), max_size=12).map("".join)

yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                         st.text(max_size=30), st.sampled_from(["2024-02-30", "2024-02-01", "no", "12:30", "010"]))
yaml_values = st.recursive(yaml_scalars, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)), max_leaves=12)
FIELDS = ["title", "summary", "date", "updated", "status", "tags", "location", "actors", "entities", "source",
          "sources", "facts", "events", "autolink", "extra"]
front = st.dictionaries(st.sampled_from(FIELDS), yaml_values, max_size=8)
fact = st.fixed_dictionaries({"label": st.text(min_size=1, max_size=20),
                              "value": st.one_of(hostile_text, st.integers())})
event = st.fixed_dictionaries({"date": st.sampled_from(["2024-01-01", "2024-02-30"]), "summary": hostile_text})
plausible_front = st.fixed_dictionaries(
    {"title": st.text(min_size=1, max_size=40), "summary": hostile_text, "date": st.just("2024-02-01")},
    optional={"facts": st.lists(fact, max_size=3), "events": st.lists(event, max_size=3),
              "location": st.lists(st.sampled_from(NAMES + ["nowhere"]), max_size=2),
              "tags": st.lists(st.text(min_size=1, max_size=10), max_size=3, unique=True)})


def _returns_problems(result) -> None:
    value, problems = result
    assert all(isinstance(p, Problem) for p in problems)


def _write(data: bytes) -> Path:
    handle = tempfile.NamedTemporaryFile("wb", suffix=".md", prefix="case-", delete=False)
    with handle:
        handle.write(data)
    return Path(handle.name)


def _load(data: bytes):
    path = _write(data)
    try:
        return load_briefing(path, "briefings/case.md")
    finally:
        path.unlink()


# -- the loader ----------------------------------------------------------------------------------

@SETTINGS
@given(st.text())
@example("a: &x [*x]")
@example("[" * 2000)
@example("a:\n\t- b")
@example("? [a]\n: b\n<<: {c: 1}")
def test_parse_yaml_returns_problems_never_raises(text):
    _returns_problems(parse_yaml(text, "f.yml", line_offset=1))


@SETTINGS
@given(st.text())
def test_split_front_matter_never_raises(text):
    _returns_problems(split_front_matter(SourceText("f.md", text)))


@SETTINGS
@given(st.binary(max_size=300) | st.text().map(lambda t: t.encode("utf-8")) |
       front.map(lambda d: ("---\n" + yaml.safe_dump(d, allow_unicode=True) + "---\nbody\n").encode("utf-8")))
@example(b"\xff\xfe---\n")
@example(b"---\r\ntitle: x\r---\r\n")
def test_load_briefing_on_any_bytes_returns_problems(data):
    try:
        raw, problems = _load(data)
    except BriefkitError as exc:  # allowed, but it must name the file
        assert all(p.path == "briefings/case.md" for p in exc.problems)
        return
    assert all(isinstance(p, Problem) and p.path == "briefings/case.md" and p.line >= 1 for p in problems)


@SETTINGS
@given(front)
def test_validate_any_front_matter_returns_problems(data):
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\nBody.\n"
    raw, problems = _load(text.encode("utf-8"))
    if raw is not None:
        _returns_problems(validate_briefing(raw))


@SETTINGS
@given(plausible_front, hostile_text)
def test_a_whole_briefing_links_and_renders_safely(data, body):
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n" + body
    raw, problems = _load(text.encode("utf-8"))
    if raw is None:
        return
    briefing, problems = validate_briefing(raw)
    if briefing is None:
        return
    linked, problems = link_briefing(briefing, REGISTRY, MATCHER, lambda e: f"../entities/{e}/", MD)
    assert all(isinstance(p, Problem) for p in problems)
    _assert_safe(linked.body.html)


# -- the resolver --------------------------------------------------------------------------------

@SETTINGS
@given(st.one_of(st.text(), hostile_text))
def test_link_text_never_raises_and_keeps_plain_text(text):
    segments, unresolved, mentions = link_text(text, REGISTRY, MATCHER)
    if "[[" not in text:
        assert "".join(s.text for s in segments) == text
    for segment in segments:
        assert not segment.entity_id or segment.entity_id in REGISTRY.entities


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(NAMES), st.text(max_size=8)), max_size=10).map(" ".join))
def test_matcher_finds_whole_registered_names_without_overlap(text):
    previous_end = 0
    for match in MATCHER.find(text):
        assert previous_end <= match.start < match.end <= len(text)
        previous_end = match.end
        assert REGISTRY.resolve(text[match.start:match.end]) is not None


# -- the renderers -------------------------------------------------------------------------------

def _assert_safe(rendered: str) -> None:
    parsed = check_html(rendered, "rendered")
    assert parsed.findings == [], parsed.findings
    for tag, attributes in parsed.tags:
        assert tag in ALLOWED_TAGS, f"<{tag}> is not on the allow-list"
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ALLOWED_ATTRIBUTES["*"] | {"class"}
        assert set(attributes) <= allowed, (tag, attributes)
        for name in ("href", "src"):
            if attributes.get(name):
                assert not url_scheme_is_unsafe(attributes[name]), attributes


@SETTINGS
@given(hostile_text)
@example("<scr<script>ipt>alert('XSS')</script>")
@example("<a href=\"jav&#x09;ascript:alert('XSS')\">x</a>")
@example("<div>\n\n<img src=x onerror=alert('XSS')>\n\n</div>")
def test_render_body_output_holds_only_the_allow_list(text):
    rendered = render_body(text, REGISTRY, lambda e: f"../entities/{e}/", matcher=MATCHER, md=MD)
    assert all(isinstance(p, Problem) for p in rendered.problems)
    _assert_safe(rendered.html)


@SETTINGS
@given(hostile_text)
def test_sanitize_html_is_idempotent_and_safe(text):
    once = sanitize_html(text)
    _assert_safe(once)
    assert sanitize_html(once) == once


@SETTINGS
@given(st.one_of(st.text(), hostile_text))
def test_safe_title_is_one_escaped_line_that_round_trips(text):
    title = safe_title(text)
    assert "<" not in title and ">" not in title and '"' not in title and "\n" not in title
    assert html.unescape(title) == text.translate({10: " ", 13: " ", 0x2028: " ", 0x2029: " "}).strip()
    assert yaml.safe_load(str(front_matter(title=title)))["title"] == title if title else True


@SETTINGS
@given(st.text(max_size=40))
@example("0000-01-01")
@example("-0500")
@example("9999-99")
def test_human_date_and_tag_slug_never_raise(text):
    assert isinstance(human_date(text), str)
    slug = tag_slug(text)
    assert slug and "/" not in slug and ".." not in slug and len(slug.encode()) < 255


def test_billion_laughs_is_refused_in_bounded_memory():
    """10^9 "lol"s if aliases were expanded; refused at the first alias with a few hundred KiB."""
    import tracemalloc

    text = 'lol0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"lol{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 10))
    tracemalloc.start()
    try:
        document, problems = parse_yaml(text, "laughs.yml")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(p.line, p.message.split(" (")[0]) for p in problems] == [(2, "YAML anchors and aliases")]
    assert peak < 5 * 1024 * 1024, f"{peak:,} bytes"
