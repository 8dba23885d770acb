"""Extraction output on real and generated text, saved and compared: the check that a speed
change to the analysis stage leaves every figure (and its context words) exactly as it was.

    uv run python tests/perf/extraction_snapshot.py --save /tmp/before.json
    ... change the code ...
    uv run python tests/perf/extraction_snapshot.py --compare /tmp/before.json

To snapshot an older commit, run this file from the current tree with ``--code`` naming a
checkout (or ``git archive`` export) of that commit: its ``reader`` package is imported instead.

Texts: every article of the news-clusters corpus and of the article-pages truth (as the reader
has them: paragraphs through the cleaner), every entry of the sample feeds, of the real-world
feeds and of feedparser's well-formed tests, a generated corpus (tests/perf/corpus.py), and the dense worst
case the budget cuts short. For each: the analysis stage's output (figures_with_context: every
mention field and the context words) and what the budget left unread. Rules change on other
branches: compare snapshots made from the same extraction rules.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import hashlib
import html
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CORPORA = ROOT.parent / "shared" / "corpora"


def _paragraphs(lines: list[str]) -> str:
    from reader.text.clean import html_to_text

    return html_to_text("".join(f"<p>{html.escape(line)}</p>" for line in lines)).text


def texts(generated: int) -> Iterator[tuple[str, str, str]]:
    """(name, title, canonical text) of every text the snapshot covers, in a fixed order."""
    from reader.feeds.parse import parse_feed
    from reader.text.clean import html_to_text
    from tests.perf.corpus import dense_article, write_corpus

    clusters = CORPORA / "news-clusters" / "clusters"
    for path in sorted(clusters.glob("*/*.txt")):
        raw = path.read_text(encoding="utf-8").splitlines()
        body = [line.strip() for line in raw[2:] if line.strip()]
        yield f"clusters/{path.parent.name}/{path.name}", raw[0].strip(), _paragraphs(body)
    truth = CORPORA / "article-pages" / "ground-truth.json"
    if truth.is_file():
        for key, page in sorted(json.loads(truth.read_text(encoding="utf-8")).items()):
            body = [line.strip() for line in str(page["articleBody"]).splitlines()]
            yield f"pages/{key}", "", _paragraphs([line for line in body if line])
    samples = ROOT / "sample_feeds"
    for path in sorted(samples.rglob("*")):
        if path.suffix not in (".xml", ".atom", ".json", ".rss"):
            continue
        for number, entry in enumerate(parse_feed(path.read_bytes()).entries):
            name = f"samples/{path.relative_to(samples)}#{number}"
            yield name, entry.title, html_to_text(entry.html).text
    feeds = [
        *sorted((CORPORA / "real-world-feeds").glob("*.*")),
        *sorted((CORPORA / "feedparser-tests" / "wellformed").rglob("*.xml")),
    ]
    for path in feeds:
        try:
            parsed = parse_feed(path.read_bytes())
        except Exception:  # not a feed: nothing to extract from
            continue
        for number, entry in enumerate(parsed.entries):
            name = f"feeds/{path.relative_to(CORPORA)}#{number}"
            yield name, entry.title, html_to_text(entry.html).text
    with tempfile.TemporaryDirectory() as folder:
        for file in write_corpus(Path(folder), generated, feeds=4):
            for number, entry in enumerate(parse_feed(file.read_bytes()).entries):
                yield f"generated/{file.name}#{number}", entry.title, html_to_text(entry.html).text
    yield "dense", "", dense_article(85 * 1024)


def snapshot(generated: int) -> tuple[dict[str, Any], float]:
    """Each text's extraction output (with a digest of it), and the CPU seconds extraction took."""
    from reader.figures.extract import extract_counted
    from reader.pipeline import figures_safely

    found: dict[str, Any] = {}
    seconds = 0.0
    for name, title, text in texts(generated):
        started = time.process_time()
        figures = figures_safely(text, title)
        counted = extract_counted(text)
        seconds += time.process_time() - started
        output = {
            "figures": [[dataclasses.asdict(m), context] for m, context in figures],
            "skipped": [counted.skipped_sentences, counted.skipped_characters],
        }
        digest = hashlib.sha1(json.dumps(output, sort_keys=True).encode()).hexdigest()
        found[name] = {"digest": digest, **output}
    return found, seconds


def compare(before: dict[str, Any], after: dict[str, Any], shown: int = 5) -> int:
    """Print where two snapshots differ; returns how many texts differ."""
    differ = sorted(
        name
        for name in before.keys() | after.keys()
        if before.get(name, {}).get("digest") != after.get(name, {}).get("digest")
    )
    for name in differ[:shown]:
        print(f"differs: {name}")
        old, new = before.get(name), after.get(name)
        if old is None or new is None:
            print("  only in", "after" if old is None else "before")
            continue
        for index, (a, b) in enumerate(zip(old["figures"], new["figures"], strict=False)):
            if a != b:
                print(f"  mention {index}:\n    before {a}\n    after  {b}")
                break
        else:
            print(
                f"  mentions {len(old['figures'])} -> {len(new['figures'])}, "
                f"skipped {old['skipped']} -> {new['skipped']}"
            )
    return len(differ)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", type=Path, help="write the snapshot here (gzipped JSON)")
    parser.add_argument("--compare", type=Path, help="compare with a snapshot saved before")
    parser.add_argument("--code", type=Path, help="import the reader package from this tree")
    parser.add_argument("--generated", type=int, default=2000, help="generated articles")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.code:
        sys.path.insert(0, str(args.code.resolve()))
    found, seconds = snapshot(args.generated)
    mentions = sum(len(entry["figures"]) for entry in found.values())
    print(f"{len(found)} texts, {mentions} mentions, extraction CPU {seconds:.2f} s")
    if args.save:
        args.save.write_bytes(gzip.compress(json.dumps(found, sort_keys=True).encode()))
        print(f"saved {args.save}")
    if args.compare:
        before = json.loads(gzip.decompress(args.compare.read_bytes()))
        differing = compare(before, found)
        print("identical" if not differing else f"{differing} of {len(found)} texts differ")
        sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
