"""Annotations: anchoring through edits, the never-lose rules, export/import round trips, CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.annotations import AnchorError, Annotation, find_quote, make_anchor, reanchor
from reader.cli import main
from reader.library import Library
from tests.conftest import SAMPLES

TEXT = (
    "The storm hit the coast on Monday. About 4,500 workers were evacuated from the port. "
    "Officials said the damage was severe.\n\nThe storm hit the coast again on Friday."
)


def annotation_for(text: str, quote: str, occurrence: int = 1) -> Annotation:
    start, end = find_quote(text, quote, occurrence)
    return Annotation(id=1, uid="u1", article_id=1, **make_anchor(text, start, end))


def test_unchanged_text_keeps_offsets() -> None:
    before = annotation_for(TEXT, "4,500 workers were evacuated")
    after = reanchor(before, TEXT)
    assert (after.start, after.end, after.status) == (before.start, before.end, "anchored")


@pytest.mark.parametrize(
    "edited, expected",
    [
        (  # a shorter word inside: the window as long as the quote took the next word in
            "Moscow says. In a joint statement issued Oct. 25, the Russian and Syrian defence"
            " ministries accused U.S. forces of smuggling oil.",
            "In a joint statement issued Oct. 25, the Russian and Syrian defence ministries"
            " accused U.S.",
        ),
        (  # words added inside: the window left the first and last words out
            "Moscow says. In a joint statement, published on Oct. 25, the Russian and Syrian"
            " defense ministries have accused U.S. forces of smuggling oil.",
            "In a joint statement, published on Oct. 25, the Russian and Syrian defense"
            " ministries have accused U.S.",
        ),
        (  # the page keeps links as numbered references after the linked words
            "Moscow says. In a joint statement [1] published Oct. 25, the Russian and Syrian"
            " defense ministries accused U.S.[2] forces of smuggling oil.",
            "In a joint statement [1] published Oct. 25, the Russian and Syrian defense"
            " ministries accused U.S.",
        ),
    ],
)
def test_a_moved_quote_keeps_its_first_and_last_words(edited: str, expected: str) -> None:
    teaser = (
        "Moscow says. In a joint statement published Oct. 25, the Russian and Syrian defense"
        " ministries accused U.S. forces of smuggling oil."
    )
    quote = (
        "In a joint statement published Oct. 25, the Russian and Syrian defense ministries"
        " accused U.S."
    )
    after = reanchor(annotation_for(teaser, quote), edited)
    assert (after.quote, after.status) == (expected, "moved")
    assert edited[after.start : after.end] == expected


def test_text_inserted_before_moves_offsets_exactly() -> None:
    before = annotation_for(TEXT, "4,500 workers were evacuated")
    edited = "UPDATE: new details added at 14:00.\n\n" + TEXT
    after = reanchor(before, edited)
    assert edited[after.start : after.end] == "4,500 workers were evacuated"
    assert after.status == "anchored"


def test_repeated_quote_chooses_by_context() -> None:
    second = annotation_for(TEXT, "The storm hit the coast", occurrence=2)
    edited = "Breaking. " + TEXT
    after = reanchor(second, edited)
    assert edited[after.end : after.end + 6] == " again"


def test_slightly_edited_quote_is_found_fuzzily_and_marked_moved() -> None:
    before = annotation_for(TEXT, "About 4,500 workers were evacuated from the port.")
    edited = TEXT.replace(
        "About 4,500 workers were evacuated from the port.",
        "About 4,600 workers were evacuated from the harbour port.",
    )
    after = reanchor(before, edited)
    assert after.status == "moved"
    assert "4,600 workers were evacuated" in edited[after.start : after.end]


def test_deleted_sentence_is_orphaned_and_kept() -> None:
    before = annotation_for(TEXT, "Officials said the damage was severe.")
    edited = TEXT.replace(" Officials said the damage was severe.", "")
    after = reanchor(before, edited)
    assert after.status == "orphaned"
    assert after.quote == "Officials said the damage was severe."


def test_whitespace_changes_are_forgiven() -> None:
    before = annotation_for(TEXT, "Officials said the damage was severe.")
    edited = TEXT.replace("Officials said the damage", "Officials  said\nthe damage")
    after = reanchor(before, edited)
    assert after.status == "moved"
    assert edited[after.start : after.end].split() == [
        "Officials",
        "said",
        "the",
        "damage",
        "was",
        "severe.",
    ]


def test_mojibake_changes_are_forgiven() -> None:
    text = "The café owner said 40 people were hurt in the blast on Monday evening."
    before = annotation_for(text, "The café owner said 40 people were hurt")
    broken = text.replace("café", "cafÃ©")
    after = reanchor(before, broken)
    assert after.status == "moved"
    assert broken[after.start : after.end].startswith("The caf")


def test_find_quote_errors() -> None:
    with pytest.raises(AnchorError, match="not in the article"):
        find_quote(TEXT, "hurricane")
    with pytest.raises(AnchorError, match="occurs 2 times"):
        find_quote(TEXT, "The storm hit the coast")
    assert find_quote(TEXT, "The storm hit the coast", 2)[0] > 50


def meridian_library(library: Library, tmp_path: Path) -> tuple[Path, int]:
    feed = tmp_path / "meridian.xml"
    shutil.copy(SAMPLES / "meridian-courier.xml", feed)
    library.import_paths([feed])
    target = next(r for r in library.articles(limit=100) if r.title.startswith("Evacuation"))
    return feed, target.id


def test_article_update_reanchors_and_never_deletes(library: Library, tmp_path: Path) -> None:
    feed, article_id = meridian_library(library, tmp_path)
    kept = library.annotate_quote(article_id, "in addition to the 4,500 workers", "n1", ["x"])
    edited = library.annotate_quote(
        article_id, "So far 8,000 residents have left their homes", "n2"
    )
    gone = library.annotate_quote(
        article_id, "Emergency shelters have space for about 3,000 people.", "n3"
    )
    shutil.copy(SAMPLES / "updates" / "meridian-courier.xml", feed)
    library.import_paths([feed])
    library.import_paths([feed])  # re-import: nothing lost either
    by_id = {a.id: a for a in library.annotations(article_id)}
    text = library.article(article_id).text.text
    assert len(by_id) == 3
    assert by_id[kept.id].status == "anchored"
    assert text[by_id[kept.id].start : by_id[kept.id].end] == "in addition to the 4,500 workers"
    assert by_id[edited.id].status == "moved"
    assert "8,200 residents" in text[by_id[edited.id].start : by_id[edited.id].end]
    assert by_id[gone.id].status in ("moved", "orphaned")
    assert by_id[gone.id].note == "n3"
    # extractor upgrades and schema work never touch annotations either
    library.reextract_figures()
    assert len(library.annotations(article_id)) == 3


def test_export_formats_and_json_round_trip(library: Library, tmp_path: Path) -> None:
    _, article_id = meridian_library(library, tmp_path)
    library.annotate_quote(
        article_id, "4,500 workers", "Compare with **union** figure", ["numbers", "check"]
    )
    markdown = library.export_annotations("md")
    assert "## Evacuation numbers could grow, city warns" in markdown
    assert "> 4,500 workers" in markdown and "Compare with **union** figure" in markdown
    assert "id: " in markdown
    w3c = json.loads(library.export_annotations("w3c"))
    item = w3c["first"]["items"][0]
    assert w3c["@context"] == "http://www.w3.org/ns/anno.jsonld"
    selectors = {s["type"]: s for s in item["target"]["selector"]}
    assert selectors["TextQuoteSelector"]["exact"] == "4,500 workers"
    assert selectors["TextPositionSelector"]["end"] - selectors["TextPositionSelector"][
        "start"
    ] == len("4,500 workers")
    exported = library.export_annotations("json")
    other = Library(tmp_path / "other.sqlite")
    other.import_paths([tmp_path / "meridian.xml"])
    first = other.import_annotations(exported.encode())
    assert (first.new, first.updated, first.problems) == (1, 0, ())
    again = other.import_annotations(exported.encode())  # no duplicates, nothing changed
    assert (again.new, again.updated, again.unchanged, again.problems) == (0, 0, 1, ())
    [(restored, info)] = other.all_annotations()
    assert restored.note == "Compare with **union** figure"
    # A library without the article skips the highlight and names it as a reader knows it.
    third = Library(tmp_path / "third.sqlite")
    skipped = third.import_annotations(exported.encode())
    [problem] = skipped.problems
    assert problem.startswith("“4,500 workers” in “Evacuation numbers could grow, city warns”")
    assert problem.endswith(": its article is not in the library, skipped")
    third.close()
    assert restored.tags == ("numbers", "check")
    assert info.title.startswith("Evacuation")


def test_cli_annotate_list_export_import(library: Library, tmp_path: Path) -> None:
    _, article_id = meridian_library(library, tmp_path)
    db = str(library.path)
    runner = CliRunner()
    result = runner.invoke(main, ["--db", db, "annotate", str(article_id), "--quote", "the"])
    assert result.exit_code == 1 and "--occurrence" in result.stderr
    result = runner.invoke(main, ["--db", db, "annotate", str(article_id), "--quote", "absent"])
    assert result.exit_code == 1 and "not in the article" in result.stderr
    result = runner.invoke(
        main,
        [
            "--db",
            db,
            "annotate",
            str(article_id),
            "--quote",
            "the",
            "--occurrence",
            "2",
            "--note",
            "second the",
            "--tag",
            "t",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    created = json.loads(result.stdout)
    assert created["quote"] == "the" and created["tags"] == ["t"]
    listing = json.loads(runner.invoke(main, ["--db", db, "annotations", "list", "--json"]).stdout)
    assert [a["note"] for a in listing] == ["second the"]
    out = tmp_path / "backup.json"
    runner.invoke(main, ["--db", db, "annotations", "export", "--format", "json", "-o", str(out)])
    result = runner.invoke(main, ["--db", db, "annotations", "import", str(out)])
    assert result.stdout.strip() == "0 new, 0 updated, 0 skipped, 1 unchanged"
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    result = runner.invoke(main, ["--db", db, "annotations", "import", str(bad)])
    assert result.exit_code == 1 and "not a feedlens annotations" in result.stderr
    long_note = "word " * 40
    runner.invoke(main, ["--db", db, "annotate", str(article_id), "--quote", "the",
                         "--occurrence", "1", "--note", long_note])  # fmt: skip
    shown = runner.invoke(main, ["--db", db, "annotations", "list"]).stdout
    assert "word word…" in shown and long_note.strip() not in shown  # cut, and says so


def test_notes_and_quotes_are_searchable(library: Library, tmp_path: Path) -> None:
    _, article_id = meridian_library(library, tmp_path)
    library.annotate_quote(article_id, "4,500 workers", "shelters questioned by reporters")
    assert article_id in [h.article_id for h in library.search("shelters reporters").hits]
    assert [h.article_id for h in library.search("has:note").hits] == [article_id]
