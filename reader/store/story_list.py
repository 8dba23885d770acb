"""The article list with stories folded: one row per story, in the view's order, in SQL.

A folded view shows each story once, as its first article in the view's order (the newest,
in the default order), with how many more of the story's articles the view holds, from how
many feeds and how many of them unread. Articles not yet in a story are rows of their own.
The view's filters (feed, tag, unread, starred) and its order apply to every article of a
story, so a story is folded to what the view would show of it.

The first page is found from a prefix of the view read in its index order: the first
appearance of a story in a prefix is its first appearance in the whole view, so it reads a few
hundred rows, never the whole library (the prefix grows only while it holds too few stories).
The whole folded view (``folded_heads``: its count, deep pages, where an article sits) is one
pass grouping the view's articles by story, each story keeping its first article by a key that
sorts like the view's order: about two seconds at a million articles, so the reader shows the
first page before it and keeps its result for the list it shows.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from reader.models import ArticleRow
from reader.store.articles import _ROW_COLUMNS, DATE_SORTS, SORTS, ArticleFilter, _row
from reader.store.db import Store

# Rows read ahead of a page to find its stories: a page of 200 needs about 300 rows of a
# typical library; the prefix doubles while it is short.
PREFIX_FACTOR = 3
PREFIX_LEAST = 512


@dataclass(frozen=True)
class FoldedRow(ArticleRow):
    """A row of a folded list: an article standing for its story in the view."""

    story_id: int | None = None  # None: the article is in no story yet
    more: int = 0  # the story's other articles in the view
    more_feeds: int = 0  # the feeds they come from
    more_unread: int = 0  # how many of them are unread


def _story_key() -> str:
    # An article in no story yet stands alone: a key no story has (story ids are positive).
    return "COALESCE(s.story_id, -a.id)"


def _prefix_order(sort: str) -> str:
    """The view's order over the prefix's own columns (named as ``_prefix_sql`` names them);
    the date orders list the dated articles first, then the undated, as the unfolded list does
    (reader.store.articles.DATE_SORTS)."""
    order = (
        SORTS.get(sort, SORTS["newest"])
        .replace("f.title", "feed_title")
        .replace("a.sort_date", "sort_date")
        .replace("a.title", "title")
        .replace("a.id", "id")
    )
    return f"undated ASC, {order}" if sort in DATE_SORTS else order


def _prefix_sql(view: ArticleFilter, size: int) -> tuple[str, list[object]]:
    """The view's first ``size`` rows, in its order."""
    where, params = view.where()
    order = SORTS.get(view.sort, SORTS["newest"])
    join_feeds = " JOIN feeds f ON f.id = a.feed_id" if view.sort == "feed" else ""
    feed_title = "f.title" if join_feeds else "''"
    columns = (
        f"SELECT a.id AS id, a.sort_date AS sort_date, a.title AS title, "
        f"{feed_title} AS feed_title, a.undated AS undated, {_story_key()} AS story "
        f"FROM articles a{join_feeds} LEFT JOIN story_articles s ON s.article_id = a.id"
    )
    if view.sort not in DATE_SORTS:
        return f"{columns}{where} ORDER BY {order} LIMIT ?", [*params, size]
    # The dated part, then the undated, each read in its index order (as _date_ordered_ids).
    scope = where + (" AND" if where else " WHERE")
    part = f"SELECT * FROM ({columns}{scope} a.undated = ? ORDER BY {order} LIMIT ?)"
    return (
        f"SELECT * FROM ({part} UNION ALL {part}) LIMIT ?",
        [*params, 0, size, *params, 1, size, size],
    )


def _heads(store: Store, view: ArticleFilter, offset: int, limit: int) -> list[tuple[int, int]]:
    """(article id, story key) of the rows ``offset`` to ``offset + limit`` of a folded view."""
    order = _prefix_order(view.sort)
    wanted = offset + limit
    size = max(PREFIX_LEAST, wanted * PREFIX_FACTOR)
    while True:
        prefix_sql, params = _prefix_sql(view, size)
        rows = store.query(_heads_sql(prefix_sql, order), [*params, limit, offset])
        if len(rows) >= limit or not _longer_than(store, view, size):
            return [(int(r["id"]), int(r["story"])) for r in rows]
        size *= 4


def _heads_sql(prefix_sql: str, order: str) -> str:
    # A story's row is its first article in the prefix (MIN of the place: SQLite takes the
    # bare columns from that row); rows are ordered by where their story first appears.
    return (
        f"WITH prefix AS ({prefix_sql}), "
        f"placed AS (SELECT id, story, ROW_NUMBER() OVER (ORDER BY {order}) AS place "
        "FROM prefix) "
        "SELECT id, story, MIN(place) AS first FROM placed GROUP BY story "
        "ORDER BY first LIMIT ? OFFSET ?"
    )


