"""Numbers that are names, and a fight record's own counts (issue 20, the newcomer's test of
story figures on real news): a version listed after a product's name ("Windows XP, Vista, 7,
8") is neither a count nor an age; an adverb after a figure ("35.0 percent overall", "$3
million upfront") is no counted thing; "58-3 with 51 knockouts" is a record of two figures
and a count of knockouts, never a third figure of the record. Read by the real extractor and
the story table's real reading of each sentence."""

from __future__ import annotations

from reader.figures.compare import MentionRecord, build_groups
from reader.figures.extract import extract
from reader.stories.figure_entries import figures_table
from reader.stories.figures import read_report


def figures(sentence: str) -> list[tuple[str, str, str]]:
    return [(m.text, m.kind, m.noun) for m in extract(sentence)]


def test_versions_listed_after_a_name_are_no_counts_and_no_ages() -> None:
    assert (
        figures(
            "The Fix It tool can be used for IE6, 7, 8, 9, 10, and 11 on Windows XP, Vista, 7, 8, "
            "and 8.1, both Preview and RTM."
        )
        == []
    )
    assert figures("Attacks directed at IE8 and 9 had already been reported.") == []
    # ages after names stay ages, and numbers counting something stay counts
    assert figures("Latonya Brown, 36, and Tanya Wilson, 47, were shot.") == [
        ("36", "measure", "brown"),
        ("47", "measure", "wilson"),
    ]
    assert ("3", "count", "system") in figures("Windows 8 and 3 other systems were hit.")


def test_an_adverb_after_a_figure_is_no_counted_thing() -> None:
    assert [noun for _, _, noun in figures("He was given $3 million upfront.")] == [""]
    # "overall" stays readable to the extractor ("the 29th overall pick"); a label never
    # names it as the thing
    sentence = "On Friday, Drake shot 35.0 percent overall after intermission."
    assert label(sentence, "35.0 percent") == "share (drake)"


def label(sentence: str, figure: str) -> str:
    mention = next(m for m in extract(sentence) if m.text == figure)
    report = read_report((1, 1, 1), "", mention, sentence)
    return figures_table([report])[0].quantity


def test_knockouts_after_a_record_are_a_count_of_their_own() -> None:
    sentence = "The champion, now 58-3 with 51 knockouts, defends his belts on Saturday."
    assert figures(sentence) == [
        ("58", "count", ""),
        ("3", "count", ""),
        ("51", "count", "knockout"),
    ]
    assert label(sentence, "58") == "record 58-3: wins"
    assert label(sentence, "3") == "record 58-3: losses"
    assert label(sentence, "51") == "knockouts"
    bracketed = "Petrov (42-4, 30 KOs) won on points."
    assert label(bracketed, "4") == "record 42-4: losses"
    assert not label(bracketed, "30").startswith("record")


def _record(id: int, noun_text: str, event: str, kind: str = "count") -> MentionRecord:
    return MentionRecord(
        id=id,
        article_id=id,
        feed_id=id,
        date="2026-11-02T00:00:00Z",
        text="2",
        value=2.0,
        low=None,
        high=None,
        kind=kind,
        unit="%" if kind == "percent" else "",
        rate="",
        noun=noun_text.rstrip("s"),
        noun_text=noun_text,
        event=event,
        qualifier="",
        bound="exact",
        modality="reported",
        precision=1,
        context=frozenset({"wasilla", "church", "fire"}),
    )


def test_the_figures_view_names_no_non_event_and_no_adverb_as_the_thing() -> None:
    [group] = build_groups([_record(1, "children", "including"), _record(2, "children", "")])
    assert group.label == "2 children"
    [share] = build_groups(
        [_record(1, "overall", "", kind="percent"), _record(2, "overall", "", kind="percent")]
    )
    assert "overall" not in share.label


def test_calibres_and_model_names_are_no_figures() -> None:
    """A gun's calibre or bore and a product's model number name a thing; they count and
    measure nothing the report is about. The figures beside them stay."""
    for sentence in (
        "He was shot with a .357 Magnum revolver.",
        "Police found a 9mm handgun in the car.",
        "Timmons was armed with a .45-caliber handgun.",
        "He carried a .22-caliber rifle and a .38 Special.",
        "Deputies seized a 12-gauge pump-action shotgun.",
        "Rebels carried AK-47 rifles into the town.",
        "The Boeing 737 landed safely.",
        "The laptop ran Windows 7 when it was seized.",
    ):
        assert figures(sentence) == [], sentence
    # a count before a calibre still counts the guns or rounds
    assert figures("Police found a 9mm handgun and two 9-mm rounds in the car.") == [
        ("two", "count", "round")
    ]
    assert figures("The Boeing 737 landed safely with 120 passengers.") == [
        ("120", "count", "passenger")
    ]
    # millimetres of something else are still a measure
    assert figures("Rainfall was 9mm on Monday.") == [("9mm", "measure", "rainfall")]
    assert figures("The bolt is 9 mm wide.") == [("9 mm", "measure", "bolt")]
