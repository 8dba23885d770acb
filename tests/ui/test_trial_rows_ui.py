"""Pilot tests of what a close reader trips on first: a list row is one line on a narrow
terminal, and a figure revised as reports came in is not marked as a disagreement."""

from __future__ import annotations

from textual.widgets import Static

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.compare import CompareScreen
from tests.ui.helpers import settle
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


async def test_an_updated_figure_is_marked_as_an_update_not_a_disagreement(
    sample_library: Library,
) -> None:
    """The samples' injured count is revised as reports come in: the Figures screen and the
    comparison mark it `↑` (as `feedlens stories ID` does), not the red `≠` of a dispute."""
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        _, listing, _ = await open_figures(pilot, app)
        rows = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        [injured] = [row for row in rows if "injured" in row and "update" in row]
        [workers] = [row for row in rows if "workers evacuated" in row and "conflict" in row]
        assert injured.startswith("↑ ") and workers.startswith("≠ ")
        listing.highlighted = rows.index(injured)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        title = str(app.screen.query_one("#compare-title", Static).render())
        assert title.startswith("↑ ") and "injured" in title
