"""An article's headline figures, and which text any mention's offsets point into.

The title is read by the same extractor as the body ("Quake kills 24", "Colts beat Chiefs
20-13"); its mentions are marked ``field == FIELD_TITLE`` and their offsets (span and sentence)
are into the title, never into the canonical text that the reader shows and annotations anchor
into. Whoever reads a mention's span or sentence asks ``source_text`` / ``sentence_of`` for the
text it belongs to, and ``in_body`` before drawing it over the body.

A headline figure the body repeats (the same value, kind and unit, counting the same thing or
leaving it unnamed on one side) is left out: the body's sentence is the better context for it,
and a story's figures table must not count one outlet twice for one quantity. So a title adds
only the figures its body does not state (often the lead's figure, where a feed's text starts
after the headline).
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.figures.records import replace_mention
from reader.models import FIELD_TEXT, FIELD_TITLE, FigureMention

#: Longer than any headline: a "title" past this is a feed's body pasted into its title, whose
#: figures are not the headline's (and would cost what a body costs to read).
MAX_TITLE_CHARACTERS = 400


def title_mentions(title: str, body: Sequence[FigureMention]) -> list[FigureMention]:
    """The figure mentions of an article's title that its body (``body``: the body's
    mentions) does not repeat, with offsets into the title."""
    if not title or len(title) > MAX_TITLE_CHARACTERS:
        return []
    from reader.figures.extract import extract  # the analysis stage's own import

    found = extract(title)
    return [
        replace_mention(mention, field=FIELD_TITLE)
        for mention in found
        if not any(_same_figure(mention, other) for other in body)
    ]


def _same_figure(headline: FigureMention, stated: FigureMention) -> bool:
    """Whether a body's mention states the headline's figure: the same value (or range), kind
    and unit, and the same counted thing where both name one ("kills 24" and "24 people were
    killed"; not "24 points" and "24 games")."""
    if (headline.kind, headline.unit, headline.rate) != (stated.kind, stated.unit, stated.rate):
        return False
    if (headline.value, headline.low, headline.high) != (stated.value, stated.low, stated.high):
        return False
    return not (headline.noun and stated.noun and headline.noun != stated.noun)


def in_body(mention: FigureMention) -> bool:
    """Whether a mention's offsets are into the article's canonical text (what the reading
    pane shows and highlights)."""
    return mention.field == FIELD_TEXT


def source_text(mention: FigureMention, title: str, text: str) -> str:
    """The text a mention's offsets point into: the article's title or its canonical text."""
    return title if mention.field == FIELD_TITLE else text


def sentence_of(mention: FigureMention, title: str, text: str) -> str:
    """A mention's sentence, from the text its offsets point into."""
    return source_text(mention, title, text)[mention.sentence_start : mention.sentence_end]
