"""How the CLI says where the analysis queue stands after an import that did not wait: one
meaning for the count everywhere (the reader's status bar, ``import --wait``'s progress, this
line): articles of the whole library still queued for analysis, from any import or process.
An import beside an open reader sees its new articles analysed by the reader meanwhile; the
line says so, so "1,300 new" and "32 still to analyse" do not read as a contradiction."""

from __future__ import annotations

from reader.store.analysis_queue import AnalysisProgress
from reader.text.wording import counted


def queue_line(state: AnalysisProgress, new: int) -> str:
    """The line after an import of ``new`` articles, with ``state`` read after it."""
    waiting = f"{counted(state.pending, 'article')} in the library still to analyse"
    # The queue is the library's: fewer queued than came in means another process (the open
    # reader) analysed at least the difference of them already.
    done = (
        f"; at least {new - state.pending:,} of the {new:,} new ones are analysed already "
        "(by the open reader or another feedlens)"
        if state.pending < new
        else ""
    )
    # Nothing analyses them after this command returns unless a reader is open: a tester read
    # "the reader analyses them in the background" with none open and waited for it.
    return (
        f"{waiting} (their figures){done}: an open reader (`feedlens`) analyses them in the "
        "background; `feedlens figures`, `feedlens stories` and `import --wait` analyse them "
        "before they answer"
    )
