"""How numbers of things are worded for people: one place for '1 feed' and '2 feeds'."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """'1 feed', '2 feeds', '1,200 articles'; ``plural`` for nouns that do not take an s
    ('1 other story', '2 other stories')."""
    if number == 1:
        return f"{number:,} {noun}"
    return f"{number:,} {plural if plural is not None else noun + 's'}"


def qualified(qualifier: str, written: str) -> str:
    """'more than 30': a figure as written with its qualifier in front, unless the text as
    written already starts with it (the qualifier decides whether two reports agree)."""
    if qualifier and not written.lower().startswith(qualifier.lower()):
        return f"{qualifier} {written}"
    return written