def _longer_than(store: Store, view: ArticleFilter, size: int) -> bool:
    """Whether the view holds more than ``size`` articles (one index probe past them)."""
    where, params = view.where()
    row = store.query_one(f"SELECT 1 FROM articles a{where} LIMIT 1 OFFSET ?", [*params, size])
    return row is not None


def _others(
    store: Store,
    view: ArticleFilter,
    heads: Sequence[tuple[int, int]],
    within: Sequence[int] | None = None,
) -> dict[int, tuple[int, int, int]]:
    """For each story of ``heads``: (articles, feeds, unread) of its other articles in the view
    (and among ``within``, the results of a search, when given)."""
    stories = sorted({story for _, story in heads if story > 0})
    if not stories:
        return {}
    where, params = view.where()
    condition = where.replace(" WHERE ", " AND ", 1)
    if within is not None:
        condition += " AND a.id IN (SELECT value FROM json_each(?))"
        params = [*params, json.dumps(list(within))]
    head_ids = json.dumps([article_id for article_id, story in heads if story > 0])
    found: dict[int, tuple[int, int, int]] = {}
    for first in range(0, len(stories), 400):
        part = stories[first : first + 400]
        marks = ", ".join("?" for _ in part)
        for r in store.query(
            "SELECT s.story_id, COUNT(*), COUNT(DISTINCT s.feed_id), SUM(a.read = 0) "
            "FROM story_articles s JOIN articles a ON a.id = s.article_id "
            f"WHERE s.story_id IN ({marks}) AND a.id NOT IN (SELECT value FROM json_each(?))"
            f"{condition} GROUP BY s.story_id",
            [*part, head_ids, *params],
        ):
            found[int(r[0])] = (int(r[1]), int(r[2]), int(r[3] or 0))
    return found


def _folded(
    store: Store,
    view: ArticleFilter,
    heads: Sequence[tuple[int, int]],
    within: Sequence[int] | None = None,
) -> list[FoldedRow]:
    if not heads:
        return []
    rows = store.query_ids(
        f"SELECT {_ROW_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id "
        "WHERE a.id IN ({ids})",
        [article_id for article_id, _ in heads],
    )
    plain = {row["id"]: _row(row) for row in rows}
    others = _others(store, view, heads, within)
    folded: list[FoldedRow] = []
    for article_id, story in heads:
        row = plain.get(article_id)
        if row is None:  # deleted between the two reads
            continue
        more, feeds, unread = others.get(story, (0, 0, 0))
        folded.append(
            FoldedRow(
                **row.__dict__,
                story_id=story if story > 0 else None,
                more=more,
                more_feeds=feeds,
                more_unread=unread,
            )
        )
    return folded


def list_folded(
    store: Store, view: ArticleFilter, offset: int = 0, limit: int = 100
) -> list[FoldedRow]:
    """One page of a view with its stories folded, in the view's order."""
    return _folded(store, view, _heads(store, view, offset, limit))


# Per order: the aggregate picking a story's first article, a key sorting like the view's
# order (ISO dates of one length compare as text; ids padded), and the direction of the rows.
_ID = "printf('%012d', a.id)"
_HEAD_KEYS = {
    # Dated articles before the undated in both date orders, as the unfolded list has them.
    "newest": ("MAX", f"(1 - a.undated) || a.sort_date || {_ID}", "DESC"),
    "oldest": ("MIN", f"a.undated || a.sort_date || {_ID}", "ASC"),
    "title": ("MIN", f"lower(a.title) || char(1) || {_ID}", "ASC"),
    # Feed title first, then newest first: dates and ids counted down so MIN finds them.
    "feed": (
        "MIN",
        "lower(f.title) || char(1) || "
        "printf('%012d', 99999999999 - CAST(strftime('%s', a.sort_date) AS INTEGER)) || "
        "printf('%012d', 999999999999 - a.id)",
        "ASC",
    ),
}


def folded_heads(store: Store, view: ArticleFilter) -> list[tuple[int, int]]:
    """(article id, story key) of every row of a folded view, in order: one pass."""
    where, params = view.where()
    aggregate, key, direction = _HEAD_KEYS.get(view.sort, _HEAD_KEYS["newest"])
    join_feeds = " JOIN feeds f ON f.id = a.feed_id" if view.sort == "feed" else ""
    # Over all (or all unread) articles, reading them in id order makes each one's story a
    # neighbour of the last one read (story_articles is keyed by article id): 2.5x faster
    # than through the date index. A feed, tag or starred view is small: its index is used.
    narrow = view.feed_id is not None or view.tag is not None or view.starred_only
    scan = "" if narrow else " NOT INDEXED"
    rows = store.query(
        f"SELECT id, story, {aggregate}(k) AS k FROM ("
        f"SELECT a.id AS id, {_story_key()} AS story, {key} AS k FROM articles a{scan}"
        f"{join_feeds} LEFT JOIN story_articles s ON s.article_id = a.id{where}) "
        f"GROUP BY story ORDER BY k {direction}",
        params,
    )
    return [(int(r[0]), int(r[1])) for r in rows]


