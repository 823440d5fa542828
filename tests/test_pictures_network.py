"""The relationship graph (briefkit.pictures.network): a fixed radial layout, nodes that link to entity pages."""

from __future__ import annotations

from briefkit.pictures.network import CX, CY, Node, entity_graph, layout
from helpers.dom import tree
from helpers.pages import SVG, briefing, pages_of, split, svg_of


def test_the_strongest_neighbour_is_first_round_the_circle_and_nearest():
    placed = layout([Node("a", "A", "person", 5), Node("b", "B", "place", 1), Node("c", "C", "country", 3)])
    (a, ax, ay), (b, bx, by), _ = placed
    assert (a.id, b.id) == ("a", "b")
    assert abs(ax - CX) < 1e-9 and ay < CY  # at the top
    assert (ax - CX) ** 2 + (ay - CY) ** 2 < (bx - CX) ** 2 + (by - CY) ** 2


def test_nodes_link_to_their_pages_with_names_and_every_author_value_is_escaped():
    centre = Node("x", "<b>X</b>", "person", 0)
    figure = str(entity_graph(centre, [Node("y", "Y & <i>co</i>", "organization", 2), Node("z", "Z", "place", 1)],
                              {("y", "z"): 2}, lambda e: f"../{e}/"))
    assert figure.startswith('<figure class="entity-graph" ') and "\n\n" not in figure
    links = list(svg_of(figure).iter(f"{SVG}a"))
    assert [a.get("href") for a in links] == ["../y/", "../z/"]
    assert links[0].get("aria-label") == "Y & <i>co</i> (organisation): 2 shared briefings"
    assert "<b>X" not in figure and "<i>co" not in figure
    assert figure.count('stroke-dasharray="3 3"') == 1  # y and z often appear together too


def test_the_graph_is_the_same_bytes_every_time_and_empty_without_neighbours():
    args = (Node("x", "X", "person", 0), [Node(f"n{i}", f"N{i}", "place", 10 - i) for i in range(10)], {})
    assert entity_graph(*args, str) == entity_graph(*args, str)
    assert entity_graph(Node("x", "X", "person", 0), [], {}, str) == ""


def test_an_entity_page_draws_its_graph_above_the_list_it_stands_for():
    pages = pages_of([briefing("a", "2024-01-01", "Iran and Pakistan.\n"),
                      briefing("b", "2024-01-02", "Iran and Pakistan again.\n")])
    body = split(pages["entities/iran/index.md"])[1]
    (figure,) = tree(body).select("figure", cls="entity-graph")
    assert [a.attrs["href"] for a in figure.select("a")] == ["../pakistan/"]
    assert body.index('<figure class="entity-graph" ') < body.index('<ul class="cooccurring"')
