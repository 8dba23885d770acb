"""The main screen: sidebar of views, the virtual article list, and the reading pane.

It adapts to the terminal: from 160 columns all three panes sit side by side; from 100 the
sidebar shows until an article is open, then folds away (``h`` brings it back) so list and
reader share the width and the article reads at a comfortable measure; below that list and
reader take turns. Every database call runs in a thread worker and comes
back as a message; the last view and article are remembered in the library and restored on the
next start.
"""

from __future__ import annotations

import contextlib
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal
from textual.events import DescendantFocus, Resize
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.worker import Worker, WorkerState, get_current_worker

from reader.annotations import CONTEXT_CHARS, Annotation, joined_note
from reader.errors import FeedlensError, LibraryError
from reader.library import Library
from reader.models import Article, ArticleRow, Feed
from reader.note_saver import (
    FIRST_RETRY_SECONDS,
    LONGEST_RETRY_SECONDS,
    NoteSaver,
    UnsavedHighlight,
)
from reader.store.articles import SORTS, ArticleFilter
from reader.text.wording import counted
from reader.ui import fulltext
from reader.ui.feed_manager import FeedManager
from reader.ui.lock_notice import WAITING_MESSAGE, LockWaitChanged, tell_lock_waits
from reader.ui.screens.prompt import ChoiceScreen
from reader.ui.widgets.annotation_pane import (
    AnnotationPane,
    TypedDraft,
    annotation_spans,
    joined_tags,
    parsed_tags,
)
from reader.ui.widgets.article_list import PAGE_SIZE, ArticleList
from reader.ui.widgets.article_view import ArticleView, Span
from reader.ui.widgets.key_bar import KeyBar
from reader.ui.widgets.sidebar import Sidebar
from reader.ui.worker_errors import failure_line

if TYPE_CHECKING:  # the other screens load when first opened, not before the first paint
    from reader.links import Browser
    from reader.refresh import RefreshProgress, RefreshSummary
    from reader.search import SearchHit
    from reader.ui.screens.article_figures import FigureChoice
    from reader.ui.screens.search import SearchChoice

WIDE = 160
MEDIUM = 100
#: What the list says while the library has no feed (the palette's "samples" loads them).
EMPTY_HINT = (
    "No feeds yet: + adds a feed by URL, i imports a file or OPML, "
    "ctrl+p “samples” loads the sample feeds"
)


def feed_health(feed: Feed) -> list[str]:
    """How a followed feed is doing, in words, for the status bar."""
    parts: list[str] = []
    if feed.status == "gone":
        parts.append("gone (410): no longer fetched")
    if feed.last_success:
        parts.append(f"updated {feed.last_success[:16].replace('T', ' ')}")
    if feed.last_error:
        parts.append(f"error ({feed.error_count}×): {feed.last_error}")
    return parts


def _feed_id(view_id: str | None) -> int | None:
    """The feed a sidebar view id names (``feed:12``), or None for any other view."""
    kind, _, value = (view_id or "").partition(":")
    return int(value) if kind == "feed" and value.isdigit() else None


def view_filter(
    view_id: str, unread_only: bool, sort: str, saved: dict[str, str] | None = None
) -> ArticleFilter:
    """The article filter for a sidebar view id."""
    kind, _, value = view_id.partition(":")
    if kind == "search":
        return ArticleFilter(search=(saved or {}).get(value, value), unread_only=unread_only)
    if kind == "feed" and value.isdigit():
        return ArticleFilter(feed_id=int(value), unread_only=unread_only, sort=sort)
    if kind == "tag":
        return ArticleFilter(tag=value, unread_only=unread_only, sort=sort)
    if kind == "unread":
        return ArticleFilter(unread_only=True, sort=sort)
    if kind == "starred":
        return ArticleFilter(starred_only=True, unread_only=unread_only, sort=sort)
    return ArticleFilter(unread_only=unread_only, sort=sort)


@dataclass(frozen=True)
class SearchSteps:
    """The results of the search an article was opened from, and which one is open."""

    query: str
    hits: tuple[SearchHit, ...]
    index: int


@dataclass
class NoteSaveState(Message):
    """Where a note on its way to the library is: saving, saved, or will retry."""

    state: str
    words: str


@dataclass
class SidebarLoaded(Message):
    feeds: list[Feed]
    tags: list[tuple[str, int]]
    totals: tuple[int, int, int]
    saved: list[tuple[str, str]]


@dataclass
class ArticleLoaded(Message):
    article: Article
    scroll_to: int | None = None
    focus: bool = True
    figures: tuple[Span, ...] = ()
    annotations: list[Annotation] = field(default_factory=list)
    # Ids of its orphaned notes that its page, still to come, may place again.
    waiting: frozenset[int] = frozenset()


@dataclass
class AnnotationsLoaded(Message):
    article_id: int
    annotations: list[Annotation]
    select_id: int | None = None
    open_note: bool = False
    created: bool = True  # False: select_id was highlighted already (no twin was stored)
    draft: int | None = None  # the token of the note box opened for select_id (a, not H)


FIGURE_STYLE = Style(underline=True, bold=True)
MATCH_STYLE = Style(bgcolor="yellow4", color="white")


#: What a flag's change the library refused leaves undone, for the error line.
_FLAG_UNDONE = {
    ("read", True): "Not marked read",
    ("read", False): "Not marked unread",
    ("starred", True): "Not starred",
    ("starred", False): "Not unstarred",
}


@dataclass(frozen=True)
class DraftPassage:
    """The passage a note is typed for before its highlight is written: where it is, and its
    words with their context as they read then, so a note kept on quit is placed by them if
    the article's text changes before the next start (reader.note_saver)."""

    article_id: int
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str

    @classmethod
    def of(cls, article_id: int, text: str, start: int, end: int) -> DraftPassage:
        return cls(
            article_id,
            start,
            end,
            text[start:end],
            text[max(0, start - CONTEXT_CHARS) : start],
            text[end : end + CONTEXT_CHARS],
        )

    def unsaved(self, note: str, tags: tuple[str, ...]) -> UnsavedHighlight:
        return UnsavedHighlight(
            self.article_id,
            self.start,
            self.end,
            note,
            tags,
            quote=self.quote,
            prefix=self.prefix,
            suffix=self.suffix,
        )


def _sleep_unless_cancelled(worker: Worker[Any], seconds: float) -> bool:
    """Sleep in short slices; False as soon as the worker is cancelled (the reader quits)."""
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        if worker.is_cancelled:
            return False
        time.sleep(min(0.1, until - time.monotonic()))
    return not worker.is_cancelled


