"""Reading an annotations JSON export back: every field checked before anything is written.

The file is untrusted (it may come from another machine, an old version, or an attacker): it is
parsed without ``Infinity``/``NaN`` and with a bound on nesting, then each record is checked
field by field (types, ranges, known colours and statuses, tags as strings). A record that
fails is skipped with one line saying why; the others still import. Deciding what to do with a
valid record (keep the newer copy, never move one to another article) is the store's part.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reader.annotations import COLORS, Annotation
from reader.errors import FeedlensError
from reader.text.clean import clean_line, strip_controls
from reader.text.wording import counted

MAX_IMPORT_BYTES = 64 * 1024 * 1024
MAX_TEXT_CHARS = 2_000_000  # an article's canonical text is capped at this size too
MAX_TAGS = 100
MAX_TAG_CHARS = 200
MAX_OFFSET = 2**31
STATUSES = ("anchored", "moved", "orphaned")
_NOT_AN_EXPORT = "not a feedlens annotations JSON export"


class RecordError(ValueError):
    """One field of one record is unusable; the message names it."""


@dataclass(frozen=True)
class ArticleRef:
    """How an exported annotation names its article (any may be empty)."""

    guid: str
    link: str
    title: str
    feed_url: str


@dataclass(frozen=True)
class ImportedAnnotation:
    """One valid record of an export, ready to be matched and stored."""

    uid: str
    article: ArticleRef
    quote: str
    prefix: str
    suffix: str
    start: int
    end: int
    text_hash: str
    note: str
    tags: tuple[str, ...]
    color: str
    status: str
    created_at: str
    updated_at: str

    def annotation(self, article_id: int) -> Annotation:
        """The record as an annotation of this library's article (its id given on insert)."""
        return Annotation(
            id=0,
            uid=self.uid,
            article_id=article_id,
            quote=self.quote,
            prefix=self.prefix,
            suffix=self.suffix,
            start=self.start,
            end=self.end,
            text_hash=self.text_hash,
            note=self.note,
            tags=self.tags,
            color=self.color,
            status=self.status,
            created_at=self.created_at,
            updated_at=self.updated_at,
        )


@dataclass(frozen=True)
class AnnotationImport:
    """What ``annotations import`` did: counts, and one line per record skipped."""

    new: int
    updated: int
    unchanged: int
    problems: tuple[str, ...]
    missing: int = 0  # of the problems: records whose article is not in the library
    kept_newer: int = 0  # of the problems: records the library holds a newer copy of

    def line(self) -> str:
        return f"{self.new} new, {self.updated} updated, {len(self.problems)} skipped" + (
            f", {self.unchanged} unchanged" if self.unchanged else ""
        )

    def failure(self) -> str | None:
        """One line when the library holds none of the file's annotations after the import
        (nothing new, updated, already there or kept newer); None when it holds some."""
        if self.new or self.updated or self.unchanged or self.kept_newer:
            return None
        skipped = len(self.problems)
        if not skipped:
            return "nothing imported: the file holds no annotations"
        if self.missing == skipped == 1:
            return (
                "nothing imported: the annotation's article is not in this library "
                "(import or refresh its feed first)"
            )
        if self.missing == skipped:
            return (
                f"nothing imported: none of the {skipped:,} annotations' articles is in this "
                "library (import or refresh their feeds first)"
            )
        return f"nothing imported: {counted(skipped, 'annotation')} skipped (each said above)"


def _refuse_constant(name: str) -> Any:
    raise RecordError(f"{name} is not a number JSON allows")


def parse_export(data: bytes) -> tuple[list[ImportedAnnotation], list[str]]:
    """The valid records of an export and one line per record skipped; one FeedlensError
    when the file as a whole is not an export."""
    if len(data) > MAX_IMPORT_BYTES:
        raise FeedlensError(f"the file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MiB")
    try:
        document = json.loads(data.decode("utf-8-sig"), parse_constant=_refuse_constant)
    except RecursionError:
        raise FeedlensError(f"{_NOT_AN_EXPORT} (nested too deeply)") from None
    except RecordError as error:
        raise FeedlensError(f"{_NOT_AN_EXPORT} ({error})") from None
    except (ValueError, UnicodeDecodeError):
        raise FeedlensError(_NOT_AN_EXPORT) from None
    if not isinstance(document, dict) or not isinstance(document.get("annotations"), list):
        raise FeedlensError(_NOT_AN_EXPORT)
    records: list[ImportedAnnotation] = []
    problems: list[str] = []
    for number, item in enumerate(document["annotations"], start=1):
        try:
            records.append(parse_record(item))
        except RecordError as error:
            problems.append(f"{_record_name(item, number)}: {error}, skipped")
    return records, problems


