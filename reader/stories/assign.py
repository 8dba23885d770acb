"""Assigning articles to stories, one at a time, against the stories already known.

This is the clustering itself, in memory and free of SQL: a ``StoryIndex`` holds the stories
that could take the next articles (their summed feature vectors, first and last report day,
member count) and a key → articles posting list to find them. ``assign`` takes articles in
the order given (the store's assignment order: report time, then link); each is weighed
against the candidate stories whose reports lie within ``WINDOW_DAYS`` of it and whose centroid
similarity (words plus names) reaches ``JOIN_SCORE``, and joins the one the same-event model
(``reader.stories.same_event``) finds it most probably reports, when probably enough;
otherwise it starts a story of its own, in a thread of its own. Which thread (developing
situation) a young story follows is ``reader.stories.threads``' decision.

Stories are also merged (``MERGE_STORIES``): the first reports of one event often share few
words and start two or three stories; when a later article joins one of them and the
same-event check finds it reports another candidate too, and the two stories themselves
read as one event (``reader.stories.same_event.merge_partner``), the younger story is folded
into the older one (``StoryIndex.merge``), its articles and sums with it. Only stories
the article meets are weighed, so merging stays incremental.

The same code serves a refresh (the store loads the stories near the new articles into an
index first) and a whole rebuild (an empty index, every article in the order it was assigned
in), so the two give the same stories: an article's features never depend on the rest of the
library.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter, mul
from typing import TypeVar

from reader.stories.boilerplate import FeedMemory, labels_of, without
from reader.stories.facts import counted
from reader.stories.features import ArticleFeatures, cosine
from reader.stories.members import MEMBERS_KEPT, kept_names
from reader.stories.same_event import (
    MergeRule,
    SameEventModel,
    StorySummary,
    chosen_story,
    merge_partner,
    summarise,
)
from reader.stories.threads import THREAD_WINDOW_DAYS as THREAD_WINDOW_DAYS  # re-exported
from reader.stories.threads import follow_thread

#: Reports of one event come within this many days of the story's other reports.
WINDOW_DAYS = 7.0
#: Centroid similarity (words + names, each a cosine, so 0..2) an article needs to join.
JOIN_SCORE = 0.4
#: A story's centroid keeps at most this many features of each kind.
CENTROID_FEATURES = 120
#: At most this many stories (those sharing most key weight with an article) are scored for it.
MAX_CANDIDATES = 12
#: Finding them reads at most this many entries of its keys' posting lists (see candidates).
MAX_POSTINGS = 64
#: A story's core names are those at least this share of its articles name (who, where, when).
CORE_SHARE = 0.5
#: How much an article loses per unit of the story's core names (by weight) it does not name:
#: a twin event (another fire at the same chain, another player arrested) shares the kind of
#: event and many words, but not the place, the person or the year every report names.
MISSING_CORE_PENALTY = 0.3
#: A story remembers how many of its articles name each name word, for at most this many.
NAME_COUNTS_KEPT = 200
#: The merge step for split stories (see the module's doc). Shipped off in session 19: on
#: the held-back topics, scored once, precision fell from 0.992 to 0.912 (F1 0.953 to 0.934):
#: it joined look-alike events. On since session 21, with the contradictions that stop a
#: merge (reader.stories.merge_checks: other months, years, ages, main actors; only a young
#: story folds in): a leave-topics-out estimate on the development topics
#: (tests/perf/merge_topics_out.py, thresholds chosen on the other topics) gives precision
#: 0.978 and recall 0.893 against merge off's 0.982 and 0.818. Libraries assigned before are
#: assigned again in the background (reader.store.migrations m505).
MERGE_STORIES = True
#: The merge step off, whatever MERGE_STORIES says (estimates compare the two).
NO_MERGE = MergeRule(on=False)


@dataclass(frozen=True)
class StoryInput:
    """One article to assign: its id, feed, report day (days since 1970) and features."""

    article_id: int
    feed_id: int
    day: float
    features: ArticleFeatures


@dataclass
class StoryState:
    """A story as the assigner sees it (mutable while articles join)."""

    story_id: int
    thread_id: int
    first_day: float
    last_day: float
    articles: int
    words: dict[str, float] = field(default_factory=dict)
    names: dict[str, float] = field(default_factory=dict)
    name_counts: dict[str, int] = field(default_factory=dict)
    #: The summed headline vectors of its articles (what its headlines say happened).
    headlines: dict[str, float] = field(default_factory=dict)
    #: How many of its articles name each weekday and month (``ArticleFeatures.when``).
    when_counts: dict[str, int] = field(default_factory=dict)
    #: How many of its articles state each fact ("age 75": ``ArticleFeatures.facts``).
    fact_counts: dict[str, int] = field(default_factory=dict)
    #: The names of its first articles, one by one (reader.stories.members).
    members: list[dict[str, float]] = field(default_factory=list)
    changed: bool = False
    #: Whether the story is alone in a thread it started (it may still move to another).
    thread_alone: bool = False
    #: The thread it started in, and the story whose thread it moved into while young (0:
    #: none), which it leaves again while young if its own reports no longer follow that one.
    own_thread_id: int = 0
    followed: int = 0
    _units: tuple[dict[str, float], dict[str, float]] | None = None
    _core: tuple[tuple[str, float], ...] | None = None
    _summary: StorySummary | None = None
    _norms: tuple[float, float] | None = None
    _names_unit: dict[str, float] | None = None
    _headline_unit: dict[str, float] | None = None
    _core_total: float = 0.0

    def distance(self, day: float) -> float:
        """Days between ``day`` and the story's span of reports (0 inside it)."""
        return max(0.0, self.first_day - day, day - self.last_day)

    def add(self, item: StoryInput) -> None:
        self.first_day = min(self.first_day, item.day)
        self.last_day = max(self.last_day, item.day)
        self.articles += 1
        self.words = _summed(self.words, item.features.weights)
        self.names = _summed(self.names, item.features.names)
        self.name_counts = _counted(self.name_counts, item.features.names)
        self.headlines = _summed(self.headlines, item.features.headline)
        for when in item.features.when:
            self.when_counts[when] = self.when_counts.get(when, 0) + 1
        counted(self.fact_counts, item.features.facts)
        if len(self.members) < MEMBERS_KEPT:
            self.members.append(kept_names(item.features.names))
        self._grown()

    def absorb(self, other: StoryState) -> None:
        """Take in the sums of ``other`` (a story merged into this one), as if its articles
        had joined this story after its own."""
        self.first_day = min(self.first_day, other.first_day)
        self.last_day = max(self.last_day, other.last_day)
        self.articles += other.articles
        self.words = _summed(self.words, other.words)
        self.names = _summed(self.names, other.names)
        _added(self.name_counts, other.name_counts)
        if len(self.name_counts) > NAME_COUNTS_KEPT * 3 // 2:
            self.name_counts = dict(_heaviest_first(self.name_counts)[:NAME_COUNTS_KEPT])
        self.headlines = _summed(self.headlines, other.headlines)
        _added(self.when_counts, other.when_counts)
        _added(self.fact_counts, other.fact_counts)
        self.members = (self.members + other.members)[:MEMBERS_KEPT]
        self._grown()

    def _grown(self) -> None:
        """The story took in more articles: what is computed from its sums is made again."""
        self.changed = True
        self._units = None
        self._headline_unit = None
        self._core = None
        self._summary = None
        self._norms = None
        self._names_unit = None

    def summary(self) -> StorySummary:
        """What the same-event check reads of the story (cached until it grows)."""
        if self._summary is None:
            self._summary = summarise(self)
        return self._summary

    def score(self, features: ArticleFeatures) -> float:
        # Cosines to the sums over their norms: the unit vectors' cosines, without making
        # them every time an article joins.
        norms = self.norms()
        similarity = (
            cosine(features.weights, self.words) / norms[0]
            + cosine(features.names, self.names) / norms[1]
        )
        return similarity - MISSING_CORE_PENALTY * self.missing_core(features, self.names)

    def missing_core(self, features: ArticleFeatures, names: dict[str, float]) -> float:
        """The share (by weight in the story's names) of the story's core names, those most
        of its articles name, that the article does not name; 0 for a story of one."""
        core = self.core()
        total = self._core_total
        if not total:
            return 0.0
        mentions = features.mentions
        missing = sum(weight for name, weight in core if name not in mentions)
        return missing / total

    def norms(self) -> tuple[float, float]:
        """The lengths of the story's summed words and names (kept until an article joins)."""
        if self._norms is None:
            self._norms = (_norm(self.words), _norm(self.names))
        return self._norms

    def unit_vectors(self) -> tuple[dict[str, float], dict[str, float]]:
        """The story's words and names as unit vectors (kept until an article joins)."""
        if self._units is None:
            self._units = (_divided(self.words, self.norms()[0]), self.names_unit())
        return self._units

    def names_unit(self) -> dict[str, float]:
        """The story's names as a unit vector, made alone (kept until an article joins): the
        same-event check reads only it, most times a story has changed."""
        if self._names_unit is None:
            self._names_unit = _divided(self.names, self.norms()[1])
        return self._names_unit

    def headline_vector(self) -> dict[str, float]:
        """The story's summed headlines as a unit vector (kept until an article joins)."""
        if self._headline_unit is None:
            self._headline_unit = _unit(self.headlines)
        return self._headline_unit

    def core(self) -> tuple[tuple[str, float], ...]:
        """The story's core names (see core_names), kept with their total weight until an
        article joins."""
        if self._core is None:
            self._core = self.core_names(self.names)
            self._core_total = sum(weight for _, weight in self._core)
        return self._core

    def names_word(self, name: str) -> bool:
        """Whether any of the story's articles names ``name`` (as far as its sums remember)."""
        return name in self.name_counts or name in self.names

    def core_names(self, names: dict[str, float]) -> tuple[tuple[str, float], ...]:
        """The name words at least CORE_SHARE of the story's articles (two or more) name,
        with their weights in the story's names vector (summed or unit: only shares of
        their total are read)."""
        if self.articles < 2:
            return ()
        need = max(2, math.ceil(CORE_SHARE * self.articles))
        return tuple(
            [
                (name, names.get(name, 0.0))
                for name, count in self.name_counts.items()
                if count >= need
            ]
        )