class LibraryScreen(Screen[None]):
    """Sidebar, article list and reading pane."""

    BINDINGS = [
        Binding("n", "step(1)", "Next article", id="article.next", show=False),
        # The footer shows the keys a newcomer needs first (it has 80 columns); ? shows all.
        Binding("p", "step(-1)", "Previous article", id="article.previous", show=False),
        Binding("m", "toggle_read", "Mark read / unread", id="article.toggle_read", show=False),
        Binding("s", "toggle_star", "Star / unstar", id="article.toggle_star", show=False),
        Binding("u", "toggle_unread_only", "Unread only", id="view.unread_only", show=False),
        Binding("z", "toggle_fold_stories", "Fold stories", id="view.fold_stories", show=False),
        Binding("Z", "open_story", "This article's story", id="story.open", show=False),
        Binding(
            "o", "open_in_browser", "Open in browser", id="article.open_in_browser", show=False
        ),
        Binding("Y", "copy_link", "Copy link", id="article.copy_link", show=False),
        Binding("slash", "search", "Search", id="search.open"),
        Binding("J", "go_to_feed", "Go to a feed (by name)", id="feed.go_to", show=False),
        Binding("U", "next_unread", "Next unread article", id="article.next_unread", show=False),
        # The highlighted feed in the sidebar, or the feed of the article under the cursor.
        Binding("r", "refresh_feed", "Refresh", id="feed.refresh"),
        Binding("R", "refresh_all", "Refresh all", id="feed.refresh_all", show=False),
        Binding("M", "mark_feed_read", "Mark feed read", id="feed.mark_read", show=False),
        Binding("N", "app.all_annotations", "All notes", id="annotations.all", show=False),
        # In the key bar only while the library has no feed (check_action), and the hint in
        # the empty list names them too; the hidden twins answer the keys otherwise.
        Binding("plus", "add_first", "Add feed", id="feed.add"),
        Binding("i", "import_first", "Import", id="feed.import"),
        Binding("plus", "app.add_feed", "Add feed", id="feed.add", show=False),
        Binding("i", "app.import_file", "Import file", id="feed.import", show=False),
        Binding("F", "figures", "Figures", id="figure.list"),
        Binding("S", "stories", "Stories", id="story.list"),
        Binding("A", "toggle_annotations", "Notes", id="annotations.toggle"),
        Binding("f", "article_figures", "Article figures", id="figure.article", show=False),
        # Shown when the open article's page replaced its text (check_action); the hidden one
        # answers t on any other article (it says the text is the feed's own, and why).
        Binding("t", "toggle_feed_text(True)", "Feed text", id="article.feed_text"),
        Binding("t", "toggle_feed_text", "Feed text", id="article.feed_text", show=False),
        # The reading pane's own a and H, from the list too: a newcomer opens an article with
        # enter and reaches for a note before moving to the pane (the same ids, so a remap
        # of them moves both).
        Binding("a", "in_article('annotate')", "Annotate", id="reader.annotate", show=False),
        Binding(
            "H",
            "in_article('highlight_sentence')",
            "Highlight the marked sentence",
            id="reader.highlight",
            show=False,
        ),
        Binding("h,left", "pane(-1)", "Left pane", id="pane.left", show=False),
        Binding("l,right", "pane(1)", "Right pane", id="pane.right", show=False),
        Binding("tab", "cycle_pane(1)", "Next pane", id="pane.next", show=False),
        Binding("shift+tab", "cycle_pane(-1)", "Previous pane", id="pane.previous", show=False),
        Binding("escape", "back", "Back", id="pane.back", show=False),
        Binding("q", "app.back_or_quit", "Quit", id="app.back"),  # the app's q, named "Quit" here
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.view_id = "all"
        self.unread_only = False
        self.sort = "newest"
        self.fold_stories = False  # one row per story (z); remembered like the sort
        self.opened: ArticleRow | None = None
        # The screens an article opened from a story was chosen on (open_article), to go back.
        self.way_back: tuple[Callable[[], Screen[Any]], ...] = ()
        self.page_text_open = False  # the open article's text is its page's (t: the feed's)
        self.saved: dict[str, str] = {}
        self.feeds: dict[int, Feed] = {}
        self.progress = ""  # background work (refresh, import) told in the status bar
        self.analysis = ""  # the analysis stage's progress ("analysing 3,120 of 10,000")
        self.lock_waits = 0  # writes waiting for another program's lock (reader.ui.lock_notice)
        self.lock_wait_message = WAITING_MESSAGE  # what the last wait said (who may hold it)
        self.base_spans: tuple[Span, ...] = ()
        self._status_line: str | None = None  # what the status bar says now
        self._sidebar_timer: Timer | None = None
        self.annotation_list: list[Annotation] = []
        # Notes and tags typed in the pane, kept and retried until they are in the library.
        self.notes = NoteSaver(library, on_state=self._note_state_from_saver)
        # Notes typed after a whose article was left before the highlight was written, by
        # draft token: each goes to the NoteSaver when its highlight comes.
        self.waiting_drafts: dict[int, TypedDraft] = {}
        # Where each draft's highlight goes (article, start, end), until the highlight comes:
        # on quit before then, the note is kept with its passage (note_saver.UnsavedHighlight).
        self._draft_passages: dict[int, DraftPassage] = {}
        self._draft_tokens = itertools.count(1)
        # The article whose note opened the notes pane (a, or a note's highlight): the pane
        # closes when another article opens. Opened with A, the pane stays (None): a newcomer
        # found the pane a note had opened still open on every later article.
        self._pane_opened_for: int | None = None
        self.feed_manager = FeedManager(self)
        self.library_empty = False  # no feed at all (the sidebar's last count said)
        self.last_query = ""  # / opens with it
        # The results of the search an article was opened from: n and p step through them
        # until another view is chosen or an article is opened from the list.
        self.search_steps: SearchSteps | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            yield Sidebar(id="sidebar")
            yield ArticleList(self.library, id="articles")
            yield ArticleView(id="reader")
            yield AnnotationPane(id="annotations")
        yield Static("", id="status", markup=False)
        yield KeyBar()  # Textual's footer, keeping ? Help in sight at 80 columns

    # Found once (the screen composes them once): a query walks the screen's widgets, and
    # these are asked for on every keypress.
    @cached_property
    def sidebar(self) -> Sidebar:
        return self.query_one(Sidebar)

    @cached_property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    @cached_property
    def reader(self) -> ArticleView:
        return self.query_one(ArticleView)

    def on_mount(self) -> None:
        self._apply_width(self.app.size.width)
        self.article_list.focus()
        self._stop_lock_notice = tell_lock_waits(self.library, self)
        self.restore()

    def on_unmount(self) -> None:
        self._stop_lock_notice()

    def on_lock_wait_changed(self, message: LockWaitChanged) -> None:
        """A write waits for another program's lock: said first in the status bar (and in a
        notice over another screen), gone when the write goes through or gives up."""
        self.lock_waits = max(0, self.lock_waits + (1 if message.waiting else -1))
        if message.waiting:
            self.lock_wait_message = message.message
        if message.waiting and self.app.screen is not self:
            self.app.notify(message.message, timeout=3, markup=False)
        self._update_status()

    # --- start-up and refreshing -----------------------------------------------------------

    @work(thread=True, exclusive=True, group="restore", exit_on_error=False)
    def restore(self) -> None:
        """Bring back the last view and article, then fill the sidebar."""
        view = self.library.remembered("view")
        article = self.library.remembered("article")
        unread_only = self.library.remembered("unread_only")
        sort = self.library.remembered("sort")
        self.fold_stories = self.library.remembered("fold_stories") is True
        view = view if isinstance(view, str) else "all"
        sort = sort if isinstance(sort, str) and sort in SORTS else "newest"
        article = article if isinstance(article, int) else None
        if article is not None and (
            self.library.position(view_filter(view, bool(unread_only), sort), article) is None
        ):
            article = None  # no longer in the view: the reader opens with the list's cursor
        self.app.call_from_thread(self._restored, view, article, bool(unread_only), sort)

    def _restored(self, view: str, article: int | None, unread_only: bool, sort: str) -> None:
        self.view_id, self.unread_only, self.sort = view, unread_only, sort
        self.show_view(select_article=article, remember=False)
        self.refresh_sidebar()
        if article is not None:
            self.load_article(article, mark_read=False)

    def schedule_sidebar_refresh(self) -> None:
        """Recount soon, once: reading article after article must not recount each time."""
        if self._sidebar_timer is not None:
            self._sidebar_timer.stop()
        self._sidebar_timer = self.set_timer(0.8, self.refresh_sidebar)

    @work(thread=True, exclusive=True, group="sidebar", exit_on_error=False)
    def refresh_sidebar(self) -> None:
        feeds = self.library.feeds()
        tags = self.library.tags(feeds)  # counted once, not twice
        summary = self.library.summary()
        self.post_message(
            SidebarLoaded(
                feeds,
                tags,
                (summary.articles, summary.unread, summary.starred),
                self.library.saved_searches(),
            )
        )

    def on_sidebar_loaded(self, message: SidebarLoaded) -> None:
        self.saved = dict(message.saved)
        self.feeds = {feed.id: feed for feed in message.feeds}
        empty = not message.feeds
        if empty != self.library_empty:
            self.library_empty = empty
            self.refresh_bindings()  # + and i in the key bar while there is no feed
        self.article_list.set_empty_hint(EMPTY_HINT if empty else "")
        self.sidebar.fill(
            message.feeds,
            message.tags,
            message.totals,
            [name for name, _ in message.saved],
            # While the user moves in the sidebar, a recount keeps their place there.
            selected=self.sidebar.selected_view if self.sidebar.has_focus else self.view_id,
        )
        self._update_status()

    def reload_all(self) -> None:
        """After an import or refresh: new counts, and the list re-read in place."""
        self.refresh_sidebar()
        self.article_list.reload()

    # --- views -----------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#sidebar")
    def _view_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == "stories":  # not a view of articles: its own screen
            self.action_stories()
            return
        if event.option.id:
            self.way_back = ()
            self.search_steps = None
            self.view_id = event.option.id
            self.show_view()
            self.article_list.focus()
            self.remove_class("-show-sidebar")

    def show_view(self, select_article: int | None = None, remember: bool = True) -> None:
        self.article_list.show_view(self._filter(self.view_id, self.unread_only), select_article)
        self._update_status()
        if remember:
            self._remember(
                ("view", self.view_id),
                ("unread_only", self.unread_only),
                ("sort", self.sort),
                ("fold_stories", self.fold_stories),
            )

    def _filter(self, view_id: str, unread_only: bool) -> ArticleFilter:
        """The list's filter for a view, folded to one row per story when that is on."""
        view = view_filter(view_id, unread_only, self.sort, self.saved)
        return replace(view, fold_stories=self.fold_stories)

    @work(thread=True, group="remember", exit_on_error=False)
    def _remember(self, *pairs: tuple[str, object]) -> None:
        for key, value in pairs:
            self.library.remember(key, value)

    def set_sort(self, sort: str) -> None:
        self.sort = sort
        self.show_view()

    def set_view(self, view_id: str) -> None:
        self.search_steps = None
        self.view_id = view_id
        self.sidebar.select_view(view_id)
        self.show_view()

    def action_toggle_unread_only(self) -> None:
        self.unread_only = not self.unread_only
        self.show_view()
        self.notify(
            "Showing unread only" if self.unread_only else "Showing all articles",
            timeout=2,
            markup=False,
        )

    def action_toggle_fold_stories(self) -> None:
        """z: one row per story (its newest article, "+4 more from 3 feeds"), or every article."""
        self.fold_stories = not self.fold_stories
        current = self.article_list.current_row or self.opened
        self.show_view(select_article=current.id if current else None)
        self.notify(
            "Stories folded: one row each (Z opens a row's story)"
            if self.fold_stories
            else "Every article on its own row",
            timeout=2,
            markup=False,
        )

    def action_in_article(self, action: str) -> None:
        """a or H pressed outside the reading pane: move to the open article and do it
        there, or say how to open one."""
        if self.reader.article is None:
            self.notify("Open an article first (enter)", timeout=2, markup=False)
            return
        self.reader.focus()
        getattr(self.reader, f"action_{action}")()

    def action_open_story(self) -> None:
        """Z: the story of the article under the cursor (of the open one from the reader)."""
        row = self._target()
        if row is None:
            self.notify("No article here", timeout=2, markup=False)
            return
        self._open_story_of(row)

    def on_article_list_story_requested(self, message: ArticleList.StoryRequested) -> None:
        self._open_story_of(message.row)

    @work(thread=True, group="open-story", exit_on_error=False)
    def _open_story_of(self, row: ArticleRow) -> None:
        story = self.library.stories.of_articles([row.id]).get(row.id)
        if story is None:
            self.app.call_from_thread(
                self.notify,
                "This article is not in a story yet: the analysis has still to read it",
                timeout=3,
                markup=False,
            )
            return
        self.app.call_from_thread(self._push_story, story[0])

    def _push_story(self, story_id: int) -> None:
        from reader.ui.screens.story import StoryScreen

        self.app.push_screen(StoryScreen(self.library, story_id))

    def _view_label(self) -> str:
        option_id = self.view_id
        if option_id.startswith(("feed:", "tag:", "search:")):
            try:
                prompt = self.sidebar.get_option(option_id).prompt
                return str(prompt.plain if isinstance(prompt, Text) else prompt).split("  ")[0]
            except Exception:
                return option_id
        return {"all": "≡ All articles", "unread": "● Unread", "starred": "★ Starred"}.get(
            option_id, option_id
        )

    def _update_status(self) -> None:
        parts = [self._view_label(), counted(self.article_list.count, "article")]
        if self.lock_waits:
            parts.insert(0, self.lock_wait_message)
        if self.fold_stories:  # rows are stories and lone articles, not articles
            parts[1] = f"{counted(self.article_list.count, 'row')}, stories folded"
        if self.unread_only and self.view_id != "unread":
            parts.append("unread only")
        if self.sort != "newest":
            parts.append(f"sorted by {self.sort}")
        if self.view_id.startswith("feed:") and self.view_id[5:].isdigit():
            feed = self.feeds.get(int(self.view_id[5:]))
            if feed is not None:
                parts.extend(feed_health(feed))
        if self.search_steps is not None:
            steps = self.search_steps
            parts.append(f"result {steps.index + 1} of {len(steps.hits)} for “{steps.query}” (n/p)")
        if self.progress:
            parts.append(self.progress)
        if self.analysis:
            parts.append(self.analysis)
        if self.has_class("-narrow"):
            parts.append(self._pane_hint())
        elif self._sidebar_folded():
            parts.append("h: feeds and views")
        line = " · ".join(parts)
        if line == self._status_line:
            return  # progress told again in the same words: no repaint for a key to wait on
        self._status_line = line
        text = Text(line, style=Style(dim=True), no_wrap=True, overflow="ellipsis")
        # One line across the screen whatever it says: no layout pass (a few ms of the
        # interface's time each, several times a second while a pass or the analysis runs).
        self.query_one("#status", Static).update(text, layout=False)

    def _pane_hint(self) -> str:
        """At this width one pane shows at a time: where h and l lead from the focused one."""
        if self.sidebar.has_focus:
            return "enter opens a view · l: the articles"
        if self.reader.has_focus:
            return "h: back to the list"
        return "h: feeds and views"

    def _sidebar_folded(self) -> bool:
        """At medium widths with an article open the sidebar is folded away until h."""
        return (
            self.has_class("-medium")
            and self.has_class("-article-open")
            and not self.has_class("-show-sidebar")
        )

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        if self.has_class("-medium") and not self.sidebar.has_focus:
            # The folded sidebar, brought back by h, folds again when the focus leaves it
            # (a click on the list or the article as well as l).
            self.remove_class("-show-sidebar")
        if self.has_class("-narrow") or self.has_class("-medium"):
            self._update_status()  # the pane hint follows the focus

    # --- articles --------------------------------------------------------------------------

    def on_article_list_loaded(self, message: ArticleList.Loaded) -> None:
        self._update_status()

    def on_article_list_opened(self, message: ArticleList.Opened) -> None:
        self.way_back = ()  # reading on from the list: q quits, esc moves between panes
        self._end_search_steps()
        self.load_article(message.row.id)

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def load_article(
        self,
        article_id: int,
        mark_read: bool = True,
        scroll_to: int | None = None,
        highlight: str = "",
    ) -> None:
        try:
            article = self.library.article(article_id)
        except FeedlensError as error:
            self.app.call_from_thread(self.notify, error.message, severity="warning", markup=False)
            return
        # Shown first, marked read after: another process holding the write lock must not keep
        # the article from opening (marking it read then waits, and says so if it fails).
        unread = mark_read and not article.row.read and not self.library.read_only
        if unread:
            article = replace(article, row=replace(article.row, read=True))
        page = self.library.page_state(article_id)  # where its text came from, for the header
        article = replace(article, text_source=page.text_source, page_error=page.page_error)
        matches: list[tuple[int, int]] = []
        if highlight:
            from reader.search import match_spans  # the search module loads with a search

            matches = match_spans(article.text.text, highlight)
        from reader.figures.titles import in_body  # a headline's figure is no body offset

        spans = tuple(
            Span(f.mention.start, f.mention.end, FIGURE_STYLE)
            for f in self.library.article_figures(article_id)
            if not f.mention.vague and in_body(f.mention)
        ) + tuple(Span(start, end, MATCH_STYLE) for start, end in matches)
        annotations = self.library.annotations(article_id)
        waiting = (
            self.library.notes_waiting_for_page(article_id)
            if any(a.status == "orphaned" for a in annotations)
            else frozenset()
        )
        self.post_message(
            ArticleLoaded(
                article,
                scroll_to,
                focus=mark_read,
                figures=spans,
                annotations=annotations,
                waiting=waiting,
            )
        )
        if self.library.read_only:
            return  # said once at start: not each article opened
        if unread:
            try:
                self.library.mark_read([article_id])
            except FeedlensError as error:
                # The list showed it read as it opened; the library did not take it, so the
                # row shows unread again (as the library holds it) and m marks it later.
                self.app.call_from_thread(self._show_flag, article.row, "read", False)
                self.app.call_from_thread(
                    self.notify,
                    f"Not marked read: {error.message}",
                    severity="warning",
                    markup=False,
                )
                return
        # Where the reader was is a convenience for the next start, not the user's data.
        with contextlib.suppress(FeedlensError):
            self.library.remember("article", article_id)

    def on_article_loaded(self, message: ArticleLoaded) -> None:
        article = message.article
        another_article = self.opened is None or self.opened.id != article.row.id
        self.opened = article.row
        if not self.has_class("-article-open"):
            self.add_class("-article-open")  # at medium widths the sidebar gives the reader room
            self._update_status()  # which says h brings it back
        self.page_text_open = article.text_source == "page"
        self.refresh_bindings()  # t shows in the key bar on an article its page replaced
        self.base_spans = message.figures
        self.annotation_list = self.notes.overlay(message.annotations)
        self.reader.show(
            article,
            message.figures + annotation_spans(self.annotation_list),
            scroll_to=message.scroll_to,
        )
        pane = self.query_one(AnnotationPane)
        pane.waiting = message.waiting
        if pane.drafting and pane.draft_article_id != article.row.id:
            self._keep_draft(pane.detach_draft())
        if self._pane_opened_for not in (None, article.row.id):
            self._close_note_pane()
        if another_article:
            pane.forget_saved()  # "saved" was said of the last article's note, not this one's
        if self.has_class("-annotating"):
            pane.show(self.annotation_list)  # a reload of the same article keeps its draft
        self.article_list.set_flags(article.row.id, read=article.row.read)
        if message.focus and self.has_class("-narrow"):
            self.add_class("-reading")
            self.reader.focus()
        self.schedule_sidebar_refresh()

    def _target(self) -> ArticleRow | None:
        """The article a command acts on: the open one in the reader, else the list cursor."""
        if self.reader.has_focus and self.opened is not None:
            return self.opened
        return self.article_list.current_row or self.opened

    def action_step(self, step: int) -> None:
        if self.search_steps is not None:
            self._step_search(step)
            return
        articles = self.article_list
        if (
            self.opened is not None
            and articles.current_row is not None
            and (articles.current_row.id != self.opened.id)
        ):
            articles.move_to(articles.cursor)
        else:
            articles.move_to(articles.cursor + step)
        row = articles.current_row
        if row is not None:
            self.load_article(row.id)

    def _step_search(self, step: int) -> None:
        """n/p after a search: the next or previous result, in the results' order."""
        steps = self.search_steps
        assert steps is not None
        index = steps.index + step
        if not 0 <= index < len(steps.hits):
            which = "last" if step > 0 else "first"
            self.notify(
                f"That was the {which} result (/ shows them again)", timeout=2, markup=False
            )
            return
        self.search_steps = replace(steps, index=index)
        hit = steps.hits[index]
        self._update_status()
        self._open_found(hit.article_id, hit.first_match, steps.query)

    def _end_search_steps(self) -> None:
        """Another view chosen, or an article opened from the list: n/p step the list again."""
        if self.search_steps is not None:
            self.search_steps = None
            self._update_status()

    def action_go_to_feed(self) -> None:
        """J: a feed by a few letters of its name (the sidebar may list hundreds)."""
        if not self.feeds:
            self.notify("No feeds yet (+ adds one)", timeout=2, markup=False)
            return
        from reader.ui.screens.feed_picker import FeedPickerScreen

        self.app.push_screen(FeedPickerScreen(list(self.feeds.values())), self._feed_picked)

    def _feed_picked(self, feed_id: int | None) -> None:
        if feed_id is not None:
            self.set_view(f"feed:{feed_id}")
            self.remove_class("-show-sidebar")
            self.article_list.focus()

    def action_next_unread(self) -> None:
        """U: the next unread article after the cursor in this view, opened."""
        self._find_next_unread(self.article_list.view, self.article_list.cursor)

    @work(thread=True, exclusive=True, group="next-unread", exit_on_error=False)
    def _find_next_unread(self, view: ArticleFilter, cursor: int) -> None:
        offset = cursor + 1
        while True:
            rows = self.library.articles(view, offset, PAGE_SIZE)
            for index, row in enumerate(rows):
                if not row.read:
                    self.app.call_from_thread(self._open_unread, offset + index, row.id)
                    return
            if len(rows) < PAGE_SIZE:
                break
            offset += PAGE_SIZE
        self.app.call_from_thread(
            self.notify,
            "No unread article after this one in this view (● Unread lists them all)",
            timeout=3,
            markup=False,
        )

    def _open_unread(self, index: int, article_id: int) -> None:
        self._end_search_steps()
        self.article_list.move_to(index)
        self.load_article(article_id)

    def action_toggle_read(self) -> None:
        row = self._target()
        if row is not None:
            self._set_flag(row, "read", not row.read)

    def action_toggle_star(self) -> None:
        row = self._target()
        if row is not None:
            self._set_flag(row, "starred", not row.starred)

    def _set_flag(self, row: ArticleRow, flag: str, value: bool) -> None:
        self._show_flag(row, flag, value)
        self._write_flag(row, flag, value)

    def _show_flag(self, row: ArticleRow, flag: str, value: bool) -> None:
        """Show a flag on the article's row (and the open article) before it is written, or
        again after the library refused it."""
        read = value if flag == "read" else None
        starred = value if flag == "starred" else None
        changed = self.article_list.set_flags(row.id, read=read, starred=starred)
        if changed is None:  # its row is out of the list's pages
            changed = replace(row, read=value) if flag == "read" else replace(row, starred=value)
        if self.opened is not None and self.opened.id == row.id:
            self.opened = changed

    @work(thread=True, group="flags", exit_on_error=False)
    def _write_flag(self, row: ArticleRow, flag: str, value: bool) -> None:
        try:
            if flag == "read":
                self.library.mark_read([row.id], value)
            else:
                self.library.star([row.id], value)
        except FeedlensError as error:
            # The row showed the change at once; the library did not take it, so the row
            # goes back to what the library holds, and the line says what was not done.
            self.app.call_from_thread(self._show_flag, row, flag, not value)
            undone = _FLAG_UNDONE[(flag, value)]
            self.app.call_from_thread(
                self.notify, f"{undone}: {error.message}", severity="error", markup=False
            )
            return
        self.app.call_from_thread(self.schedule_sidebar_refresh)

    def action_open_in_browser(self) -> None:
        row = self._target()
        if row is None or not row.link:
            self.notify("This article has no link", severity="warning", markup=False)
            return
        self.open_url(row.link)

    def action_copy_link(self) -> None:
        row = self._target()
        if row is None or not row.link:
            self.notify("This article has no link", severity="warning", markup=False)
            return
        self.app.copy_to_clipboard(row.link)
        self.notify(f"Copied {row.link}", timeout=2, markup=False)

    def open_url(self, url: str) -> None:
        from reader.links import openable_link

        link = openable_link(url)
        if link is None:
            self.notify(
                "Only web links and plain mail links are opened", severity="warning", markup=False
            )
            return
        self._open_url(link)

    @work(thread=True, group="browser", exit_on_error=False)
    def _open_url(self, url: str) -> None:
        from reader.links import browser_for

        browser = browser_for()  # looks for browsers on disk: not on the UI thread
        if browser is None:
            self.app.call_from_thread(self._copy_link, url, "No browser here")
            return
        if browser.on_terminal:
            self.app.call_from_thread(self._open_on_terminal, browser, url)
            return
        # webbrowser runs the browser from an argument list, never through a shell.
        if not browser.open(url):
            self.app.call_from_thread(self._copy_link, url, "No browser could open it")

    def _open_on_terminal(self, browser: Browser, url: str) -> None:
        """A console browser gets the terminal to itself: the reader steps aside until it
        ends, so the two never draw at once or split the keys."""
        try:
            with self.app.suspend():
                opened = browser.open(url)
        except SuspendNotSupported:
            self._copy_link(url, "The reader cannot step aside for a console browser here")
            return
        if not opened:
            self._copy_link(url, "The browser could not open it")

    def _copy_link(self, url: str, why: str) -> None:
        self.app.copy_to_clipboard(url)
        # OSC 52: most terminals put it on the clipboard; the link is shown either way.
        self.notify(
            f"{why}; the link, copied to the clipboard if the terminal allows: {url}",
            markup=False,
            timeout=8,
        )

    def on_article_view_link_requested(self, message: ArticleView.LinkRequested) -> None:
        article = self.reader.article
        if article is None:
            return
        links = article.text.links
        if 1 <= message.number <= len(links):
            self.open_url(links[message.number - 1])
        else:
            self.notify(
                f"No link [{message.number}] in this article", severity="warning", markup=False
            )

    # --- annotations -------------------------------------------------------------------------

    def action_toggle_annotations(self) -> None:
        pane = self.query_one(AnnotationPane)
        if self.has_class("-annotating"):
            self._close_note_pane()
            self.reader.focus()
            return
        self._pane_opened_for = None  # the user's own choice: it stays open across articles
        self.add_class("-annotating")
        pane.show(self.annotation_list)
        pane.query_one("#annotation-list").focus()

    def _close_note_pane(self) -> None:
        self.query_one(AnnotationPane).flush()
        self.remove_class("-annotating")
        self._pane_opened_for = None

    def _open_note_pane_for(self, article_id: int) -> None:
        """Show the notes pane for a note being written on ``article_id``; opened so (not
        with A), it closes when another article opens."""
        if not self.has_class("-annotating"):
            self._pane_opened_for = article_id
        self.add_class("-annotating")

    def on_article_view_annotate_requested(self, message: ArticleView.AnnotateRequested) -> None:
        if message.view is not self.reader or self.reader.article is None:
            return
        article_id = self.reader.article.row.id
        draft = None
        if message.open_note:
            # The note box opens now, not when the highlight is written: keys typed meanwhile
            # are the note, never commands.
            draft = next(self._draft_tokens)
            self._draft_passages[draft] = DraftPassage.of(
                article_id, self.reader.article.text.text, message.start, message.end
            )
            self._open_note_pane_for(article_id)
            self.query_one(AnnotationPane).open_draft(draft, article_id)
        self._create_annotation(article_id, message.start, message.end, message.open_note, draft)

    @work(thread=True, group="annotations", exit_on_error=False)
    def _create_annotation(
        self, article_id: int, start: int, end: int, open_note: bool, draft: int | None
    ) -> None:
        written = self._highlight_patiently(article_id, start, end)
        if written is None:
            return  # quitting: a note typed for it goes to the recovery file with its passage
        highlight, created = written
        self.post_message(
            AnnotationsLoaded(
                article_id,
                self.library.annotations(article_id),
                highlight.id,
                open_note,
                created,
                draft,
            )
        )

    def _highlight_patiently(
        self, article_id: int, start: int, end: int
    ) -> tuple[Annotation, bool] | None:
        """Write a highlight, retrying with back-off while the library cannot take it (another
        program holds the write lock past the busy timeout, a full disk): the note typed for
        it is saved as soon as it can be, not only at quit. None when the reader quits
        first."""
        worker = get_current_worker()
        delay = FIRST_RETRY_SECONDS
        retried = False
        while True:
            try:
                written = self.library.highlight(article_id, start, end)
                if retried:  # the yellow "not saved yet" must not outlive the wait
                    self.post_message(NoteSaveState("saved", "highlight saved"))
                return written
            except LibraryError as error:
                if self.library.read_only:
                    raise
                retried = True
                self.post_message(
                    NoteSaveState(
                        "retry", f"highlight not saved yet, will retry in {delay:.0f} s ({error})"
                    )
                )
            if not _sleep_unless_cancelled(worker, delay):
                return None
            delay = min(LONGEST_RETRY_SECONDS, delay * 2)

    def _keep_draft(self, draft: TypedDraft | None) -> None:
        """The article a note was typed on was left before its highlight came: the note waits
        for the highlight and is saved with it (a note typed is never dropped)."""
        if draft is None or not draft.typed:
            return
        self.waiting_drafts[draft.token] = draft
        self.notify(
            "Your note stays with its highlight in the article you left (A there shows it)",
            timeout=4,
            markup=False,
        )

    def _save_waiting_draft(self, draft: TypedDraft, message: AnnotationsLoaded) -> None:
        annotation = next((a for a in message.annotations if a.id == message.select_id), None)
        if annotation is None:
            return
        self.notes.submit(
            annotation.id,
            note=joined_note(annotation.note, draft.note),
            tags=parsed_tags(joined_tags(annotation.tags, draft.tags)),
        )

    def on_annotations_loaded(self, message: AnnotationsLoaded) -> None:
        self._draft_passages.pop(message.draft or 0, None)
        waiting = self.waiting_drafts.pop(message.draft, None) if message.draft else None
        if waiting is not None:
            self._save_waiting_draft(waiting, message)
        if self.reader.article is None or self.reader.article.row.id != message.article_id:
            return
        self.annotation_list = self.notes.overlay(message.annotations)
        self.reader.set_spans(self.base_spans + annotation_spans(self.annotation_list))
        pane = self.query_one(AnnotationPane)
        if message.open_note:
            self._open_note_pane_for(message.article_id)
        if self.has_class("-annotating"):
            pane.show(self.annotation_list, message.select_id, message.draft)
            if message.open_note:
                pane.focus_note()
        elif message.select_id is not None and not message.created:
            self.notify(
                "Already highlighted (A shows your highlights and notes)", timeout=2, markup=False
            )
        elif message.select_id is not None:
            self.notify("Highlighted (A shows your highlights and notes)", timeout=2, markup=False)

    def on_annotation_pane_note_edited(self, message: AnnotationPane.NoteEdited) -> None:
        self.notes.submit(message.annotation_id, note=message.note)
        self.annotation_list = self.notes.overlay(self.annotation_list)

    def on_annotation_pane_tags_edited(self, message: AnnotationPane.TagsEdited) -> None:
        self.notes.submit(message.annotation_id, tags=message.tags)
        self.annotation_list = self.notes.overlay(self.annotation_list)

    def has_unsaved_notes(self) -> bool:
        """Whether a note is not in the library yet (what the pane holds is handed over)."""
        return bool(self.hand_over_notes()) or self.notes.has_pending

    def hand_over_notes(self) -> list[UnsavedHighlight]:
        """Hand the note the pane holds to the saver; the notes typed for highlights not
        written yet (quitting waits for them, then keeps them with their passages)."""
        pane = self.query_one(AnnotationPane)
        pending = pane.take_pending()
        if pending is not None:
            annotation_id, note, tags = pending
            self.notes.submit(annotation_id, note=note, tags=tags)
        drafts = list(self.waiting_drafts.values())
        if pane.drafting:
            drafts.append(pane.typed_draft())
        return [
            self._draft_passages[d.token].unsaved(d.note, tuple(parsed_tags(d.tags)))
            for d in drafts
            if d.typed and d.token in self._draft_passages
        ]

    def _note_state_from_saver(self, state: str, words: str) -> None:
        # post_message is safe from another thread and never waits for the UI (the saver
        # must not stall while the reader waits for it on quit).
        self.post_message(NoteSaveState(state, words))

    def on_note_save_state(self, message: NoteSaveState) -> None:
        self.query_one(AnnotationPane).set_save_status(message.state, message.words)
        if message.state == "retry" and not self.has_class("-annotating"):
            self.notify(f"Note {message.words}", severity="warning", markup=False, timeout=4)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed job of this screen becomes one line (Worker.StateChanged does not bubble:
        unhandled here, opening an article or a refresh would fail without a word)."""
        if event.state != WorkerState.ERROR:
            return
        if self.progress:
            self.show_progress("")  # "refreshing…" must not stay for ever
        self.notify(failure_line(event.worker), severity="error", markup=False, timeout=8)

    def on_annotation_pane_color_chosen(self, message: AnnotationPane.ColorChosen) -> None:
        self._save_annotation(message.annotation_id, color=message.color, reload=True)

    @work(thread=True, group="annotation-save", exit_on_error=False)
    def _save_annotation(
        self,
        annotation_id: int,
        note: str | None = None,
        tags: list[str] | None = None,
        color: str | None = None,
        reload: bool = False,
    ) -> None:
        self.library.update_annotation(annotation_id, note=note, tags=tags, color=color)
        article = self.reader.article
        if article is not None:
            annotations = self.library.annotations(article.row.id)
            if reload:
                self.post_message(AnnotationsLoaded(article.row.id, annotations, annotation_id))
            else:
                self.app.call_from_thread(self._quietly_update, annotations)

    def _quietly_update(self, annotations: list[Annotation]) -> None:
        self.annotation_list = annotations

    def on_annotation_pane_left(self, message: AnnotationPane.Left) -> None:
        if self.has_class("-annotating"):
            # esc closes the pane (A opens it again; the note is saved as it closes): a
            # newcomer found it still open beside every article after esc.
            self.action_toggle_annotations()
            return
        self.reader.focus()

    def on_annotation_pane_focused(self, message: AnnotationPane.Focused) -> None:
        if message.annotation.status != "orphaned":
            self.reader.scroll_to_offset(message.annotation.start)

    def on_annotation_pane_delete_requested(self, message: AnnotationPane.DeleteRequested) -> None:
        annotation = message.annotation
        quote = annotation.quote[:60] + ("…" if len(annotation.quote) > 60 else "")
        self.app.push_screen(
            ChoiceScreen(
                f"Delete the highlight “{quote}” and its note?",
                [("delete", "Delete it"), ("keep", "Keep it")],
            ),
            lambda answer: self._delete_answered(answer, annotation),
        )

    def _delete_answered(self, answer: str | None, annotation: Annotation) -> None:
        if answer == "delete":
            self._delete_annotation(annotation)

    @work(thread=True, group="annotations", exit_on_error=False)
    def _delete_annotation(self, annotation: Annotation) -> None:
        self.library.delete_annotation(annotation.id)
        self.post_message(
            AnnotationsLoaded(
                annotation.article_id, self.library.annotations(annotation.article_id)
            )
        )

    # --- managing feeds (reader/ui/feed_manager.py) ------------------------------------------

    def managed_view(self) -> str | None:
        """The view feed commands act on: the sidebar's highlighted one when it has focus."""
        return self.sidebar.selected_view if self.sidebar.has_focus else self.view_id

    def action_delete_feed(self) -> None:
        self.feed_manager.delete(self.managed_view())

    def action_rename_feed(self) -> None:
        self.feed_manager.rename(self.managed_view())

    def action_tag_feed(self) -> None:
        self.feed_manager.edit_tags(self.managed_view())

    def action_mark_feed_read(self) -> None:
        self.feed_manager.mark_read(self.managed_view())

    # --- refreshing ------------------------------------------------------------------------

    def action_refresh_feed(self) -> None:
        """r: the feed highlighted in the sidebar, else the feed shown, else the feed of the
        article under the cursor (or open in the reader); the status bar names it."""
        feed_id = self._feed_to_refresh()
        if feed_id is None:
            self.notify(
                "Highlight a feed or an article to refresh its feed (R refreshes every feed)",
                timeout=3,
                markup=False,
            )
            return
        feed = self.feeds.get(feed_id)
        self.refresh_feeds([feed_id], named=feed.title if feed is not None else "")

    def _feed_to_refresh(self) -> int | None:
        if self.sidebar.has_focus:
            return _feed_id(self.sidebar.selected_view)
        shown = _feed_id(self.view_id)
        if shown is not None:
            return shown
        row = self._target()
        return row.feed_id if row is not None else None

    def action_refresh_all(self) -> None:
        self.refresh_feeds(None, force=True)  # R: every feed now, files re-read too

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False)
    def refresh_feeds(
        self, feed_ids: list[int] | None, force: bool = False, named: str = ""
    ) -> None:
        """Fetch feeds in the background; reading goes on, progress shows in the status bar
        (``named``: the one feed r refreshes, said there at once)."""

        worker = get_current_worker()
        last_shown = [0.0]

        def progress(step: RefreshProgress) -> None:
            # a few times a second: a repaint per feed would cost the interface more than it tells
            recent = time.monotonic() - last_shown[0] < fulltext.PROGRESS_EVERY
            if recent and step.done < step.total:
                return
            last_shown[0] = time.monotonic()
            if not worker.is_cancelled:  # the reader is quitting: nothing left to show
                # What is done, counted over everything the refresh does (web feeds fetched,
                # then feeds from files read again): never a count of one part of it.
                self.app.call_from_thread(
                    self.show_progress,
                    f"refreshing: {step.done} of {counted(step.total, 'feed')} done "
                    f"({step.feed.title})",
                )

        from reader.feeds.fetch import FetchLimits

        self.app.call_from_thread(
            self.show_progress, f"refreshing {named}…" if named else "refreshing…"
        )
        settings = getattr(self.app, "settings", None)
        limits = FetchLimits(
            max_concurrent=getattr(settings, "max_concurrent_fetches", 8),
            max_per_host=getattr(settings, "max_fetches_per_host", 2),
            deadline=getattr(settings, "fetch_deadline_seconds", 30.0),
        )
        try:
            summary = self.library.refresh(  # in a child process: keys never wait for it
                feed_ids,
                force=force or feed_ids is not None,
                limits=limits,
                progress=progress,
                background=True,
            )
        except Exception:
            if not worker.is_cancelled:  # the status line must not say "refreshing…" for ever
                self.app.call_from_thread(self.show_progress, "")
            raise  # the app tells the user in one line
        if not worker.is_cancelled:
            self.app.call_from_thread(self._refreshed, summary, named)

    def show_progress(self, text: str) -> None:
        """Background work in the status bar ("" when it is done)."""
        self.progress = text
        self._update_status()

    def show_analysis(self, text: str) -> None:
        """The analysis stage's progress in the status bar ("" when it is done)."""
        self.analysis = text
        self._update_status()

    def _refreshed(self, summary: RefreshSummary, named: str = "") -> None:
        """The refresh's one line, then the page pass it brings. A refresh where every feed
        came says what it brought in the status bar, where its count was, in few words (the
        pass's count follows it there, and fits beside it in 80 columns): a notice costs a
        layout of the whole screen as it comes and as it goes (some 10 ms each that a key
        pressed then waits for), in the first seconds of the pass. A feed that failed is a
        notice, with a line of its own for each (three at most). The one feed r refreshes is
        named (``named``)."""
        self.progress = ""
        failed = [f for f in summary.feeds if f.error]
        message = summary.line() if summary.feeds else "No feed is due for a refresh"
        if failed:
            self.notify(message, severity="warning", markup=False)
            for feed in failed[:3]:
                self.notify(f"{feed.title}: {feed.error}", severity="error", markup=False)
        elif summary.feeds:
            new = sum(f.new for f in summary.feeds)
            updated = sum(f.updated for f in summary.feeds)
            brought = [
                counted(count, words)
                for count, words in ((new, "new article"), (updated, "updated article"))
                if count
            ]
            feeds = named or counted(len(summary.feeds), "feed")  # r names its feed
            message = f"{feeds} refreshed: {', '.join(brought) or 'nothing new'}"
        self.reload_all()
        fulltext.start_page_pass(self, lead="" if failed else message)

    def action_toggle_feed_text(self, shown: bool = False) -> None:
        fulltext.toggle_feed_text(self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_feed_text" and parameters:  # the key bar's t: page text open
            return self.page_text_open
        if action in ("add_first", "import_first"):
            return self.library_empty
        return True

    def action_add_first(self) -> None:
        self.app.call_later(self.app.run_action, "add_feed")

    def action_import_first(self) -> None:
        self.app.call_later(self.app.run_action, "import_file")

    # --- search ----------------------------------------------------------------------------

    def action_search(self) -> None:
        from reader.ui.screens.search import SearchScreen

        # The last query again (selected: typing replaces it), its results shown: searching is
        # a loop of reading a result and going back to the list.
        self.app.push_screen(SearchScreen(self.library, self.last_query), self._search_chosen)

    def _search_chosen(self, choice: SearchChoice | None) -> None:
        if choice is None:
            return
        self.way_back = ()
        hit = choice.hit
        self.last_query = choice.query
        found = [h.article_id for h in choice.hits]
        if hit.article_id in found:
            self.search_steps = SearchSteps(choice.query, choice.hits, found.index(hit.article_id))
        self._update_status()
        if self.has_class("-narrow"):
            self.add_class("-reading")
        # Reading goes on in the reading pane, at the match: space and j scroll the article.
        self.reader.focus()
        # Start once the search screen is gone: workers started while a screen is being
        # dismissed are cancelled with it.
        self.call_after_refresh(self._open_found, hit.article_id, hit.first_match, choice.query)

    def open_article(
        self, article_id: int, way_back: tuple[Callable[[], Screen[Any]], ...] = ()
    ) -> None:
        """Open an article chosen on another screen (a story's article list), cursor on it;
        ``way_back`` opens the screens it was chosen on again (q or esc)."""
        self.way_back = way_back
        if self.has_class("-narrow"):
            self.add_class("-reading")
        self.reader.focus()
        self.call_after_refresh(self._open_found, article_id, None, "")

    @work(thread=True, group="select-found", exit_on_error=False)
    def _open_found(self, article_id: int, offset: int | None, query: str) -> None:
        """Put the list's cursor on an article found by search (the All view when the shown
        view does not hold it), then open it at the match. Its place is found before it is
        marked read, which may take it out of an unread view."""
        view = self._filter(self.view_id, self.unread_only)
        place = self.library.position(view, article_id)
        if place is None:
            view = self._filter("all", False)
            place = self.library.position(view, article_id)
            self.app.call_from_thread(self._leave_for_all)
        # The list's rows are read here, before the article is opened and marked read: a
        # count worker of the list's own raced the marking and put the cursor on a neighbour.
        cursor = place or 0
        count = self.library.count(view)
        rows = self.library.articles(view, cursor - cursor % PAGE_SIZE, PAGE_SIZE)
        self.app.call_from_thread(self.article_list.show_view_read, view, count, rows, cursor)
        self.app.call_from_thread(self.load_article, article_id, True, offset, query)

    def _leave_for_all(self) -> None:
        self.view_id, self.unread_only = "all", False
        self.sidebar.select_view("all")
        self._update_status()

    # --- figures ---------------------------------------------------------------------------

    def action_figures(self) -> None:
        from reader.ui.screens.figures import FiguresScreen

        self.app.push_screen(FiguresScreen(self.library))

    def action_stories(self) -> None:
        from reader.ui.screens.stories import StoriesScreen

        if self.has_class("-annotating"):  # not still open on coming back from the stories
            self._close_note_pane()

        self.app.push_screen(StoriesScreen(self.library))

    def action_article_figures(self) -> None:
        article = self.reader.article
        if article is None:
            self.notify("Open an article first", timeout=2, markup=False)
            return
        from reader.ui.screens.article_figures import ArticleFiguresScreen

        self.app.push_screen(ArticleFiguresScreen(self.library, article), self._figure_chosen)

    def _figure_chosen(self, choice: FigureChoice | None) -> None:
        article = self.reader.article
        if choice is None or article is None:
            return
        if choice.group is not None:
            from reader.ui.screens.compare import CompareScreen

            self.app.push_screen(CompareScreen(self.library, choice.group, article.row.id))
        elif choice.figure.mention.field == "text":  # a headline's figure: the title is on top
            self.reader.scroll_to_offset(choice.figure.mention.start)
        else:
            self.reader.scroll_home(animate=False)

    # --- panes and width -------------------------------------------------------------------

    def action_pane(self, direction: int) -> None:
        focused = self.focused
        if direction < 0:
            if focused is self.reader:
                if self.has_class("-narrow"):
                    self.remove_class("-reading")
                self.article_list.focus()
            elif focused is self.article_list:
                self.add_class("-show-sidebar")
                self.sidebar.focus()
        else:
            if focused is self.sidebar:
                self.remove_class("-show-sidebar")
                self.article_list.focus()
            elif focused is self.article_list:
                if self.opened is None or (
                    self.article_list.current_row is not None
                    and self.article_list.current_row.id != self.opened.id
                ):
                    self.article_list.action_open()
                if self.has_class("-narrow"):
                    self.add_class("-reading")
                self.reader.focus()

    def action_cycle_pane(self, step: int) -> None:
        order: list[Widget] = [self.sidebar, self.article_list, self.reader]
        focused = self.focused
        index = order.index(focused) if focused in order else 1
        target = order[(index + step) % len(order)]
        self.remove_class("-show-sidebar")
        if target is self.sidebar:
            self.add_class("-show-sidebar")
        if self.has_class("-narrow"):
            self.set_class(target is self.reader, "-reading")
        target.focus()

    def go_back_to_story(self) -> bool:
        """After an article opened from a story: the story again (and the Stories list it was
        chosen on), once; false when the article was not opened from one."""
        screens, self.way_back = self.way_back, ()
        for make in screens:
            self.app.push_screen(make())
        return bool(screens)

    def action_back(self) -> None:
        if self.go_back_to_story():
            return
        if self.has_class("-show-sidebar"):
            self.remove_class("-show-sidebar")
            self.article_list.focus()
        elif self.reader.has_focus:
            self.remove_class("-reading")
            self.article_list.focus()

    def on_resize(self, event: Resize) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        self.set_class(width < MEDIUM, "-narrow")
        self.set_class(MEDIUM <= width < WIDE, "-medium")
        self.set_class(width >= WIDE, "-wide")
        self._update_status()
