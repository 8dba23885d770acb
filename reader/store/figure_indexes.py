"""The figures table's lookup indexes set aside while a large analysis drain writes mentions,
and built again after it.

Each mention stored goes into three indexes in an order unrelated to the order mentions are
written (by value, by value and noun, by noun), so a batch of mentions dirties index pages all
over them: at 100,000 articles most of what a batch writes to the WAL (and copies back at each
checkpoint) is index pages, and the share grows with the library. A drain that writes a large
share of the library's mentions instead drops these indexes, writes without them and builds
them once at the end, a sort of the whole table that costs less than keeping them up to date.

What was set aside is recorded in the library (the state ``figure_indexes_aside``: the
indexes' own CREATE statements, read from the schema as they are), in the transaction that
drops them, so a process killed during its drain leaves the next drain to build them. The
indexes only make lookups faster: without them every query still gives the same rows.
"""

from __future__ import annotations

import json

from reader.store.db import Store, write_state

#: The indexes of ``figures`` kept up to date in an order unrelated to the mentions' ids.
#: ``figures_by_article`` stays: the drain itself finds an article's old mentions by it.
LOOKUP_INDEXES = ("figures_by_value", "figures_by_value_noun", "figures_by_noun")
_STATE_KEY = "figure_indexes_aside"


def set_aside(store: Store) -> None:
    """Drop the lookup indexes, recording how to build them again (in one short write)."""
    with store.write() as conn:
        row = conn.execute("SELECT value FROM state WHERE key = ?", (_STATE_KEY,)).fetchone()
        aside: dict[str, str] = json.loads(row[0]) if row else {}
        marks = ", ".join("?" for _ in LOOKUP_INDEXES)
        present = conn.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN ({marks})",
            LOOKUP_INDEXES,
        ).fetchall()
        if not present:
            return
        for name, sql in present:
            aside[str(name)] = str(sql)
            conn.execute(f'DROP INDEX "{name}"')
        write_state(conn, _STATE_KEY, json.dumps(aside, sort_keys=True))


def aside(store: Store) -> dict[str, str]:
    """The indexes set aside and not built again yet: name -> CREATE statement."""
    value = store.get_state(_STATE_KEY)
    return dict(json.loads(value)) if value else {}


def restore(store: Store) -> int:
    """Build the indexes set aside again, a write each (a second or two of sorting at 100,000
    articles, while other writers wait; readers do not); returns how many were built."""
    built = 0
    for name, sql in sorted(aside(store).items()):
        with store.write() as conn:
            exists = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)
            ).fetchone()
            if exists is None:
                conn.execute(sql)
                built += 1
            row = conn.execute("SELECT value FROM state WHERE key = ?", (_STATE_KEY,)).fetchone()
            left = {k: v for k, v in (json.loads(row[0]) if row else {}).items() if k != name}
            if left:
                write_state(conn, _STATE_KEY, json.dumps(left, sort_keys=True))
            else:
                conn.execute("DELETE FROM state WHERE key = ?", (_STATE_KEY,))
    return built
