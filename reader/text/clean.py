"""Feed text made safe and readable: HTML to canonical plain text, and one-line field cleaning.

This module owns the cleaner's contract: whatever a feed sends, what comes out holds no
terminal control sequence (C0 other than tab and newline, ESC sequences, C1, DEL, bidi
overrides and isolates), is NFC-normalised, has its mojibake repaired, and is plain text
(never markup). ``html_to_text`` also records the block structure (headings, paragraphs, list
items, quotes) as offsets into the text and numbers the links, so the reader can typeset it.
"""

from __future__ import annotations

import html as html_module
import re
import unicodedata
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from reader.models import Block, CleanText

# ESC-introduced sequences, removed whole so their parameters do not leak as text. 8-bit C1
# introducers are removed alone (later, with the other C1 characters): their payload is then
# inert text, and the same bytes are often mojibake that ftfy must see first.
_ESC_SEQUENCE = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]?                 # CSI
    | \x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?   # OSC, DCS, SOS, PM, APC
    | \x1b[ -/]*[0-~]?                       # two-byte and nF escapes
    """,
    re.VERBOSE,
)
# Everything else that must never reach a terminal: C0 but tab/newline, DEL, C1, bidi
# overrides and isolates, and the line/paragraph separators some terminals treat as newlines.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_FORBIDDEN_INLINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_WHITESPACE = r"[ \t\n\r\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
# Runs of whitespace to fold into one space. Written to match only runs that are not already a
# single space: text is mostly single spaces, and leaving them alone halves the time folding
# takes (the result is the same as replacing every run).
_SPACES = re.compile(
    r"[\t\n\r\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]" + _WHITESPACE + "*"
    r"| " + _WHITESPACE + "+"
)

# UTF-8 read as Windows-1253: a Greek capital standing for a UTF-8 lead byte (0xC2-0xF4)
# followed by characters standing for continuation bytes (0x80-0xBF). ftfy's heuristics leave
# these alone (``β€”`` for an em dash, ``Β`` before a no-break space), real feeds show them.
_CP1253_CONTINUATION = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ\u00a0΅Ά£¤¥¦§¨©ͺ«¬\u00ad®―°±²³΄µ¶·ΈΉΊ»Ό½ΎΏ"
_CP1253_MOJIBAKE = re.compile(
    "[ΒΓΔΕΖΗΘΙΚΛΜΝΞΟ][" + _CP1253_CONTINUATION + "]"
    "|[ΰα-ο][" + _CP1253_CONTINUATION + "]{2}"
    "|[π-τ][" + _CP1253_CONTINUATION + "]{3}"
)
# A match only counts as mojibake if it holds a symbol no Greek word is spelled with.
_CP1253_SYMBOLS = frozenset("€‚ƒ„…†‡ˆ‰‹‘’“”•–—˜™›\u00a0΅£¤¥¦§¨©«¬®―°±²³΄µ¶·»½")


def _mojibake_gate() -> re.Pattern[str]:
    """A fast test for text that may hold mojibake, so ftfy only runs where it can help.

    Mojibake of UTF-8 read through a single-byte code page shows a character standing for a
    lead byte (0xC2-0xF4) followed by one standing for a continuation byte (0x80-0xBF).
    """
    leads: set[str] = set()
    continuations: set[str] = set()
    for encoding in (
        "latin-1",
        "cp1252",
        "cp1251",
        "cp1250",
        "cp1253",
        "cp1254",
        "cp1257",
        "iso-8859-2",
        "mac-roman",
        "cp437",
    ):
        leads.update(bytes(range(0xC2, 0xF5)).decode(encoding, errors="ignore"))
        continuations.update(bytes(range(0x80, 0xC0)).decode(encoding, errors="ignore"))
    return re.compile(
        "["
        + re.escape("".join(sorted(leads)))
        + "]["
        + re.escape("".join(sorted(continuations)))
        + "]"
    )


_MAYBE_MOJIBAKE = _mojibake_gate()


def _maybe_mojibake(text: str) -> bool:
    """The gate, with a cheaper test first: every character of a mojibake pair is non-ASCII,
    so text with no two non-ASCII characters side by side holds none. Encoding to ASCII with
    each such character replaced by "?" finds that in a third of the gate's regex time (a
    "??" of the text's own only sends it on to the regex)."""
    if b"??" not in text.encode("ascii", "replace"):
        return False
    return _MAYBE_MOJIBAKE.search(text) is not None


