"""Issue 22 (robust library): nothing lost, moved or clobbered; one line for any bad input.

Each test runs the real thing: a library file, the `feedlens` command in a child process or
through click, real feed files. Items 1 and 9 (notes under a held lock, long re-anchors) have
their own files.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import main
from reader.config import load_settings
from reader.errors import LibraryError
from reader.library import Library
from tests.conftest import SAMPLES, tmpfs_mount


def _feedlens(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _one_line_failure(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("feedlens: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]


# --- 3: entries sharing a GUID --------------------------------------------------------------


def _rss(items: list[tuple[str, str, str]]) -> str:
    body = "".join(
        f"<item><guid isPermaLink='false'>shared</guid><title>{title}</title>"
        f"<link>{link}</link><pubDate>{date}</pubDate><description>{title} text</description>"
        "</item>"
        for title, link, date in items
    )
    return f'<rss version="2.0"><channel><title>Dupes</title>{body}</channel></rss>'


A = ("Alpha", "https://d.example/a", "Mon, 02 Nov 2026 07:00:00 GMT")
B = ("Beta", "https://d.example/b", "Tue, 03 Nov 2026 07:00:00 GMT")
C = ("Gamma", "https://d.example/c", "Wed, 04 Nov 2026 07:00:00 GMT")


def _flags(library: Library) -> dict[str, tuple[bool, bool]]:
    return {row.title: (row.read, row.starred) for row in library.articles(limit=100)}


def test_entries_sharing_a_guid_keep_their_flags_and_notes_when_reordered(
    library: Library, tmp_path: Path
) -> None:
    feed = tmp_path / "dupes.xml"
    feed.write_text(_rss([A, B]))
    library.import_paths([feed])
    ids = {row.title: row.id for row in library.articles(limit=10)}
    library.mark_read([ids["Alpha"]])
    library.star([ids["Alpha"]])
    library.annotate_quote(ids["Alpha"], "Alpha text", "a note on alpha")

    feed.write_text(_rss([C, B, A]))  # a new one on top, the rest reordered
    summary = library.import_paths([feed])
    assert (summary.new, summary.updated) == (1, 0)
    flags = _flags(library)
    assert flags == {"Alpha": (True, True), "Beta": (False, False), "Gamma": (False, False)}
    [(note, info)] = library.all_annotations()
    assert info.id == ids["Alpha"] and note.note == "a note on alpha"

    feed.write_text(_rss([B, A]))  # Gamma leaves; nobody takes its place
    assert library.import_paths([feed]).new == 0
    assert _flags(library)["Alpha"] == (True, True)


def test_entries_sharing_guid_and_link_are_told_apart_by_title(
    library: Library, tmp_path: Path
) -> None:
    same = "https://d.example/home"
    feed = tmp_path / "dupes.xml"
    feed.write_text(_rss([("One", same, A[2]), ("Two", same, B[2])]))
    library.import_paths([feed])
    ids = {row.title: row.id for row in library.articles(limit=10)}
    library.mark_read([ids["Two"]])
    feed.write_text(_rss([("Three", same, C[2]), ("One", same, A[2])]))
    summary = library.import_paths([feed])
    assert summary.new == 1
    assert _flags(library) == {
        "One": (False, False),
        "Two": (True, False),
        "Three": (False, False),  # new, never arriving read
    }


# --- 4 and 10: annotations import ----------------------------------------------------------


@pytest.fixture
def annotated(library: Library) -> Iterator[tuple[Library, dict[str, object]]]:
    library.import_paths([SAMPLES / "meridian-courier.xml"])
    article = next(r for r in library.articles(limit=100) if "Fire at Halvard" in r.title)
    library.annotate_quote(article.id, "4,500 workers", "first note")
    export = json.loads(library.export_annotations("json"))
    yield library, export


def _import(library: Library, document: object) -> tuple[int, int, int, tuple[str, ...]]:
    outcome = library.import_annotations(json.dumps(document).encode())
    return outcome.new, outcome.updated, outcome.unchanged, outcome.problems


def test_import_keeps_the_newer_note_and_says_what_it_skipped(
    annotated: tuple[Library, dict[str, object]],
) -> None:
    library, export = annotated
    record = export["annotations"][0]  # type: ignore[index]
    [(annotation, _)] = library.all_annotations()
    library.update_annotation(annotation.id, note="newer note")
    [(annotation, _)] = library.all_annotations()
    older = {**record, "note": "older note", "updated_at": "2000-01-01T00:00:00Z"}
    new, updated, _, problems = _import(library, {"annotations": [older]})
    assert (new, updated) == (0, 0) and "newer" in problems[0]
    assert library.all_annotations()[0][0].note == "newer note"
    newest = {**record, "note": "newest note", "updated_at": "2999-01-01T00:00:00Z"}
    assert _import(library, {"annotations": [newest]})[:2] == (0, 1)
    assert library.all_annotations()[0][0].note == "newest note"
    assert _import(library, {"annotations": [newest]})[:3] == (0, 0, 1)  # same file: nothing


def test_import_never_moves_an_annotation_to_another_article(
    annotated: tuple[Library, dict[str, object]],
) -> None:
    library, export = annotated
    record = export["annotations"][0]  # type: ignore[index]
    [(before, info)] = library.all_annotations()
    other = next(r for r in library.articles(limit=100) if r.id != info.id)
    moved = {
        **record,
        "article": {"title": other.title, "link": other.link},
        "quote": "the",
        "updated_at": "2999-01-01T00:00:00Z",
    }
    _, _, _, problems = _import(library, {"annotations": [moved]})
    assert "another article" in problems[0]
    [(after, info_after)] = library.all_annotations()
    assert info_after.id == info.id and after == before


BAD_FIELDS: list[tuple[str, object, str]] = [
    ("start", 1e400, "Infinity"),  # json.dumps writes Infinity
    ("start", "12", "start"),
    ("start", True, "start"),
    ("end", -5, "end"),
    ("article", "str", "article"),
    ("tags", [{"x": 1}], "tags"),
    ("tags", "one", "tags"),
    ("note", {"text": "hi"}, "note"),
    ("color", "ultraviolet", "color"),
    ("status", "lost", "status"),
    ("updated_at", "yesterday", "updated_at"),
    ("uid", 42, "uid"),
    ("quote", None, "quote"),
]


@pytest.mark.parametrize(("field", "value", "word"), BAD_FIELDS)
def test_import_refuses_each_bad_field_with_one_line(
    annotated: tuple[Library, dict[str, object]], field: str, value: object, word: str
) -> None:
    library, export = annotated
    record = {**export["annotations"][0], "uid": "fresh-uid", field: value}  # type: ignore[index]
    before = library.all_annotations()
    try:
        new, updated, _, problems = _import(library, {"annotations": [record]})
    except Exception as error:  # the whole file refused: one FeedlensError line
        assert word in str(error)
    else:
        assert (new, updated) == (0, 0) and len(problems) == 1 and word in problems[0]
    assert library.all_annotations() == before
    assert library.export_annotations("md")  # listings and exports still work


def test_cli_import_of_crafted_files_is_one_line(library: Library, tmp_path: Path) -> None:
    library.close()
    deep = tmp_path / "deep.json"
    deep.write_text('{"annotations":' + "[" * 100_000 + "]" * 100_000 + "}")
    _one_line_failure(_feedlens(library.path, "annotations", "import", str(deep)), "deeply")
    infinite = tmp_path / "inf.json"
    infinite.write_text('{"annotations": [{"uid": "x", "start": Infinity}]}')
    _one_line_failure(_feedlens(library.path, "annotations", "import", str(infinite)))


# --- 5: exports never clobber ---------------------------------------------------------------


def test_export_refuses_the_library_itself_and_missing_folders(
    annotated: tuple[Library, dict[str, object]], tmp_path: Path
) -> None:
    library, _ = annotated
    db = library.path
    size = db.stat().st_size
    for target in (db, Path(str(db) + "-wal")):
        result = _feedlens(db, "annotations", "export", "--format", "json", "-o", str(target))
        _one_line_failure(result, "library itself")
    result = _feedlens(db, "export-opml", "-o", str(db))
    _one_line_failure(result, "library itself")
    assert db.stat().st_size >= size and Library(db).summary().articles == 9
    missing = tmp_path / "no" / "such" / "notes.json"
    _one_line_failure(_feedlens(db, "annotations", "export", "-o", str(missing)), "does not exist")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 256 KiB tmpfs (needs root; skipped elsewhere): full after a small write."""
    yield from tmpfs_mount(tmp_path, "256k")


