"""The address policy on a real 127.0.0.1 server: a resolver plays public and private hosts on
127.0.0.1, so redirects and discovered links between address classes can be tried for real."""

from __future__ import annotations

import asyncio
import pickle
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reader.cli import main
from reader.errors import FetchError
from reader.feeds.addresses import (
    ResolvedAddress,
    Resolver,
    UnresolvableHost,
    classify,
    url_problem,
)
from reader.library import Library
from tests.conftest import SAMPLES
from tests.feedserver import Reply, serve

FEED = (SAMPLES / "meridian-courier.xml").read_bytes()
RSS_TYPE = {"Content-Type": "application/rss+xml; charset=utf-8"}
HOSTS = Resolver(
    {
        "public.test": ("127.0.0.1", "public"),
        "elsewhere.test": ("127.0.0.1", "public"),
        "nas.lan": ("127.0.0.1", "private"),
        "printer.lan": ("127.0.0.1", "private"),
    }
)


@pytest.fixture
def played(tmp_path: Path) -> Iterator[Library]:
    """A library whose fetches resolve the played host names to 127.0.0.1."""
    lib = Library(tmp_path / "library.sqlite", resolver=HOSTS)
    yield lib
    lib.close()


def as_host(base: str, host: str) -> str:
    return base.replace("127.0.0.1", host)


def url_of(library: Library, feed_id: int) -> str:
    row = library.store.query_one("SELECT url FROM feeds WHERE id = ?", (feed_id,))
    assert row is not None
    return str(row["url"])


def test_classes_of_addresses() -> None:
    assert classify("127.0.0.1") == classify("::1") == classify("0.0.0.0") == "loopback"
    assert classify("169.254.169.254") == classify("fe80::1") == "link-local"
    assert classify("10.1.2.3") == classify("192.168.0.1") == classify("fd00::1") == "private"
    assert classify("172.16.0.1") == classify("100.64.0.1") == "private"
    assert classify("::ffff:127.0.0.1") == "loopback"
    assert classify("93.184.216.34") == classify("2606:4700::1111") == "public"


def test_a_public_feed_cannot_redirect_to_loopback(played: Library) -> None:
    with serve({}) as (base, log):
        routes = {
            "/feed": lambda h: Reply(301, b"", {"Location": f"{base}/inside"}),
            "/inside": lambda h: Reply(200, FEED, RSS_TYPE),
        }
        with serve(routes) as (server, log):
            public = as_host(server, "public.test")
            feed_id = played.subscribe(f"{public}/feed")
            outcome = played.refresh([feed_id]).feeds[0]
            paths = [path for path, _ in log.requests]
    assert outcome.outcome == "failed"
    assert outcome.error is not None
    assert outcome.error.startswith("refused: redirect to a loopback address (127.0.0.1)")
    assert paths == ["/feed"]  # the internal address was never asked
    assert url_of(played, feed_id) == f"{public}/feed"  # the 301 did not rewrite it
    assert played.count() == 0


def test_the_request_goes_to_the_checked_address_with_the_host_name(played: Library) -> None:
    routes = {
        "/feed": lambda h: Reply(301, b"", {"Location": "/moved"}),
        "/moved": lambda h: Reply(200, FEED, RSS_TYPE),
    }
    with serve(routes) as (server, log):
        public = as_host(server, "public.test")
        feed_id = played.subscribe(f"{public}/feed")
        outcome = played.refresh([feed_id]).feeds[0]
        hosts = {headers["host"] for _, headers in log.requests}
    assert outcome.outcome == "updated" and outcome.new == 9
    assert hosts == {public.removeprefix("http://")}
    assert url_of(played, feed_id) == f"{public}/moved"


def test_link_local_metadata_address_is_refused_before_any_connection(played: Library) -> None:
    metadata = "http://169.254.169.254/latest/meta-data/"
    with serve({"/feed": lambda h: Reply(302, b"", {"Location": metadata})}) as (server, _):
        feed_id = played.subscribe(f"{as_host(server, 'public.test')}/feed")
        outcome = played.refresh([feed_id]).feeds[0]
    assert outcome.error is not None
    assert "refused: redirect to a link-local address (169.254.169.254)" in outcome.error


def test_private_may_lead_to_private_but_not_to_loopback(played: Library) -> None:
    with serve({"/feed": lambda h: Reply(200, FEED, RSS_TYPE)}) as (server, _):
        routes = {
            "/to-private": lambda h: Reply(
                302, b"", {"Location": f"{as_host(server, 'printer.lan')}/feed"}
            ),
            "/to-loopback": lambda h: Reply(302, b"", {"Location": f"{server}/feed"}),
        }
        with serve(routes) as (front, _):
            fine = played.subscribe(f"{as_host(front, 'nas.lan')}/to-private")
            refused = played.subscribe(f"{as_host(front, 'nas.lan')}/to-loopback")
            outcomes = {f.feed_id: f for f in played.refresh([fine, refused]).feeds}
    assert outcomes[fine].outcome == "updated"
    assert (outcomes[refused].error or "").startswith("refused: redirect to a loopback address")


