"""Annotations: highlights and notes anchored to an article's canonical text.

An annotation stores its exact quote, about 32 characters of context on each side, its
offsets and a hash of the text it was made on. When the text changes it is re-anchored, in
order: the stored offsets if the quote is still there; else the exact quote, choosing among
repeats by context and nearness; else the quote's words with whitespace and link references
("[1]", as page texts keep links) between them forgiven; else a fuzzy match (rapidfuzz) above
a threshold, its end widened to the words the quote ends with, marked "moved" (a long quote by
its two ends, so the cost stays linear in the text); else "orphaned" (kept, never dropped).
Export as Markdown, JSON (every field; importable) or W3C Web Annotation JSON-LD.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from reader.errors import FeedlensError

CONTEXT_CHARS = 32
FUZZY_THRESHOLD = 80.0
# Quotes longer than this are re-anchored by their ends (ENDS_CHARS each) and context.
LONG_QUOTE_CHARS = 300
ENDS_CHARS = 64
COLORS = ("yellow", "green", "blue", "pink", "orange")


@dataclass(frozen=True)
class Annotation:
    """A highlight (and perhaps a note) on a passage of one article."""

    id: int
    uid: str
    article_id: int
    quote: str
    prefix: str
    suffix: str
    start: int
    end: int
    text_hash: str
    note: str = ""
    tags: tuple[str, ...] = ()
    color: str = "yellow"
    status: str = "anchored"  # "anchored", "moved", "orphaned"
    created_at: str = ""
    updated_at: str = ""


class AnchorError(FeedlensError):
    """A quote could not be placed in an article (absent, or ambiguous)."""


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "replace")).hexdigest()


def new_uid() -> str:
    return str(uuid.uuid4())


def joined_note(note: str, typed: str) -> str:
    """A highlight's note with what was typed for it after it (a on a passage noted before)."""
    return "\n".join(part for part in (note.rstrip("\n"), typed) if part)


def make_anchor(text: str, start: int, end: int) -> dict[str, Any]:
    """The anchoring fields for text[start:end]."""
    if not 0 <= start < end <= len(text):
        raise AnchorError("the selection is empty or outside the article")
    return {
        "quote": text[start:end],
        "prefix": text[max(0, start - CONTEXT_CHARS) : start],
        "suffix": text[end : end + CONTEXT_CHARS],
        "start": start,
        "end": end,
        "text_hash": text_hash(text),
    }


def find_quote(text: str, quote: str, occurrence: int | None = None) -> tuple[int, int]:
    """Offsets of a quote in a text; ambiguous quotes need ``occurrence`` (1-based)."""
    quote = quote.strip()
    if not quote:
        raise AnchorError("the quote is empty")
    positions = [m.start() for m in re.finditer(re.escape(quote), text)]
    if not positions:
        raise AnchorError("the quote is not in the article")
    if occurrence is None:
        if len(positions) > 1:
            raise AnchorError(
                f"the quote occurs {len(positions)} times; choose one with --occurrence N"
            )
        occurrence = 1
    if not 1 <= occurrence <= len(positions):
        raise AnchorError(f"--occurrence must be between 1 and {len(positions)}")
    start = positions[occurrence - 1]
    return start, start + len(quote)


def _context_score(text: str, annotation: Annotation, start: int, end: int) -> float:
    before = text[max(0, start - len(annotation.prefix)) : start]
    after = text[end : end + len(annotation.suffix)]
    from rapidfuzz import fuzz  # loaded when an anchor moved: the reader starts without it

    score = 0.0
    if annotation.prefix:
        score += fuzz.ratio(before, annotation.prefix)
    if annotation.suffix:
        score += fuzz.ratio(after, annotation.suffix)
    nearness = 1.0 / (1.0 + abs(start - annotation.start) / 200.0)
    return score + 50.0 * nearness


# Between two words of a quote, the new text may have other whitespace or numbered link
# references: a page's canonical text keeps its links as "[1]" after the linked words, which
# the teaser the quote was made on did not have.
_WORD_GAP = r"(?:\s|\[\d{1,4}\])+"
_LINK_REFERENCE = re.compile(r"\[\d{1,4}\]")


def _loose_match(text: str, quote: str) -> list[tuple[int, int]]:
    """The quote's words in order, with whitespace differences and link references between
    them forgiven (in the text or in the quote)."""
    words = _LINK_REFERENCE.sub(" ", quote).split()
    if not words:
        return []
    pattern = _WORD_GAP.join(re.escape(word) for word in words)
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def _align(needle: str, text: str, low: int, high: int) -> tuple[int, int, float] | None:
    """Where a short needle best stands in text[low:high]: exact first, else fuzzy."""
    window = text[max(0, low) : max(0, high)]
    found = window.find(needle)
    if found >= 0:
        return max(0, low) + found, max(0, low) + found + len(needle), 100.0
    from rapidfuzz import fuzz

    alignment = fuzz.partial_ratio_alignment(needle, window)
    if alignment is None or alignment.score < FUZZY_THRESHOLD:
        return None
    return max(0, low) + alignment.dest_start, max(0, low) + alignment.dest_end, alignment.score


