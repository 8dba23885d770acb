"""An option list where a click picks a row and a second click on it opens it.

In lists whose rows drive something beside them (the story screen's figures table drives its
chart), a click that opened the row at once would skip what the keyboard shows: the cursor
moving there and the chart following. Here a click highlights the row (OptionHighlighted, as
``j``/``k`` do); a second click on the highlighted row, or a double click, or ``enter``,
selects it (OptionSelected), like ``enter`` on the keyboard.
"""

from __future__ import annotations

from textual import events
from textual.widgets import OptionList


class PickList(OptionList):
    """An OptionList whose first click on a row highlights it and whose second opens it."""

    _clicked: int | None = None  # the row the last click landed on

    async def _on_click(self, event: events.Click) -> None:
        event.prevent_default()  # not OptionList's click, which selects at once
        clicked = event.style.meta.get("option")
        if not isinstance(clicked, int) or self.get_option_at_index(clicked).disabled:
            return
        if clicked == self.highlighted and self._clicked == clicked:
            self._clicked = None
            self.action_select()
            return
        self._clicked = clicked
        self.highlighted = clicked
