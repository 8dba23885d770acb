"""Full text: fetching the pages of teaser articles and making their article the canonical text.

Which articles (``store/pages.py`` decides from each feed's mode), fetching them through the
one fetcher (its limits, deadline, size cap, redirects and conditional GET), extracting and
cleaning the article (``text/page.py``, in worker processes, ``page_workers.py``, while the
next pages are fetched), and storing what each page gave, in short transactions (the pages
that arrive while one is written go in the next). The pass after a refresh works through every
untried teaser of the last weeks, newest first, in batches, and resumes where a stopped pass
left off (what is stored is never fetched again).
Runs its own asyncio loop, so the CLI and a reader worker thread call it like any blocking
function. A page that fails keeps the feed's text and records why.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from reader.clock import ISO_FORMAT
from reader.feeds.addresses import Resolver
from reader.feeds.fetch import FetchLimits, FetchRequest, FetchResult, fetch_many, is_web_url
from reader.models import CleanText
from reader.page_workers import PAGE_CPU_LIMIT, ExtractionPool, PageReader
from reader.pipeline import structure_json
from reader.store import pages as page_store
from reader.store.db import Store
from reader.store.pages import PageCandidate
from reader.text.clean import clean_line
from reader.text.page import (
    looks_like_teaser,
    page_article,
    page_says_more,
    page_tells_feed_story,
)
from reader.text.wording import counted

# A page's body may be smaller than a feed's: an article page past 5 MiB is not an article.
PAGE_MAX_BYTES = 5 * 1024 * 1024
# The pass after a refresh takes every untried article added this recently (a new feed's
# whole backlog, a pass cut short, days away from the reader), not a library's years of
# history: older articles get their page on demand (``feedlens fulltext``).
RECENT = timedelta(days=30)
BATCH = 100  # articles weighed and fetched at a time: progress and stops between batches
# Fewer pages than this are extracted in the calling process by the command line (starting
# processes would take longer); the reader's passes always extract in a worker process.
POOL_THRESHOLD = 8


@dataclass(frozen=True)
class PageOutcome:
    """What one article's page did: ``text_source`` is "page" when the article's text is its
    page's, "feed" otherwise (``error`` then says why, unless no page was needed).
    ``requested``: the page was asked for; ``fetched``: a page came (not a 404, a refusal or a
    timeout); ``unchanged``: it answered 304, the page text stored before stays; ``chars``: the
    length of the page text the article holds."""

    article_id: int
    title: str
    link: str
    text_source: str
    error: str | None = None
    chars: int = 0
    fetched: bool = True
    requested: bool = True
    unchanged: bool = False


@dataclass(frozen=True)
class PageProgress:
    done: int
    total: int
    outcome: PageOutcome


@dataclass(frozen=True)
class FullTextSummary:
    outcomes: tuple[PageOutcome, ...]
    workers: int = 0  # extraction processes used (0: extracted in the calling process)
    extraction_cpu: float = 0.0  # CPU seconds those processes spent, starting up included
    extraction_start_cpu: float = 0.0  # of which starting up (loading the extractor)
    extraction_forked: bool = False  # the processes forked from the pass's own process

    @property
    def replaced(self) -> int:
        """Articles whose text the page's replaced in this pass (a 304 replaced nothing)."""
        return sum(
            1
            for o in self.outcomes
            if o.text_source == "page" and o.fetched and not o.unchanged and not o.error
        )

    @property
    def unchanged(self) -> int:
        return sum(1 for o in self.outcomes if o.unchanged)

    @property
    def failed(self) -> int:
        return sum(1 for o in self.outcomes if o.error)

    def line(self) -> str:
        """What the pass did, each article counted once under what its text is now: "1 page
        fetched: 1 already with full text (page unchanged)", not "0 with full text"."""
        requested, still_full = self._requested()
        fetched = sum(1 for o in requested if o.fetched)
        # A page that came but was not used leaves the article's text as it was: the feed's,
        # or a page's read before (a failed fetch again never takes that away).
        unused = [o for o in requested if o.fetched and o.error]
        parts = [
            f"{count} {words}"
            for count, words in (
                (self.replaced, "now with full text"),
                (still_full, "already with full text (page unchanged)"),
                (sum(1 for o in unused if o.text_source != "page"), "kept the feed's text"),
                (sum(1 for o in unused if o.text_source == "page"), "kept the page read before"),
            )
            if count
        ]
        missed = [o for o in requested if not o.fetched]
        if not fetched:
            if not missed:
                return "no page to fetch"
            return f"no page fetched: {counted(len(missed), 'page')} failed ({_reasons(missed)})"
        # The fetched pages' articles add up to the pages fetched; those whose page did not
        # come (a 404, a timeout) are told apart: "13 pages fetched: 12 …, 3 kept" did not.
        line = f"{counted(fetched, 'page')} fetched: {', '.join(parts) or 'nothing to change'}"
        return f"{line}; {len(missed)} not fetched ({_kept_text(missed)})" if missed else line

    def notice(self) -> tuple[str, bool]:
        """The reader's one line when its pass ends, and whether some page failed: "full text:
        8 replaced, 2 failed (404, timeout)", with each failure's reason in a word or two (the
        article's header and `feedlens fulltext` keep the whole reason)."""
        requested, still_full = self._requested()
        failed = [o for o in requested if not o.fetched]
        kept = [o for o in requested if o.fetched and o.error]
        parts = [
            f"{count} {words}"
            for count, words in (
                (self.replaced, "replaced"),
                (still_full, "unchanged (page already read)"),
            )
            if count
        ]
        if kept:
            parts.append(f"{len(kept)} kept the feed's text ({_reasons(kept)})")
        if failed:
            parts.append(f"{len(failed)} failed ({_reasons(failed)})")
        return f"full text: {', '.join(parts) or 'nothing to change'}", bool(failed)

    def _requested(self) -> tuple[list[PageOutcome], int]:
        """The outcomes of the articles asked for, and how many of them kept the page read
        before (each article counted once, under what its text is now)."""
        requested = [o for o in self.outcomes if o.requested]
        still_full = sum(1 for o in requested if o.unchanged and o.text_source == "page")
        return requested, still_full


