"""The hostile-input suite: every case under tests/hostile/<group>/ beside its expected outcome.

A case is one file, a briefing (<case>.md) or a registry file (<case>.yml), plus
<case>.expected.yml saying what must happen:

    about: why the case exists
    target: CON.md            # optional: the name it is installed under (names git could not hold)
    raw: "\r"                 # optional: bytes the file must hold (tests/hostile/.gitattributes keeps them)
    expand: {"@@X@@": [text, count]}   # optional: placeholder -> text repeated (big inputs stay small here)
    outcome: error            # the file is refused, each problem at the case's path and line
    problems: [{line: 4, message: "fragment"}]
    --- or ---
    outcome: page             # the page is built and shows each value literally and safely
    shows: ["text the reader sees"]
    page: entities/x/         # optional: the built page to look at (default: the briefing's)
    links: {entity-id: 2}     # optional: links to that entity in the body
    warnings: [{line: 3, message: "fragment"}]   # optional
    build: false              # optional: check the Markdown only (inputs too big for the batch build)
    beside: {x.png: "..."}    # optional: files installed beside the briefing (which its body uses)

A <case>.entities.yml beside a briefing case is installed into the registry with it.
One parametrised test runs them all: the library in-process for the problems, and one
batch `briefkit build` of every page case, whose HTML is parsed (never grepped).
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from hostile.cases import CASES, Case, build_hostile_site, minimal_project
from hostile.safety import check_html, scan_site

from briefkit.convert import convert
from briefkit.problems import BriefkitError
from briefkit.project import find_project
from helpers.project import run_briefkit


class _Text(HTMLParser):
    """The text a reader sees, and where the page's landmarks nest."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[tuple[str, str]] = []
        self.misplaced: list[str] = []
        self.body_links: dict[str, int] = {}
        self.facts = {"dt": 0, "dd": 0}
        self.tag_links: list[str] = []

    def _inside(self, cls: str) -> bool:
        return any(cls in c.split() for _, c in self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = attributes.get("class") or ""
        if "briefing__body" in classes.split() and self._inside("factbox"):
            self.misplaced.append("body inside the fact box")
        if tag == "h2" and self._inside("briefing__body") and attributes.get("id") in ("events", "related-briefings"):
            self.misplaced.append(f"section {attributes.get('id')} swallowed by the body")
        if tag in ("dt", "dd") and self._inside("factbox__list"):
            self.facts[tag] += 1
        if tag == "a" and "factbox__tag" in classes.split():
            self.tag_links.append(attributes.get("href") or "")
        if tag == "a" and self._inside("briefing__body") and "entity-link" in classes.split():
            target = (attributes.get("href") or "").rstrip("/").rsplit("/", 1)[-1]
            self.body_links[target] = self.body_links.get(target, 0) + 1
        if tag not in ("br", "img", "hr", "meta", "link", "input", "wbr"):
            self.stack.append((tag, classes))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        self.parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _read_text(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    return build_hostile_site(tmp_path_factory)


def _matches(problem, case: Case, want: dict, severity: str) -> bool:
    return (problem.path == case.shown and problem.severity == severity and problem.line == want["line"]
            and want["message"] in problem.message)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_case(case: Case, tmp_path: Path, request: pytest.FixtureRequest):
    root = minimal_project(tmp_path / "project")
    case.install(root)
    result = None
    try:
        result = convert(find_project(root))
    except BriefkitError as exc:  # allowed, as long as it names the file
        problems = exc.problems
        generated = {}
    else:
        problems = result.problems
        generated = {p.relative_to(root / "docs").as_posix(): p.read_bytes()
                     for p in (root / "docs").rglob("*") if p.is_file()}
    listing = "\n".join(p.format() for p in problems)
    for path, data in generated.items():
        assert b"\r" not in data, f"docs/{path} carries a carriage return"
    slug_page = f"briefings/{Path(case.shown).stem}/index.md"
    expected = case.expected
    if expected["outcome"] == "error":
        assert expected["problems"], "an error case lists its problems"
        for want in expected["problems"]:
            assert any(_matches(p, case, want, "error") for p in problems), \
                f"expected {case.shown}:{want['line']}: ...{want['message']}... in:\n{listing}"
        if case.is_briefing and result is not None:
            assert case.shown in result.gathered.skipped, "a refused briefing must not get a page"
        return
    assert expected["outcome"] == "page"
    errors = [p for p in problems if p.severity == "error"]
    assert not errors, listing
    for want in expected.get("warnings") or ():
        assert any(_matches(p, case, want, "warning") for p in problems), f"expected warning {want} in:\n{listing}"
    if not expected.get("build", True):
        page = _read_text(generated[slug_page].decode("utf-8"))
        for shown in expected.get("shows") or ():
            assert shown in page.text
        assert check_html(generated[slug_page].decode("utf-8"), slug_page).findings == []
        return
    site, _ = request.getfixturevalue("hostile_site")
    built = site / case.page()
    assert built.is_file(), f"{case.page()} was not built"
    html = built.read_text(encoding="utf-8")
    findings = check_html(html, case.page()).findings
    assert not findings, "\n".join(map(str, findings))
    page = _read_text(html)
    for shown in expected.get("shows") or ():
        assert shown in page.text, f"{shown!r} is not shown literally on {case.page()}"
    assert not page.misplaced, page.misplaced
    assert page.facts["dt"] == page.facts["dd"], "the fact box lost its label/value pairs"
    for entity_id, count in (expected.get("links") or {}).items():
        assert page.body_links.get(entity_id, 0) == count, page.body_links
    for href in page.tag_links:  # a tag, whatever its name, leads to a page that lists this briefing
        tag_page = (built.parent / href / "index.html").resolve()
        assert tag_page.is_file(), f"tag link {href} leads nowhere"
        slug = Path(case.page()).parent.name
        assert f"/{slug}/" in tag_page.read_text(encoding="utf-8"), f"tag page {href} does not list {slug}"


def test_suite_is_big_enough():
    groups = {}
    for case in CASES:
        groups[case.group] = groups.get(case.group, 0) + 1
    assert len(CASES) >= 80, groups
    assert set(groups) >= {"yaml", "encoding", "structure", "injection", "paths", "references", "dates"}, groups


def test_batch_build_prints_no_traceback_and_leaks_nothing(hostile_site):
    site, output = hostile_site
    assert "Traceback" not in output and "internal error" not in output, output
    findings = scan_site(site)
    assert not findings, "\n".join(map(str, findings))


def test_check_names_every_refused_case_without_traceback(tmp_path: Path):
    """All error cases at once through `briefkit check`: each is named at its path:line, no traceback."""
    root = minimal_project(tmp_path / "project")
    error_cases = [c for c in CASES if c.expected["outcome"] == "error"]
    for case in error_cases:
        case.install(root)
    result = run_briefkit(root, "check")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output and "internal error" not in output, output[-3000:]
    lines = output.splitlines()
    for case in error_cases:
        for want in case.expected["problems"]:
            prefix = f"{case.shown}:{want['line']}:"
            assert any(line.startswith(prefix) and ": error: " in line for line in lines), \
                f"{prefix} not reported by briefkit check"
