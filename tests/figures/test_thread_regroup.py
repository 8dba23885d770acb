"""Figure groups are built thread by thread: regrouping after a refresh (new articles, or
articles that change story or thread) gives exactly the groups a whole rebuild gives, on real
feed files, and no group spans two threads."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reader.figures.compare import FigureGroup
from reader.library import Library
from reader.store import figures as figure_store
from reader.stories.group_updates import Regrouped, regroup_dirty
from tests.conftest import SAMPLES
from tests.figures.test_incremental_groups import dated_feed, dated_items, story_body
from tests.stories.corpus_eval import feed_order


def comparable(groups: list[FigureGroup]) -> list[tuple[object, ...]]:
    """Groups without their row ids, sorted (groups of one rank list in row-id order)."""
    return sorted(
        (g.kind, g.label, g.value, g.unit, g.noun, g.mention_ids, g.articles, g.feeds, g.bucket)
        for g in groups
    )


def rebuilt(library: Library) -> list[tuple[object, ...]]:
    library.rebuild_figure_groups()
    return comparable(library.figure_groups())


def threads_of_groups(library: Library) -> list[set[int]]:
    """The threads each cached group's mentions come from."""
    found = []
    for group in library.figure_groups():
        rows = library.store.query_ids(
            "SELECT t.thread_id FROM figures f JOIN story_articles s ON s.article_id = "
            "f.article_id JOIN stories t ON t.id = s.story_id WHERE f.id IN ({ids})",
            list(group.mention_ids),
        )
        found.append({int(row[0]) for row in rows})
    return found


def import_then_regroup(library: Library, files: list[Path]) -> int:
    """Store files, extract their figures, then regroup as a drain's last step does (stories
    first); returns what regrouping did (-1: the whole library)."""
    library.import_paths(files, processes=1)
    library.reextract_figures(processes=0)
    return library.update_figure_groups()


def test_sample_feeds_regrouped_after_each_import_equal_a_rebuild(tmp_path: Path) -> None:
    library = Library(tmp_path / "samples.sqlite")
    files = sorted(p for p in SAMPLES.iterdir() if p.is_file())
    assert len(files) >= 3
    assert import_then_regroup(library, files[:1]) == -1  # never grouped: the whole library
    for file in files[1:]:
        assert import_then_regroup(library, [file]) >= 0  # only what the file touched
        assert library.figure_groups_current()
    regrouped = comparable(library.figure_groups())
    assert any(g[0] == "conflict" for g in regrouped)  # 4,500 vs 5,000 across two outlets
    assert regrouped == rebuilt(library)
    assert all(len(threads) == 1 for threads in threads_of_groups(library))
    library.close()


