"""Stories in other languages: the language guess, words weighed by their own language, and
real German and Portuguese feeds whose separate episodes and articles stay separate stories,
while two German reports of one event still make one."""

from __future__ import annotations

from pathlib import Path

from reader.library import Library
from reader.stories.features import article_features
from reader.stories.language import guess_language
from tests.stories.test_stories import write_feeds

GERMAN_EPISODE = (
    "Die mit Kool Savas und Schafen am Ballermann",
    "Auch in dieser Folge sprechen wir mit einem Gast über die Musik, die er macht, und "
    "über das, was er in diesem Jahr noch vorhat.",
)


def test_guess_reads_the_common_words_of_the_text() -> None:
    assert guess_language(*GERMAN_EPISODE) == "de"
    assert guess_language("Acidente na A1 causa um morto e dois feridos graves", "") == "pt"
    assert (
        guess_language(
            "Trump declara estado de desastre na Califórnia",
            "O Presidente "
            "dos Estados Unidos declarou o estado de desastre no sul da "
            "Califórnia por causa dos incêndios.",
        )
        == "pt"
    )
    # English stays English, even naming German places and people.
    assert (
        guess_language(
            "Die Linke leader speaks in Berlin",
            "The leader of Die Linke said in Berlin on Monday that the party would vote against "
            "the budget.",
        )
        == "en"
    )
    assert guess_language("Kurz", "") == "en"  # too few words to claim another language


def test_german_words_weigh_as_german() -> None:
    features = article_features(*GERMAN_EPISODE)
    words = {f[2:] for f in features.weights if f.startswith("w:")}
    # German function words are as common as 'the': they say nothing about the episode.
    assert not words & {"die", "mit", "und", "über", "auch", "dieser"}
    # Words in any alphabet are whole words, and a German noun is not a name for being capitalised.
    assert "schafen" in words and "ballermann" in words
    names = {f[2:] for f in features.weights if f.startswith("n:")}
    assert "folge" not in names and "musik" not in names and "jahr" not in names
    assert "ballermann" in names


def test_english_features_read_ascii_words_as_before() -> None:
    features = article_features(
        "Café owner fined in Dessin", "The owner of a café in Dessin was fined."
    )
    # English text keeps its ASCII words: 'café' splits as it always did.
    assert "w:caf" in features.weights


def _stories_by_title(library: Library) -> dict[str, int]:
    story_of: dict[str, int] = {}
    for story in library.stories.ranked(min_articles=1):
        for article in story.articles:
            story_of[article.title] = story.row.story_id
    return story_of


def test_real_german_and_portuguese_items_are_not_joined_by_function_words(
    tmp_path: Path, corpora: Path
) -> None:
    feeds = corpora / "real-world-feeds"
    library = Library(tmp_path / "l.db")
    library.import_paths([feeds / "itunes-keywords-astext.rss", feeds / "encoding.rss"])
    library.wait_for_analysis()
    story_of = _stories_by_title(library)
    apart = [
        # German podcast episodes, each with its own guests, all titled "Die mit X und Y".
        ("Die mit Alligatoah und dem Zauberwürfel", "Die mit Sido und den 5 Minuten auf dem Klo"),
        (
            "Die mit Juju und dem gemeinsamen Kind von Joko und Mark Forster",
            "Die mit Billie Eilishs Mama und dem braunen Lackschuh",
        ),
        # Portuguese news: a bus crash in Peru and a motorway crash in Portugal.
        (
            'Acidente com autocarro na "curva do diabo" matou 48 pessoas no Peru',
            "Acidente na A1 causa um morto e dois feridos graves",
        ),
        (
            "Israel dá três meses para migrantes ilegais africanos abandonarem país",
            "Portugal pede respeito pelo direito à manifestação no Irão",
        ),
    ]
    for first, second in apart:
        assert story_of[first] != story_of[second], (first, second)
    library.close()


GERMAN_QUAKE = [
    # One real event (the earthquake in Morocco, 8 September 2023) in two outlets' own words.
    (
        "rhein-bote",
        "Sat, 09 Sep 2023 06:00:00 +0000",
        "Schweres Erdbeben in Marokko: mehr als 600 Tote",
        "Ein Erdbeben der Stärke 6,8 hat in der Nacht zum Samstag den Süden Marokkos "
        "erschüttert. Nach Angaben des Innenministeriums in Rabat kamen mehr als 600 "
        "Menschen ums Leben. Das Epizentrum lag im Atlasgebirge südwestlich von Marrakesch.",
    ),
    (
        "elbe-kurier",
        "Sat, 09 Sep 2023 08:30:00 +0000",
        "Marokko: Hunderte Tote nach Erdbeben im Atlasgebirge",
        "Bei einem Erdbeben im Atlasgebirge sind in Marokko Hunderte Menschen gestorben. "
        "Das Beben der Stärke 6,8 war bis nach Marrakesch und Rabat zu spüren; in Marrakesch "
        "stürzten Häuser in der Altstadt ein.",
    ),
    (
        "elbe-kurier",
        "Sat, 09 Sep 2023 11:00:00 +0000",
        "Bundesliga: Dortmund gewinnt in Freiburg",
        "Borussia Dortmund hat beim SC Freiburg mit 2:0 gewonnen. Die Tore fielen in der "
        "zweiten Halbzeit.",
    ),
]


def test_two_german_reports_of_one_event_are_one_story(tmp_path: Path) -> None:
    feeds = write_feeds(tmp_path / "feeds", GERMAN_QUAKE)
    library = Library(tmp_path / "l.db")
    library.import_paths([feeds])
    library.wait_for_analysis()
    story_of = _stories_by_title(library)
    quake = [title for _, _, title, _ in GERMAN_QUAKE[:2]]
    assert story_of[quake[0]] == story_of[quake[1]]
    assert story_of["Bundesliga: Dortmund gewinnt in Freiburg"] != story_of[quake[0]]
    library.close()
