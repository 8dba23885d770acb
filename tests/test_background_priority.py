"""A background child steps aside: a session (so, on Linux, a scheduling group) of its own, at
a lower priority, so that the reader's keys do not wait while the child spends its turn."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import os
from pathlib import Path
from reader.background_priority import step_aside
before = (os.getsid(0), os.getpriority(os.PRIO_PROCESS, 0))
step_aside(19)
group = Path("/proc/self/autogroup")
print(before[0], before[1], os.getsid(0), os.getpriority(os.PRIO_PROCESS, 0))
words = group.read_text().split() if group.exists() else []
print(words[0] if words else "no autogroups")
"""


def test_a_child_that_steps_aside_has_a_session_and_a_lower_priority_of_its_own() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=ROOT, capture_output=True, text=True, check=True
    )
    numbers, group = done.stdout.splitlines()
    session_before, nice_before, session_after, nice_after = map(int, numbers.split())
    assert session_before == os.getsid(0) and session_after != session_before
    assert nice_after == 19 and nice_before < 19
    ours = Path("/proc/self/autogroup")
    # Linux with autogroups: the child's CPU is charged to a group of its own. Some kernels
    # (the CI machine's) have the file but leave it empty: no autogroups to compare there.
    our_words = ours.read_text().split() if ours.exists() else []
    if our_words and group != "no autogroups":
        assert group != our_words[0]
