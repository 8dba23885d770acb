"""Fetching and refreshing over real HTTP on 127.0.0.1: conditional GET, redirects, errors,
limits, discovery, charsets, concurrency."""

from __future__ import annotations

import gzip
import json
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import main
from reader.feeds.fetch import FetchLimits, parse_retry_after
from reader.library import Library
from tests.conftest import SAMPLES
from tests.feedserver import Handler, Reply, serve

FEED = (SAMPLES / "meridian-courier.xml").read_bytes()
ATOM = (SAMPLES / "northwind-ledger.atom").read_bytes()
RSS_TYPE = {"Content-Type": "application/rss+xml; charset=utf-8"}


def feed_row(library: Library, feed_id: int) -> dict[str, object]:
    row = library.store.query_one("SELECT * FROM feeds WHERE id = ?", (feed_id,))
    assert row is not None
    return dict(row)


def etag_route(handler: Handler) -> Reply:
    if handler.headers.get("If-None-Match") == '"v1"':
        return Reply(304)
    return Reply(200, FEED, {**RSS_TYPE, "ETag": '"v1"'})


def last_modified_route(handler: Handler) -> Reply:
    stamp = "Mon, 02 Nov 2026 07:15:00 GMT"
    if handler.headers.get("If-Modified-Since") == stamp:
        return Reply(304)
    return Reply(200, FEED, {**RSS_TYPE, "Last-Modified": stamp})


def test_200_then_304_with_etag(library: Library) -> None:
    with serve({"/feed": etag_route}) as (base, log):
        feed_id, first = library.add_feed(f"{base}/feed")
        assert first.outcome == "updated" and first.new == 9
        second = library.refresh([feed_id]).feeds[0]
        assert second.outcome == "unchanged"
        assert log.requests[-1][1]["if-none-match"] == '"v1"'
    row = feed_row(library, feed_id)
    assert row["etag"] == '"v1"' and row["last_success"] and row["error_count"] == 0
    assert library.count() == 9


def test_last_modified_conditional_get(library: Library) -> None:
    with serve({"/feed": last_modified_route}) as (base, log):
        feed_id, _ = library.add_feed(f"{base}/feed")
        assert library.refresh([feed_id]).feeds[0].outcome == "unchanged"
        assert log.requests[-1][1]["if-modified-since"] == "Mon, 02 Nov 2026 07:15:00 GMT"


@pytest.mark.parametrize("status, updates", [(301, True), (308, True), (302, False), (307, False)])
def test_redirects_update_url_only_when_permanent(
    library: Library, status: int, updates: bool
) -> None:
    routes = {
        "/old": lambda h: Reply(status, b"", {"Location": "/new"}),
        "/new": lambda h: Reply(200, FEED, RSS_TYPE),
    }
    with serve(routes) as (base, _):
        feed_id = library.subscribe(f"{base}/old")
        outcome = library.refresh([feed_id]).feeds[0]
        assert outcome.outcome == "updated"
        expected = f"{base}/new" if updates else f"{base}/old"
        assert feed_row(library, feed_id)["url"] == expected


def test_410_marks_the_feed_gone_and_stops_polling(library: Library) -> None:
    with serve({"/feed": lambda h: Reply(410, b"gone")}) as (base, log):
        feed_id = library.subscribe(f"{base}/feed")
        outcome = library.refresh([feed_id]).feeds[0]
        assert outcome.outcome == "gone"
        assert feed_row(library, feed_id)["status"] == "gone"
        assert library.refresh(force=True).feeds == ()
        assert len(log.requests) == 1


def test_429_honours_retry_after(library: Library) -> None:
    with serve({"/feed": lambda h: Reply(429, b"", {"Retry-After": "3600"})}) as (base, log):
        feed_id = library.subscribe(f"{base}/feed")
        outcome = library.refresh([feed_id]).feeds[0]
        assert outcome.outcome == "failed" and "429" in (outcome.error or "")
        row = feed_row(library, feed_id)
        next_fetch = datetime.fromisoformat(str(row["next_fetch"]).replace("Z", "+00:00"))
        assert 3500 < (next_fetch - datetime.now(UTC)).total_seconds() <= 3600
        assert library.refresh().feeds == ()  # not due yet
        assert len(log.requests) == 1


