"""The benchmark harness: one entry point that builds deterministic libraries and prints figures.

    uv run python tests/perf/run.py --quick          # 10k articles, about a minute
    uv run python tests/perf/run.py --sizes 10000 100000
    uv run python tests/perf/run.py --sizes 1000000  # long: builds a million-article library
    uv run python tests/perf/run.py --store-only --sizes 10000 100000  # store stage vs newsboat

For each size it generates a corpus (~3 KB HTML bodies, realistic headlines, recurring figures;
same seed, same bytes), imports it (parse, clean, index; then figures from the analysis queue)
and measures: the store stage's throughput and the analysis stage's after it (and where their
time goes, step by step), library size per article, search latency p50/p95 over a fixed query
set, time to list figure groups, reader first paint (a real process on a pseudo-terminal),
article-list keypress latency (Pilot) and peak memory while browsing. Where newsboat and fzf are installed, the same files go through ``newsboat -x reload``
and the same titles through ``fzf --filter``, side by side. A table is printed and JSON written
to tests/perf/out/.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.library import Library  # noqa: E402
from tests.perf.corpus import END, dense_article, write_corpus  # noqa: E402

QUERIES = {
    "plain word": "refinery",
    "typo": "goverment",
    "two words": "wage deal",
    "syntax + words": "budget after:2026-01-10 -strike",
    "figure": "4.5k workers",
}
OUT = ROOT / "tests" / "perf" / "out"
RUNS = 7  # first-paint runs per size; the median is reported
QUICK_RUNS = 3  # each launch also times 32 keypresses: ~4 s
# Searches per query: enough that p95 is not simply the slowest run (this machine is shared).
SEARCH_RUNS = 40


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {memory:.0f} GiB, {cpu}, Python {platform.python_version()}"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def bench_import(files: list[Path], db: Path, store_only: bool = False) -> dict[str, Any]:
    """The store stage (import returns: readable and searchable), then the analysis stage
    (figures and groups, in worker processes from the queue), timed apart and together;
    with ``store_only``, the store stage alone."""
    from tests.perf.bench_after_drain import DescendantsCpu

    # CPU seconds beside wall ones: on a shared machine, wall time is mostly the load.
    descendants = DescendantsCpu()

    def cpu() -> float:
        own = resource.getrusage(resource.RUSAGE_SELF)
        return own.ru_utime + own.ru_stime + descendants.total()

    library = Library(db)
    started = time.perf_counter()
    cpu_started = cpu()
    summary = library.import_paths(files)
    seconds = time.perf_counter() - started
    cpu_stored = cpu()
    if store_only:
        library.close()
        return {
            "articles": summary.new,
            "seconds": seconds,
            "articles_per_second": summary.new / seconds,
            "cpu_seconds": {"store": cpu_stored - cpu_started},
        }
    analysis_started = time.perf_counter()
    analysed = library.reextract_figures()  # the queue worked off: figures of every article
    analysis_seconds = time.perf_counter() - analysis_started
    cpu_analysed = cpu()
    grouping_started = time.perf_counter()
    assert library.wait_for_analysis().complete  # nothing left but the figure groups
    grouping_seconds = time.perf_counter() - grouping_started
    cpu_done = cpu()
    descendants.stop()
    library.close()
    size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
    raw = sum(f.stat().st_size for f in files)
    return {
        "articles": summary.new,
        "seconds": seconds,
        "articles_per_second": summary.new / seconds,
        "analysis_seconds": analysis_seconds,
        "analysis_articles_per_second": analysed / analysis_seconds,
        "grouping_seconds": grouping_seconds,
        "cpu_seconds": {
            "store": cpu_stored - cpu_started,
            "analysis": cpu_analysed - cpu_stored,
            "after_analysis": cpu_done - cpu_analysed,
        },
        "fully_analysed_articles_per_second": summary.new
        / (seconds + analysis_seconds + grouping_seconds),
        "library_bytes": size,
        "bytes_per_article": size / max(summary.new, 1),
        "raw_bytes": raw,
        "size_vs_raw": size / raw,
    }


def bench_import_stages(files: list[Path], workdir: Path) -> dict[str, Any]:
    """Where the time goes, per article, in one process over the corpus's first file: parse,
    clean, the store stage's whole preparation (parse aside: clean, compression, hash), the
    writer's store (rows, full-text index, queueing) and, for the analysis stage, figures
    (extraction and context words).

    From these follows the fastest each stage can be on this machine's cores with perfect
    overlap: what the end-to-end figures can be compared with.
    """
    from reader.feeds.parse import parse_feed
    from reader.figures.extract import extract
    from reader.pipeline import figures_safely, prepare_parsed
    from reader.store import articles as article_store
    from reader.text.clean import html_to_text

    data = files[0].read_bytes()

    def timed(work: Any) -> tuple[float, Any]:
        started = time.perf_counter()
        value = work()
        return time.perf_counter() - started, value

    parse_s, parsed = timed(lambda: parse_feed(data))
    count = max(len(parsed.entries), 1)
    clean_s, _ = timed(lambda: [html_to_text(entry.html) for entry in parsed.entries])
    prepare_s, prepared = timed(lambda: prepare_parsed(parsed))
    figures_s, _ = timed(lambda: [figures_safely(a.text, a.title) for a in prepared.articles])
    dense = dense_article(85 * 1024)  # the worst case: read up to the extractor's budget
    dense_s = min(timed(lambda: extract(dense))[0] for _ in range(3))

    library = Library(workdir / "stages.sqlite")
    started = time.perf_counter()
    with library.store.write() as conn:
        feed_id = article_store.upsert_feed(conn, "file:///stages", "stages", "")
        article_store.save_articles(conn, feed_id, prepared.articles)
    store_s = time.perf_counter() - started
    library.close()
    cores = os.cpu_count() or 1
    return {
        "articles": count,
        "parse_ms": parse_s / count * 1000,
        "clean_ms": clean_s / count * 1000,
        "figures_ms": figures_s / count * 1000,
        "dense_85kib_figures_ms": dense_s * 1000,
        "prepare_ms": prepare_s / count * 1000,
        "store_ms": store_s / count * 1000,
        "cores": cores,
        # The writer is one process: the store stage's other work overlaps it on the cores.
        "ceiling_store_articles_per_second": count / max(store_s, (parse_s + prepare_s) / cores),
        "ceiling_analysis_articles_per_second": cores * count / figures_s,
    }


def bench_newsboat(files: list[Path], folder: Path) -> dict[str, Any] | None:
    if shutil.which("newsboat") is None:
        return None
    urls = folder / "urls"
    urls.write_text("".join(f"file://{f}\n" for f in files))
    cache = folder / "newsboat-cache.db"
    config = folder / "newsboat-config"
    config.write_text("")
    errors = folder / "newsboat-stderr"
    started = time.perf_counter()
    with errors.open("wb") as stderr:
        child = subprocess.Popen(
            ["newsboat", "-u", str(urls), "-c", str(cache), "-C", str(config), "-x", "reload"],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        # wait4 gives this one child's CPU (and its own children's), which RUSAGE_CHILDREN
        # would mix with the import's ended workers.
        _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        return {"error": errors.read_text(errors="replace")[-300:]}
    return {"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime}


def bench_search(db: Path) -> dict[str, Any]:
    library = Library(db)
    results: dict[str, Any] = {}
    for name, query in QUERIES.items():
        library.search(query, 50)  # warm
        times = []
        for _ in range(SEARCH_RUNS):
            started = time.perf_counter()
            library.search(query, 50)
            times.append((time.perf_counter() - started) * 1000)
        results[name] = {
            "query": query,
            "p50_ms": statistics.median(times),
            "p95_ms": percentile(times, 0.95),
        }
    library.close()
    return results


def bench_fzf(db: Path) -> dict[str, Any] | None:
    if shutil.which("fzf") is None:
        return None
    library = Library(db)
    titles = "\n".join(row[0] for row in library.store.query("SELECT title FROM articles"))
    library.close()
    results = {}
    for name, query in QUERIES.items():
        times = []
        for _ in range(5):
            started = time.perf_counter()
            subprocess.run(
                ["fzf", "--filter", query], input=titles.encode(), capture_output=True, timeout=120
            )
            times.append((time.perf_counter() - started) * 1000)
        results[name] = {"p50_ms": statistics.median(times), "p95_ms": percentile(times, 0.95)}
    return results


def bench_figures(db: Path) -> dict[str, Any]:
    library = Library(db)
    started = time.perf_counter()
    groups = library.rebuild_figure_groups()
    rebuild = time.perf_counter() - started
    started = time.perf_counter()
    first = library.figure_groups(limit=50)
    listing = time.perf_counter() - started
    library.close()
    return {
        "groups": groups,
        "rebuild_seconds": rebuild,
        "first_screen_seconds": listing,
        "first_label": first[0].label if first else None,
    }


def bench_regroup_after_refresh(db: Path, workdir: Path, size: int) -> dict[str, Any]:
    """What a refresh costs the figure groups: 50 new articles in a feed of their own, then
    regrouping the buckets they touched (the reader does it in the background)."""
    # Dated after the library's newest articles, as a refresh brings them.
    files = write_corpus(
        workdir / f"refresh-{size}",
        50,
        feeds=1,
        seed=size + 1,
        start=END,
        end=END + timedelta(days=1),
    )
    library = Library(db)
    library.import_paths(files, processes=1)
    library.reextract_figures(processes=0)  # their figures, as the analysis stage reads them
    started = time.perf_counter()
    buckets = library.update_figure_groups()
    seconds = time.perf_counter() - started
    library.close()
    return {"articles": 50, "buckets": buckets, "seconds": seconds}


FIRST_PAINT = r"""
import fcntl, os, select, struct, subprocess, sys, termios, time, resource
db, needle = sys.argv[1], sys.argv[2].encode()
master, slave = os.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))
env = {**os.environ, "TERM": "xterm-256color", "FEEDLENS_DB": db,
       "FEEDLENS_CONFIG": db + ".none.toml"}
