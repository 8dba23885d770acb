"""After an import that does not wait, the CLI says what its count counts: the library's
articles still queued for analysis, and, when fewer are queued than came in, that another
process (the open reader) analysed the others meanwhile."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from reader.cli import main
from reader.cli_queue import queue_line
from reader.store.analysis_queue import AnalysisProgress
from tests.conftest import SAMPLES


def test_a_plain_import_counts_the_librarys_queue(tmp_path: Path) -> None:
    db = str(tmp_path / "library.sqlite")
    ran = CliRunner().invoke(main, ["--db", db, "import", str(SAMPLES)])
    assert ran.exit_code == 0, ran.output
    [said] = [line for line in ran.stderr.splitlines() if "still to analyse" in line]
    assert said.startswith("feedlens: 25 articles in the library still to analyse")
    assert "analysed already" not in said
    # Nothing runs after the command: the line says what analyses them, and when.
    assert "an open reader (`feedlens`) analyses them" in said, said
    assert "`feedlens stories`" in said and "before they answer" in said, said
    summary = CliRunner().invoke(main, ["--db", db, "summary", "--json"])
    assert '"to_analyse": 25' in summary.stdout  # the same count, the same meaning


def test_fewer_queued_than_imported_says_the_others_are_analysed() -> None:
    line = queue_line(AnalysisProgress(done=1268, total=1300), new=1300)
    assert line.startswith("32 articles in the library still to analyse (their figures)")
    assert "at least 1,268 of the 1,300 new ones are analysed already" in line
