"""Which stories a whole rebuild forms, written to a file: to check that a speed change keeps them.

    uv run python tests/perf/stories_partition.py LIBRARY OUT [--copy /tmp/work.sqlite]

Rebuilds the stories of a library (of a copy, with ``--copy``: the rebuild rewrites them) and
writes one line per story: its id, thread, title, article and feed counts, first and last
report, and its articles' ids; then the key spans' count and sums. Run it before and after a
change on the same library and compare the two files (``cmp``): a change meant only to be
faster must leave them equal. Prints the rebuild's wall and CPU time (this process's own: the
feature workers' is not counted) with the load average, as the machine may be busy.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.library import Library  # noqa: E402


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("library", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--copy", type=Path, help="Rebuild a copy made here, not the library.")
    args = parser.parse_args()
    path = args.library
    if args.copy is not None:
        for stale in (args.copy, Path(f"{args.copy}-wal"), Path(f"{args.copy}-shm")):
            stale.unlink(missing_ok=True)
        shutil.copy(path, args.copy)
        path = args.copy
    library = Library(path)
    started, cpu = time.perf_counter(), _cpu_seconds()
    stories = library.stories.rebuild()
    took, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    print(
        f"rebuild: {stories} stories in {took:.1f} s ({cpu:.1f} s CPU here; "
        f"load average {os.getloadavg()[0]:.1f})"
    )
    members: dict[int, list[int]] = {}
    for row in library.store.query(
        "SELECT story_id, article_id FROM story_articles ORDER BY article_id"
    ):
        members.setdefault(int(row[0]), []).append(int(row[1]))
    with args.out.open("w", encoding="utf-8") as out:
        for row in library.store.query(
            "SELECT id, thread_id, title, articles, feeds, first_date, last_date, first_day, "
            "last_day FROM stories ORDER BY id"
        ):
            out.write(f"{tuple(row)} {members.get(int(row[0]), [])}\n")
        spans = library.store.query_one(
            "SELECT COUNT(*), SUM(first_day), SUM(last_day) FROM story_keys"
        )
        out.write(f"key spans {tuple(spans) if spans is not None else ()}\n")
    library.close()


if __name__ == "__main__":
    main()
