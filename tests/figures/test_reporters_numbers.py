"""Numbers as real reporters write them that the extractor once missed or misread (issue 20's
development clusters): a place adverb before the counted thing, a share "in every" whole,
metres written onto a number, heights in feet and inches, "half-a-dozen", thousands split
from their group by a space, a vulgar fraction character, a singular coordinated count, and a
numbered label that is no unit. Each case keeps what must stay as it was beside it."""

from __future__ import annotations

import pytest

from reader.figures.extract import extract


def read(text: str) -> list[tuple[str, float | None, str, str]]:
    return [(m.text, m.value, m.kind, m.unit) for m in extract(text)]


def test_a_place_adverb_before_a_plural_modifies_it_and_still_ends_a_phrase() -> None:
    [booths] = extract("There are 27 overseas booths.")
    assert (booths.value, booths.noun) == (27, "booth")
    [killed] = extract("The disease killed nearly 7 million worldwide.")
    assert killed.value == 7_000_000 and killed.noun != "worldwide"


def test_one_in_every_n_is_a_share() -> None:
    [share] = extract("Microsoft estimated that one in every 500 Windows users were exposed.")
    assert (share.text, share.value, share.kind, share.noun) == (
        "one in every 500",
        0.2,
        "percent",
        "user",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The man fell about 600m while climbing.", [("600m", 600, "measure", "m")]),
        ("They were within 80m of their destination.", [("80m", 80, "measure", "m")]),
        ("He slipped and fell about 200m down a gully.", [("200m", 200, "measure", "m")]),
        ("It is a 60m-high cliff.", [("60m", 60, "measure", "m")]),
        # millions stay millions: a currency, a counted thing, or nothing saying metres
        ("The club spent £60m on players.", [("£60m", 60_000_000, "money", "GBP")]),
        ("The show drew 2m viewers.", [("2m", 2_000_000, "count", "")]),
        ("Profits rose to 5m in 2012.", [("5m", 5_000_000, "count", "")]),
    ],
)
def test_an_m_written_onto_a_number_is_metres_only_where_a_distance_is_said(
    text: str, expected: list[tuple[str, float, str, str]]
) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "written", "inches"),
    [
        ("The 6-foot-9 senior needed nine points.", "6-foot-9", 81),
        ("He is 5-feet-8 inches tall.", "5-feet-8 inches", 68),
        ("He stands 6 feet 9 inches tall.", "6 feet 9 inches", 81),
        ("The 6ft 9in lock was picked.", "6ft 9in", 81),
    ],
)
def test_a_height_in_feet_and_inches_is_read_whole_in_inches(
    text: str, written: str, inches: float
) -> None:
    height = extract(text)[0]
    assert (height.text, height.value, height.kind, height.unit) == (
        written,
        inches,
        "measure",
        "in",
    )


def test_feet_alone_stay_feet() -> None:
    assert read("They built a 10-foot wall 6 feet from 9 houses.")[:2] == [
        ("10-foot", 10, "measure", "ft"),
        ("6 feet", 6, "measure", "ft"),
    ]


def test_half_a_dozen_hyphened_is_six() -> None:
    [versions] = extract("It fixes more than half-a-dozen versions of IE.")
    assert (versions.text, versions.value, versions.noun) == ("half-a-dozen", 6, "version")


def test_thousands_split_from_their_group_by_a_space_are_one_number() -> None:
    assert read("A climber has fallen 2, 000ft to his death.") == [
        ("2, 000ft", 2000, "measure", "ft")
    ]
    # a list of numbers is no thousands group, nor a date's year
    assert [m.value for m in extract("He scored 5, 100 runs.")] != [5100]
    assert read("Polls open on December 15, 2013, officials said.") == []


def test_a_vulgar_fraction_character_adds_to_its_whole_number() -> None:
    assert read("He served 4½ months in federal prison.") == [
        ("4½ months", 4.5, "duration", "month")
    ]


def test_one_coordinated_with_a_count_of_the_same_head_is_a_count() -> None:
    found = extract("He faces two murder charges and one attempted murder charge.")
    assert [(m.text, m.value, m.noun) for m in found] == [
        ("two", 2, "charge"),
        ("one", 1, "charge"),
    ]
    assert [m.noun_text for m in found][1] == "attempted murder charge"


def test_a_numbered_label_is_no_unit() -> None:
    assert read("E3 2011 Day One: Nintendo shows Wii U") == []
    assert read("It lasted 3 Weeks.") == [("3 Weeks", 3, "duration", "week")]
    # units in capitals or written onto their number stay units before a number
    assert read("It has 2GB 1600MHz memory.")[0] == ("2GB", 2, "measure", "GB")


@pytest.mark.parametrize(
    ("text", "kind", "unit"),
    [
        ("He is 5-feet-8 inches tall, weighing 130 pounds.", "measure", "lb"),
        ("The fish weighed 12 pounds.", "measure", "lb"),
        ("He paid 130 pounds for it.", "money", "GBP"),
        ("He was fined 500 pounds.", "money", "GBP"),
    ],
)
def test_pounds_after_a_weight_cue_are_a_weight(text: str, kind: str, unit: str) -> None:
    pounds = [m for m in extract(text) if m.text.endswith("pounds")]
    assert [(m.kind, m.unit) for m in pounds] == [(kind, unit)]


def test_a_hyphened_pound_is_a_weight() -> None:
    [weight] = extract("The 220-pound lineman was cut.")
    assert (weight.value, weight.kind, weight.unit) == (220, "measure", "lb")


@pytest.mark.parametrize(
    ("text", "written", "value"),
    [
        ("I have not played him since I was nine.", "nine", 9),
        ("When he was 12, he moved to Leeds.", "12", 12),
    ],
)
def test_when_or_since_someone_was_n_is_an_age(text: str, written: str, value: float) -> None:
    [age] = extract(text)
    assert (age.text, age.value, age.unit) == (written, value, "years old")


def test_when_someone_was_n_things_behind_is_no_age() -> None:
    [points] = extract("When we were two points behind we scored.")
    assert (points.value, points.kind, points.noun) == (2, "count", "point")


def test_a_span_before_now_is_no_name_with_a_number() -> None:
    [weeks] = extract("She returned to her home town with John 12 weeks ago.")
    assert (weeks.text, weeks.kind, weeks.unit) == ("12 weeks", "duration", "week")
    assert extract("Fallout 3 was released.") == []


def test_a_double_prime_written_onto_a_number_is_inches() -> None:
    [screen] = extract("The 3.1″ display is bright.")
    assert (screen.value, screen.kind, screen.unit) == (3.1, "measure", "in")


@pytest.mark.parametrize(
    ("text", "written", "value"),
    [
        ("The death toll rose from 12 to 20.", "from 12 to 20", 20),
        ("The death toll fell from 20 to 12.", "from 20 to 12", 12),
        ("It aims to increase parliament seats from 65 to 125.", "from 65 to 125", 125),
    ],
)
def test_a_change_from_one_level_to_another_reports_the_level_reached(
    text: str, written: str, value: float
) -> None:
    [change] = extract(text)
    assert (change.text, change.value, change.low, change.high) == (written, value, None, None)


def test_from_x_to_y_without_a_change_is_a_range() -> None:
    [span] = extract("Temperatures ranged from 5 to 10 degrees.")
    assert (span.low, span.high) == (5, 10)
