"""Distinctive facts (reader.stories.facts) and kept members (reader.stories.members): the
ages and magnitudes an article states and how they weigh against a story's (another age or
magnitude of the same kind is a conflict, a twin event; a shared one a match), the names of a
story's first articles it keeps one by one, and both kept through the store, so a refresh
weighs them as a rebuild does."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from reader.store import stories as story_store
from reader.store.db import Store
from reader.stories.assign import StoryIndex, StoryInput, assign
from reader.stories.facts import fact_evidence, facts_of, held_facts, held_values
from reader.stories.features import article_features
from reader.stories.members import MEMBER_NAMES, MEMBERS_KEPT, best_member, kept_names
from reader.stories.threads import ThreadEvidence, evidence

LARUE = (
    "Fred LaRue, Watergate figure, dies at 75",
    "Fred LaRue, 75, a Nixon aide who delivered hush money during Watergate, was found dead in "
    "his hotel room in Biloxi, the coroner said.",
)
FELT = (
    "Mark Felt, Watergate's Deep Throat, dies",
    "W. Mark Felt, the FBI official who was Deep Throat during Watergate, died on Thursday. "
    "He was 95.",
)


def test_ages_and_magnitudes_are_read_as_reports_state_them() -> None:
    text = (
        "Fred LaRue, 75, died. A 24-year-old man, aged 61, was held; O'Neil, 33; she died at "
        "the age of 95. A 6.1-magnitude quake followed a magnitude 5.8 one (7.0 on the Richter "
        "scale). He was 40. Chapter 12, 400 pages."
    )
    assert facts_of(text) == {
        "age 75",
        "age 24",
        "age 61",
        "age 33",
        "age 95",
        "age 40",
        "magnitude 6.1",
        "magnitude 5.8",
        "magnitude 7.0",
    }
    # Numbers that are no age: a count after a name, a figure too large to be one.
    assert facts_of("Houston, 2,000 people; Smith, 300, left; 12 killed") == frozenset()


def test_a_story_with_other_values_of_a_kind_conflicts_and_a_shared_value_matches() -> None:
    story = {"age 75": 3, "age 40": 1}
    assert fact_evidence(frozenset({"age 95"}), story) == (1.0, 0.0)
    assert fact_evidence(frozenset({"age 75", "age 12"}), story) == (0.0, 1.0)
    # A kind the story never states says nothing; nor does an article stating no fact.
    assert fact_evidence(frozenset({"magnitude 6.1"}), story) == (0.0, 0.0)
    assert fact_evidence(frozenset(), story) == (0.0, 0.0)
    assert fact_evidence(frozenset({"age 95"}), {}) == (0.0, 0.0)


def test_a_value_one_mistaken_report_brought_in_is_not_what_the_story_holds() -> None:
    # Twelve reports of one death at 75 and one report of another death at 95 that joined by
    # mistake: the other death's next report still conflicts with the story.
    story = {"age 75": 12, "age 95": 1, "magnitude 6.1": 2, "magnitude 6.0": 1}
    assert held_values(story) == {"age": {"75"}, "magnitude": {"6.1", "6.0"}}
    assert fact_evidence(frozenset({"age 95"}), story) == (1.0, 0.0)


def test_a_story_counts_its_facts_keeps_its_first_articles_names_and_the_store_both(
    tmp_path: Path,
) -> None:
    items = [
        StoryInput(n + 1, 1, 20000.0 + n * 0.1, article_features(*article))
        for n, article in enumerate([LARUE, LARUE, FELT])
    ]
    assert items[0].features.facts == {"age 75"}
    assert items[2].features.facts == {"age 95"}
    index = assign(StoryIndex(), items[:2])
    story = index.stories[index.assigned[1]]
    assert story.fact_counts == {"age 75": 2}
    assert story.members == [kept_names(items[0].features.names)] * 2
    store = Store(tmp_path / "library.sqlite")
    try:
        story_store.save_stories(store, index)
        loaded = story_store.load_index(store, items[2:])
        assert loaded.stories[story.story_id].fact_counts == {"age 75": 2}
        assert loaded.stories[story.story_id].members == story.members
    finally:
        store.close()


def test_a_story_keeps_the_heaviest_names_of_its_first_articles_only() -> None:
    names = {f"name{n:02d}": 1.0 / (n + 1) for n in range(30)}
    kept = kept_names(names)
    assert list(kept) == [f"name{n:02d}" for n in range(MEMBER_NAMES)]
    items = [StoryInput(n + 1, 1, 20000.0 + n * 0.01, article_features(*LARUE)) for n in range(12)]
    story = assign(StoryIndex(), items).stories[1]
    assert story.articles == 12
    assert len(story.members) == MEMBERS_KEPT
    # The closest kept article: the same report's names, cut to the kept ones.
    larue = items[0].features.names
    kept_larue = kept_names(larue)
    assert best_member(larue, story.members) == sum(larue[n] * w for n, w in kept_larue.items())
    assert best_member(larue, []) == 0.0


def test_stories_mostly_stating_other_ages_are_not_one_situation() -> None:
    """A thread (reader.stories.threads) never joins two stories whose reports state another
    person's age: however much background they share, they are two events."""
    items = [
        StoryInput(n + 1, 1, 20000.0 + n * 0.1, article_features(*article))
        for n, article in enumerate([LARUE, LARUE, FELT])
    ]
    index = assign(StoryIndex(), items[:2])
    larue = index.stories[index.assigned[1]]
    felt = assign(StoryIndex(), items[2:]).stories[1]
    assert held_facts(larue.fact_counts) == {"age 75"}
    assert evidence(felt, larue).facts_conflict
    assert not evidence(larue, larue).facts_conflict
    shared_background = ThreadEvidence(0.9, 10, 0.0, 1.0, True)
    assert shared_background.same_situation
    assert not replace(shared_background, facts_conflict=True).same_situation