def _record_name(item: object, number: int) -> str:
    uid = item.get("uid") if isinstance(item, dict) else None
    if isinstance(uid, str) and uid.strip() and len(uid) <= 100:
        return uid
    return f"record {number}"


def parse_record(item: object) -> ImportedAnnotation:
    """One record checked field by field; RecordError names the first bad field."""
    if not isinstance(item, dict):
        raise RecordError("not a JSON object")
    uid = _text(item, "uid", required=True, limit=200)
    if not uid.strip():
        raise RecordError("uid is empty")
    start = _offset(item, "start")
    end = _offset(item, "end")
    if not start < end:
        raise RecordError("start must be before end")
    quote = _text(item, "quote", required=True)
    if not quote:
        raise RecordError("quote is empty")
    color = _text(item, "color", default="yellow", limit=20)
    if color not in COLORS:
        raise RecordError(f"color must be one of {', '.join(COLORS)}")
    status = _text(item, "status", default="anchored", limit=20)
    if status not in STATUSES:
        raise RecordError(f"status must be one of {', '.join(STATUSES)}")
    return ImportedAnnotation(
        uid=uid,
        article=_article(item.get("article")),
        quote=quote,
        prefix=_text(item, "prefix", limit=1000),
        suffix=_text(item, "suffix", limit=1000),
        start=start,
        end=end,
        text_hash=_text(item, "text_hash", limit=200),
        note=strip_controls(_text(item, "note")),  # printed by `annotations list`: no escapes
        tags=_tags(item.get("tags", [])),
        color=color,
        status=status,
        created_at=_stamp(item, "created_at"),
        updated_at=_stamp(item, "updated_at"),
    )


def _text(
    item: dict[str, Any],
    key: str,
    *,
    required: bool = False,
    default: str = "",
    limit: int = MAX_TEXT_CHARS,
) -> str:
    if key not in item or item[key] is None:
        if required:
            raise RecordError(f"{key} is missing")
        return default
    value = item[key]
    if not isinstance(value, str):
        raise RecordError(f"{key} must be a string")
    if len(value) > limit:
        raise RecordError(f"{key} is longer than {limit:,} characters")
    return value


def _offset(item: dict[str, Any], key: str) -> int:
    value = item.get(key)
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordError(f"{key} must be a whole number")
    if not 0 <= value <= MAX_OFFSET:
        raise RecordError(f"{key} is out of range")
    return value


def _tags(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise RecordError("tags must be a list of strings")
    if len(value) > MAX_TAGS:
        raise RecordError(f"more than {MAX_TAGS} tags")
    tags: list[str] = []
    for tag in value:
        if not isinstance(tag, str) or not tag.strip():
            raise RecordError("tags must be a list of strings")
        if len(tag) > MAX_TAG_CHARS:
            raise RecordError(f"a tag is longer than {MAX_TAG_CHARS} characters")
        tags.append(clean_line(tag, MAX_TAG_CHARS))
    return tuple(dict.fromkeys(tag for tag in tags if tag))


def _stamp(item: dict[str, Any], key: str) -> str:
    value = _text(item, key, limit=64)
    if value:
        try:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise RecordError(f"{key} is not an ISO 8601 time") from None
    return value


def _article(value: object) -> ArticleRef:
    if not isinstance(value, dict):
        raise RecordError("article must be an object naming the article")
    fields = {key: _text(value, key, limit=10_000) for key in ("guid", "link", "title", "feed_url")}
    if not any(fields.values()):
        raise RecordError("article has no guid, link or title")
    return ArticleRef(**fields)


def stamp_order(value: str) -> datetime | None:
    """An ``updated_at`` as a comparable UTC time (None when empty or unreadable)."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        from datetime import UTC

        parsed = parsed.replace(tzinfo=UTC)
    return parsed