def test_failures_back_off_and_count(library: Library) -> None:
    with serve({"/feed": lambda h: Reply(500, b"boom")}) as (base, _):
        feed_id = library.subscribe(f"{base}/feed")
        library.refresh([feed_id])
        library.refresh([feed_id])
        row = feed_row(library, feed_id)
        assert row["error_count"] == 2 and "500" in str(row["last_error"])
        feed = next(f for f in library.feeds() if f.id == feed_id)
        assert feed.error_count == 2 and feed.last_error


def test_slow_drip_is_cut_at_the_deadline(library: Library) -> None:
    slow = Reply(200, FEED[:400], {**RSS_TYPE, "Content-Length": str(len(FEED[:400]))}, drip=0.05)
    with serve({"/feed": lambda h: slow}) as (base, _):
        feed_id = library.subscribe(f"{base}/feed")
        started = time.monotonic()
        outcome = library.refresh([feed_id], limits=FetchLimits(deadline=1.0)).feeds[0]
        assert time.monotonic() - started < 5
        assert outcome.outcome == "failed" and "within 1 s" in (outcome.error or "")


def test_gzip_bomb_is_refused(library: Library) -> None:
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 200 * 1024
    reply = Reply(200, bomb, {**RSS_TYPE, "Content-Encoding": "gzip"})
    with serve({"/feed": lambda h: reply}) as (base, _):
        feed_id = library.subscribe(f"{base}/feed")
        outcome = library.refresh([feed_id]).feeds[0]
        assert outcome.outcome == "failed"
        assert "larger than 15 MiB" in (outcome.error or "")


def redirect_to(target: str):  # type: ignore[no-untyped-def]
    return lambda handler: Reply(302, b"", {"Location": target})


def test_redirect_loop_and_too_many_redirects(library: Library) -> None:
    routes = {
        "/a": lambda h: Reply(302, b"", {"Location": "/b"}),
        "/b": lambda h: Reply(302, b"", {"Location": "/a"}),
        **{f"/r{i}": redirect_to(f"/r{i + 1}") for i in range(10)},
    }
    with serve(routes) as (base, _):
        loop = library.subscribe(f"{base}/a")
        chain = library.subscribe(f"{base}/r0")
        outcomes = {f.feed_id: f for f in library.refresh([loop, chain]).feeds}
        assert "redirect loop" in (outcomes[loop].error or "")
        assert "more than 5 redirects" in (outcomes[chain].error or "")


def test_html_page_discovery_and_add(library: Library) -> None:
    page = (
        b'<html><head><link rel="alternate" type="application/rss+xml" title="News" '
        b'href="/feed.xml"><link rel="alternate" type="application/atom+xml" '
        b'href="/atom.xml"></head><body>hi</body></html>'
    )
    routes = {
        "/": lambda h: Reply(200, page, {"Content-Type": "text/html"}),
        "/feed.xml": lambda h: Reply(200, FEED, RSS_TYPE),
        "/atom.xml": lambda h: Reply(200, ATOM, {"Content-Type": "application/atom+xml"}),
    }
    with serve(routes) as (base, _):
        discovery = library.discover(f"{base}/")
        assert [u for u, _ in discovery.feeds] == [f"{base}/feed.xml", f"{base}/atom.xml"]
        result = CliRunner().invoke(
            main, ["--db", str(library.path), "add", f"{base}/", "--tag", "news"]
        )
        assert result.exit_code == 0, result.output
        assert "lists 2 feeds" in result.stderr
        assert "subscribed to The Meridian Courier" in result.stdout
    feed = next(f for f in library.feeds() if f.url == f"{base}/feed.xml")
    assert feed.tags == ("news",)


