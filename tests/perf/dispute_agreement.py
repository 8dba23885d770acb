"""How far two labellers agree on where outlets disagree: the ceiling for conflict precision.

    uv run python tests/perf/dispute_agreement.py [--show]

tests/stories/story-figures.json (labeller 1: every quantity two outlets report, with a verdict)
and tests/stories/story-disputes-second-labeller.json (labeller 2, blind to labeller 1 and to
the rules: only the quantities whose values differ, as "disagreement", "update" or "not the
same") on the development clusters labeller 2 did. Two quantities are one when they share two
reports (file and value) or one report and two files. Prints how many of labeller 1's disputes
(disagreement or update) labeller 2 also disputes, and how many of labeller 2's disputes
labeller 1 disputes, calls agreeing, or did not list.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

STORIES = Path(__file__).resolve().parents[2] / "tests" / "stories"
FIRST = STORIES / "story-figures.json"
SECOND = STORIES / "story-disputes-second-labeller.json"
DISPUTED = ("disagreement", "update")


def _value(value: Any) -> float:
    return float(value[0]) if isinstance(value, list) else float(value)


def _reports(quantity: dict[str, Any]) -> set[tuple[str, float]]:
    return {(r["file"], round(_value(r["value"]), 2)) for r in quantity["reports"]}


def one_quantity(a: dict[str, Any], b: dict[str, Any]) -> bool:
    common = _reports(a) & _reports(b)
    files = {f for f, _ in _reports(a)} & {f for f, _ in _reports(b)}
    return len(common) >= 2 or (len(common) >= 1 and len(files) >= 2)


def agreement(show: bool = False) -> dict[str, int]:
    first = {c["cluster"]: c for c in json.loads(FIRST.read_text())}
    counts = dict.fromkeys(
        ("first", "first_also_second", "second", "second_also_first", "second_first_agree"), 0
    )
    for cluster in json.loads(SECOND.read_text()):
        labelled = first[cluster["cluster"]]
        assert labelled["split"] == "dev", "labeller 2 labelled development clusters only"
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
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="List the disputes only one made.")
    counts = agreement(parser.parse_args().show)
    print(
        f"labeller 1's disputes that labeller 2 disputes too: {counts['first_also_second']} of "
        f"{counts['first']}; labeller 2's that labeller 1 disputes: {counts['second_also_first']}"
        f" of {counts['second']} (calls agreeing: {counts['second_first_agree']}, not listed: "
        f"{counts['second'] - counts['second_also_first'] - counts['second_first_agree']})"
    )


if __name__ == "__main__":
    main()