started = time.perf_counter()
process = subprocess.Popen([sys.executable, "-m", "reader"], stdin=slave, stdout=slave,
                           stderr=slave, env=env, start_new_session=True)
os.close(slave)
output = b""
painted = None
while time.perf_counter() - started < 60:
    ready, _, _ = select.select([master], [], [], 0.01)
    if ready:
        output += os.read(master, 65536)
        if needle in output and painted is None:
            painted = time.perf_counter() - started
            break
def drain(quiet, limit=5.0):
    # Read until the reader has been silent for `quiet` seconds, or for `limit` seconds at
    # most: a reader that analyses redraws its progress less than a second apart throughout.
    until = time.perf_counter() + limit
    while time.perf_counter() < until:
        ready, _, _ = select.select([master], [], [], quiet)
        if not ready:
            return
        os.read(master, 65536)

drain(1.0)  # let the first page of rows and the sidebar counts arrive
latencies = []
for key in b"jjjjjjjjjjGgjjjjkkkkjjjjGgjjjjjj":
    sent = time.perf_counter()
    os.write(master, bytes([key]))
    ready, _, _ = select.select([master], [], [], 5)
    if ready:
        os.read(master, 65536)
        latencies.append((time.perf_counter() - sent) * 1000)
    drain(0.05)
