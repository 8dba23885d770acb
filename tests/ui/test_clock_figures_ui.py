"""A game clock ("with 7:41 left") is shown as written wherever figures are listed: the
Figures view, its comparison, and ``feedlens figures``; never as a count of seconds ("461
seconds"), while clocks still compare by value (7:41 vs 7:42 is a conflict)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from textual.widgets import OptionList

from reader.cli import main
from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.compare import CompareScreen
from reader.ui.screens.figures import FiguresScreen
from tests.ui.helpers import settle


def clock_feeds(folder: Path) -> list[Path]:
    """Three sports desks reporting one goal's time, one a second apart from the others."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, clock in ((1, "7:41"), (2, "7:41"), (3, "7:42")):
        path = folder / f"desk-{n}.xml"
        path.write_text(
            '<?xml version="1.0"?><rss version="2.0"><channel>'
            f"<title>Sports Desk {n}</title><link>https://s{n}.example/</link><item>"
            f"<title>Rangers edge Blues in overtime thriller</title><link>https://s{n}.example/a</link>"
            f"<pubDate>Mon, 02 Nov 2026 10:0{n}:00 GMT</pubDate><description>The Rangers beat "
            f"the Blues 3-2 at Madison Square Garden on Sunday. Zibanejad scored with {clock} "
            "left in the third period as the Rangers rallied. Shesterkin made 31 saves for the "
            "Rangers against the Blues.</description></item></channel></rss>",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def _library(tmp_path: Path) -> Library:
    library = Library(tmp_path / "library.sqlite")
    library.import_paths(clock_feeds(tmp_path / "feeds"))
    assert library.wait_for_analysis().complete
    return library


def test_feedlens_figures_shows_the_clock_as_written(tmp_path: Path) -> None:
    _library(tmp_path).close()
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "library.sqlite"), "figures"])
    assert result.exit_code == 0, result.output
    assert "7:41 vs 7:42" in result.stdout
    assert "seconds" not in result.stdout


async def test_the_figures_view_and_its_comparison_show_the_clock(tmp_path: Path) -> None:
    library = _library(tmp_path)
    try:
        app = make_app(library, Settings())
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            await pilot.press("F")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, FiguresScreen)
            listing = screen.query_one("#figures-list", OptionList)
            rows = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
            conflict = next(i for i, row in enumerate(rows) if "7:41 vs 7:42" in row)
            assert not any("seconds" in row for row in rows), rows
            listing.highlighted = conflict
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, CompareScreen)
            shown = " ".join(str(w.render()) for w in app.screen.query("Static"))
            assert "7:41" in shown and "7:42" in shown
            assert "461" not in shown and "462" not in shown
    finally:
        library.close()
