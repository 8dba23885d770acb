"""Labels a person would say in a story's figures table (reader.stories.label_words, used by
quantity_label): the thing counted and what happened to it, read from the figure's sentence
where the extracted fields name no thing (a time, "twice", "the third time"), never
"nth time", "time (projected)" or a quoted source as the counted thing.

Mentions come from the real extractor over each sentence."""

from __future__ import annotations

import pytest

from reader.figures.extract import extract
from reader.models import FigureMention
from reader.stories.figures import quantity_label


def label_of(sentence: str, figure: str) -> str:
    """The table's label of ``figure`` as the extractor reads it in ``sentence``."""
    mention = _mention(sentence, figure)
    return quantity_label([mention], "", mention.rate, [sentence[mention.sentence_start :]])


def _mention(sentence: str, figure: str) -> FigureMention:
    found = [m for m in extract(sentence) if figure in m.text or m.text in figure]
    assert found, f"the extractor reads no {figure!r} in {sentence!r}"
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "figure", "label"),
    [
        # the brief's two: a quoted source is not what is counted; "nth time" says nothing
        (
            "About 8,000 residents have already left; officials expect the number could "
            "rise to 12,000 within days.",
            "12,000",
            "number (expected)",
        ),
        (
            "The governor spoke at 10:30 after meeting the emergency committee for the "
            "third time this week.",
            "third",
            "times meeting the emergency committee",
        ),
        # a time with no counted thing: what lasted it, or how long ago it was
        ("Schools in two districts will stay closed for three days.", "three days",
         "closed for (expected)"),
        ("A team of 12 investigators will report within 90 days.", "90 days",
         "report within (expected)"),
        ("It was more than seven months ago when that errant bullet killed her.",
         "seven months", "time since"),
        ("Less than two weeks later, he was arrested and charged with the shooting.",
         "two weeks", "time after"),
        # how often something was done
        ("The witness admitted he lied three times to police.", "three times", "times lied"),
        ("Billy Crystal did it eight times.", "eight times", "times did"),
        # an ordinal names its thing; the ordinal itself says which
        ("He spent a lot of time laying on the ropes starting in the third round.", "third",
         "round"),
    ],
)  # fmt: skip
def test_a_label_says_the_thing_and_what_happened(sentence: str, figure: str, label: str) -> None:
    assert label_of(sentence, figure) == label


def test_a_time_with_a_verb_after_it_keeps_its_event() -> None:
    label = label_of("Jeffs, who was indicted more than two years ago, appeared in court.", "two")
    assert label in ("time since indicted", "time since")
    assert label_of("LaRue served four and a half months in prison.", "four and a half") == (
        "time served"
    )


def test_no_label_reads_nth_or_projected() -> None:
    sentences = [
        ("Klitschko retained his title for the fifth time in the process.", "fifth"),
        ("The company said repairs would take two to three weeks.", "two to three weeks"),
        ("Each affected worker will receive up to €1,800 a month for six months.", "six"),
    ]
    for sentence, figure in sentences:
        label = label_of(sentence, figure)
        assert not label.startswith("nth"), label
        assert "projected" not in label, label


def test_words_before_a_figure_that_are_no_verb_name_nothing() -> None:
    # "a month for six months": "month" is no verb; the label falls back to the time
    assert label_of(
        "Each affected worker will receive up to €1,800 a month for six months.", "six months"
    ) == ("time (expected)")
