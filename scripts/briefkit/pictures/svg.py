"""What the pictures share: number formatting that keeps bytes stable, and the figure around an SVG."""

from __future__ import annotations

from markupsafe import Markup, escape


def num(value: float) -> str:
    """A coordinate at one decimal of SVG units, without a trailing '.0' (the same bytes on every run)."""
    text = f"{value:.1f}"  # rounded as round(value, 1) rounds: the nearest, ties to even, of the exact binary value
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text


def figure(css_class: str, svg: str, caption: str | Markup) -> Markup:
    """<figure class=...> with the SVG and its caption, on consecutive lines: one raw HTML block.

    Out of both search indexes: its labels repeat names the page says in words (a search for a
    country would otherwise find every page whose map shows it)."""
    return Markup('<figure class="%s" data-search-exclude="true" data-pagefind-ignore="all">\n%s\n'
                  '<figcaption>%s</figcaption>\n</figure>') % (css_class, Markup(svg), escape(caption))
