"""Opening links from articles: which links may be handed to another program, and how.

Only http(s) and plain ``mailto:`` links are opened: a mail link's parameters (``attach=``,
``body=`` with a path, anything else a mail client acts on) are dropped, so a feed cannot
make the user's mail client attach a local file. The browser is the one Python's
``webbrowser`` would pick; ``browser_for`` says whether it draws on the reader's own terminal
(lynx, w3m, links, or a $BROWSER command with no display), in which case the reader must
step aside while it runs, instead of both drawing on one screen.
"""

from __future__ import annotations

import re
import webbrowser
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from reader.feeds.addresses import url_problem

_MAIL_ADDRESS = re.compile(r"^[^\s@,;<>()\[\]\\\"]+@[^\s@,;<>()\[\]\\\"]+$")


def openable_link(url: str) -> str | None:
    """The link to hand to a browser or mail client, or None when it must not be opened."""
    url = url.strip()
    scheme = url.split(":", 1)[0].lower()
    if scheme in ("http", "https"):
        return url if url_problem(url) is None else None
    if scheme == "mailto":
        return _plain_mailto(url)
    return None


def _plain_mailto(url: str) -> str | None:
    """``mailto:`` with its addresses only (every parameter dropped), or None."""
    parts = urlsplit(url)
    addresses = [unquote(a).strip() for a in parts.path.split(",") if a.strip()]
    if not addresses or not all(_MAIL_ADDRESS.match(a) for a in addresses):
        return None
    if any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in "".join(addresses)):
        return None
    return "mailto:" + ",".join(addresses)


@dataclass(frozen=True)
class Browser:
    """The browser Python would start, and whether it runs on the reader's terminal."""

    controller: webbrowser.BaseBrowser
    on_terminal: bool

    def open(self, url: str) -> bool:
        return bool(self.controller.open(url, new=2))


def browser_for() -> Browser | None:
    """The browser to open links with, or None when this system has none."""
    try:
        controller = webbrowser.get()
    except webbrowser.Error:
        return None
    # GenericBrowser waits for its command in the foreground: a console browser (or a $BROWSER
    # command) that draws on this terminal. BackgroundBrowser (a GUI browser) and the
    # platform openers detach from it.
    on_terminal = type(controller) is webbrowser.GenericBrowser
    return Browser(controller, on_terminal)
