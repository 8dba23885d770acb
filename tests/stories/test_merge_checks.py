"""What stops the merge step (reader.stories.merge_checks): two stories whose reports date
their events to other months or years, state other ages, or keep naming main actors the
other never names are two events, however alike their words; and on the development topics
of the news-clusters corpus the two emergency patches of one browser (t27), which the merge
step joined at looser thresholds, stay apart, while the split first reports of one event
(t39a, t23a) still merge."""

from __future__ import annotations

from dataclasses import replace
from itertools import combinations
from pathlib import Path

from reader.stories.assign import StoryIndex, StoryInput, StoryState, assign
from reader.stories.features import article_features
from reader.stories.merge_checks import (
    actors_conflict,
    ages_conflict,
    event_years,
    months_conflict,
    years_conflict,
)
from reader.stories.same_event import MergeRule
from tests.stories.test_story_merge import _stories_of_with, _topic_items


def _story(story_id: int, *articles: tuple[str, str]) -> StoryState:
    story = StoryState(story_id, story_id, 20000.0, 20000.0, 0)
    for n, (title, body) in enumerate(articles):
        story.add(StoryInput(story_id * 100 + n, n, 20000.0, article_features(title, body)))
    return story


SEPTEMBER = _story(
    1,
    (
        "Microsoft patches Internet Explorer flaw",
        "Microsoft released an emergency fix for Internet Explorer on Sept. 17, 2013.",
    ),
)
DECEMBER = _story(
    2,
    (
        "Microsoft rushes out Internet Explorer patch",
        "Microsoft issued an emergency patch for Internet Explorer on Dec. 17, 2008.",
    ),
)
LATER_SEPTEMBER = _story(
    3,
    (
        "Internet Explorer fix arrives",
        "The patch Microsoft promised in September 2013 is out for every version of the browser.",
    ),
)


def test_other_months_and_other_years_contradict() -> None:
    assert months_conflict(SEPTEMBER, DECEMBER)
    assert not months_conflict(SEPTEMBER, LATER_SEPTEMBER)
    assert event_years(SEPTEMBER) == {"year 2013"}
    assert years_conflict(SEPTEMBER, DECEMBER)
    assert not years_conflict(SEPTEMBER, LATER_SEPTEMBER)
    # A story naming no month or year contradicts none.
    plain = _story(4, ("Internet Explorer patched", "Microsoft fixed its browser."))
    assert not months_conflict(plain, DECEMBER)
    assert not years_conflict(plain, DECEMBER)


def test_other_ages_contradict_either_way() -> None:
    larue = _story(
        5,
        ("Fred LaRue, Watergate figure, dies", "Fred LaRue, 75, a Nixon aide, was found dead."),
    )
    felt = _story(6, ("Mark Felt, Deep Throat, dies", "W. Mark Felt died on Thursday. He was 95."))
    same = _story(7, ("Watergate's LaRue dead", "The Nixon aide Fred LaRue, 75, died in Biloxi."))
    assert ages_conflict(larue, felt) and ages_conflict(felt, larue)
    assert not ages_conflict(larue, same)


def test_main_actors_each_side_names_alone_contradict() -> None:
    williams = _story(
        8,
        ("Chargers' Jamal Williams arrested", "Police arrested Jamal Williams early on."),
        ("Police hold Jamal Williams after stop", "The lineman Jamal Williams was booked."),
    )
    jackson = _story(
        9,
        ("Bucs' Vincent Jackson arrested", "Police arrested Vincent Jackson at dawn."),
        ("Police charge Vincent Jackson", "The receiver Vincent Jackson was charged on Monday."),
    )
    recap = _story(
        10,
        ("Chargers lineman in custody", "Jamal Williams was arrested, the team said."),
    )
    # (A name opening a headline reads as a word: main actors are names inside headlines.)
    assert actors_conflict(williams, jackson)
    # One side naming no main actor the other lacks: no contradiction.
    assert not actors_conflict(williams, recap)


def test_the_rule_stops_a_contradicted_merge_and_only_a_young_story_merges() -> None:
    rule = MergeRule()
    assert rule.contradicts(SEPTEMBER, DECEMBER)
    assert not rule.contradicts(SEPTEMBER, LATER_SEPTEMBER)
    settled = replace(SEPTEMBER, articles=5)
    other = replace(LATER_SEPTEMBER, articles=4)
    assert rule.contradicts(settled, other)  # two settled stories: no merge
    assert not replace(rule, young=0).contradicts(settled, other)


def _mixed_pairs(items: list[tuple[str, StoryInput]], rule: MergeRule) -> int:
    """How many pairs of reports of two different events share a story."""
    index = assign(StoryIndex(), [item for _, item in items], merge=rule)
    placed = [(cluster, index.story_of(item.article_id)) for cluster, item in items]
    return sum(one[1] == other[1] and one[0] != other[0] for one, other in combinations(placed, 2))


def test_look_alike_patches_stay_apart_and_split_reports_still_merge(corpora: Path) -> None:
    loose = MergeRule(story=0.6, back=0.4)
    unchecked = replace(loose, months=False, years=False, ages=False, actors=False, young=0)
    patches = _topic_items(corpora, "t27")
    # One report of the second patch joins the first's story with or without merging (and
    # that story grows by its own reports); without the checks, the merge step mixes the two
    # patches' stories, with them hardly more than without merging.
    alone = _mixed_pairs(patches, replace(loose, on=False))
    mixed = _mixed_pairs(patches, unchecked)
    checked = _mixed_pairs(patches, loose)
    assert mixed > 2 * alone, (alone, mixed)
    assert checked - alone <= (mixed - alone) / 10, (alone, checked, mixed)
    for topic, cluster in (("t39", "t39a"), ("t23", "t23a")):
        merged = _stories_of_with(_topic_items(corpora, topic), MergeRule())
        split = _stories_of_with(_topic_items(corpora, topic), replace(MergeRule(), on=False))
        parts = next(stories for name, stories in merged.items() if name.startswith(cluster))
        before = next(stories for name, stories in split.items() if name.startswith(cluster))
        assert len(parts) < len(before), topic
