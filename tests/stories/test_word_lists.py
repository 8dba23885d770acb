"""The word lists shipped with the package (reader.stories.word_lists) equal wordfreq's, so an
upgrade of wordfreq that changes them fails here (``uv run python -m
reader.stories.word_lists`` writes them again), and English features load no wordfreq list."""

from __future__ import annotations

import subprocess
import sys

from wordfreq import get_frequency_dict, top_n_list

from reader.stories import word_lists
from reader.stories.features import weight_of_frequency


def test_marker_words_are_wordfreqs_top_words() -> None:
    for language in word_lists.LANGUAGES:
        assert list(word_lists.marker_words(language)) == top_n_list(
            language, word_lists.MARKER_WORDS
        )


def test_english_frequencies_are_wordfreqs_down_to_the_floor() -> None:
    shipped = word_lists.english_frequencies()
    wordfreqs = get_frequency_dict("en", wordlist="best")
    floor = 10 ** (-word_lists.ENGLISH_FLOOR_CB / 100)
    # Every word at or above the floor, with the very same float; none below it, none else.
    assert shipped == {word: f for word, f in wordfreqs.items() if f >= floor}
    assert len(shipped) > 100_000


def test_every_english_word_weighs_as_with_wordfreqs_whole_list() -> None:
    shipped = word_lists.english_frequencies()
    wordfreqs = get_frequency_dict("en", wordlist="best")
    differing = [
        word
        for word, frequency in wordfreqs.items()
        if weight_of_frequency(shipped.get(word, 0.0)) != weight_of_frequency(frequency)
    ]
    assert differing == []
    # The words left out (rarer than the floor) do exist, and weigh as unknown words.
    assert len(wordfreqs) > len(shipped)


def test_english_features_load_no_wordfreq_list() -> None:
    code = (
        "import sys\n"
        "from reader.stories.features import article_features\n"
        "f = article_features('Quake strikes Wellington', 'A magnitude 6.1 earthquake struck "
        "the city of Wellington on Monday, officials said.')\n"
        "assert f.weights and 'wordfreq' not in sys.modules, sorted(sys.modules)\n"
        "article_features('Die mit Kool Savas und Schafen', 'Auch in dieser Folge sprechen "
        "wir mit einem Gast über die Musik, die er macht, und über das Jahr.')\n"
        "assert 'wordfreq' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
