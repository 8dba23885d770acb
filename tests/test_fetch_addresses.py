"""The address policy on a real 127.0.0.1 server: a resolver plays public and private hosts on
127.0.0.1, so redirects and discovered links between address classes can be tried for real."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import main
from reader.errors import FetchError
from reader.feeds.addresses import Resolver, classify, url_problem
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
            f'<outline text="outside" xmlUrl="{as_host(server, "public.test")}/feed"/>'
            "</body></opml>"
        )
        played.import_paths([opml])
        ids = {feed.title: feed.id for feed in played.feeds()}
        outcomes = {f.feed_id: f for f in played.refresh().feeds}
        assert len(log.requests) == 1
    assert (outcomes[ids["inside"]].error or "").startswith("refused:")
    assert outcomes[ids["outside"]].outcome == "updated"


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
