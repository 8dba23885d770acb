"""FeedlensApp: the Textual application, its global keys, command palette and start-up.

``make_app`` is the one factory the CLI and the tests use. On first run with an empty library
the bundled sample feeds are imported in a worker (the reader never waits on the network).
Palette commands read like "feed: import file", "view: unread only", "article: open in browser".
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from reader import paths
from reader.config import Settings, load_settings
from reader.errors import FeedlensError
from reader.library import ImportProgress, ImportSummary, Library
from reader.note_saver import restore_recovered
from reader.text.wording import counted
from reader.ui import fulltext, import_trust
from reader.ui.contrast import ReadableText
from reader.ui.outside_writes import OutsideWrites
from reader.ui.screens.help import HelpScreen, binding_rows, section_name
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.prompt import ChoiceScreen, PromptScreen
from reader.ui.typing import is_typing

if TYPE_CHECKING:  # loaded when first used: the first paint should not wait for them
    from rich.console import RenderableType

    from reader.refresh import Discovery
    from reader.store.analysis_queue import AnalysisProgress
    from reader.ui.screens.annotations import AnnotationJump
    from reader.ui.screens.figures import FiguresScreen
    from reader.ui.screens.stories import StoriesScreen

# How often the reader looks for articles to analyse (an import here, or by another process).
ANALYSIS_CHECK_SECONDS = 3.0
#: The status bar once every queued article is read, while stories and figure groups are
#: brought up to date (the last "analysing 1,500 of 1,967" stayed there for that time).
AFTER_DRAIN_LINE = "analysing: stories and figure groups"

ANALYSIS_RETRY_SECONDS = 60.0  # after the analysis failed (disk full, say): one line a minute


# How long quitting waits for a note another feedlens process keeps from being written: past
# the busy timeout, so one whole attempt fits; then the note goes to the recovery file.
QUIT_WAIT_SECONDS = 12.0


def css_paths() -> list[Path]:
    """The TCSS files, as absolute paths (styles/ ships beside the package)."""
    folder = paths.styles_dir()
    return [
        folder / "app.tcss",
        folder / "library.tcss",
        folder / "figures.tcss",
        folder / "stories.tcss",
    ]


FULL_TEXT_MODES = (
    ("auto", "fetched when the feed carries only a teaser"),
    ("always", "always fetched"),
    ("never", "never fetched"),
)


class FeedlensApp(App[None]):
    """The feedlens reader."""

    TITLE = "feedlens"
    CSS_PATH = css_paths()  # type: ignore[assignment]
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        # Q and ctrl+q quit from any screen; q goes back one screen and quits only from the
        # main one. None of them acts while the user types in a text field (check_action).
        Binding("Q,ctrl+q", "quit", "Quit", id="app.quit", priority=True, show=False),
        Binding("q", "back_or_quit", "Back", id="app.back", show=False),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", id="app.command_palette", show=False),
    ]

    def __init__(
        self, library: Library, settings: Settings | None = None, chosen_theme: str | None = None
    ) -> None:
        super().__init__()
        self.library = library
        self.chosen_theme = chosen_theme  # picked in the palette at an earlier start
        # Text drawn in colours that read in every theme (Textual's own filter list: the one
        # place every line passes on its way to the terminal).
        self._filters.append(ReadableText())
        # The reader lives long beside a large library: its regroups run in a child process.
        library.group_apart()
        self.settings = settings or Settings()
        self.quit_wait_seconds = QUIT_WAIT_SECONDS
        self._quitting = False
        self._analysing = False  # a worker is working off the analysis queue
        self._analysis_retry_at = 0.0  # after a failure, not before this (monotonic seconds)
        self._outside_writes = OutsideWrites(self)  # a CLI import into the library open here
        self._discovered: dict[str, Discovery] = {}  # found by the add box's check, by address

    async def action_quit(self) -> None:
        """Quit; a note not yet in the library is waited for ("saving note…"), up to a bound,
        then kept in a recovery file the next start restores."""
        screen = self.library_screen
        if self._quitting or screen is None or not screen.has_unsaved_notes():
            self.exit()
            return
        self._quitting = True  # q again quits at once
        self.notify("saving note…", markup=False, timeout=self.quit_wait_seconds + 1)
        self._quit_when_saved(screen)

    @work(thread=True, exclusive=True, group="quit", exit_on_error=False)
    def _quit_when_saved(self, screen: LibraryScreen) -> None:
        deadline = time.monotonic() + self.quit_wait_seconds
        # A note typed right after `a` waits for its highlight first (the highlight's worker
        # hands it to the saver when it comes); whatever is left at the deadline is kept.
        highlights = self.call_from_thread(screen.hand_over_notes)
        while highlights and time.monotonic() < deadline:
            time.sleep(0.05)
            highlights = self.call_from_thread(screen.hand_over_notes)
        notes = screen.notes
        message = None
        if not notes.wait(max(0.0, deadline - time.monotonic())) or highlights:
            try:
                path = notes.save_recovery(highlights)
            except FeedlensError as error:
                self.call_from_thread(
                    self.notify,
                    f"The note could not be saved or kept ({error.message}); q quits without it",
                    severity="error",
                    markup=False,
                )
                return
            if path is not None:
                message = (
                    f"feedlens: a note could not be saved yet; it is kept in {path} "
                    "and restored when feedlens next starts"
                )
        self.call_from_thread(self.exit, None, 0, message)

    def exit(
        self,
        result: None = None,
        return_code: int = 0,
        message: RenderableType | None = None,
    ) -> None:
        # Before Textual waits for the worker threads: one may be regrouping or re-extracting.
        self.library.stop_background_work()
        screen = self.library_screen
        if screen is not None:  # what it could not save is in the recovery file by now
            screen.notes.stop()
        super().exit(result, return_code, message)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("quit", "back_or_quit") and is_typing(self.focused):
            return False  # the key is a letter for the text field
        return True

    async def action_back_or_quit(self) -> None:
        """q: back one screen (to the story an article was opened from), or quit from the
        main screen (waiting for a note, like Q)."""
        if isinstance(self.screen, LibraryScreen) and self.screen.go_back_to_story():
            return
        if isinstance(self.screen, LibraryScreen) or len(self.screen_stack) <= 1:
            await self.action_quit()
        else:
            self.screen.dismiss(None)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown):
            # The user is at work: a page pass under way steps further aside meanwhile (its
            # wait for a core was what slowed keys through a pass: background_priority.py).
            self.library.user_at_work()
        await super().on_event(event)

    def on_mount(self) -> None:
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
            self.call_after_refresh(self._check_keymap_ids, dict(self.settings.keymap))
        if self.settings.theme:
            if self.settings.theme in self.available_themes:
                self.theme = self.settings.theme
            else:
                self.notify(
                    f"Unknown theme {self.settings.theme!r} in config",
                    markup=False,
                    severity="warning",
                )
        if self.chosen_theme in self.available_themes:
            self.theme = self.chosen_theme
        self.watch(self, "theme", self._theme_chosen, init=False)
        for problem in self.settings.problems:
            self.notify(problem, severity="warning", markup=False, timeout=8)
        self.push_screen(LibraryScreen(self.library))
        if self.library.read_only:  # said once, not by each mark or note refused
            self.notify(
                f"Reading only: {self.library.refusal()}",
                severity="warning",
                markup=False,
                timeout=12,
            )
        # After the first paint: the check loads the extractor and reads the library.
        self.call_after_refresh(self._first_run_check)
        minutes = self.settings.refresh_interval_minutes
        if minutes > 0:
            self.set_interval(minutes * 60, self._scheduled_refresh)

    @work(thread=True, group="keymap-check", exit_on_error=False)
    def _check_keymap_ids(self, keymap: dict[str, str]) -> None:
        """Says which keymap ids of the config name no binding (it imports every screen to
        know them: in a thread, after the first paint)."""
        from reader.ui.binding_ids import unknown_keymap_ids

        unknown = unknown_keymap_ids(keymap)
        if unknown:
            names = ", ".join(repr(binding_id) for binding_id in unknown)
            self.call_from_thread(
                self.notify,
                f"Unknown keymap ids in config (ignored): {names}. Help (?) lists the ids.",
                severity="warning",
                markup=False,
                timeout=8,
            )

    def _theme_chosen(self, theme: str) -> None:
        # Kept beside the config's theme it was chosen over: editing the config later wins.
        self._remember_theme({"theme": theme, "over": self.settings.theme})

    @work(thread=True, group="remember-theme", exit_on_error=False)
    def _remember_theme(self, choice: dict[str, str | None]) -> None:
        self.library.remember("theme", choice)

    def _scheduled_refresh(self) -> None:
        screen = self.library_screen
        if screen is not None:
            screen.refresh_feeds(None)

    @property
    def library_screen(self) -> LibraryScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, LibraryScreen):
                return screen
        return None

    # --- first run and imports -------------------------------------------------------------

    @work(thread=True, exclusive=True, group="first-run", exit_on_error=False)
    def _first_run_check(self) -> None:
        recovered = restore_recovered(self.library)
        if recovered:
            self.call_from_thread(self.notify, recovered, markup=False, timeout=8)
        if self.library.is_empty():
            self.call_from_thread(self._show_progress, "loading the sample feeds…")
            try:
                summary = self.library.import_samples()
            finally:
                self.call_from_thread(self._show_progress, "")
            self.call_from_thread(self._samples_loaded, summary)
        # What a refresh and the page pass after it run in this process (following their
        # children, the records those send back: some 15 ms of imports), loaded now, after the
        # first paint, and kept out of later garbage collections with what start-up loaded
        # (``_settle_heap``); loaded by R, they held the interpreter lock in its first half
        # second, while the keys pressed then waited.
        import reader.fulltext_child
        import reader.refresh
        import reader.refresh_child  # noqa: F401

        # After an extractor upgrade, the analysis child queues everything to read again.
        self.call_from_thread(self._start_analysis_checks)

    def _start_analysis_checks(self) -> None:
        self._settle_heap()
        self._check_analysis()
        self.set_interval(ANALYSIS_CHECK_SECONDS, self._check_analysis)
        self._outside_writes.check()  # what the list shows now: later marks compare with it
        self._outside_writes.start()

    @staticmethod
    def _settle_heap() -> None:
        """What start-up loaded (Textual, the screens, the library's modules: most of this
        process's objects) is kept out of later garbage collections. A full collection walked
        every one of them, tens of milliseconds on the interface's thread (146 ms once in a
        7 s page pass on a busy machine), and the allocations of a pass or an analysis
        (repaints, reloads, progress) set one off: a key pressed then waited for it. Once
        per process, without a collection first: that collection is the same walk (some
        40 ms here, in the first second after the paint, when keys are pressed), to free a
        few thousand objects start-up left."""
        if gc.get_freeze_count() == 0:
            gc.freeze()

    def _check_analysis(self) -> None:
        """Start working off the analysis queue unless that is under way: articles stored by
        an import, a refresh or another feedlens process get their figures in the background.

        Not while this reader's page pass runs: each page it stores queues its article again
        (its teaser, analysed meanwhile, for nothing), and every drain that empties the queue
        is followed by seconds of story and figure-group work; the pass and the analysis then
        shared the cores with the reader. The first check after the pass starts it: each
        article is read once, with its page's text. (An analysis already under way when the
        pass starts goes on.)"""
        if self.library.read_only:
            return  # nothing can be stored: the analysis would fail every few seconds
        if self._analysing:  # the queue as it is now: the child reports between batches only
            self._outside_writes.show_queue(lambda: self._analysing)
        elif time.monotonic() >= self._analysis_retry_at and not fulltext.passing(self):
            self._analysing = True
            self._analyse_in_background()

    @work(thread=True, group="analysis", exit_on_error=False)
    def _analyse_in_background(self) -> None:
        """The queue worked off, and stories and figure groups brought up to date, in a child
        process at a lower priority (keys never wait for it), with its progress in the status
        bar; the Figures and Stories screens reload when it is done."""
        shown = [0.0]

        def progress(state: AnalysisProgress) -> None:
            if state.complete:  # every article read: stories and groups follow, for seconds
                if state.total:
                    self.call_from_thread(self._show_analysis, AFTER_DRAIN_LINE)
                return
            if time.monotonic() - shown[0] > 0.5:
                shown[0] = time.monotonic()
                self.call_from_thread(self._show_analysis, state.line(), state.pending)

        try:
            state = self.library.wait_for_analysis(progress, processes=1, background=True)
        except BaseException:
            self.call_from_thread(self._analysis_stopped, True)
            raise  # one line for the user, from on_worker_state_changed
        self.call_from_thread(self._analysis_stopped, False)
        if state.complete and state.total:
            self.call_from_thread(self._analysis_done)

    def _analysis_stopped(self, failed: bool) -> None:
        self._analysing = False
        self._show_analysis("")
        if failed:  # a library that refuses writes now will refuse them in 3 s too
            self._analysis_retry_at = time.monotonic() + ANALYSIS_RETRY_SECONDS

    def _show_analysis(self, text: str, pending: int = 0) -> None:
        screen = self.library_screen
        if screen is not None:
            screen.show_analysis(text)
        stories = cast(
            "type[StoriesScreen] | None",
            _loaded_class("reader.ui.screens.stories", "StoriesScreen"),  # see below
        )
        if pending and stories is not None and isinstance(self.screen, stories):
            self.screen.catching_up(pending)

    def _analysis_done(self) -> None:
        # A screen's module not loaded yet cannot be the screen shown: importing it here, on
        # the interface's thread, held up the keys pressed meanwhile (tens of milliseconds).
        loaded = _loaded_class("reader.ui.screens.figures", "FiguresScreen")
        figures = cast("type[FiguresScreen] | None", loaded)
        if figures is not None and isinstance(self.screen, figures):
            self.screen.load_groups()  # it showed the groups from before
        loaded = _loaded_class("reader.ui.screens.stories", "StoriesScreen")
        stories = cast("type[StoriesScreen] | None", loaded)
        if stories is not None and isinstance(self.screen, stories):
            self.screen.load_stories()  # it said the stories were still forming

    def _samples_loaded(self, summary: ImportSummary) -> None:
        # Short, no title and soon gone: it sits over the list while the first things happen,
        # and it names the key (i), not a trip through the palette.
        self.notify(
            f"Loaded the sample feeds: {counted(summary.new, 'article')}. i imports your own",
            timeout=5,
            markup=False,
        )
        screen = self.library_screen
        if screen is not None:
            screen.reload_all()

    def action_add_feed(self) -> None:
        self.push_screen(
            PromptScreen(
                "Subscribe to a feed URL (or a web page that lists one), or add a feed file:",
                placeholder="https://example.com/feed.xml or ~/feeds/news.xml",
                paths=True,
                check=self._check_feed_address,
            ),
            self._add_answered,
        )

    def _check_feed_address(self, answer: str) -> str | None:
        """In the add box's thread: find the feed at the address, or say why not (the box
        stays open with the text, so a typo is fixed, not typed again). A file is added
        as import adds it, later."""
        if "://" not in answer and answer.startswith(("/", "~", ".")):
            return None
        try:
            self._discovered[answer] = self.library.discover(answer)
        except FeedlensError as error:
            return error.message
        return None

    def _add_answered(self, answer: str | None) -> None:
        if not answer:
            return
        if "://" not in answer and answer.startswith(("/", "~", ".")):
            self.import_paths([Path(answer).expanduser()])  # a file: added as import adds it
            return
        self.add_feed(answer)

    @work(thread=True, exclusive=True, group="add-feed", exit_on_error=False)
    def add_feed(self, url: str) -> None:
        try:
            discovery = self._discovered.pop(url, None) or self.library.discover(url)
        except FeedlensError as error:
            self.call_from_thread(self.notify, error.message, severity="error", markup=False)
            return
        if len(discovery.feeds) > 1:
            self.call_from_thread(self._choose_feed, discovery)
            return
        self._subscribe(discovery.feeds[0][0], discovery)

    def _choose_feed(self, discovery: Discovery) -> None:
        self.push_screen(
            ChoiceScreen(
                "This page lists several feeds; subscribe to which?",
                [(url, title or url) for url, title in discovery.feeds],
            ),
            lambda url: self._subscribe_in_worker(url, discovery),
        )

    def _subscribe_in_worker(self, url: str | None, discovery: Discovery) -> None:
        if url:
            self.run_worker(
                lambda: self._subscribe(url, discovery),
                thread=True,
                group="add-feed",
                exit_on_error=False,
            )

    def _subscribe(self, url: str, discovery: Discovery) -> None:
        line, severity = self._subscription_line(url, discovery)
        self.call_from_thread(self.notify, line, severity=severity, markup=False)
        screen = self.library_screen
        if screen is not None:
            self.call_from_thread(screen.reload_all)
            self.call_from_thread(fulltext.start_page_pass, screen)

    def _subscription_line(self, url: str, discovery: Discovery) -> tuple[str, SeverityLevel]:
        """Subscribe (in a worker) and say how it went: a feed already subscribed is refreshed
        and said so; a new one whose first fetch failed is not kept."""
        refreshed = self.library.refresh_if_subscribed(url)
        if refreshed is not None:
            already, outcome = refreshed
            said = f"Already subscribed to {outcome.title or already.title}"
            if outcome.error:
                return f"{said}; refreshing it failed: {outcome.error}", "error"
            return f"{said}; refreshed: {outcome.new} new", "information"
        _, outcome = self.library.add_feed(url, discovery=discovery, keep_failed=False)
        if outcome.error:
            return f"{url}: {outcome.error}; not subscribed", "error"
        return f"Subscribed to {outcome.title}: {counted(outcome.new, 'article')}", "information"

    def action_import_file(self) -> None:
        self.push_screen(
            PromptScreen(
                "Import a feed file, a folder of feeds, or an OPML list:",
                placeholder="~/feeds/news.xml",
                paths=True,
            ),
            self._import_answered,
        )

    def _import_answered(self, answer: str | None) -> None:
        if answer:
            self.import_paths([Path(answer).expanduser()])

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def import_paths(self, sources: list[Path], trusted: bool = False) -> None:
        """Import in a worker; ``trusted``: the user said yes to the question an OPML naming
        addresses on their network (or files outside its folder) brings (import_trust.py)."""

        def progress(step: ImportProgress) -> None:
            if step.result.needs_trust:
                return  # asked about once, when the import is done: not a line per feed
            if step.result.error:
                self.call_from_thread(
                    self.notify,
                    f"{step.result.source}: {step.result.error}",
                    severity="error",
                    markup=False,
                )
            elif step.total > 1 and time.monotonic() - last_shown[0] > 0.25:
                last_shown[0] = time.monotonic()
                share = step.bytes_done / max(step.bytes_total, 1)
                self.call_from_thread(
                    self._show_progress,
                    f"importing {share:.0%} · {step.done:,}/{step.total:,} files · "
                    f"{counted(step.articles, 'article')}",
                )

        last_shown = [0.0]
        try:
            summary = self.library.import_paths(sources, progress, local_files=trusted)
        finally:
            self.call_from_thread(self._show_progress, "")
        self.call_from_thread(self._imported, summary, sources, trusted)

    def _show_progress(self, text: str) -> None:
        screen = self.library_screen
        if screen is not None:
            screen.show_progress(text)

    def _imported(self, summary: ImportSummary, sources: list[Path], trusted: bool) -> None:
        if import_trust.needs_trust(summary):
            self.push_screen(
                ChoiceScreen(
                    import_trust.question(summary, sources),
                    import_trust.CHOICES,
                    import_trust.KEYS,
                ),
                lambda answer: self._trust_answered(answer, summary, sources),
            )
        else:
            self._say_imported(summary, trusted)
        screen = self.library_screen
        if screen is not None:
            screen.reload_all()
            fulltext.start_page_pass(screen)
        self._check_analysis()

    def _trust_answered(
        self, answer: str | None, summary: ImportSummary, sources: list[Path]
    ) -> None:
        if answer == import_trust.TRUST:
            self.import_paths(sources, trusted=True)
        else:
            self._say_imported(summary, False, asked=True)

    def _say_imported(self, summary: ImportSummary, trusted: bool, asked: bool = False) -> None:
        """The import's notice: its line (refusals in the command's words, less the flag when
        the reader has asked), the web feeds subscribed, and a line for each feed several
        files turned out to be, as the command prints them."""
        extra = (
            f"; {counted(summary.subscribed, 'web feed')} subscribed (R fetches them)"
            if summary.subscribed
            else ""
        )
        merged = "".join(f"\n{line}" for line in summary.merge_lines())
        self.notify(
            f"Import done{' as trusted' if trusted else ''}: "
            f"{summary.line(name_the_flag=not asked)}{extra}{merged}",
            markup=False,
            severity="error"
            if summary.failed and not summary.feeds and not asked
            else "information",
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A background job that failed becomes one line for the user, never a silent stop."""
        if event.state != WorkerState.ERROR:
            return
        from reader.text.clean import strip_controls

        error = event.worker.error
        message = strip_controls(  # the error's text may come from a server or a file
            error.message
            if isinstance(error, FeedlensError)
            else (f"{event.worker.name} failed: {type(error).__name__}: {error}")
        )
        self.log.error(f"worker {event.worker.name} failed", error)
        self.notify(message, severity="error", markup=False, timeout=8)

    # --- help and palette ------------------------------------------------------------------

    def action_all_annotations(self) -> None:
        from reader.ui.screens.annotations import AnnotationsScreen

        if not isinstance(self.screen, AnnotationsScreen):
            self.push_screen(AnnotationsScreen(self.library), self._jump_to_annotation)

    def _jump_to_annotation(self, jump: AnnotationJump | None) -> None:
        screen = self.library_screen
        if jump is not None and screen is not None:
            screen.call_after_refresh(screen.load_article, jump.article_id, True, jump.offset)

    def action_figures(self) -> None:
        from reader.ui.screens.figures import FiguresScreen

        if not isinstance(self.screen, FiguresScreen):
            self.push_screen(FiguresScreen(self.library))

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        title = section_name(type(self.screen).__name__)
        self.push_screen(HelpScreen(binding_rows(self.screen), title))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        library_screen = self.library_screen
        yield SystemCommand(
            "feed: import file", "Import a feed file, folder or OPML list", self.action_import_file
        )
        yield SystemCommand(
            "feed: import the sample feeds",
            "The feeds bundled with feedlens (offline): a library to try things on",
            lambda: self.import_paths([paths.sample_feeds_dir()]),
        )
        yield SystemCommand(
            "feed: add by URL",
            "Subscribe to a feed URL (or a page listing one)",
            self.action_add_feed,
        )
        yield SystemCommand(
            "annotation: list all",
            "Every highlight and note in the library (orphaned ones too)",
            self.action_all_annotations,
        )
        if library_screen is not None:
            views = (
                ("view: all articles", "all"),
                ("view: unread", "unread"),
                ("view: starred", "starred"),
            )
            for title, view_id in views:
                yield SystemCommand(
                    title, f"Show {view_id}", lambda v=view_id: library_screen.set_view(v)
                )
            yield SystemCommand(
                "view: unread only",
                "Toggle hiding read articles in this view",
                library_screen.action_toggle_unread_only,
            )
            yield SystemCommand(
                "view: fold stories",
                "Toggle one row per story (+4 more from 3 feeds) in the article list",
                library_screen.action_toggle_fold_stories,
            )
            yield SystemCommand(
                "story: open this article's story",
                "Every article of the story, its figures table and chart",
                library_screen.action_open_story,
            )
            for sort in ("newest", "oldest", "title", "feed"):
                yield SystemCommand(
                    f"sort: by {sort}",
                    f"Order the list by {sort}",
                    lambda s=sort: library_screen.set_sort(s),
                )
            for mode, meaning in FULL_TEXT_MODES:
                yield SystemCommand(
                    f"feed: full text {mode}",
                    f"This feed's article pages: {meaning}",
                    lambda m=mode: fulltext.set_mode(library_screen, m),
                )
            for title, help_text, action in (
                ("feed: delete", "Delete this feed and its articles", "delete_feed"),
                ("feed: rename", "Give this feed your own name", "rename_feed"),
                ("feed: edit tags", "Change this feed's tags", "tag_feed"),
                ("feed: mark read", "Mark every article of this feed read", "mark_feed_read"),
            ):
                yield SystemCommand(title, help_text, getattr(library_screen, f"action_{action}"))
            yield SystemCommand(
                "feed: mark everything read",
                "Mark every article of every feed read",
                lambda: library_screen.feed_manager.mark_read("all"),
            )
            yield SystemCommand(
                "search: delete saved search",
                "Delete the saved search shown",
                library_screen.action_delete_feed,
            )
            yield SystemCommand(
                "article: open in browser",
                "Open the article's link",
                library_screen.action_open_in_browser,
            )
            yield SystemCommand(
                "article: copy link",
                "Copy the article's link to the clipboard",
                library_screen.action_copy_link,
            )
            yield SystemCommand(
                "article: toggle star",
                "Star or unstar the article",
                library_screen.action_toggle_star,
            )
            yield SystemCommand(
                "article: toggle read",
                "Mark the article read or unread",
                library_screen.action_toggle_read,
            )
        yield SystemCommand(
            "figure: list",
            "Figures reported by several articles, and conflicts",
            self.action_figures,
        )
        if library_screen is not None:
            yield SystemCommand(
                "figure: this article's figures",
                "List the open article's figures and who else reports them",
                library_screen.action_article_figures,
            )
        yield SystemCommand("help: keys", "List every key of this screen", self.action_help)
        yield from super().get_system_commands(screen)


def make_app(library: Library, settings: Settings | None = None) -> FeedlensApp:
    """The app for a library, with the user's settings (read from the config file if None)
    and the theme last chosen in the palette (unless the config's theme changed since)."""
    settings = settings if settings is not None else load_settings()
    choice = library.remembered("theme")
    chosen = None
    if isinstance(choice, dict) and choice.get("over") == settings.theme:
        theme = choice.get("theme")
        chosen = theme if isinstance(theme, str) else None
    return FeedlensApp(library, settings, chosen)


def _loaded_class(module: str, name: str) -> type | None:
    """A screen class when its module is loaded, without loading it. A module another thread
    is still importing is in sys.modules without its classes yet (its screen cannot be the one
    shown): None then too, not an AttributeError in the analysis worker."""
    found = getattr(sys.modules.get(module), name, None)
    return found if isinstance(found, type) else None
