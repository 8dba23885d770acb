"""A story's figures table keys each quantity by its subject (the name before a figure):
different players' points in one game story are no conflict, one player's differing points
are; an article reporting two values of one entry, or values far apart, make no conflict;
reports of one value join whatever subject one article alone misreads."""

from __future__ import annotations

from reader.models import FigureMention
from reader.stories.figure_entries import figures_table
from reader.stories.figures import (
    AGREE,
    ReportedValue,
    figure_subject,
    story_names,
)

GAME_TIME = "2026-11-02T08:00:00Z"


def subject_of(sentence: str, figure: str, known: frozenset[str] = frozenset()) -> str:
    return figure_subject(sentence, sentence.index(figure), known)


def test_subject_is_the_name_before_a_figure_in_its_clause() -> None:
    sentence = "Gregg Smith added 14 points for Drake, while Carmichael had 27 points."
    assert subject_of(sentence, "14") == "smith"
    assert subject_of(sentence, "27") == "carmichael"
    # A name after "in", "of", "at" says where: officials in Kerovo are no subject.
    assert subject_of("Officials in Kerovo said 45 people were injured.", "45") == ""
    assert subject_of("Deputy Ortiz, of Diamond Bar, had two sons.", "two") == "ortiz"
    # A name after the figure says where, not about whom.
    assert subject_of("He scored 23 points against Drake.", "23") == ""
    # A capital opening a sentence is a name only where the story writes it inside one too.
    opening = "McDermott led all players with 23 points."
    assert subject_of(opening, "23") == ""
    known = story_names(["Drake could not stop McDermott all night."])
    assert subject_of(opening, "23", known) == "mcdermott"
    assert subject_of("Officials said 12 people died.", "12", known) == ""


def points(value: float) -> FigureMention:
    text = f"{value:g}"
    return FigureMention(
        start=0, end=len(text), text=text, sentence_start=0, sentence_end=40, value=value,
        low=None, high=None, kind="count", unit="", rate="", noun="point", noun_text="points",
        event="scored", qualifier="", bound="", modality="reported", vague=False, precision=len(text),
    )  # fmt: skip


def report(n: int, article: int, feed: int, value: float, subject: str) -> ReportedValue:
    return ReportedValue(n, article, feed, GAME_TIME, points(value), subject)


def kinds(reports: list[ReportedValue]) -> dict[str, list[tuple[str, list[float]]]]:
    found: dict[str, list[tuple[str, list[float]]]] = {}
    for entry in figures_table(reports):
        values = sorted(v.mention.value or 0.0 for v in entry.values)
        found.setdefault(entry.quantity, []).append((entry.kind, values))
    return found


def test_different_players_points_are_different_quantities() -> None:
    table = kinds(
        [
            report(1, 1, 1, 23, "mcdermott"),
            report(2, 2, 2, 23, "mcdermott"),
            report(3, 1, 1, 27, "carmichael"),
            report(4, 2, 2, 27, "carmichael"),
        ]
    )
    assert table["points scored (mcdermott)"] == [(AGREE, [23, 23])]
    assert table["points scored (carmichael)"] == [(AGREE, [27, 27])]
