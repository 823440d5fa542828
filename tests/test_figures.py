"""Candidate facts and quotes: figures with what they count or measure, quotations with their sentence."""

from __future__ import annotations

import pytest

from briefkit.authoring import figures


def test_figures_and_quotes():
    text = ("The killing of nine Pakistani labourers was condemned. The fund holds $2.7 billion and 22% of it "
            "is spent. He said: “We are reversing the curve of destruction,” and left. A “terrorist” label.")
    found = {f.value: f.label for f in figures.find_figures(text)}
    assert found == {"nine Pakistani labourers": "Pakistani labourers", "$2.7 billion": "Amount", "22%": "Share"}
    quotes = figures.find_quotes(text)
    assert [q.quote for q in quotes] == ["We are reversing the curve of destruction"]
    assert quotes[0].sentence.startswith("He said:")



@pytest.mark.parametrize("text, expected", [
    ("Demand for gas has grown by more than 5% a year.", [("Growth: Demand for gas", "more than 5%")]),
    ("Shares of ONGC rose 3.2% in Mumbai.", [("Rise: Shares of ONGC", "3.2%")]),
    ("The Commission fined Apple €1.8 billion.", [("Fine: Commission", "€1.8 billion")]),
    ("Prices fell and 5% and 4% of homes were empty.", [("Share", "5%"), ("Share (2)", "4%")]),
])
def test_figures_are_labelled_by_what_they_measure_and_labels_differ(text, expected):
    assert [(f.label, f.value) for f in figures.find_figures(text)] == expected
