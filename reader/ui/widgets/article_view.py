"""The reading pane: one article's canonical text, typeset, with its header and link list.

The text is laid out as a Rich ``Text`` built block by block from the stored structure
(headings, paragraphs, list items, quotes), so feed text is never parsed as markup. The layout
keeps, for each block, where its canonical offsets land in the displayed text, so figure spans,
search matches and highlights (offsets into the canonical text) can be styled in place. A caret
and a selection, also canonical offsets, move by word, sentence and paragraph so a passage can
be chosen from the keyboard (or dragged with the mouse) and annotated.
"""

from __future__ import annotations

import io
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from rich.cells import cell_len
from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.geometry import Offset
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from reader.links import openable_link
from reader.models import Article
from reader.text.clean import clean_line
from reader.text.dates_shown import long_date
from reader.ui.contrast import readable_dim

BODY_WIDTH = 88
SELECTION_STYLE = Style(bgcolor="dodger_blue3", color="white")
CARET_STYLE = Style(reverse=True)
MARK_TINT = 0.12  # the current sentence's background: this much of the text colour
MARK_AFTER = 0.12  # seconds of no scrolling before the mark follows
_WORD_PATTERN = re.compile(r"[^\W_]+(?:['’.,-][^\W_]+)*")
# Only measures wrapping (where an offset lands on screen); never prints.
_MEASURING_CONSOLE = Console(width=BODY_WIDTH, color_system=None, file=io.StringIO())


LISTED_LINKS = 300  # links listed under an article; the others open by their number


@dataclass(frozen=True)
class Span:
    """A styled stretch of canonical text: [start, end) with a Rich style."""

    start: int
    end: int
    style: Style


@dataclass
class Layout:
    """Displayed text plus the map from canonical offsets to displayed offsets."""

    text: Text
    block_map: list[tuple[int, int, int]]  # (canonical start, canonical end, display start)
    _starts_cache: dict[int, list[int]] = field(default_factory=dict)

    def display_offset(self, canonical: int) -> int | None:
        for start, end, display in self.block_map:
            if start <= canonical <= end:
                return display + canonical - start
        return None

    def line_of(self, canonical: int, width: int) -> int:
        """The wrapped line (0-based) that shows a canonical offset, at this width."""
        display = self.display_offset(canonical)
        if display is None:
            return 0
        starts = self._line_starts(max(width, 10))
        # By bisection: the current sentence's mark asks this for sentence after sentence.
        return max(bisect_right(starts, display) - 1, 0)

    def display_at(self, where: Offset | None, default: int) -> int:
        """The display offset at a selection's line and column. Textual counts both in the
        displayed text's own lines (before wrapping), as it does to extract a selection."""
        if where is None:
            return default
        plain = self.text.plain
        offset = 0
        for _ in range(where.y):
            newline = plain.find("\n", offset)
            if newline < 0:
                return len(plain)
            offset = newline + 1
        line_end = plain.find("\n", offset)
        line_end = len(plain) if line_end < 0 else line_end
        return min(offset + max(where.x, 0), line_end)

    def canonical_range(self, start: int, end: int) -> tuple[int, int]:
        """Canonical offsets of a displayed stretch; what display adds (bullets, the header,
        blank lines) maps to the nearest canonical text inside the stretch."""
        first: int | None = None
        last: int | None = None
        for canonical_start, canonical_end, display in self.block_map:
            display_end = display + canonical_end - canonical_start
            if display_end <= start or display >= end:
                continue
            if first is None:
                first = canonical_start + max(start - display, 0)
            last = canonical_start + min(end, display_end) - display
        if first is None or last is None:
            return (0, 0)
        return first, last

    def _line_starts(self, width: int) -> list[int]:
        """Display offset where each wrapped line begins (wrapping only drops spaces)."""
        cached = self._starts_cache.get(width)
        if cached is not None:
            return cached
        plain = self.text.plain
        starts: list[int] = []
        position = 0
        for line in self.text.wrap(_MEASURING_CONSOLE, width):
            piece = line.plain.rstrip()
            found = plain.find(piece, position) if piece else position
            if found < 0:
                found = position
            starts.append(found)
            position = found + len(piece)
        self._starts_cache[width] = starts
        return starts


