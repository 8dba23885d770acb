"""Feeds and articles in the library: saving imported feeds, listing, reading, marking.

All SQL about feeds and articles lives here. Writes take a connection from ``Store.write()`` so
a batch of a feed lands in one transaction, queued for analysis in the same transaction; reads
go through ``Store.query``.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.clock import now_iso
from reader.errors import NotFoundError
from reader.models import Article, ArticleRow, Block, CleanText, Feed
from reader.store import analysis_queue, fts_batch
from reader.store import annotations as annotation_store
from reader.store import figures as figure_store
from reader.store import pages as page_store
from reader.store.db import Store
from reader.store.library_mark import count_flag_change
from reader.store.shared_guids import match_shared_guids

if TYPE_CHECKING:  # the write path's records; reading the library needs neither module
    from reader.pipeline import PreparedArticle

# A feed's tags past this many are dropped: the sidebar and every move in the list read them
# (50,000 tags on one feed made each `n` take 2 s).
MAX_FEED_TAGS = 50

SORTS = {
    "newest": "a.sort_date DESC, a.id DESC",
    "oldest": "a.sort_date ASC, a.id ASC",
    "title": "a.title COLLATE NOCASE ASC, a.id ASC",
    "feed": "f.title COLLATE NOCASE ASC, a.sort_date DESC, a.id DESC",
}
# The date orders list the dated articles first, then the undated ones (``undated``: their
# import time stands in for a date), in either direction, as mail readers do: before, an
# "(untitled) · undated" entry sorted by its import time above the day's news. Each part is
# read in its own index order (see ``_date_ordered_ids``).
DATE_SORTS = ("newest", "oldest")


@dataclass(frozen=True)
class ArticleFilter:
    """Which articles a view shows: all, one feed, one tag, unread or starred, and the order."""

    feed_id: int | None = None
    tag: str | None = None
    unread_only: bool = False
    starred_only: bool = False
    sort: str = "newest"
    search: str | None = None
    fold_stories: bool = False  # one row per story (reader/store/story_list.py)

    def where(self) -> tuple[str, list[object]]:
        clauses: list[str] = []
        params: list[object] = []
        if self.feed_id is not None:
            clauses.append("a.feed_id = ?")
            params.append(self.feed_id)
        if self.tag is not None:
            clauses.append(
                "a.feed_id IN (SELECT f2.id FROM feeds f2, json_each(f2.tags) t WHERE t.value = ?)"
            )
            params.append(self.tag)
        if self.unread_only:
            clauses.append("a.read = 0")
        if self.starred_only:
            clauses.append("a.starred = 1")
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


# --- writing -------------------------------------------------------------------------------


def upsert_feed(
    conn: sqlite3.Connection,
    url: str,
    title: str,
    site_link: str,
    tags: Sequence[str] = (),
    source_kind: str = "file",
) -> int:
    """The feed's id, creating it or refreshing its title, link and tags."""
    row = conn.execute("SELECT id, title, site_link, tags FROM feeds WHERE url = ?", (url,))
    found = row.fetchone()
    stamp = now_iso()
    if found is None:
        cursor = conn.execute(
            "INSERT INTO feeds (url, title, site_link, tags, source_kind, added_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                url,
                title,
                site_link,
                json.dumps(list(dict.fromkeys(tags))[:MAX_FEED_TAGS]),
                source_kind,
                stamp,
                stamp,
            ),
        )
        return int(cursor.lastrowid or 0)
    merged = list(dict.fromkeys([*json.loads(found["tags"] or "[]"), *tags]))[:MAX_FEED_TAGS]
    conn.execute(
        # A name the user gave the feed (title_kept) outlives the feed's own.
        "UPDATE feeds SET title = CASE WHEN title_kept THEN title ELSE ? END, site_link = ?, "
        "tags = ?, updated_at = ? WHERE id = ?",
        (
            title or found["title"],
            site_link or found["site_link"],
            json.dumps(merged),
            stamp,
            found["id"],
        ),
    )
    return int(found["id"])


