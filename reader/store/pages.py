"""Full text in the library: each feed's full-text mode, which articles' pages to fetch, and
what a page did to an article (its text replaced, or the reason it was kept).

All SQL about article pages lives here. An article whose page replaced its feed text keeps the
feed's own text in ``article_pages``; the canonical text (``articles.text``, what search,
figures and annotations point into) is the page's from then on, and a refresh that brings the
same teaser again leaves it so (``keep_page_text``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reader.clock import now_iso
from reader.errors import FeedlensError
from reader.models import Block, CleanText
from reader.store import analysis_queue
from reader.store import annotations as annotation_store
from reader.store import figures as figure_store
from reader.store.db import Store

if TYPE_CHECKING:
    from reader.pipeline import PreparedArticle

MODES = ("auto", "always", "never")
# A feed's mode when none was set: pages of feeds followed by URL, never of files.
EFFECTIVE_MODE = (
    "COALESCE(f.full_text, CASE WHEN f.source_kind = 'http' THEN 'auto' ELSE 'never' END)"
)


@dataclass(frozen=True)
class PageCandidate:
    """An article whose page may be fetched, with what deciding and storing needs."""

    article_id: int
    link: str
    title: str
    mode: str
    feed_url: str  # the page's origin for the address policy (a file's path counts as public)
    text: str  # the feed's own text: the page is compared with it
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class PageState:
    """Where an article's canonical text came from, and why a page did not replace it."""

    text_source: str  # "feed" or "page"
    page_error: str | None
    feed_text: CleanText | None  # the feed's own text, when a page's replaced it
    fetched_at: str | None


def set_mode(store: Store, feed_id: int, mode: str) -> None:
    if mode not in MODES:
        raise FeedlensError(f"full-text mode must be one of {', '.join(MODES)}, not {mode!r}")
    with store.write() as conn:
        cursor = conn.execute("UPDATE feeds SET full_text = ? WHERE id = ?", (mode, feed_id))
        if not cursor.rowcount:
            raise FeedlensError(f"no feed with id {feed_id}")
        if mode != "never":
            # pages given up on under the old mode are worth another try
            conn.execute(
                "UPDATE article_pages SET refetch = 1 WHERE text_source = 'feed' AND article_id "
                "IN (SELECT id FROM articles WHERE feed_id = ?)",
                (feed_id,),
            )


def feed_mode(store: Store, feed_id: int) -> str:
    row = store.query_one(f"SELECT {EFFECTIVE_MODE} AS mode FROM feeds f WHERE id = ?", (feed_id,))
    return str(row["mode"]) if row else "never"


# An orphaned note on an article waits for its page's text (issue 21: a feed removed and
# added back brings its articles back with the feed's text, and a note made in the page's
# text finds no place in it): one indexed probe per candidate.
_NOTES_WAIT = (
    "EXISTS (SELECT 1 FROM annotations n WHERE n.article_id = a.id AND n.status = 'orphaned')"
)
_CANDIDATE_COLUMNS = (
    f"a.id, a.link, a.title, a.text, f.url AS feed_url, {EFFECTIVE_MODE} AS mode, "
    f"p.text_source, p.feed_text, p.etag, p.last_modified, {_NOTES_WAIT} AS notes_wait"
)


def _candidate(row: sqlite3.Row, mode: str | None = None) -> PageCandidate:
    is_page = row["text_source"] == "page"
    if mode is None and row["mode"] == "auto" and row["notes_wait"] and not is_page:
        # A note waits for the page's text: fetched whether or not the feed's text reads as
        # a teaser, as a page asked for (the mode permitting: never stays never).
        mode = "always"
    return PageCandidate(
        article_id=row["id"],
        link=row["link"],
        title=row["title"],
        mode=mode or row["mode"],
        feed_url=row["feed_url"],
        text=(row["feed_text"] or "") if is_page else row["text"],
        # validators only help when the page's text is what the article shows
        etag=row["etag"] if is_page else None,
        last_modified=row["last_modified"] if is_page else None,
    )


def _pending_query(columns: str) -> str:
    """Articles added since a moment (bound first) whose page was never tried, and those whose
    teaser changed since their page was fetched, in feeds whose mode allows pages."""
    # Two indexed reads (new articles by date added, flagged ones by a partial index).
    select = (
        f"SELECT {columns} FROM articles a JOIN feeds f ON f.id = a.feed_id "
        "LEFT JOIN article_pages p ON p.article_id = a.id "
    )
    allowed = f"{EFFECTIVE_MODE} != 'never' AND a.link != ''"
    return (
        f"{select} WHERE a.added_at >= ? AND p.article_id IS NULL AND {allowed} "
        f"UNION ALL {select} WHERE p.refetch = 1 AND {allowed}"
    )


def pending(store: Store, since: str, limit: int) -> list[PageCandidate]:
    """Up to ``limit`` articles whose page the pass after a refresh should weigh: added since
    ``since`` and never tried, or with a changed teaser; the newest (by their date) first."""
    rows = store.query(
        f"SELECT * FROM ({_pending_query(_CANDIDATE_COLUMNS + ', a.sort_date')}) "
        "ORDER BY sort_date DESC, id DESC LIMIT ?",
        (since, limit),
    )
    return [_candidate(row) for row in rows]


