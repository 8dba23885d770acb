"""The key bar at the bottom of a screen: Textual's footer, fitted to narrow terminals.

Textual's footer lays its keys out left to right and cuts what passes the right edge, where
the command palette's key sits: at 80 columns with the reading pane focused it read
``? H│^p Commands``, and in the side-by-side screen ``? Help`` was gone. When the keys do not
fit, the palette's key gives its place (ctrl+p still opens the palette, and ``?`` lists it),
and if they still do not fit, ``? Help`` moves to the front: the one key that tells the rest,
and the keys past the right edge are left out whole (never cut mid-word). Where everything
fits, nothing changes.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.cells import cell_len
from textual.events import Resize
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

HELP_KEY = "question_mark"
PALETTE_CLASS = "-command-palette"
GUTTER = 1  # the compact footer's space between two keys
PALETTE_EDGE = 1  # the bar the palette's key draws on its left


def key_width(key: FooterKey) -> int:
    """A compact footer key's width: its key, then a space and its description."""
    width = cell_len(key.key_display)
    return width + 1 + cell_len(key.description) if key.description else width


def keys_width(keys: list[FooterKey]) -> int:
    return sum(key_width(key) for key in keys) + GUTTER * max(len(keys) - 1, 0)


class KeyBar(Footer):
    """A footer that keeps ``? Help`` in sight when its keys do not all fit."""

    def __init__(self) -> None:
        super().__init__(compact=True)
        self._width = 0  # the width the keys were last laid out for

    def compose(self) -> Iterator[Widget]:
        self.set_reactive(Footer.show_command_palette, True)
        widgets = list(super().compose())
        room = self.size.width
        if not room:  # not laid out yet: as Textual does it (a resize follows)
            yield from widgets
            return
        keys = [w for w in widgets if isinstance(w, FooterKey) and not w.has_class(PALETTE_CLASS)]
        palette = [w for w in widgets if isinstance(w, FooterKey) and w.has_class(PALETTE_CLASS)]
        needed = keys_width(keys)
        if palette and needed + GUTTER + key_width(palette[0]) + PALETTE_EDGE > room:
            widgets = [w for w in widgets if w not in palette]
        if needed > room:
            helps = [key for key in keys if key.key == HELP_KEY]
            widgets = helps + [w for w in widgets if w not in helps]
            # Keys that still do not fit are left out whole, from the last: a key cut in half
            # ("n Next ment") tells nothing, and ? lists every key.
            shown = helps + [key for key in keys if key not in helps]
            while len(shown) > 1 and keys_width(shown) > room:
                dropped = shown.pop()
                widgets = [w for w in widgets if w is not dropped]
        yield from widgets

    def on_resize(self, event: Resize) -> None:
        if event.size.width != self._width:  # a new terminal width: fit the keys to it
            self._width = event.size.width
            self.call_after_refresh(self.recompose)
