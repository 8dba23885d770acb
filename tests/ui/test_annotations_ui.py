"""Pilot tests of highlighting and notes: select, annotate, type, restart, delete."""

from __future__ import annotations

from textual.widgets import OptionList, TextArea

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.prompt import ChoiceScreen
from reader.ui.widgets.annotation_pane import AnnotationPane
from reader.ui.widgets.article_view import ArticleView
from tests.ui.helpers import settle, wait_until


async def open_first_fire_article(pilot) -> ArticleView:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("G", "enter")
    await settle(pilot)
    await pilot.press("l")
    view = pilot.app.screen.query_one(ArticleView)
    assert view.article is not None and view.article.row.title.startswith("Fire at Halvard")
    return view


async def test_select_annotate_type_restart(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(170, 40)) as pilot:
        view = await open_first_fire_article(pilot)
        await pilot.press("v", "w", "w")
        assert view.selection is not None
        await pilot.press("a")
        await settle(pilot)
        pane = app.screen.query_one(AnnotationPane)
        assert app.screen.has_class("-annotating")
        assert app.focused is pane.query_one(TextArea)
        await pilot.press(*"Check against the union")
        await pilot.pause(0.8)  # the save debounce (< 1 s)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is view
        assert not app.screen.has_class("-annotating")  # esc closed the notes pane
        article_id = view.article.row.id  # type: ignore[union-attr]
    [annotation] = sample_library.annotations(article_id)
    assert annotation.quote == "A fire that"
    assert annotation.note == "Check against the union"

    again = make_app(sample_library, Settings())
    async with again.run_test(size=(170, 40)) as pilot:
        await settle(pilot)
        view = again.screen.query_one(ArticleView)
        assert view.article is not None and view.article.row.id == article_id
        highlighted = [
            span
            for span in view.layout_result.text.spans  # type: ignore[union-attr]
            if span.style and getattr(span.style, "bgcolor", None) is not None
        ]
        assert highlighted, "the highlight is drawn after a restart"
        await pilot.press("A")
        await settle(pilot)
        pane = again.screen.query_one(AnnotationPane)
        assert pane.query_one(TextArea).text == "Check against the union"


async def test_highlight_sentence_and_delete_with_confirmation(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(170, 40)) as pilot:
        view = await open_first_fire_article(pilot)
        await pilot.press("right_parenthesis", "H")
        await settle(pilot)
        article_id = view.article.row.id  # type: ignore[union-attr]
        [annotation] = sample_library.annotations(article_id)
        assert annotation.quote.startswith("Flames were first reported")
        assert annotation.quote.endswith("has operated since 1998.")
        await pilot.press("A")
        await settle(pilot)
        pane = app.screen.query_one(AnnotationPane)
        pane.query_one(OptionList).focus()
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("enter")  # "Delete it" is first
        await settle(pilot)
        assert sample_library.annotations(article_id) == []


async def test_escape_cancels_a_selection(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(170, 40)) as pilot:
        view = await open_first_fire_article(pilot)
        await pilot.press("v", "right_curly_bracket")
        selected = view.selection
        assert selected is not None
        await pilot.press("escape")
        assert view.selection is None
        # a without a selection notes the sentence under the caret, not the cancelled passage.
        await pilot.press("a")
        await settle(pilot)
        [annotation] = sample_library.annotations(view.article.row.id)  # type: ignore[union-attr]
        assert (annotation.start, annotation.end) != selected
        assert annotation.end - annotation.start < selected[1] - selected[0]


async def test_all_annotations_screen_filters_and_jumps(sample_library: Library) -> None:
    from reader.ui.screens.annotations import AnnotationsScreen

    rows = sample_library.articles(limit=100)
    fire = next(r for r in rows if r.title.startswith("Fire at Halvard"))
    diesel = next(r for r in rows if r.title.startswith("Diesel prices ease"))
    sample_library.annotate_quote(fire.id, "4,500 workers", "union disputes this", ["check"])
    sample_library.annotate_quote(diesel.id, "two tankers", "imports", ["energy"])
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        app.action_all_annotations()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AnnotationsScreen)
        assert len(screen.shown) == 2
        await pilot.press("slash", *"#che")  # a tag matches as it is typed
        await settle(pilot)
        assert [a.article_id for a, _ in screen.shown] == [fire.id]
        await pilot.press(*"ck")
        await settle(pilot)
        assert [a.article_id for a, _ in screen.shown] == [fire.id]
        await pilot.press("enter", "enter")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.article is not None and view.article.row.id == fire.id


