"""A note typed right after ``a`` is never lost when the article changes before its highlight is
written: a refresh reloading the same article keeps the note box as it is; another article
opened meanwhile (a click in the list, ``n``) leaves the note with the highlight on the article
it was typed on.

The highlight is held back for real: another process holds the library's write lock until the
test lets it go, so the article changes while the highlight waits.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TextArea

from reader.config import Settings
from reader.library import Library
from reader.models import Article
from reader.note_saver import recovery_path, restore_recovered
from reader.ui.app import make_app
from reader.ui.screens.library import LibraryScreen
from reader.ui.widgets.annotation_pane import AnnotationPane
from reader.ui.widgets.article_view import ArticleView
from tests.ui.helpers import settle, wait_until
from tests.ui.test_annotations_ui import open_first_fire_article
from tests.ui.test_notes_never_lost import write_lock_held


async def _shown(  # type: ignore[no-untyped-def]
    pilot, view: ArticleView, article_id: int, replacing: Article | None = None
) -> bool:
    """Wait (never on the workers: the highlight's waits for the lock) until the reading pane
    shows ``article_id`` (loaded anew when it showed ``replacing``)."""
    for _ in range(100):
        article = view.article
        if article is not None and article.row.id == article_id and article is not replacing:
            return True
        await pilot.pause(0.05)
    return False


async def _open_fire_article(  # type: ignore[no-untyped-def]
    pilot,
) -> tuple[ArticleView, LibraryScreen, int]:
    view = await open_first_fire_article(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, LibraryScreen)
    assert view.article is not None
    return view, screen, view.article.row.id


def _other_article(library: Library, article_id: int) -> int:
    return next(r.id for r in library.articles(limit=100) if r.id != article_id)


async def test_a_note_typed_while_another_article_opens_stays_with_its_highlight(
    sample_library: Library,
) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(170, 40)) as pilot:
        view, screen, article_id = await _open_fire_article(pilot)
        other_id = _other_article(sample_library, article_id)
        with write_lock_held(sample_library.path):
            await pilot.press("a", *"typed before the switch")
            screen.load_article(other_id, mark_read=False)  # what a click in the list does
            assert await _shown(pilot, view, other_id)
            assert any("note stays with its highlight" in n.message for n in app._notifications)
        # The lock is gone: the highlight is written on the first article, the note with it.
        assert await wait_until(pilot, lambda: bool(sample_library.annotations(article_id)))
        assert await wait_until(
            pilot,
            lambda: sample_library.annotations(article_id)[0].note == "typed before the switch",
        )
        pane = screen.query_one(AnnotationPane)
        assert not pane.drafting
        assert pane.query_one(TextArea).text == ""  # the other article has no note to show
    assert sample_library.annotations(other_id) == []


async def test_a_refresh_reloading_the_article_keeps_the_note_being_typed(
    sample_library: Library,
) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(170, 40)) as pilot:
        view, screen, article_id = await _open_fire_article(pilot)
        with write_lock_held(sample_library.path):
            await pilot.press("a", *"first half")
            before = view.article
            screen.load_article(article_id, mark_read=False)  # a refresh reloads it
            assert await _shown(pilot, view, article_id, replacing=before)
            await pilot.press(*", second half")
        assert await wait_until(pilot, lambda: bool(sample_library.annotations(article_id)))
        await pilot.pause(0.8)  # the save debounce
        await settle(pilot)
        assert app.focused is screen.query_one(AnnotationPane).query_one(TextArea)
        await pilot.press("escape")
        await settle(pilot)
    [annotation] = sample_library.annotations(article_id)
    assert annotation.note == "first half, second half"


async def test_a_note_typed_on_a_highlighted_passage_joins_its_note_after_a_switch(
    sample_library: Library,
) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(170, 40)) as pilot:
        view, screen, article_id = await _open_fire_article(pilot)
        await pilot.press("H")
        await settle(pilot)
        [highlight] = sample_library.annotations(article_id)
        sample_library.update_annotation(highlight.id, note="written before")
        other_id = _other_article(sample_library, article_id)
        with write_lock_held(sample_library.path):
            await pilot.press("a", *"and after")
            screen.load_article(other_id, mark_read=False)
            assert await _shown(pilot, view, other_id)
        assert await wait_until(
            pilot,
            lambda: sample_library.annotations(article_id)[0].note == "written before\nand after",
            seconds=20,
        )
    assert len(sample_library.annotations(article_id)) == 1


async def test_quitting_before_the_highlight_is_written_keeps_the_note_with_its_passage(
    samples_file: Path,
) -> None:
    """q right after typing a note for a highlight another process keeps from being written:
    the reader waits its bounded time, then keeps highlight and note in the recovery file,
    and the next start makes both."""
    library = Library(samples_file, busy_timeout_ms=300)  # the samples analysed: a copy
    library.wait_for_analysis()
    app = make_app(library, Settings())
    app.quit_wait_seconds = 1.0
    recovery = recovery_path(library.path)
    with write_lock_held(library.path):
        async with app.run_test(size=(170, 40)) as pilot:
            view = await open_first_fire_article(pilot)
            assert view.article is not None
            article_id = view.article.row.id
            await pilot.press("v", "w", "w")
            assert view.selection is not None
            start, end = view.selection
            await pilot.press("a", *"typed before quitting")
            await pilot.press("escape", "q")
            for _ in range(80):  # the bounded wait, then the recovery file, then the exit
                if recovery.exists():
                    break
                await pilot.pause(0.1)
        assert recovery.exists()
    said = restore_recovered(library)
    assert said == "restored 1 note not saved when feedlens last quit"
    [annotation] = library.annotations(article_id)
    assert (annotation.start, annotation.end) == (start, end)
    assert annotation.note == "typed before quitting"
    assert not recovery.exists()
    library.close()


async def test_quitting_at_once_after_typing_a_note_saves_it(sample_library: Library) -> None:
    """q straight after a and a note, nothing in the way: the reader waits for the highlight
    and writes its note before it exits (no recovery file)."""
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(170, 40)) as pilot:
        view = await open_first_fire_article(pilot)
        assert view.article is not None
        article_id = view.article.row.id
        await pilot.press("v", "w", "w", "a", *"saved on the way out", "escape", "q")
        for _ in range(80):
            if not app.is_running:
                break
            await pilot.pause(0.1)
    [annotation] = sample_library.annotations(article_id)
    assert annotation.note == "saved on the way out"
    assert not recovery_path(sample_library.path).exists()


async def test_a_note_typed_while_the_lock_outlasts_the_busy_timeout_is_saved_without_quitting(
    samples_file: Path,
) -> None:
    """Another program holds the write lock longer than the library's busy timeout: the
    highlight is retried (the pane says so), and once the lock is gone the highlight and its
    note are written while the reader stays open."""
    library = Library(samples_file, busy_timeout_ms=300)  # the samples analysed: a copy
    library.wait_for_analysis()
    app = make_app(library, Settings())
    async with app.run_test(size=(170, 40)) as pilot:
        view, screen, article_id = await _open_fire_article(pilot)
        pane = screen.query_one(AnnotationPane)
        with write_lock_held(library.path):
            await pilot.press("a", *"typed under the lock")
            assert await wait_until(pilot, lambda: "will retry" in pane.save_status, seconds=10)
            await pilot.pause(1.0)  # longer than the busy timeout: the first try has failed
        assert await wait_until(
            pilot,
            lambda: [a.note for a in library.annotations(article_id)] == ["typed under the lock"],
            seconds=20,
        )
        await pilot.press("escape")
        await settle(pilot)
    assert not recovery_path(library.path).exists()
    library.close()
