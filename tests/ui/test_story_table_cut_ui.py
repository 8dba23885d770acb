"""The story screen says when its figures table reads only the story's newest articles (a
story past the budgets of reader.stories.story_groups): one quiet line by the table's title,
as `feedlens stories ID` says it. Pilot on the analysed sample library; the articles budget
is lowered so its first story is past it (its real table is read, cut by the real code)."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from reader.config import Settings
from reader.library import Library
from reader.stories import story_groups
from reader.ui.app import make_app
from reader.ui.screens.story import StoryScreen
from tests.ui.helpers import open_first_story


async def test_the_story_screen_says_its_table_is_cut_to_the_newest_articles(
    sample_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await open_first_story(pilot)
        screen = app.screen
        assert isinstance(screen, StoryScreen) and screen.detail is not None
        title = screen.query_one("#story-figures-title", Static)
        assert str(title.render()) == "Figures"  # the whole story read: nothing more said
        whole = len(screen.detail.articles)
        assert whole > 2

        monkeypatch.setattr(story_groups, "MAX_STORY_ARTICLES", 2)
        screen.load()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.detail.table_cut
        said = str(title.render())
        assert said == f"Figures  from the newest 2 of {whole} articles", said
