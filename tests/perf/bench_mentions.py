"""Extraction cost per mention as one sentence holds more figures: the check that reading a
sentence is linear in its mentions (issue 20), printed as CPU microseconds per mention for
sentences of 10, 100 and 1,000 figures of several shapes (counts, ordinals, "one" as a count,
money and percentages). Linear work gives a flat row; quadratic work grows tenfold a column.

    uv run python tests/perf/bench_mentions.py
    uv run python tests/perf/bench_mentions.py --sizes 10 100 1000 3000

A sentence is read whole here (no article budget, no cut into pieces), as _scan_sentence reads
one piece, so that work growing with the mentions already found shows. CPU time, best of a few
runs: the machine may be busy.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

# One clause per figure; each shape stresses a different reader of the sentence.
SHAPES: dict[str, Callable[[int], str]] = {
    "counts": lambda n: f"about {1000 + n} workers were evacuated",
    "ordinals": lambda n: f"the {n + 4}th runner finished",
    "ranks of": lambda n: f"his {n + 4}th point of the game",
    "one": lambda n: f"one count of fraud and {2 + n % 7} of theft",
    "money": lambda n: f"${n + 2}.5 million in {n % 90 + 1}% of cases",
}


def sentence(shape: str, figures: int) -> str:
    """One sentence of ``figures`` clauses of a shape, joined by commas."""
    return ", ".join(SHAPES[shape](n) for n in range(figures)) + "."


def cost_per_mention(text: str, repeats: int) -> tuple[float, int]:
    """CPU microseconds per mention of reading ``text`` as one sentence, best of ``repeats``."""
    from reader.figures.extract import _scan_sentence

    folded = text.lower().replace("’", "'")
    best = float("inf")
    found = 0
    for _ in range(repeats):
        started = time.process_time()
        found = len(_scan_sentence(text, (0, len(text)), folded, limit=10**9))
        best = min(best, time.process_time() - started)
    return best / max(found, 1) * 1e6, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print("CPU microseconds per mention, one sentence of N figures (flat = linear)")
    print(f"{'shape':<10}" + "".join(f"{f'N={size}':>16}" for size in args.sizes))
    for shape in SHAPES:
        cells = []
        for size in args.sizes:
            per_mention, found = cost_per_mention(sentence(shape, size), args.repeats)
            cells.append(f"{per_mention:8.1f} ({found:>5})")
        print(f"{shape:<10}" + "".join(f"{cell:>16}" for cell in cells))


if __name__ == "__main__":
    main()
