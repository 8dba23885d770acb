"""The hand rule families a story's figures table applies, as one explicit set of switches.

A story table (reader.stories.figure_entries) joins reports by two scored pair models, but
which pairs the models may score at all, and which groups stay apart, are hand rules read off
the development labels. Rules chosen by reading the data the models are cross-validated on
look better there than on stories nobody read: so each family is a switch here, passed to
the table builder (``figures_table(..., rules=...)``), and the trainer
(tests/perf/train_figure_pairs.py ``--ablate``) cross-validates each switched off and on by
whole topic, refitting the models per fold, with a confidence interval on precision. The
shipped set (``SHIPPED``) is the one the checked-in models were fitted under. Pure data; no
SQL, no UI.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class FigureRules:
    """Which rule families are on (each field's comment says what it lets through)."""

    # An article keeps two groups of different values apart only where it gives each a value
    # of one counted thing (one_key); off: wherever it gives a value of each at all.
    told_apart_by_thing: bool = True
    # One counted thing written next to the other's figure makes two nouns one count
    # ("comments from 300,000 citizens", "235,000 comments").
    named_next_to: bool = True
    # Kin nouns of one class narrower than people read as one count by the words next to
    # them ("four appliances", "six engines").
    kin_by_context: bool = True
    # An ordinal naming an edition ("the 79th Academy Awards") is never disputed. Off, and
    # possessed and same_side with it: under the identity gate (an ordinal is never disputed
    # anyway; the gate's event reads one side of both figures), cross-validated by topic, each
    # changed no flag, find or grouped pair (tests/perf/train_figure_pairs.py --ablate).
    editions: bool = False
    # An ordinal after a possessive ("her third marriage") is never disputed.
    possessed: bool = False
    # Counts of things named by different names ("NBA", "Eastern Conference") never dispute.
    named_scope: bool = True
    # Two spans naming no counted thing dispute only where a word saying what happened
    # stands on one side of both; off: any such word next to both.
    same_side: bool = False
    # Figures naming no counted thing (a span of time, a sum) may be disputed at all.
    unnamed: bool = True
    # Ordinals ("the fifth coach fired", "the third") may be disputed: an ordinal ranks, and
    # outlets ranking one thing differently is rarely one disputed count.
    ordinals: bool = False
    # The pair feature sole_values (each article gives its counted thing one value); off:
    # every report reads as its article's only value, so the feature says nothing.
    sole_values: bool = True
    # The identity gate (reader.stories.figure_identity.flag_gate): an entry's differing
    # values are flagged (disagreement, update) only where two reports of them from two
    # articles name one counted thing and one event, nothing about them conflicts, and their
    # sentences say one thing alike; off: every sure enough join flags. A gate on flags only:
    # what it refuses stays grouped as "differs".
    identity_gate: bool = True
    # The story's self-check of the gate (figure_entries.ambiguous_in_one_article): a flag
    # also needs that no article of the story gives two differing values, in two sentences,
    # that the gate ties to the flagged reports. One writer giving two values the gate calls
    # one quantity meant two things (two players' points, two models' prices), so there the
    # gate cannot tell instances apart, and two outlets' values are no evidence of a
    # disagreement. A gate on flags only: what it refuses stays grouped as "differs".
    ambiguous_in_one_article: bool = True

    # How sure a flag is, is read on the two reports in conflict (the differing model's
    # probability for the pair that passes the gate: figure_entries.conflict_score) against
    # the flagging threshold; off: on the weakest join of the whole entry, so a stray value
    # the entry took in (a third age, another count read with it) dilutes a real conflict to
    # "differs".
    flag_on_conflict: bool = True

    # The identity gate reads two counted things as one where one's noun is written in the
    # other's phrase ("a scoring record of 2,106", "a record of 2,116 points"), as the table
    # joins them (named_next_to); off: only one noun or one kin class is one thing.
    gate_named_next_to: bool = True

    # The vetoes on which differing reports may be one disputed figure (``disputable``: an
    # ordinal, scopes named apart, two owners, an age's other years, ages or clocks far apart,
    # a span of time told with nothing alike) and the identity gate's outcomes (each part
    # conflicting or unknown, the sentences said alike) are read as features of the differing
    # model (figure_pairs.VETO_FEATURES), not as refusals: the model, fitted with the second
    # labellers' traps as negatives, weighs them (tests/perf/nested_figures.py
    # ``soft_vetoes``). Off: they refuse, as hand rules.
    soft_vetoes: bool = False

    def switched(self, name: str, on: bool) -> FigureRules:
        """These rules with one family switched on or off (``names``)."""
        if name not in names():
            raise ValueError(f"no rule family {name!r}; known: {', '.join(names())}")
        return replace(self, **{name: on})


def names() -> tuple[str, ...]:
    """The switchable rule families, in declaration order."""
    return tuple(f.name for f in fields(FigureRules))


#: The rules the shipped pair models (figure_pair_model.json) were fitted and chosen under.
SHIPPED = FigureRules()
