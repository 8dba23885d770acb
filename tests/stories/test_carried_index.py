"""A drain's batches carry one story index from batch to batch (reader.store.stories.
extend_index) instead of reading the stories near each batch afresh: on real news (the
news-clusters corpus) in small batches, the stories, their key spans, feed memories, titles
and ids are row for row those of batches that each read their own index, for new articles
and for changed ones (which leave their stories, so the next batch reads afresh). A drain writes
its feed memories once, at its end: one killed before it leaves them behind the articles it
assigned, and the next assignment counts those again first, to the same rows as a drain never
killed."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reader.library import Library
from reader.store import stories as story_store
from reader.stories import service

TABLES = ("stories", "story_articles", "story_keys", "story_feeds")


def rows(library: Library) -> dict[str, list[tuple[object, ...]]]:
    return {
        table: [tuple(r) for r in library.store.query(f"SELECT * FROM {table} ORDER BY 1, 2")]
        for table in TABLES
    }


def copy(source: Path, target: Path) -> None:
    reading = sqlite3.connect(source)
    writing = sqlite3.connect(target)
    reading.backup(writing)
    reading.close()
    writing.close()


@pytest.fixture
def imported(news_imported: Path) -> Path:
    """The corpus imported in sorted feed order (once a session; this test's copy)."""
    library = Library(news_imported)
    assert library.stories.pending() > 600
    library.close()
    return news_imported


@pytest.fixture
def half_assigned(news_feeds: tuple[Path, dict[str, str]], tmp_path: Path) -> Path:
    """Half the outlets imported and assigned, then the other half imported: the new
    articles fall among stories of the same weeks, whose key spans the library holds."""
    feeds, _ = news_feeds
    files = sorted(feeds.glob("*.xml"))
    library = Library(tmp_path / "half.sqlite")
    library.import_paths(files[::2], processes=1)
    assert service.update_stories(library, batch=25) > 200
    library.import_paths(files[1::2], processes=1)
    assert library.stories.pending() > 200
    library.close()
    return tmp_path / "half.sqlite"


def test_new_articles_among_stories_assign_as_fresh_indexes_do(
    half_assigned: Path, tmp_path: Path
) -> None:
    copy(half_assigned, tmp_path / "fresh.sqlite")
    copy(half_assigned, tmp_path / "carried.sqlite")
    fresh = Library(tmp_path / "fresh.sqlite")
    carried = Library(tmp_path / "carried.sqlite")
    try:
        service.update_stories(fresh, batch=20, carried_spans=0)
        service.update_stories(carried, batch=20)
        assert rows(fresh) == rows(carried)
    finally:
        fresh.close()
        carried.close()


def test_carried_index_assigns_as_fresh_indexes_do(imported: Path, tmp_path: Path) -> None:
    copy(imported, tmp_path / "fresh.sqlite")
    copy(imported, tmp_path / "carried.sqlite")
    fresh = Library(tmp_path / "fresh.sqlite")
    carried = Library(tmp_path / "carried.sqlite")
    try:
        assert service.update_stories(fresh, batch=25, carried_spans=0) > 600
        assert service.update_stories(carried, batch=25) > 600
        first = rows(fresh)
        assert len(first["stories"]) > 40
        assert first == rows(carried)
        # Changed articles (a page replaced their text) leave their stories and are assigned
        # again, among new stories of nothing in between.
        for library in (fresh, carried):
            with library.store.write() as conn:
                conn.execute("UPDATE story_articles SET content_hash = '' WHERE article_id % 5 = 0")
        assert service.update_stories(fresh, batch=25, carried_spans=0) > 100
        assert service.update_stories(carried, batch=25) > 100
        assert rows(fresh) == rows(carried)
    finally:
        fresh.close()
        carried.close()


def test_a_carried_index_past_its_bound_is_read_afresh(imported: Path, tmp_path: Path) -> None:
    copy(imported, tmp_path / "fresh.sqlite")
    copy(imported, tmp_path / "bounded.sqlite")
    fresh = Library(tmp_path / "fresh.sqlite")
    bounded = Library(tmp_path / "bounded.sqlite")
    try:
        service.update_stories(fresh, batch=40, carried_spans=0)
        # A bound some batches pass: carried a while, then read afresh, then carried again.
        service.update_stories(bounded, batch=40, carried_spans=3000)
        assert rows(fresh) == rows(bounded)
    finally:
        fresh.close()
        bounded.close()


def parsed(tables: dict[str, list[tuple[object, ...]]]) -> dict[str, list[tuple[object, ...]]]:
    """The rows with each story's centroid read: a story of the killed drain's process holds
    its facts in that process's set order (string hashes differ between processes), written
    in another order, with the same counts."""
    return {
        **tables,
        "stories": [
            tuple(json.loads(str(v)) if isinstance(v, str) and v.startswith("{") else v for v in r)
            for r in tables["stories"]
        ],
    }


# A drain in a process of its own that ends at once (as ``kill -9`` would end it) after
# assigning the batches holding the first ``argv[2]`` articles.
_KILLED_DRAIN = """
import os, sys
from pathlib import Path
from reader.library import Library
from reader.stories import service

def progress(done, total):
    if done >= int(sys.argv[2]):
        os._exit(9)

service.update_stories(Library(Path(sys.argv[1])), progress=progress, batch=25)
"""


def test_a_drain_killed_before_its_end_assigns_as_one_never_killed(
    imported: Path, tmp_path: Path
) -> None:
    copy(imported, tmp_path / "whole.sqlite")
    copy(imported, tmp_path / "killed.sqlite")
    ended = subprocess.run(
        [sys.executable, "-c", _KILLED_DRAIN, str(tmp_path / "killed.sqlite"), "300"],
        cwd=Path(__file__).resolve().parents[2],
        timeout=600,
    )
    assert ended.returncode == 9
    whole = Library(tmp_path / "whole.sqlite")
    killed = Library(tmp_path / "killed.sqlite")
    try:
        # The killed drain's articles are assigned, and its feed memories do not count them.
        assert len(story_store.uncounted_articles(killed.store) or ()) >= 300
        assert service.update_stories(whole, batch=25) > 600
        service.update_stories(killed, batch=25)
        assert story_store.uncounted_articles(killed.store) == []
        assert parsed(rows(whole)) == parsed(rows(killed))
    finally:
        whole.close()
        killed.close()
