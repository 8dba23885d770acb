"""The library's stories, as the reader and the CLI ask for them (``Library.stories``).

Listing stories (ranked by how many outlets cover them with texts of their own, the voices of
reader.stories.voices, then by feeds and their last report; stories of one voice, a single
feed's or many feeds' copies of one text, rank last and the reader hides them), one story
with its articles and figures table, keeping stories current (incremental assignment of what
is pending) and rebuilding them whole. Everything here reads or writes through the store.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reader.errors import NotFoundError
from reader.figures.titles import sentence_of
from reader.models import ArticleRow
from reader.store import articles as article_store
from reader.store import figures as figure_store
from reader.store import stories as story_store
from reader.store import story_dates, story_list, story_lock, story_voices
from reader.store import story_groups as group_store
from reader.store.articles import ArticleFilter
from reader.store.db import Store
from reader.store.stories import StoryRow
from reader.store.story_list import FoldedRow
from reader.stories import service, story_filter, thread_marks
from reader.stories.figures import (
    AGREE,
    DIFFERS,
    UPDATE,
    ReportedValue,
    StoryQuantity,
    read_report,
    story_names,
    written_year,
)
from reader.stories.quantities import elided_things
from reader.stories.story_groups import StoryTable, is_conflict, story_table
from reader.stories.thread_figures import ThreadFigures, thread_figures
from reader.stories.voices import VoiceText, distinct_voices

# A folded view's rows read this recently serve a count too: opening an article finds its row
# and then counts the view, and both would read the whole view (seconds at 1M).
FOLDED_FRESH_SECONDS = 3.0
# Rounds of counting voices for one listing (each counts the stories that reached the part
# asked for): a bound on one listing's work where most stories of several feeds are copies
# of one text (they sink, and more rise to be counted); the rest are counted at the next
# listings, ranked by their feeds meanwhile. Also ends a listing whose stories an assigner
# keeps changing between their count and its write.
VOICE_ROUNDS = 5


@dataclass(frozen=True)
class StorySummary:
    """A story as the Stories list shows it."""

    row: StoryRow
    articles: tuple[ArticleRow, ...]
    figures: int
    differing: int
    counted: bool = True  # False: its figures are not counted yet (figures, differing: 0)
    # Outlets whose texts differ (reader.stories.voices); its feeds while not counted yet.
    voices: int = 0
    # How many of the ``differing`` are updates (a figure revised with report time), as the
    # Figures view marks them: a story whose differing figures are all updates is marked ↑.
    updates: int = 0

    @property
    def only_updates(self) -> bool:
        """Whether every figure of the story that differs is an update (none disagrees)."""
        return 0 < self.differing <= self.updates


@dataclass(frozen=True)
class StoryDetail:
    """One story: its articles (oldest first), its figures table, and the other stories of
    its thread (the developing situation it belongs to), latest first, with the thread's
    background quantities (reader.stories.thread_figures)."""

    row: StoryRow
    articles: tuple[ArticleRow, ...]
    table: tuple[StoryQuantity, ...]
    thread: tuple[StoryRow, ...] = ()
    thread_figures: ThreadFigures = field(default_factory=ThreadFigures)
    # How many of its articles (the newest) the table reads: a story past the budgets of
    # reader.stories.story_groups.story_table is read from its newest; None: every one.
    table_articles: int | None = None

    @property
    def table_cut(self) -> bool:
        """Whether the figures table reads only the newest of the story's articles."""
        return self.table_articles is not None and self.table_articles < len(self.articles)


#: How a story's figures are read: what a fact-checker came for first (outlets that disagree,
#: then figures revised), then low-confidence ones and agreeing ones; within a kind, the
#: table's own order (the most widely reported first). A tester missed a disagreement listed
#: 15th among agreeing figures.
_READING_RANK = {UPDATE: 1, DIFFERS: 2, AGREE: 3}


def reading_order(table: Sequence[StoryQuantity]) -> tuple[StoryQuantity, ...]:
    """A story's figures table as the reader and ``stories ID`` show it: disagreements first
    (any kind not ranked is one), then updates, "differs", agreeing figures."""
    ranked = sorted(range(len(table)), key=lambda i: (_READING_RANK.get(table[i].kind, 0), i))
    return tuple(table[i] for i in ranked)


def _renewing(
    renew: Callable[[], None], progress: Callable[[int, int], None] | None
) -> Callable[[int, int], None]:
    """A progress callback that renews the assigner's lease each batch, then reports."""

    def report(done: int, total: int) -> None:
        renew()
        if progress is not None:
            progress(done, total)

    return report