def strip_controls(text: str) -> str:
    """Remove every terminal control sequence and character; keep tab and newline."""
    if text.isprintable():  # every character removed below is non-printable
        return text
    return _strip_unprintable(text)


def _strip_unprintable(text: str) -> str:
    """strip_controls for text already known not to be printable."""
    if "\x1b" not in text and "\r" not in text:
        # Feed HTML's only unprintable characters are mostly its newlines and tabs (which
        # stay): printable without them, it holds nothing to remove. That test costs half
        # the regex search, which then runs only for the rest.
        if text.replace("\n", "").replace("\t", "").isprintable():
            return text
        if not _FORBIDDEN.search(text):
            return text  # other unprintable spaces (no-break...), kept too
    text = _ESC_SEQUENCE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _FORBIDDEN.sub("", text)


def _repair_cp1253(text: str) -> str:
    def fix(match: re.Match[str]) -> str:
        chunk = match.group(0)
        if not any(ch in _CP1253_SYMBOLS for ch in chunk):
            return chunk
        try:
            return chunk.encode("cp1253").decode("utf-8")
        except UnicodeError:
            return chunk

    return _CP1253_MOJIBAKE.sub(fix, text)


def repair_text(text: str) -> str:
    """Mojibake repaired, controls stripped, NFC: the common step for every feed string."""
    return _repair_marked(text)[0]


def _repair_marked(text: str) -> tuple[str, bool]:
    """repair_text's result, and whether it is known to be printable (``str.isprintable``,
    as it most often is: then the caller need not scan it again to know)."""
    if not text.isascii():
        text = _repair_unicode(text)
    if text.isprintable():  # strip_controls's own first test: nothing to remove
        return text, True
    return _strip_unprintable(text), False


def _repair_unicode(text: str) -> str:
    """repair_text's steps before controls are stripped, for text that is not ASCII."""
    if "\x1b" in text:
        text = _ESC_SEQUENCE.sub("", text)
    if not _maybe_mojibake(text):
        return unicodedata.normalize("NFC", text)
    import ftfy  # only text that may hold mojibake pays for loading it

    text = _repair_cp1253(text)
    text = ftfy.fix_text(
        text,
        unescape_html=False,
        uncurl_quotes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        normalization="NFC",
    )
    return unicodedata.normalize("NFC", text)


def clean_line(value: object, max_length: int = 2000) -> str:
    """A one-line field (title, author, link, feed name): safe, tag-free, whitespace folded.

    Long values are cut at ``max_length`` characters with an ellipsis, so a 10 MB title cannot
    swamp the library or the screen.
    """
    if value is None:
        return ""
    text = str(value)
    if len(text) > max_length * 4:
        text = text[: max_length * 4]
    if text.isascii() and text.isprintable() and "<" not in text and "&" not in text:
        # Most links and titles: nothing to repair, decode or strip (printable ASCII holds no
        # control and no whitespace but the space), only runs of spaces to fold.
        if "  " in text:
            text = _SPACES.sub(" ", text)
        text = text.strip()
    else:
        text = _clean_unusual_line(text)
    if len(text) > max_length:
        text = text[: max_length - 1].rstrip() + "…"
    return text


def _clean_unusual_line(text: str) -> str:
    """clean_line's work for text that may hold tags, entities, controls or mojibake."""
    if "<" in text and ">" in text:
        text = _tag_free(text)  # the HTML parser decodes entities as it reads
    elif "&" in text:
        # Entities survive in titles escaped twice (``Banjo &amp;amp; Kazooie`` in the XML):
        # decoded once, before cleaning, so controls they spell are stripped below.
        text = html_module.unescape(text)
    text = repair_text(text)
    text = _FORBIDDEN_INLINE.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def _tag_free(html: str) -> str:
    body = LexborHTMLParser(html).body
    if body is None:
        return html
    return body.text(separator=" ") or ""


# --- HTML to canonical text --------------------------------------------------------------

_SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "head",
        "title",
        "meta",
        "link",
        "button",
        "select",
        "input",
        "textarea",
        "form",
        "canvas",
        "video",
        "audio",
        "source",
        "track",
        "map",
        "-comment",
        "-doctype",
    }
)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "nav",
        "address",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "caption",
        "figure",
        "details",
        "summary",
        "center",
        "hgroup",
        "fieldset",
        "legend",
        "body",
        "html",
    }
)
_LIST_TAGS = frozenset({"ul", "ol", "menu", "dir"})
_LINK_SCHEMES = ("http://", "https://", "mailto:", "ftp://")
MAX_TEXT_CHARS = 2_000_000
MAX_LINKS = 10_000  # links numbered in one article; past it they stay plain text
# Elements nested deeper than this lose their tags (their text stays): the HTML parser's time
# grows with the square of nesting depth (200,000 nested divs: 74 s). Real articles nest a few
# dozen deep.
MAX_NESTING = 256
# Elements that never hold children, or that the parser closes by itself when the next one
# opens (so they never nest deeply): they do not count towards the depth.
_NOT_NESTING = [
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
    "p",
    "li",
    "dt",
    "dd",
    "tr",
    "td",
    "th",
    "option",
    "optgroup",
    "thead",
    "tbody",
    "tfoot",
    "colgroup",
    "rb",
    "rt",
    "rp",
    "html",
    "head",
    "body",
]
_TAG = re.compile(
    r"<(/?)(?!(?:" + "|".join(_NOT_NESTING) + r")[\s/>])([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>",
    re.IGNORECASE,
)


@dataclass
class _ListState:
    ordered: bool
    counter: int = 0


@dataclass
class _Builder:
    """Collects inline text into blocks while the HTML tree is walked."""

    blocks: list[tuple[str, int, str]] = field(default_factory=list)
    buffer: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    lists: list[_ListState] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    link_numbers: dict[str, int] = field(default_factory=dict)
    pre_depth: int = 0
    heading_level: int = 0
    size: int = 0
    # Whether the buffer holds more than whitespace: asked at every table cell, so it is kept
    # as text arrives instead of joining the buffer each time (quadratic in a row's cells).
    has_text: bool = False
    # Every text node is known printable: the HTML was (str.isprintable) and holds no "&".
    # The parser's text is then the HTML's own characters (only a character reference, a NUL
    # or a CR, none of them in such HTML, puts other characters in it), so a block made of
    # them and of the builder's own printable additions is printable without a second scan
    # of it. ``unsure`` marks a block given anything else (a newline, an odd alt text).
    printable_source: bool = False
    unsure: bool = False
    # A link's number was the last thing added: text going on at once with a letter or a
    # digit ("<a>here</a>after") gets a space, so the number does not read "[2]after".
    after_reference: bool = False

    def add_text(self, text: str) -> None:
        if self.size > MAX_TEXT_CHARS:
            return
        if self.after_reference:
            self.after_reference = False
            if text[:1].isalnum():
                text = " " + text
        self.size += len(text)
        self.buffer.append(text)
        if not self.has_text and not text.isspace() and text:
            self.has_text = True

    def flush(self) -> None:
        self.after_reference = False
        if not self.buffer:
            return  # most flushes: a block closes right after another (nothing to write)
        raw = "".join(self.buffer)
        self.buffer = []
        self.has_text = False
        known_printable = self.printable_source and not self.unsure
        self.unsure = False
        kind = self.kinds[-1] if self.kinds else "paragraph"
        if kind == "preformatted":
            text = strip_controls(raw).strip("\n")
            text = "\n".join(line.rstrip() for line in text.split("\n"))
        elif known_printable or raw.isprintable():
            # The common block: printable text holds no whitespace but the plain space (every
            # other space character is unprintable) and no control, so only runs of spaces
            # can need folding; one pass to check costs a sixth of folding with the regex.
            text = (_SPACES.sub(" ", raw) if "  " in raw else raw).strip()
        else:
            # Folding spaces first leaves no newline, so most text takes the printable fast path.
            folded = _SPACES.sub(" ", raw)
            text = strip_controls(folded)
            if text is not folded:
                text = _SPACES.sub(" ", text)
            text = text.strip()
        if not text:
            return
        level = self.heading_level if kind == "heading" else len(self.lists)
        self.blocks.append((kind, level, text))

    def link_number(self, href: str) -> int | None:
        """The link's number in the text, or None past MAX_LINKS (then it stays plain text)."""
        number = self.link_numbers.get(href)
        if number is None:
            if len(self.links) >= MAX_LINKS:
                return None
            self.links.append(href)
            number = len(self.links)
            self.link_numbers[href] = number
        return number


