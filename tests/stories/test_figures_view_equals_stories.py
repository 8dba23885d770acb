"""The Figures view's conflicts are the Stories view's flags, story by story, on real news.

A tester counted 23 conflicts in the Figures view (`feedlens figures --json`) against 26 flags
in the Stories view on one library: the Figures view read a story of more than 400 reports
(its budget then) from its newest articles only, the story's screen and the Stories list read
every article. All three now read one table (reader.stories.story_groups.story_table) and
count a flag by one predicate (``is_conflict``). Real multi-outlet news (two development
topics of the news-clusters corpus, written as feeds by the corpus's own to_feeds.py, one
story of them past 400 reports) imported into a real library.
"""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

import reader.cli  # noqa: F401  (loads cli_stories the way the command does: no import cycle)
from reader.cli_stories import _detail_json
from reader.library import Library
from reader.store.story_groups import story_bucket
from reader.stories import story_groups

#: Development topics (tests/stories/README.md): full texts of a basketball record and an
#: obituary, stories whose articles give hundreds of figures.
CLUSTERS = ("t31a", "t31b", "t28a", "t28b")


@pytest.fixture
def news_feeds(corpora: Path, tmp_path: Path) -> Path:
    corpus = corpora / "news-clusters"
    if not (corpus / "to_feeds.py").is_file():
        pytest.skip(f"news-clusters corpus not found at {corpus}")
    chosen = tmp_path / "clusters"
    chosen.mkdir()
    for folder in sorted((corpus / "clusters").iterdir()):
        if folder.name[:4] in CLUSTERS:
            (chosen / folder.name).symlink_to(folder)
    out = tmp_path / "feeds"
    subprocess.run(
        [sys.executable, str(corpus / "to_feeds.py"), str(chosen), str(out)],
        check=True,
        capture_output=True,
    )
    (out / "index.json").unlink()  # not a feed
    return out


def test_the_figures_view_lists_exactly_the_stories_flags(
    news_feeds: Path, library: Library
) -> None:
    library.import_paths([news_feeds])
    library.wait_for_analysis()
    library.stories.update()
    summaries = library.stories.ranked(min_articles=2, with_articles=False)
    conflicts = [g for g in library.figure_groups() if g.kind == "conflict"]
    listed: dict[str, set[tuple[int, ...]]] = defaultdict(set)
    for group in conflicts:
        listed[group.bucket].add(tuple(sorted(group.mention_ids)))
    largest = 0
    for summary in summaries:
        detail = library.stories.get(summary.row.story_id)
        largest = max(largest, sum(len(entry.values) for entry in detail.table))
        flagged = {
            tuple(sorted(v.mention_id for v in entry.values))
            for entry in detail.table
            if story_groups.is_conflict(entry)
        }
        bucket = story_bucket(summary.row.story_id)
        assert flagged == listed.pop(bucket, set()), summary.row.title
        assert summary.differing == len(flagged) == _detail_json(detail)["differing"]
    assert not listed  # no conflict of a story the list does not show
    assert sum(s.differing for s in summaries) == len(conflicts)
    assert conflicts, "no flag at all: the test shows nothing"
    # The table of the story the old budget cut (its entries alone hold 300 reports or more).
    assert largest >= 300