def save_articles(
    conn: sqlite3.Connection, feed_id: int, articles: Sequence[PreparedArticle]
) -> tuple[list[int], list[int], int]:
    """Insert new articles and update changed ones; read and starred state is kept. New and
    changed articles are queued for analysis in the same transaction; a changed article's old
    figures go at once (their offsets point into the old text). Notes kept when this feed was
    deleted go back onto its articles in the same transaction too.

    Returns (new ids, updated ids, unchanged count). Articles missing from the feed stay.
    Call it with a batch of a feed at a time: only the batch's keys are looked up.
    """
    # Entries sharing a GUID are told apart by content before anything is matched by key.
    # A feed with no article stored yet (a new feed's first batch: most of an import) knows
    # none of them: one probe instead of looking its keys up twice, 500 at a time.
    stored_any = conn.execute("SELECT 1 FROM articles WHERE feed_id = ? LIMIT 1", (feed_id,))
    if stored_any.fetchone() is None:
        known: dict[str, tuple[int, str, str]] = {}
        articles = match_shared_guids(conn, feed_id, articles, known)
    else:
        probe = [article.key for article in articles]
        known = _known_articles(conn, feed_id, probe + [f"{key}#2" for key in probe])
        articles = match_shared_guids(conn, feed_id, articles, known)
        known = _known_articles(conn, feed_id, [article.key for article in articles])
    stamp = now_iso()
    inserts: list[tuple[object, ...]] = []
    inserted_keys: list[str] = []
    updated_ids: list[int] = []
    unchanged = 0
    touched: figure_store.Touched = {}  # figure buckets whose groups must be rebuilt
    for article in articles:
        existing = known.get(article.key)
        if existing is None:
            inserts.append(
                (
                    feed_id,
                    article.key,
                    article.guid,
                    article.link,
                    article.title,
                    article.author,
                    article.published,
                    article.updated,
                    article.sort_date,
                    article.html_z,
                    article.text,
                    article.structure,
                    article.content_hash,
                    stamp,
                    stamp,
                    _undated(article.sort_date, article.published, article.updated),
                )
            )
            inserted_keys.append(article.key)
            # A key twice in one feed: the first is stored, the second counts as unchanged.
            known[article.key] = (0, article.content_hash, article.sort_date)
        elif existing[1] != article.content_hash and existing[0]:
            article = page_store.keep_page_text(conn, existing[0], article)
            # An undated entry keeps the date it was first seen, not its update's.
            sort_date = article.sort_date if article.published or article.updated else existing[2]
            conn.execute(
                "UPDATE articles SET guid = ?, link = ?, title = ?, author = ?, published = ?, "
                "updated = ?, sort_date = ?, undated = ?, html = ?, text = ?, structure = ?, "
                "content_hash = ?, updated_at = ?, extractor_version = 0 WHERE id = ?",
                (
                    article.guid,
                    article.link,
                    article.title,
                    article.author,
                    article.published,
                    article.updated,
                    sort_date,
                    _undated(sort_date, article.published, article.updated),
                    article.html_z,
                    article.text,
                    article.structure,
                    article.content_hash,
                    stamp,
                    existing[0],
                ),
            )
            updated_ids.append(existing[0])
            figure_store.merge_touched(
                touched,
                figure_store.replace_figures(conn, existing[0], (), article.sort_date, existing[2]),
            )
            annotation_store.reanchor_article(conn, existing[0], article.text)
        else:
            unchanged += 1
    # One statement for the batch's new articles. The full-text index takes them in one
    # statement too (see reader/store/fts_batch.py).
    with fts_batch.deferred_index(conn):
        before = _largest_id(conn) if inserts else 0
        conn.executemany(_INSERT_ARTICLE, inserts)
    new_ids = _inserted_ids(conn, feed_id, inserted_keys, before)
    fts_batch.index_articles(conn, new_ids)
    if touched:
        figure_store.record_changes(conn, touched)
    analysis_queue.enqueue(conn, new_ids + updated_ids)
    annotation_store.reattach_feed(conn, feed_id)  # a deleted feed's notes, back with it
    return new_ids, updated_ids, unchanged


_INSERT_ARTICLE = (
    "INSERT INTO articles (feed_id, key, guid, link, title, author, published, updated, "
    "sort_date, html, text, structure, content_hash, added_at, updated_at, undated, "
    "extractor_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)"
)


