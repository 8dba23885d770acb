"""What the story conflicts among the cached figure groups read from the store: which stories
changed since the groups were built, and which cached story conflicts hold a changed article's
mentions. A story's conflicts are cached in ``figure_groups`` under the bucket
``story:<id>`` (reader/stories/story_groups.py builds them from the story's figures table).
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.store.db import Store

STORY_BUCKET_PREFIX = "story:"
# Every story bucket sorts between these: the bucket index reads them as one range.
_FIRST, _AFTER = STORY_BUCKET_PREFIX, "story;"


def story_bucket(story_id: int) -> str:
    return f"{STORY_BUCKET_PREFIX}{story_id}"


def changed_articles(
    store: Store, moved_upto: int, grouped_mark: int | None, removed_upto: int, limit: int
) -> tuple[set[int], set[int]] | None:
    """The articles whose figures or story changed since the groups were built (moved up to
    ``moved_upto``, with a mention above ``grouped_mark``, or a mention removed up to
    ``removed_upto``) and the ids of the mentions removed; None when more than ``limit``
    changed, or the mark is unknown (then every story is built again)."""
    if grouped_mark is None:
        return None
    articles: set[int] = set()
    removed: set[int] = set()
    queries = (
        ("SELECT DISTINCT article_id, NULL FROM figure_dirty_articles WHERE id <= ?", moved_upto),
        ("SELECT DISTINCT article_id, NULL FROM figures WHERE id > ?", grouped_mark),
        (
            "SELECT article_id, mention_id FROM figure_removed "
            "WHERE id <= ? AND article_id IS NOT NULL",
            removed_upto,
        ),
    )
    for sql, mark in queries:
        for article_id, mention_id in store.query(f"{sql} LIMIT {limit + 1}", (mark,)):
            articles.add(int(article_id))
            if mention_id is not None:
                removed.add(int(mention_id))
        if len(articles) > limit:
            return None
    return articles, removed


def buckets_holding(store: Store, article_ids: Sequence[int], mention_ids: set[int]) -> set[str]:
    """The story buckets whose cached conflicts hold a mention of these articles (as stored
    now) or one of these removed mentions: the stories those articles were in."""
    wanted = set(mention_ids)
    for (mention_id,) in store.query_ids(
        "SELECT id FROM figures WHERE article_id IN ({ids})", list(article_ids)
    ):
        wanted.add(int(mention_id))
    if not wanted:
        return set()
    found: set[str] = set()
    for bucket, members in store.query(
        "SELECT bucket, mention_ids FROM figure_groups WHERE bucket >= ? AND bucket < ?",
        (_FIRST, _AFTER),
    ):
        if bucket in found:
            continue
        if not wanted.isdisjoint(_ids(members)):
            found.add(str(bucket))
    return found


def _ids(members: str) -> list[int]:
    return [int(part) for part in members.strip("[]").split(",") if part.strip()]


def story_buckets(store: Store) -> list[str]:
    """Every story bucket holding a cached conflict."""
    return [
        str(row[0])
        for row in store.query(
            "SELECT DISTINCT bucket FROM figure_groups WHERE bucket >= ? AND bucket < ?",
            (_FIRST, _AFTER),
        )
    ]


def stories_with_articles(store: Store, min_articles: int = 2) -> list[int]:
    """Every story id with at least ``min_articles`` articles, oldest first."""
    rows = store.query(
        "SELECT story_id FROM story_articles GROUP BY story_id HAVING COUNT(*) >= ? "
        "ORDER BY story_id",
        (min_articles,),
    )
    return [int(row[0]) for row in rows]


def update_counts(store: Store, story_ids: Sequence[int]) -> dict[int, int]:
    """How many of each story's cached conflicts are updates (verdict "update": a figure
    revised as reports came in, which the Figures view marks ↑), for the stories holding one;
    the Stories list marks a story whose every conflict is one ↑, not ≠."""
    buckets = [story_bucket(story_id) for story_id in story_ids]
    counts: dict[int, int] = {}
    for first in range(0, len(buckets), 500):  # SQLite bounds a statement's parameters
        part = buckets[first : first + 500]
        rows = store.query(
            "SELECT bucket, COUNT(*) FROM figure_groups WHERE kind = 'conflict' "
            "AND verdict = 'update' AND articles >= 2 "
            f"AND bucket IN ({', '.join('?' for _ in part)}) GROUP BY bucket",
            part,
        )
        for bucket, count in rows:
            counts[int(str(bucket)[len(STORY_BUCKET_PREFIX) :])] = int(count)
    return counts
