"""An import's worker processes load what storing needs and nothing more: its fork server
preloads neither the facade nor the analysis modules (some half a second of CPU), and no
worker runs the program's script again (``feedlens`` imports the whole CLI). The import
stores every file all the same, and the analysis that follows in the same process, its
workers forked from that lean server, still reads every article's figures. A process that
declares it analyses too (the reader, ``import --wait``) has them preloaded.

Each check is a script file run by a fresh interpreter (a process has one fork server, started
once; and only a script's ``__main__`` is run again in children), as the console script is."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.perf.corpus import write_corpus

# Imports the corpus with two worker processes, then asks a worker of the same fork server
# which modules it started with, then analyses in this process and counts what it found.
PROBE = """
import json, sys
from pathlib import Path
from reader.cli import main  # as the console script does: the whole CLI, in __main__
from reader.child_process import children_skip_main, want_analysis_workers
from reader.library import Library
from reader.pipeline import worker_pool

children_skip_main()
if sys.argv[3] == "analyse":
    want_analysis_workers()
library = Library(Path(sys.argv[1]))
summary = library.import_paths([Path(sys.argv[2])], processes=2)
with worker_pool(1, store_only=True) as pool:
    loaded = pool.submit(eval, "sorted(__import__('sys').modules)").result()
state = library.wait_for_analysis()
figures = library.store.query_one("SELECT count(*) AS n FROM figures")["n"]
print(json.dumps({
    "new": summary.new,
    "failed": summary.failed,
    "loaded": loaded,
    "complete": state.complete,
    "figures": figures,
}))
library.close()
"""

HEAVY = (
    "reader.library",
    "reader.analysis",
    "reader.figures.extract",
    "reader.stories.facade",
    "reader.cli",
    "click",
)


def _run(tmp_path: Path, mode: str) -> dict[str, object]:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 120, feeds=4)
    script = tmp_path / "probe.py"
    script.write_text(PROBE)
    done = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "library.sqlite"), str(corpus), mode],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


def test_an_import_s_workers_load_no_analysis_and_it_still_runs_after(tmp_path: Path) -> None:
    result = _run(tmp_path, "store")
    assert result["new"] == 120 and result["failed"] == 0
    loaded = set(result["loaded"])  # type: ignore[call-overload]
    assert "reader.import_files" in loaded and "reader.text.clean" in loaded
    assert [name for name in HEAVY if name in loaded] == []
    assert "reader.cli" not in loaded  # the script (which imports it) was not run again
    # The analysis after it, from the same lean server, read every article.
    assert result["complete"] is True
    assert isinstance(result["figures"], int) and result["figures"] > 100


def test_a_process_that_analyses_too_has_the_analysis_preloaded(tmp_path: Path) -> None:
    result = _run(tmp_path, "analyse")
    assert result["new"] == 120
    loaded = set(result["loaded"])  # type: ignore[call-overload]
    assert {"reader.library", "reader.analysis", "reader.figures.extract"} <= loaded
    assert "reader.cli" not in loaded
    assert result["complete"] is True


# A console script's shape: ``feedlens`` imports the CLI at its top and runs it. Each run of
# the script (in this process or, re-run by multiprocessing, in a child) leaves a line.
SCRIPT = """
import os, sys
with open(sys.argv[1], "a") as runs:
    runs.write(f"{os.getpid()}\\n")
from reader.cli import main
if __name__ == "__main__":
    sys.exit(main(sys.argv[2:]))
"""


def test_the_command_s_workers_never_run_its_script_again(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 120, feeds=4)  # enough files for worker processes
    script = tmp_path / "feedlens_script.py"
    script.write_text(SCRIPT)
    runs = tmp_path / "runs"
    db = tmp_path / "library.sqlite"
    done = subprocess.run(
        [sys.executable, str(script), str(runs), "--db", str(db), "import", str(corpus)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("4 feeds, 120 new,"), done.stdout
    assert len(runs.read_text().split()) == 1  # the command's own run, no worker's


def test_a_reader_folder_where_the_command_runs_is_not_what_workers_load(tmp_path: Path) -> None:
    """The fork server once imported the ``reader`` package of the working directory (another
    checkout, or any folder of that name) and its workers failed to unpickle their tasks."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 120, feeds=4)
    script = tmp_path / "feedlens_script.py"
    script.write_text(SCRIPT)
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "reader").mkdir(parents=True)
    (elsewhere / "reader" / "__init__.py").write_text("")  # a package of the same name
    runs = tmp_path / "runs"
    db = tmp_path / "library.sqlite"
    done = subprocess.run(
        [sys.executable, str(script), str(runs), "--db", str(db), "import", str(corpus)],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("4 feeds, 120 new,"), done.stdout
