"""A feed's boilerplate in story assignment, measured: the prototype of what now ships as
reader/stories/boilerplate.py (assignment itself drops a feed's boilerplate, by a decayed
share of its recent articles), kept to compare the two rules: its "in memory" rows are the
shipped assigner, its "boilerplate dropped" rows the prototype's rule applied on top.

    uv run python tests/perf/feed_boilerplate_eval.py            # real-world feeds
    uv run python tests/perf/feed_boilerplate_eval.py --corpus 3 # news-clusters, 3 orders too

A podcast's show name ("Giant Bombcast"), its hosts ("Walerija", "Johannes"), a news agency's
credit ("ANSA") sit in most of one feed's articles for months, and join its separate episodes
into one story. The prototype drops from an article's features those its own feed's earlier
articles (in id order, as assignment reads them, so a rebuild and a refresh see the same) hold
in at least SHARE of them, over more than SPAN_DAYS (an event's names recur for days, a feed's
boilerplate for months). The articles are the library's own, assigned again in memory by
``reader.stories.assign``; the library's own stories are printed first as the baseline.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.library import Library  # noqa: E402
from reader.store import stories as story_store  # noqa: E402
from reader.stories.assign import StoryIndex, StoryInput, assign  # noqa: E402
from reader.stories.features import ArticleFeatures  # noqa: E402
from reader.stories.service import story_input  # noqa: E402
from tests.stories.corpus_eval import import_in_order, split_scores, write_feeds  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
#: A feature in at least this share of its feed's earlier articles (five or more) ...
SHARE = 0.3
MIN_EARLIER = 5
#: ... seen over more than this many days is the feed's boilerplate.
SPAN_DAYS = 21.0


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
    return {k: w / norm for k, w in vector.items()}


def without_boilerplate(items: list[StoryInput]) -> list[StoryInput]:
    """The items (in id order) with each feed's boilerplate features dropped."""
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    spans: dict[int, dict[str, tuple[float, float]]] = defaultdict(dict)
    seen: Counter[int] = Counter()
    out: list[StoryInput] = []
    for item in items:
        features, feed = item.features, item.feed_id
        labels = [*features.weights, *("N" + n for n in features.names)]
        boiler: set[str] = set()
        if seen[feed] >= MIN_EARLIER:
            for label in labels:
                if counts[feed][label] >= SHARE * seen[feed]:
                    low, high = spans[feed][label]
                    if max(high, item.day) - min(low, item.day) > SPAN_DAYS:
                        boiler.add(label)
        for label in labels:
            counts[feed][label] += 1
            low, high = spans[feed].get(label, (item.day, item.day))
            spans[feed][label] = (min(low, item.day), max(high, item.day))
        seen[feed] += 1
        if boiler:
            features = ArticleFeatures(
                _unit({k: w for k, w in features.weights.items() if k not in boiler}),
                _unit({k: w for k, w in features.names.items() if "N" + k not in boiler}),
                tuple(k for k in features.keys if k not in boiler),
                features.mentions - {b[1:] for b in boiler if b.startswith("N")},
            )
        out.append(StoryInput(item.article_id, item.feed_id, item.day, features))
    return out


def library_items(library: Library) -> list[StoryInput]:
    ids = [int(r[0]) for r in library.store.query("SELECT id FROM articles ORDER BY id")]
    texts = story_store.article_texts(library.store, ids)
    return sorted((story_input(t) for t in texts), key=lambda item: item.article_id)


def stories_of(items: Iterable[StoryInput]) -> dict[int, int]:
    return assign(StoryIndex(), items).assigned


def describe(name: str, story_of: dict[int, int], feed_of: dict[int, int]) -> None:
    members: dict[int, list[int]] = defaultdict(list)
    for article, story in story_of.items():
        members[story].append(article)
    multi = [m for m in members.values() if len(m) > 1]
    single_feed = [m for m in multi if len({feed_of[a] for a in m}) == 1]
    print(
        f"{name}: {len(multi)} stories of 2+ articles ({sum(map(len, multi))} articles), "
        f"{len(single_feed)} of them from one feed"
    )


def real_world(folder: Path) -> None:
    feeds = CORPORA / "real-world-feeds"
    library = Library(folder / "real.sqlite")
    library.import_paths(sorted([*feeds.glob("*.rss"), *feeds.glob("*.atom")]))
    library.wait_for_analysis()
    items = library_items(library)
    feed_of = {item.article_id: item.feed_id for item in items}
    library_story = {
        int(r[0]): int(r[1])
        for r in library.store.query("SELECT article_id, story_id FROM story_articles")
    }
    describe("library", library_story, feed_of)
    describe("in memory", stories_of(items), feed_of)
    describe("boilerplate dropped", stories_of(without_boilerplate(items)), feed_of)
    library.close()


def corpus(folder: Path, orders: int) -> None:
    clusters = write_feeds(CORPORA / "news-clusters", folder / "feeds")
    for seed in range(orders):
        library = Library(folder / f"corpus-{seed}.sqlite")
        import_in_order(library, folder / "feeds", seed)
        items = library_items(library)
        links = {int(r[0]): str(r[1]) for r in library.store.query("SELECT id, link FROM articles")}
        for name, chosen in (("as is", items), ("boilerplate dropped", without_boilerplate(items))):
            story_of = stories_of(chosen)
            scored = [
                (a, clusters[links[a]], story_of[a])
                for a in sorted(story_of)
                if links[a] in clusters
            ]
            dev, _ = split_scores(scored)
            print(dev.line(f"order {seed} development, {name}"))
        library.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=int, default=0, help="Also score N corpus orders.")
    args = parser.parse_args()
    if not CORPORA.is_dir():
        sys.exit(f"corpora not found at {CORPORA}")
    with tempfile.TemporaryDirectory() as folder:
        real_world(Path(folder))
        if args.corpus:
            corpus(Path(folder), args.corpus)


if __name__ == "__main__":
    from reader.child_process import children_skip_main

    children_skip_main()  # as the feedlens command: workers need not run this script again
    main()
