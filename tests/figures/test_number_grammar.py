"""The number grammar beyond cardinals: ordinals, clock readings, durations in two units,
fractions written the ways wire copy writes them, and ranges and single units of time."""

from __future__ import annotations

import pytest

from reader.figures.extract import extract
from reader.models import FigureMention


def only(text: str) -> FigureMention:
    [mention] = extract(text)
    return mention


@pytest.mark.parametrize(
    ("text", "written", "value", "noun"),
    [
        ("Cheeks is the fifth NBA head coach to be fired this season.", "fifth", 5, "coach"),
        ("He was hired as Philadelphia's 21st head coach.", "21st", 21, "coach"),
        ("Capaldi will play the Twelfth Doctor.", "Twelfth", 12, "doctor"),
        ("It was the team's second such arrest.", "second", 2, "arrest"),
        ("Green scored his 1,000th career point.", "1,000th", 1000, "point"),
        ("He was the twenty-first coach hired.", "twenty-first", 21, "coach"),
        ("Cheeks was a second-round draft choice.", "second-round", 2, "round"),
        ("It was the fourth-highest win total in club history.", "fourth-highest", 4, "win"),
        ("Cheeks became the NBA's fifth coaching casualty.", "fifth", 5, "person"),
        # A name before the thing modifies it and does not count against its words.
        ("He is the third Eastern Conference head coach fired.", "third", 3, "coach"),
    ],
)
def test_an_ordinal_is_the_rank_of_what_follows_it(
    text: str, written: str, value: float, noun: str
) -> None:
    mention = only(text)
    assert (mention.text, mention.value, mention.kind, mention.noun) == (
        written,
        value,
        "ordinal",
        noun,
    )
    assert mention.modality == "reported"  # a rank is stated, whatever the tense


def test_an_ordinal_with_its_thing_said_before_takes_it() -> None:
    tenth, total = extract("He scored his 10th point of the game and 2,292nd of his career.")
    assert (tenth.value, tenth.noun, total.value, total.noun) == (10, "point", 2292, "point")


@pytest.mark.parametrize(
    "text",
    [
        "He scored first and the first half ended 30-20.",
        "The game turned in the second half and the fourth quarter.",
        "She lives on Fifth Avenue and met him on June 20th.",
        "It is the 19th century all over again in the Second World War museum.",
        "They meet on the 15th of December at the 11th hour.",
        "Second, the council did not vote.",
        "He finished in second place.",
        "The 82nd Airborne and the Second Amendment were named.",
    ],
)
def test_ordinals_in_names_dates_and_parts_of_a_game_are_no_figures(text: str) -> None:
    assert [m for m in extract(text) if m.kind == "ordinal"] == []


@pytest.mark.parametrize(
    ("text", "figure", "noun"),
    [
        # the round, lap or stage in which something happened is a fact outlets may give
        # differently (the fifth round or the sixth), unlike a game's fixed halves
        ("Klitschko stopped Thompson in the fifth round.", "fifth", "round"),
        ("Cheeks was selected in the second round of the 1978 NBA Draft.", "second", "round"),
        ("He crashed on the 12th lap after leading the third stage.", "12th", "lap"),
        ("Jones was a second-round draft choice.", "second-round", "round"),
    ],
)
def test_the_stage_of_a_contest_something_happened_in_is_an_ordinal(
    text: str, figure: str, noun: str
) -> None:
    found = [m for m in extract(text) if m.text == figure]
    assert [(m.kind, m.noun) for m in found] == [("ordinal", noun)]


@pytest.mark.parametrize(
    ("text", "event"),
    [
        ("Klitschko stopped Thompson in the fifth round.", "stopped"),
        ("The referee stopped the fight in the sixth round.", "stopped"),
        ("Cheeks was selected in the second round of the 1978 NBA Draft.", "selected"),
        # the verb of another phrase is not the stage's
        ("He avoided jail by checking in after the second round of talks.", ""),
        ("The film is based on the second book in the series.", ""),
    ],
)
def test_a_stage_ordinal_says_what_happened_in_it(text: str, event: str) -> None:
    (ordinal,) = [m for m in extract(text) if m.kind == "ordinal"]
    assert ordinal.event == event


@pytest.mark.parametrize(
    ("text", "written", "seconds"),
    [
        ("He set the record with 7:41 to go.", "7:41", 461),
        ("Hansbrough scored with 7:42 left in the first half.", "7:42", 462),
        ("He hit a free throw with 4:43 to play in the half.", "4:43", 283),
        ("The drive ate up 6:05 of the clock.", "6:05", 365),
        ("Kipchoge won in 2:03:59 on Sunday.", "2:03:59", 7439),
        ("He scored with 7 minutes 41 seconds to go.", "7 minutes 41 seconds", 461),
        ("They led with 12 minutes, 31 seconds remaining.", "12 minutes, 31 seconds", 751),
    ],
)
def test_a_running_clock_is_a_duration_in_seconds(text: str, written: str, seconds: int) -> None:
    mention = only(text)
    assert (mention.text, mention.value, mention.kind, mention.unit) == (
        written,
        seconds,
        "duration",
        "second",
    )


def test_time_left_reads_alike_however_it_is_written() -> None:
    events = {
        only(text).event
        for text in (
            "He scored with 7:42 left.",
            "He scored with 7:41 to go.",
            "He scored with 7 minutes 41 seconds remaining.",
        )
    }
    assert events == {"remaining"}


@pytest.mark.parametrize(
    "text",
    [
        "The meeting starts at 7:42 p.m. on Monday.",
        "Doors open at 10:30 and close at 11:45.",
        "The train leaves at 7:42.",
    ],
)
def test_the_time_of_day_is_no_figure(text: str) -> None:
    assert extract(text) == []


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("LaRue served 4 1/2 months in prison.", "4 1/2 months"),
        ("LaRue served a 4-1/2-month prison term.", "4-1/2-month"),
        ("LaRue served 41/2 months in prison.", "41/2 months"),
        ("LaRue served 41 / 2 months in prison.", "41 / 2 months"),
        ("LaRue served four and a half months in prison.", "four and a half months"),
    ],
)
def test_a_mixed_number_of_months_however_written(text: str, written: str) -> None:
    mention = only(text)
    assert (mention.text, mention.value, mention.kind, mention.unit) == (
        written,
        4.5,
        "duration",
        "month",
    )


def test_digits_before_a_slash_are_no_mixed_number_without_a_unit() -> None:
    assert all(m.value != 4.5 for m in extract("The vote was 41/2 in favour."))


def test_one_unit_of_time_after_a_qualifier() -> None:
    # (read where the sentence holds a figure: "than" alone does not make the extractor read a
    # sentence, which would cost every comparative in the news a scan)
    [mention] = [m for m in extract("It was his 2nd arrest in less than a month.") if m.unit]
    assert (mention.text, mention.value, mention.unit, mention.qualifier) == (
        "a month",
        1,
        "month",
        "less than",
    )
    # a plain "a month" reports nothing; measured from an event it is a span (see
    # tests/figures/test_reporters_spans.py)
    assert extract("It was a month to remember.") == []


def test_a_number_or_the_next_is_a_range() -> None:
    mention = only("He dined with them four or five times a week.")
    assert (mention.low, mention.high, mention.noun) == (4, 5, "time")
    assert all(m.high is None for m in extract("It was 5 or 50 people."))
