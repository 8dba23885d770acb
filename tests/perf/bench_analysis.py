"""Where the analysis stage's CPU goes, per article, measured in CPU seconds (wall time lies on
a shared machine): claiming a batch, reading it, extraction, context words, storing mentions
and unqueueing, done here in one process as a worker does them; and optionally a cProfile.

    uv run python tests/perf/bench_analysis.py                  # 2,000 generated articles
    uv run python tests/perf/bench_analysis.py --articles 10000 --profile 30
    uv run python tests/perf/bench_analysis.py --news           # the news-clusters corpus too

The store stage (import) runs first and is not counted; the after-drain steps (stories, figure
groups) are not part of it either (tests/perf/run.py times them). Extraction is timed apart
from context words by extracting each batch once more on its own.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import html
import pstats
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.library import Library  # noqa: E402
from tests.perf.corpus import write_corpus  # noqa: E402

PARTS = ("claim", "read", "extract", "context", "save", "unqueue")


def drain_by_part(
    library: Library, batch: int, profile: cProfile.Profile | None
) -> dict[str, float]:
    """CPU seconds by part of working off the whole queue here, batch by batch."""
    from reader.figures.extract import EXTRACTOR_VERSION, extract
    from reader.pipeline import figures_of_articles
    from reader.store import analysis_queue
    from reader.store import figures as figure_store

    store = library.store
    spent = dict.fromkeys(PARTS, 0.0)

    @contextlib.contextmanager
    def timed(part: str) -> Iterator[None]:
        started = time.process_time()
        if profile is not None:
            profile.enable()
        yield
        if profile is not None:
            profile.disable()
        spent[part] += time.process_time() - started

    while True:
        with timed("claim"):
            claimed = analysis_queue.claim(store, batch)
        if not claimed:
            break
        with timed("read"):
            rows = [
                (r["id"], r["sort_date"], r["text"], r["title"])
                for r in store.query_ids(
                    "SELECT id, sort_date, text, title FROM articles WHERE id IN ({ids}) "
                    "ORDER BY id",
                    [article_id for _, article_id in claimed],
                )
            ]
        with timed("extract"):
            for row in rows:
                extract(row[2])
        with timed("context"):
            extracted = figures_of_articles(rows)
        with timed("save"):
            figure_store.save_reextracted(store, extracted, EXTRACTOR_VERSION)
        with timed("unqueue"), store.write() as conn:
            analysis_queue.finish(conn, [queue_id for queue_id, _ in claimed])
    spent["context"] -= spent["extract"]  # figures_of_articles extracts, then adds context
    return spent


def news_articles(folder: Path) -> list[Path]:
    """The news-clusters corpus as one RSS file (a paragraph a line), for a real-text run."""
    corpus = ROOT.parent / "shared" / "corpora" / "news-clusters" / "clusters"
    items = []
    for number, path in enumerate(sorted(corpus.glob("*/*.txt"))):
        raw = path.read_text(encoding="utf-8").splitlines()
        body = "".join(f"<p>{html.escape(line.strip())}</p>" for line in raw[2:] if line.strip())
        items.append(
            f"<item><title>{html.escape(raw[0])}</title><guid>news-{number}</guid>"
            f"<link>https://example.org/{number}</link>"
            f"<description>{html.escape(body)}</description></item>"
        )
    feed = folder / "news.rss"
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>news</title>'
        f"{''.join(items)}</channel></rss>",
        encoding="utf-8",
    )
    return [feed]


def run(name: str, files: list[Path], db: Path, batch: int, top: int) -> None:
    library = Library(db)
    library.import_paths(files, processes=1)
    count = library.analysis_progress().pending
    if not count:
        library.close()
        print(f"{name}: nothing to analyse (is the corpus there?)")
        return
    profile = cProfile.Profile() if top else None
    spent = drain_by_part(library, batch, profile)
    library.close()
    total = sum(spent.values())
    parts = ", ".join(f"{part} {seconds / count * 1000:.3f}" for part, seconds in spent.items())
    print(f"{name}: {count} articles, CPU ms/article: {parts}; all {total / count * 1000:.3f}")
    if profile is not None:
        print("  (profiled: the profiler's own cost is in these figures)")
        pstats.Stats(profile).sort_stats("tottime").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--news", action="store_true", help="the news-clusters corpus too")
    parser.add_argument("--profile", type=int, default=0, help="print the top N functions")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        files = write_corpus(work / "generated", args.articles, feeds=max(2, args.articles // 1000))
        run("generated", files, work / "generated.sqlite", args.batch, args.profile)
        if args.news:
            (work / "news").mkdir()
            run("news-clusters", news_articles(work / "news"), work / "news.sqlite", args.batch, 0)


if __name__ == "__main__":
    from reader.child_process import children_skip_main

    children_skip_main()  # as the feedlens command: workers need not run this script again
    main()
