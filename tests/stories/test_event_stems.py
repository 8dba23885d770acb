"""One stem for the words a story's figures table compares (reader.stories.figure_pairs.stem):
one event told in two tenses ("fell", "falling"; "slipped", "slipping") is one event, where
the words' first six letters alone made two. Real extracted mentions of real sentences of a
DEVELOPMENT cluster (t23b, never the held-back), the shipped models, and pairs that must stay
apart."""

from __future__ import annotations

from reader.stories import figure_identity as fi
from reader.stories.figure_entries import disputable, figures_table
from reader.stories.figure_pairs import shared_event_words, stem
from reader.stories.figures import DISAGREEMENT, FLAGGED
from tests.stories.sentence_reports import reports, view_of

# t23b (development): two outlets on one climber's fall, in two tenses and two values (the
# labels: "distance Rait fell", a disagreement), and a third on another climber's fall.
FALLING = (
    "A 36-year-old Australian man died on Friday after falling 150 meters from a ridge in "
    "Aoraki / Mt. Cook National Park on New Zealand's South Island."
)
FELL = "A 36-year-old man died about 11am on Friday after he slipped and fell about 200m down a steep icy gully."
OTHER_CLIMBER = (
    "On Saturday, 32-year-old Englishman Robert Buckley fell about 600m while climbing to a "
    "small hut on Mount Sefton with three companions."
)


def test_one_verb_in_two_tenses_has_one_stem_and_two_verbs_keep_two() -> None:
    assert stem("fell") == stem("falling") == stem("falls") == stem("fall")
    assert stem("slipped") == stem("slipping") == stem("slip")
    assert stem("lived") == stem("living") == stem("live")
    assert stem("evacuated") == stem("evacuation")  # a verb and its noun still meet
    assert stem("killed") != stem("injured") and stem("fell") != stem("felt")
    assert stem("witness") == "witnes"  # no plural stripped from a word ending in "ss"


def test_one_fall_told_in_two_tenses_is_one_disputable_figure() -> None:
    falling = view_of(1, FALLING, "150 meters")
    fell = view_of(2, FELL, "200m")
    assert stem("fall") in shared_event_words(falling, fell)
    assert disputable(falling, fell)
    a, b = fi.identity(falling), fi.identity(fell)
    assert fi.compare(a, b).event == fi.SAME
    assert fi.flag_gate(a, b), fi.refusal(a, b)


def test_the_table_flags_the_one_fall_and_leaves_the_other_climbers_apart() -> None:
    table = figures_table(reports(1, FALLING) + reports(2, FELL) + reports(3, OTHER_CLIMBER))
    flagged = [q for q in table if q.kind in FLAGGED]
    assert [q.kind for q in flagged] == [DISAGREEMENT], table
    values = {v.mention.text for v in flagged[0].values}
    assert {"150 meters", "200m"} <= values and "600m" not in values, table
