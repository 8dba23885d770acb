"""The story chart's title line gives its range as the figures table writes the values: a
report converted to the quantity's common unit is rounded there ("600 metres (1,969 ft)"),
and the chart said "1,968.5 ft … 2,296.59 ft", figures nobody reported."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import OptionList, Static
from textual_plotext import PlotextPlot

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.story import StoryScreen
from reader.ui.widgets.story_chart import round_time_ticks
from tests.stories.test_stories import write_feeds
from tests.ui.helpers import open_first_story, settle

WHERE = "near the Sefton hut in the Aoraki park, police in Timaru said"
CLIMB = [
    (
        "south-post",
        "Mon, 02 Nov 2026 08:00:00 +0000",
        "Climber Buckley dies in Sefton fall",
        f"Climber Robert Buckley fell about 2,000 feet to his death on Sunday {WHERE}.",
    ),
    (
        "alpine-wire",
        "Mon, 02 Nov 2026 10:00:00 +0000",
        "Buckley killed in fall on Mount Sefton",
        f"Climber Robert Buckley fell about 2,000 feet to his death on Sunday {WHERE}.",
    ),
    (
        "island-news",
        "Tue, 03 Nov 2026 09:00:00 +0000",
        "Buckley dies after Sefton fall",
        f"Climber Robert Buckley fell some 700 metres to his death on Sunday {WHERE}.",
    ),
]


async def test_the_chart_range_is_written_as_the_table_writes_converted_values(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "UTC")
    library.import_paths([write_feeds(tmp_path / "feeds", CLIMB)])
    assert library.wait_for_analysis(processes=0).complete
    app = make_app(library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await open_first_story(pilot)
        story = app.screen
        assert isinstance(story, StoryScreen) and story.detail is not None
        [row] = [i for i, q in enumerate(story.detail.table) if len(q.values) == 3]
        story.query_one("#story-figures", OptionList).highlighted = row
        await settle(pilot)
        figures = str(story.query_one("#story-figures", OptionList).get_option_at_index(row).prompt)
        label = str(story.query_one("#story-chart-label", Static).render()).splitlines()[0]
        span = label.split("by report time: ")[1]
        low, high = span.split(" … ")
        assert "." not in low + high, label  # no decimals nobody wrote
        # Each end is a value the table shows, as written or converted.
        for end in (low, high):
            number = end.rsplit(" ", 1)[0]
            assert number in figures, (end, figures)


def test_date_ticks_fall_on_local_midnights_one_stride_apart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Four days of reports: ticks on the midnights of 3, 4, 5 and 6 Nov, each labelled with
    its day, where ticks spread evenly from the first report read "2 Nov 3 Nov 5 Nov 6 Nov"."""
    monkeypatch.setenv("TZ", "UTC")
    start = datetime(2026, 11, 2, 6, 0, tzinfo=UTC)
    ticks, whole_days = round_time_ticks(start, 0.0, 112.0, 4)
    assert whole_days
    moments = [start + timedelta(hours=t) for t in ticks]
    assert [m.day for m in moments] == [3, 4, 5, 6]
    assert all((m.hour, m.minute) == (0, 0) for m in moments)
    # Within a day: round hours, labelled with their time.
    ticks, whole_days = round_time_ticks(start, 0.0, 10.0, 4)
    assert not whole_days
    assert [(start + timedelta(hours=t)).hour for t in ticks] == [6, 9, 12, 15]
    # One report time: no two round times in sight, the caller spreads its own ticks.
    assert round_time_ticks(start, -0.2, 0.2, 4) == ([], False)
    # Years of reports: a few ticks, reached without stepping through every hour.
    ticks, whole_days = round_time_ticks(start, 0.0, 24 * 365 * 12.0, 4)
    assert whole_days and 2 <= len(ticks) <= 4


async def test_the_date_axis_names_days_one_stride_apart(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "UTC")
    days = ("Mon, 02 Nov 2026 06:00:00", "Wed, 04 Nov 2026 10:00:00", "Fri, 06 Nov 2026 22:00:00")
    items = [(o, f"{day} +0000", t, b) for (o, _, t, b), day in zip(CLIMB, days, strict=True)]
    library.import_paths([write_feeds(tmp_path / "feeds", items)])
    assert library.wait_for_analysis(processes=0).complete
    app = make_app(library, Settings())
    async with app.run_test(size=(160, 45)) as pilot:
        await open_first_story(pilot)
        story = app.screen
        assert isinstance(story, StoryScreen) and story.detail is not None
        [row] = [i for i, q in enumerate(story.detail.table) if len(q.values) == 3]
        story.query_one("#story-figures", OptionList).highlighted = row
        await settle(pilot)
        chart = story.query_one("#story-chart", PlotextPlot)
        axis = Text.from_ansi(chart.plt.build()).plain.splitlines()[-2]
        labels = re.findall(r"(\d+) Nov", axis)
        assert len(labels) >= 3, axis
        strides = {int(b) - int(a) for a, b in itertools.pairwise(labels)}
        assert len(strides) == 1, axis  # no day skipped between evenly spaced ticks
