"""Typo correction on real news (the news-clusters corpus and a real podcast feed): a word the
library does not hold is read as a close word that is in it and with which the whole query
finds articles ('betty frod rehab' is 'betty ford rehab', not 'fro', which the podcast holds
and the other words never meet)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.library import Library
from tests.conftest import CORPORA
from tests.news_library import copy_of, imported_file


@pytest.fixture(scope="module")
def news_library(news_once: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """The corpus imported (once a session), then the podcast; one library for this module's
    tests, which only search it."""
    podcast = CORPORA / "real-world-feeds" / "giantbomb-podcast.rss"
    if not podcast.is_file():
        pytest.skip("real-world-feeds not found")
    folder = tmp_path_factory.mktemp("typos")
    library = Library(copy_of(imported_file(news_once), folder / "library.sqlite"))
    library.import_paths([podcast], processes=1)
    yield library
    library.close()


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
