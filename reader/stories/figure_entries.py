"""A story's figures table built from scored pairs: which reports are one quantity, and how
their values compare.

Every report of a story with a value is paired with the others of its kind (never two told
with different events: "12 killed", "12 injured"; an age however it is written; a count
written as a place, "his 19th season", with the count of its value). A report that does not
say what it counts (reader.stories.quantities.quantity_key: "Hansbrough finished with 20")
is paired only with reports that do, joins the entry the agreeing model reads it as, and
alone makes no entry. The pairs are scored by two logistic models (reader.stories.
figure_pairs), in two stages of average link (the two groups whose pairs score highest on
average join while that average reaches the model's threshold; an unscored pair counts 0,
but see 2):

1. **one value**: reports whose values overlap join by the agreeing model, and a group holds
   only reports that all overlap one another (a loose "more than 30" does not chain 37 to
   8,000); one article giving two values never shares a group;
2. **differing values**: groups of different values join into one disputed figure by the
   differing model, scored over their exact, stated reports (a loose one bounds a value, it
   does not set it), only where they count one named thing, or kin things the words next to
   them read as one, no more than three times apart, never two editions ("the 79th Academy
   Awards") nor things named by different names ("NBA", "Eastern Conference" coaches)
   (``disputable``), never two groups of which one article gives a value each of one
   counted thing (``told_apart_in_one_article``), holding an equal value or naming
   different people (``about_others``).
   Two groups start as alike as the pairs between them the model scores say on average (a
   pair it does not score, one report stated otherwise or naming nothing next to no shared
   word, says nothing of the groups).

Which of these hand rules apply is an explicit set of switches (reader.stories.figure_rules,
``rules``), each cross-validated on and off by the trainer. An entry whose differing values
were joined at an average score below the models' ``flagging`` threshold (its weakest join)
keeps its reports together but is only "differs" (the ``flag_on_conflict`` switch reads how
sure it is on the pairs in conflict instead: ``conflict_score``, the differing model's
probability for a pair of differing reports that passes the gate, so the entry's other reports,
told in other words, do not dilute it): a reader is told outlets disagree (or
revised a figure) only where the model is sure enough that cross-validated precision's
lower bound holds (tests/perf/train_figure_pairs.py), and only where two of its differing
reports, of two articles, pass the identity gate (reader.stories.figure_identity: one counted
thing and one event, both known, nothing about them conflicting, their sentences saying one
thing alike; ``identity_passes``, the ``identity_gate`` switch): a scored join lines reports
up, but a disagreement is a strong claim, and on stories nobody tuned on most flags the
scores alone allowed joined quantities no careful reader takes for one. The story checks the
gate itself (``ambiguous_in_one_article``, the switch of that name): where one of its articles
gives two values, in two sentences, that the table could dispute and the gate calls one
figure, both tied by the gate to the flagged reports, the writer meant two things (two
players' points), so the gate cannot tell this quantity's instances apart here and the entry
is only "differs".

An entry's values are compared as a reader would (``verdict``): all agreeing (their spans,
rounding and qualifiers read as bounds, overlap, and two "about" figures of one unit state
one value) is "agree"; otherwise an **update** when the figure only grows as reports come in
and either one outlet revised its own figure, the figure is an age grown by no more years
than passed between the reports, or it is a tally of what happened ("killed", "injured":
counts rise) reported a news day or more later; anything else, two outlets giving different
values at one time, a later report lower (an age lower or higher than the years between the
reports allow), or a settled figure (career points, a price) given differently, is a
**disagreement**. A disagreement is between outlets: one feed's own two figures never make
one (it revised or corrected itself; the other outlets' figures say whether outlets differ),
and an entry all of one feed is its update when it rises with report time, else "differs".
Pure functions over stored mentions; no SQL.
"""

from __future__ import annotations

import functools
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from reader.figures import lexicon as lx
from reader.figures.kin import PERSON
from reader.stories import figure_identity, label_words, quantities
from reader.stories.figure_pairs import (
    NEAR_RATIO,
    STEM,
    WINDOW,
    FigureModels,
    FigurePairModel,
    ReportView,
    kin_by_context,
    pair_features,
    shared_event_words,
    shipped_models,
    stem,
    view,
)
from reader.stories.figure_rules import SHIPPED, FigureRules
from reader.stories.figures import (
    AGREE,
    DIFFERS,
    DISAGREEMENT,
    SAME_TIME_HOURS,
    UPDATE,
    ReportedValue,
    StoryQuantity,
    report_hours,
)

#: The modality of a figure stated as fact (not "projected").
STATED = "reported"


def candidates(reports: Iterable[ReportedValue], rules: FigureRules = SHIPPED) -> list[ReportView]:
    """The reports a table lines up: those with a value. A report that does not say what it
    counts ("Hansbrough finished with 20", "the two were killed") is kept unkeyed: it joins
    an entry only where the agreeing model reads it as one of that entry's reports (its value,
    the words around it), and alone it makes no entry (``entries``)."""
    views = []
    for report in reports:
        mention = report.mention
        if mention.value is None or math.isnan(mention.value):
            continue
        views.append(view(report))
    return with_article_values(views) if rules.sole_values else views


def with_article_values(views: Sequence[ReportView]) -> list[ReportView]:
    """The views with how many different values each one's article gives its counted thing
    (ReportView.article_values: a thing an article gives once is more likely the figure
    another outlet gives differently)."""
    values: dict[tuple[int, str, str, str], set[float]] = defaultdict(set)
    for v in views:
        if v.keyed:
            values[_article_key(v)].add(round(v.number, 6))
    # A view whose count is already right is kept as it is: dataclasses.replace builds a copy
    # through __init__, and most views are their article's one value of their thing.
    found = []
    for v in views:
        count = len(values[_article_key(v)]) if v.keyed else v.article_values
        found.append(v if count == v.article_values else replace(v, article_values=count))
    return found


def _article_key(v: ReportView) -> tuple[int, str, str, str]:
    return (v.report.article_id, v.thing, v.unit, v.rate)


