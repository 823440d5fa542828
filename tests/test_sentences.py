"""The one sentence splitter: drafting's sentences and the sentence an entity page quotes."""

from __future__ import annotations

import pytest

from briefkit.sentences import Sentence, sentence_at, split_sentences


@pytest.mark.parametrize("text, offset, sentence", [
    ("One. Two here. Three.", 6, "Two here."),
    ("One. Two here. Three.", 0, "One."),
    ("He said \u201cno.\u201d Then Iran left.", 25, "Then Iran left."),
    ("No end at all", 3, "No end at all"),
    ("Talks began. Mr. Amirabdollahian met Jilani. Then more.", 20, "Mr. Amirabdollahian met Jilani."),
    ("The U.S. envoy and Gen. Asim Munir spoke. Later.", 30, "The U.S. envoy and Gen. Asim Munir spoke."),
    ("A line that is\nwrapped by hand. Next one.", 17, "A line that is\nwrapped by hand."),
    ("  Leading space. Second.", 0, "Leading space."),
    ("", 0, ""),
])
def test_sentence_at(text, offset, sentence):
    assert sentence_at(text, offset) == sentence


def test_split_sentences_gives_offsets_and_never_crosses_a_line():
    text = "First one. Dr. Who came.\nNew line here"
    assert split_sentences(text) == [Sentence(0, "First one."), Sentence(11, "Dr. Who came."),
                                     Sentence(25, "New line here")]


@pytest.mark.parametrize("text, count", [
    ("It was No. 5 on the list. Then it fell.", 2),
    ("She said no. Then she left.", 2),
    ("See Fig. 2 for the map.", 1),
    ("J. Smith and A. B. Jones met. They talked.", 2),
    ("What now? Nobody knows! It ended\u2026 Then again.", 4),
])
def test_abbreviations_and_initials_do_not_end_a_sentence(text, count):
    assert len(split_sentences(text)) == count


@pytest.mark.parametrize("text", ["the U.S", "plan a", "Gen", "x_1.2", "Müller", "٣٤", "end.", "", "two words", "a-b"])
def test_the_word_before_a_period_is_what_the_regular_expression_found(text):
    import re

    from briefkit.sentences import _last_word

    found = re.search(r"([\w.]+)\.*$", text)
    assert _last_word(text, 0, len(text)) == (found.group(1) if found else "")
