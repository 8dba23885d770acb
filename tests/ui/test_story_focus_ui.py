"""The story screen as a newcomer met it: after ``tab`` it was not clear which list had the
keys, the articles list showed no cursor, and the chart's figure was not plain. Pilot on the
sample library, in dark and light themes."""

from __future__ import annotations

import pytest
from textual.color import Color
from textual.widgets import OptionList, Static

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.story import StoryScreen
from tests.ui.helpers import open_first_story, settle


def _bar(listing: OptionList) -> Color:
    """The colour of a list's left bar (what says it has the focus)."""
    return listing.styles.border_left[1]


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_tab_shows_which_list_has_the_keys_and_the_chart_follows_the_figure(
    sample_library: Library, theme: str
) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(140, 44)) as pilot:
        app.theme = theme
        await open_first_story(pilot)
        story = app.screen
        assert isinstance(story, StoryScreen)
        articles = story.query_one("#story-articles", OptionList)
        figures = story.query_one("#story-figures", OptionList)
        accent = Color.parse(app.current_theme.primary)
        assert figures.has_focus and story.has_class("-figures-focused")
        assert _bar(figures) == accent and _bar(articles) != accent
        title = story.query_one("#story-figures-title", Static)
        assert title.styles.color == accent

        await pilot.press("tab")
        await settle(pilot)
        assert articles.has_focus and not story.has_class("-figures-focused")
        assert _bar(articles) == accent and _bar(figures) != accent
        assert title.styles.color != accent
        assert articles.highlighted == 0  # a cursor where the keys act, without a first j
        await pilot.press("j")
        assert articles.highlighted == 1

        await pilot.press("tab")
        await settle(pilot)
        assert figures.has_focus
        label = story.query_one("#story-chart-label", Static)
        before = str(label.render())
        await pilot.press("j")
        await settle(pilot)
        assert figures.highlighted == 1
        assert story.detail is not None
        second = story.detail.table[1].row_name
        after = str(label.render())
        assert after != before and after.startswith(second), (before, after)


def _tabs(story: StoryScreen) -> str:
    return " ".join(
        str(story.query_one(f"#story-tab-{name}", Static).render()).strip()
        for name in ("articles", "figures", "keys")
    )


@pytest.mark.parametrize("size", [(140, 44), (80, 24)])
async def test_the_tabs_say_which_list_is_shown_and_how_to_switch(
    sample_library: Library, size: tuple[int, int]
) -> None:
    """A newcomer could not tell which of the story's tabs was shown nor how to switch: the
    strip under the title marks it (▸, in the accent colour) and names the key; tab, shift+tab
    and a click on the other tab switch, and the strip follows."""
    app = make_app(sample_library, Settings())
    async with app.run_test(size=size) as pilot:
        await open_first_story(pilot)
        story = app.screen
        assert isinstance(story, StoryScreen) and story.detail is not None
        articles = len(story.detail.articles)
        figures = len(story.detail.table) + len(story.detail.thread_figures.quantities)
        on_figures = f"Articles {articles} ▸ Figures {figures} tab: articles"
        on_articles = f"▸ Articles {articles} Figures {figures} tab: figures"
        assert _tabs(story) == on_figures
        tab = story.query_one("#story-tab-figures", Static)
        assert tab.has_class("-selected")
        assert tab.styles.color == Color.parse(app.current_theme.primary)
        await pilot.press("tab")
        await settle(pilot)
        assert _tabs(story) == on_articles
        assert story.query_one("#story-articles", OptionList).has_focus
        await pilot.press("shift+tab")
        await settle(pilot)
        assert _tabs(story) == on_figures
        await pilot.click("#story-tab-articles")
        await settle(pilot)
        assert _tabs(story) == on_articles
        assert story.query_one("#story-articles", OptionList).display  # shown, even at 80x24
        await pilot.click("#story-tab-articles")  # the selected tab: nothing changes
        await settle(pilot)
        assert _tabs(story) == on_articles
        await pilot.click("#story-tab-figures")
        await settle(pilot)
        assert _tabs(story) == on_figures
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        shown = str(app.screen.query_one("#help-body Static", Static).render())
        assert "the tab marked ▸ has the keys (tab switches)" in shown
