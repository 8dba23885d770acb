"""Stories' last report times as the reader lists them: from their dated articles only.

A story's stored first and last dates are its articles' sort dates, and an article whose feed
gave no date sorts by when the library first saw it. Shown as a story's time, that is a time
nobody reported: a story of undated articles would read "14:05", the moment it was imported.
This module finds, for listed stories, the last time one of their articles was dated by its
feed ("" when none was). It reads one index entry per story when its newest article is dated
(almost always), and a story's articles only when its newest is undated.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.store.db import Store
from reader.store.stories import StoryRow

# The story's newest article (at its stored last date) is dated: its last date stands.
_NEWEST_DATED = (
    "SELECT 1 FROM articles a JOIN story_articles s ON s.article_id = a.id "
    "WHERE a.sort_date = ? AND s.story_id = ? "
    "AND COALESCE(a.published, a.updated) IS NOT NULL LIMIT 1"
)
_LAST_DATED = (
    "SELECT MAX(a.sort_date) FROM story_articles s JOIN articles a ON a.id = s.article_id "
    "WHERE s.story_id = ? AND COALESCE(a.published, a.updated) IS NOT NULL"
)


def last_dated(store: Store, rows: Sequence[StoryRow]) -> dict[int, str]:
    """Each story's last report time among its dated articles, by story id ("" for a story
    none of whose articles carries a date)."""
    found: dict[int, str] = {}
    for row in rows:
        if row.last and store.query_one(_NEWEST_DATED, (row.last, row.story_id)) is not None:
            found[row.story_id] = row.last
            continue
        last = store.query_one(_LAST_DATED, (row.story_id,))
        found[row.story_id] = "" if last is None or last[0] is None else str(last[0])
    return found
