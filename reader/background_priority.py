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

Why, while the user is at the keys, a lower weight for that group too (``GroupAside``, the
page pass's child): a waking key preempts an idle-policy task at once, but then the scheduler
chooses between the two sessions' groups, each at the ordinary weight, by their deadlines
(EEVDF, Linux 6.6 on): the child's group, its slice under way, often comes first, and the key
waits up to that slice (3-4 ms here). With the group at autogroup nice 7 (a fifth of the
ordinary weight) the reader's group comes first. Measured (tests/perf/bench_wake_groups.py,
load ~7.5 of others' work on two cores): the p95 lateness of a process waking beside two busy
idle-policy processes in a session of their own, 2.0-3.8 ms at group nice 0, 0.6-3.6 at 5,
0.15-0.18 at 7, 0.15 with nothing busy. Only while the user is at work (a key or a click in the
last ``QUIET_SECONDS``, told through a pipe, ``tell_at_work``), because of what it costs:
against other sessions' busy work the group gets a fifth of the share (0.5 of a core at nice
0, 0.15-0.2 at 7 on this loaded machine), and a pass at nice 7 throughout took 35 s instead of
10. With no key pressed the pass keeps the whole ordinary share.

Where any of this is not available (no ``setsid``, no ``sched_setscheduler`` as on macOS, no
autogroups, or a sandbox that forbids it), the child runs with what it got: nice 19 at least.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import BaseContext

LEAST_NICENESS = 19  # the fallback's priority, and the niceness beside the idle policy
AT_WORK_GROUP_NICENESS = 7  # the group's nice value while the user is at work (a fifth)
QUIET_SECONDS = 2.0  # with no key or click for this long the group is ordinary again
TELL_EVERY_SECONDS = 0.25  # the reader tells a child at most this often (a burst of keys)
GIVE_UP_AFTER = 20  # changes refused in a row (two seconds of checks): no group to change
# Where Linux keeps a session's scheduling group (its autogroup) and takes its nice value.
AUTOGROUP = "/proc/self/autogroup"


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


def set_group_niceness(niceness: int) -> int | None:
    """Set this session's scheduling group (its autogroup) to ``niceness``; returns the
    group's nice value as Linux then reads it, None where there is none or it was refused
    (raising it, and lowering it back to 0, need no privilege; Linux takes one change in
    0.1 s on the whole machine and refuses the others: the caller tries again later)."""
    try:
        descriptor = os.open(AUTOGROUP, os.O_WRONLY)
        try:
            os.write(descriptor, str(niceness).encode())
        finally:
            os.close(descriptor)
    except OSError:
        return None
    return group_niceness()


def group_niceness(pid: int | str = "self") -> int | None:
    """The nice value of a process's scheduling group (``/autogroup-12 nice 7``), None where
    it has none to read."""
    try:
        words = Path(f"/proc/{pid}/autogroup").read_text().split()
        return int(words[words.index("nice") + 1])
    except (OSError, ValueError, IndexError):
        return None


# The reader's side: the pipes of the children under way that step further aside while the
# user is at work, and when they were last told.
_listening: list[Connection] = []
_listening_lock = threading.Lock()
_told_at = 0.0


def tell_at_work() -> None:
    """The user pressed a key or clicked: tell every child listening (``listening_child``),
    at most every TELL_EVERY_SECONDS. Costs a pipe write; a child gone is passed over."""
    global _told_at
    now = time.monotonic()
    if now - _told_at < TELL_EVERY_SECONDS:
        return
    _told_at = now
    with _listening_lock:
        listening = list(_listening)
    for sending in listening:
        with contextlib.suppress(OSError, ValueError):  # ended, or its pipe closed meanwhile
            sending.send_bytes(b"k")


@contextmanager
def listening_child(context: BaseContext) -> Iterator[Connection]:
    """A pipe for a child that steps further aside while the user is at work: yields the end
    to hand it (``GroupAside``); this side is told by ``tell_at_work`` until the block ends."""
    receiving, sending = context.Pipe(duplex=False)
    with _listening_lock:
        _listening.append(sending)
    try:
        yield receiving
    finally:
        with _listening_lock:
            _listening.remove(sending)
        sending.close()
        receiving.close()


class GroupAside:
    """The child's side: its session's group at AT_WORK_GROUP_NICENESS while the user is at
    work (told through ``told`` in the last QUIET_SECONDS), ordinary otherwise. ``check`` is
    asked often (ten times a second) from the child's one thread; nothing here fails it."""

    def __init__(self, told: Connection | None) -> None:
        self.told = told
        self.last_told = 0.0
        self.lowered = False
        self.refused = 0  # changes refused in a row: with no group to change, it stops asking

    def check(self) -> None:
        if self.told is None:
            return
        try:
            while self.told.poll(0):
                self.told.recv_bytes()
                self.last_told = time.monotonic()
        except (OSError, EOFError):
            self.told = None  # the reader is gone: its stop ends this child
            return
        quiet = time.monotonic() - self.last_told > QUIET_SECONDS
        if self.lowered == quiet:  # lowered and quiet, or at work and not lowered yet
            wanted = 0 if quiet else AT_WORK_GROUP_NICENESS
            if set_group_niceness(wanted) == wanted:
                self.lowered, self.refused = not quiet, 0
            else:  # the rate limit (asked again at the next check), or no group to change
                self.refused += 1
                if self.refused >= GIVE_UP_AFTER and not self.lowered:
                    self.told = None


def _niceness() -> int | None:
    try:
        return os.getpriority(os.PRIO_PROCESS, 0)
    except (OSError, AttributeError):
        return None
