"""The reader as an analyst lives in it: the Stories list marks a story as the Figures view
marks its figures (≠ a disagreement, ↑ where each figure that differs is an update), and the
comparison's header keeps the date whole at 120 columns. The real app under Pilot, on the
sample feeds' real library."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList

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
