"""Spans of time and small counts as real reporters write them, which the story figure tables
of issue 19 labelled and the extractor never read (its development clusters, quoted from
../shared/corpora/news-clusters/clusters/): one unit of time written with "a" ("a week after
suffering a heart attack"), a half-hour, "a pair of" things, a quoted modifier before the
counted thing, "second time" without its article and a career's years ("a fourth-year pro");
and, found reviewing the change, money in capitalised words that names a film. Each case
keeps beside it what must stay as it was."""

from __future__ import annotations

import pytest

from reader.figures.extract import extract


def read(text: str) -> list[tuple[str, float | None, str, str]]:
    return [(m.text, m.value, m.kind, m.unit) for m in extract(text)]


@pytest.mark.parametrize(
    ("text", "written", "unit"),
    [
        # t04a 06_4_: after the event it measures from
        (
            "Legendary pinup queen Bettie Page died of pneumonia at the age of 85 in a Los "
            "Angeles, California, hospital Thursday, a week after suffering a heart attack, "
            "according to her agent.",
            "a week",
            "week",
        ),
        # t04a 09_4_: "for" a span
        (
            "Many people were shocked and saddened to learn that beloved pin-up icon Bettie "
            "Page passed away yesterday in Los Angeles after lingering in a coma for a week "
            "following a heart attack.",
            "a week",
            "week",
        ),
        # t09a 01_9_: what is left
        (
            "With just over a month remaining in office, the Bush administration loosened "
            "federal protection of plant and animal species threatened with extinction.",
            "a month",
            "month",
        ),
        # t16b 06_16: after a qualifier
        ("The jury reached its verdict in less than a day.", "a day", "day"),
        # t25b 11_25: at the start of a sentence
        (
            "A week later, Pierre Thomas went out for nearly nine weeks when he severely "
            "sprained his ankle late in New Orleans ’ loss to Atlanta.",
            "A week",
            "week",
        ),
    ],
)
def test_one_unit_of_time_measured_from_an_event_is_a_span(
    text: str, written: str, unit: str
) -> None:
    assert (written, 1.0, "duration", unit) in read(text)


def test_half_of_a_unit_of_time_is_a_span_of_half() -> None:
    # t04a 06_4_ and t01a 02_1_
    text = (
        "Her popularity has continued to soar despite the fact that the reclusive Page "
        "disappeared almost a half century ago."
    )
    assert read(text) == [("a half century", 0.5, "duration", "century")]
    text = 'She also hosted the short-lived, half-hour show "Taradise" on E!'
    assert read(text) == [("half-hour", 0.5, "duration", "hour")]
    assert read("The half-time score was 2-1.") == [
        ("2", 2.0, "count", ""),
        ("1", 1.0, "count", ""),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "It was a month to remember.",  # no event measured from
        "About 5,000 gallons of water a minute was poured on the fire.",  # a rate's "per"
        "He dined with them twice a week after the trial.",  # a rate again
        "Sales were down 10 percent from a year ago.",  # the point a change is measured from
        "The Palmer police arrived within a minute or two.",  # no one amount
        "She was a second mum to him after the divorce.",  # "a second" is the ordinal
        "They began a year-long inquiry after the crash.",  # a modifier, read elsewhere
    ],
)
def test_a_unit_of_time_that_measures_no_span_is_no_figure(text: str) -> None:
    assert all(m.kind != "duration" or m.value != 1 for m in extract(text)), read(text)


def test_a_pair_of_things_is_two_but_a_pair_of_glasses_is_one_thing() -> None:
    # t05a 01_5_
    [_, _, pair] = extract(
        "The member of the Sixers ' 1982-83 NBA championship team started his head coaching "
        "career in Portland, where he finished with a 162-139 mark and a pair of playoff "
        "appearances."
    )
    assert (pair.text, pair.value, pair.kind, pair.noun) == ("a pair", 2.0, "count", "appearance")
    # t36b 07_36
    assert read("He wore a pair of frameless glasses that seemed to emphasize his face.") == []
    assert read("The pair were arrested.") == []


def test_a_modifier_in_quotation_marks_leaves_the_noun_after_it_counted() -> None:
    # t23a 08_23
    [nights] = extract(
        "A climber who watched his brother fall to his death from a notorious ridge on Mt "
        'Cook, is lucky to be alive after two "horrific" nights high on the mountain.'
    )
    assert (nights.value, nights.noun) == (2, "night")
    # t36b 04_36
    [_, ladies] = extract(
        "Later, Nichols played a 58-minute clip of another so-called training session, this "
        'one involving what he described as 12 "young" ladies.'
    )
    assert (ladies.value, ladies.noun) == (12, "lady")
    # a quoted title is no modifier
    [show] = extract('She hosted a half-hour show "Taradise" on E!')
    assert show.unit == "hour"


def test_the_second_time_counts_times_with_or_without_its_article() -> None:
    # t02b 09_2_
    [second] = extract(
        "This will be second time hosting for the daytime talkshow star who will follow on "
        "from Seth MacFarlane's savaged 2013 stint"
    )
    assert (second.value, second.kind, second.noun) == (2, "ordinal", "time")
    # t31a 09_31: the thing ranked is the time, not the adverb after it
    [third] = extract(
        "The Purple Aces were playing the No. 1 team for the first time since 1980 and just "
        "the third time ever."
    )
    assert (third.value, third.noun) == (3, "time")
    # a name is no count of times (t39b 06_39), nor is "1st time" (as "first time" is not)
    assert [m.kind for m in extract("Peter Capaldi Cast as the 12th Time Lord!")] == []
    assert [m.text for m in extract("Turkmen election to have 2 parties for 1st time")] == ["2"]
    assert read("He finished in second place.") == []


def test_an_ordinal_year_before_a_noun_ranks_a_career() -> None:
    # t35a 01_35 and 08_35
    for text in (
        "However, the fourth-year wide receiver likely will not face disciplinary action until "
        "the 2009 season.",
        "A fourth-year pro out of Northern Colorado, Jackson enjoyed a breakout year for the "
        "Chargers this season.",
    ):
        [rank] = extract(text)
        assert (rank.text, rank.value, rank.kind, rank.noun) == (
            "fourth-year",
            4,
            "ordinal",
            "year",
        )
    assert read("It was the fourth year of the war.") == []


def test_money_in_capitalised_words_before_a_capitalised_noun_is_a_name() -> None:
    # t04b 04_4_'s headline: a film's name, not a million dollars
    title = 'Esther Williams-Esther Williams: "Million Dollar Mermaid" Swimmer And Actress Dies Aged 91.'
    assert [m.text for m in extract(title)] == ["91"]
    assert read("He starred in The Six Million Dollar Man.") == []
    # money as a modifier or a headline's amount stays money
    assert read("The firm paid a million dollar fine.") == [
        ("a million dollar", 1_000_000, "money", "USD")
    ]
    assert read("Firm Pays Two Million Dollars In Fines") == [
        ("Two Million Dollars", 2_000_000, "money", "USD")
    ]
