"""The library's conflicts, taken from the stories' figures tables: one source of truth.

A conflict is an entry of a story's figures table (reader.stories.figure_entries, from the
scored pairs of its pair model) whose values differ: kind "disagreement" (outlets differ at
one time) or "update" (a figure revised with report time), as the table says. So the Figures
view and ``feedlens figures`` list exactly what a story's screen flags, with the same reports
and counts, and never join reports of two stories. Each story's conflicts are cached among
the figure groups under its own bucket (reader.store.story_groups.story_bucket); after a drain
only the stories holding a changed article (now, or among their cached conflicts) are built
again (``regroup_stories``); a whole pass builds every story of two or more articles, and those
as many, in two worker processes where it may (reader/stories/story_tables_pool.py).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.figures.compare import FigureGroup
from reader.models import ArticleRow
from reader.store import articles as article_store
from reader.store import figures as figure_store
from reader.store import stories as story_store
from reader.store import story_groups as group_store
from reader.store.db import Store
from reader.stories import time_units
from reader.stories.figures import FLAGGED, ReportedValue, StoryQuantity

if TYPE_CHECKING:  # the facade loads this module
    from reader.stories.facade import ArticlesRead

# Stories built per read of their articles: bounds memory on a whole pass at a million.
_BATCH = 200
#: A story's table (``story_table``: its screen, the Stories list, the Figures view) is read
#: from its newest articles, at most this many, and from their newest reports, at most
#: MAX_STORY_REPORTS: a table scores pairs of its reports, so a story of thousands of articles
#: (a benchmark's synthetic library holds one of 8,000) would take minutes and gigabytes, and
#: a refresh joining it seconds. The newest reports are those a reader compares. Real
#: full-text stories reach the reports' budget first: two of the 66 development stories of
#: the news clusters hold 428 and 458 reports (11 and 13 articles), so 400 cut a flag of one;
#: a table of 428 reports takes 0.38 s of CPU, of 886 1.4 s (scored pairs grow with the
#: square of a story's reports of one kind).
MAX_STORY_ARTICLES = 200
MAX_STORY_REPORTS = 800
#: A whole pass of this many stories builds their tables in worker processes: a table takes
#: some milliseconds, a worker some hundred to start (forked from the fork server).
PARALLEL_STORIES = 400


@dataclass(frozen=True)
class StoryTable:
    """A story's figures table as every view reads it (the story's screen, the Stories list's
    counts, the Figures view's conflicts): from its newest articles within the budgets, so
    the three never differ. ``articles_read`` of ``articles`` had their reports read."""

    table: tuple[StoryQuantity, ...]
    articles_read: int
    articles: int

    @property
    def whole(self) -> bool:
        """Whether every article's reports were read (the budgets did not cut it)."""
        return self.articles_read == self.articles

    @property
    def conflicts(self) -> int:
        """How many of its entries the Figures view lists as conflicts (``is_conflict``)."""
        return sum(1 for entry in self.table if is_conflict(entry))


def story_table(
    store: Store, articles: Sequence[ArticleRow], texts: ArticlesRead | None = None
) -> StoryTable:
    """The figures table of a story of these articles: the reports of its newest
    MAX_STORY_ARTICLES articles, whole articles at a time while they fit MAX_STORY_REPORTS
    (the newest article's always). The one place the story's screen, the Stories list and
    the Figures view read a table from: a tester counted 23 conflicts in the Figures view
    against 26 flags in the Stories view when only the Figures view kept to the budgets.
    ``texts``: the articles' texts and figures read already (a batch of stories at once)."""
    from reader.stories.facade import story_reports
    from reader.stories.figure_entries import figures_table

    newest = _newest(list(articles))
    reports = story_reports(store, newest, texts)
    kept = _within_budget(reports, newest)
    if len(kept) == len(reports):
        read = len(newest)
    else:
        # Articles are kept whole, newest first: those whose reports were left out are older.
        left_out = {r.article_id for r in reports} - {r.article_id for r in kept}
        read = len(newest) - len(left_out)
    return StoryTable(tuple(figures_table(kept)), read, len(articles))