def notes_waiting(store: Store, article_id: int, since: str) -> frozenset[int]:
    """The orphaned notes of an article whose page may still replace its text: the next page
    pass will fetch it (added since ``since`` and never tried, or flagged again, in a feed whose
    mode allows pages); shown as waiting for the full text, not as orphaned, meanwhile."""
    rows = store.query(
        "SELECT n.id FROM annotations n JOIN articles a ON a.id = n.article_id "
        "JOIN feeds f ON f.id = a.feed_id LEFT JOIN article_pages p ON p.article_id = a.id "
        f"WHERE n.article_id = ? AND n.status = 'orphaned' AND a.link != '' "
        f"AND {EFFECTIVE_MODE} != 'never' "
        "AND ((p.article_id IS NULL AND a.added_at >= ?) OR p.refetch = 1)",
        (article_id, since),
    )
    return frozenset(int(row[0]) for row in rows)


def pages_allowed(store: Store) -> bool:
    """Whether some feed's mode lets its articles' pages be fetched (not every one ``never``)."""
    return (
        store.query_one(f"SELECT 1 FROM feeds f WHERE {EFFECTIVE_MODE} != 'never' LIMIT 1")
        is not None
    )


def count_pending(store: Store, since: str) -> int:
    """How many articles ``pending`` would give with no limit (a pass's progress total)."""
    row = store.query_one(f"SELECT COUNT(*) AS n FROM ({_pending_query('a.id')})", (since,))
    return int(row["n"]) if row else 0


def candidates(
    store: Store, article_ids: Sequence[int] = (), feed_id: int | None = None
) -> list[PageCandidate]:
    """These articles (or a feed's), fetched because a user asked: an article named by id as
    in ``always`` mode, a feed's in the feed's mode (``always`` if it is ``never``)."""
    base = (
        f"SELECT {_CANDIDATE_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id "
        "LEFT JOIN article_pages p ON p.article_id = a.id "
    )
    if feed_id is not None:
        rows = store.query(base + "WHERE a.feed_id = ? ORDER BY a.sort_date DESC", (feed_id,))
    else:
        rows = store.query_ids(base + "WHERE a.id IN ({ids})", list(article_ids))
    found = []
    for row in rows:
        # an article asked for by id is always fetched; a feed's articles in the feed's mode
        mode = "always" if feed_id is None or row["mode"] == "never" else None
        found.append(_candidate(row, mode))
    return found


def record_failure(
    conn: sqlite3.Connection, candidate: PageCandidate, error: str, page_url: str = ""
) -> str:
    """A page that failed or said nothing more: the article keeps its text, and says why.
    Returns where that text came from ("feed", or "page" for a page read before)."""
    rows = conn.execute(
        "INSERT INTO article_pages (article_id, text_source, page_error, page_url, refetch, "
        "fetched_at) VALUES (?, 'feed', ?, ?, 0, ?) ON CONFLICT (article_id) DO UPDATE SET "
        "page_error = excluded.page_error, page_url = excluded.page_url, refetch = 0, "
        "fetched_at = excluded.fetched_at RETURNING text_source",
        (candidate.article_id, error, page_url or candidate.link, now_iso()),
    ).fetchall()  # the statement run to its end: none left open in the transaction
    return str(rows[0][0]) if rows else "feed"


def record_not_needed(conn: sqlite3.Connection, article_ids: Sequence[int]) -> None:
    """Articles whose page is not needed (their feed text is no teaser): considered, so a
    later pass does not weigh them again; one that has a page's text keeps it."""
    stamp = now_iso()
    conn.executemany(
        "INSERT INTO article_pages (article_id, text_source, refetch, fetched_at) "
        "VALUES (?, 'feed', 0, ?) ON CONFLICT (article_id) DO UPDATE SET refetch = 0",
        [(article_id, stamp) for article_id in article_ids],
    )


def record_unchanged(conn: sqlite3.Connection, article_id: int) -> int:
    """A page that answered 304: its text, already the article's, stays; its length in
    characters (what the report says the article holds)."""
    conn.execute(
        "UPDATE article_pages SET refetch = 0, page_error = NULL, fetched_at = ? "
        "WHERE article_id = ?",
        (now_iso(), article_id),
    )
    row = conn.execute("SELECT length(text) FROM articles WHERE id = ?", (article_id,)).fetchone()
    return int(row[0] or 0) if row is not None else 0


def record_same_text(
    conn: sqlite3.Connection,
    article_id: int,
    text: str,
    etag: str | None,
    last_modified: str | None,
) -> int | None:
    """A page fetched whole (no 304: a server without conditional GET) whose article text is
    the one the article holds from its page already: nothing is replaced, re-extracted or
    re-anchored, and its validators are kept for the next fetch. The text's length in
    characters, or None when the article's text differs (or is not its page's)."""
    row = conn.execute(
        "SELECT length(a.text) FROM articles a JOIN article_pages p ON p.article_id = a.id "
        "WHERE a.id = ? AND p.text_source = 'page' AND a.text = ?",
        (article_id, text),
    ).fetchone()
    if row is None:
        return None
    conn.execute(
        "UPDATE article_pages SET refetch = 0, page_error = NULL, fetched_at = ?, "
        "etag = ?, last_modified = ? WHERE article_id = ?",
        (now_iso(), etag, last_modified, article_id),
    )
    return int(row[0])