def comparable(a: ReportView, b: ReportView) -> bool:
    """Whether the model scores a pair at all: figures of one kind (a count and a sum of
    money are never one quantity) not told with two different events, and, inside one
    article, the same value (an article giving two values reports two figures)."""
    if not a.keyed and not b.keyed:
        return False  # two reports naming nothing say nothing of which quantity they are
    if a.kind != b.kind and not _nth_of_count(a, b):
        return False
    if a.event and b.event and a.event != b.event:
        return False  # "12 killed" and "12 injured" are two quantities
    if a.report.article_id == b.report.article_id:
        # One writer naming two counted things ("235,000 comments", "208,000 of which were
        # form letters") gives two figures, whatever bounds make their values overlap.
        return _spans_overlap(a, b) and not (a.thing and b.thing and a.thing != b.thing)
    return True


#: Kinds one count may be written in: "his 19th season" is 19 seasons, "the second time" twice.
_COUNTED_KINDS = frozenset({"count", "ordinal"})


def _nth_of_count(a: ReportView, b: ReportView) -> bool:
    """Whether an ordinal and a count of one named thing give one value ("his 19th season",
    "19 seasons"; "a second extension", "two extensions"): a count written as a place. Only
    equal values are read so; "fourth season" beside "three seasons" is no disputed count."""
    return (
        {a.kind, b.kind} == _COUNTED_KINDS
        and bool(a.thing)
        and a.thing == b.thing
        and _spans_overlap(a, b)
    )


#: A differing pair naming no counted thing (two spans of time, two sums) scores this share
#: of the model's probability: most such pairs the development labels hold are two figures,
#: so joining them asks for a surer reading than two counts of one named thing.
UNNAMED_DISCOUNT = 0.5


def disputable(a: ReportView, b: ReportView, rules: FigureRules = SHIPPED) -> bool:
    """Whether two reports of different values may be one figure outlets report differently:
    they count one named thing (a noun, an age, a score pair) in one unit at one rate, and
    are stated alike (a projection, "might score 16", disputes no count). A figure naming no
    counted thing ("two weeks", "$30 million") is disputed only where the words next to both
    share what happened ("served", "married", "pneumonia"; ``shared_event_words``) and they
    are not about two people named apart: across the development labels almost every other
    such pairing was two different spans of time or sums, flags a reader would not confirm
    (see tests/perf/train_figure_pairs.py)."""
    stated_alike = a.report.mention.modality == b.report.mention.modality
    if not (stated_alike and one_key(a, b, rules)) or _far_apart(a, b):
        return False
    if not rules.ordinals and "ordinal" in (a.kind, b.kind):
        return False  # "the fifth coach fired" and "the third": a rank, rarely one count
    if rules.editions and (_edition(a) or _edition(b)):
        return False  # "the 79th Academy Awards" and "the 85th": two ceremonies
    if rules.possessed and (_possessed(a) or _possessed(b)):
        return False  # "her second marriage" and "her third": two marriages of hers
    scopes = _named_scope(a), _named_scope(b)
    if rules.named_scope and all(scopes) and not scopes[0] & scopes[1]:
        return False  # "the fifth NBA coach fired", "the third Eastern Conference coach"
    if _owned_apart(a, b):
        return False  # "Ford finished with 2,290 points", "Hansbrough now has 2,301": two people's
    if a.thing == quantities.AGE and _other_years(a, b):
        return False  # "in 2005, at the age of 91" and "Felt, 92, ... in 2006": two ages
    if (a.thing == quantities.AGE or a.clock or b.clock) and not _near(a, b):
        # 75 and 95: two people's ages, not one misreported; 11:43 and 7:02 left, two
        # moments of a game, not one clock read differently.
        return False
    if a.thing:
        return True
    if not rules.unnamed:
        return False
    told = shared_event_words(a, b) - _NOT_TOLD_STEMS
    if rules.same_side:
        told &= _same_side(a, b)
    return bool(told) and not _other_people(a, b)


def may_dispute(a: ReportView, b: ReportView, rules: FigureRules = SHIPPED) -> bool:
    """What ``disputable`` asks of two reports under the ``soft_vetoes`` rules, where its
    other vetoes are the differing model's features (``veto_features``): stated alike, one
    counted thing or kin (``one_key``), no more than DISPUTE_RATIO apart."""
    stated_alike = a.report.mention.modality == b.report.mention.modality
    return stated_alike and one_key(a, b, rules) and not _far_apart(a, b)


def differing_features(
    a: ReportView, b: ReportView, rules: FigureRules = SHIPPED
) -> tuple[float, ...]:
    """What the differing model reads of two reports: ``pair_features``, and under the
    ``soft_vetoes`` rules ``veto_features`` after them (figure_pairs.VETO_FEATURES)."""
    if not rules.soft_vetoes:
        return pair_features(a, b)
    return pair_features(a, b) + veto_features(a, b, rules)


def veto_features(a: ReportView, b: ReportView, rules: FigureRules = SHIPPED) -> tuple[float, ...]:
    """The values of figure_pairs.VETO_FEATURES: each of ``disputable``'s vetoes and each of
    the identity gate's outcomes (figure_identity.compare, refusal, said_alike), 1.0 where it
    holds: under ``soft_vetoes`` the model weighs what, as hand rules, refuses."""
    scopes = _named_scope(a), _named_scope(b)
    age = a.thing == quantities.AGE
    told = shared_event_words(a, b) - _NOT_TOLD_STEMS
    ia, ib = a.identity, b.identity
    parts = figure_identity.compare(ia, ib, rules.gate_named_next_to)
    refused = figure_identity.refusal(ia, ib, rules.gate_named_next_to)
    conflicting = figure_identity.CONFLICTING
    return (
        float("ordinal" in (a.kind, b.kind)),
        float(all(scopes) and not scopes[0] & scopes[1]),
        float(_owned_apart(a, b)),
        float(age and _other_years(a, b)),
        float((age or a.clock or b.clock) and not _near(a, b)),
        float(not a.thing and (not told or _other_people(a, b))),
        float(bool(refused)),
        float(parts.thing == conflicting),
        float(parts.modifiers == conflicting),
        float(parts.scope == conflicting),
        float(parts.owner == conflicting),
        float(parts.possessor == conflicting),
        float(parts.event == conflicting),
        float(parts.subject == conflicting),
        float(parts.time == conflicting),
        float(parts.thing not in (figure_identity.SAME, figure_identity.COMPATIBLE)),
        float(parts.event != figure_identity.SAME),
        float(figure_identity.said_alike(ia, ib)),
    )


