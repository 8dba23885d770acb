"""What the analysis stage costs as the library grows: ``library.reextract_figures()`` (the
queue worked off by worker processes) on libraries of several sizes, in CPU seconds per article
by process (this one, which hands batches out, and the workers together) and in wall time,
with the load average printed beside (wall time lies on a shared machine; CPU seconds less).

    uv run python tests/perf/bench_analysis_growth.py --sizes 10000 100000
    uv run python tests/perf/bench_analysis_growth.py --sizes 100000 --profile 25 --batches 40

Each size's library is built once (the corpus of tests/perf/corpus.py, imported: stored and
queued, not analysed) and kept in ``--cache`` (rebuilt when the schema changed); every run
works on a fresh copy of it. ``--profile N`` then also works off ``--batches`` batches of the
queue here, in this process as a worker does them, at the start and at the end of the queue
(the figures tables nearly empty, then nearly full), and prints the top N functions of each by
their own time: what grows with the library is what differs between the two.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import os
import pstats
import resource
import shutil
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.library import Library  # noqa: E402
from tests.perf.corpus import write_corpus  # noqa: E402

DEFAULT_CACHE = Path("/tmp/feedlens-analysis-growth")


def built_library(cache: Path, size: int) -> Path:
    """The imported, unanalysed library of ``size`` articles, built once into ``cache``."""
    from reader.store.schema import SHIPPED_MIGRATIONS

    db = cache / f"queued-{size}-m{len(SHIPPED_MIGRATIONS)}.sqlite"
    if db.exists():
        return db
    folder = cache / f"corpus-{size}"
    if not folder.exists():
        print(f"  writing the {size:,} article corpus…", flush=True)
        write_corpus(folder, size, feeds=max(10, size // 1000))
    building = db.with_suffix(".building")
    for stale in cache.glob(building.name + "*"):
        stale.unlink()
    print(f"  importing {size:,} articles…", flush=True)
    library = Library(building)
    library.import_paths(sorted(folder.glob("*")))
    library.close()  # checkpointed: the file is the whole library
    building.rename(db)
    return db


def fresh_copy(db: Path, workdir: Path) -> Path:
    copy = workdir / f"run-{os.getpid()}-{db.name}"
    for old in workdir.glob(copy.name + "*"):
        old.unlink()
    shutil.copyfile(db, copy)
    return copy


def cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def helpers_cpu() -> float:
    """CPU seconds of this process's children and the children they reaped. Worker processes
    are forked by the fork server (a child of this one), which reaps them: their time is in
    its cumulative children's time, not in RUSAGE_CHILDREN of this process."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for task in Path("/proc/self/task").iterdir():
        for pid in (task / "children").read_text().split():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except FileNotFoundError:
                continue
            # utime, stime, cutime, cstime: fields 14-17 of stat, 11-14 after the name
            total += sum(int(value) for value in fields[11:15]) / tick
    return total


class WorkerClock:
    """Samples the worker processes' scheduler counters (/proc/PID/schedstat: nanoseconds on a
    core, nanoseconds runnable but waiting for one) while the stage runs. What is left of a
    worker's life is time it slept: waiting for the write lock, for the disk, or for work.
    That is the part of wall time a busy machine does not explain. The sampling is this
    process's CPU (some 10 ms a second of wall time): it is counted in "main", more so the
    longer a busy machine makes the run."""

    def __init__(self, period: float = 0.1) -> None:
        self.period = period
        self.seen: dict[int, tuple[float, float, float, float]] = {}  # pid: first, last, run, wait
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> WorkerClock:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _workers(self) -> list[str]:
        found = []
        for task in Path("/proc/self/task").iterdir():
            for helper in (task / "children").read_text().split():
                with contextlib.suppress(OSError):
                    found += Path(f"/proc/{helper}/task/{helper}/children").read_text().split()
        return found

    def _sample(self) -> None:
        while not self._stop.wait(self.period):
            now = time.monotonic()
            for pid in self._workers():
                try:
                    run, wait = Path(f"/proc/{pid}/schedstat").read_text().split()[:2]
                except OSError:
                    continue
                first = self.seen.get(int(pid), (now,))[0]
                self.seen[int(pid)] = (first, now, int(run) / 1e9, int(wait) / 1e9)

    def totals(self) -> tuple[float, float, float]:
        """Seconds the workers lived, ran and waited for a core (summed over workers)."""
        lived = sum(last - first for first, last, _, _ in self.seen.values())
        ran = sum(run for _, _, run, _ in self.seen.values())
        queued = sum(wait for _, _, _, wait in self.seen.values())
        return lived, ran, queued


