"""Feeds from files are read again by r (one feed), R and `refresh --all` (issue 23); the
summary counts updated articles."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from reader.cli import main
from reader.library import Library
from tests.conftest import SAMPLES


def copied_meridian(library: Library, tmp_path: Path) -> tuple[int, Path]:
    path = tmp_path / "meridian.xml"
    shutil.copy(SAMPLES / "meridian-courier.xml", path)
    result = library.import_paths([path]).results[0]
    assert result.feed_id is not None
    return result.feed_id, path


def test_a_file_feed_is_read_again_when_named_or_when_all_are_refreshed_now(
    library: Library, tmp_path: Path
) -> None:
    feed_id, path = copied_meridian(library, tmp_path)
    shutil.copy(SAMPLES / "updates" / "meridian-courier.xml", path)
    assert library.refresh(None).feeds == ()  # a scheduled refresh fetches web feeds only
    summary = library.refresh([feed_id])
    [outcome] = summary.feeds
    assert (outcome.feed_id, outcome.outcome, outcome.new, outcome.updated) == (
        feed_id,
        "updated",
        0,
        1,
    )
    assert "1 updated article" in summary.line()
    summary = library.refresh(None, force=True)
    assert [(f.feed_id, f.outcome) for f in summary.feeds] == [(feed_id, "unchanged")]


def test_a_file_gone_from_its_path_is_that_feeds_error(library: Library, tmp_path: Path) -> None:
    feed_id, path = copied_meridian(library, tmp_path)
    path.unlink()
    [outcome] = library.refresh(None, force=True).feeds
    assert outcome.outcome == "failed" and outcome.error == f"{path} is gone"
    assert library.feeds()[0].article_count == 9  # nothing lost


def test_cli_refresh_all_rereads_files(library: Library, tmp_path: Path) -> None:
    _, path = copied_meridian(library, tmp_path)
    shutil.copy(SAMPLES / "updates" / "meridian-courier.xml", path)
    result = CliRunner().invoke(main, ["--db", str(library.path), "refresh", "--all"])
    assert result.exit_code == 0, result.stderr
    assert "1 of 1 feed refreshed, 0 new articles, 1 updated article, 0 unchanged, 0 failed" in (
        result.stdout
    )