_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def _sides(v: ReportView) -> tuple[frozenset[str], frozenset[str]]:
    """The stems of the words next to a figure (WINDOW of each side), before and after it."""
    mention = v.report.mention
    sentence = v.report.sentence
    start = max(0, mention.start - mention.sentence_start)
    end = max(0, mention.end - mention.sentence_start)
    before = _WORD.findall(sentence[:start].lower())[-WINDOW:]
    after = _WORD.findall(sentence[end:].lower())[:WINDOW]
    return frozenset(stem(w) for w in before), frozenset(stem(w) for w in after)


def _same_side(a: ReportView, b: ReportView) -> frozenset[str]:
    """The stems next to both figures on one side of each ("served four months", "served 136
    days"; "three weeks with pneumonia", "four weeks due to pneumonia"): a word told before
    one figure and after the other ("take two to three weeks before output resumes", "rise
    within a month if repairs slip") ties two spans to one subject, not to one event."""
    (before_a, after_a), (before_b, after_b) = _sides(a), _sides(b)
    return (before_a & before_b) | (after_a & after_b)


#: Words saying how sure a figure is ("would", "could", "expected") or by when ("within"), not
#: what happened: "repairs would take two to three weeks" and "the ministry would respond
#: within a week" are two spans, as are "rise within a month" and "report within 90 days".
_NOT_TOLD_STEMS = frozenset(
    stem(word) for word in lx.MODAL_CUES | {"can", "should", "must", "within"}
)


def _edition(v: ReportView) -> bool:
    """Whether a report is an ordinal naming an edition of something named ("the 79th
    Academy Awards", "the 85th Oscars"): each value is another edition, never one place
    outlets give differently (as "the fourth head coach" and "the fifth" may be)."""
    words = v.report.mention.noun_text.split()
    return v.kind == "ordinal" and bool(words) and all(w[:1].isupper() for w in words)


#: Words before an ordinal that make it name one of someone's own series ("her third
#: marriage", "Page's second film"), not a count outlets could give differently.
_POSSESSIVES = frozenset({"her", "his", "their", "its", "our", "my", "your"})


def _possessed(v: ReportView) -> bool:
    """Whether a report is an ordinal after a possessive ("her second marriage", "the
    actress's third husband"): which one of someone's own, each value another one (the
    reports of "the fourth head coach fired" and "the fifth" are one count in dispute)."""
    if v.kind != "ordinal":
        return False
    mention = v.report.mention
    before = v.report.sentence[: max(0, mention.start - mention.sentence_start)].split()
    if not before:
        return False
    word = before[-1].lower().strip('"“”‘(')
    return word in _POSSESSIVES or word.endswith(("'s", "’s", "s'", "s’"))


def _named_scope(v: ReportView) -> frozenset[str]:
    """The names modifying a report's counted thing as written ("NBA" of "NBA head coach",
    "Eastern Conference" of "Eastern Conference head coach"): two counts of things named by
    different names count two sets, whatever their values."""
    words = v.report.mention.noun_text.split()[:-1]
    return frozenset(w.lower() for w in words if w[:1].isupper())


#: Values further apart than this (a ratio) are two figures, never one misreported: every
#: disputed figure of the development labels has two reports within 2.7 times of each other
#: (four or ten updates reissued, three or eight observers), while a climber's 700-metre fall
#: beside another's 200 metres is two falls.
DISPUTE_RATIO = 3.0


def _far_apart(a: ReportView, b: ReportView) -> bool:
    smaller, larger = sorted((a.number, b.number))
    return larger > smaller * DISPUTE_RATIO


def _near(a: ReportView, b: ReportView) -> bool:
    """Whether two values lie within NEAR_RATIO of each other (an outlet misreporting one
    age is a year or a digit off: 31 or 32, 61 or 68; one moment's clock, seconds)."""
    smaller, larger = sorted((a.number, b.number))
    return larger <= smaller * NEAR_RATIO


def _other_people(a: ReportView, b: ReportView) -> bool:
    """Whether two reports are about two people: each names whom it is about, and neither
    sentence names the other's ("Dorsey's been at the plant for 37 years", "Andy Ryan, who
    has worked at the plant for nearly 30 years")."""
    ra, rb = a.report, b.report
    if not ra.subject or not rb.subject or ra.subject == rb.subject:
        return False
    return ra.subject not in rb.names and rb.subject not in ra.names


#: A name written as owning what follows ("Phil Ford's school mark of", "Buford ’ s record"):
#: a capitalised word, then an apostrophe and "s" (the corpus's detokenised "Buford ’ s" too).
_POSSESSOR = re.compile(r"\b([A-Z][\w.-]*)\s?['’]\s?s\b")


def figure_owner(v: ReportView) -> tuple[str, bool]:
    """Whose figure a report is (lowered name, "" for nobody named) and whether its sentence
    says so outright: a name written as owning the figure's own phrase ("Phil Ford's school
    mark of 2,290 points", "Hansbrough's 20 points") is the owner whatever else the sentence
    names; else the report's subject (figures.figure_subject), read from where it stands."""
    mention = v.report.mention
    start = max(0, mention.start - mention.sentence_start)
    owned = _possessor_before(v.report.sentence, start)
    return (owned, True) if owned else (v.report.subject, False)


@functools.lru_cache(maxsize=16_384)
def _possessor_before(sentence: str, start: int) -> str:
    """The name written as owning the phrase a figure at ``start`` stands in ("" for none);
    kept: a story's table asks it of each report for every pair it might dispute."""
    owners = _POSSESSOR.findall(figure_identity.phrase_before(sentence[:start]))
    name = owners[-1].lower() if owners else ""
    return "" if name in _NOT_OWNERS else name


#: Possessives that name no one ("It's", "Today's", "Thursday's", "Carolina's" stays: a team).
_NOT_OWNERS = frozenset(
    {"it", "that", "there", "here", "today", "yesterday", "tonight", "monday", "tuesday",
     "wednesday", "thursday", "friday", "saturday", "sunday", "year", "last", "this"}
)  # fmt: skip