_Weight = TypeVar("_Weight", int, float)


def _summed(total: dict[str, float], more: dict[str, float]) -> dict[str, float]:
    """``total`` plus ``more`` (added in place: a story owns its sums), cut back to the
    heaviest CENTROID_FEATURES once it holds half as many more (cutting at every addition
    would sort at every addition)."""
    get = total.get
    for feature, weight in more.items():
        total[feature] = get(feature, 0.0) + weight
    if len(total) > CENTROID_FEATURES * 3 // 2:
        return dict(_heaviest_first(total)[:CENTROID_FEATURES])
    return total


def _added(counts: dict[str, int], more: dict[str, int]) -> None:
    """Another story's counts added to these, in place."""
    get = counts.get
    for key, count in more.items():
        counts[key] = get(key, 0) + count


def _counted(counts: dict[str, int], names: dict[str, float]) -> dict[str, int]:
    """Counts of articles naming each name word (added in place), cut back to the
    NAME_COUNTS_KEPT most named once it holds half as many more."""
    get = counts.get
    for name in names:
        counts[name] = get(name, 0) + 1
    if len(counts) > NAME_COUNTS_KEPT * 3 // 2:
        return dict(_heaviest_first(counts)[:NAME_COUNTS_KEPT])
    return counts


def _heaviest_first(vector: dict[str, _Weight]) -> list[tuple[str, _Weight]]:
    """The entries heaviest first, equal ones in name order: two stable sorts without a
    Python key function (names are unique, so the first sorts by name alone)."""
    return sorted(sorted(vector.items()), key=itemgetter(1), reverse=True)