os.write(master, b"q")
try:
    process.wait(timeout=10)
except subprocess.TimeoutExpired:
    process.kill()
    process.wait()
print(painted if painted is not None else -1)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(" ".join(f"{ms:.2f}" for ms in latencies))
"""


def bench_first_paint(db: Path, launches: int = RUNS) -> dict[str, Any]:
    library = Library(db)
    newest = library.articles(limit=1)[0].title[:24]
    library.remember("view", "all")
    library.remember("article", None)
    library.close()
    runs = []
    keys: list[float] = []  # keypress to first screen update, in the real process
    peak = 0
    # As users start it from the second launch on: Python caches compiled modules after the
    # first import, unless PYTHONDONTWRITEBYTECODE forbids it (then every start compiles
    # ~400 modules, ~0.45 s here). One discarded launch writes that cache.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for attempt in range(launches + 1):
        done = subprocess.run(
            [sys.executable, "-c", FIRST_PAINT, str(db), newest],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        lines = done.stdout.splitlines()
        if attempt and len(lines) >= 2 and float(lines[0]) >= 0:
            runs.append(float(lines[0]))
            peak = max(peak, int(lines[1]))
            if len(lines) >= 3:
                keys.extend(float(ms) for ms in lines[2].split())
    return {
        "seconds": statistics.median(runs) if runs else None,
        "runs": runs,
        "peak_rss_mb": peak / 1024,
        "keypress_p50_ms": statistics.median(keys) if keys else None,
        "keypress_p95_ms": percentile(keys, 0.95) if keys else None,
    }


def analysing_copy(db: Path, into: Path) -> Path:
    """A copy of ``db`` whose every article waits for the analysis when the reader starts (an
    'older extractor' read them, so every start queues them)."""
    import sqlite3

    copy = into / "analysing.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    source = sqlite3.connect(db)
    target = sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.execute("UPDATE articles SET extractor_version = 0")
    target.commit()
    target.close()
    return copy


def bench_keypress_while_analysing(db: Path, workdir: Path) -> dict[str, Any]:
    """Keypress to screen in a real reader process while it analyses the whole library in the
    background (``analysing_copy``)."""
    measured = bench_first_paint(analysing_copy(db, workdir), QUICK_RUNS)
    return {
        "keypress_p50_ms": measured["keypress_p50_ms"],
        "keypress_p95_ms": measured["keypress_p95_ms"],
    }


def bench_keypress(db: Path) -> dict[str, Any]:
    """Keypress to repaint in the article list, through Pilot (which adds its own cost,
    measured with an unbound key) and directly (move the cursor, draw every visible row)."""
    from reader.config import Settings
    from reader.ui.app import make_app
    from reader.ui.widgets.article_list import ArticleList

    baseline: list[float] = []
    direct: list[float] = []

    async def timed(pilot: Any, keys: list[str], into: list[float]) -> None:
        for key in keys:
            started = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            into.append((time.perf_counter() - started) * 1000)

    async def run() -> list[float]:
        library = Library(db)
        app = make_app(library, Settings())
        times: list[float] = []
        async with app.run_test(size=(160, 40)) as pilot:
            for _ in range(20):
                await app.workers.wait_for_complete()
                await pilot.pause()
            articles = app.screen.query_one(ArticleList)
            await timed(pilot, ["z"] * 30, baseline)
            await timed(pilot, ["j"] * 60 + ["ctrl+d"] * 20 + ["G", "g"] + ["k"] * 10, times)
            for _ in range(50):
                started = time.perf_counter()
                articles.action_cursor_down()
                for y in range(articles.size.height):
                    articles.render_line(y)
                direct.append((time.perf_counter() - started) * 1000)
            assert articles.count > 0
        library.close()
        return times

    times = asyncio.run(run())
    return {
        "p50_ms": statistics.median(times),
        "p95_ms": percentile(times, 0.95),
        "max_ms": max(times),
        "driver_baseline_p50_ms": statistics.median(baseline),
        "direct_p50_ms": statistics.median(direct),
        "direct_p95_ms": percentile(direct, 0.95),
    }


def run_size(
    size: int,
    workdir: Path,
    skip_newsboat: bool,
    paint_runs: int = RUNS,
    only_import: bool = False,
    store_only: bool = False,
) -> dict[str, Any]:
    folder = workdir / f"corpus-{size}"
    feeds = max(10, size // 1000)
    print(f"\n== {size:,} articles: generating {feeds} feeds…", flush=True)
    files = write_corpus(folder, size, feeds=feeds)
    db = workdir / f"library-{size}.sqlite"
    print("   importing…", flush=True)
    if store_only:  # the store stage and its yardstick, newsboat, on the same files
        load = os.getloadavg()[0]
        result: dict[str, Any] = {"size": size, "load_before": load}
        result["import"] = bench_import(files, db, True)
        if not skip_newsboat:
            print("   newsboat…", flush=True)
            result["newsboat"] = bench_newsboat(files, folder)
        return result
    result = {"size": size, "import": bench_import(files, db)}
    result["import_stages"] = bench_import_stages(files, workdir)
    if only_import:
        if not skip_newsboat:  # the store stage's yardstick, on the same files
            print("   newsboat…", flush=True)
            result["newsboat"] = bench_newsboat(files, folder)
        print("   figures…", flush=True)
        result["figures"] = bench_figures(db)
        print("   regrouping after a refresh…", flush=True)
        result["regroup"] = bench_regroup_after_refresh(db, workdir, size)
        return result
    if not skip_newsboat:
        print("   newsboat…", flush=True)
        result["newsboat"] = bench_newsboat(files, folder)
    print("   search…", flush=True)
    # Let the import's gigabyte of writes reach the disk first: searches are timed as a user
    # meets them, not while the kernel flushes the library the benchmark just wrote.
    os.sync()
    time.sleep(2)
    result["search"] = bench_search(db)
    result["fzf"] = bench_fzf(db)
    print("   figures…", flush=True)
    result["figures"] = bench_figures(db)
    print("   first paint…", flush=True)
    result["first_paint"] = bench_first_paint(db, paint_runs)
    print("   keypresses…", flush=True)
    result["keypress"] = bench_keypress(db)
    print("   keypresses while analysing…", flush=True)
    result["keypress_analysing"] = bench_keypress_while_analysing(db, workdir)
    print("   regrouping after a refresh…", flush=True)
    result["regroup"] = bench_regroup_after_refresh(db, workdir, size)
    return result


def _newsboat_rates(results: list[dict[str, Any]]) -> list[str]:
    """newsboat's articles/s on each size's files, with the store stage's ratio to it."""
    rates = []
    for r in results:
        nb = r.get("newsboat")
        if nb and "seconds" in nb:
            rate = r["import"]["articles"] / nb["seconds"]
            rates.append(f"{rate:,.0f} ({r['import']['articles_per_second'] / rate:.2f}x)")
        else:
            rates.append("n/a")
    return rates


