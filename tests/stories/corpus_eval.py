"""Scoring story assignment on the news-clusters corpus, as a user would have it.

``to_feeds.py`` (beside the corpus) writes one RSS feed per outlet with every story inside the
same six weeks; the feeds are imported into a real library and assigned to stories by the
library itself; then every pair of corpus articles is scored: are they in one story (predicted)
and in one cluster (truth)? Development topics and held-back topics (both their ``a`` and
``b`` clusters) are scored apart. Used by the floor test and by tests/perf/stories_eval.py.
"""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from reader.library import Library

#: Topics kept out of development: never looked at while writing rules, scored once at the end.
HELD_BACK = frozenset(f"t{n:02d}" for n in (3, 7, 13, 18, 25, 29, 33, 36, 40, 45))


@dataclass(frozen=True)
class PairScore:
    precision: float
    recall: float
    f1: float
    articles: int

    def line(self, name: str) -> str:
        return (
            f"{name}: precision {self.precision:.3f} recall {self.recall:.3f} "
            f"F1 {self.f1:.3f} ({self.articles} articles)"
        )


def write_feeds(corpus: Path, out: Path) -> dict[str, str]:
    """The corpus as feeds in ``out``; returns each article link's cluster."""
    script = corpus / "to_feeds.py"
    subprocess.run(
        [sys.executable, str(script), str(corpus / "clusters"), str(out)],
        check=True,
        capture_output=True,
    )
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    (out / "index.json").unlink()  # not a feed
    return {link: str(entry["cluster"]) for link, entry in index.items()}


def feed_order(feeds: Path, seed: int) -> list[Path]:
    """The feed files in one import order: sorted for seed 0, else shuffled by the seed.

    Articles get their ids in the order they are stored, and stories are assigned in id order,
    so the order feeds are imported in changes which article of a story comes first. A user's
    import stores files from two processes at once, in whatever order they finish; scoring
    several fixed orders shows how much the score owes to that order."""
    files = sorted(feeds.glob("*.xml"))
    if seed:
        random.Random(seed).shuffle(files)
    return files


def import_in_order(library: Library, feeds: Path, seed: int) -> None:
    """Import the feeds one file at a time in ``feed_order`` (ids follow it), then assign."""
    library.import_paths(feed_order(feeds, seed), processes=1)
    library.wait_for_analysis()


def truth_and_stories(library: Library, clusters: dict[str, str]) -> list[tuple[int, str, int]]:
    """(article id, true cluster, predicted story) for every corpus article in the library."""
    rows = library.store.query(
        "SELECT a.id, a.link, s.story_id FROM articles a "
        "JOIN story_articles s ON s.article_id = a.id ORDER BY a.id"
    )
    return [(int(r[0]), clusters[r[1]], int(r[2])) for r in rows if r[1] in clusters]


def pair_score(items: list[tuple[int, str, int]]) -> PairScore:
    """Pairwise precision, recall and F1 of 'these two articles are one story'."""
    tp = fp = fn = 0
    for (_, truth_a, story_a), (_, truth_b, story_b) in combinations(items, 2):
        same_truth, same_story = truth_a == truth_b, story_a == story_b
        tp += same_truth and same_story
        fp += same_story and not same_truth
        fn += same_truth and not same_story
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairScore(precision, recall, f1, len(items))


def split_scores(items: list[tuple[int, str, int]]) -> tuple[PairScore, PairScore]:
    """(development, held-back) scores."""
    dev = [item for item in items if item[1][:3] not in HELD_BACK]
    held = [item for item in items if item[1][:3] in HELD_BACK]
    return pair_score(dev), pair_score(held)


def partition(library: Library) -> set[frozenset[int]]:
    """The stories as sets of article ids (ids of stories differ between runs)."""
    groups: dict[int, set[int]] = {}
    for row in library.store.query("SELECT article_id, story_id FROM story_articles"):
        groups.setdefault(int(row[1]), set()).add(int(row[0]))
    return {frozenset(group) for group in groups.values()}


