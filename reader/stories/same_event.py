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

Beside the model, one veto (``actor_conflict``, switched by ``ACTOR_VETO``): an article
joins no settled story whose main actors (the two- or three-word names its headlines keep
naming) it never names, when its own main subject (the heaviest name of its headline and
first sentence) is in none of the story's headlines: "Jackson arrested on DUI charge" is no
report of "Jamal Williams arrested on DUI suspicion", however alike the rest, and a story
whose figures compare two events' figures is the worst outcome for a reader.

The merge step (``merge_partner``): the first reports of one event often share few words
and start stories of their own. When an article has joined a story and another candidate is
one the model would have let it join too (``MERGE_ARTICLE_PROBABILITY``, its margin behind
the best candidate not counted), the two stories are weighed against each other as the model
weighs an article against a story, each story's sums read as one article
(``story_as_article``): the smaller must be a probable report of the larger
(``MERGE_STORY_PROBABILITY``: what the assigner asked its reports when they came, asked again
now the larger has grown), the larger no improbable report of the smaller
(``MERGE_BACK_PROBABILITY``); and neither story's main actors, nor its facts (an age, a
magnitude), may conflict with the other's, nor may anything ``reader.stories.merge_checks``
reads (other months, years, ages, main actors each side's own; only a young story merges);
the thresholds and checks are ``MergeRule``'s. Look-alike events (two patches of one
browser, two arrests of one team's players) share the article's words, but the smaller reads
as a report of the larger only so far.

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from reader.stories import merge_checks
from reader.stories.facts import fact_evidence, held_facts
from reader.stories.features import ArticleFeatures, cosine, name_stems
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
#: The main-actor conflict veto (``actor_conflict``); off only to measure what it does.
ACTOR_VETO = True
#: A story's main actors weigh at least this much in its headlines, on average.
MAIN_WEIGHT = 0.15
#: An article's main subjects are among its heaviest this many name words.
MAIN_SUBJECTS = 2
#: The veto reads only stories of at least this many articles (a settled main actor).
ACTOR_VETO_ARTICLES = SETTLED_ARTICLES
#: The probability an article needs for a second story, to link it to the one it joined ...
MERGE_ARTICLE_PROBABILITY = 0.6
#: ... and the probability the smaller of the two stories, read as one article, needs as a
#: report of the larger for them to merge (``merge_partner``), ...
MERGE_STORY_PROBABILITY = 0.7
#: ... and the larger, read as one article, as a report of the smaller.
MERGE_BACK_PROBABILITY = 0.5

#: A story merged into another has at most this many articles.
YOUNG_STORY_ARTICLES = 3


@dataclass(frozen=True)
class MergeRule:
    """The merge step's thresholds (``merge_partner``): the shipped ones by default; the
    leave-topics-out estimate (tests/perf/merge_topics_out.py) tries others."""

    #: Whether stories merge at all (``assign``'s switch when a rule is given).
    on: bool = True
    #: The probability an article needs for a second story, to link the two.
    article: float = MERGE_ARTICLE_PROBABILITY
    #: The smaller story, read as one article, as a report of the larger.
    story: float = MERGE_STORY_PROBABILITY
    #: The larger, read as one article, as a report of the smaller.
    back: float = MERGE_BACK_PROBABILITY
    #: The contradictions that stop a merge (reader.stories.merge_checks): months, years,
    #: ages either way, main actors each side's own (tests/perf/merge_topics_out.py
    #: --checks compares them).
    months: bool = True
    years: bool = True
    ages: bool = True
    actors: bool = True
    #: Only a story of at most this many articles merges, into the larger (0: any size): the
    #: split first reports of one event are young stories; two settled stories that never
    #: took each other's reports are two events more often than not.
    young: int = YOUNG_STORY_ARTICLES

    def contradicts(self, one: StoryState, other: StoryState) -> bool:
        """Whether one of the rule's contradictions holds between the two stories."""
        return (
            (self.young > 0 and min(one.articles, other.articles) > self.young)
            or (self.months and merge_checks.months_conflict(one, other))
            or (self.years and merge_checks.years_conflict(one, other))
            or (self.ages and merge_checks.ages_conflict(one, other))
            or (self.actors and merge_checks.actors_conflict(one, other))
        )


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
    #: Its main actors, each as its name's words: the names of two or three words its
    #: headlines keep naming (("jamal", "williams")); none for a young story.
    main_names: tuple[tuple[str, ...], ...] = ()
    #: The words of its headlines (names and words): what a main actor of an article must not
    #: be one of, to be another actor.
    headline_words: frozenset[str] = frozenset()


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
    main, common = _main_names(story)
    return StorySummary(
        core,
        {w: frozenset(n) for w, n in figures.items()},
        main,
        common,
    )


def _main_names(story: StoryState) -> tuple[tuple[tuple[str, ...], ...], frozenset[str]]:
    """(the story's main actors, its headlines' words): see StorySummary. A main actor is a
    name of two or three words ("jamal williams") its headlines name with MAIN_WEIGHT or more
    on average over its articles (each headline's vector is of unit length); a longer run is
    a headline set in title case, no one's name."""
    if story.articles < ACTOR_VETO_ARTICLES:
        return (), frozenset()
    words: set[str] = set()
    need = MAIN_WEIGHT * story.articles
    main: list[tuple[str, ...]] = []
    for feature, weight in story.headlines.items():
        kind, text = feature[:2], feature[2:]
        if kind not in ("n:", "w:"):
            continue
        if kind == "w:":
            words.add(text)
            continue
        parts = name_stems(text)
        words.update(parts)
        if 2 <= len(parts) <= 3 and weight >= need:
            main.append(parts)
    return tuple(sorted(main)), frozenset(words)


def actor_conflict(
    features: ArticleFeatures, summary: StorySummary, subjects: Sequence[str] | None = None
) -> bool:
    """Whether the article is about another main actor than the story: no name the story's
    headlines keep naming ("Jamal Williams") appears in the article, not even one word of
    one, while the article's own heaviest name, named in its headline or first
    sentence, is in none of the story's headlines ("Jackson arrested on DUI charge" against
    a story of "Jamal Williams arrested on DUI suspicion", whose reports recall Jackson's
    arrest in passing): two events of one kind, however alike the rest. Another spelling
    ("Betty" for "Bettie") is no other actor. ``subjects``: the article's ``main_subjects``
    when the caller has them (None: made here)."""
    if not summary.main_names:
        return False
    mentions, weights = features.mentions, features.weights
    if not all(
        all(
            word not in mentions and "w:" + word not in weights and not _spelt_in(word, mentions)
            for word in actor
        )
        for actor in summary.main_names
    ):
        return False
    known = summary.headline_words
    if subjects is None:
        subjects = main_subjects(features)
    return any(name not in known and not _spelt_in(name, known) for name in subjects)


def main_subjects(features: ArticleFeatures) -> list[str]:
    """The heaviest MAIN_SUBJECTS name words (not years) of the article's headline and first
    sentence: who and where it is about."""
    subjects = features.subjects
    named = [
        item
        for item in features.names.items()
        if item[0] in subjects and not item[0].startswith("year ")
    ]
    heaviest = sorted(named, key=lambda item: (-item[1], item[0]))[:MAIN_SUBJECTS]
    return [name for name, _ in heaviest]


def _spelt_in(name: str, names: Iterable[str]) -> bool:
    """Whether ``name`` is another spelling of one of ``names`` (the same first four letters:
    "betty" and "bettie", "jon" and "jonathan")."""
    stem = name[:4]
    return any(other[:4] == stem for other in names if other != name)


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
    # The keys the story holds, filtered and mapped in C (no Python step per key): this runs
    # for every candidate of every article.
    return len(set(map(_term, filter(story.words.__contains__, features.weights))))


@lru_cache(maxsize=200_000)
def _term(key: str) -> str:
    """A feature's term, its kind left out ("starcraft" of "n:starcraft")."""
    return key.partition(":")[2]


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
    subjects = main_subjects(features) if ACTOR_VETO else []
    for (score, story), member in zip(scored, members, strict=True):
        if shared_terms(features, story) < MIN_SHARED_TERMS:
            continue
        if ACTOR_VETO and actor_conflict(features, story.summary(), subjects):
            continue
        values = pair_features(features, story, score, best_centroid, best_of_members, member, side)
        probability = chosen.probability(values)
        if probability > best_probability or (best is None and probability == best_probability):
            best, best_probability = story, probability
    return best


def merge_partner(
    features: ArticleFeatures,
    story: StoryState,
    scored: Sequence[tuple[float, StoryState]],
    model: SameEventModel | None = None,
    rule: MergeRule | None = None,
) -> StoryState | None:
    """Of the other candidate stories of an article that has just joined ``story``, the one
    the two should merge with (the most probable), if any: see the module's doc. ``rule``:
    the thresholds (None: the shipped ones)."""
    chosen = model or shipped_model()
    if chosen.threshold <= 0.0:
        return None
    rule = rule or MergeRule()
    subjects = main_subjects(features) if ACTOR_VETO else []
    best: StoryState | None = None
    best_probability = rule.article
    for score, other in scored:
        if other is story or shared_terms(features, other) < MIN_SHARED_TERMS:
            continue
        if ACTOR_VETO and actor_conflict(features, other.summary(), subjects):
            continue
        member = best_member(features.names, other.members)
        # As if it were the only candidate: no margin behind the story it joined.
        probability = chosen.probability(
            pair_features(features, other, score, score, member, member)
        )
        if probability >= best_probability and stories_agree(story, other, chosen, rule):
            best, best_probability = other, probability
    return best


def stories_agree(
    one: StoryState, other: StoryState, model: SameEventModel, rule: MergeRule | None = None
) -> bool:
    """Whether two stories read as one event: the smaller (fewer articles; the younger of
    two alike), read as one article, is a probable report of the larger (the question the
    assigner asked its reports when they came, asked again of the larger story as it has
    grown), the larger read as one article is not an improbable report of the smaller, no
    main actor of one conflicts with the other, and their facts agree."""
    conflict, _ = fact_evidence(held_facts(one.fact_counts), other.fact_counts)
    if conflict > 0:
        return False
    rule = rule or MergeRule()
    if rule.contradicts(one, other):
        return False
    small, large = sorted((one, other), key=lambda s: (s.articles, s.story_id))
    for reader, read, need in ((small, large, rule.story), (large, small, rule.back)):
        features = story_as_article(reader)
        if ACTOR_VETO and actor_conflict(features, read.summary()):
            return False
        if shared_terms(features, read) < MIN_SHARED_TERMS:
            return False
        score = read.score(features)
        member = max((best_member(names, read.members) for names in reader.members), default=0.0)
        values = pair_features(features, read, score, score, member, member)
        if model.probability(values) < need:
            return False
    return True


def story_as_article(story: StoryState) -> ArticleFeatures:
    """A story's sums read as one article's features: its words and names as unit vectors,
    every name word its articles name, its headlines, the facts most of them state, and
    the name words of its headlines as its subjects."""
    words, names = story.unit_vectors()
    subjects = frozenset(
        part
        for feature in story.headlines
        if feature.startswith("n:")
        for part in name_stems(feature[2:])
    )
    return ArticleFeatures(
        words,
        names,
        (),
        frozenset(story.name_counts),
        story.headline_vector(),
        frozenset(story.when_counts),
        held_facts(story.fact_counts),
        subjects,
    )
