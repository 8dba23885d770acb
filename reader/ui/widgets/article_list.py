"""The article list: a truly virtual list over a view of the library, filled a page at a time.

Only the rows on screen are rendered (Textual's line API), and rows come from a small cache of
pages loaded from SQLite in a worker; a row not loaded yet shows as a dim placeholder until its
page arrives. So a million articles scroll as smoothly as ten. Feed text is drawn from Rich
``Text`` objects, never parsed as markup.
"""

from __future__ import annotations

import dataclasses
import textwrap
from collections import OrderedDict

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.binding import Binding
from textual.color import Color
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.library import Library
from reader.models import ArticleRow
from reader.store.articles import ArticleFilter
from reader.store.story_list import FoldedRow
from reader.text.dates_shown import UNDATED, short_date
from reader.text.wording import counted
from reader.ui.contrast import component_style
from reader.ui.outlet_names import short_outlet

PAGE_SIZE = 200
MAX_PAGES = 40
FEED_WIDTH = 18
FEED_WIDTH_LEAST = 8  # "Coastli…": still tells three outlets apart
TITLE_ROOM = 24  # the feed column gives way before a headline shows fewer characters than this
DATE_WIDTH = 10  # "12 Nov '24": day and month always, the year when not this one


def _date_shown(row: ArticleRow) -> str:
    """The date column of a row: its short date, or that the feed gave none."""
    return short_date(row.published) or UNDATED


# Beside the reading pane (100-150 columns) one line leaves a headline some 20 characters:
# below this many, each article takes two lines, its headline across the list's whole width
# and under it the date, the feed's whole name and a folded story's "+4 more".
TWO_LINES_BELOW = 28


