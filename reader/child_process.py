"""Starting and following the reader's child processes for its refreshes and page passes: a
process from the reader's start method (``pipeline.process_context``) that sends its messages
through a pipe, followed here until it ends. The pipe's sending end is closed here once the
child holds it (so a child that dies shows as the end of the pipe), and the child is joined
and the pipe closed however the following ends (its summary, a failure, a stop)."""

from __future__ import annotations

from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

Result = TypeVar("Result")


def run_child(
    target: Callable[..., None],
    args: tuple[Any, ...],
    name: str,
    follow: Callable[[Any, Connection], Result],
    daemon: bool | None = None,
) -> Result:
    """Run ``target(*args, sending)`` in a child process named ``name`` and return what
    ``follow(child, receiving)`` returns (it reads the child's messages until the end).
    ``daemon``: the child never outlives this process (None: as multiprocessing decides)."""
    from reader.pipeline import process_context

    context = process_context()
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(  # type: ignore[attr-defined]
        target=target, args=(*args, sending), name=name, daemon=daemon
    )
    child.start()
    sending.close()
    try:
        return follow(child, receiving)
    finally:
        child.join()
        receiving.close()
