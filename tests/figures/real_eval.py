"""Scores the figure extractor against figures hand-labelled in real news articles.

    uv run python tests/figures/real_eval.py              # dev and held-back scores
    uv run python tests/figures/real_eval.py --dev-only --misses   # dev, with every miss

The labels (tests/figures/real/, see the README there) name each figure by the line it is in and
its text; the article is read as the reader would have it (its title, and its body as the HTML
paragraphs a feed carries, through the same cleaner to the canonical text), the extractor runs
over the whole text, and a labelled mention matches an extracted one when their spans overlap
(each matched once). Printed: mention precision and recall, and counted-thing accuracy, which
compares the head noun's lemma ("troops" = "troop") of the label's thing with the extractor's.

The label's kinds are mapped onto the extractor's representation here, and only here: a count
whose thing is a unit ("404 yards") is the extractor's measure in that unit; an age is its
measure in "years old" or a count of years; "doubt" labels are optional (found: a match; not
found: no miss). Ordinals ("the fifth coach fired") are outside what the labels cover (the
labelling guidelines leave them out), so the extractor's ordinal mentions are left out of
precision and recall and counted apart ("ordinals, not scored"); the story figures evaluation
(tests/perf/story_figures_eval.py), whose labels include them, judges them.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reader.figures.extract import extract, noun_lemma  # noqa: E402
from reader.figures.lexicon import UNIT_WORDS  # noqa: E402
from reader.models import FigureMention  # noqa: E402
from reader.text.clean import html_to_text  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
LABELS = Path(__file__).resolve().parent / "real"
SPLITS = {"dev": LABELS / "figures-dev.json", "held-back": LABELS / "figures-heldout.json"}


@dataclass
class RealScore:
    articles: int = 0
    labelled: int = 0  # labels that must be found (not "doubt")
    extracted: int = 0
    matched_labels: int = 0  # of those that must be found
    matched_extracted: int = 0  # extracted mentions matching any label (doubtful ones too)
    things: int = 0  # matched labels naming a counted thing
    things_right: int = 0
    ordinals: int = 0  # extracted ordinals: outside the labels' scope, not scored
    kinds: int = 0
    kinds_right: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    wrong_things: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched_extracted / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.matched_labels / self.labelled if self.labelled else 1.0

    @property
    def thing_accuracy(self) -> float:
        return self.things_right / self.things if self.things else 1.0

    @property
    def kind_accuracy(self) -> float:
        return self.kinds_right / self.kinds if self.kinds else 1.0

    def line(self, name: str) -> str:
        return (
            f"{name:<10} {self.articles:>3} articles {self.labelled:>4} labelled "
            f"{self.extracted:>4} extracted   precision {self.precision:.3f}   "
            f"recall {self.recall:.3f}   thing accuracy {self.thing_accuracy:.3f} "
            f"({self.things} things)   kind accuracy {self.kind_accuracy:.3f}   "
            f"({self.ordinals} ordinals, not scored)"
        )


@dataclass(frozen=True)
class Article:
    """An article as the reader has it: its title and canonical text, scored apart (the
    reader extracts each on its own), with where each of the file's lines begins in them."""

    title: str
    text: str
    lines: dict[str, list[tuple[str, int]]]  # line -> [(which text, offset)]


def read_article(source: str) -> Article:
    raw = (CORPORA / source).read_text(encoding="utf-8").splitlines()
    title = raw[0].strip()
    body = [line.strip() for line in raw[2:] if line.strip()]
    # As the corpus's to_feeds.py puts it in a feed: a paragraph a line.
    text = html_to_text("".join(f"<p>{html.escape(line)}</p>" for line in body)).text
    lines: dict[str, list[tuple[str, int]]] = {title: [("title", 0)]}
    position = 0
    for line in body:
        found = text.find(line, position)
        if found < 0:
            found = text.find(line)
        if found >= 0:
            lines.setdefault(line, []).append(("text", found))
            position = found + len(line)
    return Article(title, text, lines)


def label_span(article: Article, label: dict[str, object]) -> tuple[str, int, int] | None:
    """Where a label's figure stands: (which text, start, end), or None if its line is gone."""
    sentence = str(label["sentence"]).strip()
    places = article.lines.get(sentence)
    if not places:
        return None
    where, offset = places[0]
    figure = str(label["text"])
    occurrence = int(label.get("occurrence", 1))  # type: ignore[call-overload]
    found = -1
    for _ in range(occurrence):
        found = sentence.find(figure, found + 1)
        if found < 0:
            return None
    return where, offset + found, offset + found + len(figure)


def _head(thing: str) -> str:
    words = thing.replace("-", " ").split()
    return words[-1] if words else ""


def label_noun(label: dict[str, object]) -> str:
    """The label's counted thing as the extractor names things: the lemma of its head noun."""
    return noun_lemma(_head(str(label.get("thing") or "")))


