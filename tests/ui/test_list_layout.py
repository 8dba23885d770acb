"""The article list beside the reading pane (100-150 columns): where one line would leave a
headline some 20 characters, each article takes two lines, the headline across the list's
width and the date and whole feed name under it; moving, scrolling and clicking go by
article all the same."""

from __future__ import annotations

from reader.config import Settings
from reader.library import Library
from reader.ui.app import FeedlensApp, make_app
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from tests.ui.helpers import settle


def list_of(app: FeedlensApp) -> ArticleList:
    return app.screen.query_one(ArticleList)


def shown_lines(listing: ArticleList) -> list[str]:
    return [listing.render_line(y).text for y in range(listing.scrollable_content_region.height)]


async def test_at_120_columns_a_row_is_its_whole_headline_then_its_date_and_feed(
    sample_library: Library,
) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        listing = list_of(app)
        assert listing.lines_per_row == 2
        width = listing.scrollable_content_region.width
        first, second = listing._row(0), listing._row(1)
        assert first is not None and second is not None
        lines = shown_lines(listing)
        for index, row in enumerate((first, second)):
            headline, meta = lines[2 * index], lines[2 * index + 1]
            title_shown = headline[3:].rstrip()
            assert title_shown == row.title or (
                len(title_shown) == width - 3 and title_shown.endswith("…")
            ), headline
            assert row.feed_title in meta and row.title[:10] not in meta, meta
        assert all(len(line.rstrip()) <= width for line in lines)


async def test_two_line_rows_move_scroll_and_click_by_article(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        listing = list_of(app)
        height = listing.scrollable_content_region.height
        assert listing.virtual_size.height == 2 * listing.count > height  # 25 rows: 50 lines
        await pilot.press("G")
        await settle(pilot)
        assert listing.cursor == listing.count - 1
        top = round(listing.scroll_offset.y)
        assert top + height >= 2 * listing.count  # the last row's two lines both in sight
        last = listing.current_row
        assert last is not None
        assert last.feed_title in listing.render_line(height - 1).text
        await pilot.press("g")
        await settle(pilot)
        assert listing.cursor == 0 and round(listing.scroll_offset.y) == 0
        await pilot.press("ctrl+d")
        assert listing.cursor == height // 4  # half a page of two-line rows
        # A click on either line of a row opens that row's article.
        await pilot.click(ArticleList, offset=(10, 5))  # the third row's date line
        await settle(pilot)
        assert listing.cursor == 2
        view = app.screen.query_one(ArticleView)
        third = listing.current_row
        assert view.article is not None and third is not None
        assert view.article.row.id == third.id


async def test_wide_lists_keep_one_line_a_row(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(80, 24)) as pilot:  # the list alone, the whole width
        await settle(pilot)
        listing = list_of(app)
        assert listing.lines_per_row == 1
        row = listing._row(0)
        assert row is not None and row.title in listing.render_line(0).text
        assert listing.virtual_size.height == listing.count


async def test_a_resize_to_two_lines_a_row_keeps_the_cursor_in_sight(
    sample_library: Library,
) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        listing = list_of(app)
        assert listing.lines_per_row == 1
        for _ in range(20):
            await pilot.press("j")
        await settle(pilot)
        await pilot.resize_terminal(120, 30)
        await settle(pilot)
        assert listing.lines_per_row == 2 and listing.virtual_size.height == 2 * listing.count
        top = round(listing.scroll_offset.y)
        height = listing.scrollable_content_region.height
        assert top <= 2 * listing.cursor and 2 * listing.cursor + 2 <= top + height