def _undated(sort_date: str, published: str | None, updated: str | None) -> int:
    """1 when an article sorts by a date it does not give (the time it was first stored stood
    in for a missing or implausible one): such articles go last in the lists."""
    return int(sort_date != published and sort_date != updated)


def _largest_id(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM articles").fetchone()[0])


def _inserted_ids(
    conn: sqlite3.Connection, feed_id: int, keys: list[str], before: int
) -> list[int]:
    """The ids the rows just inserted (in this order, inside the open write) were given.
    SQLite gives each new row the largest id so far plus one, so n rows inserted after
    ``before`` are ``before + 1 .. before + n`` in order: when the largest id is now exactly
    ``before + n`` that is what happened (one look, not reading every key back); else (ids
    near the top of their range, say) they are read back by key."""
    if not keys:
        return []
    if _largest_id(conn) == before + len(keys):
        return list(range(before + 1, before + 1 + len(keys)))
    stored = _known_articles(conn, feed_id, keys)
    return [stored[key][0] for key in keys]


def _known_articles(
    conn: sqlite3.Connection, feed_id: int, keys: Sequence[str]
) -> dict[str, tuple[int, str, str]]:
    """(id, content hash, date) of a feed's stored articles with these keys."""
    known: dict[str, tuple[int, str, str]] = {}
    unique = list(dict.fromkeys(keys))
    for first in range(0, len(unique), 500):
        part = unique[first : first + 500]
        for key, article_id, digest, date in conn.execute(
            "SELECT key, id, content_hash, sort_date FROM articles "
            f"WHERE feed_id = ? AND key IN ({', '.join('?' for _ in part)})",
            [feed_id, *part],
        ):
            known[key] = (article_id, digest, date)
    return known


def set_flag(store: Store, article_ids: Sequence[int], column: str, value: bool) -> None:
    """Set ``read`` or ``starred`` on articles."""
    if column not in ("read", "starred"):
        raise ValueError(column)
    with store.write() as conn:
        conn.executemany(
            f"UPDATE articles SET {column} = ? WHERE id = ?",
            [(int(value), article_id) for article_id in article_ids],
        )
        count_flag_change(conn)


# --- reading -------------------------------------------------------------------------------


def _feed(row: sqlite3.Row) -> Feed:
    return Feed(
        id=row["id"],
        url=row["url"],
        title=row["title"] or row["url"],
        site_link=row["site_link"],
        tags=tuple(json.loads(row["tags"] or "[]"))[
            :MAX_FEED_TAGS
        ],  # an older library may hold more
        article_count=row["article_count"] or 0,
        unread_count=row["unread_count"] or 0,
        last_success=row["last_success"],
        last_error=row["last_error"],
        error_count=row["error_count"],
        status=row["status"],
        full_text=row["full_text"] or ("auto" if row["source_kind"] == "http" else "never"),
    )


def list_feeds(store: Store) -> list[Feed]:
    """Every feed with its article and unread counts, by title."""
    rows = store.query(
        "SELECT f.*, c.article_count, c.unread_count FROM feeds f LEFT JOIN ("
        "  SELECT feed_id, COUNT(*) AS article_count, SUM(read = 0) AS unread_count"
        "  FROM articles GROUP BY feed_id) c ON c.feed_id = f.id "
        "ORDER BY f.title COLLATE NOCASE, f.id"
    )
    return [_feed(row) for row in rows]


_ROW_COLUMNS = (
    "a.id, a.feed_id, f.title AS feed_title, a.title, a.link, a.author, "
    "COALESCE(a.published, a.updated) AS published, a.read, a.starred"
)


def _row(row: sqlite3.Row) -> ArticleRow:
    return ArticleRow(
        id=row["id"],
        feed_id=row["feed_id"],
        feed_title=row["feed_title"] or "",
        title=row["title"],
        link=row["link"],
        author=row["author"],
        published=row["published"],
        read=bool(row["read"]),
        starred=bool(row["starred"]),
    )


def list_articles(
    store: Store, view: ArticleFilter, offset: int = 0, limit: int = 100
) -> list[ArticleRow]:
    """One page of a view's articles, in the view's order. The page's ids are picked first,
    from the view's index alone where it has one, then only their rows are read: the rows an
    OFFSET skips cost an index step each, not a row read and a join (the last page of 100k
    articles, where `G` goes: 4 ms of CPU, not 100)."""
    where, params = view.where()
    if view.sort in DATE_SORTS or view.sort not in SORTS:
        return rows_by_ids(store, _date_ordered_ids(store, view, offset, limit))
    order = SORTS[view.sort]
    join = " JOIN feeds f ON f.id = a.feed_id" if "f." in order else ""
    rows = store.query(
        f"SELECT {_ROW_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id "
        f"WHERE a.id IN (SELECT a.id FROM articles a{join}{where} "
        f"ORDER BY {order} LIMIT ? OFFSET ?) ORDER BY {order}",
        [*params, limit, offset],
    )
    return [_row(row) for row in rows]


def _date_ordered_ids(store: Store, view: ArticleFilter, offset: int, limit: int) -> list[int]:
    """One page of a date-ordered view's ids: its dated articles, then its undated ones, each
    part a range of the view's index (``undated`` leads it after the view's filter), read one
    after the other (UNION ALL keeps its parts' order): a deep page costs an index step a row
    skipped, as one range did, and a page past the dated part needs no count of them."""
    where, params = view.where()
    scope = where + (" AND" if where else " WHERE")
    way = "ASC" if view.sort == "oldest" else "DESC"
    part = (
        f"SELECT a.id FROM articles a{scope} a.undated = ? ORDER BY a.sort_date {way}, a.id {way}"
    )
    rows = store.query(
        f"SELECT id FROM ({part}) UNION ALL SELECT id FROM ({part}) LIMIT ? OFFSET ?",
        [*params, 0, *params, 1, limit, offset],
    )
    return [row[0] for row in rows]


def rows_by_ids(store: Store, ids: Sequence[int]) -> list[ArticleRow]:
    """Article rows for these ids, in the order given."""
    rows = store.query_ids(
        f"SELECT {_ROW_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id "
        "WHERE a.id IN ({ids})",
        ids,
    )
    found = {row["id"]: _row(row) for row in rows}
    return [found[i] for i in ids if i in found]


def count_articles(store: Store, view: ArticleFilter) -> int:
    where, params = view.where()
    row = store.query_one(f"SELECT COUNT(*) FROM articles a{where}", params)
    return int(row[0]) if row else 0


def article_position(store: Store, view: ArticleFilter, article_id: int) -> int | None:
    """Where an article sits in a view (0-based), or None if the view does not hold it."""
    where, params = view.where()
    if view.sort != "newest":
        return None
    scope = where + (" AND" if where else " WHERE")
    found = store.query_one(
        f"SELECT sort_date, id, undated FROM articles a{scope} a.id = ?", [*params, article_id]
    )
    if found is None:
        return None
    # Within its part (dated, or the undated after them), as list_articles orders them.
    before = store.query_one(
        f"SELECT COUNT(*) FROM articles a{scope} a.undated = ? "
        "AND (a.sort_date > ? OR (a.sort_date = ? AND a.id > ?))",
        [*params, found["undated"], found["sort_date"], found["sort_date"], article_id],
    )
    if before is None:
        return None
    if not found["undated"]:
        return int(before[0])
    dated = store.query_one(f"SELECT COUNT(*) FROM articles a{scope} a.undated = 0", params)
    return int(before[0]) + (int(dated[0]) if dated else 0)


def get_article(store: Store, article_id: int) -> Article:
    row = store.query_one(
        f"SELECT {_ROW_COLUMNS}, a.text, a.structure, a.updated, a.content_hash "
        "FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?",
        (article_id,),
    )
    if row is None:
        raise NotFoundError(f"no article with id {article_id}")
    structure = json.loads(row["structure"] or "{}")
    clean = CleanText(
        text=row["text"],
        blocks=tuple(Block(*b) for b in structure.get("blocks", [])),
        links=tuple(structure.get("links", [])),
    )
    return Article(_row(row), clean, row["updated"], row["content_hash"])


def get_html(store: Store, article_id: int) -> str:
    row = store.query_one("SELECT html FROM articles WHERE id = ?", (article_id,))
    if row is None:
        raise NotFoundError(f"no article with id {article_id}")
    return zlib.decompress(row["html"]).decode("utf-8", "replace") if row["html"] else ""
