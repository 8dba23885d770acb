"""Pilot tests of what a close reader trips on first: a list row is one line on a narrow
terminal, and a figure revised as reports came in is not marked as a disagreement."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from textual.widgets import Static

from reader.config import Settings
from reader.library import Library
from reader.text.wording import counted
from reader.ui.app import make_app
from reader.ui.screens.compare import CompareScreen, describe
from reader.ui.screens.library import LibraryScreen
from reader.ui.widgets.article_view import ArticleView
from tests.ui.helpers import settle
from tests.ui.test_figures_ui import open_figures


async def test_figures_rows_are_one_line_each_at_80_columns(sample_library: Library) -> None:
    """A conflict's row names its story (a long headline): wrapped, it took three lines at 100
    columns and the list showed a third of its rows; cut, every row is one line."""
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(80, 30)) as pilot:
        _, listing, first = await open_figures(pilot, app)
        assert len(first) > 80  # the row is longer than the terminal is wide
        assert listing.option_count >= 2
        assert listing.virtual_size.height == listing.option_count


async def test_an_updated_figure_is_marked_as_an_update_not_a_disagreement(
    sample_library: Library,
) -> None:
    """The samples' injured count is revised as reports come in: the Figures screen and the
    comparison mark it `↑` (as `feedlens stories ID` does), not the red `≠` of a dispute."""
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        _, listing, _ = await open_figures(pilot, app)
        rows = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        [injured] = [row for row in rows if "injured" in row and "update" in row]
        [workers] = [row for row in rows if "workers evacuated" in row and "conflict" in row]
        assert injured.startswith("↑ ") and workers.startswith("≠ ")
        # The status counts them apart, as the rows mark them.
        disputes = sum(row.startswith("≠ ") for row in rows)
        updates = sum(row.startswith("↑ ") for row in rows)
        status = str(app.screen.query_one("#figures-status", Static).render())
        assert f"· {counted(disputes, 'conflict')} · {counted(updates, 'update')} ·" in status
        listing.highlighted = rows.index(injured)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        title = str(app.screen.query_one("#compare-title", Static).render())
        assert title.startswith("↑ ") and "injured" in title


async def test_an_articles_link_is_one_line_in_a_narrow_reading_pane(
    library: Library, corpora: Path
) -> None:
    """At 100 columns the reading pane is some 56 columns wide: a long link, shortened to 60
    characters whatever the width, folded its last letters onto a line of their own
    ("…/new-zealand-british-climber-killed-in-f" / "all"). It is cut to the pane's width."""
    library.import_paths([corpora / "real-world-feeds" / "guardian.rss"], processes=1)
    app = make_app(library, Settings())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        long_links = 0
        for _ in range(6):
            await pilot.press("enter")
            await settle(pilot)
            assert screen.opened is not None
            view = screen.query_one(ArticleView)
            assert view.layout_result is not None
            width = view.query_one("#article-body", Static).content_region.width
            link_line = view.layout_result.text.plain.split("\n")[2]
            long_links += len(screen.opened.link) > width
            assert cell_len(link_line) < width, link_line
            screen.article_list.focus()
            await pilot.press("j")
        assert long_links  # links that did not fit as they are


async def test_the_stories_status_is_read_whole_at_80_columns(sample_library: Library) -> None:
    """The Stories status says what the counts are, how many stories one outlet alone tells
    and that enter opens one: at 80 and 100 columns its one line was cut after "93 heard".
    It takes a second line where it needs one, one line where it fits."""
    for width, lines in ((80, 2), (200, 1)):
        app = make_app(sample_library, Settings())
        async with app.run_test(size=(width, 24)) as pilot:
            await settle(pilot)
            await pilot.press("S")
            await settle(pilot)
            status = app.screen.query_one("#stories-status", Static)
            said = str(status.render())
            assert "enter opens a story" in said and len(said) > 80
            assert status.size.height == lines, (width, said)


async def test_a_same_figure_row_names_its_story(sample_library: Library) -> None:
    """A conflict's row ended "in <story>"; a row of one figure ("= 4,500 workers ·
    3 articles") named none, and on a real library "= 75 years old · 11 articles" is no
    figure a reader can place. Every row names the story holding most of its reports, in
    the whole list and in the filter's results."""
    titles = {s.row.title for s in sample_library.stories.ranked()}
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(200, 40)) as pilot:
        _, listing, _ = await open_figures(pilot, app)

        def same_rows() -> list[str]:
            rows = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
            return [row for row in rows if row.startswith("= ")]

        rows = same_rows()
        assert rows
        # A long title is cut with an ellipsis (the conflict rows' 36-character cut).
        named = [row.split(" · in ", 1)[-1] for row in rows]
        assert all(
            name in titles or (name.endswith("…") and any(t.startswith(name[:-1]) for t in titles))
            for name in named
        ), rows
        await pilot.press("slash", *"workers")
        await settle(pilot)
        filtered = same_rows()
        assert filtered and all(" · in " in row for row in filtered), filtered


def test_a_projected_figure_is_said_expected_in_the_comparison(sample_library: Library) -> None:
    """A comparison column's header said "· projected", the extractor's word, where the story
    table says "expected"; it says "expected" too."""
    groups = sample_library.cached_figure_groups()
    shown = [
        str(describe(figure, article))
        for group in groups
        for figure, article in sample_library.group_mentions(group)
        if figure.mention.modality == "projected"
    ]
    assert shown
    assert all(line.endswith(" · expected") for line in shown), shown
    assert not any("projected" in line for line in shown)
