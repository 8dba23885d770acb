"""Train the same-event check (reader/stories/same_event.py) on the development topics.

    uv run python tests/perf/train_same_event.py               # cross-validate, then write
    uv run python tests/perf/train_same_event.py --dry-run     # cross-validate only
    uv run python tests/perf/train_same_event.py --drop figure_match,single

Reads the development topics of ../shared/corpora/news-clusters (never the held-back topics
of tests/stories/corpus_eval.py: their articles are left out before any text is read) as a
user's library holds them, then:

1. Training pairs: the articles are assigned in several orders (the library's own, report
   time then link, and shuffled feed orders for variety), each joining its TRUE story
   (teacher forcing); before it joins, every candidate the model would weigh (centroid score
   at least ``JOIN_SCORE``) gives one pair: the model's features (``margin`` says how far the
   candidate is behind the best one), labelled by whether that story is the article's own.
   A pair weighs as many as the candidate story's articles (the article pairs the decision
   makes or breaks: the score counts pairs), and the two classes are weighted evenly. No
   feature reads report times (the corpus's dates are synthetic).
   Teacher forcing never shows the model its own mistakes: a story holding one report of
   the twin event, which the twin's next reports are then weighed against. So the model is
   fitted, the assigner runs with it in every order, and the candidates it meets are added
   as pairs (labelled by whether most of the candidate's articles are the article's event,
   weighing the difference), ``--policy-rounds`` times (learning from the policy's own
   states, as DAgger does), and fitted again.
2. Cross-validation by topic (both twin events of a topic in one fold): a logistic regression
   (scikit-learn, a dev dependency) is fitted on the other folds' pairs (their teacher-forced
   pairs and those the assigner meets with the model so far); the fold's pairs are scored
   (AUC), and the whole assigner runs with that model in every order, its pairwise
   precision/recall counted on the fold's topics only. Summed over folds, for each threshold.
3. The threshold is chosen on the cross-validated assignment scores: the most precise of
   those whose F1 is within ``F1_SLACK`` of the best (threshold 0, the check off, competes);
   the model is fitted on every pair and written to reader/stories/same_event_model.json
   (plain numbers; the reader needs no scikit-learn).

Retrain after changing a feature, then check with tests/perf/stories_eval.py --orders 5.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.library import Library  # noqa: E402
from reader.store import stories as story_store  # noqa: E402
from reader.stories.assign import (  # noqa: E402
    StoryIndex,
    StoryInput,
    StoryState,
    _new_story,
    _without_boilerplate,
    assign,
    scored_candidates,
)
from reader.stories.features import article_features  # noqa: E402
from reader.stories.members import best_member  # noqa: E402
from reader.stories.same_event import (  # noqa: E402
    FEATURES,
    MODEL_PATH,
    SameEventModel,
    chosen_story,
    pair_features,
)
from reader.stories.threads import follow_thread  # noqa: E402
from tests.stories.corpus_eval import HELD_BACK, write_feeds  # noqa: E402

#: Thresholds tried (0: the check off, the assigner as it was without it).
THRESHOLDS = (0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
FOLDS = 5
#: Rounds of pairs met by the assigner running with the model fitted so far (0: teacher
#: forcing only).
POLICY_ROUNDS = 2
#: A threshold scoring this close to the best cross-validated F1 may be chosen for precision
#: (the target is precision 0.95 first: a false join mixes two events in front of a reader).
F1_SLACK = 0.02


@dataclass(frozen=True)
class Article:
    item: StoryInput
    feed: str
    cluster: str
    #: Where the library's assignment order puts it: report time, link, id.
    order: tuple[str, str, int]

    @property
    def topic(self) -> str:
        return self.cluster[:3]


def development_articles(corpus: Path) -> list[Article]:
    """The development topics' articles as the library stores them (held-back ones are
    dropped by their link's cluster before their text is read)."""
    with tempfile.TemporaryDirectory() as folder:
        clusters = write_feeds(corpus, Path(folder) / "feeds")
        library = Library(Path(folder) / "library.sqlite")
        library.import_paths(sorted((Path(folder) / "feeds").glob("*.xml")), processes=1)
        library.wait_for_analysis()
        rows = library.store.query(
            "SELECT a.id, a.link, f.title FROM articles a JOIN feeds f ON f.id = a.feed_id"
        )
        chosen = {
            int(r[0]): (clusters[r[1]], str(r[2]), str(r[1]))
            for r in rows
            if r[1] in clusters and clusters[r[1]][:3] not in HELD_BACK
        }
        texts = story_store.article_texts(library.store, sorted(chosen))
        library.close()
    articles = []
    for text in texts:
        cluster, feed, link = chosen[text.article_id]
        item = StoryInput(
            text.article_id,
            text.feed_id,
            story_store.day_of(text.sort_date),
            article_features(text.title, text.text),
        )
        articles.append(Article(item, feed, cluster, (text.sort_date, link, text.article_id)))
    return articles


