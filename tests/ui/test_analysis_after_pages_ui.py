"""The reader does not start analysing while its page pass runs (each page stored queues its
article again, so a teaser analysed meanwhile was analysed for nothing, and every drain is
followed by story and figure-group work on the same cores): the articles the pass queued wait,
and the first check after the pass analyses them. Real library, real 127.0.0.1 server, the
real app with Pilot; one page answers late so the pass outlasts several checks."""

from __future__ import annotations

import asyncio
import time

import pytest

from reader.config import Settings
from reader.library import Library
from reader.ui import fulltext
from reader.ui.app import ANALYSIS_CHECK_SECONDS, make_app
from reader.ui.screens.library import LibraryScreen
from tests.feedserver import Handler, Reply, Route, serve
from tests.pages import HTML_TYPE, available, feed_route, keys, page, page_route, rss, teaser_of
from tests.ui.helpers import settle, wait_until

pytestmark = pytest.mark.skipif(not available(), reason="article-pages corpus not found")

LATE = 3 * ANALYSIS_CHECK_SECONDS  # the late page: the pass outlasts a few analysis checks


def late_route(body: bytes) -> Route:
    def route(handler: Handler) -> Reply:
        return Reply(200, body, HTML_TYPE, delay=LATE)

    return route


async def test_pages_stored_by_a_pass_are_analysed_after_it_not_during_it(
    library: Library,
) -> None:
    quick, late = (page(key) for key in keys()[30:32])
    routes: dict[str, Route] = {"/quick": page_route(quick.html), "/late": late_route(late.html)}
    with serve(routes) as (base, _):
        routes["/feed"] = feed_route(
            rss(
                [
                    ("Quick page", f"{base}/quick", teaser_of(quick.truth)),
                    ("Late page", f"{base}/late", teaser_of(late.truth)),
                ]
            )
        )
        feed_id = library.subscribe(f"{base}/feed")
        # The teasers stored and analysed before the reader opens.
        await asyncio.to_thread(library.refresh, [feed_id])
        assert (await asyncio.to_thread(library.wait_for_analysis)).complete
        app = make_app(library, Settings())
        async with app.run_test(size=(160, 40)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, LibraryScreen)
            assert not app._analysing
            fulltext.start_page_pass(screen, feed_id)  # as setting the feed's mode does
            waited = 0  # samples taken with the quick page's article waiting in the queue
            started = time.monotonic()
            while fulltext.passing(app):
                assert not app._analysing, "an analysis started during the page pass"
                if library.analysis_progress().pending:
                    waited += 1
                assert time.monotonic() - started < 120, "the page pass never ended"
                await pilot.pause(0.1)
            # The pass outlasted several checks with an article queued, and none analysed it.
            assert time.monotonic() - started > 2 * ANALYSIS_CHECK_SECONDS
            assert waited > 10
            rows = {row.title: row.id for row in library.articles()}
            assert library.page_state(rows["Quick page"]).text_source == "page"
            assert library.page_state(rows["Late page"]).text_source == "page"
            # The first check after the pass analyses both pages.
            assert await wait_until(
                pilot,
                lambda: library.analysis_progress().complete and not app._analysing,
                seconds=90,
            )
            assert library.analysis_progress().pending == 0
