"""What a flag rests on (reader.stories.figure_entries, the ``flag_on_conflict`` and
``gate_named_next_to`` rule switches): how sure the table is that two reports in conflict are
one figure, read on those two reports, not on the weakest join of the whole entry (a stray
value the entry took in dilutes a real conflict to "differs"); and the identity gate reading
two counted things as one where one's noun is written next to the other's figure, as the
table joins them. Real sentences of the DEVELOPMENT clusters (never the held-back), the
shipped models."""

from __future__ import annotations

from dataclasses import replace

from reader.figures.extract import extract
from reader.stories import figure_identity as fi
from reader.stories.figure_entries import (
    candidates,
    conflict_score,
    figures_table,
    scored_entries,
)
from reader.stories.figure_pairs import FigureModels, ReportView, shipped_models
from reader.stories.figure_rules import SHIPPED, FigureRules
from reader.stories.figures import DIFFERS, DISAGREEMENT, ReportedValue, read_report

MONDAY = "2026-11-02T08:00:00Z"
ON_CONFLICT = SHIPPED.switched("flag_on_conflict", True)
ON_WEAKEST_JOIN = SHIPPED.switched("flag_on_conflict", False)


def reports(article: int, sentence: str) -> list[ReportedValue]:
    return [
        read_report((article * 100 + n, article, article), MONDAY, mention, sentence)
        for n, mention in enumerate(extract(sentence))
    ]


def one(article: int, sentence: str, text: str) -> fi.FigureIdentity:
    view: ReportView = next(
        v for v in candidates(reports(article, sentence)) if v.report.mention.text == text
    )
    return fi.identity(view)


# t31 (development): Buford's school scoring record, one outlet's "record of 2,106", another's
# "record of 2,116 points": the extractor reads "record" as one's counted thing and "points"
# as the other's.
RECORD = (1, "He came in needing 11 points to break Rodney Buford ’ s scoring record of 2,106.")
RECORD_POINTS = (
    2,
    "McDermott broke Rodney Buford ’ s school scoring record of 2,116 points with a free throw "
    "with 4:43 to play in the first half.",
)


def test_a_noun_written_next_to_the_other_figure_is_its_counted_thing() -> None:
    a = one(*RECORD, "2,106")
    b = one(*RECORD_POINTS, "2,116")
    assert fi.compare(a, b).thing == fi.CONFLICTING
    assert fi.compare(a, b, named_next_to=True).thing == fi.COMPATIBLE
    assert fi.flag_gate(a, b, named_next_to=True), fi.refusal(a, b, named_next_to=True)


def test_a_noun_past_a_break_is_still_another_count() -> None:
    # t28 (development): "five children; and several grandchildren": grandchildren is written
    # near "five", but past the break, so nine grandchildren are no disputed count of children.
    children = one(
        3,
        "Survivors include his wife, Joyce LaRue; five children; and several grandchildren.",
        "five",
    )
    grandchildren = one(4, "He is survived by his sister and nine grandchildren.", "nine")
    assert fi.compare(children, grandchildren, named_next_to=True).thing == fi.CONFLICTING
    assert not fi.flag_gate(children, grandchildren, named_next_to=True)


# t32 (development): the suspect's mother's age, 61 in most outlets, 68 in one that names
# neither woman; the other victim's 48 and the suspect's 35 stand beside them.
MOTHER = [
    (
        1,
        "The bodies of Robyn Mendes, 48, Gomes ' ex-girlfriend, and Gomes ' mother, Catherine "
        "Gomes, 61, were found by police and firefighters yesterday in a second-floor apartment.",
    ),
    (
        2,
        "Gary Gomes, 35, will face murder and kidnapping charges after police found the bodies "
        "of two women -- 68 and 48-years-old -- inside an Independent Street apartment.",
    ),
    (
        3,
        "The body of Katherine Gomes, 61, and Robyn Norma Mendes, 48, were discovered on "
        "Tuesday when police and firefighters responded to calls about the smell.",
    ),
    (
        4,
        "Police have identified the victims as 61-year-old Katherine Gomes, mother of the "
        "suspect, and 48-year-old Robyn Mendes.",
    ),
    (5, "The names of the women killed, who were 61 and 48 years old, have not been released."),
    (
        6,
        "The victims have been identified as Gomes ' mother, Katherine, 61, and his former "
        "girlfriend, Robyn Mendes, 48.",
    ),
    (7, "61-year-old Kathryn Gomes and 48-year-old Robin Mendes are the victims."),
    (
        8,
        "The victims in the case have been identified as Robyn Mendes, 48-an ex-girlfriend of "
        "Mr. Gomes-and Catherine Gomes, 61, the defendant's mother.",
    ),
]


def kinds(rules: FigureRules, models: FigureModels) -> list[tuple[str, str]]:
    table = figures_table(mother(), models, rules)
    return [
        (q.kind, "/".join(v.mention.text for v in q.values))
        for q in table
        if len({v.mention.value for v in q.values}) > 1
    ]


def mother() -> list[ReportedValue]:
    return [r for article, sentence in MOTHER for r in reports(article, sentence)]


def test_a_conflict_is_flagged_on_its_own_reports() -> None:
    # The 68 joined the 61s at the group's average score, lowered by the 61s told in other
    # words than the 68's; the pair in conflict that passes the gate is surer. A flagging
    # threshold between the two flags the conflict read on its own reports only.
    views = candidates(mother())
    models = shipped_models()
    entry, joined = next(
        (group, sure)
        for group, sure in scored_entries(views, models)
        if any(views[i].report.mention.text == "68" for i in group)
    )
    odd = next(views[i] for i in entry if views[i].report.mention.text == "68")
    passing = [
        conflict_score(odd, views[i], models)
        for i in entry
        if views[i].report.mention.text != "68"
        and fi.flag_gate(fi.identity(odd), fi.identity(views[i]))
    ]
    assert passing and max(passing) > joined
    between = replace(models, flagging=(max(passing) + joined) / 2)
    on_conflict = kinds(ON_CONFLICT, between)
    assert [kind for kind, texts in on_conflict if "68" in texts.split("/")] == [DISAGREEMENT]
    on_join = kinds(ON_WEAKEST_JOIN, between)
    assert [kind for kind, texts in on_join if "68" in texts.split("/")] == [DIFFERS]
