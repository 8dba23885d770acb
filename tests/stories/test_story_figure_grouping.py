"""How a story's figures table gathers reports into quantities (reader.stories.figures): one
value's reports together whatever subject one article misreads, differing values together
only where they are one figure (the same named subject, or a tally told in shared words),
an outlier against the consensus, a bare count counting the thing its sentence said before,
an age about whom its writing says; counts kept under former rules are counted again."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.library import Library
from reader.models import FigureMention
from reader.stories.figure_entries import figures_table
from reader.stories.figures import (
    AGREE,
    ReportedValue,
    report_subject,
    sentence_names,
    sentence_words,
)
from reader.stories.quantities import AGE, elided_things, figure_form

MONDAY = "2026-11-02T08:00:00Z"
WEDNESDAY = "2026-11-04T08:00:00Z"


def mention(
    sentence: str,
    text: str,
    value: float,
    *,
    kind: str = "count",
    unit: str = "",
    noun: str = "point",
    event: str = "",
    bound: str = "",
    modality: str = "reported",
) -> FigureMention:
    start = sentence.index(text)
    return FigureMention(
        start=start, end=start + len(text), text=text, sentence_start=0,
        sentence_end=len(sentence), value=value, low=None, high=None, kind=kind, unit=unit,
        rate="", noun=noun, noun_text=noun, event=event, qualifier="", bound=bound,
        modality=modality, vague=False, precision=len(f"{value:g}".replace(".", "")),
    )  # fmt: skip


def report(
    article: int, sentence: str, found: FigureMention, subject: str, published: str = MONDAY
) -> ReportedValue:
    return ReportedValue(
        article,
        article,
        article,
        published,
        found,
        subject,
        figure_form(found, sentence),
        sentence_names(sentence),
        sentence_words(sentence),
        sentence=sentence,
    )


def points(article: int, sentence: str, value: float, subject: str) -> ReportedValue:
    return report(article, sentence, mention(sentence, f"{value:,g}", value), subject)


def table_of(reports: list[ReportedValue]) -> list[tuple[str, str, list[float]]]:
    return sorted(
        (entry.quantity, entry.kind, sorted(v.mention.value or 0.0 for v in entry.values))
        for entry in figures_table(reports)
    )


def test_one_value_is_one_quantity_whatever_subject_one_article_misreads() -> None:
    table = table_of(
        [
            points(1, "Hansbrough scored 20 points.", 20, "hansbrough"),
            points(2, "Hansbrough finished with 20 points.", 20, "hansbrough"),
            points(3, "With UNC rolling, Hansbrough had 20 points.", 20, "unc"),
            points(4, "He had 20 points.", 20, ""),
        ]
    )
    assert table == [("point (hansbrough)", AGREE, [20, 20, 20, 20])]


def test_one_value_stated_and_projected_is_one_figure_but_no_dispute() -> None:
    stated = mention("Artino scored 14 points.", "14", 14)
    misread = mention("Will Artino scored 14 points.", "14", 14, modality="projected")
    table = table_of(
        [
            report(1, "Artino scored 14 points.", stated, "artino"),
            report(2, "Will Artino scored 14 points.", misread, "artino"),
            report(3, "Artino might score 16 points.", mention("Artino might score 16 points.",
                   "16", 16, modality="projected"), "artino"),
        ]
    )  # fmt: skip
    kinds = {(kind, tuple(values)) for _, kind, values in table}
    assert kinds == {(AGREE, (14, 14)), (AGREE, (16,))}


def test_a_bare_count_counts_the_thing_its_sentence_named_before() -> None:
    sentence = "Richard Carter scored 14 points and Seth VanDeest scored 13 in the loss 65-53."
    found = [
        mention(sentence, "14", 14),
        mention(sentence, "13", 13, noun=""),
        mention(sentence, "65", 65, noun=""),
    ]
    filled = elided_things(found)
    assert [m.noun for m in filled] == ["point", "point", "point"]
    # A score is read by its form first: the pair stays a pair.
    assert figure_form(filled[2], sentence).startswith("pair:")
    # Another sentence's count lends nothing.
    later = mention("He added 13.", "13", 13, noun="")
    later = FigureMention(**{**later.__dict__, "sentence_start": 200, "sentence_end": 212})
    assert elided_things([found[0], later])[1].noun == ""


def test_an_age_is_about_whom_its_writing_says() -> None:
    def subject_of(sentence: str, text: str, value: float) -> str:
        found = mention(sentence, text, value, noun="")
        assert figure_form(found, sentence) == AGE
        return report_subject(sentence, found, AGE, frozenset())

    assert (
        subject_of("Cooley said Orozco murdered the 35-year-old deputy.", "35-year-old", 35) == ""
    )
    assert subject_of("Said 17-year-old Jeremy Ortiz: it is over.", "17-year-old", 17) == "ortiz"
    assert subject_of("The gunman surprised Deputy Jerry Ortiz, 35, at the door.", "35", 35) == (
        "ortiz"
    )


@pytest.mark.parametrize(
    "migration",
    [
        "m100_story_figures_recounted",
        "m150_story_figures_counted_by_pair_model",
        "m260_story_figures_counted_with_unnamed_reports",
    ],
)
def test_an_upgraded_library_counts_its_story_figures_again(tmp_path: Path, migration: str) -> None:
    """Counts kept under former table rules are forgotten (m100: keys by value first; m150: the
    scored pair models; m260: reports naming nothing join entries): listings count again."""
    path = tmp_path / "l.db"
    Library(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO stories (thread_id, first_date, last_date, first_day, last_day, "
            "figures, differing) VALUES (1, '2026-11-02', '2026-11-02', 0, 0, 9, 4)"
        )
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = ?", (migration,))
    conn.close()
    Library(path).close()  # the upgrade applies the migration again
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT figures, differing FROM stories").fetchall() == [(None, None)]
    conn.close()


def test_one_age_written_two_ways_is_one_entry() -> None:
    """ "Page, 85," (read as a count) and "the 85-year-old" (a measure in years) are one age."""
    appositive = "Bettie Page, 85, died on Thursday."
    compound = "The 85-year-old pin-up died in Los Angeles."
    table = table_of(
        [
            report(1, appositive, mention(appositive, "85", 85, noun=""), "page"),
            report(2, compound, mention(compound, "85-year-old", 85, kind="measure",
                   unit="years old", noun=""), ""),
        ]
    )  # fmt: skip
    assert [(kind, values) for _, kind, values in table] == [(AGREE, [85, 85])]
    # "at age 85": the extractor's counted thing is the age itself.
    at_age = "Page died at age 85 in Los Angeles."
    assert figure_form(mention(at_age, "85", 85, noun="age"), at_age) == AGE
    assert figure_form(mention(at_age, "85", 85, noun="page"), at_age) == ""


def test_a_count_written_as_a_place_joins_the_count_of_its_value_only() -> None:
    """ "his 19th season" is 19 seasons; "his fourth season" is no disputed "three seasons"."""

    def seasons(article: int, sentence: str, text: str, value: float, kind: str) -> ReportedValue:
        found = mention(sentence, text, value, kind=kind, noun="season")
        return report(article, sentence, found, "dileo")

    table = table_of(
        [
            seasons(1, "DiLeo is in his 19th season with the Sixers.", "19th", 19, "ordinal"),
            seasons(2, "DiLeo has spent 19 seasons with the Sixers.", "19", 19, "count"),
        ]
    )
    assert [(kind, values) for _, kind, values in table] == [(AGREE, [19, 19])]
    apart = table_of(
        [
            seasons(1, "DiLeo is in his fourth season with the Sixers.", "fourth", 4, "ordinal"),
            seasons(2, "DiLeo has spent three seasons with the Sixers.", "three", 3, "count"),
        ]
    )
    assert sorted(values for _, _, values in apart) == [[3], [4]]
    assert {kind for _, kind, _ in apart} == {AGREE}


def test_a_figure_naming_nothing_joins_the_entry_it_reads_as_and_alone_makes_none() -> None:
    """ "Hansbrough finished with 20" names no counted thing: beside "Hansbrough scored 20
    points" it is one of that entry's reports; a bare figure nothing else gives stays out."""
    named = "Tyler Hansbrough scored 20 points as North Carolina beat Evansville."
    bare = "Tyler Hansbrough finished with 20 as North Carolina beat Evansville."
    alone = "The Tar Heels have won seven in a row."
    table = table_of(
        [
            points(1, named, 20, "hansbrough"),
            report(2, bare, mention(bare, "20", 20, noun=""), "hansbrough"),
            report(3, alone, mention(alone, "seven", 7, noun=""), ""),
        ]
    )
    assert table == [("point (hansbrough)", AGREE, [20, 20])]
    # Another value, or a count of another thing, is not what it reads as.
    other = "Danny Green added 11 points for the Tar Heels."
    table = table_of(
        [
            points(1, other, 11, "green"),
            report(2, bare, mention(bare, "20", 20, noun=""), "hansbrough"),
        ]
    )
    assert table == [("point (green)", AGREE, [11])]