def _owned_apart(a: ReportView, b: ReportView) -> bool:
    """Whether two reports are figures of two people: each has an owner (``figure_owner``),
    they differ, and neither could be the other's: a report whose owner is only its subject
    may be the other's figure where its sentence names the other's owner ("He passed Ford
    with 2,301" names Ford), one written as owned ("Ford's mark of 2,290") may not. Two
    people's totals (the record holder's 2,290 and the new holder's 2,301) are two
    quantities, however alike they are said."""
    (owner_a, sure_a), (owner_b, sure_b) = figure_owner(a), figure_owner(b)
    if not owner_a or not owner_b or owner_a == owner_b:
        return False
    a_may_be_b = not sure_a and owner_b in a.report.names
    b_may_be_a = not sure_b and owner_a in b.report.names
    return not (a_may_be_b or b_may_be_a)


def same_key(a: ReportView, b: ReportView) -> bool:
    """Whether two reports count one thing (or, naming none, measure one unit) at one rate:
    the pairs the differing model learns from (tests/perf/train_figure_pairs.py). Spans of
    time and sums naming no counted thing teach it how close disputed values lie, though no
    such figure is disputed (``disputable``)."""
    return a.keyed and b.keyed and (a.thing, a.unit, a.rate) == (b.thing, b.unit, b.rate)


def one_key(a: ReportView, b: ReportView, rules: FigureRules = SHIPPED) -> bool:
    """Whether two reports count one thing (``same_key``) or two kin things outlets name one
    count by ("four appliances", "six engines"; "three observers", "eight experts"): one unit
    at one rate, each naming a counted thing the words next to them read as one
    (``kin_by_context``) and of one kin class narrower than people at large (4,500 workers
    and 8,000 residents were both "evacuated", and are two counts). The differing model
    learns from these pairs and scores them."""
    if same_key(a, b):
        return True
    if not (a.keyed and b.keyed and (a.unit, a.rate) == (b.unit, b.rate)):
        return False
    if quantities.written_form_thing(a.thing) or quantities.written_form_thing(b.thing):
        return False
    kin = a.report.mention.kin
    kin_alike = bool(kin) and kin == b.report.mention.kin and kin != PERSON
    return (rules.kin_by_context and kin_alike and kin_by_context(a, b)) or (
        rules.named_next_to and _named_next_to(a, b)
    )


def _named_next_to(a: ReportView, b: ReportView) -> bool:
    """Whether each report names a counted thing and one's is written next to the other's
    figure ("a scoring record of 2,106" beside "a record of 2,116 points"; "comments from
    300,000 citizens" beside "235,000 comments"): the words around a figure say what it
    counts, whatever noun the extractor took for it. Only the words of the figure's own
    phrase count: "five children; and several grandchildren" names grandchildren next to
    "five", but past a break, as another count."""
    if not a.noun_words or not b.noun_words or a.thing == b.thing:
        return False
    return bool(_stems(a.noun_words) & _phrase_stems(b) or _stems(b.noun_words) & _phrase_stems(a))


def _phrase_stems(v: ReportView) -> frozenset[str]:
    """The stems of the words next to a figure within its phrase (figure_identity)."""
    return figure_identity.phrase_stems(v)


def _stems(words: frozenset[str]) -> frozenset[str]:
    return frozenset(stem(word) for word in words)


def _spans_overlap(a: ReportView, b: ReportView) -> bool:
    return (a.low, a.high) == (b.low, b.high) or (a.low < b.high and b.low < a.high)


def scored_pairs(
    views: Sequence[ReportView],
    model: FigurePairModel,
    differing: bool,
    rules: FigureRules = SHIPPED,
) -> dict[tuple[int, int], float]:
    """The model's probability for every comparable pair (indices into ``views``, i < j)
    whose values agree (``differing`` False) or differ (True)."""
    scores = {}
    # Every pair is checked as before, but only among the candidates that can pass (in i, j
    # order, so the scores sum in the same order downstream): a story of hundreds of reports
    # has hundreds of thousands of pairs, few of one kind whose values overlap (or differ).
    candidates = _differing_candidates(views) if differing else _agreeing_candidates(views)
    for i, j in candidates:
        a, b = views[i], views[j]
        if not comparable(a, b) or _spans_overlap(a, b) == differing:
            continue
        if differing and not (
            may_dispute(a, b, rules) if rules.soft_vetoes else disputable(a, b, rules)
        ):
            continue
        score = model.probability(
            differing_features(a, b, rules) if differing else pair_features(a, b)
        )
        if differing and not a.thing:
            score *= UNNAMED_DISCOUNT
        scores[(i, j)] = score
    return scores


def _agreeing_candidates(views: Sequence[ReportView]) -> list[tuple[int, int]]:
    """Every pair (i < j, in order) that may be comparable with overlapping spans: of one
    kind (a count and an ordinal together, ``_nth_of_count``) whose spans' hulls touch. Two
    spans that overlap, or are equal, have hulls (lowest to highest end) that touch, so no
    pair scored is left out; a span holding NaN is paired with its whole kind."""
    buckets: dict[str, list[int]] = defaultdict(list)
    for i, v in enumerate(views):
        buckets["count" if v.kind in _COUNTED_KINDS else v.kind].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        hulls: list[tuple[float, float, int]] = []
        for i in members:
            low, high = views[i].low, views[i].high
            if math.isnan(low) or math.isnan(high):
                pairs.update((min(i, j), max(i, j)) for j in members if j != i)
            else:
                hulls.append((min(low, high), max(low, high), i))
        hulls.sort()
        for n, (_, high, i) in enumerate(hulls):
            for m in range(n + 1, len(hulls)):
                other_low, _, j = hulls[m]
                if other_low > high:
                    break  # sorted by their lowest end: no later hull reaches back to this one
                pairs.add((i, j) if i < j else (j, i))
    return sorted(pairs)


def _differing_candidates(views: Sequence[ReportView]) -> list[tuple[int, int]]:
    """Every pair (i < j, in order) that may be disputable: both keyed, of one kind, unit,
    rate and modality (``disputable``, ``one_key``; an ordinal beside a count is comparable
    only where their spans overlap), and values no more than DISPUTE_RATIO apart
    (``_far_apart``, read on the same numbers in the same order); a NaN is paired with its
    whole bucket."""
    buckets: dict[tuple[str, str, str, str], list[int]] = defaultdict(list)
    for i, v in enumerate(views):
        if v.keyed:
            buckets[(v.kind, v.unit, v.rate, v.report.mention.modality)].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        numbers: list[tuple[float, int]] = []
        for i in members:
            if math.isnan(views[i].number):
                pairs.update((min(i, j), max(i, j)) for j in members if j != i)
            else:
                numbers.append((views[i].number, i))
        numbers.sort()
        for n, (smaller, i) in enumerate(numbers):
            for m in range(n + 1, len(numbers)):
                larger, j = numbers[m]
                if larger > smaller * DISPUTE_RATIO:
                    break  # _far_apart, and so is every larger value
                pairs.add((i, j) if i < j else (j, i))
    return sorted(pairs)


