"""Stories ranked by their voices (reader.stories.voices): the kept counts and the listing.

A story's voices (feeds whose articles' texts differ) are counted from its texts once and kept
in ``story_voices`` until the story changes (triggers of migration m440 forget them). Until a
story of two or more feeds is counted its feeds stand in: never fewer than its voices, so a
story not yet counted is listed no lower than its place, and the facade counts the stories
that reach the part of the list asked for, then reads it again (reader.stories.facade).
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.store.db import Store
from reader.store.stories import StoryRow, _story_row

# The voices a story is ranked by: counted, else its feeds (a story of one feed has one voice).
_VOICES = "COALESCE(v.voices, s.feeds)"


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
        f"SELECT s.*, v.voices AS counted_voices FROM stories s "
        f"LEFT JOIN story_voices v ON v.story_id = s.id "
        f"WHERE s.articles >= ? AND {_VOICES} >= ? "
        f"ORDER BY {_VOICES} DESC, s.feeds DESC, s.last_date DESC, s.id DESC LIMIT ? OFFSET ?",
        (min_articles, min_voices, -1 if limit is None else limit, offset),
    )
    return [(_story_row(r), r["counted_voices"]) for r in rows]


def count_stories(store: Store, min_articles: int = 2, min_voices: int = 1) -> int:
    """How many stories ``ranked_stories`` lists (stories not counted yet: by their feeds)."""
    if min_voices <= 1:  # every story has a voice: no join needed
        row = store.query_one("SELECT COUNT(*) FROM stories WHERE articles >= ?", (min_articles,))
    else:
        row = store.query_one(
            f"SELECT COUNT(*) FROM stories s LEFT JOIN story_voices v ON v.story_id = s.id "
            f"WHERE s.articles >= ? AND {_VOICES} >= ?",
            (min_articles, min_voices),
        )
    return 0 if row is None else int(row[0])


def save_voices(store: Store, counted: Sequence[tuple[StoryRow, int]]) -> None:
    """Keep stories' voices, each only while the story still holds the articles it was counted
    from (an assignment between the count and this write changed it: counted again later)."""
    if not counted:
        return
    with store.write() as conn:
        conn.executemany(
            "INSERT OR REPLACE INTO story_voices (story_id, voices) SELECT ?, ? "
            "WHERE EXISTS (SELECT 1 FROM stories WHERE id = ? AND articles = ? AND feeds = ?)",
            [
                (row.story_id, voices, row.story_id, row.articles, row.feeds)
                for row, voices in counted
            ],
        )