class StoryFacade:
    """Stories of one library."""

    def __init__(self, store: Store) -> None:
        self.store = store
        # The last folded view counted, its rows (article, story key) in order and when: the
        # list the reader shows pages of, until it counts again (a reload, another view).
        self._folded: tuple[ArticleFilter, list[tuple[int, int]], float] | None = None

    def pending(self) -> int:
        """How many articles wait for a story (new, or changed since)."""
        return len(story_store.pending_article_ids(self.store))

    def update(self, progress: Callable[[int, int], None] | None = None, wait: bool = True) -> int:
        """Assign every new or changed article to a story; returns how many. Waits for any
        other process assigning (reader.store.story_lock), then finds what is pending; with
        ``wait`` false, returns 0 at once instead where another assigner is at work."""
        with story_lock.assigning(self.store, wait) as renew:
            if renew is None:
                return 0
            return service.update_stories(self.store, _renewing(renew, progress))

    def rebuilding(self) -> tuple[int, int] | None:
        """(articles assigned, articles) while the analysis stage assigns every story again
        after an upgrade; None otherwise (at once: two state reads)."""
        return service.rebuild_progress(self.store)

    def assign(self, article_ids: Sequence[int]) -> int:
        """Assign these new or changed articles (the analysis step); returns stories changed."""
        with story_lock.assigning(self.store):
            return service.assign_stories(self.store, article_ids)

    def rebuild(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Forget every story and assign the whole library again; returns how many stories."""
        with story_lock.assigning(self.store) as renew:
            assert renew is not None  # waited for
            return service.rebuild_stories(self.store, _renewing(renew, progress))

    def count(self, min_articles: int = 2, min_voices: int = 1) -> int:
        """Stories with at least ``min_articles`` articles and ``min_voices`` voices (a story
        whose voices are not counted yet counts by its feeds)."""
        return story_voices.count_stories(self.store, min_articles, min_voices)

    def ranked(
        self,
        min_articles: int = 2,
        limit: int | None = None,
        offset: int = 0,
        with_articles: bool = True,
        count_figures: bool = True,
        min_voices: int = 1,
    ) -> list[StorySummary]:
        """Stories with at least ``min_articles`` articles (and ``min_voices`` voices), the
        most voices first (outlets whose texts differ), then the most feeds, then newest.
        Their figure counts are read from the store (counted once after a story changes);
        ``with_articles`` False leaves the articles out (the reader's list needs none);
        ``count_figures`` False leaves stories not counted yet uncounted (a first screen), their
        figures and their voices (ranked by their feeds meanwhile)."""
        # A first screen lists stories not counted yet by their feeds (their texts unread).
        ranked = self._ranked_by_voices(min_articles, min_voices, limit, offset, count_figures)
        rows = [row for row, _ in ranked]
        voices = {row.story_id: count for row, count in ranked}
        uncounted = [r.story_id for r in rows if r.figures is None] if count_figures else []
        wanted = [r.story_id for r in rows] if with_articles else uncounted
        members = story_store.story_article_ids(self.store, wanted)
        articles = {
            story_id: tuple(article_store.rows_by_ids(self.store, ids))
            for story_id, ids in members.items()
        }
        counted: dict[int, tuple[int, int]] = {}
        updated: dict[int, int] = {}  # the stories counted here: their updates, from the table
        for story_id in uncounted:
            read = self._table(articles[story_id])
            counted[story_id] = (len(read.table), read.conflicts)
            updated[story_id] = sum(1 for q in read.table if is_conflict(q) and q.kind == UPDATE)
        story_store.save_figure_counts(self.store, counted)
        updates = self._updates([r for r in rows if r.differing and r.story_id not in counted])
        updates.update(updated)
        summaries = []
        for row in rows:
            figures, differing = counted.get(row.story_id, (row.figures or 0, row.differing or 0))
            known = row.figures is not None or row.story_id in counted
            summaries.append(
                StorySummary(
                    row,
                    articles.get(row.story_id, ()),
                    figures,
                    differing,
                    known,
                    voices[row.story_id],
                    updates.get(row.story_id, 0),
                )
            )
        return summaries

    def _updates(self, rows: Sequence[StoryRow]) -> dict[int, int]:
        """How many of these stories' differing figures are updates, read from their cached
        conflicts: the groups the Figures view lists, so both views mark a story alike."""
        return group_store.update_counts(self.store, [row.story_id for row in rows])

    def _ranked_by_voices(
        self, min_articles: int, min_voices: int, limit: int | None, offset: int, count: bool
    ) -> list[tuple[StoryRow, int]]:
        """The part of the ranking asked for, every story in it (and above it) with its voices
        counted: a story not counted yet stands by its feeds, never fewer than its voices, so
        counting the ones that reach this part can only move them down; read again until every
        story in it is counted (each round counts stories never counted before)."""
        wanted = None if limit is None else offset + limit
        for _ in range(VOICE_ROUNDS if count else 1):
            ranked = story_voices.ranked_stories(self.store, min_articles, min_voices, wanted)
            uncounted = [row for row, voices in ranked if voices is None and row.feeds > 1]
            if not uncounted or not count:
                break
            story_voices.save_voices(self.store, self._voices_of(uncounted))
        return [(row, row.feeds if v is None else v) for row, v in ranked][offset:]

    def _voices_of(self, rows: Sequence[StoryRow]) -> list[tuple[StoryRow, int]]:
        members = story_store.story_article_ids(self.store, [row.story_id for row in rows])
        # One read of every member's text for the round, not one a story.
        texts = {
            t.article_id: VoiceText(t.feed_id, t.title, t.text)
            for t in story_store.article_texts(
                self.store, [i for ids in members.values() for i in ids]
            )
        }
        counted = []
        for row in rows:
            ids = members.get(row.story_id, [])
            voices = distinct_voices([texts[i] for i in ids if i in texts])
            counted.append((row, max(voices, 1)))  # listed as it was, whatever its texts
        return counted

    def filter_texts(self, min_articles: int = 2) -> story_filter.StoryTexts:
        """Every listed story's title and feeds' names, for the list's filter (one pass over
        the multi-article stories: read it off the interface's thread; kept until the stories
        or feeds change, story_filter.kept_story_texts)."""
        return story_filter.kept_story_texts(self.store, min_articles)

    def filtered(self, query: str, texts: story_filter.StoryTexts) -> list[StorySummary]:
        """The stories a filter finds among ``texts`` (title fuzzily, feeds' names, or both),
        best first, as the list shows them (their counts as stored: nothing is counted)."""
        ids = story_filter.rank_stories(query, texts)
        found = story_store.stories_with_voices(self.store, ids)
        updates = self._updates([row for row, _ in found if row.differing])
        return [
            StorySummary(
                row,
                (),
                row.figures or 0,
                row.differing or 0,
                row.figures is not None,
                voices,
                updates.get(row.story_id, 0),
            )
            for row, voices in found
        ]

    def last_dated(self, rows: Sequence[StoryRow]) -> dict[int, str]:
        """Each listed story's last report time among its dated articles ("" when none of
        its articles carries a date: reader.store.story_dates)."""
        return story_dates.last_dated(self.store, rows)

    def thread_differing(self, rows: Sequence[StoryRow]) -> dict[int, int]:
        """For listed stories in a thread of two or more: how many of the thread's background
        quantities differ, as the story's screen lists them (reader.stories.thread_marks;
        counted once per change of the thread)."""
        return thread_marks.thread_differing(self.store, rows, self._thread_differing_of)

    def mark_threads(self, limit: int = thread_marks.MARKED_AHEAD) -> int:
        """Count the thread marks of the first ``limit`` ranked stories ahead of the Stories
        view (their figures counted first, as the view counts them, so the threads' stamps are
        those it will read); returns how many stories are marked."""
        rows = [summary.row for summary in self.ranked(limit=limit, with_articles=False)]
        return len(self.thread_differing(rows))

    def _thread_differing_of(self, row: StoryRow) -> int:
        ids = story_store.story_article_ids(self.store, [row.story_id]).get(row.story_id, [])
        articles = article_store.rows_by_ids(self.store, ids)
        background = thread_figures(
            self.store, row, articles, lambda a: story_reports(self.store, a)
        )
        return sum(1 for quantity in background.quantities if quantity.differing)

    def get(self, story_id: int) -> StoryDetail:
        """One story with its articles and figures table."""
        row = story_store.get_story(self.store, story_id)
        if row is None:
            raise NotFoundError(f"no story {story_id}")
        ids = story_store.story_article_ids(self.store, [story_id]).get(story_id, [])
        articles = tuple(article_store.rows_by_ids(self.store, ids))
        thread = tuple(story_store.thread_neighbours(self.store, row))
        background = (
            thread_figures(self.store, row, articles, lambda a: story_reports(self.store, a))
            if thread
            else ThreadFigures()
        )
        read = self._table(articles)
        return StoryDetail(
            row, articles, reading_order(read.table), thread, background, read.articles_read
        )

    def folded(
        self, view: ArticleFilter, ranked: Sequence[int] | None, offset: int, limit: int
    ) -> list[FoldedRow]:
        """A page of the article list with each story folded to one row (its first article
        in the view's order, with how many more the view holds, from how many feeds, how many
        unread). ``ranked``: a search view's results, best first (None for other views)."""
        if ranked is not None:
            return story_list.folded_search(self.store, ranked, offset, limit)
        heads = self._heads(view, compute=False) if offset else None
        if heads is None:  # the first page, or not counted yet: read from the top of the view
            return story_list.list_folded(self.store, view, offset, limit)
        return story_list.rows_of_heads(self.store, view, heads[offset : offset + limit])

    def count_folded(self, view: ArticleFilter, ranked: Sequence[int] | None) -> int:
        """Rows of the folded list: its stories and the articles in none. Counting reads the
        whole view once (seconds at 1M): pages and positions are then read from that."""
        if ranked is not None:
            return story_list.count_folded_search(self.store, ranked)
        kept = self._folded
        if kept is None or time.monotonic() - kept[2] > FOLDED_FRESH_SECONDS:
            self._folded = None  # counted again: the library may have changed
        heads = self._heads(view, compute=True)
        return len(heads or [])

    def folded_position(
        self, view: ArticleFilter, ranked: Sequence[int] | None, article_id: int
    ) -> int | None:
        """The row of the folded list that holds an article (its story's row)."""
        if ranked is not None:
            return story_list.folded_search_position(self.store, ranked, article_id)
        heads = self._heads(view, compute=True) or []
        key = story_list.story_key_of(self.store, article_id)
        return next((i for i, (_, story) in enumerate(heads) if story == key), None)

    def _heads(self, view: ArticleFilter, compute: bool) -> list[tuple[int, int]] | None:
        kept = self._folded
        if kept is not None and kept[0] == view:
            return kept[1]
        if not compute:
            return None
        heads = story_list.folded_heads(self.store, view)
        self._folded = (view, heads, time.monotonic())
        return heads

    def of_articles(self, article_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
        """Each article's (story id, thread id)."""
        return story_store.stories_of_articles(self.store, article_ids)

    def _table(self, articles: Sequence[ArticleRow]) -> StoryTable:
        # The Figures view's conflicts are read from the same table (story_groups.story_table).
        return story_table(self.store, articles)


@dataclass(frozen=True)
class ArticlesRead:
    """The texts and figures of many stories' articles, read at once (a whole pass reads a
    batch of stories in two statements, not two per story): what ``story_reports`` reads."""

    texts: dict[int, str]
    figures: dict[int, list[figure_store.StoredFigure]]  # by article, in figures_of_articles' order


def read_articles(store: Store, article_ids: Sequence[int]) -> ArticlesRead:
    """``ArticlesRead`` of these articles."""
    ids = sorted(set(article_ids))
    texts = {t.article_id: t.text for t in story_store.article_texts(store, ids)}
    figures: dict[int, list[figure_store.StoredFigure]] = {}
    for figure in figure_store.figures_of_articles(store, ids):
        figures.setdefault(figure.article_id, []).append(figure)
    return ArticlesRead(texts, figures)


def story_reports(
    store: Store, articles: Sequence[ArticleRow], read: ArticlesRead | None = None
) -> list[ReportedValue]:
    """Every stored figure of these articles as a story's table reads it: with its sentence
    (a headline's figure reads the title), its subject, form, names and words. The table and
    the trainer of its pair models (tests/perf/train_figure_pairs.py) read reports the same way.
    ``read``: their texts and figures read already (``read_articles``), else read here."""
    by_id = {a.id: a for a in articles}
    if read is None:
        read = read_articles(store, list(by_id))
    texts = {i: read.texts[i] for i in by_id if i in read.texts}
    # Article by article (figures_of_articles orders by article id), in text order.
    figures = [f for i in sorted(by_id) for f in read.figures.get(i, ())]
    sentences = [  # a headline's figure reads its sentence in the title
        sentence_of(f.mention, by_id[f.article_id].title, texts.get(f.article_id, ""))
        for f in figures
    ]
    known = story_names(sentences)
    mentions = elided_things([figure.mention for figure in figures])
    # Only the articles with figures: the year is read for their reports alone.
    years = {
        a.id: written_year(f"{a.title}\n{texts.get(a.id, '')}", a.published or "")
        for a in (by_id[article_id] for article_id in {f.article_id for f in figures})
    }
    reports = []
    for figure, mention, sentence in zip(figures, mentions, sentences, strict=True):
        article = by_id[figure.article_id]
        ids = (figure.id, figure.article_id, article.feed_id)
        published = article.published or ""
        year = years[article.id]
        reports.append(read_report(ids, published, mention, sentence, known, year))
    return reports
