"""sitecheck.py: a built site's pages, its internal links resolved as a browser resolves them, its markup."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefkit import sitecheck


def make_site(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("page, url, expected", [
    ("briefings/x/index.html", "../../entities/iran/", "entities/iran/index.html"),
    ("briefings/x/index.html", "../", "briefings/index.html"),
    ("briefings/x/index.html", "..", "briefings/index.html"),
    ("briefings/x/index.html", "./", "briefings/x/index.html"),
    ("briefings/x/index.html", "map.png?v=1#top", "briefings/x/map.png"),
    ("briefings/x.html", "../entities/iran.html", "entities/iran.html"),
    ("index.html", ".", "index.html"),
    ("index.html", "tags/caf%C3%A9/", "tags/café/index.html"),
    ("404.html", "/assets/main.css", "assets/main.css"),   # the 404 page is written from the root
])
def test_an_address_is_resolved_against_the_page_as_a_browser_does(page, url, expected):
    assert sitecheck.resolve(page, url) == expected


@pytest.mark.parametrize("url", ["https://example.org/", "mailto:a@example.org", "javascript:void(0)",
                                 "//cdn.example.org/x.js", "#fact-box", ""])
def test_addresses_outside_the_site_and_the_page_itself_are_not_checked(url):
    assert sitecheck.resolve("briefings/x/index.html", url) is None


@pytest.mark.parametrize("page, url, reason", [
    ("briefings/x/index.html", "../../../entities/iran/", "climbs above the site's root"),
    ("briefings/x/index.html", "/entities/iran/", "an absolute path"),
])
def test_an_address_that_leaves_the_site_under_a_sub_path_is_an_error(page, url, reason):
    with pytest.raises(ValueError, match=reason):
        sitecheck.resolve(page, url)


def test_broken_links_names_each_link_that_names_no_file(tmp_path: Path):
    site = make_site(tmp_path, {
        "index.html": '<a href="briefings/x/">x</a> <a href="missing/">m</a> <img src="logo.svg">'
                      '<svg><a xlink:href="entities/iran/"></a></svg> <img srcset="a.png 1x, b.png 2x">',
        "briefings/x/index.html": '<a href="../../">home</a> <a href="../../../up/">up</a> <a href="../x">self</a>',
        "logo.svg": "<svg/>", "a.png": "", "b.png": "",
    })
    broken, checked = sitecheck.broken_links(site)
    assert [str(b) for b in broken] == [
        "briefings/x/index.html: <a href='../../../up/'>: climbs above the site's root",
        "index.html: <a href='missing/'>: no file missing/index.html",
        "index.html: <a xlink:href='entities/iran/'>: no file entities/iran/index.html",
    ]
    assert checked == 8  # a folder with an index.html (../x) is found, as a static server answers it


def test_pages_are_every_html_file_sorted(tmp_path: Path):
    site = make_site(tmp_path, {"b/index.html": "", "a.html": "", "search.json": "{}"})
    assert sitecheck.pages(site) == ["a.html", "b/index.html"]


def test_elements_are_counted_by_tag_and_class():
    html = '<aside class="factbox wide"></aside><aside class="note"></aside><div class="factbox"></div>'
    assert sitecheck.count_elements(html, "aside", "factbox") == 1
    assert sitecheck.count_elements(html, "aside", "fact") == 0


def test_addresses_under_site_url_are_the_sites_own_files():
    assert sitecheck.resolve("a/index.html", "https://example.org/blog/news/x/", "https://example.org/blog") == \
        "news/x/index.html"
    assert sitecheck.resolve("a/index.html", "https://example.org/other/", "https://example.org/blog/") is None
    # the 404 page's links start with site_url's path
    assert sitecheck.resolve("404.html", "/blog/assets/x.css", "https://example.org/blog/") == "assets/x.css"
