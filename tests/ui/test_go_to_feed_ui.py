"""J goes to a feed by a few letters of its name (fuzzy, rapidfuzz), U opens the next unread
article of the view; both are listed in ? (Pilot, the real app and library)."""

from __future__ import annotations

from reader.config import Settings
from reader.library import Library
from reader.store.articles import ArticleFilter
from reader.ui.app import make_app
from reader.ui.screens.feed_picker import FeedPickerScreen, matching_feeds
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.library import LibraryScreen
from tests.ui.helpers import settle


def test_matching_is_fuzzy_and_best_first(sample_library: Library) -> None:
    feeds = sample_library.feeds()
    assert matching_feeds(feeds, "northwnd")[0].title == "Northwind Ledger"  # a typo
    assert matching_feeds(feeds, "coast")[0].title == "Coastline Daily"
    assert len(matching_feeds(feeds, "")) == len(feeds)


async def test_j_goes_to_a_typed_feed_and_u_to_the_next_unread(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await pilot.press("J")
        await settle(pilot)
        assert isinstance(app.screen, FeedPickerScreen)
        await pilot.press(*"northwnd", "enter")
        await settle(pilot)
        assert app.screen is screen
        feed = next(f for f in sample_library.feeds() if f.title == "Northwind Ledger")
        assert screen.view_id == f"feed:{feed.id}"
        assert screen.sidebar.selected_view == f"feed:{feed.id}"
        assert screen.article_list.has_focus

        # U: the first and third rows read, the cursor on the first: U opens the second...
        rows = sample_library.articles(ArticleFilter(feed_id=feed.id), 0, 4)
        sample_library.mark_read([rows[0].id, rows[2].id])
        screen.reload_all()
        await settle(pilot)
        await pilot.press("U")
        await settle(pilot)
        assert screen.opened is not None and screen.opened.id == rows[1].id
        await pilot.press("U")  # ...then skips the third (read) for the fourth
        await settle(pilot)
        assert screen.opened is not None and screen.opened.id == rows[3].id

        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        listed = " ".join(" ".join(row) for row in app.screen.rows)
        assert "Go to a feed" in listed and "Next unread article" in listed
