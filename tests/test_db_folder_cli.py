"""A library named with ``--db`` or ``FEEDLENS_DB`` in a folder that does not exist is refused
in one line, and nothing is created: a mistyped folder used to become a new library (the
reader filled it with the sample feeds) while the user thought they were reading their own.
The real command in a real process, real library files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import SAMPLES


def feedlens(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "reader", *args]
    return subprocess.run(
        command, capture_output=True, text=True, check=False, env={**os.environ, **(env or {})}
    )


def test_a_mistyped_db_folder_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    typo = tmp_path / "typo-folder" / "trail.db"
    done = feedlens("--db", str(typo), "summary")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"feedlens: no folder {typo.parent} for the library trail.db: check --db, or create "
        "the folder"
    ]
    assert not typo.parent.exists()


def test_the_same_from_feedlens_db(tmp_path: Path) -> None:
    typo = tmp_path / "nope" / "lib.db"
    done = feedlens("import", str(SAMPLES / "coastline-daily.json"), env={"FEEDLENS_DB": str(typo)})
    assert done.returncode == 1
    assert "no folder" in done.stderr and "Traceback" not in done.stderr
    assert not typo.parent.exists()


def test_a_new_library_in_an_existing_folder_is_made_as_before(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    done = feedlens("--db", str(db), "import", str(SAMPLES / "coastline-daily.json"))
    assert done.returncode == 0, done.stderr
    assert db.is_file()
