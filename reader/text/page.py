"""Article pages to canonical text: the extractor, and whether a feed's text is only a teaser.

A fetched web page goes through trafilatura (which keeps the article and drops navigation,
comments, scripts and styles), asked for plain HTML, and that HTML goes through the same
cleaner as feed text (``html_to_text``), so a page's text has the same guarantees (no control
sequences, no markup interpreted) and the same blocks and numbered links. trafilatura loads
only when a page is extracted: it costs start-up time the reader need not spend.
"""

from __future__ import annotations

import codecs
import itertools
import math
import re
from typing import Any

from reader.models import CleanText
from reader.text.clean import html_to_text
from reader.text.lean_page import parse_page, shed_dead_weight

# A feed text shorter than this many words is a teaser: a full article rarely is.
TEASER_WORDS = 150
# In auto mode a page replaces the feed's text only when it says clearly more.
LONGER_FACTOR = 1.5
MIN_PAGE_WORDS = 40
# Below this many words the fast extraction is tried again with trafilatura's fallbacks.
FALLBACK_WORDS = 100
# A page's article shorter than this is a menu or a cookie notice, not an article.
MIN_ARTICLE_WORDS = 10
# A page replaces the feed's text only when at least this share of the distinct longer words
# (TOPIC_WORD_CHARS letters or more) of the entry's title and text is in the page's article.
# On the 99 article-pages whose own title and description make such a teaser, 98 share 0.33
# or more with their article (one paywalled piece 0.07: its standfirst is about a part the
# page does not show); unrelated article pairs share 0.10 at the median. So the test keeps
# what shares next to nothing: a consent wall, a deals widget, another story.
SHARED_WORDS = 0.10
TOPIC_WORD_CHARS = 4
TOPIC_WORDS = 6

_CUT_OFF = re.compile(
    r"(?:…|\.\.\.|\[…\]|\[\.\.\.\]|\(…\)|»|›|→)\s*$"
    r"|(?:read more|continue reading|read the full (?:story|article)|full story|more\W*$"
    r"|weiterlesen|mehr lesen|lire la suite|leia mais|continue lendo|leer más|seguir leyendo"
    r"|continua a leggere|lees verder)\W*$",
    re.IGNORECASE,
)
# A parsed page: trafilatura's lxml tree (lxml has no type hints here; it loads only when a
# page is extracted).
ParsedPage = Any
_WORD = re.compile(r"\w+")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def word_count(text: str, at_most: int | None = None) -> int:
    """How many words ``text`` has; with ``at_most``, counting stops there (all a comparison
    with a threshold needs: a whole article's words cost a millisecond to count)."""
    if at_most is None:
        return len(_WORD.findall(text))
    return sum(1 for _ in itertools.islice(_WORD.finditer(text), at_most))


def looks_like_teaser(text: str) -> bool:
    """A feed text that only leads to the article: short, or cut off with an ellipsis or a
    "Read more" (in a few languages)."""
    stripped = text.strip()
    if word_count(stripped, TEASER_WORDS) < TEASER_WORDS:
        return True
    return bool(_CUT_OFF.search(stripped[-80:]))


def page_says_more(page_text: str, feed_text: str) -> bool:
    """Whether a page's article is clearly more than the feed's text (auto mode's test)."""
    needed = max(MIN_PAGE_WORDS, math.ceil(LONGER_FACTOR * word_count(feed_text)))
    return word_count(page_text, needed) >= needed


def page_tells_feed_story(page_text: str, feed_title: str, feed_text: str) -> bool:
    """Whether a page's article is about what the feed's entry says (see SHARED_WORDS)."""
    wanted = _topic_words(f"{feed_title} {feed_text}")
    if len(wanted) < TOPIC_WORDS:
        return True
    shared = len(wanted & _topic_words(page_text))
    return shared >= SHARED_WORDS * len(wanted)


def _topic_words(text: str) -> set[str]:
    return {word for word in _WORD.findall(text.lower()) if len(word) >= TOPIC_WORD_CHARS}


def is_html_page(content_type: str, body: bytes) -> bool:
    """A web page by its declared type, or (with no usable type) by its first bytes."""
    kind = content_type.split(";")[0].strip().lower()
    if kind in _HTML_TYPES:
        return True
    if kind and kind not in ("application/octet-stream", "text/plain"):
        return False
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body"))


