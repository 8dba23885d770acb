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

    uv run python tests/perf/bench_keypress_load.py --db LIB --trace /tmp/presses.jsonl

``--trace`` writes one JSON line per press (launch, side, key, latency, and what the reader
and the machine did meanwhile, ``TRACE_FIELDS``) and prints, per side, the presses at or
above the p95 beside the rest: whether the slow ones are slow because the reader worked more
(its CPU to the first byte), waited for a core (its threads' run-queue wait), or the machine
was busy (the share of both cores in use), and when in the launch they came.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TextIO

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


# Per press, with --trace: the reader's every thread's scheduler counters (/proc/PID/task/*/
# schedstat: nanoseconds run, nanoseconds runnable but waiting) and the machine's CPU counters
# (/proc/stat), read just before the key, at its first screen bytes and after the repaint's
# last bytes (the 50 ms quiet that ends a press). Reading them takes well under a millisecond,
# outside the timed span but for the first read after the key (after the latency is taken).
SAMPLE = """
def sample():
    ran = waited = 0
    tasks = f'/proc/{process.pid}/task'
    for task in os.listdir(tasks):
        try:
            with open(f'{tasks}/{task}/schedstat') as counters:
                run, wait = counters.read().split()[:2]
        except (OSError, ValueError):
            continue  # a thread that ended as we looked
        ran += int(run)
        waited += int(wait)
    with open('/proc/stat') as stat:
        ticks = [int(value) for value in stat.readline().split()[1:]]
    return time.perf_counter(), ran, waited, sum(ticks) - ticks[3] - ticks[4], sum(ticks)
trace = []
"""
TRACE_FIELDS = (
    "launch",  # 1-based, per side
    "side",  # idle or analysing
    "press",  # 0-based in the launch
    "key",
    "at_s",  # seconds since the launch's first press
    "ms",  # key to first screen bytes (None: nothing within 5 s)
    "reader_cpu_ms",  # the reader's threads' run time, key to first bytes
    "reader_wait_ms",  # their run-queue wait, key to first bytes
    "press_cpu_ms",  # run time, key to the end of the repaint
    "press_wait_ms",
    "press_total_ms",  # key to the end of the repaint (the 50 ms quiet not counted)
    "machine_busy",  # share of every core in use, key to the end of the repaint
)


def _patched(script: str, old: str, new: str) -> str:
    """``script`` with ``old`` replaced: it must be there (run.py's script may change)."""
    if old not in script:
        raise SystemExit(f"run.py's FIRST_PAINT changed: {old!r} is gone; update this benchmark")
    return script.replace(old, new)


def traced(script: str) -> str:
    """The presses script, also sampling the reader and the machine around each press and
    printing those samples as a fifth line (a JSON list, one entry per press)."""
    script = _patched(script, "latencies = []", SAMPLE + "latencies = []")
    script = _patched(
        script,
        "    sent = time.perf_counter()\n",
        "    before = sample()\n    first = None\n    sent = time.perf_counter()\n",
    )
    script = _patched(
        script,
        "        latencies.append((time.perf_counter() - sent) * 1000)\n",
        "        latencies.append((time.perf_counter() - sent) * 1000)\n        first = sample()\n",
    )
    script = _patched(
        script,
        "    drain(0.05)\n",
        "    drain(0.05)\n    trace.append((key, before, first, sample()))\n",
    )
    return _patched(
        script,
        "print(cpu_after[0] - cpu_before[0], cpu_after[1] - cpu_before[1])",
        "print(cpu_after[0] - cpu_before[0], cpu_after[1] - cpu_before[1])\n"
        "import json\nprint(json.dumps(trace))",
    )


@dataclass(frozen=True)
class Press:
    """One press as --trace saw it (``TRACE_FIELDS`` but the launch's)."""

    press: int
    key: str
    at_s: float
    ms: float | None
    reader_cpu_ms: float | None
    reader_wait_ms: float | None
    press_cpu_ms: float
    press_wait_ms: float
    press_total_ms: float
    machine_busy: float


def presses(samples: list[Any], latencies: list[float]) -> list[Press]:
    """The traced script's samples (key, before, at first bytes or None, after), as presses;
    ``latencies``: the script's own, one per press that had an answer, in order."""
    found = []
    answered = iter(latencies)
    start = samples[0][1][0] if samples else 0.0
    for number, (key, before, first, after) in enumerate(samples):
        at, ran, waited, busy, total = before
        end_at, end_ran, end_waited, end_busy, end_total = after
        ms = reader_cpu = reader_wait = None
        if first is not None:
            ms = next(answered)
            reader_cpu = (first[1] - ran) / 1e6
            reader_wait = (first[2] - waited) / 1e6
        found.append(
            Press(
                number,
                chr(key),
                at - start,
                ms,
                reader_cpu,
                reader_wait,
                (end_ran - ran) / 1e6,
                (end_waited - waited) / 1e6,
                (end_at - at) * 1000 - 50,
                (end_busy - busy) / max(end_total - total, 1),
            )
        )
    return found


@dataclass(frozen=True)
class Launch:
    """One launch's presses: each key's latency (ms), the reader's CPU seconds over them and
    its main thread's seconds runnable but waiting for a core."""

    latencies: list[float]
    cpu_seconds: float
    wait_seconds: float
    trace: list[Press]  # empty unless traced


def launch(db: Path, newest: str, keys: str, trace: bool = False) -> Launch:
    """One reader launch on ``db``, pressing ``keys`` (each press sampled if ``trace``)."""
    script = _patched(PRESSES, 'b"jjjjjjjjjjGgjjjjkkkkjjjjGgjjjjjj"', repr(keys.encode()))
    if trace:
        script = traced(script)
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
    latencies = [float(ms) for ms in lines[2].split()]
    samples = presses(json.loads(lines[4]), latencies) if trace else []
    return Launch(latencies, cpu, wait, samples)


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


def write_trace(into: TextIO, side: str, number: int, one: Launch) -> None:
    for press in one.trace:
        row = {"launch": number, "side": side, **asdict(press)}
        into.write(json.dumps({field: row[field] for field in TRACE_FIELDS}) + "\n")


def explain(label: str, launches: list[Launch]) -> str:
    """The presses at or above the side's p95 beside the rest, as means."""
    every = [press for one in launches for press in one.trace if press.ms is not None]
    if not every:
        return f"{label:<10} no presses traced"
    p95 = percentile([press.ms for press in every if press.ms is not None], 0.95)
    slow = [press for press in every if press.ms is not None and press.ms >= p95]
    rest = [press for press in every if press.ms is not None and press.ms < p95]

    def means(group: list[Press]) -> str:
        def mean(values: list[float | None]) -> float:
            known = [value for value in values if value is not None]
            return sum(known) / max(len(known), 1)

        return (
            f"n={len(group):>3} ms {mean([p.ms for p in group]):6.1f}  "
            f"CPU {mean([p.reader_cpu_ms for p in group]):5.1f}  "
            f"wait {mean([p.reader_wait_ms for p in group]):5.1f}  "
            f"repaint CPU {mean([p.press_cpu_ms for p in group]):5.1f}  "
            f"busy {mean([p.machine_busy for p in group]) * 100:3.0f}%  "
            f"at {mean([p.at_s for p in group]):4.1f} s"
        )

    keys = Counter(press.key for press in slow).most_common()
    which = ", ".join(f"{key} {count}" for key, count in keys)
    first = sum(press.press < 2 for press in slow)
    return (
        f"{label:<10} >= p95 {means(slow)}\n{'':<10}  < p95 {means(rest)}\n"
        f"{'':<10}  the slow ones' keys: {which}; {first} of them a launch's first two presses"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="an analysed library")
    parser.add_argument("--launches", type=int, default=6, help="launches per side")
    parser.add_argument("--keys", type=int, default=32, help="keys per launch (run.py's 32)")
    parser.add_argument(
        "--trace",
        type=Path,
        help="write each press's timings here (JSON lines) and explain the p95 from them",
    )
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
    trace = args.trace.open("w") if args.trace else None
    try:
        for number in range(args.launches):
            for side, launches in sides.items():
                db = args.db if side == "idle" else analysing_copy(args.db, workdir)
                started = time.perf_counter()
                one = launch(db, newest, keys, trace is not None)
                launches.append(one)
                if trace is not None:
                    write_trace(trace, side, number + 1, one)
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
        if trace is not None:
            trace.close()
    print(f"load average after: {os.getloadavg()}")
    for side, launches in sides.items():
        print(summary(side, launches))
    if args.trace:
        print(f"per press: {args.trace}; presses at or above p95 beside the rest (means; CPU and")
        print("wait: the reader's threads, key to first bytes; busy: both cores, whole press)")
        for side, launches in sides.items():
            print(explain(side, launches))


if __name__ == "__main__":
    main()
