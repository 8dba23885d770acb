"""A story's chart tells every outlet apart: twelve outlets reporting one figure get twelve
different marker and colour pairs in the legend (markers repeated after eight, and with them
the colours: the ninth outlet was drawn as the first), in colours that read, and differ from
one another as drawn, in a dark and a light theme; a theme chosen while the story is open
recolours it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from itertools import combinations
from pathlib import Path

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.widgets import Static

from reader.config import Settings
from reader.library import Library
from reader.ui.app import FeedlensApp, make_app
from reader.ui.contrast import MIN_CONTRAST, contrast_ratio
from reader.ui.screens.story import CHART_ROWS, StoryScreen
from reader.ui.widgets.story_chart import COLOURS, MARKERS
from tests.ui.helpers import open_first_story, settle

OUTLETS = 12
ITEM = """<item><title>{title}</title><link>https://{host}/dam</link><guid>https://{host}/dam</guid>
<pubDate>{date}</pubDate><description>{body}</description></item>"""
BODY = (
    "Floodwater broke through the Varnholt dam near Esterby on Monday and {n} residents were "
    "evacuated from the valley below it, the Esterby council said. Engineers from Esterby and "
    "Lindqvist worked through the night at the Varnholt dam to close the breach."
)


def _outlet_feed(folder: Path, number: int) -> Path:
    host = f"n{number:02d}.example"
    published = datetime(2026, 11, 2, 6, tzinfo=UTC) + timedelta(hours=number)
    item = ITEM.format(
        title=f"Varnholt dam breach: residents of Esterby valley evacuated ({host})",
        host=host,
        date=format_datetime(published, usegmt=True),
        body=BODY.format(n=f"{1200 + 100 * (number % 3):,}"),
    )
    path = folder / f"{host}.xml"
    path.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{host}</title>'
        f"<link>https://{host}/</link><description>news</description>{item}</channel></rss>",
        encoding="utf-8",
    )
    return path


def _legend_looks(app: FeedlensApp) -> list[tuple[str, Color]]:
    """Each outlet of the chart's legend as drawn: its marker and its colour after the app's
    line filters, on the label's background."""
    label = app.screen.query_one("#story-chart-label", Static)
    background = label.background_colors[1]
    text = label.render()
    assert not isinstance(text, str)
    looks: list[tuple[str, Color]] = []
    for line in text.split("\n")[1:]:  # the first line names the quantity
        for segment in line.render_segments():
            if segment.text.strip() in MARKERS and isinstance(segment.style, Style):
                drawn: list[Segment] = [segment]
                for line_filter in app._filters:
                    drawn = line_filter.apply(drawn, background)
                style = drawn[0].style
                assert style is not None and style.color is not None
                looks.append((segment.text.strip(), Color.from_rich_color(style.color)))
    return looks


def _check_looks(looks: list[tuple[str, Color]], background: Color) -> None:
    assert len(looks) == OUTLETS, looks
    assert len({(marker, colour.hex) for marker, colour in looks}) == OUTLETS, looks
    assert len({marker for marker, _ in looks}) == OUTLETS, looks  # by shape alone too
    for _, colour in looks:
        assert contrast_ratio(colour, background) >= MIN_CONTRAST, colour.hex
    colours = {colour.hex: colour for _, colour in looks}
    assert len(colours) >= len(COLOURS), colours  # every colour of the palette in use
    for one, other in combinations(colours.values(), 2):  # told apart as drawn
        distance = sum((a - b) ** 2 for a, b in zip(one.rgb, other.rgb, strict=True)) ** 0.5
        assert distance >= 60, (one.hex, other.hex)


def _outlets_library(tmp_path: Path) -> Library:
    library = Library(tmp_path / "l.sqlite")
    library.import_paths([_outlet_feed(tmp_path, n) for n in range(OUTLETS)])
    library.wait_for_analysis()
    return library


async def test_every_outlet_of_a_chart_has_its_own_marker_and_colour(tmp_path: Path) -> None:
    library = _outlets_library(tmp_path)
    app = make_app(library, Settings())
    async with app.run_test(size=(160, 50)) as pilot:
        app.theme = "textual-light"
        await open_first_story(pilot)
        assert isinstance(app.screen, StoryScreen)
        label = app.screen.query_one("#story-chart-label", Static)
        assert "evacuated" in str(label.render()).splitlines()[0]
        light = _legend_looks(app)
        _check_looks(light, label.background_colors[1])
        app.theme = "textual-dark"
        await settle(pilot)
        dark = _legend_looks(app)
        _check_looks(dark, label.background_colors[1])
        assert {c.hex for _, c in dark} != {c.hex for _, c in light}  # recoloured for the theme
    library.close()


async def test_a_tall_chart_pane_names_every_outlet(tmp_path: Path) -> None:
    # At 120x36 the legend stopped at three lines ("+5 more") above a plot of many empty rows.
    library = _outlets_library(tmp_path)
    app = make_app(library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await open_first_story(pilot)
        assert isinstance(app.screen, StoryScreen)
        label = str(app.screen.query_one("#story-chart-label", Static).render())
        assert "more" not in label, label
        assert all(f"n{n:02d}.example" in label for n in range(OUTLETS)), label
        chart = app.screen.query_one("#story-chart")
        assert chart.size.height >= CHART_ROWS - 1, chart.size  # its margin row aside
    library.close()
