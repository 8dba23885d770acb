"""How the reader's background child processes step aside for its interface: a session of
their own, at a lower priority (nice).

Why a session of their own: on Linux with autogroups (the default on desktop kernels), the
CPU is shared first between sessions (a terminal and what it started is one), and nice only
orders processes inside one session. A child at a lower priority in the reader's session
still spends that session's share, so on a busy machine a keypress that wakes the reader
waits while its session has used up its turn behind other sessions' work. In a session of
its own (``setsid``), the child's CPU is charged to its own group, and the reader, asleep
between keys, is owed its turn when a key wakes it. The new group keeps the ordinary share (at
the least share, a pass starved behind other terminals' work: 56 of 111 pages in 200 s on a
loaded machine). Where any of this is not available, the child runs as it is.
"""

from __future__ import annotations

import contextlib
import os


def step_aside(niceness: int) -> None:
    """Move this process into a session (so, on Linux, a scheduling group) of its own and
    lower its priority by ``niceness``. Call it first thing in a child process."""
    with contextlib.suppress(OSError, AttributeError):
        os.setsid()
    with contextlib.suppress(OSError, AttributeError):
        os.nice(niceness)
