"""The reader's analysis child stays out of the keys' way: it runs in a session of its own at
the idle scheduling policy (every thread of it), and after an extractor upgrade it is the child, not the reader, that queues the whole library to
read again; the reader only probes the extractor index. On real library files and a real child
process."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from reader.library import Library
from reader.store.analysis_queue import AnalysisProgress
from tests.conftest import SAMPLES


@pytest.fixture
def upgraded(tmp_path: Path) -> Library:
    """The sample feeds analysed, then an extractor upgrade: every article read by an older
    one, none of them queued yet."""
    library = Library(tmp_path / "upgraded.sqlite")
    library.import_paths([SAMPLES], processes=1)
    assert library.wait_for_analysis(processes=0).complete
    with library.store.write() as conn:
        conn.execute("UPDATE articles SET extractor_version = 0")
    return library


def test_the_reader_sees_an_upgrade_waiting_before_anything_is_queued(upgraded: Library) -> None:
    assert upgraded.store.query_one("SELECT COUNT(*) FROM analysis_queue")[0] == 0  # type: ignore[index]
    assert upgraded.has_unanalysed()
    state = upgraded.analysis_progress()
    assert not state.complete and state.pending == 25  # screens say they are catching up
    upgraded.close()


def scheduling(pid: int) -> tuple[int, set[int], set[int]]:
    """A process's session, and the policies and nicenesses of its threads, read from outside."""
    tasks = [int(task) for task in os.listdir(f"/proc/{pid}/task")]
    policies = {os.sched_getscheduler(task) for task in tasks}
    nicenesses = {os.getpriority(os.PRIO_PROCESS, task) for task in tasks}
    return os.getsid(pid), policies, nicenesses


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads threads from /proc")
def test_the_child_queues_the_upgrade_and_runs_as_idle_work_in_a_session_of_its_own(
    upgraded: Library,
) -> None:
    seen: list[AnalysisProgress] = []
    observed: list[tuple[int, tuple[int, set[int], set[int]]]] = []  # (pid, scheduling)

    def progress(state: AnalysisProgress) -> None:
        seen.append(state)
        for child in list(upgraded._children):  # alive: it is sending this
            assert child.pid is not None
            observed.append((child.pid, scheduling(child.pid)))

    failed: list[BaseException] = []

    def run() -> None:
        try:
            upgraded.wait_for_analysis(progress, background=True)
        except BaseException as error:
            failed.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(120)
    assert not thread.is_alive() and not failed
    assert seen and seen[-1].complete and seen[-1].total == 25  # queued there, all read
    assert upgraded.stale_extraction_count() == 0 and not upgraded.has_unanalysed()
    assert observed
    for pid, (session, policies, nicenesses) in observed:
        assert pid != os.getpid()
        assert session == pid != os.getsid(0)  # it leads a session of its own
        assert policies == {os.SCHED_IDLE}  # every thread: the analysis's and the watch's
        assert nicenesses == {19}
    # Read again: nothing is left, so the reader's next checks start no process.
    assert upgraded.wait_for_analysis(background=True).complete
    assert not upgraded._children
    upgraded.close()
