"""Pilot tests of what a close reader trips on first: a list row is one line on a narrow
terminal, and a figure revised as reports came in is not marked as a disagreement."""

from __future__ import annotations

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from tests.ui.test_figures_ui import open_figures


async def test_figures_rows_are_one_line_each_at_80_columns(sample_library: Library) -> None:
    """A conflict's row names its story (a long headline): wrapped, it took three lines at 100
    columns and the list showed a third of its rows; cut, every row is one line."""
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(80, 30)) as pilot:
        _, listing, first = await open_figures(pilot, app)
        assert len(first) > 80  # the row is longer than the terminal is wide
        assert listing.option_count >= 2
        assert listing.virtual_size.height == listing.option_count