LINK_ROOM = 60


def shown_link(link: str, room: int = LINK_ROOM) -> str:
    """A link as the header shows it: without its scheme, and past ``room`` characters as
    host/…/last-part, so it is not folded mid-word across lines (o opens it, the palette
    copies it whole)."""
    shown = re.sub(r"^[a-z][a-z0-9+.-]*://", "", link, flags=re.IGNORECASE)
    if len(shown) <= room:
        return shown
    host, _, rest = shown.partition("/")
    last = rest.rstrip("/").rsplit("/", 1)[-1].split("?")[0]
    short = f"{host}/…/{last}" if last else host
    return short if len(short) <= room else short[: room - 1] + "…"


def _wrapped(text: str, start: int, end: int, first: int, rest: int) -> list[tuple[int, int]]:
    """[start, end) of ``text`` cut at spaces into lines of at most ``first`` cells, then
    ``rest``: (start, end) of each line, the space where it breaks left out."""
    lines: list[tuple[int, int]] = []
    room = first
    while end - start > room and room > 4:
        cut = text.rfind(" ", start, start + room + 1)
        if cut <= start:
            break  # a word longer than the line: the terminal folds it
        lines.append((start, cut))
        start, room = cut + 1, rest
    lines.append((start, end))
    return lines


def layout_article(
    article: Article, spans: tuple[Span, ...] = (), width: int | None = None
) -> Layout:
    """Typeset an article: header, blocks with their styles, link list; spans styled in place.
    Given the ``width`` it is shown at, list items and quotes wrap under their own text (a
    hanging indent) rather than at the left edge."""
    row = article.row
    text = Text(end="")
    text.append(row.title or "(untitled)", style=Style(bold=True))
    text.append("\n")
    meta = " · ".join(
        part
        # "undated" as the list says it: a missing date is not left for the reader to guess
        for part in (row.feed_title, long_date(row.published) or "undated", row.author)
        if part
    )
    text.append(meta, style=Style(dim=True))
    if row.link:
        text.append("\n")
        # Cut to the pane's width too: past it the link's last letters folded onto a line
        # of their own (the pane is some 56 columns at 100).
        room = LINK_ROOM if width is None else max(min(LINK_ROOM, width - 1), 20)
        text.append(shown_link(row.link, room), style=_link_style(row.link, dim=True))
    source = text_source_line(article)
    if source:
        text.append("\n")
        text.append(source, style=Style(dim=True, italic=True))
    text.append("\n\n")
    canonical = article.text.text
    block_map: list[tuple[int, int, int]] = []
    blocks = article.text.blocks or ()
    previous_kind = ""
    for number, block in enumerate(blocks):
        if number:
            text.append("\n" if block.kind == previous_kind == "list_item" else "\n\n")
        prefix, style = _block_style(block.kind, block.level)
        text.append(prefix, style=Style(dim=True))
        pieces = [(block.start, block.end)]
        if width is not None and prefix and cell_len(prefix) + 8 < width:
            bullet = canonical[block.start : block.start + 2]
            indent = " " * (cell_len(prefix) + (2 if bullet in ("• ", "– ", "- ") else 0))
            pieces = _wrapped(
                canonical, block.start, block.end, width - cell_len(prefix), width - len(indent)
            )
        for line, (piece_start, piece_end) in enumerate(pieces):
            if line:
                text.append("\n" + indent)
            block_map.append((piece_start, piece_end, len(text.plain)))
            text.append(canonical[piece_start:piece_end], style=style)
        previous_kind = block.kind
    if not blocks and canonical:
        block_map.append((0, len(canonical), len(text.plain)))
        text.append(canonical)
    layout = Layout(text, block_map)
    for span in spans:
        start = layout.display_offset(span.start)
        end = layout.display_offset(span.end)
        if start is not None and end is not None and end > start:
            text.stylize(span.style, start, end)
    if article.text.links:
        text.append("\n\nLinks\n", style=Style(bold=True))
        # The list is drawn whole with the article: past a few hundred lines it costs seconds
        # to open. Every link keeps its number in the text and opens with it.
        shown = article.text.links[:LISTED_LINKS]
        for index, link in enumerate(shown, start=1):
            text.append(f"[{index}] ", style=Style(dim=True))
            text.append(link, style=_link_style(link))
            text.append("\n")
        hidden = len(article.text.links) - len(shown)
        if hidden > 0:
            text.append(
                f"… and {hidden:,} more (type a link's number, then enter, to open it)\n",
                style=Style(dim=True),
            )
    return layout


