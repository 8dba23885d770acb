"""Side-by-side comparison: two articles of one figure group, each scrolled to its mention.

The sentence is highlighted and the figure emphasised; in a conflict the figure is marked in
red so the differing values stand out. ``[``/``]`` bring in the previous/next article of the
group in the focused column, ``tab`` switches columns, ``n``/``N`` step through the mentions of
the focused article. Wide terminals show columns; below 100 columns they stack.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker

from reader.figures.compare import FigureGroup
from reader.figures.extract import format_value
from reader.figures.titles import in_body
from reader.figures.written import shown_value
from reader.library import Library
from reader.models import FIELD_TITLE, Article
from reader.store.figures import StoredFigure
from reader.stories.label_words import modality_word
from reader.text.clean import clean_line
from reader.text.dates_shown import day_and_time
from reader.text.wording import shortened
from reader.ui.contrast import MIN_CONTRAST, contrast_ratio
from reader.ui.group_marks import group_mark
from reader.ui.widgets.annotation_pane import annotation_spans
from reader.ui.widgets.article_view import ArticleView, Span
from reader.ui.widgets.key_bar import KeyBar
from reader.ui.worker_errors import report_failed_worker

SENTENCE_STYLE = Style(bgcolor="grey23")  # the ANSI themes' band (the terminal's own colours)
SENTENCE_BAND = 0.15  # how far the band under a sentence goes from the page toward its text
SAME_STYLE = Style(bold=True, color="black", bgcolor="green3")
CONFLICT_STYLE = Style(bold=True, color="white", bgcolor="red3")


def sentence_style(background: Color, foreground: Color) -> Style:
    """The band under a mention's sentence: the page's background moved a little toward its
    text colour, so the text reads on it in dark and light themes alike (a fixed grey23 was a
    dark band under dark text in the light themes)."""
    if background.ansi is not None or foreground.ansi is not None:
        return SENTENCE_STYLE
    band = background.blend(foreground, SENTENCE_BAND)
    for step in range(1, 4):  # a theme whose text only just reads on its page: a fainter band
        if contrast_ratio(band, foreground) >= MIN_CONTRAST:
            break
        band = background.blend(foreground, SENTENCE_BAND * (1 - step / 4))
    return Style(bgcolor=band.rich_color)


@dataclass
class MentionsLoaded(Message):
    mentions: list[tuple[StoredFigure, Article]]


@dataclass
class HighlightsLoaded(Message):
    side: int
    article_id: int
    spans: tuple[Span, ...]


BOUND_WORDS = {"lower": "more than", "upper": "less than", "approx": "about"}


def qualifier_words(qualifier: str, bound: str) -> str:
    """A figure's qualifier as people say it: "more than" for "over", "about" for "roughly",
    with the article's own word beside it when it is another."""
    words = BOUND_WORDS.get(bound, qualifier)
    return words if words == qualifier else f"{words} (“{qualifier}”)"


def place_in_group(mentions: list[tuple[StoredFigure, Article]], index: int) -> str:
    """Where mention ``index`` stands, counted in articles as the screen's title counts them
    ("article 2 of 7"; "1 of 9" counted mentions and disagreed with "7 articles"), with its
    place among its article's own mentions of the figure when there are several."""
    articles = list(dict.fromkeys(article.row.id for _, article in mentions))
    article_id = mentions[index][1].row.id
    place = f"article {articles.index(article_id) + 1} of {len(articles)}"
    own = [i for i, (_, article) in enumerate(mentions) if article.row.id == article_id]
    if len(own) > 1:
        place += f" (mention {own.index(index) + 1} of {len(own)}: n)"
    return place


def describe(
    figure: StoredFigure, article: Article, position: str | None = None, width: int | None = None
) -> Text:
    """The column header, one line each (cut, never wrapped, so the value line always shows):
    which article of the group this is, feed and date; the article's title; the figure. With
    ``width`` (the header's cells), the first line fits it by cutting the feed's name alone."""
    mention = figure.mention
    text = Text(end="", no_wrap=True, overflow="ellipsis")
    # Local time, as every other screen shows it, to the minute: reports hours apart differ.
    shown = day_and_time(article.row.published) or "undated"
    text.append_text(placed_line(position, clean_line(article.row.feed_title), shown, width))
    text.append("\n")
    title = Text(article.row.title or "(untitled)", style=Style(italic=True))
    if mention.field == FIELD_TITLE:  # a headline's figure: marked where it stands, in the title
        title.stylize(Style(bold=True, underline=True), mention.start, mention.end)
    text.append_text(title)
    text.append("\n")
    if mention.high is not None and mention.low is not None:
        value = (
            f"{format_value(mention.low, mention.kind, mention.unit)}–"
            f"{format_value(mention.high, mention.kind, mention.unit)}"
        )
    elif mention.value is not None:  # a clock as written ("7:41"), not its seconds
        value = shown_value(mention.value, mention.kind, mention.unit, mention.text)
    else:
        value = mention.text
    text.append(f"“{mention.text}”", style=Style(bold=True))
    text.append(f" = {value}")
    if mention.qualifier:
        text.append(
            f" · {qualifier_words(mention.qualifier, mention.bound)}", style=Style(italic=True)
        )
    if mention.modality == "projected":
        # In the story table's word: "projected" is the extractor's, not a reader's.
        word = modality_word(mention.modality)
        text.append(f" · {word}", style=Style(italic=True, color="yellow"))
    return text


