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


#: Large amounts are said in words: "3 billion", never 3e+09 nor 3,000,000,000 on a narrow axis.
_LARGE = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def amount(value: float) -> str:
    """'4,500', '2.1', '0.002', '1.2 million', '3 billion': a value as a person says it."""
    for size, word in _LARGE:
        if abs(value) >= size:
            return f"{_plain(value / size)} {word}"
    return _plain(value)


def _plain(value: float) -> str:
    """Thousands separated, at most two decimals (three significant digits below 1)."""
    if value and abs(value) < 1:
        return f"{value:.3g}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def shortened(text: str, width: int, at_word: bool = True) -> str:
    """At most ``width`` characters, with an ellipsis where the text was cut: at a word where
    one ends in reach (a headline as a reminder), else at the character."""
    if len(text) <= width:
        return text
    room = text[: width - 1]
    if at_word and " " in room:
        room = room.rsplit(" ", 1)[0]
    # No separator left hanging before the ellipsis ("The Meridian Courier…", not "… —…").
    return room.rstrip(" ,;:—–-·|/") + "…"
