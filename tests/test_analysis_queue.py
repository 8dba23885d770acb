"""Store first, analyse after: the analysis queue end to end, on real library files and real
processes (a kill -9 in the middle, a second process holding the write lock)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from click.testing import CliRunner

from reader import analysis
from reader.cli import main
from reader.figures.extract import EXTRACTOR_VERSION
from reader.library import Library
from reader.store import analysis_queue
from tests.conftest import ROOT, SAMPLES
from tests.perf.corpus import write_corpus

FIGURE_ROWS = (
    'SELECT a.key, f.start, f."end", f.value, f.kind, f.noun, f.context '
    'FROM figures f JOIN articles a ON a.id = f.article_id ORDER BY a.key, f.start, f."end"'
)


def figure_rows(library: Library) -> list[tuple[object, ...]]:
    return [tuple(row) for row in library.store.query(FIGURE_ROWS)]


def reference_figures(tmp_path: Path, files: list[Path]) -> list[tuple[object, ...]]:
    """What a library analysed without interruption holds for these files."""
    library = Library(tmp_path / "reference.sqlite")
    library.import_paths(files)
    assert library.wait_for_analysis(processes=0).complete
    rows = figure_rows(library)
    library.close()
    return rows


def run_python(code: str, db: Path) -> subprocess.Popen[bytes]:
    """A second feedlens process, in its own session (so a kill reaches its workers too)."""
    return subprocess.Popen(
        [sys.executable, "-c", code, str(db)],
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_import_stores_and_queues_then_analysis_reads_figures(library: Library) -> None:
    summary = library.import_samples()
    assert summary.new == 25
    # Readable and searchable at once; the figures follow.
    assert library.search("evacuated").hits
    assert library.store.query_one("SELECT COUNT(*) FROM figures")[0] == 0  # type: ignore[index]
    state = library.analysis_progress()
    assert (state.done, state.total, state.complete) == (0, 25, False)
    assert state.line() == "analysing 0 of 25"
    seen: list[tuple[int, int]] = []
    final = library.wait_for_analysis(lambda s: seen.append((s.done, s.total)))
    assert final.complete and seen[-1] == (25, 25)
    assert library.stale_extraction_count() == 0
    assert any(g.kind == "conflict" for g in library.figure_groups())
    assert library.figure_groups_current()


def test_a_changed_article_is_analysed_again_and_its_old_figures_go(
    tmp_path: Path, library: Library
) -> None:
    feed = tmp_path / "m.xml"
    feed.write_bytes((SAMPLES / "meridian-courier.xml").read_bytes())
    library.import_paths([feed])
    library.wait_for_analysis()
    before = figure_rows(library)
    feed.write_bytes((SAMPLES / "updates" / "meridian-courier.xml").read_bytes())
    updated = library.import_paths([feed]).updated
    assert updated > 0
    assert library.analysis_progress().pending == updated
    library.wait_for_analysis()
    assert figure_rows(library) != before
    fresh = Library(tmp_path / "fresh.sqlite")
    fresh.import_paths([feed])
    fresh.wait_for_analysis()
    # Only the new text's figures: nothing of the old text is left behind.
    assert set(figure_rows(library)) >= set(figure_rows(fresh))
    fresh.close()


def test_a_batch_analysed_but_not_unqueued_is_stored_once(tmp_path: Path) -> None:
    """Killed between a step's write and the unqueueing: the next run does that batch again,
    and each article's figures are there once."""
    files = write_corpus(tmp_path / "corpus", 120, feeds=2)
    expected = reference_figures(tmp_path, files)
    library = Library(tmp_path / "crash.sqlite")
    library.import_paths(files)
    dead = _dead_pid()
    claimed = analysis_queue.claim(library.store, 50, owner=dead)
    analysis.extract_figures(library.store, [article_id for _, article_id in claimed])
    library.close()  # ... and the process is gone, its claims with it

    again = Library(tmp_path / "crash.sqlite")
    assert again.analysis_progress().pending == 120
    assert again.wait_for_analysis(processes=0).complete
    assert figure_rows(again) == expected
    again.close()


