"""The reader's view, in Debian's Chromium driven by Playwright, on the built sample site.

What a reader meets: the seed briefing with its fact box, Material's search finding entities
first, five page kinds without a request leaving the site, a console error or a serious axe-core
finding in the light and the dark palette, a printable A4 briefing, a phone layout, the site
served under a sub-path, and valid HTML. Screenshots land in tests/output/screenshots/;
with UPDATE_SCREENSHOTS=1 they are also copied to docs/images/ for the README.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers.project import REPO, copy_project, run_briefkit
from helpers.web import (
    OUTPUT,
    PALETTES,
    SCREENSHOTS,
    axe_violations,
    new_guarded_page,
    require,
    screenshot,
    serve_directory,
)

SEED = "/briefings/2024-01-29-iran-fm-visits-pakistan/"
PAGE_KINDS = {
    "home": "/",
    "briefing": SEED,
    "entity": "/entities/jaish-al-adl/",
    "timeline": "/timeline/",
    "tag": "/tags/diplomacy/",
}
# Page kinds pictured in the README, light and dark.
PICTURED = ("home", "briefing", "entity", "timeline")

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Findings of Material's own base template we cannot fix short of replacing base.html:
# `autocomplete="off"` on its hidden checkbox toggles (#__drawer, #__search).
MATERIAL_VNU_FINDINGS = [r'Attribute “autocomplete” is only allowed when the input type is']


def href_path(page, selector: str) -> list[str]:
    """Paths of the links matching selector, resolved by the browser (absolute, no host)."""
    return page.eval_on_selector_all(selector, "links => links.map(a => new URL(a.href).pathname)")


# ---- 1. The seed briefing ---------------------------------------------------------------------

def test_seed_briefing_shows_its_fact_box_and_stays_on_the_site(page, base_url):
    page.goto(base_url + SEED)
    factbox = page.locator(".factbox")
    assert factbox.count() == 1
    assert factbox.is_visible()
    assert "Jalil Abbas Jilani" in factbox.inner_text()
    assert factbox.locator("time[datetime='2024-01-29']").is_visible()
    screenshot(page, "briefing-seed", publish=False)   # the same page as briefing-light
    assert page.external == []
    assert page.console_errors == []


# ---- 2. Search ----------------------------------------------------------------------------------

LOADED = 10   # results whose data briefkit's worker fetches (static/briefkit-worker.js, PAGE)


def search(page, base_url: str, query: str) -> list[str]:
    """Type query into Material's search on the home page; URL paths of every result group shown,
    best first. Material renders ten groups, then four more each time the list is scrolled to its
    end (a change from "not at the end" to "at the end"): scroll up and down until all are there.
    The result line says how many pages match; the worker sends the first LOADED of them."""
    page.goto(base_url + "/")
    page.keyboard.press("/")          # Material's shortcut: opens and focuses search at any width
    page.keyboard.type(query)         # key events, not fill(): Material's search listens to keys
    items = page.locator(".md-search-result__item")
    items.first.wait_for(timeout=10_000)
    meta = page.locator(".md-search-result__meta").inner_text()
    total = min(int(re.match(r"([\d,]+) matching document", meta).group(1).replace(",", "")), LOADED)
    scrollwrap = page.locator(".md-search__scrollwrap")
    while (shown := items.count()) < total:
        scrollwrap.evaluate("""async e => {
            const frame = () => new Promise(ok => requestAnimationFrame(() => requestAnimationFrame(ok)));
            e.scrollTo(0, 0); await frame(); e.scrollTo(0, e.scrollHeight); await frame(); }""")
        page.wait_for_function("n => document.querySelectorAll('.md-search-result__item').length > n",
                               arg=shown, timeout=5_000)
    return href_path(page, ".md-search-result__item > a.md-search-result__link")


def briefings_naming(site_dir: Path, entity: str) -> set[str]:
    """URL paths of the built briefing pages that link the entity page (the expected results)."""
    return {f"/briefings/{page.parent.name}/" for page in (site_dir / "briefings").glob("*/index.html")
            if f"{entity.removeprefix('/')}\"" in page.read_text(encoding="utf-8")}


@pytest.mark.parametrize("query, entity", [
    ("Jaish", "/entities/jaish-al-adl/"),                       # a name
    ("Amirabdollahian", "/entities/hossein-amirabdollahian/"),  # a name that is also an alias
    ("Army of Justice", "/entities/jaish-al-adl/"),             # an alias no briefing's text has
    ("Baluchistan", "/entities/balochistan/"),                  # an alias
])
def test_search_finds_the_entity_page_first_and_every_briefing_naming_it(page, base_url, site_dir,
                                                                          query, entity):
    # Pagefind has briefing and entity pages; Material's index has none of them
    source = site_dir.parent / "docs" / entity.strip("/") / "index.md"
    assert "\npagefind: true\n" in source.read_text(encoding="utf-8"), source
    material = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d for d in material["docs"] if re.match(r"(briefings|entities)/[^/]+/", d["location"])]
    expected = briefings_naming(site_dir, entity)
    assert expected, f"no sample briefing links {entity}"
    if query == "Army of Justice":  # found through the aliases a briefing carries for Pagefind
        assert not any("Army of Justice" in (site_dir / p.strip("/") / "index.html").read_text(encoding="utf-8")
                       .split('class="search-aliases"')[0] for p in expected)
    found = search(page, base_url, query)
    assert found[0] == entity, found
    assert expected <= set(found), sorted(expected - set(found))
    page.locator(".md-search__scrollwrap").evaluate("e => e.scrollTo(0, 0)")
    if query in ("Jaish", "Army of Justice"):
        screenshot(page, f"search-{query.lower().replace(' ', '-')}")
    assert page.external == []
    assert page.console_errors == []


def test_search_finds_a_word_only_in_a_body_and_links_all_results(page, base_url, site_dir):
    """"repatriated" is only in two briefings' bodies: not in a title, summary, fact or event."""
    slugs = ["2024-01-29-pakistani-labourers-killed", "2024-01-29-iran-fm-visits-pakistan"]
    for slug in slugs:
        source = (REPO / "briefings" / f"{slug}.md").read_text(encoding="utf-8")
        front, body = source.split("\n---\n", 1)
        assert "repatriated" in body and "repatriated" not in front
    assert set(search(page, base_url, "repatriated")) == {f"/briefings/{slug}/" for slug in slugs}
    assert page.locator(".md-search-result__meta").inner_text().startswith("2 matching documents")
    assert page.locator(".md-search-result__item mark").first.inner_text().lower().startswith("repatriated")
    page.locator(".md-search-result__all").click()
    page.wait_for_url(re.compile(r"/search/\?query=repatriated$"))
    expect_status(page, "2 results for “repatriated”.")
    assert page.external == [] and page.console_errors == []


