"""The annotation pane (``A``): this article's highlights in text order, each with its quote,
note, tags and colour; the note is edited in place and saved as you type.

Saving is debounced (half a second after the last keystroke, well inside the one-second
promise); the pane never writes itself, it posts ``NoteEdited`` and the screen hands the edit to
its NoteSaver, which keeps it until written; the pane says "saving… / saved / will retry".
Orphaned highlights (their passage left the article) are listed last, with their quote.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from reader.annotations import COLORS, Annotation, joined_note
from reader.ui.widgets.article_view import Span

SAVE_DELAY = 0.5
COLOR_STYLES = {
    "yellow": Style(bgcolor="#5f5200", color="white"),
    "green": Style(bgcolor="#1e5a2c", color="white"),
    "blue": Style(bgcolor="#1e3f6e", color="white"),
    "pink": Style(bgcolor="#6a2a58", color="white"),
    "orange": Style(bgcolor="#7a461a", color="white"),
}


def annotation_spans(annotations: list[Annotation]) -> tuple[Span, ...]:
    """Highlights in each annotation's colour (orphaned ones have no place to be drawn)."""
    return tuple(
        Span(a.start, a.end, COLOR_STYLES.get(a.color, COLOR_STYLES["yellow"]))
        for a in annotations
        if a.status != "orphaned"
    )


def annotation_prompt(annotation: Annotation, waiting: bool = False) -> Text:
    """A highlight's row; ``waiting``: it is orphaned only until its article's page, which the
    page pass is still to fetch, gives back the text it was made on."""
    text = Text(end="")
    swatch = COLOR_STYLES.get(annotation.color, COLOR_STYLES["yellow"])
    text.append("  ", style=swatch)
    text.append(" ")
    if annotation.status == "orphaned" and waiting:
        text.append("waiting for the full text · ", style=Style(color="yellow", italic=True))
    elif annotation.status == "orphaned":
        text.append("orphaned · ", style=Style(color="red", italic=True))
    elif annotation.status == "moved":
        text.append("moved · ", style=Style(color="yellow", italic=True))
    quote = annotation.quote.replace("\n", " ")
    text.append(f"“{quote[:140]}{'…' if len(quote) > 140 else ''}”", style=Style(italic=True))
    if annotation.note.strip():
        text.append("\n   " + annotation.note.strip().splitlines()[0][:120], style=Style())
    if annotation.tags:
        text.append("\n   " + " ".join(f"#{t}" for t in annotation.tags), style=Style(color="cyan"))
    return text


@dataclass(frozen=True)
class TypedDraft:
    """A note and tags typed after a, for the highlight ``token`` on article ``article_id``."""

    token: int
    article_id: int
    note: str
    tags: str

    @property
    def typed(self) -> bool:
        return bool(self.note.strip() or self.tags.strip())


def joined_tags(tags: tuple[str, ...] | list[str], typed: str) -> str:
    """A highlight's tags, then those typed for it, as the tags box shows them."""
    return ", ".join(part for part in (", ".join(tags), typed.strip()) if part)


def parsed_tags(value: str) -> list[str]:
    """The tags box's text as tags: comma separated, a leading # dropped."""
    return [t.strip().lstrip("#") for t in value.split(",") if t.strip()]


class HighlightList(OptionList):
    """The pane's list of highlights: j/k move in it as in every other list of the reader
    (``c`` and ``d`` act on the row the cursor is on, so the cursor must follow j)."""

    BINDINGS = [
        Binding("j", "cursor_down", "Next highlight", id="annotations.down", show=False),
        Binding("k", "cursor_up", "Previous highlight", id="annotations.up", show=False),
    ]


