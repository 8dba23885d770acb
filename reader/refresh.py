"""Following feeds over the web: which feeds are due, fetching them, and what each answer
does to the library (new articles, validators for the next conditional GET, errors in words,
back-off, Retry-After, gone feeds, permanent redirects).

Runs its own asyncio loop, so callers (the CLI, a reader worker thread) call it like any other
blocking function; parsing happens off the loop so fetches keep flowing.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable, Coroutine, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from reader.clock import now_iso
from reader.errors import FeedlensError, FeedParseError, FetchError
from reader.feeds.addresses import Resolver, url_problem
from reader.feeds.fetch import (
    MAX_RETRY_AFTER,
    FetchLimits,
    FetchRequest,
    FetchResult,
    discover_feeds,
    fetch_many,
    looks_like_html,
)
from reader.feeds.parse import detect_format, normalise_bytes
from reader.pipeline import PreparedFeed, prepare_bytes, worker_pool
from reader.store import annotations as annotation_store
from reader.store import articles as article_store
from reader.store.db import Store
from reader.store.library_mark import count_failure_change
from reader.text.clean import clean_line
from reader.text.wording import counted

T = TypeVar("T")
BASE_BACKOFF = timedelta(minutes=5)
MAX_BACKOFF = timedelta(hours=24)


@dataclass(frozen=True)
class FeedRefresh:
    """What one feed's refresh did."""

    feed_id: int
    title: str
    outcome: str  # "updated", "unchanged", "failed", "gone"
    new: int = 0
    updated: int = 0
    error: str | None = None


@dataclass(frozen=True)
class RefreshProgress:
    done: int
    total: int
    feed: FeedRefresh


FAILURES_NAMED = 3  # failure reasons (and feeds of one) a refresh's summary line names


@dataclass(frozen=True)
class RefreshSummary:
    feeds: tuple[FeedRefresh, ...]

    def line(self) -> str:
        """How many of the feeds tried were refreshed, what they brought, and which failed
        (each with why): "1 feed refreshed" for one that failed read as a success."""
        from reader.text.clean import clean_line

        count = len(self.feeds)
        failures = [f for f in self.feeds if f.outcome in ("failed", "gone")]
        new = sum(f.new for f in self.feeds)
        updated = sum(f.updated for f in self.feeds)
        unchanged = sum(1 for f in self.feeds if f.outcome == "unchanged")
        done = (
            f"{count - len(failures)} of {count} feed{'' if count == 1 else 's'} refreshed, "
            f"{counted(new, 'new article')}, {counted(updated, 'updated article')}, "
            f"{unchanged} unchanged"
        )
        if not failures:
            return f"{done}, 0 failed"
        # Feeds that failed alike are named together, the reason once: a read-only library
        # failed every feed with the same words, repeated for each.
        alike: dict[str, list[str]] = {}
        for failure in failures:
            reason = clean_line(failure.error or failure.outcome, 200)
            alike.setdefault(reason, []).append(clean_line(failure.title, 60))
        groups = list(alike.items())
        named = "; ".join(
            f"{_names(titles)} ({reason})" for reason, titles in groups[:FAILURES_NAMED]
        )
        more = sum(len(titles) for _, titles in groups[FAILURES_NAMED:])
        return f"{done}; {len(failures)} failed: {named}" + (f"; {more} more" if more > 0 else "")


def _names(titles: list[str]) -> str:
    """A few feeds' titles, and how many more."""
    shown = ", ".join(titles[:FAILURES_NAMED])
    more = len(titles) - FAILURES_NAMED
    return f"{shown} and {more:,} more" if more > 0 else shown


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def backoff(error_count: int) -> timedelta:
    """Wait before the next try after ``error_count`` failures in a row: 5 min doubling, 24 h."""
    wait: timedelta = BASE_BACKOFF * (2 ** max(min(error_count, 20) - 1, 0))
    return min(wait, MAX_BACKOFF)


def due_feeds(store: Store, feed_ids: Sequence[int] | None, force: bool) -> list[FetchRequest]:
    rows = store.query(
        "SELECT id, url, etag, last_modified, next_fetch, status, origin_url FROM feeds "
        "WHERE source_kind = 'http' AND status != 'gone' ORDER BY id"
    )
    now = now_iso()
    requests = []
    for row in rows:
        if feed_ids is not None and row["id"] not in feed_ids:
            continue
        if not force and row["next_fetch"] and row["next_fetch"] > now:
            continue
        requests.append(
            FetchRequest(
                row["id"], row["url"], row["etag"], row["last_modified"], row["origin_url"]
            )
        )
    return requests


def _title(store: Store, feed_id: int) -> str:
    row = store.query_one("SELECT title, url FROM feeds WHERE id = ?", (feed_id,))
    return (row["title"] or row["url"]) if row else str(feed_id)


