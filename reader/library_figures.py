"""The facade's figure methods: an article's figures, the same-figure groups and conflicts (built,
brought up to date, read), and extracting again after an extractor upgrade. ``Library``
inherits them; the UI and CLI call them like any other facade method.

Kept apart from library.py so the facade stays one readable file per concern; the work itself
is reader/figures/ and reader/store/figures.py's.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader.errors import LibraryError
from reader.models import Article
from reader.store import figures as figure_store
from reader.store.analysis_queue import AnalysisProgress
from reader.store.db import Store

if TYPE_CHECKING:  # grouping loads with the methods that group (reader.stories)
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from reader.figures.compare import FigureGroup
    from reader.store.figure_filter import GroupText
    from reader.store.figures import StoredFigure
    from reader.stories.facade import StoryFacade

# Past this many figure mentions (about 50,000 articles) the reader regroups in a child process.
GROUP_APART_MENTIONS = 300_000


class FiguresFacade:
    """Methods of ``Library`` about figures."""

    # Set by Library.__init__ and its other parts.
    path: Path
    store: Store
    _grouping: threading.Lock
    _apart_above: int | None
    _children: set[BaseProcess]
    _stopping: threading.Event
    article: Callable[[int], Article]
    analysis_progress: Callable[[], AnalysisProgress]
    queue_unanalysed: Callable[[], int]

    if TYPE_CHECKING:  # Library.stories: made when first asked for

        @property
        def stories(self) -> StoryFacade: ...

    def article_figures(self, article_id: int) -> list[StoredFigure]:
        """One article's figure mentions, in text order."""
        return figure_store.article_figures(self.store, article_id)

    def figure_groups(
        self, min_articles: int = 2, offset: int = 0, limit: int | None = None
    ) -> list[FigureGroup]:
        """Same-figure groups and conflicts, conflicts first; brought up to date first."""
        if not figure_store.groups_are_current(self.store):
            self.update_figure_groups()
        return figure_store.load_groups(self.store, offset, limit, max(min_articles, 2))

    def figure_groups_current(self) -> bool:
        """Whether the cached groups include every figure change."""
        return figure_store.groups_are_current(self.store)

    def cached_figure_groups(
        self, min_articles: int = 2, limit: int | None = None
    ) -> list[FigureGroup]:
        """The groups as last built, even if figures changed since."""
        return figure_store.load_groups(self.store, 0, limit, max(min_articles, 2))

    def count_figure_groups(self, min_articles: int = 2) -> tuple[int, int]:
        """(groups, conflicts) as last built."""
        return figure_store.count_groups(self.store, max(min_articles, 2))

    def count_figure_updates(self, min_articles: int = 2) -> int:
        """How many of those conflicts are updates, as last built."""
        return figure_store.count_updates(self.store, max(min_articles, 2))

    def figure_group_labels(self, min_articles: int = 2) -> list[tuple[int, str]]:
        """(id, label) of every cached group, in listing order."""
        return figure_store.group_labels(self.store, max(min_articles, 2))

    def figure_group_texts(self, min_articles: int = 2) -> list[GroupText]:
        """Every cached group's label and the words of its things, sentences and stories, in
        listing order: what the Figures screen's filter searches."""
        from reader.store.figure_filter import group_texts

        return group_texts(self.store, max(min_articles, 2))

    def figure_groups_by_id(self, ids: Sequence[int]) -> list[FigureGroup]:
        return figure_store.groups_by_id(self.store, ids)

    def with_every_story(self, groups: list[FigureGroup]) -> list[FigureGroup]:
        """The groups, each one-figure group too with the story holding most of its reports
        (conflicts are loaded with theirs)."""
        return figure_store.with_stories(self.store, groups, every=True)

    def group_apart(self, above_mentions: int = GROUP_APART_MENTIONS) -> None:
        """Regroup in a child process once the library holds more than this many figure
        mentions. The reader asks for it: a large bucket takes hundreds of MB while it is
        grouped, and a child gives that memory back when it ends."""
        self._apart_above = above_mentions

    def _group_in_child(self, whole: bool) -> int:
        """Regroup (whole, or what changed) in a child process; returns what it did there."""
        from reader.pipeline import process_context

        context = process_context()
        receiving, sending = context.Pipe(duplex=False)
        child = context.Process(  # type: ignore[attr-defined]
            target=_group_library,
            args=(str(self.path.resolve()), whole, sending),
            # Not daemonic: a daemonic process may start no process, and a whole pass builds
            # the stories' figures tables in two worker processes (both cores). It still never
            # outlives the reader (reader.analysis_child.follow_the_reader, and below).
            daemon=False,
            name="feedlens figure groups",  # its lock waits read "busy" (reader.store.lock_wait)
        )
        child.start()
        sending.close()
        self._children.add(child)
        # A reader that exits without closing the library ends it first (multiprocessing
        # would wait for a process that is not daemonic).
        atexit.register(child.terminate)
        if self._stopping.is_set():  # the reader began to quit as this child started
            child.terminate()
        try:
            done, outcome = receiving.recv()
        except EOFError:
            raise LibraryError("regrouping figures stopped before it ended") from None
        finally:
            child.join()
            atexit.unregister(child.terminate)
            receiving.close()
            self._children.discard(child)
        if not done:
            raise LibraryError(f"regrouping figures failed: {outcome}")
        return int(outcome)

    def _grouped_apart(self) -> bool:
        if self._apart_above is None:
            return False
        row = self.store.query_one("SELECT COALESCE(MAX(id), 0) FROM figures")
        return row is not None and int(row[0]) > self._apart_above

    def rebuild_figure_groups(self) -> int:
        """Group every mention in the library again; returns how many groups there are."""
        with self._grouping:
            if self._grouped_apart():
                return self._group_in_child(whole=True)
            return self._rebuild_figure_groups()

    def _rebuild_figure_groups(self) -> int:
        self.stories.update()  # groups stay inside stories: any article still unassigned first
        mark = figure_store.mention_mark(self.store)  # before the counter: see group_updates
        removed = figure_store.removed_mark(self.store)
        changed = figure_store.change_counter(self.store)
        moved = figure_store.moved_articles_mark(self.store)
        from reader.stories.groups import library_groups
        from reader.stories.story_groups import all_story_groups_started

        # Conflicts: the stories' figures tables, built by worker processes (where there are
        # enough stories) while this one groups the same figures.
        with all_story_groups_started(self.store) as story_conflicts:
            groups = list(library_groups(figure_store.mention_records(self.store, "value")))
            groups.extend(story_conflicts())
        figure_store.save_groups(self.store, groups, changed, moved, mark, removed)
        return len(groups)

    def update_figure_groups(self) -> int:
        """Regroup only the buckets whose mentions changed since the last grouping (the whole
        library when that is quicker); returns how many buckets were regrouped (-1: all)."""
        with self._grouping:
            if figure_store.groups_are_current(self.store):
                return 0
            if self._grouped_apart():
                return self._group_in_child(whole=False)
            return self._update_figure_groups()

    def _update_figure_groups(self) -> int:
        self.stories.update()  # groups stay inside stories: any article still unassigned first
        mark = figure_store.mention_mark(self.store)  # before the counter: see group_updates
        generation = figure_store.groups_generation(self.store)
        removed = figure_store.removed_mark(self.store)
        changed = figure_store.change_counter(self.store)
        moved = figure_store.moved_articles_mark(self.store)
        dirty = figure_store.dirty_buckets(self.store, changed, moved)
        if dirty is None:
            self._rebuild_figure_groups()
            return -1
        from reader.stories.group_updates import regroup_dirty

        done = regroup_dirty(self.store, dirty, moved, removed)
        figure_store.replace_bucket_groups(
            self.store,
            [b.bucket for b in dirty],
            done.whole,
            done.sliced,
            done.groups,
            changed,
            moved,
            mark,
            done.dropped,
            generation,
            removed,
        )
        return len(dirty)

    def groups_of_mentions(self, mention_ids: Sequence[int]) -> dict[int, list[FigureGroup]]:
        """For each mention, the same-figure groups and conflicts it is part of."""
        if not mention_ids:
            # An article without figures: nothing to regroup for (a whole regroup while the
            # analysis caught up kept the reader's f box empty for half a minute).
            return {}
        if not figure_store.groups_are_current(self.store):
            self.update_figure_groups()
        return self.cached_groups_of_mentions(mention_ids)

    def cached_groups_of_mentions(self, mention_ids: Sequence[int]) -> dict[int, list[FigureGroup]]:
        """The same, from the groups as last built (at once, even if figures changed since)."""
        return figure_store.groups_of_mentions(self.store, mention_ids)

    def figures_by_id(self, ids: Sequence[int]) -> dict[int, StoredFigure]:
        return figure_store.figures_by_id(self.store, ids)

    def group_mentions(self, group: FigureGroup) -> list[tuple[StoredFigure, Article]]:
        """A group's mentions with their articles, oldest first."""
        found = self.figures_by_id(group.mention_ids)
        articles: dict[int, Article] = {}
        result = []
        for mention_id in group.mention_ids:
            figure = found.get(mention_id)
            if figure is None:
                continue
            if figure.article_id not in articles:
                articles[figure.article_id] = self.article(figure.article_id)
            result.append((figure, articles[figure.article_id]))
        return result

    def stale_extraction_count(self) -> int:
        from reader.figures.extract import EXTRACTOR_VERSION

        # Almost always none: ask that first, without counting a million rows.
        if not self.store.query_one(
            "SELECT 1 FROM articles WHERE extractor_version < ? LIMIT 1", (EXTRACTOR_VERSION,)
        ):
            return 0
        row = self.store.query_one(
            "SELECT COUNT(*) FROM articles WHERE extractor_version < ?", (EXTRACTOR_VERSION,)
        )
        return int(row[0]) if row else 0

    def reextract_figures(
        self,
        progress: Callable[[int, int], None] | None = None,
        batch: int = 500,
        processes: int | None = None,
    ) -> int:
        """Extract figures again for articles done by an older extractor (and anything else
        queued for analysis); returns how many this call analysed.

        They go through the analysis queue like new articles: queued, then worked off in
        batches, in worker processes (``processes``, by default one per core up to two) when
        there are many. Groups are left to be brought up to date when next asked for."""
        from reader import analysis

        self.queue_unanalysed()
        reported = [0]
        start = self.analysis_progress().done

        def report(state: AnalysisProgress) -> None:
            done = state.done - start
            if progress is not None and done > reported[0]:
                reported[0] = done
                progress(done, state.total - start)

        workers = analysis.default_processes() if processes is None else processes
        return analysis.drain(self.store, workers, self._stopping, report, batch=batch)


def _group_library(path: str, whole: bool, sending: Connection) -> None:
    """In the child: open the library, regroup it (whole or what changed), close it, and send
    back (True, what it did) or (False, what went wrong)."""
    from reader.analysis_child import follow_the_reader

    follow_the_reader()  # not daemonic (its whole pass starts workers), yet ends with the reader
    try:
        from reader.library import Library

        library = Library(Path(path))
        try:
            found = library.rebuild_figure_groups() if whole else library.update_figure_groups()
        finally:
            library.close()
        sending.send((True, found))
    except Exception as error:  # the parent says what went wrong; a traceback helps no one
        sending.send((False, f"{type(error).__name__}: {error}"))
    finally:
        sending.close()
