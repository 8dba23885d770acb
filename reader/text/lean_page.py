"""The tree of a page that the extractor reads: parsed from its UTF-8 bytes, and shed of the
parts that never become article text, whichever of trafilatura's passes reads the page.

``parse_page`` builds the tree trafilatura's own loading (``load_html``) would build from the
same text, with its repairs and its parser's options, but from the page's bytes: loading from
text runs a regular expression over the whole page and parses it as text (a third more than
parsing the bytes), for the same tree. Its elements are all lxml's ``HtmlElement``, chosen in C
(``page_parser``): the lxml.html parser trafilatura uses asks a Python method which class each
element it hands to Python should have (some 1,300 times a page, a tenth of an extraction), only
to give form controls classes of their own that no extractor uses.

A news page is mostly markup no reader sees: in the article-pages corpus scripts are 29% of a
page's bytes and styles 27%, a page holds dozens of script, meta and link elements, inline SVG
icons of many elements each, and navigation menus and footers of hundreds of links.
trafilatura deletes them all too (its own cleaning deletes every tag shed here, its fallback
extractors' sanitising the same), but only after its whole-tree passes (pruning comment
sections and appended articles, copying the tree for each stage) have walked over them: shed
first, those passes walk far fewer elements (a page's extraction takes some 15% less CPU, its
text the same). JSON-LD scripts stay: trafilatura reads them (a forum thread's posts, and an
article body its fuller pass takes when the markup holds none).
"""

from __future__ import annotations

import re
import threading
from typing import Any

# What trafilatura's loading removes before parsing (``utils.INVALID_XML_CHARS``): C0 controls
# but tab, newline and carriage return (in UTF-8 these bytes are never part of another
# character), and U+FFFE, U+FFFF.
_INVALID_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_NONCHARACTERS = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")
# trafilatura's repairs for libxml2 (``utils.repair_faulty_html``): a DOCTYPE with a slash on
# the first line (https://bugs.launchpad.net/lxml/+bug/1955915), a self-closed <html/>.
_DOCTYPE_TAG = re.compile(rb"^< ?! ?DOCTYPE[^>]*/[^<>]*>", re.IGNORECASE)
_FAULTY_HTML = re.compile(rb"(<html.*?)\s*/>", re.IGNORECASE)

# Elements whose whole subtree is never article text: trafilatura's cleaning deletes each of
# them before it looks for the article, in every mode (``MANUALLY_CLEANED``; meta is void and
# stripped). Their tails (the text after them) stay in the page.
SHED_TAGS = ("style", "svg", "noscript", "meta", "link", "iframe", "nav", "footer", "aside")
# Scripts are shed too, but for those holding data trafilatura reads.
KEPT_SCRIPT_TYPES = frozenset({"application/ld+json"})
# A tag name no HTML page uses: scripts to shed are renamed to it, so one pass in C removes
# them with the elements above.
_SHED_MARK = "feedlens-shed"


# One parser per thread: an lxml parser used by two threads at once corrupts memory (a page
# pass in one process extracts in several threads: the suite once died of SIGABRT there).
_parsers = threading.local()


def page_parser() -> Any:
    """The HTML parser pages are read with in this thread: trafilatura's options
    (``utils.HTML_PARSER``), with every element an ``HtmlElement`` chosen in C, not by
    lxml.html's Python lookup. Copies of the tree trafilatura makes keep it."""
    parser = getattr(_parsers, "parser", None)
    if parser is None:
        parser = _parsers.parser = _new_page_parser()
    return parser


def _new_page_parser() -> Any:
    from lxml import etree, html  # type: ignore[import-untyped]  # no stubs

    parser = html.HTMLParser(
        collect_ids=False,
        default_doctype=False,
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
    )
    parser.set_element_class_lookup(
        etree.ElementDefaultClassLookup(
            element=html.HtmlElement,
            comment=html.HtmlComment,
            pi=html.HtmlProcessingInstruction,
            entity=html.HtmlEntity,
        )
    )
    return parser


def parse_page(page: bytes) -> Any | None:
    """A page's tree (lxml, as trafilatura parses pages) from its UTF-8 bytes; None when they
    hold no HTML document (as trafilatura's loading decides)."""
    from lxml.html import fromstring  # type: ignore[import-untyped]  # no stubs

    beginning = page[:200].decode("utf-8", "ignore")[:50].lower()
    page = page.translate(None, _INVALID_BYTES)
    for noncharacter in _NONCHARACTERS:
        if noncharacter in page:
            page = page.replace(noncharacter, b"")
    if "doctype" in beginning:
        first_line, _, rest = page.partition(b"\n")
        page = _DOCTYPE_TAG.sub(b"", first_line, count=1) + b"\n" + rest
    for line in page[:4096].splitlines()[:4]:
        if b"<html" in line and line.endswith(b"/>"):
            page = _FAULTY_HTML.sub(rb"\1>", page, count=1)
            break
    try:
        tree = fromstring(page, parser=page_parser())
    except Exception:  # as trafilatura's loading: what lxml cannot parse holds no document
        return None
    if "html" not in beginning and len(tree) < 2:  # not (well-formed) HTML at all
        return None
    return tree


def shed_dead_weight(tree: Any) -> None:
    """Remove from a parsed page (an lxml tree, changed in place) the scripts that hold no data
    and the elements in ``SHED_TAGS`` with what they hold, keeping the text that follows each."""
    from lxml import etree  # lxml comes with trafilatura

    for script in tree.iter("script"):
        kind = (script.get("type") or "").strip().lower()
        if kind not in KEPT_SCRIPT_TYPES:
            script.tag = _SHED_MARK
    etree.strip_elements(tree, _SHED_MARK, *SHED_TAGS, with_tail=False)