def test_typing_a_letter_fetches_nothing_and_a_word_fetches_little(page, base_url):
    """A one-letter query is not searched (it begins a fifth of all words); a query waits for the
    next key, so typing a word key by key fetches the index for the word only."""
    fetched = []
    page.on("request", lambda r: "/pagefind/" in r.url and fetched.append(r.url))
    page.goto(base_url + "/")
    page.keyboard.press("/")
    page.keyboard.type("J")
    page.wait_for_timeout(600)
    assert page.locator(".md-search-result__item").count() == 0
    chunks_for_a_letter = [u for u in fetched if u.endswith(".pf_index")]
    assert chunks_for_a_letter == [], chunks_for_a_letter
    page.keyboard.type("aish", delay=30)
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    assert page.console_errors == [] and page.external == []


def test_the_result_line_counts_every_result_when_only_the_first_are_loaded(browser, site_dir, tmp_path):
    """The worker fetches the data of its first PAGE results only: the line still says how many match."""
    shutil.copytree(site_dir, tmp_path / "site")
    worker = tmp_path / "site" / "assets/javascripts/workers/briefkit-search.js"
    worker.write_text(worker.read_text(encoding="utf-8").replace("const PAGE = 10;", "const PAGE = 2;"),
                      encoding="utf-8")
    server, base = serve_directory(tmp_path / "site")
    page = new_guarded_page(browser, base)
    try:
        page.goto(base + "/")
        page.keyboard.press("/")
        page.keyboard.type("Iran")
        page.locator(".md-search-result__all").wait_for(timeout=10_000)
        meta = page.locator(".md-search-result__meta").inner_text()
        total = int(re.match(r"(\d+) matching documents", meta).group(1))
        assert total > 10 and page.locator(".md-search-result__item").count() == 2
        assert page.locator(".md-search-result__all").inner_text() == f"all {total} results, with filters"
        assert page.external == [] and page.console_errors == []
    finally:
        page.context.close()
        server.shutdown()
        server.server_close()