def _block_kind(tag: str, parent_kind: str | None) -> str:
    if tag in _HEADINGS:
        return "heading"
    if tag == "li":
        return "list_item"
    if tag == "blockquote":
        return "quote"
    if tag == "pre":
        return "preformatted"
    if tag == "figcaption":
        return "caption"
    if parent_kind in ("quote", "list_item", "caption"):
        return parent_kind
    return "paragraph"


# The tags _enter and _leave do something for; every other tag is passed by at once (most
# elements of an article are inline markup).
_BLOCK_LIKE = frozenset(_HEADINGS) | {"blockquote", "pre", "figcaption", "li"} | _BLOCK_TAGS
_ENTER_ACTS = _SKIP_TAGS | _LIST_TAGS | _BLOCK_LIKE | {"br", "hr", "img", "td", "th"}
_LEAVE_ACTS = _LIST_TAGS | _BLOCK_LIKE | {"a"}


def _safe_href(node: LexborNode) -> str:
    href = (node.attributes.get("href") or "").strip()
    href = clean_line(href, 4000).replace(" ", "%20")
    return href if href.lower().startswith(_LINK_SCHEMES) else ""


def _enter(node: LexborNode, out: _Builder) -> bool:
    """Handle an element on the way down; False means skip its children."""
    tag = node.tag
    if tag not in _ENTER_ACTS:
        return True  # inline markup (a, b, span...): its children only
    if tag in _SKIP_TAGS:
        return False
    if tag == "br":
        if out.pre_depth:
            out.add_text("\n")
            out.unsure = True
        else:
            out.flush()
        return False
    if tag == "hr":
        out.flush()
        return False
    if tag == "img":
        alt = clean_line(node.attributes.get("alt") or node.attributes.get("title") or "", 500)
        if alt and not _figure_has_caption(node):
            out.add_text(f" [Image: {alt}] ")
            if not alt.isprintable():  # cleaning can make some (ftfy's repairs)
                out.unsure = True
        return False
    if tag in ("td", "th"):
        if out.has_text:
            out.add_text(" · ")
        return True
    if tag in _LIST_TAGS:
        out.flush()
        out.lists.append(_ListState(ordered=tag == "ol"))
        return True
    if tag == "li":
        out.flush()
        state = out.lists[-1] if out.lists else _ListState(ordered=False)
        state.counter += 1
        out.kinds.append("list_item")
        out.add_text(f"{state.counter}. " if state.ordered else "• ")
        return True
    if tag in _HEADINGS or tag in ("blockquote", "pre", "figcaption") or tag in _BLOCK_TAGS:
        out.flush()
        out.kinds.append(_block_kind(tag, out.kinds[-1] if out.kinds else None))
        if tag == "pre":
            out.pre_depth += 1
        if tag in _HEADINGS:
            out.heading_level = _HEADINGS[tag]
        return True
    return True


def _leave(node: LexborNode, out: _Builder) -> None:
    """Handle an element on the way up, after its children."""
    tag = node.tag
    if tag not in _LEAVE_ACTS:
        return
    if tag == "a":
        href = _safe_href(node)
        number = out.link_number(href) if href else None
        if number is not None:
            out.add_text(f" [{number}]")
            out.after_reference = True
        return
    if tag in _LIST_TAGS:
        out.flush()
        if out.lists:
            out.lists.pop()
        return
    if (
        tag == "li"
        or tag in _HEADINGS
        or tag in ("blockquote", "pre", "figcaption")
        or (tag in _BLOCK_TAGS)
    ):
        out.flush()
        if out.kinds:
            out.kinds.pop()
        if tag == "pre":
            out.pre_depth = max(0, out.pre_depth - 1)


