"""Managing feeds from the command line (issue 23): rm (notes kept), rename, tag, untag, read,
searches rm, the listing's header, and click's own errors as one line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from reader.cli import main
from reader.library import Library
from reader.store.articles import ArticleFilter
from tests.conftest import SAMPLES
from tests.ptyrun import ReaderInPty


def run(db: Path, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--db", str(db), *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def sample_db(tmp_path: Path) -> Path:
    db = tmp_path / "l.db"
    assert run(db, "import", "--wait", str(SAMPLES))[0] == 0
    return db


def test_feeds_lists_with_a_header_saying_what_the_counts_are(tmp_path: Path) -> None:
    db = sample_db(tmp_path)
    code, out, _ = run(db, "feeds")
    lines = out.splitlines()
    assert code == 0 and "unread/total" in lines[0]
    assert any("8/8" in line and "Coastline Daily" in line for line in lines[1:])
    code, out, _ = run(db, "feeds", "--json")
    assert code == 0 and {f["title"] for f in json.loads(out)} >= {"Coastline Daily"}


def annotate_meridian(db: Path) -> tuple[int, str]:
    """A note on an article of The Meridian Courier: (article id, its title)."""
    library = Library(db)
    try:
        feed = next(f for f in library.feeds() if f.title == "The Meridian Courier")
        row = library.articles(ArticleFilter(feed_id=feed.id), 0, 1)[0]
        library.annotate(row.id, 0, 8, note="keep me")
        return row.id, row.title
    finally:
        library.close()


def test_rm_refuses_without_a_terminal_and_deletes_with_yes_keeping_notes(tmp_path: Path) -> None:
    db = sample_db(tmp_path)
    article_id, title = annotate_meridian(db)
    code, out, err = run(db, "feeds", "rm", "Meridian")
    assert code == 1 and out == ""
    assert err.splitlines() == [
        "feedlens: deleting The Meridian Courier and its 9 articles; 1 note on them is "
        "kept, listed as orphaned: not asked without a terminal; add --yes to delete"
    ]
    assert "The Meridian Courier" in run(db, "feeds")[1]  # nothing lost
    code, out, _ = run(db, "feeds", "rm", "Meridian", "--yes")
    assert code == 0 and "9 articles" in out and "1 note kept as orphaned" in out
    code, out, _ = run(db, "feeds")
    assert "The Meridian Courier" not in out
    code, out, _ = run(db, "articles", "--limit", "100", "--json")
    assert all(a["feed"] != "The Meridian Courier" for a in json.loads(out))
    code, out, _ = run(db, "annotations", "list", "--json")
    notes = json.loads(out)
    assert [(n["note"], n["status"], n["article"]["title"]) for n in notes] == [
        ("keep me", "orphaned", title)
    ]
    code, out, _ = run(db, "annotations", "export", "--format", "md")
    assert code == 0 and "keep me" in out and title in out
    code, _, err = run(db, "figures")  # the deleted mentions' groups are rebuilt
    assert code == 0, err


def test_rm_asks_on_a_terminal_and_no_keeps_the_feed(tmp_path: Path) -> None:
    db = sample_db(tmp_path)
    terminal = ReaderInPty(db, columns=120, lines=30, args=("feeds", "rm", "Coastline"))
    try:
        # Waited for, not a fixed 8 s and 3 s: as soon as it asks, as late as a loaded start.
        question = b"Delete Coastline Daily and its 8 articles?"
        assert terminal.wait_for(question, 60), terminal.output
        terminal.send("n\r", pause=0)
        assert terminal.wait_for(b"Nothing deleted", 30), terminal.output
        assert terminal.process.wait(timeout=10) == 0
    finally:
        terminal.close()
    assert "Coastline Daily" in run(db, "feeds")[1]


def test_rename_tag_untag_read(tmp_path: Path) -> None:
    db = sample_db(tmp_path)
    assert run(db, "feeds", "rename", "Coastline", "Coast  News")[0] == 0
    assert run(db, "feeds", "tag", "Coast News", "local", "sea")[1].strip() == (
        "Coast News: tags News, local, sea"
    )
    assert run(db, "feeds", "untag", "Coast News", "sea")[1].strip() == (
        "Coast News: tags News, local"
    )
    code, _, err = run(db, "feeds", "untag", "Coast News", "nope")
    assert code == 1 and err == "feedlens: Coast News has no tag nope\n"
    assert run(db, "feeds", "read", "Coast News")[1].strip() == (
        "Coast News: 8 articles marked read"
    )
    # A re-import keeps the user's name, and the tags.
    assert run(db, "import", str(SAMPLES / "coastline-daily.json"))[0] == 0
    feed = next(f for f in json.loads(run(db, "feeds", "--json")[1]) if f["id"] == 1)
    assert (feed["title"], feed["tags"], feed["unread"]) == ("Coast News", ["News", "local"], 0)
    code, _, err = run(db, "feeds", "rename", "1", "   ")
    assert code == 1 and err.startswith("feedlens: ") and len(err.splitlines()) == 1


def test_searches_rm(tmp_path: Path) -> None:
    db = sample_db(tmp_path)
    library = Library(db)
    library.save_search("ports", "port authority")
    library.close()
    assert run(db, "searches", "rm", "ports") == (0, "Deleted the saved search ports\n", "")
    assert run(db, "searches", "rm", "ports") == (
        1,
        "",
        "feedlens: no saved search named 'ports'\n",
    )


def test_clicks_own_errors_are_one_line(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    for args in (("show", "abc"), ("nonsense",), ("show",), ("figures", "--limit", "0")):
        code, out, err = run(db, *args)
        assert code in (1, 2) and out == ""
        assert len(err.splitlines()) == 1 and err.startswith("feedlens: "), err
    assert "'abc' is not an id" in run(db, "show", "abc")[2]
    assert "(see feedlens show --help)" in run(db, "show", "abc")[2]
    assert run(db, "--version")[0] == 0


def test_figures_of_an_article_print_values_as_people_write_them(tmp_path: Path) -> None:
    db = sample_db(tmp_path)
    library = Library(db)
    try:
        article_id = next(
            row.id
            for row in library.articles(ArticleFilter(), 0, 100)
            if any(
                f.mention.value is not None and f.mention.value >= 1_000_000
                for f in library.article_figures(row.id)
            )
        )
    finally:
        library.close()
    code, out, _ = run(db, "figures", "--article", str(article_id))
    assert code == 0
    assert "e+0" not in out and " million" in out
