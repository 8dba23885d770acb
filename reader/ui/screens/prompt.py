"""Small modal questions: one line of text ("feed: import file"), or one choice of several
(which feed of a page to subscribe to). Escape answers None. A question whose answer is a
file path completes it with Tab as a shell does (reader.ui.path_completion), off the event
loop, listing the choices under the field when there are several. A question with a check
(the URL a feed is added from) keeps its box open with the check's error under the field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from reader.text.clean import clean_line
from reader.ui.path_completion import Completion, PathSuggester, complete


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line of text."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel"),
        Binding("tab", "complete_path", "Complete path", id="prompt.complete", show=False),
    ]

    def __init__(
        self,
        question: str,
        placeholder: str = "",
        value: str = "",
        allow_empty: bool = False,
        paths: bool = False,
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.question = question
        self.placeholder = placeholder
        self.value = value
        self.allow_empty = allow_empty  # then an empty answer is "", and only escape is None
        self.paths = paths  # the answer is a file path: Tab completes it
        # Run in a thread on enter: a line (why the answer will not do) keeps the box open,
        # the text kept for a fix; None answers with it.
        self.check = check
        self._checking = False

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Label(self.question, markup=False)
            yield Input(
                value=self.value,
                placeholder=self.placeholder,
                id="prompt-input",
                suggester=PathSuggester() if self.paths else None,
            )
            if self.check is not None:
                yield Static("", id="prompt-error", markup=False)
            if self.paths:
                yield Static(
                    Text("tab completes the path", style=Style(dim=True)),
                    id="prompt-choices",
                    markup=False,
                )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Tab completes only where the answer is a path; elsewhere it moves focus as ever.
        return self.paths if action == "complete_path" else True

    def action_complete_path(self) -> None:
        self.completing(self.query_one("#prompt-input", Input).value)

    @work(thread=True, exclusive=True, group="complete-path", exit_on_error=False)
    def completing(self, value: str) -> None:
        """Read the directory in a thread: a slow disk never holds the prompt."""
        completion = complete(value)
        self.app.call_from_thread(self._completed, value, completion)

    def _completed(self, asked: str, completion: Completion) -> None:
        field = self.query_one("#prompt-input", Input)
        if not self.is_attached or field.value != asked:
            return  # typed on meanwhile: this completion is of an older text
        field.value = completion.value
        field.cursor_position = len(completion.value)
        choices = self.query_one("#prompt-choices", Static)
        if completion.choices:
            # File names are text from the disk: one line each, no control sequences.
            listed = "  ".join(clean_line(choice) for choice in completion.choices)
            more = f"  … and {completion.more} more" if completion.more else ""
            choices.update(Text(listed + more, style=Style(dim=True)))
        elif completion.value == asked:
            choices.update(Text("no file or folder there matches", style=Style(dim=True)))
        else:
            choices.update(Text("tab completes the path", style=Style(dim=True)))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if self.check is None or not value:
            self.dismiss(value if value or self.allow_empty else None)
        elif not self._checking:
            self._checking = True
            self._say(Text("checking…", style=Style(dim=True)))
            self.checking(value)

    @work(thread=True, exclusive=True, group="prompt-check", exit_on_error=False)
    def checking(self, value: str) -> None:
        assert self.check is not None
        try:
            problem = self.check(value)
        finally:
            self.app.call_from_thread(self._done_checking)
        self.app.call_from_thread(self._checked, value, problem)

    def _done_checking(self) -> None:
        self._checking = False

    def _checked(self, value: str, problem: str | None) -> None:
        if not self.is_attached:
            return
        if problem is None:
            self.dismiss(value)
            return
        # The error's words may come from a server: one clean line.
        self._say(Text(clean_line(problem), style=Style(color="red")))
        self.query_one("#prompt-input", Input).focus()

    def _say(self, line: Text) -> None:
        self.query_one("#prompt-error", Static).update(line)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceScreen(ModalScreen[str | None]):
    """Pick one of several options (by id), with the arrows and enter or a click; escape
    picks none. ``keys`` are letters that pick an option at once (y and n for a yes-or-no
    question): each option's label says its letter."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="choice.cancel")]

    def __init__(
        self,
        question: str,
        choices: list[tuple[str, str]],
        keys: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.question = question
        self.choices = choices
        self.keys = dict(keys or {})

    def on_key(self, event: events.Key) -> None:
        chosen = self.keys.get(event.key)
        if chosen is not None:
            event.stop()
            self.dismiss(chosen)

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Label(self.question, markup=False)
            yield OptionList(*[Option(Text(label), id=value) for value, label in self.choices])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
