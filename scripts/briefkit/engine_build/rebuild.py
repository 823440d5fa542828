"""A serving process's rebuild of the pages an edit changed, in the objects of its last build.

A keeping build (keeping.build) still runs every step MkDocs runs for the whole site: at 10,000
briefings, listing 25,000 files in 15,000 folders, making the navigation and the sitemap, and checking
every page's record took about 4 s of CPU to build the one page an edit changed. A server holds its last
build in memory (LiveSite), and its watcher tells which files changed. When those are only the sources of
existing pages and static files, no file came or went (so every link resolves as before), and the
configuration and the theme are those of the last build. Then only those pages are read again; if the
navigation is still what it was (the titles and metadata of its pages: it is in every page), they alone are
built, with the last build's configuration, files, navigation and template environment, the static files
are copied, and the search index is written again from every page's recorded entries: the site is the one a
full build would give (tests/test_engine_build_rebuild.py compares them byte for byte).

Anything else (a page added or removed, a navigation title changed, mkdocs.yml, the theme, another day's
build date, a plugin that may read other pages) is left to a keeping build: rebuild_pages returns None.
"""

from __future__ import annotations

import os
import time
from dataclasses import replace

from briefkit.engine_build.keeping import (
    BuildRecord,
    BuildReport,
    LiveSite,
    PageRecord,
    _build_one,
    _nav_items,
    _read,
    _search_entries,
    _source,
    _unchanged,
    abort_on_warnings,
    as_mkdocs_builds,
    copy_static_file,
)


def edited_files(live: LiveSite, changed: set[str]) -> list | None:
    """The files (MkDocs' Files: pages and static files) whose sources are the changed paths, or None when a
    change is anything else: a file of the site gone, a new file of the site, a file outside docs_dir (the
    configuration, the theme). A file that stays out of the site is no change to it (LiveSite.outside_site)."""
    edited = []
    for path in sorted({os.path.abspath(path) for path in changed}):
        file = live.by_source.get(path)
        if file is None and live.outside_site(path):
            continue
        if file is None or not os.path.isfile(path):
            return None
        edited.append(file)
    return edited


def rebuild_pages(live: LiveSite, changed: set[str]) -> tuple[BuildRecord, BuildReport] | None:
    """Read and build again, in live's objects, the pages whose sources changed; None when the change is more
    than that (see the module's docstring), and the caller runs a keeping build. Warnings are counted as in
    the keeping build: --strict aborts on a warning of a page built now (the others' were counted before)."""
    engine, config = live.engine, live.config
    if not live.reusable or not changed or engine.utils.get_build_date() != live.build_date:
        return None
    edited = edited_files(live, changed)
    if edited is None:
        return None
    started = time.monotonic()
    report = BuildReport(only_pages=True)
    old = live.record.pages
    pending = []
    statics = dict(live.record.statics)
    for file in edited:
        if not file.is_documentation_page():
            statics[file.dest_uri] = copy_static_file(file, statics.get(file.dest_uri), report)
            continue
        source = _source(file, old.get(file.src_uri))
        if not _unchanged(file, old.get(file.src_uri), source, live.files):
            pending.append((file, source))
    with as_mkdocs_builds(engine, config) as warning_counter:
        records: dict[str, PageRecord] = dict(old)
        navigation = _nav_items(live.nav.items)
        read = [(file, source, *_read(engine, file, config, live.files)) for file, source in pending]
        if _nav_items(live.nav.items) != navigation:  # a title in the navigation changed: it is in every page
            return None
        entries = _search_entries(config)
        documents = list(live.documents)
        for file, source, read_log, lookups in read:
            records[file.src_uri] = _build_one(engine, file, config, documents, live.nav, live.env, entries, source,
                                               read_log, lookups)
        if pending:
            _validate_anchors(live, {file.src_uri for file, _ in pending})
            if entries is not None:  # the index as a full build writes it: every page's entries, in page order
                entries.clear()
                for file in live.documents:
                    entries.extend(records[file.src_uri].search_entries)
            config.plugins.on_post_build(config=config)
        report.built, report.kept = len(pending), len(live.documents) - len(pending)
        record = BuildRecord(site_key=live.record.site_key, site_dir=live.record.site_dir, pages=records,
                             statics=statics, outputs=live.record.outputs)
        abort_on_warnings(engine, warning_counter)
        report.seconds = time.monotonic() - started
        for file, _ in pending:  # written, and in the record (see LiveSite.of)
            file.page.markdown = file.page.content = ""  # "", not None: with no Markdown, MkDocs' Page.title is None
        report.site = replace(live, record=record)
        return record, report


def _validate_anchors(live: LiveSite, built: set[str]) -> None:
    """MkDocs' check of links to anchors, for the pages built now and the pages linking into them (a heading
    removed from an edited page warns in the page that links to it, as in a full build)."""
    log_level = live.config.validation.links.anchors
    for file in live.documents:
        page = file.page
        links = getattr(page, "links_to_anchors", None) or {}
        if file.src_uri in built or any(target.src_uri in built for target in links):
            page.validate_anchor_links(files=live.files, log_level=log_level)
