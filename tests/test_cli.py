"""The command line end to end, on a real library file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from reader.cli import main
from reader.library import Library
from tests.conftest import ROOT, SAMPLES
from tests.ptyrun import ReaderInPty


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--db", str(db), *args])
    return result.exit_code, result.stdout, result.stderr


def test_import_prints_closing_line(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path / "l.db", "import", str(SAMPLES))
    assert code == 0
    assert out.strip() == "3 feeds, 25 new, 0 updated, 0 failed"


def test_import_samples_flag(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path / "l.db", "import", "--samples")
    assert code == 0 and "25 new" in out


def test_import_json_shape(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path / "l.db", "import", "--json", str(SAMPLES / "coastline-daily.json"))
    assert code == 0
    data = json.loads(out)
    assert {k: data[k] for k in ("feeds", "new", "updated", "failed")} == {
        "feeds": 1,
        "new": 8,
        "updated": 0,
        "failed": 0,
    }
    result = data["results"][0]
    assert set(result) >= {"source", "feed_id", "feed", "new", "updated", "unchanged", "error"}


def test_bad_files_give_one_line_each_and_nonzero_exit(tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(os.urandom(512).replace(b"<", b"x").replace(b"{", b"x"))
    code, out, err = run(tmp_path / "l.db", "import", str(junk), str(tmp_path / "nope.xml"))
    assert code == 1
    lines = [line for line in err.splitlines() if line]
    assert len(lines) == 2
    assert all(line.startswith("feedlens: ") for line in lines)
    assert "Traceback" not in err
    assert "0 feeds, 0 new, 0 updated, 2 failed" in out


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("")
    code, out, err = run(
        tmp_path / "l.db", "import", str(bad), str(SAMPLES / "meridian-courier.xml")
    )
    assert code == 0
    assert "1 feed, 9 new, 0 updated, 1 failed" in out
    assert "bad.xml: empty file" in err


def test_feeds_articles_show_json(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    run(db, "import", str(SAMPLES))
    code, out, _ = run(db, "feeds", "--json")
    feeds = json.loads(out)
    assert {f["title"] for f in feeds} == {
        "The Meridian Courier",
        "Northwind Ledger",
        "Coastline Daily",
    }
    assert set(feeds[0]) >= {"id", "url", "title", "site_link", "tags", "articles", "unread"}

    code, out, _ = run(db, "articles", "--feed", "Northwind", "--limit", "3", "--json")
    rows = json.loads(out)
    assert len(rows) == 3 and all(r["feed"] == "Northwind Ledger" for r in rows)
    assert set(rows[0]) >= {
        "id",
        "feed_id",
        "feed",
        "title",
        "link",
        "published",
        "read",
        "starred",
    }

    code, out, _ = run(db, "show", str(rows[0]["id"]), "--json")
    article = json.loads(out)
    assert article["title"] == rows[0]["title"]
    assert "40%" in article["text"]

    code, out, _ = run(db, "show", str(rows[0]["id"]))
    assert out.startswith(rows[0]["title"])


def test_show_lists_links(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    run(db, "import", str(SAMPLES / "meridian-courier.xml"))
    code, out, _ = run(db, "articles", "--json", "--limit", "100")
    first = next(r for r in json.loads(out) if r["title"].startswith("Fire at Halvard"))
    code, out, _ = run(db, "show", str(first["id"]))
    assert "statement [1]" in out
    assert "[1] https://example.org/halvard/port-statement" in out


def test_unknown_article_and_feed_are_one_line_errors(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    code, _, err = run(db, "show", "999")
    assert code == 1 and err.strip() == "feedlens: no article with id 999"
    code, _, err = run(db, "articles", "--feed", "nothing")
    assert code == 1 and "no feed matches" in err


def test_unread_and_starred_filters(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    run(db, "import", str(SAMPLES))
    code, out, _ = run(db, "articles", "--unread", "--json", "--limit", "500")
    assert len(json.loads(out)) == 25
    code, out, _ = run(db, "articles", "--starred", "--json")
    assert json.loads(out) == []


def test_export_opml(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    run(db, "import", str(SAMPLES / "subscriptions.opml"))
    code, out, _ = run(db, "export-opml")
    assert code == 0
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert "Northwind Ledger" in out and 'category="/Business,/energy"' in out


def test_an_exported_opml_imports_back_into_another_library(tmp_path: Path) -> None:
    """export-opml names file feeds by file:// URL: imported from elsewhere they are refused
    (an OPML must not make the reader read files it was not given) with a line saying how,
    exit 1; with --trusted (or its older name --local-files), or beside the feeds, they
    come back."""
    db = tmp_path / "l.db"
    run(db, "import", str(SAMPLES))
    exported = tmp_path / "elsewhere" / "subs.opml"
    exported.parent.mkdir()
    code, _, _ = run(db, "export-opml", "-o", str(exported))
    assert code == 0 and "file://" in exported.read_text()
    code, out, err = run(tmp_path / "refused.db", "import", str(exported))
    # Refused, not failed: deliberately kept out, the flag that lets them in named once.
    assert (code, out.strip()) == (
        1,
        "0 feeds, 0 new, 0 updated, 0 failed, 3 refused as not trusted (northwind-ledger.atom, "
        "coastline-daily.json, meridian-courier.xml): an OPML names files outside its folder "
        "and web feeds on this machine or your network only when trusted (import --trusted, "
        "for one you trust such as your own export-opml)",
    )
    # The one reason said once, of the OPML, naming the first entry, then how many more had it.
    first, more = err.splitlines()
    assert first.startswith(f"feedlens: {exported}: refused file://")
    assert first.endswith(": a file outside the OPML's folder")
    assert more.startswith(
        f"feedlens: {exported}: refused: a file outside the OPML's folder (also 2 more files: "
    )
    assert "--trusted" not in err
    code, out, _ = run(tmp_path / "trusted.db", "import", "--local-files", str(exported))
    assert (code, out.strip()) == (0, "3 feeds, 25 new, 0 updated, 0 failed")
    # A file it names that is gone: one line for it, the others imported.
    gone = tmp_path / "elsewhere" / "gone.opml"
    gone.write_text(exported.read_text().replace("coastline-daily.json", "gone.json"))
    code, out, err = run(tmp_path / "gone.db", "import", "--local-files", str(gone))
    assert (code, out.strip()) == (0, "2 feeds, 17 new, 0 updated, 1 failed")
    assert [line for line in err.splitlines() if "gone.json" in line] == [
        f"feedlens: {SAMPLES.resolve() / 'gone.json'}: no such file"
    ]


def test_db_from_environment(tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    result = CliRunner().invoke(
        main, ["import", str(SAMPLES / "coastline-daily.json")], env={"FEEDLENS_DB": str(db)}
    )
    assert result.exit_code == 0
    assert db.exists()


def test_python_dash_m_reader(tmp_path: Path) -> None:
    env = {**os.environ, "FEEDLENS_DB": str(tmp_path / "m.db")}
    done = subprocess.run(
        [sys.executable, "-m", "reader", "import", str(SAMPLES / "northwind-ledger.atom")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "1 feed, 8 new" in done.stdout


def test_opml_web_feeds_are_announced_and_urls_redirected_to_add(tmp_path: Path) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<opml version="2.0"><body><outline text="A" xmlUrl="https://a.example/f"/>'
        '<outline text="B" xmlUrl="https://b.example/f"/></body></opml>'
    )
    code, out, _ = run(tmp_path / "l.db", "import", str(opml))
    assert code == 0
    assert "0 feeds, 0 new, 0 updated, 0 failed" in out
    assert "2 web feeds subscribed" in out
    code, out, err = run(tmp_path / "l.db", "import", "https://example.com/feed.xml")
    assert code == 1 and "feedlens add URL" in err


def test_figures_after_an_extractor_upgrade_shows_progress_on_a_terminal(
    sample_library: Library,
) -> None:
    """On a terminal, re-extraction draws a bar (a million articles take minutes); the groups
    then come as usual."""
    with sample_library.store.write() as conn:
        conn.execute("UPDATE articles SET extractor_version = 0")
    sample_library.close()
    reader = ReaderInPty(sample_library.path, args=("figures",))
    try:
        output = b""
        deadline = time.monotonic() + 60
        while reader.process.poll() is None and time.monotonic() < deadline:
            output = reader.read(0.5)
        output = reader.read(0.5)
    finally:
        reader.close()
    text = output.decode("utf-8", "replace")
    assert "the figure extractor was upgraded" in text
    assert "analysing 0 of 25 articles" in text
    assert "25/25" in text  # the bar's count, drawn before it is cleared
    assert "4,500 vs 5,000 workers evacuated" in text


def test_a_folder_import_skips_files_that_are_not_feeds_without_failing(tmp_path: Path) -> None:
    """A folder written by a script holds feeds and an index.json of its own: the index (and a
    web page) are named as skipped, not counted as failed feeds; a broken feed still fails,
    and the same index named by itself is a failure (it was meant as a feed)."""
    folder = tmp_path / "feeds"
    folder.mkdir()
    (folder / "coastline-daily.json").write_bytes((SAMPLES / "coastline-daily.json").read_bytes())
    (folder / "index.json").write_text(json.dumps({"https://a.example/1": {"cluster": "t01"}}))
    (folder / "page.html").write_text("<!doctype html><html><body>hello</body></html>")
    (folder / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!-- made by a site generator -->\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://a.example/1</loc></url></urlset>"
    )
    code, out, err = run(tmp_path / "l.db", "import", str(folder))
    assert code == 0
    assert out.strip() == (
        "1 feed, 8 new, 0 updated, 0 failed; skipped 3 files, not feeds: index.json, page.html,"
        " sitemap.xml"
    )
    assert f"feedlens: {folder / 'index.json'}: skipped, JSON that is not a JSON Feed" in err
    assert f"feedlens: {folder / 'sitemap.xml'}: skipped, XML whose root is <urlset>" in err
    code, out, _ = run(tmp_path / "l.db", "import", "--json", str(folder))
    data = json.loads(out)
    assert data["failed"] == 0
    assert [entry["source"] for entry in data["skipped"]] == [
        str(folder / "index.json"),
        str(folder / "page.html"),
        str(folder / "sitemap.xml"),
    ]

    broken = {"version": "https://jsonfeed.org/version/1.1", "title": "no items"}
    (folder / "broken.json").write_text(json.dumps(broken))
    code, out, err = run(tmp_path / "l.db", "import", str(folder / "index.json"))
    assert (code, out) == (1, "")  # the one failure's line is all there is to say
    assert err.splitlines() == [
        f"feedlens: {folder / 'index.json'}: JSON file is not a JSON Feed (no jsonfeed.org version)"
    ]
    code, out, _ = run(tmp_path / "l.db", "import", "--json", str(folder))
    data = json.loads(out)
    assert [r["source"] for r in data["results"] if r["error"]] == [str(folder / "broken.json")]
    assert len(data["skipped"]) == 3
