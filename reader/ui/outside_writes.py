"""The reader noticing what another process wrote: a CLI ``import`` or ``refresh`` on the
library the reader has open. Every ``CHECK_SECONDS`` a worker thread reads the library's
change mark (``Library.change_mark``, three index reads); when it moved, the main screen's
counts and article list are read again in place (the cursor stays on its article). The
analysis child, which writes all the time, leaves the mark alone: only articles and feeds
added or feeds removed move it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.ui.app import FeedlensApp

CHECK_SECONDS = 5.0


class OutsideWrites:
    """Watches one app's library for writes from elsewhere."""

    def __init__(self, app: FeedlensApp) -> None:
        self.app = app
        self.seen: tuple[int, int, int] | None = None

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
        moved = self.seen is not None and mark != self.seen
        self.seen = mark
        if moved:
            self.app.call_from_thread(self._reload)

    def _reload(self) -> None:
        screen = self.app.library_screen
        if screen is not None:
            screen.reload_all()
