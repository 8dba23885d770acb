"""The figures of the open article (key ``f``): each with the other articles that report it.

``enter`` on a figure that other articles share opens the comparison with this article on the
left; on any other figure it scrolls the reading pane to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from reader.figures.compare import FigureGroup
from reader.figures.titles import sentence_of
from reader.library import Library
from reader.models import FIELD_TITLE, Article
from reader.store.figures import StoredFigure
from reader.ui.group_marks import group_mark
from reader.ui.worker_errors import report_failed_worker


@dataclass(frozen=True)
class FigureChoice:
    """What the user picked: a figure, and the group to compare it in (if any)."""

    figure: StoredFigure
    group: FigureGroup | None


@dataclass
class _Loaded(Message):
    figures: list[StoredFigure]
    groups: dict[int, list[FigureGroup]]
    stale: bool = False  # groups as last built; regrouping new figures is under way
    rereading: bool = False  # groups from before an extractor upgrade, which is under way


_HINT = "enter: compare with the other articles, or jump to it"
LOADING = "Loading figures…"


class ArticleFiguresScreen(ModalScreen[FigureChoice | None]):
    """A list of one article's figure mentions."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed job says so in one line (Worker.StateChanged does not bubble)."""
        report_failed_worker(self, event)

    BINDINGS = [Binding("escape,f", "close", "Close", id="article_figures.close")]

    def __init__(self, library: Library, article: Article) -> None:
        super().__init__()
        self.library = library
        self.article = article
        self.figures: list[StoredFigure] = []
        self.groups: dict[int, list[FigureGroup]] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="article-figures-box"):
            yield Static(Text("Figures in this article", style=Style(bold=True)), markup=False)
            # Said in the first paint: on a busy machine the figures may take a second or more
            # to come, and an empty box read as a dialog that would stay empty.
            yield OptionList(Option(Text(LOADING), disabled=True), id="article-figures")
            yield Static(
                Text(LOADING, style=Style(dim=True)), id="article-figures-hint", markup=False
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        figures = self.library.article_figures(self.article.row.id)
        ids = [f.id for f in figures]
        if ids and not self.library.analysis_progress().complete:
            # The analysis stage is catching up (new articles, or an upgraded extractor): the
            # groups are rebuilt once it is done, not for every article opened meanwhile.
            cached = self.library.cached_groups_of_mentions(ids)
            self.post_message(_Loaded(figures, cached, stale=True, rereading=True))
            return
        if ids and not self.library.figure_groups_current():
            # The figures at once; which other articles share them once new ones are grouped.
            self.post_message(_Loaded(figures, self.library.cached_groups_of_mentions(ids), True))
        self.post_message(_Loaded(figures, self.library.groups_of_mentions(ids)))

    def on__loaded(self, message: _Loaded) -> None:
        self.figures, self.groups = message.figures, message.groups
        hint = "grouping figures from new articles…" if message.stale else _HINT
        if message.rereading:
            hint = "catching up on new articles' figures; groups as they were before"
        self.query_one("#article-figures-hint", Static).update(Text(hint, style=Style(dim=True)))
        listing = self.query_one(OptionList)
        keep = listing.highlighted
        listing.clear_options()
        if not self.figures:
            listing.add_option(Option(Text("No figures found in this article."), disabled=True))
            return
        text = self.article.text.text
        width = listing.scrollable_content_region.width - 1  # one line per figure, never two
        for figure in self.figures:
            mention = figure.mention
            row = Text(no_wrap=True, overflow="ellipsis", end="")
            row.append(mention.text, style=Style(bold=True))
            # The groups before the sentence, which is cut to the width: they are the point.
            for group in self.groups.get(figure.id, []):
                mark = group_mark(group)
                label = mark.word if group.kind == "conflict" else f"{group.articles - 1} more"
                row.append(f"  [{label}]", style=Style(color=mark.color))
            sentence = sentence_of(mention, self.article.row.title, text)
            if mention.field == FIELD_TITLE:
                row.append("  headline:", style=Style(italic=True))
            row.append(f"  {sentence}", style=Style(dim=True))
            row.truncate(max(width, 20), overflow="ellipsis")
            listing.add_option(Option(row, id=str(figure.id)))
        listing.highlighted = keep if keep is not None and keep < len(self.figures) else 0

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        figure = next((f for f in self.figures if str(f.id) == event.option.id), None)
        if figure is None:
            return
        groups = self.groups.get(figure.id, [])
        same = [g for g in groups if g.kind == "same"]
        chosen = same[0] if same else (groups[0] if groups else None)
        self.dismiss(FigureChoice(figure, chosen))

    def action_close(self) -> None:
        self.dismiss(None)
