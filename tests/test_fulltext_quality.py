"""How well full text works through the whole path (fetch from 127.0.0.1, extract, clean,
store) on a subset of the article-pages corpus, scored with word 4-gram shingles against the
true article text. The benchmark (tests/perf/bench_fulltext.py) scores all 111 pages."""

from __future__ import annotations

import pytest

from reader.fulltext import PagePassOptions
from reader.library import Library
from tests.feedserver import Route, serve
from tests.pages import available, feed_route, keys, page, page_route, rss, teaser_of
from tests.shingles import mean, score

pytestmark = pytest.mark.skipif(not available(), reason="article-pages corpus not found")

# Every fifth page: 23 pages, a spread of sites and languages, not hand-picked.
SUBSET = keys()[::5] if available() else []
F1_FLOOR = 0.92  # the whole corpus scores about 0.96; a subset varies more


def test_full_text_f1_on_a_subset_of_real_pages(library: Library) -> None:
    chosen = [page(key) for key in SUBSET]
    routes: dict[str, Route] = {f"/p/{p.key}": page_route(p.html) for p in chosen}
    with serve(routes) as (base, _):
        items = [(p.key, f"{base}/p/{p.key}", teaser_of(p.truth)) for p in chosen]
        routes["/feed"] = feed_route(rss(items))
        library.refresh([library.subscribe(f"{base}/feed")])
        summary = library.fetch_pending_pages(PagePassOptions(processes=1))
    assert summary.replaced >= len(chosen) - 2
    truth = {p.key: p.truth for p in chosen}
    scores = [
        score(library.article(row.id).text.text, truth[row.title])
        for row in library.articles(limit=100)
    ]
    assert len(scores) == len(chosen)
    precision, recall, f1 = mean(scores)
    assert f1 >= F1_FLOOR, f"F1 {f1:.3f} (precision {precision:.3f}, recall {recall:.3f})"
