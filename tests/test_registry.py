"""The entity registry: reading, lookups, and the clashes that are errors naming both places."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefkit.model import Entity, Origin
from briefkit.problems import ROOT_CAUSE
from briefkit.registry import build_registry, fold, load_registry

FIXTURES = Path(__file__).parent / "fixtures"


def entity(entity_id: str, name: str, *aliases: str, line: int = 1, part_of: str = "", path: str = "e.yml",
           **attributes) -> Entity:
    return Entity(entity_id, name, "place", Origin(path, line, 3), aliases=aliases, part_of=part_of, **attributes)


def write(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "briefings" / "entities"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_fixture_registry_loads_with_positions():
    registry, problems = load_registry(FIXTURES / "entities", FIXTURES)
    assert problems == []
    iran = registry.get("iran")
    assert (iran.name, iran.type, iran.aliases) == ("Iran", "country", ("Islamic Republic of Iran",))
    assert iran.origin == Origin("entities/entities.yml", 2, 3)
    assert registry.get("sistan-baluchestan").part_of == "iran"
    assert [e.id for e in registry.sorted()][:2] == ["baluchestan", "hossein-amirabdollahian"]


@pytest.mark.parametrize("reference, entity_id", [
    ("iran", "iran"), ("Iran", "iran"), ("IRAN", "iran"), ("  Iran ", "iran"),
    ("islamic  republic of iran", "iran"), ("Army of Justice", "jaish-al-adl"), ("Iranians", "iranian-people"),
    ("Iranian", None), ("nobody", None),
])
def test_resolve_by_id_name_or_alias_in_any_case(reference, entity_id):
    registry, _ = load_registry(FIXTURES / "entities", FIXTURES)
    found = registry.resolve(reference)
    assert (found.id if found else None) == entity_id


def test_suggest_a_close_id_or_the_entity_a_short_name_starts():
    registry, _ = load_registry(FIXTURES / "entities", FIXTURES)
    assert registry.suggest("pakstan") == ' (did you mean "pakistan"?)'
    assert registry.suggest("sistan") == ' (did you mean "sistan-baluchestan"?)'
    assert registry.suggest("zzzzzz") == ""


def test_fold_is_case_and_space_and_normal_form_blind():
    assert fold("  Caf\u00e9   Tehran ") == fold("CAFE\u0301 tehran") == "caf\u00e9 tehran"


def test_duplicate_id_names_both_places():
    _, problems = build_registry([entity("gaza", "Gaza", line=4, path="a.yml"), entity("gaza", "Gaza Strip", line=9,
                                                                                        path="b.yml")])
    assert [p.format() for p in problems] == ['b.yml:9:3: error: duplicate entity id "gaza" (also at a.yml:4)']


def test_an_alias_shared_by_two_entities_names_both_places():
    _, problems = build_registry([entity("a", "Alpha", "Shared", line=2), entity("b", "Beta", "shared", line=8)])
    assert [p.format() for p in problems] == [
        'e.yml:8:3: error: alias "shared" of "b" is already the alias of "a" (e.yml:2); '
        'a name must point at one entity']


def test_an_alias_equal_to_another_entitys_name_is_an_error():
    _, problems = build_registry([entity("tehran-city", "Tehran", line=2), entity("iran", "Iran", "Tehran", line=8)])
    assert [p.message for p in problems] == [
        'alias "Tehran" of "iran" is already the name of "tehran-city" (e.yml:2); a name must point at one entity']


def test_an_entity_may_repeat_its_own_name_as_an_alias():
    _, problems = build_registry([entity("iran", "Iran", "IRAN")])
    assert problems == []


def test_part_of_cycle_names_every_place_once():
    entities = [entity("a", "A", part_of="b", line=1), entity("b", "B", part_of="c", line=5),
                entity("c", "C", part_of="a", line=9), entity("d", "D", part_of="a", line=13)]
    _, problems = build_registry(entities)
    assert [p.format() for p in problems] == [
        "e.yml:1:3: error: part_of cycle: a -> b -> c -> a (e.yml:1, e.yml:5, e.yml:9)"]


def test_part_of_itself_is_a_cycle():
    _, problems = build_registry([entity("a", "A", part_of="a")])
    assert [p.message for p in problems] == ["part_of cycle: a -> a (e.yml:1)"]


def test_unknown_part_of_and_country_are_errors_with_a_suggestion():
    _, problems = build_registry([entity("iran", "Iran"), entity("tehran", "Tehran", part_of="irn", line=5),
                                  entity("x", "X", country="pakistan", line=9)])
    assert [(p.line, p.message) for p in problems] == [
        (5, 'part_of: unknown entity id "irn" (did you mean "iran"?)'),
        (9, 'country: unknown entity id "pakistan"')]


def test_a_file_may_hold_one_entity_or_a_list(tmp_path):
    write(tmp_path, "one.yml", "id: gaza\nname: Gaza\ntype: place\n")
    folder = write(tmp_path, "many.yaml", "- id: iran\n  name: Iran\n  type: country\n"
                                          "- id: israel\n  name: Israel\n  type: country\n")
    registry, problems = load_registry(folder, tmp_path)
    assert problems == [] and sorted(registry.entities) == ["gaza", "iran", "israel"]
    assert registry.get("israel").origin == Origin("briefings/entities/many.yaml", 4, 3)


def test_schema_problems_are_located_and_bad_entities_left_out(tmp_path):
    folder = write(tmp_path, "e.yml", "- id: Iran Country\n  name: Iran\n  type: nation\n  born: 2024-02-30\n"
                                      "- just text\n- id: ok\n  name: OK\n  type: place\n")
    registry, problems = load_registry(folder, tmp_path)
    assert list(registry.entities) == ["ok"]
    assert sorted((p.line, p.col) for p in problems) == [(1, 7), (3, 9), (4, 9), (5, 3)]
    messages = " | ".join(p.message for p in problems)
    assert "not a valid id" in messages and "nation" in messages and "born: '2024-02-30'" in messages


def test_a_scalar_file_and_a_broken_file_do_not_hide_the_others(tmp_path):
    write(tmp_path, "a.yml", "just text\n")
    write(tmp_path, "b.yml", "- id: [unclosed\n")
    folder = write(tmp_path, "c.yml", "- id: gaza\n  name: Gaza\n  type: place\n")
    registry, problems = load_registry(folder, tmp_path)
    assert list(registry.entities) == ["gaza"]
    assert sorted(p.path for p in problems) == ["briefings/entities/a.yml", "briefings/entities/b.yml"]


def test_no_entity_folder_is_an_empty_registry(tmp_path):
    registry, problems = load_registry(tmp_path / "missing", tmp_path)
    assert len(registry) == 0 and problems == []


def test_a_registry_file_that_does_not_parse_keeps_its_other_entities_and_names_the_lost_ones(tmp_path):
    folder = write(tmp_path, "orgs.yml", "# header\n- id: ongc\n  name: Oil and Natural Gas Corporation\n"
                                         "\ttype: organization\n\n- id: hamas\n  name: Hamas\n  type: organization\n"
                                         "\n- id: pa\n  name: Palestinian Authority\n  type: organization\n")
    registry, problems = load_registry(folder, tmp_path)
    assert sorted(registry.entities) == ["hamas", "pa"]
    (problem,) = problems
    assert (problem.line, problem.col) == (4, 1) and "tabs" in problem.message
    assert problem.tier == ROOT_CAUSE
    assert registry.unavailable_in("ongc") == registry.unavailable_in("Oil and Natural Gas Corporation") \
        == "briefings/entities/orgs.yml"
    assert registry.unavailable_in("hamas") == ""


def test_type_spellings_that_mean_one_type_are_accepted_and_plurals_are_named(tmp_path):
    folder = write(tmp_path, "a.yml", "- id: a\n  name: A\n  type: organisation\n- id: b\n  name: B\n  type: Place\n"
                                      "- id: c\n  name: C\n  type: people\n")
    registry, problems = load_registry(folder, tmp_path)
    assert registry.get("a").type == "organization" and registry.get("b").type == "place"
    (problem,) = problems
    assert (problem.line, problem.col) == (9, 9)
    assert problem.message == 'type: "people" is a plural: an entity has the type of one, "person"'
    assert registry.unavailable_in("c") == "briefings/entities/a.yml"


def test_an_unknown_part_of_is_reported_at_its_own_line(tmp_path):
    folder = write(tmp_path, "a.yml", "- id: a\n  name: A\n  type: place\n  part_of: nowhere\n")
    _, problems = load_registry(folder, tmp_path)
    assert [(p.line, p.col) for p in problems] == [(4, 12)]
