"""The pictures in the reader's browser (Chromium): locator maps, relationship graphs and the timeline
chart, each with its name, nothing fetched from outside the site, no axe-core finding in either
palette, readable on a phone. Pictures of each figure land in tests/output/screenshots/ (and with
UPDATE_SCREENSHOTS=1 in docs/images/ for the README)."""

from __future__ import annotations

import pytest

from helpers.web import PALETTES, axe_violations, new_guarded_page, screenshot

PICTURE_PAGES = {
    "/briefings/2024-01-29-iran-fm-visits-pakistan/": ["figure.locator-map"],
    "/briefings/2024-01-17-iran-strikes-balochistan/": ["figure.locator-map"],
    "/briefings/2024-01-29-pakistan-retaliates-sistan-baluchestan/": ["figure.locator-map"],
    "/briefings/2024-01-29-pakistani-labourers-killed/": ["figure.locator-map"],
    "/entities/iran/": ["figure.locator-map", "figure.entity-graph", "figure.timeline-chart"],
    "/entities/islamabad/": ["figure.locator-map", "figure.entity-graph"],
    "/entities/gaza/": ["figure.locator-map"],
    "/entities/jaish-al-adl/": ["figure.entity-graph", "figure.timeline-chart"],
    "/timeline/": ["figure.timeline-chart"],
}
# The figures pictured for the README: (page, figure, picture name).
PICTURED = [
    ("/entities/iran/", "figure.entity-graph", "graph"),
    ("/briefings/2024-01-29-iran-fm-visits-pakistan/", "figure.locator-map", "map-briefing"),
    ("/entities/sistan-baluchestan/", "figure.locator-map", "map-place"),
    ("/timeline/", "figure.timeline-chart", "timeline-chart"),
]


@pytest.mark.parametrize("palette", PALETTES)
@pytest.mark.parametrize("path", PICTURE_PAGES)
def test_pictures_are_named_offline_and_accessible(browser, base_url, path, palette):
    page = new_guarded_page(browser, base_url, color_scheme=palette)
    try:
        page.goto(base_url + path)
        for selector in PICTURE_PAGES[path]:
            figure = page.locator(selector)
            assert figure.count() == 1, selector
            assert figure.locator("svg").is_visible()
            name = figure.locator("svg").get_attribute("aria-label")
            assert name and figure.locator("figcaption").inner_text().strip(), selector
        violations = axe_violations(page)
        assert violations == [], violations
        assert page.external == [] and page.console_errors == []
    finally:
        page.context.close()


@pytest.mark.parametrize("palette", PALETTES)
def test_each_kind_of_picture_as_a_reader_sees_it(browser, base_url, palette):
    page = new_guarded_page(browser, base_url, color_scheme=palette)
    try:
        for path, selector, name in PICTURED:
            page.goto(base_url + path)
            screenshot(page.locator(selector), f"picture-{name}-{palette}")
    finally:
        page.context.close()


def test_graph_nodes_and_chart_bars_go_to_their_pages(page, base_url):
    page.goto(base_url + "/entities/iran/")
    page.locator("figure.entity-graph a", has_text="Pakistan").first.click()
    assert page.url.endswith("/entities/pakistan/")
    page.goto(base_url + "/timeline/")
    page.locator("figure.timeline-chart a").first.click()
    assert page.url.endswith("/timeline/#january-2024")
    assert page.locator("#january-2024").count() == 1
    assert page.external == [] and page.console_errors == []


def test_pictures_fit_a_phone_and_their_labels_stay_legible(browser, base_url):
    page = new_guarded_page(browser, base_url, viewport={"width": 390, "height": 844},
                            device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        for path, selector, name in PICTURED:
            page.goto(base_url + path)
            box = page.locator(selector).bounding_box()
            assert box["width"] <= 390 and box["x"] >= 0, (path, box)
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{path} scrolls sideways"
            label = page.locator(f"{selector} svg text").first
            size = label.evaluate("t => t.getBoundingClientRect().height")
            assert size >= 7, f"{path}: labels {size:.1f}px tall on a phone"
            if name in ("graph", "map-briefing"):
                screenshot(page.locator(selector), f"picture-{name}-phone")
        assert page.external == [] and page.console_errors == []
    finally:
        page.context.close()
