"""Go to a feed (``J``): type part of its name, fuzzily (rapidfuzz), and enter shows it.

A sidebar of 285 feeds took 136 presses of ``j`` to reach one; here a few letters do. Titles
come from feeds (untrusted): Rich ``Text`` only, one clean line each.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from reader.models import Feed
from reader.text.clean import clean_line

SHOWN = 50  # matches listed at once (best first)
CUTOFF = 50  # rapidfuzz's partial-ratio score below which a feed is no match


def matching_feeds(feeds: list[Feed], typed: str, limit: int = SHOWN) -> list[Feed]:
    """The feeds whose names match ``typed``, best first (every feed, as listed, for "")."""
    words = typed.strip().lower()
    if not words:
        return feeds[:limit]
    titles = {feed.id: feed.title.lower() for feed in feeds}
    by_id = {feed.id: feed for feed in feeds}
    found = process.extract(
        words, titles, scorer=fuzz.partial_ratio, score_cutoff=CUTOFF, limit=None
    )
    # The best score first; among equals, a name that starts with the words, then the shorter.
    found.sort(key=lambda f: (-f[1], not titles[f[2]].startswith(words), len(titles[f[2]])))
    return [by_id[key] for _, _, key in found[:limit]]


class FeedPickerScreen(ModalScreen[int | None]):
    """Answers the chosen feed's id (None: escape)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="feed_picker.cancel"),
        Binding("down", "move(1)", "Next feed", id="feed_picker.down", show=False),
        Binding("up", "move(-1)", "Previous feed", id="feed_picker.up", show=False),
    ]

    def __init__(self, feeds: list[Feed]) -> None:
        super().__init__()
        self.feeds = feeds
        self.shown: list[Feed] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Label("Go to a feed: type part of its name", markup=False)
            yield Input(placeholder="feed name", id="feed-picker-input")
            yield OptionList(id="feed-picker-list")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._show("")

    @on(Input.Changed, "#feed-picker-input")
    def _typed(self, event: Input.Changed) -> None:
        self._show(event.value)

    def _show(self, typed: str) -> None:
        self.shown = matching_feeds(self.feeds, typed)
        listing = self.query_one(OptionList)
        listing.clear_options()
        listing.add_options(
            [Option(Text(clean_line(feed.title), no_wrap=True)) for feed in self.shown]
        )
        if self.shown:
            listing.highlighted = 0

    @on(Input.Submitted, "#feed-picker-input")
    def _submitted(self) -> None:
        self._choose(self.query_one(OptionList).highlighted)

    @on(OptionList.OptionSelected, "#feed-picker-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option_index)

    def _choose(self, index: int | None) -> None:
        if index is not None and 0 <= index < len(self.shown):
            self.dismiss(self.shown[index].id)

    def action_move(self, step: int) -> None:
        listing = self.query_one(OptionList)
        if step > 0:
            listing.action_cursor_down()
        else:
            listing.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
