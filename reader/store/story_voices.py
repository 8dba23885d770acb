"""Stories ranked by their voices (reader.stories.voices): the kept counts and the listing.

A story's voices (feeds whose articles' texts differ) are counted from its texts once and kept
in ``stories.voices`` until the story changes (a trigger of migration m440 forgets them). Until
a story of two or more feeds is counted its feeds stand in: never fewer than its voices, so a
story not yet counted is listed no lower than its place, and the facade counts the stories
that reach the part of the list asked for, then reads it again (reader.stories.facade). The
order is the index ``stories_by_voices``: a page reads a few of its entries.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.store.db import Store
from reader.store.stories import StoryRow, _story_row

# The voices a story is ranked by: counted, else its feeds (a story of one feed has one voice).
# Written as the index stories_by_voices has it, so the planner reads the list from it.
_VOICES = "COALESCE(voices, feeds)"


def ranked_stories(
    store: Store,
    min_articles: int = 2,
    min_voices: int = 1,
    limit: int | None = None,
    offset: int = 0,
) -> list[tuple[StoryRow, int | None]]:
    """Stories with at least ``min_articles`` articles and ``min_voices`` voices, the most
    voices first, then the most feeds, then the latest; each with its counted voices (None:
    not counted yet)."""
    rows = store.query(
        f"SELECT * FROM stories INDEXED BY stories_by_voices "
        f"WHERE articles >= ? AND {_VOICES} >= ? "
        f"ORDER BY {_VOICES} DESC, feeds DESC, last_date DESC, id DESC LIMIT ? OFFSET ?",
        (min_articles, min_voices, -1 if limit is None else limit, offset),
    )
    return [(_story_row(r), r["voices"]) for r in rows]


def count_stories(store: Store, min_articles: int = 2, min_voices: int = 1) -> int:
    """How many stories ``ranked_stories`` lists (stories not counted yet: by their feeds)."""
    if min_voices <= 1:  # every story has a voice: the count as before
        row = store.query_one("SELECT COUNT(*) FROM stories WHERE articles >= ?", (min_articles,))
    else:
        row = store.query_one(
            f"SELECT COUNT(*) FROM stories INDEXED BY stories_by_voices "
            f"WHERE {_VOICES} >= ? AND articles >= ?",
            (min_voices, min_articles),
        )
    return 0 if row is None else int(row[0])


def save_voices(store: Store, counted: Sequence[tuple[StoryRow, int]]) -> None:
    """Keep stories' voices, each only while the story still holds the articles it was counted
    from (an assignment between the count and this write changed it: counted again later)."""
    if not counted:
        return
    with store.write() as conn:
        conn.executemany(
            "UPDATE stories SET voices = ? WHERE id = ? AND articles = ? AND feeds = ?",
            [(voices, row.story_id, row.articles, row.feeds) for row, voices in counted],
        )
