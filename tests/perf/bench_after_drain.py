"""Where the time after the analysis stage goes: the steps after a drain (story assignment,
figure groups, thread marks) on a library whose figures are all extracted, step by step, as
wall and CPU seconds (this process's, and its worker processes').

    uv run python tests/perf/bench_after_drain.py --articles 30000 --keep /tmp/after-drain
    uv run python tests/perf/bench_after_drain.py --articles 30000 --keep /tmp/after-drain \
        --profile stories.prof

The first run with ``--keep`` builds the corpus (run.py's, same seed) and a library imported
with every figure extracted and nothing after the drain done yet (``drained-N.sqlite``); later
runs copy it, so old and new code can be timed back to back on the same bytes. ``--profile``
writes a cProfile of the steps (of this process) and prints its top entries.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader import analysis  # noqa: E402
from reader.library import Library  # noqa: E402
from tests.perf.corpus import write_corpus  # noqa: E402


def drained_library(size: int, folder: Path) -> Path:
    """A library of ``size`` run.py articles, every figure extracted, steps after it not run."""
    kept = folder / f"drained-{size}.sqlite"
    if kept.exists():
        return kept
    files = write_corpus(folder / f"corpus-{size}", size, feeds=max(10, size // 1000))
    building = folder / f"building-{size}.sqlite"
    library = Library(building)
    library.import_paths(files)
    library.reextract_figures()
    library.close()
    copy(building, kept)
    for path in folder.glob(f"building-{size}.sqlite*"):
        path.unlink()
    return kept


def copy(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    reading = sqlite3.connect(source)
    writing = sqlite3.connect(target)
    reading.backup(writing)
    reading.close()
    writing.close()


class DescendantsCpu:
    """CPU seconds of this process's descendants, running or ended. Worker processes are the
    fork server's children, not this process's, so RUSAGE_CHILDREN misses them until the
    server ends; but the server waits for each worker that ends, so its own children's CPU
    holds theirs. So: the ended children's (RUSAGE_CHILDREN) plus, for every live descendant,
    its own and its ended children's, read from /proc at the moment asked (no thread that
    polls and would cost CPU itself)."""

    def __init__(self) -> None:
        self.tick = os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        """Nothing to stop (kept for callers that end a measurement)."""

    def total(self) -> float:
        ended = resource.getrusage(resource.RUSAGE_CHILDREN)
        parents: dict[int, int] = {}
        times: dict[int, float] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()
            parents[int(entry.name)] = int(fields[1])
            # utime, stime, cutime, cstime
            times[int(entry.name)] = sum(int(f) for f in fields[11:15]) / self.tick
        me = os.getpid()
        live = 0.0
        for pid, seconds in times.items():
            ancestor = parents.get(pid)
            while ancestor is not None and ancestor != me and ancestor > 1:
                ancestor = parents.get(ancestor)
            if ancestor == me:
                live += seconds
        return ended.ru_utime + ended.ru_stime + live


def cpu(descendants: DescendantsCpu) -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime, descendants.total()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=30_000)
    parser.add_argument("--keep", type=Path, help="keep the corpus and drained library here")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the steps here")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="feedlens-after-drain-"))
    folder.mkdir(parents=True, exist_ok=True)
    drained = drained_library(args.articles, folder)
    work = folder / "work.sqlite"
    copy(drained, work)
    library = Library(work)
    profiler = cProfile.Profile() if args.profile else None
    descendants = DescendantsCpu()
    total_wall = 0.0
    rows = []
    for step in analysis.AFTER_DRAIN_STEPS:
        own_before, children_before = cpu(descendants)
        started = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        step(library)
        if profiler is not None:
            profiler.disable()
        wall = time.perf_counter() - started
        own_after, children_after = cpu(descendants)
        total_wall += wall
        rows.append((step.__name__, wall, own_after - own_before, children_after - children_before))
    library.close()
    print(f"{args.articles:,} articles, steps after the drain:")
    print(f"{'step':<24}{'wall s':>10}{'cpu s':>10}{'workers cpu s':>16}")
    for name, wall, own, children in rows:
        print(f"{name:<24}{wall:>10.2f}{own:>10.2f}{children:>16.2f}")
    print(f"{'total':<24}{total_wall:>10.2f}")
    if profiler is not None:
        profiler.dump_stats(args.profile)
        pstats.Stats(str(args.profile)).sort_stats("cumulative").print_stats(40)
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    from reader.child_process import children_skip_main

    children_skip_main()  # as the feedlens command: workers need not run this script again
    main()
