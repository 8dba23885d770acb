"""Search: query parsing, typos and accents, figures, filters, ranking, hints, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import main
from reader.library import Library
from reader.search import match_spans, parse_query
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "search-library.xml"


@pytest.fixture
def search_library(library: Library) -> Library:
    library.import_paths([FIXTURE])
    return library


def titles(library: Library, query: str) -> list[str]:
    return [hit.title for hit in library.search(query).hits]


def test_parse_fields_words_phrases_and_exclusions() -> None:
    query = parse_query(
        'budget "emergency vote" -opera feed:times tag:news is:unread '
        "is:starred has:note after:2024-12-01 before:2025-01"
    )
    assert query.words == ("budget",)
    assert query.phrases == ("emergency vote",)
    assert query.excluded == ("opera",)
    assert (query.feed, query.tag, query.unread, query.starred, query.has_note) == (
        "times",
        "news",
        True,
        True,
        True,
    )
    assert (query.after, query.before) == ("2024-12-01", "2025-01-01")
    assert query.hints == ()


@pytest.mark.parametrize(
    "text, hint",
    [
        ("is:bogus", "is:bogus is unknown"),
        ("after:yesterdayish", "is not a date"),
        ('"unclosed phrase', "unclosed quote"),
        ("feed:", "needs a value"),
        ("has:pictures", "has:pictures is unknown"),
    ],
)
def test_bad_syntax_gives_a_hint_never_an_exception(
    text: str, hint: str, search_library: Library
) -> None:
    result = search_library.search(text)
    assert any(hint in h for h in result.hints)


def test_typos_and_transliterations(search_library: Library) -> None:
    assert titles(search_library, "dostoevsky")[0].startswith("Dostoyevsky")
    assert titles(search_library, "muller")[0].startswith("Müller")
    assert titles(search_library, "MÜLLER")[0].startswith("Müller")
    assert titles(search_library, "goverment")[0] == "Government announces emergency budget"


def test_figure_aware(search_library: Library) -> None:
    found = titles(search_library, "4.5k workers")
    assert set(found[:2]) == {
        "Government announces emergency budget",
        "Port strike enters second week",
    }
    found = titles(search_library, "4,500 workers")
    assert "Port strike enters second week" in found[:2]


def test_ranking_title_over_body_exact_over_prefix_recency_breaks_ties(
    search_library: Library,
) -> None:
    found = titles(search_library, "budget")
    # exact title matches first (newest first among them), then prefix ("Budgeting"), then body
    assert found[:2] == ["Budget vote delayed again", "Government announces emergency budget"]
    assert found.index("Budgeting tips for households") > 1
    assert found.index("Opera season opens with Verdi") > found.index(
        "Budgeting tips for households"
    )


def test_phrase_exclusion_and_filters(search_library: Library) -> None:
    assert titles(search_library, '"emergency budget"') == [
        "Government announces emergency budget",
        "Budget vote delayed again",
    ]
    assert "Opera season opens with Verdi" not in titles(search_library, "budget -opera")
    assert titles(search_library, "budget before:2026-11-05") == [
        "Government announces emergency budget"
    ]
    assert titles(search_library, "feed:nowhere budget") == []
    first = search_library.search("budget").hits[0]
    search_library.star([first.article_id])
    assert titles(search_library, "is:starred") == [first.title]
    search_library.mark_read([first.article_id])
    assert first.title not in titles(search_library, "budget is:unread")


def test_hits_carry_spans_and_snippets(search_library: Library) -> None:
    hit = search_library.search("muller").hits[0]
    assert hit.title[slice(*hit.title_spans[0])] == "Müller"
    assert "Müller" in hit.snippet
    assert hit.snippet[slice(*hit.snippet_spans[0])] == "Müller"
    article = search_library.article(hit.article_id)
    assert hit.first_match is not None
    assert article.text.text[hit.first_match :].startswith("Müller")


def test_match_spans_for_highlighting() -> None:
    text = "Müller met the Government; government budgets grew."
    spans = match_spans(text, "muller government")
    assert [text[s:e] for s, e in spans] == ["Müller", "Government", "government"]


def test_unknown_words_find_nothing(search_library: Library) -> None:
    assert search_library.search("zzzxqy").hits == []


def test_cli_search_json(search_library: Library) -> None:
    result = CliRunner().invoke(
        main, ["--db", str(search_library.path), "search", "goverment", "--json", "--limit", "3"]
    )
    assert result.exit_code == 0
    items = json.loads(result.stdout)
    assert len(items) <= 3
    assert {"id", "title", "feed", "link", "published", "score", "snippet", "matches"} <= set(
        items[0]
    )
    assert items[0]["matches"]["title"] == [[0, 10]]


def test_saved_search_is_a_live_view(search_library: Library, tmp_path: Path) -> None:
    from reader.store.articles import ArticleFilter

    search_library.save_search("budgets", "budget -opera")
    assert search_library.saved_searches() == [("budgets", "budget -opera")]
    view = ArticleFilter(search="budget -opera")
    rows = search_library.articles(view)
    assert search_library.count(view) == len(rows) >= 3
    assert all("Opera" not in r.title for r in rows)


def test_common_words_are_looked_up_as_written_partial_words_as_prefixes(
    search_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A word that alone fills the candidates skips the prefix lookup (which merges every
    form's article list first: 35 ms for 'workers' at a million articles); a partial word
    still finds the words it begins, and a word the index lacks is left to typo correction."""
    from reader import search

    with search_library.store.reader() as conn:
        assert search._word_option(conn, "budget") == '"budget"*'  # a few articles: prefix
        monkeypatch.setattr(search, "CANDIDATE_LIMIT", 2)
        assert search._word_option(conn, "budget") == '"budget"'  # fills the candidates
        assert search._word_option(conn, "budg") == '"budg"*'
        assert search._word_option(conn, "qqqzzz") is None
    monkeypatch.undo()
    assert "Budgeting tips for households" in titles(search_library, "budg")


