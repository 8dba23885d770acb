"""Feed parsing per format, detection from content, OPML in and out."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.errors import FeedParseError
from reader.feeds.parse import detect_format, export_opml, parse_feed, parse_json_feed, parse_opml
from tests.conftest import SAMPLES

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://t.example/</link>
<item><title>One &amp; two</title><link>https://t.example/1</link><guid>g1</guid>
<pubDate>Mon, 02 Nov 2026 07:15:00 GMT</pubDate><description>&lt;p&gt;Body&lt;/p&gt;</description></item>
</channel></rss>"""


def test_rss_sample_parses() -> None:
    feed = parse_feed((SAMPLES / "meridian-courier.xml").read_bytes())
    assert feed.format == "rss20"
    assert feed.title == "The Meridian Courier"
    assert len(feed.entries) == 9
    first = feed.entries[0]
    assert first.guid == "mc-001"
    assert first.link.startswith("https://meridian-courier.example/")
    assert first.published == "2026-11-02T07:15:00Z"
    assert first.author == "Ines Navarro"
    assert "4,500 workers" in first.html


def test_atom_sample_parses() -> None:
    feed = parse_feed((SAMPLES / "northwind-ledger.atom").read_bytes())
    assert feed.format == "atom10"
    assert feed.title == "Northwind Ledger"
    assert len(feed.entries) == 8
    assert feed.entries[0].published == "2026-11-02T08:05:00Z"


def test_json_feed_sample_parses() -> None:
    feed = parse_feed((SAMPLES / "coastline-daily.json").read_bytes())
    assert feed.format == "json1.1"
    assert feed.title == "Coastline Daily"
    assert len(feed.entries) == 8
    assert feed.entries[0].author == "Amara Okafor"
    assert feed.entries[0].published == "2026-11-02T09:00:00Z"


def test_json_feed_10_with_content_text_and_author() -> None:
    data = (
        b'{"version": "https://jsonfeed.org/version/1", "title": "Old", "author": {"name": "A"},'
        b' "items": [{"id": 5, "content_text": "Line one.\\n\\nLine <two>.",'
        b' "date_published": "2026-01-02T03:04:05-02:00"}]}'
    )
    feed = parse_json_feed(data)
    entry = feed.entries[0]
    assert entry.guid == "5"
    assert entry.author == "A"
    assert entry.published == "2026-01-02T05:04:05Z"
    assert "&lt;two&gt;" in entry.html


def test_json_that_is_not_a_feed_is_refused() -> None:
    with pytest.raises(FeedParseError, match="not a JSON Feed"):
        parse_feed(b'{"hello": "world"}')
    with pytest.raises(FeedParseError, match=r"^not a feed "):
        parse_feed(b'{"version": ')  # JSON, broken, and nothing says it is a JSON Feed
    with pytest.raises(FeedParseError, match=r"^not a feed "):
        parse_feed(b"[project]\nname = 'x'\n")  # TOML
    with pytest.raises(FeedParseError, match=r"^not a feed "):
        parse_feed(b'[{"title": "a"}]')  # a JSON array is never a JSON Feed
    with pytest.raises(
        FeedParseError,
        match=r"^a JSON Feed that is not valid JSON: line 2, column 12: expecting value$",
    ):
        parse_feed(b'{"version": "https://jsonfeed.org/version/1.1",\n "items": [')
    with pytest.raises(FeedParseError, match=r"^a JSON Feed nested too deeply to read$"):
        parse_feed(b'{"version": "https://jsonfeed.org/version/1", "items": ' + b"[" * 100_000)


def test_detection_ignores_extensions_and_refuses_junk() -> None:
    assert detect_format(RSS) == "xml"
    assert detect_format(b"  <opml version='2.0'>") == "opml"
    assert detect_format(b"<!DOCTYPE html><html>") == "html"
    with pytest.raises(FeedParseError, match="empty"):
        detect_format(b"   ")
    with pytest.raises(FeedParseError, match="not a feed"):
        detect_format(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(FeedParseError, match="HTML page"):
        parse_feed(b"<html><body><p>hi</p></body></html>")


def test_rss_fields_are_cleaned() -> None:
    entry = parse_feed(RSS).entries[0]
    assert entry.title == "One & two"
    assert entry.html == "<p>Body</p>"


def test_duplicate_guids_within_a_feed_stay_apart() -> None:
    data = RSS.replace(b"</channel>", b"<item><title>Other</title><guid>g1</guid></item></channel>")
    entries = parse_feed(data).entries
    assert [e.guid for e in entries] == ["g1", "g1#2"]


def test_utf16_without_bom_is_read() -> None:
    data = RSS.decode().replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-16"?>')
    feed = parse_feed(data.encode("utf-16-le"))
    assert feed.entries[0].title == "One & two"


def test_opml_folders_become_tags() -> None:
    outlines = parse_opml((SAMPLES / "subscriptions.opml").read_bytes())
    by_title = {o.title: o for o in outlines}
    assert by_title["The Meridian Courier"].tags == ("News",)
    assert by_title["Northwind Ledger"].tags == ("Business", "energy")
    assert by_title["Coastline Daily"].xml_url == "coastline-daily.json"


def test_opml_export_round_trips() -> None:
    rows = [
        ("A & B", "https://a.example/feed", "https://a.example/", ("News", "x")),
        ("C", "https://c.example/rss", "", ()),
    ]
    text = export_opml(rows, "mine")
    outlines = {o.xml_url: o for o in parse_opml(text.encode())}
    assert outlines["https://a.example/feed"].title == "A & B"
    assert set(outlines["https://a.example/feed"].tags) == {"News", "x"}
    assert outlines["https://c.example/rss"].tags == ()
    assert 'category="/News,/x"' in text


def test_opml_with_entities_is_refused_or_defused(tmp_path: Path) -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<opml version="2.0"><body><outline text="&b;" xmlUrl="https://x.example/"/></body></opml>'
    )
    with pytest.raises(FeedParseError):
        parse_opml(bomb)


def _rss_with_dates(*dates: str, broken: bool = False) -> bytes:
    items = "".join(
        f"<item><title>Item {n}</title><link>https://example.org/{n}</link>"
        f"<pubDate>{date}</pubDate></item>"
        for n, date in enumerate(dates)
    )
    # An undefined entity sends the feed to feedparser instead of the fast reader.
    extra = "<description>&nbsp;</description>" if broken else ""
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Dates</title>{extra}{items}</channel></rss>"
    ).encode()


@pytest.mark.parametrize("broken", [False, True])
def test_dates_in_other_languages_are_read(broken: bool) -> None:
    """Real feeds (UOL Notícias in the corpus) write RFC 822 dates with their own day and
    month names; both readers take them, and English dates and junk are read as before."""
    feed = parse_feed(
        _rss_with_dates(
            "Seg, 24 Set 2018 19:42:40 -0300",  # Portuguese
            "Mi, 12 Okt 2022 10:00:00 +0200",  # German
            "mar., 05 déc. 2023 08:00:00 +0100",  # French
            "Mon, 24 Sep 2018 19:42:40 -0300",  # English, feedparser's own
            "Blursday, the 40th",  # junk: no date
            "vor 2 Stunden",  # relative, no year: left unread
            broken=broken,
        )
    )
    assert [entry.published for entry in feed.entries] == [
        "2018-09-24T22:42:40Z",
        "2022-10-12T08:00:00Z",
        "2023-12-05T07:00:00Z",
        "2018-09-24T22:42:40Z",
        None,
        None,
    ]
