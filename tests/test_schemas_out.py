"""Editor help: the JSON Schemas are valid 2020-12, published with the site, and accept the sample.

check-jsonschema (an independent validator, the one CI and pre-commit hooks use) checks
what an editor's YAML language server would check.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from briefkit.load import SourceText, split_front_matter
from briefkit.schemas_out import schema_files
from briefkit.validate import SCHEMA_DIR
from helpers.project import REPO

SCHEMAS = sorted(SCHEMA_DIR.glob("*.schema.json"))
BRIEFINGS = sorted((REPO / "briefings").glob("*.md"))
REGISTRY = sorted((REPO / "briefings" / "entities").glob("*.yml"))
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.M)


def check_jsonschema(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", *args], capture_output=True, text=True,
                          timeout=120)


def front_matter(file: Path) -> str:
    parts, problems = split_front_matter(SourceText(file.name, file.read_text(encoding="utf-8")))
    assert parts is not None, problems
    return parts[0]


def test_schemas_are_valid_2020_12_for_check_jsonschema():
    result = check_jsonschema("--check-metaschema", *map(str, SCHEMAS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_sample_front_matter_and_registry_pass_the_schemas(tmp_path: Path):
    copies = []
    for file in BRIEFINGS:
        copy = tmp_path / f"{file.stem}.yaml"
        copy.write_text(front_matter(file), encoding="utf-8")
        copies.append(str(copy))
    result = check_jsonschema("--schemafile", str(SCHEMA_DIR / "briefing.schema.json"), *copies)
    assert result.returncode == 0, result.stdout + result.stderr
    result = check_jsonschema("--schemafile", str(SCHEMA_DIR / "entity.schema.json"), *map(str, REGISTRY))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_rejects_what_briefkit_check_rejects(tmp_path: Path):
    text = front_matter(BRIEFINGS[0])
    bad = tmp_path / "bad.yaml"
    bad.write_text(re.sub(r"^date: .*$", "date: 2024-02-30", text, count=1, flags=re.M) + "\nsummery: typo\n",
                   encoding="utf-8")
    result = check_jsonschema("--schemafile", str(SCHEMA_DIR / "briefing.schema.json"), str(bad))
    assert result.returncode == 1
    assert "$.date: '2024-02-30' is not a 'date'" in result.stdout
    assert "summery" in result.stdout


@pytest.mark.parametrize("file", BRIEFINGS + REGISTRY, ids=lambda p: p.name)
def test_every_sample_file_names_the_published_schema(file: Path):
    """The modeline is relative to the file and points at docs/schemas/, which convert writes."""
    (target,) = MODELINE.findall(file.read_text(encoding="utf-8"))
    kind = "entity" if file.suffix == ".yml" else "briefing"
    resolved = (file.parent / target).resolve()
    assert resolved == (REPO / "docs" / "schemas" / f"{kind}.schema.json").resolve()
    assert f"schemas/{kind}.schema.json" in schema_files()


def test_the_built_site_serves_the_schemas(site_dir: Path):
    for schema in SCHEMAS:
        assert (site_dir / "schemas" / schema.name).read_bytes() == schema.read_bytes()


def test_the_authoring_guide_describes_every_field():
    guide = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    briefing = json.loads((SCHEMA_DIR / "briefing.schema.json").read_text(encoding="utf-8"))
    entity = json.loads((SCHEMA_DIR / "entity.schema.json").read_text(encoding="utf-8"))["$defs"]["entity"]
    fields = [*briefing["properties"], *briefing["$defs"]["source"]["properties"],
              *briefing["properties"]["facts"]["items"]["properties"],
              *briefing["properties"]["events"]["items"]["properties"], *entity["properties"]]
    assert [f for f in fields if f"`{f}`" not in guide and f"{f}:" not in guide] == []
    for kind in entity["properties"]["type"]["enum"]:
        assert f"`{kind}`" in guide
