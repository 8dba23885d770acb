"""A duration reported in different units of time ("136 days", "four and a half months") is
shown in one unit by `feedlens stories ID` (text and JSON), and its chart in the reader."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from textual.widgets import OptionList, Static
from textual_plotext import PlotextPlot

from reader.cli import main
from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.story import StoryScreen
from reader.ui.widgets.story_chart import chart_series
from tests.ui.helpers import settle

FEEDS = Path(__file__).parent / "fixtures" / "time_served"


def _library(tmp_path: Path) -> tuple[str, int]:
    db = str(tmp_path / "l.db")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "import", "--wait", str(FEEDS)]).exit_code == 0
    listed = json.loads(runner.invoke(main, ["--db", db, "stories", "--json"]).stdout)
    (story,) = listed  # two outlets, one release from jail
    assert story["feeds"] == 2
    return db, story["id"]


def test_story_shows_time_served_in_one_unit_and_says_it(tmp_path: Path) -> None:
    db, story_id = _library(tmp_path)
    runner = CliRunner()
    shown = runner.invoke(main, ["--db", db, "stories", str(story_id)]).stdout
    line = next(line for line in shown.splitlines() if "time served" in line)
    assert "136 days" in line and "four and a half months (137 days)" in line
    detail = json.loads(
        runner.invoke(main, ["--db", db, "stories", str(story_id), "--json"]).stdout
    )
    (entry,) = [e for e in detail["table"] if e["quantity"] == "time served"]
    assert entry["common_unit"] == "day"
    by_text = {v["text"]: v for v in entry["values"]}
    assert by_text["four and a half months"]["value"] == 4.5  # as written: kept
    assert round(by_text["four and a half months"]["common_value"]) == 137
    assert by_text["136 days"]["common_value"] == 136
    assert entry["agree"] is True and entry["kind"] == "agree"


async def test_story_chart_plots_time_served_in_days(tmp_path: Path) -> None:
    db, story_id = _library(tmp_path)
    library = Library(Path(db))
    app = make_app(library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.push_screen(StoryScreen(library, story_id))
        await settle(pilot)
        story = app.screen
        assert isinstance(story, StoryScreen) and story.detail is not None
        served = next(q for q in story.detail.table if q.quantity == "time served")
        _, series = chart_series(served, {a.feed_id: a.feed_title for a in story.detail.articles})
        values = sorted(value for one in series for _, value in one.points)
        assert values[0] == 136 and 136 < values[-1] < 138  # not 4.5 beside 136
        label = str(story.query_one("#story-chart-label", Static).render())
        # The converted end as the table writes it ("four and a half months (137 days)"),
        # not 136.98 days, a figure nobody reported.
        assert "time served by report time: 136 days … 137 days" in label, label
        figures = story.query_one("#story-figures", OptionList)
        rows = [str(figures.get_option_at_index(i).prompt) for i in range(figures.option_count)]
        row = next(row for row in rows if "time served" in row)
        assert "four and a half months (137 days)" in row
        assert story.query_one("#story-chart", PlotextPlot) is not None
    library.close()
