"""Import throughput from local files: a generated corpus of N articles (~3 KB HTML) in 10 feeds.

Run: ``uv run python tests/perf/bench_import.py [--articles 10000]``. Prints the store stage's
articles/s (read, parse, clean, index, commit, queue), then the analysis stage's (figures and
groups, from the queue), and the library size per article.

Old against new, back to back: ``--compare OLD_TREE NEW_TREE --corpus DIR --rounds 2`` imports
the corpus's feed files with each tree's code in turn (old, new, old, new...), each in a fresh
process, and prints the store stage's articles/s, the import's CPU seconds (the process and its
workers: wall time is mostly the load on a shared machine) and, with ``--newsboat``,
``newsboat -x reload``'s articles/s on the same files in the same round, with the load average.
With ``--command`` each round runs the tree's ``feedlens import`` whole instead (its start-up,
the new library, the end), as a user meets it, with the CPU of every process under it.
``--bytecode cold`` (the default) has every process compile every module from source, as this
machine does (PYTHONDONTWRITEBYTECODE=1); ``warm`` finds them compiled (a first run of each
tree fills the cache), as after an install that compiles bytecode. Both trees alike either way.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.library import Library  # noqa: E402
from tests.perf.corpus import write_corpus  # noqa: E402

# Run in a fresh process with one tree's code first on the path: import the files named on the
# command line into a new library and print the store stage's figures as JSON. The CPU counted
# is the process's own and its descendants' (workers are the fork server's children: read from
# /proc before they end, as tests/perf/bench_after_drain.DescendantsCpu does).
_CHILD = r"""
import json, os, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from reader.library import Library

def descendants():
    tick = os.sysconf("SC_CLK_TCK")
    parents, times = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = sum(int(f) for f in fields[11:15]) / tick
    me, live = os.getpid(), 0.0
    for pid, seconds in times.items():
        up = parents.get(pid)
        while up is not None and up != me and up > 1:
            up = parents.get(up)
        if up == me:
            live += seconds
    ended = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ended.ru_utime + ended.ru_stime + live

def cpu():
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime + descendants()

library = Library(Path(sys.argv[2]))
files = [Path(p) for p in sys.argv[3:]]
started, cpu_started = time.perf_counter(), cpu()
summary = library.import_paths(files)
seconds, cpu_seconds = time.perf_counter() - started, cpu() - cpu_started
own = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"articles": summary.new, "seconds": seconds, "cpu": cpu_seconds,
                  "own_cpu": own.ru_utime + own.ru_stime}))
