"""A background child steps aside: a session (so, on Linux, a scheduling group) of its own, at
the idle scheduling policy and the least priority, so that the reader's keys do not wait while
the child spends its turn; where the idle policy is not available, the least priority alone.
Real processes, read from outside (their session, policy and niceness) as well as inside."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import json, os, sys, time
from pathlib import Path
if "--no-policies" in sys.argv:  # as on macOS: no sched_setscheduler in os
    del os.sched_setscheduler
from reader.background_priority import step_aside
before = {"session": os.getsid(0), "nice": os.getpriority(os.PRIO_PROCESS, 0)}
aside = step_aside(19)
group = Path("/proc/self/autogroup")
words = group.read_text().split() if group.exists() else []
print(json.dumps({
    "before": before,
    "session": os.getsid(0),
    "aside": [aside.own_session, aside.idle_policy, aside.niceness],
    "group": words[0] if words else "no autogroups",
}), flush=True)
sys.stdin.readline()  # read from outside meanwhile
"""


def stepped_aside(*args: str) -> tuple[dict[str, object], int, int, int]:
    """Run CHILD; returns what it printed, then its session, policy and niceness as this
    process sees them from outside."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, *args],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdin is not None
        told = json.loads(child.stdout.readline())
        seen = (
            os.getsid(child.pid),
            os.sched_getscheduler(child.pid),
            os.getpriority(os.PRIO_PROCESS, child.pid),
        )
        child.stdin.write("\n")
        child.stdin.flush()
    finally:
        assert child.wait(30) == 0
    return told, *seen


needs_policies = pytest.mark.skipif(
    not hasattr(os, "sched_getscheduler"), reason="no scheduling policies here"
)


@needs_policies
def test_a_child_that_steps_aside_has_a_session_of_its_own_at_the_idle_policy() -> None:
    told, session, policy, nice = stepped_aside()
    before = told["before"]
    assert isinstance(before, dict)
    assert before["session"] == os.getsid(0) and session != before["session"]
    assert told["session"] == session
    assert policy == os.SCHED_IDLE  # read from outside: the scheduler runs it as idle work
    assert nice == 19 and before["nice"] < 19
    assert told["aside"] == [True, True, 19]
    ours = Path("/proc/self/autogroup")
    # Linux with autogroups: the child's CPU is charged to a group of its own. Some kernels
    # (the CI machine's) have the file but leave it empty: no autogroups to compare there.
    our_words = ours.read_text().split() if ours.exists() else []
    if our_words and told["group"] != "no autogroups":
        assert told["group"] != our_words[0]


@needs_policies
def test_without_the_idle_policy_a_child_still_steps_aside_at_the_least_priority() -> None:
    told, session, policy, nice = stepped_aside("--no-policies")
    assert told["aside"] == [True, False, 19]
    assert session != os.getsid(0)
    assert policy == os.sched_getscheduler(0)  # as it was: ordinary
    assert nice == 19
