"""Annotations in the library: writing, listing, re-anchoring after article updates, importing.

Every write is its own short transaction, so a note saved is a note kept (WAL, synchronous
NORMAL: it survives the app being killed). Annotations are never deleted by anything but the
user: re-imports, refreshes, updates and migrations only re-anchor them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from reader.annotation_import import ArticleRef, stamp_order
from reader.annotations import (
    Annotation,
    ArticleInfo,
    make_anchor,
    new_uid,
    reanchor,
    text_hash,
)
from reader.clock import now_iso
from reader.errors import NotFoundError
from reader.store.db import Store

_FIELDS = (
    "uid",
    "article_id",
    "quote",
    "prefix",
    "suffix",
    "start",
    "end",
    "text_hash",
    "note",
    "tags",
    "color",
    "status",
    "created_at",
    "updated_at",
)
_QUOTED = ", ".join(f'"{f}"' for f in _FIELDS)


def _annotation(row: sqlite3.Row) -> Annotation:
    return Annotation(
        id=row["id"],
        uid=row["uid"],
        article_id=row["article_id"],
        quote=row["quote"],
        prefix=row["prefix"],
        suffix=row["suffix"],
        start=row["start"],
        end=row["end"],
        text_hash=row["text_hash"],
        note=row["note"],
        tags=_stored_tags(row["tags"]),
        color=row["color"],
        status=row["status"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _stored_tags(value: str) -> tuple[str, ...]:
    """Tags as stored; anything but strings (written by an older version's import from an
    untrusted file) is dropped, so one bad record never breaks a listing or the reader."""
    try:
        tags = json.loads(value)
    except (ValueError, TypeError, RecursionError):
        return ()
    if not isinstance(tags, list):
        return ()
    return tuple(tag for tag in tags if isinstance(tag, str))


def _values(annotation: Annotation) -> tuple[Any, ...]:
    return (
        annotation.uid,
        annotation.article_id,
        annotation.quote,
        annotation.prefix,
        annotation.suffix,
        annotation.start,
        annotation.end,
        annotation.text_hash,
        annotation.note,
        json.dumps(list(annotation.tags)),
        annotation.color,
        annotation.status,
        annotation.created_at,
        annotation.updated_at,
    )


def create(
    store: Store,
    article_id: int,
    text: str,
    start: int,
    end: int,
    note: str = "",
    tags: Sequence[str] = (),
    color: str = "yellow",
) -> Annotation:
    stamp = now_iso()
    fields = make_anchor(text, start, end)
    annotation = Annotation(
        id=0,
        uid=new_uid(),
        article_id=article_id,
        note=note,
        tags=tuple(dict.fromkeys(tags)),
        color=color,
        created_at=stamp,
        updated_at=stamp,
        **fields,
    )
    with store.write() as conn:
        cursor = conn.execute(
            f"INSERT INTO annotations ({_QUOTED}) VALUES ({', '.join('?' for _ in _FIELDS)})",
            _values(annotation),
        )
    return replace(annotation, id=int(cursor.lastrowid or 0))


def highlight(
    store: Store, article_id: int, text: str, start: int, end: int
) -> tuple[Annotation, bool]:
    """The highlight on exactly text[start:end], made now unless one is there already (a second
    H on a sentence, or a on a highlighted passage, must not store a twin); with whether it was
    made. The look and the insert share one write transaction, so two quick presses make one."""
    stamp = now_iso()
    annotation = Annotation(
        id=0,
        uid=new_uid(),
        article_id=article_id,
        note="",
        tags=(),
        color="yellow",
        created_at=stamp,
        updated_at=stamp,
        **make_anchor(text, start, end),
    )
    with store.write() as conn:
        existing = conn.execute(
            'SELECT * FROM annotations WHERE article_id = ? AND start = ? AND "end" = ?'
            " AND status != 'orphaned' ORDER BY id LIMIT 1",
            (article_id, annotation.start, annotation.end),
        ).fetchone()
        if existing is not None:
            return _annotation(existing), False
        cursor = conn.execute(
            f"INSERT INTO annotations ({_QUOTED}) VALUES ({', '.join('?' for _ in _FIELDS)})",
            _values(annotation),
        )
    return replace(annotation, id=int(cursor.lastrowid or 0)), True


def update(
    store: Store,
    annotation_id: int,
    *,
    note: str | None = None,
    tags: Sequence[str] | None = None,
    color: str | None = None,
) -> None:
    sets: list[str] = ["updated_at = ?"]
    params: list[Any] = [now_iso()]
    if note is not None:
        sets.append("note = ?")
        params.append(note)
    if tags is not None:
        sets.append("tags = ?")
        params.append(json.dumps(list(dict.fromkeys(tags))))
    if color is not None:
        sets.append("color = ?")
        params.append(color)
    with store.write() as conn:
        cursor = conn.execute(
            f"UPDATE annotations SET {', '.join(sets)} WHERE id = ?", [*params, annotation_id]
        )
        if cursor.rowcount == 0:
            raise NotFoundError(f"no annotation with id {annotation_id}")


def delete(store: Store, annotation_id: int) -> None:
    with store.write() as conn:
        conn.execute("DELETE FROM annotations WHERE id = ?", (annotation_id,))


def for_article(store: Store, article_id: int) -> list[Annotation]:
    rows = store.query(
        "SELECT * FROM annotations WHERE article_id = ? ORDER BY status = 'orphaned', start, id",
        (article_id,),
    )
    return [_annotation(row) for row in rows]


def get(store: Store, annotation_id: int) -> Annotation:
    row = store.query_one("SELECT * FROM annotations WHERE id = ?", (annotation_id,))
    if row is None:
        raise NotFoundError(f"no annotation with id {annotation_id}")
    return _annotation(row)


def listing(
    store: Store, article_id: int | None = None, tag: str | None = None, feed_id: int | None = None
) -> list[tuple[Annotation, ArticleInfo]]:
    clauses: list[str] = []
    params: list[Any] = []
    if article_id is not None:
        clauses.append("n.article_id = ?")
        params.append(article_id)
    if tag is not None:
        clauses.append("EXISTS (SELECT 1 FROM json_each(n.tags) t WHERE t.value = ?)")
        params.append(tag)
    if feed_id is not None:
        clauses.append("a.feed_id = ?")
        params.append(feed_id)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    # Notes whose article went with its feed are listed from what was kept of the article
    # (detached_articles), after the others.
    rows = store.query(
        "SELECT n.*, COALESCE(a.title, d.title, '') AS a_title, "
        "COALESCE(a.link, d.link, '') AS a_link, COALESCE(a.guid, d.guid, '') AS a_guid, "
        "COALESCE(a.published, a.updated, d.published) AS a_published, "
        "COALESCE(f.title, d.feed_title, '') AS f_title, COALESCE(f.url, d.feed_url, '') AS f_url "
        "FROM annotations n LEFT JOIN articles a ON a.id = n.article_id "
        "LEFT JOIN feeds f ON f.id = a.feed_id "
        f"LEFT JOIN detached_articles d ON d.id = n.article_id{where} "
        "ORDER BY a.id IS NULL, a.sort_date DESC, a.id, n.status = 'orphaned', n.start, n.id",
        params,
    )
    return [
        (
            _annotation(row),
            ArticleInfo(
                row["article_id"],
                row["a_title"],
                row["f_title"],
                row["f_url"],
                row["a_link"],
                row["a_guid"],
                row["a_published"],
            ),
        )
        for row in rows
    ]


# Re-anchorings computed before a write transaction, found again inside it: the write lock is
# then held for the UPDATE statements only, not for the fuzzy matching.
_PLANNED: dict[tuple[Annotation, str], Annotation] = {}
_PLANNED_LIMIT = 4096


def _reanchored(annotation: Annotation, text: str) -> Annotation:
    """``reanchor``, from the plan made before the transaction when there is one."""
    planned = _PLANNED.pop((annotation, text_hash(text)), None)
    return planned if planned is not None else reanchor(annotation, text)


def plan_reanchors(store: Store, feed: int | str, articles: Sequence[tuple[str, str, str]]) -> int:
    """Before a feed is written: re-anchor, outside any transaction, the annotations of its
    stored articles whose text is about to change. ``feed`` is the feed's id or URL;
    ``articles`` are (key, content hash, new
    text); returns how many were planned. Anything the plan missed (the library changed
    meanwhile) is simply computed inside the transaction as before."""
    incoming = {key: (digest, text) for key, digest, text in articles}
    if not incoming:
        return 0
    rows = store.query(
        "SELECT n.*, a.key AS a_key, a.content_hash AS a_hash FROM annotations n "
        "JOIN articles a ON a.id = n.article_id JOIN feeds f ON f.id = a.feed_id "
        f"WHERE f.{'id' if isinstance(feed, int) else 'url'} = ?",
        (feed,),
    )
    planned = 0
    for row in rows:
        change = incoming.get(row["a_key"])
        if change is None or change[0] == row["a_hash"]:
            continue
        annotation = _annotation(row)
        if len(_PLANNED) >= _PLANNED_LIMIT:
            _PLANNED.clear()
        _PLANNED[(annotation, text_hash(change[1]))] = reanchor(annotation, change[1])
        planned += 1
    return planned


def reanchor_article(conn: sqlite3.Connection, article_id: int, text: str) -> int:
    """Re-place an article's annotations in its new text (inside the caller's transaction)."""
    rows = conn.execute("SELECT * FROM annotations WHERE article_id = ?", (article_id,)).fetchall()
    changed = 0
    for row in rows:
        before = _annotation(row)
        after = _reanchored(before, text)
        if after != before:
            changed += 1
            conn.execute(
                'UPDATE annotations SET quote = ?, prefix = ?, suffix = ?, start = ?, "end" = ?, '
                "text_hash = ?, status = ? WHERE id = ?",
                (
                    after.quote,
                    after.prefix,
                    after.suffix,
                    after.start,
                    after.end,
                    after.text_hash,
                    after.status,
                    after.id,
                ),
            )
    return changed


def find_article(store: Store, info: ArticleRef) -> int | None:
    """The library's article for an exported annotation: by feed and guid, link, or title."""
    guid, link, title, feed_url = info.guid, info.link, info.title, info.feed_url
    if guid and feed_url:
        row = store.query_one(
            "SELECT a.id FROM articles a JOIN feeds f ON f.id = a.feed_id "
            "WHERE f.url = ? AND a.guid = ?",
            (feed_url, guid),
        )
        if row:
            return int(row[0])
    if link:
        row = store.query_one("SELECT id FROM articles WHERE link = ? ORDER BY id LIMIT 1", (link,))
        if row:
            return int(row[0])
    if title:
        row = store.query_one(
            "SELECT id FROM articles WHERE title = ? ORDER BY id LIMIT 1", (title,)
        )
        if row:
            return int(row[0])
    return None


