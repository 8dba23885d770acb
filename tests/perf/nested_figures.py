"""A nested leave-topics-out estimate of the story figures table's flags on unseen topics.

    uv run python tests/perf/nested_figures.py --keep /tmp/sf --reuse
    uv run python tests/perf/nested_figures.py --keep /tmp/sf --reuse --candidates current

tests/perf/train_figure_pairs.py cross-validates the tables by whole topic, but then picks the
thresholds (and, by ``--ablate``, which rule families are on) by reading every fold's score:
the score of the setting it picks is an in-sample score, as the development split's own score
is. Four sessions shipped flags at precision 1.00 there that reached about 0.3 on held-back
topics. This script estimates what the choice itself is worth: the development topics are
dealt into outer folds (train_figure_pairs.topic_folds); for each outer fold everything chosen
from data (the two pair models' weights, the agreeing, differing and flagging thresholds, and,
where a candidate offers several rule sets, which one) is chosen by an inner cross-validation
on the OTHER topics only (train_figure_pairs.cross_validate and best_setting, precision
first), the models are refitted on those topics, and only then are the outer fold's own
topics' tables built and scored. The outer folds' flags, summed, are printed with Wilson
intervals: disagreements found (of the labelled ones) and conflict precision (of the flags),
and grouped recall. What a candidate change is worth is its nested estimate beside the
current system's, not the development split's score.

What this cannot make honest: the hand rules themselves (the identity gate, the self-check)
were written by people reading these topics' sentences, so even the nested estimate of a
rule set holding them is optimistic for them; a candidate that replaces such a rule by a
model fitted in the inner folds is estimated fairly. Tables here are built per cluster (a
cluster's articles read as one story), as the trainer's; the story assignment's own misses
(story_figures_eval.py's "different stories") are not counted. Held-back topics are never
read (load_context reads the development clusters only).

The second labellers (tests/stories/story-disputes-second-labeller.json, development only)
are read too (twenty-second session): each estimate's second line counts its flags
(disagreement or update) holding two differing reports of one of their 23 "not the same"
traps (a flag on a trap is wrong whatever the first labels say; none of the traps' pairs is
a dispute of the first labels, so the conflict precision above already counts it wrong), the
entries of any kind joining such two, and how many of their disputes a flag holds.
Candidates marked ``second`` teach the differing model their verdicts as well (traps as
negatives, their disputes as positives: train_figure_pairs.second_label); ``soft_vetoes``
reads the table's vetoes and the identity gate's outcomes as the differing model's features
instead of refusals (reader/stories/figure_rules.py). ``--in-sample`` scores the shipped
system on every development cluster the same way.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.stories.figure_rules import SHIPPED, FigureRules  # noqa: E402
from reader.stories.figures import StoryQuantity  # noqa: E402
from tests.perf.train_figure_pairs import (  # noqa: E402
    SECOND_COLUMNS,
    Context,
    Setting,
    _thresholds,
    best_setting,
    build_pairs,
    cross_validate,
    topic_folds,
    wilson,
)

#: The settings the inner folds choose among (agreeing, differing, flagging thresholds): the
#: trainer's grid thinned (its neighbours score alike; an inner cross-validation per outer
#: fold and candidate must stay minutes, not hours, on two shared cores).
NESTED_GRID: tuple[Setting, ...] = tuple(
    (0.1, high, flag)
    for high in (0.04, 0.06, 0.1, 0.2)
    for flag in (0.0, 0.15, 0.2, 0.3)
    if flag == 0.0 or flag > high
)


#: NESTED_GRID with surer flagging thresholds: a differing model that weighs the vetoes
#: itself chose the grid's surest flag (0.3) in every outer fold.
HIGH_GRID: tuple[Setting, ...] = tuple(
    (0.1, high, flag)
    for high in (0.04, 0.06, 0.1, 0.2)
    for flag in (0.0, 0.2, 0.3, 0.4, 0.5, 0.6)
    if flag == 0.0 or flag > high
)


@dataclass(frozen=True)
class Candidate:
    """A system to estimate: the rule sets its inner folds may choose among (one: the rules
    are fixed; several: which one is chosen from data too)."""

    name: str
    rule_sets: tuple[FigureRules, ...]
    # Whether the second labellers' traps and disputes teach the differing model too
    # (train_figure_pairs.second_label).
    second: bool = False
    # The settings its inner folds choose among (NESTED_GRID by default).
    grid: tuple[Setting, ...] = ()
    # Whether the soft vetoes may only count against one figure (train_figure_pairs.fit).
    signed: bool = False


def candidates() -> dict[str, Candidate]:
    """The systems estimated: the current one, each gate off, the gates chosen from data, the
    flag read on the conflicting pair (``flag_on_conflict``), the gate reading a noun next to
    the other's figure as its thing (``gate_named_next_to``), both, and which of these four
    chosen from data."""
    gate_off = SHIPPED.switched("identity_gate", False)
    check_off = SHIPPED.switched("ambiguous_in_one_article", False)
    both_off = gate_off.switched("ambiguous_in_one_article", False)
    on_conflict = SHIPPED.switched("flag_on_conflict", True)
    next_to = SHIPPED.switched("gate_named_next_to", True)
    both_new = on_conflict.switched("gate_named_next_to", True)
    soft = gate_off.switched("soft_vetoes", True)
    soft_no_check = soft.switched("ambiguous_in_one_article", False)
    return {
        "current": Candidate("current", (SHIPPED,)),
        "no_identity_gate": Candidate("no_identity_gate", (gate_off,)),
        "no_self_check": Candidate("no_self_check", (check_off,)),
        "no_gates": Candidate("no_gates", (both_off,)),
        "gates_chosen": Candidate("gates_chosen", (SHIPPED, gate_off, check_off, both_off)),
        "flag_on_conflict": Candidate("flag_on_conflict", (on_conflict,)),
        "gate_named_next_to": Candidate("gate_named_next_to", (next_to,)),
        "both_new": Candidate("both_new", (both_new,)),
        "new_chosen": Candidate("new_chosen", (SHIPPED, on_conflict, next_to, both_new)),
        # Session 22: the second labellers' traps as negatives and their disputes as
        # positives of the differing model; then the vetoes and the gate as its features.
        "second_labels": Candidate("second_labels", (SHIPPED,), second=True),
        "soft_vetoes": Candidate("soft_vetoes", (soft,), second=True),
        "soft_vetoes_first": Candidate("soft_vetoes_first", (soft,)),
        "soft_no_check": Candidate("soft_no_check", (soft_no_check,), second=True),
        "soft_chosen": Candidate("soft_chosen", (SHIPPED, soft, soft_no_check), second=True),
        "soft_vetoes_high": Candidate("soft_vetoes_high", (soft,), second=True, grid=HIGH_GRID),
        # Session 23: the same, each veto's weight never above zero (train_figure_pairs.fit).
        "soft_signed_high": Candidate(
            "soft_signed_high", (soft,), second=True, grid=HIGH_GRID, signed=True
        ),
    }


def restricted(context: Context, topics: set[str]) -> Context:
    """The context holding only the clusters of ``topics``."""
    return replace(
        context,
        labels=[c for c in context.labels if str(c["cluster"])[:3] in topics],
        data={name: d for name, d in context.data.items() if name[:3] in topics},
        truths={name: t for name, t in context.truths.items() if name[:3] in topics},
    )


@dataclass
class Outer:
    """Summed outer-fold counts (train_figure_pairs.describe's eight) and what each outer
    fold chose."""

    counts: list[float]
    chosen: list[str]
    misses: Counter[str]


def nested(context: Context, candidate: Candidate, grid: Sequence[Setting] = NESTED_GRID) -> Outer:
    """The candidate's nested estimate (see the module's doc)."""
    context = replace(context, signed=candidate.signed)
    topics = sorted({name[:3] for name in context.data})
    outer = Outer([0.0] * (8 + len(SECOND_COLUMNS)), [], Counter())
    for fold in topic_folds(topics):
        inner = restricted(context, set(topics) - fold)
        best: tuple[tuple[float, ...], Setting, FigureRules] | None = None
        for rules in candidate.rule_sets:
            agreeing, differing = build_pairs(inner, rules, candidate.second)
            result = cross_validate(inner, rules, agreeing, differing, grid=grid)
            found = best_setting(result.totals)
            if found is not None and (best is None or found[0] > best[0]):
                best = (found[0], found[1], rules)
        if best is None:  # nothing flags enough in the inner folds: the surest setting
            best = ((), (0.1, max(s[1] for s in grid), max(s[2] for s in grid)), SHIPPED)
        _, setting, rules = best
        index = candidate.rule_sets.index(rules) if rules in candidate.rule_sets else -1
        outer.chosen.append(f"{_thresholds(setting)}#{index}")
        # Fitted on every topic but the fold's (the pairs of the fold's topics are left out
        # by cross_validate), scored on the fold's own topics only.
        agreeing, differing = build_pairs(context, rules, candidate.second)
        result = cross_validate(context, rules, agreeing, differing, grid=[setting], folds=[fold])
        for n, value in enumerate(result.totals[setting]):
            outer.counts[n] += value
        outer.misses += result.misses[setting]
    return outer


def report(name: str, outer: Outer) -> str:
    c = outer.counts
    found, labelled, right, flagged = round(c[2]), round(c[3]), round(c[4]), round(c[5])
    f_low, f_high = wilson(found, labelled)
    p_low, p_high = wilson(right, flagged)
    grouped = c[0] / c[1] if c[1] else 1.0
    grouping = c[6] / c[7] if c[7] else 1.0
    return (
        f"{name:18} found {found}/{labelled} = {found / labelled if labelled else 0:.3f} "
        f"[{f_low:.2f}, {f_high:.2f}]  precision {right}/{flagged} = "
        f"{right / flagged if flagged else 1.0:.3f} [{p_low:.2f}, {p_high:.2f}]  "
        f"grouped {grouped:.3f} grouping precision {grouping:.3f}  "
        f"chosen per outer fold: {' '.join(outer.chosen)}\n"
        f"{'':18} {second_report(c[8:])}"
    )


def second_report(c: Sequence[float]) -> str:
    """The outer folds' tables read against the second labellers (train_figure_pairs.
    second_counts): flags on their traps (false flags whatever the first labels say),
    entries joining a trap's differing values, their disputes found, and the disagreement
    flags right by either labeller."""
    named = dict(zip(SECOND_COLUMNS, (round(x) for x in c), strict=True))
    flags, traps = named["flags"], named["trap_flags"]
    found, disputes = named["second_found"], named["second_disputes"]
    t_low, t_high = wilson(traps, flags)
    s_low, s_high = wilson(found, disputes)
    return (
        f"flags (disagreement or update) {flags}, on a second-labeller trap {traps} "
        f"[{t_low:.2f}, {t_high:.2f}]; entries joining a trap's differing values "
        f"{named['trap_joined']}; second-labeller disputes found {found}/{disputes} = "
        f"{found / disputes if disputes else 0:.3f} [{s_low:.2f}, {s_high:.2f}]; "
        f"disagreement flags right by either labeller {named['right_either']}"
    )


def _kinds(
    table: Sequence[StoryQuantity], entry_of: dict[int, int], pairs: Sequence[tuple[Any, Any]]
) -> set[str]:
    """The kinds of the entries of ``table`` holding both reports of one of ``pairs``."""
    return {
        table[entry_of[a.report.mention_id]].kind
        for a, b in pairs
        if entry_of.get(a.report.mention_id, -1) == entry_of.get(b.report.mention_id, -2)
    }


def miss_causes(context: Context, show: bool = False) -> Counter[str]:
    """Each labelled development disagreement by why the shipped table (models and rules, a
    cluster read as one story, in-sample) does not flag it: "found"; "not extracted" (no two
    articles' reports of it differ); "not comparable" (another kind, two events);
    "not disputable" (``disputable``: no counted thing named, another key or modality, far
    apart, ...); "join score below threshold" (the differing model's best pair score under
    its threshold); "kept apart" (scored high enough but blocked or outvoted by the group
    average); one entry "judged agree" / "judged update"; one entry only "differs" because
    the join is under the flagging threshold ("below flagging"), the identity gate refuses
    every pair ("identity gate: <part>", its commonest refusal), or the story's self-check
    ("self-check")."""
    from reader.stories import figure_identity
    from reader.stories.figure_entries import (
        _spans_overlap,
        candidates,
        comparable,
        disputable,
        figures_table,
        scored_pairs,
    )
    from reader.stories.figure_pairs import shipped_models
    from reader.stories.figures import AGREE, DISAGREEMENT, UPDATE

    models = shipped_models()
    loose = replace(models, flagging=0.0)
    no_gate = SHIPPED.switched("identity_gate", False)
    no_check = SHIPPED.switched("ambiguous_in_one_article", False)
    causes: Counter[str] = Counter()
    for cluster in context.labels:
        name = str(cluster["cluster"])
        reports, _ = context.data[name]
        truth = context.truths[name]
        views = candidates(reports)
        index = {v.report.mention_id: n for n, v in enumerate(views)}
        tables = {
            "shipped": figures_table(reports, models),
            "loose": figures_table(reports, loose),
            "no_gate": figures_table(reports, loose, no_gate),
            "no_check": figures_table(reports, loose, no_check),
        }
        entry_of = {
            key: {v.mention_id: n for n, q in enumerate(t) for v in q.values}
            for key, t in tables.items()
        }
        differing_scores = scored_pairs(views, models.differing, True)
        for n, quantity in enumerate(cluster["quantities"]):
            if quantity["verdict"] != "disagreement":
                continue
            mine = [v for v in views if truth.get(v.report.mention_id) == n]
            pairs = [
                (a, b)
                for k, a in enumerate(mine)
                for b in mine[k + 1 :]
                if a.report.article_id != b.report.article_id and not _spans_overlap(a, b)
            ]

            def kinds(key: str) -> set[str]:
                return _kinds(tables[key], entry_of[key], pairs)  # noqa: B023 (called here)

            shipped = kinds("shipped")
            if DISAGREEMENT in shipped:
                cause = "found"
            elif not pairs:
                cause = "not extracted"
            elif shipped == {AGREE}:
                cause = "judged agree"
            elif UPDATE in shipped:
                cause = "judged update"
            elif shipped:
                if DISAGREEMENT in kinds("loose"):
                    cause = "below flagging"
                elif DISAGREEMENT in kinds("no_gate"):
                    refusals = Counter(
                        figure_identity.refusal(
                            figure_identity.identity(a), figure_identity.identity(b)
                        )
                        for a, b in pairs
                    )
                    cause = f"identity gate: {refusals.most_common(1)[0][0]}"
                elif DISAGREEMENT in kinds("no_check"):
                    cause = "self-check"
                else:
                    cause = "differs (other)"
            elif not any(comparable(a, b) for a, b in pairs):
                cause = "not comparable"
            elif not any(comparable(a, b) and disputable(a, b) for a, b in pairs):
                cause = "not disputable"
            else:
                best = max(
                    differing_scores.get(
                        (
                            min(index[a.report.mention_id], index[b.report.mention_id]),
                            max(index[a.report.mention_id], index[b.report.mention_id]),
                        ),
                        0.0,
                    )
                    for a, b in pairs
                )
                below = best < models.differing.threshold
                cause = "join score below threshold" if below else "kept apart"
            causes[cause] += 1
            if show and cause != "found":
                print(f"{cause:40} {name} {quantity['quantity'][:60]}")
    return causes


def in_sample(context: Context) -> list[float]:
    """The shipped models and rules on every development cluster (a cluster's articles read
    as one story), scored as one outer fold is (train_figure_pairs.describe's eight, then
    SECOND_COLUMNS): what the development split says of the system as shipped."""
    from reader.stories.figure_entries import candidates, figures_table
    from reader.stories.figure_pairs import shipped_models
    from tests.perf.story_figures_eval import score
    from tests.perf.train_figure_pairs import second_counts, table_json

    models = shipped_models()
    counts = [0.0] * (8 + len(SECOND_COLUMNS))
    tables = []
    sentences: dict[int, str] = {}
    for cluster in context.labels:
        name = str(cluster["cluster"])
        reports, said = context.data[name]
        sentences.update(said)
        table = figures_table(reports, models)
        for n, value in enumerate(second_counts(name, context, candidates(reports), table)):
            counts[8 + n] += value
        tables.append({"articles": [], "table": table_json(table, context.links)})
    scored = score("dev", context.labels, tables, context.where, sentences)
    counts[0] = scored["grouped_recall"] * scored["labelled_pairs"]
    counts[1] = scored["labelled_pairs"]
    counts[2] = scored["disagreement_recall"] * scored["labelled_disagreements"]
    counts[3] = scored["labelled_disagreements"]
    counts[4] = scored["conflict_precision"] * scored["flagged"]
    counts[5] = scored["flagged"]
    counts[6] = scored["grouping_precision"] * scored["grouped_labelled_pairs"]
    counts[7] = scored["grouped_labelled_pairs"]
    return counts


def main() -> None:
    from tests.perf.story_figures_eval import CLUSTERS
    from tests.perf.train_figure_pairs import load_context

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, required=True, help="Library folder.")
    parser.add_argument("--reuse", action="store_true", help="Read the library built there.")
    parser.add_argument("--c", type=float, default=0.1, help="Inverse regularisation.")
    parser.add_argument(
        "--candidates",
        default="",
        help=f"Comma-separated, of: {', '.join(candidates())} (all by default).",
    )
    parser.add_argument(
        "--causes",
        action="store_true",
        help="Print why each labelled disagreement is not flagged in-sample; estimate nothing.",
    )
    parser.add_argument(
        "--in-sample",
        action="store_true",
        help="Score the shipped models and rules on every development cluster, with the "
        "second labellers' traps and disputes; estimate nothing.",
    )
    args = parser.parse_args()
    if not CLUSTERS.is_dir():
        sys.exit(f"news clusters not found at {CLUSTERS}")
    context = load_context(args.keep, args.reuse, args.c)
    if args.in_sample:
        print(report("shipped in-sample", Outer(in_sample(context), ["shipped"], Counter())))
        return
    if args.causes:
        causes = miss_causes(context, show=True)
        print("labelled development disagreements by outcome:", dict(causes.most_common()))
        return
    known = candidates()
    names = [n for n in args.candidates.split(",") if n] or list(known)
    for name in names:
        if name not in known:
            sys.exit(f"no candidate {name!r}; known: {', '.join(known)}")
    print(
        f"nested leave-topics-out estimate: {len(context.data)} development clusters, "
        f"outer folds of whole topics, inner grid of {len(NESTED_GRID)} settings"
    )
    for name in names:
        started = time.process_time()
        outer = nested(context, known[name], known[name].grid or NESTED_GRID)
        print(report(name, outer), flush=True)
        print(
            f"{'':18} outer-fold outcomes of the labelled disagreements: "
            f"{dict(sorted(outer.misses.items()))} ({time.process_time() - started:.0f} s CPU)",
            flush=True,
        )


if __name__ == "__main__":
    main()
