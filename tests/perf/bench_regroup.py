"""Figure groups after a refresh: 50 new articles (a feed of their own, dated after the
library's newest, as run.py's row makes them) added to a copy of a grouped library, then the
regrouping the reader does after the drain, timed as CPU and wall, with the load average.

    uv run python tests/perf/bench_regroup.py LIBRARY.sqlite [--profile] [--check]

LIBRARY is a library whose groups are built (tests/perf/run.py --keep leaves one); it is
copied, never changed. As in run.py's row, the new feed is by default a copy of the library's
first feed (5 of its 50 articles update old ones); ``--outlet other`` makes all 50 new. ``--profile`` prints where the regrouping's time goes; ``--check``
then rebuilds every group and says whether the regrouped groups equal the rebuilt ones.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader import analysis  # noqa: E402
from reader.clock import ISO_FORMAT  # noqa: E402
from reader.figures.compare import FigureGroup  # noqa: E402
from reader.library import Library  # noqa: E402
from tests.perf.corpus import END, write_corpus  # noqa: E402


def comparable(groups: list[FigureGroup]) -> list[tuple[object, ...]]:
    """Groups without their row ids, in a fixed order."""
    return sorted(
        (g.kind, g.label, g.value, g.unit, g.noun, g.mention_ids, g.articles, g.feeds, g.bucket)
        for g in groups
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("library", type=Path)
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--check", action="store_true", help="compare with a whole rebuild")
    parser.add_argument(
        "--outlet",
        default="outlet",
        help="the new feed's publisher: 'outlet' (as run.py) makes it a copy of the library's "
        "first feed, so a few of its articles are updates of old ones; another name: all new",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.library.parent) as folder:
        work = Path(folder)
        db = work / "library.sqlite"
        shutil.copy(args.library, db)
        library = Library(db)
        # Dated after the library's newest article, as a refresh brings them (a library a
        # benchmark refreshed before already holds articles dated after END).
        row = library.store.query_one("SELECT MAX(sort_date) FROM articles")
        newest = datetime.strptime(row[0], ISO_FORMAT).replace(tzinfo=UTC) if row else END
        start = max(END, newest + timedelta(minutes=1))
        files = write_corpus(
            work / "refresh",
            args.articles,
            feeds=1,
            seed=101,
            start=start,
            end=start + timedelta(days=1),
            outlet=args.outlet,
        )
        if not library.figure_groups_current():
            library.update_figure_groups()  # a library left stale: current before the refresh
        library.import_paths(files, processes=1)
        # Their figures, as the analysis stage reads them: the queue only (a library left by
        # an older extractor is not analysed again here).
        analysis.drain(library.store, 0, threading.Event())
        started_cpu = time.process_time()
        profile = cProfile.Profile() if args.profile else None
        if profile:
            profile.enable()
        library.stories.update()  # story assignment is its own step after a drain
        assigned_cpu = time.process_time() - started_cpu
        regroup_cpu, regroup_started = time.process_time(), time.perf_counter()
        buckets = library.update_figure_groups()
        regroup_cpu = time.process_time() - regroup_cpu
        wall = time.perf_counter() - regroup_started
        if profile:
            profile.disable()
        print(
            f"{args.articles} new articles: stories {assigned_cpu:.2f} s CPU; regroup "
            f"{regroup_cpu:.2f} s CPU, {wall:.2f} s wall ({buckets} regrouped); "
            f"load {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        if profile:
            pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
        if args.check:
            regrouped = comparable(library.figure_groups())
            library.rebuild_figure_groups()
            rebuilt = comparable(library.figure_groups())
            same = "the same as" if regrouped == rebuilt else "DIFFERENT from"
            print(f"regrouped groups ({len(regrouped)}) are {same} a rebuild ({len(rebuilt)})")
        library.close()


if __name__ == "__main__":
    from reader.child_process import children_skip_main

    children_skip_main()  # as the feedlens command: workers need not run this script again
    main()
