"""Managing feeds and saved searches from the reader: delete, rename, tag, mark read.

The keys sit on the sidebar (they act on the highlighted feed or saved search) and the palette
entries act on the view shown; both end here. Deleting asks first and says how many notes the
feed's articles hold (they are kept, listed as orphaned in "annotation: list all"). Every
library call runs in a thread worker; its outcome comes back as one notification.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.errors import FeedlensError
from reader.models import Feed
from reader.text.wording import counted
from reader.ui.screens.prompt import ChoiceScreen, PromptScreen

if TYPE_CHECKING:
    from reader.ui.screens.library import LibraryScreen


def feed_of_view(screen: LibraryScreen, view_id: str | None) -> Feed | None:
    """The feed a view id names (``feed:ID``), if it is known to the screen."""
    if view_id and view_id.startswith("feed:") and view_id[5:].isdigit():
        return screen.feeds.get(int(view_id[5:]))
    return None


class FeedManager:
    """The feed and saved-search commands of one library screen."""

    def __init__(self, screen: LibraryScreen) -> None:
        self.screen = screen

    def _in_worker(self, work: Callable[[], str], after: Callable[[], None] | None = None) -> None:
        """Run a library change in a thread; say its outcome (or its error) in one line."""
        screen = self.screen

        def run() -> None:
            try:
                message = work()
            except FeedlensError as error:
                screen.app.call_from_thread(
                    screen.notify, error.message, severity="error", markup=False
                )
                return
            screen.app.call_from_thread(screen.notify, message, markup=False)
            if after is not None:
                screen.app.call_from_thread(after)
            screen.app.call_from_thread(screen.reload_all)

        screen.run_worker(run, thread=True, group="feed-manage", exit_on_error=False)

    def _feed_or_say(self, view_id: str | None) -> Feed | None:
        feed = feed_of_view(self.screen, view_id)
        if feed is None:
            self.screen.notify(
                "Choose a feed in the sidebar first (h shows it)", timeout=3, markup=False
            )
        return feed

    # --- delete ----------------------------------------------------------------------------

    def delete(self, view_id: str | None) -> None:
        """Delete the feed (after a confirmation) or the saved search a view names."""
        if view_id and view_id.startswith("search:"):
            self._confirm_search_delete(view_id[7:])
            return
        feed = self._feed_or_say(view_id)
        if feed is None:
            return
        screen = self.screen

        def count() -> None:
            contents = screen.library.feed_contents(feed.id)
            screen.app.call_from_thread(self._confirm_delete, feed, contents.annotations)

        screen.run_worker(count, thread=True, group="feed-manage", exit_on_error=False)

    def _confirm_delete(self, feed: Feed, notes: int) -> None:
        verb = "is" if notes == 1 else "are"
        kept = (
            f" {counted(notes, 'note')} on them {verb} kept, listed as orphaned." if notes else ""
        )
        self.screen.app.push_screen(
            ChoiceScreen(
                f"Delete {feed.title} and its {counted(feed.article_count, 'article')}?{kept}",
                # Keeping is first: an enter pressed by habit deletes nothing.
                [("keep", "Keep it"), ("delete", "Delete the feed and its articles")],
            ),
            lambda answer: self._delete_answered(answer, feed),
        )

    def _delete_answered(self, answer: str | None, feed: Feed) -> None:
        if answer != "delete":
            return
        screen = self.screen

        def delete() -> str:
            done = screen.library.delete_feed(feed.id)
            kept = (
                f"; {counted(done.annotations, 'note')} kept as orphaned"
                if done.annotations
                else ""
            )
            return f"Deleted {done.title}: {counted(done.articles, 'article')}{kept}"

        self._in_worker(delete, after=lambda: self._leave_view(f"feed:{feed.id}"))

    def _leave_view(self, view_id: str) -> None:
        if self.screen.view_id == view_id:
            self.screen.set_view("all")

    def _confirm_search_delete(self, name: str) -> None:
        self.screen.app.push_screen(
            ChoiceScreen(
                f"Delete the saved search {name}?",
                [("keep", "Keep it"), ("delete", "Delete it")],
            ),
            lambda answer: self._search_delete_answered(answer, name),
        )

    def _search_delete_answered(self, answer: str | None, name: str) -> None:
        if answer != "delete":
            return
        screen = self.screen

        def delete() -> str:
            screen.library.delete_saved_search(name)
            return f"Deleted the saved search {name}"

        self._in_worker(delete, after=lambda: self._leave_view(f"search:{name}"))

    # --- rename and tags ---------------------------------------------------------------------

    def rename(self, view_id: str | None) -> None:
        feed = self._feed_or_say(view_id)
        if feed is None:
            return
        self.screen.app.push_screen(
            PromptScreen(f"Rename {feed.title} to:", value=feed.title),
            lambda answer: self._renamed(answer, feed),
        )

    def _renamed(self, answer: str | None, feed: Feed) -> None:
        if not answer or answer == feed.title:
            return
        screen = self.screen

        def rename() -> str:
            screen.library.rename_feed(feed.id, answer)
            return f"Renamed {feed.title} to {' '.join(answer.split())}"

        self._in_worker(rename)

    def edit_tags(self, view_id: str | None) -> None:
        feed = self._feed_or_say(view_id)
        if feed is None:
            return
        self.screen.app.push_screen(
            PromptScreen(
                f"Tags of {feed.title} (comma-separated; empty removes them all):",
                placeholder="news, local",
                value=", ".join(feed.tags),
                allow_empty=True,
            ),
            lambda answer: self._tags_answered(answer, feed),
        )

    def _tags_answered(self, answer: str | None, feed: Feed) -> None:
        if answer is None:
            return
        wanted = [t.strip() for t in answer.split(",") if t.strip()]
        screen = self.screen

        def retag() -> str:
            now = screen.library.tag_feed(
                feed.id, add=wanted, remove=[t for t in feed.tags if t not in wanted]
            )
            return f"{feed.title}: tags {', '.join(now) or '(none)'}"

        self._in_worker(retag)

    # --- mark read ---------------------------------------------------------------------------

    def mark_read(self, view_id: str | None) -> None:
        """Mark the feed a view names read, or everything for the All view."""
        screen = self.screen
        if view_id == "all":
            screen.app.push_screen(
                ChoiceScreen(
                    "Mark every article of every feed read?",
                    [("keep", "Keep them as they are"), ("mark", "Mark everything read")],
                ),
                lambda answer: self._mark_read(None, "every feed") if answer == "mark" else None,
            )
            return
        feed = self._feed_or_say(view_id)
        if feed is not None:
            self._mark_read(feed.id, feed.title)

    def _mark_read(self, feed_id: int | None, name: str) -> None:
        screen = self.screen

        def mark() -> str:
            changed = screen.library.mark_feed_read(feed_id)
            return f"{name}: {counted(changed, 'article')} marked read"

        self._in_worker(mark)