@pytest.fixture
def roomy_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 32 MiB tmpfs, room for a sample library (needs root; skipped elsewhere)."""
    yield from tmpfs_mount(tmp_path, "32m")


def test_export_on_a_full_disk_keeps_the_previous_backup(
    annotated: tuple[Library, dict[str, object]], small_disk: Path
) -> None:
    library, _ = annotated
    backup = small_disk / "notes.json"
    result = _feedlens(library.path, "annotations", "export", "--format", "json", "-o", str(backup))
    assert result.returncode == 0, result.stderr
    good = backup.read_bytes()
    _fill(small_disk / "filler")
    result = _feedlens(library.path, "annotations", "export", "--format", "json", "-o", str(backup))
    _one_line_failure(result, "full", "untouched")
    assert backup.read_bytes() == good
    assert {p.name for p in small_disk.iterdir()} == {"filler", "notes.json"}  # no temp left
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    result = _feedlens(library.path, "annotations", "export", "-o", str(small_disk / "n.md"))
    _one_line_failure(result, "read-only")


# --- 6: what --db accepts --------------------------------------------------------------------


def test_db_on_another_programs_file_is_refused_untouched(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE feeds (x)")
    conn.execute("CREATE TABLE notes (y)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    _one_line_failure(_feedlens(other, "summary"), "another program")
    assert other.read_bytes() == before
    assert not Path(str(other) + "-wal").exists()


def test_db_on_an_empty_file_makes_a_library(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    assert _feedlens(empty, "summary").returncode == 0


def test_library_from_a_newer_feedlens_is_refused(library: Library) -> None:
    library.close()
    conn = sqlite3.connect(library.path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('feedlens', 'm999_from_the_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    _one_line_failure(_feedlens(library.path, "summary"), "newer feedlens")
    with pytest.raises(LibraryError):
        Library(library.path)


def test_read_only_library_can_be_read(sample_library: Library, roomy_disk: Path) -> None:
    sample_library.close()
    copy = roomy_disk / "library.sqlite"
    copy.write_bytes(sample_library.path.read_bytes())
    subprocess.run(["mount", "-o", "remount,ro", str(roomy_disk)], check=True)
    result = _feedlens(copy, "articles", "--limit", "3", "--json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 3
    assert _feedlens(copy, "search", "halvard").returncode == 0
    _one_line_failure(
        _feedlens(copy, "annotate", "9", "--quote", "fire", "--occurrence", "1"), "read-only"
    )


def test_library_on_a_full_disk_opens_for_reading(
    sample_library: Library, roomy_disk: Path
) -> None:
    copy = _copy_onto_full_disk(sample_library, roomy_disk)
    before = copy.read_bytes()
    result = _feedlens(copy, "articles", "--limit", "3", "--json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 3
    assert "Halvard" in _feedlens(copy, "search", "halvard").stdout
    _one_line_failure(
        _feedlens(copy, "annotate", "9", "--quote", "fire", "--occurrence", "1"),
        "the disk is full",
        "free some space",
    )
    assert copy.read_bytes() == before
    (roomy_disk / "filler").unlink()  # space again: the next start writes as usual
    result = _feedlens(copy, "annotate", "9", "--quote", "fire", "--occurrence", "1")
    assert result.returncode == 0, result.stderr


async def test_reader_on_a_full_disk_opens_articles_and_says_why_once(
    sample_library: Library, roomy_disk: Path
) -> None:
    from reader.config import Settings
    from reader.ui.app import make_app
    from reader.ui.screens.library import LibraryScreen

    copy = _copy_onto_full_disk(sample_library, roomy_disk)
    library = Library(copy)
    assert library.read_only
    app = make_app(library, Settings())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause(1.0)
        for _ in range(3):  # open three articles
            await pilot.press("j", "enter")
            await pilot.pause(1.0)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert screen.reader.article is not None  # the articles open
        said = [n.message for n in app._notifications]
    library.close()
    assert len(said) == 1 and said[0].startswith("Reading only: ") and "disk is full" in said[0]


def _copy_onto_full_disk(library: Library, disk: Path) -> Path:
    """The library copied onto ``disk``, which is then filled to the last block."""
    library.close()
    copy = disk / "library.sqlite"
    copy.write_bytes(library.path.read_bytes())
    _fill(disk / "filler")
    return copy


def _fill(filler: Path) -> None:
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:  # fill the disk to the last block
        while os.write(handle, b"x" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(handle)


# --- 11: config ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "max_concurrent = inf",
        "max_per_host = nan",
        "deadline_seconds = inf",
        "refresh_interval_minutes = 0.001",
        "max_concurrent = 0",
        "max_per_host = 2.5",
        "max_concurent = 3",
    ],
)
def test_config_values_that_cannot_work_give_defaults_and_one_line(
    tmp_path: Path, line: str
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f"[fetch]\n{line}\n")
    settings = load_settings(config)
    assert settings.max_concurrent_fetches == 8 and settings.max_fetches_per_host == 2
    assert settings.fetch_deadline_seconds == 30.0 and settings.refresh_interval_minutes == 0
    assert len(settings.problems) == 1 and line.split()[0] in settings.problems[0]


def test_reader_starts_with_a_broken_config(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[fetch]\nmax_concurrent = inf\nmax_per_host = nan\n")
    env = {**os.environ, "FEEDLENS_CONFIG": str(config)}
    result = subprocess.run(
        [sys.executable, "-m", "reader", "--db", str(tmp_path / "l.sqlite"), "refresh"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr


# --- 12: huge ids and limits, odd digits, damaged library -----------------------------------


def test_huge_ids_limits_and_odd_digits_are_one_line(sample_library: Library) -> None:
    db = str(sample_library.path)
    runner = CliRunner()
    huge = "9" * 20
    for args in (
        ["show", huge],
        ["figures", "--article", huge],
        ["annotations", "list", "--article", huge],
        ["annotate", huge, "--quote", "x"],
    ):
        result = runner.invoke(main, ["--db", db, *args])
        assert result.exit_code == 1 and "no article with id" in result.stderr, args
    for args in (["articles", "--limit", huge], ["figures", "--limit", huge, "--json"]):
        result = runner.invoke(main, ["--db", db, *args])
        assert result.exit_code == 0, (args, result.output)
    result = runner.invoke(main, ["--db", db, "articles", "--feed", "²"])
    assert result.exit_code == 1 and "no feed matches" in result.stderr
    result = runner.invoke(main, ["--db", db, "search", "9" * 310])
    assert result.exit_code == 0 and result.exception is None
    result = runner.invoke(main, ["--db", db, "search", "1e308", "trillion"])
    assert result.exit_code == 0 and result.exception is None


def test_search_on_a_damaged_library_is_one_line(sample_library: Library) -> None:
    sample_library.close()
    data = bytearray(sample_library.path.read_bytes())
    page = 4096
    for number in range(2, len(data) // page):  # every page but the schema's
        data[number * page + 8 : number * page + 1500] = os.urandom(1492)
    sample_library.path.write_bytes(bytes(data))
    for args in (["search", "halvard"], ["articles"], ["summary"]):
        result = _feedlens(sample_library.path, *args)
        _one_line_failure(result)
        assert "damaged" in result.stderr or "not a feedlens library" in result.stderr


# --- 14: notes are searched ------------------------------------------------------------------


def test_words_only_in_notes_are_found(sample_library: Library) -> None:
    article = sample_library.articles(limit=1)[0]
    text = sample_library.article(article.id).text.text
    quote = text.split()[0]
    sample_library.annotate_quote(article.id, quote, "zebrafish quokka", occurrence=1)
    assert [h.article_id for h in sample_library.search("zebrafish").hits] == [article.id]
    assert [h.article_id for h in sample_library.search("quokk").hits] == [article.id]
    assert not sample_library.search("zebrafish -quokka").hits


def test_tags_an_older_import_stored_as_objects_break_nothing(
    annotated: tuple[Library, dict[str, object]],
) -> None:
    library, _ = annotated
    [(annotation, _)] = library.all_annotations()
    conn = sqlite3.connect(library.path)
    conn.execute(
        "UPDATE annotations SET tags = ? WHERE id = ?", ('[{"x": 1}, "kept", 7]', annotation.id)
    )
    conn.commit()
    conn.close()
    [(annotation, _)] = library.all_annotations()
    assert annotation.tags == ("kept",)
    assert "tags: kept" in library.export_annotations("md")
    result = _feedlens(library.path, "annotations", "list")
    assert result.returncode == 0 and "#kept" in result.stdout
