"""Shedding a page's dead weight before extraction: scripts without data, styles, SVG, meta,
link, navigation, footers and asides go with what they hold; the text after each stays, JSON-LD
stays, and the article extracted from real pages is exactly what it was without shedding."""

from __future__ import annotations

import pytest
import trafilatura
from lxml import etree

from reader.text.lean_page import shed_dead_weight
from reader.text.page import tree_article
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
