"""Headlines read by the extractor: verbs in the present tense, no determiners, title case; and
which of a title's figures an article keeps (reader/figures/titles.py)."""

from __future__ import annotations

import pytest

from reader.figures.extract import extract
from reader.figures.titles import sentence_of, source_text, title_mentions
from reader.models import FIELD_TEXT, FIELD_TITLE


@pytest.mark.parametrize(
    ("headline", "figures"),
    [
        ("Quake kills 24", [("24", "person", "killed")]),
        ("Earthquake Kills 24 In Iran", [("24", "person", "killed")]),
        ("Gunman kills 1, wounds 2 at accounting office",
         [("1", "person", "killed"), ("2", "person", "injured")]),
        ("Sheriff: Michigan office shooting kills 1, injures 2",
         [("1", "person", "killed"), ("2", "person", "injured")]),
        ("Suspended Worker Kills 2 Women in Kraft Factory Shooting: Police",
         [("2", "woman", "killed")]),
        ("Female Employee Yvonne Hiller Kills Two In Kraft Shooting", [("Two", "person", "killed")]),
        ("Floods kill 30, displace 5,000",
         [("30", "person", "killed"), ("5,000", "", "displaced")]),
        # The verb is no counted thing of the figure before it.
        ("Quake of magnitude 6.1 kills 24",
         [("6.1", "earthquake", "measured"), ("24", "person", "killed")]),
    ],
)  # fmt: skip
def test_headline_verbs_in_the_present_tense_tell_what_happened(
    headline: str, figures: list[tuple[str, str, str]]
) -> None:
    assert [(m.text, m.noun, m.event) for m in extract(headline)] == figures


@pytest.mark.parametrize(
    "text",
    [
        "We discuss Left 4 Dead, Halo Wars and Red Dead 2 game reveals.",  # names, no headline
        "Boeing 737 Crashes In Iran",  # a name with its number, in a title-case headline too
        "Ellen DeGeneres to host 2014 Oscars",  # a year naming an event, its "the" dropped
        "2013 MVC Tournament results and bracket: Creighton, Wichita St. move on",
    ],
)
def test_names_with_numbers_stay_names_beside_headlines(text: str) -> None:
    assert extract(text) == []


def test_a_noun_further_back_is_no_headline_verb() -> None:
    [first, _] = extract("The vote passed with 312 in favour and 298 against.")
    assert first.noun == "vote"


def test_title_mentions_point_into_the_title_and_skip_what_the_body_repeats() -> None:
    title = "Quake kills 24, injures 40 in Kerovo"
    body = "An earthquake struck Kerovo on Monday. 24 people were killed, officials said."
    kept = title_mentions(title, extract(body))
    assert [(m.text, m.field) for m in kept] == [("40", FIELD_TITLE)]  # 24: the body says it
    [injured] = kept
    assert title[injured.start : injured.end] == "40"
    assert source_text(injured, title, body) == title
    assert sentence_of(injured, title, body) == title
    [stated] = extract(body)
    assert stated.field == FIELD_TEXT and sentence_of(stated, title, body).startswith("24 people")


def test_a_body_figure_of_another_thing_does_not_hide_the_headline_figure() -> None:
    kept = title_mentions("Colts beat Chiefs 20-13", extract("Charles ran for 20 yards."))
    assert [m.text for m in kept] == ["20", "13"]


def test_a_pasted_body_is_no_headline() -> None:
    assert title_mentions("24 people were killed. " * 40, []) == []
