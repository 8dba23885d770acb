"""Which language an article is written in, guessed cheaply from its headline and lead.

Story features weigh words by how rare they are in the article's own language (a German
"die", "mit", "und" is as common as an English "the", not an unknown word), so they need the
language first. The guess counts the article's words among the most common words (mostly
function words) of a handful of languages that wordfreq knows well; English is the default and
stays the answer unless another language clearly wins, so English text is treated exactly as
before. The guess reads only the article's own words: the same article always gets the same
language, whatever else the library holds. The marker words are wordfreq's, shipped with the
package (reader.stories.word_lists): the guess loads no wordfreq list.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reader.stories import word_lists

#: The language of an article no other language clearly claims.
DEFAULT_LANGUAGE = "en"
#: The languages a guess can name (Latin script, wordfreq's 'best' lists; others stay English),
#: and how many of a language's most common words are its markers.
LANGUAGES = word_lists.LANGUAGES
MARKER_WORDS = word_lists.MARKER_WORDS
#: Another language needs at least this many marker hits ...
MIN_HITS = 3
#: ... and this many times English's hits to be the guess.
MARGIN = 1.5
#: How much of the text (after the headline) the guess reads.
GUESS_CHARS = 600

#: A word in any alphabet: letters, inner apostrophes and hyphens.
UNICODE_WORD = re.compile(r"[^\W\d_](?:[^\W\d_'’\-]*[^\W\d_])?")


@lru_cache(maxsize=len(LANGUAGES))
def markers(language: str) -> frozenset[str]:
    """The language's MARKER_WORDS most common words."""
    return frozenset(word_lists.marker_words(language))


def guess_language(title: str, text: str) -> str:
    """The language of a headline and its text: English unless another language's common
    words clearly outnumber English's (at least MIN_HITS, and MARGIN times as many)."""
    words = UNICODE_WORD.findall(f"{title}\n{text[:GUESS_CHARS]}".lower())
    # The marker sets' own membership test, mapped: the count of each language's words.
    hits = {language: sum(map(markers(language).__contains__, words)) for language in LANGUAGES}
    english = hits.pop(DEFAULT_LANGUAGE)
    best = max(hits, key=lambda language: (hits[language], language))
    if hits[best] >= MIN_HITS and hits[best] >= MARGIN * english:
        return best
    return DEFAULT_LANGUAGE
