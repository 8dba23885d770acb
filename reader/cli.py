"""The ``feedlens`` command line: wires paths, config and the library to click commands.

Every listing takes ``--json`` (shapes documented in the README; keys are a contract). Errors a
user can cause are one line on stderr and a non-zero exit, never a traceback. With no command,
``feedlens`` opens the reader.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from reader import __version__
from reader.annotations import export_json
from reader.child_process import children_skip_main, want_analysis_workers
from reader.cli_errors import one_line_usage_error
from reader.cli_feeds import add_feed_commands
from reader.cli_fulltext import pages_after, summary_json
from reader.cli_fulltext import register as register_fulltext
from reader.cli_progress import StatusLine
from reader.cli_queue import queue_line
from reader.config import load_settings
from reader.errors import FeedlensError, NotFoundError
from reader.feeds.names import distinct_names
from reader.library import SKIPPED_NAMED, ImportProgress, ImportSummary, Library, LibrarySummary
from reader.models import Article, ArticleRow, Feed, ImportResult
from reader.output import echo, safe, safe_json
from reader.safe_write import refuse_library_path, write_text_atomically
from reader.store.articles import ArticleFilter
from reader.store.figures import StoredFigure
from reader.store.lock_wait import waiting_message
from reader.text.clean import strip_controls
from reader.text.wording import counted, shortened

if TYPE_CHECKING:  # fetching and search load with the commands that use them
    from reader.feeds.fetch import FetchLimits
    from reader.refresh import RefreshProgress
    from reader.search import SearchHit
    from reader.store.analysis_queue import AnalysisProgress


def _open_library(ctx: click.Context, tell_lock_waits: bool = True) -> Library:
    library = ctx.obj.get("library")
    if library is None:
        db: Path | None = ctx.obj.get("db")
        if db is not None:
            _refuse_missing_folder(db)
        library = Library(db, on_upgrade=_say_upgrading)
        ctx.obj["library"] = library
        ctx.call_on_close(library.close)
    assert isinstance(library, Library)
    if tell_lock_waits and not ctx.obj.get("telling_lock_waits"):  # the reader says it itself
        ctx.obj["telling_lock_waits"] = True
        library.lock_waits.listen(_say_waiting)
    return library


def _refuse_missing_folder(db: Path) -> None:
    """A library named with --db or FEEDLENS_DB goes in a folder that exists: a mistyped folder
    would otherwise become a new, empty library (filled with the samples by the reader) while
    the user thinks they are reading their own. The default place is created as before."""
    folder = db.expanduser().parent
    if not folder.is_dir():
        _fail(f"no folder {folder} for the library {db.name}: check --db, or create the folder")


def _say_waiting(waiting: bool) -> None:
    """A write waits for another program's lock: said once it has waited about a second."""
    if waiting:
        echo(f"feedlens: {waiting_message()}", err=True)


def _say_upgrading() -> None:
    echo(
        "feedlens: upgrading the library to this version (a large one takes a minute)…",
        err=True,
    )


def _fail(message: str, status: int = 1) -> NoReturn:
    echo(f"feedlens: {strip_controls(message)}", err=True)
    sys.exit(status)


def _read_input(path: Path, limit: int = 64 * 1024 * 1024) -> bytes:
    """A file the user names as input, or one FeedlensError line."""
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise FeedlensError(f"cannot read {path}: {error.strerror or error}") from None
    if len(data) > limit:
        raise FeedlensError(f"{path} is larger than {limit // (1024 * 1024)} MiB")
    return data


def _echo_json(value: Any) -> None:
    echo(safe_json(json.dumps(value, ensure_ascii=False, indent=2)))


SQLITE_MAX_INTEGER = 2**63 - 1
LIMIT_MAX = 2**31  # a --limit past this is "no limit": it is clamped, never an overflow


class _Limit(click.IntRange):
    """A count such as --limit: below its least it is a usage error (``--limit 0`` is a
    mistake, not a request for one row); past LIMIT_MAX it means "no limit" and is clamped."""

    def __init__(self, least: int = 1) -> None:
        super().__init__(min=least)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        number: int = super().convert(value, param, ctx)
        return min(number, LIMIT_MAX)


class _RowId(click.ParamType[int, Any]):
    """An article id: whole ASCII digits; one past SQLite's integers names nothing there is."""

    name = "id"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            number = value
        else:
            text = str(value).strip()
            if not (text.isascii() and text.isdigit()):
                self.fail(f"{value!r} is not an id (a whole number like 42)", param, ctx)
            number = int(text)
        if not 1 <= number <= SQLITE_MAX_INTEGER:
            raise NotFoundError(f"no article with id {number}")
        return number


ROW_ID = _RowId()


def _hear_interrupts() -> Any:
    """Ctrl-C ends this command's child processes at once, then interrupts it as usual (one
    line, ``feedlens: interrupted``). The children ignore it themselves (reader.child_signals):
    a child's own KeyboardInterrupt printed a traceback, and a parent waiting on a child that
    carried on would not end. Returns the handler replaced, None when none was (not the main
    thread, or SIGINT handled by whoever runs this, with a handler of its own).

    SIGINT found ignored is heard too: a shell without job control (a script, ``sh -c``,
    cron) starts a command run in the background (``&``) with SIGINT ignored and stdin from
    /dev/null, and Python then never installs its handler, so ``kill -INT`` did nothing and
    a refresh ran on to its end. An interrupt must stop a command the same way wherever it
    runs; only the children ignore it."""
    if threading.current_thread() is not threading.main_thread():
        return None
    previous = signal.getsignal(signal.SIGINT)
    if previous not in (signal.default_int_handler, signal.SIG_IGN, signal.SIG_DFL):
        return None
    signal.signal(signal.SIGINT, _interrupted)
    return previous


_children_ended = False  # set once Ctrl-C ended this command's child processes
_leaving = False  # set once the command is saying "interrupted": a second Ctrl-C changes nothing
# What the command has made safe so far, in words, for the interrupt's one line ("3 of 7 feeds
# refreshed and kept"): a user who presses Ctrl-C must know what to run again, if anything.
_kept: Callable[[], str] | None = None


