"""The story's self-check of the identity gate (reader.stories.figure_entries.
ambiguous_in_one_article, the ``ambiguous_in_one_article`` rule switch): a flag needs that no
article of the story gives two values, in two sentences, that the test a flag passes calls
one figure. Real sentences of the DEVELOPMENT clusters (never the held-back), each article's
sentences read as one text (so each keeps its own place in it), the shipped models with
their flagging threshold at 0 (the gate and the self-check decide alone)."""

from __future__ import annotations

from dataclasses import replace

from reader.figures.extract import extract
from reader.stories.figure_entries import candidates, figures_table
from reader.stories.figure_pairs import shipped_models
from reader.stories.figure_rules import SHIPPED, names
from reader.stories.figures import DIFFERS, DISAGREEMENT, FLAGGED, ReportedValue, read_report

MONDAY = "2026-11-02T08:00:00Z"
WITHOUT = SHIPPED.switched("ambiguous_in_one_article", False)


def article(number: int, *sentences: str) -> list[ReportedValue]:
    """One article's reports: its sentences read as one text, as a stored article is."""
    text = " ".join(sentences)
    return [
        read_report(
            (number * 100 + n, number, number),
            MONDAY,
            mention,
            text[mention.sentence_start : mention.sentence_end],
        )
        for n, mention in enumerate(extract(text))
    ]


def differing(reports: list[ReportedValue], rules: object = SHIPPED) -> list[tuple[str, str]]:
    models = replace(shipped_models(), flagging=0.0)
    table = figures_table(reports, models, rules)  # type: ignore[arg-type]
    return [
        (q.kind, "/".join(v.mention.text for v in q.values))
        for q in table
        if len({v.mention.value for v in q.values}) > 1
    ]


# t31 (development): two Louisville games. One article gives Clark's points and Vaughn's;
# another outlet's Clark "22 points" is another game's.
TWO_GAMES = [
    *article(
        1,
        "Louisville's Earl Clark finished his team's victory with 25 points and 16 rebounds, "
        "both career highs.",
        "Vaughn finished with 16 points and nine rebounds, scoring 14 in a four-minute stretch "
        "that resulted in a 20-2 run to close the half.",
    ),
    *article(
        2,
        "Earl Clark finished with 22 points and nine rebounds, as 23rd-ranked Louisville opened "
        "its Big East slate with a 71-57 win over South Florida.",
    ),
]


def test_the_self_check_is_one_switch_of_the_rules() -> None:
    assert "ambiguous_in_one_article" in names() and SHIPPED.ambiguous_in_one_article
    assert not WITHOUT.ambiguous_in_one_article


def test_two_players_points_in_one_article_keep_two_games_points_from_a_flag() -> None:
    # The gate alone flags 25 and 22 as one player's points given differently; the first
    # article's own 25 and 16 (two players', which the gate cannot tell apart) show the gate
    # cannot tell this story's points apart.
    assert (DISAGREEMENT, "25/22") in differing(TWO_GAMES, WITHOUT)
    shown = differing(TWO_GAMES)
    assert (DIFFERS, "25/22") in shown  # still side by side, only not flagged
    assert all(kind not in FLAGGED for kind, _ in shown)


def test_a_career_total_given_differently_still_flags() -> None:
    # t31 (development): the first article also gives the points McDermott needed and the
    # record he was to pass, figures the table would never take for his career total.
    reports = [
        *article(
            1,
            "McDermott now has 2,029 points in 106 games as a Bluejay.",
            "He came in needing 11 points to break Rodney Buford ’ s scoring record of 2,106.",
        ),
        *article(
            2,
            "McDermott, a junior, now has 2,129 points-13 more than Rodney Buford, who played for "
            "the Bluejays from 1995-99.",
        ),
    ]
    assert (DISAGREEMENT, "2,029/2,129") in differing(reports)
    assert differing(reports) == differing(reports, WITHOUT)


def test_a_prison_term_given_differently_still_flags() -> None:
    # t28 (development): one term, "four and a half months" and "four months".
    reports = [
        *article(
            1,
            "LaRue served four and a half months in prison for his role in the Watergate "
            "conspiracy, after being charged with obstructing justice.",
        ),
        *article(2, "He served four months in federal prison for conspiracy to obstruct justice."),
    ]
    assert [kind for kind, _ in differing(reports)] == [DISAGREEMENT]


def test_reports_of_one_sentence_are_never_two_things_to_the_check() -> None:
    # The check pairs reports of two sentences: a sentence's own two values are one figure
    # told with its change, or a list ("scored 7 points and ripped down 5 rebounds").
    views = candidates(article(1, "McDermott now has 2,029 points in 106 games as a Bluejay."))
    starts = {v.report.mention.sentence_start for v in views}
    assert starts == {0}
