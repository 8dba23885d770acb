"""Keypress latency in a real reader process, idle and while it analyses, back to back.

    uv run python tests/perf/bench_keypress_load.py --db /tmp/kp18/library-100000.sqlite
    uv run python tests/perf/bench_keypress_load.py --db LIB --launches 8 --keys 64

The same measurement as tests/perf/run.py (a real ``python -m reader`` on a pseudo-terminal,
time from a key to the first screen bytes), made trustworthy enough to compare two versions of
the code on a busy machine: launches alternate between the library as it is (idle) and a fresh
copy whose articles an "older extractor" read (so the reader queues the whole library at start
and analyses it in its child process), so a load that drifts hits both sides alike. Each
launch's own p50/p95 is printed (the spread), then both sides' p50/p95/p99/max over every
press, with the load average before and after. The p95 of a few hundred presses is still a
noisy figure on a shared machine: compare versions run back to back, never across hours.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.library import Library  # noqa: E402
from tests.perf.run import FIRST_PAINT, analysing_copy, percentile  # noqa: E402

KEYS = "jjjjjjjjjjGgjjjjkkkkjjjjGgjjjjjj"  # run.py's 32 keys


# run.py's FIRST_PAINT, with the reader's own CPU time over the presses (every thread, from
# /proc) and its main thread's run-queue wait (/proc/PID/schedstat: time runnable but not
# running), printed after the latencies: both say what a wall-clock figure on a loaded machine
# cannot (whether the reader itself worked more, or waited for a core).
PRESSES = (
    FIRST_PAINT.replace(
        "latencies = []",
        "def cpu():\n"
        "    fields = open(f'/proc/{process.pid}/stat').read().rsplit(')', 1)[1].split()\n"
        "    ticks = int(fields[11]) + int(fields[12])\n"
        "    wait = int(open(f'/proc/{process.pid}/schedstat').read().split()[1])\n"
        "    return ticks / os.sysconf('SC_CLK_TCK'), wait / 1e9\n"
        "cpu_before = cpu()\n"
        "latencies = []",
    )
    .replace(
        'os.write(master, b"q")',
        'cpu_after = cpu()\nos.write(master, b"q")',
    )
    .replace(
        'print(" ".join(f"{ms:.2f}" for ms in latencies))',
        'print(" ".join(f"{ms:.2f}" for ms in latencies))\n'
        "print(cpu_after[0] - cpu_before[0], cpu_after[1] - cpu_before[1])",
    )
)


@dataclass(frozen=True)
class Launch:
    """One launch's presses: each key's latency (ms), the reader's CPU seconds over them and
    its main thread's seconds runnable but waiting for a core."""

    latencies: list[float]
    cpu_seconds: float
    wait_seconds: float


def launch(db: Path, newest: str, keys: str) -> Launch:
    """One reader launch on ``db``, pressing ``keys``."""
    script = PRESSES.replace('b"jjjjjjjjjjGgjjjjkkkkjjjjGgjjjjjj"', repr(keys.encode()))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run(
        [sys.executable, "-c", script, str(db), newest],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    lines = done.stdout.splitlines()
    if len(lines) < 4 or float(lines[0]) < 0:
        raise SystemExit(f"the reader did not paint: {done.stdout[-300:]} {done.stderr[-300:]}")
    cpu, wait = (float(value) for value in lines[3].split())
    return Launch([float(ms) for ms in lines[2].split()], cpu, wait)


def summary(label: str, launches: list[Launch]) -> str:
    values = [ms for one in launches for ms in one.latencies]
    presses = max(len(values), 1)
    cpu = sum(one.cpu_seconds for one in launches) * 1000 / presses
    wait = sum(one.wait_seconds for one in launches) * 1000 / presses
    return (
        f"{label:<10} n={len(values):>4}  p50 {percentile(values, 0.5):6.1f}  "
        f"p95 {percentile(values, 0.95):6.1f}  p99 {percentile(values, 0.99):6.1f}  "
        f"max {max(values):6.1f} ms; reader CPU {cpu:5.1f} ms a key, "
        f"main thread waiting for a core {wait:5.1f} ms a key"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="an analysed library")
    parser.add_argument("--launches", type=int, default=6, help="launches per side")
    parser.add_argument("--keys", type=int, default=32, help="keys per launch (run.py's 32)")
    args = parser.parse_args()
    keys = (KEYS * (args.keys // len(KEYS) + 1))[: args.keys]
    library = Library(args.db)
    newest = library.articles(limit=1)[0].title[:24]
    library.remember("view", "all")
    library.remember("article", None)
    library.close()
    workdir = Path(tempfile.mkdtemp(prefix="feedlens-keyload-"))
    print(f"load average before: {os.getloadavg()}", flush=True)
    launch(args.db, newest, keys[:4])  # writes the bytecode cache, warms the page cache
    sides: dict[str, list[Launch]] = {"idle": [], "analysing": []}
    try:
        for number in range(args.launches):
            for side, launches in sides.items():
                db = args.db if side == "idle" else analysing_copy(args.db, workdir)
                started = time.perf_counter()
                one = launch(db, newest, keys)
                launches.append(one)
                print(
                    f"launch {number + 1} {side:<9} "
                    f"p50 {percentile(one.latencies, 0.5):6.1f}  "
                    f"p95 {percentile(one.latencies, 0.95):6.1f}  "
                    f"max {max(one.latencies):6.1f} ms  CPU {one.cpu_seconds:.2f} s  "
                    f"({time.perf_counter() - started:.1f} s, load {os.getloadavg()[0]:.2f})",
                    flush=True,
                )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"load average after: {os.getloadavg()}")
    for side, launches in sides.items():
        print(summary(side, launches))


if __name__ == "__main__":
    main()
