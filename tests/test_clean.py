"""The canonical-text cleaner: structure, links, mojibake, controls."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from reader.text.clean import _SPACES, clean_line, html_to_text, repair_text, strip_controls


def block_texts(html: str) -> list[tuple[str, str]]:
    clean = html_to_text(html)
    return [(b.kind, clean.text[b.start : b.end]) for b in clean.blocks]


def test_paragraphs_headings_lists_quotes() -> None:
    html = (
        "<h2>Title here</h2><p>First <b>para</b>.</p><p>Second.</p>"
        "<ul><li>one</li><li>two</li></ul><ol><li>first</li><li>second</li></ol>"
        "<blockquote><p>A quote.</p></blockquote>"
    )
    assert block_texts(html) == [
        ("heading", "Title here"),
        ("paragraph", "First para."),
        ("paragraph", "Second."),
        ("list_item", "• one"),
        ("list_item", "• two"),
        ("list_item", "1. first"),
        ("list_item", "2. second"),
        ("quote", "A quote."),
    ]
    text = html_to_text(html).text
    assert "Title here\n\nFirst para.\n\nSecond.\n\n• one\n• two" in text


def test_links_are_numbered_and_listed_once() -> None:
    clean = html_to_text(
        '<p>See <a href="https://a.example/x">this</a> and <a href="https://b.example">that</a>'
        ' and <a href="https://a.example/x">this again</a> and <a href="javascript:alert(1)">no</a>'
        ' and <a href="#frag">local</a>.</p>'
    )
    assert clean.text == "See this [1] and that [2] and this again [1] and no and local."
    assert clean.links == ("https://a.example/x", "https://b.example")


def test_images_become_alt_text_or_caption() -> None:
    clean = html_to_text(
        '<p>Before <img src="a.png" alt="A burning tank"></p>'
        '<figure><img src="b.png" alt="ignored alt"><figcaption>Smoke over the port</figcaption>'
        "</figure>"
    )
    assert "[Image: A burning tank]" in clean.text
    assert "Smoke over the port" in clean.text
    assert "ignored alt" not in clean.text


def test_scripts_styles_and_comments_vanish() -> None:
    clean = html_to_text("<style>p{}</style><p>Kept<!-- hidden --></p><script>alert(1)</script>")
    assert clean.text == "Kept"


def test_plain_text_bodies_keep_paragraphs() -> None:
    assert html_to_text("One line.\n\nTwo line.").text == "One line.\n\nTwo line."


def test_block_offsets_point_into_text() -> None:
    clean = html_to_text("<p>Café &amp; crème</p><h1>Ünïcode</h1><li>x</li>")
    for block in clean.blocks:
        assert clean.text[block.start : block.end].strip() == clean.text[block.start : block.end]
    assert clean.text.startswith("Café & crème")


def test_mojibake_common_cases_repaired_by_ftfy() -> None:
    assert repair_text("cafÃ© au lait") == "café au lait"
    assert repair_text("the â€œquoteâ€\x9d") == "the “quote”"


def test_mojibake_windows_1253_cases_repaired() -> None:
    # UTF-8 read as Windows-1253: ftfy's defaults leave these alone.
    assert repair_text("He said β€” nothing") == "He said — nothing"
    assert repair_text("Price:Β\xa0100") == "Price:\xa0100"
    assert html_to_text("<p>Wait β€” what</p>").text == "Wait — what"


def test_real_greek_and_cyrillic_are_left_alone() -> None:
    for text in ("Ο Πρωθυπουργός είπε ότι", "Всё хорошо, спасибо", "Ελλάδα — Αθήνα"):
        assert repair_text(text) == text


def test_nfc_normalisation() -> None:
    assert repair_text("Cafe\u0301") == "Café"


def test_control_sequences_never_survive() -> None:
    nasty = "a\x1b[31mred\x1b[0m b\x1b]0;title\x07 c\x1b]52;c;Y2xpcA==\x07 d\x9b31m e\u202eevil\u2066f\x00g\x7f"
    out = html_to_text(f"<p>{nasty}</p>").text
    for bad in ("\x1b", "\x9b", "\u202e", "\u2066", "\x00", "\x7f", "\x07"):
        assert bad not in out
    assert "title" not in out  # the OSC payload goes with its sequence
    assert strip_controls("tab\tand\nnewline") == "tab\tand\nnewline"


def test_entity_encoded_controls_are_stripped_too() -> None:
    out = html_to_text("<p>x&#27;[2Jy&#x9b;z&#8238;</p>").text
    assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out


def test_clean_line_folds_and_limits() -> None:
    assert clean_line("  <b>Big</b>\n\n news\t today ") == "Big news today"
    long = clean_line("x" * 100_000)
    assert len(long) <= 2000 and long.endswith("…")
    assert clean_line(None) == ""


def test_deeply_nested_html_does_not_crash() -> None:
    html = "<div>" * 10_000 + "deep text" + "</div>" * 10_000
    assert html_to_text(html).text == "deep text"


@given(
    st.text(alphabet=st.sampled_from(list("ab \t\n\r\f\v\u00a0\u2003\u3000\u202fx.")), max_size=60)
)
def test_whitespace_folds_to_single_spaces_as_a_plain_rule_would(text: str) -> None:
    """The fast folding pattern gives what replacing every whitespace run with one space gives."""
    plain = re.sub(r"[ \t\n\r\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+", " ", text)
    assert _SPACES.sub(" ", text) == plain


def test_entities_left_in_titles_and_entity_only_text_are_decoded_once() -> None:
    assert clean_line("Transfererl&ouml;s") == "Transfererlös"
    assert clean_line("Banjo &amp; Kazooie") == "Banjo & Kazooie"
    assert clean_line("&#x0024;3449 raised") == "$3449 raised"
    assert clean_line("&amp;amp; stays once-decoded") == "&amp; stays once-decoded"
    assert clean_line("&#27;[31mred") == "[31mred"  # a control spelled as an entity: stripped
    assert html_to_text("&#x0024;3449 for Banjo &amp; Kazooie").text == (
        "$3449 for Banjo & Kazooie"
    )
    assert html_to_text("<p>Transfererl&amp;ouml;s</p>").text == "Transfererl&ouml;s"


def test_a_link_number_is_kept_apart_from_the_word_after_it() -> None:
    """A link at "<a>here</a>after" read "here [1]after"; punctuation after it stays put."""
    clean = html_to_text(
        '<p>Read <a href="https://a.example">the report</a>after lunch, '
        '<a href="https://b.example">this</a>, and <a href="https://c.example">that</a>9 times '
        '<a href="https://d.example">end</a></p><p>Next</p>'
    )
    assert clean.text == (
        "Read the report [1] after lunch, this [2], and that [3] 9 times end [4]\n\nNext"
    )