def _kept_text(outcomes: list[PageOutcome]) -> str:
    """What the articles of pages that did not come hold now, in words."""
    pages = sum(1 for o in outcomes if o.text_source == "page")
    if not pages:
        return "the feed's text kept"
    if pages == len(outcomes):
        return "the page read before kept"
    return f"{len(outcomes) - pages} kept the feed's text, {pages} the page read before"


def kept_words(outcome: PageOutcome) -> str:
    """What one article whose page gave nothing new holds now, in words."""
    if outcome.text_source == "page":
        return "the page's text read before is kept"
    return "the feed's text is kept"


def _reasons(outcomes: list[PageOutcome]) -> str:
    counts: dict[str, int] = {}
    for outcome in outcomes:
        reason = short_reason(outcome.error or "")
        counts[reason] = counts.get(reason, 0) + 1
    return ", ".join(f"{reason} ×{n}" if n > 1 else reason for reason, n in counts.items())


_STATUS = re.compile(r"\((\d{3})\)")
# Why a page gave nothing, in a word or two.
_SHORT = (
    ("within", "timeout"),
    ("timed out", "timeout"),
    ("took too long", "too slow to read"),
    ("cannot connect", "no connection"),
    ("no longer than", "no longer than the teaser"),
    ("feed's story", "another story"),
    ("no article found", "no article in the page"),
    ("not allowed", "address refused"),
    ("refus", "address refused"),
    ("too large", "too large"),
)


def short_reason(error: str) -> str:
    """A page's failure in a word or two: its HTTP status, "timeout", "no connection"… (a
    reason may carry a host's words: it goes through the one sanitiser for one-line fields)."""
    status = _STATUS.search(error)
    if status:
        return status.group(1)
    lowered = clean_line(error, 200).casefold()
    for cue, words in _SHORT:
        if cue in lowered:
            return words
    words_of = lowered.split()
    return " ".join(words_of[:4]) + ("…" if len(words_of) > 4 else "") or "unknown"


def page_limits(limits: FetchLimits | None) -> FetchLimits:
    base = limits or FetchLimits()
    return replace(base, max_bytes=min(base.max_bytes, PAGE_MAX_BYTES))


# Top-level names reserved for examples and invalid hosts (RFC 2606): they never resolve, so a
# link to one is not looked up (sample feeds and test corpora link there).
NEVER_ON_THE_WEB = (".example", ".invalid")


