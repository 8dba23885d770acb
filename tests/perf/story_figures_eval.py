"""Scores story figure tables against hand labels of real multi-outlet news, through the CLI.

The labels (tests/stories/story-figures.json) were written by a reader who never saw the rules:
for 40 ECB+ clusters, every quantity that two or more outlets report, each outlet's value, and a
verdict (agree, disagreement, update). This script builds feeds from ALL clusters with the
corpus's own to_feeds.py (so every labelled story shares its weeks with 57 others), imports them
into a scratch library with the real `feedlens` command, reads `feedlens stories --json` and
`feedlens stories ID --json`, and prints, per split (dev, heldout):

- grouped recall: of the labelled pairs of reports of one quantity, how many sit in one entry of
  a story's figures table;
- disagreement recall: of the labelled disagreements, how many have an entry of kind
  "disagreement" holding two of its differing reports;
- grouping precision: of the pairs of reports of two articles one entry holds, both matching
  a labelled report, how many match one labelled quantity (recall bought by merging shows);
- conflict precision: of the entries flagged "disagreement" in stories of labelled clusters,
  how many hold two differing reports of a quantity labelled disagreement or update; and
  against either labeller (`conflict_precision_either_labeller`): or of a quantity a second,
  blind labeller disputes (tests/stories/story-disputes-second-labeller*.json), since two
  careful readers agree on only 0.7-0.9 of disputes (tests/perf/dispute_agreement.py);
- the Figures view's conflicts (`feedlens figures --json`, score_figures): how many of those
  in labelled clusters hold two differing reports, from different outlets, of a quantity
  labelled disagreement or update (figures_conflict_precision), and how many labelled
  disagreements one of them holds (figures_disagreements_found);
- why labelled pairs were missed (each missed pair counted once, under its first cause): a report
  in an article's title that no mention of the library matches ("in title"), a report
  "not extracted" (no mention of the library matches it), the two articles "in different
  stories" (or in none), or both extracted into one story but "in another entry"; and of the
  labelled reports, how many the extractor never produced.

A labelled report in an article's title whose figure the body states is matched at the body's
mention the library keeps in its place (``with_title_stand_ins``; ``--title-as-written``: only
in the title, as before the eighteenth session): reader/figures/titles.py reads a headline's
figure once, in the body's sentence, so one article reports a quantity once.

Run: uv run python tests/perf/story_figures_eval.py [--split dev|heldout|both]
Targets (issue 20): grouped recall >= 0.85, disagreement recall >= 0.6, precision >= 0.8.
Each split's line is followed by its missed pairs by cause (see miss_causes).
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLUSTERS = ROOT.parent / "shared" / "corpora" / "news-clusters"
LABELS = ROOT / "tests" / "stories" / "story-figures.json"
# Second labellers' disputes (blind to the first labels; tests/stories/README.md), by split.
SECOND_LABELS = {
    "dev": ROOT / "tests" / "stories" / "story-disputes-second-labeller.json",
    "heldout": ROOT / "tests" / "stories" / "story-disputes-second-labeller-heldout.json",
}

Report = tuple[str, str, float, str, str]  # (cluster, file, value, text as written, sentence)


def _feedlens(db: Path, *args: str) -> str:
    command = [sys.executable, "-m", "reader", "--db", str(db), *args]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"feedlens {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def _value(label: object) -> float:
    if isinstance(label, list):
        return float(label[0])
    return float(label)  # type: ignore[arg-type]


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


_WORDS = re.compile(r"[a-z0-9]+")


def _same_sentence(a: str, b: str) -> bool:
    """Whether two sentences are one (the labeller's copy and the stored text may differ in
    spacing, quotes and where a sentence was split): most words of the shorter are in the
    longer. An unknown sentence (empty) matches any."""
    if not a or not b:
        return True
    wa, wb = set(_WORDS.findall(a.lower())), set(_WORDS.findall(b.lower()))
    if not wa or not wb:
        return True
    return len(wa & wb) >= 0.6 * min(len(wa), len(wb))


def _same_text(a: str, b: str) -> bool:
    """Texts as written naming one figure ("4:43" and "4:43 left"): one holds the other as
    whole tokens (so "2" does not match "23")."""
    ta, tb = _WORDS.findall(a.lower()), _WORDS.findall(b.lower())
    if not ta or not tb:
        return False
    short, long = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def _matches(extracted: Report, labelled: Report) -> bool:
    """The same article's report of the same figure in the same sentence: equal values, or
    overlapping texts (the labeller and the extractor may normalise a value differently,
    e.g. a game clock)."""
    if extracted[:2] != labelled[:2] or not _same_sentence(extracted[4], labelled[4]):
        return False
    return _same(extracted[2], labelled[2]) or _same_text(extracted[3], labelled[3])


def _has(found: list[Report], labelled: Report) -> bool:
    return any(_matches(extracted, labelled) for extracted in found)


def build_library(work: Path) -> tuple[Path, dict[str, tuple[str, str]]]:
    feeds = work / "feeds"
    subprocess.run(
        [sys.executable, str(CLUSTERS / "to_feeds.py"), str(CLUSTERS / "clusters"), str(feeds)],
        check=True,
        capture_output=True,
    )
    index = json.loads((feeds / "index.json").read_text())
    where = {link: (entry["cluster"], entry["file"]) for link, entry in index.items()}
    db = work / "library.db"
    _feedlens(db, "import", *sorted(str(p) for p in feeds.glob("*.xml")))
    return db, where


def library_in(work: Path, reuse: bool) -> tuple[Path, dict[str, tuple[str, str]]]:
    """The library built in ``work`` (and where each link came from): the one built there
    before when ``reuse`` and it exists, else a new one (build_library)."""
    db = work / "library.db"
    if reuse and db.exists():
        index = json.loads((work / "feeds" / "index.json").read_text())
        return db, {link: (e["cluster"], e["file"]) for link, e in index.items()}
    return build_library(work)


def story_tables(db: Path) -> list[dict[str, object]]:
    stories = json.loads(
        _feedlens(db, "stories", "--json", "--min-articles", "2", "--limit", "100000")
    )
    return [json.loads(_feedlens(db, "stories", str(story["id"]), "--json")) for story in stories]


def library_reports(
    db: Path, where: dict[str, tuple[str, str]], sentences: dict[int, str]
) -> list[Report]:
    """Every mention the extractor stored for an article of the clusters, as a report (with a
    value), whether or not a story table shows it."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute(
            "SELECT f.id, a.link, f.value, f.text FROM figures f "
            "JOIN articles a ON a.id = f.article_id WHERE f.value IS NOT NULL"
        )
        return [
            (*where[link], float(value), str(text), sentences.get(int(mention), ""))
            for mention, link, value, text in rows
            if link in where
        ]


