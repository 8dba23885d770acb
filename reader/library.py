"""The facade the reader and the CLI use: everything they can ask of the library, in one place.

The UI never runs SQL, parses feeds or opens files itself; it calls a ``Library`` method (in a
worker thread when it touches disk) and gets frozen records back. Errors a user can cause come
out as ``FeedlensError`` with one readable line.

Parsing, fetching, extraction, search and the stories (``Library.stories``, made on first use)
are imported by the methods that use them, not here:
the reader imports this module before its first paint, and those modules would cost it about a
tenth of a second it need not spend to show the article list.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from reader import paths
from reader.clock import now_iso
from reader.errors import FeedlensError, FeedParseError, FetchError, NotFoundError
from reader.import_files import (
    Job,
    file_url,
    import_in_worker,
    prepare_safely,
    read_file,
    store_prepared,
)
from reader.library_analysis import AnalysisFacade
from reader.library_annotations import AnnotationsFacade
from reader.library_figures import FiguresFacade
from reader.models import Article, ArticleRow, Feed, ImportResult
from reader.store import annotations as annotation_store
from reader.store import articles as article_store
from reader.store import feed_admin
from reader.store.articles import ArticleFilter
from reader.store.db import BUSY_TIMEOUT_MS, Store
from reader.store.lock_wait import LockWaits
from reader.text.wording import counted

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from reader.feeds.addresses import Resolver
    from reader.feeds.fetch import FetchLimits
    from reader.fulltext import FullTextSummary, PagePassOptions, PageProgress
    from reader.refresh import Discovery, FeedRefresh, RefreshProgress, RefreshSummary
    from reader.search import SearchResult
    from reader.store.library_mark import LibraryMark
    from reader.store.pages import PageState
    from reader.stories.facade import StoryFacade

SAVED_SEARCH_LIMIT = 1000
HEAD_BYTES = 8192  # enough of a file to tell its format
SEARCH_CACHE_SECONDS = 10.0
_SKIPPED_NAMES = {"readme", "readme.md", "license", "license.txt"}
SKIPPED_NAMED = 3  # files skipped as not feeds named in an import's summary line
MERGED_NAMED = 5  # files found to be one feed named in its line
TRUST_NAMED = 3  # addresses or files an untrusted OPML named, named in its refusal


@dataclass(frozen=True)
class ImportProgress:
    """Reported after each file of an import: how far along, and what that file gave."""

    done: int
    total: int
    result: ImportResult
    bytes_done: int = 0  # feed bytes read so far: files differ in size, bytes tell the time
    bytes_total: int = 0
    articles: int = 0  # new and updated articles so far


@dataclass(frozen=True)
class SkippedFile:
    """A file in a folder being imported whose content is surely not a feed (an index.json
    beside the feeds, a web page): named and left alone, never counted as a failed feed."""

    source: str
    reason: str


@dataclass(frozen=True)
class ImportSummary:
    """What a whole import did: ``N feeds, M new, K updated, E failed`` (then the files of a
    folder skipped as not feeds, by name)."""

    results: tuple[ImportResult, ...]
    subscribed: int = 0  # web feeds an OPML list named: recorded, fetched by `refresh`
    skipped: tuple[SkippedFile, ...] = ()

    @property
    def feeds(self) -> int:
        """Feeds imported: a file that failed is counted as failed only (its feed row may have
        been made in a write that then failed, a full disk's, and rolled back)."""
        return len({r.feed_id for r in self.results if r.feed_id is not None and not r.error})

    @property
    def new(self) -> int:
        return sum(r.new for r in self.results)

    @property
    def updated(self) -> int:
        return sum(r.updated for r in self.results)

    @property
    def failed(self) -> int:
        """Files and entries not imported for an error, refused ones included (as the JSON's
        ``failed`` and the exit status have always counted them)."""
        return sum(1 for r in self.results if r.error)

    def needing_trust(self, kind: Literal["address", "file"]) -> tuple[str, ...]:
        """What an OPML named that only one the user trusts may: the addresses (host and
        port, once each) of its web feeds on this machine or the user's network, or its
        files outside its folder; as the OPML wrote them (anyone's text: clean it to show)."""
        named = (r.source for r in self.results if r.error and r.needs_trust == kind)
        if kind == "address":
            from reader.feeds.addresses import shown_address

            named = (shown_address(url) for url in named)
        return tuple(dict.fromkeys(named))

    @property
    def refused(self) -> int:
        """An OPML's entries its safety rule kept out: deliberately not imported."""
        return sum(1 for r in self.results if r.error and r.refused_by)

    @property
    def merged(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The feeds that several files of this import turned out to be, as (title, files):
        copies of one feed (same title, site link and some entries: reader.store.feed_identity)
        are one feed, whose articles are the union of theirs; said, never silent."""
        files: dict[int, dict[str, str]] = {}
        titles: dict[int, str] = {}
        for result in self.results:
            if result.feed_id is None or result.error:
                continue
            same = result.source if "://" in result.source else str(Path(result.source).resolve())
            files.setdefault(result.feed_id, {}).setdefault(same, result.source)
            titles[result.feed_id] = result.feed_title
        return tuple(
            (titles[feed_id], tuple(sorted(named.values())))
            for feed_id, named in files.items()
            if len(named) > 1
        )

    def merge_lines(self) -> list[str]:
        """One line for each feed several files were: ``3 files are one feed (same title, site
        and articles): a.rss, b.rss, c.rss → kept as 'Taverncast'``."""
        from reader.text.clean import clean_line

        lines = []
        for title, sources in self.merged:
            names = [clean_line(Path(source).name, 80) for source in sources[:MERGED_NAMED]]
            more = len(sources) - len(names)
            named = ", ".join(names) + (f" and {more} more" if more else "")
            lines.append(
                f"{len(sources)} files are one feed (same title, site and articles): {named} "
                f"→ kept as {clean_line(title, 120)!r}"
            )
        return lines

    def refusal(self, name_the_flag: bool = True) -> str:
        """The entries an untrusted OPML may not name, in the one wording the command and the
        reader share: ``3 refused as not trusted (127.0.0.1:8080, [::1]:9 and 1 more): an OPML
        names files outside its folder and web feeds on this machine or your network only
        when trusted``, then, for the command, how to trust it (``name_the_flag``; the reader
        has asked instead, reader/ui/import_trust.py). "" when nothing was refused."""
        if not self.refused:
            return ""
        from reader.text.clean import clean_line

        # What the OPML names is anyone's text: one plain line each; a file by its name.
        files = (Path(source).name for source in self.needing_trust("file"))
        named = self.needing_trust("address") + tuple(dict.fromkeys(files))
        shown = [clean_line(item, 60) for item in named[:TRUST_NAMED]]
        more = len(named) - len(shown)
        listed = ", ".join(shown) + (f" and {more} more" if more else "")
        words = (
            f"{self.refused:,} refused as not trusted" + (f" ({listed})" if listed else "")
            + ": an OPML names files outside its folder and web feeds on this machine or your "
            "network only when trusted"
        )  # fmt: skip
        if name_the_flag:
            words += " (import --trusted, for one you trust such as your own export-opml)"
        return words

    def line(self, name_the_flag: bool = True) -> str:
        """The import in one line. ``name_the_flag`` False leaves out how to import refused
        entries from the command line: the reader asks instead (reader/ui/import_trust.py)."""
        done = (
            f"{counted(self.feeds, 'feed')}, {self.new} new, {self.updated} updated, "
            f"{self.failed - self.refused} failed"
        )
        if self.refused:
            done += f", {self.refusal(name_the_flag)}"
        if not self.skipped:
            return done
        from reader.text.clean import clean_line

        # A file's name is anyone's text: it reaches the reader's notice and a terminal.
        names = [
            clean_line(Path(skipped.source).name, 80) for skipped in self.skipped[:SKIPPED_NAMED]
        ]
        more = len(self.skipped) - len(names)
        named = ", ".join(names) + (f" and {more} more" if more else "")
        what = "not a feed" if len(self.skipped) == 1 else "not feeds"
        return f"{done}; skipped {counted(len(self.skipped), 'file')}, {what}: {named}"


@dataclass(frozen=True)
class _ImportFiles:
    """The files of the import under way, by their feed URLs: which were feeds before it
    began, and which it has stored and reported (a set it fills as it goes)."""

    urls: tuple[str, ...] = ()
    before: frozenset[str] = frozenset()
    total: int = 0  # files, those that failed before being read included
    done: set[str] = field(default_factory=set)


def _refused(
    opml: Path, entry: str, title: str, reason: str, needs_trust: Literal["address", "file"]
) -> ImportResult:
    """An OPML's entry its safety rule keeps out (it is not marked trusted): ``reason`` says
    where the entry leads; the command names ``--trusted`` once, in its summary, and the
    reader offers to import the OPML again as trusted (``needs_trust`` says what it names)."""
    return ImportResult(
        entry,
        None,
        title,
        error=f"refused: {reason}",
        refused_by=str(opml),
        needs_trust=needs_trust,
    )


@dataclass(frozen=True)
class LibrarySummary:
    path: str
    feeds: int
    articles: int
    unread: int
    starred: int
    # Annotations: without a note, with one, and of both those whose article is gone.
    highlights: int = 0
    notes: int = 0
    orphaned: int = 0


def _not_a_feed(path: Path, head: bytes, kind: str) -> str | None:
    """Why a file's content is surely not a feed (a web page; a JSON document with no JSON
    Feed version), or None when it may be one: a broken feed still fails as one."""
    if kind == "html":
        return "a web page, not a feed"
    if kind == "xml":
        root = _xml_root(head)
        lowered = head.lower()
        if root is None or root in _FEED_ROOTS or any(tag in lowered for tag in _FEED_TAGS):
            return None  # a feed, or maybe one: read as a feed, it fails as one if broken
        return f"XML whose root is <{root}>, not RSS or Atom"
    if kind != "json" or b"jsonfeed.org/version" in head:
        return None
    try:
        document = json.loads(read_file(path))
    except (FeedParseError, ValueError, RecursionError):
        return None  # unreadable or broken JSON: read as a feed, it fails and says why
    version = document.get("version", "") if isinstance(document, dict) else ""
    if "jsonfeed.org/version/" in str(version):
        return None
    return "JSON that is not a JSON Feed (no jsonfeed.org version)"


# The root elements of RSS 0.9x/2.0, RSS 1.0 (rdf:RDF), Atom and early RSS (channel), by
# local name: an XML file in a folder with another root (a sitemap's urlset, an SVG) is
# surely no feed.
_FEED_ROOTS = frozenset({"rss", "rdf", "feed", "channel"})
# A feed's elements anywhere in its first bytes (reader.feeds.parse.detect_format's marks): a
# file holding one is read as a feed, whatever its root.
_FEED_TAGS = (b"<rss", b"<feed", b"<rdf", b"<channel", b"<item", b"<entry")
# What may come before an XML document's root element: a declaration or processing
# instructions, comments, a doctype (with an internal subset), whitespace.
_XML_PROLOG = re.compile(
    rb"(?:\s+|<\?.*?\?>|<!--.*?-->|<!doctype[^\[>]*(?:\[.*?\])?\s*>)*", re.DOTALL | re.IGNORECASE
)
_XML_NAME = re.compile(rb"<([A-Za-z_][\w.:-]*)")


def _xml_root(head: bytes) -> str | None:
    """The local name of an XML document's root element, lowercased, from its first bytes;
    None when it is not in them (a long prolog, another encoding)."""
    start = _XML_PROLOG.match(head.lstrip(b"\xef\xbb\xbf"))
    name = _XML_NAME.match(head.lstrip(b"\xef\xbb\xbf"), start.end() if start else 0)
    if name is None:
        return None
    return name.group(1).split(b":")[-1].decode("ascii", "replace").lower()


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


class Library(AnalysisFacade, FiguresFacade, AnnotationsFacade):
    """One feedlens library file and everything that can be done with it."""

    def __init__(
        self,
        path: Path | None = None,
        busy_timeout_ms: int | None = None,
        on_upgrade: Callable[[], None] | None = None,
        resolver: Resolver | None = None,
    ) -> None:
        self.path = path or paths.default_db_path()
        self.resolver = resolver  # host names to addresses for every fetch; None: the system's
        timeout = BUSY_TIMEOUT_MS if busy_timeout_ms is None else busy_timeout_ms
        self.store = Store(self.path, timeout, on_upgrade)
        self._search_cache: dict[str, tuple[float, list[int]]] = {}
        self._subscribed = 0
        # import_paths: is an OPML trusted (files outside its folder, addresses beyond the web)
        self._local_files = False
        self._import_files = _ImportFiles()  # the import under way: what a Ctrl-C line counts
        # The reader may ask for groups from two workers at once (the Figures screen and an
        # article's figures): one regroups, the other then finds the groups current.
        self._grouping = threading.Lock()
        self._apart_above: int | None = None
        self._children: set[BaseProcess] = set()  # regrouping apart right now
        self._stopping = threading.Event()
        self._stories: StoryFacade | None = None
        self._stories_made = threading.Lock()
        self._want_page_extractor()

    @property
    def stories(self) -> StoryFacade:
        """Stories and threads (reader/stories/), loaded the first time they are asked for:
        most commands never do, and the stories, figures and search modules they load cost
        every one of them a tenth of a second of CPU. The reader asks from several workers
        at once: one makes it (and imports its modules), the others wait for that one."""
        with self._stories_made:
            if self._stories is None:
                from reader.stories.facade import StoryFacade

                self._stories = StoryFacade(self.store)
            return self._stories

    def close(self) -> None:
        self.stop_background_work()
        self.store.close()

    @property
    def read_only(self) -> bool:
        """Whether nothing can be written this run (a read-only file or disk, a full disk at
        start): retrying a write cannot help."""
        return self.store.read_only

    def refusal(self) -> str:
        """The one line every write gets when the library is read-only this run."""
        return self.store.refusal()

    @property
    def lock_waits(self) -> LockWaits:
        """Told while a write waits for another program's lock (reader.store.lock_wait)."""
        return self.store.lock_waits

    def user_at_work(self) -> None:
        """The user pressed a key or clicked: a page pass under way steps further aside for
        a moment, so the reader answers first (reader/background_priority.py); a pipe write
        at most every quarter of a second, nothing when no pass listens."""
        from reader.background_priority import tell_at_work

        tell_at_work()

    def stop_background_work(self) -> None:
        """Stop long work a worker thread is doing, so the reader can quit at once: a regroup
        in a child process (minutes at a million articles) is stopped, re-extraction stops
        after its current batch, a refresh abandons its fetches within a tenth of a second and
        an import stops after its current file. For the rest of this object's life: the
        reader calls it as it quits, and work started after it (a worker that began as the
        user quit) stops too.
        Each writes in whole transactions, so nothing half-done is left; the next start of
        feedlens carries on from where they were."""
        self._stopping.set()
        for child in list(self._children):
            child.terminate()

    # --- importing -------------------------------------------------------------------------

    def _expand(
        self, sources: Iterable[Path]
    ) -> tuple[list[Job], list[ImportResult], list[SkippedFile]]:
        """Files to import from paths given by the user: directories and OPML expanded. A
        file in a directory whose content is surely not a feed is skipped, not failed (a
        folder of feeds often holds an index or notes beside them); a file named by itself
        is meant as a feed, and fails when it is not one."""
        jobs: list[Job] = []
        failures: list[ImportResult] = []
        skipped: list[SkippedFile] = []
        for source in sources:
            if str(source).lower().startswith(("http:/", "https:/")):
                failures.append(
                    ImportResult(
                        str(source),
                        None,
                        "",
                        error="a web address: subscribe to it with `feedlens add URL`",
                    )
                )
                continue
            if source.is_dir():
                files = sorted(
                    p
                    for p in source.iterdir()
                    if p.is_file()
                    and not p.name.startswith(".")
                    and p.name.lower() not in _SKIPPED_NAMES
                )
                for file in files:
                    self._expand_file(file, jobs, failures, skipped)
            else:
                self._expand_file(source, jobs, failures)
        return _one_job_a_file(jobs), failures, skipped

    def _expand_file(
        self,
        path: Path,
        jobs: list[Job],
        failures: list[ImportResult],
        skipped: list[SkippedFile] | None = None,
    ) -> None:
        """One file to import, or its failure; ``skipped`` is given for a file found in a
        directory: one that is surely not a feed goes there instead."""
        from reader.feeds.parse import detect_format, normalise_bytes, parse_opml

        try:
            head = read_file(path, HEAD_BYTES)
        except FeedParseError as error:
            failures.append(ImportResult(str(path), None, "", error=error.message))
            return
        try:
            kind = detect_format(normalise_bytes(head))
        except FeedParseError as error:
            if skipped is None:
                failures.append(ImportResult(str(path), None, "", error=error.message))
            else:
                skipped.append(SkippedFile(str(path), error.message))
            return
        not_feed = _not_a_feed(path, head, kind) if skipped is not None else None
        if skipped is not None and not_feed is not None:
            skipped.append(SkippedFile(str(path), not_feed))
            return
        if kind != "opml":
            jobs.append(Job(path))
            return
        try:
            outlines = parse_opml(read_file(path))
        except FeedParseError as error:
            failures.append(ImportResult(str(path), None, "", error=error.message))
            return
        for outline in outlines:
            url = outline.xml_url
            if url.lower().startswith(("http://", "https://")):
                # Loaded for a web address only: it loads asyncio (and ssl), which importing
                # files never needs.
                from reader.feeds.addresses import listed_address_place, url_problem

                trusted = self._local_files
                problem = url_problem(url)
                if problem is not None:
                    failures.append(ImportResult(url, None, outline.title, error=problem))
                    continue
                place = None if trusted else listed_address_place(url)
                if place is not None:
                    failures.append(_refused(path, url, outline.title, place, "address"))
                    continue
                # A trusted OPML (the user's own export) names feeds as the user typed them:
                # they may reach this machine and the user's network, as they did when added.
                origin = None if trusted else str(path)
                self.subscribe(url, outline.title, outline.html_url, outline.tags, origin)
                if trusted:
                    self._trust_feed(url)
                self._subscribed += 1
                continue
            local = _opml_local_path(path, url, self._local_files)
            if local is None:
                failures.append(
                    _refused(path, url, outline.title, "a file outside the OPML's folder", "file")
                )
            else:
                jobs.append(Job(local, outline.tags, outline.title))

    def import_paths(
        self,
        sources: Sequence[Path],
        progress: Callable[[ImportProgress], None] | None = None,
        processes: int | None = None,
        local_files: bool = False,
    ) -> ImportSummary:
        """Import feed files, directories and OPML lists, a batch of a feed per transaction;
        returns when they are stored and searchable (their analysis is queued). An OPML's
        file entries are read only from its own folder tree, and its web feeds reach only
        public addresses, unless ``local_files`` (an OPML the user trusts: their own export)."""
        self._local_files = local_files
        self._subscribed = 0
        jobs, results, skipped = self._expand(sources)
        total = len(jobs) + len(results)
        self._import_files = _ImportFiles(
            tuple(file_url(job.path) for job in jobs), self._feed_urls(), total
        )
        sizes = {job.path: _file_size(job.path) for job in jobs}
        bytes_total = sum(sizes.values())
        done = bytes_done = articles = 0
        for failure in results:
            done += 1
            if progress:
                progress(ImportProgress(done, total, failure, 0, bytes_total))
        for job, result in self._imported(jobs, processes):
            if self._stopping.is_set():
                break  # the reader is quitting: each file is whole or not started
            results.append(result)
            if not result.error:
                self._import_files.done.add(file_url(job.path))
            done += 1
            bytes_done += sizes[job.path]
            articles += result.new + result.updated
            if progress:
                progress(ImportProgress(done, total, result, bytes_done, bytes_total, articles))
        return ImportSummary(tuple(results), self._subscribed, tuple(skipped))

    def _imported(
        self, jobs: list[Job], processes: int | None
    ) -> Iterator[tuple[Job, ImportResult]]:
        """Each file prepared and stored, in the order given. With several files, worker
        processes each prepare a file and store it themselves, a batch per transaction: their
        writes interleave while the other prepares, and no prepared feed (megabytes of text)
        crosses between processes."""
        workers = processes if processes is not None else min(2, os.cpu_count() or 1)
        if len(jobs) < 3 or workers <= 1:
            for job in jobs:
                yield job, store_prepared(self.store, job, prepare_safely(job.path))
            return
        from reader.pipeline import worker_pool

        executor: Executor = worker_pool(workers, store_only=True)
        path = str(self.path.resolve())
        # A few files in flight per worker, never all of them: each holds its file in memory.
        in_flight: deque[tuple[Job, Future[ImportResult]]] = deque()
        pending = iter(jobs)

        def fill() -> None:
            for job in itertools.islice(pending, workers * 2):
                in_flight.append((job, executor.submit(import_in_worker, path, job)))

        with executor:
            if threading.current_thread() is not threading.main_thread():
                fill()  # the reader's import: its process keeps the screen, workers do it all
            else:
                # The first submit waits for the pool's fork server to start (a new process
                # importing what workers run: half a second of CPU, more on a busy machine).
                # A command or script importing has no screen to keep: it stores the first
                # file itself meanwhile, while a thread submits the next ones.
                head = next(pending)
                with ThreadPoolExecutor(1, thread_name_prefix="import-pool-start") as starter:
                    filling = starter.submit(fill)
                    result = store_prepared(self.store, head, prepare_safely(head.path))
                filling.result()  # the pool's failure to start, if it failed
                yield head, result
            helping = threading.current_thread() is threading.main_thread()
            while in_flight:
                job, future = in_flight[0]
                if helping and not future.done() and not self._stopping.is_set():
                    # No screen to keep: while the next result is not ready, this process
                    # does a file not handed out yet, as a third worker would. The cores stay
                    # busy to the end: with whole files as the unit, two workers alone left
                    # one core idle for the last file (a tenth of a 10-file import).
                    own = next(pending, None)
                    if own is not None:
                        done: Future[ImportResult] = Future()
                        done.set_result(store_prepared(self.store, own, prepare_safely(own.path)))
                        in_flight.append((own, done))
                        continue
                in_flight.popleft()
                following = next(pending, None)
                if following is not None:
                    started = executor.submit(import_in_worker, path, following)
                    in_flight.append((following, started))
                yield job, future.result()

    def _feed_urls(self) -> frozenset[str]:
        return frozenset(str(row["url"]) for row in self.store.query("SELECT url FROM feeds"))

    def import_kept(self) -> tuple[int, int]:
        """How many files of the import under way (or the last) are in the library now, and
        of how many: those stored and reported, and those whose feed is here and was not
        before it began (a worker stored them, not reported yet when a Ctrl-C came). Counted
        from the library, not from reports: a count of reports left those out."""
        files = self._import_files
        came = (self._feed_urls() & set(files.urls)) - files.before
        return len(files.done | came), files.total

    def import_samples(
        self, progress: Callable[[ImportProgress], None] | None = None
    ) -> ImportSummary:
        """Import the feeds bundled with feedlens (works offline)."""
        return self.import_paths([paths.sample_feeds_dir()], progress, processes=1)

    def subscribe(
        self,
        url: str,
        title: str = "",
        site_link: str = "",
        tags: Sequence[str] = (),
        origin_url: str | None = None,
    ) -> int:
        """Record an http(s) feed to follow; fetching it is the fetcher's job. ``origin_url``
        (the page or OPML file that named it) is kept for a new feed: its fetches may reach
        only what that origin may (see reader.feeds.addresses)."""
        with self.store.write() as conn:
            known = conn.execute("SELECT 1 FROM feeds WHERE url = ?", (url,)).fetchone()
            feed_id = article_store.upsert_feed(conn, url, title, site_link, tags, "http")
            if known is None and origin_url is not None:
                conn.execute("UPDATE feeds SET origin_url = ? WHERE id = ?", (origin_url, feed_id))
        self._want_page_extractor()  # a feed followed by URL fetches pages by default
        return feed_id

    def _trust_feed(self, url: str) -> None:
        """A feed subscribed before from a list not trusted, now named by a trusted one: its
        fetches may reach what a URL the user typed may."""
        with self.store.write() as conn:
            conn.execute("UPDATE feeds SET origin_url = NULL WHERE url = ?", (url,))

    # --- following feeds on the web ---------------------------------------------------------

    def refresh(
        self,
        feed_ids: Sequence[int] | None = None,
        force: bool = False,
        limits: FetchLimits | None = None,
        progress: Callable[[RefreshProgress], None] | None = None,
        background: bool = False,
        parse_workers: int | None = None,
    ) -> RefreshSummary:
        """Fetch due feeds (or these ones, now) and store what they bring. Feeds from files
        are read again when named or when every feed is refreshed now (``force``).
        ``background`` (the reader's refreshes) runs all of it in a child process at a lower
        priority (``refresh_child.py``); ``parse_workers``: see ``refresh.refresh``."""
        if background:
            from reader.refresh_child import refresh_in_child

            return refresh_in_child(
                self.path,
                self.store.busy_timeout_ms,
                feed_ids,
                force,
                limits,
                self.resolver,
                progress,
                self._stopping,
                self.lock_waits,
            )
        from reader.refresh import RefreshProgress, RefreshSummary
        from reader.refresh import refresh as refresh_feeds
        from reader.refresh_files import file_feeds, reread

        rereading = file_feeds(self.store, feed_ids) if force or feed_ids is not None else []
        summary = refresh_feeds(
            self.store,
            feed_ids,
            force,
            limits,
            progress,
            self.resolver,
            self._stopping,
            parse_workers,
            after=len(rereading),
        )
        outcomes = list(summary.feeds)
        total = len(outcomes) + len(rereading)
        for file_feed in rereading:  # one at a time: progress counts each file as it is read
            if self._stopping.is_set():
                break  # the reader is quitting: the files not read are read next time
            outcomes += reread(
                [file_feed],
                lambda path: store_prepared(self.store, Job(path), prepare_safely(path)),
            )
            if progress is not None:
                progress(RefreshProgress(len(outcomes), total, outcomes[-1]))
        return RefreshSummary(tuple(outcomes))

    def discover(self, url: str, limits: FetchLimits | None = None) -> Discovery:
        """What a web address offers: itself as a feed, or the feeds its page announces."""
        from reader.refresh import probe

        return probe(url, limits, self.resolver, self._stopping)

    def add_feed(
        self,
        url: str,
        tags: Sequence[str] = (),
        limits: FetchLimits | None = None,
        discovery: Discovery | None = None,
        keep_failed: bool = True,
    ) -> tuple[int, FeedRefresh]:
        """Subscribe to a feed URL and fetch it at once. A feed the user names is theirs to
        reach wherever it is; one found on a page may reach only what that page may. With
        ``keep_failed`` false a new subscription whose first fetch failed is removed again (the
        user was told it failed; a feed left behind would surprise them)."""
        from reader.feeds.addresses import url_problem
        from reader.refresh import apply_result as apply_fetch_result
        from reader.text.clean import clean_line

        problem = url_problem(url)
        if problem is not None:
            raise FetchError(f"{clean_line(url, 200)}: {problem}")
        found = discovery if discovery is not None and discovery.url == url else None
        origin = discovery.url if discovery is not None and found is None else None
        existed = self.subscribed(url) is not None
        with self.store.write() as conn:
            feed_id = article_store.upsert_feed(conn, url, "", "", tags, "http")
            conn.execute("UPDATE feeds SET origin_url = ? WHERE id = ?", (origin, feed_id))
        self._want_page_extractor()
        if found is not None and found.result is not None:
            result = replace(found.result, key=feed_id)
            outcome = apply_fetch_result(self.store, result)
        else:
            outcome = self.refresh([feed_id], force=True, limits=limits).feeds[0]
        if outcome.error and not existed and not keep_failed:
            self.delete_feed(feed_id)
        return feed_id, outcome

    def subscribed(self, url: str) -> Feed | None:
        """The feed already subscribed at exactly this address, if any."""
        return next((feed for feed in self.feeds() if feed.url == url), None)

    def refresh_if_subscribed(
        self, url: str, limits: FetchLimits | None = None
    ) -> tuple[Feed, FeedRefresh] | None:
        """Subscribing again to a feed already subscribed at ``url`` refreshes it now: the
        feed and how its refresh went; None when no feed is subscribed there."""
        feed = self.subscribed(url)
        if feed is None:
            return None
        return feed, self.refresh([feed.id], force=True, limits=limits).feeds[0]

    # --- full text from article pages --------------------------------------------------------

    def set_full_text_mode(self, feed_id: int, mode: str) -> None:
        """Whether a feed's article pages are fetched: "auto", "always" or "never"."""
        from reader.store import pages as page_store

        page_store.set_mode(self.store, feed_id, mode)
        self._want_page_extractor()

    def _want_page_extractor(self) -> None:
        """Worker processes start with the page extractor loaded only when some feed's pages
        may be fetched (see ``pipeline.want_page_extractor``). The pipeline (parsing, worker
        pools) loads only then: ``show`` or ``feeds`` opens a library and never stores a feed."""
        from reader.store import pages as page_store

        if page_store.pages_allowed(self.store):
            from reader.pipeline import want_page_extractor

            want_page_extractor()

    def fetch_pending_pages(
        self,
        options: PagePassOptions | None = None,
        progress: Callable[[PageProgress], None] | None = None,
    ) -> FullTextSummary:
        """Fetch the pages new articles need (after a refresh or an import), in the feeds'
        modes, newest first, in batches (see ``fulltext.fetch_pending``); the reader passes
        options with ``processes=1`` and ``background`` to keep its share of the cores."""
        from reader import fulltext

        return fulltext.fetch_pending(self.store, self._page_pass_options(options), progress)

    def notes_waiting_for_page(self, article_id: int) -> frozenset[int]:
        """The ids of an article's orphaned notes that its page, still to be fetched by the
        next page pass, may place again (a feed removed and added back brings its articles
        back with the feed's text; a note made in the page's text waits for it)."""
        from reader.fulltext import recent_since
        from reader.store import pages as page_store

        return page_store.notes_waiting(self.store, article_id, recent_since())

    def pages_wanted(self) -> bool:
        """Whether a page pass could fetch anything: some feed's mode lets its articles'
        pages be fetched. When none does (files only), an import skips loading the pass."""
        from reader.store import pages as page_store

        return page_store.pages_allowed(self.store)

    def fetch_full_text(
        self,
        article_ids: Sequence[int] = (),
        feed_id: int | None = None,
        options: PagePassOptions | None = None,
        progress: Callable[[PageProgress], None] | None = None,
    ) -> FullTextSummary:
        """Fetch these articles' pages (or a feed's) now, whatever was tried before."""
        from reader import fulltext
        from reader.store import pages as page_store

        found = page_store.candidates(self.store, article_ids, feed_id)
        if article_ids and not found:
            raise NotFoundError(f"no article with id {article_ids[0]}")
        return fulltext.fetch_pages(self.store, found, self._page_pass_options(options), progress)

    def _page_pass_options(self, options: PagePassOptions | None) -> PagePassOptions:
        """A pass's options with this library's resolver and its stop (set when it closes)."""
        from reader.fulltext import PagePassOptions

        chosen = options or PagePassOptions()
        return replace(
            chosen, resolver=chosen.resolver or self.resolver, stop=chosen.stop or self._stopping
        )

    def page_state(self, article_id: int) -> PageState:
        """Where an article's text came from, why a page was not used, the feed's own text."""
        from reader.store import pages as page_store

        return page_store.page_state(self.store, article_id)

    # --- reading ---------------------------------------------------------------------------

    def is_empty(self) -> bool:
        return self.store.query_one("SELECT 1 FROM feeds LIMIT 1") is None

    def change_mark(self) -> LibraryMark:
        """What changes when any process adds articles or feeds, removes feeds or sets read
        or star marks: the reader compares it to notice another process's writes
        (reader.store.library_mark)."""
        from reader.store.library_mark import library_mark

        return library_mark(self.store)

    def summary(self) -> LibrarySummary:
        row = self.store.query_one(
            "SELECT (SELECT COUNT(*) FROM feeds) AS feeds, COUNT(*) AS articles, "
            "COALESCE(SUM(read = 0), 0) AS unread, COALESCE(SUM(starred), 0) AS starred "
            "FROM articles"
        )
        assert row is not None
        highlights, notes, orphaned = annotation_store.count_annotations(self.store)
        return LibrarySummary(
            str(self.path),
            row["feeds"],
            row["articles"],
            row["unread"],
            row["starred"],
            highlights,
            notes,
            orphaned,
        )

    def feeds(self) -> list[Feed]:
        return article_store.list_feeds(self.store)

    def tags(self, feeds: Sequence[Feed] | None = None) -> list[tuple[str, int]]:
        """Every tag with the unread count of its feeds (pass ``feeds`` if already listed)."""
        counts: dict[str, int] = {}
        for feed in self.feeds() if feeds is None else feeds:
            for tag in feed.tags:
                counts[tag] = counts.get(tag, 0) + feed.unread_count
        return sorted(counts.items(), key=lambda item: item[0].lower())

    def articles(
        self, view: ArticleFilter | None = None, offset: int = 0, limit: int = 100
    ) -> list[ArticleRow]:
        view = view or ArticleFilter()
        if view.fold_stories:
            return list(self.stories.folded(view, self._results(view), offset, limit))
        if view.search is not None:
            ids = self._search_ids(view)[offset : offset + limit]
            return article_store.rows_by_ids(self.store, ids)
        return article_store.list_articles(self.store, view, offset, limit)

    def count(self, view: ArticleFilter | None = None) -> int:
        view = view or ArticleFilter()
        if view.fold_stories:
            return self.stories.count_folded(view, self._results(view))
        if view.search is not None:
            return len(self._search_ids(view))
        return article_store.count_articles(self.store, view)

    def position(self, view: ArticleFilter, article_id: int) -> int | None:
        if view.fold_stories:
            return self.stories.folded_position(view, self._results(view), article_id)
        if view.search is not None:
            ids = self._search_ids(view)
            return ids.index(article_id) if article_id in ids else None
        return article_store.article_position(self.store, view, article_id)

    def _results(self, view: ArticleFilter) -> list[int] | None:
        """A search view's results in rank order; None for a view that is not a search."""
        return None if view.search is None else self._search_ids(view)

    def _search_ids(self, view: ArticleFilter) -> list[int]:
        """A saved search shown as a view: its best 1,000 results, in rank order."""
        query = view.search or ""
        if view.unread_only:
            query += " is:unread"
        cached = self._search_cache.get(query)
        if cached is not None and time.monotonic() - cached[0] < SEARCH_CACHE_SECONDS:
            return cached[1]
        ids = [hit.article_id for hit in self.search(query, SAVED_SEARCH_LIMIT).hits]
        self._search_cache[query] = (time.monotonic(), ids)
        return ids

    def article(self, article_id: int) -> Article:
        return article_store.get_article(self.store, article_id)

    def article_html(self, article_id: int) -> str:
        return article_store.get_html(self.store, article_id)

    def mark_read(self, article_ids: Sequence[int], read: bool = True) -> None:
        article_store.set_flag(self.store, article_ids, "read", read)

    def star(self, article_ids: Sequence[int], starred: bool = True) -> None:
        article_store.set_flag(self.store, article_ids, "starred", starred)

    def export_opml(self) -> str:
        from reader.feeds.parse import export_opml

        rows = [(f.title, f.url, f.site_link, f.tags) for f in self.feeds()]
        return export_opml(rows, "feedlens subscriptions")

    # --- search ----------------------------------------------------------------------------

    def search(self, query: str, limit: int = 50) -> SearchResult:
        """Fuzzy, figure-aware search over titles, text and feeds; never raises on syntax."""
        from reader.search import search as search_library

        return search_library(self.store, query, limit)

    def saved_searches(self) -> list[tuple[str, str]]:
        rows = self.store.query(
            "SELECT name, query FROM saved_searches ORDER BY name COLLATE NOCASE"
        )
        return [(row["name"], row["query"]) for row in rows]

    def save_search(self, name: str, query: str) -> None:
        with self.store.write() as conn:
            conn.execute(
                "INSERT INTO saved_searches (name, query, created_at) VALUES (?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET query = excluded.query",
                (name, query, now_iso()),
            )

    def delete_saved_search(self, name: str) -> None:
        with self.store.write() as conn:
            deleted = conn.execute("DELETE FROM saved_searches WHERE name = ?", (name,)).rowcount
        if not deleted:
            raise NotFoundError(f"no saved search named {name!r}")

    # --- managing feeds (reader/store/feed_admin.py) -----------------------------------------

    def feed_contents(self, feed_id: int) -> feed_admin.FeedContents:
        """What deleting a feed would remove (articles) and keep as orphaned (notes)."""
        return feed_admin.contents(self.store, feed_id)

    def delete_feed(self, feed_id: int) -> feed_admin.FeedContents:
        """Delete a feed and its articles; the notes on them are kept, orphaned."""
        deleted = feed_admin.delete_feed(self.store, feed_id)
        self._after_drain_current = False  # its figures leave their groups on the next check
        return deleted

    def rename_feed(self, feed_id: int, title: str) -> None:
        title = " ".join(title.split())
        if not title:
            raise FeedlensError("a feed's name cannot be empty")
        feed_admin.rename_feed(self.store, feed_id, title)

    def tag_feed(
        self, feed_id: int, add: Sequence[str] = (), remove: Sequence[str] = ()
    ) -> tuple[str, ...]:
        """Add and remove tags of a feed; returns its tags afterwards."""
        return feed_admin.change_tags(
            self.store, feed_id, [t.strip() for t in add if t.strip()], [t.strip() for t in remove]
        )

    def mark_feed_read(self, feed_id: int | None) -> int:
        """Mark a feed's articles (every article, for None) read; how many were unread."""
        return feed_admin.mark_feed_read(self.store, feed_id)

    # --- remembered state ------------------------------------------------------------------

    def remembered(self, key: str) -> object:
        value = self.store.get_state(key)
        return None if value is None else json.loads(value)

    def remember(self, key: str, value: object) -> None:
        self.store.set_state(key, json.dumps(value))


def _one_job_a_file(jobs: list[Job]) -> list[Job]:
    """Each file once, where it first came: a folder holding feeds and an OPML naming them
    (the samples do) gave each file twice, imported twice and counted twice ("6 failed" for 3
    feeds in a read-only library). The OPML's tags and title go with the one job."""
    merged: dict[Path, Job] = {}
    for job in jobs:
        key = job.path.resolve()
        first = merged.get(key)
        if first is None:
            merged[key] = job
            continue
        tags = first.tags + tuple(tag for tag in job.tags if tag not in first.tags)
        merged[key] = replace(first, tags=tags, title=first.title or job.title)
    return list(merged.values())


def _opml_local_path(opml: Path, reference: str, anywhere: bool = False) -> Path | None:
    """A feed file an OPML names (a relative path, or a file:// URL as `export-opml` writes
    them), if it sits in the OPML's own folder tree, or anywhere when the user said the OPML
    may name files elsewhere (``anywhere``: an OPML from outside must not make the reader read
    files it was not given)."""
    base = opml.resolve().parent
    if reference.lower().startswith("file://"):
        from urllib.parse import unquote, urlparse

        parsed = urlparse(reference)
        if parsed.netloc not in ("", "localhost"):
            return None
        candidate = Path(unquote(parsed.path)).resolve()
    elif ":" in reference or reference.startswith(("/", "\\")):
        return None
    else:
        candidate = (base / reference).resolve()
    if not anywhere and base not in candidate.parents:
        return None
    return candidate


def _clean_text(value: object) -> str:
    """A multi-line string from outside (an imported note), safe for a terminal."""
    from reader.text.clean import strip_controls

    return strip_controls(str(value))
