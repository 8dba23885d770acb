"""The Stories view's thread marks (≢) are counted by the analysis stage after a drain, for the
stories the view lists first, so its first open after an import reads them kept instead of
lining up every thread while the user waits; a mark left stale is still counted by the view."""

from __future__ import annotations

from pathlib import Path

from reader.library import Library
from reader.store.stories import StoryRow
from reader.stories import thread_marks
from reader.ui.screens.stories import SHOWN_STORIES
from tests.conftest import SAMPLES


def _counted_by_the_view(library: Library) -> tuple[dict[int, int], list[int]]:
    """What the Stories view's mark pass finds for its listed stories, and which stories it
    had to line up itself."""
    rows = [s.row for s in library.stories.ranked(limit=SHOWN_STORIES, with_articles=False)]
    lined_up: list[int] = []

    def count(row: StoryRow) -> int:
        lined_up.append(row.story_id)
        return library.stories._thread_differing_of(row)

    return thread_marks.thread_differing(library.store, rows, count), lined_up


def test_an_import_leaves_the_thread_marks_counted_for_the_stories_view(tmp_path: Path) -> None:
    library = Library(tmp_path / "l.sqlite")
    library.import_paths([SAMPLES])
    library.wait_for_analysis()
    marks, lined_up = _counted_by_the_view(library)
    assert marks and any(marks.values()), marks  # the samples' developing story differs
    assert lined_up == []  # nothing left for the view to line up on its first open
    # A mark counted for a thread that has changed since: the view counts it again.
    changed = next(iter(marks))
    with library.store.write() as conn:
        conn.execute(
            "UPDATE story_thread_marks SET stamp = 'before' WHERE story_id = ?", (changed,)
        )
    again, lined_up = _counted_by_the_view(library)
    assert again == marks and changed in lined_up
    library.close()


def test_the_analysis_marks_as_many_stories_as_the_view_lists() -> None:
    assert thread_marks.MARKED_AHEAD >= SHOWN_STORIES
