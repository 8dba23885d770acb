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
        # Each step waits for what the screen shows, not a fixed pause: on a loaded machine
        # keys typed before the palette or the prompt is up would go to the article list.
        assert reader.wait_for(b"Halvard", 60), "the reader drew no article list"
        # pause 0: what a key brings is read by the wait after it, never before it.
        reader.send(b"\x10", 0)  # ctrl+p
        assert reader.wait_for(b"Search for commands", 30), "the palette did not open"
        reader.send("feed: import file", 0)
        assert reader.wait_for(b"Import a feed file", 30), "the palette did not offer the command"
        reader.send("\r", 0)
        assert reader.wait_for(b"an OPML list", 30), "the import prompt did not open"
        reader.send(str(folder), 0.3)
        reader.send("\r", 0.5)
        deadline = time.monotonic() + 60
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
