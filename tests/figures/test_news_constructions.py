"""Constructions of real multi-outlet news the extractor reads: ages coordinated or written
with a space ("61 and 48 years old", "age 6 and 8"), a dash that lost its spaces ("Robyn
Mendes, 48-an ex-girlfriend"), a possessive before a figure ("Hansbrough's 20 points"),
camera resolutions ("an 8MP camera"), and a figure told as done after a clause that planned
("proposed the rules and since has received 300,000 comments")."""

from __future__ import annotations

import pytest

from reader.figures.extract import extract


def _read(sentence: str) -> list[tuple[str, float | None, str, str]]:
    return [(m.text, m.value, m.kind, m.unit) for m in extract(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The woman, who was 48 years old, died.",
            [("48 years old", 48.0, "measure", "years old")],
        ),
        (
            "The women killed were 61 and 48 years old.",
            [("61", 61.0, "measure", "years old"), ("48 years old", 48.0, "measure", "years old")],
        ),
        (
            "Two girls age 6 and 8 looked on.",
            [("Two", 2.0, "count", ""), ("6", 6.0, "measure", "years old"),
             ("8", 8.0, "measure", "years old")],
        ),
        (
            "Two sisters, 8- and 10-year-old girls, testified.",
            [("Two", 2.0, "count", ""), ("8", 8.0, "measure", "years old"),
             ("10-year-old", 10.0, "measure", "years old")],
        ),
        (
            "It took two or three weeks.",
            [("two or three weeks", 2.0, "duration", "week")],
        ),
    ],
)  # fmt: skip
def test_ages_and_units_shared_by_coordinated_numbers(
    sentence: str, expected: list[tuple[str, float, str, str]]
) -> None:
    assert _read(sentence) == expected


def test_a_span_after_a_coordinated_number_keeps_its_own_unit() -> None:
    # "20 and 10 minutes later": the 20 is no span of minutes
    assert ("20", 20.0, "duration", "minute") not in _read(
        "He scored 20 and 10 minutes later left."
    )


def test_a_dash_run_onto_the_next_phrase_ends_an_age() -> None:
    found = extract("The victims are Robyn Mendes, 48-an ex-girlfriend of Gomes-and Ann Gomes, 61.")
    assert [(m.text, m.unit, m.noun_text) for m in found] == [
        ("48", "years old", "Robyn Mendes"),
        ("61", "years old", "Ann Gomes"),
    ]
    assert [
        (m.text, m.unit) for m in extract("Critics bemoaned Capaldi's age-55, the age of Hartnell.")
    ] == [("55", "years old")]


def test_a_possessive_before_a_figure_is_whose_it_is_not_a_name() -> None:
    found = extract("Hansbrough's 20 points were an afterthought.")
    assert [(m.text, m.noun) for m in found] == [("20", "point")]
    assert extract("Debates over Giant Bomb's 2009 platform awards ran long.") == []
    assert [
        m.text for m in extract("We played Left 4 Dead all night.")
    ] == []  # a name keeps its number


@pytest.mark.parametrize(
    "sentence",
    [
        "It has a 3.2 megapixel camera.",
        "It has a 3.2MP camera.",
        "It has a 3.2 MPx camera.",
        "It has a 3.2-megapixel camera.",
    ],
)
def test_camera_resolutions_are_measures_in_megapixels(sentence: str) -> None:
    assert _read(sentence) == [
        (sentence.split("a ", 1)[1].split(" camera")[0], 3.2, "measure", "MP")
    ]


def test_members_of_parliament_are_counted_not_measured() -> None:
    assert [(m.text, m.kind, m.noun) for m in extract("Labour has 3 MPs in the region.")] == [
        ("3", "count", "mp")
    ]


@pytest.mark.parametrize(
    ("sentence", "modality"),
    [
        # The clause the figure is in tells what has happened, whatever the one before planned.
        (
            "The department proposed the rules in May and since has received nearly 300,000 "
            "comments.",
            "reported",
        ),
        ("The plant will have received 300 orders by May.", "projected"),
        ("The company is expected to have 300 workers.", "projected"),
        ("The firm has proposed cutting 300 jobs.", "projected"),
    ],
)
def test_a_figure_told_as_done_after_a_planning_clause_is_reported(
    sentence: str, modality: str
) -> None:
    assert [m.modality for m in extract(sentence)] == [modality]
