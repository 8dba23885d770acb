"""Pilot tests of the Figures screen, the comparison and the article's figure list."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList, Static

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.article_figures import ArticleFiguresScreen
from reader.ui.screens.compare import CompareScreen
from reader.ui.screens.figures import FiguresScreen
from reader.ui.widgets.article_view import ArticleView
from tests.conftest import SAMPLES
from tests.ui.helpers import settle


async def open_first_comparison(pilot) -> None:  # type: ignore[no-untyped-def]
    """From the library: F, then enter on the first group (the conflict on the samples)."""
    await settle(pilot)
    await pilot.press("F")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def open_figures(pilot, app) -> tuple[FiguresScreen, OptionList, str]:  # type: ignore[no-untyped-def]
    """From the library: F; the screen, its list and the first group's line."""
    await settle(pilot)
    await pilot.press("F")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, FiguresScreen)
    listing = screen.query_one("#figures-list", OptionList)
    return screen, listing, str(listing.get_option_at_index(0).prompt)


async def figures_first_and_status(pilot, app) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """From the library: F; the first group's line and the status line."""
    screen, _, first = await open_figures(pilot, app)
    return first, str(screen.query_one("#figures-status", Static).render())


async def test_figures_screen_lists_conflicts_first_and_filters(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(140, 40)) as pilot:
        screen, listing, first = await open_figures(pilot, app)
        assert "4,500 vs 5,000 workers evacuated" in first and "conflict" in first
        await pilot.press("slash")
        await pilot.press(*"billion")
        await settle(pilot)
        assert screen.query_one(Input).value == "billion"
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert prompts and "$3 billion" in prompts[0]
        await pilot.press("escape")


async def test_down_or_enter_in_the_filter_lands_on_the_first_match(
    sample_library: Library,
) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        screen, listing, _ = await open_figures(pilot, app)
        for keys in (("down", "enter"), ("enter", "enter")):
            await pilot.press("slash", *"workers")
            await settle(pilot)
            first = listing.get_option_at_index(0).id
            assert listing.option_count >= 2  # a second row the cursor could wrongly take
            await pilot.press(*keys)
            await settle(pilot)
            assert isinstance(app.screen, CompareScreen), keys
            assert str(app.screen.group.id) == first, keys
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is screen
            await pilot.press("escape")  # the filter cleared
            await settle(pilot)


async def test_compare_opens_each_article_at_its_title_when_the_figure_is_in_sight(
    sample_library: Library,
) -> None:
    for size in ((120, 36), (80, 24)):
        app = make_app(sample_library, Settings())
        async with app.run_test(size=size) as pilot:
            await open_first_comparison(pilot)
            await settle(pilot)
            assert isinstance(app.screen, CompareScreen)
            for side in ("left", "right"):
                view = app.screen.query_one(f"#view-{side}", ArticleView)
                assert view.article is not None and view.layout_result is not None
                assert view.scroll_offset.y == 0, (size, side)  # its title line shown
                figure = next(f for f, a in app.screen.mentions if a is view.article)
                body = view.query_one("#article-body", Static).content_region.width
                line = view.layout_result.line_of(figure.mention.start, body)
                assert line < view.scrollable_content_region.height, (size, side)


