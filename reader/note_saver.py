"""Notes on their way to the library: kept until written, retried, and never lost on quit.

The reader hands every note, tag and colour edit to a ``NoteSaver``. A thread of its own writes
them through the facade, one at a time. A write that fails (another feedlens process holding
the write lock longer than the busy timeout, a full disk) is retried with back-off, and the
edit stays pending (whatever happens to the note pane) until it is written. Each change is
reported as ``saving…``, ``saved`` or ``will retry …`` so the pane can say it.

On quit the reader waits a bounded time for what is pending; what is still unwritten then goes
to a recovery file beside the library (``library.sqlite.unsaved-notes.json``), which the next
start applies (only over an annotation not changed since) and then removes. A note typed right
after ``a`` whose highlight is not written yet (another process holds the write lock) goes there
too, as the highlight's passage with its note: the next start makes the highlight and adds it.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.annotations import Annotation, joined_note
from reader.clock import now_iso
from reader.errors import FeedlensError, NotFoundError

if TYPE_CHECKING:
    from reader.library import Library

FIRST_RETRY_SECONDS = 1.0
LONGEST_RETRY_SECONDS = 30.0
RECOVERY_SUFFIX = ".unsaved-notes.json"

# (state, words): state is "saving", "saved" or "retry"; words say it in the pane.
StateListener = Callable[[str, str], None]


@dataclass(frozen=True)
class PendingEdit:
    """An edit of one annotation not yet in the library (None: that field is not changed)."""

    annotation_id: int
    note: str | None = None
    tags: tuple[str, ...] | None = None
    color: str | None = None
    edited_at: str = ""

    def merged(self, later: PendingEdit) -> PendingEdit:
        """This edit with a later one's fields on top."""
        return PendingEdit(
            self.annotation_id,
            later.note if later.note is not None else self.note,
            later.tags if later.tags is not None else self.tags,
            later.color if later.color is not None else self.color,
            later.edited_at,
        )


@dataclass(frozen=True)
class UnsavedHighlight:
    """A highlight asked for (``a``) and the note typed for it, neither in the library yet.
    ``quote``, ``prefix`` and ``suffix``: the passage as it read then, with its context
    (reader.annotations.make_anchor), so the next start places it by its words when the
    article's text changed meanwhile (a page's full text replaced its teaser); empty in a
    file an older version wrote (placed by its offsets alone)."""

    article_id: int
    start: int
    end: int
    note: str
    tags: tuple[str, ...] = ()
    edited_at: str = ""
    quote: str = ""
    prefix: str = ""
    suffix: str = ""


def recovery_path(library_path: Path) -> Path:
    return library_path.with_name(library_path.name + RECOVERY_SUFFIX)


