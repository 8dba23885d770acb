"""Loading the page extractor ahead (``text/page.load_extractor``): what a fresh process loads
before forking its extraction workers is all the extractor loads on real pages, so no worker
pays for loading anything in mid-pass (the stopwords, the mojibake repairer)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.pages import available

pytestmark = pytest.mark.skipif(not available(), reason="article-pages corpus not found")

# Run in a fresh process: this one may have loaded the extractor already.
PROBE = """
import sys
from justext.core import define_stoplist
from trafilatura import external
from reader.text.page import load_extractor, page_article
from tests.pages import keys, page

load_extractor()
loaded = set(sys.modules)
stoplist = external.JT_STOPLIST
misses = define_stoplist.cache_info().misses
for key in keys()[:15]:
    page_article(page(key).html, "text/html", "")
new = sorted(m for m in set(sys.modules) - loaded if not m.startswith("encodings."))
print(new)
print(external.JT_STOPLIST is stoplist, define_stoplist.cache_info().misses == misses)
print(define_stoplist.cache_info().hits)
"""


def test_pages_read_after_loading_the_extractor_load_nothing_more() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT, check=True
    )
    new_modules, same_stoplist, hits = done.stdout.splitlines()
    assert new_modules == "[]"
    assert same_stoplist == "True True"
    assert int(hits) > 0  # some of these pages did fall back to justext: the check was real