def _link_style(link: str, dim: bool = False) -> Style:
    """Underlined as a link only where o (or its number) would open it: a ``javascript:``
    or ``file:`` link a feed gave is plain text, never made to look clickable."""
    return Style(dim=dim, underline=openable_link(link) is not None)


def text_source_line(article: Article) -> str:
    """The header's line on where the text shown came from: the article's page (``t`` shows
    the feed's own), or the feed's because its page failed (the reason, one sanitised line);
    nothing for the feed's text when no page was tried."""
    if article.text_source == "page":
        return "Full text from its page (t: feed text)"
    if article.page_error:
        reason = clean_line(article.page_error, max_length=120)
        return f"Feed text only: {reason}"
    return ""


def _block_style(kind: str, level: int) -> tuple[str, Style]:
    if kind == "heading":
        return "", Style(bold=True, color="bright_cyan" if level <= 2 else None)
    if kind == "list_item":
        return "  " * max(level, 1), Style()
    if kind == "quote":
        return "▎ ", Style(italic=True)
    if kind == "preformatted":
        return "", Style(dim=False, color="bright_white")
    if kind == "caption":
        return "", Style(italic=True, dim=True)
    return "", Style()


class ArticleView(VerticalScroll, can_focus=True):
    """Scrollable reading pane: digits then enter open a numbered link; v, w/b, (/), {/} select
    a passage, a annotates it (the current sentence without one), H highlights the current
    sentence."""

    BINDINGS = [
        Binding("down,j", "scroll_down", "Scroll down", id="reader.down", show=False),
        Binding("up,k", "scroll_up", "Scroll up", id="reader.up", show=False),
        Binding(
            "space,pagedown,ctrl+d", "page_down", "Page down", id="reader.page_down", show=False
        ),
        Binding("pageup,ctrl+u", "page_up", "Page up", id="reader.page_up", show=False),
        Binding("home,g", "scroll_home", "Top", id="reader.top", show=False),
        Binding("end,G", "scroll_end", "Bottom", id="reader.bottom", show=False),
        Binding("v", "select", "Select", id="reader.select"),
        Binding("w", "move('word', 1)", "Next word", id="reader.word_forward", show=False),
        Binding("b", "move('word', -1)", "Previous word", id="reader.word_back", show=False),
        Binding(
            "right_parenthesis",
            "move('sentence', 1)",
            "Next sentence",
            id="reader.sentence_forward",
            show=False,
        ),
        Binding(
            "left_parenthesis",
            "move('sentence', -1)",
            "Previous sentence",
            id="reader.sentence_back",
            show=False,
        ),
        Binding(
            "right_curly_bracket",
            "move('block', 1)",
            "Next paragraph",
            id="reader.paragraph_forward",
            show=False,
        ),
        Binding(
            "left_curly_bracket",
            "move('block', -1)",
            "Previous paragraph",
            id="reader.paragraph_back",
            show=False,
        ),
        Binding("a", "annotate", "Annotate", id="reader.annotate"),
        Binding("y", "copy_selection", "Copy selection", id="reader.copy", show=False),
        Binding(
            "H",
            "highlight_sentence",
            # What H takes, as ? says it: the sentence the pane marks (at the caret, else the
            # first in sight).
            "Highlight the marked sentence",
            id="reader.highlight",
            show=False,
        ),
    ]

    class AnnotateRequested(Message):
        """The user chose a passage to annotate (offsets into the canonical text)."""

        def __init__(self, view: ArticleView, start: int, end: int, open_note: bool) -> None:
            super().__init__()
            self.view = view
            self.start = start
            self.end = end
            self.open_note = open_note

    class LinkRequested(Message):
        """The user typed a link number and pressed enter."""

        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.layout_result: Layout | None = None
        self.link_digits = ""
        self.spans: tuple[Span, ...] = ()
        self.read_only = False  # showing the feed's own text beside a page's: no annotating
        self.caret: int | None = None  # a canonical offset, once the user moves by text
        self.selection_anchor: int | None = None  # where a selection started
        # The sentence H (and a, without a selection) acts on, marked: after a few j the
        # tester's H took the dateline at the top, unseen until then.
        self.marked: tuple[int, int] | None = None
        self._sentences: tuple[Article | None, list[tuple[int, int]]] = (None, [])
        self._mark_timer: Timer | None = None
        # Sentences the mark stands past the first one in sight: j where the pane cannot
        # scroll on (a short article, or its end in sight) steps the mark instead. In a short
        # article j did nothing and H took the first sentence, though ? says the mark
        # follows j. Any scroll starts again from the first sentence in sight.
        self._mark_steps = 0
        # Where the article was opened at (a search match, a figure): its sentence is the one
        # marked while it is in sight. H after opening from a search took the dateline at the
        # top, since the match was on the first screen and no caret was set.
        self.landing: int | None = None

    def on_mount(self) -> None:
        self.watch(self, "scroll_y", self._scrolled, init=False)

    def compose(self) -> ComposeResult:
        yield Static(
            Text("Select an article to read it.", style=Style(dim=True)),
            id="article-body",
            markup=False,
        )

    def show(
        self,
        article: Article,
        spans: tuple[Span, ...] = (),
        scroll_to: int | None = None,
        read_only: bool = False,
    ) -> None:
        self.read_only = read_only
        self.article = article
        self.spans = spans
        self.caret = None
        self.landing = scroll_to
        self.selection_anchor = None
        self.link_digits = ""
        self._mark_steps = 0
        self.layout_result = None  # the last article's: no line of this one is known yet
        self._redraw()
        if scroll_to is None:
            self.scroll_home(animate=False)
        else:
            self.call_after_refresh(self.scroll_to_offset, scroll_to)

    def _redraw(self) -> None:
        if self.article is None:
            return
        spans = self.spans
        selection = self.selection
        if selection is not None:
            spans = (*spans, Span(selection[0], selection[1], SELECTION_STYLE))
        body = self.query_one("#article-body", Static)
        _, _, background, foreground = body.colors
        self.marked = self._sentence_here() if self._marking() else None
        if self.marked is not None:
            # A faint tint of the text colour on the page: subtle in dark and light themes.
            tint = background.blend(foreground, MARK_TINT).rich_color
            spans = (*spans, Span(*self.marked, Style(bgcolor=tint)))
        if selection is None and self.caret is not None and self.has_focus:
            spans = (*spans, Span(self.caret, self.caret + 1, CARET_STYLE))
        shown_width = body.content_region.width
        before = self.layout_result
        self.layout_result = layout_article(
            self.article, spans, shown_width - 1 if shown_width > 20 else None
        )
        if before is not None and before.text.plain == self.layout_result.text.plain:
            # Styles never move a line break: the wrapped lines measured stay good (some
            # 10 ms for a long article, asked again as soon as the mark follows a scroll).
            self.layout_result._starts_cache.update(before._starts_cache)
        body.update(readable_dim(self.layout_result.text, foreground, background))

    def _marking(self) -> bool:
        """Whether the current sentence is marked: on text that can be annotated, with no
        selection (which shows itself). From the list too: its H acts on the open article."""
        return self.article is not None and not self.read_only and self.selection_anchor is None

    def _scrolled(self) -> None:
        """Scrolling moves the sentence in sight: the mark follows it once the scrolling
        pauses (a held j scrolls at the key rate, never waiting for a redraw of the article;
        H and a read the sentence in sight afresh, so they never act on a mark behind)."""
        self._mark_steps = 0
        if self._mark_timer is not None:
            self._mark_timer.stop()
        self._mark_timer = self.set_timer(MARK_AFTER, self._follow_mark)

    def _follow_mark(self) -> None:
        self._mark_timer = None
        if self._marking() and self.caret is None and self._sentence_here() != self.marked:
            self._redraw()

    def set_spans(self, spans: tuple[Span, ...]) -> None:
        """Restyle (new highlights) without moving the reader."""
        self.spans = spans
        self._redraw()

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected passage (canonical offsets), trimmed of surrounding space."""
        if self.selection_anchor is None or self.caret is None or self.article is None:
            return None
        text = self.article.text.text
        start, end = sorted((self.selection_anchor, self.caret))
        end = max(end, start + 1)
        while start < end and text[start : start + 1].isspace():
            start += 1
        while end > start and text[end - 1 : end].isspace():
            end -= 1
        return (start, end) if end > start else None

    def _start_caret(self) -> int:
        """Where the caret starts: the first paragraph at the top of the view (at the marked
        sentence when j stepped the mark past it)."""
        if self.article is None or not self.article.text.blocks:
            return 0
        if self._mark_steps and self.marked is not None:
            return self.marked[0]
        top = round(self.scroll_offset.y)
        best = self.article.text.blocks[0].start
        for block in self.article.text.blocks:
            if self.layout_result is None:
                break
            body = self.query_one("#article-body", Static)
            if self.layout_result.line_of(block.start, body.content_region.width) >= top - 1:
                best = block.start
                break
        return best

    def action_select(self) -> None:
        if self.article is None:
            return
        if self.caret is None:
            self.caret = self._start_caret()
        if self.selection_anchor is None:
            self.selection_anchor = self.caret
            self.caret = self._unit_end(self.caret, "word")
        else:
            self.selection_anchor = None
        self._redraw()

    def action_move(self, unit: str, step: int) -> None:
        if self.article is None:
            return
        if self.caret is None:
            self.caret = self._start_caret()
        if step > 0:
            self.caret = (
                self._unit_end(self.caret, unit)
                if self.selection_anchor is not None
                else self._next_start(self.caret, unit)
            )
        else:
            self.caret = self._previous_start(self.caret, unit)
            if self.selection_anchor is not None and self.caret < self.selection_anchor:
                self.caret = self.selection_anchor + 1
        self._redraw()
        self.scroll_to_offset(self.caret, margin=5, only_if_hidden=True)

    def action_scroll_down(self) -> None:
        """j: a line down; where the pane cannot scroll on (the whole article or its end in
        sight) the current sentence moves to the next one instead, and at the last one j
        does nothing: H and a act on the sentence j reached, never on one j seemed to pass."""
        if self.article is None or self.scroll_target_y < self.max_scroll_y:
            super().action_scroll_down()
        elif self.caret is not None:
            self.action_move("sentence", 1)
        elif self._marking():
            self._step_mark(1)

    def action_scroll_up(self) -> None:
        """k: j's way back: the mark's steps first, then a line up; at the top, with a caret,
        the caret goes back a sentence."""
        if self.article is not None and self.caret is None and self._mark_steps > 0:
            self._step_mark(-1)
        elif self.article is None or self.scroll_target_y > 0:
            super().action_scroll_up()
        elif self.caret is not None:
            self.action_move("sentence", -1)

    def _step_mark(self, step: int) -> None:
        """Move the mark ``step`` sentences from where it is, staying among the sentences
        that start in sight (the pane cannot scroll to show another)."""
        sentences = self._boundaries("sentence")
        first = self._sentence_in_sight(sentences)
        if first is None:
            return
        target = sentences.index(first) + self._mark_steps + step
        if target < sentences.index(first) or target >= len(sentences):
            return
        if step > 0 and not self._starts_in_sight(sentences[target][0]):
            return
        self._mark_steps = target - sentences.index(first)
        self._redraw()

    def _starts_in_sight(self, canonical: int) -> bool:
        if self.layout_result is None:
            return True
        width = self.query_one("#article-body", Static).content_region.width
        top = round(self.scroll_offset.y)
        bottom = top + max(self.scrollable_content_region.height, 1)
        return top <= self.layout_result.line_of(canonical, width) < bottom

    def _boundaries(self, unit: str) -> list[tuple[int, int]]:
        assert self.article is not None
        text = self.article.text.text
        if unit == "word":
            return [(m.start(), m.end()) for m in _WORD_PATTERN.finditer(text)]
        if unit == "sentence":
            from reader.figures.extract import split_sentences  # loaded on first use

            # Once an article: the mark asks at every scroll.
            if self._sentences[0] is not self.article:
                self._sentences = (self.article, split_sentences(text))
            return self._sentences[1]
        return [(b.start, b.end) for b in self.article.text.blocks] or [(0, len(text))]

    def _next_start(self, position: int, unit: str) -> int:
        for start, _ in self._boundaries(unit):
            if start > position:
                return start
        return position

    def _previous_start(self, position: int, unit: str) -> int:
        previous = 0
        for start, _ in self._boundaries(unit):
            if start >= position:
                break
            previous = start
        return previous

    def _unit_end(self, position: int, unit: str) -> int:
        for _, end in self._boundaries(unit):
            if end > position:
                return end
        return position

    def _unit_at(self, position: int, unit: str) -> tuple[int, int] | None:
        for start, end in self._boundaries(unit):
            if start <= position < end:
                return start, end
        return None

    def _refuse_read_only(self) -> bool:
        if self.read_only:
            self.notify(
                "This is the feed's own text, read-only: t returns to the article",
                timeout=3,
                markup=False,
            )
        return self.read_only

    def action_annotate(self) -> None:
        if self._refuse_read_only():
            return
        # Without a selection the note goes on the sentence under the caret (the first one in
        # sight): a refused a left the note typed next to run as commands (u, q...).
        selection = self.selection or self._mouse_selection() or self._sentence_here()
        if selection is None:
            self.notify("Nothing to annotate: this article has no text", timeout=3, markup=False)
            return
        self.post_message(self.AnnotateRequested(self, selection[0], selection[1], True))
        self.selection_anchor = None
        self._redraw()

    def action_highlight_sentence(self) -> None:
        if self.article is None or self._refuse_read_only():
            return
        sentence = self._sentence_here()
        if sentence is None:
            return
        self.post_message(self.AnnotateRequested(self, sentence[0], sentence[1], False))

    def _sentence_here(self) -> tuple[int, int] | None:
        """The sentence under the caret; without a caret, the first sentence that starts in
        sight (the one marked)."""
        if self.article is None:
            return None
        sentences = self._boundaries("sentence")
        if self.caret is None:
            first = self._landing_in_sight() or self._sentence_in_sight(sentences)
            if first is None or not self._mark_steps:
                return first
            index = min(sentences.index(first) + self._mark_steps, len(sentences) - 1)
            return sentences[index]
        position = self.caret
        # Between two sentences (on the space after one) the next one is meant.
        return self._unit_at(position, "sentence") or next(
            ((start, end) for start, end in sentences if start >= position),
            sentences[-1] if sentences else None,
        )

    def _landing_in_sight(self) -> tuple[int, int] | None:
        """The sentence the article was opened at, while any line of it is in the view."""
        if self.landing is None or self.layout_result is None:
            return None
        sentence = self._unit_at(self.landing, "sentence")
        if sentence is None:
            return None
        width = self.query_one("#article-body", Static).content_region.width
        top = round(self.scroll_offset.y)
        bottom = top + max(self.scrollable_content_region.height, 1)
        first = self.layout_result.line_of(sentence[0], width)
        last = self.layout_result.line_of(max(sentence[1] - 1, sentence[0]), width)
        return sentence if first < bottom and last >= top else None

    def _sentence_in_sight(self, sentences: list[tuple[int, int]]) -> tuple[int, int] | None:
        """The first sentence whose start is in the view (the last one above it when none
        starts in sight: a long sentence fills the view)."""
        if not sentences:
            return None
        if self.layout_result is None:
            return sentences[0]
        width = self.query_one("#article-body", Static).content_region.width
        top = round(self.scroll_offset.y)
        bottom = top + max(self.scrollable_content_region.height, 1)
        above = sentences[0]
        for start, end in sentences:
            line = self.layout_result.line_of(start, width)
            if line >= bottom:
                break
            if line >= top:
                return start, end
            above = (start, end)
        return above

    def _mouse_selection(self) -> tuple[int, int] | None:
        """A mouse-dragged selection, mapped by where it was made (line and column on screen)
        to canonical offsets: the passage dragged over, never the first one with its words,
        widened to the whole words it starts and ends in."""
        if self.article is None or self.layout_result is None:
            return None
        body = self.query_one("#article-body", Static)
        dragged = self.screen.selections.get(body)
        if dragged is None:
            return None
        layout = self.layout_result
        start = layout.display_at(dragged.start, 0)
        end = layout.display_at(dragged.end, len(layout.text.plain))
        first, last = layout.canonical_range(start, end)
        text = self.article.text.text
        while first < last and text[first].isspace():
            first += 1
        while last > first and text[last - 1].isspace():
            last -= 1
        if last <= first:
            return None
        # Whole words: a drag rarely starts and ends exactly at a word's edge ("ere were
        # after the evac" was saved as a highlight).
        while first > 0 and text[first - 1].isalnum() and text[first].isalnum():
            first -= 1
        while last < len(text) and text[last - 1].isalnum() and text[last].isalnum():
            last += 1
        return first, last

    def action_copy_selection(self) -> None:
        """y: copy the keyboard selection (ctrl+c copies a mouse one)."""
        selection = self.selection or self._mouse_selection()
        if selection is None or self.article is None:
            self.notify("Select a passage first: v, then w ) } to extend", timeout=3, markup=False)
            return
        passage = self.article.text.text[selection[0] : selection[1]]
        self.app.copy_to_clipboard(passage)
        self.notify(f"Copied {len(passage):,} characters", timeout=2, markup=False)

    def scroll_to_offset(
        self, canonical: int, margin: int = 3, only_if_hidden: bool = False
    ) -> None:
        if self.layout_result is None:
            return
        body = self.query_one("#article-body", Static)
        line = self.layout_result.line_of(canonical, body.content_region.width)
        top = round(self.scroll_offset.y)
        height = self.scrollable_content_region.height
        if only_if_hidden and top <= line < top + height - 1:
            return
        # A line in sight from the top (above the last row) keeps the title in sight too:
        # scrolled by a line or two, the article seemed to start mid-header.
        in_first_screen = line < height - 1
        self.scroll_to(y=0 if in_first_screen else max(line - margin, 0), animate=False)

    def clear(self) -> None:
        self.article = None
        self.layout_result = None
        self.query_one("#article-body", Static).update(
            Text("Select an article to read it.", style=Style(dim=True))
        )

    def on_resize(self, event: events.Resize) -> None:
        self._mark_steps = 0  # other lines in sight: the mark starts again from the first
        self._redraw()  # list items wrap to the width they are shown at

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # A new theme: the muted colours were worked out on the old background.
        self.call_after_refresh(self._redraw)

    def on_focus(self) -> None:
        self._redraw()

    def on_blur(self) -> None:
        self._redraw()

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit():
            self.link_digits = (self.link_digits + event.character)[-4:]
            self.notify(f"link [{self.link_digits}]: press enter to open", timeout=2, markup=False)
            event.stop()
        elif event.key == "enter" and self.link_digits:
            number = int(self.link_digits)
            self.link_digits = ""
            self.post_message(self.LinkRequested(number))
            event.stop()
        elif event.key == "escape" and self.link_digits:
            self.link_digits = ""
            event.stop()
        elif event.key == "escape" and self.selection_anchor is not None:
            self.selection_anchor = None
            self._redraw()
            event.stop()
