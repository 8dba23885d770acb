"""Issue 22 bounds: time of inputs that used to grow faster than their size (items 8 and 9).

Run: ``uv run python tests/perf/bench_bounds.py [--scale 1.0]``. Prints seconds for a table row
of many cells, deeply nested divs, an article with 100,000 links, and re-anchoring a long quote
that is no longer in its article (before issue 22: 40k cells 4.8 s, 200k divs 74 s, 23.6k-char
quote 57 s). Figures are noisy on a shared machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reader.annotations import Annotation, make_anchor, reanchor
from reader.text.clean import html_to_text


def _timed(label: str, work: Callable[[], object]) -> None:
    started = time.perf_counter()
    work()
    print(f"{label:<44} {time.perf_counter() - started:8.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    scale = parser.parse_args().scale
    cells, divs, links = int(40_000 * scale), int(200_000 * scale), int(100_000 * scale)
    _timed(f"{cells:,} cells in one row", lambda: html_to_text("<tr>" + "<td>x</td>" * cells))
    _timed(f"{divs:,} nested divs", lambda: html_to_text("<div>" * divs + "x" + "</div>" * divs))
    html = "".join(f'<a href="https://e.example/{i}">l{i}</a> ' for i in range(links))
    _timed(f"{links:,} links", lambda: html_to_text(html))
    words = " ".join(f"w{i % 997}x{i % 13}" for i in range(int(8_000 * scale)))
    quote = Annotation(id=1, uid="u", article_id=1, **make_anchor(words, 0, len(words) // 2))
    _timed(
        f"re-anchor a {len(quote.quote):,}-char quote (orphaned)",
        lambda: reanchor(quote, "other words " * 3_000),
    )


if __name__ == "__main__":
    main()
