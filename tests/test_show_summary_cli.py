"""``show`` of an entry with no link names its id as an id, never as a link; ``summary``
says how many of the library's articles have their figures read, beside the queue batch's
``analysed`` count (25 in a library of 2,000 read as if 25 were). Real corpus and sample
files, the real command, a real library file."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from reader.cli import main
from tests.conftest import SAMPLES


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--db", str(db), *args])
    return result.exit_code, result.stdout, result.stderr


def _ids(db: Path) -> dict[str, int]:
    rows = json.loads(run(db, "articles", "--json", "--limit", "100")[1])
    return {row["feed"]: row["id"] for row in rows}


def test_show_labels_an_atom_id_standing_in_for_a_link(corpora: Path, tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    feeds = corpora / "real-world-feeds"
    run(db, "import", str(feeds / "missing-fields.atom"), str(feeds / "guardian.rss"))
    ids = _ids(db)
    code, out, _ = run(db, "show", str(ids["missing-fields"]))
    assert code == 0
    assert out.splitlines()[:3] == [
        "",
        "missing-fields · undated",
        "id: tag:github.com,2008:Repository/11167738/v3.9.0",
    ]
    shown = json.loads(run(db, "show", str(ids["missing-fields"]), "--json")[1])
    assert shown["entry_id"] == "tag:github.com,2008:Repository/11167738/v3.9.0"
    assert shown["link"] == shown["entry_id"]  # the JSON's link is as it always was
    code, out, _ = run(db, "show", str(ids["The Guardian"]))
    assert out.splitlines()[2].startswith("https://www.theguardian.com/")  # a link stays one
    assert json.loads(run(db, "show", str(ids["The Guardian"]), "--json")[1])["entry_id"] is None


def test_summary_counts_the_library_s_analysed_articles_beside_the_batch(
    corpora: Path, tmp_path: Path
) -> None:
    db = tmp_path / "l.db"
    assert run(db, "import", "--wait", str(SAMPLES))[0] == 0  # 25 articles, analysed
    one = corpora / "real-world-feeds" / "missing-fields.atom"
    assert run(db, "import", "--wait", str(one))[0] == 0  # a batch of 1, analysed
    shown = json.loads(run(db, "summary", "--json")[1])
    assert shown["articles"] == 26
    # "analysed" is the batch's, as it always was; the library's count has its own name.
    assert (shown["analysed"], shown["batch"], shown["to_analyse"]) == (1, 1, 0)
    assert (shown["complete"], shown["articles_analysed"]) == (True, 26)
    code, out, _ = run(db, "summary")
    assert out.splitlines()[1:] == [
        "4 feeds, 26 articles, 26 unread, 0 starred",
        "no highlights or notes yet",
    ]


def test_summary_while_articles_wait_says_of_the_library(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    run(db, "import", str(SAMPLES / "meridian-courier.xml"))  # not waited for: 9 queued
    code, out, _ = run(db, "summary")
    assert code == 0
    assert out.splitlines()[1:] == [
        "1 feed, 9 articles, 9 unread, 0 starred",
        "figures read for 0 of 9 articles; 9 still to analyse",
        "no highlights or notes yet",
    ]
    shown = json.loads(run(db, "summary", "--json")[1])
    assert (shown["analysed"], shown["batch"], shown["articles_analysed"]) == (0, 9, 0)
