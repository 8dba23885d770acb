"""How long a waking process waits for a core beside background work that stepped aside
(reader/background_priority.py), at several nice values of the background's session group.

    uv run python tests/perf/bench_wake_groups.py [--rounds 3] [--groups 0,5,7,10]

Why: a key wakes the reader, and beside a page pass its wait for a core is what made the
keypress p95 rise through a pass (issue 21) while the reader's CPU a press stayed the same.
Here a process sleeps 4 ms again and again and measures how late it wakes (the time it was
runnable but not yet running, plus the timer's own slack, about 0.1 ms), with nothing else of
ours busy, then beside two busy processes that stepped aside as the page pass's child does (a
session of its own, the idle policy, nice 19), at each group nice value; the configurations
take turns, so a load that drifts hits them alike. Then the CPU one such busy process gets in
3 s at each group nice value, against whatever else the machine runs: what a lower group
weight costs a pass on a machine others keep busy. Linux only (autogroups, SCHED_IDLE).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reader.background_priority import set_group_niceness, step_aside

SLEEP_SECONDS = 0.004
SAMPLES = 400  # wake-ups per configuration and round
SHARE_SECONDS = 3.0


def busy_group(group_niceness: int, spinners: int = 2) -> int:
    """A process leading a session of its own, stepped aside as the page pass's child does,
    with ``spinners`` busy processes forked from it; returns its pid (SIGTERM ends them)."""
    pid = os.fork()
    if pid:
        return pid
    step_aside()
    set_group_niceness(group_niceness)
    children = []
    for _ in range(spinners):
        child = os.fork()
        if child == 0:
            while True:
                pass
        children.append(child)

    def end(number: int, frame: object) -> None:
        for child in children:
            os.kill(child, signal.SIGKILL)
        os._exit(0)

    signal.signal(signal.SIGTERM, end)
    time.sleep(60)  # bounded: ended long before by SIGTERM
    end(0, None)
    return 0


def lateness(samples: int = SAMPLES) -> list[float]:
    """How late each of ``samples`` sleeps of SLEEP_SECONDS wakes, in ms."""
    late = []
    for _ in range(samples):
        started = time.perf_counter()
        time.sleep(SLEEP_SECONDS)
        late.append((time.perf_counter() - started - SLEEP_SECONDS) * 1000)
    return late


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[int(share * (len(ordered) - 1))]


def share_of_cpu(group_niceness: int) -> float:
    """CPU seconds a busy process stepped aside at this group nice value gets in SHARE_SECONDS."""
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:
        step_aside()
        set_group_niceness(group_niceness)
        end = time.monotonic() + SHARE_SECONDS
        while time.monotonic() < end:
            pass
        os.write(writing, str(time.process_time()).encode())
        os._exit(0)
    os.waitpid(pid, 0)
    cpu = float(os.read(reading, 64))
    os.close(reading)
    os.close(writing)
    return cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--groups", default="0,5,7,10", help="group nice values to compare")
    args = parser.parse_args()
    groups = [int(value) for value in args.groups.split(",")]
    late: dict[str, list[float]] = {"nothing busy": []}
    late.update({f"group nice {g}": [] for g in groups})
    load = os.getloadavg()[0]
    for _ in range(args.rounds):
        late["nothing busy"].extend(lateness())
        for group in groups:
            pid = busy_group(group)
            time.sleep(0.3)  # the spinners under way
            late[f"group nice {group}"].extend(lateness())
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
            time.sleep(0.2)
    print(
        f"wake-up lateness (ms) of a {SLEEP_SECONDS * 1000:.0f} ms sleep beside two busy "
        f"processes stepped aside (load average {load:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after, {os.cpu_count()} cores):"
    )
    for label, values in late.items():
        print(
            f"  {label:>14}: p50 {percentile(values, 0.5):.2f}  p90 {percentile(values, 0.9):.2f}"
            f"  p95 {percentile(values, 0.95):.2f}  p99 {percentile(values, 0.99):.2f}"
            f"  ({len(values)} wake-ups)"
        )
    print(f"CPU one busy process stepped aside gets in {SHARE_SECONDS:.0f} s, against the rest:")
    for group in groups:
        print(
            f"  group nice {group:>2}: {share_of_cpu(group):.2f} s "
            f"(load average {os.getloadavg()[0]:.1f})"
        )


if __name__ == "__main__":
    main()
