"""A library without feeds says what to do (Pilot, the real app and library): one line in the
empty list names + (add a feed by URL), i (import) and the palette's sample feeds, and the key
bar lists + and i while there is no feed (not once there is one); + opens the add box."""

from __future__ import annotations

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.library import EMPTY_HINT, LibraryScreen
from reader.ui.screens.prompt import PromptScreen
from reader.ui.widgets.key_bar import KeyBar
from tests.ui.helpers import run_command, settle, wait_until


def bar_keys(app: object) -> list[str]:
    screen = app.screen  # type: ignore[attr-defined]
    return [key.key for key in screen.query_one(KeyBar).query("FooterKey")]


async def test_an_empty_library_says_how_to_add_feeds(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert "plus" not in bar_keys(app) and "i" not in bar_keys(app)
        for feed in sample_library.feeds():  # every feed deleted (here, or by another process)
            sample_library.delete_feed(feed.id)
        screen.reload_all()
        assert await wait_until(pilot, lambda: screen.library_empty)
        await settle(pilot)
        listing = screen.article_list
        assert listing.count == 0
        shown = " ".join(listing.render_line(y).text.strip() for y in range(1, 5))
        assert EMPTY_HINT in shown.strip()
        assert "plus" in bar_keys(app) and "i" in bar_keys(app)
        await pilot.press("plus")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("escape")
        await settle(pilot)

        await run_command(pilot, "sample feeds")  # the palette's entry the hint names
        assert await wait_until(pilot, lambda: not screen.library_empty, seconds=120)
        await settle(pilot)
        assert listing.count > 0 and EMPTY_HINT[:20] not in listing.render_line(1).text
        assert "plus" not in bar_keys(app)
