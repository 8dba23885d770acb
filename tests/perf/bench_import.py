"""Import throughput from local files: a generated corpus of N articles (~3 KB HTML) in 10 feeds.

Run: ``uv run python tests/perf/bench_import.py [--articles 10000]``. Prints the store stage's
articles/s (read, parse, clean, index, commit, queue), then the analysis stage's (figures and
groups, from the queue), and the library size per article.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reader.library import Library
from tests.perf.corpus import write_corpus


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--processes", type=int, default=None)
    args = parser.parse_args()
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
    main()
