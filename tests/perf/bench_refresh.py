"""Refresh benchmark: 200 feeds on a local server that answers each request after 100 ms.

    uv run python tests/perf/bench_refresh.py [--feeds 200] [--hosts 20]

Prints the wall time of one refresh against the ideal for the concurrency limits (at most 8
fetches at once, 2 per host, each exchange 100 ms), and the reader's keypress latency while a
refresh runs compared with idle (through Pilot, whose own cost is included in both).
"""

from __future__ import annotations

import argparse
import asyncio
import math
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reader.config import Settings
from reader.feeds.fetch import FetchLimits
from reader.library import Library
from tests.feedserver import Reply, serve

SMALL_FEED = (
    '<rss version="2.0"><channel><title>Bench {n}</title>'
    "<item><guid>{n}-1</guid><title>Item one of feed {n}</title></item>"
    "</channel></rss>"
)


def ideal_seconds(feeds: int, hosts: int, limits: FetchLimits, delay: float) -> float:
    per_host_rounds = math.ceil(math.ceil(feeds / hosts) / limits.max_per_host)
    overall_rounds = math.ceil(feeds / limits.max_concurrent)
    return max(per_host_rounds, overall_rounds) * delay


async def keypresses(library: Library, refreshing: bool) -> list[float]:
    from reader.ui.app import make_app

    app = make_app(library, Settings())
    times: list[float] = []
    async with app.run_test(size=(160, 40)) as pilot:
        for _ in range(10):
            await app.workers.wait_for_complete()
            await pilot.pause()
        if refreshing:
            await pilot.press("R")
        for key in ["j", "k"] * 15:
            started = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--delay", type=float, default=0.1)
    args = parser.parse_args()
    limits = FetchLimits()
    per_host = math.ceil(args.feeds / args.hosts)
    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        bases = []
        for host in range(args.hosts):
            routes = {
                f"/f{i}": (
                    lambda n: (
                        lambda h: Reply(
                            200,
                            SMALL_FEED.format(n=n).encode(),
                            {"Content-Type": "application/rss+xml"},
                            delay=args.delay,
                        )
                    )
                )(host * 1000 + i)
                for i in range(per_host)
            }
            base, _ = stack.enter_context(serve(routes))
            bases.append(base)
        library = Library(Path(tmp) / "bench.sqlite")
        library.import_samples()
        ids = [library.subscribe(f"{base}/f{i}") for base in bases for i in range(per_host)]
        started = time.perf_counter()
        summary = library.refresh(ids, limits=limits)
        wall = time.perf_counter() - started
        ideal = ideal_seconds(len(ids), args.hosts, limits, args.delay)
        failed = sum(1 for f in summary.feeds if f.error)
        print(
            f"refreshed {len(ids)} feeds on {args.hosts} hosts ({failed} failed) in {wall:.2f} s;"
            f" ideal {ideal:.2f} s; ratio {wall / ideal:.2f}x (target <= 1.3x)"
        )
        idle = asyncio.run(keypresses(library, refreshing=False))
        busy = asyncio.run(keypresses(library, refreshing=True))
        print(
            f"keypress p50/p95 idle {statistics.median(idle):.0f}/"
            f"{sorted(idle)[int(0.95 * (len(idle) - 1))]:.0f} ms; during refresh "
            f"{statistics.median(busy):.0f}/{sorted(busy)[int(0.95 * (len(busy) - 1))]:.0f} ms"
        )
        library.close()


if __name__ == "__main__":
    from reader.child_process import children_skip_main

    children_skip_main()  # as the feedlens command: workers need not run this script again
    main()
