"""An OPML's entries its safety rule keeps out (files outside its folder, web feeds on this
machine) are told of the OPML, by what they are (a web address is a web feed, never a file),
counted as refused rather than failed, with the flag that lets them in named once. The rule
itself is unchanged. The real command, real files, a real library file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from reader.cli import main
from tests.conftest import SAMPLES

# The one wording of refusals, the reader's too (ImportSummary.refusal): what is named, why,
# then the flag that lets them in.
WHY = (
    ": an OPML names files outside its folder and web feeds on this machine or your network "
    "only when trusted (import --trusted, for one you trust such as your own export-opml)"
)


def _opml(path: Path, urls: list[str]) -> Path:
    outlines = "".join(
        f'<outline type="rss" text="f{n}" xmlUrl="{u}"/>' for n, u in enumerate(urls)
    )
    path.write_text(
        f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>',
        encoding="utf-8",
    )
    return path


def test_refused_entries_are_told_of_the_opml_and_counted_as_refused(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    for n in range(5):
        shutil.copyfile(SAMPLES / "meridian-courier.xml", feeds / f"m{n}.xml")
    lists = tmp_path / "lists"
    lists.mkdir()
    shutil.copyfile(SAMPLES / "coastline-daily.json", lists / "coast.json")
    loopback = ["http://127.0.0.1:8765/feed.xml", "http://127.0.0.1:8765/other.xml"]
    files = [(feeds / f"m{n}.xml").as_uri() for n in range(5)]
    opml = _opml(lists / "subs.opml", [*files, *loopback, "coast.json"])
    db = str(tmp_path / "l.db")
    result = CliRunner().invoke(main, ["--db", db, "import", str(opml)])
    assert result.exit_code == 0  # the feed beside it came in
    assert result.stdout.splitlines() == [
        "1 feed, 8 new, 0 updated, 0 failed, 7 refused as not trusted "
        f"(127.0.0.1:8765, m0.xml, m1.xml and 3 more){WHY}"
    ]
    told = [line for line in result.stderr.splitlines() if "refused" in line]
    assert told == [
        f"feedlens: {opml}: refused {files[0]}: a file outside the OPML's folder",
        f"feedlens: {opml}: refused {loopback[0]}: an address on this machine (127.0.0.1)",
        f"feedlens: {opml}: refused: a file outside the OPML's folder "
        "(also 4 more files: m1.xml, m2.xml, m3.xml and 1 more)",
        f"feedlens: {opml}: refused: an address on this machine (127.0.0.1) "
        f"(also 1 more web feed: {loopback[1]})",
    ]
    shown = json.loads(CliRunner().invoke(main, ["--db", db, "import", "--json", str(opml)]).stdout)
    assert (shown["failed"], shown["refused"]) == (7, 7)  # "failed" kept its meaning: a contract
    # Which entries only a trusted OPML may name (the reader asks about them): a field added
    # beside the old ones, and each result says why it was refused.
    assert shown["needs_trust"] == {"addresses": ["127.0.0.1:8765"], "files": files}
    why = {r["source"]: r["needs_trust"] for r in shown["results"] if r["error"]}
    assert why == {**dict.fromkeys(files, "file"), **dict.fromkeys(loopback, "address")}
    assert [r["needs_trust"] for r in shown["results"] if not r["error"]] == [""]
    feeds_json = json.loads(CliRunner().invoke(main, ["--db", db, "feeds", "--json"]).stdout)
    assert [f["title"] for f in feeds_json] == ["Coastline Daily"]  # the rule held


def test_a_refused_entry_beside_a_real_failure_counts_each_as_what_it_is(tmp_path: Path) -> None:
    opml = _opml(tmp_path / "subs.opml", ["gone.xml", "http://127.0.0.1:8765/feed.xml"])
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "l.db"), "import", str(opml)])
    assert result.exit_code == 1  # nothing could be imported
    assert result.stdout.splitlines() == [
        f"0 feeds, 0 new, 0 updated, 1 failed, 1 refused as not trusted (127.0.0.1:8765){WHY}"
    ]
    assert result.stderr.splitlines() == [
        f"feedlens: {opml}: refused http://127.0.0.1:8765/feed.xml: an address on this machine"
        " (127.0.0.1)",
        f"feedlens: {tmp_path / 'gone.xml'}: no such file",
    ]


def test_trusted_lets_them_in(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    shutil.copyfile(SAMPLES / "meridian-courier.xml", feeds / "m.xml")
    (tmp_path / "lists").mkdir()
    opml = _opml(tmp_path / "lists" / "subs.opml", [(feeds / "m.xml").as_uri()])
    result = CliRunner().invoke(
        main, ["--db", str(tmp_path / "l.db"), "import", "--trusted", str(opml)]
    )
    assert (result.exit_code, result.stdout.strip()) == (0, "1 feed, 9 new, 0 updated, 0 failed")