def _figure_has_caption(node: LexborNode) -> bool:
    parent = node.parent
    depth = 0
    while parent is not None and depth < 4:
        if parent.tag == "figure":
            return parent.css_first("figcaption") is not None
        parent = parent.parent
        depth += 1
    return False


def _walk(root: LexborNode, out: _Builder) -> None:
    """Depth-first walk without recursion, so HTML nested 10,000 deep cannot blow the stack."""
    stack: list[tuple[LexborNode, bool]] = [(root, False)]
    push = stack.append  # bound once: this loop runs for every node of every article
    while stack:
        node, leaving = stack.pop()
        if leaving:
            _leave(node, out)
            continue
        tag = node.tag
        if tag == "-text":
            # Spaces are folded once per block (flush), not per text node. An empty text
            # adds nothing to a block.
            text = node.text_content
            if text:
                out.add_text(text)
            continue
        if tag is None or (tag.startswith("-") and tag != "-document"):
            continue
        # Tags neither _enter nor _leave acts on (inline markup: b, span, em...) cost no call
        # and no visit on the way up.
        if tag in _ENTER_ACTS and not _enter(node, out):
            continue
        if tag in _LEAVE_ACTS:
            push((node, True))
        child = node.last_child  # pushed last to first: popped in document order
        while child is not None:
            push((child, False))
            child = child.prev


def _assemble(blocks: list[tuple[str, int, str]], links: list[str]) -> CleanText:
    parts: list[str] = []
    records: list[Block] = []
    position = 0
    previous_kind = ""
    for kind, level, raw in blocks:
        text = raw if raw.isascii() else unicodedata.normalize("NFC", raw)  # ASCII is NFC
        if parts:
            separator = "\n" if kind == "list_item" == previous_kind else "\n\n"
            parts.append(separator)
            position += len(separator)
        records.append(Block(kind, position, position + len(text), level))
        parts.append(text)
        position += len(text)
        previous_kind = kind
    return CleanText("".join(parts), tuple(records), tuple(links))


def _plain_to_text(text: str) -> CleanText:
    text = text[:MAX_TEXT_CHARS]  # the same cap as HTML's text
    blocks = [
        ("paragraph", 0, _SPACES.sub(" ", strip_controls(chunk)).strip())
        for chunk in re.split(r"\n\s*\n", text)
    ]
    return _assemble([b for b in blocks if b[2]], [])


def flatten_deep_nesting(html: str, limit: int = MAX_NESTING) -> str:
    """HTML with the tags of elements nested past ``limit`` removed (their text kept), in one
    linear pass; HTML that never nests that deep is returned as it is."""
    if html.count("<") <= limit:
        return html
    depth = 0
    parts: list[str] = []
    last = 0
    for match in _TAG.finditer(html):
        closing, _, rest = match.groups()
        if rest.endswith("/"):
            continue
        if closing:
            drop = depth > limit
            depth = max(0, depth - 1)
        else:
            depth += 1
            drop = depth > limit
        if drop:
            parts.append(html[last : match.start()])
            parts.append(" ")
            last = match.end()
    if not parts:
        return html
    parts.append(html[last:])
    return "".join(parts)


def html_to_text(html: str) -> CleanText:
    """An article's HTML (or plain text) as canonical text with blocks and numbered links."""
    return _html_to_text(html, trust_printable=True)


def _html_to_text(html: str, trust_printable: bool) -> CleanText:
    """html_to_text; with ``trust_printable`` false every block is scanned for unprintable
    characters, even where the HTML's own scan showed there can be none (tests compare)."""
    if not html or not html.strip():
        return CleanText("")
    html = html[: MAX_TEXT_CHARS * 4]
    if "<" not in html:
        # Text that is only entities and words (``&#x0024;3449``) is decoded once, as the HTML
        # parser would decode it in markup.
        return _plain_to_text(repair_text(html_module.unescape(html) if "&" in html else html))
    html, printable = _repair_marked(html)
    tree = LexborHTMLParser(flatten_deep_nesting(html))
    root = tree.body or tree.root
    if root is None:
        return CleanText("")
    builder = _Builder(printable_source=trust_printable and printable and "&" not in html)
    _walk(root, builder)
    builder.flush()
    return _assemble(builder.blocks, builder.links)
