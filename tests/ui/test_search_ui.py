"""Pilot tests of the search screen: typing, stale results, opening a hit, saving a search."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from reader.config import Settings
from reader.library import Library
from reader.search import SearchResult, parse_query
from reader.ui.app import make_app
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.search import ResultsReady, SearchScreen
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.sidebar import Sidebar
from tests.ui.helpers import settle


async def type_query(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*text)
    await pilot.pause(0.3)  # the debounce timer
    await settle(pilot)


async def test_slash_searches_and_enter_opens_at_the_match(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await type_query(pilot, "goverment")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.hits and "Government" in screen.hits[0].title
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        view = app.screen.query_one(ArticleView)
        assert view.article is not None and "Government" in view.article.row.title


async def test_enter_typed_before_the_results_opens_the_first_of_them(
    sample_library: Library,
) -> None:
    """A query typed and entered at once (before the debounce ran it) opens its first result
    when it comes, not nothing."""
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await pilot.press(*"goverment")
        assert not screen.hits  # the debounce has not run the query yet
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        view = app.screen.query_one(ArticleView)
        assert view.article is not None and "Government" in view.article.row.title


async def test_escape_returns_where_you_were(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        await pilot.press("slash")
        await type_query(pilot, "halvard")
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.article_list.cursor == 2


async def test_stale_results_never_overwrite_fresh_ones(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_query(pilot, "diesel")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        fresh = list(screen.hits)
        assert fresh
        stale = sample_library.search("halvard")
        screen.post_message(ResultsReady(screen.shown_sequence - 1, stale, 0.0))
        await settle(pilot)
        assert screen.hits == fresh
        empty = SearchResult(parse_query("x"))
        screen.post_message(ResultsReady(screen.shown_sequence + 1, empty, 0.0))
        await settle(pilot)
        assert screen.hits == []


async def test_bad_syntax_shows_a_hint(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_query(pilot, "is:nonsense refinery")
        status = str(app.screen.query_one("#search-status").render())
        assert "is:nonsense is unknown" in status
        assert app.screen.query_one(OptionList).option_count > 0


async def test_save_search_appears_in_sidebar(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(170, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_query(pilot, "diesel")
        await pilot.press("ctrl+s")
        await pilot.pause()
        prompt = app.screen.query_one(Input)
        prompt.value = "fuel watch"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert sample_library.saved_searches() == [("fuel watch", "diesel")]
        sidebar = app.screen.query_one(Sidebar)
        sidebar.select_view("search:fuel watch")
        assert sidebar.selected_view == "search:fuel watch"
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        screen.set_view("search:fuel watch")
        await settle(pilot)
        assert screen.article_list.count == len(sample_library.search("diesel").hits)
