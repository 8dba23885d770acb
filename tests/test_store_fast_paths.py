"""The store stage's fast paths read exactly what the slow ones read: the common RFC 822 date
reader against feedparser's readers, the cleaner's cheap checks (printable blocks, the byte test
before the mojibake gate, the C1 test of the strict XML reader) against text that needs the
repair, the control check that first drops newlines and tabs) against text that needs the
repair, the analysis queue filled in one statement, a command's import that stores its first
file while the worker pool starts and takes files itself while the workers are busy, a new
feed's first batch stored without looking its keys up, and stored HTML (compressed by ISA-L)
read back as it came."""

from __future__ import annotations

import random
from pathlib import Path
from xml.sax.saxutils import escape

from reader.clock import struct_to_iso
from reader.feeds.dates import read_common_date
from reader.feeds.strict_xml import _feedparser_date, parse_simple_xml
from reader.library import Library
from reader.store import analysis_queue
from reader.text.clean import (
    _ESC_SEQUENCE,
    _FORBIDDEN,
    html_to_text,
    repair_text,
    strip_controls,
)
from tests.perf.corpus import write_corpus

DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def test_the_common_date_reader_agrees_with_feedparser_on_every_date_it_reads() -> None:
    rng = random.Random(18)
    read = 0
    for _ in range(20_000):
        east = f"+{rng.randint(0, 14):02}{rng.choice([0, 30, 45, 99]):02}"
        west = f"-{rng.randint(0, 23):02}{rng.randint(0, 59):02}"
        zone = rng.choice(["GMT", "+0000", "-0000", east, west, "EST", "Z"])
        day, month = rng.randint(0, 32), rng.choice(MONTHS)
        year = rng.choice([1899, 1900, 1970, 2000, 2024, 2026, 2999])
        clock = f"{rng.randint(0, 25):02}:{rng.randint(0, 61):02}:{rng.randint(0, 61):02}"
        value = f"{rng.choice(DAYS)}, {day:02} {month} {year} {clock} {zone}"
        fast = read_common_date(value)
        if fast is not None:
            read += 1
            assert fast == struct_to_iso(_feedparser_date()(value)), value
    assert read > 5_000  # most are read here; impossible ones (31 Feb, 25:00) go to feedparser
    assert read_common_date("Thu, 31 Feb 2026 10:00:00 GMT") is None
    assert read_common_date("Thu, 1 Jan 2026 10:00:00 GMT") is None  # feedparser's to read
    assert read_common_date("Thu, 01 Jan 2026 10:00:00 +0200") == "2026-01-01T08:00:00Z"


def test_printable_blocks_fold_runs_of_spaces_and_others_their_whitespace() -> None:
    assert html_to_text("<p>two  spaces   here </p><p>a<b> b</b></p>").text == (
        "two spaces here\n\na b"
    )
    assert html_to_text("<p>no\u00a0break\tand tab\u3000wide</p>").text == ("no break and tab wide")
    assert html_to_text("<p>bell\x07 and \x1b[31mred</p>").text == "bell and red"


def test_mojibake_is_repaired_and_question_marks_alone_change_nothing() -> None:
    assert repair_text("cafÃ© â€” ok") == "café — ok"
    assert repair_text("What?? é and ü apart") == "What?? é and ü apart"
    assert repair_text("Ã© then ??") == "é then ??"


def test_a_c1_control_in_a_feed_leaves_it_to_feedparser() -> None:
    def feed(title: str) -> bytes:
        return (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>'
            f"<item><title>{title}</title><guid>g</guid></item></channel></rss>"
        ).encode()

    assert parse_simple_xml(feed("caf\u00e9 \u00a9 2026"), None) is not None
    assert parse_simple_xml(feed("caf\u00e9 \u0085 next"), None) is None
    assert parse_simple_xml(feed("\u2014 \u0093quoted\u0094"), None) is None


def test_the_queue_takes_a_batch_in_the_order_given_and_counts_requeued_once(
    library: Library,
) -> None:
    library.import_paths([Path(__file__).parent.parent / "sample_feeds"], processes=1)
    ids = [row[0] for row in library.store.query("SELECT id FROM articles ORDER BY id DESC")]
    with library.store.write() as conn:
        conn.execute("DELETE FROM analysis_queue")
        analysis_queue.enqueue(conn, ids[:5] + ids[:2])
        analysis_queue.enqueue(conn, ids[3:8])
    queued = [row[0] for row in library.store.query("SELECT article_id FROM analysis_queue")]
    assert sorted(queued, key=lambda i: -i) == ids[:8]
    order = library.store.query("SELECT article_id FROM analysis_queue ORDER BY id")
    assert [row[0] for row in order] == ids[:3] + ids[3:8]
    assert analysis_queue.progress(library.store).total == 8


