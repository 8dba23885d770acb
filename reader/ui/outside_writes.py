"""The reader noticing what another process wrote: a CLI ``import`` or ``refresh`` on the
library the reader has open. Every ``CHECK_SECONDS`` a worker thread reads the library's
change mark (``Library.change_mark``, four index reads); when articles or feeds were added or
feeds removed, the main screen's counts and article list are read again in place (the cursor
stays on its article); when only read or star marks were set, its counts. The analysis
child, which writes all the time, leaves the mark alone.

While the analysis child works, the status bar's "analysing N of M" is read from the queue
every few seconds too (``show_queue``): the child reports between batches, and a CLI import
adding to the queue meanwhile made the reader say "0 of 576" while the CLI said "0 of 749"
of the same queue."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.store.library_mark import LibraryMark
    from reader.ui.app import FeedlensApp

CHECK_SECONDS = 5.0


class OutsideWrites:
    """Watches one app's library for writes from elsewhere."""

    def __init__(self, app: FeedlensApp) -> None:
        self.app = app
        self.seen: LibraryMark | None = None

    def start(self) -> None:
        self.app.set_interval(CHECK_SECONDS, self.check)

    def check(self) -> None:
        self.app.run_worker(
            self._read_mark,
            thread=True,
            exclusive=True,
            group="outside-writes",
            exit_on_error=False,
        )

    def _read_mark(self) -> None:
        mark = self.app.library.change_mark()
        seen, self.seen = self.seen, mark
        if seen is None:
            return
        if mark.added != seen.added:
            self.app.call_from_thread(self._reload)
        elif mark.flags != seen.flags:  # marks only: the counts, not the list (its rows stay)
            self.app.call_from_thread(self._recount)

    def _reload(self) -> None:
        screen = self.app.library_screen
        if screen is not None:
            screen.reload_all()

    def _recount(self) -> None:
        screen = self.app.library_screen
        if screen is not None:
            screen.refresh_sidebar()

    def show_queue(self, analysing: Callable[[], bool]) -> None:
        """Read the analysis queue in a worker and show where it stands, unless the analysis
        ended meanwhile (``analysing`` false) or is past the queue (stories and groups)."""
        self.app.run_worker(
            lambda: self._read_queue(analysing),
            thread=True,
            exclusive=True,
            group="analysis-line",
            exit_on_error=False,
        )

    def _read_queue(self, analysing: Callable[[], bool]) -> None:
        state = self.app.library.analysis_progress()
        if not state.complete:
            self.app.call_from_thread(self._show_queue, state.line(), analysing)

    def _show_queue(self, line: str, analysing: Callable[[], bool]) -> None:
        from reader.ui.app import AFTER_DRAIN_LINE

        screen = self.app.library_screen
        if analysing() and screen is not None and screen.analysis != AFTER_DRAIN_LINE:
            screen.show_analysis(line)
