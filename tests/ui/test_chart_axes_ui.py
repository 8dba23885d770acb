"""A story chart's axes say what they measure: the value axis writes the quantity's unit ("$3
billion", "40%"), and the date axis names a day on every tick, the last too when the last
report came today (it read "10:15", a time of no day, beside "3 Nov"), as the story's span of
days does ("2 Nov – 12:30" read as a time of its first day); at 120x36 and 80x24."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import OptionList, Static
from textual_plotext import PlotextPlot

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.story import StoryScreen
from tests.stories.test_stories import QUAKE, write_feeds
from tests.ui.helpers import open_first_story, settle


async def _drawn_for(pilot, name: str) -> str:  # type: ignore[no-untyped-def]
    """The chart as drawn with the figure ``name`` highlighted."""
    story = pilot.app.screen
    assert isinstance(story, StoryScreen) and story.detail is not None
    row = next(i for i, q in enumerate(story.detail.table) if q.row_name == name)
    story.query_one("#story-figures", OptionList).highlighted = row
    await settle(pilot)
    return Text.from_ansi(story.query_one("#story-chart", PlotextPlot).plt.build()).plain


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
async def test_the_chart_axes_say_the_unit_and_the_last_day(
    sample_library: Library, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    # The samples' last reports come on 8 Nov: that day is today.
    monkeypatch.setenv("FEEDLENS_TODAY", "2026-11-08T18:00:00+00:00")
    monkeypatch.setenv("TZ", "UTC")
    app = make_app(sample_library, Settings())
    async with app.run_test(size=size) as pilot:
        await open_first_story(pilot)
        title = str(pilot.app.screen.query_one("#story-title", Static).render())
        assert "2 Nov – 8 Nov" in title  # days, even today's (it read "2 Nov – 12:30")
        cost = await _drawn_for(pilot, "cost")
        assert "$3 billion" in cost
        label = str(pilot.app.screen.query_one("#story-chart-label", Static).render())
        assert "cost by report time: $3 billion" in label  # the range in the unit too
        assert cost.splitlines()[-2].split()[-2:] == ["8", "Nov"]  # the last tick: its day
        assert "10:15" not in cost and "08:30" not in cost
        capacity = await _drawn_for(pilot, "capacity rose")
        assert "40%" in capacity
        evacuated = await _drawn_for(pilot, "workers evacuated")
        assert "4,500" in evacuated or "4,600" in evacuated  # a count: no unit to write
        assert "6 Nov" in evacuated


async def test_a_long_story_title_is_cut_and_no_two_date_ticks_read_alike(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 80x24 a story title longer than the screen took two lines (its counts a third); it
    is cut with an ellipsis. Reports 49 hours apart put two of four day ticks on 3 Nov, both
    reading "3 Nov": ticks on one day give their hours."""
    monkeypatch.setenv("TZ", "UTC")
    tail = " as officials in Kerovo province say rescuers search the old town of Dessin"
    items = [(outlet, when, title + tail, body) for outlet, when, title, body in QUAKE]
    library.import_paths([write_feeds(tmp_path / "feeds", items)])
    assert library.wait_for_analysis(processes=0).complete
    app = make_app(library, Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_story(pilot)
        title = pilot.app.screen.query_one("#story-title", Static)
        assert len(str(title.render()).splitlines()[0]) > 80
        assert title.size.height == 2  # the title's line and its counts', nothing wrapped
        drawn = await _drawn_for(pilot, "people killed (kerovo)")
        ticks = [t for t in re.split(r"\s{2,}", drawn.splitlines()[-2].strip()) if t]
        assert len(ticks) == 4 and len(set(ticks)) == 4, ticks
        assert sum("Nov" in tick for tick in ticks) >= 2  # the days are still named
