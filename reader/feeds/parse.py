"""Feed bytes to records: RSS 0.9x/1.0/2.0 and Atom (feedparser), JSON Feed, and OPML in and out.

Formats are detected from content, never from a file name. Every string that leaves this module
has passed the cleaner (``clean_line``); article HTML is kept as sent (it is only ever turned
into plain text, never rendered). XML is defused before feedparser sees it: DOCTYPEs are
removed so no entity, internal or external, can expand, and feedparser is only given bytes.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import json
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from reader.clock import struct_to_iso
from reader.errors import FeedParseError
from reader.feeds.dates import register_with_feedparser
from reader.feeds.strict_xml import parse_simple_xml
from reader.models import OpmlOutline, ParsedEntry, ParsedFeed
from reader.text.clean import clean_line

MAX_FEED_BYTES = 64 * 1024 * 1024
NOT_A_FEED = "not a feed (no RSS, Atom, JSON Feed or OPML content found)"
_DOCTYPE = re.compile(rb"<!DOCTYPE(?:[^\[>]*\[.*?\]\s*>|[^>]*>)", re.IGNORECASE | re.DOTALL)
_XML_DECL_ENCODING = re.compile(rb"""(<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2""")
_UNICODE_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_NO_BOM_PATTERNS: tuple[tuple[bytes, str], ...] = (
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00?\x00", "utf-16-le"),
    (b"\x00<\x00?", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)


# --- bytes in ------------------------------------------------------------------------------


def _wide_encoding(data: bytes) -> str | None:
    """The UTF-16/32 encoding of data, from its BOM or its first character, else None."""
    for bom, name in _UNICODE_BOMS:
        if data.startswith(bom):
            return None if name == "utf-8" else name
    head = data[:4]
    for pattern, name in _NO_BOM_PATTERNS:
        if head.startswith(pattern):
            return name
    return None


def normalise_bytes(data: bytes) -> bytes:
    """Feed bytes made ASCII-compatible (UTF-16/32 re-encoded as UTF-8) and without DOCTYPE."""
    wide = _wide_encoding(data)
    if wide:
        text = data.decode(wide, errors="replace").lstrip("\ufeff")
        data = _XML_DECL_ENCODING.sub(rb"\1\2utf-8\2", text.encode("utf-8"), count=1)
    # Whitespace before the XML declaration makes expat refuse the whole document.
    if data[:1].isspace() and data.lstrip()[:5] == b"<?xml":
        data = data.lstrip()
    if b"<!" in data[:65536]:
        data = _DOCTYPE.sub(b"", data, count=1)
        # A second DOCTYPE is never legitimate: drop every one left so none can define entities.
        data = _DOCTYPE.sub(b"", data)
    return data


def detect_format(data: bytes) -> str:
    """``json``, ``opml``, ``xml`` (RSS/Atom) or ``html``; raises FeedParseError otherwise."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head:
        raise FeedParseError("empty file")
    if head.startswith(b"{"):
        return "json"
    if head.startswith(b"["):
        # A JSON array is never a JSON Feed (an object), and a TOML file opens "[project]".
        raise FeedParseError(NOT_A_FEED)
    if b"<opml" in head:
        return "opml"
    if any(tag in head for tag in (b"<rss", b"<feed", b"<rdf", b"<channel", b"<item")):
        return "xml"
    if b"<html" in head or b"<!doctype html" in head or b"<head" in head or b"<body" in head:
        return "html"
    if head.startswith(b"<"):
        return "xml"
    raise FeedParseError(NOT_A_FEED)


def parse_feed(data: bytes, content_type: str | None = None) -> ParsedFeed:
    """Parse feed bytes (RSS, Atom or JSON Feed) into a ParsedFeed, or raise FeedParseError."""
    if len(data) > MAX_FEED_BYTES:
        raise FeedParseError(f"file is larger than {MAX_FEED_BYTES // (1024 * 1024)} MiB")
    data = normalise_bytes(data)
    kind = detect_format(data)
    if kind == "json":
        return parse_json_feed(data)
    if kind == "opml":
        raise FeedParseError("this is an OPML subscription list, not a feed")
    if kind == "html":
        raise FeedParseError("this is an HTML page, not a feed")
    return _parse_xml_feed(data, content_type)


def _parse_xml_feed(data: bytes, content_type: str | None) -> ParsedFeed:
    simple = parse_simple_xml(data, content_type)
    if simple is not None:
        return ParsedFeed(
            format=simple.format,
            title=simple.title,
            site_link=simple.site_link,
            entries=tuple(_unique_keys(simple.entries)),
        )
    return parse_with_feedparser(data, content_type)


def parse_with_feedparser(data: bytes, content_type: str | None) -> ParsedFeed:
    """RSS or Atom of any vintage and any degree of brokenness, read by feedparser."""
    import feedparser  # loaded on first parse: it costs start-up time the reader need not pay

    register_with_feedparser()

    headers = {"content-type": content_type} if content_type else {}
    try:
        parsed = feedparser.parse(
            data, sanitize_html=False, resolve_relative_uris=False, response_headers=headers
        )
    except Exception as error:  # feedparser's loose parser can raise almost anything
        raise FeedParseError(f"unreadable feed ({type(error).__name__})") from error
    version = parsed.get("version") or ""
    entries = parsed.get("entries") or []
    channel = parsed.get("feed") or {}
    if not version and not entries and not channel.get("title"):
        reason = parsed.get("bozo_exception")
        detail = f": {_problem(reason)}" if reason else ""
        raise FeedParseError(f"not a readable RSS or Atom feed{detail}")
    site_link = clean_line(channel.get("link", ""))
    records = tuple(_unique_keys(_xml_entry(entry, site_link) for entry in entries))
    warnings: tuple[str, ...] = ()
    if parsed.get("bozo") and records:
        warnings = (f"feed has errors, read what was there: {_bozo_text(parsed)}",)
    return ParsedFeed(
        format=version or "xml",
        title=clean_line(channel.get("title", "")),
        site_link=site_link,
        entries=records,
        warnings=warnings,
    )


def _bozo_text(parsed: Any) -> str:
    reason = parsed.get("bozo_exception")
    return _problem(reason) if reason else "unknown problem"


def _problem(reason: object) -> str:
    """What was wrong with a feed's XML, in one line: ``line 6: no element found`` (expat's
    own text starts with a system id feedparser never has, and read ``:6:0: …``)."""
    line = getattr(reason, "getLineNumber", None)
    message = getattr(reason, "getMessage", None)
    if callable(line) and callable(message):
        with contextlib.suppress(Exception):  # a parser's exception reports itself oddly
            return clean_line(f"line {line()}: {message()}", 200)
    return clean_line(str(reason), 200)


def _xml_entry(entry: Any, site_link: str) -> ParsedEntry:
    html = _best_content(entry)
    link = clean_line(entry.get("link", ""), 4000)
    enclosures = tuple(
        clean_line(e.get("href", ""), 4000) for e in entry.get("enclosures", []) if e.get("href")
    )
    return ParsedEntry(
        guid=clean_line(entry.get("id", ""), 4000),
        link=link,
        title=clean_line(entry.get("title", "")),
        author=clean_line(entry.get("author", ""), 500),
        # dict.get sidesteps feedparser's deprecated updated/published aliasing.
        published=struct_to_iso(
            dict.get(entry, "published_parsed") or dict.get(entry, "created_parsed")
        ),
        updated=struct_to_iso(dict.get(entry, "updated_parsed")),
        html=html,
        enclosures=enclosures,
    )


def _best_content(entry: Any) -> str:
    """The fullest body the entry offers: the longest content element, else the summary."""
    best = ""
    for content in entry.get("content", []) or []:
        value = content.get("value") or ""
        if len(value) > len(best):
            best = value
    summary = entry.get("summary") or ""
    return best if len(best) >= len(summary) else summary


def entry_key(entry: ParsedEntry) -> str:
    """An entry's identity within its feed: guid, else link, else a hash of title and date."""
    if entry.guid:
        return entry.guid
    if entry.link:
        return entry.link
    seed = f"{entry.title}\x00{entry.published or ''}\x00{entry.html[:2000]}"
    return "sha1:" + hashlib.sha1(seed.encode("utf-8", "replace")).hexdigest()


def _unique_keys(entries: Iterable[ParsedEntry]) -> Iterator[ParsedEntry]:
    """Entries whose keys repeat within one feed are kept apart, not merged into one."""
    seen: dict[str, int] = {}
    for entry in entries:
        key = entry_key(entry)
        count = seen.get(key, 0)
        seen[key] = count + 1
        if count:
            entry = ParsedEntry(
                guid=f"{key}#{count + 1}",
                link=entry.link,
                title=entry.title,
                author=entry.author,
                published=entry.published,
                updated=entry.updated,
                html=entry.html,
                enclosures=entry.enclosures,
            )
        yield entry


# --- JSON Feed -----------------------------------------------------------------------------


def _iso_date(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:  # RFC 822 and friends, read the way feedparser reads them
            import feedparser.datetimes as feedparser_dates

            parsed = feedparser_dates._parse_date(text)
        except Exception:  # a date parser must never stop an import
            return None
        return struct_to_iso(parsed)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (ValueError, OverflowError):
        return None


def _json_author(item: dict[str, Any], feed: dict[str, Any]) -> str:
    authors = item.get("authors") or ([item["author"]] if item.get("author") else [])
    if not authors:
        authors = feed.get("authors") or ([feed["author"]] if feed.get("author") else [])
    names = [a.get("name", "") for a in authors if isinstance(a, dict)]
    return clean_line(", ".join(n for n in names if isinstance(n, str)), 500)


def _json_body(item: dict[str, Any]) -> str:
    html = item.get("content_html")
    if isinstance(html, str) and html.strip():
        return html
    text = item.get("content_text") or item.get("summary") or ""
    if not isinstance(text, str):
        return ""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join(f"<p>{p}</p>" for p in re.split(r"\n\s*\n", escaped) if p.strip())


def _json_entry(item: dict[str, Any], feed: dict[str, Any]) -> ParsedEntry:
    identifier = item.get("id")
    attachments = item.get("attachments") or []
    return ParsedEntry(
        guid=clean_line(identifier if isinstance(identifier, str | int) else "", 4000),
        link=clean_line(item.get("url") or item.get("external_url") or "", 4000),
        title=clean_line(item.get("title") or ""),
        author=_json_author(item, feed),
        published=_iso_date(item.get("date_published")),
        updated=_iso_date(item.get("date_modified")),
        html=_json_body(item),
        enclosures=tuple(
            clean_line(a.get("url", ""), 4000)
            for a in attachments
            if isinstance(a, dict) and isinstance(a.get("url"), str)
        ),
    )


def _broken_json(data: bytes, error: Exception) -> str:
    """Why JSON could not be read, in our words: only a file that says it is a JSON Feed is
    told about its JSON (where it breaks); any other is simply not a feed."""
    if b"jsonfeed.org/version" not in data[:4096]:
        return NOT_A_FEED
    if isinstance(error, json.JSONDecodeError):
        what = error.msg[:1].lower() + error.msg[1:]
        where = f"line {error.lineno}, column {error.colno}"
        return f"a JSON Feed that is not valid JSON: {where}: {what}"
    if isinstance(error, RecursionError):
        return "a JSON Feed nested too deeply to read"
    return f"a JSON Feed that is not valid JSON: {clean_line(str(error), 200)}"


def parse_json_feed(data: bytes) -> ParsedFeed:
    """A JSON Feed 1.0/1.1 document as a ParsedFeed."""
    try:
        document = json.loads(data.decode("utf-8-sig", errors="replace"))
    except (ValueError, RecursionError) as error:
        raise FeedParseError(_broken_json(data, error)) from error
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith(
        ("https://jsonfeed.org/version/", "http://jsonfeed.org/version/")
    ):
        raise FeedParseError("JSON file is not a JSON Feed (no jsonfeed.org version)")
    items = document.get("items")
    if not isinstance(items, list):
        raise FeedParseError("JSON Feed has no items list")
    entries = tuple(
        _unique_keys(_json_entry(item, document) for item in items if isinstance(item, dict))
    )
    version = str(document["version"]).rstrip("/").rsplit("/", 1)[-1]
    return ParsedFeed(
        format=f"json{version}",
        title=clean_line(document.get("title") or ""),
        site_link=clean_line(document.get("home_page_url") or "", 4000),
        entries=entries,
    )


# --- OPML ----------------------------------------------------------------------------------


def parse_opml(data: bytes) -> tuple[OpmlOutline, ...]:
    """The feeds an OPML file lists; folders (nested outlines) and categories become tags."""
    import defusedxml.ElementTree as DefusedET

    data = normalise_bytes(data)
    try:
        root = DefusedET.fromstring(data)
    except Exception as error:  # defusedxml raises ParseError or its own refusals
        raise FeedParseError(f"invalid OPML: {clean_line(str(error), 200)}") from error
    body = root.find("body")
    if root.tag != "opml" or body is None:
        raise FeedParseError("not an OPML document (no <opml><body>)")
    found: list[OpmlOutline] = []
    stack: list[tuple[ET.Element, tuple[str, ...]]] = [(child, ()) for child in reversed(body)]
    while stack:
        node, folders = stack.pop()
        if node.tag != "outline":
            continue
        title = clean_line(node.get("title") or node.get("text") or "")
        xml_url = clean_line(node.get("xmlUrl") or node.get("xmlurl") or "", 4000)
        categories = tuple(
            clean_line(c.strip("/ "))
            for c in re.split(r"[,]", node.get("category") or "")
            if c.strip("/ ")
        )
        if xml_url:
            tags = tuple(dict.fromkeys(folders + categories))
            html_url = clean_line(node.get("htmlUrl") or "", 4000)
            found.append(OpmlOutline(title, xml_url, html_url, tags))
        else:
            inner = folders + ((title,) if title else ())
            stack.extend((child, inner) for child in reversed(list(node)))
    return tuple(found)


def export_opml(feeds: Iterable[tuple[str, str, str, tuple[str, ...]]], title: str) -> str:
    """OPML 2.0 for (title, xml_url, html_url, tags) rows; tags become folders and categories."""
    # Loaded here, not with the module: xml.sax.saxutils loads urllib.request, and with it
    # http, email and ssl, which every import would pay for while parsing feeds never needs them.
    from xml.sax.saxutils import quoteattr

    by_folder: dict[str, list[tuple[str, str, str, tuple[str, ...]]]] = {}
    for row in feeds:
        by_folder.setdefault(row[3][0] if row[3] else "", []).append(row)
    created = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime())
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"  <head><title>{_xml_text(title)}</title><dateCreated>{created}</dateCreated></head>",
        "  <body>",
    ]

    def outline(row: tuple[str, str, str, tuple[str, ...]], indent: str) -> str:
        name, xml_url, html_url, tags = row
        category = ",".join("/" + t for t in tags)
        attrs = f'type="rss" text={quoteattr(name)} title={quoteattr(name)} '
        attrs += f"xmlUrl={quoteattr(xml_url)}"
        if html_url:
            attrs += f" htmlUrl={quoteattr(html_url)}"
        if category:
            attrs += f" category={quoteattr(category)}"
        return f"{indent}<outline {attrs}/>"

    for folder in sorted(by_folder):
        rows = by_folder[folder]
        if folder:
            lines.append(f"    <outline text={quoteattr(folder)} title={quoteattr(folder)}>")
            lines.extend(outline(row, "      ") for row in rows)
            lines.append("    </outline>")
        else:
            lines.extend(outline(row, "    ") for row in rows)
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _xml_text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