class AnnotationPane(Vertical):
    """Highlights of the open article, and the note of the selected one."""

    BINDINGS = [
        Binding("d", "delete", "Delete highlight", id="annotations.delete"),
        Binding("c", "cycle_color", "Colour", id="annotations.color"),
        # Tab stays in the pane: note ⇄ tags (from the list, to the note). Leaving it by tab
        # would send the next letters typed to the reading pane as commands.
        Binding("tab", "next_field(1)", "Note/tags", id="annotations.next_field", show=False),
        Binding(
            "shift+tab",
            "next_field(-1)",
            "Tags/note",
            id="annotations.previous_field",
            show=False,
        ),
    ]

    @dataclass
    class NoteEdited(Message):
        annotation_id: int
        note: str

    @dataclass
    class TagsEdited(Message):
        annotation_id: int
        tags: list[str]

    @dataclass
    class ColorChosen(Message):
        annotation_id: int
        color: str

    @dataclass
    class Focused(Message):
        annotation: Annotation

    @dataclass
    class DeleteRequested(Message):
        annotation: Annotation

    class Left(Message):
        """Escape: back to the reading pane (the note is saved first)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.annotations: list[Annotation] = []
        # Orphaned highlights of the article shown whose page is still to come (the screen
        # sets them with the article): "waiting for the full text", not "orphaned".
        self.waiting: frozenset[int] = frozenset()
        self.current: Annotation | None = None
        self._loading = False
        self._timer: Timer | None = None
        self._pending: tuple[int, str, list[str]] | None = None
        self.save_status = ""  # the last word on where the note is (saving…, saved, retry)
        self._saved_shown = False
        # a pressed, its highlight not yet in the library: the note box is open and what is
        # typed meanwhile is kept for the highlight when it comes (show(..., select_id)).
        self.drafting = False
        self.draft_token = 0
        self.draft_article_id = 0

    def compose(self) -> ComposeResult:
        yield Static(
            Text("Highlights", style=Style(bold=True)), id="annotation-title", markup=False
        )
        yield HighlightList(id="annotation-list")
        yield Static(
            Text("Note (Markdown, saved as you type)", style=Style(dim=True)), markup=False
        )
        yield TextArea(id="annotation-note", soft_wrap=True, show_line_numbers=False)
        yield Static("", id="annotation-save-status", markup=False)
        yield Input(placeholder="tags, comma separated", id="annotation-tags")

    def open_draft(self, token: int, article_id: int) -> None:
        """Open the note box at once for a highlight still being made, so that the note typed
        right after a goes into it (never to the screen as commands). ``token`` names the
        highlight being made; ``article_id`` is the article it is made on."""
        self.flush()
        self.current = None
        self.drafting = True
        self.draft_token, self.draft_article_id = token, article_id
        self._loading = True
        note = self.query_one("#annotation-note", TextArea)
        tags = self.query_one("#annotation-tags", Input)
        note.load_text("")
        tags.value = ""
        note.disabled = tags.disabled = False
        self.call_after_refresh(self._loaded)
        note.focus()

    def typed_draft(self) -> TypedDraft:
        """What the note box holds for the highlight still being made."""
        note = self.query_one("#annotation-note", TextArea)
        tags = self.query_one("#annotation-tags", Input)
        return TypedDraft(self.draft_token, self.draft_article_id, note.text, tags.value)

    def detach_draft(self) -> TypedDraft | None:
        """Another article opened before the highlight came: what was typed for it leaves the
        note box (the screen keeps it for its highlight), which is emptied."""
        if not self.drafting:
            return None
        draft = self.typed_draft()
        self.drafting = False
        self._load(None)
        return draft

    def show(
        self, annotations: list[Annotation], select_id: int | None = None, draft: int | None = None
    ) -> None:
        """List ``annotations`` and load ``select_id``'s note; ``draft`` is the token of the
        highlight ``select_id`` was made for (a drafted note goes only to its own)."""
        self.flush()
        self.annotations = annotations
        listing = self.query_one("#annotation-list", OptionList)
        listing.clear_options()
        listing.add_options(
            [Option(annotation_prompt(a, a.id in self.waiting), id=str(a.id)) for a in annotations]
        )
        if self.drafting:
            chosen = next((i for i, a in enumerate(annotations) if a.id == select_id), None)
            if chosen is None or draft != self.draft_token:
                return  # another reload: the draft waits for its own highlight
            listing.highlighted = chosen
            self._take_draft(annotations[chosen])
            return
        if not annotations:
            listing.add_option(
                Option(
                    Text(
                        "No highlights yet: select with v (or the mouse) "
                        "and press a; H highlights a sentence.",
                        style=Style(dim=True),
                    ),
                    disabled=True,
                )
            )
            self._load(None)
            return
        index = next((i for i, a in enumerate(annotations) if a.id == select_id), 0)
        listing.highlighted = index
        self._load(annotations[index])

    def _load(self, annotation: Annotation | None) -> None:
        self.current = annotation
        self._loading = True
        note = self.query_one("#annotation-note", TextArea)
        tags = self.query_one("#annotation-tags", Input)
        note.load_text(annotation.note if annotation else "")
        note.move_cursor(note.document.end)  # typing adds to a note, after what it says
        tags.value = ", ".join(annotation.tags) if annotation else ""
        note.disabled = tags.disabled = annotation is None
        self.call_after_refresh(self._loaded)

    def _loaded(self) -> None:
        self._loading = False

    def _take_draft(self, annotation: Annotation) -> None:
        """The highlight came: what was typed for it joins its note (after any note it had)."""
        self.drafting = False
        note = self.query_one("#annotation-note", TextArea)
        tags = self.query_one("#annotation-tags", Input)
        typed_note, typed_tags = note.text, tags.value
        self._load(annotation)
        if not typed_note.strip() and not typed_tags.strip():
            return
        note.load_text(joined_note(annotation.note, typed_note))
        note.move_cursor(note.document.end)
        tags.value = joined_tags(annotation.tags, typed_tags)
        self._loading = False
        self._edited()

    def focus_note(self) -> None:
        self.query_one("#annotation-note", TextArea).focus()

    @on(OptionList.OptionHighlighted, "#annotation-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        annotation = next((a for a in self.annotations if str(a.id) == event.option.id), None)
        if annotation is None or annotation is self.current:
            return
        self.flush()
        self._load(annotation)
        self.post_message(self.Focused(annotation))

    @on(TextArea.Changed, "#annotation-note")
    @on(Input.Changed, "#annotation-tags")
    def _edited(self) -> None:
        if self._loading or self.current is None:
            return
        note = self.query_one("#annotation-note", TextArea).text
        tags = parsed_tags(self.query_one("#annotation-tags", Input).value)
        self._pending = (self.current.id, note, tags)
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SAVE_DELAY, self.flush)

    def flush(self) -> None:
        """Send the pending note and tags now (on a timer, a switch, or leaving)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._pending is None:
            return
        annotation_id, note, tags = self._pending
        self._pending = None
        self.post_message(self.NoteEdited(annotation_id, note))
        self.post_message(self.TagsEdited(annotation_id, tags))

    def take_pending(self) -> tuple[int, str, list[str]] | None:
        """The edit typed but not yet sent (before quitting), handed over and forgotten here."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        pending, self._pending = self._pending, None
        return pending

    def set_save_status(self, state: str, words: str) -> None:
        """Say where the note is: "saving…", "saved" or "not saved yet, will retry…"."""
        self.save_status = words
        self._saved_shown = state == "saved"
        style = Style(color="yellow") if state == "retry" else Style(dim=True)
        status = self.query_one("#annotation-save-status", Static)
        status.update(Text(words, style=style, no_wrap=True, overflow="ellipsis"))

    def forget_saved(self) -> None:
        """Clear a finished "saved" (another article is shown); "saving…" and "will retry"
        stay, since they say a note is not written yet, whichever article is shown."""
        if self._saved_shown:
            self.set_save_status("", "")

    @property
    def has_unsaved(self) -> bool:
        return self._pending is not None

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape":
            event.stop()
            self.flush()
            self.post_message(self.Left())

    def action_next_field(self, step: int) -> None:
        note = self.query_one("#annotation-note", TextArea)
        tags = self.query_one("#annotation-tags", Input)
        if note.disabled:
            return  # no highlight chosen: nothing to type into
        if self.screen.focused is note:
            tags.focus()
        elif self.screen.focused is tags:
            note.focus()
        else:
            (note if step > 0 else tags).focus()

    def action_delete(self) -> None:
        if self.current is not None:
            self.post_message(self.DeleteRequested(self.current))

    def action_cycle_color(self) -> None:
        if self.current is None:
            return
        index = COLORS.index(self.current.color) if self.current.color in COLORS else 0
        self.post_message(self.ColorChosen(self.current.id, COLORS[(index + 1) % len(COLORS)]))
