"""How numbers of things are worded for people: one place for '1 feed' and '2 feeds'."""

from __future__ import annotations


def counted(number: int, noun: str) -> str:
    """'1 feed', '2 feeds', '1,200 articles'."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