def _cpu_rates(results: list[dict[str, Any]]) -> list[str]:
    """Articles per CPU second, store stage vs newsboat, and their ratio: on a shared machine
    the fairer comparison, since wall time is partly the other load."""
    rates = []
    for r in results:
        nb = r.get("newsboat")
        store_cpu = r["import"]["cpu_seconds"]["store"]
        store = r["import"]["articles"] / max(store_cpu, 1e-9)
        if nb and "cpu_seconds" in nb:
            theirs = r["import"]["articles"] / max(nb["cpu_seconds"], 1e-9)
            rates.append(f"{store:,.0f}/{theirs:,.0f} ({store / theirs:.2f}x)")
        else:
            rates.append(f"{store:,.0f}/n/a")
    return rates


def _cpu_seconds(results: list[dict[str, Any]]) -> list[str]:
    """CPU seconds (user+sys, with child processes) of the store stage and of newsboat."""
    values = []
    for r in results:
        nb = r.get("newsboat") or {}
        theirs = f"{nb['cpu_seconds']:.1f}" if "cpu_seconds" in nb else "n/a"
        values.append(f"{r['import']['cpu_seconds']['store']:.1f}/{theirs}")
    return values


def table(results: list[dict[str, Any]]) -> str:
    lines = [f"machine: {machine()}", ""]
    header = f"{'measure':<44}" + "".join(f"{r['size']:>16,}" for r in results)
    lines += [header, "-" * len(header)]

    def row(label: str, values: list[str]) -> None:
        lines.append(f"{label:<44}" + "".join(f"{v:>16}" for v in values))

    row(
        "import (store stage), articles/s",
        [f"{r['import']['articles_per_second']:,.0f}" for r in results],
    )
    row("newsboat -x reload, articles/s (ratio)", _newsboat_rates(results))
    row("  CPU s: store stage/newsboat", _cpu_seconds(results))
    row("  art per CPU s: store/newsboat (ratio)", _cpu_rates(results))
    row(
        "analysis (figures), articles/s",
        [f"{r['import']['analysis_articles_per_second']:,.0f}" for r in results],
    )
    row(
        "import to fully analysed (with groups), art/s",
        [f"{r['import']['fully_analysed_articles_per_second']:,.0f}" for r in results],
    )
    row(
        "  after analysis (stories, groups) s",
        [f"{r['import']['grouping_seconds']:,.1f}" for r in results],
    )
    row(
        "  CPU s: store/analysis/after analysis",
        [
            "/".join(
                f"{r['import']['cpu_seconds'][k]:.0f}"
                for k in ("store", "analysis", "after_analysis")
            )
            for r in results
        ],
    )
    row(
        "  stages ms/article: parse/clean/figures",
        [
            f"{r['import_stages']['parse_ms']:.2f}/{r['import_stages']['clean_ms']:.2f}"
            f"/{r['import_stages']['figures_ms']:.2f}"
            for r in results
        ],
    )
    row(
        "  figures of a dense 85 KiB article, ms",
        [f"{r['import_stages']['dense_85kib_figures_ms']:.1f}" for r in results],
    )
    row(
        "  stages ms/article: prepare all/store",
        [
            f"{r['import_stages']['prepare_ms']:.2f}/{r['import_stages']['store_ms']:.2f}"
            for r in results
        ],
    )
    row(
        "  ceiling: store stage / analysis, articles/s",
        [
            f"{r['import_stages']['ceiling_store_articles_per_second']:,.0f}"
            f"/{r['import_stages']['ceiling_analysis_articles_per_second']:,.0f}"
            for r in results
        ],
    )
    row("library bytes per article", [f"{r['import']['bytes_per_article']:,.0f}" for r in results])
    row("library size / raw feed bytes", [f"{r['import']['size_vs_raw']:.2f}x" for r in results])
    for name in QUERIES:
        row(
            f"search '{name}' p50 / p95 ms",
            [
                f"{r['search'][name]['p50_ms']:.1f}/{r['search'][name]['p95_ms']:.1f}"
                for r in results
            ],
        )
        fzf = [r.get("fzf") for r in results]
        row(
            "  fzf --filter p50 ms (titles only)",
            [f"{f[name]['p50_ms']:.1f}" if f else "n/a" for f in fzf],
        )
    row("figure groups: rebuild s", [f"{r['figures']['rebuild_seconds']:.2f}" for r in results])
    row(
        "figure groups: first screenful s",
        [f"{r['figures']['first_screen_seconds']:.3f}" for r in results],
    )
    row(
        "figure groups: regroup after 50 new articles s",
        [f"{r['regroup']['seconds']:.2f}" if "regroup" in r else "n/a" for r in results],
    )
    row(
        "reader first paint s (process start)",
        [
            f"{r['first_paint']['seconds']:.2f}" if r["first_paint"]["seconds"] else "n/a"
            for r in results
        ],
    )
    row(
        "keypress via Pilot p50/p95 ms (driver alone)",
        [
            f"{r['keypress']['p50_ms']:.0f}/{r['keypress']['p95_ms']:.0f} "
            f"({r['keypress']['driver_baseline_p50_ms']:.0f})"
            for r in results
        ],
    )
    row(
        "list move + repaint, direct p50/p95 ms",
        [
            f"{r['keypress']['direct_p50_ms']:.1f}/{r['keypress']['direct_p95_ms']:.1f}"
            for r in results
        ],
    )
    row(
        "keypress to screen, real process p50/p95 ms",
        [
            f"{r['first_paint']['keypress_p50_ms']:.1f}/{r['first_paint']['keypress_p95_ms']:.1f}"
            if r["first_paint"].get("keypress_p50_ms") is not None
            else "n/a"
            for r in results
        ],
    )
    row(
        "  the same while analysing p50/p95 ms",
        [
            f"{r['keypress_analysing']['keypress_p50_ms']:.1f}"
            f"/{r['keypress_analysing']['keypress_p95_ms']:.1f}"
            if r.get("keypress_analysing", {}).get("keypress_p50_ms") is not None
            else "n/a"
            for r in results
        ],
    )
    row("peak memory browsing, MB", [f"{r['first_paint']['peak_rss_mb']:.0f}" for r in results])
    return "\n".join(lines)


