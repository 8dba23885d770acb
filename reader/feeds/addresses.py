"""Which network addresses a fetch may reach: URL checks, name resolution, address classes and
the policy between them.

Every address belongs to one class: ``loopback`` (this machine), ``link-local`` (169.254.0.0/16
with the cloud metadata address, fe80::/10), ``private`` (the user's network: 10/8, 172.16/12,
192.168/16, fc00::/7, carrier-grade NAT and other non-global ranges) or ``public``. A URL may
reach an address of a class its origin allows: a public origin leads only to public addresses;
a loopback origin to loopback and public ones; a private origin to private and public ones; a
URL the user typed (no origin) to its own class. The fetcher resolves a name once, checks the
address and connects to that very address, so a name cannot answer "public" to the check and
"private" to the connection. ``Resolver`` is injectable: tests play a public host on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import re
import socket
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

AddressClass = Literal["loopback", "link-local", "private", "public"]
ALL_CLASSES: frozenset[AddressClass] = frozenset({"loopback", "link-local", "private", "public"})
PUBLIC_ONLY: frozenset[AddressClass] = frozenset({"public"})
MAX_URL_LENGTH = 4096
# Spaces, C0 and C1 controls and DEL: never in a well-formed address (one scan in C, not a
# Python test per character: every page link is checked several times in a pass).
_SPACE_OR_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]")


@dataclass(frozen=True)
class ResolvedAddress:
    """One address a host name resolved to, and the class it is treated as."""

    ip: str
    kind: AddressClass


class AddressRefused(Exception):
    """A URL leads to an address its origin may not reach; the message is one line."""


class UnresolvableHost(Exception):
    """A host name has no address; the message is one line."""


def classify(ip: str) -> AddressClass:
    """The class of an IP address given as text."""
    address = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback or address.is_unspecified:  # 0.0.0.0 reaches this machine too
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_private or address.is_reserved or address.is_multicast or not address.is_global:
        return "private"
    return "public"


def reachable_from(kind: AddressClass) -> frozenset[AddressClass]:
    """The classes a page or feed on an address of class ``kind`` may lead to."""
    return frozenset({kind, "public"})


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be fetched (one line), or None when it is a well-formed http(s) URL.

    Checked where URLs enter (add, OPML, discovery, redirects), so a malformed one never reaches
    the library, and again before each fetch, for libraries that hold one from before."""
    if len(url) > MAX_URL_LENGTH:
        return "the address is too long"
    if _SPACE_OR_CONTROL.search(url):
        return "the address holds spaces or control characters"
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError for a port out of range or not a number
        host = parts.hostname
    except ValueError:
        return "a malformed address"
    if parts.scheme.lower() not in ("http", "https"):
        return "only http and https addresses are fetched"
    if not host:
        return "the address names no host"
    if port == 0:
        return "a malformed address (port 0)"
    try:
        host.encode("idna")
    except UnicodeError:
        return "a malformed host name"
    return None


def host_of(url: str) -> str:
    """The host a well-formed URL names, lower case, without brackets."""
    return (urlsplit(url).hostname or "").lower()


def shown_address(url: str) -> str:
    """The host and port a well-formed URL names, as a user reads it: no user name or
    password, no path."""
    return urlsplit(url).netloc.rpartition("@")[2].lower()


_PLACES = {
    "loopback": "an address on this machine",
    "private": "an address on your network",
    "link-local": "a link-local address",
}


def listed_address_place(url: str) -> str | None:
    """Where ``url`` leads when a list from outside (an OPML not marked trusted) may not
    subscribe to it (``an address on this machine (127.0.0.1)``); None when its host may be
    public. A feed an OPML names may reach only public addresses (its origin is a file); an
    address literal or a ``localhost`` name is known to be another class now, without
    resolving, and is said at the import instead of failing at every refresh. Other names are
    checked when fetched."""
    host = host_of(url)
    kind: AddressClass | None
    if host == "localhost" or host.endswith(".localhost"):
        kind = "loopback"
    else:
        try:
            kind = classify(host)
        except ValueError:  # a name: resolved and checked when fetched
            kind = None
    if kind is None or kind == "public":
        return None
    return f"{_PLACES[kind]} ({host[:80]})"


