"""Typo correction on real news (the news-clusters corpus and a real podcast feed): a word the
library does not hold is read as a close word that is in it and with which the whole query
finds articles ('betty frod rehab' is 'betty ford rehab', not 'fro', which the podcast holds
and the other words never meet)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.library import Library
from tests.stories.corpus_eval import write_feeds


@pytest.fixture
def news_library(corpora: Path, tmp_path: Path, library: Library) -> Library:
    corpus = corpora / "news-clusters"
    podcast = corpora / "real-world-feeds" / "giantbomb-podcast.rss"
    if not (corpus / "to_feeds.py").is_file() or not podcast.is_file():
        pytest.skip("news-clusters or real-world-feeds not found")
    feeds = tmp_path / "feeds"
    write_feeds(corpus, feeds)
    library.import_paths([*sorted(feeds.iterdir()), podcast], processes=1)
    return library


def test_a_typo_is_read_as_the_word_that_makes_the_query_match(news_library: Library) -> None:
    meant = news_library.search("betty ford rehab")
    assert len(meant.hits) >= 5
    assert news_library.search("fro").hits  # the podcast's 'to and fro': a closer spelling
    typed = news_library.search("betty frod rehab")
    assert typed.corrections == {"frod": ["ford"]}
    assert [hit.article_id for hit in typed.hits] == [hit.article_id for hit in meant.hits]


def test_a_swap_of_two_letters_is_corrected_to_the_same_letters(news_library: Library) -> None:
    assert news_library.search("evacuatoin").corrections == {"evacuatoin": ["evacuation"]}
    assert news_library.search("lohna rehab").corrections == {"lohna": ["lohan"]}


def test_a_typo_nothing_close_makes_match_is_left_out(news_library: Library) -> None:
    alone = news_library.search("lohan rehab")
    typed = news_library.search("lohan rehab zzqxv")
    assert typed.corrections == {}
    assert [hit.article_id for hit in typed.hits] == [hit.article_id for hit in alone.hits]