def _link_problem(link: str) -> str | None:
    if not is_web_url(link):
        return "the article has no web link"
    host = (urlsplit(link).hostname or "").rstrip(".").lower()
    if host.endswith(NEVER_ON_THE_WEB) or host in ("example", "invalid"):
        return f"the link's host ({host[:60]}) is a reserved name, never on the web"
    return None


def _needs_page(candidate: PageCandidate) -> bool:
    if _link_problem(candidate.link) is not None:
        return False
    return candidate.mode == "always" or looks_like_teaser(candidate.text)


# The fetcher words HTTP failures for feeds; these are the ones that read wrong for a page.
_PAGE_STATUS_WORDS = {
    401: "the page needs a login (401)",
    404: "page not found (404)",
    410: "the page is gone (410)",
    429: "too many requests (429)",
    503: "service unavailable (503)",
}


def _page_error(result: FetchResult) -> str | None:
    """Why a fetch gave no page, in words about a page (None when it gave one)."""
    if result.status in _PAGE_STATUS_WORDS and result.status not in (200, 304):
        return _PAGE_STATUS_WORDS[result.status]
    if result.error is None and result.status not in (200, 304):
        return f"HTTP error {result.status}"
    return result.error


def _skip(store: Store, unneeded: Sequence[PageCandidate]) -> list[PageOutcome]:
    """Record articles whose page is not fetched (no teaser, or no web link), so a later pass
    does not weigh them again; returns what to report for them."""
    outcomes = [
        PageOutcome(
            c.article_id,
            c.title,
            c.link,
            "feed",
            _link_problem(c.link),
            fetched=False,
            requested=False,
        )
        for c in unneeded
    ]
    if unneeded:
        with store.write() as conn:
            page_store.record_not_needed(conn, [o.article_id for o in outcomes if not o.error])
            for outcome, candidate in zip(outcomes, unneeded, strict=True):
                if outcome.error:
                    page_store.record_failure(conn, candidate, outcome.error)
    return outcomes


def _write_page(
    conn: sqlite3.Connection,
    candidate: PageCandidate,
    result: FetchResult,
    page: CleanText | str | None,
) -> PageOutcome:
    """Write what one fetch gave (inside a write transaction): the new canonical text, or why
    the feed's text stays. ``page`` is the page's article, or why none (None: not read, as
    for a page that did not come)."""
    base = PageOutcome(candidate.article_id, candidate.title, candidate.link, "feed")
    if result.status == 304 and result.error is None:
        chars = page_store.record_unchanged(conn, candidate.article_id)
        return replace(base, text_source="page", unchanged=True, chars=chars)
    error = _page_error(result)
    if error is not None:  # no page came (a 404, a refusal, a timeout): nothing was fetched
        held = page_store.record_failure(conn, candidate, error, result.final_url)
        return replace(base, text_source=held, error=error, fetched=False)
    if isinstance(page, str):
        error = page
    elif (
        page is not None
        and candidate.mode == "auto"
        and not page_says_more(page.text, candidate.text)
    ):
        error = "the page's article is no longer than the feed's text"
    elif page is not None and not page_tells_feed_story(page.text, candidate.title, candidate.text):
        error = "the page's article does not tell the feed's story"
    if error is not None or not isinstance(page, CleanText):
        message = error or "no article found in the page"
        held = page_store.record_failure(conn, candidate, message, result.final_url)
        return replace(base, text_source=held, error=message)
    same = page_store.record_same_text(
        conn, candidate.article_id, page.text, result.etag, result.last_modified
    )
    if same is not None:  # fetched again, the same article: as a 304 would have said
        return replace(base, text_source="page", unchanged=True, chars=same)
    stored = page_store.replace_text(
        conn,
        candidate.article_id,
        page,
        structure_json(page),
        result.final_url or candidate.link,
        result.etag,
        result.last_modified,
    )
    if not stored:
        return replace(base, error="the article was deleted meanwhile")
    return replace(base, text_source="page", chars=len(page.text))


# At most this many pages are written in one transaction (a few milliseconds each: the
# transaction stays short, and a reader waiting to write waits little).
WRITE_BATCH = 16


@dataclass(frozen=True)
class _Fetched:
    candidate: PageCandidate
    result: FetchResult
    page: CleanText | str | None