def say_kept(words: Callable[[], str] | None) -> None:
    """From now on a Ctrl-C's line says ``words()`` after "interrupted: " (None: nothing). The
    callable is asked only then, so a command updates what it reads as it goes, at no cost."""
    global _kept
    _kept = words


def _interrupted_line() -> str:
    """``feedlens: interrupted``, with what is kept when the command said (never a failure of
    its own: the line is all the user sees)."""
    try:
        said = _kept() if _kept is not None else ""
    except Exception:  # a half-built count must not turn the interrupt into a traceback
        said = ""
    return f"feedlens: interrupted: {said}" if said else "feedlens: interrupted"


def _interrupted(number: int, frame: object) -> None:
    from reader.pipeline import end_children

    global _children_ended
    end_children()
    _children_ended = True
    if not _leaving:  # a second Ctrl-C while the first is told would print a traceback
        raise KeyboardInterrupt


def _release_semaphores() -> None:
    """Unlink this process's multiprocessing semaphores (its pools' queues and locks) before
    ``os._exit`` skips the finalizers that would: else the resource tracker, a process of its
    own, unlinks them once this one is gone and warns on the terminal ("There appear to be 5
    leaked semaphore objects to clean up at shutdown")."""
    synchronize = sys.modules.get("multiprocessing.synchronize")
    util = sys.modules.get("multiprocessing.util")
    if synchronize is None or util is None:
        return  # no semaphore was ever made
    registry = getattr(util, "_finalizer_registry", {})
    for finalizer in list(registry.values()):
        if getattr(finalizer, "_callback", None) is synchronize.SemLock._cleanup:
            try:
                finalizer()  # unlinks it and tells the tracker
            except Exception:  # gone already: the tracker keeps the rest
                continue


class _FeedlensGroup(click.Group):
    """Turns FeedlensError anywhere in a command into one line and exit status 1, and click's
    own usage errors into one line too (exit status 2, as click has it)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        kwargs["prog_name"] = "feedlens"  # not "python -m reader" (or a test runner's name)
        global _children_ended, _leaving, _kept
        _children_ended = _leaving = False  # a command run in-process after another's Ctrl-C
        _kept = None
        previous = _hear_interrupts()
        try:
            result = super().main(*args, **kwargs)
        except click.ClickException as error:
            _fail(one_line_usage_error(error), error.exit_code)
        except click.Abort:
            _fail("aborted")
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            if _children_ended:
                # Ctrl-C was heard (its handler ended the children) but its KeyboardInterrupt
                # was lost on the way (raised where something swallowed it): the command must
                # not go on as if it had ended well.
                raise KeyboardInterrupt
            return result
        except FeedlensError as error:
            if _children_ended:  # a child's failure because Ctrl-C ended it: the interrupt
                self._leave_interrupted()
            _fail(error.message)
        except ImportError as error:
            # Commands load what only they use when they use it (the import's bar, the page
            # pass, the reader itself): such a part missing or broken is an installation
            # problem, told in one line like every other failure, never a traceback.
            _fail(f"cannot load {error.name or 'a part of feedlens'} ({error}); reinstall feedlens")
        except KeyboardInterrupt:
            self._leave_interrupted()
        return None

    @staticmethod
    def _leave_interrupted() -> NoReturn:
        global _leaving
        _leaving = True
        echo(strip_controls(_interrupted_line()), err=True)
        if _children_ended:
            # Its pools' workers were ended under them: the interpreter's exit handlers
            # would wake their manager threads through pipes already closed and print
            # "Exception ignored … Bad file descriptor" tracebacks (CPython 3.11). What
            # had to be released was, by the ``finally`` blocks on the way here; a write
            # not committed rolls back.
            sys.stdout.flush()
            sys.stderr.flush()
            _release_semaphores()
            os._exit(130)
        sys.exit(130)


@click.group(cls=_FeedlensGroup, invoke_without_command=True)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="FEEDLENS_DB",
    help="Library file (default: the user data dir; FEEDLENS_DB also sets it).",
)
@click.version_option(__version__, prog_name="feedlens")
@click.pass_context
def main(ctx: click.Context, db: Path | None) -> None:
    """feedlens: a keyboard-driven feed reader that lines up the figures articles report."""
    children_skip_main()  # they run reader's own functions: none needs this script run again
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
    if ctx.invoked_subcommand is None:
        _run_reader(ctx)


def _run_reader(ctx: click.Context) -> None:
    from reader.ui.app import make_app  # Textual loads only when the reader opens

    library = _open_library(ctx, tell_lock_waits=False)
    want_analysis_workers()  # the reader analyses in the background after every refresh
    make_app(library).run()


# --- import / export -----------------------------------------------------------------------


def _result_json(summary: ImportSummary) -> dict[str, Any]:
    return {
        "feeds": summary.feeds,
        "subscribed": summary.subscribed,
        "new": summary.new,
        "updated": summary.updated,
        "failed": summary.failed,
        # Of those failed, the OPML entries its safety rule refused (deliberately not imported).
        "refused": summary.refused,
        # What the refused entries name that only a trusted OPML may (--trusted imports them):
        # the addresses of web feeds on this machine or your network, and files outside its
        # folder; each result's "needs_trust" says which of the two refused it ("" otherwise).
        "needs_trust": {
            "addresses": list(summary.needing_trust("address")),
            "files": list(summary.needing_trust("file")),
        },
        "skipped": [{"source": f.source, "reason": f.reason} for f in summary.skipped],
        # Files of this import that are one feed (copies of it): each group once.
        "merged": [{"feed": title, "sources": list(sources)} for title, sources in summary.merged],
        "results": [
            {
                "source": r.source,
                "feed_id": r.feed_id,
                "feed": r.feed_title,
                "new": r.new,
                "updated": r.updated,
                "unchanged": r.unchanged,
                "error": r.error,
                "warnings": list(r.warnings),
                "needs_trust": r.needs_trust,
            }
            for r in summary.results
        ],
    }


def _analysis_json(state: AnalysisProgress) -> dict[str, Any]:
    """Where the analysis stage stands, for JSON: ``complete`` is whether figures and stories
    include every stored article."""
    return {
        "complete": state.complete,
        # Of the batch: the articles queued since the queue was last empty (an import's, a
        # refresh's), not the library: 25 in a library of 2,000 once a batch of 25 is read.
        "analysed": state.done,
        "to_analyse": state.pending,
        "batch": state.total,
    }


class _FailuresTold:
    """An import's or a refresh's failures, each distinct error told once: a full disk or a
    read-only library failed every file (or feed) with the same line (22 identical lines).
    The first with an error is named at once; the others with it are counted, in one line at
    the end. ``noun``: what failed ("file", "feed")."""

    def __init__(self, noun: str = "file") -> None:
        self.noun = noun
        self._others: dict[str, list[tuple[str, str]]] = {}

    def first_time(self, name: str, error: str, noun: str = "") -> bool:
        """Whether ``error`` is new (to be told now, of ``name``); counted either way.
        ``noun``: what ``name`` is, when not this teller's ("web feed" among files)."""
        if error in self._others:
            self._others[error].append((name, noun or self.noun))
            return False
        self._others[error] = []
        return True

    def repeats(self) -> list[str]:
        """One line for each error more than one had, with how many more and which."""
        lines: list[str] = []
        for error, others in self._others.items():
            if not others:
                continue
            names = [name for name, _ in others]
            nouns = {noun for _, noun in others}
            named = ", ".join(names[:SKIPPED_NAMED])
            if len(names) > SKIPPED_NAMED:
                named += f" and {len(names) - SKIPPED_NAMED:,} more"
            noun = nouns.pop() if len(nouns) == 1 else "entry"
            more = counted(len(names), f"more {noun}")
            lines.append(strip_controls(f"feedlens: {error} (also {more}: {named})"))
        return lines


