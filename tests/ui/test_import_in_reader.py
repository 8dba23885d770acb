"""Importing a folder from the real reader process (not Pilot): several files go through the
worker pool, which must start from inside a running Textual app."""

from __future__ import annotations

import time
from pathlib import Path

from reader.library import Library
from tests.perf.corpus import write_corpus
from tests.ptyrun import ReaderInPty


def test_a_folder_imports_from_the_palette_in_the_real_reader(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    write_corpus(folder, 40, feeds=4)  # three files or more take the worker pool
    path = tmp_path / "reader.sqlite"
    library = Library(path)
    library.import_samples()
    before = library.count()
    library.close()
    reader = ReaderInPty(path)
    try:
        # Each key once the screen it is for is drawn (fixed pauses of 6 s and 1 s were too
        # short on a loaded machine: a start took 14 s at load 14, and keys read before the
        # palette or the prompt is up reach the screen under it).
        assert reader.wait_for(b"Meridian", 90), reader.output[-1500:]  # the list
        for keys, shown in (
            (b"\x10", b"Search for commands"),  # ctrl+p: the palette
            ("feed: import file", b"Import a feed file, folder or OPML list"),  # its match
            ("\r", b"~/feeds/news.xml"),  # the path prompt's placeholder
        ):
            reader.send(keys, 0)
            assert reader.wait_for(shown, 60), (keys, reader.output[-1500:])
        reader.send(str(folder), 0.3)
        reader.send("\r", 0.5)
        deadline = time.monotonic() + 120  # a loaded machine's worker pool starts late
        count = before
        while time.monotonic() < deadline and count < before + 40:
            reader.read(1.0)
            check = Library(path)
            count = check.count()
            check.close()
    finally:
        reader.close()
    assert b"fds_to_keep" not in reader.output
    assert count == before + 40, reader.output[-1500:]
