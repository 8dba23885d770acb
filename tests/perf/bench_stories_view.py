"""The Stories view's first screen and the article list with stories folded, at 1M, printed.

    uv run python tests/perf/bench_stories_view.py --articles 1000000 --keep /tmp/stories1m.sqlite
    uv run python tests/perf/bench_stories_view.py --library PATH   # a library you imported

A library of a million articles imported and assigned through the real pipeline takes hours on
two cores, and listing speed depends on how many rows there are and how they are shaped, not on
their words. So, unless ``--library`` names a real one, this builds the tables a story rebuild
leaves (articles, story_articles, stories with centroids of a real story's size) with plain
inserts into a library made by the real migrations: most stories of one article, many of a
few, some of dozens and a handful of thousands (the benchmark corpus of tests/perf/corpus.py
makes stories of 13,000). Then it times, through the facade, what the reader does:

- the Stories view's first screen: the ranked first page and the count (target <= 100 ms);
- the Stories filter (``/``): reading every listed story's words once, then a filter;
- the article list with stories folded: the first page and the count, for All, Unread and one
  feed, and a page deep in the list;
- the view's thread marks (≢) on its first open after an analysis: counted by the view itself
  (the marks cleared, as before the analysis stage counted them) and read kept after the
  analysis step (reader.analysis.mark_threads) counted them. This clears the library's kept
  marks (a cache the next open or analysis makes again). Real threads need a real analysed
  library (``--library``): the built one's stories are threads of one.

Each figure is the median of several runs on a warm cache; the machine is shared, so read it
as an upper bound and run twice.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.library import Library  # noqa: E402
from reader.store.articles import ArticleFilter  # noqa: E402
from reader.stories import story_filter, thread_marks  # noqa: E402
from reader.ui.screens.stories import FIRST_PAGE, SHOWN_STORIES  # noqa: E402

RUNS = 7
START = datetime(2025, 1, 1, tzinfo=UTC)
WORDS = [
    "refinery",
    "union",
    "strike",
    "council",
    "budget",
    "vote",
    "court",
    "ruling",
    "storm",
    "flood",
    "port",
    "airline",
    "hospital",
    "ministry",
    "police",
    "school",
    "bank",
    "rates",
    "election",
    "wildfire",
    "earthquake",
    "talks",
    "deal",
]


def _story_sizes(articles: int, rng: random.Random) -> list[int]:
    """Story sizes summing to ``articles``: like news, mostly one article, a tail of big ones."""
    sizes: list[int] = []
    left = articles
    giants = max(articles // 100_000, 1)  # a handful of stories of thousands
    for _ in range(giants):
        size = min(rng.randint(2_000, 13_000), max(articles // 3, 1), left)
        sizes.append(size)
        left -= size
    while left > 0:
        roll = rng.random()
        if roll < 0.55:
            size = 1
        elif roll < 0.9:
            size = rng.randint(2, 6)
        else:
            size = rng.randint(7, 60)
        size = min(size, left)
        sizes.append(size)
        left -= size
    rng.shuffle(sizes)
    return sizes


def _centroid(rng: random.Random) -> str:
    """A centroid of a real story's weight (~2 KB of summed word and name weights)."""
    words = {f"{rng.choice(WORDS)}{i}": round(rng.random(), 3) for i in range(60)}
    names = {f"Name{i}": round(rng.random(), 3) for i in range(12)}
    return json.dumps({"w": words, "n": names, "c": dict.fromkeys(names, 1)})


