"""The reader as an analyst lives in it: the Stories list marks a story as the Figures view
marks its figures (≠ a disagreement, ↑ where each figure that differs is an update), and the
comparison's header keeps the date whole at 120 columns. The real app under Pilot, on the
sample feeds' real library."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import OptionList, Static

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.figures import FiguresScreen
from reader.ui.screens.stories import StoriesScreen
from tests.ui.helpers import settle


def _rows(listing: OptionList) -> list[Text]:
    rows = []
    for index in range(listing.option_count):
        prompt = listing.get_option_at_index(index).prompt
        assert isinstance(prompt, Text)
        rows.append(prompt)
    return rows


def _mark(row: Text) -> tuple[str, str]:
    """A row's first character and the colour it is drawn in."""
    styles = [span.style for span in row.spans if span.start == 0]
    colour = str(styles[0].color.name) if styles and styles[0].color else ""  # type: ignore[union-attr]
    return row.plain[0], colour


async def test_stories_list_marks_a_story_of_updates_only_as_the_figures_view_does(
    sample_library: Library,
) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        assert isinstance(app.screen, FiguresScreen)
        figures = [row.plain for row in _rows(app.screen.query_one(OptionList))]
        # The samples: outlets disagree on workers evacuated; the injured count was revised.
        assert any(r.startswith("≠") and "workers evacuated" in r for r in figures), figures
        assert any(r.startswith("↑") and "people injured" in r for r in figures), figures
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, StoriesScreen)
        rows = {row.plain: row for row in _rows(app.screen.query_one("#stories-list", OptionList))}
        [injured] = [row for plain, row in rows.items() if "Injured count revised" in plain]
        [fire] = [row for plain, row in rows.items() if "Halvard refinery burns" in plain]
        assert _mark(injured) == ("↑", "yellow"), injured.plain
        assert _mark(fire) == ("≠", "red"), fire.plain


def _header_lines(app: object, side: str) -> tuple[str, int]:
    """The first line of a comparison column's header as drawn, and the cells it has."""
    from reader.ui.screens.compare import CompareScreen

    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, CompareScreen)
    header = screen.query_one(f"#header-{side}", Static)
    return str(header.render()).split("\n")[0], header.content_size.width


async def test_the_comparison_header_keeps_the_date_whole_and_cuts_a_long_feed_name(
    sample_library: Library,
) -> None:
    feeds = {feed.title: feed.id for feed in sample_library.feeds()}
    long_name = "The Meridian Courier — Business & Energy Desk"
    sample_library.rename_feed(feeds["The Meridian Courier"], long_name)
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        await pilot.press("enter")  # 4,500 vs 5,000 workers evacuated: the Courier first
        await settle(pilot)
        line, width = _header_lines(app, "left")
        assert line.startswith("article 1 of 5 · The Meridian Courier"), line
        assert line.endswith(" · 2 Nov, 07:15"), line  # the report time, whole
        assert cell_len(line) <= width and "…" in line, (line, width)
        assert long_name not in line
        other, width = _header_lines(app, "right")  # a short name is left whole
        assert other == "article 4 of 5 · Northwind Ledger · 2 Nov, 19:00", other
        await pilot.resize_terminal(200, 36)  # room again: the whole name comes back
        await settle(pilot)
        line, width = _header_lines(app, "left")
        assert line == f"article 1 of 5 · {long_name} · 2 Nov, 07:15", line
