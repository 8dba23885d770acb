"""The ``soft_vetoes`` rules (reader.stories.figure_rules): the table's vetoes on which
differing reports may be one disputed figure, and the identity gate's outcomes, read as
features of the differing model (figure_pairs.VETO_FEATURES) instead of refusing. Real
extracted mentions of real news sentences (the development trap "fifth NBA coach" beside
"third Eastern Conference coach"); the shipped rules read the shipped features only."""

from __future__ import annotations

import pytest

from reader.stories.figure_entries import (
    differing_features,
    disputable,
    may_dispute,
    scored_pairs,
)
from reader.stories.figure_pairs import (
    FEATURES,
    VETO_FEATURES,
    ReportView,
    pair_features,
    shipped_models,
)
from reader.stories.figure_rules import SHIPPED
from reader.stories.logistic import LogisticModel
from tests.stories.test_figure_disputes import one_view

SOFT = SHIPPED.switched("identity_gate", False).switched("soft_vetoes", True)


def _coaches() -> tuple[ReportView, ReportView]:
    league = one_view(1, "Cheeks is the fifth NBA head coach fired this season.", "fifth")
    conference = one_view(
        2, "Cheeks marks the third Eastern Conference head coach to get fired.", "third"
    )
    return league, conference


def test_a_vetoed_pair_is_scored_with_its_vetoes_as_features() -> None:
    league, conference = _coaches()
    assert not disputable(league, conference)
    assert may_dispute(league, conference, SOFT)
    values = differing_features(league, conference, SOFT)
    assert len(values) == len(FEATURES) + len(VETO_FEATURES)
    named = dict(zip(VETO_FEATURES, values[len(FEATURES) :], strict=True))
    assert named["veto_ordinal"] == 1.0
    assert named["veto_named_scope"] == 1.0
    assert named["gate_refused"] == 1.0 and named["gate_scope_conflicting"] == 1.0


def test_the_shipped_rules_read_the_shipped_features_only() -> None:
    league, conference = _coaches()
    shipped = differing_features(league, conference)
    assert shipped == pair_features(league, conference)
    assert len(shipped_models().differing.weights) == len(FEATURES)


@pytest.mark.parametrize("weight", [-5.0, 5.0])
def test_the_model_not_a_rule_decides_a_vetoed_pair(weight: float) -> None:
    league, conference = _coaches()
    names = FEATURES + VETO_FEATURES
    # A model weighing only "scopes named apart": its sign decides whether the pair joins.
    model = LogisticModel(
        names,
        tuple(weight if n == "veto_named_scope" else 0.0 for n in names),
        0.0,
        (0.0,) * len(names),
        (1.0,) * len(names),
        0.5,
    )
    scores = scored_pairs([league, conference], model, True, SOFT)
    assert scores and (scores[(0, 1)] > 0.5) == (weight > 0)
    assert not scored_pairs([league, conference], model, True)
