"""A fast reader for well-formed, plain RSS 2.0 and Atom 1.0 feeds; feedparser reads the rest.

feedparser's loose, event-by-event parser costs ~0.6 ms per entry here, more than cleaning the
article, and alone it would cap a two-core import far below the throughput the scale issue asks
for. Most feeds are simple, well-formed XML, which the C expat parser in the standard library
reads in a tenth of that time. So this module accepts a feed only when it is sure to read it
exactly as feedparser would (tests compare the two on every corpus feed): well-formed XML, a
known root, item children from a short list of elements, no nested markup where text is
expected, no xml:base, no XHTML or base64 content. Anything else returns None and the caller
uses feedparser. Dates go through feedparser's own date parser, so every spelling it accepts is
read the same. DOCTYPEs are already removed by the caller, so no entity can be defined, and an
undefined one (``&nbsp;``) makes expat refuse the document, which sends it to feedparser.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from reader.clock import struct_to_iso
from reader.feeds.dates import read_common_date, register_with_feedparser
from reader.models import ParsedEntry, ParsedFeed
from reader.text.clean import clean_line

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"

# Item children whose meaning we either read or may safely ignore (feedparser keeps them in
# fields we never use). An unknown child could be one feedparser maps onto a field we do use
# (dcterms:issued, itunes:summary...), so it sends the feed to feedparser.
_RSS_ITEM_TAGS = frozenset(
    {
        "title",
        "link",
        "guid",
        "description",
        "pubDate",
        "author",
        "category",
        "comments",
        "enclosure",
        CONTENT + "encoded",
        DC + "creator",
        DC + "date",
        DC + "subject",
    }
)
_ATOM_ENTRY_TAGS = frozenset(
    ATOM + name
    for name in (
        "id",
        "title",
        "link",
        "author",
        "published",
        "updated",
        "content",
        "summary",
        "category",
    )
)
# Extension elements common in news and podcast feeds that feedparser files under names we never
# read (media_content, itunes_duration...). Their namespaces are written as feedparser matches
# them: lower case, without a trailing slash. Not here, because feedparser maps them onto title,
# author or summary: itunes:author, itunes:summary, media:title, media:description.
_IGNORED_EXTENSIONS = frozenset(
    [
        "{http://search.yahoo.com/mrss}" + name
        for name in ("content", "thumbnail", "credit", "keywords", "rating", "license", "player")
    ]
    + [
        "{http://www.itunes.com/dtds/podcast-1.0.dtd}" + name
        for name in (
            "duration",
            "explicit",
            "image",
            "keywords",
            "episode",
            "episodetype",
            "season",
            "subtitle",
            "block",
            "title",
            "category",
        )
    ]
    + [
        "{http://rssnamespace.org/feedburner/ext/1.0}origlink",
        "{http://rssnamespace.org/feedburner/ext/1.0}origenclosurelink",
        "{http://purl.org/rss/1.0/modules/slash}comments",
        "{http://wellformedweb.org/commentapi}commentrss",
        "{http://purl.org/syndication/thread/1.0}total",
        "{http://www.youtube.com/xml/schemas/2015}videoid",
        "{http://www.youtube.com/xml/schemas/2015}channelid",
        "{http://www.google.com/schemas/play-podcasts/1.0}description",
        "{http://www.google.com/schemas/play-podcasts/1.0}explicit",
        "{http://www.google.com/schemas/play-podcasts/1.0}image",
        "{http://www.georss.org/georss}point",
        "{http://www.georss.org/georss}box",
        "{http://www.georss.org/georss}featurename",
    ]
)
_MEDIA_CONTENT = "{http://search.yahoo.com/mrss}content"
_MEDIA_CREDIT = "{http://search.yahoo.com/mrss}credit"
_TEXT_TYPES = frozenset({"text", "html", "text/plain", "text/html"})
_DECLARED_ENCODING = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")
_HTTP_CHARSET = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_UTF8_NAMES = (b"utf-8", b"utf8", b"us-ascii")
# C1 controls in decoded text mean Windows-1252 bytes or double-encoded UTF-8, which feedparser
# repairs in its own way.
_C1 = re.compile("[\x80-\x9f]")
# Local names that, in a namespace we do not expect, feedparser would still read as entries or
# as the fields we keep.
_MEANINGFUL_NAMES = frozenset({"item", "entry", "title", "link"})


class NotSimple(Exception):
    """The feed uses something this reader leaves to feedparser."""


def parse_simple_xml(data: bytes, content_type: str | None) -> ParsedFeed | None:
    """The feed, if it is plain RSS 2.0 or Atom 1.0 read exactly as feedparser would; else None."""
    declared = _DECLARED_ENCODING.search(data[:200])
    if declared and declared.group(1).lower() not in _UTF8_NAMES:
        return None  # feedparser guesses at mislabelled single-byte encodings
    if content_type:
        # An HTTP charset overrides the XML declaration, and text/xml without one means
        # US-ASCII (RFC 3023): both feedparser's to weigh, unless the server says UTF-8 too.
        charset = _HTTP_CHARSET.search(content_type)
        if charset is None or charset.group(1).lower() not in ("utf-8", "utf8"):
            return None
    try:
        root = ET.fromstring(data)
    except (ET.ParseError, ValueError, LookupError):
        return None
    try:
        if root.tag == "rss" and root.get("version") == "2.0":
            return _rss(root)
        if root.tag == ATOM + "feed":
            return _atom(root)
    except NotSimple:
        return None
    return None


# --- shared checks ---------------------------------------------------------------------------


def _text(element: ET.Element | None) -> str:
    """An element's text, which must be plain (no child elements, no C1 controls)."""
    if element is None:
        return ""
    if len(element):
        raise NotSimple
    text = (element.text or "").strip()
    if not text.isascii() and _holds_c1(text):
        raise NotSimple
    return text


