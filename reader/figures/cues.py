"""Where a figure may start in a text: the digit runs and number words the extractor reads
sentences around, found in one pass over the text instead of one per word.

The extractor (reader/figures/extract.py) names the number words; this module only finds them.
A number word counts where it stands whole between characters other than a to z (as in
"one", "one's", "-one-"; not in "someone" or "tenant"), matched on the lowered text with an
Aho-Corasick automaton (a compiled matcher made for many words at once) rather than by listing
every word of the article; digits in the same pass (a regular expression walking the text for
them costs more than the rest together). Digit runs are those not closing a link reference
("[3]").
"""

from __future__ import annotations

import functools
import re
import sys
from array import array
from collections.abc import Collection
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ahocorasick_rs import AhoCorasick

_DIGIT_RUN = re.compile(r"\d++(?!\])")  # a run of digits, but not a link reference like [3]
_LETTERS = re.compile(r"[a-z]+")
# A cue may be a phrase of such words, one space apart ("a week"): whole at its two ends.
_PHRASE = re.compile(r"[a-z]+(?: [a-z]+)*")


@functools.lru_cache(maxsize=1)
def _digits() -> frozenset[str]:
    """Every character ``\\d`` matches (the decimal digits of every script)."""
    # Every code point but the surrogates, built from bytes: joining a million chr() is slower.
    ranges = (range(0xD800), range(0xE000, sys.maxunicode + 1))
    codec = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"
    every = "".join(array("I", points).tobytes().decode(codec) for points in ranges)
    return frozenset(re.findall(r"\d", every))


@functools.lru_cache(maxsize=8)
def _matcher(words: frozenset[str]) -> AhoCorasick:
    """An automaton finding every digit and these words (leftmost, longest first).

    Only words of the letters a to z (or phrases of them, one space apart) can stand whole
    between non-letters: the others are never cues (as when every word of the text was listed
    by its runs of a to z)."""
    import ahocorasick_rs  # loaded with the extractor only: the reader's start needs none of it

    usable = sorted(word for word in words if _PHRASE.fullmatch(word))
    # A DFA: built once per process (a millisecond or two), it reads an article some 15% faster
    # than the default automaton (this many start characters leave it no prefilter).
    return ahocorasick_rs.AhoCorasick(
        [*sorted(_digits()), *usable],
        matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
        implementation=ahocorasick_rs.Implementation.DFA,
    )


def cue_positions(text: str, lowered: str, words: frozenset[str]) -> list[int]:
    """Where a digit run (not a link reference) or one of ``words`` standing whole starts, in
    text order. ``lowered`` is ``text.lower()``, as long as text (digits are the same in both).

    Leftmost-longest matching loses no whole word: words are letters only, so a match
    starting earlier and overlapping a whole word would have to cover the non-letter before
    it; and of two matches at one start, only the longest can end at a non-letter. A digit
    is matched alone: a run starts at a digit after a non-digit and counts unless "]" closes
    it, as the run ``\\d++(?!\\])`` finds."""
    digits = _digits()
    size = len(lowered)
    positions = []
    run_start = run_end = -1  # the digit run being read: kept once its end is known
    for _, start, end in _matcher(words).find_matches_as_indexes(lowered):
        if start == run_end and lowered[start] in digits:
            run_end = end  # the next digit of the run
            continue
        if run_start >= 0 and lowered[run_end : run_end + 1] != "]":
            positions.append(run_start)
        run_start = run_end = -1
        if lowered[start] in digits:
            run_start, run_end = start, end
        elif (start == 0 or not ("a" <= lowered[start - 1] <= "z")) and (
            end == size or not ("a" <= lowered[end] <= "z")
        ):
            positions.append(start)
    if run_start >= 0 and lowered[run_end : run_end + 1] != "]":
        positions.append(run_start)
    return positions


def cue_positions_by_words(text: str, lowered: str, words: Collection[str]) -> list[int]:
    """cue_positions as the extractor first found them, word by word: the reference the fast
    matcher is tested against."""
    positions = [match.start() for match in _DIGIT_RUN.finditer(text)]
    phrases = {word for word in words if " " in word and _PHRASE.fullmatch(word)}
    for word in set(words).intersection(_LETTERS.findall(lowered)) | phrases:
        size = len(word)
        found = lowered.find(word)
        while found >= 0:
            before = lowered[found - 1] if found else " "
            after = lowered[found + size : found + size + 1]
            if not ("a" <= before <= "z") and not ("a" <= after <= "z" and after):
                positions.append(found)
            found = lowered.find(word, found + size)
    positions.sort()
    return positions
