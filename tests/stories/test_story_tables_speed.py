"""A story table built the quick way is the table built the plain way, on real news.

The story tables score only the candidate pairs that can pass (reader.stories.figure_entries
``scored_pairs``: bucketed by kind, swept by span and by value ratio), read what a report's
pair features need of it once (reader.stories.figure_pairs.ReportView), and a whole pass builds
them in worker processes (reader/stories/story_tables_pool.py). Here every multi-article story
of real multi-outlet news (the news clusters, as feeds one per outlet) is built both ways: the
plain way scores every pair of the story, as the tables did before, and one process builds the
whole pass against two.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reader.cli import main
from reader.library import Library
from reader.store import articles as article_store
from reader.store import stories as story_store
from reader.store import story_groups as group_store
from reader.stories.facade import story_reports
from reader.stories.figure_entries import (
    UNNAMED_DISCOUNT,
    _spans_overlap,
    candidates,
    comparable,
    disputable,
    scored_pairs,
)
from reader.stories.figure_pairs import FigurePairModel, ReportView, pair_features, shipped_models
from reader.stories.figures import ReportedValue
from reader.stories.story_groups import PARALLEL_STORIES, all_story_groups, whole_pass_processes
from tests.conftest import CORPORA

CLUSTERS = CORPORA / "news-clusters"
# Two similar events a topic (two earthquakes, two arrests of one player): many figures of one
# kind and unit across the stories, the hard case for a prefilter.
TOPICS = ("t01", "t02", "t03", "t04", "t05", "t18", "t25", "t30")

pytestmark = pytest.mark.skipif(
    not CLUSTERS.is_dir(), reason="news clusters not found (shared corpora)"
)


def plain_scored_pairs(
    views: Sequence[ReportView], model: FigurePairModel, differing: bool
) -> dict[tuple[int, int], float]:
    """``scored_pairs`` as it was: every pair of the story checked and scored in order."""
    scores = {}
    for i, a in enumerate(views):
        for j in range(i + 1, len(views)):
            b = views[j]
            if not comparable(a, b) or _spans_overlap(a, b) == differing:
                continue
            if differing and not disputable(a, b):
                continue
            score = model.probability(pair_features(a, b))
            if differing and not a.thing:
                score *= UNNAMED_DISCOUNT
            scores[(i, j)] = score
    return scores


@pytest.fixture(scope="module")
def clusters_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library of the chosen topics' clusters, imported and analysed."""
    folder = tmp_path_factory.mktemp("clusters")
    chosen = folder / "clusters"
    for cluster in sorted((CLUSTERS / "clusters").iterdir()):
        if cluster.name[:3] in TOPICS:
            shutil.copytree(cluster, chosen / cluster.name)
    feeds = folder / "feeds"
    subprocess.run(
        [sys.executable, str(CLUSTERS / "to_feeds.py"), str(chosen), str(feeds)],
        check=True,
        capture_output=True,
    )
    db = folder / "library.sqlite"
    result = CliRunner().invoke(
        main, ["--db", str(db), "import", "--wait", *sorted(map(str, feeds.glob("*.xml")))]
    )
    assert result.exit_code == 0, result.output
    return db


def _story_reports(library: Library) -> list[list[ReportedValue]]:
    """Every multi-article story's reports, as a whole pass reads them."""
    store = library.store
    ids = group_store.stories_with_articles(store)
    members = story_store.story_article_ids(store, ids)
    return [
        story_reports(store, article_store.rows_by_ids(store, members[story_id]))
        for story_id in sorted(members)
    ]


def test_the_candidate_pairs_score_as_every_pair_did(clusters_library: Path) -> None:
    library = Library(clusters_library)
    models = shipped_models()
    stories = _story_reports(library)
    library.close()
    assert len(stories) >= 10
    scored = 0
    for reports in stories:
        views = candidates(reports)
        for model, differing in ((models.agreeing, False), (models.differing, True)):
            quick = scored_pairs(views, model, differing)
            # The same pairs, scores and order (the scores are summed in this order).
            assert list(quick.items()) == list(plain_scored_pairs(views, model, differing).items())
            scored += len(quick)
    assert scored > 1000  # the stories hold pairs enough to tell


def test_a_whole_pass_in_two_processes_is_the_pass_in_one(
    clusters_library: Path, tmp_path: Path
) -> None:
    found = []
    for processes in (0, 2):
        copy = tmp_path / f"copy-{processes}.sqlite"
        shutil.copy(clusters_library, copy)
        library = Library(copy)
        with library.store.write() as conn:
            conn.execute("UPDATE stories SET figures = NULL, differing = NULL")
        conflicts = all_story_groups(library.store, processes)
        counts = library.store.query("SELECT id, figures, differing FROM stories ORDER BY id")
        found.append((conflicts, [tuple(row) for row in counts]))
        library.close()
    (one, one_counts), (two, two_counts) = found
    assert one == two and one_counts == two_counts
    assert one, "the clusters hold conflicts"
    assert any(figures is not None for _, figures, _ in one_counts)


def _processes_in_daemon(answer: Any) -> None:
    answer.put(whole_pass_processes(PARALLEL_STORIES))


def test_a_whole_pass_uses_workers_only_when_they_repay_and_may_start() -> None:
    assert whole_pass_processes(PARALLEL_STORIES - 1) == 0  # a small library: in this process
    assert whole_pass_processes(PARALLEL_STORIES) == min(2, os.cpu_count() or 1)
    # A daemonic process (the reader's figure-groups child) may start none. (The reader's
    # analysis child is not daemonic: tests/test_analysis_child_workers.py.)
    context = multiprocessing.get_context("spawn")
    answer = context.Queue()
    child = context.Process(target=_processes_in_daemon, args=(answer,), daemon=True)
    child.start()
    assert answer.get(timeout=60) == 0
    child.join()
