"""Labels a person would say in a story's figures table (reader.stories.label_words): the thing
counted and what happened to it, read from the figure's sentence where the extracted fields
name no thing (a time, "twice", "the third time"), never "nth time", "time (projected)", a
quoted source, a verb, an adverb or an adjective as the counted thing; and whose it is, only
where the sentence makes the name its owner (issue 20).

Mentions come from the real extractor over each sentence."""

from __future__ import annotations

import pytest

from reader.figures.extract import extract
from reader.models import FigureMention
from reader.stories.figure_entries import figures_table
from reader.stories.figures import read_report
from reader.stories.label_words import quantity_label


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
        # a time with no counted thing: what lasted it (never the verb as the thing), or how
        # long ago it was
        ("Schools in two districts will stay closed for three days.", "three days",
         "time closed (expected)"),
        ("A team of 12 investigators will report within 90 days.", "90 days",
         "time to report (expected)"),
        ("It was more than seven months ago when that errant bullet killed her.",
         "seven months", "time since"),
        ("Less than two weeks later, he was arrested and charged with the shooting.",
         "two weeks", "time after"),
        # how often something was done
        ("The witness admitted he lied three times to police.", "three times", "times lied"),
        ("Billy Crystal did it eight times.", "eight times", "times did"),
        # an ordinal names its thing; the ordinal itself says which
        # ("in the third round" says when, no rank: extractor 18 reads no figure there)
        ("Jones was a second-round draft choice.", "second-round", "round"),
        ("It was her third title this year.", "third", "title"),
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


def entry_label(*sentences_and_figures: tuple[str, str]) -> str:
    """The label a story's table gives one entry holding these reports (one article each),
    read as the story reads them: subject, form and sentence (reader.stories.figures)."""
    reports = []
    for article, (sentence, figure) in enumerate(sentences_and_figures, 1):
        mention = _mention(sentence, figure)
        reports.append(read_report((article, article, article), "", mention, sentence))
    table = figures_table(reports)
    assert len(table) == 1, [q.quantity for q in table]
    return table[0].quantity


@pytest.mark.parametrize(
    ("sentence", "figure", "label"),
    [
        # issue 20: never a verb, a preposition or an adverb as the thing
        ("Foley pleaded guilty and was placed on five years' probation.", "five years",
         "probation"),
        ("He pleaded guilty and was sentenced to one to three years.", "one to three years",
         "time sentenced"),
        ("He was given $3 million upfront for the film.", "$3 million", "sum"),
        ("Drake shot 35.0 percent overall after intermission.", "35.0 percent", "share"),
        ("It is 100 percent preventable, the officer said.", "100 percent", "share"),
        # an event that says nothing happened is left out ("including", "following")
        ("Police found two children including a baby in the house.", "two", "children"),
        # one figure of a pair says what the pair is: a record's wins and losses, a run
        ("They reached the playoffs with an 8-8 record.", "8-8", "record 8-8: wins"),
        ("Drake, which lost in the semifinal, fell to 15-17.", "17", "record 15-17: losses"),
        ("They took control with a 19-4 run.", "4", "run 19-4, second figure"),
        ("Louisville ultimately won 77-68.", "77", "score 77-68, first figure"),
    ],
)  # fmt: skip
def test_a_label_names_a_thing_never_a_verb_or_a_modifier(
    sentence: str, figure: str, label: str
) -> None:
    assert entry_label((sentence, figure)) == label


def test_the_owner_is_the_name_the_sentence_makes_the_owner() -> None:
    # a name right before the figure in its clause owns it
    assert entry_label(("On Friday, Hansbrough scored 20 points.", "20")) == (
        "points scored (hansbrough)"
    )
    # another person's possession, a pronoun standing for someone else, a place, an
    # acronym, an object: nobody's
    for sentence, figure in [
        ("Felt's moment in history began to unfold after five men were arrested.", "five"),
        ("Benjamin, the surgeon general, said she stayed in the hospital for 15 years.",
         "15 years"),
        ("He fell while climbing a hut on Mount Sefton with three companions.", "three"),
        ("He left rehab in Newport Beach, Calif., less than an hour after checking in.",
         "an hour"),
        ("An amateur photographer named Jerry Tibbs admired her and took 200 photos.", "200"),
    ]:  # fmt: skip
        label = entry_label((sentence, figure))
        assert "(" not in label.replace("(expected)", ""), (sentence, label)
    # an age belongs to the name it follows, whatever verb comes before that name
    assert entry_label(("President Obama nominated Regina Benjamin, 52, on Monday.", "52")) == (
        "age (benjamin)"
    )


def test_an_owner_only_where_most_articles_naming_someone_agree() -> None:
    # two people's children, one article each: nobody's in particular
    assert (
        entry_label(
            ("In 1972, LaRue had five children.", "five"),
            ("In 1972, Felt had five children.", "five"),
        )
        == "children"
    )
    assert (
        entry_label(
            ("In 1972, LaRue had five children.", "five"),
            ("In 1972, Felt had five children.", "five"),
            ("By then, LaRue had five children.", "five"),
        )
        == "children (larue)"
    )
