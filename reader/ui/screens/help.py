"""The help screen: every binding of the screen underneath, with its keys, id and description.

Keys shown are the ones in force (after the user's ``[keymap]``), and the id is what the config
file uses to remap a binding.
"""

from __future__ import annotations

import re

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

_KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "left_parenthesis": "(",
    "right_parenthesis": ")",
    "left_curly_bracket": "{",
    "right_curly_bracket": "}",
    "full_stop": ".",
    "comma": ",",
    "space": "space",
    "plus": "+",
}


def _key_label(key: str) -> str:
    return _KEY_NAMES.get(key, key)


# What a user calls the parts of the reader whose class names say otherwise (the others,
# "ArticleList" or "FiguresScreen", read well once split into words).
_SECTION_NAMES = {
    "FeedlensApp": "Everywhere",
    "Sidebar": "Feeds and views",
    "ArticleView": "Reading pane",
    "CompareScreen": "Side by side",
    "AnnotationsScreen": "Highlights and notes",
    "ArticleFiguresScreen": "An article's figures",
}


def section_name(class_name: str) -> str:
    """A part of the reader as users call it: "ArticleList" is "Article list"."""
    if class_name in _SECTION_NAMES:
        return _SECTION_NAMES[class_name]
    words = re.findall(r"[A-Z][a-z0-9]*|[a-z0-9]+", class_name.removesuffix("Screen"))
    return " ".join(words).capitalize() or class_name


# Keys a widget reads itself rather than through a binding, listed with its section.
_UNBOUND_KEYS = {
    "ArticleView": [("1-9…, enter", "Open the article's link [n] (3 then enter: [3])", "")],
    # The lists of these screens take enter (and a click) themselves: without these rows `?`
    # never said what enter does in them, the one key a newcomer needs there.
    "StoriesScreen": [
        ("enter, click", "Open the story", ""),
        # What the marks before a story mean (reader.ui.screens.stories).
        ("≠ (mark)", "Its outlets report differing figures", ""),
        ("↑ (mark)", "Its figures that differ were all updated as reports came in", ""),
        ("≢ (mark)", "Its developing story's background figures differ", ""),
        ("· (mark)", "Its figures are still being compared", ""),
    ],
    "StoryScreen": [
        ("click a tab", "Articles or Figures: the tab marked ▸ has the keys (tab switches)", ""),
        ("enter, click", "On a figure: compare its reports side by side", ""),
        ("", "On an article: read it in the main list (Z comes back)", ""),
    ],
    "FiguresScreen": [("enter, click", "Compare the figure's reports side by side", "")],
}

TEXTUAL_SECTION = "Also (Textual's own keys, in lists and text fields)"


def binding_rows(screen: Screen[object]) -> list[tuple[str, str, str, str]]:
    """(section, keys, description, id) for the bindings of the screen, its widgets and the
    app: feedlens's own first (those with an id), grouped by the part of the screen they act
    in, the app's ("Everywhere") after the screen's; Textual's own last, in one section."""
    keymap: dict[str, str] = dict(getattr(screen.app, "_keymap", {}) or {})
    nodes: list[DOMNode] = [screen, *screen.query("*"), screen.app]
    seen: dict[str, tuple[str, list[str], str]] = {}
    order: list[str] = []
    extra: dict[str, list[tuple[str, str, str]]] = {}
    for node in nodes:
        name = type(node).__name__
        section = section_name(name)
        if name in _UNBOUND_KEYS:
            extra.setdefault(section, _UNBOUND_KEYS[name])
        for key, bindings in node._bindings.key_to_bindings.items():
            for binding in bindings:
                if not binding.description:
                    continue  # Textual's own, such as ctrl+c telling how to quit
                # Textual's own bindings have no id: the keymap cannot reach them.
                ident = binding.id or f"({name}.{binding.action})"
                if ident not in seen:
                    seen[ident] = (
                        section if binding.id else TEXTUAL_SECTION,
                        [],
                        binding.description,
                    )
                    order.append(ident)
                label = _key_label(key)
                if label not in seen[ident][1]:
                    seen[ident][1].append(label)
    ours: dict[str, list[tuple[str, str, str, str]]] = {}
    theirs: list[tuple[str, str, str, str]] = []
    for ident in order:
        section, keys, description = seen[ident]
        if ident in keymap:
            keys = [_key_label(k) for k in keymap[ident].split(",")]
        row = (section, ", ".join(keys), description, ident)
        if section == TEXTUAL_SECTION:
            theirs.append(row)
        else:
            ours.setdefault(section, []).append(row)
    for section, rows in extra.items():
        ours.setdefault(section, []).extend((section, *row) for row in rows)
    return [row for rows in ours.values() for row in rows] + theirs


