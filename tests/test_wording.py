"""How numbers are worded for people (reader.text.wording): counts with their nouns, a
qualifier before a figure, and amounts said as a person says them (never 3e+09)."""

from __future__ import annotations

from reader.text.wording import amount, counted, qualified
from reader.ui.widgets.story_chart import _value_label


def test_counts_take_their_plural() -> None:
    assert counted(1, "feed") == "1 feed"
    assert counted(1200, "article") == "1,200 articles"
    assert counted(2, "other story", "other stories") == "2 other stories"


def test_a_qualifier_is_not_said_twice() -> None:
    assert qualified("more than", "30") == "more than 30"
    assert qualified("about", "about 40%") == "about 40%"


def test_amounts_are_said_in_words_from_a_million() -> None:
    assert amount(4500) == "4,500"
    assert amount(2.1) == "2.1"
    assert amount(0.002) == "0.002"
    assert amount(1_200_000) == "1.2 million"
    assert amount(3e9) == "3 billion"
    assert amount(-2.5e12) == "-2.5 trillion"
    assert "e+" not in amount(3.025e9)


def test_a_chart_axis_says_billions_in_words() -> None:
    assert _value_label(3e9, 5e7) == "3 billion"
    assert _value_label(4600, 800) == "4,600"
    assert _value_label(6.25, 1) == "6.25"
