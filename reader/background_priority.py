"""How the reader's background child processes (its analysis, refreshes and page passes) step
aside for its interface: a session of their own, run at the idle scheduling policy (or, where
that is not available, at the least priority).

Why a session of their own: on Linux with autogroups (the default on desktop kernels), the
CPU is shared first between sessions (a terminal and what it started is one), and nice only
orders processes inside one session. A child at a lower priority in the reader's session
still spends that session's share, so on a busy machine a keypress that wakes the reader
waits while its session has used up its turn behind other sessions' work. In a session of
its own (``setsid``), the child's CPU is charged to its own group, and the reader, asleep
between keys, is owed its turn when a key wakes it. The new group keeps the ordinary share (at
the least share, a pass starved behind other terminals' work: 56 of 111 pages in 200 s on a
loaded machine).

Why the idle policy (``SCHED_IDLE``) on top: a niced child still holds a core until the
scheduler's next decision when a key wakes the reader on it; a task at the idle policy is
preempted at once by any ordinary task that wakes (Linux's scheduler says so in as many
words), so the key's work starts without waiting for the child's slice to end. Alone in its
own session the idle child is not starved by other programs: their sessions and the child's
share the CPU as groups, and the policy only orders the tasks inside one group (in the
reader's session it would be: weight 3 against 1024, so the child would hold the library's
write lock while the reader waited). Processes the child starts inherit both.

Where any of this is not available (no ``setsid``, no ``sched_setscheduler`` as on macOS, or
a sandbox that forbids it), the child runs with what it got: nice 19 at least.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass

LEAST_NICENESS = 19  # the fallback's priority, and the niceness beside the idle policy


@dataclass(frozen=True)
class Aside:
    """How a process stepped aside: a session of its own, the idle policy, its niceness."""

    own_session: bool
    idle_policy: bool
    niceness: int | None  # None where the platform has no niceness to read


def step_aside(niceness: int = LEAST_NICENESS) -> Aside:
    """Move this process into a session (so, on Linux, a scheduling group) of its own, lower
    its priority by ``niceness`` and run it at the idle policy. Call it first thing in a child
    process, before it starts a thread (on Linux both settings belong to the calling thread,
    and only threads and processes started after it inherit them)."""
    own_session = _own_session()
    with contextlib.suppress(OSError, AttributeError):
        os.nice(niceness)
    return Aside(own_session, _idle_policy(), _niceness())


def _own_session() -> bool:
    try:
        os.setsid()
    except (OSError, AttributeError):
        return False
    return True


def _idle_policy() -> bool:
    """SCHED_IDLE for this thread, True if it took. Lowering a policy needs no privilege on
    Linux; ``os`` has no sched_setscheduler on macOS, and a sandbox may refuse it."""
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except (OSError, AttributeError):
        return False
    return True


def _niceness() -> int | None:
    try:
        return os.getpriority(os.PRIO_PROCESS, 0)
    except (OSError, AttributeError):
        return None
