"""A small DOM to read generated pages and built HTML by tag, class and id (the standard library's
HTMLParser: what a browser would build, closed the way browsers close stray tags)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Node:
    """An element of a parsed page: enough of a DOM to find things by tag, class and id."""

    tag: str
    attrs: dict[str, str]
    children: list = field(default_factory=list)  # Node or str

    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def select(self, tag: str = "", cls: str = "") -> list[Node]:
        return [n for n in self.iter() if (not tag or n.tag == tag) and (not cls or cls in n.classes())]


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        # close up to the matching element; a stray end tag is ignored, as browsers do
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(file: Path) -> Node:
    builder = TreeBuilder()
    builder.feed(file.read_text(encoding="utf-8"))
    builder.close()
    return builder.root


def squash(text: str) -> str:
    return " ".join(text.split())


def tree(markup: str) -> Node:
    """markup (a page's HTML, or a fragment) parsed."""
    builder = TreeBuilder()
    builder.feed(markup)
    builder.close()
    return builder.root