def _norm(vector: dict[str, float]) -> float:
    values = vector.values()
    return math.sqrt(sum(map(mul, values, values))) or 1.0


def _unit(vector: dict[str, float]) -> dict[str, float]:
    return _divided(vector, _norm(vector))


def _divided(vector: dict[str, float], norm: float) -> dict[str, float]:
    return {feature: w / norm for feature, w in vector.items()}


@dataclass
class StoryIndex:
    """The stories an assignment can touch, and what finds them: for each key, the stories
    whose articles have it, with the first and last day they had it (the same spans by story),
    and for each key and week the stories whose span of that key touches the week (the
    posting lists candidates are found through: a few rare keys lead to the few stories that
    matter, without looking at every story of the weeks around an article)."""

    stories: dict[int, StoryState] = field(default_factory=dict)
    key_spans: dict[str, dict[int, list[float]]] = field(default_factory=dict)
    story_keys: dict[int, dict[str, list[float]]] = field(default_factory=dict)
    key_weeks: dict[str, dict[int, set[int]]] = field(default_factory=dict)
    next_story_id: int = 1
    next_thread_id: int = 1
    assigned: dict[int, int] = field(default_factory=dict)
    touched_keys: set[tuple[str, int]] = field(default_factory=set)
    #: What assignment remembers of each feed's recent articles (reader.stories.boilerplate).
    feeds: dict[int, FeedMemory] = field(default_factory=dict)
    #: For each key, the days its spans were read from the library for (every span of the key
    #: there that overlaps them is held): what a drain's next batch need not read again
    #: (reader.store.stories.extend_index).
    key_windows: dict[str, tuple[float, float]] = field(default_factory=dict)
    #: Stories merged into another since the index was read (gone → kept): the store moves
    #: their articles, key spans and marks (reader.store.stories.save_assignment).
    merged: dict[int, int] = field(default_factory=dict)

    def merge(self, kept: StoryState, gone: StoryState) -> None:
        """Fold story ``gone`` into ``kept``: its sums and the key spans held of it. Its
        articles assigned before are moved by the store (``merged``); its thread stays the
        other stories' of it (a story that followed it into it stays there), as a rebuild,
        whose index holds every story, leaves it too."""
        kept.absorb(gone)
        spans = self.story_keys.pop(gone.story_id, {})
        for key, (first, last) in sorted(spans.items()):
            self._unfile(key, gone.story_id, _week(first), _week(last))
            del self.key_spans[key][gone.story_id]
            self.add_span(key, kept.story_id, first, last)
            self.touched_keys.discard((key, gone.story_id))
            self.touched_keys.add((key, kept.story_id))
        self.merged[gone.story_id] = kept.story_id
        gone.articles = 0
        del self.stories[gone.story_id]

    def story_of(self, article_id: int) -> int:
        """The story an article assigned here is in now (merges followed)."""
        return self.now(self.assigned[article_id])

    def now(self, story_id: int) -> int:
        """The story ``story_id`` is now (itself, or the one it was merged into)."""
        while story_id in self.merged:
            story_id = self.merged[story_id]
        return story_id

    def _unfile(self, key: str, story_id: int, first: int, last: int) -> None:
        weeks = self.key_weeks.get(key, {})
        for week in range(first, last + 1):
            stories = weeks.get(week)
            if stories is not None:
                stories.discard(story_id)
                if not stories:
                    del weeks[week]

    def put(self, story: StoryState) -> None:
        """Hold a story (new, loaded or made again); its key spans find it."""
        self.stories[story.story_id] = story

    def candidates(self, item: StoryInput, window: float) -> list[StoryState]:
        """Stories within ``window`` days of ``item`` that had one of its keys near its day,
        those sharing the most of its weight first: only they are scored, so a library of
        many similar stories in one week costs a few scores per article, not dozens.

        They are found through the keys' posting lists of the weeks around the article, the
        shortest (rarest key) first, reading at most ``MAX_POSTINGS`` entries: a key dozens of
        stories of those weeks share finds no story the rarer keys do not (it still counts in
        the ranking), so the work per article stays bounded as the library grows. Below that
        bound every story with a near key is found, as a scan of every near story would."""
        day = item.day
        reach = window + WINDOW_DAYS
        keys = item.features.keys
        weights = item.features.weights
        found = self._posted(keys, _week(day - reach), _week(day + reach))
        stories = self.stories
        story_keys = self.story_keys
        near: list[tuple[float, int, StoryState]] = []
        for story_id in found:
            story = stories.get(story_id)
            # Farther than ``window`` days from the story's span (``distance``, unrolled).
            if story is None or story.first_day - day > window or day - story.last_day > window:
                continue
            spans = story_keys[story_id]
            # The article's keys the story had, in the article's order (the sum's order).
            had = list(filter(spans.__contains__, keys))
            if story.last_day - reach <= day <= story.first_day + reach:
                # Every key span lies inside the story's span: all of them are near enough.
                near.append((-sum(map(weights.__getitem__, had)), story_id, story))
                continue
            shared = 0.0
            hit = False
            for key in had:
                first, last = spans[key]
                if first - reach <= day <= last + reach:
                    shared = shared + weights[key]
                    hit = True
            if hit:
                near.append((-shared, story_id, story))
        # The best few, not a sort of every story sharing a common word in a busy month (ids
        # are unique: the stories themselves are never compared).
        return [story for _, _, story in heapq.nsmallest(MAX_CANDIDATES, near)]

    def _posted(self, keys: tuple[str, ...], first_week: int, last_week: int) -> set[int]:
        """The stories filed under these keys in these weeks, read from the shortest posting
        lists up while the entries read stay within MAX_POSTINGS (the lists' lengths, the
        order and the bound depend only on the stories held, never on the order they were
        loaded in, so a refresh finds what a rebuild finds)."""
        key_weeks = self.key_weeks
        postings: list[tuple[int, int, list[set[int]]]] = []
        reach = range(first_week, last_week + 1)
        for position, key in enumerate(keys):
            weeks = key_weeks.get(key)
            if not weeks:
                continue
            if len(weeks) < len(reach):  # a rare key: filed under a week or two
                filed = [
                    stories for week, stories in weeks.items() if first_week <= week <= last_week
                ]
            else:
                filed = [stories for week in reach if (stories := weeks.get(week))]
            if filed:
                postings.append((sum(map(len, filed)), position, filed))
        postings.sort(key=itemgetter(0, 1))
        found: set[int] = set()
        budget = MAX_POSTINGS
        for size, _, filed in postings:
            if size > budget:
                break
            budget -= size
            for stories in filed:
                found.update(stories)
        return found

    def add_span(self, key: str, story_id: int, first: float, last: float) -> None:
        """Record (or widen) the days a story's articles had a key, and file the story under
        the key's weeks the span newly touches."""
        spans = self.key_spans.get(key)
        if spans is None:
            spans = self.key_spans[key] = {}
        span = spans.get(story_id)
        if span is None:
            span = spans[story_id] = [first, last]
            keys = self.story_keys.get(story_id)
            if keys is None:
                keys = self.story_keys[story_id] = {}
            keys[key] = span  # the same list: widened once for both
            self._file(key, story_id, _week(first), _week(last), range(0))
        elif first < span[0] or last > span[1]:
            known = range(_week(span[0]), _week(span[1]) + 1)
            span[0], span[1] = min(span[0], first), max(span[1], last)
            self._file(key, story_id, _week(span[0]), _week(span[1]), known)

    def _file(self, key: str, story_id: int, first: int, last: int, known: range) -> None:
        """File a story under a key's weeks ``first`` to ``last``, but those in ``known``."""
        weeks = self.key_weeks.get(key)
        if weeks is None:
            weeks = self.key_weeks[key] = {}
        for week in range(first, last + 1):
            if week not in known:
                stories = weeks.get(week)
                if stories is None:
                    weeks[week] = {story_id}
                else:
                    stories.add(story_id)

    def remember(self, item: StoryInput, story_id: int) -> None:
        """An article joined a story: its keys' spans in the story take in its day."""
        self.assigned[item.article_id] = story_id
        day = item.day
        week = _week(day)
        touched = self.touched_keys
        spans = self.story_keys.get(story_id, {})
        floor = math.floor
        for key in item.features.keys:
            touched.add((key, story_id))
            span = spans.get(key)
            if span is not None:
                # Most keys of an article are already the story's, in the same week: no
                # filing (the weeks are ``_week``'s, inlined).
                if span[0] <= day <= span[1]:
                    continue
                if floor(span[0] / 7.0) <= week <= floor(span[1] / 7.0):
                    span[0], span[1] = min(span[0], day), max(span[1], day)
                    continue
            self.add_span(key, story_id, day, day)