def import_table(results: list[dict[str, Any]]) -> str:
    """The rows ``--only-import`` measures: import, analysis, fully analysed (wall and CPU),
    the figure groups' whole rebuild and the regroup after 50 new articles."""
    lines = [f"machine: {machine()}", ""]
    header = f"{'measure':<44}" + "".join(f"{r['size']:>16,}" for r in results)
    lines += [header, "-" * len(header)]

    def row(label: str, values: list[str]) -> None:
        lines.append(f"{label:<44}" + "".join(f"{v:>16}" for v in values))

    imports = [r["import"] for r in results]
    row("import (store stage), articles/s", [f"{i['articles_per_second']:,.0f}" for i in imports])
    row("newsboat -x reload, articles/s (ratio)", _newsboat_rates(results))
    row("  CPU s: store stage/newsboat", _cpu_seconds(results))
    row("  art per CPU s: store/newsboat (ratio)", _cpu_rates(results))
    row(
        "analysis (figures), articles/s",
        [f"{i['analysis_articles_per_second']:,.0f}" for i in imports],
    )
    row(
        "import to fully analysed (with groups), art/s",
        [f"{i['fully_analysed_articles_per_second']:,.0f}" for i in imports],
    )
    row("  after analysis (stories, groups) s", [f"{i['grouping_seconds']:,.1f}" for i in imports])
    row(
        "  CPU s: store/analysis/after analysis",
        [
            "/".join(f"{i['cpu_seconds'][k]:.0f}" for k in ("store", "analysis", "after_analysis"))
            for i in imports
        ],
    )
    row("figure groups: rebuild s", [f"{r['figures']['rebuild_seconds']:.2f}" for r in results])
    row(
        "figure groups: regroup after 50 new articles s",
        [f"{r['regroup']['seconds']:.2f}" for r in results],
    )
    return "\n".join(lines)