def _holds_c1(text: str) -> bool:
    """Whether non-ASCII text holds a C1 control. In UTF-8 each is 0xC2 then 0x80-0x9F, so
    text with no 0xC2 byte holds none: encoding and one byte search take a fifth of the
    regex's time on an article, and only text with U+0080-U+00BF in it pays for the regex."""
    if b"\xc2" not in text.encode("utf-8", "surrogatepass"):
        return False
    return _C1.search(text) is not None


def _plain_children(parent: ET.Element, allowed: frozenset[str], nested: str = "") -> None:
    """Every child is one we read or may ignore, and holds no markup (``nested`` may)."""
    for child in parent:
        tag = child.tag
        if tag not in allowed and _extension_name(tag) not in _IGNORED_EXTENSIONS:
            raise NotSimple
        if len(child) and tag != nested and not _credits_only(child):
            raise NotSimple


def _credits_only(element: ET.Element) -> bool:
    """A <media:content> holding only <media:credit>s (the Guardian's photo credits)."""
    return _extension_name(element.tag) == _MEDIA_CONTENT and all(
        _extension_name(child.tag) == _MEDIA_CREDIT and not len(child) for child in element
    )


def _extension_name(tag: str) -> str:
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    return "{" + uri.lower().rstrip("/") + "}" + local.lower()


def _no_stray_names(parent: ET.Element, namespace: str) -> None:
    """No child that feedparser would read as an entry, title or link though we would not:
    ``<item>`` in an Atom feed, ``<atom:link>`` or ``<dc:title>`` in an RSS channel..."""
    handled = {namespace + name for name in ("title", "link")}
    handled.add(namespace + ("entry" if namespace == ATOM else "item"))
    for child in parent:
        tag = child.tag
        local = tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""
        if local not in _MEANINGFUL_NAMES or tag in handled:
            continue
        if local == "link" and child.get("rel", "alternate") != "alternate":
            continue  # <atom:link rel="self"> in RSS: feedparser files it away unused
        raise NotSimple


def _only(parent: ET.Element, tag: str) -> ET.Element | None:
    """The one child with this tag; two of them are resolved differently by feedparser."""
    found = parent.findall(tag)
    if len(found) > 1:
        raise NotSimple
    return found[0] if found else None


def _date(value: str) -> str | None:
    if not value:
        return None
    return read_common_date(value) or struct_to_iso(_feedparser_date()(value))


def _feedparser_date() -> Callable[[str], Any]:
    # feedparser's own date readers, so every spelling it accepts is read the same (importing
    # them loads feedparser once per process).
    import feedparser.datetimes

    register_with_feedparser()
    return feedparser.datetimes._parse_date  # type: ignore[no-any-return]


def _no_base(root: ET.Element) -> None:
    for element in root.iter():
        if XML_BASE in element.attrib:
            raise NotSimple


# --- RSS 2.0 -----------------------------------------------------------------------------------


def _rss(root: ET.Element) -> ParsedFeed:
    channel = _only(root, "channel")
    if channel is None or len(root) != 1:
        raise NotSimple
    _no_base(root)
    _no_stray_names(channel, "")
    site_link = clean_line(_text(_only(channel, "link")))
    entries = tuple(_rss_item(item) for item in channel.iterfind("item"))
    return ParsedFeed(
        format="rss20",
        title=clean_line(_text(_only(channel, "title"))),
        site_link=site_link,
        entries=entries,
    )


