"""The scored pair models behind a story's figures table (reader.stories.figure_pairs) and how
an entry's values compare (reader.stories.figure_entries.verdict): the shipped models load and
score known pairs of real news sentences as a reader would; a figure rising in one outlet's
reports is an update, two outlets differing at one time a disagreement."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from reader.figures.kin import kin_class
from reader.models import FigureMention
from reader.stories.figure_entries import disputable, figures_table, one_key, verdict
from reader.stories.figure_pairs import (
    FEATURES,
    MODEL_PATH,
    kin_by_context,
    model_from_json,
    pair_features,
    shipped_models,
    view,
)
from reader.stories.figures import (
    AGREE,
    DIFFERS,
    DISAGREEMENT,
    UPDATE,
    ReportedValue,
    read_report,
    span,
)
from reader.stories.quantities import AGE

MONDAY = "2026-11-02T08:00:00Z"
MONDAY_NOON = "2026-11-02T12:00:00Z"
WEDNESDAY = "2026-11-04T08:00:00Z"
TWO_YEARS_LATER = "2028-11-02T08:00:00Z"


def reported(
    article: int,
    sentence: str,
    text: str,
    value: float,
    *,
    noun: str = "point",
    event: str = "",
    feed: int | None = None,
    published: str = MONDAY,
    kin: str = "",
) -> ReportedValue:
    start = sentence.index(text)
    mention = FigureMention(
        start=start, end=start + len(text), text=text, sentence_start=0,
        sentence_end=len(sentence), value=value, low=None, high=None, kind="count", unit="",
        rate="", noun=noun, noun_text=noun, event=event, qualifier="", bound="",
        modality="reported", vague=False, precision=len(f"{value:g}".replace(".", "")), kin=kin,
    )  # fmt: skip
    return read_report(
        (article, article, article if feed is None else feed), published, mention, sentence
    )


GAME = "Doug McDermott scored 23 points to become Creighton's all-time scoring leader."
GAME_AGAIN = "McDermott led all players with 23 points while also grabbing seven rebounds."
CAREER = "McDermott, a junior, now has 2,129 points, 13 more than Rodney Buford."
CAREER_OTHER = "McDermott now has 2,029 points in 106 games as a Bluejay."


def test_the_shipped_models_load_and_score_known_pairs() -> None:
    models = shipped_models()
    assert len(models.agreeing.weights) == len(FEATURES) == len(models.differing.weights)
    game = view(reported(1, GAME, "23", 23))
    game_again = view(reported(2, GAME_AGAIN, "23", 23))
    career = view(reported(3, CAREER, "2,129", 2129))
    career_other = view(reported(4, CAREER_OTHER, "2,029", 2029))
    # Two outlets' reports of his points in the game: one quantity.
    same = models.agreeing.probability(pair_features(game, game_again))
    assert same >= models.agreeing.threshold
    # His career total given differently by two outlets is one disputed figure; the game's
    # points against the career total are two figures.
    disputed = models.differing.probability(pair_features(career, career_other))
    unrelated = models.differing.probability(pair_features(game, career))
    assert disputed > 2 * unrelated


def test_a_model_file_of_other_features_is_refused() -> None:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["agreeing"]
    data["features"] = [*FEATURES[:-1], "another"]
    with pytest.raises(ValueError, match="retrain"):
        model_from_json(data, FEATURES, MODEL_PATH.name)


def test_the_table_lines_up_one_figure_and_keeps_another_apart() -> None:
    table = figures_table(
        [
            reported(1, GAME, "23", 23),
            reported(2, GAME_AGAIN, "23", 23),
            reported(3, CAREER, "2,129", 2129),
            reported(4, CAREER_OTHER, "2,029", 2029),
        ]
    )
    by_values = {tuple(sorted(v.mention.value or 0 for v in q.values)): q.kind for q in table}
    assert by_values[(23, 23)] == AGREE
    assert not any(23 in values and len(set(values)) > 1 for values in by_values)


KILLED = "{n} people were killed when buildings collapsed in the old town of Dessin."


def toll(article: int, value: int, feed: int, published: str) -> ReportedValue:
    sentence = KILLED.format(n=value)
    return reported(
        article, sentence, str(value), value, noun="person", event="killed", feed=feed,
        published=published,
    )  # fmt: skip


def compared(values: list[ReportedValue]) -> str:
    return verdict(values, {v.mention_id: view(v) for v in values})


def test_one_outlet_rising_is_an_update_and_two_outlets_at_one_time_disagree() -> None:
    assert compared([toll(1, 12, 1, MONDAY), toll(2, 12, 2, MONDAY)]) == AGREE
    # One outlet's own later, larger toll: it rose as reports came in.
    assert compared([toll(1, 12, 1, MONDAY), toll(2, 15, 1, MONDAY_NOON)]) == UPDATE
    # A tally another outlet reports larger days later: an update too.
    assert compared([toll(1, 12, 1, MONDAY), toll(2, 15, 2, WEDNESDAY)]) == UPDATE
    # Two outlets giving different tolls at one time disagree; a later, lower toll too.
    assert compared([toll(1, 12, 1, MONDAY), toll(2, 15, 2, MONDAY_NOON)]) == DISAGREEMENT
    assert compared([toll(1, 15, 1, MONDAY), toll(2, 12, 2, WEDNESDAY)]) == DISAGREEMENT


def test_one_outlets_own_figures_never_make_a_disagreement() -> None:
    # Outlets disagreeing takes two: one feed's later, lower figure corrected its own (or
    # counts another thing: two listings' rents), shown side by side as "differs".
    assert compared([toll(1, 15, 1, MONDAY), toll(2, 12, 1, WEDNESDAY)]) == DIFFERS
    assert compared([toll(1, 12, 1, MONDAY), toll(2, 15, 1, MONDAY)]) == DIFFERS  # one time
    seconds_later = MONDAY.replace(":00Z", ":04Z")  # a listing posted right after another
    assert seconds_later != MONDAY
    assert compared([toll(1, 12, 1, MONDAY), toll(2, 15, 1, seconds_later)]) == DIFFERS
    # With another outlet in the entry, only pairs across outlets can disagree: here the
    # other outlet gives the figure the first one revised to, a day later.
    revised = [toll(1, 15, 1, MONDAY), toll(2, 12, 1, MONDAY_NOON), toll(3, 12, 2, WEDNESDAY)]
    assert compared(revised) == DISAGREEMENT  # 15 then 12 across outlets: lower, later
    agreed = [toll(1, 12, 1, MONDAY), toll(2, 12, 2, MONDAY), toll(3, 10, 1, MONDAY_NOON)]
    assert compared(agreed) == DISAGREEMENT  # outlet 2's 12 against outlet 1's later 10


def test_a_settled_figure_given_differently_days_apart_disagrees_and_ages_grow_by_years() -> None:
    # Career points name no tally that grows: a later, larger figure from another outlet
    # is a disagreement, not an update.
    career = reported(1, CAREER, "2,129", 2129, feed=1, published=MONDAY)
    later = reported(2, CAREER_OTHER.replace("2,029", "2,229"), "2,229", 2229, feed=2,
                     published=WEDNESDAY)  # fmt: skip
    assert compared([career, later]) == DISAGREEMENT
    young = reported(3, "Jose Luis Orozco, 27, was charged.", "27", 27, noun="")
    old = reported(4, "Jose Luis Orozco, 29, was sentenced.", "29", 29, noun="",
                   published=TWO_YEARS_LATER)  # fmt: skip
    assert young.form == old.form == AGE
    # Two years on, an age two years higher is the same person grown older.
    assert compared([young, old]) == UPDATE
    # Two outlets giving one person's age a day or two apart differ, by one year or by a
    # digit (31 and 32, 61 and 68): a reader flags both.
    for other in (28, 35):
        same_week = reported(5, f"Jose Luis Orozco, {other}, was charged.", str(other), other,
                             noun="", feed=5, published=WEDNESDAY)  # fmt: skip
        assert compared([young, same_week]) == DISAGREEMENT
    # The years its sentences name date an age: 91 in 2005 and 92 in 2006 are one man's.
    then = reported(6, "Felt, 91, told the magazine in 2005.", "91", 91, noun="")
    later = reported(7, "Felt, 92, told the show in 2006.", "92", 92, noun="", feed=7,
                     published=WEDNESDAY)  # fmt: skip
    assert then.form == later.form == AGE
    assert compared([then, later]) == UPDATE


def test_words_said_alike_score_alike_without_a_lexicon() -> None:
    """The character n-grams around a figure meet where one event is written as a verb and a
    noun ("evacuated", "the evacuation of"), which shared whole words miss."""
    verb = view(reported(1, "Officials evacuated 4,500 workers from the plant.", "4,500", 4500,
                         noun="worker"))  # fmt: skip
    noun = view(reported(2, "The evacuation of 5,000 workers from the plant began.", "5,000",
                         5000, noun="worker"))  # fmt: skip
    other = view(reported(3, "Police arrested 5,000 protesters in the square.", "5,000", 5000,
                          noun="worker"))  # fmt: skip
    context = FEATURES.index("context_ngrams")
    assert not verb.window & noun.window - {"workers", "plant"}
    alike = pair_features(verb, noun)[context]
    assert alike > 2 * pair_features(verb, other)[context] and alike > 0.2


def test_a_different_counted_thing_read_as_one_by_the_words_next_to_both() -> None:
    called = "Four appliances were then called to help."
    more = "Six additional engines were called, with an aerial platform."
    appliances = view(reported(1, called, "Four", 4, noun="appliance"))
    engines = view(reported(2, more, "Six", 6, noun="engine"))
    arrested = view(reported(3, "Police arrested six protesters.", "six", 6, noun="protester"))
    assert kin_by_context(appliances, engines)
    assert not kin_by_context(appliances, arrested)
    assert not kin_by_context(engines, engines)  # one thing: no kin needed


def measure(article: int, sentence: str, text: str, value: float, unit: str, qualifier: str,
            feed: int) -> ReportedValue:  # fmt: skip
    start = sentence.index(text)
    mention = FigureMention(
        start=start, end=start + len(text), text=text, sentence_start=0,
        sentence_end=len(sentence), value=value, low=None, high=None, kind="measure",
        unit=unit, rate="", noun="", noun_text="", event="fell", qualifier=qualifier,
        bound="approx" if qualifier else "", modality="reported", vague=False, precision=1,
    )  # fmt: skip
    return read_report((article, article, feed), MONDAY, mention, sentence)


def test_one_distance_in_feet_and_metres_agrees_and_two_distances_differ() -> None:
    """A measure is compared in its dimension's base unit: "about 200ft" and "about 60m" are
    one fall; "about 150 metres" is another figure (the climber's fall, given three ways)."""
    feet = measure(1, "He died after falling about 200ft from a ridge.", "200ft", 200, "ft",
                   "about", 1)  # fmt: skip
    metres = measure(2, "He died after falling about 60m from a ridge.", "60m", 60, "m",
                     "about", 2)  # fmt: skip
    other = measure(3, "He died after falling about 150 metres.", "150 metres", 150, "m",
                    "about", 3)  # fmt: skip
    assert view(feet).unit == view(metres).unit == "m"
    assert compared([feet, metres]) == AGREE
    assert compared([feet, other]) == DISAGREEMENT


def test_nearly_is_a_little_under_its_figure() -> None:
    """ "nearly 235,000" allows 230,000, never 250,000 (which a plain "about" would reach)."""
    nearly = reported(1, "The agency received nearly 235,000 comments.", "235,000", 235000,
                      noun="comment").mention  # fmt: skip
    nearly = replace(nearly, qualifier="nearly", bound="approx")
    low, high = span(nearly)
    assert high == 235000 and 210000 < low < 230000
    assert span(replace(nearly, qualifier="about"))[1] > 245000


def test_a_whole_figure_ending_in_one_zero_is_exact_and_round_hundreds_are_rounded() -> None:
    """ "130 pounds" is not 135 rounded to tens (nor "2,110 points" 2,106); "4,500" and
    "5,000" are still read to their hundreds."""
    weight = reported(1, "He weighed 130 pounds.", "130", 130, noun="pound").mention
    assert span(weight) == (129.5, 130.5)
    other = reported(2, "He weighed 135 pounds.", "135", 135, noun="pound", feed=2)
    assert compared([reported(1, "He weighed 130 pounds.", "130", 130, noun="pound"), other]) == (
        DISAGREEMENT
    )
    assert span(replace(weight, value=4500.0, precision=2)) == (4450.0, 4550.0)
    assert span(replace(weight, value=5000.0, precision=1)) == (4950.0, 5050.0)


def share(article: int, sentence: str, text: str, value: float, qualifier: str) -> ReportedValue:
    start = sentence.index(text)
    mention = FigureMention(
        start=start, end=start + len(text), text=text, sentence_start=0,
        sentence_end=len(sentence), value=value, low=None, high=None, kind="percent", unit="%",
        rate="", noun="market", noun_text="market", event="", qualifier=qualifier,
        bound="approx", modality="reported", vague=False, precision=2,
    )  # fmt: skip
    return read_report((article, article, article), MONDAY, mention, sentence)


def test_two_about_figures_stating_different_values_disagree() -> None:
    """Each outlet's round figure is its reading: "nearly three quarters" and "about 70
    percent" of the market differ, though the spans their qualifiers allow meet; one value
    given "about" and "nearly" agrees."""
    quarters = share(1, "IE has nearly three quarters of the market.", "three quarters", 75,
                     "nearly")  # fmt: skip
    seventy = share(2, "IE has about 70 percent of the market.", "70 percent", 70, "about")
    nearly_seventy = share(3, "IE has nearly 70 percent of the market.", "70 percent", 70,
                           "nearly")  # fmt: skip
    assert compared([quarters, seventy]) == DISAGREEMENT
    assert compared([seventy, nearly_seventy]) == AGREE


def test_values_three_times_apart_are_never_one_disputed_figure() -> None:
    """A 700-metre fall beside a 200-metre one is two falls; 700 and 600 metres may be one
    fall misreported."""
    seven = view(measure(1, "He slipped and fell 700 metres on ice.", "700 metres", 700, "m",
                         "", 1))  # fmt: skip
    two = view(measure(2, "He slipped and fell 200 metres down an ice gully.", "200 metres", 200,
                       "m", "", 2))  # fmt: skip
    six = view(measure(3, "He slipped and fell 600 metres on ice.", "600 metres", 600, "m", "",
                       3))  # fmt: skip
    assert disputable(seven, six)
    assert not disputable(seven, two)


def test_kin_counted_things_may_be_one_disputed_figure() -> None:
    """Four appliances called and six engines called: one count outlets name differently,
    which the differing model may line up; six protesters arrested never."""
    appliances = view(reported(1, "Four appliances were then called to help.", "Four", 4,
                               noun="appliance", kin=kin_class("appliance")))  # fmt: skip
    engines = view(reported(2, "Six additional engines were called, with an aerial platform.",
                            "Six", 6, noun="engine", feed=2, kin=kin_class("engine")))  # fmt: skip
    arrested = view(reported(3, "Police arrested six protesters.", "six", 6, noun="protester",
                             kin=kin_class("protester")))  # fmt: skip
    assert one_key(appliances, engines) and disputable(appliances, engines)
    assert not one_key(appliances, arrested)


def test_two_kinds_of_people_evacuated_are_two_counts() -> None:
    """The sample feeds' 4,500 workers and 8,000 residents were both evacuated: people at
    large is no kin class that makes two counts one figure."""
    workers = view(reported(1, "So far 8,000 residents have left, in addition to the 4,500 "
                            "workers evacuated from the site.", "4,500", 4500, noun="worker",
                            kin=kin_class("worker")))  # fmt: skip
    residents = view(reported(2, "Eight thousand residents have been evacuated from districts.",
                              "Eight thousand", 8000, noun="resident", feed=2,
                              kin=kin_class("resident")))  # fmt: skip
    assert not one_key(workers, residents) and not disputable(workers, residents)
