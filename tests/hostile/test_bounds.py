"""Issue 22, items 8 and 9: each input that grew faster than its size is bounded. These check
the bound holds (what comes out), not a time; the times are in tests/perf/bench_bounds.py."""

from __future__ import annotations

from pathlib import Path

from reader.annotations import LONG_QUOTE_CHARS, Annotation, make_anchor, reanchor
from reader.library import Library
from reader.store.articles import MAX_FEED_TAGS
from reader.text.clean import (
    MAX_LINKS,
    MAX_NESTING,
    MAX_TEXT_CHARS,
    flatten_deep_nesting,
    html_to_text,
)


def test_a_row_of_many_cells_reads_as_one_line() -> None:
    cells = 50_000
    text = html_to_text("<table><tr>" + "<td>x</td>" * cells + "</tr></table>").text
    assert text.count("x") == cells and text.count(" · ") == cells - 1


def test_deep_nesting_keeps_its_text_and_loses_only_deep_tags() -> None:
    depth = 100_000
    html = "<div>" * depth + "<b>deep</b> text" + "</div>" * depth + "<p>after</p>"
    flattened = flatten_deep_nesting(html)
    assert flattened.count("<div>") == MAX_NESTING
    clean = html_to_text(html)
    assert "deep text" in clean.text and clean.text.endswith("after")
    shallow = "<div><section><p>a</p><ul><li>b</li></ul></section></div>"
    assert flatten_deep_nesting(shallow * 200) == shallow * 200


def test_links_past_the_bound_stay_plain_text() -> None:
    count = MAX_LINKS + 5_000
    html = "".join(f'<a href="https://e.example/{i}">w{i}</a> ' for i in range(count))
    clean = html_to_text(html)
    assert len(clean.links) == MAX_LINKS
    assert f"w{count - 1}" in clean.text and f"[{MAX_LINKS + 1}]" not in clean.text


def test_plain_text_bodies_respect_the_cap() -> None:
    clean = html_to_text("word " * (MAX_TEXT_CHARS // 2))
    assert len(clean.text) <= MAX_TEXT_CHARS


def test_a_feed_keeps_a_bounded_number_of_tags(library: Library, tmp_path: Path) -> None:
    opml = tmp_path / "tags.opml"
    outlines = "".join(
        f'<outline text="t{i}"><outline text="F" xmlUrl="https://f.example/feed"/></outline>'
        for i in range(MAX_FEED_TAGS * 4)
    )
    opml.write_text(f'<opml version="2.0"><body>{outlines}</body></opml>')
    library.import_paths([opml])
    [feed] = library.feeds()
    assert len(feed.tags) == MAX_FEED_TAGS


def _annotation(text: str, start: int, end: int) -> Annotation:
    return Annotation(id=1, uid="u", article_id=1, **make_anchor(text, start, end))


def test_long_quotes_reanchor_by_their_ends() -> None:
    words = " ".join(f"w{i % 997}x{i % 13}" for i in range(6_000))
    start, end = 1_000, 1_000 + 20_000
    original = _annotation(words, start, end)
    assert len(original.quote) > LONG_QUOTE_CHARS
    edited = "A new opening paragraph.\n\n" + words[:5_000] + "EDIT" + words[5_004:]
    placed = reanchor(original, edited)
    shift = len("A new opening paragraph.\n\n")
    assert placed.status == "moved"
    assert abs(placed.start - (start + shift)) <= 2 and abs(placed.end - (end + shift)) <= 2
    gone = reanchor(original, "something else entirely " * 2_000)
    assert gone.status == "orphaned"


def test_reanchoring_is_planned_before_the_write_transaction(
    library: Library, tmp_path: Path
) -> None:
    import shutil

    from reader.pipeline import prepare_bytes
    from reader.store import annotations as annotation_store
    from tests.conftest import SAMPLES

    feed = tmp_path / "meridian.xml"
    shutil.copy(SAMPLES / "meridian-courier.xml", feed)
    library.import_paths([feed])
    target = next(r for r in library.articles(limit=100) if r.title.startswith("Evacuation"))
    text = library.article(target.id).text.text
    library.annotate_quote(target.id, text[:400], "a long highlight")
    shutil.copy(SAMPLES / "updates" / "meridian-courier.xml", feed)
    prepared = prepare_bytes(feed.read_bytes())
    rows = [(a.key, a.content_hash, a.text) for a in prepared.articles]
    # Plans are kept per process: other tests run in this one (two per worker) may leave theirs.
    annotation_store._PLANNED.clear()
    assert annotation_store.plan_reanchors(library.store, feed.resolve().as_uri(), rows) == 1
    assert len(annotation_store._PLANNED) == 1
    assert library.import_paths([feed]).updated == 1
    assert not annotation_store._PLANNED  # the transaction took the planned placement
    [annotation] = library.annotations(target.id)
    assert annotation.status in ("anchored", "moved") and annotation.note == "a long highlight"


def test_the_reading_pane_lists_a_bounded_number_of_links(library: Library, tmp_path: Path) -> None:
    import html

    from reader.ui.widgets.article_view import LISTED_LINKS, layout_article

    count = LISTED_LINKS + 700
    body = "".join(f'<a href="https://e.example/{i}">word</a> ' for i in range(count))
    feed = tmp_path / "links.xml"
    feed.write_text(
        '<rss version="2.0"><channel><title>L</title><item><guid>x</guid><title>Links</title>'
        f"<description>{html.escape(body)}</description></item></channel></rss>"
    )
    library.import_paths([feed])
    [row] = library.articles()
    article = library.article(row.id)
    assert len(article.text.links) == count
    plain = layout_article(article).text.plain
    assert f"[{LISTED_LINKS}] https://e.example/{LISTED_LINKS - 1}" in plain
    assert f"[{LISTED_LINKS + 1}] https://" not in plain
    assert "and 700 more" in plain
    assert f"word [{count}]" in plain  # every link keeps its number in the text
