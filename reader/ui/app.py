"""FeedlensApp: the Textual application, its global keys, command palette and start-up.

``make_app`` is the one factory the CLI and the tests use. On first run with an empty library
the bundled sample feeds are imported in a worker (the reader never waits on the network).
Palette commands read like "feed: import file", "view: unread only", "article: open in browser".
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from reader import paths
from reader.config import Settings, load_settings
from reader.errors import FeedlensError
from reader.library import ImportProgress, ImportSummary, Library
from reader.text.wording import counted
from reader.ui.screens.help import HelpScreen, binding_rows, section_name
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.prompt import ChoiceScreen, PromptScreen

if TYPE_CHECKING:  # loaded when first used: the first paint should not wait for them
    from rich.console import RenderableType

    from reader.refresh import Discovery
    from reader.ui.screens.annotations import AnnotationJump


def css_paths() -> list[Path]:
    """The TCSS files, as absolute paths (styles/ ships beside the package)."""
    folder = paths.styles_dir()
    return [
        folder / "app.tcss",
        folder / "library.tcss",
        folder / "figures.tcss",
        folder / "stories.tcss",
    ]


class FeedlensApp(App[None]):
    """The feedlens reader."""

    TITLE = "feedlens"
    CSS_PATH = css_paths()  # type: ignore[assignment]
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit", priority=True),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", id="app.command_palette", show=False),
    ]

    def __init__(self, library: Library, settings: Settings | None = None) -> None:
        super().__init__()
        self.library = library
        # The reader lives long beside a large library: its regroups run in a child process.
        library.group_apart()
        self.settings = settings or Settings()

    def exit(
        self,
        result: None = None,
        return_code: int = 0,
        message: RenderableType | None = None,
    ) -> None:
        # Before Textual waits for the worker threads: one may be regrouping or re-extracting.
        self.library.stop_background_work()
        super().exit(result, return_code, message)

    def on_mount(self) -> None:
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        if self.settings.theme:
            if self.settings.theme in self.available_themes:
                self.theme = self.settings.theme
            else:
                self.notify(
                    f"Unknown theme {self.settings.theme!r} in config",
                    markup=False,
                    severity="warning",
                )
        for problem in self.settings.problems:
            self.notify(problem, severity="warning", markup=False, timeout=8)
        self.push_screen(LibraryScreen(self.library))
        # After the first paint: the check loads the extractor and reads the library.
        self.call_after_refresh(self._first_run_check)
        minutes = self.settings.refresh_interval_minutes
        if minutes > 0:
            self.set_interval(minutes * 60, self._scheduled_refresh)

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
        if self.library.is_empty():
            summary = self.library.import_samples()
            self.call_from_thread(self._samples_loaded, summary)
            return
        self._catch_up_extraction()

    def _catch_up_extraction(self) -> None:
        """After an extractor upgrade, figures are extracted again in the background."""
        stale = self.library.stale_extraction_count()
        if not stale:
            return
        self.call_from_thread(
            self.notify,
            f"The figure extractor was upgraded: re-reading {counted(stale, 'article')} "
            "in the background…",
            timeout=5,
            markup=False,
        )
        last_shown = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if now - last_shown[0] > 2 or done == total:
                last_shown[0] = now
                self.call_from_thread(self._extraction_progress, done, total)

        self.library.reextract_figures(progress)
        if self.library.stale_extraction_count():
            return  # stopped: the reader is quitting
        self.call_from_thread(self._extraction_done, stale)

    def _extraction_done(self, count: int) -> None:
        from reader.ui.screens.figures import FiguresScreen

        self.notify(f"Figures re-extracted for {counted(count, 'article')}", markup=False)
        if isinstance(self.screen, FiguresScreen):
            self.screen.load_groups()  # it showed the groups from before the upgrade

    def _extraction_progress(self, done: int, total: int) -> None:
        self._show_progress("" if done >= total else f"re-extracting figures {done:,}/{total:,}")

    def _samples_loaded(self, summary: ImportSummary) -> None:
        self.notify(
            f"Your library was empty, so feedlens loaded its sample feeds: {summary.line()}. "
            "Import your own with ctrl+p → “feed: import file”.",
            title="Welcome",
            timeout=10,
            markup=False,
        )
        screen = self.library_screen
        if screen is not None:
            screen.reload_all()

    def action_add_feed(self) -> None:
        self.push_screen(
            PromptScreen(
                "Subscribe to (a feed URL or a web page that lists one):",
                placeholder="https://example.com/feed.xml",
            ),
            self._add_answered,
        )

    def _add_answered(self, answer: str | None) -> None:
        if answer:
            self.add_feed(answer)

    @work(thread=True, exclusive=True, group="add-feed", exit_on_error=False)
    def add_feed(self, url: str) -> None:
        try:
            discovery = self.library.discover(url)
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
        _, outcome = self.library.add_feed(url, discovery=discovery)
        if outcome.error:
            self.call_from_thread(
                self.notify, f"{url}: {outcome.error}", severity="error", markup=False
            )
        else:
            self.call_from_thread(
                self.notify,
                f"Subscribed to {outcome.title}: {counted(outcome.new, 'article')}",
                markup=False,
            )
        screen = self.library_screen
        if screen is not None:
            self.call_from_thread(screen.reload_all)

    def action_import_file(self) -> None:
        self.push_screen(
            PromptScreen(
                "Import a feed file, a folder of feeds, or an OPML list:",
                placeholder="~/feeds/news.xml",
            ),
            self._import_answered,
        )

    def _import_answered(self, answer: str | None) -> None:
        if answer:
            self.import_paths([Path(answer).expanduser()])

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def import_paths(self, sources: list[Path]) -> None:
        def progress(step: ImportProgress) -> None:
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
            summary = self.library.import_paths(sources, progress)
        finally:
            self.call_from_thread(self._show_progress, "")
        self.call_from_thread(self._imported, summary)

    def _show_progress(self, text: str) -> None:
        screen = self.library_screen
        if screen is not None:
            screen.show_progress(text)

    def _imported(self, summary: ImportSummary) -> None:
        extra = (
            f"; {summary.subscribed} web feeds subscribed (R fetches them)"
            if summary.subscribed
            else ""
        )
        self.notify(
            f"Import done: {summary.line()}{extra}",
            markup=False,
            severity="error" if summary.failed and not summary.feeds else "information",
        )
        screen = self.library_screen
        if screen is not None:
            screen.reload_all()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A background job that failed becomes one line for the user, never a silent stop."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        message = (
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
            for sort in ("newest", "oldest", "title", "feed"):
                yield SystemCommand(
                    f"sort: by {sort}",
                    f"Order the list by {sort}",
                    lambda s=sort: library_screen.set_sort(s),
                )
            yield SystemCommand(
                "article: open in browser",
                "Open the article's link",
                library_screen.action_open_in_browser,
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
    """The app for a library, with the user's settings (read from the config file if None)."""
    return FeedlensApp(library, settings if settings is not None else load_settings())