class Resolver:
    """Host names to addresses with their classes: the system's resolver, except for names in
    ``hosts``, which map to an address and the class to treat it as (tests use this to play a
    public host on 127.0.0.1).

    What the system's resolver found is kept for ``REMEMBER_SECONDS`` (a page pass asks for
    one site's host, and its feed's for the address policy, once a page: one lookup in a
    thread of its own each time), and a host being looked up is not looked up again meanwhile.
    Each fetch still connects to the address it checked, so remembering cannot widen what a
    link may reach."""

    REMEMBER_SECONDS = 60.0

    def __init__(self, hosts: Mapping[str, tuple[str, AddressClass]] | None = None) -> None:
        self.hosts = {name.lower(): target for name, target in (hosts or {}).items()}
        self._found: dict[tuple[str, int], tuple[float, list[ResolvedAddress]]] = {}
        self._looking: dict[tuple[str, int], asyncio.Future[list[ResolvedAddress]]] = {}

    def __getstate__(self) -> dict[str, Any]:
        """What a copy in another process gets (a reader's pass runs in a child): the names
        and what was found, not the look-ups under way here."""
        return {**self.__dict__, "_looking": {}}

    async def resolve(self, host: str, port: int) -> list[ResolvedAddress]:
        """Every address ``host`` has, in the order to try them; raises UnresolvableHost."""
        host = host.lower()
        if host in self.hosts:
            ip, kind = self.hosts[host]
            return [ResolvedAddress(ip, kind)]
        try:
            return [ResolvedAddress(host, classify(host))]
        except ValueError:
            pass  # a name, not an address literal
        key = (host, port)
        now = time.monotonic()
        remembered = self._found.get(key)
        if remembered is not None and now - remembered[0] < self.REMEMBER_SECONDS:
            return list(remembered[1])
        loop = asyncio.get_running_loop()
        looking = self._looking.get(key)
        if looking is not None and looking.get_loop() is loop:
            await asyncio.wait({looking})  # a fetch given up here leaves the look-up running
            if not looking.cancelled():
                return list(looking.result())
            # that look-up failed or was given up: this fetch looks for itself
        looking = loop.create_future()
        self._looking[key] = looking
        try:
            found = await self._look_up(host, port)
        except BaseException:
            looking.cancel()  # those waiting for it look for themselves
            raise
        finally:
            if self._looking.get(key) is looking:
                del self._looking[key]
        self._found[key] = (time.monotonic(), found)  # when it was found
        looking.set_result(found)
        return list(found)

    async def _look_up(self, host: str, port: int) -> list[ResolvedAddress]:
        try:
            infos = await _getaddrinfo(host, port)
        except (OSError, UnicodeError) as error:
            raise UnresolvableHost(f"cannot find the host {host}") from error
        found: list[ResolvedAddress] = []
        for _family, _type, _proto, _name, sockaddr in infos:
            ip = str(sockaddr[0])
            if ip not in [a.ip for a in found]:
                found.append(ResolvedAddress(ip, classify(ip)))
        if not found:
            raise UnresolvableHost(f"cannot find the host {host}")
        return found


AddressInfo = list[tuple[int, int, int, str, tuple[Any, ...]]]


async def _getaddrinfo(host: str, port: int) -> AddressInfo:
    """The system's getaddrinfo in a daemon thread of its own: a resolver that hangs for half
    a minute then holds neither the deadline (the await is cancelled) nor the reader's quit
    (the event loop's own executor would be waited for as it closes; this thread is not)."""
    loop = asyncio.get_running_loop()
    answer: asyncio.Future[AddressInfo] = loop.create_future()

    def settle(result: AddressInfo | None, error: BaseException | None) -> None:
        if answer.done():
            return  # the fetch gave up waiting
        if error is not None:
            answer.set_exception(error)
        else:
            answer.set_result(result or [])

    def look_up() -> None:
        try:
            found: AddressInfo = [
                (family, kind, proto, name, tuple(address))
                for family, kind, proto, name, address in socket.getaddrinfo(
                    host, port, type=socket.SOCK_STREAM
                )
            ]
            outcome: tuple[AddressInfo | None, BaseException | None] = (found, None)
        except (OSError, UnicodeError) as error:
            outcome = (None, error)
        with contextlib.suppress(RuntimeError):  # the loop has closed: nobody is waiting
            loop.call_soon_threadsafe(settle, *outcome)

    threading.Thread(target=look_up, name=f"resolve {host}", daemon=True).start()
    return await answer


async def origin_classes(origin_url: str | None, resolver: Resolver) -> frozenset[AddressClass]:
    """The classes a URL may reach given the URL that led to it: any, when the user gave it
    (None); public only when the origin is not a web address (a feed file) or cannot be found."""
    if origin_url is None:
        return ALL_CLASSES
    if url_problem(origin_url) is not None:
        return PUBLIC_ONLY
    parts = urlsplit(origin_url)
    try:
        found = await resolver.resolve(parts.hostname or "", _port(origin_url))
    except UnresolvableHost:
        return PUBLIC_ONLY
    return reachable_from(found[0].kind)


def _port(url: str) -> int:
    parts = urlsplit(url)
    return parts.port or (443 if parts.scheme.lower() == "https" else 80)


async def checked_addresses(
    url: str, allowed: frozenset[AddressClass], resolver: Resolver, redirect: bool
) -> list[ResolvedAddress]:
    """The addresses of ``url``'s host that ``allowed`` lets it reach, in the order to try;
    raises AddressRefused (saying which class was refused) or UnresolvableHost."""
    host = host_of(url)
    found = await resolver.resolve(host, _port(url))
    usable = [address for address in found if address.kind in allowed]
    if not usable:
        kind = found[0].kind
        article = "an" if kind[0] in "aeiou" else "a"
        what = "redirect to" if redirect else "the address is"
        raise AddressRefused(
            f"refused: {what} {article} {kind} address ({host[:80]}), "
            f"which a feed on {_describe(allowed)} may not reach"
        )
    return usable


def _describe(allowed: frozenset[AddressClass]) -> str:
    others = sorted(kind for kind in allowed if kind != "public")
    return f"a {others[0]} address" if others else "a public address"


def connect_url(url: str, ip: str) -> str:
    """``url`` with its host replaced by ``ip``: the request goes to the address checked."""
    parts = urlsplit(url)
    literal = f"[{ip}]" if ":" in ip else ip
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = literal if parts.port is None else f"{literal}:{parts.port}"
    if userinfo:
        netloc = f"{userinfo}@{netloc}"
    return parts._replace(netloc=netloc).geturl()


def host_header(url: str) -> str:
    """The Host header for ``url``: its host and any port, without user information."""
    return urlsplit(url).netloc.rpartition("@")[2]