def _week(day: float) -> int:
    return math.floor(day / 7.0)


def whole_weeks(low: float, high: float) -> tuple[float, float]:
    """The days from the start of ``low``'s week to the end of ``high``'s: a key span touching
    any of those weeks overlaps them (what a refresh loads to find what a rebuild finds)."""
    return _week(low) * 7.0, (_week(high) + 1) * 7.0


def _best(item: StoryInput, stories: Iterable[StoryState]) -> tuple[StoryState | None, float]:
    best: StoryState | None = None
    best_score = 0.0
    for story in stories:
        score = story.score(item.features)
        if score > best_score:  # ties keep the older story (candidates come in id order)
            best, best_score = story, score
    return best, best_score


def scored_candidates(index: StoryIndex, item: StoryInput) -> list[tuple[float, StoryState]]:
    """The candidate stories within ``WINDOW_DAYS`` of an article whose centroid score reaches
    JOIN_SCORE, each with that score: what the same-event model chooses among (the assigner
    and the model's trainer, tests/perf/train_same_event.py, read them the same way)."""
    features = item.features
    return [
        (score, story)
        for story in index.candidates(item, WINDOW_DAYS)
        if (score := story.score(features)) >= JOIN_SCORE
    ]


def assign(
    index: StoryIndex,
    items: Iterable[StoryInput],
    model: SameEventModel | None = None,
    merge: MergeRule | None = None,
) -> StoryIndex:
    """Assign each article (in the order given: the store's assignment order) to a story;
    ``model`` replaces the shipped same-event model (training scripts try others), ``merge``
    the merge step's switch and thresholds (None: ``MERGE_STORIES`` and the shipped rule;
    ``NO_MERGE``: off)."""
    merging = MERGE_STORIES if merge is None else merge.on
    for item in items:
        item = _without_boilerplate(index, item)
        # the story the same-event model finds the article most probably reports, if any
        scored = scored_candidates(index, item)
        story = chosen_story(item.features, scored, model)
        # Only an article that joined a story links it to another (one that starts a story
        # was found to report none of them).
        linking = merging and story is not None and len(scored) > 1
        if story is None:
            story = _new_story(index, item)
        story.add(item)
        index.remember(item, story.story_id)
        while linking:
            # One partner at a time: the merged story is weighed again against the rest.
            scored = [pair for pair in scored if pair[1].story_id in index.stories]
            other = merge_partner(item.features, story, scored, model, merge)
            if other is None:
                break
            kept, gone = _kept_and_gone(story, other, merge)
            index.merge(kept, gone)
            story = kept
        follow_thread(index, story, item)
    return index


