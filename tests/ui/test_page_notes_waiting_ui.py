"""Issue 21's last gap in the reader: a feed removed and added back (from the reader, with
``+``) brings its article back with the feed's text; the note made in the page's text is
shown as waiting for the full text while the page pass fetches the page (not as orphaned),
and comes back anchored when the page is in. The real app under Pilot, real news pages on a
real 127.0.0.1 server (the page slowed the second time, so the wait can be seen)."""

from __future__ import annotations

import asyncio
import time

import pytest
from textual.widgets import Input, OptionList, Static

from reader.annotations import Annotation
from reader.config import Settings
from reader.library import Library
from reader.store.articles import ArticleFilter
from reader.ui.app import make_app
from reader.ui.screens.annotations import AnnotationsScreen
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.prompt import PromptScreen
from reader.ui.widgets.annotation_pane import AnnotationPane
from tests.feedserver import Handler, Reply, serve
from tests.pages import HTML_TYPE, available, rss
from tests.test_fulltext_notes_back import RSS_TYPE, _long_page
from tests.ui.helpers import settle, wait_for_notice


def _rows(pane: AnnotationPane) -> list[str]:
    listing = pane.query_one("#annotation-list", OptionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


@pytest.mark.skipif(not available(), reason="article-pages corpus not found")
async def test_a_page_note_waits_for_the_full_text_then_is_anchored(library: Library) -> None:
    html, lead, late = _long_page()
    feed: dict[str, bytes] = {}
    fetched = [0]

    def page(handler: Handler) -> Reply:
        fetched[0] += 1
        return Reply(200, html, HTML_TYPE, delay=0 if fetched[0] == 1 else 8)

    with serve({"/a": page, "/feed": lambda h: Reply(200, feed["body"], RSS_TYPE)}) as (base, _):
        feed["body"] = rss([("A long read", f"{base}/a", lead)])
        url = f"{base}/feed"

        def noted_then_removed() -> Annotation:
            """Subscribed, its page fetched, a note on the page's text, the feed removed."""
            feed_id, _ = library.add_feed(url)
            [row] = library.articles(ArticleFilter(), 0, 10)
            assert library.fetch_full_text([row.id]).replaced == 1
            note = library.annotate_quote(row.id, late, "only the page says this", ())
            library.delete_feed(feed_id)
            return note

        # in a thread: fetching runs its own event loop, and the test's is running
        note = await asyncio.to_thread(noted_then_removed)
        app = make_app(library, Settings())
        async with app.run_test(size=(160, 40)) as pilot:
            await settle(pilot)
            await pilot.press("plus")
            await settle(pilot)
            assert isinstance(app.screen, PromptScreen)
            app.screen.query_one(Input).value = url
            await pilot.press("enter")
            assert await wait_for_notice(pilot, "Subscribed to")
            # the page pass is fetching the page (slowed): the note waits for it
            added = library.subscribed(url)
            assert added is not None
            [row] = library.articles(ArticleFilter(feed_id=added.id), 0, 10)
            screen = app.screen
            assert isinstance(screen, LibraryScreen)
            # the list of every note says so too, in a section of its own
            app.action_all_annotations()
            await pilot.pause(1.0)
            notes = app.screen
            assert isinstance(notes, AnnotationsScreen)
            status = str(notes.query_one("#figures-status", Static).render())
            assert "1 waiting for the full text" in status and "orphaned" not in status
            await pilot.press("escape")
            await pilot.pause(0.3)
            assert app.screen is screen
            screen.open_article(row.id)
            await pilot.pause(0.5)
            await pilot.press("A")
            await pilot.pause(0.5)
            pane = screen.query_one(AnnotationPane)
            [waiting] = _rows(pane)
            assert "waiting for the full text · " in waiting and "orphaned" not in waiting
            assert late[:40] in waiting
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline and "waiting" in " ".join(_rows(pane)):
                await pilot.pause(0.2)
            [anchored] = _rows(pane)
            assert "waiting" not in anchored and "orphaned" not in anchored, anchored
    [after] = library.annotations(row.id)
    assert (after.uid, after.status, after.note) == (note.uid, "anchored", note.note)
    assert library.article(row.id).text.text[after.start : after.end] == late
