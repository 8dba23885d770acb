"""The merge step for split stories (reader.stories.assign.MERGE_STORIES, the decision
reader.stories.same_event.merge_partner) on real reports from the development topics of the
news-clusters corpus: the first reports of Matt Smith's casting as Doctor Who (t39a) start two
stories that a later report links, and merge; twin events (t23: two climbers' falls, t35: two
players' DUI arrests, t02: two Oscar hosts) stay apart; in a whole library the Mount Cook
climber's fall (t23a), split in three stories of 4, 3 and 3 reports without the step, is one
story of 9 and one late report; and a library whose stories an older
assigner made (no veto, no merge step) has them assigned again in the background after its
upgrade (migration m495), as does a library assigned with the merge step off (m505, since the
step checks what contradicts between two stories and ships on), with nothing hanging on a
story merged away."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.library import Library
from reader.store import stories as story_store
from reader.stories import assign as assigner
from reader.stories import same_event, service
from reader.stories.assign import StoryIndex, StoryInput, assign
from reader.stories.features import article_features
from reader.stories.same_event import MergeRule
from tests.stories.corpus_eval import import_in_order, orphan_rows, truth_and_stories, write_feeds

#: Twin events of one topic (a, b): no story may hold reports of both. (Not t27, two emergency
#: patches of one browser: one report of the second joins the first's story with or without
#: the merge step.)
TWINS = ("t02", "t23", "t35")


@pytest.fixture
def assigner_switches() -> Iterator[None]:
    """The merge step and the veto as shipped again after a test that sets them."""
    shipped = assigner.MERGE_STORIES, same_event.ACTOR_VETO
    yield
    assigner.MERGE_STORIES, same_event.ACTOR_VETO = shipped


def _clusters(corpora: Path) -> Path:
    root = corpora / "news-clusters" / "clusters"
    if not root.is_dir():
        pytest.skip(f"news-clusters corpus not found at {root}")
    return root


def _topic_items(corpora: Path, topic: str) -> list[tuple[str, StoryInput]]:
    """A topic's reports of both events (their cluster beside each), on the days the corpus
    feeds give them (tests/stories/corpus_eval.write_feeds: each cluster some days apart,
    its reports seven hours apart), in report-time order as the library assigns them."""
    root = _clusters(corpora)
    names = sorted(path.name for path in root.iterdir() if path.is_dir())
    dated = []
    for position, name in enumerate(names):
        if not name.startswith(topic):
            continue
        start = 20000.0 + (position * 37) % 42
        for number, path in enumerate(sorted((root / name).glob("*.txt"))):
            title, _, body = path.read_text(encoding="utf-8").partition("\n\n")
            dated.append((start + 7 * number / 24, name, title.strip(), body.replace("\n", " ")))
    dated.sort()
    return [
        (name, StoryInput(n, n, day, article_features(title, body)))
        for n, (day, name, title, body) in enumerate(dated, start=1)
    ]


def _stories_of(items: list[tuple[str, StoryInput]]) -> dict[str, set[int]]:
    return _stories_of_with(items, None)


def _stories_of_with(
    items: list[tuple[str, StoryInput]], rule: MergeRule | None
) -> dict[str, set[int]]:
    """Each cluster's stories, the items assigned with the merge ``rule`` (None: as
    shipped)."""
    index = assign(StoryIndex(), [item for _, item in items], merge=rule)
    found: dict[str, set[int]] = {}
    for cluster, item in items:
        found.setdefault(cluster, set()).add(index.story_of(item.article_id))
    return found


def test_a_split_story_merges_and_only_with_the_step(
    corpora: Path, assigner_switches: None
) -> None:
    items = _topic_items(corpora, "t39")
    assigner.MERGE_STORIES = True  # as shipped since session 21
    merged = _stories_of(items)
    casting = next(cluster for cluster in merged if cluster.startswith("t39a"))
    assert len(merged[casting]) == 1
    assigner.MERGE_STORIES = False
    assert len(_stories_of(items)[casting]) > 1  # what the step is for


@pytest.mark.parametrize("topic", ["t02", "t23", "t35"])
def test_twin_events_stay_apart(corpora: Path, topic: str) -> None:
    stories = list(_stories_of(_topic_items(corpora, topic)).values())
    assert len(stories) == 2
    assert not stories[0] & stories[1]


def _mixed(items: list[tuple[int, str, int]], topic: str) -> bool:
    """Whether a story holds reports of both of a topic's twin events."""
    first = {story for _, cluster, story in items if cluster.startswith(topic + "a")}
    second = {story for _, cluster, story in items if cluster.startswith(topic + "b")}
    assert first and second
    return bool(first & second)


