"""Bringing the cached figure groups up to date after a change, bucket by bucket, with what a
whole pass (reader/stories/groups.py) would give.

Two ways, chosen per dirty bucket:

- **New mentions after all others** (a refresh: its articles are the newest of their
  thread). Grouping links each mention, in time order, to its next few neighbours
  (reader.figures.compare._link_neighbours); mentions appended after every other one of their
  thread and bucket leave every earlier link as it was and only add links that reach them,
  from mentions at most a window before. So the groups are the cached ones, joined by the
  links found among the mentions of that last window: work for the new mentions and their
  window, however far their groups reach back. Only in buckets where no mention was removed
  and no grouped article changed thread since the groups were built (either can undo a link).
- **Any other change**: the bucket is regrouped around the dates that changed
  (reader.store.figures.regroup_reach).

These are the same-figure groups. Conflicts come from the stories' figures tables: the old
conflict buckets are emptied, and the stories that changed are built again
(reader.stories.story_groups.regroup_stories).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from reader.clock import ISO_FORMAT
from reader.figures.compare import (
    WINDOW_DAYS,
    FigureGroup,
    MentionRecord,
    bucket_parts,
    claim_key,
    component_group,
    linked_components,
)
from reader.store import figures as figure_store
from reader.store.db import Store
from reader.stories.groups import bucket_groups
from reader.stories.story_groups import regroup_stories

_LATEST = "9999-12-31T23:59:59Z"
#: Past this many articles that changed story or thread (a large drain, a story rebuild), a
#: dirty bucket is regrouped by dates: finding which of them have mentions in each bucket
#: would cost more than it saves.
RETHREAD_MOVED = 500


@dataclass
class Regrouped:
    """What regrouping the dirty buckets found, for figure_store.replace_bucket_groups."""

    whole: list[str] = field(default_factory=list)
    sliced: list[tuple[str, str, str]] = field(default_factory=list)
    dropped: list[int] = field(default_factory=list)
    groups: list[FigureGroup] = field(default_factory=list)
    appended: int = 0  # buckets brought up to date by adding new mentions to their groups
    # Buckets brought up to date by regrouping the threads that changed in them.
    rethreaded: list[str] = field(default_factory=list)


def regroup_dirty(
    store: Store,
    dirty: Sequence[figure_store.DirtyBucket],
    moved_upto: int,
    removed_upto: int,
) -> Regrouped:
    """Regroup the dirty buckets (read before with ``moved_upto`` and ``removed_upto``)."""
    done = Regrouped()
    grouped_mark = figure_store.grouped_mention_mark(store)
    moved_left = figure_store.moved_old_buckets(store, moved_upto, grouped_mark or 0)
    removed = figure_store.removed_mentions(store, removed_upto)
    left = moved_left | set(removed)
    moved = figure_store.moved_articles(store, moved_upto)
    for bucket in dirty:
        if bucket_parts(bucket.bucket)[0] == "conflict":
            done.whole.append(bucket.bucket)  # conflicts come from the stories' tables now
            continue
        if grouped_mark is not None and bucket.bucket not in left:
            appended = _appended(store, bucket, grouped_mark)
            if appended is not None:
                done.dropped.extend(appended[0])
                done.groups.extend(appended[1])
                done.appended += 1
                continue
        if grouped_mark is not None:
            threads = _rethreaded(store, bucket.bucket, grouped_mark, removed, moved)
            if threads is not None:
                done.dropped.extend(threads[0])
                done.groups.extend(threads[1])
                done.rethreaded.append(bucket.bucket)
                continue
        reach = figure_store.regroup_reach(store, bucket)
        if reach is None:
            done.whole.append(bucket.bucket)
        else:
            done.sliced.append((bucket.bucket, reach.first, reach.last))
        dates = None if reach is None else (reach.first, reach.last)
        records = figure_store.bucket_records(store, bucket.bucket, dates)
        done.groups.extend(bucket_groups(bucket.bucket, records))
    stories = regroup_stories(store, moved_upto, removed_upto)
    done.whole.extend(stories.buckets)
    done.groups.extend(stories.groups)
    return done


def _rethreaded(
    store: Store,
    bucket: str,
    grouped_mark: int,
    removed: dict[str, list[tuple[int | None, int | None]]],
    moved: dict[int, set[int | None]],
) -> tuple[list[int], list[FigureGroup]] | None:
    """The cached groups of the threads whose mentions in ``bucket`` changed, and the groups
    that replace them: each such thread regrouped whole, the bucket's other threads left as
    they are (a thread's groups are a function of its own mentions alone, reader.stories.
    groups). A thread changed where a mention came (id above ``grouped_mark``) or went
    (``removed``), or an article with mentions here joined or left it (``moved``: the threads
    each article left). None where a thread left is not known (a record from before they
    were kept, or a story gone before its articles): then the bucket is regrouped by dates.
    A refresh updating an old article used to regroup every date of its buckets a chain of
    cached groups reached: at 100k articles, a bucket of 60,000 mentions."""
    lost = removed.get(bucket, [])
    if len(moved) > RETHREAD_MOVED or any(m is None or a is None for m, a in lost):
        return None
    changed = figure_store.new_mention_articles(store, bucket, grouped_mark)
    changed |= {article for _, article in lost if article is not None}
    if moved:  # articles that joined or left a thread with their mentions here
        present = figure_store.bucket_records(store, bucket, None, sorted(moved))
        changed |= {record.article_id for record in present}
    left: set[int] = set()
    for article in changed & set(moved):
        threads = moved[article]
        if None in threads:
            return None
        left |= {thread for thread in threads if thread}  # 0: it came from no story
    members = set(figure_store.thread_articles(store, sorted(changed)))
    members |= set(figure_store.threads_articles(store, sorted(left)))
    records = figure_store.bucket_records(store, bucket, None, sorted(members))
    held = {record.id for record in records} | {m for m, _ in lost if m is not None}
    return figure_store.groups_holding(store, bucket, sorted(held)), bucket_groups(bucket, records)


def _window_start(first_date: str) -> str | None:
    try:
        moment = datetime.strptime(first_date, ISO_FORMAT).replace(tzinfo=UTC)
        return (moment - timedelta(days=WINDOW_DAYS + 1)).strftime(ISO_FORMAT)
    except (ValueError, OverflowError):
        return None


def _grouping_order(role: str, record: MentionRecord) -> tuple[object, ...]:
    """The order a whole pass reads a thread's mentions in (reader.stories.groups)."""
    if role == "conflict":
        return (*claim_key(record), record.id)
    return (record.kind, record.unit, record.rate, record.value, record.id)


