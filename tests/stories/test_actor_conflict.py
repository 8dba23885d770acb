"""The main-actor conflict veto (reader.stories.same_event.actor_conflict) on real reports
from the development topics of the news-clusters corpus: two DUI arrests of one team's
players (t35: Jamal Williams, then Vincent Jackson, whose arrest the Williams reports recall)
are two events, however alike the rest; a further report of the same arrest is none; and in
a whole library, no story holds reports of both arrests."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.library import Library
from reader.stories import same_event
from reader.stories.assign import StoryIndex, StoryInput, StoryState, assign
from reader.stories.features import ArticleFeatures, article_features
from reader.stories.same_event import actor_conflict
from tests.stories.corpus_eval import truth_and_stories

WILLIAMS = "t35b_chargers-jamal-williams-arrested-on-dui-"
JACKSON = "t35a_chargers-wr-jackson-will-play-vs-steeler"


def _reports(corpora: Path, cluster: str) -> list[ArticleFeatures]:
    folder = corpora / "news-clusters" / "clusters" / cluster
    if not folder.is_dir():
        pytest.skip(f"news-clusters corpus not found at {folder}")
    features = []
    for path in sorted(folder.glob("*.txt")):
        title, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        features.append(article_features(title.strip(), body.replace("\n", " ")))
    return features


def _story(reports: list[ArticleFeatures]) -> StoryState:
    """A story of these reports, as the assigner builds it (all on one day)."""
    index = StoryIndex()
    story = StoryState(1, 1, 20000.0, 20000.0, 0)
    index.put(story)
    for number, features in enumerate(reports, start=1):
        story.add(StoryInput(number, 1, 20000.0, features))
    return story


def test_the_other_players_arrest_conflicts_with_the_williams_story(corpora: Path) -> None:
    williams = _reports(corpora, WILLIAMS)
    jackson = _reports(corpora, JACKSON)
    story = _story(williams[:6])
    summary = story.summary()
    assert ("jamal", "william") in summary.main_names, summary.main_names
    # The Williams reports name Jackson (his arrest a month before), but not in a headline:
    # Jackson's arrest reports are about another man.
    conflicts = [actor_conflict(features, summary) for features in jackson]
    assert sum(conflicts) >= len(jackson) - 2, conflicts  # 9 of 10 when written
    # A further report of Williams's arrest is no conflict, whatever words it uses.
    assert not any(actor_conflict(features, summary) for features in williams[6:])


def test_a_young_story_has_no_settled_main_actor(corpora: Path) -> None:
    williams = _reports(corpora, WILLIAMS)
    jackson = _reports(corpora, JACKSON)
    young = _story(williams[: same_event.ACTOR_VETO_ARTICLES - 1])
    assert not young.summary().main_names
    assert not any(actor_conflict(features, young.summary()) for features in jackson)


def test_the_veto_keeps_the_arrests_apart_in_assignment(corpora: Path) -> None:
    williams = _reports(corpora, WILLIAMS)
    jackson = _reports(corpora, JACKSON)
    items = [StoryInput(n, n, 20000.0 + n / 100, f) for n, f in enumerate(williams, start=1)]
    base = len(items)
    items += [
        StoryInput(base + n, base + n, 20000.5 + n / 100, f) for n, f in enumerate(jackson, start=1)
    ]
    index = assign(StoryIndex(), items)
    williams_stories = {index.assigned[n] for n in range(1, base + 1)}
    jackson_stories = {index.assigned[n] for n in range(base + 1, len(items) + 1)}
    assert not williams_stories & jackson_stories
    # Switched off, the same reports mix (what the veto is for).
    same_event.ACTOR_VETO = False
    try:
        index = assign(StoryIndex(), items)
    finally:
        same_event.ACTOR_VETO = True
    mixed = {index.assigned[n] for n in range(1, base + 1)} & {
        index.assigned[n] for n in range(base + 1, len(items) + 1)
    }
    assert mixed


def test_no_story_of_the_library_mixes_the_two_arrests(
    news_feeds: tuple[Path, dict[str, str]], news_analysed: Library
) -> None:
    # The whole corpus imported in sorted feed order and analysed (built once a session).
    _, clusters = news_feeds
    items = truth_and_stories(news_analysed, clusters)
    williams = {story for _, cluster, story in items if cluster == WILLIAMS}
    jackson = {story for _, cluster, story in items if cluster == JACKSON}
    assert williams and jackson
    assert not williams & jackson
    # Every Williams report is in one story.
    assert len(williams) == 1
