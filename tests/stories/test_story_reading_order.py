"""A story's figures table reads disagreements first (reader.stories.facade.reading_order): a
newcomer tester missed a disagreement listed 15th among agreeing figures. Checked on the
sample feeds' story, whose table, most widely reported first, lists an agreeing figure first."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from reader.library import Library
from reader.stories.figures import AGREE, DIFFERS, DISAGREEMENT, UPDATE

RANK = {DISAGREEMENT: 0, UPDATE: 1, DIFFERS: 2, AGREE: 3}


def _largest_story(library: Library) -> int:
    return max(library.stories.ranked(limit=50), key=lambda s: len(s.articles)).row.story_id


def test_the_story_table_shows_disagreements_first(sample_library: Library) -> None:
    detail = sample_library.stories.get(_largest_story(sample_library))
    kinds = [q.kind for q in detail.table]
    assert kinds[0] == DISAGREEMENT, kinds
    assert kinds == sorted(kinds, key=RANK.__getitem__), kinds
    # Within a kind, the most widely reported first, as before.
    agreeing = [q for q in detail.table if q.kind == AGREE]
    assert [(-q.feeds, -q.articles) for q in agreeing] == sorted(
        (-q.feeds, -q.articles) for q in agreeing
    )
    # The order is the reader's, not the table's own: an agreeing figure is as widely reported.
    first = detail.table[0]
    assert any((q.feeds, q.articles) >= (first.feeds, first.articles) for q in agreeing)


def test_stories_id_json_lists_disagreements_first(sample_library: Library, tmp_path: Path) -> None:
    story_id = _largest_story(sample_library)
    path = sample_library.path
    sample_library.close()
    shown = subprocess.run(
        [sys.executable, "-m", "reader", "--db", str(path), "stories", str(story_id), "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    table = json.loads(shown.stdout)["table"]
    kinds = [entry["kind"] for entry in table]
    assert kinds[0] == DISAGREEMENT and kinds == sorted(kinds, key=RANK.__getitem__), kinds