def upsert(store: Store, annotation: Annotation, article_text: str) -> bool:
    """Restore an annotation (by uid): True if it was new. Re-anchored to the current text."""
    return restore(store, annotation, article_text) == "new"


def restore(store: Store, annotation: Annotation, article_text: str) -> str:
    """Restore an imported annotation by uid, keeping the newer copy: 'new', 'updated',
    'unchanged', 'older' (the library's copy is newer: kept) or 'other article' (the uid is
    on another article here: an import never moves an annotation). Re-anchoring is computed
    before the write transaction, so the lock is held only for the few statements."""
    placed = reanchor(annotation, article_text)
    with store.write() as conn:
        existing = conn.execute(
            "SELECT id, article_id, updated_at FROM annotations WHERE uid = ?", (annotation.uid,)
        ).fetchone()
        if existing is None:
            conn.execute(
                f"INSERT INTO annotations ({_QUOTED}) VALUES ({', '.join('?' for _ in _FIELDS)})",
                _values(placed),
            )
            return "new"
        if existing["article_id"] != placed.article_id:
            return "other article"
        if existing["updated_at"] == placed.updated_at:
            return "unchanged"
        ours, theirs = stamp_order(existing["updated_at"]), stamp_order(placed.updated_at)
        if theirs is None or (ours is not None and theirs <= ours):
            return "older"
        conn.execute(
            "UPDATE annotations SET quote = ?, prefix = ?, suffix = ?, "
            'start = ?, "end" = ?, text_hash = ?, note = ?, tags = ?, color = ?, '
            "status = ?, created_at = ?, updated_at = ? WHERE uid = ?",
            (*_values(placed)[2:], placed.uid),
        )
        return "updated"


