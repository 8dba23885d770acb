"""Full text in the reader: the page pass after a refresh or an import (in a child process,
followed by a thread worker; its coalesced progress, then what it gave, in the status bar;
extraction in one worker process so the reader keeps a core), the feed's full-text mode from
the palette, and ``t``, which shows an article's feed text read-only beside the page's that
replaced it.

The library screen calls these with itself; every library call runs in a worker thread and
comes back through ``call_from_thread``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from reader.text.wording import counted

if TYPE_CHECKING:
    from textual.app import App

    from reader.feeds.fetch import FetchLimits
    from reader.fulltext import FullTextSummary, PageProgress
    from reader.models import Article, CleanText
    from reader.ui.screens.library import LibraryScreen

# Pages extracted beside the open reader: one worker process, so the interface keeps a core.
READER_PROCESSES = 1
# Seconds between progress updates in the status bar: each is a repaint, which a keypress
# arriving meanwhile waits for. (The page pass's child process coalesces its own counts.)
PROGRESS_EVERY = 0.5
# Seconds the pass's closing line stays in the status bar, where its count was.
RESULT_SECONDS = 10.0


def _limits(screen: LibraryScreen) -> FetchLimits:
    from reader.feeds.fetch import FetchLimits

    settings = getattr(screen.app, "settings", None)
    return FetchLimits(
        max_concurrent=getattr(settings, "max_concurrent_fetches", 8),
        max_per_host=getattr(settings, "max_fetches_per_host", 2),
        deadline=getattr(settings, "fetch_deadline_seconds", 30.0),
    )


PASS_GROUP = "pages"  # the page pass's worker group


def start_page_pass(screen: LibraryScreen, feed_id: int | None = None, lead: str = "") -> None:
    """Fetch the pages new articles need (or a feed's, when its mode was just set). ``lead``:
    what the work that brought them said (a refresh's line), in the status bar at once, then
    after the pass's count and closing line, for as long as the closing line stays."""
    if lead:
        screen.show_progress(lead)
    screen.run_worker(
        lambda: _page_pass(screen, feed_id, lead),
        thread=True,
        exclusive=True,
        group=PASS_GROUP,
        name="full text",
        exit_on_error=False,
    )


class _Progress:
    """The pass's count in the status bar. The pass's child process sends it coalesced (the
    latest count, twice a second at most, one held back sent when its time comes:
    ``fulltext_child.PROGRESS_SECONDS``), so each count it sends is shown as it comes: a
    redraw per page would cost the interface more than it tells."""

    def __init__(self, screen: LibraryScreen, lead: str = "") -> None:
        self.screen = screen
        self.lead = lead  # the refresh's line, after the count ("" for none)
        self.latest = ""
        self.shown = ""

    def _led(self, line: str) -> str:
        # The pass's news first: at 80 columns the end of the status line is cut off.
        return " · ".join(part for part in (line, self.lead) if part)

    def step(self, step: PageProgress) -> None:
        """In the pass's thread, for each count the pass's child sends."""
        latest = self._led(f"full text {step.done}/{step.total}")
        if latest != self.latest:
            self.latest = latest
            self.screen.app.call_from_thread(self._show)

    def _show(self) -> None:
        if self.latest and self.latest != self.shown:  # "" once the pass has ended
            self.shown = self.latest
            self.screen.show_progress(self.latest)

    def end(self, line: str = "") -> None:
        """On the UI thread, as the pass ends: the status bar is clear after it, or says
        ``line`` (before the lead, or the lead alone) for ``RESULT_SECONDS`` (unless other
        work has taken the place by then)."""
        self.latest = ""
        self.shown = ""
        line = self._led(line)
        self.screen.show_progress(line)
        if line:
            self.screen.set_timer(RESULT_SECONDS, lambda: self._clear(line))

    def _clear(self, line: str) -> None:
        if self.screen.progress == line:
            self.screen.show_progress("")


def passing(app: App[Any]) -> bool:
    """Whether a page pass is under way in this reader (started, not yet ended)."""
    from textual.worker import WorkerState

    going = (WorkerState.PENDING, WorkerState.RUNNING)
    return any(w.group == PASS_GROUP and w.state in going for w in app.workers)


def _page_pass(screen: LibraryScreen, feed_id: int | None, lead: str = "") -> None:
    app = screen.app
    shown = _Progress(screen, lead)
    progress = shown.step

    from reader.fulltext import PagePassOptions

    library = screen.library
    options = PagePassOptions(_limits(screen), processes=READER_PROCESSES, background=True)
    try:
        if feed_id is None:
            summary = library.fetch_pending_pages(options, progress)
        else:
            summary = library.fetch_full_text((), feed_id, options, progress)
    except BaseException:
        app.call_from_thread(shown.end)
        raise  # one line for the user, from the app's on_worker_state_changed
    app.call_from_thread(_paged, screen, summary, shown)


def _paged(screen: LibraryScreen, summary: FullTextSummary, shown: _Progress) -> None:
    """The pass's one line: where its count was, in the status bar; a pass where some page
    did not come (404, timeout, no connection) says so in a notice instead. (A notice costs
    the interface a layout of the whole screen as it comes and again as it goes, some 30 ms
    a key pressed then waits for; the status line is one repaint.)"""
    if not any(o.requested for o in summary.outcomes):
        shown.end()
        return
    line, failed = summary.notice()
    if failed:
        shown.end()
        screen.notify(line, severity="warning", markup=False)
    else:
        shown.end(line)
    opened = screen.opened
    if opened is not None and any(
        o.article_id == opened.id and (o.text_source == "page" or o.error) for o in summary.outcomes
    ):
        # the open article now has its full text, or its page failed: its notes waiting for
        # the page are placed again, or orphaned after all
        screen.load_article(opened.id, False)


def feed_for_command(screen: LibraryScreen) -> int | None:
    """The feed a palette command acts on: the feed viewed, else the open article's."""
    if screen.view_id.startswith("feed:") and screen.view_id[5:].isdigit():
        return int(screen.view_id[5:])
    return screen.opened.feed_id if screen.opened is not None else None


def set_mode(screen: LibraryScreen, mode: str) -> None:
    """Set the full-text mode of the feed in view (or of the open article) and, unless it is
    ``never``, fetch that feed's pages now."""
    feed_id = feed_for_command(screen)
    if feed_id is None:
        screen.notify("Open a feed or an article first", timeout=3, markup=False)
        return

    def work() -> None:
        screen.library.set_full_text_mode(feed_id, mode)
        title = next((f.title for f in screen.library.feeds() if f.id == feed_id), str(feed_id))
        note = " (pages already fetched stay)" if mode == "never" else ""
        screen.app.call_from_thread(screen.notify, f"{title}: full text {mode}{note}", markup=False)
        if mode != "never":
            screen.app.call_from_thread(start_page_pass, screen, feed_id)

    screen.run_worker(work, thread=True, group="full-text-mode", exit_on_error=False)


def toggle_feed_text(screen: LibraryScreen) -> None:
    """``t``: the open article's feed text (read-only) when a page's replaced it, and back."""
    opened = screen.opened
    if opened is None:
        return
    if screen.reader.read_only:
        screen.load_article(opened.id, False)
        return

    def work() -> None:
        article = screen.library.article(opened.id)
        state = screen.library.page_state(opened.id)
        if state.feed_text is None:
            # The page's reason as it stands ("page not found (404)"), not wrapped in more
            # words about the page.
            reason = f": {state.page_error}" if state.page_error else ""
            screen.app.call_from_thread(
                screen.notify,
                f"This article shows its feed's own text{reason}",
                timeout=4,
                markup=False,
            )
            return
        screen.app.call_from_thread(_show_feed_text, screen, article, state.feed_text)

    screen.run_worker(work, thread=True, exclusive=True, group="article", exit_on_error=False)


def _show_feed_text(screen: LibraryScreen, article: Article, feed_text: CleanText) -> None:
    words = counted(len(feed_text.text.split()), "word")
    title = f"{article.row.title} · the feed's own text ({words}; t: back)"
    shown = replace(article, row=replace(article.row, title=title), text=feed_text)
    screen.reader.show(shown, read_only=True)
