"""Reloads the reader does after every refresh, import, page pass and outside write change
nothing on screen when the library changed nothing in sight (no rebuilt sidebar, no redrawn or
scrolled list, no repainted status bar: each cost a key pressed meanwhile tens of
milliseconds), and show what did change: new articles in the list, the counts in the sidebar
and the status line. Start-up's heap is kept out of later garbage collections."""

from __future__ import annotations

import asyncio
import gc
from pathlib import Path

import pytest
from textual.widgets import Static

from reader.config import Settings
from reader.library import Library
from reader.ui.app import FeedlensApp, make_app
from reader.ui.screens.library import LibraryScreen
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.sidebar import Sidebar
from tests.feedserver import serve
from tests.pages import available, feed_route, keys, page, page_route, rss, teaser_of
from tests.perf.corpus import write_corpus
from tests.ui.helpers import settle, wait_for_pass_line, wait_until


def status(app: FeedlensApp) -> str:
    return str(app.screen.query_one("#status", Static).render())


def sidebar_prompts(sidebar: Sidebar) -> list[str]:
    return [str(sidebar.get_option_at_index(i).prompt) for i in range(sidebar.option_count)]


async def test_a_reload_finding_nothing_new_leaves_the_screen_and_one_finding_more_shows_it(
    sample_library: Library, tmp_path: Path
) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        listing = screen.query_one(ArticleList)
        sidebar = screen.query_one(Sidebar)
        await pilot.press("j", "j")
        await settle(pilot)
        kept = listing.current_row
        assert kept is not None and listing.cursor == 2
        page_shown = listing._pages[0]
        first_option = sidebar.get_option_at_index(0)
        said = status(app)
        screen_before = app.export_screenshot()

        screen.reload_all()  # as after a refresh that brought nothing new
        await settle(pilot)
        assert listing._pages[0] is page_shown  # the rows on screen kept, not read anew
        assert sidebar.get_option_at_index(0) is first_option  # the sidebar not rebuilt
        assert listing.cursor == 2 and status(app) == said
        assert app.export_screenshot() == screen_before

        # Another process adds articles: the next reload shows them and every count.
        added = write_corpus(tmp_path / "more", 30, feeds=2, outlet="elsewhere")
        summary = await asyncio.to_thread(sample_library.import_paths, added)
        assert summary.new == 30
        screen.reload_all()
        assert await wait_until(pilot, lambda: listing.count == 25 + 30)
        current = listing.current_row
        assert current is not None and current.id == kept.id  # the reader's place kept
        assert await wait_until(pilot, lambda: "55 articles" in status(app))
        prompts = sidebar_prompts(sidebar)
        assert any("All articles" in p and "55" in p for p in prompts), prompts
        assert sum("elsewhere" in p.lower() for p in prompts) == 2, prompts  # its two feeds


@pytest.mark.skipif(not available(), reason="article-pages corpus not found")
async def test_articles_a_refresh_brings_appear_and_are_counted_after_its_page_pass(
    library: Library,
) -> None:
    sources = [page(key) for key in keys()[20:22]]
    routes = {f"/p{i}": page_route(source.html) for i, source in enumerate(sources)}
    with serve(routes) as (base, _):
        items = [
            (f"Teaser {i}", f"{base}/p{i}", teaser_of(source.truth))
            for i, source in enumerate(sources)
        ]
        routes["/feed"] = feed_route(rss(items[:1]))
        library.subscribe(f"{base}/feed")
        app = make_app(library, Settings())
        async with app.run_test(size=(160, 40)) as pilot:
            await settle(pilot)
            await pilot.press("R")
            assert await wait_for_pass_line(pilot, "full text: 1 replaced")
            await settle(pilot, rounds=6)
            listing = app.screen.query_one(ArticleList)
            assert listing.count == 1 and "1 article" in status(app)
            routes["/feed"] = feed_route(rss(items))  # the feed gains an article
            await pilot.press("R")
            assert await wait_until(pilot, lambda: listing.count == 2, seconds=60)
            assert await wait_until(pilot, lambda: "2 articles" in status(app))
            titles = {row.title for row in listing._pages[0]}
            assert titles == {"Teaser 0", "Teaser 1"}
            assert await wait_until(
                pilot,
                lambda: all(
                    library.page_state(r.id).text_source == "page" for r in listing._pages[0]
                ),
                seconds=60,
            )


async def test_start_up_keeps_what_it_loaded_out_of_later_collections(
    sample_library: Library,
) -> None:
    gc.unfreeze()  # as a fresh reader process starts: nothing frozen yet
    try:
        app = make_app(sample_library, Settings())
        async with app.run_test(size=(160, 40)) as pilot:
            await settle(pilot)
            assert gc.get_freeze_count() > 0
            screen = app.screen
            # Frozen objects are in no generation a collection walks.
            assert not any(o is screen for o in gc.get_objects())
            await pilot.press("j", "enter")  # the reader goes on as before
            await settle(pilot)
            assert screen.query_one(ArticleList).cursor == 1
    finally:
        gc.unfreeze()
