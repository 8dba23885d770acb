"""Date-ordered list pages at a large library: CPU per page (the first, one in the middle, the
last, where G goes) for All, Unread and one feed, newest and oldest first.

    uv run python tests/perf/bench_list_order.py --size 1000000

Undated articles go last in both orders (reader/store/articles.py): each part must still be
read from an index, a deep page costing an index step a row, never a sort of the library. It
builds a library of ``--size`` articles (1% undated, half unread, ten feeds) straight into the
file, then prints CPU milliseconds per page (median of 5) and each query's plan. Run it on the
code before and after a change, back to back: CPU time, not wall time (a busy machine).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from reader.library import Library
from reader.store.articles import ArticleFilter, list_articles

PAGE = 100
RUNS = 5


def build(db: Path, size: int) -> Library:
    library = Library(db)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    stamp = "2026-11-30T00:00:00Z"
    with library.store.write() as conn:
        for feed in range(10):
            conn.execute(
                "INSERT INTO feeds (url, title, added_at, updated_at) VALUES (?, ?, ?, ?)",
                (f"file:///f{feed}.xml", f"Feed {feed}", stamp, stamp),
            )
        rows = []
        for n in range(size):
            undated = n % 100 == 0
            date = (start + timedelta(minutes=n)).strftime("%Y-%m-%dT%H:%M:%SZ")
            rows.append(
                (
                    1 + n % 10,
                    f"k{n}",
                    f"t{n}",
                    None if undated else date,
                    stamp if undated else date,
                    n % 2,
                    stamp,
                    stamp,
                )
            )
        conn.executemany(
            "INSERT INTO articles (feed_id, key, title, published, sort_date, read, "
            "content_hash, added_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'h', ?, ?)",
            [(f, k, t, p, s, r, a, u) for f, k, t, p, s, r, a, u in rows],
        )
        columns = {row[1] for row in conn.execute("PRAGMA table_info(articles)")}
        if "undated" in columns:  # the code under test marks them as its import does
            conn.execute(
                "UPDATE articles SET undated = 1 "
                "WHERE sort_date IS NOT published AND sort_date IS NOT updated"
            )
    return library


def cpu_ms(work) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(RUNS):
        began = time.process_time()
        work()
        times.append((time.process_time() - began) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        began = time.process_time()
        library = build(Path(folder) / "l.sqlite", args.size)
        print(f"{args.size:,} articles built in {time.process_time() - began:.1f} s CPU")
        views = {
            "all": ArticleFilter(),
            "unread": ArticleFilter(unread_only=True),
            "feed": ArticleFilter(feed_id=1),  # the feed holding the undated ones
        }
        print(f"{'view':14}{'first':>10}{'middle':>10}{'last':>10}   (CPU ms a page)")
        for sort in ("newest", "oldest"):
            for name, base in views.items():
                view = ArticleFilter(base.feed_id, None, base.unread_only, sort=sort)
                total = library.store.query_one(
                    "SELECT COUNT(*) FROM articles a" + view.where()[0], view.where()[1]
                )[0]
                shown = []
                for offset in (0, total // 2, max(total - PAGE, 0)):
                    shown.append(
                        cpu_ms(lambda o=offset, v=view: list_articles(library.store, v, o, PAGE))
                    )
                last = list_articles(library.store, view, max(total - PAGE, 0), PAGE)
                tail = sum(1 for row in last if row.published is None)
                print(
                    f"{sort + ' ' + name:14}"
                    + "".join(f"{ms:10.2f}" for ms in shown)
                    + f"   last page: {tail} undated of {len(last)}"
                )
        library.close()


if __name__ == "__main__":
    main()
