"""Story assignment on real news, printed: pairwise precision, recall and F1 of "same story".

    uv run python tests/perf/stories_eval.py            # development topics only
    uv run python tests/perf/stories_eval.py --held-back  # and the held-back topics, once

Turns ../shared/corpora/news-clusters into one feed per outlet (every story in the same six
weeks), imports them into a real library in a temporary folder, lets the library assign
stories, and scores every pair of articles against the corpus clusters (tests/stories/
corpus_eval.py). Held-back topics are printed apart and only when asked.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.library import Library  # noqa: E402
from tests.stories.corpus_eval import split_scores, truth_and_stories, write_feeds  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--held-back", action="store_true", help="Also score held-back topics.")
    args = parser.parse_args()
    corpus = ROOT.parent / "shared" / "corpora" / "news-clusters"
    if not corpus.is_dir():
        sys.exit(f"news-clusters corpus not found at {corpus}")
    with tempfile.TemporaryDirectory() as folder:
        clusters = write_feeds(corpus, Path(folder) / "feeds")
        library = Library(Path(folder) / "library.sqlite")
        library.import_paths([Path(folder) / "feeds"])
        started = time.perf_counter()
        library.wait_for_analysis()
        took = time.perf_counter() - started
        items = truth_and_stories(library, clusters)
        dev, held = split_scores(items)
        print(f"assigned {len(items)} articles in {took:.2f} s; {library.stories.count(1)} stories")
        print(dev.line("development"))
        if args.held_back:
            print(held.line("held-back"))
        library.close()


if __name__ == "__main__":
    main()