def replace_text(
    conn: sqlite3.Connection,
    article_id: int,
    clean: CleanText,
    structure: str,
    page_url: str,
    etag: str | None,
    last_modified: str | None,
) -> bool:
    """Make a page's text the article's canonical text (the feed's own text is kept), queue it
    for analysis again and re-anchor its annotations. False if the article is gone."""
    row = conn.execute(
        "SELECT a.text, a.structure, a.title, a.sort_date, p.text_source FROM articles a "
        "LEFT JOIN article_pages p ON p.article_id = a.id WHERE a.id = ?",
        (article_id,),
    ).fetchone()
    if row is None:
        return False
    stamp = now_iso()
    if row["text_source"] == "page":  # the feed's text was saved when the first page came
        conn.execute(
            "UPDATE article_pages SET page_error = NULL, page_url = ?, etag = ?, "
            "last_modified = ?, refetch = 0, fetched_at = ? WHERE article_id = ?",
            (page_url, etag, last_modified, stamp, article_id),
        )
    else:
        conn.execute(
            "INSERT INTO article_pages (article_id, text_source, page_error, feed_text, "
            "feed_structure, page_url, etag, last_modified, refetch, fetched_at) "
            "VALUES (?, 'page', NULL, ?, ?, ?, ?, ?, 0, ?) ON CONFLICT (article_id) DO UPDATE "
            "SET text_source = 'page', page_error = NULL, feed_text = excluded.feed_text, "
            "feed_structure = excluded.feed_structure, page_url = excluded.page_url, "
            "etag = excluded.etag, last_modified = excluded.last_modified, refetch = 0, "
            "fetched_at = excluded.fetched_at",
            (
                article_id,
                row["text"],
                row["structure"],
                page_url,
                etag,
                last_modified,
                stamp,
            ),
        )
    conn.execute(
        "UPDATE articles SET text = ?, structure = ?, updated_at = ? WHERE id = ?",
        (clean.text, structure, stamp, article_id),
    )
    refigure_replaced_text(conn, article_id, row["sort_date"])
    annotation_store.reanchor_article(conn, article_id, clean.text)
    return True


def refigure_replaced_text(conn: sqlite3.Connection, article_id: int, sort_date: str) -> None:
    """An article whose canonical text was replaced: its old figures go at once (their offsets
    point into the old text) and it is queued for analysis, which extracts its figures again
    and assigns its story anew, as for any changed article."""
    touched = figure_store.replace_figures(conn, article_id, (), sort_date)
    conn.execute("UPDATE articles SET extractor_version = 0 WHERE id = ?", (article_id,))
    # Its story was chosen by the old text: forget the entry hash it was assigned under, so
    # the story step takes it out and assigns it again (the entry's own hash must stay: a
    # refresh compares the feed's entry with it, and an unchanged teaser changes nothing).
    conn.execute("UPDATE story_articles SET content_hash = '' WHERE article_id = ?", (article_id,))
    figure_store.record_changes(conn, touched)
    analysis_queue.enqueue(conn, [article_id])


def keep_page_text(
    conn: sqlite3.Connection, article_id: int, article: PreparedArticle
) -> PreparedArticle:
    """A changed feed entry of an article whose page replaced its text: the page's text stays
    canonical (a refresh never undoes it); the feed's new text is kept beside it, and when it
    differs from the one stored the page is fetched again."""
    row = conn.execute(
        "SELECT p.text_source, p.feed_text, a.text, a.structure FROM article_pages p "
        "JOIN articles a ON a.id = p.article_id WHERE p.article_id = ?",
        (article_id,),
    ).fetchone()
    if row is None or row["text_source"] != "page":
        return article
    changed = (row["feed_text"] or "") != article.text
    conn.execute(
        "UPDATE article_pages SET feed_text = ?, feed_structure = ?, "
        "refetch = CASE WHEN ? THEN 1 ELSE refetch END WHERE article_id = ?",
        (article.text, article.structure, changed, article_id),
    )
    return replace(article, text=row["text"], structure=row["structure"])


def page_state(store: Store, article_id: int) -> PageState:
    row = store.query_one(
        "SELECT text_source, page_error, feed_text, feed_structure, fetched_at "
        "FROM article_pages WHERE article_id = ?",
        (article_id,),
    )
    if row is None:
        return PageState("feed", None, None, None)
    feed_text = None
    if row["text_source"] == "page":
        structure = json.loads(row["feed_structure"] or "{}")
        feed_text = CleanText(
            text=row["feed_text"] or "",
            blocks=tuple(Block(*b) for b in structure.get("blocks", [])),
            links=tuple(structure.get("links", [])),
        )
    return PageState(row["text_source"], row["page_error"], feed_text, row["fetched_at"])