def test_a_loopback_feed_the_user_gave_may_redirect_to_loopback(played: Library) -> None:
    routes = {
        "/a": lambda h: Reply(302, b"", {"Location": "/b"}),
        "/b": lambda h: Reply(200, FEED, RSS_TYPE),
    }
    with serve(routes) as (server, _):
        feed_id, outcome = played.add_feed(f"{server}/a")
    assert outcome.outcome == "updated"


def test_a_public_page_cannot_announce_a_feed_on_loopback(played: Library) -> None:
    with serve({"/feed.xml": lambda h: Reply(200, FEED, RSS_TYPE)}) as (inside, inside_log):
        page = (
            f'<html><head><link rel="alternate" type="application/rss+xml" '
            f'href="{inside}/feed.xml"></head></html>'
        ).encode()
        with serve({"/": lambda h: Reply(200, page, {"Content-Type": "text/html"})}) as (
            server,
            _,
        ):
            public = as_host(server, "public.test")
            discovery = played.discover(f"{public}/")
            assert discovery.feeds[0][0] == f"{inside}/feed.xml"
            feed_id, outcome = played.add_feed(discovery.feeds[0][0], discovery=discovery)
        assert inside_log.requests == []
    assert (outcome.error or "").startswith("refused: the address is a loopback address")
    # refreshed later, it stays refused: the feed remembers the page that led to it
    again = played.refresh([feed_id]).feeds[0]
    assert (again.error or "").startswith("refused:")


def test_a_feed_from_an_opml_file_counts_as_public(played: Library, tmp_path: Path) -> None:
    with serve({"/feed": lambda h: Reply(200, FEED, RSS_TYPE)}) as (server, log):
        opml = tmp_path / "subs.opml"
        opml.write_text(
            '<?xml version="1.0"?><opml version="2.0"><body>'
            f'<outline text="inside" xmlUrl="{server}/feed"/>'
            f'<outline text="lan" xmlUrl="{as_host(server, "nas.lan")}/feed"/>'
            f'<outline text="outside" xmlUrl="{as_host(server, "public.test")}/feed"/>'
            "</body></opml>"
        )
        summary = played.import_paths([opml])
        # An address literal is known now: said at the import, not subscribed.
        [refused] = [r for r in summary.results if r.error]
        assert refused.source == f"{server}/feed"
        assert refused.error == "refused: an address on this machine (127.0.0.1)"
        assert refused.refused_by == str(opml)
        assert (summary.failed, summary.refused) == (1, 1)
        assert "import --trusted" in summary.line()  # the way in, named once
        ids = {feed.title: feed.id for feed in played.feeds()}
        assert set(ids) == {"lan", "outside"}
        outcomes = {f.feed_id: f for f in played.refresh().feeds}
        assert len(log.requests) == 1
    # A name is checked when fetched: the private one is refused then.
    assert (outcomes[ids["lan"]].error or "").startswith("refused:")
    assert outcomes[ids["outside"]].outcome == "updated"


def test_an_opml_the_user_trusts_reaches_what_they_added(played: Library, tmp_path: Path) -> None:
    """Their own export imported with --trusted: feeds on this machine or their network are
    subscribed as when they added them (a name subscribed before from an untrusted list too)."""
    with serve({"/feed": lambda h: Reply(200, FEED, RSS_TYPE)}) as (server, log):
        opml = tmp_path / "subs.opml"
        opml.write_text(
            '<?xml version="1.0"?><opml version="2.0"><body>'
            f'<outline text="inside" xmlUrl="{server}/feed"/>'
            f'<outline text="lan" xmlUrl="{as_host(server, "nas.lan")}/feed"/>'
            "</body></opml>"
        )
        played.import_paths([opml])  # not trusted: the name is subscribed, to be refused
        summary = played.import_paths([opml], local_files=True)
        assert summary.failed == 0 and summary.subscribed == 2
        outcomes = played.refresh().feeds
        assert len(log.requests) == 2
    assert [f.error for f in outcomes] == [None, None]


def test_cli_add_shows_the_refusal_on_one_line(tmp_path: Path) -> None:
    # The CLI uses the system resolver: a page on loopback may announce a loopback feed, so the
    # refusal is tried through the library with a played public page instead (above); here the
    # one-line shape of a CLI failure for an unreachable host.
    result = CliRunner().invoke(
        main, ["--db", str(tmp_path / "l.sqlite"), "add", "http://[::1/feed"]
    )
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("feedlens: ")