def test_kill_9_during_analysis_then_restart_analyses_every_article_exactly_once(
    tmp_path: Path,
) -> None:
    files = write_corpus(tmp_path / "corpus", 1100, feeds=2, paragraphs=2)  # short: sooner done
    expected = reference_figures(tmp_path, files)
    db = tmp_path / "killed.sqlite"
    library = Library(db)
    library.import_paths(files)
    total = library.analysis_progress().total
    assert total == 1100
    child = run_python(
        "import sys; from pathlib import Path; from reader.library import Library\n"
        "Library(Path(sys.argv[1])).wait_for_analysis(processes=2)\n",
        db,
    )
    deadline = time.monotonic() + 120
    while library.analysis_progress().done < 200 and time.monotonic() < deadline:
        assert child.poll() is None, child.communicate()
        time.sleep(0.02)
    os.killpg(child.pid, signal.SIGKILL)  # the process and its worker processes
    child.wait()
    _wait_for_no_writer(db)
    interrupted = library.analysis_progress()
    assert 200 <= interrupted.done < total  # killed in the middle, with work left
    library.close()

    restarted = Library(db)
    assert restarted.wait_for_analysis().complete
    assert figure_rows(restarted) == expected  # none missing, none twice
    versions = restarted.store.query("SELECT DISTINCT extractor_version FROM articles")
    assert [row[0] for row in versions] == [EXTRACTOR_VERSION]
    assert restarted.store.query_one("SELECT COUNT(*) FROM analysis_queue")[0] == 0  # type: ignore[index]
    restarted.close()


def test_reading_marking_and_annotating_while_another_process_analyses(tmp_path: Path) -> None:
    files = write_corpus(tmp_path / "corpus", 1200, feeds=3)
    db = tmp_path / "busy.sqlite"
    library = Library(db, busy_timeout_ms=5000)
    library.import_paths(files)
    child = run_python(
        "import sys; from pathlib import Path; from reader.library import Library\n"
        "Library(Path(sys.argv[1])).wait_for_analysis(processes=2)\n",
        db,
    )
    rows = library.articles(limit=200)
    during = 0
    notes = []
    for row in rows:
        if child.poll() is not None:
            break
        article = library.article(row.id)
        library.mark_read([row.id])
        words = article.text.text.split()
        if words:
            quote = words[0]
            note = library.annotate_quote(row.id, quote, note=f"note {row.id}", occurrence=1)
            notes.append((note.id, row.id))
        during += 1 if not library.analysis_progress().complete else 0
    assert child.wait(timeout=180) == 0, child.communicate()
    assert during > 0  # some of it happened while the analysis ran
    assert library.analysis_progress().complete
    for annotation_id, article_id in notes:
        saved = [a for a in library.annotations(article_id) if a.id == annotation_id]
        assert saved and saved[0].note == f"note {article_id}"
    read = library.store.query_one("SELECT COUNT(*) FROM articles WHERE read = 1")
    assert read is not None and read[0] >= len(notes)
    library.close()


def test_an_extractor_upgrade_goes_through_the_queue(sample_library: Library) -> None:
    before = figure_rows(sample_library)
    with sample_library.store.write() as conn:
        conn.execute("UPDATE articles SET extractor_version = 1")
    assert sample_library.queue_unanalysed() == 25
    assert sample_library.queue_unanalysed() == 0  # queued once
    assert sample_library.analysis_progress().pending == 25
    assert sample_library.wait_for_analysis().complete
    assert figure_rows(sample_library) == before
    assert sample_library.stale_extraction_count() == 0


