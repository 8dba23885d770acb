"""The identity gate a flag must pass (reader.stories.figure_identity): what a report is a
figure of, part by part, and which pairs of differing reports a table may flag. Real
extracted mentions of real sentences of the DEVELOPMENT clusters (never the held-back), the
shipped models, and pairs that must not flag."""

from __future__ import annotations

from dataclasses import replace

from reader.figures.extract import extract
from reader.stories import figure_identity as fi
from reader.stories.figure_entries import candidates, figures_table
from reader.stories.figure_pairs import ReportView, shipped_models
from reader.stories.figure_rules import SHIPPED, names
from reader.stories.figures import DISAGREEMENT, FLAGGED, ReportedValue, read_report

MONDAY = "2026-11-02T08:00:00Z"


def reports(article: int, sentence: str) -> list[ReportedValue]:
    return [
        read_report((article * 100 + n, article, article), MONDAY, mention, sentence)
        for n, mention in enumerate(extract(sentence))
    ]


def one(article: int, sentence: str, text: str) -> fi.FigureIdentity:
    view: ReportView = next(
        v for v in candidates(reports(article, sentence)) if v.report.mention.text == text
    )
    return fi.identity(view)


def test_the_gate_is_one_switch_of_the_rules() -> None:
    assert "identity_gate" in names() and SHIPPED.identity_gate
    assert not SHIPPED.switched("identity_gate", False).identity_gate


def test_one_career_total_given_differently_passes() -> None:
    # t31 (development): two outlets' career points for one player.
    a = one(1, "McDermott now has 2,029 points in 106 games as a Bluejay.", "2,029")
    b = one(
        2,
        "McDermott, a junior, now has 2,129 points-13 more than Rodney Buford, who played for "
        "the Bluejays from 1995-99.",
        "2,129",
    )
    parts = fi.compare(a, b)
    assert parts.thing == fi.SAME and parts.event == fi.SAME
    assert parts.subject != fi.CONFLICTING
    assert fi.flag_gate(a, b), fi.refusal(a, b)


def test_one_prison_term_in_other_words_passes() -> None:
    # t28 (development): a span of time is a measure; what it measures is its event, served.
    a = one(
        1,
        "LaRue served four and a half months in prison for his role in the Watergate "
        "conspiracy, after being charged with obstructing justice.",
        "four and a half months",
    )
    b = one(2, "He served four months in federal prison for conspiracy to obstruct justice.",
            "four months")  # fmt: skip
    assert a.thing == b.thing == "measure:duration"
    assert fi.compare(a, b).event == fi.SAME
    assert fi.flag_gate(a, b), fi.refusal(a, b)


def test_a_wedding_weeks_ago_and_a_weeks_long_trial_do_not_flag() -> None:
    # t16 (development): two spans of time of two events, about two people.
    wed = one(2, "The Diamond Bar resident was married two weeks ago to his second wife, Chela.",
              "two weeks")  # fmt: skip
    trial = one(
        3,
        "Jose Luis Orozco showed almost no emotion throughout the three-week trial in which he "
        "was convicted of the 2005 murder of Los Angeles County Sheriff's Deputy Jerry Ortiz.",
        "three-week",
    )
    assert not fi.flag_gate(wed, trial)
    assert fi.refusal(wed, trial)


def test_two_kinds_of_payments_do_not_flag() -> None:
    # t42 (development): "24 equal monthly payments" and "20 additional monthly payments" are
    # named by words the other sentence never writes.
    a = one(
        1,
        "The BlackBerry Q10 is expected to be available for T-Mobile consumer customers in June "
        "for $99.99 down with 24 equal monthly payments of $20 for well-qualified buyers.",
        "24",
    )
    b = one(
        2,
        "Consumers will be able to get their hands on the Q10 beginning in June for $99 down "
        "with 20 additional monthly payments of $20.",
        "20",
    )
    assert fi.compare(a, b).modifiers == fi.CONFLICTING
    assert not fi.flag_gate(a, b)


def test_ages_told_in_two_named_years_and_counts_of_two_things_do_not_flag() -> None:
    then = one(1, "In 2005, at the age of 91, Felt told Vanity Fair he was Deep Throat.", "91")
    later = one(2, "Felt, 92, told CNN in 2006 that he was proud.", "92")
    assert fi.compare(then, later).time == fi.CONFLICTING
    assert not fi.flag_gate(then, later)
    children = one(
        3, "Survivors include his wife, Joyce LaRue; five children; and several grandchildren.",
        "five",
    )  # fmt: skip
    grandchildren = one(4, "He is survived by his sister and nine grandchildren.", "nine")
    assert fi.compare(children, grandchildren).thing == fi.CONFLICTING
    assert not fi.flag_gate(children, grandchildren)


def test_a_figure_whose_event_is_unknown_does_not_flag() -> None:
    # Nothing next to either figure says what happened: the counted thing alone is not enough.
    a = one(1, "There were 40 cars.", "40")
    b = one(2, "Police counted 45 cars, witnesses said.", "45")
    assert fi.compare(a, b).event != fi.SAME
    assert not fi.flag_gate(a, b)


EVACUATED = [
    (1, "Officials said 4,500 workers were evacuated from the plant on Monday."),
    (2, "About 5,000 workers were evacuated from the plant, officials said."),
    (3, "Officials said 4,500 workers were evacuated from the plant."),
]
PAYMENTS = [
    (4, "The phone costs $99.99 down with 24 equal monthly payments of $20 for buyers."),
    (5, "Buyers pay $99 down with 20 additional monthly payments of $20."),
]


def test_the_table_flags_what_the_gate_passes_and_only_groups_what_it_refuses() -> None:
    models = replace(shipped_models(), flagging=0.0)
    evacuated = [r for n, s in EVACUATED for r in reports(n, s)]
    table = figures_table(evacuated, models)
    (entry,) = [q for q in table if len({v.mention.value for v in q.values}) > 1]
    assert entry.kind == DISAGREEMENT
    payments = [r for n, s in PAYMENTS for r in reports(n, s)]
    differing = [
        q for q in figures_table(payments, models) if len({v.mention.value for v in q.values}) > 1
    ]
    assert all(q.kind not in FLAGGED for q in differing)  # grouped at most, as "differs"


def test_a_measure_of_one_named_thing_needs_no_word_of_what_happened() -> None:
    # A magnitude is a property of its quake, as an age is of a person: "struck" and "hit"
    # need not be one word. Durations naming no thing still need their event (above).
    wire = one(
        1,
        "A 7.8-magnitude earthquake struck Ishikawa in western Japan on Monday, the Japan "
        "Meteorological Agency said.",
        "7.8-magnitude",
    )
    daily = one(2, "The magnitude 7.5 quake hit Ishikawa on Monday afternoon.", "7.5")
    assert fi.compare(wire, daily).event == fi.SAME
    assert fi.flag_gate(wire, daily), fi.refusal(wire, daily)
