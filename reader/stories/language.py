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
from collections import Counter
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

#: A word in any alphabet: a run of letters (an apostrophe or a hyphen splits words). Written
#: as one greedy run, not as a letter, letters and a last letter (the same matches, no
#: backtracking at each word's end).
UNICODE_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=len(LANGUAGES))
def markers(language: str) -> frozenset[str]:
    """The language's MARKER_WORDS most common words."""
    return frozenset(word_lists.marker_words(language))


@lru_cache(maxsize=1)
def _marker_languages() -> dict[str, tuple[str, ...]]:
    """Each marker word and the languages it marks ("de" marks Dutch, Spanish, Portuguese…)."""
    languages: dict[str, tuple[str, ...]] = {}
    for language in LANGUAGES:
        for word in markers(language):
            languages[word] = (*languages.get(word, ()), language)
    return languages


def guess_language(title: str, text: str) -> str:
    """The language of a headline and its text: English unless another language's common
    words clearly outnumber English's (at least MIN_HITS, and MARGIN times as many)."""
    words = Counter(UNICODE_WORD.findall(f"{title}\n{text[:GUESS_CHARS]}".lower()))
    marking = _marker_languages()
    # Each language's hits: every occurrence of its marker words. Only the text's distinct
    # words that mark some language are read (a set intersection, in C), not every word
    # seven times.
    hits = dict.fromkeys(LANGUAGES, 0)
    for word in words.keys() & marking.keys():
        count = words[word]
        for language in marking[word]:
            hits[language] += count
    english = hits.pop(DEFAULT_LANGUAGE)
    best = max(hits, key=lambda language: (hits[language], language))
    if hits[best] >= MIN_HITS and hits[best] >= MARGIN * english:
        return best
    return DEFAULT_LANGUAGE
