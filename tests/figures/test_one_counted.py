""" "One" as a number: counted where the sentence says it is one ("two counts of murder and one
count of kidnapping", "after just one season", "one week ago", "One Australian and one English
climber"), and no figure where it is a pronoun or an idiom."""

from __future__ import annotations

import pytest

from reader.figures.extract import extract


def _ones(sentence: str) -> list[tuple[str, str, str]]:
    return [(m.text, m.kind, m.noun) for m in extract(sentence) if m.text.lower().startswith("one")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "He was charged with two counts of murder and one count of kidnapping.",
            [("one", "count", "count")],
        ),
        (
            "He pleaded guilty to one charge of conspiring to obstruct justice.",
            [("one", "count", "charge")],
        ),
        ("He fired just one shot from his revolver.", [("one", "count", "shot")]),
        ("The Sixers fired O'Brien after one season as coach.", [("one", "count", "season")]),
        ("The flaw had been disclosed roughly one week ago.", [("one week", "duration", "")]),
        ("He was sentenced to one to three years.", [("one to three years", "duration", "")]),
        (
            "Garrard finished with one touchdown and one interception.",
            [("one", "count", "touchdown"), ("one", "count", "interception")],
        ),
        (
            "One Australian and one English climber have fallen to their deaths.",
            [("One", "count", "climber"), ("one", "count", "climber")],
        ),
    ],
)
def test_one_said_as_a_number_is_counted(
    sentence: str, expected: list[tuple[str, str, str]]
) -> None:
    assert _ones(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "One of the suspects fled.",
        "One day he will come back.",
        "The telecast is not the only one trying something new.",
        "The two jurors, one white and one black, spoke on Saturday.",
        "One man said the fire was out.",
        "It is one thing to say so.",
    ],
)
def test_one_as_a_pronoun_or_idiom_is_no_figure(sentence: str) -> None:
    assert _ones(sentence) == []