def test_news_clusters_regrouped_after_imports_equal_a_rebuild(
    news_feeds: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    files = feed_order(news_feeds[0], 0)
    library = Library(tmp_path / "clusters.sqlite")
    # Every third outlet first, then the others in two refreshes: later articles join the
    # stories (and threads) of earlier ones, as a refresh's do.
    first = files[::3]
    rest = [f for f in files if f not in first]
    import_then_regroup(library, first)
    for part in (rest[: len(rest) // 2], rest[len(rest) // 2 :]):
        assert import_then_regroup(library, part) > 0
    regrouped = comparable(library.figure_groups())
    assert len(regrouped) > 100
    assert any(g[0] == "conflict" for g in regrouped)
    assert regrouped == rebuilt(library)
    assert all(len(threads) == 1 for threads in threads_of_groups(library))
    library.close()


def test_an_article_moved_to_another_thread_regroups_both(sample_library: Library) -> None:
    """Which story or thread an article is in changes its groups: triggers record the articles
    moved, the groups go stale, and regrouping equals a rebuild. (The moves are written as
    story assignment writes them: a member row replaced, a story given another thread.)"""
    library = sample_library  # the samples imported and analysed (a copy)
    assert library.figure_groups_current()
    group = next(g for g in library.figure_groups() if g.articles >= 3)
    mention = library.figures_by_id([group.mention_ids[0]])[group.mention_ids[0]]
    row = library.store.query_one(
        "SELECT s.story_id, t.thread_id, s.feed_id, s.day, s.content_hash, s.seq "
        "FROM story_articles s JOIN stories t ON t.id = s.story_id WHERE s.article_id = ?",
        (mention.article_id,),
    )
    assert row is not None
    story_id, thread_id = int(row[0]), int(row[1])
    other = library.store.query_one(
        "SELECT id, thread_id FROM stories WHERE thread_id != ? ORDER BY id LIMIT 1", (thread_id,)
    )
    assert other is not None
    with library.store.write() as conn:  # the article assigned again, to another story
        conn.execute(
            "INSERT OR REPLACE INTO story_articles "
            "(article_id, story_id, feed_id, day, content_hash, seq) VALUES (?, ?, ?, ?, ?, ?)",
            (mention.article_id, other[0], row[2], row[3], row[4], row[5]),
        )
    assert not library.figure_groups_current()
    assert library.update_figure_groups() > 0
    assert library.figure_groups_current()
    moved = comparable(library.figure_groups())
    assert moved == rebuilt(library)
    assert all(mention.id not in g[5] or g[5] != group.mention_ids for g in moved)

    with library.store.write() as conn:  # the story followed into the other's thread
        conn.execute(
            "INSERT INTO stories (id, thread_id, first_date, last_date, first_day, last_day, "
            "articles, centroid) VALUES (?, ?, '', '', 0, 0, 0, '{}') "
            "ON CONFLICT (id) DO UPDATE SET thread_id = excluded.thread_id",
            (story_id, int(other[1])),
        )
    assert not library.figure_groups_current()
    assert library.update_figure_groups() > 0
    assert comparable(library.figure_groups()) == rebuilt(library)
    assert all(len(threads) == 1 for threads in threads_of_groups(library))
    library.close()


def test_a_whole_story_rebuild_regroups_the_whole_library(
    sample_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past INCREMENTAL_LIMIT articles moved (a whole story rebuild), one pass over the
    library is quicker than bucket by bucket: the groups come out the same."""
    library = sample_library  # the samples imported and analysed (a copy)
    before = comparable(library.figure_groups())
    monkeypatch.setattr(figure_store, "INCREMENTAL_LIMIT", 3)  # the samples' few dozen articles
    library.stories.rebuild()
    assert not library.figure_groups_current()
    assert library.update_figure_groups() == -1
    assert comparable(library.figure_groups()) == before
    library.close()


def test_a_refresh_of_newer_articles_joins_the_cached_groups(tmp_path: Path) -> None:
    """Articles newer than every other (a refresh) are added to the cached groups through the
    links of their last window, not by regrouping whole buckets; a later refresh dated among
    the older articles is regrouped in the threads it changed (or around its dates). Both
    equal a whole rebuild."""
    rng = random.Random(11)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    values = [4500, 4700, 5000, 1200]
    library = Library(tmp_path / "refresh.sqlite")
    older = dated_items(rng, 240, start, 200, values)
    library.import_paths([dated_feed(tmp_path / "a.xml", "alpha", older)])
    library.wait_for_analysis()
    assert library.figure_groups_current()

    newer = dated_items(rng, 40, start + timedelta(days=201), 3, values)
    library.import_paths([dated_feed(tmp_path / "b.xml", "bravo", newer)])
    library.reextract_figures(processes=0)  # figures only: the test regroups
    library.stories.update()
    changed = figure_store.change_counter(library.store)
    moved = figure_store.moved_articles_mark(library.store)
    dirty = figure_store.dirty_buckets(library.store, changed, moved)
    assert dirty
    planned = regroup_dirty(library.store, dirty, moved, figure_store.removed_mark(library.store))
    # New mentions join old groups; buckets of older articles whose story or thread the
    # assignment changed are regrouped around their dates.
    assert planned.appended > 0 and planned.dropped
    # Besides: the stories the new articles joined, whose conflicts are built again.
    buckets = [b for b in planned.whole if not b.startswith("story:")]
    regrouped = planned.appended + len(planned.rethreaded) + len(planned.sliced) + len(buckets)
    assert regrouped == len(dirty)
    library.update_figure_groups()
    assert comparable(library.figure_groups()) == rebuilt(library)

    among = dated_items(rng, 20, start + timedelta(days=100), 5, values)
    library.import_paths([dated_feed(tmp_path / "c.xml", "charlie", among)])
    library.reextract_figures(processes=0)
    library.stories.update()
    changed = figure_store.change_counter(library.store)
    moved = figure_store.moved_articles_mark(library.store)
    dirty = figure_store.dirty_buckets(library.store, changed, moved)
    assert dirty
    among_older = regroup_dirty(
        library.store, dirty, moved, figure_store.removed_mark(library.store)
    )
    assert among_older.rethreaded or among_older.sliced  # among older: regrouped
    library.update_figure_groups()
    assert comparable(library.figure_groups()) == rebuilt(library)
    library.close()


def test_a_removed_mention_stops_adding_to_its_bucket(tmp_path: Path) -> None:
    """A mention removed (an edited article) may undo a link: until the groups are rebuilt
    past it, new mentions in its buckets are regrouped (the threads that changed, or around
    their dates), never just added."""
    rng = random.Random(12)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    library = Library(tmp_path / "removed.sqlite")
    items = dated_items(rng, 120, start, 100, [4500, 5000])
    library.import_paths([dated_feed(tmp_path / "a.xml", "alpha", items)])
    library.wait_for_analysis()
    edited = [(n, date, story_body(rng, 1200)) for n, date, _ in items[:10]] + items[10:]
    library.import_paths([dated_feed(tmp_path / "a.xml", "alpha", edited)])
    newer = dated_items(rng, 20, start + timedelta(days=101), 2, [4500, 5000])
    library.import_paths([dated_feed(tmp_path / "b.xml", "bravo", newer)])
    library.reextract_figures(processes=0)
    library.stories.update()
    removed = figure_store.removed_mark(library.store)
    assert figure_store.removed_buckets(library.store, removed)
    changed = figure_store.change_counter(library.store)
    moved = figure_store.moved_articles_mark(library.store)
    dirty = figure_store.dirty_buckets(library.store, changed, moved)
    assert dirty
    planned = regroup_dirty(library.store, dirty, moved, removed)
    left = figure_store.removed_buckets(library.store, removed)
    regrouped = {b for b, *_ in planned.sliced} | set(planned.whole) | set(planned.rethreaded)
    assert regrouped >= left & {b.bucket for b in dirty}
    library.update_figure_groups()
    assert not figure_store.removed_buckets(library.store, figure_store.removed_mark(library.store))
    assert comparable(library.figure_groups()) == rebuilt(library)
    library.close()


def _moved_to_another_thread(library: Library) -> tuple[int, set[str]]:
    """An article of a group of three or more articles written into a story of another thread
    as story assignment writes it (INSERT OR REPLACE of its member row); returns the article
    and the same-figure buckets its mentions are in."""
    group = next(g for g in library.figure_groups() if g.articles >= 3 and g.kind == "same")
    article = library.figures_by_id([group.mention_ids[0]])[group.mention_ids[0]].article_id
    own = {f.id for f in library.article_figures(article)}
    buckets = {
        g.bucket
        for g in library.cached_figure_groups()
        if g.kind == "same" and own & set(g.mention_ids)
    }
    row = library.store.query_one(
        "SELECT t.thread_id, s.feed_id, s.day, s.content_hash, s.seq FROM story_articles s "
        "JOIN stories t ON t.id = s.story_id WHERE s.article_id = ?",
        (article,),
    )
    assert row is not None
    other = library.store.query_one(
        "SELECT id FROM stories WHERE thread_id != ? ORDER BY id LIMIT 1", (int(row[0]),)
    )
    assert other is not None
    with library.store.write() as conn:
        conn.execute(
            "INSERT OR REPLACE INTO story_articles "
            "(article_id, story_id, feed_id, day, content_hash, seq) VALUES (?, ?, ?, ?, ?, ?)",
            (article, other[0], row[1], row[2], row[3], row[4]),
        )
    left = library.store.query(
        "SELECT left_thread FROM figure_dirty_articles WHERE article_id = ?", (article,)
    )
    assert [int(r[0]) for r in left] == [int(row[0])]  # the thread it left, read before
    assert buckets
    return article, buckets


def _planned(library: Library) -> Regrouped:
    changed = figure_store.change_counter(library.store)
    moved = figure_store.moved_articles_mark(library.store)
    dirty = figure_store.dirty_buckets(library.store, changed, moved)
    assert dirty
    return regroup_dirty(library.store, dirty, moved, figure_store.removed_mark(library.store))


def test_an_article_moved_regroups_only_the_threads_it_left_and_joined(
    sample_library: Library,
) -> None:
    """The buckets of an article moved to another thread are regrouped in the two threads it
    left and joined (the cached groups of the others stay), and equal a whole rebuild."""
    library = sample_library  # the samples imported and analysed (a copy)
    _, buckets = _moved_to_another_thread(library)
    planned = _planned(library)
    assert buckets <= set(planned.rethreaded)
    assert not buckets & {b for b, *_ in planned.sliced} and not buckets & set(planned.whole)
    assert library.update_figure_groups() > 0
    assert comparable(library.figure_groups()) == rebuilt(library)
    assert all(len(threads) == 1 for threads in threads_of_groups(library))


def test_a_move_whose_left_thread_is_unknown_is_regrouped_by_dates(
    sample_library: Library,
) -> None:
    """A move recorded without the thread it left (a record from before they were kept) is
    regrouped around its dates, as before: still equal to a whole rebuild."""
    library = sample_library
    article, buckets = _moved_to_another_thread(library)
    with library.store.write() as conn:
        conn.execute(
            "UPDATE figure_dirty_articles SET left_thread = NULL WHERE article_id = ?", (article,)
        )
    planned = _planned(library)
    assert not buckets & set(planned.rethreaded)
    assert buckets <= {b for b, *_ in planned.sliced} | set(planned.whole)
    assert library.update_figure_groups() > 0
    assert comparable(library.figure_groups()) == rebuilt(library)
