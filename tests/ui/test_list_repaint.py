"""A cursor move repaints only the rows it left and reached; what the screen shows after any
run of moves (down, up, a jump that scrolls, one line a row or two) is still exactly the
cursor on its row and no other row drawn as the cursor.

The lines are read through Textual's own line cache (``render_lines``: lines not marked dirty
come from the cache), as the terminal gets them, so a row left behind drawn as the cursor
would show here."""

from __future__ import annotations

from rich.color import Color
from textual.geometry import Region

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.widgets.article_list import ArticleList
from tests.ui.helpers import settle


def cursor_lines(listing: ArticleList, cursor_background: Color) -> list[int]:
    """The lines on screen drawn on the cursor's background."""
    region = listing.scrollable_content_region
    strips = listing.render_lines(Region(0, 0, region.width, region.height))
    return [
        y
        for y, strip in enumerate(strips)
        if any(
            segment.style is not None and segment.style.bgcolor == cursor_background
            for segment in strip
        )
    ]


async def moves_keep_one_cursor(library: Library, size: tuple[int, int], rows: int) -> None:
    app = make_app(library, Settings())
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ArticleList)
        assert listing.lines_per_row == rows
        background = listing._style("article-list--cursor").bgcolor
        assert background is not None
        for keys in (["j"], ["j", "j", "j"], ["k"], ["G"], ["k", "k"], ["g"], ["j"] * 30):
            await pilot.press(*keys)
            await pilot.pause()
            top = round(listing.scroll_offset.y)
            first = listing.cursor * rows - top
            assert cursor_lines(listing, background) == list(range(first, first + rows)), keys


async def test_moves_keep_one_cursor_row_one_line_a_row(sample_library: Library) -> None:
    await moves_keep_one_cursor(sample_library, (200, 30), 1)


async def test_moves_keep_one_cursor_row_two_lines_a_row(sample_library: Library) -> None:
    await moves_keep_one_cursor(sample_library, (120, 30), 2)
