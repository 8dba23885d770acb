"""The reader's word while a write waits for another program's lock on the library.

The store tells its listeners from the waiting worker thread (reader.store.lock_wait); this
module turns that into a Textual message posted to a screen (posting is thread-safe and never
blocks the worker, even while the reader quits), so the screen can say
"waiting for the library (locked by another program)…" in its status bar ("busy with background
work" while its own analysis runs apart: reader.store.lock_wait) and drop it when the write goes
through or gives up with its one-line error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.message import Message
from textual.message_pump import MessagePump

from reader.library import Library
from reader.store.lock_wait import WAITING_MESSAGE, waiting_message

__all__ = ["WAITING_MESSAGE", "LockWaitChanged", "tell_lock_waits"]


@dataclass
class LockWaitChanged(Message):
    """A write started (True) or stopped (False) waiting for another program's lock."""

    waiting: bool
    message: str = WAITING_MESSAGE  # what to say while it waits (who may hold the lock)


def tell_lock_waits(library: Library, target: MessagePump) -> Callable[[], None]:
    """Post LockWaitChanged to ``target`` on every wait; returns how to stop."""

    def post(waiting: bool) -> None:
        target.post_message(LockWaitChanged(waiting, waiting_message()))

    return library.lock_waits.listen(post)