class ArticleList(ScrollView, can_focus=True):
    """A virtual, keyboard-driven list of the articles in one view."""

    BINDINGS = [
        Binding("down,j", "cursor_down", "Down", id="list.down", show=False),
        Binding("up,k", "cursor_up", "Up", id="list.up", show=False),
        Binding("home,g", "first", "First", id="list.first", show=False),
        Binding("end,G", "last", "Last", id="list.last", show=False),
        Binding(
            "ctrl+d,pagedown", "half_page(1)", "Half page down", id="list.page_down", show=False
        ),
        Binding("ctrl+u,pageup", "half_page(-1)", "Half page up", id="list.page_up", show=False),
        Binding("enter", "open", "Open", id="list.open"),
    ]
    COMPONENT_CLASSES = {
        "article-list--cursor",
        "article-list--unread",
        "article-list--read",
        "article-list--meta",
        "article-list--star",
        "article-list--placeholder",
    }

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    class Highlighted(Message):
        """The cursor moved onto an article."""

        def __init__(self, row: ArticleRow) -> None:
            super().__init__()
            self.row = row

    class Opened(Message):
        """The user asked to open the article under the cursor."""

        def __init__(self, row: ArticleRow) -> None:
            super().__init__()
            self.row = row

    class StoryRequested(Message):
        """The user clicked a folded story's "+4 more": open the story."""

        def __init__(self, row: ArticleRow) -> None:
            super().__init__()
            self.row = row

    class Loaded(Message):
        """A view's size is known and its first page is in."""

        def __init__(self, count: int) -> None:
            super().__init__()
            self.count = count

    @dataclasses.dataclass
    class _PageArrived(Message):
        generation: int
        page: int
        rows: list[ArticleRow]

    @dataclasses.dataclass
    class _ViewSized(Message):
        """A folded view's count, after its first page was shown."""

        generation: int
        count: int
        rows: list[ArticleRow]

    @dataclasses.dataclass
    class _ViewCounted(Message):
        generation: int
        count: int
        rows: list[ArticleRow]
        cursor: int
        reloading: bool = False  # the view shown, read again (its rows still on screen)

    def __init__(self, library: Library, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.library = library
        self.view = ArticleFilter()
        self.count = 0
        self._pages: OrderedDict[int, list[ArticleRow]] = OrderedDict()
        self._pending: set[int] = set()
        self._generation = 0
        self._open_on_load: int | None = None
        self._styles: dict[tuple[str, bool, bool], Style] = {}
        self.empty_hint = ""  # said on the second line while the list has no row

    def _hint_lines(self, width: int) -> list[str]:
        return textwrap.wrap(self.empty_hint, max(width - 3, 10)) if self.empty_hint else []

    def set_empty_hint(self, hint: str) -> None:
        """What an empty list says (the screen sets it for an empty library, "" for none)."""
        if hint != self.empty_hint:
            self.empty_hint = hint
            self.refresh()

    # --- loading ---------------------------------------------------------------------------

    def show_view(self, view: ArticleFilter, select_article: int | None = None) -> None:
        """Switch to another view; the cursor lands on ``select_article`` if it is there."""
        self._count_view(self._begin_view(view), view, select_article)

    def show_view_read(
        self, view: ArticleFilter, count: int, rows: list[ArticleRow], cursor: int
    ) -> None:
        """Switch to a view its caller has read already, in its own worker, cursor at
        ``cursor``. A caller about to change the view (opening the article marks it read,
        which takes it out of an unread view) knows the list shows the view as it read it:
        a count worker of the list's own could read the rows after the change."""
        generation = self._begin_view(view)
        self._show_counted(self._ViewCounted(generation, count, rows, cursor))

    def _begin_view(self, view: ArticleFilter) -> int:
        """Forget the view shown; the new view's generation (older workers' results drop)."""
        self.view = view
        self._generation += 1
        self._pages.clear()
        self._pending.clear()
        return self._generation

    def reload(self) -> None:
        """Re-read the current view, keeping the cursor on the same article if possible.

        The rows shown stay until the view is read again, and when the count and the rows
        around the cursor come back the same, nothing is redrawn or scrolled: reloads follow
        every refresh, import and outside write, and most change nothing in sight."""
        current = self.current_row
        if self.view.fold_stories:  # its first page comes before its count: read it anew
            self.show_view(self.view, current.id if current else None)
            return
        self._generation += 1
        self._pending.clear()
        self._count_view(self._generation, self.view, current.id if current else None, True)

    @work(thread=True, exclusive=True, group="article-count", exit_on_error=False)
    def _count_view(
        self,
        generation: int,
        view: ArticleFilter,
        select: int | None,
        reloading: bool = False,
    ) -> None:
        if view.fold_stories and self._count_folded(generation, view, select):
            return
        count = self.library.count(view)
        cursor = 0
        if select is not None:
            cursor = self.library.position(view, select) or 0
        page = cursor // PAGE_SIZE
        rows = self.library.articles(view, page * PAGE_SIZE, PAGE_SIZE)
        self.post_message(self._ViewCounted(generation, count, rows, cursor, reloading))

    def _count_folded(self, generation: int, view: ArticleFilter, select: int | None) -> bool:
        """A folded view: its first page at once (read from the top of the view), then its
        count, which reads the whole view (seconds at a million articles). False when the
        article to select is not on the first page (it is found the slow way, counted)."""
        rows = self.library.articles(view, 0, PAGE_SIZE)
        cursor = 0
        if select is not None:
            story = self.library.stories.of_articles([select]).get(select)
            found = [
                i
                for i, row in enumerate(rows)
                if row.id == select
                or (story and isinstance(row, FoldedRow) and row.story_id == story[0])
            ]
            if not found:
                return False
            cursor = found[0]
        self.post_message(self._ViewCounted(generation, len(rows), rows, cursor))
        if len(rows) == PAGE_SIZE:  # more may follow: count them
            count = self.library.count(view)
            rows = self.library.articles(view, 0, PAGE_SIZE)
            self.post_message(self._ViewSized(generation, count, rows))
        return True

    def on_article_list__view_sized(self, message: _ViewSized) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        self.count = message.count
        self._pages.clear()  # pages read before the count are read again from it
        self._pending.clear()
        self._pages[0] = message.rows
        self._size_to_rows()
        self.refresh()
        self.post_message(self.Loaded(self.count))

    def on_article_list__view_counted(self, message: _ViewCounted) -> None:
        message.stop()
        if message.generation == self._generation:
            self._show_counted(message)

    def _show_counted(self, message: _ViewCounted) -> None:
        page = message.cursor // PAGE_SIZE
        if message.reloading:
            if self._unchanged(message, page):
                return
            self._pages.clear()
        self.count = message.count
        self._pages[page] = message.rows
        self._size_to_rows()
        self.cursor = min(message.cursor, max(self.count - 1, 0))
        self._scroll_to_cursor(center=True)
        # Again once the new virtual size is laid out: until then the furthest the list can
        # scroll is the old one's (at start, none), and a cursor below the first screen was
        # left out of sight.
        self.call_after_refresh(self._scroll_to_cursor, True)
        self.refresh()
        self.post_message(self.Loaded(self.count))
        row = self.current_row
        if row is not None:
            self.post_message(self.Highlighted(row))

    def _unchanged(self, message: _ViewCounted, page: int) -> bool:
        """Whether a view read again shows what is on screen: the same count, cursor and rows
        on the cursor's page. Then the pages out of sight are let go (read again when
        scrolled to) and those in sight kept, as the cursor's page is."""
        if (
            message.count != self.count
            or message.cursor != self.cursor
            or self._pages.get(page) != message.rows
        ):
            return False
        lines = self.lines_per_row
        top = round(self.scroll_offset.y) // lines
        bottom = (round(self.scroll_offset.y) + self.size.height) // lines
        in_sight = {page, top // PAGE_SIZE, bottom // PAGE_SIZE}
        for other in [p for p in self._pages if p not in in_sight]:
            del self._pages[other]
        return True

    @work(thread=True, group="article-pages", exit_on_error=False)
    def _load_page(self, generation: int, view: ArticleFilter, page: int) -> None:
        rows = self.library.articles(view, page * PAGE_SIZE, PAGE_SIZE)
        self.post_message(self._PageArrived(generation, page, rows))

    def on_article_list__page_arrived(self, message: _PageArrived) -> None:
        message.stop()
        self._pending.discard(message.page)
        if message.generation != self._generation:
            return
        self._pages[message.page] = message.rows
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        self.refresh()
        if self._open_on_load is not None and self._open_on_load // PAGE_SIZE == message.page:
            self._open_on_load = None
            row = self.current_row
            if row is not None:
                self.post_message(self.Highlighted(row))

    def _row(self, index: int) -> ArticleRow | None:
        page = index // PAGE_SIZE
        rows = self._pages.get(page)
        if rows is None:
            if page not in self._pending:
                self._pending.add(page)
                self._load_page(self._generation, self.view, page)
            return None
        self._pages.move_to_end(page)
        offset = index - page * PAGE_SIZE
        return rows[offset] if offset < len(rows) else None

    @property
    def current_row(self) -> ArticleRow | None:
        if not self.count:
            return None
        return self._row(self.cursor)

    def set_flags(
        self, article_id: int, *, read: bool | None = None, starred: bool | None = None
    ) -> ArticleRow | None:
        """Update one article's flags in the cache; return the updated row."""
        for rows in self._pages.values():
            for i, existing in enumerate(rows):
                if existing.id == article_id:
                    changed = dataclasses.replace(
                        existing,
                        read=existing.read if read is None else read,
                        starred=existing.starred if starred is None else starred,
                    )
                    rows[i] = changed
                    self.refresh()
                    return changed
        return None

    # --- moving ----------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        top = self.scroll_offset.y
        self._scroll_to_cursor()
        if self.scroll_offset.y == top:
            # Only the rows the cursor left and reached are drawn again: redrawing every row
            # on screen made each j/k cost the reader some 20 ms of CPU, which a keypress
            # waits for (and more while a page pass or the analysis shares the cores).
            lines = self.lines_per_row
            for index in {old, new}:
                self.refresh_lines(index * lines, lines)
        else:
            self.refresh()
        row = self.current_row
        if row is not None:
            self.post_message(self.Highlighted(row))
        else:
            self._open_on_load = new

    @property
    def lines_per_row(self) -> int:
        """1, or 2 where one line would leave a headline fewer than TWO_LINES_BELOW."""
        width = self.scrollable_content_region.width
        before_title = 3 + DATE_WIDTH + 1
        if self.view.feed_id is None:
            before_title += feed_column_width(width) + 1
        return 2 if width - before_title < TWO_LINES_BELOW else 1

    def _size_to_rows(self) -> None:
        self.virtual_size = Size(self.size.width, self.count * self.lines_per_row)

    def _scroll_to_cursor(self, center: bool = False) -> None:
        height = max(self.scrollable_content_region.height, 1)
        top = round(self.scroll_offset.y)
        lines = self.lines_per_row
        first = self.cursor * lines  # the cursor row's first line
        if center:  # whole rows above it: a row of two lines is never cut at the top
            rows_above = max(height // lines, 1) // 2
            self.scroll_to(y=max(first - rows_above * lines, 0), animate=False, immediate=True)
        elif first < top:
            self.scroll_to(y=first, animate=False, immediate=True)
        elif first + lines > top + height:
            self.scroll_to(y=first + lines - height, animate=False, immediate=True)

    def move_to(self, index: int) -> None:
        if self.count:
            self.cursor = max(0, min(index, self.count - 1))

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(self.count - 1)

    def action_half_page(self, direction: int) -> None:
        step = max(self.scrollable_content_region.height // (2 * self.lines_per_row), 1)
        self.move_to(self.cursor + direction * step)

    def action_open(self) -> None:
        row = self.current_row
        if row is not None:
            self.post_message(self.Opened(row))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        lines = self.lines_per_row
        index, part = divmod(offset.y + round(self.scroll_offset.y), lines)
        if 0 <= index < self.count:
            self.cursor = index
            row = self.current_row
            width = self.scrollable_content_region.width
            if lines == 2:
                suffix = self._meta_line(row, width)[1] if row is not None and part == 1 else ""
            else:
                suffix = self._suffix(row, width) if row is not None else ""
            if row is not None and suffix and offset.x >= width - len(suffix):
                self.post_message(self.StoryRequested(row))  # the dim "+4 more from 3 feeds"
                return
            self.action_open()

    def on_resize(self, event: events.Resize) -> None:
        self._size_to_rows()
        if self.count:  # one line a row or two: the cursor stays in sight (once laid out)
            self.call_after_refresh(self._scroll_to_cursor)

    # --- drawing ---------------------------------------------------------------------------

    def _style(self, name: str, on_cursor: bool = False) -> Style:
        """A component style resolved on the background it is drawn on (the cursor's on the
        cursor row), readable in every theme; computed once per theme and focus state."""
        key = (name, on_cursor, self.has_focus)
        style = self._styles.get(key)
        if style is None:
            on = None
            if on_cursor:
                cursor = component_style(self, "article-list--cursor")
                if cursor.bgcolor is not None:
                    on = Color.from_rich_color(cursor.bgcolor)
            style = component_style(self, name, on)
            self._styles[key] = style
        return style

    def notify_style_update(self) -> None:
        self._styles.clear()
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        lines = self.lines_per_row
        index, part = divmod(y + round(self.scroll_offset.y), lines)
        base = self.rich_style
        if index >= self.count:
            hint = self._hint_lines(width) if not self.count else []
            if 1 <= y <= len(hint):  # an empty library: what to do, from the second line
                return Strip([Segment(f"  {hint[y - 1]}".ljust(width), base)], width)
            return Strip([Segment(" " * width, base)], width)
        row = self._row(index)
        on_cursor = index == self.cursor
        if lines == 1:
            text = self._line_text(row, width, on_cursor)
        elif part == 0:
            text = self._headline_line(row, width, on_cursor)
        else:
            text = self._meta_text(row, width, on_cursor)
        if index == self.cursor:
            text.pad_right(max(width - text.cell_len, 0))
            text.stylize(self._style("article-list--cursor"))
        strip = Strip(text.render(self.app.console), text.cell_len)
        return strip.crop_extend(0, width, base)

    def _suffix(self, row: ArticleRow, width: int) -> str:
        """The folded-story suffix of ``row`` in a line ``width`` wide."""
        before = 3 + DATE_WIDTH + 1
        if self.view.feed_id is None:
            before += feed_column_width(width) + 1
        return folded_suffix(row, width - before)

    def _line_text(self, row: ArticleRow | None, width: int, on_cursor: bool = False) -> Text:
        if row is None:
            placeholder = self._style("article-list--placeholder", on_cursor)
            return Text("  …", style=self.rich_style + placeholder)
        meta = self._style("article-list--meta", on_cursor)
        state = "article-list--read" if row.read else "article-list--unread"
        title_style = self._style(state, on_cursor)
        text = self._marks(row, on_cursor)
        text.append(_date_shown(row).ljust(DATE_WIDTH), style=meta)
        text.append(" ")
        # A one-feed view needs no feed column: its room goes to the titles.
        if self.view.feed_id is None:
            feed_width = feed_column_width(width)
            # "Meridian Courier", not "The Meridian Cour…" (reader.ui.outlet_names)
            text.append(short_outlet(row.feed_title, feed_width).ljust(feed_width), style=meta)
            text.append(" ")
        suffix = self._suffix(row, width)
        if suffix:  # the story's other articles stay in sight: the headline gives way
            title = Text(row.title or "(untitled)", style=title_style, no_wrap=True, end="")
            title.truncate(max(width - text.cell_len - len(suffix), 1), overflow="ellipsis")
            text.append_text(title)
            text.append(suffix, style=meta)
        else:
            text.append(row.title or "(untitled)", style=title_style)
        text.truncate(width, overflow="ellipsis")
        return text

    def _marks(self, row: ArticleRow, on_cursor: bool) -> Text:
        """A row's first three cells: unread (or a folded story's unread) mark, star, space."""
        state = "article-list--read" if row.read else "article-list--unread"
        text = Text(no_wrap=True, overflow="ellipsis", end="", style=self.rich_style)
        mark = "●" if not row.read else " "
        if mark == " " and isinstance(row, FoldedRow) and row.more_unread:
            mark = "○"  # read, but the story's other articles here are not all read
        text.append(mark, style=self._style(state, on_cursor) + Style(bold=False))
        text.append("★" if row.starred else " ", style=self._style("article-list--star", on_cursor))
        text.append(" ")
        return text

    def _headline_line(self, row: ArticleRow | None, width: int, on_cursor: bool) -> Text:
        """A two-line row's first line: its marks and headline, across the whole width."""
        if row is None:
            return self._line_text(row, width, on_cursor)
        headline = self._marks(row, on_cursor)
        state = "article-list--read" if row.read else "article-list--unread"
        headline.append(row.title or "(untitled)", style=self._style(state, on_cursor))
        headline.truncate(width, overflow="ellipsis")
        return headline

    def _meta_line(self, row: ArticleRow, width: int) -> tuple[str, str]:
        """A two-line row's second line: the date and feed, and a folded story's suffix
        (fitted to what the line has left)."""
        date = "   " + _date_shown(row)
        with_feed = self.view.feed_id is None
        # The headline is on the line above: this line's room goes to the story's suffix
        # first ("+20 more from 3 feeds · 20 unread"), the feed's name shortened for it (down
        # to FEED_WIDTH_LEAST), then left out (the story has several), before the suffix
        # loses its words.
        least = len(date) + (3 + FEED_WIDTH_LEAST if with_feed else 0)
        suffix = next(
            (s for s in folded_suffixes(row) if len(date) + len(s) <= width),
            folded_suffix(row, 0),
        )
        meta = date
        if with_feed and least + len(suffix) <= width:
            meta += " · " + short_outlet(
                row.feed_title, max(width - len(date) - 3 - len(suffix), 1)
            )
        if len(meta) + len(suffix) > width:
            meta = _fit(meta, max(width - len(suffix), 1)).rstrip()
        return meta, suffix

    def _meta_text(self, row: ArticleRow | None, width: int, on_cursor: bool) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis", end="", style=self.rich_style)
        if row is not None:
            meta, suffix = self._meta_line(row, width)
            text.append(meta + suffix, style=self._style("article-list--meta", on_cursor))
            text.truncate(width, overflow="ellipsis")
        return text


def folded_suffix(row: ArticleRow, room: int) -> str:
    """What a folded story's row adds after its headline ("" for an article alone, or a list
    not folded): "  +4 more from 3 feeds · 2 unread", shorter where the headline would keep
    fewer than TITLE_ROOM of the ``room`` characters left after the date and feed, down to
    "  +4" (the ○ mark tells of unread ones then)."""
    if not isinstance(row, FoldedRow) or not row.more:
        return ""
    for suffix in folded_suffixes(row):
        if room - len(suffix) >= TITLE_ROOM:
            return suffix
    return f"  +{row.more}"


def folded_suffixes(row: ArticleRow) -> tuple[str, ...]:
    """A folded story's suffixes, the fullest first (none for an article alone)."""
    if not isinstance(row, FoldedRow) or not row.more:
        return ()
    more = f"  +{row.more} more"
    feeds = f" from {counted(row.more_feeds, 'feed')}"
    unread = f" · {row.more_unread} unread" if row.more_unread else ""
    return (more + feeds + unread, more + unread, more + feeds, more)


def feed_column_width(width: int) -> int:
    """The feed column of a row ``width`` wide: full width while the headline keeps its room
    (beside the reading pane at 100-160 columns the list is narrow), never under the least."""
    before_title = 3 + DATE_WIDTH + 1 + 1  # marks and a space, the date, spaces around the feed
    return max(FEED_WIDTH_LEAST, min(FEED_WIDTH, width - before_title - TITLE_ROOM))


def _fit(value: str, width: int) -> str:
    if len(value) > width:
        return value[: width - 1] + "…"
    return value.ljust(width)
