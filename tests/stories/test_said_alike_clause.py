"""The identity gate reads "said alike" on a figure's own clause too
(reader.stories.figure_identity.clause_grams): a sentence that goes on about something else
after its figure ("Page married twice; the first marriage ... lasted from 1943 to 1947")
says its figure as another outlet's short sentence does. Real extracted mentions of real
sentences of DEVELOPMENT clusters (t04a, t16b; never the held-back), and pairs that must
still not flag."""

from __future__ import annotations

from reader.stories import figure_identity as fi
from tests.stories.sentence_reports import one

# t04a (development): the labels' "times Page was married", a disagreement.
THREE_TIMES = "Page was married three times but had no children."
TWICE = (
    "Page married twice; the first marriage to Navy man Billy Neal lasted from 1943 to 1947, "
    "and her second to Armond Walterson in 1958 to 1963."
)


def test_a_figures_clause_is_read_up_to_the_break_around_it() -> None:
    twice = one(2, TWICE, "twice")
    # The clause "Page married twice": none of the sentence's later words ("Walterson").
    assert " wal" not in twice.clause and " pag" in twice.clause and "marr" in twice.clause
    assert " wal" in twice.grams


def test_one_count_said_in_a_short_clause_and_a_long_sentence_passes() -> None:
    three, twice = one(1, THREE_TIMES, "three times"), one(2, TWICE, "twice")
    # The whole sentences share too little to pass (the second goes on about two marriages).
    assert fi._jaccard(three.grams, twice.grams) < fi.SAID_ALIKE_GRAMS
    assert fi.said_alike(three, twice)
    assert fi.flag_gate(three, twice), fi.refusal(three, twice)


def test_two_figures_whose_clauses_say_other_things_still_do_not_flag() -> None:
    # t16b (development): a wedding weeks ago and a weeks-long trial, whatever their clauses.
    wed = one(2, "The Diamond Bar resident was married two weeks ago to his second wife, Chela.",
              "two weeks")  # fmt: skip
    trial = one(
        3,
        "Jose Luis Orozco showed almost no emotion throughout the three-week trial in which he "
        "was convicted of the 2005 murder of Los Angeles County Sheriff's Deputy Jerry Ortiz.",
        "three-week",
    )
    assert fi._jaccard(wed.clause, trial.clause) < fi.SAID_ALIKE_CLAUSE
    assert not fi.flag_gate(wed, trial)
