"""Scoring extracted article text against the true text, as the article-extraction benchmark
does: word 4-gram shingles of each text (numbered link references ``[n]`` removed first), and
precision, recall and F1 of the extracted shingles against the true ones."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

LINK_REFERENCE = re.compile(r"\[\d+\]")
WORD = re.compile(r"\w+")
SHINGLE = 4


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def shingles(text: str, size: int = SHINGLE) -> set[tuple[str, ...]]:
    """The text's word ``size``-grams, lower-cased, link references removed (a text shorter
    than ``size`` words is one shingle of all of them)."""
    words = WORD.findall(LINK_REFERENCE.sub(" ", text).lower())
    if len(words) < size:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def score(extracted: str, truth: str) -> Score:
    """Precision and recall of ``extracted``'s shingles against ``truth``'s (1.0 each when
    both are empty; 0.0 for the side that is empty when the other is not)."""
    found, true = shingles(extracted), shingles(truth)
    if not found and not true:
        return Score(1.0, 1.0)
    common = len(found & true)
    return Score(common / len(found) if found else 0.0, common / len(true) if true else 0.0)


def mean(scores: Iterable[Score]) -> tuple[float, float, float]:
    """Mean precision, recall and F1 over documents (each document counts once)."""
    listed = list(scores)
    if not listed:
        return 0.0, 0.0, 0.0
    count = len(listed)
    return (
        sum(s.precision for s in listed) / count,
        sum(s.recall for s in listed) / count,
        sum(s.f1 for s in listed) / count,
    )
