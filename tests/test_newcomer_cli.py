"""Rough edges of the command line a newcomer tester found: progress while a slow host is
fetched, one line per distinct import failure, counts of feeds rather than attempts, honest
exit statuses and exact wording. Real parts: a 127.0.0.1 server, library files, the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import main
from tests.conftest import ROOT, SAMPLES
from tests.feedserver import Reply, serve
from tests.ptyrun import ReaderInPty

FEED = (SAMPLES / "meridian-courier.xml").read_bytes()
RSS_TYPE = {"Content-Type": "application/rss+xml; charset=utf-8"}


def _feedlens(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command in a process of its own (stdin, stdout and stderr not a terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "reader", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )


def _run_in_pty(db: Path, *args: str, seconds: float = 120) -> str:
    """``feedlens ARGS`` on a terminal, run to its end; all it wrote there."""
    command = ReaderInPty(db, args=args)
    try:
        deadline = time.monotonic() + seconds
        while command.process.poll() is None and time.monotonic() < deadline:
            command.read(0.2)
        return command.read(0.3).decode("utf-8", "replace")
    finally:
        command.close()


def test_add_on_a_terminal_says_which_host_it_is_fetching_before_the_result(
    tmp_path: Path,
) -> None:
    slow = {"/feed.xml": lambda h: Reply(200, FEED, RSS_TYPE, delay=1.0)}
    with serve(slow) as (base, _):
        shown = _run_in_pty(tmp_path / "l.db", "add", f"{base}/feed.xml")
    host = base.removeprefix("http://")
    assert f"feedlens: fetching {host}…" in shown, shown
    assert shown.index("fetching") < shown.index("subscribed to The Meridian Courier"), shown


def test_add_in_a_script_prints_no_progress(tmp_path: Path) -> None:
    with serve({"/feed.xml": lambda h: Reply(200, FEED, RSS_TYPE)}) as (base, _):
        result = CliRunner().invoke(
            main, ["--db", str(tmp_path / "l.db"), "add", f"{base}/feed.xml"]
        )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # stderr of a pipe is for failures
    assert result.stdout.startswith("subscribed to The Meridian Courier")


def _annotated_export(tmp_path: Path) -> Path:
    """A JSON export of one note on a sample article, made by the CLI."""
    db = str(tmp_path / "notes.db")
    runner = CliRunner()
    assert (
        runner.invoke(main, ["--db", db, "import", str(SAMPLES / "meridian-courier.xml")]).exit_code
        == 0
    )
    listed = runner.invoke(main, ["--db", db, "articles", "--json"]).stdout
    import json

    fire = next(a for a in json.loads(listed) if "Fire at Halvard" in a["title"])
    runner.invoke(main, ["--db", db, "annotate", str(fire["id"]), "--quote", "4,500 workers"])
    out = tmp_path / "notes.json"
    made = runner.invoke(
        main, ["--db", db, "annotations", "export", "--format", "json", "-o", str(out)]
    )
    assert made.exit_code == 0, made.output
    return out


def test_annotations_import_of_nothing_fails_with_one_line(tmp_path: Path) -> None:
    export = _annotated_export(tmp_path)
    empty_library = str(tmp_path / "empty.db")
    result = CliRunner().invoke(main, ["--db", empty_library, "annotations", "import", str(export)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "feedlens: nothing imported: the annotation's article is not in this library "
        "(import or refresh its feed first)"
    ]
    empty = tmp_path / "empty.json"
    empty.write_text('{"annotations": []}')
    result = CliRunner().invoke(main, ["--db", empty_library, "annotations", "import", str(empty)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "feedlens: nothing imported: the file holds no annotations"
    ]


def test_annotations_import_of_what_the_library_holds_already_succeeds(tmp_path: Path) -> None:
    export = _annotated_export(tmp_path)
    db = str(tmp_path / "notes.db")  # the library the export came from: the note is there
    result = CliRunner().invoke(main, ["--db", db, "annotations", "import", str(export)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "0 new, 0 updated, 0 skipped, 1 unchanged"


def _tmpfs(tmp_path: Path, size: str) -> Iterator[Path]:
    """A real small filesystem (needs root; the test is skipped elsewhere)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip("cannot mount a small filesystem here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    yield from _tmpfs(tmp_path, "32m")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    yield from _tmpfs(tmp_path, "8m")


def test_a_folder_with_an_opml_naming_its_feeds_imports_each_file_once(tmp_path: Path) -> None:
    db = str(tmp_path / "l.db")
    result = CliRunner().invoke(main, ["--db", db, "import", "--json", str(SAMPLES)])
    assert result.exit_code == 0, result.output
    import json

    shown = json.loads(result.stdout)
    assert len(shown["results"]) == 3  # the feeds beside subscriptions.opml, which names them
    assert shown["feeds"] == 3 and shown["failed"] == 0
    feeds = json.loads(CliRunner().invoke(main, ["--db", db, "feeds", "--json"]).stdout)
    assert {f["title"]: f["tags"] for f in feeds}["Northwind Ledger"] == ["Business", "energy"]


def test_importing_into_a_read_only_library_counts_feeds_not_attempts(disk: Path) -> None:
    db = disk / "l.db"
    assert _feedlens(db, "summary").returncode == 0
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    result = _feedlens(db, "import", str(SAMPLES))
    assert result.returncode == 1
    assert result.stdout.strip() == "0 feeds, 0 new, 0 updated, 3 failed"


def _fill(disk: Path, room: int) -> None:
    """Fill ``disk`` to its last ``room`` bytes."""
    handle = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(handle, b"x" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.ftruncate(handle, os.fstat(handle).st_size - room)
        os.close(handle)


def test_a_full_disk_is_told_once_with_a_count_then_the_summary(
    small_disk: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "feeds"
    folder.mkdir()
    for number in range(1, 7):
        (folder / f"m{number}.xml").write_bytes(FEED)
    db = small_disk / "l.db"
    assert _feedlens(db, "summary").returncode == 0  # a library made while there was room
    _fill(small_disk, 48 * 1024)  # room to open it, none to store a feed
    result = _feedlens(db, "import", str(folder))
    full = f"could not write the library {db}: the disk is full"
    assert result.stderr.splitlines() == [
        f"feedlens: {folder / 'm1.xml'}: {full}",
        f"feedlens: {full} (also 5 more files: m2.xml, m3.xml, m4.xml and 2 more)",
    ]
    assert result.stdout.strip() == "0 feeds, 0 new, 0 updated, 6 failed"
    assert result.returncode == 1  # nothing could be imported
