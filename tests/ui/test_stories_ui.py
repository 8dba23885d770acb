"""Pilot tests of the Stories view, the story screen, its chart and compare from a story."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList, Static
from textual_plotext import PlotextPlot

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.compare import CompareScreen
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.stories import StoriesScreen
from reader.ui.screens.story import StoryScreen
from reader.ui.widgets.sidebar import Sidebar
from reader.ui.widgets.story_chart import chart_series
from tests.ui.helpers import open_first_story, settle


def _prompts(listing: OptionList) -> list[str]:
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def test_stories_view_ranks_the_refinery_story_first(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StoriesScreen)
        rows = _prompts(screen.query_one("#stories-list", OptionList))
        assert rows, "no story listed"
        first = rows[0]
        # Three outlets cover the Halvard fire; they disagree on workers evacuated.
        assert "  3/16 " in first and "≠" in first  # 3 outlets, 16 articles
        status = str(screen.query_one("#stories-status", Static).render())
        assert "stories with two or more articles" in status or "story with" in status


async def test_story_screen_shows_articles_figures_chart_and_compare(
    sample_library: Library,
) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(140, 44)) as pilot:
        await open_first_story(pilot)
        story = app.screen
        assert isinstance(story, StoryScreen)
        articles = _prompts(story.query_one("#story-articles", OptionList))
        assert any("Northwind Ledger" in line for line in articles)
        assert any("Coastline Daily" in line for line in articles)
        figures = story.query_one("#story-figures", OptionList)
        assert figures.has_focus and figures.highlighted == 0
        await pilot.press("j", "j", "k")  # as in every other list
        assert figures.highlighted == 1
        await pilot.press("tab")
        listed = story.query_one("#story-articles", OptionList)
        assert listed.has_focus
        listed.highlighted = 0
        await pilot.press("j")
        assert listed.highlighted == 1
        await pilot.press("tab")
        rows = _prompts(figures)
        evacuated = next(i for i, line in enumerate(rows) if "workers evacuated" in line)
        assert "≠" in rows[evacuated] and "disagreement" in rows[evacuated]
        # A value keeps its qualifier: it is why "more than 30" and "37" agree.
        assert any("more than 30" in line and "37" in line for line in rows)
        figures.highlighted = evacuated
        await settle(pilot)
        # The chart: values against report time, one series per outlet, named in the legend.
        chart = story.query_one("#story-chart", PlotextPlot)
        drawn = Text.from_ansi(chart.plt.build()).plain
        # round ticks across the reports, one at 4,500, where most of them sit
        assert "4,500" in drawn and "5,000" in drawn
        label = str(story.query_one("#story-chart-label", Static).render())
        assert "workers evacuated" in label
        for outlet in ("Northwind Ledger", "Coastline Daily", "The Meridian Courier"):
            assert outlet in label
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, StoryScreen)


async def test_sidebar_entry_opens_stories_and_help_lists_the_key(
    sample_library: Library,
) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        sidebar = app.screen.query_one(Sidebar)
        sidebar.focus()
        sidebar.select_view("stories")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StoriesScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(str(w.render()) for w in app.screen.query("*") if hasattr(w, "render"))
        assert "Stories" in text


def test_chart_series_one_per_outlet_by_report_time(sample_library: Library) -> None:
    """The chart's data: each outlet's values at hours after the first report, oldest first;
    the outlet that reported 5,000 stands apart from those that reported 4,500."""
    library = sample_library
    library.stories.update()
    story = library.stories.ranked(limit=1)[0]
    detail = library.stories.get(story.row.story_id)
    quantity = next(q for q in detail.table if q.quantity.startswith("workers evacuated"))
    outlets = {a.feed_id: a.feed_title for a in detail.articles}
    start, series = chart_series(quantity, outlets)
    assert start is not None
    assert sorted(s.outlet for s in series) == sorted(set(outlets.values()))
    assert len({s.marker for s in series}) == len(series) == len({s.colour for s in series})
    values = {s.outlet: [v for _, v in s.points] for s in series}
    assert 5000.0 in values["Northwind Ledger"]
    assert all(v == 4500.0 for v in values["The Meridian Courier"])
    for one in series:
        hours = [h for h, _ in one.points]
        assert hours == sorted(hours) and min(hours) >= 0


def test_chart_date_ticks_share_one_format() -> None:
    """Ticks within two days all read day and hour ("11 Oct 00:00", "11 Oct 23:20"): the day
    left off after the first mixed formats ("11 Oct 00:00 · 23:20 · 12 Oct 22:40")."""
    from datetime import UTC, datetime

    from reader.ui.widgets.story_chart import date_labels

    start = datetime(2026, 10, 11, 0, 0, tzinfo=UTC)
    labels = date_labels(start, [0.0, 23.33, 46.67], 46.67)
    assert len(set(labels)) == 3
    assert all(len(label.split(" ")) == 3 and ":" in label for label in labels), labels
    assert date_labels(start, [0.0, 240.0], 240.0)[0].count(" ") == 1  # days apart: the day


def test_chart_value_ticks_fall_on_the_value_most_reported() -> None:
    """Most points at 4,500 and one at 5,000: 4,500 is a tick (4,500 4,750 5,000), not only
    4,600 4,800 5,000 around it."""
    from reader.ui.widgets.story_chart import nice_ticks

    assert nice_ticks(4425, 5075, 4, whole=True) == [4600, 4800, 5000]
    assert nice_ticks(4425, 5075, 4, whole=True, anchor=4500) == [4500, 4750, 5000]
    assert nice_ticks(4350, 5150, 4, whole=True, anchor=4400) == [4400, 4600, 4800, 5000]


def test_no_two_value_ticks_read_the_same() -> None:
    """Ticks close together in the billions read "3 billion" three times, and 1.001 to 1.004
    "1" four times: a digit more where two would read alike; round ticks keep their labels."""
    from reader.ui.widgets.story_chart import nice_ticks, value_labels

    for low, high in [(2.99e9, 3.01e9), (4_495_000, 4_530_000), (1.001, 1.004), (4350, 5150)]:
        labels = value_labels(nice_ticks(low, high, 5, whole=False), high - low)
        assert len(set(labels)) == len(labels), labels
    assert value_labels([2.99e9, 2.995e9, 3e9], 2e7) == [
        "2.99 billion",
        "2.995 billion",
        "3 billion",
    ]
    assert value_labels([4400, 4600, 4800], 800) == ["4,400", "4,600", "4,800"]


def test_chart_value_ticks_fall_on_round_numbers() -> None:
    """The y axis is ruled at 1, 2, 2.5 or 5 times a power of ten (4,400 4,600, never 4,425
    4,642), counts only at whole numbers, and never more ticks than asked."""
    from reader.ui.widgets.story_chart import nice_ticks

    assert nice_ticks(4350, 5150, 4, whole=True) == [4400, 4600, 4800, 5000]
    assert nice_ticks(-0.5, 3.5, 5, whole=True) == [0, 1, 2, 3]
    assert nice_ticks(5.8, 6.4, 5, whole=False) == [5.8, 6.0, 6.2, 6.4]
    for low, high, most in [(0, 7, 5), (95, 112, 4), (1, 1_200_000, 5), (-3, 0.4, 3)]:
        ticks = nice_ticks(low, high, most, whole=True)
        assert 1 <= len(ticks) <= most
        assert all(t == int(t) and low <= t <= high for t in ticks), ticks


async def test_a_figure_one_article_reports_carries_no_agree_mark(
    sample_library: Library,
) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await open_first_story(pilot)
        story = app.screen
        assert isinstance(story, StoryScreen)
        rows = _prompts(story.query_one("#story-figures", OptionList))
        single = [line for line in rows if " 1 article · 1 feed" in line]
        several = [line for line in rows if " articles · " in line]
        assert single and several
        assert not any(line.startswith("=") for line in single), single
        assert all(line[:2] in ("= ", "≠ ", "↑ ", "~ ") for line in several)
