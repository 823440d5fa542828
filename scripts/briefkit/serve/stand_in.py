"""Stand-in pages for `briefkit serve`: in place of a briefing left out of the preview (errors, or a
draft), a page that says why, so that the browser never goes on showing the last good version."""

from __future__ import annotations

import html
import json
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from briefkit.problems import ERROR
from briefkit.urls import briefing_path
from briefkit.validate import RESERVED_SLUGS, SLUG

if TYPE_CHECKING:
    from briefkit.convert import Gathered


def error_pages(gathered: Gathered) -> dict[str, str]:
    """For each briefing left out because of errors, a page in its place that lists them
    (and for each draft left out, a page that says so).

    Without it the browser would go on showing the last good version (MkDocs' --dirty
    build never deletes a page), and the author would not see that the edit failed.
    """
    pages: dict[str, str] = {}
    for shown in gathered.skipped:
        lines = "\n".join(html.escape(p.format()) for p in sorted(set(gathered.problems))
                          if p.path == shown and p.severity == ERROR)
        _stand_in(pages, shown, "this briefing has errors",
                  "is left out of the site until they are fixed; this page shows the briefing again as soon "
                  "as it is saved without errors.", f'<pre class="briefkit-errors"><code>{lines}\n</code></pre>')
    for shown in gathered.drafts:
        _stand_in(pages, shown, "a draft", "has <code>status: draft</code>: run <code>briefkit serve --drafts</code> "
                  "to preview drafts, or set <code>status: published</code>.", "")
    return pages


def _stand_in(pages: dict[str, str], shown: str, what: str, why: str, details: str) -> None:
    slug = PurePosixPath(shown).stem
    if not SLUG.match(slug) or slug in RESERVED_SLUGS:  # no page address to put it at
        return
    pages[briefing_path(slug)] = (
        f"---\ntitle: {json.dumps(slug + ': ' + what)}\nsearch:\n  exclude: true\n---\n\n"
        f"# {slug}: {what}\n\n<code>{html.escape(shown)}</code> {why}\n\n{details}\n")
