"""How many figure labels of real news read wrong, judged by hand on a fixed sample (issue 20).

    uv run python tests/perf/label_quality.py [--keep DIR [--reuse]] [--list] [--unjudged]

Builds (or, with --keep DIR --reuse, reads) the library story_figures_eval.py builds from the
news clusters, reads every story figures table (`feedlens stories ID --json`) and the Figures
view (`feedlens figures --json`), and keeps the labels of DEVELOPMENT clusters only (every
article of the entry in a development topic; the held-back topics are dropped before any text
is read). A fixed sample of them (an entry whose first report's cluster, file and text hash to
0 mod SAMPLE, so the same reports are sampled whatever their labels) is judged by hand in
tests/perf/label_quality.json, keyed by (view, cluster, file, text, label): a label changed by
the code is a new key, judged afresh.

The rubric (no knowledge of feedlens's rules needed; read the label against its sentence):
- good: the label's head names the counted or measured thing as a noun a person would say
  ("passengers", "age", "time", "magnitude", "round", "points"); a word after it says what
  happened to it, as the sentence says ("killed", "served"); a name in parentheses is whose it
  is or who did it in that sentence (a person, team or organisation). "time" alone for a length
  is good (vague, not wrong).
- bad: the head is a verb, adverb, adjective, preposition or a bare modifier ("placed on",
  "higher", "s", "bit", "troubled"); the word after it is no happening ("including",
  "following"); the name in parentheses is a place, a product, someone else, or the thing
  itself; or the thing is not what the figure counts ("touchdowns" for seven run-ins; a year,
  a phone number, a model or product number read as a count: "car" for 2012, "age" for
  Windows 7).
Prints the judged, bad and unjudged counts per view; --list prints every label of the sample
(J for judged good, X bad, ? unjudged) with its first sentence, --unjudged only those to judge.

Measured (sixteenth session, labels5): before, story tables 58 bad of 140 sampled labels, the
Figures view 12 of 47; after, 19 of 140 and 10 of 47. What is left is mostly an entry joining
reports of two things (McDermott's 11th point with Echenique's 11 points), an event read from
another article ("victims injured" for three victims, two of them killed), numbers that are
names of another shape ("9-11 attacks", a sign's "Tyler 2,291"), and a clock or a record's
figure with no thing in the Figures view ("461 seconds", "122").
"""

from __future__ import annotations

import argparse
import json
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from tests.perf.story_figures_eval import (
    CLUSTERS,
    figures_conflicts,
    library_in,
    mention_sentences,
    story_tables,
)

JUDGED = Path(__file__).with_suffix(".json")
#: The held-back topics (tests/stories/README.md): never read here.
HELD_BACK = frozenset({"t03", "t07", "t13", "t18", "t25", "t29", "t33", "t36", "t40", "t45"})
#: One entry in SAMPLE is judged.
SAMPLE = 6

Key = tuple[str, str, str, str, str]  # (view, cluster, file, text, label)


def _in_sample(cluster: str, file: str, text: str) -> bool:
    return zlib.crc32(f"{cluster}|{file}|{text}".encode()) % SAMPLE == 0


def _figures_view(db: Path) -> list[dict[str, object]]:
    from tests.perf.story_figures_eval import _feedlens

    listed = json.loads(_feedlens(db, "figures", "--json"))
    return [*listed["same"], *figures_conflicts(db)]


def labels(db: Path, where: dict[str, tuple[str, str]]) -> Iterator[tuple[Key, str, list[str]]]:
    """Each sampled development label: its key, its values, and its first sentences."""
    sentences = mention_sentences(db)
    for story in story_tables(db):
        for entry in story["table"]:  # type: ignore[attr-defined]
            found = [
                (where[v["article"]["link"]], v)
                for v in entry["values"]
                if v["article"]["link"] in where
            ]
            yield from _sampled("story", str(entry["quantity"]), found, sentences, "mention")
    for group in _figures_view(db):
        found = [
            (where[m["article"]["link"]], m)
            for m in group["mentions"]  # type: ignore[attr-defined]
            if m["article"]["link"] in where
        ]
        yield from _sampled("figures", str(group["label"]), found, sentences, "id")


def _sampled(
    view: str,
    label: str,
    found: list[tuple[tuple[str, str], dict[str, object]]],
    sentences: dict[int, str],
    id_field: str,
) -> Iterator[tuple[Key, str, list[str]]]:
    if not found or any(cluster[:3] in HELD_BACK for (cluster, _), _ in found):
        return
    (cluster, file), first = found[0]
    if not _in_sample(cluster, file, str(first["text"])):
        return
    values = sorted({str(v["text"]) for _, v in found})
    said = [sentences.get(int(v[id_field]), "") for _, v in found[:2]]  # type: ignore[call-overload]
    yield (view, cluster, file, str(first["text"]), label), " | ".join(values), said


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="Build the library here and keep it.")
    parser.add_argument("--reuse", action="store_true", help="With --keep: read it as built.")
    parser.add_argument("--list", action="store_true", help="Print every sampled label.")
    parser.add_argument("--unjudged", action="store_true", help="Print labels not yet judged.")
    args = parser.parse_args()
    if not CLUSTERS.is_dir():
        raise SystemExit(f"news clusters not found at {CLUSTERS}")
    judged: dict[Key, dict[str, object]] = {
        (j["view"], j["cluster"], j["file"], j["text"], j["label"]): j
        for j in json.loads(JUDGED.read_text())
    }
    with tempfile.TemporaryDirectory() as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        db, where = library_in(work, args.reuse)
        counts = {view: {"labels": 0, "judged": 0, "bad": 0} for view in ("story", "figures")}
        for key, values, said in sorted(labels(db, where)):
            count = counts[key[0]]
            count["labels"] += 1
            verdict = judged.get(key)
            if verdict is not None:
                count["judged"] += 1
                count["bad"] += not verdict["good"]
            mark = "?" if verdict is None else ("J" if verdict["good"] else "X")
            if args.list or (args.unjudged and verdict is None):
                print(mark, json.dumps(list(key)), f"({values})")
                for sentence in said:
                    print("      ", sentence[:220])
        for view, count in counts.items():
            print(view, json.dumps(count))


if __name__ == "__main__":
    main()
