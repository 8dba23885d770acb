"""g/G (first/last) and ctrl+d/ctrl+u (half a page) in the Stories view, a story's two lists
and the Figures screen, as in the article list; ? lists them; typed in a filter, g is a
letter."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Static

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.figures import FiguresScreen
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.stories import StoriesScreen
from reader.ui.screens.story import StoryScreen
from tests.ui.helpers import open_first_story, settle


def last_choosable(options: OptionList) -> int:
    return max(
        i for i in range(options.option_count) if not options.get_option_at_index(i).disabled
    )


async def test_stories_list_first_last_half_page_and_help(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 12)) as pilot:  # short: half a page is a few rows
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, StoriesScreen)
        stories = app.screen.query_one("#stories-list", OptionList)
        assert stories.option_count >= 3
        await pilot.press("G")
        assert stories.highlighted == stories.option_count - 1
        await pilot.press("g")
        assert stories.highlighted == 0
        half = max(stories.scrollable_content_region.height // 2, 1)
        await pilot.press("ctrl+d")
        assert stories.highlighted == min(half, stories.option_count - 1)
        await pilot.press("ctrl+u")
        assert stories.highlighted == 0
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = str(app.screen.query_one(Static).render())
        for binding_id in ("stories.first", "stories.last", "stories.page_down", "stories.up"):
            assert binding_id in shown, binding_id


async def test_story_screen_g_and_G_move_in_the_focused_list(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(140, 44)) as pilot:
        await open_first_story(pilot)
        story = app.screen
        assert isinstance(story, StoryScreen)
        figures = story.query_one("#story-figures", OptionList)
        articles = story.query_one("#story-articles", OptionList)
        assert figures.has_focus and figures.option_count >= 2
        await pilot.press("G")
        assert figures.highlighted == last_choosable(figures)
        await pilot.press("g")
        assert figures.highlighted == 0
        await pilot.press("tab")
        assert articles.has_focus
        await pilot.press("G")
        assert articles.highlighted == last_choosable(articles)
        assert figures.highlighted == 0  # the other list stays where it was
        await pilot.press("g")
        assert articles.highlighted == 0


async def test_figures_list_g_and_G_and_a_g_typed_in_the_filter(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        assert isinstance(app.screen, FiguresScreen)
        groups = app.screen.query_one("#figures-list", OptionList)
        assert groups.option_count >= 2
        await pilot.press("G")
        assert groups.highlighted == groups.option_count - 1
        await pilot.press("g")
        assert groups.highlighted == 0
        await pilot.press("slash", "g")
        assert app.screen.query_one(Input).value == "g"