# Notes kept of a deleted feed's articles (detached_articles) whose article the feed holds
# again: the same feed URL, and the entry's key (its guid, or its link when it had no guid).
# Driven from the few detached notes, each article found by the (feed, key) index: this runs
# with every batch a feed stores, and never scans the feed's articles.
_COMING_BACK = (
    "SELECT n.id AS note, a.id AS article, a.text AS text FROM annotations n "
    "JOIN detached_articles d ON d.id = n.article_id "
    "JOIN articles a ON a.feed_id = ? "
    "AND a.key = (CASE WHEN d.guid != '' THEN d.guid ELSE d.link END) "
    "WHERE n.article_id < 0 AND (d.guid != '' OR d.link != '') "
    "AND d.feed_url = (SELECT url FROM feeds WHERE id = ?)"
)


def reattach_feed(conn: sqlite3.Connection, feed_id: int) -> int:
    """Notes of a deleted feed whose articles are stored again, placed back on them and
    re-anchored in their text as it is now, inside the caller's transaction: the one that
    stores the feed's articles, so the very next read shows them on their articles (done
    after the whole import or refresh, they stayed orphaned meanwhile, and for good when it
    was stopped). How many. What was kept of a detached article goes once no note names it."""
    # One probe of the index: a library with no detached note (nearly always) pays nothing.
    if conn.execute("SELECT 1 FROM annotations WHERE article_id < 0 LIMIT 1").fetchone() is None:
        return 0
    found = conn.execute(_COMING_BACK, (feed_id, feed_id)).fetchall()
    if not found:
        return 0
    texts: dict[int, str] = {}
    placed = 0
    for row in found:
        placed += conn.execute(
            "UPDATE annotations SET article_id = ? WHERE id = ? AND article_id < 0",
            (row["article"], row["note"]),
        ).rowcount
        texts[int(row["article"])] = str(row["text"])
    for article_id, text in texts.items():
        reanchor_article(conn, article_id, text)
    conn.execute(
        "DELETE FROM detached_articles WHERE id < 0 AND id NOT IN "
        "(SELECT article_id FROM annotations WHERE article_id < 0)"
    )
    return placed


def count_annotations(store: Store) -> tuple[int, int, int]:
    """The library's (highlights, notes, orphaned): a note is an annotation whose note text is
    not blank, a highlight one whose is; orphaned counts either kind whose article is gone."""
    row = store.query_one(
        "SELECT COALESCE(SUM(TRIM(note) = ''), 0), COALESCE(SUM(TRIM(note) != ''), 0), "
        "COALESCE(SUM(status = 'orphaned'), 0) FROM annotations"
    )
    return (int(row[0]), int(row[1]), int(row[2])) if row else (0, 0, 0)
