"""The pairwise same-event check (reader.stories.same_event) in the assigner: a twin event
(another jewel robbery in the same district, reported in the same words) that the centroid
alone would let join a settled story starts its own, while a further report of the story
joins it; and the shipped model is the one the check's features were trained for."""

from __future__ import annotations

from dataclasses import replace

from reader.stories.assign import JOIN_SCORE, StoryIndex, StoryInput, assign
from reader.stories.features import article_features
from reader.stories.same_event import FEATURES, pair_features, shipped_model

HARRODS = [
    (
        "Thieves steal diamonds worth 3 million pounds from Harrods in Knightsbridge",
        "Armed thieves stole diamonds worth 3 million pounds from the Harrods jewellery hall in "
        "Knightsbridge on Tuesday, the Metropolitan Police said. Detective Inspector Alan "
        "Brierley said four men smashed display cases. Harrods said no staff were hurt.",
    ),
    (
        "Harrods jewellery robbery: four men smash cases in Knightsbridge",
        "Four men smashed display cases at Harrods in Knightsbridge and escaped with diamonds "
        "worth 3 million pounds, Detective Inspector Alan Brierley of the Metropolitan Police "
        "said.",
    ),
    (
        "Police hunt gang after Harrods diamond raid",
        "The Metropolitan Police are hunting a gang of four who stole diamonds from Harrods in "
        "Knightsbridge. Detective Inspector Alan Brierley appealed for witnesses to the robbery.",
    ),
    (
        "Knightsbridge raid: diamonds worth 3 million pounds taken from Harrods",
        "Diamonds worth 3 million pounds were taken from Harrods in Knightsbridge by four armed "
        "men, police said. Detective Inspector Alan Brierley said the robbery took two minutes.",
    ),
    (
        "Armed robbers target Harrods jewellery hall",
        "Armed robbers targeted the Harrods jewellery hall in Knightsbridge, taking diamonds "
        "worth 3 million pounds. The Metropolitan Police and Detective Inspector Alan Brierley "
        "asked for witnesses.",
    ),
]
ANOTHER_REPORT = (
    "Harrods robbery: police release images of four suspects",
    "The Metropolitan Police released images of four men suspected of stealing diamonds worth "
    "3 million pounds from Harrods in Knightsbridge. Detective Inspector Alan Brierley said the "
    "robbery was planned.",
)
TWIN_EVENT = (
    "Thieves steal diamonds worth 2 million pounds from Graff in Knightsbridge",
    "Armed thieves stole diamonds worth 2 million pounds from the Graff jewellery store in "
    "Knightsbridge on Friday, the Metropolitan Police said. Detective Sergeant Kevin Oakes said "
    "two men smashed display cases. Graff said no staff were hurt.",
)


def _items(articles: list[tuple[str, str]]) -> list[StoryInput]:
    return [
        StoryInput(n + 1, 1, 20000.0 + n * 0.1, article_features(title, text))
        for n, (title, text) in enumerate(articles)
    ]


def test_a_twin_event_starts_its_own_story_and_a_further_report_joins() -> None:
    items = _items([*HARRODS, ANOTHER_REPORT, TWIN_EVENT])
    index = assign(StoryIndex(), items)
    story = index.assigned[1]
    assert all(index.assigned[item.article_id] == story for item in items[:6])
    assert index.assigned[7] != story
    # The centroid alone would have let the twin in: the check is what keeps it out.
    harrods = assign(StoryIndex(), items[:5]).stories[story]
    assert harrods.score(items[6].features) >= JOIN_SCORE
    check_off = replace(shipped_model(), threshold=0.0)
    assert assign(StoryIndex(), items, check_off).assigned[7] == story


def test_the_shipped_model_scores_the_checks_features() -> None:
    model = shipped_model()
    assert len(model.weights) == len(model.means) == len(model.scales) == len(FEATURES)
    assert 0.0 < model.threshold < 1.0
    items = _items([*HARRODS, TWIN_EVENT])
    story = assign(StoryIndex(), items[:5]).stories[1]
    twin = items[5].features
    same = article_features(*ANOTHER_REPORT)
    # Each the only candidate: its centroid score is the best one.
    twin_p = model.probability(pair_features(twin, story, story.score(twin), story.score(twin)))
    same_p = model.probability(pair_features(same, story, story.score(same), story.score(same)))
    assert twin_p < model.threshold <= same_p
