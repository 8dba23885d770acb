"""Every way a host can fail a fetch, on real sockets on 127.0.0.1: each failure is one line
recorded on its own feed, and the other feeds refresh (issue 17, items 1, 3, 4 and 5)."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import main
from reader.feeds.fetch import clamp_retry_after, parse_retry_after, valid_header_value
from reader.library import Library
from tests.conftest import SAMPLES
from tests.feedserver import RawReply, Reply, serve, serve_raw

FEED = (SAMPLES / "meridian-courier.xml").read_bytes()
RSS_TYPE = {"Content-Type": "application/rss+xml; charset=utf-8"}
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"

BROKEN = {
    "/reset": (
        RawReply(HEAD + b"Content-Length: 5000\r\n\r\n" + FEED[:200], reset=True),
        "connection lost",
    ),
    "/cut-short": (RawReply(HEAD + b"Content-Length: 5000\r\n\r\n" + FEED[:200]), "cut-short"),
    "/bad-gzip": (
        RawReply(HEAD + b"Content-Encoding: gzip\r\nContent-Length: 12\r\n\r\nnot gzip at all"),
        "bad gzip data",
    ),
    "/gzip-cut-short": (
        RawReply(
            HEAD
            + b"Content-Encoding: gzip\r\nConnection: close\r\n\r\n"
            + gzip.compress(FEED)[:300]
        ),
        "gzip data ends too soon",
    ),
    "/bad-status-line": (RawReply(b"HTTP/1.1 two hundred\r\n\r\n" + FEED), "malformed"),
    "/bad-content-length": (
        RawReply(HEAD + b"Content-Length: lots\r\n\r\n" + FEED),
        "malformed",
    ),
    "/garbage": (RawReply(b"\x16\x03\x01 not http at all\r\n\r\n"), "malformed"),
    "/silent-close": (RawReply(b""), "malformed"),
}


def last_error(library: Library, feed_id: int) -> str:
    row = library.store.query_one("SELECT last_error FROM feeds WHERE id = ?", (feed_id,))
    assert row is not None
    return str(row["last_error"])


def test_every_kind_of_failure_is_its_own_and_the_good_feeds_are_stored(
    library: Library,
) -> None:
    with (
        serve_raw({path: reply for path, (reply, _) in BROKEN.items()}) as (raw, _),
        serve({"/feed": lambda h: Reply(200, FEED, RSS_TYPE)}) as (good, _),
    ):
        broken = {path: library.subscribe(f"{raw}{path}") for path in BROKEN}
        unreachable = library.subscribe("http://127.0.0.1:9/x.xml")
        fine = library.subscribe(f"{good}/feed")
        summary = library.refresh(force=True)
    outcomes = {f.feed_id: f for f in summary.feeds}
    assert len(outcomes) == len(BROKEN) + 2
    assert outcomes[fine].outcome == "updated" and library.count() == 9
    assert "cannot connect" in (outcomes[unreachable].error or "")
    for path, (_, words) in BROKEN.items():
        outcome = outcomes[broken[path]]
        assert outcome.outcome == "failed", path
        assert words in (outcome.error or ""), (path, outcome.error)
        assert "\n" not in (outcome.error or "")
        assert last_error(library, broken[path]) == outcome.error


def test_cli_add_of_an_unreachable_feed_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["--db", str(tmp_path / "l.sqlite"), "add", "http://127.0.0.1:9/x.xml"]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("feedlens: http://127.0.0.1:9/x.xml: cannot connect")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_cli_refresh_all_with_one_dead_feed_stores_the_good_ones(library: Library) -> None:
    with serve({"/a": lambda h: Reply(200, FEED, RSS_TYPE)}) as (good, _):
        library.subscribe(f"{good}/a")
        library.subscribe("http://127.0.0.1:9/x.xml")
        result = CliRunner().invoke(main, ["--db", str(library.path), "refresh", "--all"])
    assert result.exit_code == 0, result.output
    assert (
        "1 of 2 feeds refreshed, 9 new articles, 0 updated articles, 0 unchanged; 1 failed:"
        in result.stdout
    )
    assert "cannot connect" in result.stderr
    assert library.count() == 9


@pytest.mark.parametrize(
    "url",
    ["http://[::1/feed", "http://127.0.0.1:99999/feed", "http://127.0.0.1/a\x85b", "http://a b/"],
)
def test_a_malformed_url_already_in_the_library_costs_only_its_feed(
    library: Library, url: str
) -> None:
    with library.store.write() as conn:  # as an older version could have stored it
        conn.execute(
            "INSERT INTO feeds (url, title, site_link, tags, source_kind, added_at, updated_at) "
            "VALUES (?, 'bad', '', '[]', 'http', '', '')",
            (url,),
        )
    with serve({"/feed": lambda h: Reply(200, FEED, RSS_TYPE)}) as (good, _):
        fine = library.subscribe(f"{good}/feed")
        outcomes = library.refresh(force=True).feeds
        again = library.refresh(force=True).feeds
    assert {f.outcome for f in outcomes} == {"updated", "failed"}
    assert len(again) == 2  # the next refresh is not dead either
    bad = next(f for f in outcomes if f.feed_id != fine)
    assert bad.error and ("malformed" in bad.error or "control" in bad.error)


def test_opml_with_malformed_urls_imports_the_rest(library: Library, tmp_path: Path) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>'
        '<outline text="A" xmlUrl="https://a.example/feed"/>'
        '<outline text="B" xmlUrl="http://[::1/feed"/>'
        '<outline text="C" xmlUrl="http://b.example:99999/feed"/>'
        '<outline text="D" xmlUrl="http://c.example/\u009d0;owned\u009c"/>'
        "</body></opml>"
    )
    summary = library.import_paths([opml])
    urls = sorted(f.url for f in library.feeds())
    assert urls == ["http://c.example/0;owned", "https://a.example/feed"]  # controls dropped
    assert summary.failed == 2


def test_discovery_skips_announced_urls_with_control_characters(library: Library) -> None:
    page = (
        b'<html><head><link rel="alternate" type="application/rss+xml" '
        b'href="/feed\x1b]8;;http://evil/\x07.xml"><link rel="alternate" '
        b'type="application/rss+xml" href="http://[::1/x"><link rel="alternate" '
        b'type="application/rss+xml" href="/good.xml"></head></html>'
    )
    routes = {"/": lambda h: Reply(200, page, {"Content-Type": "text/html"})}
    with serve(routes) as (base, _):
        discovery = library.discover(f"{base}/")
    assert [url for url, _ in discovery.feeds] == [f"{base}/good.xml"]


def test_redirect_to_a_malformed_location_is_one_clean_line(library: Library) -> None:
    location = "http://127.0.0.1:99999/\x9b31mred"
    raw = RawReply(
        b"HTTP/1.1 301 Moved\r\nLocation: " + location.encode("latin-1") + b"\r\n"
        b"Content-Length: 0\r\n\r\n"
    )
    with serve_raw({"/feed": raw}) as (base, _):
        feed_id = library.subscribe(f"{base}/feed")
        outcome = library.refresh([feed_id]).feeds[0]
    error = outcome.error or ""
    assert error.startswith("refused to follow a redirect")
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in last_error(library, feed_id))


@pytest.mark.parametrize(
    "header", ["99999999999999999999", "315360000", "Fri, 31 Dec 9999 23:59:59 GMT"]
)
def test_retry_after_is_clamped_to_a_day_and_said(library: Library, header: str) -> None:
    with serve({"/feed": lambda h: Reply(503, b"", {"Retry-After": header})}) as (base, _):
        feed_id = library.subscribe(f"{base}/feed")
        outcome = library.refresh([feed_id]).feeds[0]
        second = library.refresh([feed_id]).feeds[0]  # a later refresh does not die
    assert "waiting one day" in (outcome.error or "") and second.outcome == "failed"
    row = library.store.query_one("SELECT next_fetch FROM feeds WHERE id = ?", (feed_id,))
    assert row is not None
    wait = datetime.fromisoformat(str(row["next_fetch"]).replace("Z", "+00:00"))
    assert 86000 < (wait - datetime.now(UTC)).total_seconds() <= 86400


def test_retry_after_parsing_is_never_an_exception() -> None:
    assert clamp_retry_after(parse_retry_after("120")) == (120, None)
    assert clamp_retry_after(parse_retry_after("9" * 400))[0] == 86400
    for odd in ("Fri, 99 Foo 99999 99:99:99 GMT", "-5", "1e9", "\x00", "Mon, 1 Jan 0 0:0:0"):
        assert parse_retry_after(odd) is None or parse_retry_after(odd) >= 0  # type: ignore[operator]


def test_non_ascii_validators_are_not_stored_and_later_requests_still_leave(
    library: Library,
) -> None:
    raw = RawReply(
        HEAD
        + b'ETag: "caf\xc3\xa9"\r\nLast-Modified: Mon, 02 Nov 2026 07:15:00 GMT\xe2\x80\x8b\r\n'
        + f"Content-Length: {len(FEED)}\r\n\r\n".encode()
        + FEED
    )
    with serve_raw({"/feed": raw}) as (base, asked):
        feed_id, first = library.add_feed(f"{base}/feed")
        second = library.refresh([feed_id]).feeds[0]
        assert asked == ["/feed", "/feed"]
    assert first.outcome == "updated" and second.outcome == "unchanged"
    row = library.store.query_one("SELECT etag, last_modified FROM feeds WHERE id = ?", (feed_id,))
    assert row is not None and row["etag"] is None and row["last_modified"] is None


def test_a_poisoned_validator_from_an_older_version_is_not_sent(library: Library) -> None:
    with serve({"/feed": lambda h: Reply(200, FEED, RSS_TYPE)}) as (base, log):
        feed_id = library.subscribe(f"{base}/feed")
        with library.store.write() as conn:
            conn.execute("UPDATE feeds SET etag = 'café' WHERE id = ?", (feed_id,))
        outcome = library.refresh([feed_id]).feeds[0]
        assert "if-none-match" not in log.requests[0][1]
    assert outcome.outcome == "updated"


def test_header_values() -> None:
    assert valid_header_value('"abc"') == '"abc"'
    assert valid_header_value("caf\u00e9") is None
    assert valid_header_value("a\r\nX-Evil: 1") is None
    assert valid_header_value("x" * 5000) is None