class NoteSaver:
    """Writes annotation edits in the background until each is in the library."""

    def __init__(
        self,
        library: Library,
        on_state: StateListener | None = None,
        first_retry: float = FIRST_RETRY_SECONDS,
        longest_retry: float = LONGEST_RETRY_SECONDS,
    ) -> None:
        self.library = library
        self.on_state = on_state
        self.first_retry = first_retry
        self.longest_retry = longest_retry
        self._pending: dict[int, PendingEdit] = {}
        self._condition = threading.Condition()
        self._stopped = False
        self._retry_at = 0.0
        self._delay = first_retry
        self._thread: threading.Thread | None = None

    # --- what the reader calls ----------------------------------------------------------------

    def submit(
        self,
        annotation_id: int,
        note: str | None = None,
        tags: Sequence[str] | None = None,
        color: str | None = None,
    ) -> None:
        """Keep an edit and write it as soon as the library lets us."""
        edit = PendingEdit(
            annotation_id, note, None if tags is None else tuple(tags), color, now_iso()
        )
        with self._condition:
            before = self._pending.get(annotation_id)
            self._pending[annotation_id] = before.merged(edit) if before else edit
            self._retry_at = 0.0  # a fresh edit is tried at once
            self._delay = self.first_retry
            self._condition.notify_all()
        self._start()

    @property
    def has_pending(self) -> bool:
        with self._condition:
            return bool(self._pending)

    def pending(self) -> list[PendingEdit]:
        with self._condition:
            return list(self._pending.values())

    def overlay(self, annotations: Sequence[Annotation]) -> list[Annotation]:
        """Annotations as the user last left them: pending edits over what the library holds
        (the note pane reopened before a save went through shows the text typed, not the old)."""
        with self._condition:
            pending = dict(self._pending)
        result = []
        for annotation in annotations:
            edit = pending.get(annotation.id)
            if edit is not None:
                annotation = replace(
                    annotation,
                    note=annotation.note if edit.note is None else edit.note,
                    tags=annotation.tags if edit.tags is None else edit.tags,
                    color=annotation.color if edit.color is None else edit.color,
                )
            result.append(annotation)
        return result

    def wait(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for every pending edit to be written; True if so."""
        deadline = time.monotonic() + timeout
        with self._condition:
            self._retry_at = 0.0  # quitting: try again now, not after the back-off
            self._condition.notify_all()
            while self._pending:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._condition.wait(left)
        return True

    def save_recovery(self, highlights: Sequence[UnsavedHighlight] = ()) -> Path | None:
        """Write what is still pending, and ``highlights`` not yet made with their notes, to the
        recovery file; its path, or None if nothing was pending. The file is written whole or
        not at all."""
        from reader.safe_write import write_text_atomically

        edits = self.pending()
        if not edits and not highlights:
            return None
        path = recovery_path(self.library.path)
        previous, previous_highlights = _read_recovery_file(path)
        known = {edit.annotation_id: edit for edit in previous}
        for edit in edits:
            known[edit.annotation_id] = edit
        document = {
            "unsaved_notes": 1,
            "edits": [asdict(edit) for edit in known.values()],
            "highlights": [asdict(h) for h in [*previous_highlights, *highlights]],
        }
        write_text_atomically(path, json.dumps(document, ensure_ascii=False, indent=2))
        return path

    def stop(self) -> None:
        with self._condition:
            self._stopped = True
            self._condition.notify_all()

    def wait_stopped(self, seconds: float) -> bool:
        """After ``stop``: wait until a write under way has ended (it may still land, if the
        lock it waits for is let go meanwhile); whether the writing thread is done."""
        thread = self._thread
        if thread is not None:
            thread.join(seconds)
        return thread is None or not thread.is_alive()

    # --- the writing thread -------------------------------------------------------------------

    def _start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="note-saver", daemon=True)
            self._thread.start()

    def _say(self, state: str, words: str) -> None:
        if self.on_state is not None:
            with contextlib.suppress(Exception):  # the reader may be closing; the edit matters
                self.on_state(state, words)

    def _next(self) -> PendingEdit | None:
        """The next edit to write once its time has come; None when stopped or idle."""
        with self._condition:
            while not self._stopped:
                if self._pending:
                    left = self._retry_at - time.monotonic()
                    if left <= 0:
                        return next(iter(self._pending.values()))
                    self._condition.wait(left)
                else:
                    return None
            return None

    def _run(self) -> None:
        while (edit := self._next()) is not None:
            self._say("saving", "saving…")
            try:
                self.library.update_annotation(
                    edit.annotation_id, note=edit.note, tags=edit.tags, color=edit.color
                )
            except NotFoundError:
                self._done(edit)  # the highlight was deleted: nothing left to save it on
                continue
            except FeedlensError as error:
                self._failed(error.message)
                continue
            except Exception as error:  # a bug must not end the saving of notes
                self._failed(f"{type(error).__name__}: {error}")
                continue
            self._done(edit)

    def _done(self, edit: PendingEdit) -> None:
        with self._condition:
            if self._pending.get(edit.annotation_id) == edit:
                del self._pending[edit.annotation_id]  # a newer edit meanwhile stays pending
            self._delay = self.first_retry
            left = bool(self._pending)
            self._condition.notify_all()
        if not left:
            self._say("saved", "saved")

    def _failed(self, reason: str) -> None:
        with self._condition:
            delay = self._delay
            self._retry_at = time.monotonic() + delay
            self._delay = min(self.longest_retry, self._delay * 2)
            self._condition.notify_all()
        self._say("retry", f"not saved yet, will retry in {delay:.0f} s ({reason})")


def _read_recovery(path: Path) -> list[PendingEdit]:
    return _read_recovery_file(path)[0]


def _read_recovery_file(path: Path) -> tuple[list[PendingEdit], list[UnsavedHighlight]]:
    """The recovery file's edits and unsaved highlights (none where it is missing or unreadable:
    a damaged file never stops the reader)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return _edits(document), _highlights(document)
    except FileNotFoundError:
        return [], []
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return [], []