def average_link(
    size: int,
    scores: dict[tuple[int, int], float],
    threshold: float,
    blocked: Callable[[list[int], list[int]], bool],
) -> list[list[int]]:
    """Groups of ``size`` nodes joined by average link while the best average pair score
    between two groups reaches ``threshold`` (unscored pairs count 0), never two groups
    ``blocked`` says are apart."""
    return [group for group, _ in linked_groups(size, scores, threshold, blocked)]


def linked_groups(
    size: int,
    scores: dict[tuple[int, int], float],
    threshold: float,
    blocked: Callable[[list[int], list[int]], bool],
) -> list[tuple[list[int], float]]:
    """``average_link``'s groups, each with the weakest average score it was joined at (its
    confidence: math.inf for a node left alone)."""
    members: dict[int, list[int]] = {i: [i] for i in range(size)}
    weakest: dict[int, float] = {i: math.inf for i in range(size)}
    sums: dict[int, dict[int, float]] = {i: {} for i in range(size)}
    heap: list[tuple[float, int, int]] = []
    for (i, j), score in scores.items():
        sums[i][j] = sums[j][i] = score
        if score >= threshold:
            heapq.heappush(heap, (-score, i, j))
    next_id = size
    while heap:
        negative, i, j = heapq.heappop(heap)
        if i not in members or j not in members:
            continue
        average = sums[i].get(j, 0.0) / (len(members[i]) * len(members[j]))
        if abs(average + negative) > 1e-12:
            continue  # a stale entry: the groups changed since it was pushed
        if blocked(members[i], members[j]):
            continue
        merged = members.pop(i) + members.pop(j)
        weakest[next_id] = min(weakest.pop(i), weakest.pop(j), -negative)
        joined: dict[int, float] = {}
        for old in (i, j):
            for other, total in sums.pop(old).items():
                if other in (i, j):
                    continue
                joined[other] = joined.get(other, 0.0) + total
                del sums[other][old]
        members[next_id] = merged
        sums[next_id] = joined
        for other, total in joined.items():
            sums[other][next_id] = total
            score = total / (len(merged) * len(members[other]))
            if score >= threshold:
                heapq.heappush(heap, (-score, other, next_id))
        next_id += 1
    return sorted(((group, weakest[n]) for n, group in members.items()), key=lambda g: min(g[0]))


def entries(
    views: Sequence[ReportView], models: FigureModels, rules: FigureRules = SHIPPED
) -> list[list[int]]:
    """The reports (indices into ``views``) of each entry: first the groups giving one value
    (the agreeing model), then groups of different values joined where the differing model
    reads them as one figure reported differently."""
    return [group for group, _ in scored_entries(views, models, rules)]


def scored_entries(
    views: Sequence[ReportView], models: FigureModels, rules: FigureRules = SHIPPED
) -> list[tuple[list[int], float]]:
    """``entries``, each with how sure the differing model is that its groups of different
    values are one figure: the weakest average score they were joined at (math.inf for an
    entry of one value)."""

    def two_values(first: list[int], second: list[int]) -> bool:
        # Loose figures ("more than 30", "about 300") overlap several exact ones: a group of
        # one value holds only reports that all overlap one another.
        return any(not _spans_overlap(views[i], views[j]) for i in first for j in second)

    same_value = average_link(
        len(views),
        scored_pairs(views, models.agreeing, differing=False),
        models.agreeing.threshold,
        two_values,
    )
    # A group's value is set by its exact figures: a loose one that joined them ("more than
    # 2,000" beside 5,000) bounds it and says little of which figure it is.
    setting = [_setting(views, group) for group in same_value]
    group_of = {i: g for g, group in enumerate(setting) for i in group}
    # The differing model's scores between two groups, summed and counted: a pair it does
    # not score (a report stated otherwise, a span of time naming nothing next to no shared
    # word) says nothing of whether the groups are one figure, so two groups are as alike as
    # the pairs it scores say on average (cross-validated by topic, counting the unscored as
    # 0 found 7 of 35 labelled disagreements at precision 0.78, this 9 at 0.80: a group many
    # outlets gave was outvoted by its reports the model cannot read against the other).
    totals: dict[tuple[int, int], float] = defaultdict(float)
    counts: dict[tuple[int, int], int] = defaultdict(int)
    overlapping: set[tuple[int, int]] = set()
    for (i, j), score in scored_pairs(views, models.differing, True, rules).items():
        if i in group_of and j in group_of:
            g, h = sorted((group_of[i], group_of[j]))
            if g != h:
                totals[(g, h)] += score
                counts[(g, h)] += 1
    # Of the setting reports' pairs, only those that may be comparable with overlapping spans.
    for i, j in _agreeing_candidates(views):
        if i in group_of and j in group_of:
            g, h = sorted((group_of[i], group_of[j]))
            if g != h and comparable(views[i], views[j]) and _spans_overlap(views[i], views[j]):
                overlapping.add((g, h))  # two figures of one value: not one disputed figure
    group_scores = {
        pair: total / counts[pair] for pair, total in totals.items() if pair not in overlapping
    }

    def apart(first: list[int], second: list[int]) -> bool:
        one = [i for g in first for i in same_value[g]]
        other = [j for h in second for j in same_value[h]]
        return told_apart_in_one_article(views, one, other, rules) or about_others(
            [views[i].report for i in one], [views[j].report for j in other]
        )

    disputes = linked_groups(len(same_value), group_scores, models.differing.threshold, apart)
    joined = [([i for g in dispute for i in same_value[g]], sure) for dispute, sure in disputes]
    # Unkeyed reports are in a table only beside a report that says what they count.
    return [(group, sure) for group, sure in joined if any(views[i].keyed for i in group)]