def _feeds_of_topics(corpus: Path, tmp_path: Path, prefixes: tuple[str, ...]) -> dict[str, str]:
    """Feeds (under tmp_path/feeds) of the corpus's clusters whose names start with one of
    ``prefixes``, written as the corpus's own script writes them; its clusters' truth."""
    subset = tmp_path / "corpus"
    (subset / "clusters").mkdir(parents=True)
    (subset / "to_feeds.py").symlink_to(corpus / "to_feeds.py")
    for cluster in sorted((corpus / "clusters").iterdir()):
        if cluster.name.startswith(prefixes):
            (subset / "clusters" / cluster.name).symlink_to(cluster)
    return write_feeds(subset, tmp_path / "feeds")


def test_an_old_library_has_its_stories_assigned_again_after_its_upgrade(
    corpora: Path, tmp_path: Path, assigner_switches: None
) -> None:
    corpus = corpora / "news-clusters"
    if not (corpus / "to_feeds.py").is_file():
        pytest.skip(f"news-clusters corpus not found at {corpus}")
    # The twin topics only (both events of each), as the corpus's own script writes feeds:
    # the whole corpus took four times as long and tells nothing more here.
    clusters = _feeds_of_topics(corpus, tmp_path, TWINS)
    path = tmp_path / "old.sqlite"
    # A library as an older feedlens left it: its stories assigned with neither the veto nor
    # the merge step, and the migration bringing them not applied yet.
    assigner.MERGE_STORIES = False
    same_event.ACTOR_VETO = False
    old = Library(path)
    import_in_order(old, tmp_path / "feeds", seed=0)
    before = truth_and_stories(old, clusters)
    old.close()
    # Without the veto, Vincent Jackson's DUI arrest joins Jamal Williams's story (t35).
    assert _mixed(before, "t35")
    same_event.ACTOR_VETO = True
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm495_stories_assigned_again'")
    conn.close()

    library = Library(path)  # the upgrade: quick, nothing assigned yet
    try:
        assert library.store.get_state(service.REBUILD_WANTED) == "1"
        progress = library.analysis_progress()
        assert (progress.done, progress.total) == (0, 1)  # the analysis stage has work
        # The stories read as they were until the new ones are written.
        assert truth_and_stories(library, clusters) == before
        assert library.stories.count() >= 6

        library.wait_for_analysis()  # what the reader's background analysis does
        assert not library.store.get_state(service.REBUILD_WANTED)
        assert library.analysis_progress().complete
        items = truth_and_stories(library, clusters)
        for topic in TWINS:
            assert not _mixed(items, topic), topic
        assert story_store.pending_article_ids(library.store) == []
    finally:
        library.close()
    assert set(orphan_rows(path).values()) == {0}, orphan_rows(path)


def test_a_library_assigned_without_merging_has_its_split_stories_joined_after_its_upgrade(
    corpora: Path, tmp_path: Path, assigner_switches: None
) -> None:
    corpus = corpora / "news-clusters"
    if not (corpus / "to_feeds.py").is_file():
        pytest.skip(f"news-clusters corpus not found at {corpus}")
    clusters = _feeds_of_topics(corpus, tmp_path, ("t39", "t23"))
    path = tmp_path / "old.sqlite"
    # A library as feedlens left it with the merge step off (sessions 19 and 20).
    assigner.MERGE_STORIES = False
    old = Library(path)
    import_in_order(old, tmp_path / "feeds", seed=0)
    before = truth_and_stories(old, clusters)
    old.close()
    assigner.MERGE_STORIES = True
    with sqlite3.connect(path) as conn:
        conn.execute(
            "DELETE FROM _sqlite_migrations "
            "WHERE name = 'm505_stories_merged_when_nothing_contradicts'"
        )
    conn.close()

    library = Library(path)  # the upgrade: quick, nothing assigned yet
    try:
        assert library.stories.rebuilding() == (0, len(before))
        assert truth_and_stories(library, clusters) == before
        library.wait_for_analysis()  # the analysis stage, in the background in the reader
        assert library.stories.rebuilding() is None
        after = truth_and_stories(library, clusters)
    finally:
        library.close()
    assert set(orphan_rows(path).values()) == {0}, orphan_rows(path)
    for cluster in ("t39a", "t23a"):
        split = {story for _, name, story in before if name.startswith(cluster)}
        joined = {story for _, name, story in after if name.startswith(cluster)}
        assert len(joined) < len(split), cluster
    for topic in ("t39", "t23"):
        assert not _mixed(after, topic), topic
