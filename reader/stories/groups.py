"""Figure groups kept inside a story: the same figure, or a conflict, only between reports of
one event (or, for the background quantities of a developing situation, of one thread).

Grouping (reader.figures.compare) guesses sameness figure by figure from nearby words; on a
library of many stories it would join unrelated events ("3 people killed" in a firebomb, an
earthquake and an attack). So every bucket's mentions (reader.store.figures) are grouped
thread by thread, each thread's apart from every other's (MentionRecord.thread). A thread's
groups are a function of its own mentions alone, in one fixed order: regrouping part of the
library (after a refresh) gives exactly what a whole pass gives there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from reader.figures.compare import (
    FigureGroup,
    MentionRecord,
    bucket_parts,
    claim_key,
    conflict_groups,
    same_bucket,
    same_figure_groups,
)


def _value_order(record: MentionRecord) -> tuple[str, str, str, float, int]:
    return (record.kind, record.unit, record.rate, record.value, record.id)


def _claim_order(record: MentionRecord) -> tuple[str, str, str, str, str, str, int]:
    return (*claim_key(record), record.id)


def thread_groups(role: str, records: Iterable[MentionRecord]) -> list[FigureGroup]:
    """Same-figure groups (``role`` "same") or conflicts ("conflict") among mentions of one
    bucket, found in each thread apart (a thread needs two articles to hold a group)."""
    threads: dict[int, list[MentionRecord]] = defaultdict(list)
    for record in records:
        threads[record.thread].append(record)
    found: list[FigureGroup] = []
    for thread in sorted(threads):
        part = threads[thread]
        if len({r.article_id for r in part}) < 2:
            continue
        if role == "conflict":
            found.extend(conflict_groups(sorted(part, key=_claim_order)))
        else:
            found.extend(same_figure_groups(sorted(part, key=_value_order)))
    return found


def bucket_groups(bucket: str, records: Iterable[MentionRecord]) -> list[FigureGroup]:
    """``thread_groups`` of one named bucket's mentions (reader.figures.compare.same_bucket,
    conflict_bucket)."""
    return thread_groups(bucket_parts(bucket)[0], records)


def _same_key(record: MentionRecord) -> str:
    return same_bucket(record.kind, record.unit, record.rate, record.value)


def library_groups(by_value: Iterable[MentionRecord]) -> Iterator[FigureGroup]:
    """Every same-figure group of the library, from its mentions ordered by value, one
    bucket in memory at a time (reader.store.figures.mention_records streams them so).
    Conflicts come from the stories' figures tables (reader.stories.story_groups)."""
    bucket: list[MentionRecord] = []
    current = ""
    for record in by_value:
        name = _same_key(record)
        if bucket and name != current:
            yield from thread_groups("same", bucket)
            bucket = []
        current = name
        bucket.append(record)
    if bucket:
        yield from thread_groups("same", bucket)
