"""HTTP for feeds and pages: the only module that talks to the network.

Polite and bounded: at most N fetches at once and M per host, one deadline for the whole
exchange (a server dripping a byte a second cannot hold a fetch open), at most 5 redirects
(followed by hand so permanent ones can update the stored URL), at most 15 MiB of decompressed
body (decoded a bounded step at a time through any stack of encodings, so a bomb is cut off
early), conditional GET with ETag and Last-Modified, Retry-After honoured up to a day. Only
well-formed http and https URLs are fetched, and every request, redirects included, obeys the
address policy of ``reader.feeds.addresses``: resolve once, check the class, connect to the
address checked. Whatever goes wrong with one fetch becomes that fetch's one-line error.
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from reader import __version__
from reader.feeds.addresses import (
    AddressClass,
    AddressRefused,
    Resolver,
    UnresolvableHost,
    checked_addresses,
    connect_url,
    host_header,
    origin_classes,
    reachable_from,
    url_problem,
)
from reader.feeds.decoding import BoundedDecoder, DecodingError, accept_encoding

if TYPE_CHECKING:  # httpx loads only when something is fetched (it costs start-up time)
    import ssl

    import httpx

USER_AGENT = f"feedlens/{__version__} (terminal feed reader; +https://pypi.org/project/feedlens/)"
MAX_BODY_BYTES = 15 * 1024 * 1024
MAX_REDIRECTS = 5
MAX_RETRY_AFTER = 24 * 3600.0  # a server cannot silence a feed for longer than a day
MAX_VALIDATOR_LENGTH = 1024
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
    # The URL of the feed (or page) that led to this one; None when the user gave it directly,
    # so its own address class is allowed. A non-web origin (a feed file) counts as public.
    origin_url: str | None = None


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
    note: str | None = None  # something the user should know even on success (a clamped wait)


def is_web_url(url: str) -> bool:
    """A well-formed http(s) URL (see ``url_problem`` for why another one is not)."""
    return url_problem(url.strip()) is None


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), as asked:
    ``clamp_retry_after`` bounds it. Anything unreadable is None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value) if len(value) < 30 else float("inf")
    try:
        moment = email.utils.parsedate_to_datetime(value)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())
    except (TypeError, ValueError, OverflowError, IndexError):
        return None


def clamp_retry_after(seconds: float | None) -> tuple[float | None, str | None]:
    """A wait bounded to a day, and a note for the feed when the server asked for longer."""
    if seconds is None or seconds <= MAX_RETRY_AFTER:
        return seconds, None
    return MAX_RETRY_AFTER, "the server asked to wait longer than a day; waiting one day"


def valid_header_value(value: str | None) -> str | None:
    """``value`` if it can be sent back as a header (printable ASCII, not too long), else None:
    a validator that cannot be sent would fail every later request before it left."""
    if not value or len(value) > MAX_VALIDATOR_LENGTH:
        return None
    if any(not (" " <= c <= "~") for c in value):
        return None
    return value


class _TooLarge(Exception):
    pass


async def _read_limited(response: httpx.Response, limit: int) -> bytes:
    """The body, decoded step by step; raises _TooLarge past ``limit`` bytes (raw or decoded)."""
    decoder = BoundedDecoder(response.headers.get("content-encoding", ""))
    chunks: list[bytes] = []
    total = raw = 0
    async for chunk in response.aiter_raw():
        raw += len(chunk)
        if raw > limit:
            raise _TooLarge
        for piece in decoder.decode((chunk,)):
            total += len(piece)
            if total > limit:
                raise _TooLarge
            chunks.append(piece)
        await asyncio.sleep(0)  # decoding is CPU work: let the deadline and other fetches in
    for piece in decoder.finish():
        total += len(piece)
        if total > limit:
            raise _TooLarge
        chunks.append(piece)
    return b"".join(chunks)


class _Refused(Exception):
    """A fetch that ends with a one-line error before or between requests."""


async def _open(
    client: httpx.AsyncClient,
    url: str,
    headers: dict[str, str],
    allowed: frozenset[AddressClass],
    resolver: Resolver,
    redirect: bool,
) -> tuple[httpx.Response, frozenset[AddressClass]]:
    """Send the request to an address of ``url``'s host that ``allowed`` permits (the address
    checked is the one connected to); returns the streamed response and what it may lead to."""
    import httpx

    try:
        usable = await checked_addresses(url, allowed, resolver, redirect)
    except (AddressRefused, UnresolvableHost) as error:
        raise _Refused(str(error)) from None
    last_error: Exception | None = None
    for address in usable:
        target = connect_url(url, address.ip)
        extensions = {"sni_hostname": urlsplit(url).hostname or ""}
        request = client.build_request(
            "GET", target, headers={**headers, "Host": host_header(url)}, extensions=extensions
        )
        try:
            response = await client.send(request, stream=True)
        except (httpx.ConnectError, httpx.ConnectTimeout) as error:
            last_error = error  # the next address of the same host, if it has one
            continue
        except httpx.RemoteProtocolError as error:
            # httpx reads a redirect's Location even when it does not follow it
            if "location header" in str(error).lower():
                raise _Refused("refused to follow a redirect: a malformed address") from None
            raise
        return response, allowed & reachable_from(address.kind)
    assert last_error is not None
    raise _Refused(cannot_connect(url, last_error))


def cannot_connect(url: str, error: BaseException) -> str:
    """A connection that failed, in our words, naming the host: httpx says "All connection
    attempts failed" whatever the reason, which tells a user neither where nor why."""
    return f"cannot connect to {host_header(url)[:80]} ({_connect_reason(error)})"


