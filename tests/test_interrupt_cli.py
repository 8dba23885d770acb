"""Ctrl-C to a command and its worker processes (a terminal signals the whole process group):
one line from the command, no traceback from any child, and nothing lost. Real processes, a
real library file, a real SIGINT."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reader.library import Library
from tests.conftest import ROOT
from tests.perf.corpus import headline


def _small_feeds(folder: Path, count: int) -> list[Path]:
    """``count`` feed files of one short article each (the benchmark corpus's headlines, a
    dozen articles a story, an hour apart, and a sentence with a figure): what these tests need
    is many files, each a worker's whole job, not much text. The corpus's ~3 KB bodies made the
    library's analysis most of the tests' time."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for n in range(count):
        path = folder / f"feed-{n:04}.xml"
        title = escape(headline(n))
        date = format_datetime(datetime(2024, 1, 1, tzinfo=UTC) + timedelta(hours=n))
        path.write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            f"<title>Outlet {n}</title><link>https://outlet{n}.example/</link>"
            f"<item><title>{title}</title><link>https://outlet{n}.example/a/{n}</link>"
            f"<guid>o{n}</guid><pubDate>{date}</pubDate><description>&lt;p&gt;{title}: "
            f"{n % 900 + 100} workers were told on day {n % 30 + 1}.&lt;/p&gt;</description>"
            "</item></channel></rss>\n",
            encoding="utf-8",
        )
        files.append(path)
    return files


def _count(db: Path, sql: str) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return int(conn.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:  # the schema is not made yet
        return 0
    finally:
        conn.close()


def _default_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _interrupt_when(db: Path, args: list[str], ready: str, least: int) -> tuple[int, str]:
    """Run ``feedlens --db db ARGS`` in its own process group; once ``ready`` (a count query)
    reaches ``least``, send SIGINT to the whole group as a terminal's Ctrl-C does."""
    command = subprocess.Popen(
        [sys.executable, "-m", "reader", "--db", str(db), *args],
        cwd=ROOT,
        start_new_session=True,
        # Ctrl-C heard as a shell's command hears it: a test run in this process before may
        # have set SIGINT ignored (a page worker's start, called in-process), which a child
        # inherits, and Python then never raises KeyboardInterrupt in it.
        preexec_fn=_default_interrupts,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 180
    while _count(db, ready) < least:
        assert command.poll() is None, command.communicate()
        assert time.monotonic() < deadline, "the command never got there"
        time.sleep(0.05)
    os.killpg(command.pid, signal.SIGINT)
    try:
        _, stderr = command.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(command.pid, signal.SIGKILL)
        command.communicate()
        raise AssertionError("the command did not end after Ctrl-C") from None
    return command.returncode, stderr


def _assert_says_what_was_kept(line: str, db: Path, total: int) -> None:
    """The interrupt's line says how many files are in: as many as the library holds (files a
    worker stored but had not reported yet are counted too, from the library)."""
    if line == "feedlens: interrupted: no file imported yet":
        return
    match = re.fullmatch(
        r"feedlens: interrupted: ([\d,]+) of ([\d,]+) files imported and kept; "
        r"the same import again brings in the rest",
        line,
    )
    assert match, line
    said, of = (int(group.replace(",", "")) for group in match.groups())
    assert of == total
    assert said == _count(db, "SELECT COUNT(*) FROM feeds")


def test_ctrl_c_in_the_middle_of_an_import_counts_what_the_library_holds(
    tmp_path: Path,
) -> None:
    """Workers store files the command has not been told of yet (results come back in order,
    a slow file first holds the later ones): the line counted reports and said fewer files
    than the library held. Now it counts the library's, once the workers have ended."""
    _small_feeds(tmp_path / "corpus", 600)
    db = tmp_path / "library.sqlite"
    code, stderr = _interrupt_when(
        db, ["import", str(tmp_path / "corpus")], "SELECT COUNT(*) FROM feeds", 40
    )
    assert "Traceback" not in stderr, stderr
    if code == 0:  # the Ctrl-C came as it ended, on a loaded machine: nothing to count
        return
    [line] = stderr.strip().splitlines()
    assert code == 130
    assert line != "feedlens: interrupted: no file imported yet"
    _assert_says_what_was_kept(line, db, 600)


def test_ctrl_c_as_the_import_starts_its_workers_prints_one_line(tmp_path: Path) -> None:
    """At the first file stored the command is starting its fork server and worker pool: a
    Ctrl-C then killed the server in its own start ("Fatal Python error … KeyboardInterrupt")
    and left the pool's semaphores to the resource tracker's warning. Three tries: each must
    end in the one line; then the import run again stores every file."""
    _small_feeds(tmp_path / "corpus", 400)
    folder = str(tmp_path / "corpus")
    for attempt in range(3):
        db = tmp_path / f"library-{attempt}.sqlite"
        code, stderr = _interrupt_when(db, ["import", folder], "SELECT COUNT(*) FROM feeds", 1)
        [line] = stderr.strip().splitlines()
        assert code == 130
        assert _count(db, "SELECT COUNT(*) FROM feeds") < 400
        _assert_says_what_was_kept(line, db, 400)
    # Nothing lost: the import run again brings in every file whole (one article a file).
    done = subprocess.run(
        [sys.executable, "-m", "reader", "--db", str(db), "import", folder],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert _count(db, "SELECT COUNT(*) FROM articles") == 400


def test_ctrl_c_during_an_import_and_its_analysis_prints_one_line_and_loses_nothing(
    tmp_path: Path,
) -> None:
    # Many small files: worker processes wait for the next one most of the time, where a
    # Ctrl-C reached them (a traceback each, then a command that never ended). One article a
    # file: 600 files were stored within one look at the library on a quick machine.
    files = _small_feeds(tmp_path / "corpus", 2400)
    folder = str(tmp_path / "corpus")
    db = tmp_path / "library.sqlite"

    # In the middle of storing files (worker processes each storing one). Known gap: on a
    # loaded machine a Ctrl-C is now and then not heard and the command runs to its end (never
    # with a traceback, never losing a file): each stage gets three tries on a fresh library,
    # and at least one must stop in one line before the end.
    for attempt in range(3):
        db = tmp_path / f"library-{attempt}.sqlite"
        code, stderr = _interrupt_when(db, ["import", folder], "SELECT COUNT(*) FROM feeds", 20)
        assert "Traceback" not in stderr, stderr
        if code == 130:
            break
    [line] = stderr.strip().splitlines()
    assert code == 130
    assert _count(db, "SELECT COUNT(*) FROM feeds") < len(files)  # stopped before the end
    _assert_says_what_was_kept(line, db, len(files))

    # In the middle of the analysis of what came in (``--wait``: the analysis workers).
    code, stderr = _interrupt_when(
        db,
        ["import", "--wait", folder],
        "SELECT COUNT(*) FROM articles WHERE extractor_version > 0",
        100,
    )
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    if code != 0:  # heard (see above): its line alone (the resource tracker warned of the
        # ended pool's semaphores after it: they are unlinked before the command exits)
        lines = stderr.strip().splitlines()
        assert lines[-1].startswith("feedlens: interrupted: the import is complete and kept")
        assert all(line.startswith("feedlens: analysing") for line in lines[:-1]), stderr
        assert code == 130

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    library = Library(db)
    try:
        assert code == 0 or library.analysis_progress().pending > 0  # left to resume
        assert library.wait_for_analysis(processes=0).complete  # it resumes, and ends
        assert len(library.articles(limit=5000)) == 2400  # every file whole
    finally:
        library.close()
