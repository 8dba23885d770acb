"""Rough edges of the command line a newcomer tester found: progress while a slow host is
fetched, one line per distinct import failure, counts of feeds rather than attempts, honest
exit statuses and exact wording. Real parts: a 127.0.0.1 server, library files, the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import main
from reader.store.articles import ArticleFilter
from tests.conftest import ROOT, SAMPLES, tmpfs_mount
from tests.feedserver import Handler, Reply, Route, serve
from tests.pages import available, keys, page, rss, teaser_of
from tests.ptyrun import ReaderInPty

FEED = (SAMPLES / "meridian-courier.xml").read_bytes()
RSS_TYPE = {"Content-Type": "application/rss+xml; charset=utf-8"}


def _feedlens(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command in a process of its own (stdin, stdout and stderr not a terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "reader", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )


def _run_in_pty(db: Path, *args: str, seconds: float = 120) -> str:
    """``feedlens ARGS`` on a terminal, run to its end; all it wrote there."""
    command = ReaderInPty(db, args=args)
    try:
        deadline = time.monotonic() + seconds
        while command.process.poll() is None and time.monotonic() < deadline:
            command.read(0.2)
        return command.read(0.3).decode("utf-8", "replace")
    finally:
        command.close()


def test_add_on_a_terminal_says_which_host_it_is_fetching_before_the_result(
    tmp_path: Path,
) -> None:
    slow = {"/feed.xml": lambda h: Reply(200, FEED, RSS_TYPE, delay=1.0)}
    with serve(slow) as (base, _):
        shown = _run_in_pty(tmp_path / "l.db", "add", f"{base}/feed.xml")
    host = base.removeprefix("http://")
    assert f"feedlens: fetching {host}…" in shown, shown
    assert shown.index("fetching") < shown.index("subscribed to The Meridian Courier"), shown


def test_add_in_a_script_prints_no_progress(tmp_path: Path) -> None:
    with serve({"/feed.xml": lambda h: Reply(200, FEED, RSS_TYPE)}) as (base, _):
        result = CliRunner().invoke(
            main, ["--db", str(tmp_path / "l.db"), "add", f"{base}/feed.xml"]
        )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # stderr of a pipe is for failures
    assert result.stdout.startswith("subscribed to The Meridian Courier")


def _annotated_export(tmp_path: Path) -> Path:
    """A JSON export of one note on a sample article, made by the CLI."""
    db = str(tmp_path / "notes.db")
    runner = CliRunner()
    assert (
        runner.invoke(main, ["--db", db, "import", str(SAMPLES / "meridian-courier.xml")]).exit_code
        == 0
    )
    listed = runner.invoke(main, ["--db", db, "articles", "--json"]).stdout
    fire = next(a for a in json.loads(listed) if "Fire at Halvard" in a["title"])
    runner.invoke(main, ["--db", db, "annotate", str(fire["id"]), "--quote", "4,500 workers"])
    out = tmp_path / "notes.json"
    made = runner.invoke(
        main, ["--db", db, "annotations", "export", "--format", "json", "-o", str(out)]
    )
    assert made.exit_code == 0, made.output
    return out


def test_annotations_import_of_nothing_fails_with_one_line(tmp_path: Path) -> None:
    export = _annotated_export(tmp_path)
    empty_library = str(tmp_path / "empty.db")
    result = CliRunner().invoke(main, ["--db", empty_library, "annotations", "import", str(export)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "feedlens: nothing imported: the annotation's article is not in this library "
        "(import or refresh its feed first)"
    ]
    empty = tmp_path / "empty.json"
    empty.write_text('{"annotations": []}')
    result = CliRunner().invoke(main, ["--db", empty_library, "annotations", "import", str(empty)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "feedlens: nothing imported: the file holds no annotations"
    ]


def test_annotations_import_of_what_the_library_holds_already_succeeds(tmp_path: Path) -> None:
    export = _annotated_export(tmp_path)
    db = str(tmp_path / "notes.db")  # the library the export came from: the note is there
    result = CliRunner().invoke(main, ["--db", db, "annotations", "import", str(export)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "0 new, 0 updated, 0 skipped, 1 unchanged"


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    yield from tmpfs_mount(tmp_path, "32m")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    yield from tmpfs_mount(tmp_path, "8m")


def test_a_folder_with_an_opml_naming_its_feeds_imports_each_file_once(tmp_path: Path) -> None:
    db = str(tmp_path / "l.db")
    result = CliRunner().invoke(main, ["--db", db, "import", "--json", str(SAMPLES)])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert len(shown["results"]) == 3  # the feeds beside subscriptions.opml, which names them
    assert shown["feeds"] == 3 and shown["failed"] == 0
    feeds = json.loads(CliRunner().invoke(main, ["--db", db, "feeds", "--json"]).stdout)
    assert {f["title"]: f["tags"] for f in feeds}["Northwind Ledger"] == ["Business", "energy"]


def test_importing_into_a_read_only_library_counts_feeds_not_attempts(disk: Path) -> None:
    db = disk / "l.db"
    assert _feedlens(db, "summary").returncode == 0
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    result = _feedlens(db, "import", str(SAMPLES))
    assert result.returncode == 1
    assert result.stdout.strip() == "0 feeds, 0 new, 0 updated, 3 failed"


def _fill(disk: Path, room: int) -> None:
    """Fill ``disk`` to its last ``room`` bytes."""
    handle = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(handle, b"x" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.ftruncate(handle, os.fstat(handle).st_size - room)
        os.close(handle)


def test_a_full_disk_is_told_once_with_a_count_then_the_summary(
    small_disk: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "feeds"
    folder.mkdir()
    for number in range(1, 7):
        (folder / f"m{number}.xml").write_bytes(FEED)
    db = small_disk / "l.db"
    assert _feedlens(db, "summary").returncode == 0  # a library made while there was room
    _fill(small_disk, 48 * 1024)  # room to open it, none to store a feed
    result = _feedlens(db, "import", str(folder))
    full = f"could not write the library {db}: the disk is full"
    assert result.stderr.splitlines() == [
        f"feedlens: {folder / 'm1.xml'}: {full}",
        f"feedlens: {full} (also 5 more files: m2.xml, m3.xml, m4.xml and 2 more)",
    ]
    assert result.stdout.strip() == "0 feeds, 0 new, 0 updated, 6 failed"
    assert result.returncode == 1  # nothing could be imported


def _teaser_site(answers: dict[str, list[Reply]]) -> tuple[dict[str, Route], dict[str, bytes]]:
    """Routes for a feed whose entries are teasers of real article pages, each page path
    answering its replies in turn (the last one from then on)."""
    feed: dict[str, bytes] = {}

    def answer(handler: Handler) -> Reply:
        replies = answers[handler.path]
        return replies.pop(0) if len(replies) > 1 else replies[0]

    routes: dict[str, Route] = {path: answer for path in answers}
    routes["/feed"] = lambda h: Reply(200, feed["body"], {"Content-Type": "application/rss+xml"})
    return routes, feed


@pytest.mark.skipif(not available(), reason="article-pages corpus not found")
def test_fulltext_of_a_feed_whose_pages_all_fail_exits_1_saying_each_once(
    tmp_path: Path,
) -> None:
    source = page(keys()[26])
    html = {"Content-Type": "text/html"}
    # /p/0 is read once, then fails: its article keeps that page's text, not the feed's.
    routes, feed = _teaser_site(
        {"/p/0": [Reply(200, source.html, html), Reply(500, b"down")], "/gone": [Reply(404)]}
    )
    db = str(tmp_path / "l.db")
    runner = CliRunner()
    with serve(routes) as (base, _):
        feed["body"] = rss(
            [
                ("Read once", f"{base}/p/0", teaser_of(source.truth)),
                ("Never there", f"{base}/gone", "A teaser of a page that is not there …"),
            ]
        )
        added = runner.invoke(main, ["--db", db, "add", f"{base}/feed"])
        assert added.exit_code == 0, added.output
        result = runner.invoke(main, ["--db", db, "fulltext", "--feed", "Teaser Times"])
        rows = json.loads(runner.invoke(main, ["--db", db, "articles", "--json"]).stdout)
        ids = {row["title"]: row["id"] for row in rows}
        one = runner.invoke(main, ["--db", db, "fulltext", str(ids["Never there"])])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    # Each failure once, saying what the article holds now (in the order pages answered).
    assert {line.split("] ", 1)[1] for line in lines[:2]} == {
        f"article {ids['Read once']} “Read once”: server error (500); "
        "the page's text read before is kept",
        f"article {ids['Never there']} “Never there”: page not found (404); "
        "the feed's text is kept",
    }
    assert lines[2:] in (
        ["feedlens: Teaser Times: no page fetched: 2 pages failed (404, 500)"],
        ["feedlens: Teaser Times: no page fetched: 2 pages failed (500, 404)"],
    )
    # One article: its failure said once, as the command's one line.
    assert one.exit_code == 1
    assert one.stderr.splitlines() == [
        f"feedlens: article {ids['Never there']}: page not found (404); the feed's text is kept"
    ]
    assert one.stdout == ""


def test_an_exported_web_feed_on_this_machine_round_trips_with_trusted(tmp_path: Path) -> None:
    first, second, third = (str(tmp_path / name) for name in ("a.db", "b.db", "c.db"))
    exported = tmp_path / "subs.opml"
    runner = CliRunner()
    with serve({"/feed.xml": lambda h: Reply(200, FEED, RSS_TYPE)}) as (base, _):
        assert runner.invoke(main, ["--db", first, "add", f"{base}/feed.xml"]).exit_code == 0
        runner.invoke(main, ["--db", first, "export-opml", "-o", str(exported)])
        # Not marked trusted: refused at once, in one line saying how to trust it.
        refused = runner.invoke(main, ["--db", second, "import", str(exported)])
        trusted = runner.invoke(main, ["--db", third, "import", "--trusted", str(exported)])
        refreshed = runner.invoke(main, ["--db", third, "refresh"])
    assert refused.exit_code == 1
    assert refused.stderr.splitlines() == [
        f"feedlens: {exported}: refused {base}/feed.xml: an address on this machine (127.0.0.1)"
    ]
    address = base.removeprefix("http://")
    assert refused.stdout.splitlines() == [
        f"0 feeds, 0 new, 0 updated, 0 failed, 1 refused as not trusted ({address}): an OPML "
        "names files outside its folder and web feeds on this machine or your network only "
        "when trusted (import --trusted, for one you trust such as your own export-opml)"
    ]
    assert trusted.exit_code == 0, trusted.output
    assert "1 web feed subscribed: fetch it with `feedlens refresh`" in trusted.stdout
    assert refreshed.exit_code == 0, refreshed.output
    assert "9 new" in refreshed.stdout


def test_notes_of_a_deleted_feed_stay_its_own_and_come_back_with_it(tmp_path: Path) -> None:
    """Article ids are reused: the feed imported after a deletion took the deleted articles'
    ids, and the kept notes were listed on its articles. They stay on what was kept of their
    own article, and the same feed imported again brings them back onto it."""
    db = str(tmp_path / "l.db")
    runner = CliRunner()

    def feedlens(*args: str) -> str:
        result = runner.invoke(main, ["--db", db, *args])
        assert result.exit_code == 0, result.output
        return result.stdout

    feedlens("import", str(SAMPLES / "coastline-daily.json"), str(SAMPLES / "meridian-courier.xml"))
    rows = json.loads(feedlens("articles", "--feed", "Meridian", "--json"))
    article = min(rows, key=lambda row: row["id"])  # an id the next feed imported takes
    feedlens(
        "annotate", str(article["id"]), "--quote", "the", "--occurrence", "1", "--note", "mine"
    )
    removed = feedlens("feeds", "rm", "Meridian", "--yes")
    assert "1 note kept as orphaned until the feed is added or imported again" in removed
    feedlens("import", str(SAMPLES / "northwind-ledger.atom"))  # takes the deleted ids
    [note] = json.loads(feedlens("annotations", "list", "--json"))
    assert (note["note"], note["status"]) == ("mine", "orphaned")
    assert note["article"]["title"] == article["title"]  # its own article, not the newcomer's
    on_reused = json.loads(
        feedlens("annotations", "list", "--article", str(article["id"]), "--json")
    )
    assert on_reused == []
    feedlens("import", str(SAMPLES / "meridian-courier.xml"))
    [back] = json.loads(feedlens("annotations", "list", "--json"))
    assert (back["note"], back["status"], back["quote"]) == ("mine", "anchored", "the")
    assert back["article"]["title"] == article["title"] and back["article"]["id"] > 0
    shown = json.loads(feedlens("articles", "--feed", "Meridian", "--json"))
    assert back["article"]["id"] == next(r["id"] for r in shown if r["title"] == article["title"])


def test_the_upgrade_takes_notes_of_a_deleted_feed_off_the_articles_that_took_its_ids(
    tmp_path: Path,
) -> None:
    """A library whose feed was deleted by an older feedlens: its notes named the deleted
    article's id, which a later import took. The upgrade gives them back their own."""
    import sqlite3

    from reader.library import Library

    path = tmp_path / "l.db"
    library = Library(path)
    library.import_paths([SAMPLES / "coastline-daily.json", SAMPLES / "meridian-courier.xml"])
    meridian = next(f for f in library.feeds() if f.title == "The Meridian Courier")
    rows = library.articles(ArticleFilter(feed_id=meridian.id), 0, 100)
    article = min(rows, key=lambda row: row.id)  # an id the next feed imported takes
    old_note = library.annotate(article.id, 0, 8, note="before the deletion")
    library.close()
    with sqlite3.connect(path) as conn:  # as the older delete_feed left it
        conn.execute("PRAGMA foreign_keys = ON")  # the feed's articles go with it
        conn.execute(
            "INSERT INTO detached_articles (id, title, link, guid, feed_title, feed_url, "
            "detached_at) SELECT a.id, a.title, a.link, a.guid, f.title, f.url, "
            "'2026-06-01T00:00:00Z' FROM articles a JOIN feeds f ON f.id = a.feed_id "
            "WHERE a.id = ?",
            (article.id,),
        )
        conn.execute(
            "UPDATE annotations SET status = 'orphaned', created_at = '2026-01-01T00:00:00Z'"
        )
        conn.execute("DELETE FROM feeds WHERE id = ?", (meridian.id,))
    conn.close()
    older = Library(path)
    older.import_paths([SAMPLES / "northwind-ledger.atom"])  # the ids taken again
    taken = older.article(article.id)
    assert taken.row.feed_title == "Northwind Ledger"
    older.close()
    with sqlite3.connect(path) as conn:  # the older version's schema: not upgraded yet
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm506_detached_notes_apart'")
    conn.close()
    upgraded = Library(path)
    try:
        new_note = upgraded.annotate(article.id, 0, 8, note="on the newcomer")
        listed = {a.note: (a, info) for a, info in upgraded.all_annotations()}
        kept, info = listed["before the deletion"]
        assert kept.id == old_note.id and kept.article_id < 0 and kept.status == "orphaned"
        assert info.title == article.title
        assert [a.id for a in upgraded.annotations(article.id)] == [new_note.id]
        upgraded.import_paths([SAMPLES / "meridian-courier.xml"])  # the feed comes back
        back = upgraded.annotation(old_note.id)
        assert back.status == "anchored" and upgraded.article(back.article_id).row.title == (
            article.title
        )
    finally:
        upgraded.close()


def test_refreshing_a_read_only_library_says_the_reason_once(disk: Path) -> None:
    db = disk / "l.db"
    assert _feedlens(db, "import", str(SAMPLES)).returncode == 0
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    result = _feedlens(db, "refresh", "--all")
    reason = f"the library {db} is read-only; nothing can be changed"
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"feedlens: Coastline Daily: {reason}",
        f"feedlens: {reason} (also 2 more feeds: The Meridian Courier, Northwind Ledger)",
    ]
    assert result.stdout.strip() == (
        "0 of 3 feeds refreshed, 0 new articles, 0 updated articles, 0 unchanged; 3 failed: "
        f"Coastline Daily, The Meridian Courier, Northwind Ledger ({reason})"
    )