def expect_status(page, text: str) -> None:
    page.wait_for_function("t => document.querySelector('.briefkit-search__status').textContent === t",
                           arg=text, timeout=10_000)


def result_paths(page) -> list[str]:
    return href_path(page, ".briefkit-search__result > a")


def test_search_page_filters_narrow_the_results(page, base_url):
    page.goto(base_url + "/search/?query=Pakistan")
    page.wait_for_function("document.querySelectorAll('.briefkit-search__result').length > 0")
    everything = result_paths(page)
    assert "/entities/pakistan/" in everything and len(everything) > 4
    page.select_option("#briefkit-filter-type", "Briefing")
    page.wait_for_url(re.compile(r"type=Briefing"))
    page.wait_for_function("n => document.querySelectorAll('.briefkit-search__result').length < n", arg=len(everything))
    briefings = result_paths(page)
    assert briefings and all(p.startswith("/briefings/") for p in briefings), briefings
    page.select_option("#briefkit-filter-tag", "casualties")
    page.wait_for_function("n => document.querySelectorAll('.briefkit-search__result').length < n", arg=len(briefings))
    assert result_paths(page) == ["/briefings/2024-01-29-pakistani-labourers-killed/"]
    assert "(of " in page.locator(".briefkit-search__status").inner_text()   # the unfiltered count is said
    page.fill("#briefkit-filter-entity", "Jaish al-Adl")
    page.locator("#briefkit-filter-entity").dispatch_event("change")
    expect_status(page, f"Nothing found for “Pakistan” (of {len(everything)} without the filters).")
    years = page.eval_on_selector_all("#briefkit-filter-year option", "o => o.map(x => x.value)")
    assert years == ["", "2024"]
    # the filters in an address (a bookmark, a link) are applied as the page opens
    page.goto(base_url + "/search/?query=Pakistan&type=Briefing&tag=casualties")
    page.wait_for_function("document.querySelectorAll('.briefkit-search__result').length > 0")
    assert result_paths(page) == ["/briefings/2024-01-29-pakistani-labourers-killed/"]
    assert page.input_value("#briefkit-filter-type") == "Briefing"
    assert page.external == [] and page.console_errors == []


@pytest.mark.parametrize("palette", PALETTES)
def test_search_page_is_accessible_in_both_palettes(browser, base_url, palette):
    page = new_guarded_page(browser, base_url, color_scheme=palette)
    try:
        page.goto(base_url + "/search/?query=Iran")
        page.wait_for_function("document.querySelectorAll('.briefkit-search__result').length > 0")
        violations = axe_violations(page)
        screenshot(page, f"search-page-{palette}", full_page=True)
        assert violations == [], violations
        # keyboard: the query field, then the filters, then the button, in order
        page.focus("#briefkit-search-query")
        order = []
        for _ in range(6):
            page.keyboard.press("Tab")
            order.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
        assert order[:5] == ["briefkit-filter-type", "briefkit-filter-entity", "briefkit-filter-tag",
                             "briefkit-filter-year", "BUTTON"], order
        assert page.get_attribute(".briefkit-search__status", "role") == "status"
        assert page.external == [] and page.console_errors == []
    finally:
        page.context.close()


