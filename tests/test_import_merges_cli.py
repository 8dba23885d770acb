"""Files of one import that are copies of one feed (same title, site link and some entries:
reader.store.feed_identity) become one feed, as a moved or newer file does; the summary says
so in one line per feed, never "30 files, 27 feeds" unexplained. Real corpus files (three
downloads of the Taverncast podcast, two identical copies of a Science feed), the real
command, a real library file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from reader.cli import main

TAVERNCAST = ("itunes-category.rss", "itunes-keywords.rss", "itunes-missing-image.rss")
SCIENCE = ("rss-1.rss", "xml2js-options.rss")
OTHERS = ("guardian.rss", "heise.atom")


def _folder(corpora: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "feeds"
    folder.mkdir()
    for name in (*TAVERNCAST, *SCIENCE, *OTHERS):
        shutil.copyfile(corpora / "real-world-feeds" / name, folder / name)
    return folder


def test_copies_of_one_feed_are_one_feed_said_in_one_line_each(
    corpora: Path, tmp_path: Path
) -> None:
    folder = _folder(corpora, tmp_path)
    db = str(tmp_path / "l.db")
    expected = [
        "3 files are one feed (same title, site and articles): itunes-category.rss, "
        "itunes-keywords.rss, itunes-missing-image.rss → kept as "
        "'Taverncast - Happy Hour in Your Head - Since 2005'",
        "2 files are one feed (same title, site and articles): rss-1.rss, xml2js-options.rss"
        " → kept as 'Science twis'",
    ]
    for _ in range(2):  # and the same again: the same feeds, said the same way
        result = CliRunner().invoke(main, ["--db", db, "import", str(folder)])
        assert result.exit_code == 0, result.stderr
        summary, *merges = result.stdout.splitlines()
        assert summary.startswith("4 feeds, ")
        assert sorted(merges) == sorted(expected)
    feeds = json.loads(CliRunner().invoke(main, ["--db", db, "feeds", "--json"]).stdout)
    assert len(feeds) == 4
    shown = json.loads(
        CliRunner().invoke(main, ["--db", db, "import", "--json", str(folder)]).stdout
    )
    assert len(shown["results"]) == 7 and shown["feeds"] == 4
    assert sorted((m["feed"], [Path(s).name for s in m["sources"]]) for m in shown["merged"]) == [
        ("Science twis", list(SCIENCE)),
        ("Taverncast - Happy Hour in Your Head - Since 2005", list(TAVERNCAST)),
    ]


def test_different_feeds_and_one_file_named_twice_are_no_merge(
    corpora: Path, tmp_path: Path
) -> None:
    folder = _folder(corpora, tmp_path)
    guardian = folder / "guardian.rss"
    result = CliRunner().invoke(
        main,
        [
            "--db",
            str(tmp_path / "l.db"),
            "import",
            str(guardian),
            str(folder / "heise.atom"),
            str(folder / ".." / "feeds" / "guardian.rss"),
        ],
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1:] == []  # the summary only
    assert result.stdout.startswith("2 feeds, ")
