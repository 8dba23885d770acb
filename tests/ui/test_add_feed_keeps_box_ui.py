"""+ with an address that fails keeps the box open (Pilot, the real app and library, a real
feed served on 127.0.0.1): the error under the field, the text kept, so a typo is fixed, not
typed again; the fixed address subscribes, the box closes, and the feed is in the library."""

from __future__ import annotations

from textual.widgets import Input, Static

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.prompt import PromptScreen
from tests.feedserver import serve
from tests.pages import feed_route, rss
from tests.ui.helpers import settle, wait_until

BODY = "A full paragraph of the article as the feed carries it, long enough to read. " * 4


async def test_a_failing_address_keeps_the_box_and_its_text(sample_library: Library) -> None:
    routes = {}
    with serve(routes) as (base, _):
        routes["/feed"] = feed_route(rss([("Harbour news", f"{base}/a/1", BODY)], "Harbour Post"))
        app = make_app(sample_library, Settings())
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("plus")
            await settle(pilot)
            box = app.screen
            assert isinstance(box, PromptScreen)
            typo = f"{base}/fede"
            await pilot.press(*typo, "enter")
            await settle(pilot)
            assert app.screen is box  # still open
            field = box.query_one(Input)
            assert field.value == typo
            error = str(box.query_one("#prompt-error", Static).render())
            assert error and "404" in error, error
            assert all(f.url != typo for f in sample_library.feeds())

            await pilot.press("backspace", "backspace", "backspace", "backspace", *"feed", "enter")
            await settle(pilot)
            assert await wait_until(
                pilot, lambda: any(f.url == f"{base}/feed" for f in sample_library.feeds())
            )
            assert isinstance(app.screen, LibraryScreen)
