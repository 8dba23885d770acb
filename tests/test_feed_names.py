"""Feeds of the same name told apart by what differs in their addresses (issue 23)."""

from __future__ import annotations

from reader.feeds.names import distinct_names
from reader.models import Feed


def feed(feed_id: int, title: str, url: str) -> Feed:
    return Feed(feed_id, url, title, "", ())


def test_hosts_then_paths_then_ids_tell_same_names_apart() -> None:
    feeds = [
        feed(1, "reddit: the front page", "https://old.reddit.com/.rss"),
        feed(2, "reddit: the front page", "https://www.reddit.com/.rss"),
        feed(3, "News", "https://example.com/world/rss"),
        feed(4, "news", "https://example.com/sport/rss"),
        feed(5, "Solo", "https://solo.example/feed"),
        feed(6, "Twin", "file:///home/me/feeds/twin-a.xml"),
        feed(7, "Twin", "file:///home/me/old/twin-b.xml"),
        feed(8, "Same", "https://same.example/feed"),
        feed(9, "Same", "https://same.example/feed?x=1"),
    ]
    assert distinct_names(feeds) == {
        1: "reddit: the front page (old.reddit.com)",
        2: "reddit: the front page (www.reddit.com)",
        3: "News (example.com/world/rss)",
        4: "news (example.com/sport/rss)",
        5: "Solo",
        6: "Twin (twin-a)",
        7: "Twin (twin-b)",
        8: "Same (same.example/feed)",
        9: "Same (same.example/feed?x=1)",
    }
