"""Figures as wire copy writes them around decimals and guns: a number opened by its decimal
point (".5 percent", "$.99") is less than one, while a full stop ending a sentence before a
number ("in 2010. 5 people") leaves the number whole; a calibre (".357 Magnum") stays no
figure; and a count before a calibre or a gun's model ("two .45-caliber pistols", "two AK-47
rifles") counts the guns, the calibre or model being no figure. Read by the real extractor."""

from __future__ import annotations

import pytest

from reader.figures.extract import extract


def _read(sentence: str) -> list[tuple[str, float | None, str, str]]:
    return [(m.text, m.value, m.kind, m.unit) for m in extract(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The unemployment rate rose .5 percent in March, the Labor Department said.",
            [(".5 percent", 0.5, "percent", "%")],
        ),
        (
            "The Fed cut its key rate by .25 percentage point on Tuesday.",
            [(".25 percentage point", 0.25, "percent", "pp")],
        ),
        (
            "Forecasters said .75 inches of rain fell overnight in the county.",
            [(".75 inches", 0.75, "measure", "in")],
        ),
        ("The single sold for $.99 on iTunes.", [("$.99", 0.99, "money", "USD")]),
        ("His blood alcohol content was .08 percent.", [(".08 percent", 0.08, "percent", "%")]),
        (
            "The stock fell 3 cents, or .4 percent, to $7.12.",
            [("3 cents", 3.0, "money", "cent"), (".4 percent", 0.4, "percent", "%"),
             ("$7.12", 7.12, "money", "USD")],
        ),
    ],
)  # fmt: skip
def test_a_leading_decimal_point_makes_a_number_below_one(
    sentence: str, expected: list[tuple[str, float, str, str]]
) -> None:
    assert _read(sentence) == expected


def test_a_winning_percentage_is_read_below_one() -> None:
    found = extract("Philadelphia raised its winning percentage to .519 in games after Jan. 1.")
    assert [m.value for m in found if m.text == ".519"] == [0.519]
    assert all(m.value != 519 for m in found)


@pytest.mark.parametrize(
    "sentence",
    [
        "The plant opened in 2010. 5 people died there last year.",
        "The plant opened in 2010.\n5 people died there last year.",
        'He said "we will rebuild." 5 people died there last year.',
    ],
)
def test_a_number_after_a_full_stop_stays_whole(sentence: str) -> None:
    assert [(m.value, m.noun) for m in extract(sentence) if m.value == 5] == [(5.0, "person")]
    assert all(m.value != 0.5 for m in extract(sentence))


def test_a_calibre_opened_by_a_point_is_still_no_figure() -> None:
    assert extract("He was shot with a .357 Magnum revolver.") == []
    assert extract("Police found a .38 revolver in the car.") == []
    assert extract("A .22 bullet was recovered.") == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Police said the suspect carried two .45-caliber pistols.", [("two", 2.0, "pistol")]),
        ("Officers seized three 9mm handguns from the home.", [("three", 3.0, "handgun")]),
        ("The gunmen used two AK-47 rifles, police said.", [("two", 2.0, "rifle")]),
        ("Deputies recovered two 12-gauge shotguns.", [("two", 2.0, "shotgun")]),
        ("He owned three .357 Magnum revolvers.", [("three", 3.0, "revolver")]),
        ("Two M16 rifles were stolen from the armory.", [("Two", 2.0, "rifle")]),
        ("He fired 15 .40-caliber rounds.", [("15", 15.0, "round")]),
        (
            "Investigators found two .38 revolvers and 40 rounds of ammunition.",
            [("two", 2.0, "revolver"), ("40", 40.0, "round")],
        ),
        ("The air force scrambled four F-16 jets.", [("four", 4.0, "jet")]),
    ],
)
def test_a_count_before_a_calibre_or_a_model_counts_the_guns(
    sentence: str, expected: list[tuple[str, float, str]]
) -> None:
    assert [(m.text, m.value, m.noun) for m in extract(sentence)] == expected


def test_things_of_a_size_in_millimetres_are_no_guns() -> None:
    # a millimetre size before no gun word is a measure, as before
    assert [(m.text, m.kind) for m in extract("He bought two 5mm screws.")] == [("5mm", "measure")]


@pytest.mark.parametrize(
    "text",
    [
        "Microsoft's Fix It patch applies only to 32-bit versions of IE.",
        "In 64-bit Windows, check whether the browser is a 32-bit or 64-bit version.",
        "The phone runs an eight-core chip and a 10-speed gearbox drives the car.",
        "It has a six-cylinder engine.",
    ],
)
def test_a_number_joined_to_a_design_noun_names_a_class_of_product(text: str) -> None:
    # "64-bit" was a count of 64 bits on the Figures screen ("64 bit · 2 articles"): a spec,
    # like a calibre or a model number, reports no amount
    assert extract(text) == []


def test_a_size_in_a_unit_stays_a_measure_and_bits_counted_stay_a_figure() -> None:
    [size] = extract("The 17-inch MacBook Pro ships this month.")
    assert (size.text, size.kind, size.unit) == ("17-inch", "measure", "in")
    [bits] = extract("The key is 256 bits long.")
    assert (bits.text, bits.value) == ("256", 256.0)
