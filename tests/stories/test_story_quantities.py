"""Which quantity a figure reports in a story's table (reader.stories.quantities), and how
the table compares its reports: ages, score pairs, figures with a unit but no counted thing,
figures that differ by one, settled facts that never read as updates, counts written as
modifiers."""

from __future__ import annotations

from reader.models import FigureMention
from reader.stories.figure_entries import figures_table
from reader.stories.figures import (
    AGREE,
    ReportedValue,
)
from reader.stories.quantities import AGE, figure_form, quantity_key
from reader.stories.time_units import common_unit, converted_text, in_unit

DAY_ONE = "2026-11-02T08:00:00Z"
DAY_THREE = "2026-11-04T08:00:00Z"


def mention_in(
    sentence: str,
    text: str,
    value: float,
    *,
    kind: str = "count",
    unit: str = "",
    noun: str = "",
    event: str = "",
) -> tuple[FigureMention, str]:
    start = sentence.index(text)
    mention = FigureMention(
        start=start, end=start + len(text), text=text, sentence_start=0,
        sentence_end=len(sentence), value=value, low=None, high=None, kind=kind, unit=unit,
        rate="", noun=noun, noun_text=noun, event=event, qualifier="", bound="",
        modality="reported", vague=False, precision=len(f"{value:g}".replace(".", "")),
    )  # fmt: skip
    return mention, sentence


def report(
    n: int, published: str, found: tuple[FigureMention, str], subject: str = ""
) -> ReportedValue:
    mention, sentence = found
    form = figure_form(mention, sentence)
    return ReportedValue(n, n, n, published, mention, subject, form, sentence=sentence)


def table_of(reports: list[ReportedValue]) -> dict[str, list[tuple[str, list[float]]]]:
    found: dict[str, list[tuple[str, list[float]]]] = {}
    for entry in figures_table(reports):
        values = sorted(v.mention.value or 0.0 for v in entry.values)
        found.setdefault(entry.quantity, []).append((entry.kind, values))
    return found


def test_an_appositive_or_years_old_figure_is_an_age() -> None:
    appositive = mention_in("Police sought Jose Luis Orozco, 27, who is armed.", "27", 27)
    assert figure_form(*appositive) == AGE
    hyphenated = mention_in(
        "The 29-year-old gang member was held.", "29-year-old", 29, noun="member"
    )
    assert figure_form(*hyphenated) == AGE
    assert quantity_key(appositive[0], AGE) == quantity_key(hyphenated[0], AGE)
    # A count after a name and a comma that goes on ("Drake, 65 fans...") is no age.
    count = mention_in("They beat Drake, 65 fans watching.", "65", 65, noun="fan")
    assert figure_form(*count) == ""


def test_reports_of_one_score_line_up_and_other_scores_stay_apart() -> None:
    final = "Creighton defeated Drake 65-53 on Friday."
    half = "The Jays led 33-26 at the half."
    assert figure_form(*mention_in(final, "65", 65)) == "pair:65-53:1"
    assert figure_form(*mention_in(final, "53", 53)) == "pair:65-53:2"
    assert figure_form(*mention_in("won 2,129-2,029, a record", "2,129", 2129)).startswith("pair")
    # A fraction or a compound is no pair.
    assert figure_form(*mention_in("served 4-1/2 months", "4", 4)) == ""
    assert figure_form(*mention_in("served a 4-1 / 2-month term", "1", 1)) == ""
    assert figure_form(*mention_in("the 6-foot-9 center", "6", 6)) == ""
    table = table_of(
        [
            report(1, DAY_ONE, mention_in(final, "65", 65)),
            report(2, DAY_ONE, mention_in("a 65-53 victory", "65", 65)),
            report(3, DAY_ONE, mention_in(half, "33", 33)),
        ]
    )
    assert table["score 65-53, first figure"] == [(AGREE, [65, 65])]
    assert table["score 33-26, first figure"] == [(AGREE, [33])]


def _served_months_and_days() -> tuple[tuple[FigureMention, str], tuple[FigureMention, str]]:
    """One sentence giving time served in months, another in days (the same span)."""
    months = mention_in(
        "LaRue served four and a half months.", "four and a half months", 4.5,
        kind="duration", unit="month", event="served",
    )  # fmt: skip
    days = mention_in(
        "He served 136 days.", "136 days", 136, kind="duration", unit="day", event="served"
    )
    return months, days


def test_durations_without_a_counted_thing_compare_in_days() -> None:
    months, days = _served_months_and_days()
    table = table_of([report(1, DAY_ONE, months, "larue"), report(2, DAY_ONE, days, "larue")])
    assert table["time served (larue)"] == [(AGREE, [4.5, 136])]


