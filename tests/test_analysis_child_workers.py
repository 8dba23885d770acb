"""The reader's analysis child may start worker processes of its own (it is not daemonic): a
drain large enough for the steps after it to use them (the features of more than 5,000
articles' stories, the figures tables of 400 stories or more) completes in the child; and the
child still never outlives the reader: a reader killed outright takes the child with it (and
the child's workers), with nothing lost. Real processes, real library files."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from reader.library import Library
from reader.stories.service import PARALLEL_FROM
from reader.stories.story_groups import PARALLEL_STORIES
from tests.perf.corpus import write_corpus

ROOT = Path(__file__).resolve().parents[1]


def gone(pid: int) -> bool:
    """Whether a process (not necessarily our child) has ended: absent, or a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat[stat.rindex(")") + 2] == "Z"


def descendants(pid: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat[stat.rindex(")") + 2 :].split()[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def test_a_large_drain_completes_in_the_child_with_its_workers(tmp_path: Path) -> None:
    articles = PARALLEL_FROM + 200  # features in worker processes; some 430 stories of 12
    assert articles // 12 >= PARALLEL_STORIES  # every story's table in worker processes
    # Two paragraphs an article, not six: the number of articles and stories is the point
    # here, and shorter ones halve the analysis.
    files = write_corpus(tmp_path / "corpus", articles, feeds=10, paragraphs=2)
    library = Library(tmp_path / "large.sqlite")
    library.import_paths(files)
    assert library.analysis_progress().pending == articles
    state = library.wait_for_analysis(background=True)  # in the child, as the reader does
    assert state.complete
    assert library.stories.pending() == 0
    assert library.stories.count() >= PARALLEL_STORIES
    assert library.figure_groups_current()
    assert not library._children
    library.close()


READER = textwrap.dedent(
    """
    import sys, threading, time
    from pathlib import Path
    from reader.library import Library

    if __name__ == "__main__":
        library = Library(Path(sys.argv[1]))
        threading.Thread(
            target=library.wait_for_analysis, kwargs={"background": True}, daemon=True
        ).start()
        while not library._children or library.analysis_progress().done < 250:
            time.sleep(0.02)
        (child,) = library._children
        print(child.pid, flush=True)
        time.sleep(600)
    """
)


def test_a_reader_killed_outright_takes_its_analysis_child_along(tmp_path: Path) -> None:
    files = write_corpus(tmp_path / "corpus", 1500, feeds=2, paragraphs=2)  # short: sooner done
    db = tmp_path / "killed-reader.sqlite"
    library = Library(db)
    library.import_paths(files)
    library.close()
    script = tmp_path / "reader_stand_in.py"
    script.write_text(READER)
    reader = subprocess.Popen(
        [sys.executable, str(script), str(db)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert reader.stdout is not None
        child = int(reader.stdout.readline())
        assert not gone(child)
        below = descendants(child)
        os.kill(reader.pid, signal.SIGKILL)
        reader.wait(10)
        deadline = time.monotonic() + 30
        while not gone(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert gone(child), "the analysis child outlived the reader"
        # Its own processes (a fork server, workers) end with it.
        while not all(map(gone, below)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert all(map(gone, below))
    finally:
        if reader.poll() is None:
            reader.kill()
            reader.wait()
    # Nothing half-written: the next reader's analysis ends it.
    later = Library(db)
    assert later.wait_for_analysis().complete
    assert later.stories.pending() == 0
    later.close()
