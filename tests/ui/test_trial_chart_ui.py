"""The story chart's title line gives its range as the figures table writes the values: a
report converted to the quantity's common unit is rounded there ("600 metres (1,969 ft)"),
and the chart said "1,968.5 ft … 2,296.59 ft", figures nobody reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.story import StoryScreen
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
