"""A feed's boilerplate (reader/stories/boilerplate.py): what a feed repeats for months is
dropped before assignment, what an event's reports repeat for days is not; a real podcast's
weekly episodes stop pairing up through the show's name; the memory survives a save and a
load whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.library import Library
from reader.stories.boilerplate import MIN_ARTICLES, SPAN_DAYS, FeedMemory, labels_of, without
from reader.stories.features import article_features


def _episode(number: int) -> list[str]:
    features = article_features(
        f"Bombcast {number}: guest number {number}",
        f"Walerija and Johannes of the Bombcast talk with guest {number} about topic {number}.",
    )
    return labels_of(features)


def test_a_feature_repeated_for_weeks_is_boilerplate_and_an_events_names_are_not() -> None:
    memory = FeedMemory()
    for week in range(MIN_ARTICLES + 2):
        memory.remember(_episode(week), day=7.0 * week)
    later = _episode(99)
    found = memory.boilerplate(later, day=7.0 * (MIN_ARTICLES + 2))
    assert "Nwalerija" in found and "n:walerija" in found
    assert not any("99" in label for label in found)
    # The same names every day for less than SPAN_DAYS: the days of one event, not boilerplate.
    daily = FeedMemory()
    for day in range(int(SPAN_DAYS) - 2):
        daily.remember(_episode(day), day=float(day))
    assert daily.boilerplate(later, day=SPAN_DAYS - 1.0) == set()


def test_dropping_boilerplate_keeps_unit_vectors_and_the_rest() -> None:
    features = article_features("Bombcast 7: guest seven", "Walerija talks with Ostrel Merton.")
    kept = without(features, {"Nwalerija", "n:walerija"})
    assert "walerija" not in kept.names and "walerija" not in kept.mentions
    assert "n:walerija" not in kept.weights and "n:walerija" not in kept.keys
    assert abs(sum(w * w for w in kept.names.values()) - 1.0) < 1e-9
    assert "merton" in kept.names
    assert without(features, set()) is features


def test_a_feed_memory_is_the_same_after_a_save_and_a_load() -> None:
    memory = FeedMemory()
    for week in range(40):
        memory.remember(_episode(week), day=3.5 * week)
    again = FeedMemory.from_json(memory.to_json())
    assert (again.articles, again.scale, again.total) == (
        memory.articles,
        memory.scale,
        memory.total,
    )
    assert again.features == memory.features
    later = _episode(123)
    assert again.boilerplate(later, 200.0) == memory.boilerplate(later, 200.0)


def test_a_podcasts_episodes_are_not_paired_by_the_shows_name(
    corpora: Path, library: Library
) -> None:
    feed = corpora / "real-world-feeds" / "giantbomb-podcast.rss"
    if not feed.is_file():
        pytest.skip(f"{feed} not found")
    library.import_paths([feed], processes=1)
    library.wait_for_analysis()
    rows = library.store.query("SELECT articles FROM stories")
    sizes = [int(r[0]) for r in rows]
    grouped = sum(size for size in sizes if size > 1)
    # Hundreds of weekly episodes; without the feed's boilerplate dropped some 300 of them sat
    # in stories of two or more, paired by the show's and hosts' names.
    assert sum(sizes) > 500
    assert grouped <= sum(sizes) // 4, (grouped, sum(sizes))
