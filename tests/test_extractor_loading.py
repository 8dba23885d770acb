"""Loading the page extractor ahead (``text/page.load_extractor``): what a fresh process loads
before forking its extraction workers is all the extractor loads on real pages (no module in
mid-pass), except the stopwords of its justext fallback, which only the rare page that falls
back loads, once per process; the text of every page, those included, is the same as with
the stopwords loaded ahead."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.pages import available

pytestmark = pytest.mark.skipif(not available(), reason="article-pages corpus not found")

# Run in a fresh process: this one may have loaded the extractor already. With "ahead", the
# stopwords are built before any page (as load_extractor used to); the probe prints the
# modules the pages loaded, whether load_extractor left the stopwords unbuilt, which pages
# built them, and each page's text.
PROBE = """
import json, sys
from justext.core import define_stoplist
from trafilatura import external
from reader.text.page import load_extractor, page_article
from tests.pages import keys, page

load_extractor()
unbuilt = external.JT_STOPLIST is None
if sys.argv[1] == "ahead":
    define_stoplist(external.jt_stoplist_init())
loaded = set(sys.modules)
texts, built_by = {}, []
for key in keys()[:15]:
    before = external.JT_STOPLIST
    article = page_article(page(key).html, "text/html", "")
    texts[key] = article if isinstance(article, str) else article.text
    if before is None and external.JT_STOPLIST is not None:
        built_by.append(key)
new = sorted(m for m in set(sys.modules) - loaded if not m.startswith("encodings."))
print(json.dumps({"new": new, "unbuilt": unbuilt, "built_by": built_by, "texts": texts}))
"""


def probe(stopwords: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", PROBE, stopwords], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )


def result(process: subprocess.Popen[str]) -> dict[str, object]:
    out, _ = process.communicate(timeout=300)
    assert process.returncode == 0
    answer: dict[str, object] = json.loads(out)
    return answer


def test_stopwords_load_only_for_a_page_that_falls_back_and_read_it_the_same() -> None:
    lazy_run, ahead_run = probe("lazy"), probe("ahead")  # side by side
    lazy, ahead = result(lazy_run), result(ahead_run)
    assert lazy["new"] == [] and ahead["new"] == []  # nothing else is loaded in mid-pass
    assert lazy["unbuilt"]  # loading the extractor no longer builds the stopwords
    # One of these pages falls back to justext: it built them (so the check was real) ...
    assert len(lazy["built_by"]) == 1  # type: ignore[arg-type]
    assert ahead["built_by"] == []
    # ... and every page's text, that one's too, is what it was with them loaded ahead.
    assert lazy["texts"] == ahead["texts"]
