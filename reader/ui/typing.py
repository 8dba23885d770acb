"""Whether the user is typing: keys that are commands elsewhere are letters in a text field.

Global keys (``q``, ``Q``) and screen keys consult this, so a note or a query never runs a
command by accident.
"""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import Input, TextArea


def is_typing(focused: Widget | None) -> bool:
    """True when the focused widget takes text (an input line or a text area)."""
    return isinstance(focused, (Input, TextArea)) and not getattr(focused, "read_only", False)
