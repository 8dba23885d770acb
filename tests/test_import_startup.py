"""`feedlens import` of feed files loads what storing them needs and nothing more: no rich when
no bar is drawn, no page pass (nor the fetching and asyncio it loads) when no feed's pages may
be fetched, no urllib/http/email behind the OPML writer. What a command loads lazily and cannot
load is one line and exit status 1, never a traceback. Real commands in real processes (a pipe,
and a pseudo-terminal for the bar)."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tests.perf.corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_feeds"

# Runs the command in this process and writes the modules it loaded to argv[1] at exit.
PROBE = textwrap.dedent(
    """
    import atexit, json, sys
    blocked = sys.argv[2].split(",") if sys.argv[2] else []
    for name in blocked:
        sys.modules[name] = None  # "import name" raises ImportError, as if not installed
    out = sys.argv[1]
    atexit.register(lambda: open(out, "w").write(json.dumps(sorted(sys.modules))))
    from reader.cli import main
    main(sys.argv[3:])
    """
)

# Loaded by other commands (or the reader), never needed to store feed files.
NOT_FOR_FILES = (
    "rich",
    "textual",
    "reader.fulltext",
    "reader.page_workers",
    "reader.feeds.fetch",
    "asyncio",
    "ssl",
    "xml.sax.saxutils",
    "urllib.request",
)


def _probe_args(tmp_path: Path, blocked: str, *args: str) -> list[str]:
    return [sys.executable, "-c", PROBE, str(tmp_path / "modules.json"), blocked, *args]


def test_importing_files_on_a_pipe_loads_no_bar_no_page_pass(tmp_path: Path) -> None:
    """Plain RSS 2.0 files (the fast reader's; feedparser, which loads urllib and http for
    its own fetching, reads the rest), several of them so worker processes store them too."""
    db = tmp_path / "library.sqlite"
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 120, feeds=4)
    done = subprocess.run(
        _probe_args(tmp_path, "", "--db", str(db), "import", str(corpus)),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("4 feeds, 120 new,"), done.stdout
    loaded = set(json.loads((tmp_path / "modules.json").read_text()))
    assert not [name for name in NOT_FOR_FILES if name in loaded]
    # What it did load is what storing needs.
    assert {"reader.pipeline", "reader.feeds.parse", "reader.text.clean"} <= loaded


def test_a_feed_whose_pages_may_be_fetched_still_gets_its_page_pass(tmp_path: Path) -> None:
    """The page pass is skipped only when no feed allows pages: with a web feed subscribed
    (pages 'auto', from an OPML list), the same import loads it and runs it (the file feeds'
    articles have no page to fetch, so it reports nothing)."""
    db = tmp_path / "library.sqlite"
    opml = tmp_path / "list.opml"  # subscribes without fetching
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>'
        '<outline type="rss" text="web" xmlUrl="http://feeds.example/feed.xml"/>'
        "</body></opml>"
    )
    listed = subprocess.run(
        [sys.executable, "-m", "reader", "--db", str(db), "import", str(opml)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert listed.returncode == 0, listed.stderr
    assert "1 web feed subscribed" in listed.stdout
    done = subprocess.run(
        _probe_args(tmp_path, "", "--db", str(db), "import", str(SAMPLES)),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads((tmp_path / "modules.json").read_text()))
    assert "reader.fulltext" in loaded  # the pass ran (and found no page to fetch)


def test_a_lazily_loaded_part_that_cannot_load_is_one_line(tmp_path: Path) -> None:
    """The import's bar (drawn on a terminal) loads rich when it starts: rich missing, the
    command says so in one line and exits 1, with no traceback."""
    db = tmp_path / "library.sqlite"
    master, slave = os.openpty()
    process = subprocess.Popen(
        _probe_args(tmp_path, "rich", "--db", str(db), "import", str(SAMPLES)),
        cwd=ROOT,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**os.environ, "TERM": "xterm-256color"},
    )
    os.close(slave)
    output = b""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        elif process.poll() is not None:
            break
    status = process.wait(timeout=60)
    os.close(master)
    text = output.decode("utf-8", "replace").replace("\r", "")
    lines = [line for line in text.split("\n") if line.strip()]
    assert status == 1, text
    assert lines == [lines[0]] and lines[0].startswith("feedlens: cannot load rich"), text
    assert "reinstall feedlens" in lines[0]
    assert "Traceback" not in text
