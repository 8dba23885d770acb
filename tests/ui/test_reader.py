"""The reader driven with Pilot on a real library: navigate, open, mark, star, filter, help,
palette, keymap, memory across restarts, first-run samples, and the narrow layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from reader.config import Settings
from reader.library import Library
from reader.ui.app import FeedlensApp, make_app
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.library import LibraryScreen
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from tests.ui.helpers import run_command, settle, wait_for_notice, wait_for_pass_line


def list_of(app: FeedlensApp) -> ArticleList:
    return app.screen.query_one(ArticleList)


def body_text(app: FeedlensApp) -> str:
    body = app.screen.query_one("#article-body", Static)
    return str(body.render())


async def test_first_run_loads_samples_and_says_so(library: Library) -> None:
    app = make_app(library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        assert await wait_for_notice(pilot, "sample feeds")  # before it goes, 5 s on
        await settle(pilot)
        assert not library.is_empty()
        assert list_of(app).count == 25


async def test_navigate_open_marks_read(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        articles = list_of(app)
        assert articles.count == 25 and articles.cursor == 0
        await pilot.press("j", "j", "down", "k")
        assert articles.cursor == 2
        target = articles.current_row
        assert target is not None and not target.read
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.article is not None and view.article.row.id == target.id
        assert target.title in body_text(app)
        assert sample_library.article(target.id).row.read
        await pilot.press("G")
        assert articles.cursor == 24
        await pilot.press("g")
        assert articles.cursor == 0


async def test_next_previous_star_and_toggle_read(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        articles = list_of(app)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        second = articles.current_row
        assert articles.cursor == 1 and second is not None
        assert app.screen.query_one(ArticleView).article.row.id == second.id  # type: ignore[union-attr]
        await pilot.press("s")
        await settle(pilot)
        assert sample_library.article(second.id).row.starred
        await pilot.press("m")
        await settle(pilot)
        assert not sample_library.article(second.id).row.read
        await pilot.press("p")
        await settle(pilot)
        assert articles.cursor == 0


async def test_unread_only_filter_and_sidebar_views(sample_library: Library) -> None:
    first = sample_library.articles(limit=1)[0]
    sample_library.mark_read([first.id])
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert list_of(app).count == 24
        await pilot.press("u")
        await settle(pilot)
        assert list_of(app).count == 25
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        screen.set_view("starred")
        await settle(pilot)
        assert list_of(app).count == 0
        feed = next(f for f in sample_library.feeds() if f.title == "Northwind Ledger")
        screen.set_view(f"feed:{feed.id}")
        await settle(pilot)
        assert list_of(app).count == 8


async def test_sidebar_keyboard_and_mouse(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("h")  # into the sidebar
        assert app.focused is not None and app.focused.id == "sidebar"
        await pilot.press("j", "enter")  # "Unread"
        await settle(pilot)
        assert app.screen.view_id == "unread"  # type: ignore[attr-defined]
        assert app.focused is list_of(app)
        await pilot.click(ArticleList, offset=(30, 3))
        await settle(pilot)
        assert list_of(app).cursor == 3
        assert app.screen.query_one(ArticleView).article is not None


async def test_help_lists_bindings_with_ids(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = str(app.screen.query_one(Static).render())
        for ident in ("article.toggle_star", "list.down", "app.quit", "view.unread_only"):
            assert ident in shown
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_palette_command_runs(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await run_command(pilot, "view: starred")
        assert app.screen.view_id == "starred"  # type: ignore[attr-defined]
        assert list_of(app).count == 0


async def test_keymap_override(sample_library: Library) -> None:
    app = make_app(sample_library, Settings(keymap={"article.toggle_star": "x"}))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        row = list_of(app).current_row
        assert row is not None
        await pilot.press("x")
        await settle(pilot)
        assert sample_library.article(row.id).row.starred
        await pilot.press("s")  # no longer bound
        await settle(pilot)
        assert sample_library.article(row.id).row.starred


async def test_keymap_ids_that_name_no_binding_are_reported(sample_library: Library) -> None:
    """A typo in a keymap id is said in one line, the good ids still apply."""
    keymap = {"article.toggle_stra": "x", "list.nonexistent": "y", "article.toggle_star": "z"}
    app = make_app(sample_library, Settings(keymap=keymap))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert await wait_for_notice(pilot, "Unknown keymap ids in config")
        [notice] = [n for n in app._notifications if "Unknown keymap" in n.message]
        assert "'article.toggle_stra', 'list.nonexistent'" in notice.message
        assert "toggle_star'" not in notice.message.replace("toggle_stra'", "")
        row = list_of(app).current_row
        assert row is not None
        await pilot.press("z")
        await settle(pilot)
        assert sample_library.article(row.id).row.starred


async def test_view_and_article_come_back_after_restart(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        feed = next(f for f in sample_library.feeds() if f.title == "Coastline Daily")
        screen.set_view(f"feed:{feed.id}")
        await settle(pilot)
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        opened = list_of(app).current_row
    assert opened is not None
    again = make_app(sample_library, Settings())
    async with again.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        assert again.screen.view_id == f"feed:{feed.id}"  # type: ignore[attr-defined]
        assert list_of(again).count == 8
        current = list_of(again).current_row
        assert current is not None and current.id == opened.id
        assert again.screen.query_one(ArticleView).article.row.id == opened.id  # type: ignore[union-attr]


@pytest.mark.parametrize("size", [(80, 24), (120, 30)])
async def test_the_remembered_article_is_on_screen_after_a_restart(
    sample_library: Library, size: tuple[int, int]
) -> None:
    """The list shows the remembered article's row, not the top of the list with the cursor
    out of sight (at 80x24 enter opened an article the reader could not see), and its top
    row whole (two-line rows were cut in half)."""
    app = make_app(sample_library, Settings())
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("G", "k", "enter")
        await settle(pilot)
        opened = list_of(app).current_row
    assert opened is not None
    again = make_app(sample_library, Settings())
    async with again.run_test(size=size) as pilot:
        await settle(pilot)
        listing = list_of(again)
        current = listing.current_row
        assert current is not None and current.id == opened.id
        first_line = listing.cursor * listing.lines_per_row
        top = round(listing.scroll_offset.y)
        height = listing.scrollable_content_region.height
        assert top <= first_line and first_line + listing.lines_per_row <= top + height
        assert top % listing.lines_per_row == 0


async def test_narrow_layout_list_and_reader_take_turns(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.has_class("-narrow")
        assert (
            not screen.query_one("#sidebar").display
            or screen.query_one("#sidebar").styles.display == "none"
        )
        await pilot.press("enter")
        await settle(pilot)
        assert screen.has_class("-reading")
        assert app.focused is screen.query_one(ArticleView)
        await pilot.press("escape")
        assert not screen.has_class("-reading")
        assert app.focused is list_of(app)


async def test_hostile_title_is_shown_literally_and_inert(library: Library, tmp_path: Path) -> None:
    feed = tmp_path / "evil.xml"
    feed.write_text(
        '<rss version="2.0"><channel><title>[bold]Evil[/bold]</title>'
        "<item><title>[@click=app.quit]Read me[/]</title><guid>1</guid>"
        "<description>[red]not markup[/red]</description></item></channel></rss>"
    )
    library.import_paths([feed])
    app = make_app(library, Settings())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.click(ArticleList, offset=(40, 0))
        await settle(pilot)
        assert app.is_running
        assert "[@click=app.quit]Read me[/]" in body_text(app)
        assert "[red]not markup[/red]" in body_text(app)


async def test_refresh_while_reading(library: Library) -> None:
    from tests.feedserver import Reply, serve

    feed_bytes = (
        Path(__file__).resolve().parents[2] / "sample_feeds" / "meridian-courier.xml"
    ).read_bytes()
    with serve(
        {
            "/feed": lambda h: Reply(
                # Slow enough that the keys below land while the fetch is under way, even
                # on a cold start where the fetching modules are imported at this moment.
                200,
                feed_bytes,
                {"Content-Type": "application/rss+xml"},
                delay=2.0,
            )
        }
    ) as (base, log):
        feed_id = library.subscribe(f"{base}/feed", "Remote")
        library.import_paths(
            [Path(__file__).resolve().parents[2] / "sample_feeds" / "coastline-daily.json"]
        )
        app = make_app(library, Settings())
        async with app.run_test(size=(160, 40)) as pilot:
            await settle(pilot)
            await pilot.press("R")
            await pilot.pause(0.1)
            # reading goes on while the fetch is under way
            await pilot.press("j", "enter")
            assert list_of(app).cursor == 1
            # R refreshes every feed now: the web feed, and the file read again. Looked for
            # while it is up: settling waits for the analysis child the refresh starts, which
            # on a loaded machine outlasts the line.
            assert await wait_for_pass_line(pilot, "2 feeds refreshed")
            await settle(pilot)
            assert list_of(app).count == 17
        assert len(log.requests) == 1
        assert library.count() == 17
        assert any(f.id == feed_id and f.last_success for f in library.feeds())


async def test_import_file_from_the_palette(sample_library: Library, tmp_path: Path) -> None:
    from reader.ui.screens.prompt import PromptScreen

    feed = tmp_path / "extra.xml"
    feed.write_text(
        '<rss version="2.0"><channel><title>Extra</title><item><guid>x1</guid>'
        "<title>Extra item</title></item></channel></rss>"
    )
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await run_command(pilot, "feed: import file")
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one(Input).value = str(feed)
        await pilot.press("enter")  # no settle first: the notice could come and go meanwhile
        assert await wait_for_notice(pilot, "Import done: 1 feed, 1 new")
        await settle(pilot)  # the list reloaded
        assert list_of(app).count == 26
        await run_command(pilot, "feed: import file")
        app.screen.query_one(Input).value = str(tmp_path / "missing.xml")
        await pilot.press("enter")
        assert await wait_for_notice(pilot, "no such file")
        assert app.is_running
