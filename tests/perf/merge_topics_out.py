"""A leave-topics-out estimate of the story merge step (reader.stories.same_event.merge_partner).

    uv run python tests/perf/merge_topics_out.py              # 3 orders, one topic out at a time
    uv run python tests/perf/merge_topics_out.py --orders 5 --show

The merge step's thresholds were swept on the development topics and scored on the same
topics (precision 0.982), then the held-back topics, scored once, fell to 0.912: a score of
thresholds chosen on the topics it is read on says little about news it has not seen. This
script predicts it more honestly, from the development topics only (the held-back topics'
articles are dropped before any text is read, by tests/perf/train_same_event.py's loader):

1. Every development article is assigned in memory (reader.stories.assign, the library's own
   code) in report-time order, in ``--orders`` draws (the corpus feeds' report times, then
   each cluster's report times dealt to its articles in shuffled orders), once with the
   merge step off and once for each rule of a grid of its thresholds; each topic's pair counts
   (true and false "one story" pairs, missed pairs) are kept per rule.
2. For each fold of topics (one topic by default; both twin events of a topic are in it), the
   rule is chosen on the other topics only: off or a grid rule, the best F1 of those whose
   precision there reaches ``PRECISION_FLOOR`` (ties: the more precise). The fold is scored
   with what was chosen. Summed over folds: the estimate for "merge on, thresholds chosen as
   we would choose them", beside merge off (which chooses nothing) and the shipped rule.
3. ``--rules``: the in-sample score of every rule too.

What it cannot do: the hand-written parts of the check (which features, which conflicts)
were written reading these topics, so even this estimate is optimistic for them. Pairs
across two topics count in the in-sample line only (a fold scores pairs inside it); they
are printed when a rule makes any. The same-event model itself was trained on every
development topic (tests/perf/train_same_event.py cross-validates it by topic apart).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from itertools import combinations, product
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.stories.assign import NO_MERGE, StoryIndex, StoryInput, assign  # noqa: E402
from reader.stories.same_event import MergeRule  # noqa: E402
from tests.perf.train_same_event import (  # noqa: E402
    Article,
    development_articles,
    prf,
)

#: A rule is chosen only where its precision on the other topics reaches this.
PRECISION_FLOOR = 0.95
#: The grid of thresholds tried: article, smaller story as report of the larger, and back.
ARTICLE = (0.5, 0.6, 0.7)
STORY = (0.6, 0.7, 0.8, 0.9)
BACK = (0.4, 0.5, 0.6)

#: [true pos, false pos, false neg] of "one story" pairs.
Counts = list[int]


def in_time_order(articles: Sequence[Article], seed: int) -> list[Article]:
    """The articles in the library's assignment order (report time, then link), ids
    renumbered in it. Seed 0 keeps the corpus feeds' report times; another seed deals each
    cluster's report times to its articles in a shuffled order (another outlet reports
    first, as in another week of news), the cluster's days unchanged."""
    timed = list(articles)
    if seed:
        shuffler = random.Random(seed)
        by_cluster: dict[str, list[int]] = defaultdict(list)
        for n, article in enumerate(articles):
            by_cluster[article.cluster].append(n)
        for cluster in sorted(by_cluster):
            members = by_cluster[cluster]
            days = [articles[n].item.day for n in members]
            shuffler.shuffle(days)
            for n, day in zip(members, days, strict=True):
                article = articles[n]
                timed[n] = replace(article, item=replace(article.item, day=day))
    ordered = sorted(timed, key=lambda a: (a.item.day, a.order[1], a.order[2]))
    return [
        replace(a, item=StoryInput(n + 1, a.item.feed_id, a.item.day, a.item.features))
        for n, a in enumerate(ordered)
    ]


def rules(checks: MergeRule) -> list[tuple[str, MergeRule]]:
    """Merge off first, then the grid (each with its name), each with ``checks``'s
    contradictions."""
    named = [("off", NO_MERGE)]
    for article, story, back in product(ARTICLE, STORY, BACK):
        rule = replace(checks, article=article, story=story, back=back)
        named.append((f"{article}/{story}/{back}", rule))
    return named


def checks_of(text: str) -> MergeRule:
    """The shipped rule with the contradictions named ("months,years,ages,actors,young=3";
    "shipped": as shipped; "none": none of them)."""
    if text == "shipped":
        return MergeRule()
    rule = MergeRule(months=False, years=False, ages=False, actors=False, young=0)
    for part in filter(None, text.split(",")):
        name, _, value = part.partition("=")
        if name == "none":
            continue
        if name == "young":
            rule = replace(rule, young=int(value or 3))
        elif name in ("months", "years", "ages", "actors"):
            rule = replace(rule, **{name: True})
        else:
            sys.exit(f"unknown check: {name}")
    return rule


