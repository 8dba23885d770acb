"""Rough edges a new user met on the command line, each pinned by the command as run."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from reader.cli import main
from reader.text.dates_shown import day_and_time
from tests.conftest import SAMPLES


def test_import_errors_on_a_pipe_have_no_blank_line_between_them(tmp_path: Path) -> None:
    # Piped stderr (a script, `2>log`): the progress bar is never drawn, and stopping it
    # printed an empty line after the failures, before the closing notes.
    bad = tmp_path / "bad.xml"
    bad.write_text("garbage", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["--db", str(tmp_path / "l.db"), "import", str(bad), str(SAMPLES / "coastline-daily.json")],
    )
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert lines, "the bad file was not reported"
    assert "" not in lines, lines
    assert lines[0].startswith(f"feedlens: {bad}: ")
    assert "1 feed, 8 new, 0 updated, 1 failed" in result.stdout


def test_a_story_header_gives_its_times_as_its_articles_and_one_time_once(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "l.db")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "import", "--wait", str(SAMPLES)]).exit_code == 0
    listed = runner.invoke(main, ["--db", db, "stories", "--json", "--min-articles", "1"])
    stories = json.loads(listed.stdout)
    lone = next(s for s in stories if s["first"] == s["last"])
    several = next(s for s in stories if s["first"] != s["last"])
    header = runner.invoke(main, ["--db", db, "stories", str(lone["id"])]).stdout.splitlines()[1]
    # To the minute, in local time, as the articles under it ("10 Nov, 07:00").
    assert day_and_time(lone["first"]) in header and "–" not in header, header
    header = runner.invoke(main, ["--db", db, "stories", str(several["id"])]).stdout.splitlines()[1]
    first, last = day_and_time(several["first"]), day_and_time(several["last"])
    if first.split(",")[0] == last.split(",")[0]:  # the same day: said once
        last = last.split(", ")[1]
    assert f"{first} – {last}" in header, header