def test_a_report_of_unknown_subject_joins_the_subject_giving_its_value() -> None:
    points = [
        mention_in("Smith had 11 points.", "11", 11, noun="point"),
        mention_in("Jones had 14 points.", "14", 14, noun="point"),
        mention_in("He had 11 points.", "11", 11, noun="point"),
    ]
    table = table_of(
        [
            report(1, DAY_ONE, points[0], "smith"),
            report(2, DAY_ONE, points[1], "jones"),
            report(3, DAY_ONE, points[2], ""),
        ]
    )
    assert table["point (smith)"] == [(AGREE, [11, 11])]
    assert table["point (jones)"] == [(AGREE, [14])]


def test_a_figure_standing_apart_by_size_is_named_by_its_own_reports() -> None:
    """ "1.2 million people" (no event) joins the reports of "37 people injured" but stands
    apart by its size: its entry says "people", never "people injured"."""
    injured = mention_in(
        "At least 37 people were injured.", "37", 37, noun="people", event="injured"
    )
    home = mention_in(
        "The region is home to 1.2 million people.", "1.2 million", 1.2e6, noun="people"
    )
    table = table_of([report(1, DAY_ONE, injured), report(2, DAY_ONE, home)])
    assert table["people injured"] == [(AGREE, [37.0])]
    assert table["people"] == [(AGREE, [1.2e6])]


def test_durations_in_different_units_are_shown_in_one_unit() -> None:
    months, days = _served_months_and_days()
    more_days = mention_in(
        "LaRue was held 140 days.", "140 days", 140, kind="duration", unit="day", event="served"
    )
    reports = [
        report(1, DAY_ONE, months, "larue"),
        report(2, DAY_ONE, days, "larue"),
        report(3, DAY_ONE, more_days, "larue"),
    ]
    (entry,) = figures_table(reports)
    assert common_unit(entry) == "day"  # two reports write days, one months
    shown = {v.mention.text: in_unit(v, "day") for v in entry.values}
    assert shown["136 days"] == 136 and shown["140 days"] == 140
    assert 136 < (shown["four and a half months"] or 0) < 138
    months_value = next(v for v in entry.values if v.mention.unit == "month")
    assert converted_text(months_value, "day") == "137 days"
    assert converted_text(next(v for v in entry.values if v.mention.unit == "day"), "day") == ""
    # One unit written by every report: nothing converted, nothing said.
    (same,) = figures_table([report(2, DAY_ONE, days, "larue"), report(4, DAY_ONE, days, "larue")])
    assert common_unit(same) == ""


def test_measures_in_different_units_are_shown_in_one_unit() -> None:
    """A climber's fall as the dev cluster t23b's outlets write it: metres by two, feet by
    one. Shown (table, chart) in metres, the feet converted, never plotted as metres."""
    metres = mention_in(
        "Robert Buckley fell about 600 metres while climbing.", "600 metres", 600,
        kind="measure", unit="m", event="fell",
    )  # fmt: skip
    more_metres = mention_in(
        "one of the party has fallen some 700 metres to his death.", "700 metres", 700,
        kind="measure", unit="m", event="fallen",
    )  # fmt: skip
    feet = mention_in(
        "Englishman Robert Buckley fell about 2,000ft while climbing.", "2,000ft", 2000,
        kind="measure", unit="ft", event="fell",
    )  # fmt: skip
    reports = [
        report(1, DAY_ONE, metres, "buckley"),
        report(2, DAY_ONE, more_metres, "buckley"),
        report(3, DAY_THREE, feet, "buckley"),
    ]
    entries = figures_table(reports)
    for entry in entries:  # an entry written in one unit is shown as written
        if len({v.mention.unit for v in entry.values}) == 1:
            assert common_unit(entry) == ""
    # Wherever they are shown together, one unit: 2,000 ft is 609.6 m, 600 m is 1,968.5 ft.
    mixed = [entry for entry in entries if len({v.mention.unit for v in entry.values}) == 2]
    assert mixed, "the 600 m and 2,000 ft reports are one figure"
    for entry in mixed:
        unit = common_unit(entry)
        feet_value = next(v for v in entry.values if v.mention.unit == "ft")
        metre_value = next(v for v in entry.values if v.mention.unit == "m")
        if unit == "m":
            assert 609 < (in_unit(feet_value, unit) or 0) < 610
            assert converted_text(feet_value, unit) == "610 m"
        else:
            assert unit == "ft" and converted_text(metre_value, unit).endswith(" ft")
            assert 1968 < (in_unit(metre_value, unit) or 0) < 1969
