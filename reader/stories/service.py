"""Story assignment as the library runs it: incremental for new and changed articles, whole
for an upgrade, in batches so a refresh never holds the writer long.

``assign_stories(store_or_library, article_ids)`` is the step an analysis queue calls with the
articles it has just stored (or changed); ``update_stories`` assigns whatever is pending (new
articles in report-time order, then link: not id order, which a parallel import interleaves);
``rebuild_stories`` forgets every story and assigns the whole library again in the order its
articles were assigned in, which gives the same stories as assigning it a batch at a time.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from typing import TYPE_CHECKING, Protocol

from reader.store import stories as story_store
from reader.store.db import Store
from reader.stories.assign import StoryIndex, StoryInput, assign
from reader.stories.boilerplate import FeedMemory, labels_of
from reader.stories.features import article_features

if TYPE_CHECKING:
    from reader.store.stories import ArticleText

#: Articles read, assigned and written per step.
BATCH = 500
#: A rebuild of more articles than this makes features in worker processes.
PARALLEL_FROM = 5000
#: State key: the library's stories are to be assigned again, whole, at the next update (set
#: by the migration that brought the main-actor veto and the merge step to an older library:
#: reader.store.migrations m495).
REBUILD_WANTED = "stories_rebuild_wanted"
#: How far a whole rebuild is ("done total" articles), while it runs: what the Stories view
#: shows (``rebuild_progress``).
REBUILD_PROGRESS = "stories_rebuild_progress"
#: A drain's batches share one index (reader.store.stories.extend_index) while it holds at most
#: this many key spans (some 150 bytes each), then read the next one afresh.
CARRIED_SPANS = 1_000_000


class HasStore(Protocol):
    store: Store


def _store(store_or_library: Store | HasStore) -> Store:
    return store_or_library if isinstance(store_or_library, Store) else store_or_library.store


def story_input(article: ArticleText) -> StoryInput:
    features = article_features(article.title, article.text)
    return StoryInput(
        article.article_id, article.feed_id, story_store.day_of(article.sort_date), features
    )


def assign_stories(store_or_library: Store | HasStore, article_ids: Sequence[int]) -> int:
    """Assign these (new or changed) articles to stories, against the stories near them;
    returns how many stories changed."""
    store = _store(store_or_library)
    changed = 0
    ids = story_store.in_assignment_order(store, sorted(set(article_ids)))
    for first in range(0, len(ids), BATCH):
        changed += _assign_batch(store, ids[first : first + BATCH])
    return changed


def _assign_batch(store: Store, ids: Sequence[int]) -> int:
    return _assign_inputs(store, *inputs_of(store, ids))[0]


def _assign_inputs(
    store: Store,
    items: list[StoryInput],
    hashes: dict[int, str],
    carried: StoryIndex | None = None,
    carried_spans: int = CARRIED_SPANS,
    feeds: bool = True,
) -> tuple[int, StoryIndex | None]:
    """Assign these articles (features made, in assignment order) against the stories near
    them, after taking them out of the stories they were in; returns how many stories
    changed, and the index to carry to the next batch (``carried``: the one this returned for
    the batch before, extended rather than read again; None where it may not be: a story
    emptied, or it holds more than ``carried_spans`` key spans). Without ``feeds``, the feed
    memories of an index carried on are not written (the caller writes them when it drops
    it: ``story_store.save_feed_memories``); those of an index dropped are, before."""
    left = story_store.remove_articles(store, [item.article_id for item in items])
    if carried is not None and not left and _held_spans(carried) <= carried_spans:
        index = story_store.extend_index(store, carried, items)
    else:
        if carried is not None:
            story_store.save_feed_memories(store, carried)  # what the fresh index reads
        index = _fresh_index(store, items)
    for story_id in left:
        _reload_story(store, index, story_id)
    assign(index, items)
    # A story emptied is deleted from the library but not from the index, and the next story
    # id is read from what the library keeps: the next batch reads its index afresh (and
    # the feed memories this one changed, written now). A story merged away is deleted from
    # both, and the next ids are kept past it (reader.store.stories.NEXT_IDS).
    kept = not left
    saved = story_store.save_assignment(store, index, items, hashes, left, feeds=feeds or not kept)
    return len(saved), index if kept else None


def _fresh_index(store: Store, items: Sequence[StoryInput]) -> StoryIndex:
    """The index ``story_store.load_index`` reads for ``items``, its feed memories first
    brought up to every article assigned: a drain killed before its end (which writes them)
    leaves articles assigned that no stored memory counts, counted here again in the order
    they were assigned (as the drain had counted them), so boilerplate is what it would have
    been had the drain not been killed."""
    index = StoryIndex()
    uncounted = story_store.uncounted_articles(store)
    if uncounted is None:  # a library from before the mark: its memories count every article
        story_store.save_feed_memories(store, index)
        uncounted = []
    for first in range(0, len(uncounted), BATCH):
        counted = [
            story_input(t)
            for t in story_store.article_texts(store, uncounted[first : first + BATCH])
        ]
        story_store.read_feed_memories(store, index, {item.feed_id for item in counted})
        for item in counted:
            memory = index.feeds.get(item.feed_id)
            if memory is None:
                memory = index.feeds[item.feed_id] = FeedMemory()
            memory.sift(labels_of(item.features), item.day)
    if uncounted:
        story_store.save_feed_memories(store, index)
    return story_store.extend_index(store, index, items)


def _held_spans(index: StoryIndex) -> int:
    return sum(map(len, index.story_keys.values()))


def _reload_story(store: Store, index: StoryIndex, story_id: int) -> None:
    """A story an article left: its sums made again from the articles it keeps."""
    old = index.stories.get(story_id)
    members = story_store.article_texts(store, story_store.story_member_ids(store, story_id))
    if old is None:
        from reader.stories.assign import StoryState

        row = story_store.get_story(store, story_id)
        thread = row.thread_id if row is not None else index.next_thread_id
        old = StoryState(story_id, thread, 0.0, 0.0, 0)
    fresh = type(old)(old.story_id, old.thread_id, float("inf"), float("-inf"), 0)
    fresh.thread_alone = old.thread_alone
    fresh.own_thread_id, fresh.followed = old.own_thread_id, old.followed
    for member in members:
        fresh.add(story_input(member))
    fresh.changed = True
    index.put(fresh)


def update_stories(
    store_or_library: Store | HasStore,
    progress: Callable[[int, int], None] | None = None,
    processes: int | None = None,
    parallel_from: int = PARALLEL_FROM,
    batch: int = BATCH,
    carried_spans: int = CARRIED_SPANS,
) -> int:
    """Assign every pending (new or changed) article, ``batch`` at a time; returns how many
    were assigned (pending). In a library whose stories an older assigner made
    (``REBUILD_WANTED``), every article is assigned again instead (``rebuild_stories``).
    More than ``parallel_from`` pending articles (a large import's drain) are read and their
    features made in ``processes`` worker processes (two by default) while
    this one assigns, as a rebuild does. A batch extends the index of the batch before while
    that holds at most ``carried_spans`` key spans (0: every batch reads its own): the same
    stories either way."""
    store = _store(store_or_library)
    if store.get_state(REBUILD_WANTED):
        # An upgraded library's stories, made by an older assigner: every article again.
        pending_count = len(story_store.pending_article_ids(store))
        rebuild_stories(store, progress, processes)
        return pending_count
    pending = story_store.pending_article_ids(store)
    batches = [pending[first : first + batch] for first in range(0, len(pending), batch)]
    workers = processes if processes is not None else min(2, os.cpu_count() or 1)
    featured = _featured(store, batches, workers if len(pending) > parallel_from else 1)
    carried: StoryIndex | None = None
    for number, (items, hashes) in enumerate(featured):
        # Feed memories once, at the end (or when an index is dropped), not with each batch:
        # a batch of 500 changes nearly every feed's, and a drain of n articles from n / 1000
        # feeds would write n² / 500,000 of them.
        _, carried = _assign_inputs(store, items, hashes, carried, carried_spans, feeds=False)
        if progress is not None:
            progress(min((number + 1) * batch, len(pending)), len(pending))
    if carried is not None:
        story_store.save_feed_memories(store, carried)
    return len(pending)


def rebuild_stories(
    store_or_library: Store | HasStore,
    progress: Callable[[int, int], None] | None = None,
    processes: int | None = None,
) -> int:
    """Forget every story and assign the whole library again, in the order it was assigned in
    (``story_store.rebuild_order``), in memory; returns
    how many stories there are. Articles are read and their features made in ``processes``
    worker processes (two by default on a large library) while this one assigns."""
    store = _store(store_or_library)
    ids = story_store.rebuild_order(store)
    story_store.clear(store)
    batches = [ids[first : first + BATCH] for first in range(0, len(ids), BATCH)]
    workers = processes if processes is not None else min(2, os.cpu_count() or 1)
    index = StoryIndex()
    done = 0
    store.set_state(REBUILD_PROGRESS, f"0 {len(ids)}")
    for items, hashes in _featured(store, batches, workers if len(ids) > PARALLEL_FROM else 1):
        assign(index, items)
        story_store.save_members(store, index, items, hashes)
        done += len(items)
        store.set_state(REBUILD_PROGRESS, f"{done} {len(ids)}")
        if progress is not None:
            progress(done, len(ids))
    story_store.save_stories(store, index)
    story_store.describe_all(store, index)
    store.set_state(REBUILD_WANTED, "")
    store.set_state(REBUILD_PROGRESS, "")
    return len(index.stories)


def rebuild_progress(store_or_library: Store | HasStore) -> tuple[int, int] | None:
    """(articles assigned, articles) of the whole rebuild an upgrade asked for
    (``REBUILD_WANTED``), while it is wanted or runs; None when none is. Before it starts,
    none of the articles the old stories hold is assigned yet."""
    store = _store(store_or_library)
    if not store.get_state(REBUILD_WANTED):
        return None
    done, _, total = (store.get_state(REBUILD_PROGRESS) or "").partition(" ")
    if done.isdigit() and total.isdigit():
        return int(done), int(total)
    return 0, story_store.assigned_count(store)


def inputs_of(store: Store, ids: Sequence[int]) -> tuple[list[StoryInput], dict[int, str]]:
    """These articles as assignment reads them (in the order given), and their content
    hashes."""
    texts = story_store.article_texts(store, ids)
    return [story_input(t) for t in texts], {t.article_id: t.content_hash for t in texts}


def inputs_in_worker(path: str, ids: list[int]) -> tuple[list[StoryInput], dict[int, str]]:
    """``inputs_of`` in a worker process, which reads the articles itself: the assigning
    process neither reads their texts nor sends them over."""
    from reader.store.workers import worker_store

    return inputs_of(worker_store(path), ids)


def _featured(
    store: Store, batches: list[list[int]], workers: int
) -> Iterator[tuple[list[StoryInput], dict[int, str]]]:
    """Each batch's articles as assignment reads them, in order; made by worker processes a
    few batches ahead when ``workers`` > 1."""
    if workers <= 1:
        for batch in batches:
            yield inputs_of(store, batch)
        return
    from reader.pipeline import worker_pool

    path = str(store.path.resolve())
    in_flight: deque[Future[tuple[list[StoryInput], dict[int, str]]]] = deque()
    with worker_pool(workers) as pool:
        for batch in batches:
            in_flight.append(pool.submit(inputs_in_worker, path, batch))
            if len(in_flight) > workers * 2:
                yield in_flight.popleft().result()
        while in_flight:
            yield in_flight.popleft().result()
