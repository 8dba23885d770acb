"""Entries of one feed that share a GUID, told apart by what they say rather than where they sit.

Parsing keys repeats of a GUID by position (``guid``, ``guid#2``, ``guid#3`` in feed order). A
feed that reorders them, or publishes a new one on top, would then hand one entry's read flag,
star and notes to another. Before a feed is saved, the entries of each such group are matched
to the stored articles of the group by link, title and date first and by position only last;
what matches nothing gets a key no stored article has, so it arrives new (and unread).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Collection, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.pipeline import PreparedArticle

_REPEAT = re.compile(r"^(?P<base>.*)#(?P<n>[1-9][0-9]*)$", re.DOTALL)


def _repeat_number(key: str, base: str) -> int:
    """1 for the base key itself, n for ``base#n``, 0 for a key outside the group."""
    if key == base:
        return 1
    match = _REPEAT.match(key)
    return int(match["n"]) if match and match["base"] == base else 0


def _similarity(article: PreparedArticle, row: sqlite3.Row, shared: set[str]) -> int:
    """How surely an entry is a stored article (0: no evidence). Two of link, title and date
    agreeing is evidence; so is one, when no other entry or article of the group has it
    (``shared`` holds the values several have: a link all repeats point to tells nothing)."""
    agreeing = [
        value
        for value, stored in (
            (article.link, row["link"]),
            (article.title, row["title"]),
            (article.published, row["published"]),
        )
        if value and value == stored
    ]
    if article.link and row["link"] and article.link != row["link"]:
        return 0  # each has its own link, and they differ: two articles
    if len(agreeing) >= 2 or (agreeing and agreeing[0] not in shared):
        return 2 * len(agreeing) + (1 if article.link and article.link == row["link"] else 0)
    return 0


def _shared_values(entries: Sequence[PreparedArticle], rows: Sequence[sqlite3.Row]) -> set[str]:
    """Links, titles and dates that more than one entry, or more than one article, carries."""
    shared: set[str] = set()
    for values in (
        [e.link for e in entries]
        + [e.title for e in entries]
        + [e.published or "" for e in entries],
        [str(r["link"] or "") for r in rows]
        + [str(r["title"] or "") for r in rows]
        + [str(r["published"] or "") for r in rows],
    ):
        seen: set[str] = set()
        for value in values:
            if value in seen:
                shared.add(value)
            seen.add(value)
    return shared


def _groups(articles: Sequence[PreparedArticle], known_keys: Collection[str]) -> list[str]:
    """Base keys that stand for more than one entry, now or in the library."""
    incoming = {article.key for article in articles}
    return [key for key in incoming if f"{key}#2" in incoming or f"{key}#2" in known_keys]


def match_shared_guids(
    conn: sqlite3.Connection,
    feed_id: int,
    articles: Sequence[PreparedArticle],
    known_keys: Collection[str],
) -> list[PreparedArticle]:
    """The feed's entries with the keys of entries sharing a GUID set to the stored article
    each one is (by content first), or to a fresh key when it is new."""
    bases = _groups(articles, known_keys)
    if not bases:
        return list(articles)
    result = list(articles)
    for base in bases:
        members = [i for i, a in enumerate(result) if _repeat_number(a.key, base)]
        rows = [
            row
            for row in conn.execute(
                "SELECT id, key, link, title, published FROM articles "
                "WHERE feed_id = ? AND (key = ? OR substr(key, 1, ?) = ?)",
                (feed_id, base, len(base) + 1, base + "#"),
            )
            if _repeat_number(row["key"], base)
        ]
        for index, key in _assign(base, [result[i] for i in members], rows).items():
            result[members[index]] = replace(result[members[index]], key=key)
    return result


def _assign(base: str, entries: list[PreparedArticle], rows: list[sqlite3.Row]) -> dict[int, str]:
    """For each entry (by its index in ``entries``), the key it is saved under."""
    shared = _shared_values(entries, rows)
    scored = (
        (_similarity(entry, row, shared), i, j)
        for i, entry in enumerate(entries)
        for j, row in enumerate(rows)
    )
    pairs = sorted((-score, i, j) for score, i, j in scored if score > 0)
    keys: dict[int, str] = {}
    taken_rows: set[int] = set()
    for _, i, j in pairs:  # surest agreement first
        if i not in keys and j not in taken_rows:
            keys[i] = rows[j]["key"]
            taken_rows.add(j)
    # Last, by position: an entry that agrees with nothing takes a stored article that agrees
    # with nothing only when it stands at that article's place (its content was edited).
    free_rows = {rows[j]["key"]: j for j in range(len(rows)) if j not in taken_rows}
    used = {str(row["key"]) for row in rows}
    number = 1
    for i, entry in enumerate(entries):
        if i in keys:
            continue
        if entry.key in free_rows and not _contradicts(entry, rows[free_rows[entry.key]]):
            keys[i] = entry.key
            del free_rows[entry.key]
            continue
        while (candidate := base if number == 1 else f"{base}#{number}") in used:
            number += 1
        keys[i] = candidate
        used.add(candidate)
    return keys


def _contradicts(entry: PreparedArticle, row: sqlite3.Row) -> bool:
    """Whether an entry is surely not this stored article: both have a link, and they
    differ (a new entry with its own link published over an old one's place)."""
    return bool(entry.link and row["link"] and entry.link != row["link"])