def test_html_instead_of_a_feed_says_so(library: Library) -> None:
    page = b"<!doctype html><html><body>Welcome</body></html>"
    with serve({"/feed": lambda h: Reply(200, page, {"Content-Type": "text/html"})}) as (base, _):
        feed_id = library.subscribe(f"{base}/feed")
        outcome = library.refresh([feed_id]).feeds[0]
        assert outcome.error == "the address answered with an HTML page, not a feed"


def test_wrong_content_type_still_reads_the_feed(library: Library) -> None:
    with serve({"/feed": lambda h: Reply(200, FEED, {"Content-Type": "text/plain"})}) as (base, _):
        feed_id, outcome = library.add_feed(f"{base}/feed")
        assert outcome.new == 9


def test_charset_header_is_trusted_over_the_declaration(library: Library) -> None:
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>Café Crème</title><item><guid>1</guid><title>Déjà vu</title></item>"
        "</channel></rss>"
    ).encode("iso-8859-1")
    headers = {"Content-Type": "application/xml; charset=iso-8859-1"}
    with serve({"/feed": lambda h: Reply(200, body, headers)}) as (base, _):
        feed_id, outcome = library.add_feed(f"{base}/feed")
    assert outcome.title == "Café Crème"
    assert library.articles()[0].title == "Déjà vu"


def test_concurrency_limits_are_observed_by_the_server(library: Library) -> None:
    slow = lambda h: Reply(200, FEED, RSS_TYPE, delay=0.3)  # noqa: E731
    with (
        serve({f"/f{i}": slow for i in range(6)}) as (base_a, log_a),
        serve({f"/f{i}": slow for i in range(6)}) as (base_b, log_b),
    ):
        ids = [library.subscribe(f"{base}/f{i}") for base in (base_a, base_b) for i in range(6)]
        summary = library.refresh(ids, limits=FetchLimits(max_concurrent=3, max_per_host=2))
        assert len(summary.feeds) == 12
        assert log_a.max_active <= 2 and log_b.max_active <= 2
        assert log_a.max_active + log_b.max_active >= 3
        assert all(r[1]["user-agent"].startswith("feedlens/") for r in log_a.requests)


def test_only_web_addresses(library: Library) -> None:
    for url in ("file:///etc/passwd", "ftp://example.com/feed", "exec:ls", "javascript:x"):
        result = CliRunner().invoke(main, ["--db", str(library.path), "add", url])
        assert result.exit_code == 1
        assert "only http and https" in result.stderr


def test_opml_subscribes_to_web_urls_only(library: Library, tmp_path: Path) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>'
        '<outline text="A" xmlUrl="https://a.example/feed"/>'
        '<outline text="B" xmlUrl="file:///etc/passwd"/>'
        '<outline text="C" xmlUrl="exec:rm -rf /"/></body></opml>'
    )
    summary = library.import_paths([opml])
    assert [f.url for f in library.feeds()] == ["https://a.example/feed"]
    assert summary.failed == 2


def test_retry_after_parsing() -> None:
    assert parse_retry_after("120") == 120
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    assert parse_retry_after("Wed, 25 Nov 2026 12:01:00 GMT", now) == 60
    assert parse_retry_after("soon") is None


def test_cli_refresh_reports_per_feed_and_summary(library: Library) -> None:
    routes = {"/ok": lambda h: Reply(200, FEED, RSS_TYPE), "/bad": lambda h: Reply(404, b"")}
    with serve(routes) as (base, _):
        library.subscribe(f"{base}/ok")
        library.subscribe(f"{base}/bad")
        result = CliRunner().invoke(main, ["--db", str(library.path), "refresh"])
        assert result.exit_code == 0
        assert (
            "1 of 2 feeds refreshed, 9 new articles, 0 updated articles, 0 unchanged; 1 failed:"
            in result.stdout
        )
        assert "feed not found (404)" in result.stderr
        again = CliRunner().invoke(main, ["--db", str(library.path), "refresh", "--json"])
        data = json.loads(again.stdout)
        assert {f["outcome"] for f in data["feeds"]} == {"unchanged"}  # the 404 backs off
