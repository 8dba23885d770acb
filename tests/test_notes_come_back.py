"""Notes of a deleted feed come back onto its articles in the same store step that brings the
articles back (issue 21's gap): by `add` over real HTTP, by a file import (seen from the
import's own progress, before the import has ended) and by a stopped import, with nothing lost
and nothing duplicated."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from reader.cli import main
from reader.library import ImportProgress, Library
from reader.store.articles import ArticleFilter
from tests.conftest import SAMPLES
from tests.feedserver import Reply, serve

FEED = (SAMPLES / "meridian-courier.xml").read_bytes()
RSS_TYPE = {"Content-Type": "application/rss+xml"}


def _detached(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        count = conn.execute("SELECT COUNT(*) FROM detached_articles").fetchone()[0]
    conn.close()
    return int(count)


def test_add_again_brings_the_notes_back_at_once(tmp_path: Path) -> None:
    """add, annotate twice, feeds rm, add again: the very next `annotations list` (all, and
    for the article) has both notes anchored on their articles, once each."""
    db = tmp_path / "l.db"
    runner = CliRunner()

    def feedlens(*args: str) -> str:
        result = runner.invoke(main, ["--db", str(db), *args])
        assert result.exit_code == 0, result.output
        return result.stdout

    with serve({"/feed.xml": lambda h: Reply(200, FEED, RSS_TYPE)}) as (base, _):
        feedlens("add", f"{base}/feed.xml")
        rows = json.loads(feedlens("articles", "--json"))
        first, second = sorted(rows, key=lambda row: row["id"])[:2]
        feedlens("annotate", str(first["id"]), "--quote", "the", "--occurrence", "2")
        feedlens(
            "annotate", str(second["id"]), "--quote", "the", "--occurrence", "1", "--note", "mine"
        )
        before = {n["uid"]: n for n in json.loads(feedlens("annotations", "list", "--json"))}
        feedlens("feeds", "rm", "Meridian", "--yes")
        orphaned = json.loads(feedlens("annotations", "list", "--json"))
        assert {n["status"] for n in orphaned} == {"orphaned"}
        assert all(n["article"]["id"] < 0 for n in orphaned)
        feedlens("add", f"{base}/feed.xml")
        back = json.loads(feedlens("annotations", "list", "--json"))
    assert sorted(n["uid"] for n in back) == sorted(before)  # none lost, none twice
    rows = {row["title"]: row["id"] for row in json.loads(feedlens("articles", "--json"))}
    for note in back:
        old = before[note["uid"]]
        assert note["status"] == "anchored"
        assert (note["quote"], note["start"], note["end"], note["note"]) == (
            old["quote"],
            old["start"],
            old["end"],
            old["note"],
        )
        assert note["article"]["id"] == rows[old["article"]["title"]] > 0
        [listed] = json.loads(
            feedlens("annotations", "list", "--article", str(note["article"]["id"]), "--json")
        )
        assert listed["uid"] == note["uid"]
    assert _detached(db) == 0  # what was kept of the articles went with the last note on it


def test_the_notes_are_back_when_their_file_is_stored_not_when_the_import_ends(
    tmp_path: Path,
) -> None:
    """The import of several files: as soon as the returning feed's file is reported done,
    another connection (the reader, a second command) finds its notes anchored on its
    articles. They came back after the whole import before, and never when it was stopped."""
    path = tmp_path / "l.db"
    library = Library(path)
    try:
        meridian_file = SAMPLES / "meridian-courier.xml"
        library.import_paths([meridian_file])
        meridian = next(f for f in library.feeds() if f.title == "The Meridian Courier")
        article = library.articles(ArticleFilter(feed_id=meridian.id), 0, 100)[0]
        note = library.annotate_quote(article.id, "the", "kept", ["mine"], occurrence=1)
        library.delete_feed(meridian.id)
        assert library.annotation(note.id).status == "orphaned"

        seen: list[tuple[str, int, str]] = []

        def progress(step: ImportProgress) -> None:
            if Path(step.result.source).name == meridian_file.name:
                other = Library(path)  # what another reader of the library sees right now
                try:
                    [(found, info)] = other.all_annotations()
                    seen.append((found.status, found.article_id, info.title))
                finally:
                    other.close()

        # The returning feed first, then two more files the import has still to store.
        library.import_paths(
            [meridian_file, SAMPLES / "northwind-ledger.atom", SAMPLES / "coastline-daily.json"],
            progress,
            processes=1,
        )
        [(status, article_id, title)] = seen
        assert status == "anchored" and article_id > 0 and title == article.title
        [(back, _)] = library.all_annotations()
        assert (back.id, back.uid, back.quote, back.note) == (
            note.id,
            note.uid,
            note.quote,
            note.note,
        )
        assert library.article(back.article_id).row.title == article.title
    finally:
        library.close()


def test_a_stopped_import_keeps_the_notes_of_what_it_stored(tmp_path: Path) -> None:
    """An import stopped after the returning feed's file (the reader quitting; Ctrl-C is the
    same for what is stored): its notes are on its articles, not orphaned until the next
    import or refresh."""
    path = tmp_path / "l.db"
    library = Library(path)
    try:
        meridian_file = SAMPLES / "meridian-courier.xml"
        library.import_paths([meridian_file])
        [meridian] = library.feeds()
        article = library.articles(ArticleFilter(feed_id=meridian.id), 0, 100)[0]
        note = library.annotate_quote(article.id, "the", "kept", occurrence=1)
        library.delete_feed(meridian.id)

        def stop_after_first(step: ImportProgress) -> None:
            raise KeyboardInterrupt  # as Ctrl-C lands after the first file is stored

        try:
            library.import_paths(
                [meridian_file, SAMPLES / "northwind-ledger.atom"], stop_after_first, processes=1
            )
        except KeyboardInterrupt:
            pass
        else:
            raise AssertionError("the import was not stopped")
        back = library.annotation(note.id)
        assert back.status == "anchored" and back.article_id > 0
        assert library.article(back.article_id).row.title == article.title
        assert len(library.all_annotations()) == 1
    finally:
        library.close()
    assert _detached(path) == 0


def test_an_entry_without_a_guid_is_found_again_by_its_link(tmp_path: Path) -> None:
    feed = tmp_path / "links.xml"
    feed.write_text(
        '<rss version="2.0"><channel><title>Links Only</title><link>https://l.example/</link>'
        "<item><link>https://l.example/a</link><title>First</title>"
        "<description>The first item says 12 trains ran late.</description></item>"
        "<item><link>https://l.example/b</link><title>Second</title>"
        "<description>The second item says 40 buses ran late.</description></item>"
        "</channel></rss>"
    )
    library = Library(tmp_path / "l.db")
    try:
        library.import_paths([feed])
        [links] = library.feeds()
        second = next(
            row
            for row in library.articles(ArticleFilter(feed_id=links.id))
            if row.title == "Second"
        )
        note = library.annotate_quote(second.id, "40 buses", "which route?")
        library.delete_feed(links.id)
        library.import_paths([feed])
        back = library.annotation(note.id)
        assert (back.status, back.quote, back.start) == ("anchored", "40 buses", note.start)
        assert library.article(back.article_id).row.title == "Second"
    finally:
        library.close()
