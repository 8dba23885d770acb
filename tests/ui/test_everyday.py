"""The everyday reader (issue 23) driven with Pilot: q goes back, Q quits, typing never runs a
command, feeds managed from the reader, palette entries, copy, themes."""

from __future__ import annotations

from textual.widgets import Input, Label

from reader.config import Settings
from reader.library import Library
from reader.store.articles import ArticleFilter
from reader.ui.app import FeedlensApp, make_app
from reader.ui.screens.library import LibraryScreen
from reader.ui.widgets.article_list import ArticleList
from tests.ui.helpers import run_command, settle


def list_of(app: FeedlensApp) -> ArticleList:
    return app.screen.query_one(ArticleList)


async def test_q_goes_back_one_screen_and_quits_only_from_the_main_one(
    sample_library: Library,
) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        assert type(app.screen).__name__ == "FiguresScreen"
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert app.is_running
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press("q", "Q")
        await settle(pilot)
        assert app.screen.query_one(Input).value == "qQ"  # letters for the query, not commands
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_capital_q_quits_from_a_pushed_screen(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        await pilot.press("Q")
        await pilot.pause()
        assert not app.is_running


def sidebar_on_feed(app: FeedlensApp, title: str) -> int:
    """Highlight a feed in the sidebar and focus it; the feed's id."""
    screen = app.screen
    assert isinstance(screen, LibraryScreen)
    feed = next(f for f in screen.feeds.values() if f.title == title)
    screen.sidebar.focus()
    screen.sidebar.highlighted = screen.sidebar.get_option_index(f"feed:{feed.id}")
    return feed.id


async def test_delete_a_feed_from_the_sidebar_says_how_many_notes_and_keeps_them(
    sample_library: Library,
) -> None:
    feed = next(f for f in sample_library.feeds() if f.title == "The Meridian Courier")
    row = sample_library.articles(ArticleFilter(feed_id=feed.id), 0, 1)[0]
    sample_library.annotate(row.id, 0, 5, note="mine")
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        sidebar_on_feed(app, "The Meridian Courier")
        await pilot.press("d")
        await settle(pilot)
        question = str(app.screen.query_one(Label).render())
        assert "Delete The Meridian Courier and its 9 articles?" in question
        assert "1 note on them is kept" in question
        await pilot.press("escape")  # no: nothing happens
        await settle(pilot)
        assert any(f.title == "The Meridian Courier" for f in sample_library.feeds())
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("enter")  # the first choice: delete
        await settle(pilot)
        assert all(f.title != "The Meridian Courier" for f in sample_library.feeds())
        assert any("1 note kept as orphaned" in n.message for n in app._notifications)
        assert list_of(app).count == 16
        notes = sample_library.all_annotations()
        assert [(a.note, a.status, info.title) for a, info in notes] == [
            ("mine", "orphaned", row.title)
        ]


async def test_rename_tag_and_mark_a_feed_read_from_the_sidebar(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        feed_id = sidebar_on_feed(app, "Coastline Daily")
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("ctrl+u", *"Coast", "enter")
        await settle(pilot)
        sidebar_on_feed(app, "Coast")
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("end", *", sea", "enter")
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        feed = next(f for f in sample_library.feeds() if f.id == feed_id)
        assert (feed.title, feed.tags, feed.unread_count) == ("Coast", ("News", "sea"), 0)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("ctrl+u", "enter")  # empty: every tag goes
        await settle(pilot)
        feed = next(f for f in sample_library.feeds() if f.id == feed_id)
        assert feed.tags == ()


async def test_palette_lists_the_new_entries(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {
            "feed: add by URL",
            "annotation: list all",
            "feed: delete",
            "feed: rename",
            "feed: edit tags",
            "feed: mark read",
            "feed: mark everything read",
            "search: delete saved search",
        } <= titles
        await run_command(pilot, "annotation: list all")
        assert type(app.screen).__name__ == "AnnotationsScreen"


async def test_mark_everything_read_asks_first(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert sample_library.summary().unread == 25
        await pilot.press("M")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert sample_library.summary().unread == 0
