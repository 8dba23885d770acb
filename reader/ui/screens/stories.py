"""The Stories screen: the stories of the library, the most widely covered first.

Ranked by voices (outlets whose texts differ: reader.stories.voices), then feeds, then the
latest report; the stories heard from one outlet only (one feed, or many feeds' copies of one
text, such as a test suite's placeholder entries) follow under a divider that counts them.

Each row: a ≠ where the story's outlets report differing figures (a yellow ↑ where each figure
that differs is an update, as the Figures view marks it; ≢ where only its developing
story's background figures differ: reader.stories.thread_marks), how many outlets (its voices,
the count it is ranked by) and articles cover it ("20/21", told in the status line), its last
report time ("undated" when none of its articles carries a date: the time it came in was never
reported), and its title (its most representative headline). Stories are assigned (new and
changed articles only) and listed in a worker; ``enter`` opens the story.
``/`` filters the whole ranking (not only the rows listed) by title, fuzzily, and by feed
(reader.stories.story_filter, in a worker); ``esc`` clears the filter before it leaves.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from reader.library import Library
from reader.stories.facade import StorySummary
from reader.stories.story_filter import FILTER_RESULTS, StoryTexts
from reader.stories.thread_marks import THREAD_DIFFERING
from reader.text.clean import clean_line
from reader.text.dates_shown import UNDATED, short_date
from reader.text.wording import counted
from reader.ui.group_marks import CONFLICT, UPDATE
from reader.ui.list_keys import ListKeys, list_bindings
from reader.ui.screens.story import StoryScreen

DIVIDER_ID = "one-voice"  # the divider's option id (story ids are numbers)
SHOWN_STORIES = 300  # rows listed at once (ranked: the rest matter less)
FIRST_PAGE = 40  # listed first, at once; the rest follow
THREAD_MARK_PAGE = 20  # stories whose threads are looked at before their marks are shown
REBUILD_POLL_SECONDS = 1.0  # how often a rebuild's progress line is read again


def story_prompt(
    summary: StorySummary, last_dated: str | None = None, thread_differing: int = 0
) -> Text:
    """One row of the list, as plain Rich text (titles come from feed text). ``last_dated``:
    the story's last report time among its dated articles ("" when none is; None: unknown,
    its stored last date is shown); ``thread_differing``: how many of its thread's background
    quantities differ."""
    row = summary.row
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    if not summary.counted:  # its figures are being compared: the mark follows
        text.append("· ", style=Style(dim=True))
    elif summary.differing:
        # As the Figures view marks its conflicts: ↑ (yellow) where each is an update.
        mark = UPDATE if summary.only_updates else CONFLICT
        text.append(f"{mark.symbol} ", style=Style(color=mark.color, bold=True))
    elif thread_differing:
        text.append(f"{THREAD_DIFFERING} ", style=Style(color="magenta", bold=True))
    else:
        text.append("  ")
    # The count the list is ranked by: outlets with their own text (a text several feeds
    # carry counts once); before the figures are counted, its feeds. "20/21" (outlets/
    # articles, said in the status line), not "20 outlets  21 articles": at 80 columns the
    # words took 40 columns and left the title 36.
    text.append(f"{summary.voices or row.feeds:>3}", style=Style(bold=True))
    text.append(f"/{row.articles:<3} ", style=Style(dim=True))
    # The date before the title: a long headline is cut at the right edge, the date is not.
    shown = short_date(row.last if last_dated is None else last_dated) or UNDATED
    text.append(f"{shown:10} ", style=Style(dim=True))
    text.append(clean_line(row.title))
    return text


@dataclass
class StoriesLoaded(Message):
    stories: list[StorySummary]
    total: int
    catching_up: int = 0  # articles the analysis stage has still to assign to stories
    # Each story's last report time among its dated articles ("" when none is dated).
    last_dated: dict[int, str] = field(default_factory=dict)
    # How many of its thread's background quantities differ, for stories counted so far.
    thread_differing: dict[int, int] = field(default_factory=dict)
    # Stories heard from one outlet only (in the whole ranking, not only those listed).
    one_voice: int = 0
    # (articles assigned, articles) while the analysis stage assigns every story again.
    rebuilding: tuple[int, int] | None = None


@dataclass
class StoriesFiltered(Message):
    query: str
    stories: list[StorySummary]
    last_dated: dict[int, str] = field(default_factory=dict)


class StoriesScreen(ListKeys, Screen[None]):
    """Stories covered by two or more articles, ranked by voices, feeds, then recency."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="stories.back"),
        Binding("slash", "focus_filter", "Filter", id="stories.filter"),
        Binding("down,j", "cursor_down", "Down", id="stories.down", show=False),
        Binding("up,k", "cursor_up", "Up", id="stories.up", show=False),
        *list_bindings("stories"),
        Binding("r", "rebuild", "Rebuild stories", id="stories.rebuild"),
    ]

    def __init__(self, library: Library, shown: int = SHOWN_STORIES) -> None:
        super().__init__()
        self.library = library
        self.shown_limit = shown
        self.stories: list[StorySummary] = []
        self.shown_message: StoriesLoaded | None = None  # the whole list, as last loaded
        self.texts: StoryTexts | None = None  # every story's title and feeds, for /
        self._rebuild_timer: Timer | None = None  # reads a rebuild's progress while it runs

    def compose(self) -> ComposeResult:
        with Vertical(id="stories-body"):
            yield Static(
                Text(
                    "Stories: most outlets first (a copied text counts once), then the latest",
                    style=Style(bold=True),
                ),
                id="stories-title",
                markup=False,
            )
            # Shown by / only: the list keeps its rows on a small terminal until then.
            filter_box = Input(
                placeholder="filter stories by title or feed (e.g. strike, Meridian)",
                id="stories-filter",
            )
            filter_box.display = False
            yield filter_box
            yield OptionList(id="stories-list")
            yield Static("", id="stories-status", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#stories-list", OptionList).focus()
        self._status("Listing stories…")
        self.load_stories()

    def _status(self, message: str) -> None:
        self.query_one("#stories-status", Static).update(Text(message, style=Style(dim=True)))

    @work(thread=True, exclusive=True, group="stories", exit_on_error=False)
    def load_stories(self, rebuild: bool = False) -> None:
        # While the analysis stage works off an import it assigns the new articles to stories
        # when its queue is empty (the app loads this screen again then): assigning them here
        # too would race it for the same work, so show the stories known and say so.
        pending = self.library.analysis_progress().pending
        # An upgrade's rebuild is the analysis stage's work, in the background: never here.
        rebuilding = self.library.stories.rebuilding()
        if rebuild:
            self.library.stories.rebuild()
        # The first screen shows the stories known at once (two index reads at 1M); then
        # the rest of the list with its figures compared, then any article not yet assigned
        # (finding those reads the whole library: a second at 1M).
        first = self.library.stories.ranked(
            limit=FIRST_PAGE, with_articles=False, count_figures=False
        )
        # Shown before the rest is read: this thread waits for it, so the screen's first
        # rows are not drawn while the rest of the list is being made.
        dated = self.library.stories.last_dated([s.row for s in first])
        total, one_voice = self._counts()
        shown = StoriesLoaded(
            first, total, pending, dated, one_voice=one_voice, rebuilding=rebuilding
        )
        self.app.call_from_thread(self._show_stories, shown)
        listed = self._list_all(pending, rebuilding)
        waiting = pending or rebuilding is not None
        if not rebuild and not waiting and self.library.stories.update(wait=False):
            listed = self._list_all(pending, rebuilding)
        self._mark_threads(listed)

    def _list_all(self, pending: int, rebuilding: tuple[int, int] | None) -> StoriesLoaded:
        stories = self.library.stories.ranked(limit=self.shown_limit, with_articles=False)
        dated = self.library.stories.last_dated([s.row for s in stories])
        total, one_voice = self._counts()
        listed = StoriesLoaded(
            stories, total, pending, dated, one_voice=one_voice, rebuilding=rebuilding
        )
        self.post_message(listed)
        return listed

    def _counts(self) -> tuple[int, int]:
        """How many stories, and how many of them are heard from one outlet only."""
        total = self.library.stories.count()
        return total, total - self.library.stories.count(min_voices=2)

    def _mark_threads(self, listed: StoriesLoaded) -> None:
        """Mark the stories whose thread's background figures differ, a page at a time (a
        thread not counted since it changed takes up to half a second to line up)."""
        marks: dict[int, int] = {}
        rows = [s.row for s in listed.stories]
        for first in range(0, len(rows), THREAD_MARK_PAGE):
            if get_current_worker().is_cancelled or not self.is_attached:
                return
            found = self.library.stories.thread_differing(rows[first : first + THREAD_MARK_PAGE])
            marks.update(found)
            if any(found.values()):
                self.post_message(replace(listed, thread_differing=dict(marks)))

    def on_stories_loaded(self, message: StoriesLoaded) -> None:
        # After the next paint: the first rows reach the terminal before the rest is added.
        self.call_after_refresh(self._show_stories, message)

    def _show_stories(self, message: StoriesLoaded) -> None:
        if not self.is_attached:  # closed while its list was read
            return
        if self.shown_message is not None and message.total != self.shown_message.total:
            self.texts = None  # stories came or went: the filter reads them again
        query = self._filter_query()
        if query:  # the list holds the filter's matches: the whole list waits for esc
            if self.shown_message is None or message.total != self.shown_message.total:
                self.filter_stories(query)
            self.shown_message = message
            return
        options = self.query_one("#stories-list", OptionList)
        kept = options.highlighted or 0  # the rest of the list may follow the first page
        shown = self._option_ids(self.stories)
        wanted = self._option_ids(message.stories)
        rows = dict(zip(wanted, self._options(message), strict=True))
        if shown and wanted[: len(shown)] == shown:
            # The same first rows: their marks are set and the rest added (making 300 rows
            # again held the screen for a third of a second).
            for option_id in shown:
                if option_id != DIVIDER_ID:
                    options.replace_option_prompt(option_id, rows[option_id].prompt)
            options.add_options([rows[option_id] for option_id in wanted[len(shown) :]])
        else:
            options.clear_options()
            options.add_options(list(rows.values()))
        self.stories = message.stories
        if message.stories:
            options.highlighted = min(kept, options.option_count - 1)
            if options.highlighted_option is not None and options.highlighted_option.disabled:
                options.action_cursor_down()  # never on the divider
        self.shown_message = message
        self._status_of(message)

    @staticmethod
    def _divides(stories: list[StorySummary], index: int) -> bool:
        """Whether the divider goes above this story: the first heard from one outlet, after
        stories heard from more (with none above it, the whole list is of one outlet each)."""
        return index > 0 and stories[index].voices < 2 <= stories[index - 1].voices

    def _option_ids(self, stories: list[StorySummary]) -> list[str]:
        ids = []
        for index, story in enumerate(stories):
            if self._divides(stories, index):
                ids.append(DIVIDER_ID)
            ids.append(str(story.row.story_id))
        return ids

    def _options(self, message: StoriesLoaded) -> list[Option]:
        options = []
        for index, story in enumerate(message.stories):
            if self._divides(message.stories, index):
                line = f"── heard from one outlet only: {counted(message.one_voice, 'story')} ──"
                options.append(
                    Option(Text(line, style=Style(dim=True)), id=DIVIDER_ID, disabled=True)
                )
            options.append(Option(self._prompt(message, story), id=str(story.row.story_id)))
        return options

    @staticmethod
    def _prompt(message: StoriesLoaded, story: StorySummary) -> Text:
        story_id = story.row.story_id
        return story_prompt(
            story, message.last_dated.get(story_id), message.thread_differing.get(story_id, 0)
        )

    def catching_up(self, pending: int) -> None:
        """The analysis stage's progress while this screen is open: the count of articles
        still to analyse follows it (it stayed at the count the screen opened with)."""
        message = self.shown_message
        if message is not None and message.catching_up and pending:
            self.shown_message = replace(message, catching_up=pending)
            self._status_of(self.shown_message)

    def _status_of(self, message: StoriesLoaded) -> None:
        if self._filter_query():
            return  # the status counts the filter's matches until it is cleared
        total = message.total
        summary = f"{total:,} {'story' if total == 1 else 'stories'} with two or more articles"
        summary += " · counts: outlets/articles"  # what a row's counts are (story_prompt)
        if message.total > len(message.stories):
            summary += f" · the first {len(message.stories):,} listed"
        if message.one_voice and message.one_voice < message.total:
            summary += f" · {message.one_voice:,} heard from one outlet, listed last"
        if not message.total:
            summary = "No story has two or more articles yet: import or refresh feeds"
        if any(not story.counted for story in message.stories):
            # The first rows come before their figures are compared (seconds on a big or busy
            # library), marked "·": say what the mark is waiting for.
            summary += " · comparing figures: ≠ marks follow"
        if message.catching_up:
            # First, and short: at 80 columns the rest of the line is cut.
            catching_up = f"Catching up: {counted(message.catching_up, 'article')} to analyse"
            summary = f"{catching_up} · {summary}" if message.total else f"{catching_up}…"
        if message.rebuilding is not None:
            # First of all: the list is the old stories, or the new ones so far.
            done, articles = message.rebuilding
            summary = f"Rebuilding stories: {done:,} of {articles:,} articles assigned · {summary}"
            self._watch_rebuild()
        self._status(summary + " · enter opens a story")

    def _watch_rebuild(self) -> None:
        """Read the rebuild's progress again every REBUILD_POLL_SECONDS until it ends."""
        if self._rebuild_timer is None:
            self._rebuild_timer = self.set_interval(REBUILD_POLL_SECONDS, self._poll_rebuild)

    @work(thread=True, exclusive=True, group="stories-rebuild", exit_on_error=False)
    def _poll_rebuild(self) -> None:
        progress = self.library.stories.rebuilding()
        self.app.call_from_thread(self._rebuild_polled, progress)

    def _rebuild_polled(self, progress: tuple[int, int] | None) -> None:
        message = self.shown_message
        if not self.is_attached or message is None:
            return
        if progress is None:  # done: the new stories are listed
            if self._rebuild_timer is not None:
                self._rebuild_timer.stop()
                self._rebuild_timer = None
            self.shown_message = replace(message, rebuilding=None)
            self.load_stories()
            return
        if progress != message.rebuilding:
            self.shown_message = replace(message, rebuilding=progress)
            self._status_of(self.shown_message)

    @on(OptionList.OptionSelected, "#stories-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and event.option.id != DIVIDER_ID:
            self.app.push_screen(StoryScreen(self.library, int(event.option.id)))

    def action_cursor_down(self) -> None:
        if self._filter_box().has_focus:
            self._to_first_match()  # down from the field lands on the first match
            return
        self.query_one("#stories-list", OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#stories-list", OptionList).action_cursor_up()

    def keyed_list(self) -> OptionList:
        return self.query_one("#stories-list", OptionList)

    def action_rebuild(self) -> None:
        self._clear_filter()
        self.texts = None
        self._status("Assigning every article to stories again…")
        self.load_stories(rebuild=True)

    def action_back(self) -> None:
        """esc closes the filter first (clearing what it holds), then the screen."""
        if self._clear_filter():
            return
        self.dismiss()

    # --- the filter ------------------------------------------------------------------------

    def _filter_box(self) -> Input:
        return self.query_one("#stories-filter", Input)

    def _filter_query(self) -> str:
        return self._filter_box().value.strip()

    def action_focus_filter(self) -> None:
        box = self._filter_box()
        box.display = True
        box.focus()

    def _clear_filter(self) -> bool:
        """Close the filter and list every story again; whether there was one to close."""
        box = self._filter_box()
        if not (box.display or box.value):
            return False
        had_query = bool(box.value.strip())
        with box.prevent(Input.Changed):
            box.value = ""
        box.display = False
        self.query_one("#stories-list", OptionList).focus()
        if had_query and self.shown_message is not None:
            self.stories = []  # the rows are the filter's: the whole list is made again
            self._show_stories(self.shown_message)
        return True

    @on(Input.Changed, "#stories-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        query = event.value.strip()
        if not query:
            if self.shown_message is not None:
                self.stories = []
                self._show_stories(self.shown_message)
            return
        if self.texts is None:  # the first filter of this listing reads every story's title
            self._status(f"Filter “{query}”: reading every story's title and feeds…")
        self.filter_stories(query)

    @work(thread=True, exclusive=True, group="stories-filter", exit_on_error=False)
    def filter_stories(self, query: str) -> None:
        """Rank every story against the filter, off the interface's thread (a hundred
        thousand titles take a moment to read, and rapidfuzz a moment to rank)."""
        texts = self.texts
        if texts is None:
            texts = self.texts = self.library.stories.filter_texts()
        if get_current_worker().is_cancelled:
            return  # a newer query is on its way
        stories = self.library.stories.filtered(query, texts)
        dated = self.library.stories.last_dated([s.row for s in stories])
        self.post_message(StoriesFiltered(query, stories, dated))

    def on_stories_filtered(self, message: StoriesFiltered) -> None:
        if not self.is_attached or message.query != self._filter_query():
            return  # a result for an older query (or a filter cleared since) is dropped
        options = self.query_one("#stories-list", OptionList)
        options.clear_options()
        loaded = StoriesLoaded(message.stories, len(message.stories), last_dated=message.last_dated)
        options.add_options(
            [Option(self._prompt(loaded, s), id=str(s.row.story_id)) for s in message.stories]
        )
        self.stories = message.stories
        if message.stories:
            options.highlighted = 0
        found = len(message.stories)
        if not found:
            matches = "no story matches"
        elif found >= FILTER_RESULTS:
            matches = f"the {found} best matches"
        else:
            matches = counted(found, "story", "stories")
        # What the filter found and how to undo it first: at 80 columns the rest is cut.
        opens = " · enter opens" if found else ""
        self._status(f"Filter “{message.query}”: {matches} · esc clears the filter{opens}")

    @on(Input.Submitted, "#stories-filter")
    def _filter_done(self) -> None:
        self._to_first_match()

    def _to_first_match(self) -> None:
        """From the filter to the list, on its first match (enter then opens that one)."""
        listing = self.query_one("#stories-list", OptionList)
        listing.focus()
        if listing.option_count:
            listing.highlighted = 0
