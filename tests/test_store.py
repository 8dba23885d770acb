"""The library store: import, dedupe, updates that keep state, transactions, migrations."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from reader.library import ImportProgress, Library
from reader.store import migrations
from reader.store.articles import ArticleFilter
from tests.conftest import SAMPLES
from tests.perf.corpus import write_corpus


def test_samples_import_into_three_feeds(sample_library: Library) -> None:
    feeds = {f.title: f for f in sample_library.feeds()}
    assert set(feeds) == {"The Meridian Courier", "Northwind Ledger", "Coastline Daily"}
    assert feeds["The Meridian Courier"].article_count == 9
    assert feeds["Northwind Ledger"].tags == ("Business", "energy")
    assert sample_library.count() == 25


def test_reimport_adds_nothing(sample_library: Library) -> None:
    summary = sample_library.import_samples()
    assert (summary.new, summary.updated, summary.failed) == (0, 0, 0)
    assert sample_library.count() == 25


def test_update_changes_article_and_keeps_read_and_starred(
    library: Library, tmp_path: Path
) -> None:
    feed_file = tmp_path / "meridian.xml"
    shutil.copy(SAMPLES / "meridian-courier.xml", feed_file)
    library.import_paths([feed_file])
    rows = {r.title: r for r in library.articles(limit=100)}
    target = rows["Evacuation numbers could grow, city warns"]
    library.mark_read([target.id])
    library.star([target.id])

    shutil.copy(SAMPLES / "updates" / "meridian-courier.xml", feed_file)
    summary = library.import_paths([feed_file])
    assert (summary.new, summary.updated) == (0, 1)
    article = library.article(target.id)
    assert article.row.title.endswith("(updated)")
    assert "8,200 residents" in article.text.text
    assert article.row.read and article.row.starred
    assert library.count() == 9


def test_articles_that_leave_a_feed_stay(library: Library, tmp_path: Path) -> None:
    feed_file = tmp_path / "f.xml"
    original = (SAMPLES / "meridian-courier.xml").read_text()
    feed_file.write_text(original)
    library.import_paths([feed_file])
    start = original.index("<item>")
    end = original.index("</item>") + len("</item>")
    feed_file.write_text(original[:start] + original[end:])
    library.import_paths([feed_file])
    assert library.count() == 9


def test_same_guid_in_two_feeds_never_merges(library: Library, tmp_path: Path) -> None:
    body = '<rss version="2.0"><channel><title>{0}</title><item><guid>same</guid><title>{0} item</title></item></channel></rss>'
    (tmp_path / "a.xml").write_text(body.format("A"))
    (tmp_path / "b.xml").write_text(body.format("B"))
    library.import_paths([tmp_path / "a.xml", tmp_path / "b.xml"])
    assert sorted(r.title for r in library.articles()) == ["A item", "B item"]


def test_articles_without_guid_are_keyed_by_link_then_hash(
    library: Library, tmp_path: Path
) -> None:
    body = (
        '<rss version="2.0"><channel><title>N</title>'
        "<item><title>Linked</title><link>https://n.example/1</link></item>"
        "<item><title>Bare</title><description>only text</description></item>"
        "</channel></rss>"
    )
    (tmp_path / "n.xml").write_text(body)
    library.import_paths([tmp_path / "n.xml"])
    library.import_paths([tmp_path / "n.xml"])
    assert library.count() == 2


def test_filters_and_paging(sample_library: Library) -> None:
    everything = sample_library.articles(limit=100)
    dates = [r.published for r in everything]
    assert dates == sorted(dates, reverse=True)
    first_page = sample_library.articles(offset=0, limit=10)
    second_page = sample_library.articles(offset=10, limit=10)
    assert [r.id for r in first_page + second_page] == [r.id for r in everything[:20]]
    sample_library.mark_read([everything[0].id])
    sample_library.star([everything[1].id])
    assert sample_library.count(ArticleFilter(unread_only=True)) == 24
    assert [r.id for r in sample_library.articles(ArticleFilter(starred_only=True))] == [
        everything[1].id
    ]
    assert sample_library.count(ArticleFilter(tag="News")) == 17
    assert sample_library.position(ArticleFilter(), everything[5].id) == 5


def test_full_text_index_follows_updates(sample_library: Library) -> None:
    def fts(term: str) -> int:
        row = sample_library.store.query_one(
            "SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ?", (term,)
        )
        assert row is not None
        return int(row[0])

    assert fts("refinery") > 5
    assert fts("cafe") == 0
    sample_library.mark_read([1])  # does not touch the index
    with sample_library.store.write() as conn:
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')")


def test_failed_feed_leaves_nothing_behind(library: Library, tmp_path: Path) -> None:
    (tmp_path / "junk.xml").write_bytes(b"\x00\x01\x02 binary junk")
    (tmp_path / "empty.xml").write_bytes(b"")
    (tmp_path / "page.html").write_text("<html><body>not a feed</body></html>")
    summary = library.import_paths(
        [
            tmp_path / "junk.xml",
            tmp_path / "empty.xml",
            tmp_path / "page.html",
            tmp_path / "missing.xml",
            SAMPLES / "coastline-daily.json",
        ]
    )
    assert summary.failed == 4
    assert summary.feeds == 1
    errors = {Path(r.source).name: r.error for r in summary.results if r.error}
    assert errors["empty.xml"] == "empty file"
    assert errors["missing.xml"] == "no such file"
    assert "HTML page" in (errors["page.html"] or "")
    assert [f.title for f in library.feeds()] == ["Coastline Daily"]


def test_migrations_from_empty_and_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite"
    Library(path).close()
    conn = sqlite3.connect(path)
    names = [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert names == [m.name for m in migrations.migrations._migrations]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    Library(path).close()  # a second open applies nothing and fails nothing


def test_state_is_remembered(library: Library) -> None:
    library.remember("view", {"kind": "feed", "id": 3})
    assert library.remembered("view") == {"kind": "feed", "id": 3}
    assert library.remembered("nothing") is None


def test_directory_import_skips_subfolders_and_readme(library: Library) -> None:
    summary = library.import_paths([SAMPLES])
    assert summary.failed == 0
    assert summary.new == 25


def test_shipped_migration_names_match_the_migrations() -> None:
    from reader.store.schema import SHIPPED_MIGRATIONS

    assert tuple(m.name for m in migrations.migrations._migrations) == SHIPPED_MIGRATIONS


def test_import_progress_counts_bytes_and_articles(library: Library, tmp_path: Path) -> None:
    """Progress is told in feed bytes (files differ in size) with the articles so far, through a
    worker pool as large imports run, and ends at the whole."""
    files = write_corpus(tmp_path / "corpus", 60, feeds=4)
    steps: list[ImportProgress] = []
    summary = library.import_paths(files, steps.append, processes=2)
    assert [s.done for s in steps] == [1, 2, 3, 4]
    assert all(s.total == 4 for s in steps)
    assert [s.bytes_done for s in steps] == sorted(s.bytes_done for s in steps)
    assert steps[-1].bytes_done == steps[-1].bytes_total == sum(f.stat().st_size for f in files)
    assert steps[-1].articles == summary.new == 60