def record_failure(store: Store, result: FetchResult) -> FeedRefresh:
    now = datetime.now(UTC)
    row = store.query_one("SELECT error_count FROM feeds WHERE id = ?", (result.key,))
    errors = (row["error_count"] if row else 0) + 1
    gone = result.status == 410
    asked = result.retry_after
    wait = timedelta(seconds=min(asked, MAX_RETRY_AFTER)) if asked is not None else backoff(errors)
    message = clean_line(result.error or "failed", 500)  # reaches the screen: one safe line
    with store.write() as conn:
        count_failure_change(conn, result.key, failing=True)
        conn.execute(
            "UPDATE feeds SET last_error = ?, error_count = ?, next_fetch = ?, status = ?, "
            "updated_at = ? WHERE id = ?",
            (
                message,
                errors,
                _stamp(now + wait),
                "gone" if gone else "active",
                _stamp(now),
                result.key,
            ),
        )
    return FeedRefresh(
        result.key, _title(store, result.key), "gone" if gone else "failed", error=message
    )


def prepare_body(body: bytes, content_type: str | None) -> PreparedFeed | FeedlensError:
    """Parse, clean and extract one fetched feed (runs in a worker process)."""
    try:
        return prepare_bytes(body, content_type)
    except FeedlensError as error:
        return error
    except Exception as error:  # a parser bug costs one feed, never the refresh
        return FeedParseError(f"unreadable feed ({type(error).__name__})")


def apply_result(
    store: Store, result: FetchResult, prepared: PreparedFeed | FeedlensError | None = None
) -> FeedRefresh:
    """Store what one fetch brought back, and schedule the next."""
    if result.error is None and result.status == 200 and looks_like_html(result):
        try:
            kind = detect_format(normalise_bytes(result.body))
        except FeedParseError:
            kind = "html"
        if kind == "html":
            result = FetchResult(
                result.key,
                result.url,
                200,
                error="the address answered with an HTML page, not a feed",
            )
    if result.error is not None or result.status not in (200, 304):
        return record_failure(store, result)
    stamp = now_iso()
    if result.status == 304:
        with store.write() as conn:
            count_failure_change(conn, result.key, failing=False)
            conn.execute(
                "UPDATE feeds SET last_success = ?, last_error = NULL, error_count = 0, "
                "next_fetch = NULL, url = COALESCE(?, url) WHERE id = ?",
                (stamp, _new_url(store, result), result.key),
            )
        return FeedRefresh(result.key, _title(store, result.key), "unchanged")
    if prepared is None:
        prepared = prepare_body(result.body, result.content_type or None)
    if isinstance(prepared, FeedlensError):
        return record_failure(
            store, FetchResult(result.key, result.url, result.status, error=prepared.message)
        )
    annotation_store.plan_reanchors(  # re-anchoring outside the write lock
        store, result.key, [(a.key, a.content_hash, a.text) for a in prepared.articles]
    )
    with store.write() as conn:
        row = conn.execute(
            "SELECT title, site_link FROM feeds WHERE id = ?", (result.key,)
        ).fetchone()
        count_failure_change(conn, result.key, failing=False)
        conn.execute(
            "UPDATE feeds SET title = ?, site_link = ?, etag = ?, last_modified = ?, "
            "last_success = ?, last_error = NULL, error_count = 0, next_fetch = NULL, "
            "url = COALESCE(?, url), updated_at = ? WHERE id = ?",
            (
                prepared.title or (row["title"] if row else ""),
                prepared.site_link or (row["site_link"] if row else ""),
                result.etag,
                result.last_modified,
                stamp,
                _new_url(store, result),
                stamp,
                result.key,
            ),
        )
        new, updated, _ = article_store.save_articles(conn, result.key, prepared.articles)
    outcome = "updated" if new or updated else "unchanged"
    return FeedRefresh(result.key, _title(store, result.key), outcome, len(new), len(updated))


def _new_url(store: Store, result: FetchResult) -> str | None:
    """A permanent redirect's target, unless another feed already has that URL."""
    if not result.permanent_url:
        return None
    taken = store.query_one(
        "SELECT id FROM feeds WHERE url = ? AND id != ?", (result.permanent_url, result.key)
    )
    return None if taken else result.permanent_url


