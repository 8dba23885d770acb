"""Story figure tables on real multi-outlet news: floors under the development split's scores.

The labels (story-figures.json, written by a reader who never saw the rules) say, for 38
development clusters of the news-clusters corpus, every quantity several outlets report and
whether they agree. The whole corpus is imported as feeds (so every labelled story shares its
weeks with 57 others), each story's table is read as `feedlens stories ID --json` gives it, and
tests/perf/story_figures_eval.py's scorer counts grouped pairs, flagged disagreements and wrong
flags. The held-back split is never scored here (the lead scores it once per session).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import reader.cli  # noqa: F401  (loads cli_stories the way the command does: no import cycle)
from reader.cli_stories import _detail_json
from reader.library import Library
from tests import news_library
from tests.perf.story_figures_eval import (
    LABELS,
    mention_sentences,
    score,
    with_title_stand_ins,
)

#: Fifteenth session (sfq3): an article keeps two groups of values apart only where it gives
#: both a value of one counted thing ("an $80 million offer" no longer parts "$80 million"
#: and "$82 million" deals), a counted thing written next to the other figure makes two nouns
#: one count ("scoring record of 2,106", "2,116 points"), figures told as done after a
#: planning clause read as reported (extractor 12), editions and differently named things
#: never disputed, spans tied only by a modal or "within" apart, a sole_values pair feature,
#: the models retrained: development 0.831 grouped (grouping precision 0.882), 0.486 (17 of
#: 35), 0.833 (20 of 24); cross-validated at 0.10/0.06 0.858 (0.863), 0.457 (16 of 35),
#: 0.810 (17 of 21), from 0.852 (0.875), 0.371 (13 of 35), 0.812 (13 of 16).
#: Fourteenth session (sfgroup2): kin counted things disputable where the words next to them
#: read as one, a whole figure ending in one zero read exact (130 is not 135 rounded), values
#: over three times apart never one disputed figure, two "about" figures of one unit stating
#: different values disagreeing, a same_kin pair feature, and the models retrained:
#: development 0.819 grouped (grouping precision 0.885), 0.371 (13 of 35), 0.875 (14 of 16);
#: cross-validated at 0.10/0.06 0.847 (grouping precision 0.872), 0.400 (14 of 35), 0.867
#: (13 of 15).
#: On 38 development clusters (six added in the thirteenth session, all their quantities
#: agreeing) with the extractor of version 10 (metres no longer read as millions, heights in
#: feet and inches whole), the shipped model scores 0.822, 0.314 (11 of 35), 0.800 (12 of
#: 15); refitted per fold 0.843, 0.343, 0.733 at 0.10/0.06 (the two climbers' falls of
#: one story, now read in metres, meet in one entry).
#: Development scores when these floors were set (32 clusters; the table built by the scored
#: pair models of reader/stories/figure_pairs.py, trained on these clusters, so these are
#: training scores): grouped recall 0.813, disagreement recall 0.343 (12 of 35), conflict
#: precision 0.867 (13 of 15 flagged; the two wrong are spans of time naming no counted
#: thing). Cross-validated by whole topic (tests/perf/train_figure_pairs.py, thresholds
#: 0.10/0.06, models refitted per fold): grouped 0.829, disagreement recall 0.371 (13/35),
#: precision 0.800 (12/15). Reports naming no counted thing joining the entry they read as,
#: and an age or a count written as a place meeting its other writings, raised grouped
#: recall from 0.773 (cross-validated 0.788); groups naming different people are never one
#: disputed figure ("Smith had 11 points" never joins "Jones had 14", which a refit once
#: did: tests/stories/test_story_quantities.py).
#: Before (verdicts that read every age change as an update, "nearly" as "about" and feet
#: and metres as two quantities): 0.772, 0.229 (8 of 35), 0.800 (8 of 10); cross-validated
#: 0.759, 0.257, 0.800. The floors sit a margin below (a few dozen pairs, two disagreements
#: found fewer, one or two wrong flags more).
#: Sixteenth session (sfq4), precision first: an entry is flagged only where the differing
#: model joined it surely (flagging threshold 0.15, chosen by the Wilson lower bound of
#: cross-validated precision), ordinals are never disputed, and a counted thing makes two
#: nouns one count only inside the other figure's phrase: development 0.831, 0.400 (14 of
#: 35), 1.000 (15 of 15; was 0.870, 20 of 23), cross-validated 0.858, 0.457 (16 of 35),
#: 1.000 (17 of 17, 95% interval 0.82-1.00; was 0.810, 17 of 21, 0.60-0.92). The
#: disagreement floor is lowered for fewer but surer flags, the precision floor raised.
#: Seventeenth session, the identity gate (reader/stories/figure_identity.py): a flag needs
#: two reports plainly of one thing (one counted thing and event, nothing conflicting, said
#: alike), because the flags tuned to 1.000 here were right on 5 of 16 held-back ones:
#: development 0.831, 0.286 (10 of 35), 1.000 (10 of 10); figures --json 8 of 8. The
#: disagreement floor is lowered for it (one found fewer than now still passes); grouped
#: recall and precision are unchanged (what the gate refuses stays grouped, "differs").
#: Eighteenth session: the gate's self-check from the story's own text (no flag lost here),
#: one table for every view (its reports' budget 800: figures --json 10 of 10, was 9 of 9),
#: and a labelled report in a title matched at the body's mention the library reads that
#: headline's figure at (tests/perf/story_figures_eval.py with_title_stand_ins): development
#: 0.842 grouped (0.831 matched in titles only), grouping precision 0.883, 0.286 (10 of 35),
#: 1.000 (10 of 10). Floors unchanged.
#: Nineteenth session: a flag's sureness read on the pair in conflict (flag_on_conflict) and
#: the gate reading a noun next to the other's figure as its thing (gate_named_next_to):
#: development 0.842, 0.883, 0.371 (13 of 35), 1.000 (14 of 14); figures --json 13 found, 14
#: of 14 right. Nested estimate (tests/perf/nested_figures.py) 13 of 35 found, 12 of 12
#: right (the eighteenth session's rules: 12 of 35, 11 of 11; the gap is the gate's, the
#: inner folds choosing a flagging threshold of 0 where flag_on_conflict changes nothing).
#: The disagreement floor is raised to two found fewer than now.
#: Twenty-fourth session: one stem for the words the tables compare ("fell", "falling"; one
#: event in two tenses) with the pair models retrained, and the gate reading two figures'
#: own clauses said alike ("Page married twice; the first marriage..."): development 0.861
#: grouped, grouping precision 0.890, 0.429 (15 of 35), 1.000 (15 of 15); cross-validated at
#: the written 0.10/0.06/0.10 0.854 (0.874), 0.400 (14 of 35), 1.000 (13 of 13), from
#: 0.854 (0.868), 0.371 (13 of 35), 1.000 (13 of 13). The disagreement floor is raised to
#: two found fewer than now.
GROUPED_RECALL_FLOOR = 0.80
DISAGREEMENT_RECALL_FLOOR = 0.37
CONFLICT_PRECISION_FLOOR = 0.85
#: Of the labelled report pairs one entry holds, the share labelled one quantity (0.885 on
#: development): recall is not bought by merging everything.
GROUPING_PRECISION_FLOOR = 0.84


@pytest.fixture
def clustered_feeds(news_once: Path) -> dict[str, tuple[str, str]]:
    """Each article link's cluster and file in the corpus written as feeds (once a session)."""
    index = news_library.feeds_index(news_once)
    return {link: (entry["cluster"], entry["file"]) for link, entry in index.items()}


def test_development_story_figures_score_above_the_floors(
    clustered_feeds: dict[str, tuple[str, str]], news_analysed: Library
) -> None:
    # The whole corpus imported and analysed (once a session: stories are the same whatever
    # order the feeds were stored in, tests/stories/test_corpus_stories.py).
    library, where = news_analysed, clustered_feeds
    library.stories.update()
    tables = [
        _detail_json(library.stories.get(summary.row.story_id))
        for summary in library.stories.ranked(min_articles=2, with_articles=False)
    ]
    labels, _ = with_title_stand_ins(
        json.loads(LABELS.read_text(encoding="utf-8")), library.path, where
    )
    result = score("dev", labels, tables, where, mention_sentences(library.path))
    shown = json.dumps({name: round(value, 3) for name, value in result.items()})
    print("story figures, development split:", shown)
    assert result["labelled_pairs"] > 1000, shown
    assert result["grouped_recall"] >= GROUPED_RECALL_FLOOR, shown
    assert result["disagreement_recall"] >= DISAGREEMENT_RECALL_FLOOR, shown
    assert result["conflict_precision"] >= CONFLICT_PRECISION_FLOOR, shown
    assert result["grouping_precision"] >= GROUPING_PRECISION_FLOOR, shown