def store_table(results: list[dict[str, Any]]) -> str:
    """The rows ``--store-only`` measures: the store stage beside newsboat, wall and CPU."""
    lines = [f"machine: {machine()}", ""]
    header = f"{'measure':<44}" + "".join(f"{r['size']:>16,}" for r in results)
    lines += [header, "-" * len(header)]

    def row(label: str, values: list[str]) -> None:
        lines.append(f"{label:<44}" + "".join(f"{v:>16}" for v in values))

    row("load average before (1 min)", [f"{r['load_before']:.1f}" for r in results])

    row(
        "import (store stage), articles/s",
        [f"{r['import']['articles_per_second']:,.0f}" for r in results],
    )
    row("newsboat -x reload, articles/s (ratio)", _newsboat_rates(results))
    row("  CPU s: store stage/newsboat", _cpu_seconds(results))
    row("  art per CPU s: store/newsboat (ratio)", _cpu_rates(results))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="10k articles only, 3 first paints (under a minute)"
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--no-newsboat", action="store_true")
    parser.add_argument("--keep", type=Path, help="keep corpora and libraries in this folder")
    parser.add_argument(
        "--only-import",
        action="store_true",
        help="the import rows, figure group rebuild and regroup only (no search, reader, keys)",
    )
    parser.add_argument(
        "--store-only",
        action="store_true",
        help="the store stage and newsboat only, wall and CPU (no analysis, nothing after)",
    )
    args = parser.parse_args()
    sizes = [10_000] if args.quick else args.sizes
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="feedlens-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    paint_runs = QUICK_RUNS if args.quick else RUNS
    results = [
        run_size(size, workdir, args.no_newsboat, paint_runs, args.only_import, args.store_only)
        for size in sizes
    ]
    if args.store_only:
        report = store_table(results)
    elif args.only_import:
        report = import_table(results)
    else:
        report = table(results)
    print("\n" + report)
    OUT.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (OUT / f"results-{stamp}.json").write_text(
        json.dumps({"machine": machine(), "results": results}, indent=2, default=str)
    )
    (OUT / "latest.txt").write_text(report + "\n")
    print(f"\nwrote {OUT / f'results-{stamp}.json'} and {OUT / 'latest.txt'}")
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"harness peak memory: {own:.0f} MB")


if __name__ == "__main__":
    from reader.child_process import children_skip_main

    children_skip_main()  # as the feedlens command: workers need not run this script again
    main()
