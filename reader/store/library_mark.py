"""A cheap mark of what the reader's article list and sidebar show, to notice another
process's writes: an import or refresh from the CLI adds articles (a newer largest id) and
feeds, a deletion takes feeds away. Three index reads, so the reader can ask every few
seconds on a library of a million articles; read states and text changed elsewhere are not
in it (the list shows them when next read)."""

from __future__ import annotations

from reader.store.db import Store


def library_mark(store: Store) -> tuple[int, int, int]:
    """(largest article id, feeds, largest feed id): changes when articles or feeds are added
    or feeds removed, by any process."""
    row = store.query_one(
        "SELECT (SELECT COALESCE(MAX(id), 0) FROM articles), (SELECT COUNT(*) FROM feeds), "
        "(SELECT COALESCE(MAX(id), 0) FROM feeds)"
    )
    return (int(row[0]), int(row[1]), int(row[2])) if row is not None else (0, 0, 0)
