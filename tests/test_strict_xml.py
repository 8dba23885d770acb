"""The fast RSS/Atom reader: whatever it accepts, it reads exactly as feedparser does."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.feeds.parse import _unique_keys, detect_format, normalise_bytes, parse_feed
from reader.feeds.parse import parse_with_feedparser as feedparser_read
from reader.feeds.strict_xml import parse_simple_xml
from reader.models import ParsedFeed
from tests.perf.corpus import write_corpus

SAMPLES = Path(__file__).resolve().parents[1] / "sample_feeds"


def strict_read(data: bytes, content_type: str | None = None) -> ParsedFeed | None:
    parsed = parse_simple_xml(normalise_bytes(data), content_type)
    if parsed is None:
        return None
    return ParsedFeed(
        parsed.format, parsed.title, parsed.site_link, tuple(_unique_keys(parsed.entries))
    )


def assert_same_as_feedparser(data: bytes, name: str) -> bool:
    """True when the strict reader accepted the feed (and then agreed with feedparser)."""
    strict = strict_read(data)
    if strict is None:
        return False
    reference = feedparser_read(normalise_bytes(data), None)
    assert (strict.format, strict.title, strict.site_link) == (
        reference.format,
        reference.title,
        reference.site_link,
    ), name
    assert strict.entries == reference.entries, name
    return True


def test_sample_feeds_and_benchmark_corpus_take_the_fast_path(tmp_path: Path) -> None:
    files = [SAMPLES / "meridian-courier.xml", SAMPLES / "northwind-ledger.atom"]
    files += write_corpus(tmp_path, 300)[:2]
    for path in files:
        assert assert_same_as_feedparser(path.read_bytes(), path.name), path.name


def test_every_corpus_feed_it_accepts_reads_as_feedparser_reads_it(corpora: Path) -> None:
    accepted = 0
    for path in sorted(corpora.rglob("*")):
        if not path.is_file() or path.name == "LICENSE":
            continue
        data = normalise_bytes(path.read_bytes())
        try:
            if detect_format(data) != "xml":
                continue
        except Exception:
            continue
        accepted += assert_same_as_feedparser(data, str(path))
    # Hundreds of the well-formed edge cases and the plain news feeds are read the fast way.
    assert accepted > 500


RSS_ITEM = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>
<title>Wire</title><link>https://wire.example/</link>
<item><title>Dockworkers strike</title><guid>w-1</guid>{extra}
<description>&lt;p&gt;About 4,500 workers walked out.&lt;/p&gt;</description></item>
</channel></rss>"""


@pytest.mark.parametrize(
    "extra",
    [
        "<itunes:summary>A much longer summary that feedparser would prefer</itunes:summary>",
        "<itunes:author>someone</itunes:author>",
        "<title>Second title</title>",
        "<author>desk@wire.example (Wire desk)</author>",
        "<description>Second description &#147;quoted&#148;</description>",
        "<unknown>?</unknown>",
        "<link>https://wire.example/&nbsp;</link>",
    ],
)
def test_anything_unusual_is_left_to_feedparser_and_still_read(extra: str) -> None:
    data = RSS_ITEM.format(extra=extra).encode()
    assert strict_read(data) is None
    feed = parse_feed(data)
    assert feed.entries and feed.entries[0].guid == "w-1"


def test_plain_item_is_accepted_and_matches() -> None:
    data = RSS_ITEM.format(extra="<pubDate>Tue, 03 Nov 2026 08:00:00 +0100</pubDate>").encode()
    assert assert_same_as_feedparser(data, "plain")
    assert parse_feed(data).entries[0].published == "2026-11-03T07:00:00Z"


def test_http_charset_and_single_byte_encodings_go_to_feedparser() -> None:
    data = RSS_ITEM.format(extra="").encode()
    served = "application/rss+xml; charset=utf-8"
    strict = strict_read(data, served)  # a server agreeing with the declaration: fast path
    assert strict is not None
    assert strict.entries == feedparser_read(normalise_bytes(data), served).entries
    assert strict_read(data, "application/rss+xml; charset=iso-8859-1") is None
    assert strict_read(data, "text/xml") is None  # RFC 3023: US-ASCII unless it says
    latin = data.replace(b'encoding="utf-8"', b'encoding="iso-8859-1"')
    assert strict_read(latin) is None
    assert parse_feed(latin).entries[0].title == "Dockworkers strike"
