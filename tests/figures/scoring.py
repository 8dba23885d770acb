"""Scores the extractor against the labelled sentences: precision, recall, attribute accuracy."""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.figures.extract import extract
from reader.models import FigureMention
from tests.figures.labelled import CASES, E

ATTRIBUTES = ("kind", "unit", "noun", "bound", "modality", "rate")


@dataclass
class Score:
    predicted: int = 0
    expected: int = 0
    matched: int = 0
    attribute_hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ATTRIBUTES, 0))
    attribute_totals: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ATTRIBUTES, 0))
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    def accuracy(self, attribute: str) -> float:
        total = self.attribute_totals[attribute]
        return self.attribute_hits[attribute] / total if total else 1.0


def _value_matches(mention: FigureMention, expected: E) -> bool:
    if expected.value is None:
        return mention.vague
    if isinstance(expected.value, tuple):
        return (
            mention.low is not None
            and mention.high is not None
            and abs(mention.low - expected.value[0]) < 1e-6 * max(1, expected.value[0])
            and abs(mention.high - expected.value[1]) < 1e-6 * max(1, expected.value[1])
        )
    return mention.value is not None and abs(mention.value - expected.value) <= 1e-6 * max(
        1.0, abs(expected.value)
    )


def _overlaps(mention: FigureMention, start: int, end: int) -> bool:
    return mention.start < end and start < mention.end


def score(cases: list[tuple[str, list[E]]] | None = None) -> Score:
    result = Score()
    for sentence, expected in cases if cases is not None else CASES:
        mentions = extract(sentence)
        result.predicted += len(mentions)
        result.expected += len(expected)
        unmatched = list(mentions)
        for item in expected:
            start = sentence.find(item.text)
            assert start >= 0, f"labelled text {item.text!r} not in {sentence!r}"
            end = start + len(item.text)
            found = next(
                (m for m in unmatched if _overlaps(m, start, end) and _value_matches(m, item)), None
            )
            if found is None:
                result.misses.append(f"missed {item.text!r} in {sentence!r}")
                continue
            unmatched.remove(found)
            result.matched += 1
            for attribute in ATTRIBUTES:
                wanted = getattr(item, attribute)
                if attribute == "noun" and not wanted:
                    continue
                if item.value is None and attribute in ("bound", "kind", "unit"):
                    continue
                result.attribute_totals[attribute] += 1
                if getattr(found, attribute) == wanted:
                    result.attribute_hits[attribute] += 1
                else:
                    result.misses.append(
                        f"{attribute} of {item.text!r}: got {getattr(found, attribute)!r}, "
                        f"wanted {wanted!r} in {sentence!r}"
                    )
        for extra in unmatched:
            result.misses.append(f"spurious {extra.text!r} ({extra.value}) in {sentence!r}")
    return result


if __name__ == "__main__":
    import sys

    from tests.figures import heldout

    cases = heldout.CASES if "--heldout" in sys.argv else CASES
    outcome = score(cases)
    print("\n".join(outcome.misses))
    print(f"sentences {len(cases)}, expected {outcome.expected}, predicted {outcome.predicted}")
    print(f"precision {outcome.precision:.3f} recall {outcome.recall:.3f}")
    for attribute in ATTRIBUTES:
        print(f"  {attribute}: {outcome.accuracy(attribute):.3f}")
