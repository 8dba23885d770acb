"""Making a new library loads sqlite-utils without numpy (about a fifth of a second of CPU on
every `feedlens add` to a fresh file, for types the reader never hands it), and the library
it makes works; numpy still imports afterwards for whoever needs it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PROBE = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from reader.library import Library

    library = Library(Path(sys.argv[1]))
    assert library.feeds() == []
    print("numpy loaded" if "numpy" in sys.modules else "numpy not loaded")
    library.close()
    import numpy  # still importable for the model trainers
    print("numpy after", numpy.__name__)
    """
)


def test_a_new_library_is_made_without_loading_numpy(tmp_path: Path) -> None:
    pytest.importorskip("numpy")  # installed with the trainers' scikit-learn; the point
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "new.sqlite")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["numpy not loaded", "numpy after numpy"]
    assert "sqlite_utils" not in done.stderr
