"""Briefing bodies: Markdown to sanitised HTML, links only where they belong, problems at file line:col."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefkit.body import make_markdown, page_markdown, render_body, sanitize_html
from briefkit.link import EntityMatcher
from briefkit.registry import EntityRegistry
from fixtures import FIXTURES, fixture_registry


@pytest.fixture(scope="module")
def registry():
    return fixture_registry()


class _Links(HTMLParser):
    """Every <a>: (href, class, text), and the element each entity link sits in."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str, str]] = []
        self.stack: list[str] = []
        self._open: list | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            attrs = dict(attrs)
            self._open = [attrs.get("href", ""), attrs.get("class", ""), "", list(self.stack)]
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            self.links.append(tuple(self._open))
            self._open = None
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data):
        if self._open is not None:
            self._open[2] += data


def render(body: str, registry, **options):
    return render_body(body, registry, lambda entity_id: f"../../entities/{entity_id}/",
                       path="briefings/x.md", first_line=options.pop("first_line", 20), **options)


def entity_links(html: str) -> list[tuple[str, str]]:
    """(shown text, entity id) of every entity link, in order."""
    parser = _Links()
    parser.feed(html)
    return [(text, href.split("/")[-2]) for href, cls, text, _ in parser.links if cls == "entity-link"]


@pytest.mark.parametrize("body", [
    "Code `Iran` and `Pakistan`.\n",
    "```\nIran and Pakistan\n```\n",
    "~~~text\nIran and Pakistan\n~~~\n",
    "    Iran and Pakistan indented\n",
    "# Iran and Pakistan\n",
    "## Iran and Pakistan\n",
    "Iran and Pakistan\n===\n",
    "[Iran and Pakistan](https://example.org/)\n",
    "<span>Iran and Pakistan</span>\n",
    "<a href=\"https://example.org/\">Iran and Pakistan</a>\n",
    "<a href=\"https://example.org/\" title=\"a>b\">Iran and Pakistan</a>\n",
    "<span title='x>y'>Iran and Pakistan</span>\n",
    "<div>\nIran and Pakistan\n</div>\n",
    "<code>Iran and Pakistan</code>\n",
])
def test_no_auto_link_in_code_headings_links_or_html(body, registry):
    result = render(body, registry)
    assert entity_links(result.html) == []
    assert "Iran" in result.html  # the text itself is kept


def test_a_protected_mention_does_not_use_up_the_first_link(registry):
    body = "# Iran\n\nCode `Iran`, a [link to Iran](https://example.org/), <b>Iran</b>.\n\nThen Iran, and Iran.\n"
    html = render(body, registry).html
    assert entity_links(html) == [("Iran", "iran")]
    assert '<p dir="auto">Then <a class="entity-link" href="../../entities/iran/">Iran</a>, and Iran.</p>' in html


def test_a_wikilink_in_a_heading_shows_its_text_and_the_body_still_links(registry):
    html = render("## About [[iran]]\n\n[[Pakistan]] and Iran said.\n", registry).html
    assert "<h2 dir=\"auto\" id=\"about-iran\">About Iran</h2>" in html
    assert entity_links(html) == [("Pakistan", "pakistan"), ("Iran", "iran")]


def test_only_the_first_mention_in_the_whole_body_links(registry):
    body = "Iran spoke.\n\n- Iran again\n- Pakistan\n\n> Iran and Pakistan once more\n"
    assert entity_links(render(body, registry).html) == [("Iran", "iran"), ("Pakistan", "pakistan")]


def test_explicit_links_always_link_even_after_the_first_mention(registry):
    body = "Iran spoke, then [[iran|Tehran]] replied.\n"
    assert entity_links(render(body, registry).html) == [("Iran", "iran"), ("Tehran", "iran")]


def test_auto_linking_can_be_switched_off(registry):
    html = render("Iran and [[pakistan]].\n", registry, autolink=False).html
    assert entity_links(html) == [("Pakistan", "pakistan")]


