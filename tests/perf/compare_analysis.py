"""Whether two libraries hold the same analysis, row by row: mentions (with their context
words and ids), dirty buckets, extractor versions, the queue, stories and their articles,
figure groups, and the figures' indexes as the schema defines them. For checking that a
change to how the analysis stage works changed nothing it stores.

    uv run python tests/perf/compare_analysis.py OLD.sqlite NEW.sqlite

With ``--from QUEUED.sqlite`` it first makes both: two copies of an imported, unanalysed
library analysed to the end (figures, then stories and groups), one keeping the figures'
lookup indexes during the drain and one setting them aside (reader/store/figure_indexes.py).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

# Two worker processes finish batches in an order that varies from run to run, and with it
# the mentions' row ids and the change counter of dirty buckets: those are left out (a run of
# the same code twice differs in them too; groups name their mentions by what they are, and
# group ids are left out); everything else must be equal.
TABLES = {
    "figures": 'SELECT * FROM figures ORDER BY article_id, field, start, "end", id',
    "figure_dirty": "SELECT bucket, first_date, last_date FROM figure_dirty ORDER BY bucket",
    "figure_removed": "SELECT * FROM figure_removed ORDER BY id",
    "extractor versions": "SELECT id, extractor_version FROM articles ORDER BY id",
    "analysis_queue": "SELECT * FROM analysis_queue ORDER BY id",
    "stories": "SELECT * FROM stories ORDER BY id",
    "story_articles": "SELECT * FROM story_articles ORDER BY article_id",
    "figure_groups": "SELECT * FROM figure_groups ORDER BY id",
    "figure indexes": "SELECT name, sql FROM sqlite_master WHERE tbl_name = 'figures' "
    "ORDER BY name",
}


def compare(old: Path, new: Path) -> bool:
    same = True
    first, second = sqlite3.connect(old), sqlite3.connect(new)
    for name, sql in TABLES.items():
        try:
            a, b = first.execute(sql).fetchall(), second.execute(sql).fetchall()
            if name == "figures":  # without the row id (the first column)
                a, b = [row[1:] for row in a], [row[1:] for row in b]
            elif name == "figure_groups":  # mentions named by what they are, not their ids
                a, b = _groups_by_content(first, a), _groups_by_content(second, b)
        except sqlite3.OperationalError as error:
            print(f"{name}: not compared ({error})")
            continue
        differing = sum(1 for x, y in zip(a, b, strict=False) if x != y) + abs(len(a) - len(b))
        same = same and differing == 0
        print(f"{name}: {len(a):,} rows vs {len(b):,}, {differing:,} differing")
    return same


def _groups_by_content(
    conn: sqlite3.Connection, rows: list[tuple[object, ...]]
) -> list[tuple[object, ...]]:
    """Groups with their mention ids replaced by (article, field, start, end), sorted."""
    mentions = {
        row[0]: tuple(row[1:])
        for row in conn.execute('SELECT id, article_id, field, start, "end" FROM figures')
    }
    columns = [row[1] for row in conn.execute("PRAGMA table_info(figure_groups)")]
    named = []
    for row in rows:
        fields = dict(zip(columns, row, strict=True))
        ids = json.loads(str(fields.pop("mention_ids")))
        fields.pop("id")
        named.append((repr(sorted(fields.items())), sorted(mentions[i] for i in ids)))
    return sorted(named)


def analysed_copy(queued: Path, target: Path, set_aside_at: int) -> None:
    from reader import analysis
    from reader.library import Library

    shutil.copyfile(queued, target)
    library = Library(target)
    analysis.drain(library.store, 2, threading.Event(), set_aside_at=set_aside_at)
    assert library.wait_for_analysis().complete  # the steps after the drain: stories, groups
    library.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--from", dest="queued", type=Path)
    args = parser.parse_args()
    if args.queued:
        analysed_copy(args.queued, args.old, set_aside_at=10**12)
        analysed_copy(args.queued, args.new, set_aside_at=1)
    print("the same" if compare(args.old, args.new) else "DIFFERENT")


if __name__ == "__main__":
    from reader.child_process import children_skip_main

    children_skip_main()  # as the feedlens command: workers need not run this script again
    main()
