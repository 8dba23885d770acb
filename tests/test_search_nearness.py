"""Search ranking by nearness: a query's words together in an article (in a row as typed, or
close to each other) rank above articles that have them apart or only match fuzzily, however
old the article and however many newer articles have the words apart (newcomer tester:
`five months prison` put "He served five months in federal prison" fourth). Real feed files,
a real library."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reader.library import Library
from reader.search import CANDIDATE_LIMIT


def _feed(path: Path, items: list[tuple[str, str]]) -> Path:
    """An RSS file, its items newest first, a day apart (the first item is the newest)."""
    entries = "".join(
        f"<item><title>{escape(title)}</title><link>https://near.example/{index}</link>"
        f"<guid>near-{index}</guid><description>{escape(body)}</description>"
        f"<pubDate>{_date(index)}</pubDate></item>"
        for index, (title, body) in enumerate(items)
    )
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Near Wire</title>'
        f"<link>https://near.example/</link><description>d</description>{entries}"
        "</channel></rss>",
        encoding="utf-8",
    )
    return path


def _date(index: int) -> str:
    from datetime import UTC, datetime, timedelta

    moment = datetime(2026, 11, 20, 12, tzinfo=UTC) - timedelta(minutes=index)
    return moment.strftime("%a, %d %b %Y %H:%M:%S +0000")


SENTENCED = ("LaRue's role in the cover-up", "He served five months in federal prison.")
IN_A_ROW = ("A ruling", "The court gave her five months prison time for the fraud.")
APART = (
    "Prison reform bill advances",
    "Five senators argued for weeks. Lawmakers said the bill had been months in the making.",
)
FUZZY = (
    "Prisoners' five-a-side league",
    "Inmates play five matches over three months; the prisons league grows.",
)


def test_words_together_rank_above_words_apart(library: Library, tmp_path: Path) -> None:
    library.import_paths([_feed(tmp_path / "near.xml", [APART, FUZZY, SENTENCED, IN_A_ROW])])
    hits = library.search("five months prison").hits
    titles = [hit.title for hit in hits]
    assert titles[:2] == [IN_A_ROW[0], SENTENCED[0]], titles  # in a row, then close
    assert titles.index(APART[0]) > 1
    assert hits[0].score > hits[1].score > hits[2].score  # the score shown says so too


def test_one_word_apart_from_the_others_is_not_close(library: Library, tmp_path: Path) -> None:
    far = ("Far apart", "Five of them waited. " + "Nothing happened that day. " * 6 + "Months.")
    library.import_paths([_feed(tmp_path / "far.xml", [far, SENTENCED])])
    titles = [hit.title for hit in library.search("five months").hits]
    assert titles == [SENTENCED[0], far[0]]


def test_an_old_article_with_the_words_together_is_found_among_many_newer(
    library: Library, tmp_path: Path
) -> None:
    """More newer articles have every word apart than the candidates the index gives for
    the words: the one with them together is still found, and first."""
    apart = [(f"Report {n}", APART[1] + " It ended in prison.") for n in range(CANDIDATE_LIMIT)]
    library.import_paths([_feed(tmp_path / "many.xml", [*apart, SENTENCED])])
    hits = library.search("five months prison").hits
    assert hits[0].title == SENTENCED[0]


def test_an_exclusion_holds_for_articles_found_by_nearness(
    library: Library, tmp_path: Path
) -> None:
    library.import_paths([_feed(tmp_path / "near.xml", [SENTENCED, IN_A_ROW])])
    titles = [hit.title for hit in library.search("five months prison -fraud").hits]
    assert titles == [SENTENCED[0]]


def test_the_snippet_shows_where_the_words_stand_together(library: Library, tmp_path: Path) -> None:
    body = (
        "Union leaders met on Monday about pay. "
        + "The talks went on for hours without a result of any kind. " * 4
        + "On Friday the union strike vote passed by a wide margin."
    )
    library.import_paths([_feed(tmp_path / "snip.xml", [("Pay talks", body)])])
    [hit] = library.search("union strike vote").hits
    assert "union strike vote passed" in hit.snippet, hit.snippet
