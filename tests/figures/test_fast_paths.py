"""The extractor's fast paths give exactly what the plain ways they replaced gave: the cue
finder (reader/figures/cues.py) what listing every word of the text found, and the language
test what counting every marker word did, on real news and on the edge cases."""

from __future__ import annotations

import json
from pathlib import Path

from reader.figures import extract
from reader.figures.cues import cue_positions, cue_positions_by_words

WORDS = extract._NUMBER_CUES  # the number words the extractor reads sentences around


def _both(text: str) -> tuple[list[int], list[int]]:
    lowered = text.lower()
    assert len(lowered) == len(text)
    return cue_positions(text, lowered, WORDS), cue_positions_by_words(text, lowered, WORDS)


def _real_texts(corpora: Path) -> list[str]:
    texts = [
        path.read_text(encoding="utf-8")
        for path in sorted((corpora / "news-clusters" / "clusters").glob("*/*.txt"))
    ]
    truth = corpora / "article-pages" / "ground-truth.json"
    if truth.is_file():
        pages = json.loads(truth.read_text(encoding="utf-8"))
        texts += [str(page["articleBody"]) for page in pages.values()]
    assert len(texts) > 600
    return texts


def test_same_positions_on_real_news(corpora: Path) -> None:
    found = 0
    for text in _real_texts(corpora):
        fast, reference = _both(text)
        assert fast == reference
        found += len(fast)
    assert found > 10_000  # real news is full of numbers: the comparison compared something


def test_edges_of_words() -> None:
    cases = [
        "Someone often tenants the phone: none of it counts.",  # cue words inside others
        "one, One's, -one-, (two) three.Four five",  # whole between non-letters
        "hundreds hundred hundredsx thousandfold",  # longest first; no cue glued to letters
        "😀one 😀 two émillion 3 thousand€ [3] [12] 4] x12y 1,200",  # wide characters, links
        "ONE TWO THREE",  # found on the lowered text
        "٣٤] ٣٤ ١٢٣ １２ 12٣] x٣ 7]7 [7 99",  # digits of other scripts, runs mixing them
        "3one 12three] 4five6 seven8] 9",  # words and digit runs touching
        "",
        "seven",
    ]
    for text in cases:
        fast, reference = _both(text)
        assert fast == reference, text
    assert _both("one [2] 3")[0] == [0, 8]


def test_words_not_of_letters_are_never_cues() -> None:
    text = "a dozen-ish, twenty-one, 5 of 6"
    lowered = text.lower()
    words = frozenset({"dozen-ish", "twenty", "one"})
    assert cue_positions(text, lowered, words) == cue_positions_by_words(text, lowered, words)
    assert cue_positions(text, lowered, frozenset()) == [25, 30]


def _english_by_counting(text: str) -> bool:
    """looks_english as it was: every marker word of the sample counted."""
    sample = text[:2000]
    words = sample.count(" ") + 1
    markers = len(extract._ENGLISH_MARKERS.findall(sample.lower()))
    return markers * 100 >= words * 6 or words < 12


def test_language_test_unchanged(corpora: Path) -> None:
    texts = _real_texts(corpora)
    texts += [text[:length] for text in texts[:100] for length in (40, 90, 300)]
    texts += ["", "x " * 11, "x " * 12, "the " + "x " * 16, "the " + "x " * 15]
    texts += ["o rato roeu a roupa do rei de roma " * 20, "Der Hund und die Katze " * 30]
    verdicts = [extract.looks_english(text) for text in texts]
    assert verdicts == [_english_by_counting(text) for text in texts]
    assert True in verdicts and False in verdicts


def test_phrases_are_cues_whole_at_both_ends() -> None:
    # "a week" (reader/figures/spans.py) is one cue; "a weekday" and "ya week" are none
    text = "a week later; a weekday; ya week; an hour, A Year"
    lowered = text.lower()
    words = frozenset({"a week", "an hour", "a year"})
    assert cue_positions(text, lowered, words) == cue_positions_by_words(text, lowered, words)
    assert cue_positions(text, lowered, words) == [0, 34, 43]
