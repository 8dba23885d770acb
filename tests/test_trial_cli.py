"""`feedlens stories ID` says which feeds report which value of a figure whose reports differ
(a fact-checker's next question; the reader's comparison and --json said it, the text not)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from reader.cli import main
from reader.library import Library


def test_a_differing_figure_lists_each_value_with_its_feeds(sample_library: Library) -> None:
    db = str(sample_library.path)
    top = sample_library.stories.ranked()[0].row.story_id
    detail = json.loads(
        CliRunner().invoke(main, ["--db", db, "stories", str(top), "--json"]).stdout
    )
    [workers] = [e for e in detail["table"] if e["quantity"] == "workers evacuated"]
    assert workers["kind"] == "disagreement"
    by_value: dict[float, set[str]] = {}
    for value in workers["values"]:
        by_value.setdefault(value["common_value"], set()).add(value["article"]["feed"])
    assert len(by_value) >= 2
    result = CliRunner().invoke(main, ["--db", db, "stories", str(top)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("  ≠ workers evacuated:"))
    said = []
    for line in lines[row + 1 :]:
        if not line.startswith("      "):
            break
        written, feeds = line.strip().split(": ", 1)
        said.append((written, set(feeds.split(", "))))
    assert sorted(map(sorted, (f for _, f in said))) == sorted(map(sorted, by_value.values()))
    # Each value's line starts with a report of it as written.
    texts = {v["text"] for v in workers["values"]}
    assert all(any(text in written for text in texts) for written, _ in said), said
    # A figure every report agrees on gets no such lines.
    table = next(i for i, line in enumerate(lines) if line.startswith("Figures"))
    agreed = next(
        i
        for i in range(table, len(lines))
        if lines[i].startswith("    ") and ": " in lines[i] and not lines[i].startswith("      ")
    )
    assert not lines[agreed + 1].startswith("      ")


def test_a_search_snippet_has_one_space_where_paragraphs_meet(sample_library: Library) -> None:
    """A snippet across two paragraphs read "…the ministry said.  Workers can…" (their blank
    line as two spaces); one space, and the marks (a figure's too) still on their words."""
    db = str(sample_library.path)
    result = CliRunner().invoke(main, ["--db", db, "search", "4500 workers", "--json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    crossing = [r for r in found if ". Workers" in r["snippet"] or ".  Workers" in r["snippet"]]
    assert crossing  # a snippet that runs into the next paragraph
    for hit in found:
        snippet = hit["snippet"]
        assert "  " not in snippet, snippet
        for start, end in hit["matches"].get("snippet", []):
            # On whole words (a mark shifted by the spaces left out would cut one).
            marked = snippet[start:end]
            before, after = snippet[start - 1 : start], snippet[end : end + 1]
            assert marked.strip() == marked, (snippet, marked)
            assert not before.isalnum() and not after.isalnum(), (snippet, marked)
