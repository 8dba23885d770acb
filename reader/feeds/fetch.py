"""HTTP for feeds: the only module that talks to the network.

Polite and bounded: at most N fetches at once and M per host, one deadline for the whole
exchange (a server dripping a byte a second cannot hold a fetch open), at most 5 redirects
(followed by hand so permanent ones can update the stored URL), at most 15 MiB of decompressed
body (counted while streaming, so a gzip bomb is cut off early), conditional GET with ETag and
Last-Modified, Retry-After honoured. Only http and https URLs are fetched.
"""

from __future__ import annotations

import asyncio
import email.utils
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from reader import __version__

if TYPE_CHECKING:  # httpx loads only when something is fetched (it costs start-up time)
    import httpx

USER_AGENT = f"feedlens/{__version__} (terminal feed reader; +https://pypi.org/project/feedlens/)"
MAX_BODY_BYTES = 15 * 1024 * 1024
MAX_REDIRECTS = 5
DEFAULT_DEADLINE = 30.0
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)


@dataclass(frozen=True)
class FetchLimits:
    """How hard feedlens may pull: concurrency, per-host concurrency, deadline, body size."""

    max_concurrent: int = 8
    max_per_host: int = 2
    deadline: float = DEFAULT_DEADLINE
    max_bytes: int = MAX_BODY_BYTES
    max_redirects: int = MAX_REDIRECTS


@dataclass(frozen=True)
class FetchRequest:
    """One feed to fetch, with the validators from its last successful fetch."""

    key: int
    url: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class FetchResult:
    """What came back. ``status`` is the final HTTP status, 0 when no response arrived."""

    key: int
    url: str
    status: int = 0
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    final_url: str = ""
    permanent_url: str | None = None
    retry_after: float | None = None
    error: str | None = None
    redirects: tuple[str, ...] = field(default_factory=tuple)


def is_web_url(url: str) -> bool:
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())


class _TooLarge(Exception):
    pass


async def _read_limited(response: httpx.Response, limit: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    async for chunk in response.aiter_bytes():
        total += len(chunk)
        if total > limit:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


async def _exchange(
    client: httpx.AsyncClient, request: FetchRequest, limits: FetchLimits
) -> FetchResult:
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT}
    if request.etag:
        headers["If-None-Match"] = request.etag
    if request.last_modified:
        headers["If-Modified-Since"] = request.last_modified
    url = request.url
    permanent: str | None = None
    still_permanent = True  # the stored URL follows 301/308 hops until the first 302/307
    seen = [url]
    for _ in range(limits.max_redirects + 1):
        if not is_web_url(url):
            return FetchResult(
                request.key,
                request.url,
                error=f"refused to follow a redirect to a non-web address ({url[:80]})",
            )
        async with client.stream("GET", url, headers=headers) as response:
            if response.status_code in (301, 302, 303, 307, 308):
                location = response.headers.get("location")
                if not location:
                    return FetchResult(
                        request.key,
                        request.url,
                        response.status_code,
                        error=f"HTTP {response.status_code} without a Location",
                    )
                target = urljoin(url, location)
                if target in seen:
                    return FetchResult(
                        request.key,
                        request.url,
                        response.status_code,
                        error="redirect loop",
                        redirects=tuple(seen),
                    )
                if still_permanent and response.status_code in (301, 308):
                    permanent = target
                else:
                    still_permanent = False
                seen.append(target)
                url = target
                continue
            status = response.status_code
            retry = parse_retry_after(response.headers.get("retry-after"))
            if status == 304:
                return FetchResult(
                    request.key,
                    request.url,
                    304,
                    final_url=url,
                    etag=request.etag,
                    last_modified=request.last_modified,
                    permanent_url=permanent,
                    redirects=tuple(seen),
                )
            if status != 200:
                return FetchResult(
                    request.key,
                    request.url,
                    status,
                    final_url=url,
                    retry_after=retry,
                    permanent_url=permanent,
                    error=describe_status(status),
                    redirects=tuple(seen),
                )
            try:
                body = await _read_limited(response, limits.max_bytes)
            except _TooLarge:
                megabytes = limits.max_bytes // (1024 * 1024)
                return FetchResult(
                    request.key,
                    request.url,
                    status,
                    final_url=url,
                    error=f"response larger than {megabytes} MiB once decompressed; refused",
                    redirects=tuple(seen),
                )
            return FetchResult(
                request.key,
                request.url,
                200,
                body=body,
                content_type=response.headers.get("content-type", ""),
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
                final_url=url,
                permanent_url=permanent,
                redirects=tuple(seen),
            )
    return FetchResult(
        request.key,
        request.url,
        error=f"more than {limits.max_redirects} redirects",
        redirects=tuple(seen),
    )


