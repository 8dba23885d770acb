"""Threads (developing situations) on real feed files and a real library: a strike's walkout,
court ruling and union vote from three outlets form one thread; a look-alike strike at another
company stays apart, and so does a second earthquake in one province; the JSON ``thread`` is
shared; a refresh places stories in the same threads as a rebuild and keeps thread ids; a
podcast's episodes (one feed's recurring names) do not make one thread of everything."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import main
from reader.library import Library
from tests.stories.corpus_eval import thread_partition
from tests.stories.test_stories import QUAKE, write_feeds

STRIKE_FEEDS = Path(__file__).parent / "feeds"


def _threads(library: Library) -> dict[int, set[str]]:
    """Each thread's article titles."""
    rows = library.store.query(
        "SELECT t.thread_id, a.title FROM story_articles s JOIN stories t ON t.id = s.story_id "
        "JOIN articles a ON a.id = s.article_id"
    )
    threads: dict[int, set[str]] = defaultdict(set)
    for row in rows:
        threads[int(row[0])].add(str(row[1]))
    return dict(threads)


def _thread_with(threads: dict[int, set[str]], word: str) -> set[int]:
    return {thread for thread, titles in threads.items() if any(word in t for t in titles)}


def test_a_strike_over_three_weeks_is_one_thread_and_a_look_alike_another(
    library: Library,
) -> None:
    library.import_paths([STRIKE_FEEDS])
    library.wait_for_analysis()
    stories = library.stories.ranked(min_articles=1)
    orlov = [s for s in stories if any("Orlov" in a.title for a in s.articles)]
    # The walkout, the court ruling and the vote are different events: several stories ...
    assert len(orlov) >= 3
    # ... of one developing situation.
    assert len({s.row.thread_id for s in orlov}) == 1
    threads = _threads(library)
    assert len(_thread_with(threads, "Orlov")) == 1
    # The other company's strike (same town, same union, same kind of event) is another thread.
    tessaro = _thread_with(threads, "Tessaro")
    assert len(tessaro) == 1 and tessaro != _thread_with(threads, "Orlov")


#: A second earthquake in the same province ten days later: same kind of event, same region,
#: same officials, another village: another situation.
SECOND_QUAKE = [
    (
        "valley-post",
        "Thu, 12 Nov 2026 06:00:00 +0000",
        "Second earthquake hits Kerovo province",
        "An earthquake of magnitude 5.8 struck Kerovo province on Thursday, killing 3 people in "
        "the mountain village of Ostrel, officials in Kerovo said. 20 people were injured.",
    ),
    (
        "harbour-news",
        "Thu, 12 Nov 2026 08:00:00 +0000",
        "Kerovo quake: three killed in Ostrel",
        "A magnitude 5.8 earthquake hit Kerovo province on Thursday. Officials said 3 people "
        "were killed and 20 people were injured in the village of Ostrel.",
    ),
    (
        "mountain-wire",
        "Thu, 12 Nov 2026 09:00:00 +0000",
        "Earthquake kills three in Ostrel",
        "An earthquake of magnitude 5.8 shook the village of Ostrel in Kerovo province on "
        "Thursday, killing 3 people, officials said.",
    ),
]


def test_two_earthquakes_in_one_region_are_two_threads(tmp_path: Path, library: Library) -> None:
    feeds = write_feeds(tmp_path / "feeds", [*QUAKE, *SECOND_QUAKE])
    library.import_paths([feeds], processes=1)
    library.wait_for_analysis()
    threads = _threads(library)
    dessin, ostrel = _thread_with(threads, "Dessin"), _thread_with(threads, "Ostrel")
    assert len(dessin) == 1 and len(ostrel) == 1
    assert dessin != ostrel


def test_json_thread_is_shared_by_the_stories_of_one_situation(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    result = CliRunner().invoke(main, ["--db", str(db), "import", str(STRIKE_FEEDS)])
    assert result.exit_code == 0
    result = CliRunner().invoke(main, ["--db", str(db), "stories", "--json", "--min-articles", "1"])
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    orlov = [s for s in listed if any("Orlov" in a["title"] for a in s["articles"])]
    tessaro = [s for s in listed if any("Tessaro" in a["title"] for a in s["articles"])]
    assert len(orlov) >= 3 and tessaro
    assert len({s["thread"] for s in orlov}) == 1
    assert {s["thread"] for s in tessaro}.isdisjoint({s["thread"] for s in orlov})
    one = CliRunner().invoke(main, ["--db", str(db), "stories", str(orlov[-1]["id"]), "--json"])
    assert json.loads(one.stdout)["thread"] == orlov[0]["thread"]


def test_a_refresh_threads_as_a_rebuild_does_and_keeps_thread_ids(library: Library) -> None:
    # The outlets arrive one at a time, each followed by assignment of what is new.
    kept: dict[int, int] = {}
    for feed in sorted(STRIKE_FEEDS.glob("*.xml")):
        library.import_paths([feed], processes=1)
        library.wait_for_analysis()
        now = {
            int(r[0]): int(r[1]) for r in library.store.query("SELECT id, thread_id FROM stories")
        }
        # A story in a thread of two or more keeps its thread when more articles come.
        for story_id, thread_id in kept.items():
            assert now.get(story_id, thread_id) == thread_id
        sizes = defaultdict(int)
        for thread_id in now.values():
            sizes[thread_id] += 1
        kept = {s: t for s, t in now.items() if sizes[t] > 1}
    assert kept, "no thread of two stories formed"
    incremental = thread_partition(library)
    library.stories.rebuild()
    assert thread_partition(library) == incremental


def test_the_samples_wage_fund_follows_the_refinery_fire(sample_library: Library) -> None:
    threads = _threads(sample_library)
    fire = _thread_with(threads, "Halvard refinery burns")
    assert fire == _thread_with(threads, "wage fund for idled refinery staff")
    # Two or more stories in it: the fire and the later, separate announcement.
    stories = sample_library.store.query(
        "SELECT COUNT(*) FROM stories WHERE thread_id = ?", (next(iter(fire)),)
    )
    assert int(stories[0][0]) >= 2


def test_a_podcasts_episodes_do_not_make_one_thread(corpora: Path, library: Library) -> None:
    feed = corpora / "real-world-feeds" / "giantbomb-podcast.rss"
    if not feed.is_file():
        pytest.skip(f"{feed} not found")
    library.import_paths([feed], processes=1)
    library.wait_for_analysis()
    rows = library.store.query("SELECT thread_id, COUNT(*) FROM stories GROUP BY thread_id")
    sizes = [int(r[1]) for r in rows]
    # Hundreds of weekly episodes share the show's and hosts' names, not one situation.
    assert sum(sizes) > 100
    assert max(sizes) <= sum(sizes) // 20, sorted(sizes)[-5:]
