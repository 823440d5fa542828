"""engines.py: which engine builds the site, the command that runs it, a clear error when it is missing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from briefkit import engines
from briefkit.problems import BriefkitError
from briefkit.project import find_project
from helpers.project import run_briefkit


def test_each_engine_runs_as_a_python_module_with_the_options_it_has():
    mkdocs, zensical = engines.ENGINES["mkdocs"], engines.ENGINES["zensical"]
    # MkDocs and ProperDocs build and serve through engine_build/, which keeps unchanged pages (no --dirty)
    assert engines.command(mkdocs, "serve", dev_addr="127.0.0.1:9", dirty=True) == [
        sys.executable, "-m", "briefkit.engine_build", "serve", "--module", "mkdocs", "--dev-addr", "127.0.0.1:9"]
    # briefkit serve tells it the pages it writes, on its standard input
    assert engines.command(mkdocs, "serve", announced=True)[3:] == ["serve", "--module", "mkdocs", "--announced"]
    assert "--announced" not in engines.command(zensical, "serve", announced=True)
    assert engines.command(engines.ENGINES["properdocs"], "build", strict=True, record="/r.pickle", clean=True) == [
        sys.executable, "-m", "briefkit.engine_build", "build", "--module", "properdocs", "--record", "/r.pickle",
        "--clean", "--strict"]
    # without a record (a caller that keeps none), the engine's own build
    assert engines.command(engines.ENGINES["properdocs"], "build", strict=True) == [
        sys.executable, "-m", "properdocs", "build", "--strict"]
    assert engines.command(engines.ENGINES["mkdocs-ng"], "build", record="/r.pickle")[2:4] == ["mkdocs", "build"]
    # Zensical: no --dirty (it rebuilds what changed by itself), no strict serve
    assert engines.command(zensical, "serve", dev_addr="127.0.0.1:9", dirty=True, strict=True) == [
        sys.executable, "-m", "zensical", "serve", "--dev-addr", "127.0.0.1:9"]


def test_an_unknown_engine_is_named_with_a_did_you_mean():
    with pytest.raises(BriefkitError) as caught:
        engines.engine_named("zensicl")
    assert 'did you mean "zensical"?' in caught.value.problems[0].message


def test_the_engine_is_a_setting_of_mkdocs_yml(project: Path):
    assert find_project(project).engine == "mkdocs"
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nextra:\n  briefkit:\n    engine: ProperDocs\n",
                      encoding="utf-8")
    assert find_project(project).engine == "properdocs"


def test_a_missing_engine_stops_build_before_anything_is_written(project: Path):
    missing = next((name for name, engine in engines.ENGINES.items() if not engines.is_installed(engine)), None)
    assert missing is not None  # the test environment has MkDocs, not every engine at once
    result = run_briefkit(project, "build", "--engine", missing)
    assert result.returncode == 1
    assert f"the engine {missing} is not installed" in result.stderr and "pip install" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site").exists() and not (project / "docs" / "index.md").exists()


def test_mkdocs_is_installed_with_briefkit():
    assert engines.is_installed(engines.ENGINES["mkdocs"])


def test_the_configuration_is_read_as_mkdocs_reads_it_env_and_inherit(project: Path, monkeypatch):
    config = project / "mkdocs.yml"
    base = config.read_text(encoding="utf-8").replace("docs_dir: docs\n", "").replace("site_name: Briefings\n", "")
    (project / "base.yml").write_text(base, encoding="utf-8")
    config.write_text('INHERIT: base.yml\nsite_name: !ENV [BK_SITE_NAME, "Fallback"]\n'
                      'docs_dir: !ENV [BK_DOCS, "./content"]\nsite_url: !ENV BK_URL\n', encoding="utf-8")
    monkeypatch.setenv("BK_SITE_NAME", "Desk briefings")
    monkeypatch.delenv("BK_DOCS", raising=False)
    monkeypatch.setenv("BK_URL", "https://example.org/news/")
    found = find_project(project)
    assert (found.site_name, found.docs_dir, found.site_url) == ("Desk briefings", project / "content",
                                                                 "https://example.org/news/")
    assert found.use_directory_urls is True and found.config == config  # the rest inherited


def test_a_properdocs_yml_project_and_an_explicit_config_file(project: Path):
    (project / "mkdocs.yml").rename(project / "properdocs.yml")
    assert find_project(project).config == project / "properdocs.yml"
    assert find_project(project).config_to_name == str(project / "properdocs.yml")
    (project / "properdocs.yml").rename(project / "site.yml")
    with pytest.raises(BriefkitError) as caught:
        find_project(project)
    assert "no mkdocs.yml here" in caught.value.problems[0].message and "-f" in caught.value.problems[0].message
    assert find_project(project, "site.yml").site_name == "Briefings"
    result = run_briefkit(project, "check", "-f", "site.yml")
    assert result.returncode == 0, result.stderr


def test_an_inherited_file_that_is_missing_is_refused_by_name(project: Path):
    (project / "mkdocs.yml").write_text("INHERIT: nowhere.yml\nsite_name: x\n", encoding="utf-8")
    result = run_briefkit(project, "check")
    assert result.returncode == 1
    assert "mkdocs.yml:1:1: error: cannot read mkdocs.yml" in result.stderr and "nowhere.yml" in result.stderr
