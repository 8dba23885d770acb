"""Following feeds over the web: which feeds are due, fetching them, and what each answer
does to the library (new articles, validators for the next conditional GET, errors in words,
back-off, Retry-After, gone feeds, permanent redirects).

Runs its own asyncio loop, so callers (the CLI, a reader worker thread) call it like any other
blocking function; parsing happens off the loop so fetches keep flowing.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from reader.clock import now_iso
from reader.errors import FeedlensError, FeedParseError, FetchError
from reader.feeds.fetch import (
    FetchLimits,
    FetchRequest,
    FetchResult,
    discover_feeds,
    fetch_many,
    is_web_url,
    looks_like_html,
)
from reader.feeds.parse import detect_format, normalise_bytes
from reader.pipeline import PreparedFeed, prepare_bytes, worker_pool
from reader.store import articles as article_store
from reader.store.db import Store
from reader.text.wording import counted

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


@dataclass(frozen=True)
class RefreshSummary:
    feeds: tuple[FeedRefresh, ...]

    def line(self) -> str:
        count = len(self.feeds)
        new = sum(f.new for f in self.feeds)
        updated = sum(f.updated for f in self.feeds)
        failed = sum(1 for f in self.feeds if f.outcome in ("failed", "gone"))
        unchanged = sum(1 for f in self.feeds if f.outcome == "unchanged")
        return (
            f"{counted(count, 'feed')} refreshed, {counted(new, 'new article')}, "
            f"{counted(updated, 'updated article')}, {unchanged} unchanged, {failed} failed"
        )


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def backoff(error_count: int) -> timedelta:
    """Wait before the next try after ``error_count`` failures in a row: 5 min doubling, 24 h."""
    wait: timedelta = BASE_BACKOFF * (2 ** max(min(error_count, 20) - 1, 0))
    return min(wait, MAX_BACKOFF)


def due_feeds(store: Store, feed_ids: Sequence[int] | None, force: bool) -> list[FetchRequest]:
    rows = store.query(
        "SELECT id, url, etag, last_modified, next_fetch, status FROM feeds "
        "WHERE source_kind = 'http' AND status != 'gone' ORDER BY id"
    )
    now = now_iso()
    requests = []
    for row in rows:
        if feed_ids is not None and row["id"] not in feed_ids:
            continue
        if not force and row["next_fetch"] and row["next_fetch"] > now:
            continue
        requests.append(FetchRequest(row["id"], row["url"], row["etag"], row["last_modified"]))
    return requests


def _title(store: Store, feed_id: int) -> str:
    row = store.query_one("SELECT title, url FROM feeds WHERE id = ?", (feed_id,))
    return (row["title"] or row["url"]) if row else str(feed_id)


def record_failure(store: Store, result: FetchResult) -> FeedRefresh:
    now = datetime.now(UTC)
    row = store.query_one("SELECT error_count FROM feeds WHERE id = ?", (result.key,))
    errors = (row["error_count"] if row else 0) + 1
    gone = result.status == 410
    wait = (
        timedelta(seconds=result.retry_after) if result.retry_after is not None else backoff(errors)
    )
    with store.write() as conn:
        conn.execute(
            "UPDATE feeds SET last_error = ?, error_count = ?, next_fetch = ?, status = ?, "
            "updated_at = ? WHERE id = ?",
            (
                result.error,
                errors,
                _stamp(now + wait),
                "gone" if gone else "active",
                _stamp(now),
                result.key,
            ),
        )
    return FeedRefresh(
        result.key, _title(store, result.key), "gone" if gone else "failed", error=result.error
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
    with store.write() as conn:
        row = conn.execute(
            "SELECT title, site_link FROM feeds WHERE id = ?", (result.key,)
        ).fetchone()
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
) -> RefreshSummary:
    """Fetch every due feed (or the given ones) and store what comes back."""
    requests = due_feeds(store, feed_ids, force or feed_ids is not None)
    done: list[FeedRefresh] = []
    # Parsing is CPU work: in a worker process it neither slows the fetches nor, in the
    # reader, the interface (a thread would hold the interpreter lock).
    pool = worker_pool(min(2, os.cpu_count() or 1)) if len(requests) >= POOL_THRESHOLD else None

    async def handle(result: FetchResult) -> None:
        prepared: PreparedFeed | FeedlensError | None = None
        if pool is not None and result.error is None and result.status == 200:
            loop = asyncio.get_running_loop()
            prepared = await loop.run_in_executor(
                pool, prepare_body, result.body, result.content_type or None
            )
        outcome = await asyncio.to_thread(apply_result, store, result, prepared)
        done.append(outcome)
        if progress is not None:
            progress(RefreshProgress(len(done), len(requests), outcome))

    try:
        if requests:
            asyncio.run(fetch_many(requests, limits, handle))
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return RefreshSummary(tuple(done))


POOL_THRESHOLD = 4


@dataclass(frozen=True)
class Discovery:
    """What an address turned out to be: a feed, or a page announcing feeds."""

    url: str
    feeds: tuple[tuple[str, str], ...]
    result: FetchResult | None


def probe(url: str, limits: FetchLimits | None = None) -> Discovery:
    """Fetch an address once: a feed comes back as itself, an HTML page as the feeds it lists."""
    if not is_web_url(url):
        raise FetchError("only http and https addresses can be subscribed to")
    [result] = asyncio.run(fetch_many([FetchRequest(0, url)], limits))
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
