"""The site's Markdown dialect: read from mkdocs.yml as MkDocs reads it, and a briefing body rendered
in it matches a hand-written page of the same Markdown, construct by construct."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefkit.dialect import BUILTINS, load_dialect
from helpers.project import copy_project, run_briefkit


def test_the_dialect_is_mkdocs_builtins_plus_the_sites_extensions_with_their_settings(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nmarkdown_extensions:\n  - toc:\n      permalink: true\n  - footnotes\n"
                      "  - pymdownx.superfences:\n      custom_fences:\n        - name: diagram\n"
                      "          class: diagram\n"
                      "          format: !!python/name:pymdownx.superfences.fence_code_format\n"
                      "  - abbr:\n      glossary: !ENV [BRIEFKIT_NO_SUCH_VARIABLE, null]\n", encoding="utf-8")
    dialect, problems = load_dialect(config)
    assert problems == []
    assert set(dialect.extensions) == {*BUILTINS, "footnotes", "pymdownx.superfences", "abbr"}
    assert dialect.configs["toc"] == {"permalink": True}
    assert callable(dialect.configs["pymdownx.superfences"]["custom_fences"][0]["format"])
    assert dialect.enabled("footnotes") and not dialect.enabled("admonition")


def test_an_extension_that_cannot_be_loaded_is_a_problem_at_mkdocs_yml(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nmarkdown_extensions:\n  - no_such_extension_here\n", encoding="utf-8")
    dialect, problems = load_dialect(config)
    assert dialect.extensions == BUILTINS
    assert [(p.path, p.severity) for p in problems] == [("mkdocs.yml", "error")]
    assert "no_such_extension_here" in problems[0].message


# One body with each construct of the issue: a heading, a footnote, an admonition, a collapsible
# block, an abbreviation, a definition list, highlighted code and an image beside the file.
CONSTRUCTS = """An opening paragraph about the PA.

## Background

A sentence with its source.[^1]

!!! note "Context"
    An admonition's text.

??? info "More detail"
    A collapsible block.

Term
:   Its definition.

```python
answer = 42
```

![Map of the area](media/map.png)

*[PA]: Pakistan Army

[^1]: The source of the sentence.
"""
FRONT = "---\ntitle: Every construct\nsummary: One of each.\ndate: 2024-02-01\n---\n\n"
# a 1x1 PNG: the reference must resolve to a real file on the built site
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360f8cfc0000003010100c9fe92ef0000000049454e44ae426082")


class _Elements(HTMLParser):
    """The outer HTML of every element of the page's article, by (tag, first class, id)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=False)
        self.html = html
        self.starts = [0]
        for line in html.split("\n"):
            self.starts.append(self.starts[-1] + len(line) + 1)
        self.found: list[tuple[str, dict, str]] = []
        self.stack: list[tuple[str, dict, int]] = []
        self.feed(html)

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag in ("img", "br", "hr", "meta", "link", "input"):
            self.found.append((tag, dict(attrs), self.get_starttag_text()))
        else:
            self.stack.append((tag, dict(attrs), self._offset()))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                name, attrs, start = self.stack[index]
                del self.stack[index:]
                self.found.append((name, attrs, self.html[start:self._offset() + len(f"</{tag}>")]))
                return

    def first(self, tag: str, cls: str | None = None, id: str | None = None) -> str:
        for name, attrs, outer in self.found:
            classes = (attrs.get("class") or "").split()
            if name == tag and (cls is None or (cls in classes if cls else not classes)) \
                    and (id is None or attrs.get("id") == id):
                return _normal(outer)
        raise AssertionError(f"no <{tag} class={cls} id={id}> on the page")


class _Canonical(HTMLParser):
    """Tags with sorted attributes and text with character references resolved: the sanitiser writes
    &nbsp; where Python-Markdown writes &#160;, and <img> for <img />, which are the same HTML."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.items: list[tuple] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        # dir="auto" is what briefkit adds to a body's blocks (right-to-left text); nothing else may differ
        self.items.append(("<", tag, tuple(sorted(a for a in attrs if a != ("dir", "auto")))))

    def handle_startendtag(self, tag, attrs):  # <img /> is <img>
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.items.append((">", tag))

    def handle_data(self, data):
        if self.items and self.items[-1][0] == "text":
            self.items[-1] = ("text", self.items[-1][1] + data)
        else:
            self.items.append(("text", data))


def _normal(html: str) -> list[tuple]:
    return _Canonical(html).items


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, _Elements, _Elements]:
    root = copy_project(tmp_path_factory.mktemp("dialect") / "project")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("not_in_nav: |\n", "not_in_nav: |\n  /hand.md\n"),
                      encoding="utf-8")
    (root / "briefings" / "media").mkdir()
    (root / "briefings" / "media" / "map.png").write_bytes(PNG)
    (root / "briefings" / "2024-02-01-constructs.md").write_text(FRONT + CONSTRUCTS, encoding="utf-8")
    (root / "docs" / "media").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "media" / "map.png").write_bytes(PNG)
    (root / "docs" / "hand.md").write_text("# Every construct\n\n" + CONSTRUCTS, encoding="utf-8")
    result = run_briefkit(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    site = root / "site"
    briefing = _Elements((site / "briefings" / "2024-02-01-constructs" / "index.html").read_text(encoding="utf-8"))
    hand = _Elements((site / "hand" / "index.html").read_text(encoding="utf-8"))
    return site, briefing, hand


@pytest.mark.slow
@pytest.mark.parametrize("tag, cls, id", [
    ("h2", None, "background"),                 # id and permalink (toc: permalink: true)
    ("sup", None, "fnref:1"),                    # footnote reference
    ("li", None, "fn:1"),                        # footnote text, with its way back
    ("div", "admonition", None),                 # !!! note "Context"
    ("details", "info", None),                   # ??? info
    ("abbr", None, None),                        # *[PA]: ...
    ("dl", "", None),                            # definition list
    ("div", "highlight", None),                  # highlighted code
    ("img", None, None),                         # an image beside the file (same relative URL on both)
])
def test_a_briefing_body_renders_as_a_hand_written_page_of_the_same_markdown(built, tag, cls, id):
    _, briefing, hand = built
    assert briefing.first(tag, cls, id) == hand.first(tag, cls, id)


@pytest.mark.slow
def test_body_headings_are_in_the_table_of_contents_above_events_and_related(built):
    site, briefing, _ = built
    toc = briefing.first("nav", "md-nav--secondary")
    assert ("<", "a", (("class", "md-nav__link"), ("href", "#background"))) in toc
    assert ("<", "a", (("class", "headerlink"), ("href", "#background"), ("title", "Permanent link"))) \
        in briefing.first("h2", None, "background")


@pytest.mark.slow
def test_an_image_beside_the_briefing_is_published_and_resolves(built):
    site, briefing, _ = built
    src = dict(briefing.first("img")[0][2])["src"]
    target = (site / "briefings" / "2024-02-01-constructs" / src).resolve()
    assert target.read_bytes() == PNG
