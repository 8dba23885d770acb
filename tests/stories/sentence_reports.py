"""Reports of real sentences as a story's figures table reads them, for tests of its pieces:
every mention the extractor finds in a sentence, read as one article's reports on one
Monday, and the view or identity of one of them (by its text as written)."""

from __future__ import annotations

from reader.figures.extract import extract
from reader.stories import figure_identity as fi
from reader.stories.figure_entries import candidates
from reader.stories.figure_pairs import ReportView
from reader.stories.figures import ReportedValue, read_report

MONDAY = "2026-11-02T08:00:00Z"


def reports(article: int, sentence: str) -> list[ReportedValue]:
    """Every figure of ``sentence`` as article ``article``'s report (ids article*100 + n)."""
    return [
        read_report((article * 100 + n, article, article), MONDAY, mention, sentence)
        for n, mention in enumerate(extract(sentence))
    ]


def view_of(article: int, sentence: str, text: str) -> ReportView:
    """The table's view of the report written ``text`` in ``sentence``."""
    return next(v for v in candidates(reports(article, sentence)) if v.report.mention.text == text)


def one(article: int, sentence: str, text: str) -> fi.FigureIdentity:
    """The identity gate's reading of the report written ``text`` in ``sentence``."""
    return fi.identity(view_of(article, sentence, text))
