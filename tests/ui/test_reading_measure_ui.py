"""The reading pane's measure: an open article reads at 60-80 columns at 120x36 and keeps the
list beside it; the sidebar folds away at medium widths while an article is open and comes back
with h; 80x24 and 200x50 stay sane."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.library import LibraryScreen
from tests.ui.helpers import settle

SHOTS = os.environ.get("FEEDLENS_SHOTS")  # a folder to keep SVG screenshots in, when set


def _screen(app: Any) -> LibraryScreen:
    screen = app.screen
    assert isinstance(screen, LibraryScreen)
    return screen


def _text_width(app: Any) -> int:
    """Columns the article's text has: the body's content region inside the reading pane."""
    screen = _screen(app)
    body = screen.query_one("#article-body")
    return min(body.content_region.width, screen.reader.scrollable_content_region.width)


async def _open(pilot: Any, library: Library, size: tuple[int, int], shot: str) -> None:
    await settle(pilot)
    await pilot.press("j", "enter")
    await settle(pilot)
    if SHOTS:
        pilot.app.save_screenshot(f"{shot}-{size[0]}x{size[1]}.svg", SHOTS)


async def test_at_120_the_article_reads_at_60_to_80_columns_beside_the_list(
    sample_library: Library,
) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = _screen(app)
        assert screen.sidebar.display  # before an article is open, the sidebar is there
        await _open(pilot, sample_library, (120, 36), "open")
        assert screen.opened is not None
        assert 60 <= _text_width(app) <= 80
        assert screen.article_list.display and screen.article_list.size.width >= 36
        assert not screen.sidebar.region.width  # folded away while the article is open
        assert "h: feeds and views" in str(screen.query_one("#status").render())
        # h from the list brings the sidebar back; l folds it again.
        screen.article_list.focus()
        await pilot.press("h")
        await settle(pilot)
        assert screen.sidebar.has_focus and screen.sidebar.region.width > 0
        assert screen.article_list.region.width > 0
        await pilot.press("l")
        await settle(pilot)
        assert screen.article_list.has_focus and not screen.sidebar.region.width
        # A click on the reading pane also folds it.
        screen.article_list.focus()
        await pilot.press("h")
        await settle(pilot)
        await pilot.click("#reader")
        await settle(pilot)
        assert not screen.sidebar.region.width


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 40), (200, 50)])
async def test_other_sizes_stay_sane(
    sample_library: Library, size: tuple[int, int], tmp_path: Path
) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=size) as pilot:
        await _open(pilot, sample_library, size, "open")
        width = _text_width(app)
        if size[0] < 100:  # list and reader take turns: the reader has the whole width
            assert width >= size[0] - 6
        else:
            assert 55 <= width <= 88
            assert _screen(app).article_list.size.width >= 36  # the list stays in sight
        if size[0] >= 160:
            assert _screen(app).sidebar.region.width > 0  # room for all three