def _highlights(document: Any) -> list[UnsavedHighlight]:
    items = document.get("highlights", [])
    if not isinstance(items, list):
        return []
    highlights = []
    for item in items:
        tags = item.get("tags")
        highlights.append(
            UnsavedHighlight(
                int(item["article_id"]),
                int(item["start"]),
                int(item["end"]),
                str(item.get("note", "")),
                tuple(str(t) for t in tags) if isinstance(tags, list) else (),
                str(item.get("edited_at", "")),
                str(item.get("quote", "")),
                str(item.get("prefix", "")),
                str(item.get("suffix", "")),
            )
        )
    return highlights


def _edits(document: Any) -> list[PendingEdit]:
    edits = []
    for item in document["edits"]:
        tags = item.get("tags")
        edits.append(
            PendingEdit(
                int(item["annotation_id"]),
                item.get("note") if isinstance(item.get("note"), str) else None,
                tuple(str(t) for t in tags) if isinstance(tags, list) else None,
                item.get("color") if isinstance(item.get("color"), str) else None,
                str(item.get("edited_at", "")),
            )
        )
    return edits


def restore_recovered(library: Library) -> str | None:
    """Apply the recovery file a previous session left, if any; one line saying what was done
    (None when there was nothing). An annotation changed since the edit keeps its newer text.
    The file is removed only once everything in it is applied."""
    path = recovery_path(library.path)
    if not path.exists():
        return None
    edits, highlights = _read_recovery_file(path)
    restored = 0
    try:
        for highlight in highlights:
            restored += _restore_highlight(library, highlight)
        for edit in edits:
            try:
                current = library.annotation(edit.annotation_id)
            except NotFoundError:
                continue
            if current.updated_at and edit.edited_at and current.updated_at > edit.edited_at:
                continue
            library.update_annotation(
                edit.annotation_id, note=edit.note, tags=edit.tags, color=edit.color
            )
            restored += 1
    except FeedlensError as error:
        return f"unsaved notes from last time are kept in {path} ({error.message})"
    path.unlink(missing_ok=True)
    noun = "note" if restored == 1 else "notes"
    return f"restored {restored} {noun} not saved when feedlens last quit"


def _restore_highlight(library: Library, unsaved: UnsavedHighlight) -> int:
    """Make a highlight the last session could not write and add its note (after any note the
    passage has by now); 1 if done, 0 where its article is gone. A passage whose words are no
    longer at its offsets (the article's text was replaced since) is placed by its quote, as
    annotations re-anchor; where the quote is nowhere in the new text, the note is kept as an
    orphaned annotation with its quote (listed with the orphaned ones), never dropped."""
    try:
        if unsaved.quote:
            annotation = library.place_passage(
                unsaved.article_id,
                unsaved.quote,
                unsaved.prefix,
                unsaved.suffix,
                unsaved.start,
                unsaved.end,
            )
        else:  # a file from before passages were kept with their quote
            annotation, _ = library.highlight(unsaved.article_id, unsaved.start, unsaved.end)
    except NotFoundError:
        return 0
    tags = [*annotation.tags, *(t for t in unsaved.tags if t not in annotation.tags)]
    kept = unsaved.note in annotation.note  # written meanwhile, or restored before
    note = annotation.note if kept else joined_note(annotation.note, unsaved.note)
    library.update_annotation(annotation.id, note=note, tags=tags)
    return 1
