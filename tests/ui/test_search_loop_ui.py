"""Search as a research loop (Pilot, the real app and library): after enter on a result, /
opens with the last query, selected (typing replaces it), its results shown; n and p step
through the results in their order (not the date-sorted list) until another view is chosen;
the status bar says which result is open."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from reader.config import Settings
from reader.library import Library
from reader.store.articles import ArticleFilter
from reader.ui.app import make_app
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.search import SearchScreen, hit_prompt
from tests.ui.helpers import settle

QUERY = "fire"


async def search_and_open(pilot: Any, query: str) -> list[int]:
    """Search from the main screen, open the second result; the results' article ids."""
    await pilot.press("slash")
    await pilot.press(*query)
    await pilot.pause(0.3)  # the debounce timer
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    found = [hit.article_id for hit in screen.hits]
    await pilot.press("down", "enter")
    await settle(pilot)
    return found


def open_id(app: Any) -> int | None:
    screen = app.screen
    assert isinstance(screen, LibraryScreen)
    return screen.reader.article.row.id if screen.reader.article is not None else None


async def test_n_and_p_step_through_the_results_in_their_order(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        found = await search_and_open(pilot, QUERY)
        assert len(found) >= 4
        by_date = [r.id for r in sample_library.articles(ArticleFilter(), 0, 500)]
        # the results' order is not the list's: stepping the list would give other articles
        assert [i for i in by_date if i in found][:4] != found[:4]
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert open_id(app) == found[1]
        assert f"result 2 of {len(found)} for “{QUERY}”" in str(screen._status_line)
        await pilot.press("n")
        await settle(pilot)
        assert open_id(app) == found[2]
        await pilot.press("n")
        await settle(pilot)
        assert open_id(app) == found[3]
        assert f"result 4 of {len(found)}" in str(screen._status_line)
        await pilot.press("p", "p", "p")
        await settle(pilot)
        assert open_id(app) == found[0]
        await pilot.press("p")  # before the first: it stays, and says so
        await settle(pilot)
        assert open_id(app) == found[0]
        assert any("first result" in n.message for n in app._notifications)

        # Another view chosen: n and p step the list again.
        screen.set_view("all")
        await settle(pilot)
        assert "result " not in str(screen._status_line)
        row = screen.article_list.current_row
        assert row is not None
        await pilot.press("n")
        await settle(pilot)
        assert open_id(app) == screen.article_list.current_row.id  # type: ignore[union-attr]


async def test_slash_reopens_with_the_last_query_selected(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        found = await search_and_open(pilot, QUERY)
        await pilot.press("slash")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        field = screen.query_one(Input)
        assert field.value == QUERY
        assert field.selected_text == QUERY  # typing replaces it
        assert [hit.article_id for hit in screen.hits] == found  # its results, shown again
        await pilot.press(*"halvard")
        await pilot.pause(0.3)
        await settle(pilot)
        assert field.value == "halvard"


async def test_a_note_match_shows_the_note_in_the_result_line(sample_library: Library) -> None:
    row = sample_library.articles(ArticleFilter(), 0, 1)[0]
    sample_library.annotate(row.id, 0, 5, note="Ask the harbour office about the quayside gauge")
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"quayside")
        await pilot.pause(0.3)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert [hit.article_id for hit in screen.hits] == [row.id]
        line = hit_prompt(screen.hits[0]).plain.split("\n")[1]
        assert "note: Ask the harbour office about the quayside gauge" in line
        hit = screen.hits[0]
        assert [hit.snippet[a:b] for a, b in hit.snippet_spans] == ["quayside"]
