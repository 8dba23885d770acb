"""The shingle scorer used to measure full-text extraction."""

from __future__ import annotations

import pytest

from tests.shingles import mean, score, shingles


def test_shingles_are_word_four_grams_without_link_references() -> None:
    assert shingles("One two three four five") == {
        ("one", "two", "three", "four"),
        ("two", "three", "four", "five"),
    }
    assert shingles("One two[1] three four") == shingles("one two three four")
    assert shingles("Too short") == {("too", "short")}
    assert shingles("") == set()


def test_precision_recall_and_f1() -> None:
    truth = "a b c d e f g h"  # 5 shingles
    perfect = score(truth, truth)
    assert perfect.precision == perfect.recall == perfect.f1 == 1.0
    half = score("a b c d e f", truth)  # 3 shingles, all true
    assert half.precision == 1.0 and half.recall == pytest.approx(3 / 5)
    assert half.f1 == pytest.approx(2 * 0.6 / 1.6)
    noisy = score(truth + " x y z w", truth)  # 9 shingles, 5 true
    assert noisy.recall == 1.0 and noisy.precision == pytest.approx(5 / 9)
    assert score("", truth).f1 == 0.0 and score("", "").f1 == 1.0
    assert mean([perfect, half]) == pytest.approx((1.0, 0.8, (1.0 + half.f1) / 2))
