"""Real article pages for full-text tests: the article-pages corpus (gzipped news pages and
their true text), served from a 127.0.0.1 server, and teaser feeds pointing at them."""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from tests.conftest import CORPORA
from tests.feedserver import Handler, Reply, Route

PAGES = CORPORA / "article-pages"
HTML_TYPE = {"Content-Type": "text/html; charset=utf-8"}


@dataclass(frozen=True)
class Page:
    key: str
    html: bytes  # decompressed page
    truth: str  # the article's true text


@cache
def truth() -> dict[str, str]:
    data = json.loads((PAGES / "ground-truth.json").read_text(encoding="utf-8"))
    return {key: value["articleBody"] for key, value in data.items()}


def page(key: str) -> Page:
    return Page(
        key, gzip.decompress((PAGES / "html" / f"{key}.html.gz").read_bytes()), truth()[key]
    )


def keys() -> list[str]:
    return sorted(truth())


def teaser_of(text: str, sentences: int = 2) -> str:
    """The first sentences of an article, cut off with an ellipsis, as a feed's teaser."""
    parts = re.split(r"(?<=[.!?])\s+", text.strip().split("\n")[0])
    return " ".join(parts[:sentences]).strip() + " …"


def page_route(body: bytes, headers: dict[str, str] | None = None) -> Route:
    def route(handler: Handler) -> Reply:
        return Reply(200, body, headers or HTML_TYPE)

    return route


def rss(items: list[tuple[str, str, str]], title: str = "Teaser Times") -> bytes:
    """An RSS 2.0 feed of (title, link, description) items."""
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link><guid>{escape(link)}</guid>"
        f"<description>{escape(d)}</description>"
        f"<pubDate>Mon, 02 Nov 2026 0{i % 10}:00:00 GMT</pubDate></item>"
        for i, (t, link, d) in enumerate(items)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>http://example.org/</link>{entries}"
        "</channel></rss>"
    ).encode()


def feed_route(body: bytes) -> Route:
    def route(handler: Handler) -> Reply:
        return Reply(200, body, {"Content-Type": "application/rss+xml; charset=utf-8"})

    return route


def available() -> bool:
    return (PAGES / "ground-truth.json").is_file()


def pages_dir() -> Path:
    return PAGES