def in_order(articles: Sequence[Article], seed: int) -> list[Article]:
    """The articles in one assignment order, ids renumbered in it: for seed 0 the library's
    own (report time, then link); else by feed, the feeds shuffled by the seed (as libraries
    assigned in id order did), for variety in which report of a story comes first."""
    if seed:
        feeds = sorted({a.feed for a in articles})
        random.Random(seed).shuffle(feeds)
        rank = {feed: n for n, feed in enumerate(feeds)}
        ordered = sorted(articles, key=lambda a: (rank[a.feed], a.item.article_id))
    else:
        ordered = sorted(articles, key=lambda a: a.order)
    return [
        Article(
            StoryInput(n + 1, a.item.feed_id, a.item.day, a.item.features),
            a.feed,
            a.cluster,
            a.order,
        )
        for n, a in enumerate(ordered)
    ]


#: One training pair: the model's features, whether joining is right, the article's topic,
#: and how many article pairs the decision makes or breaks (its weight in the fit).
Pair = tuple[tuple[float, ...], bool, str, float]


def training_pairs(ordered: Sequence[Article]) -> list[Pair]:
    """(features, same story, topic, weight) for every candidate the model weighs for each
    article (each story whose centroid score reaches JOIN_SCORE), with each article then
    joining its true story (teacher forcing). A pair weighs as many as the candidate's
    articles: joining it wrongly, or wrongly not, costs that many pairs of the score."""
    index = StoryIndex()
    story_of: dict[str, StoryState] = {}
    pairs = []
    for article in ordered:
        item = article.item
        scored = scored_candidates(index, item)
        best_score = max((score for score, _ in scored), default=0.0)
        best_of_members = best_member_of(item, scored)
        for score, candidate in scored:
            same = story_of.get(article.cluster) is candidate
            values = pair_features(item.features, candidate, score, best_score, best_of_members)
            pairs.append((values, same, article.topic, float(candidate.articles)))
        story = story_of.get(article.cluster)
        if story is None:
            story = StoryState(index.next_story_id, 0, item.day, item.day, 0)
            index.next_story_id += 1
            index.put(story)
            story_of[article.cluster] = story
        story.add(item)
        index.remember(item, story.story_id)
    return pairs


def policy_pairs(ordered: Sequence[Article], model: SameEventModel) -> list[Pair]:
    """The pairs the assigner itself meets when it runs with ``model`` (its own mistakes
    included, as teacher forcing never shows them: a story holding a wrong join, the twin
    event's later reports weighed against it). Each candidate is labelled by what joining it
    does to the score: right when more of its articles are the article's event than not,
    weighing the difference (a half-and-half story teaches nothing)."""
    index = StoryIndex()
    events: dict[int, Counter[str]] = {}
    pairs: list[Pair] = []
    for article in ordered:
        item = _without_boilerplate(index, article.item)
        scored = scored_candidates(index, item)
        best_score = max((score for score, _ in scored), default=0.0)
        best_of_members = best_member_of(item, scored)
        for score, candidate in scored:
            held = events[candidate.story_id]
            same = held[article.cluster]
            other = candidate.articles - same
            if same != other:
                values = pair_features(item.features, candidate, score, best_score, best_of_members)
                pairs.append((values, same > other, article.topic, float(abs(same - other))))
        story = chosen_story(item.features, scored, model)
        if story is None:
            story = _new_story(index, item)
        story.add(item)
        index.remember(item, story.story_id)
        follow_thread(index, story, item)
        events.setdefault(story.story_id, Counter())[article.cluster] += 1
    return pairs