def article_titles(db: Path, where: dict[str, tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Each labelled article's title: a pair missed with a report in one is counted apart."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT link, title FROM articles")
        return {where[link]: str(title) for link, title in rows if link in where}


def _is_title(report: Report, titles: dict[tuple[str, str], str]) -> bool:
    title = titles.get(report[:2], "")
    return bool(title) and _WORDS.findall(title.lower()) == _WORDS.findall(report[4].lower())


def with_title_stand_ins(
    labels: list[dict[str, object]], db: Path, where: dict[str, tuple[str, str]]
) -> tuple[list[dict[str, object]], int]:
    """The labels with each labelled report in an article's title that the library left out
    (reader/figures/titles.py: a headline's figure its body states is read once, in the
    body's sentence, so a table never counts one outlet twice for one quantity) read as that
    body mention: the same value, kind, unit and counted thing (titles._same_figure). One
    article reports a quantity once; which of its two sentences the labeller copied says
    nothing of the table. Returns the labels and how many reports were read so."""
    from types import SimpleNamespace

    from reader.figures.extract import extract
    from reader.figures.titles import _same_figure

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        titles = {
            where[str(link)]: str(title or "")
            for link, title in conn.execute("SELECT link, title FROM articles")
            if link in where
        }
        rows = conn.execute(
            "SELECT a.link, f.kind, f.unit, f.rate, f.value, f.low, f.high, f.noun, f.text, "
            "substr(a.text, f.sentence_start + 1, f.sentence_end - f.sentence_start), f.field "
            "FROM figures f JOIN articles a ON a.id = f.article_id"
        ).fetchall()
    stored: dict[tuple[str, str], list[SimpleNamespace]] = defaultdict(list)
    for link, kind, unit, rate, value, low, high, noun, text, sentence, field in rows:
        if link in where:
            stored[where[link]].append(
                SimpleNamespace(
                    kind=kind,
                    unit=unit,
                    rate=rate,
                    value=value,
                    low=low,
                    high=high,
                    noun=noun,
                    text=str(text),
                    sentence=str(sentence or ""),
                    field=field,
                )
            )
    read = 0
    changed: list[dict[str, object]] = []
    for cluster in labels:
        quantities = []
        for quantity in cluster["quantities"]:  # type: ignore[attr-defined]
            reports = []
            for r in quantity["reports"]:
                key = (str(cluster["cluster"]), str(r["file"]))
                title = titles.get(key, "")
                labelled: Report = (*key, _value(r["value"]), r["text"], r["sentence"])
                stand_in = None
                if title and _is_title(labelled, {key: title}):
                    in_title = [
                        m
                        for m in extract(title)
                        if m.value is not None and _same(m.value, labelled[2])
                    ]
                    in_body = [m for m in stored.get(key, []) if m.field != "title"]
                    stand_in = next(
                        (b for t in in_title for b in in_body if _same_figure(t, b)),  # type: ignore[arg-type]
                        None,
                    )
                if stand_in is not None:
                    read += 1
                    r = {**r, "sentence": stand_in.sentence, "text": stand_in.text}
                reports.append(r)
            quantities.append({**quantity, "reports": reports})
        changed.append({**cluster, "quantities": quantities})
    return changed, read


def story_of_articles(
    tables: list[dict[str, object]], where: dict[str, tuple[str, str]]
) -> dict[tuple[str, str], set[int]]:
    """Which stories each labelled article (cluster, file) belongs to."""
    stories: dict[tuple[str, str], set[int]] = {}
    for story in tables:
        for article in story.get("articles", []):  # type: ignore[attr-defined]
            if article["link"] in where:
                stories.setdefault(where[article["link"]], set()).add(int(story["id"]))  # type: ignore[call-overload]
    return stories


# The text a stored mention's offsets point into: its article's title for a headline's figure.
_SOURCE = "CASE WHEN f.field = 'title' THEN a.title ELSE a.text END"


def mention_sentences(db: Path) -> dict[int, str]:
    """Each stored mention's sentence, read straight from the library (read-only): the CLI's
    table names a mention by id, and a labelled report is matched in its own sentence."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute(
            f"SELECT f.id, substr({_SOURCE}, f.sentence_start + 1, "
            "f.sentence_end - f.sentence_start) "
            "FROM figures f JOIN articles a ON a.id = f.article_id"
        )
        return {int(mention): str(sentence or "") for mention, sentence in rows}


def library_mentions(db: Path, where: dict[str, tuple[str, str]]) -> list[tuple[int, Report]]:
    """Every stored mention of a labelled-corpus article, as (mention id, report)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute(
            "SELECT f.id, a.link, f.value, f.text, "
            f"substr({_SOURCE}, f.sentence_start + 1, f.sentence_end - f.sentence_start) "
            "FROM figures f JOIN articles a ON a.id = f.article_id"
        )
        found = []
        for mention, link, value, text, sentence in rows:
            if link in where and value is not None:
                cluster, file = where[link]
                report = (cluster, file, float(value), str(text), str(sentence or ""))
                found.append((int(mention), report))
        return found


def _cause_of_report(
    labelled: Report, stored: dict[tuple[str, str], list[tuple[int, Report]]]
) -> tuple[str, int]:
    """Why a labelled report may be missed on its own: ("", mention) when a stored mention
    gives its value, ("d", mention) when one is there with another value, ("a", -1) when none
    is."""
    candidates = [
        (mention, report)
        for mention, report in stored.get(labelled[:2], [])
        if _matches(report, labelled)
    ]
    for mention, report in candidates:
        if _same(report[2], labelled[2]):
            return "", mention
    return ("d", candidates[0][0]) if candidates else ("a", -1)


def miss_causes(
    split: str,
    labels: list[dict[str, object]],
    tables: list[dict[str, object]],
    where: dict[str, tuple[str, str]],
    mentions: list[tuple[int, Report]],
    show: bool = False,
) -> Counter[str]:
    """The labelled pairs no entry holds together, each counted under its first cause:
    (a) a report not extracted at all; (d) extracted, but with another value; (c) the two
    articles in different stories (or one in none); (b0) both in one story, but a report
    left out of its table (nothing says what it counts); (b) both in one story's table, in
    different entries (a key split: subject, counted thing or event differ); "other": one
    entry holds them through other mentions of their sentences."""
    chosen = [c for c in labels if split == "both" or c["split"] == split]
    stored: dict[tuple[str, str], list[tuple[int, Report]]] = defaultdict(list)
    for mention, report in mentions:
        stored[report[:2]].append((mention, report))
    story_of: dict[tuple[str, str], int] = {}
    entry_of: dict[int, int] = {}
    label_of: dict[int, str] = {}
    for story in tables:
        for article in story.get("articles", []):  # type: ignore[attr-defined]
            if article["link"] in where:
                story_of[where[article["link"]]] = int(story["id"])  # type: ignore[call-overload]
        for entry in story.get("table", []):  # type: ignore[attr-defined]
            for value in entry["values"]:
                entry_of[int(value.get("mention", -1))] = id(entry)
                label_of[int(value.get("mention", -1))] = str(entry["quantity"])
    reports_of: dict[int, list[Report]] = defaultdict(list)
    for mention, report in mentions:
        if mention in entry_of:
            reports_of[entry_of[mention]].append(report)
    causes: Counter[str] = Counter()
    for cluster in chosen:
        for quantity in cluster["quantities"]:  # type: ignore[attr-defined]
            reports: list[Report] = [
                (str(cluster["cluster"]), r["file"], _value(r["value"]), r["text"], r["sentence"])
                for r in quantity["reports"]
            ]
            for a, b in itertools.combinations(reports, 2):
                if a[1] == b[1] or any(
                    _has(found, a) and _has(found, b) for found in reports_of.values()
                ):
                    continue  # the score finds it in one entry
                (cause_a, mention_a), (cause_b, mention_b) = (
                    _cause_of_report(a, stored),
                    _cause_of_report(b, stored),
                )
                if "a" in (cause_a, cause_b):
                    cause = "a"
                elif "d" in (cause_a, cause_b):
                    cause = "d"
                elif story_of.get(a[:2]) is None or story_of.get(a[:2]) != story_of.get(b[:2]):
                    cause = "c"
                elif mention_a not in entry_of or mention_b not in entry_of:
                    cause = "b0"
                elif entry_of[mention_a] != entry_of[mention_b]:
                    cause = "b"
                else:
                    cause = "other"  # one entry, through another mention of the sentence
                causes[cause] += 1
                if show and cause in ("b", "b0", "d"):
                    print(
                        f"MISS-{cause}",
                        quantity["quantity"],
                        (a[1][:5], a[3], label_of.get(mention_a, "-")),
                        (b[1][:5], b[3], label_of.get(mention_b, "-")),
                    )
    return causes


def entry_reports(
    entry: dict[str, object], where: dict[str, tuple[str, str]], sentences: dict[int, str]
) -> list[Report]:
    reports: list[Report] = []
    for value in entry["values"]:  # type: ignore[attr-defined]
        link = value["article"]["link"]
        if link in where and value.get("value") is not None:
            cluster, file = where[link]
            sentence = sentences.get(int(value.get("mention", -1)), "")
            reports.append(
                (cluster, file, float(value["value"]), str(value.get("text", "")), sentence)
            )
    return reports


def _disagreement_miss(
    differing: list[tuple[Report, Report]],
    entries: list[tuple[dict[str, object], list[Report]]],
    by_article: dict[tuple[str, str], list[Report]],
    stories: dict[tuple[str, str], set[int]],
) -> str:
    """Why a labelled disagreement was not flagged, judged over its pairs of differing reports
    (the first cause no pair gets past): "not_extracted" (no pair of differing reports both
    extracted), "different_stories" (no extracted pair in one story), "different_entries" (in
    one story, never in one entry: the differing model's score or its gate), or
    "one_entry_<kind>" (in one entry, judged agree or update). Without ``by_article`` (the
    library's mentions) extraction is not told apart from entries."""
    if by_article:
        extracted = [
            (a, b)
            for a, b in differing
            if _has(by_article.get(a[:2], []), a) and _has(by_article.get(b[:2], []), b)
        ]
        if not extracted:
            return "not_extracted"
        together = [
            (a, b) for a, b in extracted if stories.get(a[:2], set()) & stories.get(b[:2], set())
        ]
        if not together:
            return "different_stories"
    else:
        together = differing
    kinds = sorted(
        str(entry.get("kind"))
        for entry, found in entries
        for a, b in together
        if _has(found, a) and _has(found, b)
    )
    return f"one_entry_{kinds[0]}" if kinds else "different_entries"


def second_disputes(split: str) -> set[tuple[Report, Report]]:
    """The pairs of differing reports, from different articles, of every quantity a second
    labeller disputes (disagreement or update) in the split's clusters, both ways round."""
    pairs: set[tuple[Report, Report]] = set()
    for name, path in SECOND_LABELS.items():
        if split not in (name, "both") or not path.exists():
            continue
        for cluster in json.loads(path.read_text()):
            for quantity in cluster["quantities"]:
                if quantity["verdict"] not in ("disagreement", "update"):
                    continue
                reports = [
                    (cluster["cluster"], r["file"], _value(r["value"]), r["text"], r["sentence"])
                    for r in quantity["reports"]
                ]
                for a, b in itertools.combinations(reports, 2):
                    if a[1] != b[1] and not _same(a[2], b[2]):
                        pairs.update(((a, b), (b, a)))
    return pairs


def _confirmed(found: list[Report], disputed: set[tuple[Report, Report]]) -> bool:
    """Whether two of an entry's reports are a disputed pair of one labelled quantity."""
    return any(
        _has([a], x) and _has([b], y)
        for a, b in itertools.combinations(found, 2)
        for x, y in disputed
    )


def score(
    split: str,
    labels: list[dict[str, object]],
    tables: list[dict[str, object]],
    where: dict[str, tuple[str, str]],
    sentences: dict[int, str],
    show: bool = False,
    extracted: list[Report] | None = None,
    titles: dict[tuple[str, str], str] | None = None,
    show_unextracted: bool = False,
) -> dict[str, float]:
    """The scores of one split; given ``extracted`` (every stored mention: library_reports)
    and ``titles`` (article_titles), also why labelled pairs were missed."""
    chosen = [c for c in labels if split == "both" or c["split"] == split]
    clusters = {c["cluster"] for c in chosen}
    entries = [
        (entry, entry_reports(entry, where, sentences))
        for story in tables
        for entry in story.get("table", [])  # type: ignore[union-attr]
    ]
    # Labelled pairs and which labelled quantity each differing pair belongs to.
    pairs_total = pairs_found = 0
    disagreements_total = disagreements_found = 0
    conflicting: set[tuple[Report, Report]] = set()
    by_article: dict[tuple[str, str], list[Report]] = {}
    for report in extracted or []:
        by_article.setdefault(report[:2], []).append(report)
    titles = titles or {}
    stories = story_of_articles(tables, where)
    causes = {"title": 0, "not_extracted": 0, "different_stories": 0, "another_entry": 0}
    labelled_reports: set[Report] = set()
    never_extracted: set[Report] = set()
    missed_disagreements: Counter[str] = Counter()
    for cluster in chosen:
        for quantity in cluster["quantities"]:  # type: ignore[attr-defined]
            reports = [
                (cluster["cluster"], r["file"], _value(r["value"]), r["text"], r["sentence"])
                for r in quantity["reports"]
            ]
            together = [found for _, found in entries]
            for report in reports:
                labelled_reports.add(report)
                if not _has(by_article.get(report[:2], []), report):
                    never_extracted.add(report)
            for a, b in itertools.combinations(reports, 2):
                if a[1] == b[1]:
                    continue
                pairs_total += 1
                grouped = any(_has(found, a) and _has(found, b) for found in together)
                pairs_found += grouped
                if not grouped:
                    # A title's report the library holds no mention of (a headline's figure
                    # the extractor missed; one its body states is read there, see
                    # with_title_stand_ins); one it holds is missed as any report is.
                    if any(r in never_extracted and _is_title(r, titles) for r in (a, b)):
                        causes["title"] += 1
                    elif a in never_extracted or b in never_extracted:
                        causes["not_extracted"] += 1
                    elif not stories.get(a[:2], set()) & stories.get(b[:2], set()):
                        causes["different_stories"] += 1
                    else:
                        causes["another_entry"] += 1
                if quantity["verdict"] != "agree" and not _same(a[2], b[2]):
                    conflicting.add((a, b))
                    conflicting.add((b, a))
            if quantity["verdict"] == "disagreement":
                disagreements_total += 1
                differing = [
                    (a, b) for a, b in itertools.combinations(reports, 2) if not _same(a[2], b[2])
                ]
                hit = any(
                    entry.get("kind") == "disagreement" and _has(found, a) and _has(found, b)
                    for entry, found in entries
                    for a, b in differing
                )
                disagreements_found += hit
                if not hit:
                    cause = _disagreement_miss(differing, entries, by_article, stories)
                    missed_disagreements[cause] += 1
                    if show:
                        shown = [(r[1][:5], r[3]) for r in reports]
                        print("MISSED", cause, quantity["quantity"], shown)
    if show_unextracted:
        for report in sorted(never_extracted):
            place = "TITLE" if _is_title(report, titles) else "NOT EXTRACTED"
            print(place, report[0][:12], report[1][:5], repr(report[3]), "in", report[4])
    flagged = right = right_either = 0
    second = second_disputes(split)
    for entry, found in entries:
        if entry.get("kind") != "disagreement":
            continue
        if not found or not {r[0] for r in found} <= clusters:
            continue
        flagged += 1
        ok = _confirmed(found, conflicting)
        right += ok
        right_either += ok or _confirmed(found, second)
        if show and not ok:
            print("WRONG", entry["quantity"], [(r[1][:5], r[3]) for r in found])
    held_together, held_right = grouping_precision(chosen, entries)
    scores = {
        "grouped_recall": pairs_found / pairs_total if pairs_total else 1.0,
        "grouping_precision": held_right / held_together if held_together else 1.0,
        "labelled_pairs": pairs_total,
        "grouped_labelled_pairs": held_together,
        "disagreement_recall": disagreements_found / disagreements_total
        if disagreements_total
        else 1.0,
        "labelled_disagreements": disagreements_total,
        "conflict_precision": right / flagged if flagged else 1.0,
        "flagged": flagged,
        # right by either labeller: a flag one careful reader disputes too
        "conflict_precision_either_labeller": right_either / flagged if flagged else 1.0,
    }
    if extracted is None:
        return scores
    return scores | {
        "missed_pairs_in_title": causes["title"],
        "missed_pairs_not_extracted": causes["not_extracted"],
        "missed_pairs_different_stories": causes["different_stories"],
        "missed_pairs_another_entry": causes["another_entry"],
        **{f"missed_disagreements_{cause}": n for cause, n in sorted(missed_disagreements.items())},
        "labelled_reports": len(labelled_reports),
        "reports_never_extracted": len(never_extracted),
        "of_them_in_titles": sum(_is_title(report, titles) for report in never_extracted),
    }


def grouping_precision(
    chosen: list[dict[str, object]], entries: list[tuple[dict[str, object], list[Report]]]
) -> tuple[int, int]:
    """Of the pairs of reports of two articles that one entry holds, both matching a labelled
    report of the chosen clusters, how many (second) match one labelled quantity, and how many
    there are (first): recall bought by merging everything shows here."""
    labelled: dict[tuple[str, str], list[tuple[int, Report]]] = defaultdict(list)
    number = 0
    for cluster in chosen:
        for quantity in cluster["quantities"]:  # type: ignore[attr-defined]
            for r in quantity["reports"]:
                report = (
                    str(cluster["cluster"]),
                    r["file"],
                    _value(r["value"]),
                    r["text"],
                    r["sentence"],
                )
                labelled[report[:2]].append((number, report))
            number += 1
    total = right = 0
    for _, found in entries:
        quantities_of = [
            {n for n, label in labelled.get(report[:2], []) if _matches(report, label)}
            for report in found
        ]
        for (a, qa), (b, qb) in itertools.combinations(zip(found, quantities_of, strict=True), 2):
            if a[:2] == b[:2] or not qa or not qb:
                continue
            total += 1
            right += bool(qa & qb)
    return total, right


def figures_conflicts(db: Path) -> list[dict[str, object]]:
    """The conflicts `feedlens figures --json` lists (every one: no limit)."""
    listed = json.loads(_feedlens(db, "figures", "--json"))
    return list(listed["conflicts"])


def conflict_reports(
    conflict: dict[str, object], where: dict[str, tuple[str, str]], sentences: dict[int, str]
) -> list[tuple[Report, str]]:
    """A listed conflict's mentions of labelled-corpus articles, as (report, feed)."""
    found: list[tuple[Report, str]] = []
    for mention in conflict["mentions"]:  # type: ignore[attr-defined]
        article = mention["article"]
        if article["link"] not in where or mention.get("value") is None:
            continue
        cluster, file = where[article["link"]]
        sentence = sentences.get(int(mention["id"]), str(mention.get("sentence", "")))
        report = (cluster, file, float(mention["value"]), str(mention["text"]), sentence)
        found.append((report, str(article.get("feed", ""))))
    return found


def score_figures(
    split: str,
    labels: list[dict[str, object]],
    conflicts: list[dict[str, object]],
    where: dict[str, tuple[str, str]],
    sentences: dict[int, str],
    show: bool = False,
) -> dict[str, float]:
    """The Figures view's conflicts (`feedlens figures --json`) scored against the labels: a
    listed conflict (holding a mention of the split's clusters) is right when
    two of its values from different outlets are labelled one quantity with different values
    (a disagreement or an update); a labelled disagreement is found when one conflict holds
    two of its differing reports from different outlets."""
    chosen = [c for c in labels if split == "both" or c["split"] == split]
    clusters = {c["cluster"] for c in chosen}
    listed = [conflict_reports(c, where, sentences) for c in conflicts]
    conflicting: set[tuple[Report, Report]] = set()
    disagreements: list[list[tuple[Report, Report]]] = []
    for cluster in chosen:
        for quantity in cluster["quantities"]:  # type: ignore[attr-defined]
            reports = [
                (cluster["cluster"], r["file"], _value(r["value"]), r["text"], r["sentence"])
                for r in quantity["reports"]
            ]
            differing = [
                (a, b)
                for a, b in itertools.combinations(reports, 2)
                if a[1] != b[1] and not _same(a[2], b[2])
            ]
            if quantity["verdict"] != "agree":
                conflicting.update(differing)
                conflicting.update((b, a) for a, b in differing)
            if quantity["verdict"] == "disagreement":
                disagreements.append(differing)

    def outlet_pairs(found: list[tuple[Report, str]]) -> list[tuple[Report, Report]]:
        return [
            (a, b)
            for (a, feed_a), (b, feed_b) in itertools.combinations(found, 2)
            if feed_a != feed_b and not _same(a[2], b[2])
        ]

    flagged = right = inside = inside_right = right_either = 0
    second = second_disputes(split)
    kinds: Counter[str] = Counter()
    for conflict, found in zip(conflicts, listed, strict=True):
        touched = {r[0] for r, _ in found}
        if not touched & clusters:
            continue
        # Counted when it holds a report of the split's clusters, even if it joins another
        # cluster's (a conflict across two stories is wrong); "inside": all of them in the
        # split's clusters, as the story tables' precision counts its entries.
        flagged += 1
        kinds[str(conflict.get("kind", ""))] += 1
        ok = any(
            _has([a], x) and _has([b], y) for a, b in outlet_pairs(found) for x, y in conflicting
        )
        right += ok
        right_either += ok or any(
            _has([a], x) and _has([b], y) for a, b in outlet_pairs(found) for x, y in second
        )
        if touched <= clusters:
            inside += 1
            inside_right += ok
        if show and not ok:
            print("FIGURES-WRONG", conflict["label"], [(r[1][:5], r[3]) for r, _ in found])
    pairs_of = [outlet_pairs(found) for found in listed]
    found_disagreements = sum(
        any(
            _has([a], x) and _has([b], y)
            for pairs in pairs_of
            for a, b in pairs
            for x, y in differing + [(b, a) for a, b in differing]
        )
        for differing in disagreements
    )
    return {
        "figures_conflict_precision": right / flagged if flagged else 1.0,
        "figures_flagged": flagged,
        "figures_conflict_precision_either_labeller": right_either / flagged if flagged else 1.0,
        "figures_conflict_precision_inside": inside_right / inside if inside else 1.0,
        "figures_flagged_inside": inside,
        "figures_flagged_disagreement": kinds["disagreement"],
        "figures_flagged_update": kinds["update"],
        "figures_disagreements_found": found_disagreements,
        "figures_disagreement_recall": found_disagreements / len(disagreements)
        if disagreements
        else 1.0,
    }


def counted_things(
    split: str, labels: list[dict[str, object]], db: Path, where: dict[str, tuple[str, str]]
) -> dict[str, int]:
    """Print each labelled quantity of the split whose extracted reports name their counted
    thing by different nouns (each report: file, text, noun, kin class, noun as written), and
    return how many quantities differ by noun and how many still differ by kin class (the
    class outlets' kin nouns share, FigureMention.kin)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        kin_column = any(row[1] == "kin" for row in conn.execute("PRAGMA table_info(figures)"))
        rows = conn.execute(
            f"SELECT a.link, f.value, f.text, substr({_SOURCE}, f.sentence_start + 1, "
            "f.sentence_end - f.sentence_start), f.noun, f.noun_text, "
            f"{'f.kin' if kin_column else 'f.noun'} "
            "FROM figures f JOIN articles a ON a.id = f.article_id WHERE f.value IS NOT NULL"
        ).fetchall()
    stored: dict[tuple[str, str], list[tuple[Report, str, str, str]]] = defaultdict(list)
    for link, value, text, sentence, noun, written, kin in rows:
        if link in where:
            report = (*where[link], float(value), str(text), str(sentence or ""))
            stored[where[link]].append((report, str(noun), str(kin), str(written)))
    by_noun = by_kin = 0
    for cluster in labels:
        if split != "both" and cluster["split"] != split:
            continue
        for quantity in cluster["quantities"]:  # type: ignore[attr-defined]
            found = []
            for r in quantity["reports"]:
                labelled: Report = (
                    str(cluster["cluster"]),
                    r["file"],
                    _value(r["value"]),
                    r["text"],
                    r["sentence"],
                )
                match = [m[1:] for m in stored[labelled[:2]] if _matches(m[0], labelled)]
                found.append((r["file"][:5], r["text"], *(match[0] if match else ("?", "?", "?"))))
            nouns = {f[2] for f in found if f[2] not in ("?", "")}
            kins = {f[3] for f in found if f[3] not in ("?", "")}
            if len(nouns) > 1:
                by_noun += 1
                by_kin += len(kins) > 1
                print("THINGS", str(cluster["cluster"])[:12], "|", quantity["quantity"])
                for report in found:
                    print("   ", report)
    return {"quantities_differing_by_noun": by_noun, "of_them_differing_by_kin": by_kin}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "heldout", "both"), default="dev")
    parser.add_argument("--keep", type=Path, help="Build the library here and keep it.")
    parser.add_argument(
        "--reuse", action="store_true", help="With --keep: read the library already built there."
    )
    parser.add_argument("--show", action="store_true", help="Print wrong flags and misses.")
    parser.add_argument(
        "--not-extracted",
        action="store_true",
        help="Print every labelled report that no extracted mention matches.",
    )
    parser.add_argument(
        "--things",
        action="store_true",
        help="Print each labelled quantity whose reports the extractor names by different nouns.",
    )
    parser.add_argument(
        "--title-as-written",
        action="store_true",
        help="Match a labelled report in a title only in the title, even where the library "
        "reads that headline's figure in the body's sentence (with_title_stand_ins).",
    )
    parser.add_argument(
        "--labels",
        type=Path,
        default=LABELS,
        help="Score these labels instead (a subset or a newer set, same shape).",
    )
    args = parser.parse_args()
    if not CLUSTERS.is_dir():
        raise SystemExit(f"news clusters not found at {CLUSTERS}")
    labels = json.loads(args.labels.read_text())
    with tempfile.TemporaryDirectory() as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        db, where = library_in(work, args.reuse)
        tables = story_tables(db)
        conflicts = figures_conflicts(db)
        sentences = mention_sentences(db)
        extracted = library_reports(db, where, sentences)
        titles = article_titles(db, where)
        if not args.title_as_written:
            labels, read = with_title_stand_ins(labels, db, where)
            print(f"labelled reports in titles read at their body's mention: {read}")
        splits = ("dev", "heldout") if args.split == "both" else (args.split,)
        for split in splits:
            result = score(
                split,
                labels,
                tables,
                where,
                sentences,
                args.show,
                extracted=extracted,
                titles=titles,
                show_unextracted=args.not_extracted,
            )
            print(split, json.dumps({k: round(v, 3) for k, v in result.items()}))
            figures = score_figures(split, labels, conflicts, where, sentences, args.show)
            print(split, "figures", json.dumps({k: round(v, 3) for k, v in figures.items()}))
            mentions = library_mentions(db, where)
            causes = miss_causes(split, labels, tables, where, mentions, args.show)
            print(split, "missed pairs by cause", json.dumps(dict(sorted(causes.items()))))
            if args.things:
                print(split, "counted things", json.dumps(counted_things(split, labels, db, where)))


if __name__ == "__main__":
    main()
