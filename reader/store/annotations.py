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

from reader.annotations import Annotation, ArticleInfo, make_anchor, new_uid, reanchor
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
        tags=tuple(json.loads(row["tags"])),
        color=row["color"],
        status=row["status"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


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


def reanchor_article(conn: sqlite3.Connection, article_id: int, text: str) -> int:
    """Re-place an article's annotations in its new text (inside the caller's transaction)."""
    rows = conn.execute("SELECT * FROM annotations WHERE article_id = ?", (article_id,)).fetchall()
    changed = 0
    for row in rows:
        before = _annotation(row)
        after = reanchor(before, text)
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


def find_article(store: Store, info: dict[str, Any]) -> int | None:
    """The library's article for an exported annotation: by feed and guid, link, or title."""
    guid, link, title = info.get("guid") or "", info.get("link") or "", info.get("title") or ""
    feed_url = info.get("feed_url") or ""
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
    placed = reanchor(annotation, article_text)
    with store.write() as conn:
        existing = conn.execute(
            "SELECT id FROM annotations WHERE uid = ?", (annotation.uid,)
        ).fetchone()
        if existing:
            conn.execute(
                "UPDATE annotations SET article_id = ?, quote = ?, prefix = ?, suffix = ?, "
                'start = ?, "end" = ?, text_hash = ?, note = ?, tags = ?, color = ?, '
                "status = ?, created_at = ?, updated_at = ? WHERE uid = ?",
                (*_values(placed)[1:], placed.uid),
            )
            return False
        conn.execute(
            f"INSERT INTO annotations ({_QUOTED}) VALUES ({', '.join('?' for _ in _FIELDS)})",
            _values(placed),
        )
        return True