FEED_NAME_LEAST = 6  # cells a cut feed name keeps ("North…"); with less room it is left out
SEPARATOR = " · "


def placed_line(position: str | None, feed: str, shown: str, width: int | None) -> Text:
    """A column header's first line: the report's place in the group, its feed, its date.
    Within ``width`` cells the place and the date stay whole and the feed's name takes what
    is left, cut at a word where it can be (a long name took the date off the line at 120
    columns, and the date is what tells an update from a disagreement); with too little room
    for a few letters of it, the name is left out (the article's own byline names it)."""
    fixed = cell_len(shown) + cell_len(SEPARATOR) * (2 if position is not None else 1)
    fixed += cell_len(position or "")
    if width is not None and fixed + cell_len(feed) > width:
        room = width - fixed
        if room < FEED_NAME_LEAST:
            feed = ""
        else:
            cut = Text(shortened(feed, room))  # at a word, no dash left hanging
            cut.truncate(room, overflow="ellipsis")  # wide characters take two cells each
            feed = cut.plain
    line = Text(end="", no_wrap=True, overflow="ellipsis")
    if position is not None:  # first: a long feed name is cut, never this
        line.append(position, style=Style(bold=True))
        if feed:
            line.append(SEPARATOR, style=Style(bold=True))
    line.append(feed, style=Style(bold=True))
    line.append(f"{SEPARATOR}{shown}", style=Style(dim=True))
    return line