def _kept_and_gone(
    one: StoryState, other: StoryState, merge: MergeRule | None
) -> tuple[StoryState, StoryState]:
    """Which of two merging stories is kept: the older (its id stays), or under a rule
    merging only young stories, the larger (ties: the older), the young one folded in."""
    if merge is not None and merge.young > 0:
        kept, gone = sorted((one, other), key=lambda s: (-s.articles, s.story_id))
    else:
        kept, gone = sorted((one, other), key=lambda s: s.story_id)
    return kept, gone


def _without_boilerplate(index: StoryIndex, item: StoryInput) -> StoryInput:
    """The article with its feed's boilerplate dropped; the feed remembers its features."""
    memory = index.feeds.get(item.feed_id)
    if memory is None:
        memory = index.feeds[item.feed_id] = FeedMemory()
    boilerplate = memory.sift(labels_of(item.features), item.day)
    if not boilerplate:
        return item
    return StoryInput(item.article_id, item.feed_id, item.day, without(item.features, boilerplate))


def _new_story(index: StoryIndex, item: StoryInput) -> StoryState:
    """A story for ``item``, in a thread of its own (``follow_thread`` may move it)."""
    story = StoryState(index.next_story_id, index.next_thread_id, item.day, item.day, 0)
    story.thread_alone = True
    story.own_thread_id = story.thread_id
    index.next_thread_id += 1
    index.next_story_id += 1
    index.put(story)
    return story
