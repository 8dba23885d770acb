"""All annotations (palette "annotation: list all"): every highlight and note with its article.

Type to filter: words match quotes, notes and titles fuzzily (rapidfuzz); ``#tag`` keeps the
highlights with a tag starting so (it matches as it is typed), ``feed:NAME`` one feed.
``enter`` jumps to the highlight in its article. Orphaned highlights are listed in their own
section at the end, with their quote; those whose article's page is still to come (a feed
removed and added back: the note was made in the page's text) before them, as waiting for the
full text.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
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

from reader.annotations import Annotation, ArticleInfo
from reader.library import Library
from reader.text.wording import counted
from reader.ui.widgets.annotation_pane import COLOR_STYLES
from reader.ui.worker_errors import report_failed_worker

Item = tuple[Annotation, ArticleInfo]


@dataclass
class _Loaded(Message):
    items: list[Item]
    # orphaned notes whose article's page, still to come, may place them again
    waiting: frozenset[int] = frozenset()


@dataclass(frozen=True)
class AnnotationJump:
    """Where to go: an article, scrolled to an annotation."""

    article_id: int
    offset: int


def _prompt(annotation: Annotation, article: ArticleInfo) -> Text:
    text = Text(end="")
    text.append("  ", style=COLOR_STYLES.get(annotation.color, COLOR_STYLES["yellow"]))
    text.append(f" {article.title}", style=Style(bold=True))
    text.append(f"  {article.feed}", style=Style(dim=True))
    quote = annotation.quote.replace("\n", " ")
    text.append(f"\n   “{quote[:150]}{'…' if len(quote) > 150 else ''}”", style=Style(italic=True))
    if annotation.note.strip():
        text.append("\n   " + annotation.note.strip().splitlines()[0][:150])
    if annotation.tags:
        text.append("\n   " + " ".join(f"#{t}" for t in annotation.tags), style=Style(color="cyan"))
    return text


def filter_items(items: list[Item], query: str) -> list[Item]:
    """Keep items matching ``#tag`` (a tag starting so), ``feed:NAME`` and fuzzy words, best
    first."""
    words: list[str] = []
    tags: list[str] = []
    feeds: list[str] = []
    for term in query.split():
        if term.startswith("#") and len(term) > 1:
            tags.append(term[1:].lower())
        elif term.lower().startswith("feed:") and len(term) > 5:
            feeds.append(term[5:].lower())
        else:
            words.append(term)
    kept = [
        (a, info)
        for a, info in items
        # a tag matches as it is typed: "#che" keeps #check (and #chemicals)
        if all(any(t.lower().startswith(tag) for t in a.tags) for tag in tags)
        and all(feed in info.feed.lower() for feed in feeds)
    ]
    if not words:
        return kept
    phrase = " ".join(words)
    scored = []
    for a, info in kept:
        haystack = f"{a.quote} {a.note} {info.title}"
        score = fuzz.partial_ratio(phrase.lower(), haystack.lower())
        if score >= 70:
            scored.append((score, a, info))
    scored.sort(key=lambda item: -item[0])
    return [(a, info) for _, a, info in scored]


class AnnotationsScreen(Screen[AnnotationJump | None]):
    """Every annotation in the library."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed job says so in one line (Worker.StateChanged does not bubble)."""
        report_failed_worker(self, event)

    BINDINGS = [
        Binding("escape", "back", "Back", id="all_annotations.back"),
        Binding("slash", "focus_filter", "Filter", id="all_annotations.filter"),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.items: list[Item] = []
        self.shown: list[Item] = []
        self.waiting: frozenset[int] = frozenset()

    def compose(self) -> ComposeResult:
        with Vertical(id="figures-body"):
            yield Static(
                Text("Highlights and notes", style=Style(bold=True)),
                id="figures-title",
                markup=False,
            )
            yield Input(placeholder="filter: words, #tag, feed:name", id="annotations-filter")
            yield OptionList(id="annotations-all")
            yield Static("", id="figures-status", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#annotations-all", OptionList).focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        items = self.library.all_annotations()
        # A deleted feed's notes (article id below 0) wait for no page: only articles held.
        articles = {a.article_id for a, _ in items if a.status == "orphaned" and a.article_id > 0}
        waiting = frozenset(
            note for article in articles for note in self.library.notes_waiting_for_page(article)
        )
        self.post_message(_Loaded(items, waiting))

    def on__loaded(self, message: _Loaded) -> None:
        self.items = message.items
        self.waiting = message.waiting
        self._show(self.items)

    def _show(self, items: list[Item]) -> None:
        anchored = [item for item in items if item[0].status != "orphaned"]
        waiting = [i for i in items if i[0].status == "orphaned" and i[0].id in self.waiting]
        orphaned = [i for i in items if i[0].status == "orphaned" and i[0].id not in self.waiting]
        self.shown = anchored + waiting + orphaned
        listing = self.query_one("#annotations-all", OptionList)
        listing.clear_options()
        options: list[Option | None] = [
            Option(_prompt(a, info), id=str(a.id)) for a, info in anchored
        ]
        options += _section(
            "Waiting for the full text: their article's page is still to come", "yellow", waiting
        )
        options += _section("Orphaned: their passage left the article", "red", orphaned)
        listing.add_options(options)
        if self.shown:
            listing.highlighted = 0
        status = (
            counted(len(anchored), "highlight")
            + (f", {len(waiting)} waiting for the full text" if waiting else "")
            + (f", {len(orphaned)} orphaned" if orphaned else "")
            + " · enter opens"
        )
        self.query_one("#figures-status", Static).update(Text(status, style=Style(dim=True)))

    @on(Input.Changed, "#annotations-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._show(filter_items(self.items, event.value.strip()))

    @on(Input.Submitted, "#annotations-filter")
    def _filter_done(self) -> None:
        self.query_one("#annotations-all", OptionList).focus()

    @on(OptionList.OptionSelected, "#annotations-all")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        found = next((a for a, _ in self.shown if str(a.id) == event.option.id), None)
        if found is not None:
            self.dismiss(AnnotationJump(found.article_id, found.start))

    def action_back(self) -> None:
        self.dismiss(None)

    def action_focus_filter(self) -> None:
        self.query_one("#annotations-filter", Input).focus()


def _section(heading: str, colour: str, items: list[Item]) -> list[Option]:
    """A heading the cursor skips, then its highlights; nothing where there are none."""
    if not items:
        return []
    head = Option(Text(heading, style=Style(bold=True, color=colour)), disabled=True)
    return [head] + [Option(_prompt(a, info), id=str(a.id)) for a, info in items]