def test_a_command_import_stores_every_file_in_order_while_the_pool_starts(
    tmp_path: Path,
) -> None:
    files = write_corpus(tmp_path / "corpus", 400, feeds=4)
    library = Library(tmp_path / "library.sqlite")
    summary = library.import_paths(files, processes=2)  # from the main thread: the head start
    assert [Path(r.source).name for r in summary.results] == [f.name for f in files]
    assert [r.new for r in summary.results] == [100] * 4
    assert library.store.query_one("SELECT COUNT(*) FROM analysis_queue")[0] == 400
    library.close()


def test_strip_controls_fast_checks_remove_exactly_what_the_full_pass_removes() -> None:
    def full_pass(text: str) -> str:
        text = _ESC_SEQUENCE.sub("", text)
        return _FORBIDDEN.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))

    alphabet = ["a", "é", " ", "\n", "\t", "\r", "\x1b[1m", "\x85", "\x07", "\u00a0", "\u202e"]
    alphabet += ["\u2028", "\u00ad", "<p>", "\x7f"]
    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 12)))
        assert strip_controls(text) == full_pass(text), repr(text)
    html = "<p>one</p>\n\t<p>two\u00a0three</p>\n"
    assert strip_controls(html) is html  # nothing to remove: the same object back


def test_a_command_import_takes_files_itself_while_workers_are_busy_in_order(
    tmp_path: Path,
) -> None:
    files = write_corpus(tmp_path / "corpus", 900, feeds=9)
    library = Library(tmp_path / "library.sqlite")
    summary = library.import_paths(files, processes=2)
    assert [Path(r.source).name for r in summary.results] == [f.name for f in files]
    assert [r.new for r in summary.results] == [100] * 9
    again = library.import_paths(files, processes=2)
    assert [(r.new, r.unchanged) for r in again.results] == [(0, 100)] * 9
    assert library.store.query_one("SELECT COUNT(*) FROM articles")[0] == 900
    library.close()


def test_a_new_feeds_first_batch_keys_entries_as_a_later_batch_does(tmp_path: Path) -> None:
    items = "".join(
        f"<item><guid>{guid}</guid><title>{title}</title><link>https://x.example/{n}</link>"
        "<description>body</description></item>"
        for n, (guid, title) in enumerate(
            [("g1", "first"), ("g1", "second"), ("g2", "third"), ("g2", "third")]
        )
    )
    feed = tmp_path / "feed.xml"
    feed.write_text(f'<rss version="2.0"><channel><title>t</title>{items}</channel></rss>')
    library = Library(tmp_path / "library.sqlite")
    first = library.import_paths([feed]).results[0]
    keys = [row[0] for row in library.store.query("SELECT key FROM articles ORDER BY id")]
    again = library.import_paths([feed]).results[0]
    assert first.new + first.unchanged == 4
    assert (again.new, again.unchanged) == (0, 4)
    assert keys == [row[0] for row in library.store.query("SELECT key FROM articles ORDER BY id")]
    assert sorted(keys)[:2] == ["g1", "g1#2"]
    library.close()


def test_stored_html_reads_back_as_the_feed_gave_it(tmp_path: Path) -> None:
    body = "<p>Zürich – São Paulo ✓ " + "word " * 20_000 + "</p>"
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<rss version="2.0"><channel><title>t</title><item><guid>g</guid><title>x</title>'
        f"<description>{escape(body)}</description></item></channel></rss>",
        encoding="utf-8",
    )
    library = Library(tmp_path / "library.sqlite")
    library.import_paths([feed])
    article_id = library.store.query_one("SELECT id FROM articles")[0]
    assert library.article_html(article_id) == body
    library.close()


def test_new_articles_ids_are_those_their_keys_read_back(tmp_path: Path) -> None:
    """save_articles takes the new rows' ids from the largest id (no read back by key) when
    they follow it; with a row at SQLite's largest id, new rows get ids anywhere and are read
    back by key. Either way each article's full-text entry and queue row are its own."""
    feeds = write_corpus(tmp_path / "corpus", 60, feeds=3)
    for top in (False, True):
        library = Library(tmp_path / f"library-{top}.sqlite")
        library.import_paths(feeds[:1], processes=1)
        if top:
            with library.store.write() as conn:
                conn.execute(
                    "INSERT INTO articles (id, feed_id, key, sort_date, content_hash, added_at, "
                    "updated_at) SELECT 9223372036854775807, feed_id, 'top', sort_date, 'h', "
                    "added_at, updated_at FROM articles LIMIT 1"
                )
        library.import_paths(feeds[1:], processes=1)
        rows = library.store.query("SELECT id, title FROM articles WHERE key != 'top'")
        assert len(rows) == 60
        for article_id, title in rows:
            word = title.split()[0]
            found = library.store.query(
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", (f'"{word}"',)
            )
            assert article_id in {row[0] for row in found}
        queued = {row[0] for row in library.store.query("SELECT article_id FROM analysis_queue")}
        assert queued >= {row[0] for row in rows}
        (integrity,) = library.store.query_one("PRAGMA integrity_check")
        assert integrity == "ok"
        with library.store.write() as conn:  # the index agrees with the rows
            conn.execute(
                "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)"
            )
        library.close()