def measure(db: Path, processes: int, batch: int) -> dict[str, float]:
    """``reextract_figures()`` on ``db``: wall seconds and CPU seconds by process."""
    from reader.pipeline import process_context

    process_context()  # the fork server started (and its imports done) before the clock
    library = Library(db)
    pending = library.analysis_progress().pending
    load_before = os.getloadavg()[0]
    main_before = cpu(resource.RUSAGE_SELF)
    children_before = cpu(resource.RUSAGE_CHILDREN) + helpers_cpu()
    started = time.perf_counter()
    with WorkerClock() as clock:
        analysed = library.reextract_figures(batch=batch, processes=processes)
    wall = time.perf_counter() - started
    lived, ran, queued = clock.totals()
    main = cpu(resource.RUSAGE_SELF) - main_before
    # The workers were reaped at the pool's shutdown (by the fork server, or by this process).
    workers = cpu(resource.RUSAGE_CHILDREN) + helpers_cpu() - children_before
    load_after = os.getloadavg()[0]
    library.close()
    assert analysed == pending, (analysed, pending)
    return {
        "articles": analysed,
        "wall": wall,
        "main": main,
        "workers": workers,
        "load": (load_before + load_after) / 2,
        "worker_ran": ran,
        "worker_queued": queued,
        "worker_slept": max(0.0, lived - ran - queued),
    }


def profile_batches(db: Path, batches: int, batch: int, top: int) -> None:
    """The top functions of working off the first and the last ``batches`` batches here."""
    from reader import analysis
    from reader.store import analysis_queue

    library = Library(db)
    store = library.store
    pending = library.analysis_progress().pending
    skip = max(0, pending // batch - batches)

    def work_off(count: int, profile: cProfile.Profile | None) -> tuple[int, float]:
        done = 0
        started = time.process_time()
        for _ in range(count):
            claimed = analysis_queue.claim(store, batch)
            if not claimed:
                break
            if profile is not None:
                profile.enable()
            done += analysis.analyse_claimed(store, claimed)
            if profile is not None:
                profile.disable()
        return done, time.process_time() - started

    first = cProfile.Profile(time.process_time)
    done, seconds = work_off(batches, first)
    print(f"\n  first {done:,} articles (profiled): {seconds / done * 1000:.3f} CPU ms/article")
    _print_profile(first, top)
    # The middle of the queue worked off by workers, unprofiled, as the stage does it.
    middle = skip - batches
    if middle > 0:
        print(f"  working off {middle * batch:,} more in worker processes…", flush=True)
        stop = threading.Event()
        left = pending - done - batches * batch
        _drain_until(store, stop, left, batch)
    last = cProfile.Profile(time.process_time)
    done, seconds = work_off(batches, last)
    print(f"\n  last {done:,} articles (profiled): {seconds / done * 1000:.3f} CPU ms/article")
    _print_profile(last, top)
    library.close()


def _print_profile(profile: cProfile.Profile, top: int) -> None:
    """The top functions by own CPU time, then the storing side by cumulative time."""
    stats = pstats.Stats(profile)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(r"store/|analysis\.py|pipeline\.py", 20)


def _drain_until(store: object, stop: threading.Event, keep: int, batch: int) -> None:
    """Work off the queue in two worker processes until ``keep`` articles are left."""
    from reader import analysis

    def watch(state: object) -> None:
        if getattr(state, "pending", 0) <= keep + 2 * 2 * batch:
            stop.set()

    analysis.drain(store, 2, stop, watch, wait_for_others=False, batch=batch)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--runs", type=int, default=1, help="timed runs per size")
    parser.add_argument("--profile", type=int, default=0, help="print the top N functions")
    parser.add_argument("--batches", type=int, default=20, help="batches profiled per end")
    parser.add_argument(
        "--keep", default="", help="keep each size's analysed library as LABEL-SIZE.sqlite"
    )
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    print(f"cores {os.cpu_count()}, load {os.getloadavg()[0]:.2f} at the start")
    for size in args.sizes:
        db = built_library(args.cache, size)
        for run in range(args.runs):
            copy = fresh_copy(db, args.cache)
            figures = measure(copy, args.processes, args.batch)
            if args.keep:
                copy.rename(args.cache / f"{args.keep}-{size}.sqlite")
            count = figures["articles"]
            print(
                f"{size:>7,} run {run + 1}: {count / figures['wall']:,.0f} articles/s wall "
                f"({figures['wall']:.1f} s, load {figures['load']:.2f}); CPU ms/article: "
                f"main {figures['main'] / count * 1000:.3f}, "
                f"workers {figures['workers'] / count * 1000:.3f}, "
                f"CPU-bound rate on 2 cores "
                f"{2 * count / (figures['main'] + figures['workers']):,.0f}/s; "
                f"worker ms/article on a core {figures['worker_ran'] / count * 1000:.3f}, "
                f"waiting for a core {figures['worker_queued'] / count * 1000:.3f}, "
                f"asleep {figures['worker_slept'] / count * 1000:.3f}",
                flush=True,
            )
        if args.profile:
            profile_batches(fresh_copy(db, args.cache), args.batches, args.batch, args.profile)
    for leftover in args.cache.glob(f"run-{os.getpid()}-*"):
        leftover.unlink()


if __name__ == "__main__":
    from reader.child_process import children_skip_main

    children_skip_main()  # as the feedlens command: workers need not run this script again
    main()