def told_apart_in_one_article(
    views: Sequence[ReportView],
    one: Sequence[int],
    other: Sequence[int],
    rules: FigureRules = SHIPPED,
) -> bool:
    """Whether an article gives a value of each group for one counted thing (``one_key``):
    it tells them apart as two figures. A report of another thing a group took in by its
    value ("an $80 million offer" beside "an $80 million deal") says nothing of the other
    group's "$82 million deal" in its article."""
    by_article: dict[int, list[ReportView]] = defaultdict(list)
    for i in one:
        by_article[views[i].report.article_id].append(views[i])
    if not rules.told_apart_by_thing:
        return any(views[j].report.article_id in by_article for j in other)
    return any(
        one_key(a, views[j], rules)
        for j in other
        for a in by_article.get(views[j].report.article_id, ())
    )


def about_others(one: Sequence[ReportedValue], other: Sequence[ReportedValue]) -> bool:
    """Whether two groups of reports are about different people, as a whole: both name whom
    they are about, no name is both's, and no sentence of one names a subject of the other
    ("Smith had 11 points" and "He had 11" against "Jones had 14": two players' points,
    though "He had 11" alone reads like Jones's figure misreported)."""
    subjects = {r.subject for r in one if r.subject}, {r.subject for r in other if r.subject}
    if not subjects[0] or not subjects[1] or subjects[0] & subjects[1]:
        return False
    named = set().union(*(r.names for r in one)), set().union(*(r.names for r in other))
    return not (subjects[0] & named[1] or subjects[1] & named[0])


def _setting(views: Sequence[ReportView], group: list[int]) -> list[int]:
    """The reports that set a group's value: its exact ones (a loose "more than 2,000" beside
    5,000 bounds it), and of those the stated ones where it has any (one article's "might
    score 14" beside two outlets' "scored 14" is their figure misread as a projection, and
    disputes no other projection)."""
    keyed = [i for i in group if views[i].keyed] or group  # unkeyed reports only agree
    exact = [i for i in keyed if views[i].exact] or keyed
    stated = [i for i in exact if views[i].report.mention.modality == STATED]
    return stated or exact


def verdict(values: Sequence[ReportedValue], views: dict[int, ReportView]) -> str:
    """How an entry's reports compare (see the module's doc); ``views`` by mention id."""
    ordered = sorted(values, key=lambda v: (v.published, v.article_id))
    if all(
        _agree(views[a.mention_id], views[b.mention_id])
        for n, a in enumerate(ordered)
        for b in ordered[n + 1 :]
    ):
        return AGREE
    hours = [report_hours(v.published) for v in ordered]
    if len({v.feed_id for v in values}) == 1:
        # One outlet's own figures: outlets disagreeing takes two. One that raised its figure
        # as reports came in updated it; any other (two listings' rents, a share of one
        # thing and of another) is shown side by side, not flagged.
        return UPDATE if _rises(ordered, views, hours) else DIFFERS
    ages = all(v.form == quantities.AGE for v in values)
    told = [views[v.mention_id] for v in values]
    tally = any(views[v.mention_id].event for v in values)
    for n, earlier in enumerate(ordered):
        for m in range(n + 1, len(ordered)):
            later = ordered[m]
            a, b = views[earlier.mention_id], views[later.mention_id]
            if _agree(a, b):
                continue
            if earlier.feed_id == later.feed_id:
                continue  # one outlet revising its own figure: the others say if outlets differ
            if told_as_revision(b) and not told_as_revision(a):
                continue  # the later report says its figure replaced an earlier count
            if ages:
                if not (_aged(a, b, hours[m] - hours[n]) or _aged_between_writings(a, b, told)):
                    return DISAGREEMENT
                continue
            if b.high <= a.low:
                return DISAGREEMENT  # a later report lower: no count shrinks
            if not tally or hours[m] - hours[n] < SAME_TIME_HOURS:
                return DISAGREEMENT
    return UPDATE


def _rises(
    ordered: Sequence[ReportedValue], views: dict[int, ReportView], hours: Sequence[float]
) -> bool:
    """Whether each differing later report (in report order) is higher and came at least
    ``REVISION_HOURS`` later: listings posted seconds apart (625, 650, 1,200 ft) are no
    figure revised as reports came in."""
    for n, earlier in enumerate(ordered):
        for m in range(n + 1, len(ordered)):
            a, b = views[earlier.mention_id], views[ordered[m].mention_id]
            if _agree(a, b):
                continue
            if hours[m] - hours[n] < REVISION_HOURS or b.high <= a.low:
                return False
    return True


#: How much later one outlet's higher figure must come to read as its update.
REVISION_HOURS = 1.0


#: Two figures both given "about" whose stated values lie further apart than this (a ratio)
#: name two values, whatever their qualifiers allow ("nearly three quarters", "about 70
#: percent").
ABOUT_APART = 1.02


def values_agree(a: ReportView, b: ReportView) -> bool:
    """Whether two reports give one value, as an entry's verdict reads them (``_agree``)."""
    return _agree(a, b)


def _agree(a: ReportView, b: ReportView) -> bool:
    """Whether two reports of one entry give one value: their spans (rounding and qualifiers
    read as bounds) overlap, unless both only say "about" and state different values: each
    outlet gives its own round figure, and a reader takes "nearly three quarters" and "about
    70 percent" for two readings of the share, not one (in one unit: "about 200ft" and "about
    60m" are one fall); or unless one says its figure was changed to its value and the other
    states another (``told_as_revision``): "revised to 41" replaced the "at least 37" told
    before, whatever the bound allows."""
    if not _spans_overlap(a, b):
        return False
    if told_as_revision(a) != told_as_revision(b) and _stated_apart(a, b):
        return False
    ma, mb = a.report.mention, b.report.mention
    # In two units ("about 200ft", "about 60m") a round figure converted is no longer round.
    about = ma.bound == mb.bound == "approx" and ma.unit == mb.unit
    smaller, larger = sorted((a.number, b.number))
    return not (about and larger > smaller * ABOUT_APART)


#: Verbs saying a figure was set anew, besides the rises and falls of the lexicon's events:
#: "<verb> to 41" states a changed figure ("revised to 41", "rose to 31", "cut to 2,000").
_SET_ANEW = frozenset(
    {"revised", "raised", "lowered", "updated", "adjusted", "corrected", "upgraded"}
    | {"downgraded", "increased", "reduced", "cut"}
)
#: "41, up from 37": words after a figure comparing it with the figure it replaced.
_COMPARED_WITH_BEFORE = (("up", "from"), ("down", "from"))
#: How many words after a figure such a comparison may stand ("to 41 by the hospital, up
#: from an earlier count").
_COMPARED_WITHIN = 8