def test_links_inside_emphasis_tables_lists_and_quotes(registry):
    body = "*Iran*\n\n| a |\n|---|\n| Pakistan |\n\n- Jaish al-Adl\n\n> Sistan-Baluchestan\n"
    assert entity_links(render(body, registry).html) == [
        ("Iran", "iran"), ("Pakistan", "pakistan"), ("Jaish al-Adl", "jaish-al-adl"),
        ("Sistan-Baluchestan", "sistan-baluchestan")]


def test_a_name_wrapped_over_two_lines_is_one_mention(registry):
    body = "Iran said the target was a hideout of Jaish\nal-Adl, an armed group.\n"
    assert entity_links(render(body, registry).html) == [("Iran", "iran"), ("Jaish al-Adl", "jaish-al-adl")]


@pytest.mark.parametrize("body, line, col", [
    ("[[nobody]] spoke.\n", 20, 1),
    ("First line.\nSecond line with [[nobody]].\n", 21, 18),
    ("Para one.\n\n> quoted [[nobody]]\n", 22, 10),
    ("- item\n- other [[nobody]]\n", 21, 9),
    ("Text and [[iran]] then [[nobody|Someone]].\n", 20, 24),
])
def test_unknown_wikilink_is_reported_at_its_file_line_and_column(body, line, col, registry):
    problems = render(body, registry).problems
    assert [(p.path, p.line, p.col, p.severity) for p in problems] == [("briefings/x.md", line, col, "error")]
    assert 'unknown entity "nobody"' in problems[0].message


def test_the_same_unknown_link_twice_on_a_line_gives_two_columns(registry):
    problems = render("[[nobody]] and [[nobody]]\n", registry, first_line=5).problems
    assert [(p.line, p.col) for p in problems] == [(5, 1), (5, 16)]


def test_unknown_link_message_suggests_a_close_id(registry):
    (problem,) = render("[[pakistn]]\n", registry).problems
    assert problem.message == 'unknown entity "pakistn" in [[...]] link (did you mean "pakistan"?)'


def test_wikilinks_in_code_are_not_links_and_not_problems(registry):
    result = render("`[[nobody]]`\n\n```\n[[nobody]]\n```\n", registry)
    assert result.problems == ()
    assert result.html.count("[[nobody]]") == 2


def test_mentions_count_every_occurrence_and_keep_the_first_sentence(registry):
    body = ("# Iran heading\n\nA first sentence. Then Iran spoke, and Iran\u2019s envoy too! Last one.\n\n"
            "Pakistan answered Iran.\n")
    mentions = {m.entity_id: m for m in render(body, registry, first_line=10).mentions}
    assert mentions["iran"].count == 4
    # the heading is a poor context: the first sentence of the body replaces it
    assert mentions["iran"].context == "Then Iran spoke, and Iran\u2019s envoy too!"
    assert mentions["iran"].line == 12
    assert (mentions["pakistan"].count, mentions["pakistan"].line) == (1, 14)


def test_the_only_h1_is_the_page_title(registry):
    html = render("# Heading\n\ntext\n", registry).html
    assert "<h1" not in html and "<h2 dir=\"auto\" id=\"heading\">Heading</h2>" in html


@pytest.mark.parametrize("dirty, absent", [
    ("<script>alert(1)</script>", "<script"),
    ('<img src="x.png" onerror="alert(1)">', "onerror"),
    ('<a href="javascript:alert(1)">x</a>', "javascript:"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "avascript"),
    ('<img src="https://tracker.example/p.gif">', "tracker.example"),
    ('<img src="//tracker.example/p.gif">', "tracker.example"),
    ('<p style="position:fixed">x</p>', "position"),
    ("<iframe src='https://example.org'></iframe>", "iframe"),
])
def test_sanitiser_removes_what_could_run_or_leave_the_site(dirty, absent):
    assert absent not in sanitize_html(dirty)


def test_markdown_javascript_link_does_not_become_a_link(registry):
    parser = _Links()
    parser.feed(render("[click](javascript:alert(1)) [ok](JAVASCRIPT:x)\n", registry).html)
    assert [href for href, _, _, _ in parser.links] == ["", ""]  # an <a> without href: text, not a link


def test_table_alignment_survives_sanitising(registry):
    html = render("| a |\n|:-:|\n| b |\n", registry).html
    assert 'style="text-align: center;"' in html