def thread_partition(library: Library) -> set[frozenset[frozenset[int]]]:
    """Threads as sets of stories as sets of article ids (ids differ between runs)."""
    rows = library.store.query(
        "SELECT t.thread_id, s.story_id, s.article_id FROM story_articles s "
        "JOIN stories t ON t.id = s.story_id"
    )
    stories: dict[int, set[int]] = defaultdict(set)
    thread_of: dict[int, int] = {}
    for thread_id, story_id, article_id in rows:
        stories[int(story_id)].add(int(article_id))
        thread_of[int(story_id)] = int(thread_id)
    threads: dict[int, set[frozenset[int]]] = defaultdict(set)
    for story_id, members in stories.items():
        threads[thread_of[story_id]].add(frozenset(members))
    return {frozenset(t) for t in threads.values()}


def story_detail(library: Library, clusters: dict[str, str]) -> list[str]:
    """The development stories that mix clusters and the clusters split over stories, each
    with its articles' titles and outlets (held-back topics are never listed)."""
    rows = library.store.query(
        "SELECT a.id, a.link, a.title, f.title, s.story_id, t.title FROM articles a "
        "JOIN feeds f ON f.id = a.feed_id JOIN story_articles s ON s.article_id = a.id "
        "JOIN stories t ON t.id = s.story_id ORDER BY a.id"
    )
    by_story: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    story_titles: dict[int, str] = {}
    by_cluster: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for _, link, title, outlet, story_id, story_title in rows:
        cluster = clusters.get(link)
        if cluster is None or cluster[:3] in HELD_BACK:
            continue
        by_story[int(story_id)].append((cluster, str(title), str(outlet)))
        story_titles[int(story_id)] = str(story_title)
        by_cluster[cluster][int(story_id)] += 1
    lines: list[str] = []
    mixed = [s for s, members in by_story.items() if len({c for c, _, _ in members}) > 1]
    lines.append(f"{len(mixed)} mixed stories")
    for story_id in mixed:
        members = by_story[story_id]
        counts: dict[str, int] = defaultdict(int)
        for cluster, _, _ in members:
            counts[cluster] += 1
        lines.append(f"  story {story_id} {story_titles[story_id]!r}: {dict(counts)}")
        for cluster, title, outlet in members:
            lines.append(f"    {cluster:6} {outlet[:24]:24} {title[:90]}")
    split = sorted(c for c, stories in by_cluster.items() if len(stories) > 1)
    lines.append(f"{len(split)} split clusters")
    for cluster in split:
        parts = sorted(by_cluster[cluster].items(), key=lambda p: -p[1])
        lines.append(f"  {cluster}: {[n for _, n in parts]}")
        for story_id, _ in parts:
            lines.append(f"    story {story_id} {story_titles[story_id][:80]!r}")
            for member, title, outlet in by_story[story_id]:
                if member == cluster:
                    lines.append(f"      {outlet[:24]:24} {title[:80]}")
    return lines


def orphan_rows(path: Path) -> dict[str, int]:
    """How many rows of each kind hang on a story id no story has (or count a story's
    articles wrong): a story merged or emptied must take them all along."""
    checks = {
        "story_articles": "SELECT COUNT(*) FROM story_articles WHERE story_id NOT IN "
        "(SELECT id FROM stories)",
        "story_keys": "SELECT COUNT(*) FROM story_keys WHERE story_id NOT IN (SELECT id FROM stories)",
        "story_thread_marks": "SELECT COUNT(*) FROM story_thread_marks WHERE story_id NOT IN "
        "(SELECT id FROM stories)",
        "figure_groups": "SELECT COUNT(*) FROM figure_groups WHERE bucket LIKE 'story:%' AND "
        "CAST(substr(bucket, 7) AS INTEGER) NOT IN (SELECT id FROM stories)",
        "articles counted": "SELECT COUNT(*) FROM stories s WHERE s.articles != "
        "(SELECT COUNT(*) FROM story_articles a WHERE a.story_id = s.id)",
    }
    with sqlite3.connect(path) as conn:
        found = {name: int(conn.execute(sql).fetchone()[0]) for name, sql in checks.items()}
    conn.close()
    return found
