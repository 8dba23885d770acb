"""Deterministic generated corpora for benchmarks: RSS files of realistic news articles.

Same seed, same bytes. Bodies are ~3 KB of HTML with paragraphs, links and recurring figures,
titles read like headlines, so parsing, cleaning, figure extraction and search all do real work.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

PLACES = [
    "Halvard",
    "Brenmouth",
    "Oskarsvik",
    "Lindau",
    "Port Tamsin",
    "Vellmar",
    "Corrow",
    "Düsseldorf",
    "São Paulo",
    "Kraków",
    "Reykjavík",
    "Zürich",
    "Müllheim",
    "Dostoyevsky Square",
]
SUBJECTS = [
    "refinery",
    "government",
    "central bank",
    "union",
    "port authority",
    "ministry",
    "hospital",
    "airline",
    "school board",
    "city council",
    "court",
    "police",
]
VERBS = [
    "announces",
    "rejects",
    "delays",
    "approves",
    "investigates",
    "cuts",
    "expands",
    "warns of",
    "plans",
    "suspends",
    "reviews",
    "defends",
]
OBJECTS = [
    "budget",
    "evacuation",
    "strike",
    "merger",
    "inquiry",
    "tariffs",
    "rescue plan",
    "wage deal",
    "housing scheme",
    "fuel prices",
    "flood defences",
    "election result",
]
FIGURES = [
    "4,500 workers were evacuated",
    "the plan will cost $3 billion",
    "prices rose 2.1% last month",
    "about 1.2 million residents are affected",
    "more than 300 employees lost their jobs",
    "up to 40 people were injured",
    "the project could take two to three weeks",
    "exports fell 7.5 percent",
    "a 12 km stretch of road was closed",
    "the fund holds €250 million",
]
FILLER = (
    "Officials said the decision followed weeks of talks with local groups. Critics argued "
    "that the timetable left little room for scrutiny, while supporters pointed to the "
    "costs of further delay. A spokesperson declined to comment on the details. "
)


def article_html(rng: random.Random, n: int) -> str:
    paragraphs = []
    for p in range(6):
        figure = FIGURES[(n + p * 3) % len(FIGURES)]
        place = rng.choice(PLACES)
        paragraphs.append(
            f"<p>In {place}, {figure}, according to a statement released on Tuesday. "
            f'{FILLER}See the <a href="https://news.example/{n}/{p}">full report</a>. '
            f"{FILLER}</p>"
        )
    return "".join(paragraphs)


def headline(rng: random.Random) -> str:
    return f"{rng.choice(PLACES)} {rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"


def write_corpus(folder: Path, articles: int, feeds: int = 10, seed: int = 7) -> list[Path]:
    """Write ``articles`` articles split over ``feeds`` RSS files; return the file paths."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    per_feed = articles // feeds
    files = []
    n = 0
    for f in range(feeds):
        path = folder / f"feed-{f:03}.xml"
        with path.open("w", encoding="utf-8") as out:
            out.write(
                '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
                f"<title>Outlet {f}</title><link>https://outlet{f}.example/</link>\n"
            )
            for _ in range(per_feed):
                date = format_datetime(start + timedelta(minutes=7 * n))
                out.write(
                    f"<item><title>{escape(headline(rng))}</title>"
                    f"<link>https://outlet{f}.example/a/{n}</link><guid>o{f}-{n}</guid>"
                    f"<pubDate>{date}</pubDate><description>{escape(article_html(rng, n))}"
                    "</description></item>\n"
                )
                n += 1
            out.write("</channel></rss>\n")
        files.append(path)
    return files
