"""The full-text index keeps a store-stage batch's terms in memory until the batch is done
(migration m460, FTS5's ``hashsize``): a new library says so, and a batch of a thousand
articles becomes one index segment per statement that indexes it (two of 500 articles), never
flushed part-way through one for lack of memory."""

from __future__ import annotations

from pathlib import Path

from reader.library import Library
from reader.store.migrations import FTS_HASH_BYTES
from tests.perf.corpus import write_corpus


def test_a_batch_of_a_thousand_articles_is_one_index_segment_per_statement(tmp_path: Path) -> None:
    (path,) = write_corpus(tmp_path / "corpus", 1000, feeds=1)
    library = Library(tmp_path / "library.sqlite")
    assert (
        library.store.query_one("SELECT v FROM articles_fts_config WHERE k = 'hashsize'")[0]
        == FTS_HASH_BYTES
    )
    summary = library.import_paths([path], processes=1)
    assert summary.new == 1000
    segments = library.store.query_one("SELECT COUNT(DISTINCT segid) FROM articles_fts_idx")[0]
    assert segments <= 2
    found = library.store.query_one(
        "SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH 'officials'"
    )[0]
    assert found > 0
    library.close()