def rows_of_heads(
    store: Store, view: ArticleFilter, heads: Sequence[tuple[int, int]]
) -> list[FoldedRow]:
    """The rows for these heads of a folded view (as ``folded_heads`` gives them)."""
    return _folded(store, view, heads)


def story_key_of(store: Store, article_id: int) -> int | None:
    """The key ``folded_heads`` gives the article's story (None: no such article)."""
    row = store.query_one(
        f"SELECT {_story_key()} FROM articles a "
        "LEFT JOIN story_articles s ON s.article_id = a.id WHERE a.id = ?",
        (article_id,),
    )
    return None if row is None else int(row[0])


def count_folded(store: Store, view: ArticleFilter) -> int:
    """How many rows a view has with its stories folded (its stories and lone articles)."""
    where, params = view.where()
    row = store.query_one(
        f"SELECT COUNT(DISTINCT {_story_key()}) FROM articles a "
        f"LEFT JOIN story_articles s ON s.article_id = a.id{where}",
        params,
    )
    return int(row[0]) if row else 0


def folded_position(store: Store, view: ArticleFilter, article_id: int) -> int | None:
    """Where the row holding an article sits in a folded view (its story's row), or None
    when the view does not hold it. Like the plain list, known for the newest-first order."""
    if view.sort != "newest":
        return None
    where, params = view.where()
    also = " AND" if where else " WHERE"
    story = store.query_one(
        f"SELECT {_story_key()} AS story FROM articles a "
        f"LEFT JOIN story_articles s ON s.article_id = a.id{where}{also} a.id = ?",
        [*params, article_id],
    )
    if story is None:
        return None
    key = int(story["story"])
    head = _story_head(store, view, key, article_id)
    before = store.query_one(
        f"SELECT COUNT(DISTINCT {_story_key()}) FROM articles a "
        f"LEFT JOIN story_articles s ON s.article_id = a.id{where}{also} "
        "(a.sort_date > ? OR (a.sort_date = ? AND a.id > ?))",
        [*params, head["sort_date"], head["sort_date"], head["id"]],
    )
    return int(before[0]) if before else None


def _story_head(store: Store, view: ArticleFilter, story: int, article_id: int) -> sqlite3.Row:
    """The newest article of a story in the view (the article itself when in no story)."""
    where, params = view.where()
    also = " AND" if where else " WHERE"
    found = None
    if story > 0:
        found = store.query_one(
            "SELECT a.id, a.sort_date FROM story_articles s JOIN articles a "
            f"ON a.id = s.article_id{where}{also} s.story_id = ? "
            "ORDER BY a.sort_date DESC, a.id DESC LIMIT 1",
            [*params, story],
        )
    if found is None:
        found = store.query_one("SELECT id, sort_date FROM articles WHERE id = ?", (article_id,))
    assert found is not None  # the article was just read in the view
    return found


def folded_search(
    store: Store, ranked_ids: Sequence[int], offset: int, limit: int
) -> list[FoldedRow]:
    """A page of search results (``ranked_ids``, best first) with their stories folded: a
    story's row is its best-ranked result."""
    heads = _search_heads(store, ranked_ids)
    page = heads[offset : offset + limit]
    return _folded(store, ArticleFilter(), page, ranked_ids) if page else []


def _search_heads(store: Store, ranked_ids: Sequence[int]) -> list[tuple[int, int]]:
    if not ranked_ids:
        return []
    rows = store.query(
        f"SELECT j.value AS id, {_story_key()} AS story, MIN(CAST(j.key AS INTEGER)) AS rank "
        "FROM json_each(?) j JOIN articles a ON a.id = j.value "
        "LEFT JOIN story_articles s ON s.article_id = a.id GROUP BY story ORDER BY rank",
        [json.dumps(list(ranked_ids))],
    )
    return [(int(r["id"]), int(r["story"])) for r in rows]


def count_folded_search(store: Store, ranked_ids: Sequence[int]) -> int:
    return len(_search_heads(store, ranked_ids))


def folded_search_position(store: Store, ranked_ids: Sequence[int], article_id: int) -> int | None:
    if article_id not in ranked_ids:
        return None
    heads = _search_heads(store, ranked_ids)
    stories = store.query_one(
        f"SELECT {_story_key()} AS story FROM articles a "
        "LEFT JOIN story_articles s ON s.article_id = a.id WHERE a.id = ?",
        (article_id,),
    )
    if stories is None:
        return None
    key = int(stories["story"])
    return next((i for i, (_, story) in enumerate(heads) if story == key), None)
