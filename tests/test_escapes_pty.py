"""Escape sequences from feeds, files, imports and servers never reach a real terminal: the
commands run on a pseudo-terminal (click strips nothing there) and the bytes they write are
checked (issue 17, item 6)."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from reader.library import Library
from tests.conftest import SAMPLES
from tests.feedserver import RawReply, serve_raw
from tests.ptyrun import ReaderInPty

OSC_TITLE = "\x1b]0;owned\x07"
OSC_LINK = "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\"
CSI_RED = "\x1b[31m"
C1_CSI = "\x9b2J"
HOSTILE = OSC_TITLE + OSC_LINK + CSI_RED + C1_CSI
# ESC and 8-bit C1 controls (as UTF-8: C2 80 to C2 9F)
CONTROL_BYTES = re.compile(rb"\x1b|\xc2[\x80-\x9f]|\x07")


def run_on_pty(db: Path, *args: str) -> bytes:
    """A feedlens command's output on a pseudo-terminal, once it has ended."""
    terminal = ReaderInPty(db, args=args)
    try:
        deadline = time.monotonic() + 60
        while terminal.process.poll() is None and time.monotonic() < deadline:
            terminal.read(0.2)
        return terminal.read(0.5)
    finally:
        terminal.close()


def assert_clean(output: bytes) -> None:
    found = CONTROL_BYTES.findall(output)
    assert not found, output


def hostile_feed_file(folder: Path) -> Path:
    """A feed without a title, named with escape sequences: its file name becomes its title."""
    path = folder / f"{OSC_TITLE}{CSI_RED}news.xml"
    body = (SAMPLES / "meridian-courier.xml").read_text()
    body = re.sub(r"<title>The Meridian Courier</title>", "", body, count=1)
    path.write_text(body)
    return path


def test_feeds_and_export_opml_from_a_hostile_file_name(tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite"
    library = Library(db)
    library.import_paths([hostile_feed_file(tmp_path)])
    library.close()
    feeds = run_on_pty(db, "feeds")
    assert b"news" in feeds
    assert_clean(feeds)
    assert_clean(run_on_pty(db, "export-opml"))


def test_annotations_list_and_markdown_export(tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite"
    library = Library(db)
    library.import_samples()
    article = library.articles()[0]
    quote = library.article(article.id).text.text[:20]
    made = library.annotate_quote(article.id, quote, note="fine")
    with library.store.write() as conn:  # as an older version or another tool left them
        conn.execute(
            "UPDATE annotations SET note = ?, tags = ? WHERE id = ?",
            (f"note {HOSTILE}", json.dumps([f"tag{HOSTILE}"]), made.id),
        )
    library.close()
    listing = run_on_pty(db, "annotations", "list")
    assert b"note" in listing and b"tag" in listing
    assert_clean(listing)
    exported = run_on_pty(db, "annotations", "export", "--format", "md")
    assert b"note" in exported
    assert_clean(exported)
    as_json = run_on_pty(db, "annotations", "export", "--format", "json")
    assert_clean(as_json)
    assert b"\\u001b]0;owned" in as_json  # the data is kept, escaped


def test_imported_annotations_are_cleaned_as_they_enter(tmp_path: Path) -> None:
    library = Library(tmp_path / "library.sqlite")
    library.import_samples()
    article = library.articles()[0]
    quote = library.article(article.id).text.text[:20]
    library.annotate_quote(article.id, quote, note="fine")
    document = json.loads(library.export_annotations("json"))
    document["annotations"][0]["note"] = f"line one {HOSTILE}\nline two"
    document["annotations"][0]["tags"] = [f"t{HOSTILE}"]
    document["annotations"][0]["updated_at"] = "2099-01-01T00:00:00Z"  # newer: the import wins
    library.import_annotations(json.dumps(document).encode())
    [(annotation, _)] = library.all_annotations()
    library.close()
    assert "\x1b" not in annotation.note and "\x9b" not in annotation.note
    assert annotation.note.endswith("\nline two")
    assert not any("\x1b" in tag or "\x9b" in tag for tag in annotation.tags)


def test_a_refused_redirect_with_controls_in_its_location(tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite"
    location = f"http://169.254.169.254/{C1_CSI}{HOSTILE}".encode()
    reply = RawReply(
        b"HTTP/1.1 302 Found\r\nLocation: " + location + b"\r\nContent-Length: 0\r\n\r\n"
    )
    with serve_raw({"/feed": reply}) as (base, _):
        library = Library(db)
        library.subscribe(f"{base}/feed")
        library.close()
        refreshed = run_on_pty(db, "refresh")
    assert b"refused" in refreshed
    assert_clean(refreshed)
    feeds = run_on_pty(db, "feeds")
    assert b"refused" in feeds
    assert_clean(feeds)
