"""A note kept in the recovery file (typed for a highlight another process kept from being
written, then q) is placed by its quoted passage at the next start, as annotations re-anchor,
when the article's text was replaced meanwhile (its full text took the teaser's place, the
passage now further on); where the passage is gone from the new text, the note is kept as an
orphaned annotation with its quote, never lost. Real library, real feed files, a real write
lock held by another connection, the real app."""

from __future__ import annotations

from pathlib import Path

from reader.config import Settings
from reader.library import Library
from reader.note_saver import recovery_path, restore_recovered
from reader.ui.app import make_app
from reader.ui.widgets.article_view import ArticleView
from tests.ui.helpers import settle
from tests.ui.test_notes_never_lost import write_lock_held

TEASER = "Crews contained the blaze at the northern depot before dawn on Tuesday."
LEAD = (
    "A fuller account from our reporters on the ground. Residents described thick smoke over "
    "the harbour for hours, and the port authority closed two berths as a precaution."
)


def write_feed(path: Path, body: str) -> None:
    paragraphs = "".join(f"&lt;p&gt;{part}&lt;/p&gt;" for part in body.split("\n\n"))
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title>'
        "<link>https://harbour.example/</link><item><title>Depot fire contained</title>"
        "<link>https://harbour.example/depot-fire</link><guid>depot-fire</guid>"
        "<pubDate>Tue, 03 Nov 2026 08:00:00 GMT</pubDate>"
        f"<description>{paragraphs}</description></item></channel></rss>",
        encoding="utf-8",
    )


async def _quit_with_a_kept_note(tmp_path: Path) -> tuple[Library, Path, int, str]:
    feed = tmp_path / "harbour.xml"
    write_feed(feed, TEASER)
    library = Library(tmp_path / "library.sqlite", busy_timeout_ms=300)
    library.import_paths([feed])
    library.wait_for_analysis()
    app = make_app(library, Settings())
    app.quit_wait_seconds = 1.0
    recovery = recovery_path(library.path)
    with write_lock_held(library.path):
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("l")
            view = app.screen.query_one(ArticleView)
            assert view.article is not None
            article_id = view.article.row.id
            await pilot.press("v", "w", "w")
            assert view.selection is not None
            start, end = view.selection
            quote = view.article.text.text[start:end]
            await pilot.press("a", *"kept across the rewrite")
            await pilot.press("escape", "q")
            for _ in range(80):  # the bounded wait, then the recovery file, then the exit
                if recovery.exists():
                    break
                await pilot.pause(0.1)
    assert recovery.exists()
    library.close()  # the reader quit with it; the next start opens the library anew
    return Library(tmp_path / "library.sqlite"), feed, article_id, quote


async def test_a_kept_note_follows_its_passage_into_the_replaced_text(tmp_path: Path) -> None:
    library, feed, article_id, quote = await _quit_with_a_kept_note(tmp_path)
    try:
        write_feed(feed, f"{LEAD}\n\n{TEASER}")  # the text replaced: the passage moved on
        assert library.import_paths([feed]).results[0].updated == 1
        text = library.article(article_id).text.text
        assert text.startswith("A fuller account") and quote in text
        said = restore_recovered(library)
        assert said == "restored 1 note not saved when feedlens last quit"
        [annotation] = library.annotations(article_id)
        assert annotation.status != "orphaned"
        assert text[annotation.start : annotation.end] == quote  # by its words, not offsets
        assert annotation.start > len(LEAD)
        assert annotation.note == "kept across the rewrite"
        assert not recovery_path(library.path).exists()
    finally:
        library.close()


async def test_a_kept_note_whose_passage_is_gone_stays_orphaned(tmp_path: Path) -> None:
    library, feed, article_id, quote = await _quit_with_a_kept_note(tmp_path)
    try:
        write_feed(feed, LEAD)  # the passage is nowhere in the new text
        library.import_paths([feed])
        assert quote not in library.article(article_id).text.text
        restore_recovered(library)
        [annotation] = library.annotations(article_id)
        assert annotation.status == "orphaned"
        assert annotation.quote == quote and annotation.note == "kept across the rewrite"
        assert not recovery_path(library.path).exists()
    finally:
        library.close()
