"""Moving the article list's cursor draws again only the rows it left and reached (not every
row on screen, which cost each j/k some 20 ms): the screen after any run of moves is the
screen a whole redraw gives, in one-line and two-line rows, with and without scrolling."""

from __future__ import annotations

import pytest

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.widgets.article_list import ArticleList
from tests.ui.helpers import settle


@pytest.mark.parametrize(("size", "lines_per_row"), [((160, 20), 1), ((120, 20), 2)])
async def test_the_screen_after_moves_is_the_screen_a_whole_redraw_gives(
    sample_library: Library, size: tuple[int, int], lines_per_row: int
) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ArticleList)
        listing.focus()
        await settle(pilot)
        assert listing.lines_per_row == lines_per_row
        height = listing.scrollable_content_region.height
        assert listing.count * lines_per_row > height  # some moves scroll the list
        before = app.export_screenshot()
        expected_cursor = 0
        past_the_bottom = height // lines_per_row + 2
        for key, step in [("j", 1), ("j", 1), ("k", -1)] + [("j", 1)] * past_the_bottom:
            await pilot.press(key)
            await pilot.pause()
            expected_cursor = min(expected_cursor + step, listing.count - 1)
            assert listing.cursor == expected_cursor
            drawn = app.export_screenshot()
            listing.refresh()  # every row drawn again
            await pilot.pause()
            assert drawn == app.export_screenshot(), f"stale rows after {key} to {listing.cursor}"
        assert round(listing.scroll_offset.y) > 0  # the moves above did scroll
        await pilot.press("g")
        await pilot.pause()
        assert listing.cursor == 0 and round(listing.scroll_offset.y) == 0
        assert app.export_screenshot() == before
