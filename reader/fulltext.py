"""Full text: fetching the pages of teaser articles and making their article the canonical text.

Which articles (``store/pages.py`` decides from each feed's mode), fetching them through the
one fetcher (its limits, deadline, size cap, redirects and conditional GET), extracting and
cleaning the article (``text/page.py``, in worker processes when there are many), and storing
what each page gave, one short transaction per page. Runs its own asyncio loop, so the CLI and
a reader worker thread call it like any blocking function. A page that fails keeps the feed's
text and records why.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from collections.abc import Callable, Coroutine, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from reader.clock import ISO_FORMAT
from reader.feeds.addresses import Resolver
from reader.feeds.fetch import FetchLimits, FetchRequest, FetchResult, fetch_many, is_web_url
from reader.models import CleanText
from reader.pipeline import process_context, structure_json
from reader.store import pages as page_store
from reader.store.db import Store
from reader.store.pages import PageCandidate
from reader.text.page import (
    decode_page,
    extract_article,
    is_html_page,
    looks_like_teaser,
    page_says_more,
    word_count,
)
from reader.text.wording import counted

# A page's body may be smaller than a feed's: an article page past 5 MiB is not an article.
PAGE_MAX_BYTES = 5 * 1024 * 1024
# The background pass after a refresh takes articles this new, at most this many at a time.
RECENT = timedelta(days=2)
BACKGROUND_LIMIT = 300
MIN_ARTICLE_WORDS = 10
POOL_THRESHOLD = 8  # fewer pages are extracted here: starting processes would take longer


@dataclass(frozen=True)
class PageOutcome:
    """What one article's page did: ``text_source`` is "page" when its text replaced the
    feed's, "feed" otherwise (``error`` then says why, unless no page was needed)."""

    article_id: int
    title: str
    link: str
    text_source: str
    error: str | None = None
    chars: int = 0
    fetched: bool = True


@dataclass(frozen=True)
class PageProgress:
    done: int
    total: int
    outcome: PageOutcome


@dataclass(frozen=True)
class FullTextSummary:
    outcomes: tuple[PageOutcome, ...]

    @property
    def replaced(self) -> int:
        return sum(1 for o in self.outcomes if o.text_source == "page" and o.fetched)

    @property
    def failed(self) -> int:
        return sum(1 for o in self.outcomes if o.error)

    def line(self) -> str:
        fetched = sum(1 for o in self.outcomes if o.fetched)
        return (
            f"{counted(fetched, 'page')} fetched, {self.replaced} with full text, "
            f"{self.failed} kept the feed's text"
        )


@dataclass(frozen=True)
class PreparedPage:
    """A page's article as the store will write it (built in a worker process)."""

    clean: CleanText

    @property
    def text(self) -> str:
        return self.clean.text


def prepare_page(body: bytes, content_type: str, url: str, title: str) -> PreparedPage | str:
    """Extract and clean one page's article (its figures follow from the analysis queue); a
    string says why it gave nothing."""
    if not is_html_page(content_type, body):
        kind = content_type.split(";")[0].strip() or "unknown type"
        return f"not a web page ({kind[:60]})"
    try:
        clean = extract_article(decode_page(body, content_type), url)
    except Exception as error:  # an extractor fault costs one page, never the pass
        return f"the page could not be read ({type(error).__name__})"
    if word_count(clean.text) < MIN_ARTICLE_WORDS:  # a menu or a cookie notice is no article
        return "no article found in the page"
    return PreparedPage(clean)


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


def _store_page(
    store: Store, candidate: PageCandidate, result: FetchResult, page: PreparedPage | str | None
) -> PageOutcome:
    """Write what one fetch gave: the new canonical text, or why the feed's text stays."""
    base = PageOutcome(candidate.article_id, candidate.title, candidate.link, "feed")
    if result.status == 304 and result.error is None:
        with store.write() as conn:
            page_store.record_unchanged(conn, candidate.article_id)
        return replace(base, text_source="page")
    error = _page_error(result)
    if error is None:
        if page is None:
            page = prepare_page(
                result.body, result.content_type, result.final_url or result.url, candidate.title
            )
        if isinstance(page, str):
            error = page
        elif candidate.mode == "auto" and not page_says_more(page.text, candidate.text):
            error = "the page's article is no longer than the feed's text"
    if error is not None or not isinstance(page, PreparedPage):
        message = error or "no article found in the page"
        with store.write() as conn:
            page_store.record_failure(conn, candidate, message, result.final_url)
        return replace(base, error=message)
    with store.write() as conn:
        stored = page_store.replace_text(
            conn,
            candidate.article_id,
            page.clean,
            structure_json(page.clean),
            result.final_url or candidate.link,
            result.etag,
            result.last_modified,
        )
    if not stored:
        return replace(base, error="the article was deleted meanwhile")
    return replace(base, text_source="page", chars=len(page.text))


def fetch_pages(
    store: Store,
    candidates: Sequence[PageCandidate],
    limits: FetchLimits | None = None,
    progress: Callable[[PageProgress], None] | None = None,
    processes: int | None = None,
    resolver: Resolver | None = None,
    stop: threading.Event | None = None,
    background: bool = False,
) -> FullTextSummary:
    """Fetch the pages these articles need (teasers in auto mode, every one in always mode)
    and store what each gives; an article that needs none is reported as such, unfetched.
    When ``stop`` is set (the reader quits) the pass ends at once; pages not stored yet are
    fetched by the next pass. ``background`` (the reader's passes) extracts at a lower
    priority, so the interface wins the cores."""
    wanted = [c for c in candidates if _needs_page(c)]
    skipped = _skip(store, [c for c in candidates if not _needs_page(c)])
    by_id = {c.article_id: c for c in wanted}
    done: list[PageOutcome] = []
    workers = processes if processes is not None else min(2, os.cpu_count() or 1)
    # Extraction is CPU work: in worker processes it slows neither the fetches nor the reader.
    pool: Executor | None = (
        extraction_pool(workers, background) if len(wanted) >= POOL_THRESHOLD else None
    )

    async def handle(result: FetchResult) -> None:
        candidate = by_id[result.key]
        page: PreparedPage | str | None = None
        if pool is not None and result.error is None and result.status == 200:
            loop = asyncio.get_running_loop()
            page = await loop.run_in_executor(
                pool,
                prepare_page,
                result.body,
                result.content_type,
                result.final_url or result.url,
                candidate.title,
            )
        outcome = await asyncio.to_thread(_store_page, store, candidate, result, page)
        done.append(outcome)
        if progress is not None:
            progress(PageProgress(len(done), len(wanted), outcome))

    # Each page may reach only what the feed that linked to it may (reader.feeds.addresses).
    requests = [
        FetchRequest(c.article_id, c.link, c.etag, c.last_modified, origin_url=c.feed_url)
        for c in wanted
    ]
    try:
        if requests:
            fetching = fetch_many(requests, page_limits(limits), handle, resolver=resolver)
            asyncio.run(_until_stopped(fetching, stop))
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return FullTextSummary((*done, *skipped))


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


def extraction_pool(workers: int, background: bool = False) -> Executor:
    """Worker processes for extraction; in the background at a lower priority."""
    return ProcessPoolExecutor(
        max_workers=max(1, workers),
        mp_context=process_context(),
        initializer=_lower_priority if background else None,
    )


def _lower_priority() -> None:
    with contextlib.suppress(OSError, AttributeError):  # not everywhere: then as it is
        os.nice(10)


def recent_since(now: datetime | None = None) -> str:
    moment = (now or datetime.now(UTC)) - RECENT
    return moment.strftime(ISO_FORMAT)
