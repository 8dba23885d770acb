"""The one shape of learnt model the story modules ship: a logistic regression trained offline
(tests/perf/train_same_event.py, tests/perf/train_figure_pairs.py, with scikit-learn), saved as
JSON beside the module that uses it, and scored here as a dot product and a sigmoid in plain
Python, so the reader needs no scikit-learn. The same-event check (same_event.py) and a story
table's figure pairs (figure_pairs.py) each hold one or two of these."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class LogisticModel:
    """A logistic regression over ``features`` (standardised by ``means`` and ``scales``)
    and the probability a decision needs (``threshold``)."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    means: tuple[float, ...]
    scales: tuple[float, ...]
    threshold: float

    def probability(self, values: Sequence[float]) -> float:
        total = self.bias
        for value, weight, mean, scale in zip(
            values, self.weights, self.means, self.scales, strict=True
        ):
            total += weight * (value - mean) / scale
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, total))))

    def with_threshold(self, threshold: float) -> LogisticModel:
        return replace(self, threshold=threshold)

    def to_json(self) -> dict[str, object]:
        return {
            "features": list(self.features),
            "weights": list(self.weights),
            "bias": self.bias,
            "means": list(self.means),
            "scales": list(self.scales),
            "threshold": self.threshold,
        }


def model_from_json(
    data: Mapping[str, Any], features: tuple[str, ...], source: str
) -> LogisticModel:
    """A model as ``LogisticModel.to_json`` writes it; one trained on other features than the
    code computes today is refused (its weights would fall on the wrong features)."""
    if tuple(data["features"]) != features:
        raise ValueError(f"{source} was trained on other features: retrain it")
    return LogisticModel(
        features,
        tuple(float(w) for w in data["weights"]),
        float(data["bias"]),
        tuple(float(m) for m in data["means"]),
        tuple(float(s) for s in data["scales"]),
        float(data["threshold"]),
    )
