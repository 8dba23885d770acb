"""Where the store stage's CPU goes, per article, in CPU seconds (wall time lies on a shared
machine): reading and parsing the feed, cleaning, compression, hashing, the block structure's
JSON, the whole preparation, and the writer (rows, full-text index, queueing), one process.

    uv run python tests/perf/bench_store.py                     # 10,000 generated articles
    uv run python tests/perf/bench_store.py --articles 2000 --profile 25

The parts are timed apart by doing each again on its own (``prepare`` is all of them but
parsing, as the store stage runs them); ``--profile`` adds a cProfile of a plain import.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import pstats
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.feeds.parse import parse_feed  # noqa: E402
from reader.library import Library  # noqa: E402
from reader.pipeline import compress_html, content_hash, prepare_parsed, structure_json  # noqa: E402
from reader.store import articles as article_store  # noqa: E402
from reader.text.clean import html_to_text  # noqa: E402
from tests.perf.corpus import write_corpus  # noqa: E402

PARTS = ("parse", "clean", "compress", "hash", "structure", "prepare", "store")


def by_part(files: list[Path], library: Library) -> tuple[int, dict[str, float]]:
    """Articles read and CPU seconds by part of the store stage over these feed files."""
    spent = dict.fromkeys(PARTS, 0.0)

    @contextlib.contextmanager
    def timed(part: str) -> Iterator[None]:
        started = time.process_time()
        yield
        spent[part] += time.process_time() - started

    count = 0
    for number, path in enumerate(files):
        with timed("parse"):
            parsed = parse_feed(path.read_bytes())
        entries = parsed.entries
        count += len(entries)
        with timed("clean"):
            cleaned = [html_to_text(e.html) for e in entries]
        with timed("compress"):
            [compress_html(e.html) for e in entries]
        with timed("hash"):
            [content_hash(e) for e in entries]
        with timed("structure"):
            [structure_json(c) for c in cleaned]
        with timed("prepare"):
            prepared = prepare_parsed(parsed)
        with timed("store"):
            for first in range(0, len(prepared.articles), 1000):
                with library.store.write() as conn:
                    feed_id = article_store.upsert_feed(conn, f"file:///{number}", "bench", "")
                    article_store.save_articles(
                        conn, feed_id, prepared.articles[first : first + 1000]
                    )
    return count, spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--profile", type=int, default=0, help="print the top N functions")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        files = write_corpus(work / "corpus", args.articles, feeds=max(2, args.articles // 1000))
        library = Library(work / "parts.sqlite")
        count, spent = by_part(files, library)
        library.close()
        parts = ", ".join(f"{part} {seconds / count * 1000:.3f}" for part, seconds in spent.items())
        whole = (spent["parse"] + spent["prepare"] + spent["store"]) / count * 1000
        print(f"{count} articles, CPU ms/article: {parts}; parse+prepare+store {whole:.3f}")
        if args.profile:
            library = Library(work / "profiled.sqlite")
            profile = cProfile.Profile(time.process_time)
            profile.enable()
            library.import_paths(files, processes=1)
            profile.disable()
            library.close()
            print("  (profiled import, one process: the profiler's own cost is in these figures)")
            pstats.Stats(profile).sort_stats("tottime").print_stats(args.profile)


if __name__ == "__main__":
    from reader.child_process import children_skip_main

    children_skip_main()  # as the feedlens command: workers need not run this script again
    main()
