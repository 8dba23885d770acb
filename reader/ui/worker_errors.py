"""A background job's failure as one line for the user.

Textual's ``Worker.StateChanged`` does not bubble: a screen that starts workers must handle
their failures itself, or they vanish. Screens and the app turn a failed worker into this line.
"""

from __future__ import annotations

from textual.widget import Widget
from textual.worker import Worker, WorkerState

from reader.errors import FeedlensError
from reader.text.clean import clean_line


def failure_line(worker: Worker[object]) -> str:
    """What went wrong, in one line: the project's own message, or the job and the error."""
    error = worker.error
    if isinstance(error, FeedlensError):
        return clean_line(error.message, 300)
    job = worker.description or worker.name or "a background job"
    return clean_line(f"{job} failed: {type(error).__name__}: {error}", 300)


def report_failed_worker(node: Widget, event: Worker.StateChanged) -> str | None:
    """If the worker failed, notify its line from ``node`` and return it (else None). Each
    screen that starts workers calls this from its ``on_worker_state_changed``."""
    if event.state != WorkerState.ERROR:
        return None
    line = failure_line(event.worker)
    node.notify(line, severity="error", markup=False, timeout=8)
    return line
