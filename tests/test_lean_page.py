"""The tree the extractor reads: parsed from a page's UTF-8 bytes it is the tree trafilatura's
own loading builds from the page's text (repairs included); shedding its dead weight (scripts
without data, styles, SVG, meta, link, navigation, footers, asides) takes them with what they
hold and keeps the text after each and JSON-LD, and the article extracted from real pages is
exactly what it was without shedding."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import trafilatura
from lxml import etree
from lxml import html as lxml_html

from reader.text.lean_page import page_parser, parse_page, shed_dead_weight
from reader.text.page import decode_page, extract_article, tree_article, utf8_page
from tests.pages import available, keys, page

PAGE = """<!doctype html><html><head><title>T</title><meta charset="utf-8">
<link rel="stylesheet" href="a.css"><style>p { color: red }</style>
<script>var tracking = "words in a script";</script>
<script type="application/ld+json">{"@type": "NewsArticle"}</script>
<script type=" Application/LD+JSON ">{"@type": "Person"}</script>
</head><body>
<nav><ul><li><a href="/a">Home</a></li><li><a href="/b">World</a></li></ul></nav>
<p>First <svg><g><path d="M0"/></g></svg>icon tail. <script>x()</script>Script tail.</p>
<aside><p>Most read</p></aside><p>Second<noscript><p>enable JS</p></noscript> end.</p>
<iframe src="ad.html"></iframe><footer><p>Copyright</p></footer>After the footer.
</body></html>"""


def test_dead_weight_goes_with_what_it_holds_and_the_text_after_it_stays() -> None:
    tree = trafilatura.load_html(PAGE)
    shed_dead_weight(tree)
    tags = {element.tag for element in tree.iter() if isinstance(element.tag, str)}
    for gone in ("style", "svg", "g", "path", "noscript", "meta", "link", "iframe", "nav"):
        assert gone not in tags
    assert {"footer", "aside", "ul", "li", "a"}.isdisjoint(tags)
    text = etree.tostring(tree, method="text", encoding="unicode")
    for kept in ("First icon tail. Script tail.", "Second end.", "After the footer.", "T"):
        assert kept in text
    for shed in ("words in a script", "x()", "Home", "Most read", "enable JS", "Copyright"):
        assert shed not in text
    data = [script.text for script in tree.iter("script")]
    assert data == ['{"@type": "NewsArticle"}', '{"@type": "Person"}']  # JSON-LD is read


def test_a_page_without_dead_weight_is_left_as_it_is() -> None:
    html = "<html><body><div><p>One paragraph.</p><p>Two <b>words</b>.</p></div></body></html>"
    tree = trafilatura.load_html(html)
    before = etree.tostring(tree)
    shed_dead_weight(tree)
    assert etree.tostring(tree) == before


@pytest.mark.skipif(not available(), reason="the article-pages corpus is not here")
def test_real_pages_give_the_same_article_shed_or_not() -> None:
    for key in keys()[::10]:  # a dozen pages of the corpus's 111, from many sites
        html = page(key).html.decode("utf-8", "replace")
        whole = trafilatura.load_html(html)
        lean = trafilatura.load_html(html)
        shed_dead_weight(lean)
        assert sum(1 for _ in lean.iter()) < sum(1 for _ in whole.iter())
        assert tree_article(lean) == tree_article(whole), key


# Pages trafilatura's loading repairs or refuses: controls and noncharacters, a DOCTYPE with a
# slash on its first line, a self-closed <html/>, a charset other than UTF-8, bytes that are
# not UTF-8, a fragment, plain text, nothing.
ODD_PAGES = [
    ("<html><body><p>été \x0b\x00 x\ufffe\uffff y</p></body></html>".encode(), "text/html"),
    (
        b"<!DOCTYPE html PUBLIC '-//W3C//DTD XHTML 1.0//EN' 'http://w3.org/x.dtd'/>\n"
        b"<html/>\n<body><p>after a faulty doctype</p><p>two</p></body>",
        "text/html",
    ),
    (
        "<html><body><p>caf\u00e9 \x01 ok</p></body></html>".encode("latin-1"),
        "text/html; charset=latin-1",
    ),
    (b"<html><body><p>not utf-8 \xff\xfe here</p></body></html>", "text/html"),
    (b"<meta charset='windows-1252'><p>\x93quoted\x94</p><p>two</p>", "text/html"),
    (b"<p>a fragment</p>", "text/html"),
    (b"just some text", "text/html"),
    (b"", "text/html"),
]


def loaded_by_trafilatura(body: bytes, content_type: str) -> bytes | None:
    tree = trafilatura.load_html(decode_page(body, content_type))
    return None if tree is None else etree.tostring(tree)


def parsed_here(body: bytes, content_type: str) -> bytes | None:
    tree = parse_page(utf8_page(body, content_type))
    return None if tree is None else etree.tostring(tree)


@pytest.mark.parametrize(("body", "content_type"), ODD_PAGES)
def test_parsing_the_bytes_gives_the_tree_trafilatura_loads_from_the_text(
    body: bytes, content_type: str
) -> None:
    assert parsed_here(body, content_type) == loaded_by_trafilatura(body, content_type)


def test_valid_utf8_is_parsed_as_it_came_and_other_charsets_are_decoded_first() -> None:
    body = "<p>café</p>".encode()
    assert utf8_page(body, "text/html; charset=UTF-8") is body
    assert utf8_page(body, "text/html") is body
    assert utf8_page("<p>café</p>".encode("latin-1"), "text/html; charset=latin-1") == body
    assert utf8_page(b"<p>caf\xe9</p>", "text/html") == "<p>caf\ufffd</p>".encode()


@pytest.mark.skipif(not available(), reason="the article-pages corpus is not here")
def test_real_pages_parse_to_the_tree_trafilatura_loads() -> None:
    for key in keys()[5::10]:
        body = page(key).html
        assert parsed_here(body, "text/html") == loaded_by_trafilatura(body, "text/html"), key


def test_every_element_is_an_html_element_chosen_without_python() -> None:
    tree = parse_page(
        b"<html><body><form><input name=q><textarea>t</textarea></form></body></html>"
    )
    assert tree is not None
    classes = {type(element) for element in tree.iter()}
    assert classes == {lxml_html.HtmlElement}  # no FormElement, InputElement, ...
    assert tree.find(".//form").text_content() == "t"  # what the extractor asks of elements


@pytest.mark.skipif(not available(), reason="the article-pages corpus is not here")
def test_real_pages_give_the_article_they_give_parsed_by_trafilatura() -> None:
    for key in keys()[3::10]:
        body = page(key).html
        ours = parse_page(utf8_page(body, "text/html"))
        theirs = trafilatura.load_html(decode_page(body, "text/html"))
        assert tree_article(ours) == tree_article(theirs), key


def test_each_thread_parses_with_its_own_parser() -> None:
    # An lxml parser used by two threads at once corrupted memory: a page pass in one process
    # extracts in several threads, and the suite once died of SIGABRT inside trafilatura.
    seen: list[object] = []
    threads = [threading.Thread(target=lambda: seen.append(page_parser())) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert page_parser() is page_parser()
    assert len({id(parser) for parser in [*seen, page_parser()]}) == 4


@pytest.mark.skipif(not available(), reason="the article-pages corpus is not here")
def test_real_pages_read_in_four_threads_at_once_give_what_one_thread_gives() -> None:
    chosen = keys()[::8]
    bodies = [utf8_page(page(key).html, "text/html") for key in chosen]
    alone = [extract_article(body) for body in bodies]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(extract_article, bodies * 3))
    assert together == alone * 3
