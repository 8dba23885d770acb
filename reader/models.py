"""Frozen records that cross module boundaries: feeds, articles, their canonical text, figures.

Domain modules build these and the UI only reads them; nothing here touches disk, network or
Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Block:
    """One typeset block of canonical text: ``text[start:end]`` is a paragraph, heading...

    ``kind`` is one of ``paragraph``, ``heading``, ``list_item``, ``quote``, ``preformatted``,
    ``caption``; ``level`` is the heading level (1-6) or the list nesting depth.
    """

    kind: str
    start: int
    end: int
    level: int = 0


@dataclass(frozen=True)
class CleanText:
    """An article's canonical plain text, its block structure and its numbered links.

    A link numbered ``n`` in the text (``[n]``) is ``links[n - 1]``.
    """

    text: str
    blocks: tuple[Block, ...] = ()
    links: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedEntry:
    """One article as read from a feed, before cleaning. Strings are already control-free."""

    guid: str
    link: str
    title: str
    author: str
    published: str | None
    updated: str | None
    html: str
    enclosures: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedFeed:
    """A feed file's contents: its own metadata and its entries."""

    format: str
    title: str
    site_link: str
    entries: tuple[ParsedEntry, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class OpmlOutline:
    """One feed listed in an OPML file: where to read it and the folders it sits in."""

    title: str
    xml_url: str
    html_url: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Feed:
    """A subscribed feed as stored in the library, with its counts."""

    id: int
    url: str
    title: str
    site_link: str
    tags: tuple[str, ...]
    article_count: int = 0
    unread_count: int = 0
    last_success: str | None = None
    last_error: str | None = None
    error_count: int = 0
    status: str = "active"
    full_text: str = "never"  # fetch article pages: "auto", "always" or "never"


@dataclass(frozen=True)
class ArticleRow:
    """An article as listed: enough for one line of the article list."""

    id: int
    feed_id: int
    feed_title: str
    title: str
    link: str
    author: str
    published: str | None
    read: bool
    starred: bool


@dataclass(frozen=True)
class Article:
    """An article with its canonical text, for the reading pane and ``feedlens show``."""

    row: ArticleRow
    text: CleanText
    updated: str | None = None
    content_hash: str = ""
    text_source: str = "feed"  # "page": the article's page replaced the feed's text
    page_error: str | None = None  # why its page was not used, when one was tried


@dataclass(frozen=True)
class ImportResult:
    """What importing one feed file did to the library."""

    source: str
    feed_id: int | None
    feed_title: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    error: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)
    # Why only an OPML the user trusts may name it (the error says so): "address" (a web
    # feed on this machine or the user's network) or "file" (outside the OPML's folder).
    needs_trust: Literal["", "address", "file"] = ""
    # The OPML whose entry this is, when its safety rule refused the entry (a file outside its
    # folder, a web feed on this machine): deliberately not imported, not a failure.
    refused_by: str = ""


@dataclass(frozen=True)
class FigureMention:
    """One figure an article reports."""

    start: int
    end: int
    text: str
    sentence_start: int
    sentence_end: int
    value: float | None
    low: float | None
    high: float | None
    kind: str
    unit: str
    rate: str
    noun: str
    noun_text: str
    event: str
    qualifier: str
    bound: str
    modality: str
    vague: bool
    precision: int
    # Which of the article's texts the offsets above point into: its canonical text
    # (FIELD_TEXT, what the reader shows and annotations anchor into) or its title
    # (FIELD_TITLE: a headline's figure, never an offset into the body).
    field: str = "text"
    # The kin class of the counted thing (reader/figures/kin.py): one name for nouns outlets
    # use interchangeably for one quantity ("person" for co-workers, women and victims; "fire
    # engine" for engines and appliances); the noun itself where no class holds it.
    kin: str = ""


FIELD_TEXT = "text"
FIELD_TITLE = "title"
