"""The story screen's rough edges a demanding user met: clicks on figures, and what fits at
120 and 80 columns, in both themes."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widget import Widget
from textual.widgets import OptionList, Static

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.outlet_names import short_outlet
from reader.ui.screens.compare import CompareScreen
from reader.ui.screens.story import StoryScreen
from reader.ui.widgets.story_chart import ChartSeries, legend
from tests.ui.helpers import open_first_story, settle


async def test_a_click_on_a_figure_picks_it_and_a_second_click_compares(
    sample_library: Library,
) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(140, 44)) as pilot:
        await open_first_story(pilot)
        story = app.screen
        assert isinstance(story, StoryScreen)
        figures = story.query_one("#story-figures", OptionList)
        assert figures.highlighted == 0 and figures.option_count >= 2
        label = story.query_one("#story-chart-label", Static)
        before = str(label.render())
        second = story.detail.table[1].quantity if story.detail else ""
        row = next(y for y, line in enumerate(_shown_lines(figures)) if second in line)
        # A click on the second figure row picks it: the chart follows, nothing opens.
        assert await pilot.click("#story-figures", offset=(4, row))
        await settle(pilot)
        assert app.screen is story and figures.highlighted == 1
        assert str(label.render()) != before
        assert second and second in str(label.render())
        # A second click on it compares its reports, as enter does.
        assert await pilot.click("#story-figures", offset=(4, row))
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        await pilot.press("escape")
        await settle(pilot)
        # A double click opens at once.
        assert await pilot.double_click("#story-figures", offset=(4, 0))
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)


def _shown_lines(widget: Widget) -> list[str]:
    """The text of each line the widget shows on screen now."""
    return [widget.render_line(y).text for y in range(widget.content_region.height)]


@pytest.mark.parametrize(
    ("size", "theme"),
    [((120, 36), "textual-dark"), ((120, 36), "textual-light"), ((80, 24), "textual-dark")],
)
async def test_story_legend_and_figure_rows_fit_the_terminal(
    sample_library: Library, size: tuple[int, int], theme: str
) -> None:
    app = make_app(sample_library, Settings(theme=theme))
    async with app.run_test(size=size) as pilot:
        await open_first_story(pilot)
        story = app.screen
        assert isinstance(story, StoryScreen) and story.detail is not None
        figures = story.query_one("#story-figures", OptionList)
        evacuated = next(
            i for i, q in enumerate(story.detail.table) if q.quantity == "workers evacuated"
        )
        figures.highlighted = evacuated
        await settle(pilot)
        # Every outlet of the chart is named whole in its legend, nothing cut at the edge.
        label = story.query_one("#story-chart-label", Static)
        legend = " ".join(_shown_lines(label))
        for outlet in ("Meridian Courier", "Northwind Ledger", "Coastline Daily"):
            assert outlet in legend, legend
        assert "…" not in legend.split("by report time")[-1].split(" ", 3)[-1]
        # The disagreement's every value is on screen: the row wraps rather than being cut.
        figures.scroll_to_highlight()
        await settle(pilot)
        shown = " ".join(" ".join(_shown_lines(figures)).split())
        for value in ("4,500", "some 4.5k", "Four thousand five hundred", "5,000"):
            assert value in shown, shown


def test_a_legend_of_many_outlets_wraps_whole_names_and_says_how_many_are_left() -> None:
    names = [
        "Taverncast - Happy Hour in Your Head - Since 2005",
        "The Meridian Courier",
        "Giant Bombcast",
        "Jornal de Notícias | Últimas",
        "The Extraordinarily Long Named Evening Gazette",
        "UOL Notícias",
        "heise online News",
        "Northwind Ledger",
    ]
    series = [ChartSeries(name, ((0.0, 1.0),)) for name in names]
    text = legend(series, width=56, lines=3)
    lines = text.plain.split("\n")
    assert len(lines) == 3 and all(cell_len(line) <= 56 for line in lines), lines
    shown = " ".join(lines)
    assert "Taverncast" in shown and "Happy Hour" not in shown  # the tagline goes first
    assert "Meridian Courier" in shown  # whole, in one line
    assert "Extraordinarily Long…" in shown  # cut last, and says so
    assert lines[-1].endswith("more")
    counted = sum(shown.count(marker) for marker in "●■▲◆✚✖○□")
    left = int(lines[-1].rsplit("+", 1)[1].split()[0])
    assert counted + left == len(names)
    assert len(legend(series, width=56).plain.split("\n")) > 3  # unlimited: every outlet
    assert "\n" not in legend(series).plain  # no width: one line, as before


def test_outlet_names_lose_their_tagline_then_the_article_then_are_cut() -> None:
    assert short_outlet("Coastline Daily", 22) == "Coastline Daily"
    assert short_outlet("Taverncast - Happy Hour in Your Head", 22) == "Taverncast"
    assert short_outlet("Rhein-Zeitung Koblenz und Umgebung", 22) == "Rhein-Zeitung Koblenz…"
    assert short_outlet("The Extraordinary Meridian Courier", 22) == "Extraordinary Meridia…"
    assert "\x1b" not in short_outlet("Feed\x1b[31m red", 22)  # feed text is untrusted
    # Columns, not characters: a Japanese outlet's name fits the same 12 columns.
    wide = short_outlet("日本経済新聞 電子版ニュース", 12)
    assert wide.endswith("…") and cell_len(wide) <= 12


async def test_a_story_without_figures_draws_no_empty_chart(tmp_path: Path) -> None:
    feed = tmp_path / "podcast.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Tavern Talk</title>'
        "<link>https://tavern.example/</link><description>a show</description>"
        "<item><title>Episode: the horror of the vuvuzela</title>"
        "<link>https://tavern.example/vuvuzela</link>"
        "<pubDate>Sun, 08 Aug 2010 01:30:00 GMT</pubDate>"
        "<description>We talk about the vuvuzela and hate on vampire movies.</description>"
        "</item></channel></rss>",
        encoding="utf-8",
    )
    library = Library(tmp_path / "l.sqlite")
    library.import_paths([feed])
    library.wait_for_analysis()
    (summary,) = library.stories.ranked(min_articles=1)
    app = make_app(library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.push_screen(StoryScreen(library, summary.row.story_id))
        await settle(pilot)
        story = app.screen
        assert isinstance(story, StoryScreen) and story.detail is not None
        assert not story.detail.table
        figures = story.query_one("#story-figures", OptionList)
        assert "No figures reported" in str(figures.get_option_at_index(0).prompt)
        assert not story.query_one("#story-chart-pane").display
    library.close()


async def test_main_list_shortens_an_outlet_as_a_reader_would(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(80, 24)) as pilot:  # one line a row, the feed in a column
        await settle(pilot)
        listed = app.screen.query_one("#articles")
        lines = _shown_lines(listed)
        assert any("Meridian Courier" in line for line in lines), lines
        assert not any("The Meridian Cour…" in line for line in lines)
