"""Where the store stage's wall clock goes on the cores: a timeline of every process's CPU.

    uv run python tests/perf/store_timeline.py [--size 10000] [--step 0.1] [--keep DIR]

Generates the harness's corpus (same seed, same bytes), imports it as ``run.py`` does (the
store stage only) and samples /proc every ``step`` seconds: per interval, the CPU each process
of the import used (this process, the fork server, each worker), so one can see whether both
cores are busy for the whole import, which process waits, and how long the start and the last
file take. Printed: the timeline (one row per interval, CPU in units of one core), the main
process's CPU and all processes' sampled CPU, the share of the machine's cores the import
used on average, and when each file was stored. The sampling
reads /proc from a thread of this process: the main column includes its cost (a few hundredths
of a core at 0.25 s).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.library import ImportProgress, Library  # noqa: E402
from tests.perf.corpus import write_corpus  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def _descendants() -> dict[int, tuple[str, float]]:
    """Every live process under this one: (name, CPU seconds of its own)."""
    parents: dict[int, int] = {}
    found: dict[int, tuple[str, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        found[pid] = (name, (int(fields[11]) + int(fields[12])) / TICK)
    me = os.getpid()
    mine: dict[int, tuple[str, float]] = {}
    for pid, value in found.items():
        ancestor: int | None = pid
        while ancestor is not None and ancestor not in (me, 1, 0):
            ancestor = parents.get(ancestor)
        if ancestor == me or pid == me:
            mine[pid] = value
    return mine


def sample(step: float, stop: threading.Event, rows: list[tuple[float, dict[int, float]]]) -> None:
    started = time.perf_counter()
    rows.append((0.0, {p: c for p, (_, c) in _descendants().items()}))
    while not stop.wait(step):
        rows.append((time.perf_counter() - started, {p: c for p, (_, c) in _descendants().items()}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--step", type=float, default=0.1)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="feedlens-timeline-"))
    folder = workdir / f"corpus-{args.size}"
    files = write_corpus(folder, args.size, feeds=max(10, args.size // 1000))
    db = workdir / f"timeline-{args.size}.sqlite"
    for old in db.parent.glob(db.name + "*"):
        old.unlink()
    rows: list[tuple[float, dict[int, float]]] = []
    stop = threading.Event()
    sampler = threading.Thread(target=sample, args=(args.step, stop, rows), daemon=True)
    library = Library(db)
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    sampler.start()
    finished: list[tuple[float, str]] = []

    def progress(p: ImportProgress) -> None:
        finished.append((time.perf_counter() - started, p.result.source))

    summary = library.import_paths(files, progress=progress)
    seconds = time.perf_counter() - started
    names = _descendants()
    stop.set()
    sampler.join()
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    library.close()
    pids = sorted({p for _, sample_row in rows for p in sample_row})
    me = os.getpid()
    label = {p: ("main" if p == me else names.get(p, ("gone", 0))[0][:8]) for p in pids}
    print(f"{summary.new:,} articles in {seconds:.2f} s: {summary.new / seconds:,.0f} art/s")
    print("t(s)  " + " ".join(f"{label[p]:>8}" for p in pids) + "    total")
    previous, last_t = rows[0][1], 0.0
    busy = 0.0
    for t, sample_row in rows[1:]:
        span = t - last_t
        # A process new in this interval started within it: all its CPU is this interval's.
        used = {p: c - previous.get(p, 0.0) for p, c in sample_row.items()}
        total = sum(used.values())
        busy += total
        print(
            f"{t:5.1f} "
            + " ".join(f"{used[p] / span:8.2f}" if p in used else " " * 8 for p in pids)
            + f" {total / span:8.2f}"
        )
        previous, last_t = sample_row, t
    main_cpu = cpu1.ru_utime + cpu1.ru_stime - cpu0.ru_utime - cpu0.ru_stime
    print(f"main process CPU {main_cpu:.2f} s; sampled CPU of all {busy:.2f} s over {last_t:.2f} s")
    print(f"cores used on average: {busy / max(last_t, 1e-9):.2f} of {os.cpu_count()}")
    for t, source in finished:
        print(f"  {t:6.2f} s  stored {Path(source).name}")
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    from reader.child_process import children_skip_main

    children_skip_main()  # as the feedlens command: workers need not run this script again
    main()
