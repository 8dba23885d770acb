"""Figure mentions and figure groups in the library: writing an article's mentions, reading
them back, and caching the groups built across the library.

Groups are rebuilt when the library's figures changed since the last build (a counter in the
state table moves with every import that touched figures); listing them reads the cache.
"""

from __future__ import annotations

import json
import operator
import sqlite3
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from reader.figures.compare import FigureGroup, MentionRecord, timestamp
from reader.figures.extract import FigureMention
from reader.store.db import Store

MAX_CONTEXT_WORDS = 24  # enough to tell stories apart; bounds memory at a million articles
_COLUMNS = (
    "start",
    "end",
    "text",
    "sentence_start",
    "sentence_end",
    "value",
    "low",
    "high",
    "kind",
    "unit",
    "rate",
    "noun",
    "noun_text",
    "event",
    "qualifier",
    "bound",
    "modality",
    "vague",
    "precision",
)
_QUOTED = ", ".join(f'"{c}"' for c in _COLUMNS)


@dataclass(frozen=True)
class StoredFigure:
    """A mention as stored, with its row id and article."""

    id: int
    article_id: int
    mention: FigureMention


def replace_figures(
    conn: sqlite3.Connection,
    article_id: int,
    figures: Iterable[tuple[FigureMention, str]],
) -> None:
    """Write an article's mentions (with their context words), replacing any it had."""
    conn.execute("DELETE FROM figures WHERE article_id = ?", (article_id,))
    insert_figures(conn, ((article_id, mention, context) for mention, context in figures))


_INSERT_FIGURE = (
    f"INSERT INTO figures (article_id, {_QUOTED}, context) "
    f"VALUES (?, {', '.join('?' for _ in _COLUMNS)}, ?)"
)
_FIELDS = operator.attrgetter(*_COLUMNS)


def insert_figures(
    conn: sqlite3.Connection, rows: Iterable[tuple[int, FigureMention, str]]
) -> None:
    """Write mentions of articles that have none yet: (article id, mention, context words)."""
    conn.executemany(
        _INSERT_FIGURE,
        [(article_id, *_FIELDS(mention), context) for article_id, mention, context in rows],
    )


def bump_version(conn: sqlite3.Connection) -> None:
    """Record that figures changed, so cached groups are rebuilt before they are listed."""
    conn.execute(
        "INSERT INTO state (key, value) VALUES ('figures_changed', '1') "
        "ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
    )


def _mention(row: sqlite3.Row) -> FigureMention:
    return FigureMention(**{c: row[c] for c in _COLUMNS if c != "vague"}, vague=bool(row["vague"]))


def article_figures(store: Store, article_id: int) -> list[StoredFigure]:
    rows = store.query(
        f"SELECT id, article_id, {_QUOTED} FROM figures WHERE article_id = ? ORDER BY start",
        (article_id,),
    )
    return [StoredFigure(row["id"], row["article_id"], _mention(row)) for row in rows]


def figures_by_id(store: Store, ids: Sequence[int]) -> dict[int, StoredFigure]:
    found: dict[int, StoredFigure] = {}
    for chunk_start in range(0, len(ids), 500):
        chunk = list(ids[chunk_start : chunk_start + 500])
        rows = store.query(
            f"SELECT id, article_id, {_QUOTED} FROM figures WHERE id IN "
            f"({', '.join('?' for _ in chunk)})",
            chunk,
        )
        for row in rows:
            found[row["id"]] = StoredFigure(row["id"], row["article_id"], _mention(row))
    return found


_ORDERS = {
    "value": "f.kind, f.unit, f.rate, f.value",
    "quantity": "f.kind, f.unit, f.rate, f.noun",
}


