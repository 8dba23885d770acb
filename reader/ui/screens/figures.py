"""The Figures screen: every figure reported by two or more articles, conflicts first.

Each row reads like a person would say it ("4,500 vs 5,000 workers evacuated · conflict",
"4,500 workers evacuated · 7 articles · 3 feeds"). The list shows the first groups (a large
library has a great many); typing filters all of them fuzzily (rapidfuzz, in a worker); ``enter``
opens the side-by-side comparison. Groups are built (if stale) in a worker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from reader.figures.compare import FigureGroup
from reader.library import Library
from reader.store.figure_filter import GroupText
from reader.text.wording import counted, shortened
from reader.ui.group_marks import group_mark
from reader.ui.list_keys import ListKeys, list_bindings
from reader.ui.screens.compare import CompareScreen
from reader.ui.worker_errors import report_failed_worker


def group_prompt(group: FigureGroup) -> Text:
    """One row of the list, as plain Rich text (labels come from feed text)."""
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    mark = group_mark(group)
    text.append(f"{mark.symbol} ", style=Style(color=mark.color, bold=True))
    if group.kind == "conflict":
        text.append(group.label, style=Style(bold=True))
        # An update (a figure revised as reports came in) is no disagreement: say which.
        text.append(f" · {mark.word}", style=Style(color=mark.color))
    else:
        text.append(group.label)
    text.append(f" · {group.reach}", style=Style(dim=True))
    if group.story:  # which news the figure is of (as plain text: it is a headline)
        text.append(" · in ", style=Style(dim=True))
        text.append(shortened(group.story, STORY_TITLE_WIDTH), style=Style(italic=True))
    return text


#: The most characters of a story's title a row shows: the list wraps a longer row onto a
#: second line (OptionList wraps whatever the prompt asks), and the title is a reminder.
STORY_TITLE_WIDTH = 36


SHOWN_GROUPS = 1000  # rows listed at once; the filter searches every group
FILTER_RESULTS = 200
FILTER_CUTOFF = 55


def rank_groups(query: str, groups: list[GroupText]) -> list[int]:
    """Ids of the groups the filter finds, best first (listing order among equals): a label
    matched fuzzily ("workrs"), or words of the thing, sentence or story the group's
    mentions come from that hold every word of the query ("Heathrow", "British Airways")."""
    folded = query.lower()
    labels = process.extract(
        folded, [g.label for g in groups], scorer=fuzz.WRatio, processor=str.lower,
        limit=None, score_cutoff=FILTER_CUTOFF,
    )  # fmt: skip
    scores = {index: score for _, score, index in labels}
    words = process.extract(
        folded, [g.words for g in groups], scorer=fuzz.token_set_ratio, processor=str.lower,
        limit=None, score_cutoff=90,
    )  # fmt: skip
    for _, score, index in words:
        scores[index] = max(scores.get(index, 0), score * 0.95)
    # A number typed is the figure looked for: the groups whose label gives it come first,
    # then those whose sentences do ("700 m" found "100 people" and "400 stories" by their
    # shape before the 700 metres conflict).
    numbers = _numbers(folded)
    tier: dict[int, int] = {}
    if numbers:
        for index, group in enumerate(groups):
            if numbers <= _numbers(group.label):
                tier[index] = 2
                scores.setdefault(index, 0.0)
            elif index in scores and numbers <= _numbers(group.words):
                tier[index] = 1
    ranked = sorted(scores, key=lambda index: (-tier.get(index, 0), -scores[index], index))
    return [groups[index].id for index in ranked[:FILTER_RESULTS]]


_NUMBER = re.compile(r"\d(?:[\d,]*\d)?(?:\.\d+)?")


def _numbers(text: str) -> set[str]:
    """The numbers a text writes, without their thousands commas ("4,500" and "4500" alike)."""
    return {match.group().replace(",", "") for match in _NUMBER.finditer(text)}


@dataclass
class GroupsLoaded(Message):
    groups: list[FigureGroup]
    total: int
    conflicts: int  # updates among them
    stale: bool = False  # cached groups shown while the changed buckets are regrouped
    rereading: int = 0  # articles whose figures the analysis stage has still to read
    updates: int = 0  # conflicts that are a figure revised as reports came in (↑)


@dataclass
class GroupsFiltered(Message):
    query: str
    groups: list[FigureGroup]


class FiguresScreen(ListKeys, Screen[None]):
    """Figure groups and conflicts across the library, with a fuzzy filter."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed job says so in one line, and in the status ("regrouping…" never stays)."""
        line = report_failed_worker(self, event)
        if line is not None:
            self._status(line)

    BINDINGS = [
        Binding("escape", "back", "Back", id="figures.back"),
        Binding("slash", "focus_filter", "Filter", id="figures.filter"),
        Binding("down,j", "cursor_down", "Down", id="figures.down", show=False),
        Binding("up,k", "cursor_up", "Up", id="figures.up", show=False),
        *list_bindings("figures"),
        Binding("r", "rebuild", "Regroup", id="figures.rebuild"),
    ]

    def __init__(self, library: Library, shown: int = SHOWN_GROUPS) -> None:
        super().__init__()
        self.library = library
        self.shown_limit = shown
        self.groups: list[FigureGroup] = []  # the first SHOWN_GROUPS, in listing order
        self.shown: list[FigureGroup] = []  # what the list holds now (filtered or not)
        self.labels: list[GroupText] | None = None  # every group, loaded for a filter
        self.unfiltered_status = ""  # what the status says of the whole list (filter off)

    def compose(self) -> ComposeResult:
        with Vertical(id="figures-body"):
            yield Static(
                Text("Figures reported by several articles", style=Style(bold=True)),
                id="figures-title",
                markup=False,
            )
            yield Input(
                placeholder="/ to filter the list (e.g. workers, $3 billion)",
                id="figures-filter",
            )
            yield OptionList(id="figures-list")
            yield Static("", id="figures-status", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#figures-list", OptionList).focus()
        self._status("Grouping figures…")
        self.load_groups()

    def _status(self, message: str) -> None:
        self.query_one("#figures-status", Static).update(Text(message, style=Style(dim=True)))

    def _whole_list_status(self, message: str) -> None:
        """Say this of the whole list now, or once the filter is cleared (while it is on, the
        status counts what it matches)."""
        self.unfiltered_status = message
        if not self.query_one("#figures-filter", Input).value.strip():
            self._status(message)

    @work(thread=True, exclusive=True, group="figure-groups", exit_on_error=False)
    def load_groups(self, rebuild: bool = False) -> None:
        rereading = self.library.analysis_progress().pending
        if rereading:
            # Buckets keep changing until the analysis stage catches up (the reader loads
            # this screen again then): regrouping now would be work thrown away.
            self.post_message(self._loaded(stale=True, rereading=rereading))
            return
        if rebuild:
            self.library.rebuild_figure_groups()
        elif not self.library.figure_groups_current():
            # Show what is known at once; regrouping what changed may take a while.
            self.post_message(self._loaded(stale=True))
            self.library.update_figure_groups()
        self.post_message(self._loaded(stale=False))

    def _loaded(self, stale: bool, rereading: int = 0) -> GroupsLoaded:
        total, conflicts = self.library.count_figure_groups()
        # Every row names its story: "= 75 years old · 11 articles" said not of which news.
        first = self.library.with_every_story(
            self.library.cached_figure_groups(limit=self.shown_limit)
        )
        updates = self.library.count_figure_updates()
        return GroupsLoaded(first, total, conflicts, stale, rereading, updates)

    def on_groups_loaded(self, message: GroupsLoaded) -> None:
        self.groups = message.groups
        self.labels = None
        query = self.query_one("#figures-filter", Input).value.strip()
        if query:
            self.filter_groups(query)
        else:
            self._show(self.groups)
        # Updates apart, as the rows mark them (↑, not ≠): "14 conflicts" counted one.
        summary = (
            f"{counted(message.total, 'figure')} shared by two or more articles · "
            f"{counted(message.conflicts - message.updates, 'conflict')}"
        )
        if message.updates:
            summary += f" · {counted(message.updates, 'update')}"
        if message.total > len(self.groups):
            summary += f" · the first {len(self.groups):,} listed, / filters all"
        if message.rereading:
            self._whole_list_status(
                f"Catching up: reading the figures of {counted(message.rereading, 'article')}"
                f", then regrouping. Until then, the groups from before: {summary}"
            )
        elif message.stale:
            self._whole_list_status(f"{summary} · regrouping figures from new articles…")
        else:
            self._whole_list_status(f"{summary} · enter compares")

    def _show(self, groups: list[FigureGroup]) -> None:
        self.shown = groups
        listing = self.query_one("#figures-list", OptionList)
        listing.clear_options()
        listing.add_options([Option(group_prompt(g), id=str(g.id)) for g in groups])
        if groups:
            listing.highlighted = 0

    @on(Input.Changed, "#figures-filter")
    def _filter(self, event: Input.Changed) -> None:
        query = event.value.strip()
        if not query:
            self._show(self.groups)
            self._status(self.unfiltered_status)
            return
        self.filter_groups(query)

    @work(thread=True, exclusive=True, group="figure-filter", exit_on_error=False)
    def filter_groups(self, query: str) -> None:
        """Rank every group against the filter, off the UI thread: its label fuzzily, and the
        words of the things it counts, its sentences and its story (every word of the query
        among them)."""
        if self.labels is None:
            self.labels = self.library.figure_group_texts()
        ids = rank_groups(query, self.labels)
        found = self.library.with_every_story(self.library.figure_groups_by_id(ids))
        self.post_message(GroupsFiltered(query, found))

    def on_groups_filtered(self, message: GroupsFiltered) -> None:
        if message.query == self.query_one("#figures-filter", Input).value.strip():
            self._show(message.groups)  # a result for an older query is dropped
            found = len(message.groups)
            matches = (
                f"the {found} best matches" if found >= FILTER_RESULTS else counted(found, "figure")
            )
            self._status(f"Filter “{message.query}”: {matches} · esc clears the filter")

    @on(Input.Submitted, "#figures-filter")
    def _filter_done(self) -> None:
        self._to_first_match()

    def _to_first_match(self) -> None:
        """From the filter to the list, on its first match: enter then compares that one (a
        down key pressed in the field had moved the list's cursor past it, unseen)."""
        listing = self.query_one("#figures-list", OptionList)
        listing.focus()
        if listing.option_count:
            listing.highlighted = 0

    @on(OptionList.OptionSelected, "#figures-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        group = next((g for g in self.shown if str(g.id) == event.option.id), None)
        if group is not None:
            self.app.push_screen(CompareScreen(self.library, group))

    def action_back(self) -> None:
        """esc closes the filter first (clearing what it holds), then the screen."""
        box = self.query_one("#figures-filter", Input)
        if box.value or box.has_focus:
            box.value = ""
            self.query_one("#figures-list", OptionList).focus()
            return
        self.app.pop_screen()

    def action_focus_filter(self) -> None:
        self.query_one("#figures-filter", Input).focus()

    def keyed_list(self) -> OptionList:
        return self.query_one("#figures-list", OptionList)

    def action_cursor_down(self) -> None:
        if self.query_one("#figures-filter", Input).has_focus:
            self._to_first_match()  # down from the field lands on the first match
            return
        self.query_one("#figures-list", OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#figures-list", OptionList).action_cursor_up()

    def action_rebuild(self) -> None:
        self._status("Grouping figures…")
        self.load_groups(rebuild=True)
