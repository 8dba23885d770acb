"""Threads (developing situations) measured, printed: false joins on real news, and which
stories form threads on the samples and on real publishers' feeds.

    uv run python tests/perf/threads_eval.py                 # all three measures
    uv run python tests/perf/threads_eval.py --keep DIR      # keep the corpus library in DIR
    uv run python tests/perf/threads_eval.py --keep DIR --reuse  # rebuild stories in it again
    uv run python tests/perf/threads_eval.py --only corpus --orders 5  # five import orders

1. news-clusters (DEVELOPMENT topics only; held-back topics are left out of the library's
   scoring entirely): each topic holds two look-alike events (``a`` and ``b``), and nothing in
   the corpus is one developing situation, so two articles of different clusters in two
   stories of one thread are a false thread join (pairs inside one story are the story
   assigner's, scored by stories_eval.py). Printed: false pairs, the topics they touch, and how many pairs
   of one cluster that assignment split into two stories a thread brings back together.
2. sample_feeds: every story with its thread.
3. ../shared/corpora/real-world-feeds: each feed imported alone; its threads of two or more
   stories (a feed's own boilerplate, such as a podcast's episodes, must not thread them all).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.library import Library  # noqa: E402
from tests.stories.corpus_eval import HELD_BACK, import_in_order, write_feeds  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"


def story_threads(library: Library) -> dict[int, tuple[int, int]]:
    """Each article's (story, thread)."""
    rows = library.store.query(
        "SELECT s.article_id, s.story_id, t.thread_id FROM story_articles s "
        "JOIN stories t ON t.id = s.story_id"
    )
    return {int(r[0]): (int(r[1]), int(r[2])) for r in rows}


def corpus_threads(folder: Path, reuse: bool, seed: int | None = None) -> None:
    """Scores one library of the corpus: imported in sorted order (or in the fixed shuffled
    order of ``seed``: ids, hence stories and threads, follow the import order)."""
    corpus = CORPORA / "news-clusters"
    if not corpus.is_dir():
        print(f"news-clusters corpus not found at {corpus}")
        return
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "library.sqlite"
    index_file = folder / "clusters.tsv"
    if reuse and db.exists() and index_file.exists():
        clusters = dict(
            line.split("\t") for line in index_file.read_text(encoding="utf-8").splitlines()
        )
        library = Library(db)
        library.stories.rebuild()
    else:
        clusters = write_feeds(corpus, folder / "feeds")
        index_file.write_text(
            "\n".join(f"{link}\t{cluster}" for link, cluster in clusters.items()),
            encoding="utf-8",
        )
        library = Library(db)
        import_in_order(library, folder / "feeds", seed or 0)
    placed = story_threads(library)
    rows = library.store.query("SELECT id, link FROM articles ORDER BY id")
    items = [
        (clusters[str(r[1])], *placed[int(r[0])])
        for r in rows
        if str(r[1]) in clusters
        and clusters[str(r[1])][:3] not in HELD_BACK
        and int(r[0]) in placed
    ]
    false_pairs = 0
    topics: Counter[str] = Counter()
    brought_back = split = 0
    for (cluster_a, story_a, thread_a), (cluster_b, story_b, thread_b) in combinations(items, 2):
        if cluster_a != cluster_b and thread_a == thread_b and story_a != story_b:
            false_pairs += 1
            topics[" ".join(sorted({cluster_a[:4], cluster_b[:4]}))] += 1
        if cluster_a == cluster_b and story_a != story_b:
            split += 1
            brought_back += thread_a == thread_b
    stories_of: dict[int, set[int]] = defaultdict(set)
    for _, story, thread in items:
        stories_of[thread].add(story)
    threaded = [len(s) for s in stories_of.values() if len(s) > 1]
    print(
        f"news-clusters development, order {seed or 0} ({len(items)} articles): false thread pairs {false_pairs} "
        f"in {len(topics)} topic pairs {dict(topics.most_common(8))}; threads of 2+ stories "
        f"{len(threaded)} (stories in them {sum(threaded)}); split same-cluster pairs a "
        f"thread brings back {brought_back} of {split}"
    )
    library.close()


def sample_threads(folder: Path) -> None:
    library = Library(folder / "samples.sqlite")
    library.import_paths([ROOT / "sample_feeds"])
    library.wait_for_analysis()
    print("sample_feeds:")
    for r in library.store.query("SELECT id, thread_id, articles, title FROM stories ORDER BY id"):
        print(f"  story {r[0]:>3} thread {r[1]:>3} {r[2]:>3} articles  {r[3]}")
    library.close()


def real_feed_threads(folder: Path) -> None:
    feeds = CORPORA / "real-world-feeds"
    if not feeds.is_dir():
        print(f"real-world-feeds not found at {feeds}")
        return
    print("real-world-feeds (threads of 2+ stories per feed):")
    total = threaded = 0
    for n, path in enumerate(sorted(p for p in feeds.iterdir() if p.suffix != "")):
        library = Library(folder / f"real-{n}.sqlite")
        try:
            library.import_paths([path], processes=1)
            library.wait_for_analysis()
        except Exception as error:  # an odd feed failing is reported, not fatal
            print(f"  {path.name}: import failed: {error}")
            library.close()
            continue
        stories = library.store.query_one("SELECT COUNT(*) FROM stories")
        sizes = [
            int(r[0])
            for r in library.store.query(
                "SELECT COUNT(*) FROM stories GROUP BY thread_id HAVING COUNT(*) > 1"
            )
        ]
        total += len(sizes)
        threaded += sum(sizes)
        if sizes:
            print(f"  {path.name}: {stories[0] if stories else 0} stories, threads {sorted(sizes)}")
        library.close()
    print(f"  threads of 2+ stories over all feeds: {total}, holding {threaded} stories")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, help="Keep the corpus library in this folder.")
    parser.add_argument("--reuse", action="store_true", help="Rebuild stories in a kept one.")
    parser.add_argument("--only", choices=["corpus", "samples", "real"], help="One measure.")
    parser.add_argument("--orders", type=int, default=1, help="Corpus import orders to score.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        corpus_folder = args.keep or Path(scratch) / "corpus"
        corpus_folder.mkdir(parents=True, exist_ok=True)
        if args.only in (None, "corpus"):
            corpus_threads(corpus_folder, args.reuse)
            for seed in range(1, args.orders):
                corpus_threads(Path(scratch) / f"order-{seed}", False, seed)
        if args.only in (None, "samples"):
            sample_threads(Path(scratch))
        if args.only in (None, "real"):
            real_feed_threads(Path(scratch))


if __name__ == "__main__":
    from reader.child_process import children_skip_main

    children_skip_main()  # as the feedlens command: workers need not run this script again
    main()
