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
from textual.events import Resize
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.feeds.names import qualifiers
from reader.models import Feed

SIDEBAR_WIDTH = 28


def _prompt(
    label: str,
    count: int | None,
    icon: str = "",
    dim_when_zero: bool = True,
    width: int = SIDEBAR_WIDTH,
    qualifier: str = "",
) -> Text:
    """One line: icon, the label cut to fit with an ellipsis, the count at the right edge.

    Cut here, not left to the option list, which would wrap a long feed title onto more lines
    and push the count after its end."""
    shown = f"{count:,}" if count else ""
    used = (cell_len(icon) + 1 if icon else 0) + (len(shown) + 1 if shown else 0)
    title = Text(label, style=Style(dim=dim_when_zero and count == 0), end="")
    if qualifier:
        # What tells same-named feeds apart stays in sight; the name gives way to it.
        tail = Text(f" {qualifier}", style=Style(dim=True, italic=True), end="")
        tail.truncate(max(width - 2 - used - 7, 4), overflow="ellipsis")
        title.truncate(max(width - 2 - used - tail.cell_len, 4), overflow="ellipsis")
        title.append_text(tail)
    title.truncate(max(width - 2 - used, 4), overflow="ellipsis")
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    if icon:
        text.append(icon + " ", style=Style(dim=True))
    text.append_text(title)
    if shown:
        room = width - 2 - used - title.cell_len
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
        # These act on the highlighted feed (d also on a saved search); the screen does them.
        # Out of the footer, which has 80 columns to share; ? lists them.
        Binding("d", "screen.delete_feed", "Delete feed", id="feed.delete", show=False),
        Binding("e", "screen.rename_feed", "Rename feed", id="feed.rename", show=False),
        Binding("t", "screen.tag_feed", "Tags", id="feed.tag", show=False),
    ]

    _filled: (
        tuple[list[Feed], list[tuple[str, int]], tuple[int, int, int], list[str] | None] | None
    ) = None
    # What the options say now (ids and prompts): a recount that changes none of it leaves
    # them be. Rebuilding them lays the whole screen out again, tens of milliseconds a key
    # pressed meanwhile waits for, and recounts come after every refresh, import and page pass.
    _shown: list[tuple[str | None, object] | None] | None = None

    def fill(
        self,
        feeds: list[Feed],
        tags: list[tuple[str, int]],
        totals: tuple[int, int, int],
        saved: list[str] | None = None,
        selected: str | None = None,
    ) -> None:
        """Rebuild the options, keeping the highlighted view."""
        self._filled = (feeds, tags, totals, saved)
        keep = selected or self.selected_view
        total, unread, starred = totals
        # Labels are cut to the sidebar's width now (it is narrower on a medium terminal).
        width = self.size.width if self.size.width > 8 else SIDEBAR_WIDTH
        options: list[Option | None] = [
            Option(_prompt("All articles", total, "≡", False, width), id="all"),
            Option(_prompt("Unread", unread, "●", False, width), id="unread"),
            Option(_prompt("Starred", starred, "★", False, width), id="starred"),
            Option(_prompt("Stories", None, "◆", True, width), id="stories"),
        ]
        if saved:
            options.append(None)
            options += [
                Option(_prompt(name, None, "⌕", width=width), id=f"search:{name}") for name in saved
            ]
        if tags:
            options.append(None)
            options += [
                Option(_prompt(tag, count, "#", width=width), id=f"tag:{tag}")
                for tag, count in tags
            ]
        if feeds:
            options.append(None)
            apart = qualifiers(feeds)
            for feed in feeds:
                icon = "!" if feed.last_error else "›"
                prompt = _prompt(
                    feed.title,
                    feed.unread_count,
                    icon,
                    width=width,
                    qualifier=apart.get(feed.id, ""),
                )
                options.append(Option(prompt, id=f"feed:{feed.id}"))
        shown: list[tuple[str | None, object] | None] = [
            None if o is None else (o.id, o.prompt) for o in options
        ]
        if shown == self._shown:
            if self.selected_view != (keep or "all"):
                self.select_view(keep or "all")
            return
        self._shown = shown
        self.clear_options()
        self.add_options(options)
        self.select_view(keep or "all")

    def on_resize(self, event: Resize) -> None:
        if self._filled is not None:
            self.fill(*self._filled)

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
