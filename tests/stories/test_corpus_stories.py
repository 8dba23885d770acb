"""Stories on real news (the news-clusters corpus): a floor under the development score,
incremental assignment (feed by feed, as imports come) equal to a whole rebuild, and the same
stories whatever order the feeds were imported in."""

from __future__ import annotations

from pathlib import Path

from reader.library import Library
from tests.stories.corpus_eval import (
    import_in_order,
    orphan_rows,
    partition,
    split_scores,
    thread_partition,
    truth_and_stories,
)

#: The development topics' pairwise F1 when this floor was set was 0.887 (precision 0.84,
#: recall 0.94), with the missing-core-names penalty, importing the feeds in sorted order;
#: with the same-event check (reader/stories/same_event.py) and assignment in id order, import
#: orders scored 0.815 to 0.875 (mean 0.851, tests/perf/stories_eval.py --orders 5). Articles
#: are now assigned in report time, then link order, whatever order the feeds were imported
#: in (one score, not one draw of several), and the model chooses among the candidates: 0.853
#: (precision 0.84, recall 0.865) with the cross-validated model of issue 19's round 6; 0.910
#: (precision 0.963, recall 0.863) with facts, kept members and the model trained on the
#: assigner's own decisions (round 7); 0.919 (precision 0.982, recall 0.863) with the
#: main-actor conflict veto (session 18: no story mixes the two players' DUI arrests of t35);
#: 0.941 (precision 0.982, recall 0.904) with the merge step for split stories (session 19),
#: shipped off after the held-back topics' precision fell to 0.912 with it (assign.py
#: MERGE_STORIES): 0.919 again; 0.941 (0.982, 0.904) with it on again in session 21, stopped
#: where two stories contradict (reader/stories/merge_checks.py). The floor stays at 0.90 so
#: the switch can go off again without touching it.
DEV_F1_FLOOR = 0.90
#: Precision first (a false join mixes two events in front of a reader): 0.963 in round 7,
#: 0.982 with the main-actor conflict veto.
DEV_PRECISION_FLOOR = 0.97


def test_development_topics_score_above_the_floor(
    news_feeds: tuple[Path, dict[str, str]], news_analysed: Library
) -> None:
    # The feeds imported in sorted order, then analysed (import_in_order(seed=0), built once
    # for the session): stories and figures follow the store stage.
    library = news_analysed
    _, clusters = news_feeds
    dev, _ = split_scores(truth_and_stories(library, clusters))
    assert dev.articles > 400
    assert dev.f1 >= DEV_F1_FLOOR, dev.line("development")
    assert dev.precision >= DEV_PRECISION_FLOOR, dev.line("development")
    # Stories merged as they were assigned took everything that hangs on them along.
    assert set(orphan_rows(library.store.path).values()) == {0}, orphan_rows(library.store.path)
    # Figure groups and conflicts on real news stay inside one story's thread.
    groups = library.figure_groups(min_articles=2)
    assert groups, "real news shares no figure at all?"
    for group in groups:
        articles = {figure.article_id for figure, _ in library.group_mentions(group)}
        threads = {thread for _, thread in library.stories.of_articles(sorted(articles)).values()}
        assert len(threads) == 1, group.label


def test_incremental_assignment_equals_a_rebuild(
    news_feeds: tuple[Path, dict[str, str]], library: Library
) -> None:
    feeds, _ = news_feeds
    files = sorted(feeds.glob("*.xml"))
    # Imports come a few feeds at a time, each followed by assignment of what is new.
    for first in range(0, len(files), 40):
        library.import_paths(files[first : first + 40], processes=1)
        library.wait_for_analysis()
    incremental = partition(library)
    incremental_threads = thread_partition(library)
    assert library.stories.pending() == 0
    library.stories.rebuild()
    assert partition(library) == incremental
    assert thread_partition(library) == incremental_threads
    assert len(incremental) > 40


def test_stories_do_not_depend_on_the_order_feeds_were_imported_in(
    news_feeds: tuple[Path, dict[str, str]], news_analysed: Library, tmp_path: Path
) -> None:
    """A parallel import stores feeds in whatever order they finish: ids differ from run to
    run, the stories must not (they are assigned in report time, then link order)."""
    feeds, _ = news_feeds
    partitions = []
    for seed in (0, 3):  # seed 0, sorted: the session's library (a copy of it)
        library = news_analysed if seed == 0 else Library(tmp_path / f"order-{seed}.sqlite")
        if seed:
            import_in_order(library, feeds, seed)
        links = {int(r[0]): str(r[1]) for r in library.store.query("SELECT id, link FROM articles")}
        partitions.append({frozenset(links[a] for a in story) for story in partition(library)})
        if seed:
            library.close()
    assert partitions[0] == partitions[1]
