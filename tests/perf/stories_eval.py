"""Story assignment on real news, printed: pairwise precision, recall and F1 of "same story".

    uv run python tests/perf/stories_eval.py            # development topics only
    uv run python tests/perf/stories_eval.py --held-back  # and the held-back topics, once
    uv run python tests/perf/stories_eval.py --orders 5   # five fixed import orders
    uv run python tests/perf/stories_eval.py --show       # and the mixed and split stories

Turns ../shared/corpora/news-clusters into one feed per outlet (every story in the same six
weeks), imports them into a real library in a temporary folder, lets the library assign
stories, and scores every pair of articles against the corpus clusters (tests/stories/
corpus_eval.py). Held-back topics are printed apart and only when asked.

Stories are assigned in id order and ids follow the order feeds are stored, which a user's
parallel import does not fix: one run's score is one draw. ``--orders N`` imports the feeds
one at a time in N fixed orders (sorted, then shuffled by seeds 1..N-1) and prints each
order's score and their mean, lowest and highest. ``--show`` lists the development stories
that mix two clusters and the clusters split over several stories, with titles and outlets.
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
from tests.stories.corpus_eval import (  # noqa: E402
    PairScore,
    import_in_order,
    split_scores,
    story_detail,
    truth_and_stories,
    write_feeds,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--held-back", action="store_true", help="Also score held-back topics.")
    parser.add_argument("--orders", type=int, default=0, help="Score N fixed import orders.")
    parser.add_argument(
        "--show", action="store_true", help="List mixed and split development stories."
    )
    args = parser.parse_args()
    corpus = ROOT.parent / "shared" / "corpora" / "news-clusters"
    if not corpus.is_dir():
        sys.exit(f"news-clusters corpus not found at {corpus}")
    if args.orders:
        _score_orders(corpus, args.orders, args.held_back)
        return
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
        if args.show:
            print("\n".join(story_detail(library, clusters)))
        if args.held_back:
            print(held.line("held-back"))
        library.close()


def _score_orders(corpus: Path, orders: int, held_back: bool) -> None:
    """Each fixed import order's scores, then the mean, lowest and highest."""
    scores: list[tuple[PairScore, PairScore]] = []
    with tempfile.TemporaryDirectory() as folder:
        clusters = write_feeds(corpus, Path(folder) / "feeds")
        for seed in range(orders):
            library = Library(Path(folder) / f"library-{seed}.sqlite")
            import_in_order(library, Path(folder) / "feeds", seed)
            dev, held = split_scores(truth_and_stories(library, clusters))
            library.close()
            scores.append((dev, held))
            print(dev.line(f"order {seed} development"))
            if held_back:
                print(held.line(f"order {seed} held-back"))
    parts = [("development", 0), ("held-back", 1)] if held_back else [("development", 0)]
    for name, which in parts:
        chosen = [pair[which] for pair in scores]
        f1s = [score.f1 for score in chosen]
        print(
            f"{name} over {orders} orders: precision "
            f"{sum(s.precision for s in chosen) / orders:.3f} recall "
            f"{sum(s.recall for s in chosen) / orders:.3f} F1 {sum(f1s) / orders:.3f} "
            f"(lowest {min(f1s):.3f}, highest {max(f1s):.3f})"
        )


if __name__ == "__main__":
    from reader.child_process import children_skip_main

    children_skip_main()  # as the feedlens command: workers need not run this script again
    main()
