"""Figure-aware search reads a queried figure as the articles may write it: a measure in the
other units of its dimension ("600 metres" finds "2,000 feet": a tester's search did not,
though the Figures view lines them up), and years that may be an age ("61 years" finds "a
61-year-old" and "Gomes, 61"). A real library file and feed; sentences from real news."""

from __future__ import annotations

from pathlib import Path

from reader.library import Library
from reader.search import match_spans

ITEMS = [
    (
        "Climber dies in fall on Mount Cook",
        "The man fell about 2,000 feet from the summit ridge on Tuesday, police said.",
    ),
    (
        "Mother and son found dead",
        "The bodies of Catherine Gomes, 61, and her son were found in the house.",
    ),
    ("Woman charged", "A 61-year-old woman was charged with fraud on Monday."),
    ("Prison term", "He served 61 years in prison before he was freed."),
    ("Short drop", "The hikers fell 2,000 metres short of the summit ridge."),
]


def _feed(path: Path) -> Path:
    items = "".join(
        f"<item><title>{title}</title><guid>g{i}</guid><link>https://example.org/{i}</link>"
        f"<pubDate>Mon, 0{i + 1} Nov 2026 09:00:00 +0000</pubDate>"
        f"<description>&lt;p&gt;{body}&lt;/p&gt;</description></item>"
        for i, (title, body) in enumerate(ITEMS)
    )
    path.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>wire</title>'
        f"<link>https://example.org</link>{items}</channel></rss>",
        encoding="utf-8",
    )
    return path


def _titles(library: Library, query: str) -> set[str]:
    return {hit.title for hit in library.search(query).hits}


def test_a_measure_is_found_in_another_unit(library: Library, tmp_path: Path) -> None:
    library.import_paths([_feed(tmp_path / "wire.xml")])
    library.wait_for_analysis()
    found = _titles(library, "600 metres")
    assert "Climber dies in fall on Mount Cook" in found
    assert "Short drop" not in found  # 2,000 metres is not 600 metres
    assert "Climber dies in fall on Mount Cook" in _titles(library, "610 m")


def test_years_may_be_an_age(library: Library, tmp_path: Path) -> None:
    library.import_paths([_feed(tmp_path / "wire.xml")])
    library.wait_for_analysis()
    found = _titles(library, "61 years")
    assert {"Mother and son found dead", "Woman charged", "Prison term"} <= found
    assert "Prison term" not in _titles(library, "61 years old")


def test_the_opened_article_highlights_the_converted_figure() -> None:
    text = ITEMS[0][1]
    spans = match_spans(text, "600 metres")
    assert [text[start:end] for start, end in spans] == ["2,000 feet"]