async def test_compare_shows_both_values_of_a_conflict(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await open_first_comparison(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        headers = [
            str(screen.query_one(f"#header-{s}", Static).render()) for s in ("left", "right")
        ]
        assert "4,500" in headers[0] and "5,000" in headers[1]
        left = screen.query_one("#view-left", ArticleView)
        right = screen.query_one("#view-right", ArticleView)
        assert left.article and right.article and left.article.row.id != right.article.row.id
        before = right.article.row.id
        await pilot.press("tab")
        assert right.has_focus
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert right.article.row.id != before
        assert right.article.row.id != left.article.row.id
        await pilot.press("escape")
        assert isinstance(app.screen, FiguresScreen)


async def test_compare_stacks_at_80_columns(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_comparison(pilot)
        assert isinstance(app.screen, CompareScreen)
        assert app.screen.has_class("-stacked")


async def test_article_figures_list_jumps_to_compare(sample_library: Library) -> None:
    target = next(
        r for r in sample_library.articles(limit=100) if r.title.startswith("Fire at Halvard")
    )
    sample_library.remember("article", target.id)
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.article is not None and view.article.row.id == target.id
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, ArticleFiguresScreen)
        listing = app.screen.query_one(OptionList)
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert prompts[0].startswith("4,500") and "more" in prompts[0]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        assert app.screen.query_one("#view-left", ArticleView).article.row.id == target.id  # type: ignore[union-attr]


async def test_extractor_upgrade_reextracts_in_the_background(sample_library: Library) -> None:
    with sample_library.store.write() as conn:
        conn.execute("UPDATE articles SET extractor_version = 0")
        conn.execute("DELETE FROM figures")
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(140, 40)) as pilot:
        for _ in range(100):  # the background analysis reads them again
            await settle(pilot)
            if sample_library.stale_extraction_count() == 0 and not app._analysing:
                break
            await pilot.pause(0.1)
        assert sample_library.stale_extraction_count() == 0
        assert sample_library.analysis_progress().complete
        assert sample_library.article_figures(sample_library.articles(limit=1)[0].id)


async def test_highlighting_in_a_compare_column(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await open_first_comparison(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        left = screen.query_one("#view-left", ArticleView)
        left.focus()
        await pilot.press("v", "w", "a")
        await settle(pilot)
        assert left.article is not None
        [annotation] = sample_library.annotations(left.article.row.id)
        assert annotation.quote
        assert any(
            span.style and getattr(span.style, "bgcolor", None) is not None
            for span in left.layout_result.text.spans
        )  # type: ignore[union-attr]


async def test_figures_screen_catches_up_with_new_articles(tmp_path: Path) -> None:
    """Groups listed before an import stay on screen while the new ones are grouped, then the
    list shows the conflict the new outlet creates."""
    library = Library(tmp_path / "catch-up.sqlite")
    library.import_paths([SAMPLES / "meridian-courier.xml"])
    library.wait_for_analysis()
    library.import_paths([SAMPLES / "northwind-ledger.atom"])
    library.reextract_figures()  # the new figures read, not yet grouped
    assert not library.figure_groups_current()
    assert library.cached_figure_groups()  # the old groups are still there to show
    app = make_app(library, Settings())
    async with app.run_test(size=(140, 40)) as pilot:
        first, status = await figures_first_and_status(pilot, app)
        assert "4,500 vs 5,000 workers evacuated" in first
        assert "enter compares" in status
    assert library.figure_groups_current()


async def test_a_long_list_shows_its_head_and_the_filter_searches_all(
    sample_library: Library,
) -> None:
    app = make_app(sample_library, Settings())
    sample_library.figure_groups()  # built before the screen opens
    total, _ = sample_library.count_figure_groups()
    assert total > 3
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await app.push_screen(FiguresScreen(sample_library, shown=2))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FiguresScreen)
        listing = screen.query_one("#figures-list", OptionList)
        assert listing.option_count == 2
        status = str(screen.query_one("#figures-status", Static).render())
        assert f"{total} figures" in status and "the first 2 listed" in status
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(2)]
        assert not any("6,200 employees" in p for p in prompts)
        await pilot.press("slash", *"employees")
        await settle(pilot)
        first = str(listing.get_option_at_index(0).prompt)
        assert "6,200 employees" in first  # found among all groups, not only the two listed
        await pilot.press("enter")  # the filter hands over to the list
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)


async def test_figures_wait_for_an_extractor_upgrade_instead_of_regrouping(
    sample_library: Library,
) -> None:
    """While an upgraded extractor reads the library again, the Figures screen and an
    article's figure list show the groups from before and say so; they do not regroup
    figures that are about to change again."""
    sample_library.figure_groups()
    with sample_library.store.write() as conn:
        conn.execute("UPDATE articles SET extractor_version = 0")
        conn.execute("UPDATE state SET value = 'old' WHERE key = 'figures_grouped'")
    assert not sample_library.figure_groups_current()
    # Stopped before it starts, as if the re-extraction were still under way.
    sample_library.stop_background_work()
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(140, 40)) as pilot:
        first, status = await figures_first_and_status(pilot, app)
        assert "4,500 vs 5,000 workers evacuated" in first
        assert "Catching up: reading the figures of 25 articles" in status
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter", "f")
        await settle(pilot)
        assert isinstance(app.screen, ArticleFiguresScreen)
        hint = str(app.screen.query_one("#article-figures-hint", Static).render())
        assert "catching up" in hint
    assert not sample_library.figure_groups_current()
