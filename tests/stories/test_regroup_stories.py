"""The stories a drain changed have their figures tables built again in worker processes when
they are many (reader.stories.story_groups.stories_conflicts): the conflicts, their order and
the counts written are those of one process, on real news (the news clusters, one feed an
outlet)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.library import Library
from reader.store import story_groups as group_store
from reader.stories import service
from reader.stories.story_groups import stories_conflicts


def test_changed_stories_in_two_processes_are_those_of_one(
    news_imported: Path, tmp_path: Path
) -> None:
    news_imported.rename(tmp_path / "one.sqlite")  # the corpus imported (once a session)
    library = Library(tmp_path / "one.sqlite")
    library.reextract_figures()
    service.update_stories(library)
    ids = group_store.stories_with_articles(library.store)[1::2]  # some of them, as a drain
    assert len(ids) > 20
    library.close()
    reading = sqlite3.connect(tmp_path / "one.sqlite")
    writing = sqlite3.connect(tmp_path / "two.sqlite")
    reading.backup(writing)
    reading.close()
    writing.close()
    found = []
    for name, processes in (("one", 0), ("two", 2)):
        library = Library(tmp_path / f"{name}.sqlite")
        conflicts = stories_conflicts(library.store, ids, processes)
        counts = library.store.query("SELECT id, figures, differing FROM stories ORDER BY id")
        found.append((conflicts, [tuple(row) for row in counts]))
        library.close()
    assert found[0] == found[1]
    assert found[0][0], "the stories hold conflicts"
    assert any(figures is not None for _, figures, _ in found[0][1])