def build_library(path: Path, articles: int, feeds: int = 1_000, seed: int = 7) -> None:
    """A library made by the real migrations holding ``articles`` articles in stories."""
    Library(path).close()  # the schema, as any library has it
    from reader.figures.extract import EXTRACTOR_VERSION

    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    stamp = START.isoformat()
    conn.executemany(
        "INSERT INTO feeds (id, url, title, added_at, updated_at) VALUES (?, ?, ?, ?, ?)",
        [
            (i, f"file:///feeds/{i}.xml", f"Outlet {i:04d}", stamp, stamp)
            for i in range(1, feeds + 1)
        ],
    )
    span_minutes = 365 * 24 * 60
    article_id = 0
    story_id = 0
    batch: list[tuple[object, ...]] = []
    members: list[tuple[object, ...]] = []
    stories: list[tuple[object, ...]] = []

    def flush() -> None:
        conn.executemany(
            "INSERT INTO articles (id, feed_id, key, guid, link, title, sort_date, published, "
            "text, content_hash, read, added_at, updated_at, extractor_version) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            batch,
        )
        conn.executemany(
            "INSERT INTO story_articles (article_id, story_id, feed_id, day, content_hash) "
            "VALUES (?, ?, ?, ?, ?)",
            members,
        )
        conn.executemany(
            "INSERT INTO stories (id, thread_id, title, articles, feeds, first_date, last_date, "
            "first_day, last_day, centroid, figures, differing) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            stories,
        )
        conn.commit()
        batch.clear()
        members.clear()
        stories.clear()

    for size in _story_sizes(articles, rng):
        story_id += 1
        begin = START + timedelta(minutes=rng.randrange(span_minutes))
        story_feeds: set[int] = set()
        dates: list[str] = []
        title = " ".join(rng.choice(WORDS) for _ in range(7)).capitalize()
        for _ in range(size):
            article_id += 1
            feed_id = rng.randint(1, feeds)
            story_feeds.add(feed_id)
            when = (begin + timedelta(minutes=rng.randrange(3 * 24 * 60))).isoformat()
            dates.append(when)
            digest = f"h{article_id}"
            batch.append(
                (
                    article_id,
                    feed_id,
                    f"k{article_id}",
                    f"g{article_id}",
                    f"https://outlet{feed_id}.example/{article_id}",
                    f"{title} ({article_id})",
                    when,
                    when,
                    f"{title}. " * 4,
                    digest,
                    int(rng.random() < 0.7),  # most of a big library has been read
                    stamp,
                    stamp,
                    EXTRACTOR_VERSION,
                )
            )
            day = datetime.fromisoformat(when).timestamp() / 86_400
            members.append((article_id, story_id, feed_id, day, digest))
        dates.sort()
        first = datetime.fromisoformat(dates[0]).timestamp() / 86_400
        last = datetime.fromisoformat(dates[-1]).timestamp() / 86_400
        stories.append(
            (
                story_id,
                story_id,
                title,
                size,
                len(story_feeds),
                dates[0],
                dates[-1],
                first,
                last,
                _centroid(rng) if size > 1 else "{}",
                rng.randint(0, 6),
                int(rng.random() < 0.2),
            )
        )
        if len(batch) >= 20_000:
            flush()
    flush()
    conn.execute("ANALYZE")
    conn.commit()
    conn.close()


def timed(work: Callable[[], object], runs: int = RUNS) -> float:
    """Median milliseconds of ``work`` (after one warm-up run)."""
    work()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


STORIES_KEY = r"""
import fcntl, os, select, struct, subprocess, sys, termios, time
db, runs = sys.argv[1], int(sys.argv[2])
master, slave = os.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))
env = {**os.environ, "TERM": "xterm-256color", "FEEDLENS_DB": db,
       "FEEDLENS_CONFIG": db + ".none.toml"}
process = subprocess.Popen([sys.executable, "-m", "reader"], stdin=slave, stdout=slave,
                           stderr=slave, env=env, start_new_session=True)
os.close(slave)

def wait_for(needle, limit):
    started, seen = time.perf_counter(), b""
    while time.perf_counter() - started < limit:
        ready, _, _ = select.select([master], [], [], 0.005)
        if ready:
            seen += os.read(master, 65536)
            if needle in seen:
                return time.perf_counter()
    return None

def wait_for_both(first, second, limit):
    # When each needle first reached the terminal (None: not within the limit).
    started, seen, times = time.perf_counter(), b"", [None, None]
    while time.perf_counter() - started < limit:
        ready, _, _ = select.select([master], [], [], 0.005)
        if ready:
            seen += os.read(master, 65536)
            if times[0] is None and first in seen:
                times[0] = time.perf_counter()
            if second in seen:
                times[1] = time.perf_counter()
                return times
    return times

def drain(quiet):
    while select.select([master], [], [], quiet)[0]:
        os.read(master, 65536)

wait_for(b"Search", 60)
drain(2.0)
for _ in range(runs):
    sent = time.perf_counter()
    os.write(master, b"S")
    titled, shown = wait_for_both(b"Stories covered", b"two or more articles", 30)
    print("T", -1 if titled is None else (titled - sent) * 1000, flush=True)
    print("S", -1 if shown is None else (shown - sent) * 1000, flush=True)
    drain(1.0)
    os.write(master, b"\x1b")
    drain(1.0)
    # For scale on a busy machine: a move in the article list, keypress to screen.
    sent = time.perf_counter()
    os.write(master, b"j")
    answered = select.select([master], [], [], 5)[0]
    print("j", (time.perf_counter() - sent) * 1000 if answered else -1, flush=True)
    drain(0.5)
os.write(master, b"Q")
try:
    process.wait(timeout=10)
except subprocess.TimeoutExpired:
    process.kill()
"""