def kind_agrees(label: dict[str, object], mention: FigureMention) -> bool:
    """Whether the extractor's kind (and unit) is the label's, mapped onto its representation."""
    kind = str(label["kind"])
    unit = str(label.get("unit") or "").lower()
    if kind == "age":
        return (mention.kind == "measure" and mention.unit == "years old") or (
            mention.kind in ("count", "duration")
        )
    if kind == "count" and mention.kind in ("measure", "duration"):
        unit = _unit_of(_head(str(label.get("thing") or "")))
        return bool(unit) and unit == mention.unit
    if kind == "measure" and unit == "magnitude":
        return mention.unit == "magnitude"
    return kind == mention.kind


def _unit_of(word: str) -> str:
    """The extractor's unit for a word that names one ("yards" -> "yd"), else ""."""
    word = word.lower()
    known = UNIT_WORDS.get(word) or UNIT_WORDS.get(word.rstrip("s"))
    return known[1] if known is not None else ""


def thing_agrees(label: dict[str, object], mention: FigureMention) -> bool:
    wanted = label_noun(label)
    thing = str(label.get("thing") or "")
    if label["kind"] == "age" and thing.lower() in _PERSON_PRONOUNS:
        wanted = "person"  # "She was 91.": the extractor names no one, a person
    elif label["kind"] == "age" and thing[:1].isupper():
        # "John Jenkin, 23": the extractor names a person's age by the surname, as written
        wanted = _head(thing).lower()
    if mention.noun == wanted:
        return True
    # "404 yards" labelled as a count of yards: the extractor's unit is the thing.
    unit = _unit_of(_head(thing))
    return mention.kind in ("measure", "duration") and bool(unit) and unit == mention.unit


_PERSON_PRONOUNS = {"he", "she", "they", "who", "whose", "him", "her"}


def score_article(entry: dict[str, object], result: RealScore) -> None:
    source = str(entry["source"])
    article = read_article(source)
    found = {"title": extract(article.title), "text": extract(article.text)}
    for where, mentions in found.items():
        result.ordinals += sum(m.kind == "ordinal" for m in mentions)
        found[where] = [m for m in mentions if m.kind != "ordinal"]
    texts = {"title": article.title, "text": article.text}
    result.articles += 1
    result.extracted += len(found["title"]) + len(found["text"])
    used: set[tuple[str, int]] = set()
    labels = entry["mentions"]
    assert isinstance(labels, list)
    for label in labels:
        optional = bool(label.get("doubt"))
        if not optional:
            result.labelled += 1
        span = label_span(article, label)
        match: tuple[str, int, FigureMention] | None = None
        if span is not None:
            where, start, end = span
            for index, mention in enumerate(found[where]):
                if (where, index) not in used and mention.start < end and start < mention.end:
                    match = (where, index, mention)
                    break
        described = f"{source.split('/')[-2][:24]}: {label['text']!r} in {label['sentence']!r}"
        if match is None:
            if not optional:
                result.misses.append(described)
            continue
        used.add((match[0], match[1]))
        mention = match[2]
        result.matched_extracted += 1
        if optional:
            continue
        result.matched_labels += 1
        result.kinds += 1
        result.kinds_right += kind_agrees(label, mention)
        if label.get("thing"):
            result.things += 1
            if thing_agrees(label, mention):
                result.things_right += 1
            else:
                result.wrong_things.append(
                    f"{described}: labelled {label_noun(label)!r}, extracted {mention.noun!r}"
                )
    for where, mentions in found.items():
        for index, mention in enumerate(mentions):
            if (where, index) not in used:
                sentence = texts[where][mention.sentence_start : mention.sentence_end]
                result.extras.append(
                    f"{source.split('/')[-2][:24]}: {mention.text!r} in {sentence!r}"
                )


def score_file(path: Path) -> RealScore:
    result = RealScore()
    for entry in json.loads(path.read_text(encoding="utf-8")):
        score_article(entry, result)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev-only", action="store_true", help="score the dev half only")
    parser.add_argument("--misses", action="store_true", help="list misses, extras, things")
    args = parser.parse_args()
    if not CORPORA.is_dir():
        sys.exit(f"real_eval: {CORPORA} is absent")
    for name, path in SPLITS.items():
        if args.dev_only and name != "dev":
            continue
        if not path.exists():
            print(f"{name:<10} no labels at {path}")
            continue
        result = score_file(path)
        print(result.line(name))
        if args.misses:
            for title, rows in (
                ("missed", result.misses),
                ("extracted, not labelled", result.extras),
                ("wrong thing", result.wrong_things),
            ):
                print(f"  -- {title} ({len(rows)})")
                for row in rows:
                    print("    " + row)


if __name__ == "__main__":
    main()
