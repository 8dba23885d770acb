"""Undated articles go last in a date-ordered list, newest or oldest first, as mail readers
list them: an "(untitled) · undated" entry sorted by its import time above the day's news.
A real library file and real feed files; pages of any size give the one order, and an
article's position agrees with its place in the list."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.library import Library
from reader.store.articles import ArticleFilter, article_position, list_articles


def _feed(folder: Path, name: str, items: list[tuple[str, str | None]]) -> Path:
    entries = "".join(
        f"<item><title>{title}</title><link>https://{name}.example/{n}</link>"
        + (f"<pubDate>{date}</pubDate>" if date else "")
        + "<description>Text.</description></item>"
        for n, (title, date) in enumerate(items)
    )
    path = folder / f"{name}.xml"
    path.write_text(
        f'<rss version="2.0"><channel><title>{name}</title><link>https://{name}.example/</link>'
        f"{entries}</channel></rss>",
        encoding="utf-8",
    )
    return path


def _library(tmp_path: Path) -> Library:
    days = [f"Mon, {d:02d} Nov 2026 08:00:00 GMT" for d in range(2, 30, 3)]
    one = _feed(
        tmp_path,
        "dated",
        [(f"Dated {n}", day) for n, day in enumerate(days)]
        + [("No date one", None), ("Year zero", "Sat, 01 Jan 0001 00:00:00 GMT")],
    )
    two = _feed(tmp_path, "mixed", [("No date two", None), ("Mixed dated", days[4])])
    library = Library(tmp_path / "l.sqlite")
    library.import_paths([one, two])
    return library


def test_undated_articles_are_last_in_both_date_orders_on_every_page(tmp_path: Path) -> None:
    library = _library(tmp_path)
    store = library.store
    undated = {"No date one", "No date two", "Year zero"}
    for sort in ("newest", "oldest"):
        for view in (
            ArticleFilter(sort=sort),
            ArticleFilter(sort=sort, unread_only=True),
            ArticleFilter(sort=sort, feed_id=1),
        ):
            whole = [row.title for row in list_articles(store, view, 0, 100)]
            expected_tail = {t for t in whole if t in undated}
            assert expected_tail, view
            assert set(whole[-len(expected_tail) :]) == expected_tail, (view, whole)
            for size in (1, 2, 3, 5):  # any page size, pages across the boundary: one order
                paged: list[str] = []
                while len(paged) < len(whole) + 1:
                    page = list_articles(store, view, len(paged), size)
                    if not page:
                        break
                    paged += [row.title for row in page]
                assert paged == whole, (view, size)
        newest = [r.title for r in list_articles(store, ArticleFilter(sort="newest"), 0, 100)]
        oldest = [r.title for r in list_articles(store, ArticleFilter(sort="oldest"), 0, 100)]
        tail = len(undated)
        assert newest[:-tail] == list(reversed(oldest[:-tail]))  # dated: the one order reversed
        assert newest[0] == "Dated 9"
    library.close()


def test_an_articles_position_is_its_place_in_the_list(tmp_path: Path) -> None:
    library = _library(tmp_path)
    for view in (ArticleFilter(), ArticleFilter(feed_id=2), ArticleFilter(unread_only=True)):
        rows = list_articles(library.store, view, 0, 100)
        for place, row in enumerate(rows):
            assert article_position(library.store, view, row.id) == place, (view, row.title)
    library.close()


def test_a_refreshed_undated_entry_stays_undated_and_a_dated_one_moves_up(tmp_path: Path) -> None:
    library = _library(tmp_path)
    path = tmp_path / "mixed.xml"
    text = path.read_text(encoding="utf-8")
    # The feed gives its undated entry a date now (and a new title), and changes the other's.
    path.write_text(
        text.replace(
            "<title>No date two</title><link>https://mixed.example/0</link>",
            "<title>No date two, dated</title><link>https://mixed.example/0</link>"
            "<pubDate>Mon, 30 Nov 2026 09:00:00 GMT</pubDate>",
        ).replace("<title>Mixed dated</title>", "<title>Mixed dated, updated</title>"),
        encoding="utf-8",
    )
    library.import_paths([path])
    titles = [r.title for r in list_articles(library.store, ArticleFilter(), 0, 100)]
    assert titles[0] == "No date two, dated"  # dated now: the newest
    assert set(titles[-2:]) == {"No date one", "Year zero"}
    library.close()
    conn = sqlite3.connect(tmp_path / "l.sqlite")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
