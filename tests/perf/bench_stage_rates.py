"""The store stage, the analysis stage and the steps after a drain, each as wall rate and CPU
per article counted in every process that did the work (this one and its worker processes),
with the load average: on a shared machine the wall rates alone say little.

    uv run python tests/perf/bench_stage_rates.py                  # 10,000 generated articles
    uv run python tests/perf/bench_stage_rates.py --articles 100000 --workers 2
    uv run python tests/perf/bench_stage_rates.py --newsboat       # newsboat on the same files

The workers' CPU is read from the fork server that starts them (reader/pipeline.py): it waits
for each worker it started, so their CPU time is added to its own children's times when they
end. tests/perf/run.py gives the same rates beside everything else; this is the quick look.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.library import Library  # noqa: E402
from tests.perf.corpus import write_corpus  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def _children_cpu(pid: int) -> float:
    """CPU seconds of the ended (waited for) children of a process, from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[13]) + int(fields[14])) / TICKS  # cutime, cstime


def _workers_cpu() -> float:
    """CPU seconds of the ended worker processes this process had the fork server start."""
    from multiprocessing import forkserver

    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
    return _children_cpu(pid) if pid else 0.0


def _own_cpu() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


@contextmanager
def measured(name: str, articles: Callable[[], int]) -> Iterator[None]:
    """Print the block's wall rate and CPU ms per article (here and in ended workers)."""
    load = os.getloadavg()[0]
    wall, own, workers = time.perf_counter(), _own_cpu(), _workers_cpu()
    yield
    time.sleep(0.3)  # the fork server reaps the workers the pool let go
    wall = time.perf_counter() - wall
    own, workers = _own_cpu() - own, _workers_cpu() - workers
    count = max(articles(), 1)
    print(
        f"{name:<34} {count / wall:>8,.0f} articles/s wall ({wall:6.1f} s); CPU ms/article "
        f"{(own + workers) / count * 1000:6.3f} (here {own / count * 1000:.3f}, workers "
        f"{workers / count * 1000:.3f}); load {load:.1f} -> {os.getloadavg()[0]:.1f}",
        flush=True,
    )


def newsboat_seconds(files: list[Path], folder: Path) -> float | None:
    """Seconds ``newsboat -x reload`` takes over the same files (None without newsboat)."""
    if shutil.which("newsboat") is None:
        return None
    urls = folder / "urls"
    urls.write_text("".join(f"file://{f}\n" for f in files))
    config = folder / "newsboat-config"
    config.write_text("")
    started = time.perf_counter()
    command = ["newsboat", "-u", str(urls), "-c", str(folder / "nb.db"), "-C", str(config)]
    subprocess.run(
        [*command, "-x", "reload"],
        capture_output=True,
        timeout=3600,
        check=True,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=None, help="processes (default: cores)")
    parser.add_argument("--newsboat", action="store_true", help="time newsboat on the files")
    args = parser.parse_args()
    from reader import analysis

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        files = write_corpus(work / "corpus", args.articles, feeds=max(10, args.articles // 1000))
        print(f"{os.cpu_count()} cores; {args.articles:,} generated articles", flush=True)
        library = Library(work / "library.sqlite")
        stored = [0]
        with measured("store stage", lambda: stored[0]):
            stored[0] = library.import_paths(files, processes=args.workers).new
        analysed = [0]
        with measured("analysis (drain)", lambda: analysed[0]):
            analysed[0] = library.reextract_figures(processes=args.workers)
        for step in analysis.AFTER_DRAIN_STEPS:
            with measured(f"after drain: {step.__name__}", lambda: stored[0]):
                step(library)
        library.close()
        if args.newsboat:
            seconds = newsboat_seconds(files, work)
            if seconds is None:
                print("newsboat: not installed")
            else:
                print(
                    f"{'newsboat -x reload':<34} {stored[0] / seconds:>8,.0f} articles/s wall "
                    f"({seconds:6.1f} s); load {os.getloadavg()[0]:.1f}"
                )


if __name__ == "__main__":
    from reader.child_process import children_skip_main

    children_skip_main()  # as the feedlens command: workers need not run this script again
    main()