def _failure_line(result: ImportResult) -> str:
    """An import's failure as told at once: ``feedlens: SOURCE: ERROR``; an OPML's entry its
    safety rule refused is told of the OPML: ``feedlens: subs.opml: refused ENTRY: a file
    outside the OPML's folder``."""
    if result.refused_by:
        reason = (result.error or "").removeprefix("refused: ")
        return strip_controls(f"feedlens: {result.refused_by}: refused {result.source}: {reason}")
    return strip_controls(f"feedlens: {result.source}: {result.error}")


def _told_first(told: _FailuresTold, result: ImportResult) -> bool:
    """Whether an imported file's failure is to be told now (its file named at the end else).
    A web address is named whole and called a web feed, never a file."""
    if not result.error:
        return False
    web = result.source.lower().startswith(("http://", "https://"))
    name = result.source[:80] if web else Path(result.source).name
    error = f"{result.refused_by}: {result.error}" if result.refused_by else result.error
    return told.first_time(name, error, "web feed" if web else "file")


def _progress_printer(
    show_bar: bool, told: _FailuresTold
) -> tuple[Callable[[ImportProgress], None], Callable[[], None]]:
    """A progress callback that reports failures at once (each distinct one once) and draws
    a bar on a terminal."""
    if not show_bar:
        # No terminal to draw on (a pipe, a script, --json): failures as lines, and rich (a
        # sixth of a second of CPU to load, before the first file is read) is never loaded.
        def report_failures(step: ImportProgress) -> None:
            result = step.result
            if _told_first(told, result):
                echo(_failure_line(result), err=True)

        return report_failures, lambda: None
    return _progress_bar(told)


