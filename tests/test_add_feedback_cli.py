"""The CLI's `add` and feed names said plainly: a feed already subscribed, a page whose feed
cannot be fetched, a feed name several feeds share."""

from __future__ import annotations

from click.testing import CliRunner

from reader.cli import main
from reader.library import Library
from tests.conftest import SAMPLES
from tests.feedserver import Reply, serve

FEED = (SAMPLES / "meridian-courier.xml").read_bytes()
RSS_TYPE = {"Content-Type": "application/rss+xml; charset=utf-8"}
PAGE = (
    b'<html><head><link rel="alternate" type="application/rss+xml" title="News" '
    b'href="/feed.xml"></head><body>hi</body></html>'
)


def test_adding_a_feed_already_subscribed_says_so_and_refreshes_it(library: Library) -> None:
    routes = {"/feed.xml": lambda h: Reply(200, FEED, RSS_TYPE)}
    with serve(routes) as (base, log):
        first = CliRunner().invoke(main, ["--db", str(library.path), "add", f"{base}/feed.xml"])
        assert first.exit_code == 0, first.output
        asked = len(log.requests)
        again = CliRunner().invoke(main, ["--db", str(library.path), "add", f"{base}/feed.xml"])
    assert again.exit_code == 0, again.output
    [feed] = library.feeds()
    assert again.stdout.startswith(
        f"already subscribed to The Meridian Courier (feed {feed.id}); refreshed: 0 new, 0 updated"
    )
    assert len(log.requests) == asked + 1  # fetched once: the refresh, no discovery before it


def test_adding_a_page_whose_feed_is_subscribed_says_so(library: Library) -> None:
    routes = {
        "/": lambda h: Reply(200, PAGE, {"Content-Type": "text/html"}),
        "/feed.xml": lambda h: Reply(200, FEED, RSS_TYPE),
    }
    with serve(routes) as (base, _):
        CliRunner().invoke(main, ["--db", str(library.path), "add", f"{base}/feed.xml"])
        again = CliRunner().invoke(main, ["--db", str(library.path), "add", f"{base}/"])
    assert again.exit_code == 0, again.output
    [feed] = library.feeds()
    assert f"already subscribed to The Meridian Courier (feed {feed.id})" in again.stdout


def test_a_page_whose_feed_cannot_be_fetched_leaves_no_feed_behind(library: Library) -> None:
    routes = {
        "/": lambda h: Reply(200, PAGE, {"Content-Type": "text/html"}),
        "/feed.xml": lambda h: Reply(404, b"gone"),
    }
    with serve(routes) as (base, _):
        result = CliRunner().invoke(main, ["--db", str(library.path), "add", f"{base}/"])
    assert result.exit_code == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"feedlens: {base}/feed.xml: ")
    assert last.endswith("; not subscribed")
    assert "Traceback" not in result.output
    assert library.feeds() == []


def test_a_feed_refresh_that_fails_keeps_a_feed_subscribed_before(library: Library) -> None:
    answers = iter([Reply(200, FEED, RSS_TYPE), Reply(500, b"down")])
    with serve({"/feed.xml": lambda h: next(answers)}) as (base, _):
        CliRunner().invoke(main, ["--db", str(library.path), "add", f"{base}/feed.xml"])
        again = CliRunner().invoke(main, ["--db", str(library.path), "add", f"{base}/feed.xml"])
    assert again.exit_code == 1
    [feed] = library.feeds()
    assert again.stderr.startswith(
        f"feedlens: already subscribed to The Meridian Courier (feed {feed.id}); "
        "refreshing it failed: "
    )
    assert library.count() == 9


def test_a_feed_name_several_feeds_share_lists_their_ids(library: Library) -> None:
    ids = [library.subscribe(f"https://reddit.example/{n}.rss") for n in ("front", "news")]
    library.rename_feed(ids[0], "reddit: the front page of the internet")
    library.rename_feed(ids[1], "reddit: news")
    result = CliRunner().invoke(main, ["--db", str(library.path), "articles", "--feed", "reddit"])
    assert result.exit_code == 1
    assert result.stderr.startswith("feedlens: 'reddit' matches several feeds (")
    assert result.stderr.endswith("); use its id\n")
    assert f"reddit: the front page of the internet (feed {ids[0]})" in result.stderr
    assert f"reddit: news (feed {ids[1]})" in result.stderr


def test_a_title_two_feeds_share_deletes_neither(library: Library) -> None:
    # A feed subscribed by URL and its copy imported from a file carry one title: "feeds rm"
    # by that title must ask for an id, not delete whichever comes first.
    ids = [library.subscribe(f"https://teasers.example/{n}.rss") for n in ("a", "b")]
    for feed_id in ids:
        library.rename_feed(feed_id, "Local Teasers")
    result = CliRunner().invoke(
        main, ["--db", str(library.path), "feeds", "rm", "Local Teasers", "--yes"]
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"feedlens: 'Local Teasers' matches several feeds (Local Teasers (feed {ids[0]}), "
        f"Local Teasers (feed {ids[1]})); use its id\n"
    )
    assert sorted(feed.id for feed in library.feeds()) == ids
    by_id = CliRunner().invoke(
        main, ["--db", str(library.path), "feeds", "rm", str(ids[1]), "--yes"]
    )
    assert by_id.exit_code == 0, by_id.output
    assert [feed.id for feed in library.feeds()] == [ids[0]]