def topic_counts(ordered: Sequence[Article], rule: MergeRule) -> tuple[dict[str, Counts], int]:
    """Each topic's pair counts (pairs inside the topic) with the articles assigned in this
    order under ``rule``, and the pairs of two topics put in one story."""
    index = assign(StoryIndex(), [a.item for a in ordered], merge=rule)
    placed = [(a.topic, a.cluster, index.story_of(a.item.article_id)) for a in ordered]
    counts: dict[str, Counts] = defaultdict(lambda: [0, 0, 0])
    across = 0
    for (topic_a, truth_a, story_a), (topic_b, truth_b, story_b) in combinations(placed, 2):
        same_story = story_a == story_b
        if topic_a != topic_b:
            across += same_story
            continue
        same_truth = truth_a == truth_b
        kept = counts[topic_a]
        kept[0] += same_truth and same_story
        kept[1] += same_story and not same_truth
        kept[2] += same_truth and not same_story
    return dict(counts), across


def summed(by_topic: dict[str, Counts], topics: set[str]) -> Counts:
    total = [0, 0, 0]
    for topic in topics:
        for n, value in enumerate(by_topic.get(topic, [0, 0, 0])):
            total[n] += value
    return total


def chosen_rule(scores: dict[str, dict[str, Counts]], topics: set[str]) -> str:
    """The rule chosen on ``topics``: the best F1 of those at PRECISION_FLOOR or above
    there (ties: more precise, then earlier in the grid); off when none reaches it."""
    best, best_key = "off", (-1.0, -1.0)
    for name, by_topic in scores.items():
        precision, _, f1 = prf(summed(by_topic, topics))
        if precision < PRECISION_FLOOR and name != "off":
            continue
        if (f1, precision) > best_key:
            best, best_key = name, (f1, precision)
    return best


def folds_of(topics: Sequence[str], size: int) -> list[set[str]]:
    ordered = sorted(topics)
    return [set(ordered[n : n + size]) for n in range(0, len(ordered), size)]


def line(name: str, counts: Counts) -> str:
    precision, recall, f1 = prf(counts)
    return f"{name}: precision {precision:.3f} recall {recall:.3f} F1 {f1:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=3, help="Feed orders (sorted, shuffled).")
    parser.add_argument("--fold", type=int, default=1, help="Topics left out at a time.")
    parser.add_argument("--rules", action="store_true", help="Print every rule in-sample.")
    parser.add_argument("--show", action="store_true", help="Per-topic pairs lost and won.")
    parser.add_argument(
        "--checks",
        default="shipped",
        help="Contradictions stopping a merge: shipped, none, or months,years,ages,actors,young=N.",
    )
    args = parser.parse_args()
    corpus = ROOT.parent / "shared" / "corpora" / "news-clusters"
    if not corpus.is_dir():
        sys.exit(f"news-clusters corpus not found at {corpus}")
    articles = development_articles(corpus)
    orders = [in_time_order(articles, seed) for seed in range(args.orders)]
    topics = sorted({a.topic for a in articles})
    checks = checks_of(args.checks)
    named = rules(checks)
    named.append(("shipped", replace(checks, on=True)))
    scores: dict[str, dict[str, Counts]] = {}
    across: dict[str, int] = {}
    for name, rule in named:
        total: dict[str, Counts] = defaultdict(lambda: [0, 0, 0])
        across[name] = 0
        for ordered in orders:
            counts, crossing = topic_counts(ordered, rule)
            across[name] += crossing
            for topic, values in counts.items():
                total[topic] = [a + b for a, b in zip(total[topic], values, strict=True)]
        scores[name] = dict(total)
    shipped = scores.pop("shipped")
    print(
        f"{len(articles)} development articles, {len(topics)} topics, {args.orders} orders, "
        f"{len(scores) - 1} merge rules; folds of {args.fold} topic(s); "
        f"precision floor {PRECISION_FLOOR}; checks {args.checks}"
    )
    everything = set(topics)
    if args.rules:
        for name, by_topic in scores.items():
            print("  " + line(f"in-sample {name:12}", summed(by_topic, everything)))
    estimate = [0, 0, 0]
    picked: Counter[str] = Counter()
    for fold in folds_of(topics, args.fold):
        name = chosen_rule(scores, everything - fold)
        picked[name] += 1
        part = summed(scores[name], fold)
        estimate = [a + b for a, b in zip(estimate, part, strict=True)]
        if args.show:
            off = summed(scores["off"], fold)
            print(
                f"  {'+'.join(sorted(fold))}: chose {name}; pairs right "
                f"{off[0]} -> {part[0]}, wrong {off[1]} -> {part[1]}"
            )
    print(line("merge off (nothing chosen)          ", summed(scores["off"], everything)))
    print(line("merge shipped thresholds (in-sample)  ", summed(shipped, everything)))
    print(line("merge on, leave-topics-out estimate  ", estimate))
    print(f"rules chosen by the folds: {dict(picked.most_common())}")
    print(f"rule chosen on every development topic: {chosen_rule(scores, everything)}")
    crossing = {name: n for name, n in across.items() if n}
    if crossing:
        print(f"pairs of two topics in one story (summed over orders): {crossing}")


if __name__ == "__main__":
    main()
