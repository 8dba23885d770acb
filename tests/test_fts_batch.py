"""The store stage's batched full-text index: every article imported is searchable, the
trigger still indexes inserts from elsewhere, and no marker outlives a write."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.errors import LibraryError
from reader.library import Library
from reader.pipeline import prepare_bytes
from reader.store import articles as article_store
from reader.store.fts_batch import FTS_DEFERRED
from tests.perf.corpus import write_corpus


def _fts_rowids(library: Library) -> set[int]:
    return {int(row[0]) for row in library.store.query("SELECT rowid FROM articles_fts")}


def _article_ids(library: Library) -> set[int]:
    return {int(row[0]) for row in library.store.query("SELECT id FROM articles")}


def test_every_imported_article_is_indexed_once(library: Library, tmp_path: Path) -> None:
    files = write_corpus(tmp_path / "corpus", 300, feeds=3)
    library.import_paths(files, processes=1)
    assert _fts_rowids(library) == _article_ids(library)
    # The index agrees with the articles' own text (an external-content integrity check).
    with library.store.write() as conn:
        conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
    title = library.articles(limit=1)[0].title
    assert library.search(f'"{title}"', 5).hits
    assert library.store.query_one("SELECT 1 FROM state WHERE key = ?", (FTS_DEFERRED,)) is None


def test_an_insert_from_elsewhere_is_indexed_by_the_trigger(library: Library) -> None:
    with library.store.write() as conn:
        feed_id = article_store.upsert_feed(conn, "file:///elsewhere", "elsewhere", "")
        conn.execute(
            "INSERT INTO articles (feed_id, key, title, sort_date, text, content_hash, "
            "added_at, updated_at) VALUES (?, 'k', 'Quokka census', '2026-01-01', "
            "'The quokka count rose.', 'h', '2026-01-01', '2026-01-01')",
            (feed_id,),
        )
    assert [row.title for row in library.search("quokka", 5).hits] == ["Quokka census"]


def test_a_failed_batch_leaves_no_marker_and_nothing_indexed(
    library: Library, tmp_path: Path
) -> None:
    feed = write_corpus(tmp_path / "corpus", 20, feeds=1)[0]
    prepared = prepare_bytes(feed.read_bytes())
    with pytest.raises(LibraryError), library.store.write() as conn:
        feed_id = article_store.upsert_feed(conn, "file:///failing", "failing", "")
        article_store.save_articles(conn, feed_id, prepared.articles)
        conn.execute("INSERT INTO no_such_table VALUES (1)")  # the batch fails after its insert
    assert _article_ids(library) == set() == _fts_rowids(library)
    raw = sqlite3.connect(library.path)
    assert raw.execute("SELECT 1 FROM state WHERE key = ?", (FTS_DEFERRED,)).fetchone() is None
    raw.close()
    library.import_paths([feed], processes=1)  # and the next import indexes as it should
    assert _fts_rowids(library) == _article_ids(library) != set()
