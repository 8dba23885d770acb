"""Deterministic generated corpora for benchmarks: RSS files of realistic news articles.

Same seed, same bytes. Bodies are ~3 KB of HTML with paragraphs, links and recurring figures,
titles read like headlines, so parsing, cleaning, figure extraction and search all do real work.

Like a real library, the articles of all feeds are spread over months (a fixed span in the past,
so no date is taken for a feed's mistake) and come in stories: a dozen articles in a row report
the same figures, and the next story reports others. One figure, 4,500 workers evacuated, comes
back in every twentieth story, so a figure search has many hits at any size.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
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
# Each figure of a story from its number: values from spaces large enough that a value comes
# back months later, as figures of unrelated stories do, not in every week's news.
FIGURES = [
    lambda s: f"{4500 if s % 20 == 0 else 1000 + s * 7919 % 28_999:,} workers were evacuated",
    lambda s: f"the plan will cost ${1 + s * 7907 % 9_899 / 100:g} billion",
    lambda s: f"prices rose {1 + s * 7901 % 1_999 / 100:g}% last month",
    lambda s: f"about {1 + s * 7883 % 8_999 / 1000:g} million residents are affected",
    lambda s: f"more than {100 + s * 7879 % 19_900:,} employees lost their jobs",
    lambda s: f"up to {10 + s * 7877 % 9_990:,} people were injured",
    lambda s: "the project could take two to three weeks",
    lambda s: f"exports fell {1 + s * 7873 % 4_999 / 100:g} percent",
    lambda s: f"a {10 + s * 7867 % 9_990 / 10:g} km stretch of road was closed",
    lambda s: f"the fund holds €{100 + s * 7853 % 99_900:,} million",
]
# Names of a story's people and places, so its articles share words other stories lack.
SYLLABLES = ["ka", "lo", "ven", "tor", "mi", "sa", "dre", "bul", "ost", "rin", "ha", "zel", "qua"]
STORY_ARTICLES = 12
START = datetime(2026, 1, 1, tzinfo=UTC)
END = datetime(2026, 11, 1, tzinfo=UTC)
FILLER = (
    "Officials in {place} said the decision followed weeks of talks with local groups. Critics argued "
    "that the timetable left little room for scrutiny, while supporters pointed to the "
    "costs of further delay. A spokesperson declined to comment on the details. "
)


def story_name(story: int, part: int) -> str:
    """A made-up name belonging to one story, e.g. 'Kavenrinlo'."""
    size = len(SYLLABLES)
    number = story * 3 + part
    return "".join(SYLLABLES[number // size**k % size] for k in range(4)).capitalize()


def article_html(rng: random.Random, n: int, paragraphs: int = 6) -> str:
    parts = []
    story = n // STORY_ARTICLES
    who, where, by = (story_name(story, part) for part in range(3))
    for p in range(paragraphs):
        figure = FIGURES[(story + p * 3) % len(FIGURES)](story)
        filler = FILLER.format(place=rng.choice(PLACES))
        parts.append(
            f"<p>In {where}, {figure}, {who} officials said. "
            f'{filler}See the <a href="https://news.example/{n}/{p}">full report</a>. '
            f"{filler}Reported by {by}.</p>"
        )
    return "".join(parts)


def headline(n: int) -> str:
    """The headline of an article's story: its outlets share it, as they share wire copy."""
    story = n // STORY_ARTICLES
    about = random.Random(story)
    where = story_name(story, 1)
    return f"{where} {about.choice(SUBJECTS)} {about.choice(VERBS)} {about.choice(OBJECTS)}"


def write_corpus(
    folder: Path,
    articles: int,
    feeds: int = 10,
    seed: int = 7,
    start: datetime = START,
    end: datetime = END,
    outlet: str = "outlet",
    paragraphs: int = 6,
) -> list[Path]:
    """Write ``articles`` articles split over ``feeds`` RSS files, dated from ``start`` to
    ``end`` (the feeds' articles interleaved in time); return the file paths. ``outlet`` names
    the feeds' publishers: two corpora of one name are copies of the same feeds. Each body has
    ``paragraphs`` paragraphs of some 500 bytes (fewer: a test where the number of articles
    is the point and their length is not analyses them sooner)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    per_feed = articles // feeds
    step = (end - start) / max(per_feed * feeds, 1)
    files = []
    for f in range(feeds):
        path = folder / f"feed-{f:03}.xml"
        with path.open("w", encoding="utf-8") as out:
            out.write(
                '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
                f"<title>{outlet.title()} {f}</title><link>https://{outlet}{f}.example/</link>\n"
            )
            for i in range(per_feed):
                n = i * feeds + f  # the article's place in time, across all feeds
                date = format_datetime(start + step * n)
                out.write(
                    f"<item><title>{escape(headline(n))}</title>"
                    f"<link>https://{outlet}{f}.example/a/{n}</link><guid>{outlet[0]}{f}-{n}</guid>"
                    f"<pubDate>{date}</pubDate><description>{escape(article_html(rng, n, paragraphs))}"
                    "</description></item>\n"
                )
            out.write("</channel></rss>\n")
        files.append(path)
    return files


def dense_article(size: int) -> str:
    """Text of ``size`` characters made of nothing but figures, in long sentences of some 400
    each: the worst case for figure extraction (a table of results pasted as prose)."""
    parts: list[str] = []
    length = 0
    index = 0
    while length < size:
        piece = f"about {1000 + index} workers, {index % 90}% of voters, ${index}.5 million, "
        if index % 100 == 99:
            piece += "and more. "
        parts.append(piece)
        length += len(piece)
        index += 1
    return "".join(parts)[:size]