def _progress_bar(
    told: _FailuresTold,
) -> tuple[Callable[[ImportProgress], None], Callable[[], None]]:
    """The import's bar on a terminal (stderr), failures printed above it."""
    from rich import filesize
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    console = Console(stderr=True)
    # The bar, its percentage and the time left are measured in feed bytes, not files (one
    # large file must not look like one small one); the percentage says so ("6% of 48.2 MB"),
    # so that beside "719/1,780 files" the two do not read as one count disagreeing.
    bar = Progress(
        TextColumn("importing"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn(
            "of {task.fields[size]} · {task.fields[files]} files · {task.fields[articles]} articles"
        ),
        TimeRemainingColumn(),
        TextColumn("{task.description}", markup=False),  # a file name, never markup
        console=console,
        transient=True,
    )
    task = bar.add_task("", total=None, size="…", files="0", articles="0")
    bar.start()

    def report(step: ImportProgress) -> None:
        result = step.result
        if _told_first(told, result):
            bar.console.print(_failure_line(result), markup=False, highlight=False)
        name = strip_controls(Path(result.source).name)[:40]
        bar.update(
            task,
            completed=step.bytes_done,
            total=max(step.bytes_total, 1),
            description=name,
            size=filesize.decimal(step.bytes_total),
            files=f"{step.done:,}/{step.total:,}",
            articles=f"{step.articles:,}",
        )

    return report, bar.stop


class _FilesKept:
    """How far an import got, for the line a Ctrl-C prints: what the library holds, counted
    there once the interrupted workers have ended (``recount``): a worker's file stored but
    not reported yet is in too, and so is one whose commit the Ctrl-C came just after; a
    count of reports left those out. The import run again brings in the rest without
    duplicating the files already in (a file is its feed again, by its path)."""

    def __init__(self) -> None:
        self.stored = 0
        self.total = 0
        self.finished = False

    def took(self, step: ImportProgress) -> None:
        self.total = step.total
        if not step.result.error:
            self.stored += 1

    def recount(self, library: Library) -> None:
        """After a Ctrl-C (its handler ended the workers), while the library is still open:
        the files the library holds, once the workers are gone (a write one was in when
        ended is then done or rolled back)."""
        from reader.pipeline import wait_for_children

        wait_for_children(2.0)
        with contextlib.suppress(FeedlensError):  # the library cannot say: reports stand
            kept, total = library.import_kept()
            self.stored, self.total = max(self.stored, kept), max(self.total, total)

    def line(self) -> str:
        if self.finished:
            return (
                f"the import is complete and kept ({counted(self.stored, 'file')}); "
                "figures not read yet are read at the next start"
            )
        if not self.stored:
            return "no file imported yet"
        return (
            f"{self.stored:,} of {counted(self.total, 'file')} imported and kept; "
            "the same import again brings in the rest"
        )


@main.command("import")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--samples", is_flag=True, help="Import the sample feeds bundled with feedlens.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--wait", is_flag=True, help="Also wait for the analysis (figures) of what came in.")
@click.option(
    "--trusted",
    "--local-files",
    "local_files",
    is_flag=True,
    help="The OPML is one you trust, such as your own export-opml: it may name feed files "
    "anywhere on this machine (not only in its own folder) and web feeds on this machine or "
    "your network (not only public addresses). --local-files is its older name.",
)
@click.pass_context
def import_command(
    ctx: click.Context,
    paths: tuple[Path, ...],
    samples: bool,
    as_json: bool,
    wait: bool,
    local_files: bool,
) -> None:
    """Import feed files, directories of feeds and OPML lists.

    Each file that fails is named on stderr with why, in one line, and the others carry on.
    In a directory, a file whose content is surely not a feed (an index.json beside the
    feeds, a web page, a sitemap) is skipped: named on stderr and in the summary, not counted as
    failed; a file named by itself is meant as a feed and fails when it is not one.
    Exit status 1 when files failed and none could be imported, as refresh exits 1 when
    every feed it tried failed; 0 when at least one was (or nothing failed). Ctrl-C stops
    it (status 130) and says how many files were imported and kept: the same import again
    brings in the rest."""
    if not paths and not samples:
        _fail("nothing to import: give feed files, directories or OPML files (or --samples)")
    library = _open_library(ctx)
    if wait:  # its analysis follows in this process: its workers start with the extractor
        want_analysis_workers()
    told = _FailuresTold()
    printer, stop = _progress_printer(sys.stderr.isatty() and not as_json, told)
    files = _FilesKept()
    say_kept(files.line)

    def report(step: ImportProgress) -> None:
        files.took(step)
        printer(step)

    try:
        summary = library.import_samples(report) if samples and not paths else None
        if paths:
            summary = library.import_paths(list(paths), report, local_files=local_files)
            if samples:
                sample_summary = library.import_samples(report)
                summary = ImportSummary(
                    summary.results + sample_summary.results,
                    summary.subscribed,
                    summary.skipped,
                )
    except KeyboardInterrupt:
        files.recount(library)
        raise
    finally:
        stop()
    for line in told.repeats():
        echo(line, err=True)
    assert summary is not None
    files.finished = True
    # The page pass (and the fetching it loads) only where some feed's pages may be fetched.
    pages = pages_after(library, as_json) if library.pages_wanted() else None
    analysed = wait_for_analysis(library) if wait else library.analysis_progress()
    if as_json:
        shown = {**_result_json(summary), **_analysis_json(analysed)}
        _echo_json({**shown, "pages": summary_json(pages)} if pages is not None else shown)
    else:
        for result in summary.results:
            for warning in result.warnings:
                echo(f"feedlens: {result.source}: {warning}", err=True)
        for skipped in summary.skipped:
            echo(strip_controls(f"feedlens: {skipped.source}: skipped, {skipped.reason}"), err=True)
        if not _nothing_imported(summary):  # else its failures, told above, are all of it
            echo(strip_controls(summary.line()))
        for line in summary.merge_lines():
            echo(strip_controls(line))
        if pages is not None:
            echo(pages.line())
        if summary.subscribed:
            subscribed = counted(summary.subscribed, "web feed")
            them = "it" if summary.subscribed == 1 else "them"
            echo(f"{subscribed} subscribed: fetch {them} with `feedlens refresh`")
        # About what this import stored: after one that stored nothing (a missing file),
        # the articles of earlier imports still queued are no news, and read as its result.
        if not analysed.complete and (summary.new or summary.updated):
            echo(f"feedlens: {queue_line(analysed, summary.new)}", err=True)
    if summary.failed and not summary.feeds and not summary.subscribed:
        sys.exit(1)


def _nothing_imported(summary: ImportSummary) -> bool:
    """Whether an import was of one file that failed, and nothing else: its failure's line
    says everything, and ``0 feeds, 0 new, 0 updated, 1 failed`` after it read as a second
    problem. A summary with anything in it (a feed, a subscription, a file skipped) stays,
    as does the count of several failures (told once each error, "also 5 more files")."""
    nothing = not (summary.feeds or summary.subscribed or summary.skipped or summary.refused)
    return nothing and len(summary.results) == 1 and summary.failed == 1


@main.command("export-opml")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
@click.pass_context
def export_opml_command(ctx: click.Context, output: Path | None) -> None:
    """Export subscriptions as OPML 2.0 (tags become folders and categories)."""
    library = _open_library(ctx)
    text = safe(library.export_opml())  # a file is read on a terminal too
    if output is None:
        echo(text, nl=False)
    else:
        write_text_atomically(output, text, library.path)


# --- listings ------------------------------------------------------------------------------


def feed_json(feed: Feed) -> dict[str, Any]:
    return {
        "id": feed.id,
        "url": feed.url,
        "title": feed.title,
        "site_link": feed.site_link,
        "tags": list(feed.tags),
        "articles": feed.article_count,
        "unread": feed.unread_count,
        "last_success": feed.last_success,
        "last_error": feed.last_error,
        "error_count": feed.error_count,
        "status": feed.status,
        "full_text": feed.full_text,
    }


def article_row_json(row: ArticleRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "feed_id": row.feed_id,
        "feed": row.feed_title,
        "title": row.title,
        "link": row.link,
        "author": row.author,
        "published": row.published,
        "read": row.read,
        "starred": row.starred,
    }


def article_json(article: Article) -> dict[str, Any]:
    return {
        **article_row_json(article.row),
        "updated": article.updated,
        "text": article.text.text,
        "links": list(article.text.links),
    }


@main.group("feeds", cls=_FeedlensGroup, invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def feeds_command(ctx: click.Context, as_json: bool) -> None:
    """List feeds with their article and unread counts (or manage one: see the commands)."""
    if ctx.invoked_subcommand is not None:
        return
    feeds = _open_library(ctx).feeds()
    if as_json:
        _echo_json([feed_json(f) for f in feeds])
        return
    if not feeds:
        echo("No feeds yet: feedlens import PATH (files, folders, OPML) or feedlens add URL.")
    else:
        echo(f"{'id':>5}  unread/total feed  [tags]  (status)")
    # Feeds of one name ("reddit: the front page of the internet" three times) are followed
    # by what tells them apart (host, path or file), as in the reader's sidebar.
    names = distinct_names(feeds)
    for feed in feeds:
        tags = f"  [{', '.join(feed.tags)}]" if feed.tags else ""
        problem = f"  ! {feed.last_error} ({feed.error_count}×)" if feed.last_error else ""
        if feed.status == "gone":
            problem += "  (gone: no longer fetched)"
        elif feed.last_success:
            problem += f"  (updated {feed.last_success[:16].replace('T', ' ')})"
        echo(
            f"{feed.id:>5}  {feed.unread_count:>5}/{feed.article_count:<5}  {names[feed.id]}"
            f"{tags}{problem}"
        )


add_feed_commands(feeds_command, main, _open_library, lambda lib, name: resolve_feed(lib, name))


def resolve_feed(library: Library, name: str) -> Feed:
    """A feed named by id, URL, exact title or a unique part of its title."""
    feeds = library.feeds()
    if name.isascii() and name.isdigit():  # '²' is a digit to Python, not an id
        for feed in feeds:
            if feed.id == int(name):
                return feed
    by_url = [f for f in feeds if f.url == name]
    if by_url:
        return by_url[0]
    lowered = name.lower()
    # Two feeds may share a title (a feed imported from a file and subscribed by URL): a
    # title naming both is as ambiguous as a part of one, and "feeds rm" must not pick one.
    candidates = [f for f in feeds if f.title.lower() == lowered] or [
        f for f in feeds if lowered in f.title.lower()
    ]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise NotFoundError(f"no feed matches {name!r}")
    names = ", ".join(f"{f.title} (feed {f.id})" for f in candidates[:5])
    more = f", and {len(candidates) - 5} more (feedlens feeds)" if len(candidates) > 5 else ""
    raise NotFoundError(f"{name!r} matches several feeds ({names}{more}); use its id")


@main.command("articles")
@click.option("--feed", "feed_name", help="Only this feed (id, URL or title).")
@click.option("--unread", is_flag=True, help="Only unread articles.")
@click.option("--starred", is_flag=True, help="Only starred articles.")
@click.option("--limit", type=_Limit(), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def articles_command(
    ctx: click.Context,
    feed_name: str | None,
    unread: bool,
    starred: bool,
    limit: int,
    as_json: bool,
) -> None:
    """List articles, newest first."""
    library = _open_library(ctx)
    feed_id = resolve_feed(library, feed_name).id if feed_name else None
    view = ArticleFilter(feed_id=feed_id, unread_only=unread, starred_only=starred)
    rows = library.articles(view, 0, limit)
    if as_json:
        _echo_json([article_row_json(r) for r in rows])
        return
    if not rows:
        echo("No articles match.")
    for row in rows:
        flags = ("*" if row.starred else " ") + (" " if row.read else "•")
        date = (row.published or "")[:10]
        echo(f"{row.id:>7} {flags} {date:10}  {row.feed_title[:20]:20}  {row.title}")


@main.command("show")
@click.argument("article_id", type=ROW_ID)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def show_command(ctx: click.Context, article_id: int, as_json: bool) -> None:
    """Show one article as clean text, with its link list."""
    library = _open_library(ctx)
    article = library.article(article_id)
    page = library.page_state(article_id)
    if as_json:
        _echo_json(
            {
                **article_json(article),
                "text_source": page.text_source,
                "page_error": page.page_error,
                "feed_text": page.feed_text.text if page.feed_text is not None else None,
                # The entry's id when it stands in "link" for a missing link (else null).
                "entry_id": article.row.link if _is_entry_id(article.row.link) else None,
            }
        )
        return
    row = article.row
    echo(row.title)
    echo(
        f"{row.feed_title} · {row.published or 'undated'}"
        + (f" · {row.author}" if row.author else "")
    )
    if _is_entry_id(row.link):
        echo(f"id: {row.link}")  # an entry with no link: its feed's id for it stood in
    elif row.link:
        echo(row.link)
    if page.text_source == "page":
        echo("(full text from the article's page; the feed's own text is kept)")
    elif page.page_error:
        echo(f"(the feed's text: the page was not used: {strip_controls(page.page_error)})")
    echo("")
    echo(strip_controls(article.text.text))
    if article.text.links:
        echo("\nLinks:")
        for number, link in enumerate(article.text.links, start=1):
            echo(f"[{number}] {link}")


def _is_entry_id(link: str) -> bool:
    """Whether an article's link is its entry's id standing in for a missing link (feedparser
    lets an Atom id or a permalink guid stand in): ``tag:github.com,2008:…``, ``urn:uuid:…``,
    anything that is neither a web address nor a path on the feed's site."""
    lowered = link.lower()
    return bool(link) and not lowered.startswith(("http://", "https://", "/", "./", "../"))


@main.command("summary")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def summary_command(ctx: click.Context, as_json: bool) -> None:
    """Where the library is and how much it holds."""
    library = _open_library(ctx)
    summary = library.summary()
    analysed = library.analysis_progress()
    # The library's articles whose figures are read: all but those still to analyse.
    read = max(summary.articles - analysed.pending, 0)
    if as_json:
        _echo_json({**summary.__dict__, **_analysis_json(analysed), "articles_analysed": read})
        return
    echo(f"library: {summary.path}")
    echo(
        f"{counted(summary.feeds, 'feed')}, {counted(summary.articles, 'article')}, "
        f"{summary.unread:,} unread, "
        f"{summary.starred:,} starred"
    )
    if not analysed.complete:
        echo(
            f"figures read for {read:,} of {counted(summary.articles, 'article')}; "
            f"{analysed.pending:,} still to analyse"
        )
    echo(_annotations_line(summary))


def _annotations_line(summary: LibrarySummary) -> str:
    """What the library holds of the reader's own work: its highlights and notes (a note is
    a highlight with words of yours), and how many of them lost their passage (its article
    gone or changed: `annotations list` marks them [orphaned])."""
    if not summary.highlights and not summary.notes:
        return "no highlights or notes yet"
    line = f"{counted(summary.highlights, 'highlight')}, {counted(summary.notes, 'note')}"
    if summary.orphaned:
        line += f" ({summary.orphaned:,} orphaned: see `feedlens annotations list`)"
    return line


# --- figures -------------------------------------------------------------------------------


def _full_mention_json(figure: StoredFigure, text: str, title: str = "") -> dict[str, Any]:
    """Every field of a mention, with its id and sentence (a headline's figure: "field" is
    "title", its offsets and sentence are the title's)."""
    from reader.figures.titles import sentence_of

    mention = figure.mention
    return {
        "id": figure.id,
        **dataclasses.asdict(mention),
        "sentence": sentence_of(mention, title, text),
    }


def _mention_json(figure: StoredFigure, article: Article) -> dict[str, Any]:
    """A mention in a group: its fields plus the article it stands in."""
    row = article.row
    return {
        "article": {"id": row.id, "title": row.title, "link": row.link, "feed": row.feed_title},
        **_full_mention_json(figure, article.text.text, row.title),
        "published": row.published,
    }


def wait_for_analysis(library: Library) -> AnalysisProgress:
    """Wait for the analysis stage (figures, groups, stories) to read everything stored, with
    a bar on a terminal; what commands that show its results call first, so their output (and
    JSON) is whole. Returns where it stands: complete unless interrupted. (The stories
    command calls it too.)"""
    if library.queue_unanalysed():
        echo("feedlens: the figure extractor was upgraded: articles are read again", err=True)
    state = library.analysis_progress()
    if state.complete:
        return library.wait_for_analysis()  # nothing to read: groups brought up to date
    echo(
        f"feedlens: {state.line()} articles queued in the library (reading their figures)…",
        err=True,
    )
    if not sys.stderr.isatty():
        return library.wait_for_analysis()
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    # A million articles take minutes: a bar that tells the truth, gone when done.
    with Progress(
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("", total=state.total, completed=state.done)

        def progress(step: AnalysisProgress) -> None:
            bar.update(task, completed=step.done, total=step.total)

        return library.wait_for_analysis(progress)


def _catch_up_groups(library: Library) -> None:
    if not library.figure_groups_current():
        echo("feedlens: grouping figures from new articles…", err=True)


@main.command("figures")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option(
    "--min-articles",
    type=_Limit(2),
    default=2,
    show_default=True,
    help="Only groups spanning at least this many articles.",
)
@click.option("--article", "article_id", type=ROW_ID, help="List one article's mentions instead.")
@click.option(
    "--limit",
    type=_Limit(),
    default=None,
    help="At most this many groups.",
)
@click.pass_context
def figures_command(
    ctx: click.Context, as_json: bool, min_articles: int, article_id: int | None, limit: int | None
) -> None:
    """Figures reported by several articles, and sources that disagree."""
    library = _open_library(ctx)
    wait_for_analysis(library)
    if article_id is not None:
        article = library.article(article_id)
        figures = library.article_figures(article_id)
        if as_json:
            _echo_json(
                [_full_mention_json(f, article.text.text, article.row.title) for f in figures]
            )
            return
        from reader.figures.extract import format_value  # loads with the command using it
        from reader.figures.written import shown_value  # a clock as written, not its seconds

        for figure in figures:
            m = figure.mention
            value = (
                "vague"
                if m.vague
                else (
                    f"{format_value(m.low, m.kind, m.unit)}–{format_value(m.high, m.kind, m.unit)}"
                    if m.high is not None and m.low is not None
                    else shown_value(m.value, m.kind, m.unit, m.text)
                    if m.value is not None
                    else "?"
                )
            )
            details = ", ".join(
                part
                for part in (
                    m.kind,
                    m.unit,
                    m.rate,
                    m.noun and f"noun={m.noun}",
                    m.event and f"event={m.event}",
                    m.qualifier and f"qualifier={m.qualifier}",
                    m.modality,
                )
                if part
            )
            where = " title" if m.field == "title" else f"{m.start:>6}"  # an offset: the body's
            echo(f"{where}  {m.text:<28} {value:<14} {details}")
        return
    _catch_up_groups(library)
    groups = library.figure_groups(min_articles, limit=limit)
    if as_json:
        same: list[dict[str, Any]] = []
        conflicts: list[dict[str, Any]] = []
        for group in groups:
            mentions = [_mention_json(f, a) for f, a in library.group_mentions(group)]
            if group.kind == "conflict":
                conflicts.append(
                    {
                        "label": group.label,
                        "articles": group.articles,
                        "feeds": group.feeds,
                        "mentions": mentions,
                        # As the story's figures table says (reader/stories/story_groups.py).
                        "kind": group.verdict or conflict_kind(library.group_mentions(group)),
                        # The story it belongs to (added in session 23; "" and 0 where its
                        # reports are in no story yet).
                        "story": group.story,
                        "story_id": group.story_id,
                    }
                )
            else:
                same.append(
                    {
                        "value": group.value,
                        "unit": group.unit,
                        "noun": group.noun,
                        "label": group.label,
                        "articles": group.articles,
                        "feeds": group.feeds,
                        "mentions": mentions,
                    }
                )
        _echo_json({"same": same, "conflicts": conflicts})
        return
    if not groups:
        echo("No figure is reported by two or more articles yet.")
    for group in groups:
        marker = ""
        if group.kind == "conflict":  # an update (a figure revised) is no disagreement
            marker = "UPDATE    " if group.verdict == "update" else "CONFLICT  "
        story = f" · in “{group.story}”" if group.story else ""
        echo(f"{marker}{group.label} · {group.reach}{story}")


# --- search --------------------------------------------------------------------------------


def hit_json(hit: SearchHit) -> dict[str, Any]:
    return {
        "id": hit.article_id,
        "title": hit.title,
        "feed": hit.feed,
        "link": hit.link,
        "published": hit.published,
        "score": hit.score,
        "snippet": hit.snippet,
        "matches": {
            "title": [list(span) for span in hit.title_spans],
            "snippet": [list(span) for span in hit.snippet_spans],
        },
        "read": hit.read,
        "starred": hit.starred,
    }


@main.command("search")
@click.argument("query", nargs=-1, required=True)
@click.option(
    "--limit", type=click.IntRange(min=1, max=10_000, clamp=True), default=20, show_default=True
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def search_command(ctx: click.Context, query: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Search titles, text and feeds: fuzzy words plus feed:, tag:, is:, has:, after:, before:,
    -word and "exact phrase"."""
    from reader.search import asks_for_figures, parse_query

    parsed = parse_query(" ".join(query))
    if parsed.bad_date:  # not run: without its date the query would answer another question
        for hint in parsed.hints:
            echo(f"feedlens: {hint}", err=True)
        sys.exit(2)
    library = _open_library(ctx)
    if asks_for_figures(" ".join(query)):
        wait_for_analysis(library)
    result = library.search(" ".join(query), limit)
    for hint in result.hints:
        echo(f"feedlens: {hint}", err=True)
    if as_json:
        _echo_json([hit_json(h) for h in result.hits])
        return
    for word, fixes in result.corrections.items():
        echo(f"(searched {word!r} as {', '.join(fixes)})", err=True)
    if not result.hits:
        echo("No matches.")
    for hit in result.hits:
        echo(
            f"{hit.article_id:>7}  {(hit.published or '')[:10]:10}  {hit.feed[:20]:20}  {hit.title}"
        )
        if hit.snippet:
            echo(f"{'':>7}  {hit.snippet}")


# --- following feeds on the web ------------------------------------------------------------


def _limits() -> FetchLimits:
    from reader.feeds.fetch import FetchLimits

    settings = load_settings()
    return FetchLimits(
        max_concurrent=settings.max_concurrent_fetches,
        max_per_host=settings.max_fetches_per_host,
        deadline=settings.fetch_deadline_seconds,
    )


@main.command("add")
@click.argument("url")
@click.option("--tag", "tags", multiple=True, help="Tag (folder) for the feed; repeatable.")
@click.pass_context
def add_command(ctx: click.Context, url: str, tags: tuple[str, ...]) -> None:
    """Subscribe to a feed by URL (a web page's announced feed is found automatically)."""
    library = _open_library(ctx)
    limits = _limits()
    _say_fetching(url)
    if _already_subscribed(library, url, limits):
        return
    try:
        discovery = library.discover(url, limits)
    except FeedlensError as error:  # the address gave nothing to subscribe to: nothing kept
        _fail(f"{error.message}; not subscribed")
    chosen = discovery.feeds[0][0]
    if _shown_host(chosen) != _shown_host(url):
        _say_fetching(chosen)  # the page's feed is on another host: a wait of its own
    if len(discovery.feeds) > 1:
        others = ", ".join(u for u, _ in discovery.feeds[1:4])
        echo(
            f"feedlens: the page lists {len(discovery.feeds)} feeds; subscribing to the "
            f"first ({chosen}); others: {others}",
            err=True,
        )
    elif chosen != url:
        echo(f"feedlens: found the feed at {chosen}", err=True)
    if chosen != url and _already_subscribed(library, chosen, limits):
        return
    feed_id, outcome = library.add_feed(chosen, tags, limits, discovery, keep_failed=False)
    if outcome.error:
        _fail(f"{chosen}: {outcome.error}; not subscribed")
    echo(f"subscribed to {outcome.title} (feed {feed_id}): {counted(outcome.new, 'article')}")
    pages = pages_after(library, False)
    if pages is not None:
        echo(pages.line())


def _say_fetching(url: str) -> None:
    """``feedlens: fetching HOST…`` on a terminal: a slow host otherwise showed nothing for
    seconds, as if the command hung. Not in a pipe or a script, whose stderr is for failures."""
    host = _shown_host(url)
    if host and sys.stderr.isatty():
        echo(f"feedlens: fetching {host}…", err=True)


def _shown_host(url: str) -> str:
    """The host and port a URL names, as a user reads it (no user name or password)."""
    from urllib.parse import urlsplit

    try:
        return urlsplit(url).netloc.rpartition("@")[2][:80]
    except ValueError:
        return ""


def _already_subscribed(library: Library, url: str, limits: FetchLimits) -> bool:
    """A feed already subscribed at ``url`` is refreshed, and said so (never "subscribed to
    ... 0 articles", as if it were new); whether it was."""
    refreshed = library.refresh_if_subscribed(url, limits)
    if refreshed is None:
        return False
    feed, outcome = refreshed
    said = f"already subscribed to {outcome.title or feed.title} (feed {feed.id})"
    if outcome.error:
        _fail(f"{said}; refreshing it failed: {outcome.error}")
    echo(f"{said}; refreshed: {outcome.new} new, {outcome.updated} updated")
    pages = pages_after(library, False)
    if pages is not None:
        echo(pages.line())
    return True


@main.command("refresh")
@click.option("--feed", "feed_name", help="Only this feed (id, URL or title); fetched now.")
@click.option("--all", "force", is_flag=True, help="Fetch every feed now, even if not due.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def refresh_command(ctx: click.Context, feed_name: str | None, force: bool, as_json: bool) -> None:
    """Fetch feeds that are due (conditional GET, polite limits) and store new articles.

    Each feed that fails is named on stderr with why, in one line, and the others carry on.
    Exit status 1 when feeds were tried and every one failed (a dead host, a file gone: with
    --feed, that feed), as import exits 1 when nothing could be imported; 0 when at least one
    feed was refreshed (the failures are counted in the summary), or none was due. Ctrl-C
    stops it (status 130) and says how many feeds were refreshed and kept."""
    library = _open_library(ctx)
    feed = resolve_feed(library, feed_name) if feed_name else None
    feed_ids = [feed.id] if feed is not None else None
    # On a terminal: one line counting the feeds, and above it only the feeds that changed
    # or failed (286 "unchanged" lines hid them). A pipe gets the failures alone, as before.
    status = StatusLine() if sys.stderr.isatty() and not as_json else None
    steps: list[RefreshProgress] = []
    say_kept(lambda: _refreshed_line(steps))
    told = _FailuresTold("feed")
    counts = {"new": 0, "failed": 0}

    def progress(step: RefreshProgress) -> None:
        steps.append(step)
        done = step.feed
        counts["new"] += done.new
        counts["failed"] += bool(done.error)
        tell = status.above if status is not None else lambda line: echo(line, err=True)
        if done.error:
            if told.first_time(strip_controls(done.title), done.error):
                tell(f"feedlens: {strip_controls(done.title)}: {done.error}")
        elif status is not None and (done.new or done.updated):
            detail = f"{done.new} new, {done.updated} updated"
            tell(f"[{step.done}/{step.total}] {done.title}: {done.outcome} ({detail})")
        if status is not None:
            line = _refreshing_line(step, counts["new"], counts["failed"])
            status.show(line, force=step.done == step.total)

    try:
        summary = library.refresh(feed_ids, force=force, limits=_limits(), progress=progress)
    finally:  # also before an interrupt's line
        if status is not None:
            status.clear()
    for line in told.repeats():
        echo(line, err=True)
    if feed is not None and not summary.feeds:
        # A gone feed (410) is no longer fetched: naming it must not read as nothing to do.
        _fail(f"{feed.title}: not fetched: {feed.last_error or 'the feed is gone'}")
    failed = bool(summary.feeds) and all(f.error for f in summary.feeds)
    say_kept(lambda: f"{_refreshed_line(steps)}; article pages not fetched yet follow later")
    pages = pages_after(library, as_json)
    if as_json:
        _echo_json(
            {
                "feeds": [
                    {
                        "id": f.feed_id,
                        "title": f.title,
                        "outcome": f.outcome,
                        "new": f.new,
                        "updated": f.updated,
                        "error": f.error,
                    }
                    for f in summary.feeds
                ],
                **({"pages": summary_json(pages)} if pages is not None else {}),
            }
        )
    else:
        echo(summary.line() if summary.feeds else "No feed is due for a refresh.")
        if pages is not None:
            echo(pages.line())
    if failed:
        sys.exit(1)


def _refreshing_line(step: RefreshProgress, new: int, failed: int) -> str:
    """The terminal's progress line: ``refreshing 102/286 feeds · 14 new articles · 1
    failed``."""
    fails = f" · {failed:,} failed" if failed else ""
    return f"refreshing {step.done:,}/{step.total:,} feeds · {counted(new, 'new article')}{fails}"


def _refreshed_line(steps: list[RefreshProgress]) -> str:
    """What an interrupted refresh kept: each feed's articles are stored (committed) before
    its step is reported, and the feeds not reached are fetched at the next refresh."""
    if not steps:
        return "no feed refreshed yet"
    last = steps[-1]
    failed = sum(1 for step in steps if step.feed.error)
    fails = f" ({failed} failed)" if failed else ""
    return f"{len(steps)} of {counted(last.total, 'feed')} refreshed and kept{fails}"


# --- annotations ---------------------------------------------------------------------------


@main.group("annotations")
def annotations_group() -> None:
    """List, export and import highlights and notes."""


@annotations_group.command("list")
@click.option("--article", "article_id", type=ROW_ID, help="Only this article's annotations.")
@click.option("--tag", help="Only annotations with this tag.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the export format).")
@click.pass_context
def annotations_list(
    ctx: click.Context, article_id: int | None, tag: str | None, as_json: bool
) -> None:
    """Every annotation with its article."""
    library = _open_library(ctx)
    items = library.all_annotations(article_id, tag)
    if as_json:
        _echo_json(export_json(items)["annotations"])
        return
    if not items:
        echo("No annotations yet.")
    for annotation, article in items:
        status = "" if annotation.status == "anchored" else f" [{annotation.status}]"
        tags = f"  #{' #'.join(annotation.tags)}" if annotation.tags else ""
        echo(f"{annotation.id:>5}  {_cut(article.title, 50)}{status}{tags}")
        echo(f"       “{_cut(annotation.quote, 100)}”")
        if annotation.note:
            echo(f"       {_cut(annotation.note.splitlines()[0], 100)}")


@annotations_group.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(["md", "json", "w3c"]), default="md", show_default=True
)
@click.option("--article", "article_id", type=ROW_ID, help="Only this article.")
@click.option("--tag", help="Only annotations with this tag.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def annotations_export(
    ctx: click.Context, fmt: str, article_id: int | None, tag: str | None, output: Path | None
) -> None:
    """Export annotations as Markdown, JSON (for backup and import) or W3C Web Annotations."""
    library = _open_library(ctx)
    if output is not None:
        refuse_library_path(output, library.path)  # before the work, not after it
    text = library.export_annotations(fmt, article_id, tag)
    text = safe(text) if fmt == "md" else safe_json(text)  # a file is read on a terminal too
    if output is None:
        echo(text)
    else:
        write_text_atomically(output, text + "\n", library.path)


@annotations_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def annotations_import(ctx: click.Context, file: Path) -> None:
    """Restore a JSON export (annotations already present are updated, never duplicated).

    Exit status 1, with one line saying why, when the library holds none of the file's
    annotations afterwards (an empty export, or none of their articles here)."""
    outcome = _open_library(ctx).import_annotations(_read_input(file))
    failure = outcome.failure()
    if failure is not None and outcome.missing == len(outcome.problems):
        _fail(failure)  # one reason for every record: said once, not once a record
    for problem in outcome.problems:
        echo(f"feedlens: {problem}", err=True)
    if failure is not None:
        _fail(failure)
    echo(outcome.line())


@main.command("annotate")
@click.argument("article_id", type=ROW_ID)
@click.option("--quote", required=True, help="The exact passage to highlight.")
@click.option("--note", default="", help="A note (Markdown).")
@click.option("--tag", "tags", multiple=True, help="A tag; repeatable.")
@click.option(
    "--occurrence",
    type=click.IntRange(min=1),
    help="Which occurrence, when the quote appears more than once.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the new annotation as JSON.")
@click.pass_context
def annotate_command(
    ctx: click.Context,
    article_id: int,
    quote: str,
    note: str,
    tags: tuple[str, ...],
    occurrence: int | None,
    as_json: bool,
) -> None:
    """Highlight a passage of an article (and add a note) from a script."""
    library = _open_library(ctx)
    annotation = library.annotate_quote(article_id, quote, note, tags, occurrence)
    if as_json:
        items = library.all_annotations(article_id)
        match = next(item for item in items if item[0].id == annotation.id)
        _echo_json(export_json([match])["annotations"][0])
        return
    echo(
        f"annotation {annotation.id} on article {article_id} ({annotation.start}-{annotation.end})"
    )


# --- full text (commands in cli_fulltext.py) ------------------------------------------------

register_fulltext(main, feeds_command)

# Stories live in their own module (registered last: it imports helpers from this one).
from reader.cli_stories import conflict_kind, stories_command  # noqa: E402

main.add_command(stories_command)


def _cut(text: str, width: int) -> str:
    """At most ``width`` characters, with an ellipsis where the text was cut."""
    return shortened(text, width, at_word=False)
