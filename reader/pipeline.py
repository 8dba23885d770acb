"""Feed bytes to rows ready to store: parse, clean to canonical text, hash, compress; and an
article's figures with their context, for the analysis stage (reader/analysis.py).

Pure functions with picklable results, so a bulk import can run them in worker processes while
one writer stores what they return. Nothing here touches the library file. Preparing a feed
extracts no figures: the store stage returns first and the analysis queue extracts them after.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import multiprocessing
import os
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from isal import isal_zlib

from reader import child_process
from reader.clock import now_iso
from reader.feeds.parse import entry_key, parse_feed
from reader.models import CleanText, FigureMention, ParsedEntry, ParsedFeed
from reader.text.clean import html_to_text

# An article's figure mentions, each with its context words (see figures_with_context).
PreparedFigures = tuple[tuple[FigureMention, str], ...]


@dataclass(frozen=True)
class PreparedArticle:
    """One entry as the store will write it."""

    key: str
    guid: str
    link: str
    title: str
    author: str
    published: str | None
    updated: str | None
    sort_date: str
    html_z: bytes
    text: str
    structure: str
    content_hash: str


@dataclass(frozen=True)
class PreparedFeed:
    """A parsed feed with every entry prepared."""

    format: str
    title: str
    site_link: str
    articles: tuple[PreparedArticle, ...]
    warnings: tuple[str, ...]


def process_context(
    preload: Sequence[str] = (), store_only: bool = False
) -> multiprocessing.context.BaseContext:
    """How the reader starts child processes: forkserver, because it starts them from worker
    threads, and fork() beside threads is unsafe. ``preload`` names modules the fork server
    loads too, besides WORKER_MODULES (it takes effect when this process's server starts
    after this call; one server serves every pool of the process). ``store_only``: the pool
    asking only stores feeds (an import's, a refresh's parsing); a server it starts loads
    STORE_WORKER_MODULES alone, unless this process analyses too
    (``child_process.want_analysis_workers``)."""
    methods = multiprocessing.get_all_start_methods()
    method = "forkserver" if "forkserver" in methods else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        # The server imports what workers run once; each worker forked from it starts with
        # them loaded instead of importing them again (some 0.5 s of CPU per worker).
        lean = store_only and not child_process.analysis_wanted()
        modules = STORE_WORKER_MODULES if lean else WORKER_MODULES
        pages = PAGE_WORKER_MODULES if _page_extractor_wanted else ()
        context.set_forkserver_preload(list(dict.fromkeys([*modules, *pages, *preload])))
    _start_helpers(method)
    return context


# What worker processes run: imported once by the fork server (before any worker starts).
# reader.child_signals first: the server and so every worker it forks ignore Ctrl-C (their
# parent ends them). What storing feeds needs (an import's workers, a refresh's parsing): some
# 0.1 s of CPU to import. No "__main__": on Python 3.11 the server never loaded it (it is never
# handed the main script's path), and the reader's children need none of it
# (``child_process.children_skip_main``).
STORE_WORKER_MODULES = (
    "reader.child_signals",
    "reader.pipeline",
    "reader.import_files",
)
# And what the analysis stage's processes run: the facade (the analysis child opens the
# library with it) and the extractor, some 0.45 s more. A server started for a process that
# analyses loads them, so no worker or analysis child of it loads them again.
WORKER_MODULES = (
    *STORE_WORKER_MODULES,
    "reader.library",
    "reader.analysis",
    "reader.figures.extract",
    "reader.figures.compare",
    "reader.figures.cues",
    "reader.figures.titles",
    "reader.store.figures",
    "reader.store.workers",
)
# The page extractor (some 0.3 s of CPU to import, 0.5 s without bytecode, and its memory):
# loaded by the server too, whichever pool starts it first (a refresh's usually), when some
# feed of the library may have its pages fetched (``want_page_extractor``), so the extraction
# workers of the page pass that follows start with it instead of each loading it. A library
# whose feeds are all ``never`` (feeds from files, the samples) never loads it. Loaded whole
# (``text.loaded_extractor``: the mojibake repairer too, some 0.2 s more), so no page pass the
# reader starts loads it again; the fallback's stopwords only a page that needs them loads.
# And the reader's page pass child itself (``fulltext_child``, some 20 ms of imports): loaded
# in the child, it ran before the child stepped aside, at the reader's priority in its session.
PAGE_WORKER_MODULES = (
    "reader.page_workers",
    "reader.text.loaded_extractor",
    "reader.fulltext_child",
)
_page_extractor_wanted = False


def want_page_extractor() -> None:
    """Have this process's fork server load the page extractor when it starts (a library
    opened here has a feed whose pages may be fetched). Once started, the server keeps what
    it loaded: a page pass after that loads the extractor once in its own process instead."""
    global _page_extractor_wanted
    _page_extractor_wanted = True


def worker_pool(workers: int, niceness: int = 0, store_only: bool = False) -> ProcessPoolExecutor:
    """Processes for parse/clean/extract work; with ``niceness``, at that lower priority
    (background work the reader's screen must not wait for); ``store_only``: see
    ``process_context``."""
    context = process_context(store_only=store_only)
    if niceness:
        return ProcessPoolExecutor(
            max_workers=max(1, workers),
            mp_context=context,
            initializer=_lower_priority,
            initargs=(niceness,),
        )
    return ProcessPoolExecutor(max_workers=max(1, workers), mp_context=context)


def end_children() -> None:
    """End every child process this process started and has not seen end (workers of its
    pools, its analysis or refresh child): an interrupted command's, before it exits. They
    ignore Ctrl-C (reader.child_signals); SIGTERM ends them, through their ``finally`` blocks
    where they set a handler for it (a claimed analysis batch is released), and a write they
    were in rolls back whole."""
    for child in multiprocessing.active_children():
        with contextlib.suppress(OSError):  # ended meanwhile
            child.terminate()


def wait_for_children(seconds: float) -> None:
    """Wait up to ``seconds`` in all for the child processes ended by ``end_children`` to be
    gone: what they wrote is then all there is (a write they were in rolled back)."""
    deadline = time.monotonic() + seconds
    for child in multiprocessing.active_children():
        child.join(max(0.0, deadline - time.monotonic()))


def _lower_priority(niceness: int) -> None:
    """Worker-process initializer: yield the cores to the reader whenever both want them."""
    with contextlib.suppress(OSError):  # not permitted here: run at the usual priority
        os.nice(niceness)


def _start_helpers(method: str) -> None:
    """Start multiprocessing's helper processes with no stderr to hand down.

    They pass ``sys.stderr.fileno()`` to the helper; inside the reader, Textual has replaced
    sys.stderr with an object whose fileno() is -1, and starting a helper then fails with "bad
    value(s) in fds_to_keep". Without a stderr they start, and write nowhere, which is also
    what the reader's screen needs.
    """
    from multiprocessing import forkserver, resource_tracker

    from reader.child_process import interrupts_held

    saved = sys.stderr
    sys.stderr = io.StringIO()  # fileno() raises: the helpers then pass no stderr
    try:
        # The tracker first: its own start unblocks Ctrl-C in this thread when it is done.
        resource_tracker.ensure_running()
        if method == "forkserver":
            with interrupts_held(), _safe_path():  # deaf to Ctrl-C (its parent ends it)
                forkserver.ensure_running()
    finally:
        sys.stderr = saved


@contextlib.contextmanager
def _safe_path() -> Iterator[None]:
    """Start the fork server without the working directory on its module path.

    The server is ``python -c ...``, which puts the working directory first on ``sys.path``,
    and Python 3.11's server never takes this process's path instead: it imported its preloaded
    modules from a ``reader`` folder (or a ``json.py``) where the command was run, and every
    worker then unpickled its task against those (an import run beside another feedlens
    checkout failed with "No module named reader.import_files"). PYTHONSAFEPATH (3.11) leaves
    the working directory out; it is set for the server's start alone."""
    saved = os.environ.get("PYTHONSAFEPATH")
    os.environ["PYTHONSAFEPATH"] = "1"
    try:
        yield
    finally:
        if saved is None:
            del os.environ["PYTHONSAFEPATH"]
        else:
            os.environ["PYTHONSAFEPATH"] = saved


def structure_json(clean: CleanText) -> str:
    """Blocks and links of a canonical text, compactly, for the reader's typesetting."""
    return json.dumps(
        {
            "blocks": [[b.kind, b.start, b.end, b.level] for b in clean.blocks],
            "links": list(clean.links),
        },
        separators=(",", ":"),
    )


def compress_html(html: str) -> bytes:
    """An article's HTML as a zlib stream, which ``zlib.decompress`` reads back. ISA-L's level
    1 compresses feed HTML as small as zlib's level 6 in a third of its CPU time (it was a
    fifth of preparing an article); the stream's bytes differ from zlib's, the HTML it holds
    does not."""
    return isal_zlib.compress(html.encode("utf-8", "replace"), 1)


def content_hash(entry: ParsedEntry, html: bytes | None = None) -> str:
    """What tells a changed entry from the same one again (``html``: the entry's HTML
    already encoded, if the caller has it)."""
    digest = hashlib.sha1()
    for part in (entry.title, entry.link, entry.author):
        digest.update(part.encode("utf-8", "replace"))
        digest.update(b"\x00")
    digest.update(entry.html.encode("utf-8", "replace") if html is None else html)
    digest.update(b"\x00")
    return digest.hexdigest()


def figures_with_context(text: str, title: str) -> PreparedFigures:
    """An article's figure mentions, each with the key words of its sentence, the sentence
    before it (where "the figure" or "it" is explained) and the article's title; then the
    title's own figures that the body does not repeat (reader/figures/titles.py), each with
    the title's key words."""
    # Loaded by the analysis stage only: preparing a feed for the store needs neither.
    from reader.figures.compare import context_words
    from reader.figures.extract import extract
    from reader.figures.titles import title_mentions

    found = []
    by_sentence: dict[int, str] = {}  # mentions in one sentence share its context
    body = extract(text)
    for mention in body:
        context = by_sentence.get(mention.sentence_start)
        if context is None:
            previous = _sentence_before(text, mention.sentence_start)
            sentence = text[mention.sentence_start : mention.sentence_end]
            context = by_sentence[mention.sentence_start] = context_words(sentence, previous, title)
        found.append((mention, context))
    headline = title_mentions(title, body)
    if headline:
        context = context_words("", title=title)  # read as a headline: title case names none
        found.extend((mention, context) for mention in headline)
    return tuple(found)


def figures_of_articles(
    articles: list[tuple[int, str, str, str]],
) -> list[tuple[int, str, PreparedFigures]]:
    """Figures (with context) of stored articles given as (id, date, text, title): what
    re-extraction after an extractor upgrade hands to worker processes."""
    return [
        (article_id, date, figures_safely(text, title))
        for article_id, date, text, title in articles
    ]


def figures_safely(text: str, title: str) -> PreparedFigures:
    """figures_with_context, but a fault in the extractor costs one article its figures,
    never a whole feed or an upgrade (which would otherwise fail at every start)."""
    try:
        return figures_with_context(text, title)
    except Exception:  # any extractor bug, on text from anywhere
        return ()


def _sentence_before(text: str, start: int) -> str:
    """The sentence (or its last 300 characters) ending where the one at ``start`` begins."""
    before = text[max(0, start - 300) : start].rstrip()
    opens = max(before.rfind(". ", 0, len(before) - 1), before.rfind("\n"))
    return before[opens + 1 :].strip()


def plausible_date(value: str | None, now: str) -> str | None:
    """A date fit to sort by: not before 1970 and not more than a day in the future.

    Feeds claim year 0 or 9999; such a date is kept as published but never pins an article
    to the top or bottom of every list.
    """
    if not value or value < "1970" or value[:4] > str(int(now[:4]) + 1):
        return None
    if value > now and value[:10] > now[:10]:
        return None
    return value


def prepare_entry(entry: ParsedEntry, fallback_date: str) -> PreparedArticle:
    clean = html_to_text(entry.html)
    html = entry.html.encode("utf-8", "replace")  # once, for the hash and the stored copy
    return PreparedArticle(
        key=entry_key(entry),
        guid=entry.guid,
        link=entry.link,
        title=entry.title,
        author=entry.author,
        published=entry.published,
        updated=entry.updated,
        sort_date=plausible_date(entry.published, fallback_date)
        or plausible_date(entry.updated, fallback_date)
        or fallback_date,
        html_z=isal_zlib.compress(html, 1),  # as compress_html
        text=clean.text,
        structure=structure_json(clean),
        content_hash=content_hash(entry, html),
    )


def prepare_parsed(parsed: ParsedFeed) -> PreparedFeed:
    fallback = now_iso()
    return PreparedFeed(
        format=parsed.format,
        title=parsed.title,
        site_link=parsed.site_link,
        articles=tuple(prepare_entry(entry, fallback) for entry in parsed.entries),
        warnings=parsed.warnings,
    )


def prepare_bytes(data: bytes, content_type: str | None = None) -> PreparedFeed:
    """Parse and prepare a feed's bytes; raises FeedParseError for what is not a feed."""
    return prepare_parsed(parse_feed(data, content_type))