def _connect_reason(error: BaseException) -> str:
    """Why a connection failed, from the first cause in the chain that says it."""
    import errno
    import ssl

    import httpx

    reasons = {
        errno.ECONNREFUSED: "the connection was refused",
        errno.ECONNRESET: "the connection was reset",
        errno.ETIMEDOUT: "no answer",
        errno.ENETUNREACH: "the network is unreachable",
        errno.EHOSTUNREACH: "the host is unreachable",
    }
    seen: BaseException | None = error
    for _ in range(8):  # a chain is short; a cycle must not hang a fetch
        if seen is None:
            break
        if isinstance(seen, ssl.SSLCertVerificationError):
            return f"its certificate is not valid: {seen.verify_message or seen.reason}"
        if isinstance(seen, ssl.SSLError):
            return f"the secure (TLS) connection failed: {seen.reason or _short(seen)}"
        if isinstance(seen, OSError) and seen.errno in reasons:
            return reasons[seen.errno]
        if isinstance(seen, (TimeoutError, httpx.ConnectTimeout)):
            return "no answer in time"
        seen = seen.__cause__ or seen.__context__
    text = _short(error)
    return "no connection could be made" if "connection attempts" in text.lower() else text


async def _exchange(
    client: httpx.AsyncClient, request: FetchRequest, limits: FetchLimits, resolver: Resolver
) -> FetchResult:
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": accept_encoding()}
    etag = valid_header_value(request.etag)
    last_modified = valid_header_value(request.last_modified)
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    url = request.url
    permanent: str | None = None
    still_permanent = True  # the stored URL follows 301/308 hops until the first 302/307
    seen = [url]
    allowed = await origin_classes(request.origin_url, resolver)
    for hop in range(limits.max_redirects + 1):
        try:
            response, allowed = await _open(client, url, headers, allowed, resolver, hop > 0)
        except _Refused as refusal:
            return FetchResult(request.key, request.url, error=str(refusal), redirects=tuple(seen))
        try:
            if response.status_code in (301, 302, 303, 307, 308):
                location = response.headers.get("location")
                if not location:
                    return FetchResult(
                        request.key,
                        request.url,
                        response.status_code,
                        error=f"HTTP {response.status_code} without a Location",
                    )
                try:
                    target = urljoin(url, location.strip())
                except ValueError:
                    target = location
                problem = url_problem(target)
                if problem is not None:
                    return FetchResult(
                        request.key,
                        request.url,
                        response.status_code,
                        error=f"refused to follow a redirect: {problem}",
                        redirects=tuple(seen),
                    )
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
            return await _answer(request, response, url, permanent, tuple(seen), limits)
        finally:
            await response.aclose()
    return FetchResult(
        request.key,
        request.url,
        error=f"more than {limits.max_redirects} redirects",
        redirects=tuple(seen),
    )


