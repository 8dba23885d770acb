"""Pilot tests of what a newcomer tripped on: a with no selection, H twice on one sentence,
esc in the Figures filter."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList, Static, TextArea

from reader.config import Settings
from reader.library import Library
from reader.text.wording import counted
from reader.ui.app import make_app
from reader.ui.screens.library import LibraryScreen
from reader.ui.widgets.annotation_pane import AnnotationPane
from tests.ui.helpers import settle, wait_for_notice
from tests.ui.test_annotations_ui import open_first_fire_article
from tests.ui.test_figures_ui import open_figures


async def test_a_without_a_selection_opens_the_note_and_keeps_what_is_typed(
    sample_library: Library,
) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(170, 40)) as pilot:
        view = await open_first_fire_article(pilot)
        assert view.selection is None
        # Typed at once, before the highlight is written: the letters are the note (u and q
        # are commands in the reading pane: unread only, quit).
        await pilot.press("a", *"quick note")
        await settle(pilot)
        await pilot.pause(0.8)  # the save debounce
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert app.is_running
        assert screen.unread_only is False
        assert screen.has_class("-annotating")
        assert app.focused is screen.query_one(AnnotationPane).query_one(TextArea)
        article_id = view.article.row.id  # type: ignore[union-attr]
        await pilot.press("escape")
        await settle(pilot)
    [annotation] = sample_library.annotations(article_id)
    assert annotation.quote.startswith("A fire that")
    assert annotation.note == "quick note"


async def test_a_on_a_highlighted_sentence_opens_its_note(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(170, 40)) as pilot:
        view = await open_first_fire_article(pilot)
        await pilot.press("H")
        await settle(pilot)
        await pilot.press("a", *"second thought")
        await pilot.pause(0.8)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        article_id = view.article.row.id  # type: ignore[union-attr]
    [annotation] = sample_library.annotations(article_id)
    assert annotation.note == "second thought"


async def test_h_twice_on_one_sentence_says_so_and_stores_one(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(170, 40)) as pilot:
        view = await open_first_fire_article(pilot)
        await pilot.press("right_parenthesis", "H")
        await settle(pilot)
        await pilot.press("H")
        await settle(pilot)
        assert await wait_for_notice(pilot, "Already highlighted", seconds=10)
        article_id = view.article.row.id  # type: ignore[union-attr]
    [annotation] = sample_library.annotations(article_id)
    assert annotation.quote.startswith("Flames were first reported")


async def test_esc_in_the_figures_filter_clears_it_and_the_status_counts_matches(
    sample_library: Library,
) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(140, 40)) as pilot:
        screen, listing, _ = await open_figures(pilot, app)
        whole = str(screen.query_one("#figures-status", Static).render())
        assert "shared by two or more articles" in whole
        await pilot.press("slash", *"workers")
        await settle(pilot)
        status = str(screen.query_one("#figures-status", Static).render())
        assert status.startswith(f"Filter “workers”: {counted(listing.option_count, 'figure')}")
        await pilot.press("escape")  # in the box: clears and closes the filter
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one(Input).value == ""
        assert str(screen.query_one("#figures-status", Static).render()) == whole
        await pilot.press("slash", *"billion", "enter")
        await settle(pilot)
        await pilot.press("escape")  # in the list, a filter on: clears it
        await settle(pilot)
        assert app.screen is screen and screen.query_one(Input).value == ""
        await pilot.press("escape")  # no filter: back to the library
        assert isinstance(app.screen, LibraryScreen)


async def test_the_stories_header_says_how_the_list_is_ranked(sample_library: Library) -> None:
    from reader.ui.screens.stories import StoriesScreen

    app = make_app(sample_library, Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StoriesScreen)
        header = str(screen.query_one("#stories-title", Static).render())
        assert header.startswith("Stories: most outlets first (a copied text counts once)")
        # Outlets: feeds whose texts differ (reader.stories.voices), then feeds.
        ranks = [(story.voices, story.row.feeds) for story in screen.stories]
        assert len(ranks) >= 2 and ranks == sorted(ranks, reverse=True)
        assert all(story.row.articles >= 2 for story in screen.stories)
        # Each row shows the count it is ranked by, and its articles ("3/16", the status line
        # says they are outlets/articles: the words took 40 of 80 columns from the titles).
        rows = screen.query_one("#stories-list", OptionList)
        first = str(rows.get_option_at_index(0).prompt)
        story = screen.stories[0]
        assert f"{story.voices}/{story.row.articles} " in first
        assert story.row.title[:40] in first
        status = str(screen.query_one("#stories-status", Static).render())
        assert "counts: outlets/articles" in status


async def test_the_compare_screen_at_80_columns_shows_whole_keys_and_counts_articles(
    sample_library: Library,
) -> None:
    from textual.widgets._footer import FooterKey

    from reader.ui.screens.compare import CompareScreen
    from reader.ui.widgets.key_bar import KeyBar, keys_width

    app = make_app(sample_library, Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        bar = screen.query_one(KeyBar)
        keys = [w for w in bar.query(FooterKey) if w.display]
        assert keys_width(keys) <= bar.size.width, [(k.key, k.description) for k in keys]
        assert {k.key for k in keys} >= {"question_mark", "right_square_bracket"}
        articles = len({article.row.id for _, article in screen.mentions})
        header = str(screen.query_one("#header-left", Static).render())
        assert header.startswith(f"article 1 of {articles}")
        assert f"{articles} articles" in str(screen.query_one("#compare-title", Static).render())


async def test_the_welcome_notice_is_short_names_the_key_and_leaves_the_status_in_sight(
    tmp_path: Path,
) -> None:
    """The notice is kept as the app gives it (its text and timeout, whenever the sample
    import ends), and its toast is measured from the same notice given again to stay: a
    notice stays five seconds, which a loaded machine's look at the screen could outlast."""
    from typing import Any

    from textual.widgets._toast import Toast

    from tests.ui.helpers import wait_until

    library = Library(tmp_path / "empty.sqlite")
    app = make_app(library, Settings())
    given: list[tuple[str, dict[str, Any]]] = []
    shown = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        given.append((str(message), kwargs))
        shown(message, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    async with app.run_test(size=(120, 36), notifications=True) as pilot:

        def welcome() -> list[tuple[str, dict[str, Any]]]:
            return [(m, k) for m, k in given if "sample feeds" in m]

        assert await wait_until(pilot, lambda: bool(welcome()), seconds=300)
        [(message, kwargs)] = welcome()
        assert kwargs.get("timeout", 99) <= 5 and not kwargs.get("title")
        assert "i imports" in message and "ctrl+p" not in message
        assert len(message) <= 60
        app.clear_notifications()
        shown(message, **{**kwargs, "timeout": 3600})  # the same toast, kept to be measured
        assert await wait_until(pilot, lambda: bool(app.screen.query(Toast)))
        [toast] = [t for t in app.screen.query(Toast) if "sample feeds" in str(t.render())]
        status = app.screen.query_one("#status", Static)
        assert toast.region.height <= 3
        assert toast.region.bottom <= status.region.y  # above the status line, not on it
    library.close()


async def test_the_pane_hint_follows_the_focus_at_80_columns(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)

        def status() -> str:
            return str(screen.query_one("#status", Static).render())

        assert status().endswith("h: feeds and views")
        await pilot.press("h")  # to the sidebar
        await settle(pilot)
        assert screen.sidebar.has_focus
        assert "h: feeds and views" not in status()
        assert status().endswith("l: the articles")
        await pilot.press("l")
        await settle(pilot)
        assert status().endswith("h: feeds and views")


async def test_the_story_chart_shows_at_80x24_and_tab_brings_the_articles(
    sample_library: Library,
) -> None:
    from textual.widgets import OptionList

    from reader.ui.screens.story import StoryScreen
    from tests.ui.helpers import open_first_story

    app = make_app(sample_library, Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_story(pilot)
        await settle(pilot)
        story = app.screen
        assert isinstance(story, StoryScreen)
        chart = story.query_one("#story-chart")
        articles = story.query_one("#story-articles", OptionList)
        assert chart.display and chart.region.height >= 6  # a plot, not only its legend
        assert story.query_one("#story-figures", OptionList).region.height >= 4
        await pilot.press("tab")
        await settle(pilot)
        assert articles.has_focus and articles.region.height >= 3
        assert not chart.display or chart.region.height == 0
        await pilot.press("tab")
        await settle(pilot)
        assert chart.region.height >= 6 and not articles.has_focus


async def test_a_folded_story_row_at_120_columns_says_from_how_many_feeds(
    sample_library: Library,
) -> None:
    from reader.ui.widgets.article_list import ArticleList
    from tests.ui.test_fold_stories_ui import _folded_story_row, fold_stories

    sample_library.stories.update()
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await fold_stories(pilot)
        index, row = await _folded_story_row(app, pilot)
        articles = app.screen.query_one(ArticleList)
        width = articles.scrollable_content_region.width
        # Two lines a row here: the headline, then date, feed and the story's suffix.
        meta = articles._meta_text(row, width, False).plain
        assert len(meta) <= width
        assert f"+{row.more} more from {counted(row.more_feeds, 'feed')}" in meta, meta
        assert f"{row.more_unread} unread" in meta, meta
