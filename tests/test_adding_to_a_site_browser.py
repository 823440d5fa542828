"""briefkit's stylesheet changes none of an existing site's own pages (issue 21), measured in Chromium.

The existing-site fixture is built as it was and with briefkit added (the plugin, `root: news`);
on each of the site's own pages, in both palettes, every computed style property of the body,
the header and every element of the article must be the same. With `site_css: true` (the opt-in
fixes of Material's defaults for a whole site) the links of those pages do change: the
comparison can tell.
"""

from __future__ import annotations

import pytest

from helpers.existing_site import make_site, run
from helpers.web import new_guarded_page, serve_directory

OWN_PAGES = ["", "posts/first-maps/", "posts/tiles/", "tags/"]
# Every computed property of the page's frame and of each element of its content (not briefkit's
# wrapper that tells Pagefind what to index, which has no style of its own), in document order.
STYLES = """scheme => {
  document.body.setAttribute("data-md-color-scheme", scheme);
  const article = document.querySelector("article.md-content__inner");
  const elements = [document.body, document.querySelector(".md-header"), article,
                    ...article.querySelectorAll("*")].filter(e => !e.hasAttribute("data-pagefind-body"));
  return elements.map(e => {
    const style = getComputedStyle(e), found = {element: e.tagName + "." + e.className};
    for (const name of style) found[name] = style.getPropertyValue(name);
    return found;
  });
}"""


def built(tmp_path_factory, name: str, extra: str = "") -> str:
    """The fixture site built (with briefkit unless name is "before"), served; its base URL."""
    site = make_site(tmp_path_factory.mktemp(name) / "gis", with_briefkit=name != "before")
    if extra:
        config = site / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("    root: news\n", f"    root: news\n{extra}"),
                          encoding="utf-8")
    run(site, "mkdocs", "build", "--strict")
    server, url = serve_directory(site / "site")
    return url


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, str]:
    return {name: built(tmp_path_factory, name, extra)
            for name, extra in (("before", ""), ("after", ""), ("site_css", "    site_css: true\n"))}


def styles(browser, base_url: str, path: str, scheme: str, width: int = 1280) -> list[dict]:
    page = new_guarded_page(browser, base_url, viewport={"width": width, "height": 900})
    try:
        page.goto(base_url + "/" + path)
        return page.evaluate(STYLES, scheme)
    finally:
        page.context.close()


def differences(old: list[dict], new: list[dict]) -> list[str]:
    assert [e["element"] for e in old] == [e["element"] for e in new]
    return [f"{a['element']} {name}: {a[name]} -> {b.get(name)}" for a, b in zip(old, new, strict=True)
            for name in a if a[name] != b.get(name)]


@pytest.mark.parametrize("width", [1280, 390])  # a desktop and a phone: Material has rules for each
@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("path", OWN_PAGES)
def test_adding_briefkit_changes_no_style_of_the_sites_own_pages(browser, sites, path, scheme, width):
    assert differences(styles(browser, sites["before"], path, scheme, width),
                       styles(browser, sites["after"], path, scheme, width)) == []


def test_site_css_opts_in_to_underlined_links_on_the_sites_own_pages(browser, sites):
    changed = differences(styles(browser, sites["before"], "posts/first-maps/", "default"),
                          styles(browser, sites["site_css"], "posts/first-maps/", "default"))
    assert any(line.startswith("A. text-decoration-line: none -> underline") for line in changed), changed[:10]
