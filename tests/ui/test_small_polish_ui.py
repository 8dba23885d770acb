"""Small things a newcomer tripped on (Pilot, the real app and library): ten quick j in ?
scroll ten lines, not one; one highlight is "1 highlight"; the notes pane is closed on
coming back from the Stories view."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Static

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.library import LibraryScreen
from tests.ui.helpers import settle


async def test_ten_quick_j_in_help_scroll_ten_lines(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        body = app.screen.query_one("#help-body", VerticalScroll)
        await pilot.press(*["j"] * 10)
        await pilot.pause()
        assert body.scroll_y == 10


async def test_one_highlight_is_said_in_the_singular(sample_library: Library) -> None:
    row = sample_library.articles(limit=1)[0]
    sample_library.annotate(row.id, 0, 5)
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        status = str(app.screen.query_one("#figures-status", Static).render())
        assert status.startswith("1 highlight ·"), status


async def test_the_notes_pane_is_closed_back_from_the_stories(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "A")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen) and screen.has_class("-annotating")
        await pilot.press("S")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and not screen.has_class("-annotating")


async def test_notices_stay_off_the_reading_text(sample_library: Library) -> None:
    from textual.widgets._toast import Toast

    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen) and screen.reader.article is not None
        app.notify("Copied https://example.org/a-rather-long-link", markup=False)
        await pilot.pause(0.3)
        await settle(pilot)
        toasts = [t for t in app.screen.query(Toast) if t.region.width]
        assert toasts
        assert all(t.region.right <= screen.reader.region.x for t in toasts)
