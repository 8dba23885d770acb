"""The command line's one progress line on a terminal: redrawn in place on stderr, with the
lines worth keeping printed above it.

A long run (``refresh --all`` over 286 feeds) printed a line per feed, nearly all of them
``unchanged (0 new, 0 updated)``: the feeds that changed or failed scrolled away among them.
On a terminal the count now updates in one line, cleared before anything else is printed and
at the end; a pipe or a script gets no such line (it is for a person watching).
"""

from __future__ import annotations

import shutil
import sys
import time

from reader.output import echo, safe

REDRAW_SECONDS = 0.1  # at most ten redraws a second: a terminal over ssh keeps up


class StatusLine:
    """One line at the bottom of a terminal's stderr, rewritten as work goes on."""

    def __init__(self) -> None:
        self._text = ""
        self._shown = ""  # what is on the line now
        self._drawn_at = 0.0

    def show(self, text: str, force: bool = False) -> None:
        """Replace the line with ``text`` (cut to the terminal's width: a line that wrapped
        could not be redrawn in place); redrawn at most every REDRAW_SECONDS unless forced."""
        self._text = text
        now = time.monotonic()
        if not force and self._shown and now - self._drawn_at < REDRAW_SECONDS:
            return
        self._drawn_at = now
        self._draw()

    def above(self, line: str) -> None:
        """Print ``line`` (on stderr) above the status line, which is then drawn again."""
        self.clear()
        echo(line, err=True)
        if self._text:
            self._draw()

    def clear(self) -> None:
        """Take the line away (before the command's last words, or an interrupt's line)."""
        if self._shown:
            sys.stderr.write(self._erase())
            sys.stderr.flush()
            self._shown = ""

    def _erase(self) -> str:
        """Back to the line's start over what it shows, in spaces: no escape sequence (the
        command's output has none, on any terminal, whatever it is)."""
        return "\r" + " " * len(self._shown) + "\r" if self._shown else "\r"

    def _draw(self) -> None:
        width = shutil.get_terminal_size((80, 24)).columns
        text = safe(self._text)[: max(width - 1, 1)]
        sys.stderr.write(self._erase() + text)
        sys.stderr.flush()
        self._shown = text
