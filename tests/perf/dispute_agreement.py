"""How far two labellers agree on where outlets disagree: the ceiling for conflict precision.

    uv run python tests/perf/dispute_agreement.py [--show]
    uv run python tests/perf/dispute_agreement.py --held-back   # counts only, once a session

tests/stories/story-figures.json (labeller 1: every quantity two outlets report, with a verdict)
and tests/stories/story-disputes-second-labeller.json (labeller 2, blind to labeller 1 and to
the rules: only the quantities whose values differ, as "disagreement", "update" or "not the
same") on the development clusters labeller 2 did. Two quantities are one when they share two
reports (file and value) or one report and two files. Prints how many of labeller 1's disputes
(disagreement or update) labeller 2 also disputes, and how many of labeller 2's disputes
labeller 1 disputes, calls agreeing, or did not list; apart for the clusters of the first
labels' first labeller (clusters 0-39 of story-figures.json) and of its later labellers (40-57).
``--held-back`` reads the held-back clusters' second labels instead
(story-disputes-second-labeller-heldout.json) and prints counts only.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

STORIES = Path(__file__).resolve().parents[2] / "tests" / "stories"
FIRST = STORIES / "story-figures.json"
SECOND = STORIES / "story-disputes-second-labeller.json"
SECOND_HELD_BACK = STORIES / "story-disputes-second-labeller-heldout.json"
LATER_LABELLERS_FROM = 40  # story-figures.json's clusters from here on came from later labellers
DISPUTED = ("disagreement", "update")


def _value(value: Any) -> float:
    return float(value[0]) if isinstance(value, list) else float(value)


def _reports(quantity: dict[str, Any]) -> set[tuple[str, float]]:
    return {(r["file"], round(_value(r["value"]), 2)) for r in quantity["reports"]}


def one_quantity(a: dict[str, Any], b: dict[str, Any]) -> bool:
    common = _reports(a) & _reports(b)
    files = {f for f, _ in _reports(a)} & {f for f, _ in _reports(b)}
    return len(common) >= 2 or (len(common) >= 1 and len(files) >= 2)


def agreement(split: str = "dev", show: bool = False) -> dict[str, dict[str, int]]:
    """Counts per group of first labels ("first labeller", "later labellers")."""
    ordered = json.loads(FIRST.read_text())
    first = {c["cluster"]: c for c in ordered}
    group = {
        c["cluster"]: "later labellers" if i >= LATER_LABELLERS_FROM else "first labeller"
        for i, c in enumerate(ordered)
    }
    names = ("first", "first_also_second", "second", "second_also_first", "second_first_agree")
    by_group = {g: dict.fromkeys(names, 0) for g in ("first labeller", "later labellers")}
    second = SECOND if split == "dev" else SECOND_HELD_BACK
    for cluster in json.loads(second.read_text()):
        labelled = first[cluster["cluster"]]
        assert labelled["split"] == split, f"{second.name} holds {split} clusters only"
        counts = by_group[group[cluster["cluster"]]]
        quantities = labelled["quantities"]
        disputes = [q for q in cluster["quantities"] if q["verdict"] in DISPUTED]
        for q in (q for q in quantities if q["verdict"] in DISPUTED):
            counts["first"] += 1
            counts["first_also_second"] += any(one_quantity(q, d) for d in disputes)
        for d in disputes:
            counts["second"] += 1
            same = [q for q in quantities if one_quantity(q, d)]
            if any(q["verdict"] in DISPUTED for q in same):
                counts["second_also_first"] += 1
            elif same:
                counts["second_first_agree"] += 1
            if show and not any(q["verdict"] in DISPUTED for q in same):
                where = "agree" if same else "not listed"
                print(f"labeller 1 {where}: {cluster['cluster'][:14]} {d['quantity']}")
    return by_group


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="List the disputes only one made.")
    parser.add_argument("--held-back", action="store_true", help="The held-back clusters.")
    args = parser.parse_args()
    split = "heldout" if args.held_back else "dev"
    by_group = agreement(split, args.show and not args.held_back)
    total = {name: sum(c[name] for c in by_group.values()) for name in by_group["first labeller"]}
    for name, counts in [*by_group.items(), ("all", total)]:
        print(
            f"{split}, {name}: the first labels' disputes that the second labels "
            f"dispute too: {counts['first_also_second']} of {counts['first']}; the second "
            f"labels' that the first dispute: {counts['second_also_first']} of "
            f"{counts['second']} (call agreeing: {counts['second_first_agree']}, not listed: "
            f"{counts['second'] - counts['second_also_first'] - counts['second_first_agree']})"
        )


if __name__ == "__main__":
    main()
