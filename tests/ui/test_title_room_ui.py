"""Titles get the width (Pilot, the real app and library): at 160 columns the list is wider
than the reading pane (which keeps its 56-column measure) and a row leaves its headline
at least 35 characters; halves of the width cut them at some 30."""

from __future__ import annotations

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.library import LibraryScreen
from reader.ui.widgets.article_list import DATE_WIDTH, feed_column_width
from tests.ui.helpers import settle


async def test_at_160_columns_the_list_has_the_room_for_titles(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        listing = screen.article_list
        width = listing.scrollable_content_region.width
        room = width - (3 + DATE_WIDTH + 1 + feed_column_width(width) + 1)
        assert room >= 35, (width, room)
        assert listing.size.width > screen.reader.size.width
        body = screen.query_one("#article-body")
        assert min(body.content_region.width, screen.reader.scrollable_content_region.width) >= 55
        row = listing._row(0)
        assert row is not None
        assert row.title[:34] in listing.render_line(0).text
