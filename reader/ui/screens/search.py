"""The search screen (``/``): results update as you type, best first, matches highlighted.

Each keystroke restarts a short debounce; the query runs in a worker and carries a sequence
number, so a slow stale result never overwrites a fresher one. ``enter`` opens the article
scrolled to its first match (typed and entered before the results came, the first result of
what was typed, when it comes); ``esc`` returns to where you were; ``ctrl+s`` saves the query as
a live view in the sidebar. A query that names a figure ("4,500 workers") while the analysis
stage is still reading the library's figures says so ("analysing 3,120 of 10,000: figure
results may be missing") and runs again every few seconds until the figures are all read,
rather than silently showing too little (the command waits instead: cli.wait_for_analysis).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from reader.library import Library
from reader.search import SearchHit, SearchResult, asks_for_figures, parse_query
from reader.store.analysis_queue import AnalysisProgress
from reader.text.dates_shown import short_date
from reader.ui.screens.prompt import PromptScreen
from reader.ui.worker_errors import report_failed_worker

DEBOUNCE_SECONDS = 0.12
# How often a figure query asked while the analysis catches up runs again, filling in.
CATCH_UP_SECONDS = 2.0
MATCH_STYLE = Style(bold=True, color="bright_yellow")


@dataclass(frozen=True)
class SearchChoice:
    """The hit the user opened, and the query that found it (to highlight its matches);
    ``hits``: every result, in their order (n and p step through them after)."""

    hit: SearchHit
    query: str
    hits: tuple[SearchHit, ...] = ()


@dataclass
class ResultsReady(Message):
    sequence: int
    result: SearchResult
    seconds: float
    # Where the analysis stood when a query naming a figure ran before it had read everything:
    # its figure results may be missing (None: complete, or the query names no figure).
    catching_up: AnalysisProgress | None = None


def hit_prompt(hit: SearchHit) -> Text:
    """Two lines: the title with its matches, then feed, date and the snippet."""
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    title = Text(hit.title or "(untitled)", style=Style(bold=not hit.read))
    for start, end in hit.title_spans:
        title.stylize(MATCH_STYLE, start, end)
    text.append_text(title)
    text.append("\n")
    # The date as the article list shows it (local, "2 Nov"), not the stored UTC ISO date.
    shown = short_date(hit.published) or "undated"
    text.append(f"{hit.feed} · {shown}  ", style=Style(dim=True))
    snippet = Text(hit.snippet, style=Style(dim=True))
    for start, end in hit.snippet_spans:
        snippet.stylize(Style(bold=True, dim=False, color="bright_yellow"), start, end)
    text.append_text(snippet)
    return text


class SearchScreen(ModalScreen[SearchChoice | None]):
    """Instant, fuzzy, figure-aware search over the whole library."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed job says so in one line (Worker.StateChanged does not bubble)."""
        report_failed_worker(self, event)

    BINDINGS = [
        Binding("escape", "close", "Back", id="search.close"),
        Binding("down", "move(1)", "Next result", id="search.down", key_display="↓"),
        Binding("up", "move(-1)", "Previous result", id="search.up", key_display="↑"),
        Binding("ctrl+s", "save", "Save search", id="search.save"),
    ]

    def __init__(self, library: Library, query: str = "") -> None:
        super().__init__()
        self.library = library
        self.initial = query
        self.sequence = 0
        self.shown_sequence = -1
        self.hits: list[SearchHit] = []
        self._debounce: Timer | None = None
        self._last_query = ""  # the query of the latest run (``sequence``)
        # enter came before the results of what was typed: open the first when they come
        self._open_when_ready = False
        self._catch_up: Timer | None = None  # runs a figure query again while analysis goes on
        self._shown_query: str | None = None  # the query whose results are listed

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield Input(
                value=self.initial,
                id="search-input",
                placeholder='search: words, "a phrase", feed:, tag:, is:unread, '
                "after:2024-12-01, -word",
            )
            yield Static("", id="search-status", markup=False)
            yield OptionList(id="search-results")
        yield Footer(compact=True)  # this screen's own keys, not the library's underneath

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        if self.initial:
            self._run(self.initial)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        value = event.value
        self._debounce = self.set_timer(DEBOUNCE_SECONDS, lambda: self._run(value))

    def _run(self, query: str) -> None:
        if self._catch_up is not None:
            self._catch_up.stop()
            self._catch_up = None
        self.sequence += 1
        self._last_query = query
        if not query.strip():
            self._show(ResultsReady(self.sequence, SearchResult(parse_query(query)), 0))
            return
        self._search(self.sequence, query)

    @work(thread=True, group="search", exit_on_error=False)
    def _search(self, sequence: int, query: str) -> None:
        started = time.perf_counter()
        # Read before the search: a batch finishing between the two only adds results.
        progress = self.library.analysis_progress() if asks_for_figures(query) else None
        result = self.library.search(query, 100)
        seconds = time.perf_counter() - started
        behind = progress if progress is not None and not progress.complete else None
        self.post_message(ResultsReady(sequence, result, seconds, behind))

    def on_results_ready(self, message: ResultsReady) -> None:
        if message.sequence < self.shown_sequence:
            return  # a slower, older query: never let it replace fresher results
        self._show(message)

    def _show(self, message: ResultsReady) -> None:
        self.shown_sequence = message.sequence
        result = message.result
        self.hits = result.hits
        listing = self.query_one("#search-results", OptionList)
        # The same query run again as the analysis catches up: the cursor stays on its result.
        again = message.sequence > 0 and self._shown_query == self._last_query
        kept = listing.highlighted_option.id if again and listing.highlighted_option else None
        self._shown_query = self._last_query
        listing.clear_options()
        listing.add_options([Option(hit_prompt(h), id=str(h.article_id)) for h in self.hits])
        if self.hits:
            ids = [str(h.article_id) for h in self.hits]
            listing.highlighted = ids.index(kept) if kept in ids else 0
        status = Text(end="")
        if message.catching_up is not None:
            status.append(
                f"{message.catching_up.line()}: figure results may be missing",
                style=Style(color="yellow"),
            )
            status.append("  ")
            query = self._last_query
            if message.sequence == self.sequence:
                self._catch_up = self.set_timer(
                    CATCH_UP_SECONDS, lambda: self._again(message.sequence, query)
                )
        if result.hints:
            status.append(" · ".join(result.hints), style=Style(color="yellow"))
            status.append("  ")
        for word, fixes in result.corrections.items():
            status.append(f"“{word}” → {', '.join(fixes)}  ", style=Style(italic=True))
        if not (result.query.is_empty or result.query.bad_date):  # a bad date: not run
            count = len(self.hits)
            status.append(
                f"{count}{'+' if count >= 100 else ''} {'result' if count == 1 else 'results'}"
                f" · {message.seconds * 1000:.0f} ms"
                if count
                else "No matches",
                style=Style(dim=True),
            )
        self.query_one("#search-status", Static).update(status)
        if self._open_when_ready and message.sequence == self.sequence:
            self._open_when_ready = False
            self._open_highlighted()

    def _again(self, sequence: int, query: str) -> None:
        """The figure query once more, while nothing newer was typed: the analysis has read
        more of the library since."""
        if sequence == self.sequence and query == self._last_query:
            self._run(query)

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        if self.shown_sequence == self.sequence and self._last_query == event.value:
            self._open_highlighted()
            return
        # Typed and entered faster than the results came (the debounce, a slow disk): run the
        # query now and open its first result when it comes, as a reader who typed it expects.
        if self._debounce is not None:
            self._debounce.stop()
        self._open_when_ready = True
        self._run(event.value)

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self) -> None:
        self._open_highlighted()

    def _open_highlighted(self) -> None:
        listing = self.query_one("#search-results", OptionList)
        if listing.highlighted is None or not self.hits:
            return
        hit = self.hits[listing.highlighted]
        self.dismiss(SearchChoice(hit, self.query_one(Input).value, tuple(self.hits)))

    def action_move(self, step: int) -> None:
        listing = self.query_one("#search-results", OptionList)
        if step > 0:
            listing.action_cursor_down()
        else:
            listing.action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        query = self.query_one(Input).value.strip()
        if not query:
            self.notify("Type a query first", timeout=2, markup=False)
            return
        self.app.push_screen(
            PromptScreen("Name this search (it appears in the sidebar):", value=query[:40]),
            lambda name: self._save(name, query),
        )

    def _save(self, name: str | None, query: str) -> None:
        if name:
            self._write_saved(name, query)

    @work(thread=True, exit_on_error=False)
    def _write_saved(self, name: str, query: str) -> None:
        self.library.save_search(name, query)
        self.app.call_from_thread(self.notify, f"Saved search “{name}”", markup=False)
        screen = getattr(self.app, "library_screen", None)
        if screen is not None:
            self.app.call_from_thread(screen.refresh_sidebar)