def best_member_of(item: StoryInput, scored: Sequence[tuple[float, StoryState]]) -> float:
    """The best ``member`` value of the candidates (as ``chosen_story`` weighs them)."""
    return max((best_member(item.features.names, story.members) for _, story in scored), default=0)


def fit(pairs: Sequence[Pair], dropped: frozenset[str], c: float) -> SameEventModel:
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
    from sklearn.preprocessing import StandardScaler  # type: ignore[import-untyped]

    kept = [n for n, name in enumerate(FEATURES) if name not in dropped]
    x = [[values[n] for n in kept] for values, _, _, _ in pairs]
    y = [same for _, same, _, _ in pairs]
    scaler = StandardScaler().fit(x)
    regression = LogisticRegression(C=c, max_iter=2000).fit(
        scaler.transform(x), y, sample_weight=balanced_weights(pairs)
    )
    weights = [0.0] * len(FEATURES)
    means = [0.0] * len(FEATURES)
    scales = [1.0] * len(FEATURES)
    for column, n in enumerate(kept):
        weights[n] = float(regression.coef_[0][column])
        means[n] = float(scaler.mean_[column])
        scales[n] = float(scaler.scale_[column]) or 1.0
    return SameEventModel(
        FEATURES, tuple(weights), float(regression.intercept_[0]), tuple(means), tuple(scales), 0.5
    )


def trained(
    teacher: Sequence[Pair],
    orders: Sequence[Sequence[Article]],
    topics: set[str],
    dropped: frozenset[str],
    c: float,
    rounds: int,
) -> SameEventModel:
    """A model fitted on ``topics``' teacher-forced pairs, then ``rounds`` times again with the
    pairs the assigner meets running with the model so far (every article is assigned, as in
    a library; only ``topics``' pairs are learnt from)."""
    pairs = [p for p in teacher if p[2] in topics]
    model = fit(pairs, dropped, c)
    for _ in range(rounds):
        for ordered in orders:
            pairs.extend(p for p in policy_pairs(ordered, model) if p[2] in topics)
        model = fit(pairs, dropped, c)
    return model


def balanced_weights(pairs: Sequence[Pair]) -> list[float]:
    """Each pair's weight, scaled so the two classes weigh the same in all (the rare "another
    event" decisions against the many joins)."""
    totals = {True: 0.0, False: 0.0}
    for _, same, _, weight in pairs:
        totals[same] += weight
    whole = totals[True] + totals[False]
    return [
        weight * whole / (2.0 * totals[same]) if totals[same] else weight
        for _, same, _, weight in pairs
    ]


def with_threshold(model: SameEventModel, threshold: float) -> SameEventModel:
    return model.with_threshold(threshold)


def pair_counts(ordered: Sequence[Article], model: SameEventModel, topics: set[str]) -> list[int]:
    """[true pos, false pos, false neg] of "one story" over the pairs of ``topics``' articles,
    the assigner running with ``model`` on every article."""
    index = assign(StoryIndex(), [a.item for a in ordered], model)
    scored = [(a.cluster, index.assigned[a.item.article_id]) for a in ordered if a.topic in topics]
    counts = [0, 0, 0]
    for (truth_a, story_a), (truth_b, story_b) in combinations(scored, 2):
        same_truth, same_story = truth_a == truth_b, story_a == story_b
        counts[0] += same_truth and same_story
        counts[1] += same_story and not same_truth
        counts[2] += same_truth and not same_story
    return counts