def _match_by_ends(text: str, annotation: Annotation) -> tuple[int, int, float] | None:
    """A long quote placed by its first and last words (fuzzy alignment of the whole quote
    costs about the cube of its length: a minute for 24k characters). The end is looked for
    where the quote's length puts it, give or take half; the stretch between must still be
    mostly the quote."""
    quote = annotation.quote
    head, tail = quote[:ENDS_CHARS], quote[-ENDS_CHARS:]
    start = _align(head, text, 0, len(text))
    if start is None:
        return None
    length = len(quote)
    end = _align(tail, text, start[0] + length // 2 - ENDS_CHARS, start[0] + length + length // 2)
    if end is None or end[1] <= start[0]:
        return None
    from rapidfuzz.distance import Levenshtein

    similarity = 100.0 * (1 - Levenshtein.normalized_distance(quote, text[start[0] : end[1]]))
    if similarity < FUZZY_THRESHOLD - 10:
        return None
    return start[0], end[1], min(start[2], end[2])


def _fuzzy_match(text: str, annotation: Annotation) -> tuple[int, int, float] | None:
    quote = annotation.quote
    if len(quote) < 4 or not text:
        return None
    if len(quote) > LONG_QUOTE_CHARS:
        return _match_by_ends(text, annotation)
    from rapidfuzz import fuzz

    window_text = text
    offset = 0
    alignment = fuzz.partial_ratio_alignment(quote, window_text)
    if alignment is None or alignment.score < FUZZY_THRESHOLD:
        return None
    start = offset + alignment.dest_start
    end = offset + alignment.dest_end
    # partial_ratio aligns a window as long as the quote; stretch it to whole words
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    end, similarity = _best_end(quote, text, start, end)
    start = _best_start(quote, text, start, end)
    similarity = max(similarity, _most_like(quote, text, [(start, end)])[2])
    if similarity < FUZZY_THRESHOLD - 10:
        return None
    return start, end, alignment.score


def _best_end(quote: str, text: str, start: int, end: int) -> tuple[int, float]:
    """The word end near ``end`` whose passage from ``start`` is most like the quote.
    partial_ratio's window is as long as the quote, so words added inside the passage (a link
    reference, a longer word) push the quote's last words past it, and shorter ones pull the
    next word in."""
    low = start + len(quote) // 2
    limit = min(len(text), end + max(8, len(quote) // 3))
    stops = [low + match.end() for match in re.finditer(r"\S+", text[low:limit])]
    return _most_like(quote, text, [(start, stop) for stop in [end, *stops]])[1:]


def _best_start(quote: str, text: str, start: int, end: int) -> int:
    """The word start near ``start`` whose passage to ``end`` is most like the quote (the
    window may have left the quote's first words out, or taken the word before in)."""
    low = max(0, start - max(8, len(quote) // 3))
    high = min(end, start + len(quote) // 4)
    starts = [low + match.start() for match in re.finditer(r"\S+", text[low:high])]
    return _most_like(quote, text, [(begin, end) for begin in [start, *starts]])[0]


def _most_like(quote: str, text: str, spans: list[tuple[int, int]]) -> tuple[int, int, float]:
    """Of these spans of the text, the one most like the quote (the first of equals)."""
    from rapidfuzz.distance import Levenshtein

    scored = [
        (100.0 * (1 - Levenshtein.normalized_distance(quote, text[low:high])), -i, low, high)
        for i, (low, high) in enumerate(spans)
    ]
    similarity, _, low, high = max(scored)
    return low, high, similarity


def reanchor(annotation: Annotation, text: str) -> Annotation:
    """The annotation placed in a (possibly changed) text; never dropped, at worst orphaned."""
    digest = text_hash(text)
    if text[annotation.start : annotation.end] == annotation.quote:
        return replace(
            annotation,
            text_hash=digest,
            status="anchored" if annotation.status != "moved" else "moved",
        )
    candidates = [(m.start(), m.end()) for m in re.finditer(re.escape(annotation.quote), text)]
    status = "anchored"
    if not candidates:
        candidates = _loose_match(text, annotation.quote)
        status = "moved"
    if candidates:
        start, end = max(
            candidates, key=lambda span: _context_score(text, annotation, span[0], span[1])
        )
        return _placed(annotation, text, start, end, status, digest)
    fuzzy = _fuzzy_match(text, annotation)
    if fuzzy is not None:
        start, end, _ = fuzzy
        return _placed(annotation, text, start, end, "moved", digest)
    return replace(annotation, status="orphaned", text_hash=digest)


def place_passage(
    text: str, article_id: int, quote: str, prefix: str, suffix: str, start: int, end: int
) -> Annotation:
    """A new highlight of a passage recorded before its article's text changed (a note kept in
    the recovery file while full text replaced the teaser): placed in ``text`` by its quote and
    context as ``reanchor`` places a stored annotation; at worst orphaned, never dropped."""
    recorded = Annotation(0, new_uid(), article_id, quote, prefix, suffix, start, end, "")
    return reanchor(recorded, text)


def _placed(
    annotation: Annotation, text: str, start: int, end: int, status: str, digest: str
) -> Annotation:
    return (
        replace(
            annotation,
            start=start,
            end=end,
            quote=text[start:end],
            status=status,
            prefix=text[max(0, start - CONTEXT_CHARS) : start],
            suffix=text[end : end + CONTEXT_CHARS],
            text_hash=digest,
        )
        if status == "moved"
        else replace(annotation, start=start, end=end, status=status, text_hash=digest)
    )


# --- export --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleInfo:
    """What exports say about an annotation's article."""

    id: int
    title: str
    feed: str
    feed_url: str
    link: str
    guid: str
    published: str | None


def annotation_json(annotation: Annotation, article: ArticleInfo) -> dict[str, Any]:
    return {
        "uid": annotation.uid,
        "article": {
            "id": article.id,
            "title": article.title,
            "feed": article.feed,
            "feed_url": article.feed_url,
            "link": article.link,
            "guid": article.guid,
            "published": article.published,
        },
        "quote": annotation.quote,
        "prefix": annotation.prefix,
        "suffix": annotation.suffix,
        "start": annotation.start,
        "end": annotation.end,
        "text_hash": annotation.text_hash,
        "note": annotation.note,
        "tags": list(annotation.tags),
        "color": annotation.color,
        "status": annotation.status,
        "created_at": annotation.created_at,
        "updated_at": annotation.updated_at,
    }


def export_json(items: Iterable[tuple[Annotation, ArticleInfo]]) -> dict[str, Any]:
    return {
        "feedlens_annotations": 1,
        "annotations": [annotation_json(a, info) for a, info in items],
    }


def export_markdown(items: Sequence[tuple[Annotation, ArticleInfo]]) -> str:
    lines: list[str] = ["# feedlens annotations", ""]
    current: int | None = None
    for annotation, article in items:
        if article.id != current:
            current = article.id
            lines += [f"## {article.title or '(untitled)'}", ""]
            meta = " · ".join(
                part
                for part in (article.feed, (article.published or "")[:10], article.link)
                if part
            )
            lines += [f"*{meta}*", ""]
        quote_lines = annotation.quote.splitlines() or [""]
        lines += [f"> {line}" if line else ">" for line in quote_lines]
        lines.append("")
        if annotation.note.strip():
            lines += [annotation.note.strip(), ""]
        extras = [f"id: {annotation.uid}"]
        if annotation.tags:
            extras.append("tags: " + ", ".join(annotation.tags))
        if annotation.status != "anchored":
            extras.append(f"status: {annotation.status}")
        lines += [f"<sub>{' · '.join(extras)}</sub>", ""]
    return "\n".join(lines)


def export_w3c(items: Iterable[tuple[Annotation, ArticleInfo]]) -> dict[str, Any]:
    """W3C Web Annotation Data Model, as a JSON-LD AnnotationCollection."""
    annotations = []
    for annotation, article in items:
        body: list[dict[str, Any]] = []
        if annotation.note:
            body.append(
                {
                    "type": "TextualBody",
                    "value": annotation.note,
                    "format": "text/markdown",
                    "purpose": "commenting",
                }
            )
        body += [
            {"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in annotation.tags
        ]
        annotations.append(
            {
                "id": f"urn:uuid:{annotation.uid}",
                "type": "Annotation",
                "motivation": "commenting" if annotation.note else "highlighting",
                "created": annotation.created_at,
                "modified": annotation.updated_at,
                "body": body,
                "target": {
                    "source": article.link or f"feedlens:article/{article.id}",
                    "selector": [
                        {
                            "type": "TextQuoteSelector",
                            "exact": annotation.quote,
                            "prefix": annotation.prefix,
                            "suffix": annotation.suffix,
                        },
                        {
                            "type": "TextPositionSelector",
                            "start": annotation.start,
                            "end": annotation.end,
                        },
                    ],
                },
            }
        )
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "total": len(annotations),
        "first": {"type": "AnnotationPage", "items": annotations},
    }
