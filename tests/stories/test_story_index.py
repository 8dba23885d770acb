"""Candidate retrieval of story assignment (reader.stories.assign.StoryIndex): an article's rare
keys find its story among a hundred stories sharing its common words; a key more stories of the
weeks around share than the posting bound finds none; below the bound every story sharing a key
is found; and a refresh finds what a rebuild finds when a key passes the bound."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from reader.library import Library
from reader.store import stories as story_store
from reader.stories.assign import MAX_POSTINGS, WINDOW_DAYS, StoryIndex, StoryInput, assign
from reader.stories.features import article_features
from reader.stories.service import inputs_of
from reader.stories.threads import THREAD_WINDOW_DAYS
from tests.stories.corpus_eval import partition, thread_partition
from tests.stories.test_stories import write_feeds

SYLLABLES = ["ka", "lo", "ven", "tor", "mi", "sa", "dre", "bul", "ost", "rin", "qua", "zel"]
#: The day (days since 1970) the events of these tests start on: 2 November 2026.
START = datetime(2026, 11, 2, 8, tzinfo=UTC)


def town(number: int) -> str:
    """A made-up town of its own for each event ("Kaloven"), unknown to any word list."""
    size = len(SYLLABLES)
    return "".join(SYLLABLES[number // size**k % size] for k in range(3)).capitalize()


def report(number: int, outlet: int) -> tuple[str, str]:
    """One outlet's headline and text of event ``number``: a town's referendum count."""
    name = town(number)
    return (
        f"{name} referendum count delayed after ballot dispute",
        f"The referendum count in {name} was delayed after a ballot dispute, officials in "
        f"{name} said. Outlet {outlet} reported that observers in {name} asked for a recount.",
    )


def item(article_id: int, number: int, outlet: int, day: float) -> StoryInput:
    title, text = report(number, outlet)
    return StoryInput(article_id, outlet, day, article_features(title, text))


def events_index(events: int) -> StoryIndex:
    """An index holding one report of each event, all within one week."""
    items = [item(n + 1, n, 1, 20_759.0 + n % 6) for n in range(events)]
    return assign(StoryIndex(), items)


def test_a_rare_key_finds_its_story_among_many_sharing_common_words() -> None:
    index = events_index(MAX_POSTINGS + 40)
    second = item(10_000, 7, 2, 20_761.0)
    found = index.candidates(second, WINDOW_DAYS)
    assert found, "the town's own report was not found"
    assert found[0].story_id == index.assigned[8]  # event 7's first report is article 8
    assert len(found) <= 12


def test_a_key_of_more_stories_than_the_bound_finds_none_and_below_it_every_one() -> None:
    common = StoryInput(
        10_000,
        2,
        20_761.0,
        article_features(
            "Referendum count delayed after ballot dispute",
            "The referendum count was delayed after a ballot dispute, officials said.",
        ),
    )
    crowded = events_index(MAX_POSTINGS + 40)
    assert crowded.candidates(common, WINDOW_DAYS) == []
    few = events_index(10)
    assert {story.story_id for story in few.candidates(common, WINDOW_DAYS)} == {
        few.assigned[n + 1] for n in range(10)
    }


def test_a_refresh_finds_what_a_rebuild_finds_past_the_bound(library: Library) -> None:
    events = MAX_POSTINGS + 30
    first, second = [], []
    for n in range(events):
        when = START + timedelta(hours=5 * n)  # some three weeks: every key spans weeks
        for outlet, reports in ((1, first), (2, second)):
            title, text = report(n, outlet)
            stamp = format_datetime(when + timedelta(hours=outlet))
            reports.append((f"outlet-{outlet}", stamp, title, text))
    folder = library.store.path.parent
    library.import_paths([write_feeds(folder / "first", first)], processes=1)
    library.wait_for_analysis()
    library.import_paths([write_feeds(folder / "second", second)], processes=1)
    library.wait_for_analysis()
    shared = library.store.query("SELECT COUNT(*) FROM story_keys WHERE key = 'w:referendum'")
    assert int(shared[0][0]) > MAX_POSTINGS  # the common key is past the bound
    refreshed, refreshed_threads = partition(library), thread_partition(library)
    assert sum(len(story) == 2 for story in refreshed) > events // 2  # reports do pair up
    library.stories.rebuild()
    assert partition(library) == refreshed
    assert thread_partition(library) == refreshed_threads


def test_a_refresh_loads_every_story_filed_in_the_weeks_candidates_read(library: Library) -> None:
    """The posting lists' lengths decide which are read: a refresh's index must hold every
    story a rebuild's files under the article's keys in those weeks, the edge weeks' too."""
    reports = []
    for n in range(60):
        title, text = report(n, 1)
        stamp = format_datetime(START + timedelta(hours=11 * n))  # some four weeks
        reports.append(("outlet-1", stamp, title, text))
    library.import_paths([write_feeds(library.store.path.parent / "feeds", reports)], processes=1)
    library.wait_for_analysis()
    ids = story_store.rebuild_order(library.store)
    full = assign(StoryIndex(), inputs_of(library.store, ids)[0])
    library.stories.rebuild()
    reach = THREAD_WINDOW_DAYS + WINDOW_DAYS
    last = max(story.last_day for story in full.stories.values())
    for day in (last + 3.5, last + 10.0, last + 20.0):  # the reach's edge in other weekdays
        probe = item(10_000, 0, 2, day)
        loaded = story_store.load_index(library.store, [probe])
        for key in probe.features.keys:
            for week in range(math.floor((day - reach) / 7), math.floor((day + reach) / 7) + 1):
                had = full.key_weeks.get(key, {}).get(week, set())
                assert loaded.key_weeks.get(key, {}).get(week, set()) == had, (key, week)