class _PageWriter:
    """Stores what pages gave from the pass's event loop, in a thread: the pages that arrive
    while one write is under way are written together in the next, one transaction for
    several pages instead of one each (each costs a commit, and a thread's turn)."""

    def __init__(self, store: Store):
        self.store = store
        self.waiting: list[tuple[_Fetched, asyncio.Future[PageOutcome]]] = []
        self.writing: asyncio.Task[None] | None = None

    async def write(self, fetched: _Fetched) -> PageOutcome:
        future: asyncio.Future[PageOutcome] = asyncio.get_running_loop().create_future()
        self.waiting.append((fetched, future))
        if self.writing is None:
            self.writing = asyncio.create_task(self._write_waiting())
        return await future

    async def _write_waiting(self) -> None:
        try:
            while self.waiting:
                taken = self.waiting[:WRITE_BATCH]
                del self.waiting[:WRITE_BATCH]
                try:
                    outcomes = await asyncio.to_thread(
                        self._write_all, [fetched for fetched, _ in taken]
                    )
                except Exception as error:  # each page of this write fails as it would alone
                    for _, future in taken:
                        if not future.done():
                            future.set_exception(error)
                    continue
                for (_, future), outcome in zip(taken, outcomes, strict=True):
                    if not future.done():
                        future.set_result(outcome)
        finally:
            self.writing = None

    def _write_all(self, pages: list[_Fetched]) -> list[PageOutcome]:
        with self.store.write() as conn:
            return [_write_page(conn, p.candidate, p.result, p.page) for p in pages]


@dataclass(frozen=True)
class PagePassOptions:
    """How one page pass runs, for ``fetch_pages`` and ``fetch_pending``.

    ``background`` (the reader's passes) runs the whole pass in a child process at a lower
    priority (``fulltext_child.py``) with one extraction process, so the interface keeps its
    process and a core. ``reader`` turns a page into its article, in worker processes
    (``processes`` of them; None: one per core, at most two) when there are enough pages or
    ``in_workers`` says so; there a page whose extraction takes more than ``page_cpu_limit``
    seconds of CPU is given up (it keeps the feed's text, with one line saying why).
    ``batch_size`` articles are weighed at a time by the pass after a refresh. When ``stop`` is
    set (the reader quits) the pass ends at once; pages not stored yet are the next pass's."""

    limits: FetchLimits | None = None
    processes: int | None = None
    background: bool = False
    in_workers: bool = False
    batch_size: int = BATCH
    page_cpu_limit: float = PAGE_CPU_LIMIT
    reader: PageReader = page_article
    resolver: Resolver | None = None
    stop: threading.Event | None = None


def fetch_pages(
    store: Store,
    candidates: Sequence[PageCandidate],
    options: PagePassOptions = PagePassOptions(),
    progress: Callable[[PageProgress], None] | None = None,
) -> FullTextSummary:
    """Fetch the pages these articles need (teasers in auto mode, every one in always mode)
    and store what each gives; an article that needs none is reported as such, unfetched
    (none is started for no page)."""
    if options.background and any(_needs_page(c) for c in candidates):
        from reader.fulltext_child import pass_in_child

        return pass_in_child(store, list(candidates), options, progress)
    wanted_count = sum(1 for c in candidates if _needs_page(c))
    pool = _extraction_pool(wanted_count, options)
    try:
        outcomes = _run_batch(store, candidates, options, pool, progress, 0, wanted_count)
    finally:
        if pool is not None:
            pool.shutdown()
    return _summary(outcomes, pool)


def fetch_pending(
    store: Store,
    options: PagePassOptions = PagePassOptions(),
    progress: Callable[[PageProgress], None] | None = None,
) -> FullTextSummary:
    """The pass after a refresh or an import: every article added in the last ``RECENT`` whose
    page was never tried (or whose teaser changed), in feeds whose mode allows pages, newest
    first, ``options.batch_size`` at a time through one pool of extraction processes. Progress
    counts the articles weighed of all those waiting at the start; a pass stopped between
    pages leaves the rest to the next pass, which resumes with them."""
    if options.background and page_store.count_pending(store, recent_since()):
        from reader.fulltext_child import pass_in_child

        return pass_in_child(store, None, options, progress)
    stop = options.stop
    since = recent_since()
    total = page_store.count_pending(store, since)
    if not total:
        return FullTextSummary(())
    pool: ExtractionPool | None = None
    outcomes: list[PageOutcome] = []
    weighed: set[int] = set()
    try:
        while not (stop is not None and stop.is_set()):
            found = page_store.pending(store, since, options.batch_size)
            batch = [c for c in found if c.article_id not in weighed]
            if not batch:  # all done (or only articles this pass could not record: next pass)
                break
            weighed.update(c.article_id for c in batch)
            total = max(total, len(weighed))
            if pool is None:
                # worth starting for this batch's pages and those still to weigh: one pool
                # serves every batch
                wanted = sum(1 for c in batch if _needs_page(c)) + total - len(weighed)
                pool = _extraction_pool(wanted, options)
            outcomes.extend(_run_batch(store, batch, options, pool, progress, len(outcomes), total))
    finally:
        if pool is not None:
            pool.shutdown()
    return _summary(outcomes, pool)


