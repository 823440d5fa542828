"""Pictures drawn at build time from the briefings' own data: pure functions from data to SVG.

Every picture is an inline SVG string (a raw HTML block without blank lines, so that
Python-Markdown keeps it whole), its colours CSS classes of docs/stylesheets/briefkit.css
that follow both palettes, every author value escaped, every number rounded the same way
so that the same input gives the same bytes.
"""