@pytest.mark.parametrize(
    "url, problem",
    [
        ("http://[::1/feed", "malformed"),
        ("http://example.com:99999/feed", "malformed"),
        ("http://example.com/a\x1b]0;x\x07", "control"),
        ("http://exa mple.com/", "control"),
        ("ftp://example.com/", "only http"),
        ("http:///path", "no host"),
    ],
)
def test_malformed_urls_are_named(url: str, problem: str) -> None:
    assert problem in (url_problem(url) or "")


def test_add_refuses_a_malformed_url_in_one_line(played: Library) -> None:
    with pytest.raises(FetchError, match="malformed"):
        played.add_feed("http://example.com:99999/feed")


def test_https_connects_to_the_checked_address_and_verifies_the_name(tmp_path: Path) -> None:
    import asyncio
    import shutil
    import ssl
    import subprocess

    import httpx

    from reader.feeds.fetch import FetchRequest, fetch_many

    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
         "-out", str(cert), "-days", "1", "-subj", "/CN=public.test",
         "-addext", "subjectAltName=DNS:public.test"],
        check=True, capture_output=True,
    )  # fmt: skip
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    with serve({"/feed": lambda h: Reply(200, FEED, RSS_TYPE)}, tls=server_tls) as (base, log):
        port = base.rsplit(":", 1)[1]
        requests = [
            FetchRequest(1, f"https://public.test:{port}/feed"),
            FetchRequest(2, f"https://elsewhere.test:{port}/feed"),  # not the certificate's name
        ]
        transport = httpx.AsyncHTTPTransport(verify=ssl.create_default_context(cafile=cert))
        results = asyncio.run(fetch_many(requests, transport=transport, resolver=HOSTS))
        hosts = [headers["host"] for _, headers in log.requests]
    good, wrong = results
    assert good.error is None and good.body == FEED
    assert hosts == [f"public.test:{port}"]
    assert "certificate" in (wrong.error or "").lower()


def test_names_are_resolved_by_the_system_and_checked(library: Library) -> None:
    with serve({"/feed": lambda h: Reply(200, FEED, RSS_TYPE)}) as (server, _):
        local = as_host(server, "localhost")
        feed_id, outcome = library.add_feed(f"{local}/feed")
        assert outcome.outcome == "updated"
        unknown = library.subscribe("http://no-such-host.invalid/feed")
        failed = library.refresh([unknown]).feeds[0]
    assert failed.error == "cannot find the host no-such-host.invalid"


def test_a_name_is_looked_up_once_while_it_is_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page pass asks for one host once a page: concurrent asks share one system look-up,
    later ones use what it found until it is too old; a name that cannot be found is refused
    to every fetch that asked (each then looks for itself)."""
    looked_up: list[str] = []
    system_lookup = socket.getaddrinfo

    def counting(host: str, *args: Any, **kwargs: Any) -> Any:
        looked_up.append(host)
        return system_lookup(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", counting)
    resolver = Resolver()

    async def ask(host: str, times: int) -> list[list[ResolvedAddress] | BaseException]:
        asks = (resolver.resolve(host, 80) for _ in range(times))
        return list(await asyncio.gather(*asks, return_exceptions=True))

    together = asyncio.run(ask("localhost", 20))
    assert looked_up == ["localhost"]
    assert all(found == together[0] for found in together)
    assert isinstance(together[0], list) and together[0][0].kind == "loopback"
    assert asyncio.run(ask("localhost", 3)) == together[:3]  # another pass's loop, remembered
    assert looked_up == ["localhost"]
    resolver.REMEMBER_SECONDS = 0.0
    asyncio.run(ask("LocalHost", 1))  # what was found is too old now: looked up again
    asyncio.run(ask("localhost", 1))
    assert looked_up == ["localhost"] * 3
    missing = asyncio.run(ask("no-such-host.invalid", 3))
    assert [str(error) for error in missing] == ["cannot find the host no-such-host.invalid"] * 3
    assert all(isinstance(error, UnresolvableHost) for error in missing)


def test_a_resolver_looking_a_host_up_can_go_to_another_process() -> None:
    resolver = Resolver({"public.test": ("127.0.0.1", "public")})

    async def copied_while_looking() -> Resolver:
        looking = asyncio.ensure_future(resolver.resolve("localhost", 80))
        await asyncio.sleep(0)  # the look-up is under way
        copy: Resolver = pickle.loads(pickle.dumps(resolver))
        await looking
        return copy

    copy = asyncio.run(copied_while_looking())
    assert copy.hosts == resolver.hosts
    assert asyncio.run(copy.resolve("public.test", 80)) == [ResolvedAddress("127.0.0.1", "public")]