def _summary(outcomes: Sequence[PageOutcome], pool: ExtractionPool | None) -> FullTextSummary:
    fetched_first = sorted(outcomes, key=lambda o: not o.requested)  # as before: asked first
    if pool is None:
        return FullTextSummary(tuple(fetched_first))
    return FullTextSummary(
        tuple(fetched_first), pool.workers, pool.cpu_seconds, pool.start_cpu_seconds, pool.forked
    )


def _extraction_pool(pages: int, options: PagePassOptions) -> ExtractionPool | None:
    """Worker processes for this many pages: when there are enough to be worth starting them,
    or always (``in_workers``: the reader's passes, where a page that kills its worker must
    not end the pass)."""
    if pages == 0 or (not options.in_workers and pages < POOL_THRESHOLD):
        return None
    processes = options.processes
    workers = processes if processes is not None else min(2, os.cpu_count() or 1)
    return ExtractionPool(workers, options.reader, options.page_cpu_limit)


def _run_batch(
    store: Store,
    candidates: Sequence[PageCandidate],
    options: PagePassOptions,
    pool: ExtractionPool | None,
    progress: Callable[[PageProgress], None] | None,
    done_before: int,
    total: int,
) -> list[PageOutcome]:
    """Weigh these articles, fetch the pages of those that need one and store what each gives
    (each page extracted by the pool, if any, as soon as it arrives, while the next are
    fetched); returns every article's outcome, those fetched first."""
    needed = [_needs_page(c) for c in candidates]
    wanted = [c for c, need in zip(candidates, needed, strict=True) if need]
    skipped = _skip(store, [c for c, need in zip(candidates, needed, strict=True) if not need])
    by_id = {c.article_id: c for c in wanted}
    done: list[PageOutcome] = []
    weighed_before = done_before + len(skipped)
    writer = _PageWriter(store)

    async def handle(result: FetchResult) -> None:
        candidate = by_id[result.key]
        page: CleanText | str | None = None
        if result.error is None and result.status == 200:
            url = result.final_url or result.url
            if pool is not None:
                page = await pool.extract(result.body, result.content_type, url)
            else:  # a few pages: read here, beside the loop
                page = await asyncio.to_thread(
                    options.reader, result.body, result.content_type, url
                )
        outcome = await writer.write(_Fetched(candidate, result, page))
        done.append(outcome)
        if progress is not None:
            progress(PageProgress(weighed_before + len(done), total, outcome))

    # Each page may reach only what the feed that linked to it may (reader.feeds.addresses).
    requests = [
        FetchRequest(c.article_id, c.link, c.etag, c.last_modified, origin_url=c.feed_url)
        for c in wanted
    ]
    if requests:
        limits = page_limits(options.limits)
        fetching = fetch_many(requests, limits, handle, resolver=options.resolver)
        asyncio.run(_until_stopped(fetching, options.stop))
    return [*done, *skipped]


async def _until_stopped(work: Coroutine[Any, Any, object], stop: threading.Event | None) -> None:
    """Run ``work``, cancelling it as soon as ``stop`` is set (checked ten times a second)."""
    task = asyncio.ensure_future(work)
    while not task.done():
        if stop is not None and stop.is_set():
            task.cancel()
            break
        await asyncio.wait({task}, timeout=0.1)
    with contextlib.suppress(asyncio.CancelledError):
        await task


def recent_since(now: datetime | None = None) -> str:
    moment = (now or datetime.now(UTC)) - RECENT
    return moment.strftime(ISO_FORMAT)
