"""A thread's background quantities: the figures a developing situation's stories keep repeating.

A strike's week of stories reports different events (a walkout, a court ruling, a union vote)
but repeats the same background quantities ("workers on strike", "strike pay per worker a
week"); outlets disagreeing on those across the thread's stories is what a fact-checker wants
to see, and a figure rising over the days reads as an update. This module owns that table for
one story of a thread of two or more stories:

- the thread's reports are read for the stories of its thread whose reports fall within
  ``THREAD_WINDOW_DAYS`` of the story's: the story's own, then the other articles nearest the
  story in time (at most ``MAX_OTHER_ARTICLES``) while their reports fit the budget
  (``MAX_THREAD_REPORTS``), and lined up by the story figures table
  (reader.stories.figure_entries.figures_table, used as it is);
- an entry of that table is a **background quantity** when its reports come from two or more
  stories of the thread and count the thing about the same named people, places or bodies
  (``same_named``): a story whose reports of it name someone the other stories' reports never
  name is counting another thing, and its reports are left out (the rest are lined up again);
  a report naming nobody ("the 1,200 strikers") is about the thread's own situation;
- an entry's values are read across the thread's events (``thread_verdict``): where the
  outlets agree about each event and the figure only rises from one event to the next (1,200
  workers on strike at the walkout, 1,350 at the court ruling a week later), the situation
  developed: an **update**; outlets giving different values about one event, or a later event
  reporting less, stay a **disagreement**.

Event-specific quantities (reported by one story only) stay in that story's own table, which
is untouched. Look-alike events in other threads never share an entry: only the thread's own
stories are read.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from reader.figures.compare import _NOT_NAMES, _STOP, _without_possessive
from reader.models import ArticleRow
from reader.store import articles as article_store
from reader.store import stories as story_store
from reader.store.db import Store
from reader.store.stories import StoryRow
from reader.stories.figure_entries import figures_table
from reader.stories.figures import (
    DISAGREEMENT,
    FLAGGED,
    SAME_TIME_HOURS,
    UPDATE,
    ReportedValue,
    StoryQuantity,
    report_hours,
    span,
)
from reader.stories.threads import THREAD_WINDOW_DAYS

#: The thread's other articles read at most (those nearest the story in time).
MAX_OTHER_ARTICLES = 60
#: The reports the thread's table lines up at most, the story's own included: the table pairs
#: every report with every other, so its cost grows with the square of the reports (400 news
#: reports took about half a second on a busy machine: thread_figures_eval.py --only scale).
MAX_THREAD_REPORTS = 400
#: The other stories' reports read at least, however many the story reports itself.
MIN_OTHER_REPORTS = 100
#: The thread's stories looked at most (latest first), before the time window bounds them.
MAX_THREAD_STORIES = 200


@dataclass(frozen=True)
class ThreadQuantity:
    """A background quantity of a thread: an entry of the thread's table, with the story
    each of its values comes from (aligned with ``entry.values``)."""

    entry: StoryQuantity
    value_stories: tuple[int, ...]

    @property
    def stories(self) -> tuple[int, ...]:
        """The stories its reports come from, in id order."""
        return tuple(sorted(set(self.value_stories)))

    @property
    def differing(self) -> bool:
        return self.entry.kind in FLAGGED


@dataclass(frozen=True)
class ThreadFigures:
    """A story's thread background quantities (those its own story reports first), and the
    articles their values come from."""

    quantities: tuple[ThreadQuantity, ...] = ()
    articles: tuple[ArticleRow, ...] = ()
    stories_read: int = 0  # the thread's stories whose reports were read (the story's too)


def thread_figures(
    store: Store,
    story: StoryRow,
    own_articles: Sequence[ArticleRow],
    reports_of: Callable[[Sequence[ArticleRow]], list[ReportedValue]],
) -> ThreadFigures:
    """The background quantities of ``story``'s thread (see the module docstring); nothing
    when the story is alone in its thread. ``reports_of`` reads articles' reports as the
    story table does (reader.stories.facade.story_reports)."""
    others = _stories_in_window(store, story)
    if not others:
        return ThreadFigures()
    story_of = {article.id: story.story_id for article in own_articles}
    members = story_store.story_article_ids(store, [row.story_id for row in others])
    for row in others:
        for article_id in members.get(row.story_id, []):
            story_of.setdefault(article_id, row.story_id)
    other_ids = [a for a, s in story_of.items() if s != story.story_id]
    other_rows = article_store.rows_by_ids(store, other_ids)
    articles = list(own_articles) + _nearest(other_rows, story, MAX_OTHER_ARTICLES)
    reports = _within_budget(reports_of(articles), articles, {a.id for a in own_articles})
    read = {story_of[r.article_id] for r in reports}
    if len(read) < 2:
        return ThreadFigures()
    quantities = background_quantities(reports, story_of)
    quantities.sort(key=lambda q: story.story_id not in q.value_stories)  # its own first
    used = {v.article_id for q in quantities for v in q.entry.values}
    return ThreadFigures(tuple(quantities), tuple(a for a in articles if a.id in used), len(read))


def background_quantities(
    reports: Sequence[ReportedValue], story_of: dict[int, int]
) -> list[ThreadQuantity]:
    """The entries of the table of ``reports`` (a thread's) reported by two or more stories
    (``story_of``: each article's story) about the same named things; see ``same_named``."""
    known = _known_names(r.sentence for r in reports)
    found: list[ThreadQuantity] = []
    for entry in figures_table(reports):
        if len({story_of[v.article_id] for v in entry.values}) < 2:
            continue
        kept = same_named(entry.values, story_of, known)
        if len(kept) == len(entry.values):
            found.append(_thread_quantity(entry, story_of))
            continue
        # Some stories count another named thing: line up the rest again without them.
        for again in figures_table(kept):
            if len({story_of[v.article_id] for v in again.values}) >= 2:
                found.append(_thread_quantity(again, story_of))
    return found


def _thread_quantity(entry: StoryQuantity, story_of: dict[int, int]) -> ThreadQuantity:
    value_stories = tuple(story_of[v.article_id] for v in entry.values)
    kind = thread_verdict(entry, value_stories)
    return ThreadQuantity(replace(entry, kind=kind), value_stories)


def thread_verdict(entry: StoryQuantity, value_stories: Sequence[int]) -> str:
    """How an entry's values compare across the thread's events (``value_stories``: the story
    of each value): the table's own verdict, except that a disagreement which is only the
    figure rising from one event to a later one is an update. Inside one event the reports
    must agree (or one outlet revise its own figure upwards); across events a later report
    may give more, a news day (SAME_TIME_HOURS) or more after another outlet's, never less."""
    if entry.kind != DISAGREEMENT:
        return entry.kind
    ordered = sorted(
        zip(entry.values, value_stories, strict=True), key=lambda pair: pair[0].published
    )
    hours = [report_hours(value.published) for value, _ in ordered]
    for n, (earlier, earlier_story) in enumerate(ordered):
        for m in range(n + 1, len(ordered)):
            later, later_story = ordered[m]
            if _overlap(earlier, later) or _revised_up(earlier, later):
                continue
            if later_story == earlier_story:
                return DISAGREEMENT  # outlets differ about one event
            if span(later.mention)[1] <= span(earlier.mention)[0]:
                return DISAGREEMENT  # a later event reports less
            if hours[m] - hours[n] < SAME_TIME_HOURS:
                return DISAGREEMENT  # two outlets differ at one time
    return UPDATE


def _overlap(a: ReportedValue, b: ReportedValue) -> bool:
    """Whether two reports' values (their rounding and qualifiers read as bounds) meet."""
    low_a, high_a = span(a.mention)
    low_b, high_b = span(b.mention)
    return (low_a, high_a) == (low_b, high_b) or (low_a < high_b and low_b < high_a)


def _revised_up(earlier: ReportedValue, later: ReportedValue) -> bool:
    """One outlet giving a higher figure in a later report (values are in report order)."""
    return earlier.feed_id == later.feed_id and span(later.mention)[0] >= span(earlier.mention)[1]


def same_named(
    values: Sequence[ReportedValue], story_of: dict[int, int], known: frozenset[str]
) -> list[ReportedValue]:
    """The values of the stories that count a quantity about the same named people, places
    or bodies. Each story's reports of it name some names (``report_names``); the name most
    of the naming stories write anchors the entry, and a story is kept when it names nobody
    (its reports are about the thread's situation), or names the anchor, or shares a name
    with every story kept by the anchor."""
    names: dict[int, set[str]] = defaultdict(set)
    for value in values:
        names[story_of[value.article_id]] |= report_names(value, known)
    named = {story: found for story, found in names.items() if found}
    if len(named) < 2:
        return list(values)
    counts = Counter(name for found in named.values() for name in found)
    anchor = min(counts, key=lambda name: (-counts[name], name))
    anchored = [found for found in named.values() if anchor in found]
    kept = {
        story
        for story, found in names.items()
        if not found or anchor in found or all(found & other for other in anchored)
    }
    return [v for v in values if story_of[v.article_id] in kept]


# A run of capitalised words ("Orlov Glassworks", "Glass and Ceramics Union" in two runs).
_NAME_RUN = re.compile(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*")
_OPENERS = frozenset(".!?…:;\n\"'“‘«([")


def _name_words(run: str) -> set[str]:
    """The words of a name run that name something, lowered ("Orlov Glassworks" gives orlov
    and glassworks: one report writes "Orlov", another "Orlov Glassworks")."""
    words = set()
    for word in run.split():
        base = _without_possessive(word.lower()).strip(".'’-")
        if len(base) >= 3 and base not in _NOT_NAMES and base not in _STOP:
            words.add(base)
    return words


def _capital_runs(sentence: str) -> Iterable[tuple[str, bool]]:
    """Each capitalised run of a sentence, and whether it opens the sentence."""
    for match in _NAME_RUN.finditer(sentence):
        before = sentence[: match.start()].rstrip(" \t")
        yield match.group(), not before or before[-1:] in _OPENERS


def _known_names(sentences: Iterable[str]) -> frozenset[str]:
    """The name words the thread's sentences write inside a sentence: those count even where
    they open one ("Orlov offered 4 per cent")."""
    known: set[str] = set()
    for sentence in sentences:
        for run, opening in _capital_runs(sentence):
            if not opening:
                known |= _name_words(run)
    return frozenset(known)


def report_names(value: ReportedValue, known: frozenset[str]) -> set[str]:
    """The names a report's sentence writes (each word of each name), with its subject: a
    capital opening the sentence counts only for a ``known`` name ("The", "Strikers" do not)."""
    names = {value.subject} if value.subject else set()
    for run, opening in _capital_runs(value.sentence):
        words = _name_words(run)
        if opening:
            first = _without_possessive(run.split()[0].lower()).strip(".'’-")
            if first not in known:
                words.discard(first)
        names |= words
    return names


def _stories_in_window(store: Store, story: StoryRow) -> list[StoryRow]:
    """The thread's other stories reported within the thread window of ``story``."""
    start, end = report_hours(story.first), report_hours(story.last)
    window = THREAD_WINDOW_DAYS * 24.0
    return [
        row
        for row in story_store.thread_neighbours(store, story, MAX_THREAD_STORIES)
        if report_hours(row.first) <= end + window and report_hours(row.last) >= start - window
    ]


def _nearest(rows: Sequence[ArticleRow], story: StoryRow, limit: int) -> list[ArticleRow]:
    """At most ``limit`` articles, those reported nearest the story's reports first."""
    start, end = report_hours(story.first), report_hours(story.last)

    def distance(row: ArticleRow) -> float:
        hours = report_hours(row.published or "")
        return max(start - hours, hours - end, 0.0)

    return sorted(rows, key=lambda r: (distance(r), r.id))[:limit]


def _within_budget(
    reports: list[ReportedValue], articles: Sequence[ArticleRow], own: set[int]
) -> list[ReportedValue]:
    """The story's own reports, and the other articles' (in ``articles``' order, nearest
    first) while they fit ``MAX_THREAD_REPORTS`` (at least ``MIN_OTHER_REPORTS``); an article
    of too many figures is passed over for the next."""
    with_value = Counter(r.article_id for r in reports if r.mention.value is not None)
    budget = max(MIN_OTHER_REPORTS, MAX_THREAD_REPORTS - sum(with_value[a] for a in own))
    kept = set(own)
    for article in articles:
        if article.id in own or with_value[article.id] > budget:
            continue
        budget -= with_value[article.id]
        kept.add(article.id)
    return [r for r in reports if r.article_id in kept]
