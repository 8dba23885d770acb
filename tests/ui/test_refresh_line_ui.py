"""R in the reader, every feed coming: the refresh says what it brought in the status bar
(where its count was), and the page pass's count, then its closing line, come before it
there; no notice comes and goes over the list (each costs a layout of the whole screen as
it comes and as it goes, in the first seconds of the pass). Pilot, a real library, a real
127.0.0.1 server serving real article pages behind a teaser feed."""

from __future__ import annotations

import pytest

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.library import LibraryScreen
from tests.feedserver import serve
from tests.pages import available, feed_route, keys, page, page_route, rss, teaser_of
from tests.ui.helpers import settle, wait_for_pass_line, wait_until

pytestmark = pytest.mark.skipif(not available(), reason="article-pages corpus not found")

REFRESHED = "1 feed refreshed: 3 new articles"
AGAIN = "1 feed refreshed: nothing new"


async def test_refresh_line_leads_the_page_pass_in_the_status_bar(library: Library) -> None:
    sources = [page(key) for key in keys()[:3]]
    routes = {f"/p{n}": page_route(source.html) for n, source in enumerate(sources)}
    with serve(routes) as (base, _):
        items = [
            (f"Story {n}", f"{base}/p{n}", teaser_of(source.truth))
            for n, source in enumerate(sources)
        ]
        routes["/feed"] = feed_route(rss(items))
        library.subscribe(f"{base}/feed")
        app = make_app(library, Settings())
        async with app.run_test(size=(160, 40)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, LibraryScreen)
            shown: list[str] = []
            original = screen.show_progress

            def watch(text: str) -> None:
                shown.append(text)
                original(text)

            screen.show_progress = watch  # type: ignore[method-assign]
            notices: list[str] = []
            notify = app.notify

            def told(message: str, *args: object, **kwargs: object) -> None:
                notices.append(message)
                notify(message, *args, **kwargs)  # type: ignore[arg-type]

            app.notify = told  # type: ignore[method-assign]

            await pilot.press("R")
            came = await wait_for_pass_line(pilot, "full text: 3 replaced", seconds=90)
            assert came, shown
            after = shown[shown.index(REFRESHED) :]  # the refresh's line, at once
            counts = [text for text in after if "full text " in text]
            # the pass's news first (at 80 columns the line's end is cut off), then the lead
            assert counts and all(t.startswith("full text ") for t in counts), shown
            assert all(t.endswith(f" · {REFRESHED}") for t in counts), shown
            assert screen.progress == f"full text: 3 replaced · {REFRESHED}"
            assert not any("refreshed" in n for n in notices), notices

            # Nothing new: the refresh's line stands alone (the pass had nothing to fetch).
            await pilot.press("R")
            assert await wait_until(pilot, lambda: screen.progress == AGAIN), shown
            await settle(pilot)
            assert screen.progress == AGAIN, shown  # not cleared as the empty pass ended
            assert not any("refreshed" in n for n in notices), notices
    assert sum(library.page_state(a.id).text_source == "page" for a in library.articles()) == 3
