"""The facade's annotation methods: highlights and notes made, placed, changed, listed, exported
and imported. ``Library`` inherits them; the UI and CLI call them like any other facade method.

Kept apart from library.py so the facade stays one readable file per concern; the work itself
is reader/annotations.py and reader/store/annotations.py's.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from reader.annotations import (
    Annotation,
    ArticleInfo,
    export_json,
    export_markdown,
    export_w3c,
    find_quote,
)
from reader.clock import now_iso
from reader.errors import FeedlensError
from reader.models import Article
from reader.store import annotations as annotation_store
from reader.store.db import Store

if TYPE_CHECKING:
    from reader.annotation_import import AnnotationImport, ImportedAnnotation


class AnnotationsFacade:
    """Methods of ``Library`` about annotations."""

    # Set by Library.__init__ and its other parts.
    store: Store
    article: Callable[[int], Article]

    def annotate(
        self,
        article_id: int,
        start: int,
        end: int,
        note: str = "",
        tags: Sequence[str] = (),
        color: str = "yellow",
    ) -> Annotation:
        """Highlight text[start:end] of an article, with an optional note and tags."""
        text = self.article(article_id).text.text
        return annotation_store.create(self.store, article_id, text, start, end, note, tags, color)

    def highlight(self, article_id: int, start: int, end: int) -> tuple[Annotation, bool]:
        """Highlight text[start:end] of an article unless that passage is highlighted already;
        the highlight, and whether it is new (the reader's a and H never store a twin)."""
        text = self.article(article_id).text.text
        return annotation_store.highlight(self.store, article_id, text, start, end)

    def place_passage(
        self, article_id: int, quote: str, prefix: str, suffix: str, start: int, end: int
    ) -> Annotation:
        """Highlight a passage recorded before the article's text may have changed (the
        recovery file's unsaved highlights): where its quote still reads (at its offsets, or
        found by its words and context) the highlight there, an existing one if the passage
        has it; else a new orphaned annotation keeping the quote (reader.annotations)."""
        from reader.annotations import place_passage

        text = self.article(article_id).text.text
        placed = place_passage(text, article_id, quote, prefix, suffix, start, end)
        if placed.status != "orphaned":
            return self.highlight(article_id, placed.start, placed.end)[0]
        stamp = now_iso()
        orphan = replace(placed, created_at=stamp, updated_at=stamp)
        annotation_store.restore(self.store, orphan, text)
        return next(a for a in self.annotations(article_id) if a.uid == orphan.uid)

    def annotate_quote(
        self,
        article_id: int,
        quote: str,
        note: str = "",
        tags: Sequence[str] = (),
        occurrence: int | None = None,
    ) -> Annotation:
        """Highlight a quote of an article; an ambiguous quote needs ``occurrence``."""
        text = self.article(article_id).text.text
        start, end = find_quote(text, quote, occurrence)
        return annotation_store.create(self.store, article_id, text, start, end, note, tags)

    def update_annotation(
        self,
        annotation_id: int,
        *,
        note: str | None = None,
        tags: Sequence[str] | None = None,
        color: str | None = None,
    ) -> None:
        annotation_store.update(self.store, annotation_id, note=note, tags=tags, color=color)

    def annotation(self, annotation_id: int) -> Annotation:
        return annotation_store.get(self.store, annotation_id)

    def delete_annotation(self, annotation_id: int) -> None:
        annotation_store.delete(self.store, annotation_id)

    def annotations(self, article_id: int) -> list[Annotation]:
        """One article's annotations in text order (orphaned ones last)."""
        return annotation_store.for_article(self.store, article_id)

    def all_annotations(
        self,
        article_id: int | None = None,
        tag: str | None = None,
        feed_id: int | None = None,
    ) -> list[tuple[Annotation, ArticleInfo]]:
        return annotation_store.listing(self.store, article_id, tag, feed_id)

    def export_annotations(
        self, fmt: str, article_id: int | None = None, tag: str | None = None
    ) -> str:
        """Annotations as Markdown (``md``), JSON (``json``) or W3C JSON-LD (``w3c``)."""
        items = self.all_annotations(article_id, tag)
        if fmt == "md":
            return export_markdown(items)
        if fmt == "json":
            return json.dumps(export_json(items), ensure_ascii=False, indent=2)
        if fmt == "w3c":
            return json.dumps(export_w3c(items), ensure_ascii=False, indent=2)
        raise FeedlensError(f"unknown export format {fmt!r} (use md, json or w3c)")

    def import_annotations(self, data: bytes) -> AnnotationImport:
        """Restore a JSON export, keeping the newer copy of each annotation; the same file
        twice changes nothing, and nothing is moved to another article. Every record is
        checked first (see reader.annotation_import); what is skipped is said, one line each."""
        from reader.annotation_import import AnnotationImport, parse_export

        records, problems = parse_export(data)
        counts = {"new": 0, "updated": 0, "unchanged": 0, "missing": 0, "older": 0}
        for record in records:
            article_id = annotation_store.find_article(self.store, record.article)
            if article_id is None:
                counts["missing"] += 1
                problems.append(f"{_named(record)}: its article is not in the library, skipped")
                continue
            annotation = record.annotation(article_id)
            text = self.article(article_id).text.text
            outcome = annotation_store.restore(self.store, annotation, text)
            counts[outcome] = counts.get(outcome, 0) + 1
            if outcome == "older":
                problems.append(f"{record.uid}: the library's copy is as new or newer, kept it")
            elif outcome not in ("new", "updated", "unchanged"):
                problems.append(
                    f"{record.uid}: already on another article here; an import never moves it"
                )
        return AnnotationImport(
            counts["new"],
            counts["updated"],
            counts["unchanged"],
            tuple(problems),
            missing=counts["missing"],
            kept_newer=counts["older"],
        )


def _named(record: ImportedAnnotation) -> str:
    """An imported highlight as a reader knows it: its quote and its article's title (both
    from the file: through the one sanitiser), with its id to find it in the file."""
    from reader.text.clean import clean_line

    quote = clean_line(record.quote, 60)
    title = clean_line(record.article.title, 60)
    where = f" in “{title}”" if title else ""
    return f"“{quote}”{where} ({record.uid[:8]})"
