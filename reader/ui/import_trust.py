"""The reader's "import it as trusted?" question, the reader's side of `import --trusted`.

An OPML not marked trusted may name only web feeds at public addresses and files in its own
folder; what else it names is refused at import (an OPML's own marks can be forged, so the
file alone is never trusted). The reader then asks once, after the import, naming what the
file wants to reach, and imports it again as trusted on a yes; on a no (or escape) nothing of
that is imported and the import's line says what was refused, in the words the command uses
(ImportSummary.refusal). Everything named comes from
the file: it is cleaned to one plain line before it is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reader.library import TRUST_NAMED, ImportSummary
from reader.text.clean import clean_line

NAMED = TRUST_NAMED  # addresses or files named in the question; the rest are counted
TRUST, KEEP_OUT = "trust", "keep-out"
# No is first: an enter pressed by habit trusts nothing.
CHOICES = [(KEEP_OUT, "n  No, leave them out"), (TRUST, "y  Yes, import it as trusted")]
KEYS = {"y": TRUST, "n": KEEP_OUT}


def _named(items: Sequence[str]) -> str:
    shown = [clean_line(item, 60) for item in items[:NAMED]]
    more = len(items) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more else "")


def needs_trust(summary: ImportSummary) -> bool:
    """Whether the import refused something only because its OPML is not trusted."""
    return bool(summary.needing_trust("address") or summary.needing_trust("file"))


def question(summary: ImportSummary, sources: Sequence[Path]) -> str:
    """The question, naming what the file would reach once trusted."""
    parts = []
    addresses = summary.needing_trust("address")
    if addresses:
        parts.append(f"addresses on this machine or your own network ({_named(addresses)})")
    files = summary.needing_trust("file")
    if files:
        parts.append(f"files outside its folder ({_named(files)})")
    what = (
        f"This file ({clean_line(sources[0].name, 60)})"
        if len(sources) == 1 and not sources[0].is_dir()
        else "This import"
    )
    return (
        f"{what} names {' and '.join(parts)}. Import it as trusted? Only for a list you "
        "trust, such as your own export: its feeds may then reach them."
    )