def describe_status(status: int) -> str:
    """An HTTP failure in words."""
    words = {
        400: "the server refused the request (400)",
        401: "the feed needs a login (401)",
        403: "access forbidden (403)",
        404: "feed not found (404)",
        410: "the feed is gone for good (410); it will not be fetched again",
        429: "too many requests (429); waiting as the server asked",
        500: "server error (500)",
        502: "bad gateway (502)",
        503: "service unavailable (503); waiting as the server asked",
        504: "gateway timeout (504)",
    }
    return words.get(status, f"HTTP error {status}")


async def fetch_one(
    client: httpx.AsyncClient, request: FetchRequest, limits: FetchLimits
) -> FetchResult:
    """Fetch one feed within the deadline; network failures become a result, never raise."""
    if not is_web_url(request.url):
        return FetchResult(
            request.key, request.url, error="only http and https addresses are fetched"
        )
    try:
        return await asyncio.wait_for(_exchange(client, request, limits), limits.deadline)
    except TimeoutError:
        return FetchResult(
            request.key, request.url, error=f"no complete answer within {limits.deadline:g} s"
        )
    except httpx.ConnectError as error:
        return FetchResult(request.key, request.url, error=f"cannot connect: {_short(error)}")
    except httpx.TooManyRedirects:
        return FetchResult(request.key, request.url, error="too many redirects")
    except httpx.DecodingError as error:
        return FetchResult(request.key, request.url, error=f"bad compressed body: {_short(error)}")
    except httpx.HTTPError as error:
        return FetchResult(
            request.key, request.url, error=f"{type(error).__name__}: {_short(error)}"
        )
    except (OSError, ValueError) as error:
        return FetchResult(request.key, request.url, error=f"network error: {_short(error)}")


def _short(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:160]


async def fetch_many(
    requests: Sequence[FetchRequest],
    limits: FetchLimits | None = None,
    on_result: Callable[[FetchResult], Awaitable[None] | None] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> list[FetchResult]:
    """Fetch feeds concurrently: at most ``max_concurrent`` at once, ``max_per_host`` each."""
    import httpx

    limits = limits or FetchLimits()
    overall = asyncio.Semaphore(limits.max_concurrent)
    per_host: dict[str, asyncio.Semaphore] = defaultdict(
        lambda: asyncio.Semaphore(limits.max_per_host)
    )
    timeout = httpx.Timeout(limits.deadline, connect=min(10.0, limits.deadline))
    async with httpx.AsyncClient(
        follow_redirects=False,
        timeout=timeout,
        transport=transport,
        limits=httpx.Limits(max_connections=limits.max_concurrent * 2),
    ) as client:

        async def run(request: FetchRequest) -> FetchResult:
            host = urlsplit(request.url).netloc.lower()
            # the host slot first: a request waiting for its host must not hold a global slot
            async with per_host[host], overall:
                result = await fetch_one(client, request, limits)
            if on_result is not None:
                outcome = on_result(result)
                if asyncio.iscoroutine(outcome):
                    await outcome
            return result

        return list(await asyncio.gather(*(run(r) for r in requests)))


def discover_feeds(html: bytes, base_url: str) -> list[tuple[str, str]]:
    """Feeds an HTML page announces with <link rel="alternate">: (url, title), in page order."""
    tree = LexborHTMLParser(html.decode("utf-8", "replace"))
    found: list[tuple[str, str]] = []
    for node in tree.css("link"):
        attributes = node.attributes
        rel = (attributes.get("rel") or "").lower().split()
        kind = (attributes.get("type") or "").lower().split(";")[0].strip()
        href = attributes.get("href")
        if "alternate" not in rel or not href or kind not in FEED_TYPES:
            continue
        url = urljoin(base_url, href.strip())
        if is_web_url(url) and url not in [u for u, _ in found]:
            found.append((url, (attributes.get("title") or "").strip()))
    return found


def looks_like_html(result: FetchResult) -> bool:
    kind = result.content_type.lower()
    head = result.body[:1024].lstrip().lower()
    return "html" in kind or head.startswith((b"<!doctype html", b"<html"))