def page_encoding(body: bytes, content_type: str) -> str:
    """The charset a page's header names, else what its markup declares, else UTF-8."""
    declared = re.search(r"charset=([\w.:-]+)", content_type, re.IGNORECASE)
    if declared:
        return declared.group(1)
    in_markup = re.search(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", body[:4096], re.IGNORECASE)
    return in_markup.group(1).decode("ascii", "replace") if in_markup else "utf-8"


def decode_page(body: bytes, content_type: str) -> str:
    """A page's bytes as text, in its ``page_encoding`` (undecodable bytes replaced)."""
    try:
        return body.decode(page_encoding(body, content_type), "replace")
    except LookupError:
        return body.decode("utf-8", "replace")


def utf8_page(body: bytes, content_type: str) -> bytes:
    """A page's bytes as UTF-8, the text ``decode_page`` gives: the bytes themselves when they
    are valid UTF-8 in a page said to be UTF-8 (most are: no decoding and encoding again)."""
    try:
        utf8 = codecs.lookup(page_encoding(body, content_type)).name == "utf-8"
    except LookupError:
        utf8 = True  # an unknown charset is read as UTF-8
    if utf8:
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return body
    return decode_page(body, content_type).encode("utf-8")


def load_extractor() -> None:
    """Load now what the extractor loads on its first pages: trafilatura, and the mojibake
    repairer the cleaner loads for the first page that may need it (some 0.2 s of CPU). A
    process that loads them before forking its extraction workers pays once, not once per
    worker in mid-pass.

    Not the stopwords of every language that trafilatura's justext fallback reads a page of
    unknown language with (some 0.2 s more, in every process that loaded them: the fork
    server, each pass's extraction worker): about 2 pages in 100 reach that fallback, so it
    builds them itself on its first such page (``external.try_justext``), the same lists."""
    import ftfy  # noqa: F401
    import trafilatura  # noqa: F401


def page_article(body: bytes, content_type: str, url: str = "") -> CleanText | str:
    """A fetched page's article as canonical text, or a string saying why it gave none.

    Runs in extraction worker processes (``reader/page_workers.py``), so it needs nothing but
    the page: an extractor fault costs this page, never the pass."""
    if not is_html_page(content_type, body):
        kind = content_type.split(";")[0].strip() or "unknown type"
        return f"not a web page ({kind[:60]})"
    try:
        clean = extract_article(utf8_page(body, content_type), url)
    except Exception as error:
        return f"the page could not be read ({type(error).__name__})"
    if word_count(clean.text, MIN_ARTICLE_WORDS) < MIN_ARTICLE_WORDS:
        return "no article found in the page"
    return clean


def extract_article(page: bytes, url: str = "") -> CleanText:
    """A page's article as canonical text (empty when the page holds none), from its UTF-8
    bytes: the page parsed once (``lean_page.parse_page``), shed of what never becomes
    article text (``lean_page.shed_dead_weight``), then ``tree_article``."""
    tree = parse_page(page)
    if tree is None:
        return CleanText("")
    shed_dead_weight(tree)  # before trafilatura's passes, each of which walks the whole tree
    return tree_article(tree, url)


def tree_article(tree: ParsedPage, url: str = "") -> CleanText:
    """A parsed page's article as canonical text.

    Both of trafilatura's passes read this one tree (each copies it). Its own extraction
    first, favouring precision: that skips the whole-page baseline and the recall retry a
    balanced extraction may run (a third of its time). Only when that finds little (a short
    article, or a page laid out in a way it misreads) the fuller extraction too, balanced and
    with its fallback extractors, which recovers what precision left out."""
    clean = _extract(tree, url, fast=True)
    if word_count(clean.text, FALLBACK_WORDS) < FALLBACK_WORDS:
        fuller = _extract(tree, url, fast=False, precise=False)
        if word_count(fuller.text) > word_count(clean.text):
            return fuller
    return clean


def _extract(tree: ParsedPage, url: str, fast: bool, precise: bool = True) -> CleanText:
    """One trafilatura pass over a parsed page, its article as canonical text. Through
    ``bare_extraction`` and trafilatura's own HTML output: ``extract`` would also compute a
    fingerprint of the text for deduplication, which nothing here uses."""
    import trafilatura
    from trafilatura.htmlprocessing import build_html_output
    from trafilatura.settings import Document

    document = trafilatura.bare_extraction(
        tree,
        url=url or None,
        fast=fast,
        favor_precision=precise,
        output_format="html",
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_formatting=False,
        include_links=True,
    )
    if not isinstance(document, Document) or document.body is None:
        return CleanText("")
    return html_to_text(build_html_output(document))
