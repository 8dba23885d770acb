"""What the command line says about bad input a newcomer met: a TOML or Markdown file named
for import is "not a feed" (never a JSON parser's words), a broken JSON Feed says where it
breaks, ill-formed XML names its line, a lone failure is one line, and a number option given
no number says so. The real command, a real library file, real files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import main
from tests.conftest import ROOT, SAMPLES

NOT_A_FEED = "not a feed (no RSS, Atom, JSON Feed or OPML content found)"


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--db", str(db), *args])
    return result.exit_code, result.stdout, result.stderr


def _feeds(db: Path) -> str:
    return run(db, "feeds", "--json")[1].strip()


@pytest.mark.parametrize("name", ["pyproject.toml", "README.md"])
def test_a_file_that_is_no_feed_is_not_a_feed_in_one_line(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    shutil.copyfile(ROOT / name, path)  # the project's own: TOML opens "[project]"
    code, out, err = run(tmp_path / "l.db", "import", str(path))
    assert (code, out) == (1, "")
    assert err.splitlines() == [f"feedlens: {path}: {NOT_A_FEED}"]
    assert _feeds(tmp_path / "l.db") == "[]"


def test_in_a_folder_a_toml_file_is_skipped_not_failed(tmp_path: Path) -> None:
    folder = tmp_path / "feeds"
    folder.mkdir()
    shutil.copyfile(ROOT / "pyproject.toml", folder / "pyproject.toml")
    shutil.copyfile(SAMPLES / "meridian-courier.xml", folder / "meridian-courier.xml")
    code, out, err = run(tmp_path / "l.db", "import", str(folder))
    assert code == 0
    assert out.splitlines() == [
        "1 feed, 9 new, 0 updated, 0 failed; skipped 1 file, not a feed: pyproject.toml"
    ]
    assert f"feedlens: {folder / 'pyproject.toml'}: skipped, {NOT_A_FEED}" in err.splitlines()


def test_a_broken_json_feed_says_where_in_our_words(tmp_path: Path) -> None:
    path = tmp_path / "coast.json"
    whole = (SAMPLES / "coastline-daily.json").read_text(encoding="utf-8")
    path.write_text(whole[: whole.index('"items"') + 10], encoding="utf-8")  # cut short
    line = whole[: whole.index('"items"') + 10].count("\n") + 1
    code, out, err = run(tmp_path / "l.db", "import", str(path))
    assert (code, out) == (1, "")
    [said] = err.splitlines()
    assert said.startswith(f"feedlens: {path}: a JSON Feed that is not valid JSON: line {line}, ")
    assert "(char" not in said and "Expecting" not in said


def test_ill_formed_xml_names_its_line(tmp_path: Path) -> None:
    unreadable = tmp_path / "unreadable.xml"
    unreadable.write_text('<?xml version="1.0"?>\n<x>\n\n<', encoding="utf-8")
    code, out, err = run(tmp_path / "l.db", "import", str(unreadable))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"feedlens: {unreadable}: not a readable RSS or Atom feed: line 4: unclosed token"
    ]
    cut = tmp_path / "cut.xml"
    cut.write_text(
        '<?xml version="1.0"?>\n<rss version="2.0">\n<channel>\n<title>Cut</title>\n'
        "<item><title>a</title>\n",
        encoding="utf-8",
    )
    code, out, err = run(tmp_path / "l.db", "import", str(cut))
    assert code == 0 and out.startswith("1 feed, 1 new")  # what was there is kept
    assert f"feedlens: {cut}: feed has errors, read what was there: line 6: no element found" in (
        err.splitlines()
    )


def test_a_lone_missing_file_is_one_line_and_a_summary_stays_beside_a_success(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "nowhere.xml"
    code, out, err = run(tmp_path / "l.db", "import", str(missing))
    assert (code, out, err.splitlines()) == (1, "", [f"feedlens: {missing}: no such file"])
    good = SAMPLES / "meridian-courier.xml"
    code, out, err = run(tmp_path / "l.db", "import", str(missing), str(good))
    assert code == 0
    assert out.splitlines() == ["1 feed, 9 new, 0 updated, 1 failed"]
    assert f"feedlens: {missing}: no such file" in err.splitlines()


@pytest.mark.parametrize(
    "args, said",
    [
        (
            ("figures", "--limit", "abc"),
            "--limit: 'abc' is not a number (see feedlens figures --help)",
        ),
        (
            ("search", "x", "--limit", "1.5"),
            "--limit: '1.5' is not a number (see feedlens search --help)",
        ),
        (
            ("stories", "--limit", "ten"),
            "--limit: 'ten' is not a number (see feedlens stories --help)",
        ),
    ],
)
def test_a_number_option_given_no_number_says_so(
    tmp_path: Path, args: tuple[str, ...], said: str
) -> None:
    code, out, err = run(tmp_path / "l.db", *args)
    assert (code, out, err.splitlines()) == (2, "", [f"feedlens: {said}"])
