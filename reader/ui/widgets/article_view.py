"""The reading pane: one article's canonical text, typeset, with its header and link list.

The text is laid out as a Rich ``Text`` built block by block from the stored structure
(headings, paragraphs, list items, quotes), so feed text is never parsed as markup. The layout
keeps, for each block, where its canonical offsets land in the displayed text, so figure spans,
search matches and highlights (offsets into the canonical text) can be styled in place.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from reader.models import Article

BODY_WIDTH = 88
# Only measures wrapping (where an offset lands on screen); never prints.
_MEASURING_CONSOLE = Console(width=BODY_WIDTH, color_system=None, file=io.StringIO())


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
        lines = self.text.wrap(_MEASURING_CONSOLE, max(width, 10))
        position = 0
        for number, line in enumerate(lines):
            position_end = position + len(line.plain)
            if display <= position_end:
                return number
            position = position_end + (
                1 if self.text.plain[position_end : position_end + 1] in ("\n", " ") else 0
            )
        return max(len(lines) - 1, 0)


def layout_article(article: Article, spans: tuple[Span, ...] = ()) -> Layout:
    """Typeset an article: header, blocks with their styles, link list; spans styled in place."""
    row = article.row
    text = Text(end="")
    text.append(row.title or "(untitled)", style=Style(bold=True))
    text.append("\n")
    meta = " · ".join(
        part for part in (row.feed_title, _long_date(row.published), row.author) if part
    )
    text.append(meta, style=Style(dim=True))
    if row.link:
        text.append("\n")
        text.append(row.link, style=Style(dim=True, underline=True))
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
        block_map.append((block.start, block.end, len(text.plain)))
        text.append(canonical[block.start : block.end], style=style)
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
        for index, link in enumerate(article.text.links, start=1):
            text.append(f"[{index}] ", style=Style(dim=True))
            text.append(link + "\n", style=Style(underline=True))
    return layout


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


def _long_date(iso: str | None) -> str:
    if not iso:
        return ""
    return iso.replace("T", " ").replace("Z", " UTC")[:20].strip()


class ArticleView(VerticalScroll, can_focus=True):
    """Scrollable reading pane; digits then enter open a numbered link."""

    BINDINGS = [
        Binding("down,j", "scroll_down", "Scroll down", id="reader.down", show=False),
        Binding("up,k", "scroll_up", "Scroll up", id="reader.up", show=False),
        Binding(
            "space,pagedown,ctrl+d", "page_down", "Page down", id="reader.page_down", show=False
        ),
        Binding("pageup,ctrl+u", "page_up", "Page up", id="reader.page_up", show=False),
        Binding("home,g", "scroll_home", "Top", id="reader.top", show=False),
        Binding("end,G", "scroll_end", "Bottom", id="reader.bottom", show=False),
    ]

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

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(
            Text("Select an article to read it.", style=Style(dim=True)),
            id="article-body",
            markup=False,
        )

    def show(
        self, article: Article, spans: tuple[Span, ...] = (), scroll_to: int | None = None
    ) -> None:
        self.article = article
        self.layout_result = layout_article(article, spans)
        self.query_one("#article-body", Static).update(self.layout_result.text)
        self.link_digits = ""
        if scroll_to is None:
            self.scroll_home(animate=False)
        else:
            self.call_after_refresh(self.scroll_to_offset, scroll_to)

    def scroll_to_offset(self, canonical: int) -> None:
        if self.layout_result is None:
            return
        body = self.query_one("#article-body", Static)
        line = self.layout_result.line_of(canonical, body.content_region.width)
        self.scroll_to(y=max(line - 3, 0), animate=False)

    def clear(self) -> None:
        self.article = None
        self.layout_result = None
        self.query_one("#article-body", Static).update(
            Text("Select an article to read it.", style=Style(dim=True))
        )

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
