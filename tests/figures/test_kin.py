"""Kin classes of counted things: nouns outlets use interchangeably for one quantity share one
class, stored beside the noun; nouns of different things keep their own."""

from __future__ import annotations

from pathlib import Path

from reader.figures.extract import extract
from reader.figures.kin import PERSON, kin_class
from reader.library import Library


def _kin(sentence: str) -> list[tuple[str, str, str]]:
    return [(m.text, m.noun_text, m.kin) for m in extract(sentence)]


def test_people_named_by_role_share_one_class() -> None:
    found = _kin(
        "The gunman killed two co-workers, two women and three coworkers were hurt, "
        "and 100 residents and 7 biologists were evacuated."
    )
    assert {kin for _, _, kin in found} == {PERSON}, found


def test_fire_engines_and_appliances_share_one_class() -> None:
    engines = _kin("Six additional fire engines were called in.")
    appliances = _kin("Four more appliances were called to the blaze.")
    units = _kin("Ten fire units attended.")
    assert [k for _, _, k in engines + appliances + units] == ["fire engine"] * 3


def test_counts_and_charges_share_one_class() -> None:
    counts = _kin("He faces two counts of murder.")
    charges = _kin("He faces two murder charges.")
    assert [k for _, _, k in counts + charges] == ["charge", "charge"]


def test_other_things_keep_their_noun() -> None:
    found = _kin("The company sold 300 cars and built 12 bridges in 40 countries.")
    assert [k for _, _, k in found] == ["vehicle", "bridge", "country"]
    assert kin_class("") == ""
    assert kin_class("list") == "list"  # an -ist word that names no person
    assert kin_class("economist") == PERSON


def test_kin_is_stored_and_read_back(library: Library, tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(
        """<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>
<link>https://example.org/</link><description>d</description>
<item><title>Warehouse fire</title><link>https://example.org/fire</link>
<description>Firefighters sent four appliances and evacuated 120 residents.</description>
<pubDate>Mon, 02 Jun 2025 10:00:00 GMT</pubDate></item></channel></rss>""",
        encoding="utf-8",
    )
    library.import_paths([feed])
    assert library.wait_for_analysis().complete
    article = library.articles(limit=10)[0]
    stored = {f.mention.text: f.mention.kin for f in library.article_figures(article.id)}
    assert stored == {"four": "fire engine", "120": PERSON}


def test_ages_are_of_people_whoever_is_named() -> None:
    found = _kin("Gary Gomes, 35, was charged; so were the 47-year-old actor and a man aged 61.")
    assert [(text, kin) for text, _, kin in found] == [
        ("35", PERSON),
        ("47-year-old", PERSON),
        ("61", PERSON),
    ]
