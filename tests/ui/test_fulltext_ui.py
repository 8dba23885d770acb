"""Full text in the reader, driven with Pilot on a real library and a real 127.0.0.1 server:
refreshing fetches teaser pages in the background, ``t`` shows the feed's own text read-only
and back, and the palette sets a feed's full-text mode."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import Static

from reader.config import Settings
from reader.library import Library
from reader.ui.app import FeedlensApp, make_app
from reader.ui.screens.library import LibraryScreen
from reader.ui.widgets.article_view import ArticleView
from tests.feedserver import serve
from tests.pages import available, feed_route, keys, page, page_route, rss, teaser_of
from tests.ui.helpers import kept_notices, run_command, settle, wait_for_pass_line

pytestmark = pytest.mark.skipif(not available(), reason="article-pages corpus not found")


def body_text(app: FeedlensApp) -> str:
    return str(app.screen.query_one("#article-body", Static).render())


async def test_refresh_fetches_pages_and_t_toggles_the_feed_text(library: Library) -> None:
    source = page(keys()[10])
    teaser = teaser_of(source.truth)
    routes = {"/a": page_route(source.html)}
    with serve(routes) as (base, _):
        routes["/feed"] = feed_route(rss([("Teaser story", f"{base}/a", teaser)]))
        library.subscribe(f"{base}/feed")
        app = make_app(library, Settings())
        said = kept_notices(app)
        async with app.run_test(size=(160, 40)) as pilot:
            await settle(pilot)
            await pilot.press("R")  # refresh all: the feed, then its pages in the background
            # looked for as it comes: a notice lasts 5 s, which settling can outlast when busy
            assert await wait_for_pass_line(pilot, "full text: 1 replaced")
            await settle(pilot, rounds=6)
            [row] = library.articles()
            assert library.page_state(row.id).text_source == "page"
            full = library.article(row.id).text.text
            await pilot.press("enter")
            await settle(pilot)
            view = app.screen.query_one(ArticleView)
            assert view.article is not None and view.article.text.text == full
            await pilot.press("l", "t")
            await settle(pilot)
            assert view.read_only and view.article.text.text == teaser
            assert "the feed's own text" in body_text(app)
            await pilot.press("H")  # no annotation on the feed's text: it is read-only
            await settle(pilot)
            assert library.annotations(row.id) == []
            assert any("read-only" in message for message in said), said
            await pilot.press("t")
            await settle(pilot)
            assert not view.read_only and view.article.text.text == full
            await pilot.press("H")  # on the article's own (page) text a highlight is made
            await settle(pilot)
            assert len(library.annotations(row.id)) == 1


async def test_palette_sets_the_feeds_full_text_mode(library: Library) -> None:
    source = page(keys()[11])
    routes = {"/a": page_route(source.html)}
    with serve(routes) as (base, log):
        routes["/feed"] = feed_route(rss([("Full story", f"{base}/a", source.truth)]))
        # add_feed runs its own event loop: not on the test's
        feed_id, _ = await asyncio.to_thread(library.add_feed, f"{base}/feed")
        app = make_app(library, Settings())
        async with app.run_test(size=(160, 40)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, LibraryScreen)
            screen.set_view(f"feed:{feed_id}")
            await settle(pilot)
            await run_command(pilot, "feed: full text always")
            await settle(pilot, rounds=6)
            assert library.feeds()[0].full_text == "always"
            assert "/a" in [path for path, _ in log.requests]
            [row] = library.articles()
            assert library.page_state(row.id).text_source == "page"
            await run_command(pilot, "feed: full text never")
            await settle(pilot)
            assert library.feeds()[0].full_text == "never"


async def test_the_header_says_where_the_text_came_from_and_t_shows_in_the_key_bar(
    library: Library,
) -> None:
    source = page(keys()[12])
    routes = {"/a": page_route(source.html)}
    with serve(routes) as (base, _):
        routes["/feed"] = feed_route(
            rss(
                [
                    ("Paged story", f"{base}/a", teaser_of(source.truth)),
                    # a page error with a control sequence in it: shown sanitised, never run
                    ("Gone story", f"{base}/gone\x1b[31m", "A teaser whose page is gone …"),
                ]
            )
        )
        library.subscribe(f"{base}/feed")
        app = make_app(library, Settings())
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            await pilot.press("R")
            await settle(pilot, rounds=6)
            paged = next(r for r in library.articles() if r.title == "Paged story")
            gone = next(r for r in library.articles() if r.title == "Gone story")
            assert library.page_state(paged.id).text_source == "page"
            assert library.page_state(gone.id).page_error
            screen = app.screen
            assert isinstance(screen, LibraryScreen)
            screen.open_article(paged.id)
            await settle(pilot)
            assert "Full text from its page (t: feed text)" in body_text(app)
            assert "t" in shown_keys(app)
            screen.open_article(gone.id)
            await settle(pilot)
            error = library.page_state(gone.id).page_error or ""
            assert f"Feed text only: {error}" in body_text(app)
            assert "\x1b" not in body_text(app)
            assert "t" not in shown_keys(app)  # nothing else to show: not offered
            await pilot.press("t")  # pressed anyway, it says why
            await settle(pilot)
            assert any(error in n.message for n in app._notifications)


def shown_keys(app: FeedlensApp) -> set[str]:
    """The keys the key bar offers now."""
    return {
        key
        for key, active in app.screen.active_bindings.items()
        if active.binding.show and active.enabled
    }
