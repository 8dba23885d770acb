"""How the figure extractor reads the headlines of real multi-outlet news, and what it costs.

Reads the title of every article of the news-clusters corpus (line 1 of each file: real
headlines, and on some outlets the lead sentence), extracts its figures as the analysis stage
does (reader/figures/titles.py: those the body repeats are left out) and prints how many titles
hold a number, how many mentions were read, how many of them say what they count (a thing or a
unit) and what happened to it, how many a body repeats, and the time per article of the title's
extraction beside the body's. ``--show`` lists every title with a number and its readings, to
judge by eye (there are no labels for titles alone: the story figures evaluation,
tests/perf/story_figures_eval.py, scores them inside story tables).

Run: uv run python tests/perf/headline_figures.py [--show]
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from reader.figures.extract import extract
from reader.figures.titles import title_mentions
from reader.models import FigureMention

ROOT = Path(__file__).resolve().parents[2]
CLUSTERS = ROOT.parent / "shared" / "corpora" / "news-clusters" / "clusters"
_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand|million"
    r"|billion|half)\b",
    re.IGNORECASE,
)


def articles() -> list[tuple[str, str, str]]:
    """(file, title, body) of every corpus article, the body as the feed's paragraphs."""
    found = []
    for folder in sorted(p for p in CLUSTERS.iterdir() if p.is_dir()):
        for path in sorted(folder.glob("*.txt")):
            lines = path.read_text(encoding="utf-8").splitlines()
            body = "\n\n".join(line.strip() for line in lines[2:] if line.strip())
            found.append((f"{folder.name[:4]}/{path.name[:5]}", lines[0].strip(), body))
    return found


def _reading(mention: FigureMention) -> str:
    thing = mention.noun or mention.unit or "-"
    return f"{mention.text!r} = {mention.value} {mention.kind} {thing} {mention.event or '-'}"


def _ms_per_article(run: object, items: list[tuple[str, str, str]]) -> float:
    best = float("inf")
    for _ in range(3):  # the best of three: the machine is shared
        started = time.perf_counter()
        for item in items:
            run(item)  # type: ignore[operator]
        best = min(best, time.perf_counter() - started)
    return best / len(items) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="List every title with a number.")
    args = parser.parse_args()
    if not CLUSTERS.is_dir():
        raise SystemExit(f"news clusters not found at {CLUSTERS}")
    items = articles()
    bodies = {file: extract(body) for file, _, body in items}
    with_number = read = named = happened = kept = 0
    for file, title, _ in items:
        if not _NUMBER.search(title):
            continue
        with_number += 1
        found = extract(title)
        own = title_mentions(title, bodies[file])
        read += len(found)
        kept += len(own)
        named += sum(1 for m in found if m.noun or m.unit)
        happened += sum(1 for m in found if m.event)
        if args.show:
            print(f"{file} | {title}")
            kept_spans = {(m.start, m.end) for m in own}
            for mention in found:
                mark = " " if (mention.start, mention.end) in kept_spans else "="
                print(f"   {mark} {_reading(mention)}")
    body_ms = _ms_per_article(lambda item: extract(item[2]), items)
    title_ms = _ms_per_article(lambda item: title_mentions(item[1], bodies[item[0]]), items)
    print(
        f"{len(items)} titles, {with_number} with a number: {read} mentions read, {named} "
        f"saying what they count, {happened} what happened to it; {kept} kept ({read - kept} "
        "the body repeats, marked = with --show)"
    )
    print(f"per article: title {title_ms:.3f} ms, body {body_ms:.3f} ms (a busy machine: noisy)")


if __name__ == "__main__":
    main()
