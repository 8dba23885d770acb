"""Command-line rough edges a newcomer met (issues 18-21): what `add` says when nothing could
be fetched, what an import that stored nothing says after it, and what the import bar counts.
The real commands, a real library file, a real pseudo-terminal for the bar."""

from __future__ import annotations

import socket
import time
from pathlib import Path

from click.testing import CliRunner

from reader.cli import main
from tests.conftest import SAMPLES
from tests.ptyrun import ReaderInPty


def _closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on (bound, then let go)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_add_of_an_address_that_cannot_be_reached_says_not_subscribed(tmp_path: Path) -> None:
    db = str(tmp_path / "l.db")
    url = f"http://127.0.0.1:{_closed_port()}/feed.xml"
    result = CliRunner().invoke(main, ["--db", db, "add", url])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        # In our words, naming the host and why: never httpx's "All connection attempts failed".
        f"feedlens: {url}: cannot connect to {url.split('/')[2]} (the connection was refused); "
        "not subscribed"
    ]
    listed = CliRunner().invoke(main, ["--db", db, "feeds", "--json"])
    assert listed.stdout.strip() == "[]"  # and nothing was kept


def test_an_import_that_stored_nothing_says_nothing_of_earlier_imports_queue(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "l.db")
    runner = CliRunner()
    first = runner.invoke(main, ["--db", db, "import", str(SAMPLES / "coastline-daily.json")])
    assert "still to analyse" in first.stderr  # its own articles: worth saying
    missing = tmp_path / "nowhere.xml"
    result = runner.invoke(main, ["--db", db, "import", str(missing)])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"feedlens: {missing}: no such file"]
    assert result.stdout == ""  # one line is enough when nothing was imported at all


def test_the_import_bar_says_its_percentage_counts_bytes_beside_the_file_count(
    tmp_path: Path,
) -> None:
    # A big file among small ones: by bytes the bar is far from where the file count is.
    big = SAMPLES / "coastline-daily.json"
    small = tmp_path / "small"
    small.mkdir()
    for n in range(30):
        (small / f"s{n:02}.xml").write_text(
            f'<rss version="2.0"><channel><title>S{n}</title><link>https://s{n}.example/</link>'
            f"<item><title>t</title><link>https://s{n}.example/1</link></item></channel></rss>",
            encoding="utf-8",
        )
    size = big.stat().st_size + sum(p.stat().st_size for p in small.iterdir())
    reader = ReaderInPty(tmp_path / "l.db", columns=150, args=("import", str(small), str(big)))
    try:
        deadline = time.monotonic() + 90
        while reader.process.poll() is None and time.monotonic() < deadline:
            reader.read(0.2)
        text = reader.read(0.5).decode("utf-8", "replace")
    finally:
        reader.close()
    from rich.filesize import decimal

    assert f"of {decimal(size)} · " in text, text[-800:]  # what the percentage is of
    assert "31/31 files" in text


CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "real-world-feeds"


def test_feeds_of_one_name_are_told_apart_in_the_feeds_listing(tmp_path: Path) -> None:
    import pytest

    files = [CORPORA / name for name in ("reddit.rss", "reddit-atom.rss", "reddit-home.rss")]
    if not all(path.exists() for path in files):
        pytest.skip(f"the real-world feeds corpus is not at {CORPORA}")
    db = str(tmp_path / "l.db")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "import", *map(str, files)]).exit_code == 0
    lines = [
        line
        for line in runner.invoke(main, ["--db", db, "feeds"]).stdout.splitlines()
        if "reddit: the front page of the internet" in line
    ]
    assert len(lines) == 3
    shown = {line[line.index("reddit:") :] for line in lines}
    assert shown == {
        "reddit: the front page of the internet (reddit)",
        "reddit: the front page of the internet (reddit-atom)",
        "reddit: the front page of the internet (reddit-home)",
    }, lines