def test_a_first_mention_after_an_abbreviation_keeps_its_whole_sentence(registry):
    # the entity page quotes this sentence: never "Amirabdollahian met ..." without its start
    body = "Talks began. Foreign Minister Mr. Amirabdollahian met the envoy of Pakistan on Monday. Then more.\n"
    mentions = {m.entity_id: m for m in render(body, registry).mentions}
    assert mentions["hossein-amirabdollahian"].context == (
        "Foreign Minister Mr. Amirabdollahian met the envoy of Pakistan on Monday.")
    assert mentions["pakistan"].context == mentions["hossein-amirabdollahian"].context


def test_a_shared_markdown_parser_and_matcher_give_the_same_result(registry):
    body = "Iran and [[pakistan]] and Jaish al-Adl.\n"
    alone = render(body, registry)
    shared = render(body, registry, md=make_markdown(), matcher=EntityMatcher(registry))
    assert alone == shared


def test_a_wikilink_inside_a_markdown_link_keeps_the_link_and_shows_its_text(registry):
    html = render("[see [[iran]] now](https://example.org/) and Iran.\n", registry).html
    parser = _Links()
    parser.feed(html)
    assert [(href, text) for href, _, text, _ in parser.links] == [
        ("https://example.org/", "see Iran now"), ("../../entities/iran/", "Iran")]


def test_context_of_a_mention_after_a_link_whose_name_is_longer_than_its_id():
    from briefkit.model import Entity, Origin
    from briefkit.registry import build_registry

    registry, _ = build_registry([Entity("un", "United Nations", "organization", Origin("e.yml")),
                                  Entity("iran", "Iran", "country", Origin("e.yml"))])
    mentions = {m.entity_id: m.context for m in render("[[un]] met. Iran spoke later.\n", registry).mentions}
    assert mentions == {"un": "United Nations met.", "iran": "Iran spoke later."}


def test_an_html_link_whose_attribute_holds_a_bracket_keeps_its_text():
    parser = _Links()
    parser.feed(render('<a href="https://example.org/" title="a>b">Iran here</a>\n', fixture_registry()).html)
    assert [(href, text) for href, _, text, _ in parser.links] == [("https://example.org/", "Iran here")]


BODY_CASES = sorted((FIXTURES / "body").glob("*.md"))


@pytest.mark.parametrize("case", BODY_CASES, ids=[c.stem for c in BODY_CASES])
def test_body_fixtures_render_to_their_expected_html(case):
    """Each fixtures/body/<case>.md beside the <case>.html it must become (reviewed by eye once)."""
    result = render_body(case.read_text(encoding="utf-8"), fixture_registry(),
                         lambda entity_id: f"../../entities/{entity_id}/", path=case.name)
    assert result.problems == ()
    assert result.html == case.with_suffix(".html").read_text(encoding="utf-8")


def test_blocks_carry_dir_auto_so_right_to_left_paragraphs_lay_out_right_to_left(registry):
    html = render("وزیر امور خارجه ایران وارد پاکستان شد.\n\n- یک\n\n> نقل قول\n", registry).html
    assert html.count('dir="auto"') == 4  # paragraph, list item, blockquote and its paragraph
    assert "وزیر امور خارجه ایران وارد پاکستان شد." in html


def test_an_author_dir_attribute_is_kept_only_when_it_is_a_direction(registry):
    html = render('<p dir="rtl">a</p>\n\n<p dir="x onclick=1">b</p>\n', registry).html
    assert '<p dir="rtl">a</p>' in html and 'dir="x' not in html and "onclick" not in html


@pytest.mark.parametrize("body, line, col, fragment", [
    ("A claim.[^1]\n", 20, 9, "footnote [^1] has no definition"),
    ("A claim.\n\n[^source]: The source.\n", 22, 2, "footnote [^source] is defined but never referenced"),
])
def test_a_footnote_without_its_other_half_is_a_warning_at_its_place(body, line, col, fragment, registry):
    (problem,) = render(body, registry).problems
    assert (problem.path, problem.line, problem.col, problem.severity) == ("briefings/x.md", line, col, "warning")
    assert fragment in problem.message