def is_conflict(entry: StoryQuantity) -> bool:
    """Whether a table's entry is a conflict (listed in the Figures view, counted as a flag
    in the Stories list): flagged as differing (a disagreement or an update, not values it
    only groups, "differs"), reported by two or more articles."""
    return entry.kind in FLAGGED and entry.articles >= 2


def story_conflicts(story_id: int, table: Sequence[StoryQuantity]) -> list[FigureGroup]:
    """The conflicts of one story's figures table (``is_conflict``)."""
    return [_conflict(story_id, entry) for entry in table if is_conflict(entry)]


def _conflict(story_id: int, entry: StoryQuantity) -> FigureGroup:
    values = sorted(entry.values, key=lambda v: (v.published, v.mention_id))
    lowest = min(values, key=_value_of)
    dates = [v.published for v in values if v.published]
    return FigureGroup(
        kind="conflict",
        label=conflict_label(entry),
        value=_value_of(lowest),
        unit=lowest.mention.unit,
        noun=lowest.mention.noun,
        mention_ids=tuple(v.mention_id for v in values),
        articles=entry.articles,
        feeds=entry.feeds,
        bucket=group_store.story_bucket(story_id),
        first_date=min(dates, default=""),
        last_date=max(dates, default=""),
        verdict=entry.kind,
    )


def _value_in(report: ReportedValue, unit: str) -> float:
    """A report's value in ``unit`` where it is a duration compared in days (its own else)."""
    value = time_units.in_unit(report, unit)
    return float(value) if value is not None else _value_of(report)


def _value_of(report: ReportedValue) -> float:
    mention = report.mention
    return float(mention.value if mention.value is not None else mention.low or 0.0)


def conflict_label(entry: StoryQuantity) -> str:
    """The values, fewest first, and the quantity as the story's table names it, phrased as
    the figure groups are (reader.figures.compare): "4,500 vs 5,000 workers evacuated" for a
    count, "magnitude 7.5 vs magnitude 7.8 earthquake", "$2 vs $3 billion · cost", "a week vs
    nine days · time"."""
    # Durations written in two units are compared in one ("24 hours" and "a day" are one
    # value) but named as an outlet wrote them: "a week vs nine days", not "1 week vs 1.29
    # weeks", which no outlet wrote (a tester read it as a conversion error).
    unit = time_units.common_unit(entry)
    figure = " vs ".join(_shown_values(entry.values, unit))
    first = entry.values[0].mention
    name = entry.row_name
    if first.kind == "count":
        return f"{figure} {name}"
    if first.rate:
        figure = f"{figure} {first.rate}"
    if first.unit == "magnitude":
        nouns = Counter(v.mention.noun_text for v in entry.values if v.mention.noun_text)
        noun = nouns.most_common(1)[0][0] if nouns else ""
        return f"{figure} {noun}" if noun else figure  # as a person says it
    return f"{figure} · {name}" if name and name != first.unit else figure


def _shown_values(values: Sequence[ReportedValue], unit: str) -> list[str]:
    """The values a conflict's label names, lowest first: one written form per set of
    reports that agree (figure_entries' reading: spans overlap, in one unit: "2000ft (609
    metres)" and "about 600m" are one fall, "some 700 metres" another), so a label shows the
    values outlets differ on, never one article's figure beside its own conversion. Where
    every report agrees with every other but the entry is flagged on values too loose to
    set apart, each written value is shown as before."""
    forms: list[tuple[str, str]] = []  # (key, shown) per report, as written
    for report in values:
        converted = time_units.value_in_unit(report, unit)
        forms.append(
            (converted or _written(report), report.mention.text if converted else _written(report))
        )
    sets = _agreeing_sets(values)
    if len(sets) < 2:
        sets = [[i] for i in range(len(values))]
    shown: list[str] = []
    ordered = sorted(sets, key=lambda s: min(_value_in(values[i], unit) for i in s))
    for members in ordered:
        counts = Counter(forms[i][0] for i in members)
        key = counts.most_common(1)[0][0]
        text = next(forms[i][1] for i in members if forms[i][0] == key)
        if text not in shown:
            shown.append(text)
    return shown