def test_a_quoted_feed_name_is_that_feed_whole(search_library: Library, tmp_path: Path) -> None:
    # feed:"The Guardian" found nothing (the quote ended the term at its space), and
    # feed:guardian matched "The Guardian" and "theguardian-com" alike.
    other = tmp_path / "weekly.xml"
    other.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Search Fixture Times Weekly'
        "</title><link>https://weekly.example/</link><item><guid>w1</guid>"
        "<title>Budget week in review</title><pubDate>Wed, 04 Nov 2026 08:00:00 GMT</pubDate>"
        "<description>The emergency budget, reviewed.</description></item></channel></rss>",
        encoding="utf-8",
    )
    search_library.import_paths([other])
    part = titles(search_library, "budget feed:fixture")
    assert "Budget week in review" in part and len(part) > 1
    whole = titles(search_library, 'budget feed:"search fixture times"')
    assert whole and "Budget week in review" not in whole
    assert set(whole) == set(part) - {"Budget week in review"}
    assert titles(search_library, 'feed:"Search Fixture Times Weekly"') == ["Budget week in review"]
    assert parse_query('feed:"The Guardian" budget').words == ("budget",)
    assert parse_query('feed:"" budget').hints == ("feed: needs a value",)


WEIGHTS = [
    ("Mastiff found by the river", "The mastiff weighed 130 pounds when it was found on Monday."),
    ("Anglers land a giant", "A 130-pound catfish was pulled from the lake by two anglers."),
    ("Suspect sought", "He is 5-foot-8, 130 lbs, with a shaved head, deputies said."),
    ("Fine for the cafe", "The cafe was fined 130 pounds for the sign, the council said."),
    ("Heavier dog", "The second dog weighed 135 pounds at the vet on Tuesday."),
    ("Sack of flour", "The sack held 130 kg of flour when it was loaded onto the cart."),
]


@pytest.fixture
def weights_library(library: Library, tmp_path: Path) -> Library:
    items = "".join(
        f"<item><title>{title}</title><link>https://w.example/{n}</link><guid>w{n}</guid>"
        f"<pubDate>Mon, 0{n + 1} Jan 2024 10:00:00 GMT</pubDate>"
        f"<description>{body}</description></item>"
        for n, (title, body) in enumerate(WEIGHTS)
    )
    feed = tmp_path / "weights.xml"
    feed.write_text(
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>Weights</title>{items}"
        "</channel></rss>",
        encoding="utf-8",
    )
    library.import_paths([feed])
    assert library.wait_for_analysis(processes=0).complete  # figure search reads figures
    return library


def test_a_weight_in_pounds_finds_every_way_it_is_written(weights_library: Library) -> None:
    """'130 pounds' typed alone reads as money, but articles say it of weights too: both are
    found ('130 pounds', '130-pound', '130 lbs', the fine), with the match in the snippet;
    135 pounds and 130 kg are other figures."""
    for query in ("130 pounds", "130-pound", "130 lb"):
        hits = weights_library.search(query).hits
        found = {hit.title for hit in hits}
        assert {"Mastiff found by the river", "Anglers land a giant", "Suspect sought"} <= found
        assert not found & {"Heavier dog", "Sack of flour"}, query
        for hit in hits:
            marked = [hit.snippet[start:end] for start, end in hit.snippet_spans]
            assert any("130" in part for part in marked), (query, hit.snippet, marked)
    assert "Fine for the cafe" in titles(weights_library, "130 pounds")
    assert titles(weights_library, "£130") == ["Fine for the cafe"]
    assert titles(weights_library, "130 kg") == ["Sack of flour"]
    text = "A 130-pound catfish, and a fine of 130 pounds; 130 kg of flour."
    marked = [text[s:e] for s, e in match_spans(text, "130 pounds")]
    assert "130-pound" in marked and "130 pounds" in marked  # the opened hit shows both
    assert "130 kg" not in marked
