"""The reader's figure-groups child (``Library.group_apart``) is not daemonic, so a whole pass
in it may build the stories' figures tables in worker processes (both cores); it still never
outlives the reader: a reader killed outright while the child regroups takes the child along
(and the child's workers). Real processes, a real library file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from reader.library import Library
from tests.perf.corpus import write_corpus
from tests.test_analysis_child_workers import descendants, gone

ROOT = Path(__file__).resolve().parents[1]

READER = textwrap.dedent(
    """
    import sys, threading, time
    from pathlib import Path
    from reader.library import Library

    if __name__ == "__main__":
        library = Library(Path(sys.argv[1]))
        library.group_apart(above_mentions=0)  # every library counts as large here
        threading.Thread(target=library.update_figure_groups, daemon=True).start()
        while not library._children:
            time.sleep(0.02)
        (child,) = library._children
        print(child.pid, flush=True)
        time.sleep(600)
    """
)


def test_a_reader_killed_outright_takes_its_figure_groups_child_along(tmp_path: Path) -> None:
    files = write_corpus(tmp_path / "corpus", 1500, feeds=2)
    db = tmp_path / "killed-reader.sqlite"
    library = Library(db)
    library.import_paths(files)
    library.reextract_figures()  # figures only: the regroup (and the stories) are the child's
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
        time.sleep(1)  # into its work
        below = descendants(child)
        os.kill(reader.pid, signal.SIGKILL)
        reader.wait(10)
        deadline = time.monotonic() + 30
        while not gone(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert gone(child), "the figure-groups child outlived the reader"
        while not all(map(gone, below)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert all(map(gone, below))
    finally:
        if reader.poll() is None:
            reader.kill()
            reader.wait()
    # Nothing half-written: the next regroup brings the groups up to date.
    reopened = Library(db)
    try:
        reopened.update_figure_groups()
        assert reopened.figure_groups_current()
    finally:
        reopened.close()
