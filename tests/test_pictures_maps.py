"""Locator maps (briefkit.pictures.maps) and where places are (briefkit.pictures.places)."""

from __future__ import annotations

from briefkit.pictures.maps import HEIGHT, WIDTH, Mark, frame_for, locator_map
from briefkit.pictures.places import countries, country_of_name
from helpers.pages import SVG, svg_of

ISLAMABAD = Mark("Islamabad", 33.72, 73.04)


def test_the_boundaries_hold_every_country_keyed_by_iso_code():
    codes = {c.code for c in countries()}
    assert {"IR", "PK", "IL", "PS", "AF", "IN"} <= codes and len(countries()) > 170
    assert country_of_name(("Iran",)).code == "IR"
    assert country_of_name(("Islamic Republic of Pakistan", "Pakistan")).code == "PK"
    assert country_of_name(("Atlantis",)) is None


def test_the_frame_holds_the_marks_and_the_focus_country_at_the_svgs_shape():
    pakistan = country_of_name(("Pakistan",))
    frame = frame_for([ISLAMABAD], [pakistan])
    west, south, east, north = pakistan.bbox
    assert frame.west < west and frame.east > east and frame.south < south and frame.north > north
    x, y = frame.xy(ISLAMABAD.lat, ISLAMABAD.lon)
    assert 0 < x < WIDTH and 0 < y < HEIGHT
    ratio = (frame.east - frame.west) * frame.kx / (frame.north - frame.south)
    assert abs(ratio - WIDTH / HEIGHT) < 0.02


def test_a_map_marks_and_labels_its_places_and_draws_the_countries_around():
    figure = str(locator_map([ISLAMABAD], ["PK"], "Islamabad, Pakistan."))
    assert figure.startswith('<figure class="locator-map" ') and "\n\n" not in figure
    svg = svg_of(figure)
    assert svg.get("role") == "img" and svg.get("aria-label") == "Map: Islamabad"
    assert len(list(svg.iter(f"{SVG}circle"))) == 1
    assert [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "map__label"] == ["Islamabad"]
    shapes = [p for p in svg.iter(f"{SVG}path")]
    assert sum("map__land--focus" in p.get("class") for p in shapes) == 1 and len(shapes) >= 4  # and neighbours
    assert "<figcaption>Islamabad, Pakistan. Boundaries: Natural Earth.</figcaption>" in figure
    assert "http" not in figure.replace('xmlns="http://www.w3.org/2000/svg"', "")  # nothing fetched


def test_maps_escape_names_and_are_the_same_bytes_every_time():
    marks = [Mark("<script>x</script>", 31.5, 34.47), ISLAMABAD]
    first = locator_map(marks, [], "Two places.")
    assert "<script>" not in str(first) and first == locator_map(list(marks), [], "Two places.")
    assert locator_map([], [], "Nothing.") == ""


def test_a_place_far_from_a_vast_country_still_shows_where_it_is():
    russia = country_of_name(("Russia",))
    frame = frame_for([Mark("Moscow", 55.75, 37.62)], [russia])
    assert frame.north - frame.south < 120