async def test_a_and_h_from_the_list_act_on_the_open_article(sample_library: Library) -> None:
    """A newcomer opens an article with enter (the list keeps the focus) and presses H or a:
    they act in the reading pane, never as the list's keys; with nothing open, one line."""
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert any("Open an article first" in n.message for n in app._notifications)
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.article is not None and not view.has_focus
        await pilot.press("H")
        await settle(pilot)
        assert view.has_focus
        assert len(sample_library.annotations(view.article.row.id)) == 1


async def test_annotating_a_passage_with_a_note_adds_after_it(sample_library: Library) -> None:
    # `a` on a passage that has a note: what is typed goes after the note (the caret sat at
    # its start: "newold note").
    fire = next(
        row for row in sample_library.articles(limit=100) if row.title.startswith("Fire at Halvard")
    )
    sample_library.annotate_quote(fire.id, "A fire that", "first note")
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(170, 40)) as pilot:
        view = await open_first_fire_article(pilot)
        assert view.article is not None and view.article.row.id == fire.id
        await pilot.press("v", "w", "w", "a")  # the passage of the note
        await settle(pilot)
        note = app.screen.query_one(AnnotationPane).query_one(TextArea)
        assert app.focused is note
        assert await wait_until(pilot, lambda: note.text == "first note")
        await pilot.press(*", then more")
        await pilot.pause(0.8)  # the save debounce
        await settle(pilot)
    [annotation] = sample_library.annotations(fire.id)
    assert annotation.note == "first note, then more"


async def test_a_pane_a_note_opened_closes_with_its_article_and_a_opened_one_stays(
    sample_library: Library,
) -> None:
    # A newcomer wrote one note; the notes pane then stayed open on every later article, and
    # an empty pane said "saved" of a note on another article.
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(170, 40)) as pilot:
        view = await open_first_fire_article(pilot)
        first = view.article.row.id  # type: ignore[union-attr]
        await pilot.press("v", "w", "w", "a")
        await settle(pilot)
        await pilot.press(*"Check the count")
        pane = app.screen.query_one(AnnotationPane)
        await wait_until(pilot, lambda: pane.save_status == "saved")
        await pilot.press("escape")  # esc closes the pane (the note saved as it closes)
        await settle(pilot)
        assert not app.screen.has_class("-annotating")
        assert app.focused is view
        await pilot.press("h", "k", "enter")  # another article, from the list
        await settle(pilot)
        assert view.article is not None and view.article.row.id != first
        assert not app.screen.has_class("-annotating")
        assert pane.save_status == ""
        [annotation] = sample_library.annotations(first)
        assert annotation.note == "Check the count"  # nothing lost by closing
        # Opened with A, the pane is the user's choice and stays across articles.
        await pilot.press("A")
        await settle(pilot)
        app.screen.article_list.focus()  # type: ignore[attr-defined]
        await pilot.press("k", "enter")
        await settle(pilot)
        assert app.screen.has_class("-annotating")


async def test_j_and_k_move_in_the_highlights_list(sample_library: Library) -> None:
    """In the highlights pane (A) j moves to the next highlight, so c recolours that one."""
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(170, 40)) as pilot:
        view = await open_first_fire_article(pilot)
        await pilot.press("H", "right_parenthesis", "right_parenthesis", "H")
        await settle(pilot)
        article_id = view.article.row.id  # type: ignore[union-attr]
        first, second = sample_library.annotations(article_id)
        await pilot.press("A")
        await settle(pilot)
        assert app.focused is app.screen.query_one(AnnotationPane).query_one(OptionList)
        await pilot.press("j", "c")
        await settle(pilot)
        colours = {a.id: a.color for a in sample_library.annotations(article_id)}
        assert colours[first.id] == first.color and colours[second.id] != second.color
        await pilot.press("k", "c")
        await settle(pilot)
        colours = {a.id: a.color for a in sample_library.annotations(article_id)}
        assert colours[first.id] != first.color