def _agreeing_sets(values: Sequence[ReportedValue]) -> list[list[int]]:
    """The reports (indices) in sets that agree with one another (single link on
    figure_entries' agreement, values compared in one unit); a loose bound ("more than
    200,000") sets no value: it joins no set, and is shown alone only where it agrees with
    none."""
    from reader.stories.figure_entries import values_agree
    from reader.stories.figure_pairs import view

    views = [view(report) for report in values]
    loose = [v.report.mention.bound in ("lower", "upper") for v in views]
    parent = list(range(len(views)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    firm = [i for i in range(len(views)) if not loose[i]]
    for n, i in enumerate(firm):
        for j in firm[n + 1 :]:
            if values_agree(views[i], views[j]):
                parent[root(j)] = root(i)
    sets: dict[int, list[int]] = {}
    for i in firm:
        sets.setdefault(root(i), []).append(i)
    for i in range(len(views)):
        if loose[i] and not any(values_agree(views[i], views[j]) for j in firm):
            sets[i] = [i]
    return list(sets.values())


def _written(report: ReportedValue) -> str:
    # Imported here: the reader loads this module before the extractor.
    from reader.figures.extract import format_value
    from reader.figures.written import shown_value

    mention = report.mention
    if mention.high is not None and mention.low is not None:
        low = format_value(mention.low, mention.kind, mention.unit)
        return f"{low}–{format_value(mention.high, mention.kind, mention.unit)}"
    if mention.value is None:
        return mention.text
    return shown_value(mention.value, mention.kind, mention.unit, mention.text)


def build_stories(store: Store, story_ids: Iterable[int]) -> Iterator[FigureGroup]:
    """The conflicts of these stories, read a batch of stories at a time. A story read whole
    (within both budgets) also keeps its table's counts, as the Stories list counts them
    (StoryFacade.ranked), so the list and the thread marks after a drain do not build the
    same table again."""
    ids = sorted(set(story_ids))
    for first in range(0, len(ids), _BATCH):
        conflicts, counted = batch_conflicts(store, ids[first : first + _BATCH])
        yield from conflicts
        story_store.save_figure_counts(store, counted)


def batch_conflicts(
    store: Store, story_ids: Sequence[int]
) -> tuple[list[FigureGroup], dict[int, tuple[int, int]]]:
    """The conflicts of a batch of stories, and the counts of each (as the Stories list
    shows them: the same table, ``story_table``)."""
    from reader.stories.facade import read_articles

    members = {
        story_id: article_ids
        for story_id, article_ids in story_store.story_article_ids(store, list(story_ids)).items()
        if len(article_ids) >= 2
    }
    # The batch's articles in three statements, not three per story.
    rows = {a.id: a for a in article_store.rows_by_ids(store, sorted(_all(members)))}
    newest = {
        story_id: _newest([rows[i] for i in article_ids if i in rows])
        for story_id, article_ids in members.items()
    }
    texts = read_articles(store, sorted({a.id for found in newest.values() for a in found}))
    conflicts: list[FigureGroup] = []
    counted: dict[int, tuple[int, int]] = {}
    for story_id in sorted(members):
        articles = [rows[i] for i in members[story_id] if i in rows]
        read = story_table(store, articles, texts)
        counted[story_id] = (len(read.table), read.conflicts)
        conflicts.extend(story_conflicts(story_id, read.table))
    return conflicts, counted


def _all(members: dict[int, list[int]]) -> set[int]:
    return {article_id for article_ids in members.values() for article_id in article_ids}


def whole_pass_processes(stories: int) -> int:
    """Worker processes a whole pass of ``stories`` stories builds their tables in: one per
    core, up to two, from PARALLEL_STORIES stories on; none in a daemonic process (the
    reader's analysis child), which may start no process of its own."""
    if stories < PARALLEL_STORIES or multiprocessing.current_process().daemon:
        return 0
    return min(2, os.cpu_count() or 1)


def _newest(articles: list[ArticleRow]) -> list[ArticleRow]:
    """The story's newest MAX_STORY_ARTICLES articles, in the order given."""
    if len(articles) <= MAX_STORY_ARTICLES:
        return articles
    newest = sorted(articles, key=lambda a: (a.published or "", a.id))[-MAX_STORY_ARTICLES:]
    kept = {a.id for a in newest}
    return [a for a in articles if a.id in kept]


def _within_budget(
    reports: list[ReportedValue], articles: Sequence[ArticleRow]
) -> list[ReportedValue]:
    """The reports of the story's newest articles, whole articles at a time, while they fit
    MAX_STORY_REPORTS (the newest article's reports always)."""
    if len(reports) <= MAX_STORY_REPORTS:
        return reports
    by_article: dict[int, int] = {}
    for report in reports:
        by_article[report.article_id] = by_article.get(report.article_id, 0) + 1
    kept: set[int] = set()
    total = 0
    for article in sorted(articles, key=lambda a: (a.published or "", a.id), reverse=True):
        count = by_article.get(article.id, 0)
        if kept and total + count > MAX_STORY_REPORTS:
            break
        kept.add(article.id)
        total += count
    return [r for r in reports if r.article_id in kept]


def all_story_groups(store: Store, processes: int | None = None) -> list[FigureGroup]:
    """Every story's conflicts (a whole pass): in ``processes`` worker processes (by default
    one per core, up to two) when there are enough stories to repay starting them and this
    process may start any (see ``whole_pass_processes``); the same conflicts either way."""
    with all_story_groups_started(store, processes) as conflicts:
        return conflicts()


@contextmanager
def all_story_groups_started(
    store: Store, processes: int | None = None
) -> Iterator[Callable[[], list[FigureGroup]]]:
    """``all_story_groups`` started: in worker processes, the tables are built while the
    caller does other work (the library's same-figure groups, which would otherwise leave a
    core idle before the pass), and the function given waits for their conflicts. In one
    process, the function builds them."""
    ids = group_store.stories_with_articles(store)
    workers = whole_pass_processes(len(ids)) if processes is None else processes
    if workers < 2:
        yield lambda: list(build_stories(store, ids))
        return
    from reader.stories.story_tables_pool import TablesInProcesses

    with TablesInProcesses(store, ids, workers, _BATCH) as tables:
        yield tables.conflicts


@dataclass
class StoriesRegrouped:
    """The story buckets to empty and the conflicts that replace them."""

    buckets: list[str] = field(default_factory=list)
    groups: list[FigureGroup] = field(default_factory=list)


def regroup_stories(store: Store, moved_upto: int, removed_upto: int) -> StoriesRegrouped:
    """The conflicts of the stories changed since the groups were built: every story holding
    an article whose figures or story changed, and every story whose cached conflicts hold
    one (the story it left). Read before the groups are written, with the marks read before
    grouping started (as reader.stories.group_updates does)."""
    changed = group_store.changed_articles(
        store,
        moved_upto,
        figure_store.grouped_mention_mark(store),
        removed_upto,
        figure_store.INCREMENTAL_LIMIT,
    )
    if changed is None:  # so many changed: every story again
        return StoriesRegrouped(group_store.story_buckets(store), all_story_groups(store))
    articles, removed = changed
    if not articles:
        return StoriesRegrouped()
    now_in = story_store.stories_of_articles(store, list(articles))
    stories = {story for story, _ in now_in.values()}
    left = group_store.buckets_holding(store, sorted(articles), removed)
    buckets = {group_store.story_bucket(story) for story in stories} | left
    prefix = group_store.STORY_BUCKET_PREFIX
    stories |= {int(bucket.removeprefix(prefix)) for bucket in left}
    return StoriesRegrouped(sorted(buckets), stories_conflicts(store, stories))


def stories_conflicts(
    store: Store, story_ids: Iterable[int], processes: int | None = None
) -> list[FigureGroup]:
    """The conflicts of these stories (``build_stories``'), in ``processes`` worker processes
    (by default, where there are as many as a whole pass would start them for: a large drain
    among known stories changes thousands): the same conflicts, in the same order, and the
    same counts written, either way."""
    ids = sorted(set(story_ids))
    workers = whole_pass_processes(len(ids)) if processes is None else processes
    if workers < 2:
        return list(build_stories(store, ids))
    from reader.stories.story_tables_pool import conflicts_in_processes

    return conflicts_in_processes(store, ids, workers, _BATCH)
