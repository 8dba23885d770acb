"""Outlet names made short enough for a legend or a column, the way a reader would shorten them.

Feed titles are often a name and a tagline ("Taverncast - Happy Hour in Your Head - Since
2005", "Giant Bomb | Podcasts") or open with an article ("The Meridian Courier"). Where a
name must fit a few columns (the story chart's legend, the story screen's feed column), the
tagline goes first, then a leading "The", and only then is the name cut, with an ellipsis so
a cut never reads as the whole name. Feed titles are untrusted: they pass through
``clean_line`` here.
"""

from __future__ import annotations

import re

from rich.cells import cell_len, set_cell_size

from reader.text.clean import clean_line

# A tagline after the name: " - ", " – ", " — ", " | ", " · ", ": " (spaces around dashes, so
# "Rhein-Zeitung" keeps its hyphen).
_TAGLINE = re.compile(r"\s+[-–—|·]\s+|:\s+")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+(?=\S)", re.IGNORECASE)


def short_outlet(name: str, width: int) -> str:
    """``name`` in at most ``width`` columns: the name without its tagline, then without a
    leading article, then cut with "…"."""
    # Columns, not characters: a wide (CJK) name takes two cells a character.
    whole = clean_line(name).strip()
    if cell_len(whole) <= width:
        return whole
    shorter = _TAGLINE.split(whole, maxsplit=1)[0].strip() or whole
    if cell_len(shorter) > width:
        shorter = _ARTICLE.sub("", shorter)
    if cell_len(shorter) <= width:
        return shorter
    return set_cell_size(shorter, max(width - 1, 0)).rstrip() + "…"