@pytest.fixture(scope="module")
def material_site(tmp_path_factory):
    """The sample built with extra.briefkit.search_index: material (Material's search, no Pagefind),
    served: (base URL, site folder)."""
    root = copy_project(tmp_path_factory.mktemp("material") / "project")
    with open(root / "mkdocs.yml", "a", encoding="utf-8") as handle:
        handle.write("\nextra:\n  briefkit:\n    search_index: material\n")
    run_briefkit(root, "build", check=True)
    server, url = serve_directory(root / "site")
    yield url, root / "site"
    server.shutdown()
    server.server_close()


def test_materials_own_search_still_works_when_chosen(browser, material_site):
    base, site = material_site
    assert not (site / "pagefind").exists()
    page = new_guarded_page(browser, base)
    try:
        found = search(page, base, "Jaish")
        assert found[0] == "/entities/jaish-al-adl/", found
        assert page.locator(".md-search-result__all").count() == 0
        assert page.external == [] and page.console_errors == []
    finally:
        page.context.close()


def test_search_works_from_every_page_kind(page, base_url):
    """The worker's address is rewritten on every page, relative to it: search from a deep page."""
    page.goto(base_url + "/entities/jaish-al-adl/")
    page.keyboard.press("/")
    page.keyboard.type("Amirabdollahian")
    first = page.locator(".md-search-result__item > a.md-search-result__link").first
    first.wait_for(timeout=10_000)
    assert new_url_path(first.get_attribute("href")) == "/entities/hossein-amirabdollahian/"
    first.click()
    page.wait_for_url(re.compile(r"/entities/hossein-amirabdollahian/"))
    assert page.console_errors == [] and page.external == []


def new_url_path(href: str) -> str:
    from urllib.parse import urlsplit
    return urlsplit(href).path


# ---- 3. Five page kinds, two palettes: no request out, no console error, no serious axe finding -

@pytest.mark.parametrize("palette", PALETTES)
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_page_is_offline_clean_and_accessible(browser, base_url, kind, palette):
    page = new_guarded_page(browser, base_url, color_scheme=palette)
    try:
        page.goto(base_url + PAGE_KINDS[kind])
        assert page.get_attribute("body", "data-md-color-scheme") == PALETTES[palette]
        serious = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
        if kind in PICTURED:
            screenshot(page, f"{kind}-{palette}")
        assert serious == [], serious
        assert page.external == []
        assert page.console_errors == []
    finally:
        page.context.close()


def test_palette_toggle_switches_to_dark_and_is_remembered(page, base_url):
    page.goto(base_url + "/")
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    page.locator("form[data-md-component=palette] label:visible").click()   # "Switch to dark mode"
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'", timeout=5_000)
    page.goto(base_url + SEED)         # Material keeps the choice in localStorage
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    assert page.external == []
    assert page.console_errors == []


# ---- 4. Print -----------------------------------------------------------------------------------

def test_briefing_prints_on_a4_with_fact_box_and_without_navigation(page, base_url):
    page.goto(base_url + SEED)
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        assert not page.locator(chrome).first.is_visible(), f"{chrome} is printed"
    assert page.locator(".factbox").is_visible()
    assert page.locator(".briefing__body").first.is_visible()  # one per run of text between body headings

    OUTPUT.mkdir(parents=True, exist_ok=True)
    pdf = OUTPUT / "briefing-print.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    require("pdftotext", "install poppler-utils to read the printed PDF")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:.*\(A4\)", info), info
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for wanted in ("fact box", "29 January 2024", "Jalil Abbas Jilani", "Islamabad", "Events"):
        assert wanted.lower() in text.lower(), wanted
    for navigation in ("Table of contents", "Authoring", "Made with"):
        assert navigation not in text, f"{navigation!r} printed"
    # A picture of the first printed page, to look at.
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(SCREENSHOTS / "briefing-print")], check=True)