def _rss_item(item: ET.Element) -> ParsedEntry:
    _plain_children(item, _RSS_ITEM_TAGS)
    for tag in ("title", "description", CONTENT + "encoded"):
        element = item.find(tag)
        if element is not None and element.get("type"):
            raise NotSimple  # feedparser honours a declared content type
    if len(item.findall("author")) + len(item.findall(DC + "creator")) > 1:
        raise NotSimple
    guid_element = _only(item, "guid")
    guid = _text(guid_element)
    link = _text(_only(item, "link"))
    permalink = guid_element is not None and guid_element.get("isPermaLink", "true") == "true"
    if not link and guid and permalink:
        link = guid  # feedparser lets a permalink guid stand in for a missing link
    description = _text(_only(item, "description"))
    encoded = _text(_only(item, CONTENT + "encoded"))
    html = encoded if len(encoded) >= len(description) else description
    author = _text(_only(item, "author")) or _text(_only(item, DC + "creator"))
    if author and "@" in author:
        raise NotSimple  # feedparser rewrites "email (Name)" authors; leave it to it
    published = _date(_text(_only(item, "pubDate")))
    updated = _date(_text(_only(item, DC + "date")))
    return ParsedEntry(
        guid=clean_line(guid, 4000),
        link=clean_line(link, 4000),
        title=clean_line(_text(_only(item, "title"))),
        author=clean_line(author, 500),
        published=published,
        updated=updated,
        html=html,
        enclosures=tuple(
            clean_line(e.get("url", ""), 4000) for e in item.findall("enclosure") if e.get("url")
        ),
    )


# --- Atom 1.0 ----------------------------------------------------------------------------------


def _atom(root: ET.Element) -> ParsedFeed:
    _no_base(root)
    _no_stray_names(root, ATOM)
    entries = tuple(_atom_entry(entry) for entry in root.iterfind(ATOM + "entry"))
    return ParsedFeed(
        format="atom10",
        title=clean_line(_atom_text(_only(root, ATOM + "title"))),
        site_link=clean_line(_atom_link(root) or _text(_only(root, ATOM + "id"))),
        entries=entries,
    )


def _atom_text(element: ET.Element | None) -> str:
    if element is None:
        return ""
    if element.get("type", "text") not in _TEXT_TYPES or element.get("src"):
        raise NotSimple
    return _text(element)


def _atom_link(parent: ET.Element) -> str:
    """The alternate HTML link, as feedparser picks it: the last such link wins."""
    link = ""
    for element in parent.findall(ATOM + "link"):
        if not element.get("href"):
            raise NotSimple  # feedparser reads such a link's text instead
        rel = element.get("rel", "alternate")
        kind = element.get("type", "text/html")
        if rel == "alternate" and kind in ("text/html", "application/xhtml+xml", "html"):
            link = element.get("href", "")
    return link


def _atom_entry(entry: ET.Element) -> ParsedEntry:
    _plain_children(entry, _ATOM_ENTRY_TAGS, nested=ATOM + "author")
    content = _atom_text(_only(entry, ATOM + "content"))
    summary = _atom_text(_only(entry, ATOM + "summary"))
    author_element = _only(entry, ATOM + "author")
    author = ""
    if author_element is not None:
        if author_element.find(ATOM + "email") is not None:
            raise NotSimple  # feedparser joins name and email its own way
        _plain_children(author_element, frozenset({ATOM + "name", ATOM + "uri"}))
        author = _text(_only(author_element, ATOM + "name"))
    identifier = _text(_only(entry, ATOM + "id"))
    return ParsedEntry(
        guid=clean_line(identifier, 4000),
        # feedparser lets the id stand in for a missing link, as it does RSS guids.
        link=clean_line(_atom_link(entry) or identifier, 4000),
        title=clean_line(_atom_text(_only(entry, ATOM + "title"))),
        author=clean_line(author, 500),
        published=_date(_text(_only(entry, ATOM + "published"))),
        updated=_date(_text(_only(entry, ATOM + "updated"))),
        html=content if len(content) >= len(summary) else summary,
        enclosures=tuple(
            clean_line(link.get("href", ""), 4000)
            for link in entry.findall(ATOM + "link")
            if link.get("rel") == "enclosure" and link.get("href")
        ),
    )