async def _answer(
    request: FetchRequest,
    response: httpx.Response,
    url: str,
    permanent: str | None,
    seen: tuple[str, ...],
    limits: FetchLimits,
) -> FetchResult:
    """The result of the final (non-redirect) response."""
    status = response.status_code
    retry, note = clamp_retry_after(parse_retry_after(response.headers.get("retry-after")))
    if status == 304:
        return FetchResult(
            request.key,
            request.url,
            304,
            final_url=url,
            etag=valid_header_value(request.etag),
            last_modified=valid_header_value(request.last_modified),
            permanent_url=permanent,
            redirects=seen,
        )
    if status != 200:
        return FetchResult(
            request.key,
            request.url,
            status,
            final_url=url,
            retry_after=retry,
            permanent_url=permanent,
            error=describe_status(status) + (f" ({note})" if note else ""),
            redirects=seen,
            note=note,
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
            redirects=seen,
        )
    except DecodingError as error:
        return FetchResult(
            request.key, request.url, status, final_url=url, error=str(error), redirects=seen
        )
    return FetchResult(
        request.key,
        request.url,
        200,
        body=body,
        content_type=response.headers.get("content-type", ""),
        etag=valid_header_value(response.headers.get("etag")),
        last_modified=valid_header_value(response.headers.get("last-modified")),
        final_url=url,
        permanent_url=permanent,
        redirects=seen,
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
    client: httpx.AsyncClient,
    request: FetchRequest,
    limits: FetchLimits,
    resolver: Resolver | None = None,
) -> FetchResult:
    """Fetch one URL within the deadline; every failure becomes the result's one-line error,
    never an exception, so one bad host or header cannot stop the others."""
    import httpx

    problem = url_problem(request.url)
    if problem is not None:
        return FetchResult(request.key, request.url, error=problem)

    def failed(error: str) -> FetchResult:
        return FetchResult(request.key, request.url, error=error)

    try:
        exchange = _exchange(client, request, limits, resolver or Resolver())
        return await asyncio.wait_for(exchange, limits.deadline)
    except TimeoutError:
        return failed(f"no complete answer within {limits.deadline:g} s")
    except httpx.ConnectError as error:
        return failed(cannot_connect(request.url, error))
    except httpx.RemoteProtocolError as error:
        return failed(f"malformed or cut-short answer: {_short(error)}")
    except httpx.ReadError as error:
        return failed(f"connection lost while reading: {_short(error, 'reset by the server')}")
    except httpx.DecodingError as error:
        return failed(f"bad compressed body: {_short(error)}")
    except httpx.HTTPError as error:
        return failed(f"{type(error).__name__}: {_short(error)}")
    except (OSError, ValueError, UnicodeError) as error:
        return failed(f"network error: {_short(error)}")
    except Exception as error:  # a library's surprise costs this fetch, never the others
        return failed(f"unexpected {type(error).__name__}: {_short(error)}")


def _short(error: BaseException, default: str = "") -> str:
    text = str(error).strip()
    text = text.splitlines()[0] if text else (default or type(error).__name__)
    return text[:160]


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """The certificates servers are verified with, loaded once per process: loading them
    takes some 35 ms of CPU, which each ``fetch_many`` call (each batch of a page pass) paid
    before its first request. The same context httpx would make (certifi's, no environment)."""
    import httpx

    return httpx.create_ssl_context(trust_env=False)


async def fetch_many(
    requests: Sequence[FetchRequest],
    limits: FetchLimits | None = None,
    on_result: Callable[[FetchResult], Awaitable[None] | None] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    resolver: Resolver | None = None,
) -> list[FetchResult]:
    """Fetch URLs concurrently: at most ``max_concurrent`` at once, ``max_per_host`` each.
    ``resolver`` maps host names to addresses (the system's by default); ``on_result`` is
    called as each one ends and must not raise."""
    import httpx

    limits = limits or FetchLimits()
    resolver = resolver or Resolver()
    overall = asyncio.Semaphore(limits.max_concurrent)
    per_host: dict[str, asyncio.Semaphore] = defaultdict(
        lambda: asyncio.Semaphore(limits.max_per_host)
    )
    timeout = httpx.Timeout(limits.deadline, connect=min(10.0, limits.deadline))
    async with httpx.AsyncClient(
        follow_redirects=False,
        timeout=timeout,
        transport=transport,
        verify=_tls_context() if transport is None else True,
        trust_env=False,  # a proxy from the environment would connect somewhere unchecked
        # No connection is kept for reuse: requests go to an address, not a name, and a pooled
        # TLS connection made for one name must never carry a request for another on that IP.
        limits=httpx.Limits(max_connections=limits.max_concurrent * 2, max_keepalive_connections=0),
    ) as client:

        async def run(request: FetchRequest) -> FetchResult:
            try:
                host = urlsplit(request.url).netloc.lower()
            except ValueError:
                host = ""
            # the host slot first: a request waiting for its host must not hold a global slot
            async with per_host[host], overall:
                result = await fetch_one(client, request, limits, resolver)
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
        try:
            url = urljoin(base_url, href.strip())
        except ValueError:
            continue
        if is_web_url(url) and url not in [u for u, _ in found]:
            found.append((url, (attributes.get("title") or "").strip()))
    return found


def looks_like_html(result: FetchResult) -> bool:
    kind = result.content_type.lower()
    head = result.body[:1024].lstrip().lower()
    return "html" in kind or head.startswith((b"<!doctype html", b"<html"))