# ---- 5. Phone -----------------------------------------------------------------------------------

def test_fact_box_is_full_width_above_the_text_on_a_phone(browser, base_url):
    page = new_guarded_page(browser, base_url, viewport={"width": 390, "height": 844},
                            device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        page.goto(base_url + SEED)
        factbox = page.locator(".factbox").bounding_box()
        body_text = page.locator(".briefing__body > p").first.bounding_box()
        content = page.locator(".md-content__inner").bounding_box()
        assert factbox["width"] >= 0.95 * body_text["width"], (factbox, body_text)
        assert factbox["y"] + factbox["height"] <= body_text["y"], "fact box is not above the text"
        assert factbox["x"] >= content["x"] and factbox["x"] + factbox["width"] <= content["x"] + content["width"]
        font_px = float(page.locator(".factbox dd").first.evaluate("e => getComputedStyle(e).fontSize")[:-2])
        assert font_px >= 13, f"fact box text is {font_px}px on a phone"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, "page scrolls sideways"
        screenshot(page, "briefing-phone")
        assert page.external == []
        assert page.console_errors == []
    finally:
        page.context.close()


# ---- 6. Offline, under a sub-path ---------------------------------------------------------------

def test_site_works_from_a_plain_server_under_a_sub_path(browser, site_dir, tmp_path):
    shutil.copytree(site_dir, tmp_path / "root" / "sub")
    server, base = serve_directory(tmp_path / "root", "/sub")
    page = new_guarded_page(browser, base + "/")
    failed = []
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    try:
        page.goto(base + "/")
        # Material's stylesheet loaded: the header has its primary colour, not the default transparent.
        assert page.locator(".md-header").evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
        page.locator(".briefing-card__title a", has_text="foreign minister").click()
        page.wait_for_url(base + SEED)
        assert page.locator(".factbox").is_visible()
        page.locator(".factbox a", has_text="Jalil Abbas Jilani").first.click()
        page.wait_for_url(base + "/entities/jalil-abbas-jilani/")
        page.locator(".md-tabs__link", has_text="Timeline").click()
        page.wait_for_url(base + "/timeline/")

        assert search(page, base, "Jaish")[0] == "/sub/entities/jaish-al-adl/"
        page.locator(".md-search-result__item > a.md-search-result__link").first.click()
        page.wait_for_url(re.compile(re.escape(base + "/entities/jaish-al-adl/") + r"\?h=jaish"))
        assert page.locator("h1").inner_text() == "Jaish al-Adl"

        assert failed == []
        assert page.external == []
        assert page.console_errors == []
    finally:
        page.context.close()
        server.shutdown()
        server.server_close()


# ---- 7. HTML validity ---------------------------------------------------------------------------

@pytest.fixture(scope="module", autouse=True)
def nu_checker(request, site_dir):
    """The Nu HTML Checker over the built site, started when this module starts so that the JVM
    works while the browser tests run; None when Java or vnu.jar is missing or the test is not run."""
    selected = any(item.originalname == "test_built_pages_pass_the_nu_html_checker"
                   for item in request.session.items)
    if not selected or shutil.which("java") is None or not VNU.exists():
        yield None
        return
    process = subprocess.Popen(["java", "-jar", str(VNU), "--skip-non-html", "--errors-only",
                                "--filterpattern", "|".join(f".*{p}.*" for p in MATERIAL_VNU_FINDINGS),
                                str(site_dir)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    yield process
    if process.poll() is None:
        process.kill()
        process.wait()


def test_built_pages_pass_the_nu_html_checker(nu_checker, site_dir):
    require("java", "the Nu HTML Checker needs Java (apt-get install default-jre-headless)")
    require(VNU, "run `npm install` for vnu-jar")
    _, errors = nu_checker.communicate(timeout=300)
    assert nu_checker.returncode == 0, errors.replace(f"file:{site_dir}/", "")