def mention_records(store: Store, order: str = "value") -> Iterator[MentionRecord]:
    """Every groupable mention (not vague, with a value) with its article's feed and date,
    streamed in the order grouping needs, so memory holds one bucket, not the library."""
    where = "f.vague = 0 AND f.value IS NOT NULL"
    if order == "quantity":
        where += " AND f.noun != ''"
    with store.reader() as conn:
        cursor = conn.execute(
            "SELECT f.id, f.article_id, a.feed_id, a.sort_date, f.text, f.value, f.low, f.high, "
            "f.kind, f.unit, f.rate, f.noun, f.noun_text, f.event, f.qualifier, f.bound, "
            "f.modality, f.precision, f.context FROM figures f JOIN articles a "
            f"ON a.id = f.article_id WHERE {where} ORDER BY {_ORDERS[order]}"
        )
        cursor.row_factory = None  # plain tuples: millions of rows are read here
        intern = sys.intern
        seconds: dict[str, float] = {}  # an article's mentions share its date
        while rows := cursor.fetchmany(5000):
            for row in rows:
                (mention_id, article_id, feed_id, date, text, value, low, high) = row[:8]
                (kind, unit, rate, noun, noun_text, event, qualifier, bound, modality) = row[8:17]
                moment = seconds.get(date)
                if moment is None:
                    if len(seconds) > 100_000:
                        seconds.clear()
                    moment = seconds[date] = timestamp(date)
                yield MentionRecord(
                    mention_id,
                    article_id,
                    feed_id,
                    date,
                    text,
                    value,
                    low,
                    high,
                    intern(kind),
                    intern(unit),
                    intern(rate),
                    intern(noun),
                    intern(noun_text),
                    intern(event),
                    intern(qualifier),
                    intern(bound),
                    intern(modality),
                    row[17],
                    frozenset(map(intern, row[18].split()[:MAX_CONTEXT_WORDS])),
                    moment,
                )


def groups_are_current(store: Store) -> bool:
    changed = store.get_state("figures_changed") or "0"
    built = store.get_state("figures_grouped") or "-1"
    return changed == built


def save_groups(store: Store, groups: Sequence[FigureGroup]) -> None:
    changed = store.get_state("figures_changed") or "0"
    with store.write() as conn:
        conn.execute("DELETE FROM figure_groups")
        conn.executemany(
            "INSERT INTO figure_groups (kind, label, value, unit, noun, articles, feeds, "
            "mention_ids, rank) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    g.kind,
                    g.label,
                    g.value,
                    g.unit,
                    g.noun,
                    g.articles,
                    g.feeds,
                    json.dumps(list(g.mention_ids)),
                    rank,
                )
                for rank, g in enumerate(groups)
            ],
        )
        conn.execute(
            "INSERT INTO state (key, value) VALUES ('figures_grouped', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (changed,),
        )


def _group(row: sqlite3.Row) -> FigureGroup:
    return FigureGroup(
        kind=row["kind"],
        label=row["label"],
        value=row["value"],
        unit=row["unit"],
        noun=row["noun"],
        mention_ids=tuple(json.loads(row["mention_ids"])),
        articles=row["articles"],
        feeds=row["feeds"],
        id=row["id"],
    )


def load_groups(
    store: Store, offset: int = 0, limit: int | None = None, min_articles: int = 2
) -> list[FigureGroup]:
    rows = store.query(
        "SELECT * FROM figure_groups WHERE articles >= ? ORDER BY rank LIMIT ? OFFSET ?",
        (min_articles, -1 if limit is None else limit, offset),
    )
    return [_group(row) for row in rows]


def groups_of_mentions(store: Store, mention_ids: Sequence[int]) -> dict[int, list[FigureGroup]]:
    """The cached groups each of these mentions belongs to."""
    wanted = list(mention_ids)[:900]
    if not wanted:
        return {}
    rows = store.query(
        "SELECT g.*, j.value AS member FROM figure_groups g, json_each(g.mention_ids) j "
        f"WHERE j.value IN ({', '.join('?' for _ in wanted)}) ORDER BY g.rank",
        wanted,
    )
    found: dict[int, list[FigureGroup]] = {}
    for row in rows:
        found.setdefault(int(row["member"]), []).append(_group(row))
    return found


def articles_needing_extraction(
    store: Store, version: int, after_id: int, batch: int
) -> list[sqlite3.Row]:
    return store.query(
        "SELECT id, title, text FROM articles WHERE id > ? AND extractor_version < ? "
        "ORDER BY id LIMIT ?",
        (after_id, version, batch),
    )
