"""The word lists story features read from wordfreq, shipped beside this module so that a
process making features neither imports wordfreq nor reads its large lists.

Loading them from wordfreq cost every such process (a CLI refresh, each rebuild worker) some
0.8 s of CPU (2 s on a busy machine): the language guess's marker words are the top of seven
languages' whole lists (each read to take 150 words), and English word weights read the whole
English list. Shipped here instead:

- ``marker_words.json``: for each language the guess can name, its ``MARKER_WORDS`` most
  common words (wordfreq's ``top_n_list``), in rank order;
- ``english_words.json.gz``: wordfreq's English 'best' list down to ``ENGLISH_FLOOR_CB``
  centibels (Zipf 1.5), as its own centibel buckets (bucket ``i`` holds the words of frequency
  ``10 ** (-i / 100)``, wordfreq's ``cB_to_freq``), so a frequency read here is the very float
  wordfreq gives. Rarer words weigh as unknown ones in features (reader.stories.features), so
  the list stops there (half its words, a third of its size).

Other languages' frequencies still come from wordfreq, loaded the first time an article in
one of them is weighed. ``uv run python -m reader.stories.word_lists`` writes both files again
from the installed wordfreq; tests/stories/test_word_lists.py checks they equal wordfreq's, so
an upgrade that changes its lists is caught.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path

#: The languages the guess can name, and how many of each one's most common words it counts.
LANGUAGES = ("en", "de", "pt", "es", "fr", "it", "nl")
MARKER_WORDS = 150
#: The rarest English words shipped: -750 centibels, Zipf 1.5 (wordfreq's list goes on to 1.0).
ENGLISH_FLOOR_CB = 750
MARKERS_PATH = Path(__file__).with_name("marker_words.json")
ENGLISH_PATH = Path(__file__).with_name("english_words.json.gz")


@lru_cache(maxsize=1)
def _markers() -> dict[str, tuple[str, ...]]:
    data: dict[str, list[str]] = json.loads(MARKERS_PATH.read_text(encoding="utf-8"))
    return {language: tuple(words) for language, words in data.items()}


def marker_words(language: str) -> tuple[str, ...]:
    """The language's MARKER_WORDS most common words, most common first."""
    return _markers()[language]


@lru_cache(maxsize=1)
def english_frequencies() -> dict[str, float]:
    """English words (down to ENGLISH_FLOOR_CB) and their frequencies, as wordfreq gives them."""
    buckets: list[list[str]] = json.loads(gzip.decompress(ENGLISH_PATH.read_bytes()))
    frequencies: dict[str, float] = {}
    for index, bucket in enumerate(buckets):
        # wordfreq's cB_to_freq(-index), the same float; a bucket's words share it.
        frequencies.update(dict.fromkeys(bucket, 10 ** (-index / 100)))
    return frequencies


def write_lists() -> None:
    """Write both files again from the installed wordfreq (after an upgrade changed them)."""
    from wordfreq import get_frequency_list, top_n_list

    markers = {language: top_n_list(language, MARKER_WORDS) for language in LANGUAGES}
    MARKERS_PATH.write_text(json.dumps(markers, ensure_ascii=False, indent=0) + "\n", "utf-8")
    buckets = get_frequency_list("en", "best")[: ENGLISH_FLOOR_CB + 1]
    text = json.dumps(buckets, ensure_ascii=False, separators=(",", ":"))
    # mtime 0: the same lists write the same bytes, so git sees no change where there is none.
    ENGLISH_PATH.write_bytes(gzip.compress(text.encode("utf-8"), 9, mtime=0))


if __name__ == "__main__":
    write_lists()
