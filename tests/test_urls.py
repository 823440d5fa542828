"""Page addresses and the relative links between them, as MkDocs serves them."""

from __future__ import annotations

import itertools
import posixpath

import pytest

from briefkit.urls import (
    SiteUrls,
    briefing_path,
    briefings_archive_path,
    entity_path,
    entity_type_path,
    feeds_of,
    published_file,
    tag_path,
    timeline_path,
)

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
    assert briefing_path("2024-01-29-x") == "briefings/2024-01-29-x/index.md"
    assert entity_path("iran") == "entities/iran/index.md"
    assert tag_path("Border security") == "tags/border-security/index.md"
    assert timeline_path("2024-01") == "timeline/2024-01/index.md"
    assert entity_type_path("person", 2) == "entities/type/person-2/index.md"
    assert briefings_archive_path(1) == "briefings/index.md"
    assert briefings_archive_path(3) == "briefings/archive/3/index.md"


def test_every_generated_page_is_the_index_of_its_own_folder():
    """A page's source folder is its URL's folder: a relative link in its raw HTML then means the same to
    MkDocs (which leaves raw HTML alone) and to Zensical (which resolves it from the source file)."""
    urls = SiteUrls()
    for path in (briefing_path("x"), entity_path("iran"), tag_path("a"), timeline_path("2024"),
                 entity_type_path("place"), briefings_archive_path(2)):
        assert path.endswith("/index.md")
        assert urls.page(path) == posixpath.dirname(path) + "/"


def test_feeds_belong_to_the_home_entity_and_tag_pages_only():
    assert feeds_of("index.md") == {"xml": "feed.xml", "json": "feed.json"}
    assert feeds_of(entity_path("type"))["xml"] == "entities/type/feed.xml"  # an entity whose id is "type"
    assert feeds_of(tag_path("a"))["json"] == "tags/a/feed.json"
    assert feeds_of(entity_type_path("person")) == {} and feeds_of("entities/index.md") == {}


def test_a_file_beside_briefings_is_published_once_at_its_place_under_briefings():
    assert published_file("media/map.png") == "briefings/media/map.png"
    assert published_file("./media/../map.png") == "briefings/map.png"
