"""Which listed stories' developing stories (threads) report differing background figures.

The Stories view marks ≠ where a story's own figures table differs; a story whose thread's
background quantities differ (reader.stories.thread_figures: "workers on strike" 1,200 in one
outlet, 1,500 in another, across the strike's stories) deserves its own mark, or the
disagreement a fact-checker most wants is only found by opening every story. Lining up a
thread's reports takes up to half a second, so each story's count is kept in
``story_thread_marks`` with a stamp of its thread's state (its stories, their sizes, last
reports and figure counts) and counted again only once the thread has changed. The analysis
stage counts them after each drain (reader.analysis.mark_threads) for the stories the Stories
view lists, so its first open after an import reads them kept; the view counts any left stale.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # its marks are words the CLI shows without loading story assignment
    from reader.store.db import Store
    from reader.store.stories import StoryRow

#: The marks of a story in the reader's Stories list and in `feedlens stories`.
OWN_DIFFERING = "≠"  # the story's own outlets report differing figures
OWN_UPDATED = (
    "↑"  # its figures that differ were all revised with report time (the Figures view's ↑)
)
THREAD_DIFFERING = "≢"  # its developing story's background figures differ (its own agree)

#: How many of the ranked stories the analysis stage marks after a drain: as many as the Stories
#: view lists at once (reader/ui/screens/stories.py SHOWN_STORIES, a test keeps them in step).
MARKED_AHEAD = 300

_THREAD_STATES = (
    "SELECT thread_id, COUNT(*), SUM(articles), MAX(last_date), MAX(id), "
    "SUM(COALESCE(figures, -1)), SUM(COALESCE(differing, -1)) FROM stories "
    "WHERE thread_id IN ({ids}) GROUP BY thread_id"
)


def thread_stamps(store: Store, rows: Sequence[StoryRow]) -> dict[int, str]:
    """Each listed story's thread state, for the stories whose thread holds another story."""
    threads = sorted({row.thread_id for row in rows})
    states = {
        int(r[0]): "|".join(str(value) for value in tuple(r)[1:])
        for r in store.query_ids(_THREAD_STATES, threads)
        if int(r[1]) >= 2
    }
    return {row.story_id: states[row.thread_id] for row in rows if row.thread_id in states}


def thread_differing(
    store: Store,
    rows: Sequence[StoryRow],
    count: Callable[[StoryRow], int],
) -> dict[int, int]:
    """How many background quantities of each listed story's thread differ (0 included), for
    the stories in a thread of two or more; ``count`` lines up one story's thread (read only
    for those not counted since their thread last changed)."""
    stamps = thread_stamps(store, rows)
    if not stamps:
        return {}
    kept = {
        int(r[0]): (str(r[1]), int(r[2]))
        for r in store.query_ids(
            "SELECT story_id, stamp, differing FROM story_thread_marks WHERE story_id IN ({ids})",
            list(stamps),
        )
    }
    found: dict[int, int] = {}
    counted: list[tuple[int, str, int]] = []
    for row in rows:
        stamp = stamps.get(row.story_id)
        if stamp is None:
            continue
        known = kept.get(row.story_id)
        if known is not None and known[0] == stamp:
            found[row.story_id] = known[1]
            continue
        found[row.story_id] = count(row)
        counted.append((row.story_id, stamp, found[row.story_id]))
    if counted:
        with store.write() as conn:
            conn.executemany(
                "INSERT INTO story_thread_marks (story_id, stamp, differing) VALUES (?, ?, ?) "
                "ON CONFLICT (story_id) DO UPDATE SET stamp = excluded.stamp, "
                "differing = excluded.differing",
                counted,
            )
    return found
