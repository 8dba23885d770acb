"""A feed's boilerplate: the words and names a feed repeats in article after article, for months.

A podcast's show name ("Giant Bombcast"), its hosts, a news agency's credit sit in most of one
feed's articles, and would join its separate episodes into one story. This module owns what
assignment remembers of each feed to tell them: for each feed, how often its recent articles
(in assignment order) held each feature, and since when. Before an article is assigned, the
features its feed holds in at least ``SHARE`` of its recent articles, seen for more than
``SPAN_DAYS`` days, are dropped from its features (an event's names recur for days or weeks,
a feed's boilerplate for months); the rest are made unit length again.

"Recent" decays by article: each article weighs ``DECAY`` of the one after it, so about the last
``1 / (1 - DECAY)`` articles count; a busy news feed's recent articles span days (none of their
names is boilerplate), a weekly show's span months. A feed's memory keeps at most its ``KEPT`` most
frequent features. Counts are kept scaled (each new article counts ``scale`` times more than
the first, instead of every count decaying at every article), and made small again when the
scale grows large. Everything read is the feed's own earlier articles, in the order assignment
takes them, so a refresh and a rebuild drop the same features.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from operator import mul

from reader.stories.features import ArticleFeatures

#: A feature in at least this share of its feed's recent articles ...
SHARE = 0.3
#: ... (once the feed has this many articles) ...
MIN_ARTICLES = 5
#: ... seen by the feed for more than this many days is its boilerplate.
SPAN_DAYS = 21.0
#: How much an article counts relative to the one after it.
DECAY = 0.98
#: A feed's memory keeps at most this many features (the most frequent): once it holds twice as
#: many, those in fewer than PRUNE_SHARE of its recent articles are forgotten (seen again, they
#: count from then on).
KEPT = 300
PRUNE_SHARE = 0.05
#: Counts are made small again when the scale passes this.
RESCALE_AT = 1e12


@dataclass
class FeedMemory:
    """What assignment remembers of one feed's recent articles (mutable, saved when changed)."""

    articles: int = 0
    #: The weight the next article counts with (grows by 1 / DECAY an article).
    scale: float = 1.0
    #: The scaled sum of the weights of every article so far.
    total: float = 0.0
    #: For each feature: its scaled count and the first day the feed held it (while kept).
    features: dict[str, list[float]] = field(default_factory=dict)
    changed: bool = False

    def boilerplate(self, labels: list[str], day: float) -> set[str]:
        """Which of these features (of an article of ``day``) are the feed's boilerplate."""
        if self.articles < MIN_ARTICLES or not self.total:
            return set()
        need = SHARE * self.total
        found = set()
        for label in labels:
            seen = self.features.get(label)
            if seen is not None and seen[0] >= need and day - seen[1] > SPAN_DAYS:
                found.add(label)
        return found

    def sift(self, labels: list[str], day: float) -> set[str]:
        """``boilerplate`` then ``remember`` in one pass over the labels (each label is read
        before it is counted, and an article's labels are unique: the same answer and counts),
        the step assignment takes for every article."""
        if self.articles < MIN_ARTICLES or not self.total:
            self.remember(labels, day)
            return set()
        need = SHARE * self.total
        weight = self.scale
        features = self.features
        found = set()
        for label in labels:
            seen = features.get(label)
            if seen is None:
                features[label] = [weight, day]
                continue
            if seen[0] >= need and day - seen[1] > SPAN_DAYS:
                found.add(label)
            seen[0] += weight
            if day < seen[1]:
                seen[1] = day
        self._counted(weight)
        return found

    def remember(self, labels: list[str], day: float) -> None:
        """Count an article's features (after deciding its boilerplate)."""
        weight = self.scale
        features = self.features
        for label in labels:
            seen = features.get(label)
            if seen is None:
                features[label] = [weight, day]
            else:
                seen[0] += weight
                seen[1] = min(seen[1], day)
        self._counted(weight)

    def _counted(self, weight: float) -> None:
        """One more article counted (its labels' counts added with ``weight``)."""
        self.total += weight
        self.articles += 1
        self.scale /= DECAY
        if self.scale > RESCALE_AT:
            self._rescale()
        if len(self.features) > 2 * KEPT:
            self._forget()
        self.changed = True

    def _forget(self) -> None:
        """Drop the features in fewer than PRUNE_SHARE of the recent articles (far from
        boilerplate), then all but the KEPT most frequent."""
        floor = PRUNE_SHARE * self.total
        kept = {label: seen for label, seen in self.features.items() if seen[0] >= floor}
        if len(kept) > KEPT:
            heaviest = sorted(kept.items(), key=lambda item: (-item[1][0], item[0]))
            kept = dict(heaviest[:KEPT])
        self.features = kept

    def _rescale(self) -> None:
        factor = 1.0 / self.scale
        self.scale = 1.0
        self.total *= factor
        for seen in self.features.values():
            seen[0] *= factor

    def to_json(self) -> str:
        return json.dumps(
            {"a": self.articles, "s": self.scale, "t": self.total, "f": self.features},
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> FeedMemory:
        data = json.loads(text)
        return cls(
            int(data["a"]),
            float(data["s"]),
            float(data["t"]),
            {label: [float(v[0]), float(v[1])] for label, v in data["f"].items()},
        )


def labels_of(features: ArticleFeatures) -> list[str]:
    """An article's features as the feed memory counts them (names prefixed apart: a name word
    and a headline word may be spelt alike)."""
    return [*features.weights, *map(_name_label, features.names)]


@lru_cache(maxsize=200_000)
def _name_label(name: str) -> str:
    """A name word's label, cached: the same string every time, its hash made once."""
    return "N" + name


def without(features: ArticleFeatures, boilerplate: set[str]) -> ArticleFeatures:
    """The features with the feed's boilerplate dropped (vectors made unit length again)."""
    if not boilerplate:
        return features
    names = {label[1:] for label in boilerplate if label[0] == "N"}
    # Made directly, not with dataclasses.replace (which reads every field by name): most
    # articles of a feed lose some boilerplate, so this runs for almost every article.
    return ArticleFeatures(
        _unit({k: w for k, w in features.weights.items() if k not in boilerplate}),
        _unit({k: w for k, w in features.names.items() if k not in names}),
        tuple(k for k in features.keys if k not in boilerplate),
        features.mentions - names,
        _unit({k: w for k, w in features.headline.items() if k not in boilerplate}),
        features.when,
        features.facts,
        features.subjects - names,
    )


def _unit(vector: dict[str, float]) -> dict[str, float]:
    values = vector.values()
    norm = math.sqrt(sum(map(mul, values, values))) or 1.0
    return {k: w / norm for k, w in vector.items()}
