"""Held-out sentences: written after the extractor was tuned, never used to tune it.

Scored by ``test_extract.py`` against lower floors than the development set, so the figures
in the closing notes say how the extractor does on text it has not seen.
"""

from __future__ import annotations

from tests.figures.labelled import E

V = None

CASES: list[tuple[str, list[E]]] = [
    ("Rescuers pulled 14 survivors from the rubble overnight.", [E("14", 14, noun="survivor")]),
    ("The bank cut 2,300 jobs across Europe last quarter.", [E("2,300", 2300, noun="job")]),
    (
        "Roughly 9,000 migrants crossed the Channel this year.",
        [E("9,000", 9000, noun="migrant", bound="approx")],
    ),
    (
        "The wildfire has burned more than 40,000 acres.",
        [E("40,000 acres", 40000, kind="measure", unit="acre", bound="lower")],
    ),
    (
        "Police said up to 25 people may have been inside.",
        [E("25", 25, noun="person", bound="upper", modality="projected")],
    ),
    (
        "The startup is valued at $1.8bn after the round.",
        [E("$1.8bn", 1.8e9, kind="money", unit="USD")],
    ),
    ("Mortgage rates fell to 6.1% this week.", [E("6.1%", 6.1, kind="percent", unit="%")]),
    (
        "Nearly half a million households lost power.",
        [E("half a million", 500_000, noun="home", bound="approx")],
    ),
    (
        "The council approved a £12m budget for road repairs.",
        [E("£12m", 12e6, kind="money", unit="GBP")],
    ),
    (
        "The ship was carrying 3,200 tonnes of fuel when it ran aground.",
        [E("3,200 tonnes", 3200, kind="measure", unit="t")],
    ),
    ("Seven hundred volunteers joined the search.", [E("Seven hundred", 700, noun="volunteer")]),
    (
        "The drought could last another three years, scientists warn.",
        [E("three years", 3, kind="duration", unit="year", modality="projected")],
    ),
    (
        "About 60 percent of voters backed the proposal.",
        [E("60 percent", 60, kind="percent", unit="%", bound="approx")],
    ),
    ("The museum welcomed 1.4m visitors in 2023.", [E("1.4m", 1.4e6, noun="visitor")]),
    (
        "Fewer than 200 tickets remain for Saturday's match.",
        [E("200", 200, noun="ticket", bound="upper")],
    ),
    (
        "The company expects revenue of €3.5 billion next year.",
        [E("€3.5 billion", 3.5e9, kind="money", unit="EUR", modality="projected")],
    ),
    ("On March 3, 2024, the court ruled in her favour.", []),
    ("The F-16 squadron returned to base at 18:00.", []),
    ("He was the second person to climb the north face.", []),
    (
        "Between 5,000 and 7,000 protesters marched on Sunday.",
        [E("Between 5,000 and 7,000", (5000, 7000), noun="protester")],
    ),
    (
        "The storm dumped 30 cm of snow in 12 hours.",
        [
            E("30 cm", 30, kind="measure", unit="cm"),
            E("12 hours", 12, kind="duration", unit="hour"),
        ],
    ),
    ("A total of 112 flights were diverted.", [E("112", 112, noun="flight")]),
    (
        "The plant will employ 450 staff when it opens in 2027.",
        [E("450", 450, noun="worker", modality="projected")],
    ),
    (
        "Inflation eased to 3.2 per cent in August.",
        [E("3.2 per cent", 3.2, kind="percent", unit="%")],
    ),
    ("Dozens of villages were cut off by the floods.", [E("Dozens", V, noun="village")]),
    (
        "The fund has returned 8% a year since launch.",
        [E("8%", 8, kind="percent", unit="%", rate="per year")],
    ),
    (
        "Some 1,500 firefighters are tackling the blaze.",
        [E("1,500", 1500, noun="firefighter", bound="approx")],
    ),
    ("The minister said one of the reactors was offline.", []),
    (
        "Prices have doubled in two years, to $4.20 a gallon.",
        [
            E("two years", 2, kind="duration", unit="year"),
            E("$4.20", 4.2, kind="money", unit="USD", rate="per gal"),
        ],
    ),
    (
        # Deaths and injuries are counted as people killed and injured (sixth session), so
        # they line up with, and can conflict with, reports that say it that way.
        "Officials confirmed 31 deaths and 140 injuries.",
        [E("31", 31, noun="person"), E("140", 140, noun="person")],
    ),
]
