"""clashes.py: a page of the site's own and one of briefkit's at one address is an error naming both."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.project import run_briefkit


@pytest.mark.parametrize("directory_urls, own, clash", [
    (True, "tags.md", "docs/tags/index.md are both /tags/"),
    (True, "timeline/README.md", "docs/timeline/index.md are both /timeline/"),
    (True, "briefings/2024-01-29-iran-fm-visits-pakistan.md",
     "are both /briefings/2024-01-29-iran-fm-visits-pakistan/"),
    (False, "tags.md", None),  # tags.html and tags/index.html: two pages
    (True, "entities.md", "docs/entities/index.md are both /entities/"),
])
def test_a_page_at_the_address_of_a_generated_one_stops_every_command(project: Path, directory_urls, own, clash):
    config = project / "mkdocs.yml"
    if not directory_urls:
        config.write_text(config.read_text(encoding="utf-8").replace("use_directory_urls: true",
                                                                     "use_directory_urls: false"), encoding="utf-8")
    page = project / "docs" / own
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("# The site's own\n", encoding="utf-8")
    check, build = run_briefkit(project, "check"), run_briefkit(project, "build")
    if clash is None:
        assert check.returncode == 0 and build.returncode == 0, check.stderr + build.stderr
        return
    expected = f"docs/{own}:1:1: error: this page and briefkit's "
    for result in (check, build):
        assert result.returncode == 1
        assert expected in result.stderr and clash in result.stderr, result.stderr
    assert not (project / "site").exists()
    assert page.read_text(encoding="utf-8") == "# The site's own\n"  # never touched


def test_a_clash_in_a_site_without_a_folder_for_briefkit_names_the_way_out(project: Path):
    from briefkit.clashes import clash_problems
    from briefkit.project import find_project
    from briefkit.urls import TAGS_INDEX

    (project / "docs" / "tags.md").write_text("# The site's own tags\n", encoding="utf-8")
    [problem] = clash_problems(find_project(project), {TAGS_INDEX})
    assert problem.message.endswith("or give briefkit a folder of its own in the site, extra.briefkit.root "
                                    "(docs/adding-to-a-site.md)")
    with open(project / "mkdocs.yml", "a", encoding="utf-8") as handle:
        handle.write("\nextra:\n  briefkit:\n    root: news\n")
    (project / "docs" / "news").mkdir()
    (project / "docs" / "tags.md").rename(project / "docs" / "news" / "tags.md")
    [problem] = clash_problems(find_project(project), {"news/" + TAGS_INDEX})
    assert "extra.briefkit.root" not in problem.message  # it has one: moving the page is the way
