"""Two podcasts' episodes are no story of one event because they name one same game.

Real feeds (../shared/corpora/real-world-feeds): Giant Bombcast's 10 Aug 2010 episode and
Taverncast 42 (8 Aug 2010) both name StarCraft, the week StarCraft II came out. Each show's own
name is its feed's boilerplate and is set aside, so a two-line episode note has a few names
left, and sharing one of them read as one event. An article now joins no story it shares fewer
than two terms with (reader.stories.same_event.MIN_SHARED_TERMS)."""

from __future__ import annotations

from pathlib import Path

from reader.library import Library
from reader.stories.assign import StoryInput, StoryState
from reader.stories.features import article_features
from reader.stories.same_event import MIN_SHARED_TERMS, chosen_story, shared_terms

PODCASTS = ("Giant Bombcast", "Taverncast - Happy Hour in Your Head - Since 2005")


def test_two_podcasts_share_no_story_for_naming_one_game(corpora: Path, library: Library) -> None:
    # The whole folder, as a user imports it (about 30 s): which story an episode meets
    # depends on what was assigned before it, and the two shows alone never met.
    library.import_paths([corpora / "real-world-feeds"])
    library.stories.update()
    stories = library.stories.ranked(min_articles=2)
    assert any(s.row.feeds == 1 for s in stories), "a show's own episodes still form stories"
    for story in stories:
        outlets = {article.feed_title for article in story.articles}
        assert not set(PODCASTS) <= outlets, (story.row.title, outlets)


def _story_of(title: str, text: str) -> StoryState:
    story = StoryState(1, 1, 0.0, 0.0, 0)
    story.add(StoryInput(1, 1, 0.0, article_features(title, text)))
    return story


def test_one_shared_name_is_too_little_and_two_terms_are_enough() -> None:
    tavern = _story_of(
        "Taverncast 42: Vuvuzela",
        "Season 4 continues with the horror of the vuvuzela, Starcraft 2, and Twilight movies",
    )
    bombcast = article_features(
        "Giant Bombcast 08-10-2010",
        "Arachnophobia rears its head, and we discuss NBA Jam, Batman, Pokemon and StarCraft.",
    )
    assert shared_terms(bombcast, tavern) < MIN_SHARED_TERMS
    assert chosen_story(bombcast, [(0.9, tavern)]) is None
    fire = _story_of(
        "Fire at Halvard refinery forces mass evacuation",
        "A fire at the Halvard refinery forced the evacuation of 4,500 workers on Monday.",
    )
    same = article_features(
        "Thousands flee as Halvard refinery burns",
        "Thousands of workers fled the burning Halvard refinery on Monday, the union said.",
    )
    assert shared_terms(same, fire) >= MIN_SHARED_TERMS
