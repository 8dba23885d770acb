"""The sidebar: the fixed views (All, Unread, Starred), tags and feeds, with unread counts.

An OptionList, so it scrolls virtually and works with keys and mouse alike. Every prompt is a
Rich ``Text`` (feed titles are never parsed as markup). Option ids name the view:
``all``, ``unread``, ``starred``, ``tag:NAME``, ``feed:ID``, ``search:NAME``.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.models import Feed

SIDEBAR_WIDTH = 28


def _prompt(label: str, count: int | None, icon: str = "", dim_when_zero: bool = True) -> Text:
    """One line: icon, the label cut to fit with an ellipsis, the count at the right edge.

    Cut here, not left to the option list, which would wrap a long feed title onto more lines
    and push the count after its end."""
    shown = f"{count:,}" if count else ""
    used = (cell_len(icon) + 1 if icon else 0) + (len(shown) + 1 if shown else 0)
    title = Text(label, style=Style(dim=dim_when_zero and count == 0), end="")
    title.truncate(max(SIDEBAR_WIDTH - 2 - used, 4), overflow="ellipsis")
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    if icon:
        text.append(icon + " ", style=Style(dim=True))
    text.append_text(title)
    if shown:
        room = SIDEBAR_WIDTH - 2 - used - title.cell_len
        text.append(" " * (room + 1))
        text.append(shown, style=Style(bold=True))
    return text


class Sidebar(OptionList):
    """Views, tags and feeds; selecting one shows it in the article list."""

    BINDINGS = [
        Binding("down,j", "cursor_down", "Down", id="sidebar.down", show=False),
        Binding("up,k", "cursor_up", "Up", id="sidebar.up", show=False),
        Binding("home,g", "first", "First", id="sidebar.first", show=False),
        Binding("end,G", "last", "Last", id="sidebar.last", show=False),
    ]

    def fill(
        self,
        feeds: list[Feed],
        tags: list[tuple[str, int]],
        totals: tuple[int, int, int],
        saved: list[str] | None = None,
        selected: str | None = None,
    ) -> None:
        """Rebuild the options, keeping the highlighted view."""
        keep = selected or self.selected_view
        total, unread, starred = totals
        options: list[Option | None] = [
            Option(_prompt("All articles", total, "≡", False), id="all"),
            Option(_prompt("Unread", unread, "●", False), id="unread"),
            Option(_prompt("Starred", starred, "★", False), id="starred"),
            Option(_prompt("Stories", None, "◆"), id="stories"),
        ]
        if saved:
            options.append(None)
            options += [Option(_prompt(name, None, "⌕"), id=f"search:{name}") for name in saved]
        if tags:
            options.append(None)
            options += [Option(_prompt(tag, count, "#"), id=f"tag:{tag}") for tag, count in tags]
        if feeds:
            options.append(None)
            for feed in feeds:
                icon = "!" if feed.last_error else "›"
                options.append(
                    Option(_prompt(feed.title, feed.unread_count, icon), id=f"feed:{feed.id}")
                )
        self.clear_options()
        self.add_options(options)
        self.select_view(keep or "all")

    @property
    def selected_view(self) -> str | None:
        if self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted).id

    def select_view(self, view_id: str) -> None:
        try:
            self.highlighted = self.get_option_index(view_id)
        except Exception:  # the view is gone (feed removed): fall back to All
            self.highlighted = 0

    def action_first(self) -> None:
        self.highlighted = 0

    def action_last(self) -> None:
        self.highlighted = self.option_count - 1