DESCRIPTION_COLUMN_MOST = 30  # longer descriptions push their own id right, not every id
KEYS_COLUMN_MOST = 24  # wider key lists (Textual's own "ctrl+u, super+backspace") wrap instead


KEYS_COLUMN_LEAST = 8  # "ctrl+d" and "home, g" still fit beside their description
# The help box (styles/app.tcss #help-body): 100 columns at most, 95% of a narrower terminal,
# less its border, padding and scroll bar.
HELP_BOX_MOST = 100
HELP_BOX_CHROME = 8


def keys_column_width(rows: list[tuple[str, str, str, str]], most: int = KEYS_COLUMN_MOST) -> int:
    """The keys column: as wide as the longest keys that fit the cap, and a space after them,
    so keys never run into their description."""
    fitting = [len(row[1]) for row in rows if len(row[1]) < most]
    return max(fitting, default=0) + 2


def help_room(terminal_width: int) -> int:
    """The columns a help line has in a terminal this wide."""
    return min(HELP_BOX_MOST, terminal_width * 95 // 100) - HELP_BOX_CHROME


def column_widths(rows: list[tuple[str, str, str, str]], room: int) -> tuple[int, int]:
    """The keys and description columns' widths. Where keys, description and id do not fit
    on one line (80 columns), the keys column narrows first (longer key lists go on a line
    of their own): at 80 columns every id went under its keys, a screen of two-line rows."""
    longest = max((len(row[2]) for row in rows), default=0) + 2
    description_width = min(longest, DESCRIPTION_COLUMN_MOST)
    key_width = keys_column_width(rows)
    ident_width = max((len(row[3]) for row in rows if not row[3].startswith("(")), default=0)
    most = KEYS_COLUMN_MOST
    while 2 + key_width + description_width + ident_width > room and most > KEYS_COLUMN_LEAST:
        most -= 1
        key_width = keys_column_width(rows, most)
    return key_width, description_width


class HelpScreen(ModalScreen[None]):
    """A scrollable list of bindings; any of escape, q or ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close"),
        Binding("down,j", "scroll('down')", "Scroll down", id="help.down", show=False),
        Binding("up,k", "scroll('up')", "Scroll up", id="help.up", show=False),
    ]

    def __init__(self, rows: list[tuple[str, str, str, str]], title: str) -> None:
        super().__init__()
        self.rows = rows
        self.title_text = title

    def compose(self) -> ComposeResult:
        text = Text(end="")
        text.append(f"Keys: {self.title_text}\n", style=Style(bold=True))
        text.append(
            "Remap any of these in the config file's [keymap] section by id.\n\n",
            style=Style(dim=True),
        )
        section = ""
        # Descriptions as wide as most need, not the longest: one long description would push
        # every id past the edge of an 80- or 120-column screen, onto a line of its own.
        key_width, description_width = column_widths(self.rows, help_room(self.app.size.width))
        for row_section, keys, description, ident in self.rows:
            if row_section != section:
                section = row_section
                text.append(f"\n{section}\n", style=Style(bold=True, underline=True))
            text.append(f"  {keys:<{key_width}}", style=Style(bold=True))
            if len(keys) >= key_width:  # a rare long list of keys: the words start below it
                text.append(f"\n  {'':<{key_width}}")
            shown_description = (
                f"{description:<{description_width}}"
                if len(description) + 2 <= description_width
                else f"{description}  "
            )
            text.append(shown_description)
            shown = "" if ident.startswith("(") else ident  # no id: not remappable
            text.append(f"{shown}\n", style=Style(dim=True))
        with VerticalScroll(id="help-body"):
            yield Static(text, markup=False)

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        # Not animated: ten quick presses of j each started an animation from where the last
        # one had got to, and the help moved one line.
        if direction == "down":
            body.scroll_down(animate=False)
        else:
            body.scroll_up(animate=False)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
