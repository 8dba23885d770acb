"""The everyday reader (issue 23) driven with Pilot: q goes back, Q quits, typing never runs a
command, feeds managed from the reader, palette entries, copy, themes."""

from __future__ import annotations

from textual.widgets import Input

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.library import LibraryScreen
from tests.ui.helpers import settle


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