import os as _os
_os._exit(0)  # the queued analysis is not this benchmark's
"""


def _import_with(
    tree: Path, files: list[Path], folder: Path, warming: bool = False
) -> dict[str, float]:
    db = folder / "library.sqlite"
    for old in folder.glob("library.sqlite*"):
        old.unlink()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(tree), str(db), *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
        env=_same_bytecode(folder, warming),
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _command_with(
    tree: Path, files: list[Path], folder: Path, warming: bool = False
) -> dict[str, float]:
    """``feedlens import FILES`` as a user runs it (the tree's own console script, a fresh
    library): wall seconds from the command's start to its exit, start-up and the end
    included, and the CPU seconds of the command and every process under it (this process
    is made their subreaper, so the fork server and its workers, which outlive the command
    by a moment, are waited for and counted)."""
    db = folder / "library.sqlite"
    for old in folder.glob("library.sqlite*"):
        old.unlink()
    # What the console script does, with this tree first on the path: a script file as
    # __main__, so the fork server loads it as it loads the real one.
    script = folder / "feedlens-command.py"
    script.write_text(
        f"import sys\nsys.path.insert(0, {str(tree)!r})\nfrom reader.cli import main\n"
        "if __name__ == '__main__':\n    sys.exit(main())\n"
    )
    _become_subreaper()
    before = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(script), "--db", str(db), "import", *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
        env=_same_bytecode(folder, warming),
    )
    seconds = time.perf_counter() - started
    while True:  # the command's helpers, ours now: they end when they see it gone
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            break
    articles = int(done.stdout.split(" new,")[0].rsplit(" ", 1)[-1])
    return {"articles": articles, "seconds": seconds, "cpu": _children_cpu() - before}


# Where the measured processes find bytecode: one cache prefix for every tree and the
# environment (see _same_bytecode); "cold" leaves it empty, "warm" fills it first.
_BYTECODE = {"mode": "cold"}


def _same_bytecode(folder: Path, write: bool = False) -> dict[str, str]:
    """The environment for a tree's processes: every tree meets bytecode alike, whatever
    __pycache__ folders one tree or the virtual environment happens to hold (a cache prefix
    hides them all). Cold (the prefix empty): every module compiled from its source in every
    process, as on a machine with PYTHONDONTWRITEBYTECODE=1 and nothing compiled; warm: the
    prefix filled by one untimed run of each tree (``write``), as after an install that
    compiled its bytecode."""
    prefix = folder / f"bytecode-{_BYTECODE['mode']}"
    prefix.mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONPYCACHEPREFIX": str(prefix), "PYTHONDONTWRITEBYTECODE": "1"}
    if write:
        del env["PYTHONDONTWRITEBYTECODE"]
    return env


def _become_subreaper() -> None:
    """Orphaned descendants come to this process (Linux's PR_SET_CHILD_SUBREAPER)."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)


def _newsboat(files: list[Path], folder: Path) -> tuple[float, float] | None:
    """newsboat's wall and CPU seconds to reload these files into a fresh cache."""
    if shutil.which("newsboat") is None:
        return None
    urls = folder / "urls"
    urls.write_text("".join(f"file://{f.resolve()}\n" for f in files))
    config = folder / "newsboat-config"
    config.write_text("")
    cache = folder / "newsboat-cache.db"
    cache.unlink(missing_ok=True)
    started, cpu_started = time.perf_counter(), _children_cpu()
    subprocess.run(
        ["newsboat", "-u", str(urls), "-c", str(cache), "-C", str(config), "-x", "reload"],
        capture_output=True,
        check=True,
        timeout=3600,
    )
    return time.perf_counter() - started, _children_cpu() - cpu_started


def _children_cpu() -> float:
    ended = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ended.ru_utime + ended.ru_stime


def compare(
    trees: list[Path], corpus: Path, rounds: int, newsboat: bool, command: bool = False
) -> None:
    files = sorted(corpus.glob("*.xml"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        run = _command_with if command else _import_with
        if _BYTECODE["mode"] == "warm":
            for tree in trees:
                run(tree, files[:3], folder, warming=True)
        for number in range(rounds):
            for tree in trees:
                load = os.getloadavg()[0]
                got = run(tree, files, folder)
                line = (
                    f"round {number + 1} {tree.name:>8}: {got['articles']:,} articles, "
                    f"{'command' if command else 'store'} "
                    f"{got['articles'] / got['seconds']:,.0f} art/s "
                    f"({got['seconds']:.2f} s), CPU {got['cpu']:.2f} s "
                    f"({got['cpu'] / max(got['articles'], 1) * 1000:.3f} ms/article), "
                    + ("" if command else f"(this process {got['own_cpu']:.2f} s), ")
                    + f"load {load:.1f}"
                )
                if newsboat:
                    took = _newsboat(files, folder)
                    if took is not None:
                        rate = got["articles"] / took[0]
                        ratio = got["articles"] / got["seconds"] / rate
                        line += f"; newsboat {rate:,.0f} art/s, CPU {took[1]:.2f} s -> {ratio:.2f}x"
                print(line, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--processes", type=int, default=None)
    parser.add_argument("--compare", type=Path, nargs="+", help="source trees, old first")
    parser.add_argument("--corpus", type=Path, help="a folder of feed files (with --compare)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--newsboat", action="store_true")
    parser.add_argument(
        "--command",
        action="store_true",
        help="with --compare: time each tree's `feedlens import` whole (start-up and end too)",
    )
    parser.add_argument(
        "--bytecode",
        choices=("cold", "warm"),
        default="cold",
        help="with --compare: every module compiled in every process (cold), or none (warm)",
    )
    args = parser.parse_args()
    _BYTECODE["mode"] = args.bytecode
    if args.compare:
        corpus = args.corpus
        if corpus is None:
            corpus = Path(tempfile.mkdtemp(prefix="feedlens-corpus-"))
            write_corpus(corpus, args.articles, feeds=max(10, args.articles // 1000))
        compare(args.compare, corpus, args.rounds, args.newsboat, args.command)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        files = write_corpus(folder, args.articles)
        raw = sum(f.stat().st_size for f in files)
        library = Library(Path(tmp) / "bench.sqlite")
        started = time.perf_counter()
        summary = library.import_paths(files, processes=args.processes)
        elapsed = time.perf_counter() - started
        started = time.perf_counter()
        analysed = library.wait_for_analysis(processes=args.processes)
        analysis = time.perf_counter() - started
        library.close()
        size = sum(p.stat().st_size for p in Path(tmp).glob("bench.sqlite*"))
        print(f"imported {summary.new} articles from {len(files)} files in {elapsed:.2f} s")
        print(f"throughput: {summary.new / elapsed:,.0f} articles/s")
        print(f"analysis: {analysed.total / analysis:,.0f} articles/s ({analysis:.2f} s)")
        print(
            f"raw feed bytes: {raw / 1e6:.1f} MB; library: {size / 1e6:.1f} MB "
            f"({size / max(summary.new, 1):,.0f} bytes/article, {size / raw:.2f}x raw)"
        )


if __name__ == "__main__":
    from reader.child_process import children_skip_main

    children_skip_main()  # as the feedlens command: workers need not run this script again
    main()