def prf(counts: Sequence[int]) -> tuple[float, float, float]:
    tp, fp, fn = counts
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def folds_of(topics: Sequence[str]) -> list[set[str]]:
    shuffled = sorted(topics)
    random.Random(19).shuffle(shuffled)
    return [set(shuffled[n::FOLDS]) for n in range(FOLDS)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=5, help="Feed orders (sorted, shuffled).")
    parser.add_argument("--drop", default="", help="Features left out (comma-separated).")
    parser.add_argument("--c", type=float, default=1.0, help="Inverse regularisation.")
    parser.add_argument("--dry-run", action="store_true", help="Do not write the model.")
    parser.add_argument(
        "--policy-rounds",
        type=int,
        default=POLICY_ROUNDS,
        help="Rounds of the assigner's own pairs.",
    )
    args = parser.parse_args()
    dropped = frozenset(name for name in args.drop.split(",") if name)
    unknown = dropped - set(FEATURES)
    if unknown:
        sys.exit(f"unknown features: {', '.join(sorted(unknown))}")
    corpus = ROOT.parent / "shared" / "corpora" / "news-clusters"
    if not corpus.is_dir():
        sys.exit(f"news-clusters corpus not found at {corpus}")
    from sklearn.metrics import roc_auc_score  # type: ignore[import-untyped]

    articles = development_articles(corpus)
    orders = [in_order(articles, seed) for seed in range(args.orders)]
    pairs = [pair for ordered in orders for pair in training_pairs(ordered)]
    topics = sorted({a.topic for a in articles})
    print(
        f"{len(articles)} articles, {len(topics)} development topics, {len(pairs)} pairs "
        f"({sum(same for _, same, _, _ in pairs)} same event), {args.orders} orders, "
        f"{args.policy_rounds} rounds of the assigner's own pairs"
    )
    totals = {threshold: [0, 0, 0] for threshold in THRESHOLDS}
    aucs = []
    for fold in folds_of(topics):
        rest = set(topics) - fold
        model = trained(pairs, orders, rest, dropped, args.c, args.policy_rounds)
        held = [p for p in pairs if p[2] in fold]
        truth = [same for _, same, _, _ in held]
        if len(set(truth)) == 2:
            aucs.append(roc_auc_score(truth, [model.probability(v) for v, _, _, _ in held]))
        for threshold in THRESHOLDS:
            for ordered in orders:
                counts = pair_counts(ordered, with_threshold(model, threshold), fold)
                totals[threshold] = [a + b for a, b in zip(totals[threshold], counts, strict=True)]
    print(f"cross-validated pair AUC by fold: {', '.join(f'{a:.3f}' for a in aucs)}")
    for threshold, counts in totals.items():
        precision, recall, f1 = prf(counts)
        print(
            f"cross-validated assignment, threshold {threshold:.2f}: precision {precision:.3f} "
            f"recall {recall:.3f} F1 {f1:.3f}"
        )
    scored = {threshold: prf(counts) for threshold, counts in totals.items()}
    best_f1 = max(f1 for _, _, f1 in scored.values())
    near = [t for t, (_, _, f1) in scored.items() if f1 >= best_f1 - F1_SLACK]
    chosen = max(near, key=lambda t: (scored[t][0], t))
    model = with_threshold(
        trained(pairs, orders, set(topics), dropped, args.c, args.policy_rounds), chosen
    )
    fitted = [0, 0, 0]
    for ordered in orders:
        counts = pair_counts(ordered, model, set(topics))
        fitted = [a + b for a, b in zip(fitted, counts, strict=True)]
    precision, recall, f1 = prf(fitted)
    print(
        f"threshold {chosen:.2f}; fitted on every pair: precision {precision:.3f} "
        f"recall {recall:.3f} F1 {f1:.3f} (training fit, not a held-out score)"
    )
    for name, weight, scale in zip(FEATURES, model.weights, model.scales, strict=True):
        print(f"  {name:16} {weight:+.3f} per sd (sd {scale:.3f})")
    print(f"  {'bias':16} {model.bias:+.3f}")
    if not args.dry_run:
        MODEL_PATH.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    from reader.child_process import children_skip_main

    children_skip_main()  # as the feedlens command: workers need not run this script again
    main()
