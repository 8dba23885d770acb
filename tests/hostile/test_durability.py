"""Hard stops and contention: kill -9 mid-import, concurrent writers, a library locked by
another program, a full disk, and every shipped schema migrating forward."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from reader.errors import LibraryError
from reader.library import Library
from reader.store import migrations
from tests.conftest import ROOT, SAMPLES
from tests.perf.corpus import write_corpus


def integrity(path: Path) -> None:
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.execute("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')")
    conn.close()


def test_kill_9_mid_import_leaves_whole_feeds(tmp_path: Path) -> None:
    files = write_corpus(tmp_path / "corpus", articles=6000, feeds=30)
    per_feed = 6000 // 30
    db = tmp_path / "lib.sqlite"
    env = {**os.environ, "FEEDLENS_DB": str(db)}
    process = subprocess.Popen(
        [sys.executable, "-m", "reader", "import", *map(str, files)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait until some feeds are in, then kill
        time.sleep(0.2)
        if db.exists():
            try:
                conn = sqlite3.connect(db, timeout=0.1)
                count = conn.execute("SELECT COUNT(*) FROM feeds").fetchone()[0]
                conn.close()
            except sqlite3.Error:
                continue
            if count >= 3:
                break
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    integrity(db)
    library = Library(db)
    feeds = library.feeds()
    assert 3 <= len(feeds) <= 30
    assert all(feed.article_count == per_feed for feed in feeds), [f.article_count for f in feeds]


def test_concurrent_writers_never_see_locked(sample_library: Library, tmp_path: Path) -> None:
    ids = [r.id for r in sample_library.articles(limit=100)]
    errors: list[BaseException] = []
    stop = threading.Event()

    def importer() -> None:
        try:
            feed = tmp_path / "m.xml"
            for index in range(15):
                source = "updates/meridian-courier.xml" if index % 2 else "meridian-courier.xml"
                feed.write_bytes((SAMPLES / source).read_bytes())
                sample_library.import_paths([feed], processes=1)
        except BaseException as error:
            errors.append(error)
        finally:
            stop.set()

    def marker() -> None:
        try:
            flag = True
            while not stop.is_set():
                for article_id in ids:
                    sample_library.mark_read([article_id], flag)
                    sample_library.star([article_id], not flag)
                flag = not flag
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=importer), threading.Thread(target=marker)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    integrity(sample_library.path)


def test_library_locked_by_another_program_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "l.sqlite"
    Library(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        library = Library(path, busy_timeout_ms=200)
        with pytest.raises(LibraryError, match="locked by another program"):
            library.mark_read([1])
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_full_disk_is_a_clear_error_and_no_corruption(tmp_path: Path) -> None:
    path = tmp_path / "l.sqlite"
    library = Library(path)
    library.import_paths([SAMPLES / "coastline-daily.json"])
    pages = library.store._writer.execute("PRAGMA page_count").fetchone()[0]
    library.store._writer.execute(f"PRAGMA max_page_count = {pages + 2}")
    summary = library.import_paths(
        [SAMPLES / "meridian-courier.xml", SAMPLES / "northwind-ledger.atom"]
    )
    assert summary.failed == 2
    assert all("disk is full" in (r.error or "") for r in summary.results)
    assert [f.title for f in library.feeds()] == ["Coastline Daily"]
    library.close()
    integrity(path)


def _open_at(path: Path, stop_before: str) -> None:
    from sqlite_utils import Database

    db = Database(path)
    migrations.migrations.apply(db, stop_before=stop_before)
    db.conn.close()


@pytest.mark.parametrize("stop_before", [m.name for m in migrations.migrations._migrations][1:])
def test_every_shipped_schema_migrates_forward(tmp_path: Path, stop_before: str) -> None:
    path = tmp_path / "old.sqlite"
    _open_at(path, stop_before)
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO feeds (id, url, title, added_at, updated_at) VALUES "
        "(1, 'file:///old.xml', 'Old feed', '2026-01-01', '2026-01-01')"
    )
    conn.execute(
        "INSERT INTO articles (id, feed_id, key, title, sort_date, text, content_hash, "
        "added_at, updated_at, read, starred) VALUES (1, 1, 'k', 'Old article about 4,500 "
        "workers', '2026-01-01', 'They evacuated 4,500 workers.', 'h', '2026-01-01', "
        "'2026-01-01', 1, 1)"
    )
    conn.commit()
    conn.close()
    told: list[str] = []
    library = Library(path, on_upgrade=lambda: told.append("upgrading"))
    assert told == ["upgrading"]  # the CLI says so before a long upgrade
    Library(path, on_upgrade=lambda: told.append("again")).close()
    assert told == ["upgrading"]  # once upgraded, never again
    article = library.article(1)
    assert article.row.title.startswith("Old article") and article.row.read
    assert article.row.starred
    assert library.search("evacuated").hits
    assert library.reextract_figures() == 1
    assert library.article_figures(1)[0].mention.value == 4500
    integrity(path)


def _wait_for_note(path: Path, note: str, seconds: float) -> None:
    """Wait (reading the library file, never writing) until a note is stored, or give up."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        with contextlib.suppress(sqlite3.Error):
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.2)
            try:
                if conn.execute("SELECT 1 FROM annotations WHERE note = ?", (note,)).fetchone():
                    return
            finally:
                conn.close()
        time.sleep(0.1)


def test_a_note_left_for_a_second_survives_kill_9(tmp_path: Path) -> None:
    from tests.ptyrun import ReaderInPty

    path = tmp_path / "notes.sqlite"
    library = Library(path)
    library.import_samples()
    fire = next(r for r in library.articles(limit=100) if r.title.startswith("Fire at"))
    library.close()
    reader = ReaderInPty(path)
    try:
        assert reader.wait_for(b"Search", 60.0)  # the footer: the reader is up
        reader.read(2.0)
        reader.send("G")
        reader.send("\r", 1.0)
        reader.send("l")
        reader.send("v")
        reader.send("w")
        reader.send("a", 1.0)
        reader.send("Do not lose this note", 0.2)
        # Typed and left for a second; on a busy machine, until the library holds it.
        reader.read(1.2)
        _wait_for_note(path, "Do not lose this note", 30.0)
        reader.kill()
    finally:
        reader.close()
    integrity(path)
    notes = [a.note for a in Library(path).annotations(fire.id)]
    assert notes == ["Do not lose this note"], reader.output[-2000:]