def run_cli(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--db", str(db), *args])
    return result.exit_code, result.stdout, result.stderr


def test_import_json_says_whether_analysis_is_complete_and_wait_waits(tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite"
    code, out, err = run_cli(db, "import", "--json", str(SAMPLES / "meridian-courier.xml"))
    data = json.loads(out)
    assert code == 0 and data["complete"] is False and data["to_analyse"] == data["new"] > 0
    code, out, _ = run_cli(db, "import", "--json", "--wait", str(SAMPLES))
    data = json.loads(out)
    assert code == 0 and data["complete"] is True and data["to_analyse"] == 0
    assert {"feeds", "new", "updated", "failed", "results"} <= set(data)
    code, out, _ = run_cli(db, "summary", "--json")
    assert json.loads(out)["complete"] is True
    code, out, _ = run_cli(db, "figures", "--json")
    assert json.loads(out)["conflicts"]


def test_figures_and_figure_search_wait_for_the_analysis(tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite"
    run_cli(db, "import", str(SAMPLES))
    code, out, err = run_cli(db, "search", "--json", "4.5k workers")
    assert code == 0 and "analysing 0 of 25" in err
    assert json.loads(out)  # found through the figures read just now
    code, out, err = run_cli(db, "figures", "--json")
    assert code == 0 and "analysing" not in err  # nothing left to wait for
    assert set(json.loads(out)) == {"same", "conflicts"}


def test_batches_of_a_big_feed_are_committed_as_they_are_written(tmp_path: Path) -> None:
    """A reader in another connection sees a big feed arrive a batch at a time: no write
    transaction holds the whole feed."""
    [big] = write_corpus(tmp_path / "big", 3000, feeds=1)
    db = tmp_path / "batches.sqlite"
    library = Library(db)
    seen: set[int] = set()
    stop = threading.Event()

    def watch() -> None:
        conn = sqlite3.connect(db)
        while not stop.is_set():
            seen.add(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
            time.sleep(0.002)
        conn.close()

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        assert library.import_paths([big], processes=1).new == 3000
    finally:
        stop.set()
        watcher.join()
    assert {1000, 2000} & seen  # a part of the feed committed before the rest
    library.close()


def test_an_import_waits_for_another_process_holding_the_write_lock(tmp_path: Path) -> None:
    db = tmp_path / "locked.sqlite"
    Library(db).close()
    holder = run_python(
        "import sqlite3, sys, time\n"
        "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "conn.execute('BEGIN IMMEDIATE')\n"
        "print('held', flush=True)\n"
        "time.sleep(2.5)\n"
        "conn.execute('COMMIT')\n",
        db,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == b"held"
    library = Library(db, busy_timeout_ms=300)  # it would give up after 0.3 s per attempt
    started = time.monotonic()
    summary = library.import_paths([SAMPLES])
    assert summary.failed == 0 and summary.new == 25
    assert time.monotonic() - started > 1.0  # it waited for the lock
    assert holder.wait(timeout=30) == 0
    library.close()


def test_two_big_imports_at_once_both_finish(tmp_path: Path) -> None:
    db = tmp_path / "two.sqlite"
    Library(db).close()
    first = write_corpus(tmp_path / "one", 2000, feeds=2, seed=1)
    second = write_corpus(tmp_path / "two", 2000, feeds=2, seed=2, outlet="wire")
    command = [sys.executable, "-m", "reader", "--db", str(db), "import", "--json"]
    runs = [
        subprocess.Popen(
            [*command, str(files[0].parent)], cwd=ROOT, stdout=subprocess.PIPE, text=True
        )
        for files in (first, second)
    ]
    results = [json.loads(run.communicate(timeout=300)[0]) for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    assert [(r["failed"], r["new"]) for r in results] == [(0, 2000), (0, 2000)]


def _dead_pid() -> int:
    """The id of a process that has ended."""
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(done.stdout)


def _wait_for_no_writer(db: Path) -> None:
    """Wait until worker processes orphaned by a kill have let go of the library."""
    conn = sqlite3.connect(db, timeout=30, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("COMMIT")
    conn.close()


def test_the_reader_check_after_a_feed_is_deleted_brings_the_groups_up_to_date(
    sample_library: Library,
) -> None:
    """The steps after a drain run only when there is something new (an idle reader's check
    every few seconds must not scan the library), and deleting a feed is something new."""
    library = sample_library
    assert library.figure_groups_current()
    assert library.wait_for_analysis().complete  # idle: nothing analysed, nothing to bring up
    feed = library.feeds()[0]
    library.delete_feed(feed.id)
    assert not library.figure_groups_current()
    assert library.wait_for_analysis().complete
    assert library.figure_groups_current()
