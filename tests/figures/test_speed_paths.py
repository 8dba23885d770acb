"""The analysis stage's speed paths change no output: the token pattern written for the regex
engine splits text exactly as the plain pattern it replaced, a mention copied by
replace_mention equals dataclasses.replace's copy, and reading a sentence is linear in its
figures, counted in lines of Python run (work, not time: the machine may be busy)."""

from __future__ import annotations

import dataclasses
import pickle
import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from reader.figures import extract
from reader.figures.records import new_mention, replace_mention
from reader.models import FigureMention
from tests.perf.bench_mentions import SHAPES, sentence

# The pattern as it was written before it was tuned: symbols, numbers, words, punctuation.
PLAIN_TOKEN = re.compile(
    r"(?P<sym>(?:US|HK|NZ|[CASR])\$|[$€£¥₹₩₽₺₦₱₫%°~#+&/])"
    r"|(?P<num>\d+(?:(?<!foot-\d)(?<!foot-\d\d)(?<!feet-\d)(?<!feet-\d\d)[.,]\d+)*"
    r"|(?<![\w.])\.\d+)"  # ".5 percent", "$.99": a leading decimal point (added later)
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)?)"
    r"|(?P<punct>[^\s\w])"
)


def _split(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, str | None]]:
    return [(*match.span(), match.lastgroup) for match in pattern.finditer(text)]


def test_tokens_as_the_plain_pattern_on_real_news(corpora: Path) -> None:
    texts = [
        path.read_text(encoding="utf-8")
        for path in sorted((corpora / "news-clusters" / "clusters").glob("*/*.txt"))
    ]
    assert len(texts) > 600
    tokens = 0
    for text in texts:
        plain = _split(PLAIN_TOKEN, text)
        assert _split(extract._TOKEN, text) == plain
        tokens += len(plain)
    assert tokens > 200_000  # the comparison compared something


def test_tokens_as_the_plain_pattern_at_the_edges() -> None:
    cases = [
        "US$5 HK$3 NZ$2 C$1 A$4 S$9 R$7 AUS$ XUS$ CUS$ S$ US $ US$$",  # currencies in letters
        "rock’n’roll don't it’s _under_score_ a_b 5_000 x__y",  # apostrophes, underscores
        "5-foot-11,220 pounds 6-feet-2,10 1,234.56 3.2.1 ٣٤ ²³ ½",  # numbers, other scripts
        ".5 $.99 (.75) in 2010. 5 said.5 ...5 .357 x.5 _.5 .a",  # leading decimal points
        "€5 £3 ¥2 ₹1 ₩4 ₽9 ₺7 ₦8 ₱6 ₫0 50% 30° ~3 #1 +2 & / – — … « » 😀",  # symbols
        "tabs\tand\nlines\r\nand\u00a0no-break\u2009thin spaces",  # every kind of space
        "émigré Ærø İstanbul ΑΘΗΝΑ москва 東京 عربي",  # letters of other scripts
        "",
        "   ",
    ]
    for text in cases:
        assert _split(extract._TOKEN, text) == _split(PLAIN_TOKEN, text), text


def test_replace_mention_as_dataclasses_replace() -> None:
    mention = extract.extract("About 1,200 workers were evacuated on Monday.")[0]
    before = dataclasses.asdict(mention)
    for changes in ({}, {"kin": "person"}, {"noun": "", "noun_text": "", "event": ""}):
        copied = replace_mention(mention, **changes)
        assert copied == dataclasses.replace(mention, **changes)  # type: ignore[arg-type]
        assert copied is not mention
        assert dataclasses.asdict(copied) == dataclasses.asdict(
            dataclasses.replace(mention, **changes)  # type: ignore[arg-type]
        )
    assert dataclasses.asdict(mention) == before  # the original is left as it was
    with pytest.raises(TypeError):
        replace_mention(mention, knoun="worker")  # a misspelt field is an error, as before
    with pytest.raises(dataclasses.FrozenInstanceError):
        replace_mention(mention, kin="x").kin = "y"  # type: ignore[misc]


def test_new_mention_as_the_dataclass_builds_it() -> None:
    fields = dataclasses.asdict(extract.extract("About 1,200 workers were evacuated.")[0])
    required = {name: value for name, value in fields.items() if name not in ("field", "kin")}
    for given in (fields, required, {**required, "kin": "person"}):
        built = new_mention(**given)
        assert built == FigureMention(**given)  # type: ignore[arg-type]
        assert dataclasses.asdict(built) == dataclasses.asdict(FigureMention(**given))  # type: ignore[arg-type]
        assert pickle.loads(pickle.dumps(built)) == built
    with pytest.raises(TypeError):
        new_mention(**{**required, "knoun": "worker"})  # a misspelt field is an error
    del required["value"]
    with pytest.raises(TypeError):
        new_mention(**required)  # so is a missing one
    with pytest.raises(dataclasses.FrozenInstanceError):
        new_mention(**fields).kin = "y"  # type: ignore[misc]


def _lines_run(work: Callable[[], Any]) -> tuple[int, Any]:
    """Lines of Python run (in any function) while ``work`` runs, and what it returned."""
    lines = 0

    def trace(frame: FrameType, event: str, arg: object) -> Callable[..., Any] | None:
        nonlocal lines
        if event == "line":
            lines += 1
        return trace

    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        result = work()
    finally:
        sys.settrace(previous)
    return lines, result


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_sentence_costs_work_linear_in_its_figures(shape: str) -> None:
    """Lines run per mention stay flat from 20 figures in a sentence to 500 (work growing
    with the mentions found before would multiply them some 25 times)."""
    per_mention = []
    for figures in (20, 500):
        text = sentence(shape, figures)
        folded = text.lower().replace("’", "'")
        lines, found = _lines_run(
            lambda text=text, folded=folded: extract._scan_sentence(
                text, (0, len(text)), folded, limit=10**9
            )
        )
        assert len(found) >= figures  # every figure read: the work compared is the same work
        per_mention.append(lines / len(found))
    assert per_mention[1] <= per_mention[0] * 1.25, per_mention
