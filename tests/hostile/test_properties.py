"""Property-based tests over the cleaner and the parser's entry points: whatever the input,
no exception but the project's own, and no forbidden character in any output."""

from __future__ import annotations

import contextlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.errors import FeedlensError
from reader.feeds.parse import parse_feed, parse_json_feed, parse_opml
from reader.figures.extract import extract
from reader.text.clean import clean_line, html_to_text, repair_text
from tests.hostile.fixtures import FORBIDDEN

NASTY = st.sampled_from(
    [
        "\x1b[31m",
        "\x1b]0;t\x07",
        "\x9b",
        "\x9d",
        "\u202e",
        "\u2066",
        "\x00",
        "\x07",
        "<b>",
        "</p>",
        "&amp;",
        "&#27;",
        "&#x9b;",
        "]]>",
        "<![CDATA[",
        "Ã©",
        "β€”",
        "\ufeff",
        "\r\n",
        "4,500",
        "$3bn",
    ]
)
TEXTS = st.lists(st.one_of(st.text(max_size=40), NASTY), max_size=30).map("".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def clean(text: str) -> bool:
    return not any(ch in text for ch in FORBIDDEN)


@SETTINGS
@given(TEXTS)
def test_cleaner_output_never_holds_controls(text: str) -> None:
    converted = html_to_text(text)
    assert clean(converted.text)
    for block in converted.blocks:
        assert 0 <= block.start <= block.end <= len(converted.text)
    assert clean(clean_line(text))
    assert "\n" not in clean_line(text)
    assert clean(repair_text(text).replace("\n", "").replace("\t", ""))


@SETTINGS
@given(TEXTS)
def test_extractor_spans_are_inside_the_text(text: str) -> None:
    for mention in extract(text):
        assert 0 <= mention.start < mention.end <= len(text)
        assert 0 <= mention.sentence_start <= mention.start
        assert mention.end <= mention.sentence_end <= len(text)


# The words the extractor looks before and after a number for, in any order: every look-back
# and look-ahead meets the start and end of a sentence somewhere among these.
CUE_WORDS = st.sampled_from(
    ["the", "a", "an", "of", "Of", "number", "half", "third", "thirds", "quarter", "quarters",
     "two", "-", "magnitude", "7.8", "4,500", "one", "in", "million", "put", "it", "at",
     "Shares", "hand", "over", ".", ",", "%", "points", "basis", "by", "with", "among",
     "people", "The", "Channel", "death", "toll", "rose", "to", "$", "3bn", "per", "cent",
     "year", "ago", "more", "than", "up", "between", "and", "killed", "out", "10", "dozen"]
)  # fmt: skip


@SETTINGS
@given(st.lists(CUE_WORDS, min_size=1, max_size=14).map(" ".join))
def test_extractor_takes_any_order_of_its_cue_words(text: str) -> None:
    for mention in extract(text):
        assert text[mention.start : mention.end] == mention.text
        assert mention.sentence_start <= mention.start < mention.end <= mention.sentence_end


FEED_TEMPLATES = [
    '<rss version="2.0"><channel><title>{0}</title><item><title>{0}</title><description>{0}'
    "</description><guid>{0}</guid><pubDate>{0}</pubDate></item></channel></rss>",
    '<feed xmlns="http://www.w3.org/2005/Atom"><title>{0}</title><entry><title>{0}</title>'
    '<content type="html">{0}</content><id>{0}</id><updated>{0}</updated></entry></feed>',
    '{{"version": "https://jsonfeed.org/version/1.1", "title": "{0}", "items": '
    '[{{"id": "{0}", "title": "{0}", "content_html": "{0}", "date_published": "{0}"}}]}}',
    '<opml version="2.0"><body><outline text="{0}" xmlUrl="{0}"/></body></opml>',
]


@SETTINGS
@given(st.sampled_from(FEED_TEMPLATES), TEXTS)
def test_parser_raises_only_its_own_error(template: str, text: str) -> None:
    data = template.format(text).encode("utf-8", "surrogatepass")
    for parse in (parse_feed, parse_json_feed, parse_opml):
        try:
            parsed = parse(data)
        except FeedlensError:
            continue
        if hasattr(parsed, "entries"):
            assert clean(parsed.title)
            for entry in parsed.entries:
                for value in (entry.title, entry.author, entry.link, entry.guid):
                    assert clean(value)
        else:
            for outline in parsed:
                assert clean(outline.title) and clean(outline.xml_url)


@SETTINGS
@given(st.binary(max_size=2000))
def test_parser_survives_arbitrary_bytes(data: bytes) -> None:
    with contextlib.suppress(FeedlensError):
        parse_feed(data)