def refresh(
    store: Store,
    feed_ids: Sequence[int] | None = None,
    force: bool = False,
    limits: FetchLimits | None = None,
    progress: Callable[[RefreshProgress], None] | None = None,
    resolver: Resolver | None = None,
    stop: threading.Event | None = None,
    parse_workers: int | None = None,
    after: int = 0,
) -> RefreshSummary:
    """Fetch every due feed (or the given ones) and store what comes back. Each feed's failure,
    whatever it is, is recorded on that feed; the others carry on. When ``stop`` is set (the
    reader is quitting) the fetches under way are abandoned within a tenth of a second; what
    was stored stays, and the rest is fetched next time. ``parse_workers=0`` parses every body
    in this process, beside the fetches (the reader's refresh child, itself background work,
    starts no processes of its own); None: worker processes when there are enough feeds.
    ``after``: steps the caller does next (feeds from files read again), counted in each
    progress total so that "refreshing 3/7" counts everything being done."""
    requests = due_feeds(store, feed_ids, force or feed_ids is not None)
    done: list[FeedRefresh] = []
    in_process = parse_workers == 0
    # Parsing is CPU work: in a worker process it neither slows the fetches nor, in the
    # reader, the interface (a thread would hold the interpreter lock).
    workers = parse_workers or min(2, os.cpu_count() or 1)
    pooled = len(requests) >= POOL_THRESHOLD and not in_process
    pool = worker_pool(workers, store_only=True) if pooled else None
    # A big body goes to a worker process even in a small refresh: parsed here (the reader's
    # own process, when it refreshes a feed or two) it would hold the interpreter lock.
    spare: list[ProcessPoolExecutor] = []

    async def handle(result: FetchResult) -> None:
        try:
            outcome = await store_result(result)
        except Exception as error:  # this feed's failure is its own; the others carry on
            failure = FetchResult(result.key, result.url, error=_unexpected(error))
            outcome = await asyncio.to_thread(record_failure, store, failure)
        done.append(outcome)
        if progress is not None:
            progress(RefreshProgress(len(done), len(requests) + after, outcome))

    async def store_result(result: FetchResult) -> FeedRefresh:
        prepared: PreparedFeed | FeedlensError | None = None
        executor = pool
        if executor is None and len(result.body) > IN_PROCESS_BODY_LIMIT and not in_process:
            if not spare:
                spare.append(worker_pool(1, store_only=True))
            executor = spare[0]
        if executor is not None and result.error is None and result.status == 200:
            loop = asyncio.get_running_loop()
            prepared = await loop.run_in_executor(
                executor, prepare_body, result.body, result.content_type or None
            )
        return await asyncio.to_thread(apply_result, store, result, prepared)

    try:
        if requests:
            run_until_stopped(fetch_many(requests, limits, handle, resolver=resolver), stop)
    finally:
        stopping = stop is not None and stop.is_set()
        if pool is not None:
            pool.shutdown(wait=not stopping, cancel_futures=True)
        for executor in spare:
            executor.shutdown(wait=not stopping, cancel_futures=True)
    return RefreshSummary(tuple(done))


POOL_THRESHOLD = 4
STOP_POLL_SECONDS = 0.1


def run_until_stopped(work: Coroutine[Any, Any, T], stop: threading.Event | None) -> T | None:
    """Run ``work`` on its own event loop; None when ``stop`` was set before it ended (it is
    cancelled within ``STOP_POLL_SECONDS``, so a quitting reader never waits on the network)."""

    async def watched() -> T | None:
        task = asyncio.ensure_future(work)
        while not task.done():
            if stop is not None and stop.is_set():
                task.cancel()
                break
            await asyncio.wait({task}, timeout=STOP_POLL_SECONDS)
        try:
            return await task
        except asyncio.CancelledError:
            return None

    if stop is not None and stop.is_set():
        work.close()
        return None
    return asyncio.run(watched())


def _unexpected(error: Exception) -> str:
    if isinstance(error, FeedlensError):
        return error.message
    return f"could not store what came back ({type(error).__name__})"


# Bodies up to this size are parsed in the refreshing process (a few milliseconds of work).
IN_PROCESS_BODY_LIMIT = 16 * 1024


@dataclass(frozen=True)
class Discovery:
    """What an address turned out to be: a feed, or a page announcing feeds."""

    url: str
    feeds: tuple[tuple[str, str], ...]
    result: FetchResult | None


def probe(
    url: str,
    limits: FetchLimits | None = None,
    resolver: Resolver | None = None,
    stop: threading.Event | None = None,
) -> Discovery:
    """Fetch an address once: a feed comes back as itself, an HTML page as the feeds it lists."""
    if url.split(":", 1)[0].strip().lower() not in ("http", "https"):
        raise FetchError("only http and https addresses can be subscribed to")
    problem = url_problem(url)
    if problem is not None:
        raise FetchError(f"{clean_line(url, 200)}: {problem}")
    results = run_until_stopped(fetch_many([FetchRequest(0, url)], limits, resolver=resolver), stop)
    if not results:
        raise FetchError("stopped before the address answered")
    [result] = results
    if result.error is not None:
        raise FetchError(f"{url}: {result.error}")
    final = result.final_url or url
    try:
        kind = detect_format(normalise_bytes(result.body))
    except FeedParseError:
        kind = "html" if looks_like_html(result) else "unknown"
    if kind == "html":
        feeds = tuple(discover_feeds(result.body, final))
        if not feeds:
            raise FetchError(f"{url}: an HTML page that announces no feed")
        return Discovery(final, feeds, None)
    if kind not in ("xml", "json"):
        raise FetchError(f"{url}: not a feed")
    return Discovery(final, ((final, ""),), result)