def told_as_revision(v: ReportView) -> bool:
    """Whether a report's own sentence says its figure replaced an earlier one: a verb of
    change right before "to" and the figure ("was revised to 41", "rose to 31"), or "up
    from" / "down from" after it. The article itself then makes clear the figure changed
    over time, what the labelling guidelines call an update."""
    mention = v.report.mention
    start = max(0, mention.start - mention.sentence_start)
    end = max(0, mention.end - mention.sentence_start)
    return _told_as_revision(v.report.sentence, start, end)


@functools.lru_cache(maxsize=16_384)
def _told_as_revision(sentence: str, start: int, end: int) -> bool:
    """``told_as_revision`` of the figure at ``start``:``end`` of ``sentence``; kept: an
    entry's verdict asks it of each report for every pair of its reports (a sixth of a whole
    pass's tables was this, read again and again)."""
    before = _WORD.findall(sentence[:start].lower())[-2:]
    if len(before) == 2 and before[1] == "to":
        verb = before[0]
        # Not "up to 18 months": a bound, whose "up" the lexicon reads as a rise.
        rise_or_fall = lx.EVENT_KIN.get(verb) in ("rose", "fell") and verb not in ("up", "down")
        if verb in _SET_ANEW or rise_or_fall:
            return True
    after = _WORD.findall(sentence[end:].lower())[: _COMPARED_WITHIN + 1]
    return any(tuple(after[i : i + 2]) in _COMPARED_WITH_BEFORE for i in range(len(after) - 1))


def _stated_apart(a: ReportView, b: ReportView) -> bool:
    """Whether two reports state different numbers (bounds aside), beyond rounding."""
    smaller, larger = sorted((abs(a.number), abs(b.number)))
    return larger > smaller * ABOUT_APART


#: Hours in a year: an age rises by one a year.
YEAR_HOURS = 365.25 * 24


def _aged(earlier: ReportView, later: ReportView, hours_apart: float) -> bool:
    """Whether a higher age is the other one grown older: it rose by no more years than
    passed between the reports (rounded: a birthday may fall between), or than lie between
    the years their sentences name ("at age 91" in 2005, "92" in 2006). Two outlets' ages a
    week apart (31 and 32, 60 and 61) differ: a reader flags them."""
    years = round(hours_apart / YEAR_HOURS)
    named = _named_years(earlier.report.sentence), _named_years(later.report.sentence)
    if all(named):
        years = max(years, max(named[1]) - min(named[0]), max(named[0]) - min(named[1]))
    return abs(later.number - earlier.number) <= years


def _aged_between_writings(a: ReportView, b: ReportView, told: Sequence[ReportView]) -> bool:
    """Whether two ages are one person's told at two times, by the years the articles were
    written (ReportedValue.year, the latest year each names): the entry's articles giving the
    higher age were written later than any giving the lower one, by at least the years
    between them less one (a birthday may fall between). "Orozco, 27" in the articles of
    the 2005 killing and "Orozco, 29" in those of the 2007 trial are his age then and now;
    an age the story's articles never date is read as before, by report time."""
    younger, older = sorted((a, b), key=lambda v: v.number)
    years = [
        max((v.report.year for v in told if _agree(v, one)), default=0) for one in (younger, older)
    ]
    if not all(years) or years[1] <= years[0]:
        return False
    return older.number - younger.number <= years[1] - years[0] + 1


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _other_years(a: ReportView, b: ReportView) -> bool:
    """Whether both reports' sentences name years and none names a year of the other's: each
    age is told at its own time ("in 2005, at the age of 91"; "92, told CNN in 2006"), two
    true ages of one person, not one age outlets give differently."""
    years = set(_named_years(a.report.sentence)), set(_named_years(b.report.sentence))
    return bool(years[0]) and bool(years[1]) and not years[0] & years[1]


def _named_years(sentence: str) -> list[int]:
    return [int(year) for year in _YEAR.findall(sentence)]


def _label(values: Sequence[ReportedValue]) -> str:
    """The entry's quantity as a person names it, with whose it is: the subject most of its
    articles name as the figure's owner (label_words.owner; none where no majority does)."""
    forms = Counter(v.form for v in values)
    rates = Counter(v.mention.rate for v in values)
    label = label_words.quantity_label(
        [v.mention for v in values],
        forms.most_common(1)[0][0],
        rates.most_common(1)[0][0],
        [v.sentence for v in values],
    )
    # Whose it is is read on the reports of the thing the label names: a report of another
    # thing the entry took in by its value ("fire Felt five times" beside "five children")
    # names no owner of these children; one whose noun the others' sentences write ("Buford's
    # scoring record of 2,106" beside "his record of 2,116 points") counts the same thing.
    nouns = Counter(v.mention.noun for v in values if v.mention.noun)
    named = nouns.most_common(1)[0][0] if nouns else ""
    said = " ".join(v.sentence.lower() for v in values if v.mention.noun == named)
    whose = label_words.owner(
        [
            (v.article_id, v.subject, v.mention, v.sentence)
            for v in values
            if not v.mention.noun or v.mention.noun == named or v.mention.noun[:STEM] in said
        ],
        label,
    )
    return f"{label} ({whose})" if whose else label


