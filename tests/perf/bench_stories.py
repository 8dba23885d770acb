"""Story assignment speed, printed: a whole rebuild, and a refresh of 50 articles assigned.

    uv run python tests/perf/bench_stories.py --articles 100000 [--keep /tmp/lib100k.sqlite]
    uv run python tests/perf/bench_stories.py --keep /tmp/lib100k.sqlite --no-refresh  # again
    uv run python tests/perf/bench_stories.py --keep /tmp/lib100k.sqlite --no-merge  # ablation

Builds a library from the deterministic benchmark corpus (tests/perf/corpus.py), or reuses
one kept from an earlier run, then times: a whole story rebuild (every article, id order),
and assigning 50 new articles (one more feed imported) against it. Targets: rebuild at 100k
<= 60 s, 50 new articles <= 1 s. The machine may be busy: run it twice and read both.

The CPU figures are this process's own (its assignment and writes); the rebuild's feature
workers are children of the forkserver, not of this process, so their CPU is printed apart,
read (on Linux) from what the forkserver has reaped of its finished children. Two cores must
hold both: wall time on an idle machine is at least (this process's + the workers' CPU) / 2.
The refresh step changes the library it runs on (its generated feed also updates a few
existing articles), so a second run with ``--keep`` rebuilds a slightly different library;
``--no-refresh`` leaves it out, so a kept library is rebuilt the same way run after run (to
compare two versions of the code, or profile one); ``--no-rebuild --refresh-outlet NAME`` times a
refresh of another feed's new articles on a kept library (a copy: it changes it). ``--no-merge`` times both without the merge
step for split stories (reader.stories.assign.MERGE_STORIES): the cost of the step, old
against new, on one kept library.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.library import Library  # noqa: E402
from reader.stories.features import article_features  # noqa: E402
from reader.stories.service import assign_stories  # noqa: E402
from tests.perf.corpus import END, write_corpus  # noqa: E402


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (not the forkserver's workers):
    on a busy machine, wall time mostly measures the other programs."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _worker_seconds() -> float:
    """CPU time of the forkserver's finished children (the rebuild's feature workers, once
    their pool has shut down); 0 where it cannot be read (no forkserver, not Linux)."""
    from multiprocessing import forkserver

    pid = getattr(getattr(forkserver, "_forkserver", None), "_forkserver_pid", None)
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    # cutime and cstime: the 16th and 17th fields of the line, 14th and 15th after the name.
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="Library file to build once and reuse.")
    parser.add_argument(
        "--no-rebuild",
        action="store_true",
        help="Time only the refresh, against the stories the kept library already has.",
    )
    parser.add_argument(
        "--no-refresh",
        action="store_true",
        help="Time only the rebuild: the kept library stays as it is for the next run.",
    )
    parser.add_argument(
        "--no-merge",
        action="store_true",
        help="Without the merge step for split stories (to time what it costs).",
    )
    parser.add_argument(
        "--refresh-outlet",
        default="outlet",
        help="Publisher of the refreshed feed (its links): another one times a refresh of 50 "
        "new articles again on a kept library refreshed with the default one already.",
    )
    args = parser.parse_args()
    if args.no_merge:
        from reader.stories import assign

        assign.MERGE_STORIES = False
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "library.sqlite"
        fresh = not path.exists()
        library = Library(path)
        if fresh:
            started = time.perf_counter()
            files = write_corpus(Path(folder) / "feeds", args.articles, feeds=20)
            library.import_paths(files)
            print(f"built {args.articles} articles in {time.perf_counter() - started:.0f} s")
        if not args.no_rebuild:
            started, cpu = time.perf_counter(), _cpu_seconds()
            workers = _worker_seconds()
            stories = library.stories.rebuild()
            took, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
            workers = _worker_seconds() - workers
            total = library.summary().articles
            print(
                f"rebuild: {total} articles -> {stories} stories in {took:.1f} s "
                f"({cpu:.1f} s CPU here, {workers:.1f} s in feature workers; "
                f"load average {os.getloadavg()[0]:.1f})"
            )
        if args.no_refresh:
            library.close()
            return
        extra = write_corpus(
            Path(folder) / "refresh",
            50,
            feeds=1,
            seed=99,
            outlet=args.refresh_outlet,
            start=END + timedelta(hours=1),
            end=END + timedelta(hours=6),
        )
        extra[0].rename(extra[0].with_name("refresh-feed.xml"))
        before = {int(r[0]) for r in library.store.query("SELECT id FROM articles")}
        library.import_paths([extra[0].with_name("refresh-feed.xml")])
        new = sorted(
            int(r[0]) for r in library.store.query("SELECT id FROM articles") if r[0] not in before
        )
        started, cpu = time.perf_counter(), _cpu_seconds()
        article_features("warm", "the word list loads once per process")
        print(
            f"loading the word list (once per process): {time.perf_counter() - started:.2f} s "
            f"({_cpu_seconds() - cpu:.2f} s CPU)"
        )
        started, cpu = time.perf_counter(), _cpu_seconds()
        assign_stories(library, new)
        took, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
        print(
            f"assign {len(new)} new articles: {took:.3f} s ({cpu:.3f} s CPU; "
            f"load average {os.getloadavg()[0]:.1f})"
        )
        library.close()


if __name__ == "__main__":
    from reader.child_process import children_skip_main

    children_skip_main()  # as the feedlens command: workers need not run this script again
    main()
