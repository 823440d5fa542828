"""Page addresses and the relative links between them, as MkDocs serves them."""

from __future__ import annotations

import itertools
import posixpath

import pytest

from briefkit.urls import SiteUrls, briefing_path, entity_path

PAGES = ["index.md", "about.md", "briefings/index.md", "briefings/x.md", "briefings/archive/2.md",
         "entities/iran.md", "timeline/index.md", "timeline/2024.md", "tags/a-b.md", "feed.xml",
         "stylesheets/briefkit.css"]


@pytest.mark.parametrize("docs_path, directory_url, file_url", [
    ("index.md", "", "index.html"),
    ("about.md", "about/", "about.html"),
    ("briefings/index.md", "briefings/", "briefings/index.html"),
    ("briefings/x.md", "briefings/x/", "briefings/x.html"),
    ("feed.xml", "feed.xml", "feed.xml"),
])
def test_page_urls(docs_path, directory_url, file_url):
    assert SiteUrls(True).page(docs_path) == directory_url
    assert SiteUrls(False).page(docs_path) == file_url


@pytest.mark.parametrize("source, target, href", [
    ("briefings/x.md", "entities/iran.md", "../../entities/iran/"),
    ("briefings/x.md", "briefings/y.md", "../y/"),
    ("briefings/x.md", "index.md", "../../"),
    ("index.md", "briefings/x.md", "briefings/x/"),
    ("index.md", "index.md", "./"),
    ("briefings/index.md", "briefings/x.md", "x/"),
    ("briefings/x.md", "briefings/index.md", "../"),
    ("briefings/x.md", "briefings/x.md", "./"),
    ("timeline/index.md", "timeline/2024.md", "2024/"),
    ("entities/iran.md", "feed.xml", "../../feed.xml"),
])
def test_hrefs_with_directory_urls(source, target, href):
    assert SiteUrls(True).href(source, target) == href


@pytest.mark.parametrize("source, target, href", [
    ("briefings/x.md", "entities/iran.md", "../entities/iran.html"),
    ("index.md", "briefings/index.md", "briefings/index.html"),
    ("briefings/x.md", "index.md", "../index.html"),
])
def test_hrefs_without_directory_urls(source, target, href):
    assert SiteUrls(False).href(source, target) == href


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_href_leads_where_it_should(directory_urls):
    """Followed from the page's own URL, each href arrives at the target's URL."""
    urls = SiteUrls(directory_urls)
    for source, target in itertools.product(PAGES, PAGES):
        page = urls.page(source)
        folder = page if page.endswith("/") else posixpath.dirname(page)
        base = folder.rstrip("/") + "/" if folder else ""
        arrived = posixpath.normpath(posixpath.join("/" + base, urls.href(source, target)))
        expected = posixpath.normpath("/" + urls.page(target))
        assert arrived == expected, (source, target, urls.href(source, target))


def test_paths_of_generated_pages():
    assert briefing_path("2024-01-29-x") == "briefings/2024-01-29-x.md"
    assert entity_path("iran") == "entities/iran.md"
