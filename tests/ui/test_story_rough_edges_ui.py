"""The story screen's rough edges a demanding user met: clicks on figures, and what fits at
120 and 80 columns, in both themes."""

from __future__ import annotations

from textual.widgets import OptionList, Static

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.compare import CompareScreen
from reader.ui.screens.story import StoryScreen
from tests.ui.helpers import open_first_story, settle


async def test_a_click_on_a_figure_picks_it_and_a_second_click_compares(
    sample_library: Library,
) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(140, 44)) as pilot:
        await open_first_story(pilot)
        story = app.screen
        assert isinstance(story, StoryScreen)
        figures = story.query_one("#story-figures", OptionList)
        assert figures.highlighted == 0 and figures.option_count >= 2
        label = story.query_one("#story-chart-label", Static)
        before = str(label.render())
        # A click on the second figure row picks it: the chart follows, nothing opens.
        assert await pilot.click("#story-figures", offset=(4, 1))
        await settle(pilot)
        assert app.screen is story and figures.highlighted == 1
        assert str(label.render()) != before
        second = story.detail.table[1].quantity if story.detail else ""
        assert second and second in str(label.render())
        # A second click on it compares its reports, as enter does.
        assert await pilot.click("#story-figures", offset=(4, 1))
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        await pilot.press("escape")
        await settle(pilot)
        # A double click opens at once.
        assert await pilot.double_click("#story-figures", offset=(4, 0))
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
