"""The keys every list of rows on a pushed screen shares with the article list: ``g``/``G``
for the first and last row, ``ctrl+d``/``ctrl+u`` for half a page. A screen mixes in
``ListKeys``, adds ``list_bindings(...)`` to its BINDINGS and says which list has the keys."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


def list_bindings(screen_id: str) -> list[Binding]:
    """The bindings, with ids under ``screen_id`` (the help screen lists them, and the
    ``[keymap]`` remaps them by these ids)."""
    return [
        Binding("g", "list_first", "First", id=f"{screen_id}.first", show=False),
        Binding("G", "list_last", "Last", id=f"{screen_id}.last", show=False),
        Binding(
            "ctrl+d", "list_half_page(1)", "Half page down", id=f"{screen_id}.page_down", show=False
        ),
        Binding(
            "ctrl+u", "list_half_page(-1)", "Half page up", id=f"{screen_id}.page_up", show=False
        ),
    ]


class ListKeys:
    """The actions of ``list_bindings`` on the list ``keyed_list`` names."""

    def keyed_list(self) -> OptionList:
        raise NotImplementedError

    def action_list_first(self) -> None:
        self.keyed_list().action_first()

    def action_list_last(self) -> None:
        self.keyed_list().action_last()

    def action_list_half_page(self, direction: int) -> None:
        options = self.keyed_list()
        # A row at a time: the cursor steps over rows that cannot be chosen (headings).
        for _ in range(max(options.scrollable_content_region.height // 2, 1)):
            if direction > 0:
                options.action_cursor_down()
            else:
                options.action_cursor_up()