def figures_table(
    reports: Iterable[ReportedValue],
    models: FigureModels | None = None,
    rules: FigureRules = SHIPPED,
) -> list[StoryQuantity]:
    """The quantities of a story's figures, the most widely reported first; ``rules``: the
    hand rule families applied (reader.stories.figure_rules; the shipped models' by default)."""
    views = candidates(reports, rules)
    by_mention = {v.report.mention_id: v for v in views}
    models = models or shipped_models()
    identities = _Identities()
    table = []
    for group, sure in scored_entries(views, models, rules):
        values = tuple(
            sorted(
                (views[i].report for i in group),
                key=lambda v: (v.published, v.article_id, v.mention.start),
            )
        )
        # What the entry counts and how its values compare are read from the reports that
        # say what they count (an unkeyed report joined them by giving their value).
        keyed = tuple(v for v in values if by_mention[v.mention_id].keyed)
        kind = verdict(keyed, by_mention)
        if kind != AGREE and not rules.flag_on_conflict and sure < models.flagging:
            # Joined as one figure, but not surely enough to tell a reader its outlets differ
            # (the flagging threshold is chosen by cross-validated precision's lower bound).
            kind = DIFFERS
        elif kind != AGREE:
            passing = gate_pairs(
                keyed, by_mention, identities if rules.identity_gate else None, rules
            )
            if rules.flag_on_conflict:
                # How sure the flag is, is read on the reports in conflict, not on the
                # entry's weakest join: a stray value the entry took in (a third age, a
                # reading of another count) says nothing of whether these two differ.
                passing = [
                    pair
                    for pair in passing
                    if conflict_score(
                        by_mention[pair[0].mention_id],
                        by_mention[pair[1].mention_id],
                        models,
                        rules,
                    )
                    >= models.flagging
                ]
            if not passing:
                # Joined, but no two of its differing reports are plainly one figure: a reader
                # is shown them side by side, not told the outlets disagree.
                kind = DIFFERS
            elif rules.ambiguous_in_one_article and ambiguous_in_one_article(
                [by_mention[v.mention_id] for pair in passing for v in pair],
                views,
                identities,
                rules,
            ):
                # The story itself shows the gate cannot tell this quantity's instances apart:
                # one writer gives two values of it.
                kind = DIFFERS
        table.append(StoryQuantity(_label(keyed), values, kind))
    table.sort(key=lambda q: (-q.feeds, -q.articles, q.quantity))
    return _told_apart(table)


def conflict_score(
    a: ReportView, b: ReportView, models: FigureModels, rules: FigureRules = SHIPPED
) -> float:
    """How sure the differing model is that two reports of different values are one figure
    (its probability for the pair, discounted as ``scored_pairs`` discounts a pair naming no
    counted thing): what a flag rests on under the ``flag_on_conflict`` switch."""
    score = models.differing.probability(differing_features(a, b, rules))
    return score * UNNAMED_DISCOUNT if not a.thing else score


class _Identities:
    """Each report's identity (reader.stories.figure_identity), read once per table: the
    gate and the story's self-check of it read the same reports many times."""

    def __init__(self) -> None:
        self._read: dict[int, figure_identity.FigureIdentity] = {}

    def __call__(self, v: ReportView) -> figure_identity.FigureIdentity:
        mention = v.report.mention_id
        found = self._read.get(mention)
        if found is None:
            found = self._read[mention] = figure_identity.identity(v)
        return found


def identity_passes(values: Sequence[ReportedValue], views: dict[int, ReportView]) -> bool:
    """Whether two of an entry's reports, of two articles and values that do not agree, pass
    the identity gate (reader.stories.figure_identity.flag_gate); ``views`` by mention id."""
    return bool(gate_pairs(values, views, _Identities()))


def gate_pairs(
    values: Sequence[ReportedValue],
    views: dict[int, ReportView],
    identities: Callable[[ReportView], figure_identity.FigureIdentity] | None,
    rules: FigureRules = SHIPPED,
) -> list[tuple[ReportedValue, ReportedValue]]:
    """The pairs of an entry's reports, of two articles and values that do not agree, that
    pass the identity gate (``identity_passes``); ``views`` by mention id. Without
    ``identities`` (the gate switched off) every such pair."""
    passing = []
    for n, a in enumerate(values):
        for b in values[n + 1 :]:
            if a.article_id == b.article_id:
                continue
            va, vb = views[a.mention_id], views[b.mention_id]
            if _agree(va, vb):
                continue
            if identities is None or figure_identity.flag_gate(
                identities(va), identities(vb), rules.gate_named_next_to
            ):
                passing.append((a, b))
    return passing


def ambiguous_in_one_article(
    flagging: Sequence[ReportView],
    story: Sequence[ReportView],
    identities: Callable[[ReportView], figure_identity.FigureIdentity],
    rules: FigureRules = SHIPPED,
) -> bool:
    """Whether one article of the story gives two values, in two sentences, that the test a
    flag passes would call one figure given differently (they do not agree, the table may
    join them as one disputed figure, ``disputable``, and they pass the identity gate), both
    tied by the gate to the ``flagging`` reports (one of them, or passing the gate with one):
    the writer meant two things by them (two players' points, a sentence and the time
    served of it), so the test cannot tell this quantity's instances apart in this story,
    and two outlets' values of it are no evidence of a disagreement. One sentence giving two
    values ("rose from 3 to 5") is one figure told with its change, not two. ``story``: every
    report of the story the table reads (its views)."""
    flagged = {v.report.mention_id for v in flagging}
    gated = [identities(v) for v in flagging]
    # The gate refuses two measures of another kind, unit or rate: those are never read.
    measures = {(v.kind, v.unit, v.rate) for v in flagging}

    def tied(v: ReportView) -> bool:
        if v.report.mention_id in flagged:
            return True
        if (v.kind, v.unit, v.rate) not in measures:
            return False
        own = identities(v)
        return any(
            figure_identity.flag_gate(own, other, rules.gate_named_next_to) for other in gated
        )

    by_article: dict[int, list[ReportView]] = defaultdict(list)
    for v in story:
        if tied(v):
            by_article[v.report.article_id].append(v)
    for found in by_article.values():
        for n, x in enumerate(found):
            for y in found[n + 1 :]:
                if _sentence_of(x) == _sentence_of(y) or _agree(x, y):
                    continue
                if disputable(x, y, rules) and figure_identity.flag_gate(
                    identities(x), identities(y), rules.gate_named_next_to
                ):
                    return True
    return False


def _sentence_of(v: ReportView) -> tuple[str, int]:
    """Where a report's sentence is in its article: its text (body or title) and start."""
    mention = v.report.mention
    return mention.field, mention.sentence_start


def _told_apart(table: list[StoryQuantity]) -> list[StoryQuantity]:
    """Entries sharing a label ("time (projected)" for a repair time and a review's) named
    with their most reported value too, so a reader tells them apart."""
    labels = Counter(q.quantity for q in table)
    named = []
    for entry in table:
        if labels[entry.quantity] > 1:
            value = Counter(v.mention.text for v in entry.values).most_common(1)[0][0]
            entry = replace(entry, quantity=f"{entry.quantity}: {value}", told_by=value)
        named.append(entry)
    return named
