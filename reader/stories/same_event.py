"""The "same event" model: which candidate story, if any, does an article report?

The incremental assigner (``reader.stories.assign``) finds candidate stories and scores an
article against each story's centroid; that score alone cannot tell twin events apart (two
earthquakes in one region, two DUI arrests of one team's players, two emergency patches of
one browser): they share the kind of event and most words. This module owns the decision:
for every candidate whose centroid score reaches ``JOIN_SCORE``, a handful of features of the
article against the story are combined by a small logistic regression into the probability
that they report one event; the article joins the most probable candidate when that
probability reaches the model's threshold, else starts a story of its own (``chosen_story``).

Features (``FEATURES``, each computed by ``pair_features`` from the article's features and
the story's summed vectors, never from report times, which the training corpus fakes):

- ``centroid``: the assigner's own score (words + names cosines, minus its missing-core-names
  penalty), and ``names``: the names cosine alone (who, where and the years the text names);
- ``missing_core``: the share of the story's core names (those most of its articles name)
  the article does not name, and ``missing_core_large``: the same, counted in full only once
  the story has ``SETTLED_ARTICLES`` articles (a settled core is a firmer sign);
- ``new_names``: the share of the article's name weight on names the story never names (a
  twin event happens to other people, in other places);
- ``name_support``: how many of the story's articles, on average over the article's names
  (by weight), name them too;
- ``figure_match``: figures of the headline and lead ("6.1 magnitude", "3 killed") the story
  reports too (capped at ``FIGURE_CAP``); years are not counted (both twin events happened in
  the same era, and a shared year pulled one twin's first report into the other's story);
- ``core_year_missing``: most of the story's articles name a year the article does not name;
- ``margin``: how far the candidate's centroid score is behind the best candidate's (0 for
  the best): the model weighs every candidate, not only the best;
- ``fact_conflict`` and ``fact_match`` (``reader.stories.facts``): the article states an age
  or magnitude of a kind the story's articles mostly state otherwise / the same ("Fred LaRue,
  75" against "Mark Felt, 95": another person, another quake);
- ``member`` (``reader.stories.members``): the names cosine of the article with the closest of
  the story's first articles, one by one, and ``member_margin``: how far that is behind the
  best candidate's: a sum favours a large story, its reports one by one do not, so the young
  story of a twin event is not outweighed by the settled story of the other;
- weighted 0 in the shipped model (trained with ``--drop headline,name_conflict,
  when_conflict,when_match``: cross-validation was as good or better without them, precision
  0.811 against 0.806 at the same F1; in round 7, with the pairs weighted and the assigner's
  own decisions learnt from, before facts and members: F1 0.805 with them against 0.825
  without, at threshold 0.4), kept so the next round can try them again:
  ``headline``, the cosine of the article's headline to the story's summed headlines;
  ``name_conflict``, the lesser of ``missing_core`` and ``new_names`` (both sides name people
  or places of their own); ``when_conflict`` and ``when_match``, the article names weekdays
  or months (its headline and lead's "on Thursday", "Dec. 11") none of which the story names
  / one that at least half of the story's articles name.

Features tried and dropped because cross-validation scored better without them: the words
cosine alone, a year named by both, a year conflict (the article names only other years),
figure conflicts (the same word with another number), the article's heaviest headline/lead
name missing from the story, and "the story is one article".

The coefficients are learnt from the development topics of the news-clusters corpus by
``tests/perf/train_same_event.py`` (scikit-learn, a dev dependency) and shipped in
``same_event_model.json`` beside this module; here they are applied as a dot product and a
sigmoid, in plain Python. To retrain after changing a feature: run that script (it prints
cross-validated scores by topic and writes the JSON), then ``tests/perf/stories_eval.py``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from reader.stories.facts import fact_evidence
from reader.stories.features import ArticleFeatures, cosine
from reader.stories.logistic import LogisticModel, model_from_json
from reader.stories.members import best_member

if TYPE_CHECKING:
    from reader.stories.assign import StoryState

#: The features, in the order the model's weights follow.
FEATURES = (
    "centroid",
    "names",
    "missing_core",
    "missing_core_large",
    "new_names",
    "name_support",
    "figure_match",
    "core_year_missing",
    "headline",
    "margin",
    "name_conflict",
    "when_conflict",
    "when_match",
    "fact_conflict",
    "fact_match",
    "member",
    "member_margin",
)
MODEL_PATH = Path(__file__).with_name("same_event_model.json")
#: A story's years are those at least this share of its articles name.
YEAR_SHARE = 0.5
#: A story of this many articles or more has a settled core (``missing_core_large``).
SETTLED_ARTICLES = 5
#: Figure counts are capped here: a third matching figure says little more than two.
FIGURE_CAP = 3
#: An article joins no story it shares fewer terms with (a name and its words count once):
#: two podcasts' two-line episode notes that both name "StarCraft", and nothing else once
#: each show's own name is set aside as its feed's boilerplate, report no one event.
MIN_SHARED_TERMS = 2


#: The same-event check's model (reader.stories.logistic): its ``threshold`` is the probability
#: an article needs to join a story.
SameEventModel = LogisticModel


@lru_cache(maxsize=1)
def shipped_model() -> SameEventModel:
    """The model checked in beside this module."""
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    return model_from_json(data, FEATURES, MODEL_PATH.name)


@dataclass(frozen=True)
class StorySummary:
    """What the check reads of a story, made once per story state (the story caches it)."""

    core_years: frozenset[str]
    #: For each figure word ("magnitude", "killed"), the numbers the story reports with it.
    figures: dict[str, frozenset[str]]


def summarise(story: StoryState) -> StorySummary:
    need = max(1.0, YEAR_SHARE * story.articles)
    # One pass, the count first (most names are not years, and most are named too rarely).
    core = frozenset(
        name
        for name, count in story.name_counts.items()
        if count >= need and name.startswith("year ")
    )
    figures: dict[str, set[str]] = {}
    for feature in story.words:
        # Years are left out: a year is the era both twin events happened in, not the event.
        if feature.startswith("f:") and not feature.startswith("f:year "):
            number, _, word = feature[2:].partition(" ")
            if word:
                figures.setdefault(word, set()).add(number)
    return StorySummary(core, {w: frozenset(n) for w, n in figures.items()})


@dataclass(frozen=True)
class ArticleSide:
    """What the check reads of the article itself, the same against every candidate story
    (made once per article, not once per candidate)."""

    #: Its name words but years, each with its share (squared weight) of its names vector.
    names: tuple[tuple[str, float], ...]
    #: The sum of those shares.
    name_weight: float
    #: The years its text names.
    years: frozenset[str]
    #: Its figures but years, as (number, word): "6.1 magnitude" is ("6.1", "magnitude").
    figures: tuple[tuple[str, str], ...]


def article_side(features: ArticleFeatures) -> ArticleSide:
    names = tuple(
        (name, weight * weight)
        for name, weight in features.names.items()
        if not name.startswith("year ")
    )
    name_weight = 0.0
    for _, share in names:  # summed in order, as the candidates' loop summed them
        name_weight += share
    figures = []
    for feature in features.weights:
        if feature.startswith("f:") and not feature.startswith("f:year "):
            number, _, word = feature[2:].partition(" ")
            figures.append((number, word))
    return ArticleSide(
        names,
        name_weight,
        frozenset(m for m in features.mentions if m.startswith("year ")),
        tuple(figures),
    )


def pair_features(
    features: ArticleFeatures,
    story: StoryState,
    centroid: float,
    best_centroid: float,
    best_of_members: float | None = None,
    member: float | None = None,
    side: ArticleSide | None = None,
) -> tuple[float, ...]:
    """The values of ``FEATURES`` for an article against a story (see the module's doc);
    ``best_of_members`` is the best ``member`` value of the candidates (None: this one's);
    ``member`` is this one's when the caller has it already (None: made here); ``side`` the
    article's ``article_side`` when the caller has it (None: made here)."""
    summary = story.summary()
    if member is None:
        member = best_member(features.names, story.members)
    if side is None:
        side = article_side(features)
    names = story.names_unit()
    new_weight = support = 0.0
    name_weight = side.name_weight
    articles = max(1, story.articles)
    name_counts = story.name_counts
    for name, share in side.names:
        count = name_counts.get(name, 0)
        if count == 0 and name not in names:
            new_weight += share
        support += share * min(1.0, count / articles)
    missing_core = story.missing_core(features, names)
    new_names = new_weight / name_weight if name_weight else 0.0
    matches = 0
    story_figures = summary.figures
    for number, word in side.figures:
        matches += number in story_figures.get(word, ())
    return (
        centroid,
        cosine(features.names, names),
        missing_core,
        missing_core * min(1.0, story.articles / SETTLED_ARTICLES),
        new_names,
        support / name_weight if name_weight else 0.0,
        float(min(matches, FIGURE_CAP)),
        float(bool(summary.core_years) and not side.years & summary.core_years),
        cosine(features.headline, story.headline_vector()),
        centroid - best_centroid,
        min(missing_core, new_names),
        *_when_features(features, story),
        *fact_evidence(features.facts, story.fact_counts),
        member,
        member - (member if best_of_members is None else best_of_members),
    )


def shared_terms(features: ArticleFeatures, story: StoryState) -> int:
    """How many distinct terms (a word, a name, a figure) the article shares with the story:
    "n:starcraft" and "w:starcraft" are one."""
    held = story.words
    return len({key.partition(":")[2] for key in features.weights if key in held})


def _when_features(features: ArticleFeatures, story: StoryState) -> tuple[float, float]:
    """(the article names weekdays or months and the story, which names some, none of them;
    the article names one at least half of the story's articles name)."""
    when, counts = features.when, story.when_counts
    if not when or not counts:
        return 0.0, 0.0
    conflict = float(not any(day in counts for day in when))
    need = max(1.0, story.articles / 2)
    match = float(any(counts.get(day, 0) >= need for day in when))
    return conflict, match


def chosen_story(
    features: ArticleFeatures,
    scored: Sequence[tuple[float, StoryState]],
    model: SameEventModel | None = None,
) -> StoryState | None:
    """Of the candidate stories (each with its centroid score), the one the article most
    probably reports, if that probability reaches the model's threshold; ties keep the
    earlier candidate. A threshold of 0 turns the model off: the best centroid score wins."""
    if not scored:
        return None
    chosen = model or shipped_model()
    best_centroid = max(score for score, _ in scored)
    if chosen.threshold <= 0.0:
        return next(story for score, story in scored if score == best_centroid)
    best: StoryState | None = None
    best_probability = chosen.threshold
    # Each candidate's member value, made once: the best of them is a feature of every one.
    members = [best_member(features.names, story.members) for _, story in scored]
    best_of_members = max(members)
    side = article_side(features)
    for (score, story), member in zip(scored, members, strict=True):
        if shared_terms(features, story) < MIN_SHARED_TERMS:
            continue
        values = pair_features(features, story, score, best_centroid, best_of_members, member, side)
        probability = chosen.probability(values)
        if probability > best_probability or (best is None and probability == best_probability):
            best, best_probability = story, probability
    return best