def stories_keypress(path: Path, runs: int = 5) -> dict[str, list[float]]:
    """Milliseconds from S pressed in a real reader process (on a pseudo-terminal) to the
    Stories view's title ("T": the screen itself, no data yet) and to its first rows and
    status line ("S"); and, for scale, from j pressed in the article list to the screen's
    answer ("j")."""
    done = subprocess.run(
        [sys.executable, "-c", STORIES_KEY, str(path), str(runs)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    times: dict[str, list[float]] = {"T": [], "S": [], "j": []}
    for line in done.stdout.splitlines():
        key, _, value = line.partition(" ")
        if key in times and float(value) >= 0:
            times[key].append(float(value))
    return times


def _count_afresh(library: Library, view: ArticleFilter) -> int:
    """The folded count as the reader meets it after a reload: rows read in the last seconds
    would serve it otherwise (StoryFacade keeps them for opening an article then counting)."""
    library.stories._folded = None
    return library.count(view)


def measure(path: Path) -> None:
    library = Library(path)
    total = library.summary().articles
    print(f"library: {total:,} articles, {library.stories.count(1):,} stories")

    def stories_first_screen() -> None:  # what StoriesScreen.load_stories posts first
        library.analysis_progress()
        library.stories.ranked(limit=FIRST_PAGE, with_articles=False, count_figures=False)
        library.stories.count()

    print(
        f"Stories view first screen, facade (ranked {FIRST_PAGE} + count): "
        f"{timed(stories_first_screen):.1f} ms   (target <= 100 ms)"
    )
    print(
        f"Stories view, the rest (the first {SHOWN_STORIES} with figures counted): "
        f"{timed(lambda: library.stories.ranked(limit=SHOWN_STORIES, with_articles=False)):.1f} ms"
    )
    # The filter (/): its first keystroke reads every listed story's title and feeds (in a
    # worker: the list stays as it is meanwhile); each keystroke after ranks them.
    texts = library.stories.filter_texts()
    read = timed(lambda: story_filter.story_texts(library.store), runs=3)
    print(
        f"Stories filter, first keystroke (read {len(texts.story_ids):,} stories' titles and "
        f"feeds, in a worker): {read:.0f} ms"
    )
    kept = timed(library.stories.filter_texts, runs=3)
    print(
        f"Stories filter, first keystroke of a later opening (index kept, its mark read): {kept:.0f} ms"
    )
    for query in ("refinery", "refinry strike", "u", "outlet"):  # outlet: every feed
        ranked = timed(lambda q=query: library.stories.filtered(q, texts), runs=5)
        print(f"Stories filter {query!r}, each keystroke after (in a worker): {ranked:.1f} ms")
    keys = stories_keypress(path)

    def shown(times: list[float]) -> str:
        median = statistics.median(times) if times else float("nan")
        return f"{' '.join(f'{ms:.0f}' for ms in times)} ms (median {median:.0f})"

    print("Stories view in a real reader process, S pressed to, on the terminal:")
    print(f"  its title (the screen alone, no data): {shown(keys['T'])}")
    print(f"  its first rows and status line: {shown(keys['S'])}")
    print(f"  for scale, j in the article list: {shown(keys['j'])}")
    feed = library.feeds()[0].id
    for label, view in (
        ("All", ArticleFilter()),
        ("Unread", ArticleFilter(unread_only=True)),
        ("one feed", ArticleFilter(feed_id=feed)),
    ):
        plain = timed(lambda v=view: (library.count(v), library.articles(v, 0, 200)))
        folded = replace(view, fold_stories=True)
        folded_page = timed(lambda v=folded: library.articles(v, 0, 200))
        folded_count = timed(lambda v=folded: _count_afresh(library, v), runs=3)
        print(
            f"article list, {label:8}: plain page+count {plain:7.1f} ms · stories folded: "
            f"first page {folded_page:7.1f} ms, count {folded_count:7.1f} ms"
        )
    all_folded = ArticleFilter(fold_stories=True)
    library.count(all_folded)  # as the reader does: the count's pass serves the deep pages
    deep = timed(lambda: library.articles(all_folded, 50_000, 200), runs=3)
    print(f"article list, All, stories folded, page at row 50,000: {deep:.1f} ms")
    measure_thread_marks(library)
    library.close()


def measure_thread_marks(library: Library) -> None:
    """The Stories view's mark pass on its listed stories, on its first open after an
    analysis: marks left to the view, then counted ahead by the analysis step."""
    rows = [s.row for s in library.stories.ranked(limit=SHOWN_STORIES, with_articles=False)]
    threaded = len(thread_marks.thread_stamps(library.store, rows))

    def clear_marks() -> None:
        with library.store.write() as conn:
            conn.execute("DELETE FROM story_thread_marks")

    def view_pass() -> float:
        started = time.perf_counter()
        library.stories.thread_differing(rows)
        return (time.perf_counter() - started) * 1000

    clear_marks()
    left_to_view = view_pass()
    clear_marks()
    started = time.perf_counter()
    library.stories.mark_threads()
    step = (time.perf_counter() - started) * 1000
    ahead = statistics.median(view_pass() for _ in range(RUNS))
    print(
        f"Stories view thread marks, {threaded} of the first {len(rows)} stories in threads: "
        f"counted by the view on first open {left_to_view:.0f} ms · after the analysis step "
        f"({step:.0f} ms, off the view) {ahead:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="Library file to build once and reuse.")
    parser.add_argument("--library", type=Path, help="Measure this library; build nothing.")
    args = parser.parse_args()
    if args.library is not None:
        measure(args.library)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "library.sqlite"
        if not path.exists():
            started = time.perf_counter()
            build_library(path, args.articles)
            print(f"built {args.articles:,} articles in {time.perf_counter() - started:.0f} s")
        measure(path)


if __name__ == "__main__":
    main()