class CompareHeader(Static):
    """A column's header (``describe``), drawn again to its width when that changes."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", markup=False, **kwargs)
        self.described: tuple[StoredFigure, Article, str | None] | None = None

    def describe(self, figure: StoredFigure, article: Article, position: str | None) -> None:
        self.described = (figure, article, position)
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        if self.described is not None:
            width = self.content_size.width or None  # 0: not laid out yet (a resize follows)
            self.update(describe(*self.described, width=width))


class CompareScreen(Screen[None]):
    """Two articles of a figure group side by side."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed job says so in one line (Worker.StateChanged does not bubble)."""
        report_failed_worker(self, event)

    BINDINGS = [
        Binding("escape", "back", "Back", id="compare.back"),
        Binding("right_square_bracket", "bring(1)", "Next article", id="compare.next_article"),
        Binding(
            "left_square_bracket",
            "bring(-1)",
            "Prev article",
            id="compare.prev_article",
            show=False,
        ),
        Binding("tab", "switch", "Column", id="compare.switch"),  # short: 80 columns hold all
        Binding("n", "mention(1)", "Next mention", id="compare.next_mention"),
        Binding("N", "mention(-1)", "Prev mention", id="compare.prev_mention", show=False),
    ]

    def __init__(
        self, library: Library, group: FigureGroup, first_article: int | None = None
    ) -> None:
        super().__init__()
        self.library = library
        self.group = group
        self.first_article = first_article
        self.mentions: list[tuple[StoredFigure, Article]] = []
        self.shown = [0, 1]  # index into self.mentions for the left and right columns

    def compose(self) -> ComposeResult:
        title = Text(end="")
        mark = group_mark(self.group)
        title.append(f"{mark.symbol} ", style=Style(color=mark.color, bold=True))
        title.append(self.group.label, style=Style(bold=True))
        title.append(f" · {self.group.reach}", style=Style(dim=True))
        yield Static(title, id="compare-title", markup=False)
        with Horizontal(id="compare-columns"):
            for side in ("left", "right"):
                with Vertical(classes="compare-column", id=f"column-{side}"):
                    yield CompareHeader(classes="compare-header", id=f"header-{side}")
                    yield ArticleView(id=f"view-{side}")
        yield KeyBar()  # Textual's footer, keeping ? Help in sight at 80 columns

    def on_mount(self) -> None:
        self._apply_width(self.app.size.width)
        self.query_one("#view-left", ArticleView).focus()
        self.load()

    @work(thread=True, exclusive=True, group="compare", exit_on_error=False)
    def load(self) -> None:
        self.post_message(MentionsLoaded(self.library.group_mentions(self.group)))

    def on_mentions_loaded(self, message: MentionsLoaded) -> None:
        self.mentions = message.mentions
        if not self.mentions:
            self.notify("This group no longer exists; regroup with r", markup=False)
            return
        first = 0
        if self.first_article is not None:
            first = next(
                (i for i, (_, a) in enumerate(self.mentions) if a.row.id == self.first_article), 0
            )
        second = self._next_other_article(first, 1, exclude=first)
        if self.group.kind == "conflict":
            # open a conflict on two differing values, so the disagreement is what you see
            first_value = self.mentions[first][0].mention.value
            differing = [
                i
                for i, (f, a) in enumerate(self.mentions)
                if f.mention.value != first_value and a.row.id != self.mentions[first][1].row.id
            ]
            if differing:
                second = differing[0]
        self.shown = [first, second]
        self._render_side(0)
        self._render_side(1)

    def _next_other_article(self, start: int, step: int, exclude: int) -> int:
        """The next mention (cycling) from another article than the one at ``exclude``."""
        count = len(self.mentions)
        excluded_article = self.mentions[exclude][1].row.id
        index = start
        for _ in range(count):
            index = (index + step) % count
            if self.mentions[index][1].row.id != excluded_article:
                return index
        return start

    def _render_side(self, side: int) -> None:
        name = ("left", "right")[side]
        figure, article = self.mentions[self.shown[side]]
        mention = figure.mention
        self.query_one(f"#header-{name}", CompareHeader).describe(
            figure, article, place_in_group(self.mentions, self.shown[side])
        )
        view = self.query_one(f"#view-{name}", ArticleView)
        # A headline's figure has no place in the body: the column opens at its top.
        view.show(article, self._spans(side), scroll_to=mention.start if in_body(mention) else None)
        self._load_highlights(side, article.row.id)

    def _spans(self, side: int, highlights: tuple[Span, ...] = ()) -> tuple[Span, ...]:
        figure, _ = self.mentions[self.shown[side]]
        mention = figure.mention
        style = CONFLICT_STYLE if self.group.kind == "conflict" else SAME_STYLE
        if not in_body(mention):
            return highlights  # a headline's figure is marked in the column's header
        view = self.query_one(f"#view-{('left', 'right')[side]}", ArticleView)
        _, _, background, foreground = view.query_one("#article-body", Static).colors
        # highlights first, so the sentence and the figure stay visible on top of them
        return (
            *highlights,
            Span(
                mention.sentence_start, mention.sentence_end, sentence_style(background, foreground)
            ),
            Span(mention.start, mention.end, style),
        )

    @work(thread=True, group="compare-highlights", exit_on_error=False)
    def _load_highlights(self, side: int, article_id: int) -> None:
        annotations = self.library.annotations(article_id)
        self.post_message(HighlightsLoaded(side, article_id, annotation_spans(annotations)))

    def on_highlights_loaded(self, message: HighlightsLoaded) -> None:
        _, article = self.mentions[self.shown[message.side]]
        if article.row.id != message.article_id:
            return
        view = self.query_one(f"#view-{('left', 'right')[message.side]}", ArticleView)
        view.set_spans(self._spans(message.side, message.spans))

    def on_article_view_annotate_requested(self, message: ArticleView.AnnotateRequested) -> None:
        """Highlighting works in each column too; notes are written in the reading pane (A)."""
        message.stop()
        article = message.view.article
        if article is None:
            return
        side = 1 if message.view.id == "view-right" else 0
        self._annotate(side, article.row.id, message.start, message.end)

    @work(thread=True, group="compare-annotate", exit_on_error=False)
    def _annotate(self, side: int, article_id: int, start: int, end: int) -> None:
        _, created = self.library.highlight(article_id, start, end)
        said = "Highlighted" if created else "Already highlighted"
        self.app.call_from_thread(
            self.notify, f"{said} (its note: open the article, A)", timeout=3, markup=False
        )
        annotations = self.library.annotations(article_id)
        self.post_message(HighlightsLoaded(side, article_id, annotation_spans(annotations)))

    def _focused_side(self) -> int:
        return 1 if self.query_one("#view-right", ArticleView).has_focus else 0

    def action_bring(self, step: int) -> None:
        if len(self.mentions) < 2:
            return
        side = self._focused_side()
        other = self.shown[1 - side]
        self.shown[side] = self._next_other_article(self.shown[side], step, exclude=other)
        self._render_side(side)

    def action_switch(self) -> None:
        side = self._focused_side()
        self.query_one(f"#view-{('right', 'left')[side]}", ArticleView).focus()

    def action_mention(self, step: int) -> None:
        if not self.mentions:
            return
        side = self._focused_side()
        article_id = self.mentions[self.shown[side]][1].row.id
        same_article = [i for i, (_, a) in enumerate(self.mentions) if a.row.id == article_id]
        if len(same_article) < 2:
            self.notify("This article mentions the figure once", timeout=2, markup=False)
            return
        position = same_article.index(self.shown[side])
        self.shown[side] = same_article[(position + step) % len(same_article)]
        self._render_side(side)

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_resize(self, event: Resize) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        self.set_class(width < 100, "-stacked")