def test_footnotes_in_code_or_complete_are_no_problem(registry):
    body = "Claim.[^1] Code `[^2]` here.\n\n```\n[^3]\n```\n\n[^1]: Source.\n"
    assert render(body, registry).problems == ()


def test_a_file_beside_the_briefing_is_recorded_and_its_reference_points_at_its_published_place(tmp_path, registry):
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "map.png").write_bytes(b"png")
    result = render("Text.\n\n![Map](media/map.png) and [the report](media/map.png#page=2).\n", registry,
                    source_dir=tmp_path, file_href=lambda name: "../" + name)
    assert result.problems == () and result.files == ("media/map.png",)
    assert 'src="../media/map.png"' in result.html and 'href="../media/map.png#page=2"' in result.html


@pytest.mark.parametrize("body, line, col, fragment", [
    ("Text.\n\nSee ![Map](media/none.png).\n", 22, 12, 'file not found: "media/none.png"'),
    ('Text <img src="gone.pdf" alt="x">.\n', 20, 16, 'file not found: "gone.pdf"'),
    ("[secret](../mkdocs.yml)\n", 20, 10, "outside the briefings folder"),
])
def test_a_missing_or_outside_file_is_an_error_at_its_reference(tmp_path, body, line, col, fragment, registry):
    result = render(body, registry, source_dir=tmp_path, file_href=lambda name: name)
    (problem,) = result.problems
    assert (problem.line, problem.col, problem.severity) == (line, col, "error") and fragment in problem.message
    assert result.files == ()


def test_links_to_pages_and_sites_are_not_files(tmp_path, registry):
    body = "[a](other.md) [b](../entities/iran/) [c](https://example.org/x.pdf) [d](#top) [e](/abs.png)\n"
    result = render(body, registry, source_dir=tmp_path, file_href=lambda name: name)
    assert result.problems == () and result.files == ()


def test_the_page_gets_top_level_headings_as_markdown_and_the_rest_as_sanitised_html():
    html = ('<p dir="auto">Intro.</p>\n<h2 dir="auto" id="x">Back {x} <em>*em*</em> [^1] #</h2>\n'
            '<div class="admonition note"><h3 id="inner">Inside</h3><p>Text.</p></div>')
    page = str(page_markdown(html, '<div class="briefing__body">'))
    assert page == ('<div class="briefing__body">\n<p dir="auto">Intro.</p>\n</div>\n\n'
                    "## Back &#123;x&#125; <em>&#42;em&#42;</em> &#91;&#94;1&#93; &#35;\n\n"
                    '<div class="briefing__body">\n<div class="admonition note"><h3 id="inner">Inside</h3>'
                    "<p>Text.</p></div>\n</div>")


def test_a_footnote_marker_is_no_part_of_the_quoted_sentence(registry):
    from briefkit.dialect import MarkdownDialect

    md = make_markdown(MarkdownDialect(("toc", "tables", "fenced_code", "footnotes")))
    result = render("Iran spoke.[^1] Then more.\n\n[^1]: A source.\n", registry, md=md)
    assert '<sup id="fnref:1">' in result.html
    assert {m.entity_id: m.context for m in result.mentions} == {"iran": "Iran spoke."}


def test_a_link_to_another_briefings_file_leads_to_its_page_as_on_any_mkdocs_page(tmp_path: Path):
    (tmp_path / "other.md").write_text("---\n---\n", encoding="utf-8")
    body = "See [the other](other.md), [why](./other.md#why) and [gone](missing.md).\n"
    rendered = render_body(body, EntityRegistry(), lambda e: e, path="briefings/x.md", first_line=5,
                           source_dir=tmp_path, page_href=lambda slug: f"../{slug}/")
    assert 'href="../other/"' in rendered.html and 'href="../other/#why"' in rendered.html
    assert 'href="missing.md"' in rendered.html  # left as written, and said
    assert [(p.severity, p.line, p.col, p.message) for p in rendered.problems] == [
        ("warning", 5, 61,
         'link to "missing.md": there is no such briefing beside this one; the link will lead nowhere')]