def _appended(
    store: Store, dirty: figure_store.DirtyBucket, grouped_mark: int
) -> tuple[list[int], list[FigureGroup]] | None:
    """The cached groups new mentions (id above ``grouped_mark``) join, and the groups that
    replace them; None when the new mentions are not all later than the bucket's others in
    their threads (or their dates are unknown): then the bucket is regrouped."""
    if dirty.first_date is None:
        return None
    start = _window_start(dirty.first_date)
    if start is None:
        return None
    role = bucket_parts(dirty.bucket)[0]
    # Only the threads of the new mentions are read: the others' groups stay as they are.
    arrived = figure_store.new_mention_articles(store, dirty.bucket, grouped_mark)
    articles = figure_store.thread_articles(store, sorted(arrived))
    recent = figure_store.bucket_records(store, dirty.bucket, (start, _LATEST), articles)
    threads: dict[int, list[MentionRecord]] = defaultdict(list)
    for record in recent:
        threads[record.thread].append(record)
    touched: dict[int, list[MentionRecord]] = {}
    for thread, records in threads.items():
        new = [r.timestamp for r in records if r.id > grouped_mark]
        if not new:
            continue
        old = [r.timestamp for r in records if r.id <= grouped_mark]
        if old and max(old) >= min(new):
            return None  # a new mention among older ones may undo a link: regroup
        touched[thread] = records
    if not touched:
        return [], []
    cached = figure_store.groups_reaching(store, dirty.bucket, start)
    group_of = {mention: group for group in cached for mention in group.mention_ids}
    dropped: dict[int, FigureGroup] = {}
    joined: list[tuple[set[int], list[MentionRecord]]] = []
    for thread in sorted(touched):
        ordered = sorted(touched[thread], key=lambda r: _grouping_order(role, r))
        for component in linked_components(role, ordered):
            if all(r.id <= grouped_mark for r in component):
                continue  # links among earlier mentions only: their group is cached
            members = {r.id for r in component}
            for record in component:
                group = group_of.get(record.id)
                if group is not None:
                    dropped[group.id] = group
                    members.update(group.mention_ids)
            joined.append((members, component))
    # Two components may join one cached group: merge every set sharing a mention.
    merged = _merge([members for members, _ in joined])
    known = {r.id: r for r in recent}
    missing = sorted({m for members in merged for m in members} - set(known))
    # Only to make the groups: their context words are not read (a long group has thousands).
    known.update((r.id, r) for r in figure_store.records_by_ids(store, missing, context=False))
    found = []
    for members in merged:
        records = sorted((known[m] for m in members if m in known), key=lambda r: r.id)
        records.sort(key=lambda r: _grouping_order(role, r))
        group = component_group(role, records)
        if group is not None:
            found.append(group)
    return sorted(dropped), found


def _merge(sets: list[set[int]]) -> list[set[int]]:
    """The unions of the sets that share a member, transitively."""
    merged: list[set[int]] = []
    for members in sets:
        overlapping = [m for m in merged if not m.isdisjoint(members)]
        for other in overlapping:
            members = members | other
            merged.remove(other)
        merged.append(set(members))
    return merged
