"""Every schema change of the library file, in order, as sqlite-utils Migrations.

A migration is never edited once shipped: a change to the schema is a new function at the end.
Each runs in its own transaction; ``apply`` brings any shipped version forward.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from sqlite_utils import Database, Migrations

migrations = Migrations("feedlens")


class ScriptedDatabase(Database):
    """sqlite-utils' Database as the migrations use it, with two costs of a new library gone:
    ``executescript`` inside a migration's transaction splits the script in linear time
    (sqlite-utils joins the statement so far and asks SQLite whether it is complete at every
    character: a sixth of a new library's start, some 0.2 G instructions); and no
    sqlite-utils plugins are looked for (a scan of every installed package's entry points,
    for plugins that would only add SQL functions to the library's connection)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        super().__init__(conn, execute_plugins=False)

    def executescript(self, sql: str) -> sqlite3.Cursor:
        if not self.conn.in_transaction:
            return super().executescript(sql)
        if self._tracer:
            self._tracer(sql, None)
        cursor = self.conn.cursor()
        for statement in complete_statements(sql):
            cursor.execute(statement)
        return cursor


def complete_statements(sql: str) -> Iterator[str]:
    """A script's statements, stripped, exactly as sqlite-utils splits them: a statement ends
    at the first character where SQLite finds it complete, which can only be a ``;`` (one
    inside a string, a comment or a trigger's body leaves it incomplete), so only those are
    asked about."""
    start = 0
    end = sql.find(";")
    while end != -1:
        statement = sql[start : end + 1].strip()
        if statement and sqlite3.complete_statement(statement):
            yield statement
            start = end + 1
        end = sql.find(";", end + 1)
    rest = sql[start:].strip()
    if rest:
        yield rest


@migrations()
def m001_feeds_and_articles(db: Database) -> None:
    """Feeds, articles, their full-text index and the small key/value state table."""
    db.executescript(
        """
        CREATE TABLE feeds (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL DEFAULT '',
            site_link TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '[]',
            source_kind TEXT NOT NULL DEFAULT 'file',
            etag TEXT,
            last_modified TEXT,
            last_success TEXT,
            last_error TEXT,
            error_count INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'active',
            next_fetch TEXT,
            added_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            guid TEXT NOT NULL DEFAULT '',
            link TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            author TEXT NOT NULL DEFAULT '',
            published TEXT,
            updated TEXT,
            sort_date TEXT NOT NULL,
            html BLOB,
            text TEXT NOT NULL DEFAULT '',
            structure TEXT NOT NULL DEFAULT '{}',
            content_hash TEXT NOT NULL,
            read INTEGER NOT NULL DEFAULT 0,
            starred INTEGER NOT NULL DEFAULT 0,
            added_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (feed_id, key)
        );
        CREATE INDEX articles_by_date ON articles (sort_date DESC, id DESC);
        CREATE INDEX articles_by_feed_date ON articles (feed_id, sort_date DESC, id DESC);
        CREATE INDEX articles_unread ON articles (read, sort_date DESC, id DESC);
        CREATE INDEX articles_starred ON articles (starred) WHERE starred = 1;
        CREATE VIRTUAL TABLE articles_fts USING fts5 (
            title, text, content='articles', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2'
        );
        -- Only title and text feed the index: marking read or starring never re-indexes.
        CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
        END;
        CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
            INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        CREATE TABLE state (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """
    )


@migrations()
def m002_figures(db: Database) -> None:
    """Figure mentions per article, and the cached groups built from them."""
    db.executescript(
        """
        CREATE TABLE figures (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            sentence_start INTEGER NOT NULL,
            sentence_end INTEGER NOT NULL,
            value REAL,
            low REAL,
            high REAL,
            kind TEXT NOT NULL,
            unit TEXT NOT NULL DEFAULT '',
            rate TEXT NOT NULL DEFAULT '',
            noun TEXT NOT NULL DEFAULT '',
            noun_text TEXT NOT NULL DEFAULT '',
            event TEXT NOT NULL DEFAULT '',
            qualifier TEXT NOT NULL DEFAULT '',
            bound TEXT NOT NULL DEFAULT 'exact',
            modality TEXT NOT NULL DEFAULT 'reported',
            vague INTEGER NOT NULL DEFAULT 0,
            precision INTEGER NOT NULL DEFAULT 0,
            context TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX figures_by_article ON figures (article_id, start);
        CREATE TABLE figure_groups (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            label TEXT NOT NULL,
            value REAL,
            unit TEXT NOT NULL DEFAULT '',
            noun TEXT NOT NULL DEFAULT '',
            articles INTEGER NOT NULL,
            feeds INTEGER NOT NULL,
            mention_ids TEXT NOT NULL,
            rank INTEGER NOT NULL
        );
        CREATE INDEX figure_groups_by_rank ON figure_groups (rank);
        ALTER TABLE articles ADD COLUMN extractor_version INTEGER NOT NULL DEFAULT 0;
        """
    )


@migrations()
def m003_search_and_annotations(db: Database) -> None:
    """Search vocabulary, saved searches, the figure value index, and annotations."""
    db.executescript(
        """
        CREATE VIRTUAL TABLE articles_vocab USING fts5vocab(articles_fts, 'row');
        CREATE INDEX figures_by_value ON figures (value, kind);
        CREATE TABLE saved_searches (
            name TEXT PRIMARY KEY,
            query TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE annotations (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            quote TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text_hash TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '[]',
            color TEXT NOT NULL DEFAULT 'yellow',
            status TEXT NOT NULL DEFAULT 'anchored',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX annotations_by_article ON annotations (article_id, start);
        """
    )


@migrations()
def m004_annotation_search(db: Database) -> None:
    """Notes and quotes join library search: a full-text index over annotations."""
    db.executescript(
        """
        CREATE VIRTUAL TABLE annotations_fts USING fts5 (
            quote, note, content='annotations', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER annotations_fts_insert AFTER INSERT ON annotations BEGIN
            INSERT INTO annotations_fts (rowid, quote, note) VALUES (new.id, new.quote, new.note);
        END;
        CREATE TRIGGER annotations_fts_delete AFTER DELETE ON annotations BEGIN
            INSERT INTO annotations_fts (annotations_fts, rowid, quote, note)
            VALUES ('delete', old.id, old.quote, old.note);
        END;
        CREATE TRIGGER annotations_fts_update AFTER UPDATE OF quote, note ON annotations BEGIN
            INSERT INTO annotations_fts (annotations_fts, rowid, quote, note)
            VALUES ('delete', old.id, old.quote, old.note);
            INSERT INTO annotations_fts (rowid, quote, note) VALUES (new.id, new.quote, new.note);
        END;
        """
    )


@migrations()
def m005_count_index(db: Database) -> None:
    """Unread counts per feed from an index alone: the sidebar stays quick at a million."""
    db.execute("CREATE INDEX articles_feed_read ON articles (feed_id, read)")


@migrations()
def m006_figure_lookup(db: Database) -> None:
    """Figure search reads the newest articles reporting a value straight from an index, with
    or without a counted thing ('4.5k workers', '$3 billion'), instead of sorting every row
    with that value: at a million articles a common figure has tens of thousands."""
    db.executescript(
        """
        DROP INDEX IF EXISTS figures_by_value;
        CREATE INDEX figures_by_value ON figures (value, kind, article_id);
        CREATE INDEX figures_by_value_noun ON figures (value, kind, noun, article_id);
        """
    )


@migrations()
def m007_incremental_groups(db: Database) -> None:
    """Figure groups are rebuilt bucket by bucket: each group names its bucket, writes record
    the buckets they touched, and listings sort by an index instead of a stored rank (the
    ``rank`` column stays, unused, since SQLite cannot drop it cheaply). Articles left by an
    older extractor are found from an index, so start-up need not scan the library for them."""
    db.executescript(
        """
        ALTER TABLE figure_groups ADD COLUMN bucket TEXT NOT NULL DEFAULT '';
        CREATE INDEX figure_groups_by_bucket ON figure_groups (bucket);
        CREATE INDEX figure_groups_in_order
            ON figure_groups ((kind != 'conflict'), feeds DESC, articles DESC, label, id);
        CREATE TABLE figure_dirty (bucket TEXT PRIMARY KEY, seq INTEGER NOT NULL);
        CREATE INDEX figures_by_noun ON figures (noun, kind);
        CREATE INDEX articles_by_extractor ON articles (extractor_version);
        """
    )


@migrations()
def m008_dated_groups(db: Database) -> None:
    """Groups and dirty buckets record their dates, so a refresh regroups a bucket only
    around the dates it changed. Groups built before have none: their buckets are regrouped
    whole once."""
    db.executescript(
        """
        ALTER TABLE figure_groups ADD COLUMN first_date TEXT;
        ALTER TABLE figure_groups ADD COLUMN last_date TEXT;
        ALTER TABLE figure_dirty ADD COLUMN first_date TEXT;
        ALTER TABLE figure_dirty ADD COLUMN last_date TEXT;
        """
    )


@migrations()
def m009_newest_groups_first(db: Database) -> None:
    """Groups of one rank and label (the same figure in several stories) list the newest
    story first, and in the same order however often they were regrouped, rather than in
    the order they were written."""
    db.executescript(
        """
        DROP INDEX IF EXISTS figure_groups_in_order;
        CREATE INDEX figure_groups_in_order ON figure_groups
            ((kind != 'conflict'), feeds DESC, articles DESC, label, last_date DESC, id);
        """
    )


@migrations()
def m010_analysis_queue(db: Database) -> None:
    """Articles waiting for analysis (figures, groups, stories): import and refresh store an
    article and queue it here; the analysis stage works the queue off in the background.

    A row is replaced (a new ``id``) when its article is queued again, so finishing a batch
    deletes exactly the rows it claimed and never one queued after it began. ``claimed_by``
    (a process id) and ``claimed_at`` (unix seconds) keep two processes off the same batch;
    a claim of a process that died, or an old one, is taken over."""
    db.executescript(
        """
        CREATE TABLE analysis_queue (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id INTEGER NOT NULL UNIQUE REFERENCES articles(id) ON DELETE CASCADE,
            claimed_by INTEGER,
            claimed_at REAL
        );
        """
    )


@migrations()
def m020_stories(db: Database) -> None:
    """Stories (articles reporting one event) and threads (stories of one developing
    situation): each article's story, the stories with their summed features, and for each
    key word the stories having it and when, which find an article's candidate stories."""
    db.executescript(
        """
        CREATE TABLE stories (
            id INTEGER PRIMARY KEY,
            thread_id INTEGER NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            articles INTEGER NOT NULL DEFAULT 0,
            feeds INTEGER NOT NULL DEFAULT 0,
            first_date TEXT NOT NULL,
            last_date TEXT NOT NULL,
            first_day REAL NOT NULL,
            last_day REAL NOT NULL,
            centroid TEXT NOT NULL DEFAULT '{}',
            figures INTEGER,
            differing INTEGER
        );
        CREATE INDEX stories_ranked ON stories (feeds DESC, last_date DESC, id DESC);
        CREATE INDEX stories_by_thread ON stories (thread_id);
        CREATE TABLE story_articles (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            story_id INTEGER NOT NULL,
            feed_id INTEGER NOT NULL,
            day REAL NOT NULL,
            content_hash TEXT NOT NULL
        );
        CREATE INDEX story_articles_by_story ON story_articles (story_id, feed_id);
        CREATE TABLE story_keys (
            key TEXT NOT NULL,
            story_id INTEGER NOT NULL,
            first_day REAL NOT NULL,
            last_day REAL NOT NULL,
            PRIMARY KEY (key, story_id)
        ) WITHOUT ROWID;
        """
    )


def apply(db: Database) -> None:
    """Bring the library's schema up to the newest version."""
    migrations.apply(db)


@migrations()
def m030_full_text(db: Database) -> None:
    """Full text from article pages: each feed's mode (NULL: the default of its kind, 'auto'
    for feeds followed by URL and 'never' for files) and, per article, what its page gave: the
    source of the canonical text, why a page failed, the feed's own text once a page's
    replaced it, and the page's validators for a conditional GET."""
    db.executescript(
        """
        ALTER TABLE feeds ADD COLUMN full_text TEXT;
        CREATE TABLE article_pages (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            text_source TEXT NOT NULL DEFAULT 'feed',
            page_error TEXT,
            feed_text TEXT,
            feed_structure TEXT,
            page_url TEXT NOT NULL DEFAULT '',
            etag TEXT,
            last_modified TEXT,
            refetch INTEGER NOT NULL DEFAULT 0,
            fetched_at TEXT NOT NULL
        );
        CREATE INDEX article_pages_refetch ON article_pages (refetch) WHERE refetch = 1;
        CREATE INDEX articles_by_added ON articles (added_at);
        """
    )


@migrations()
def m050_feed_titles_kept(db: Database) -> None:
    """A feed the user renamed keeps its name: re-imports and refreshes no longer overwrite it."""
    db.execute("ALTER TABLE feeds ADD COLUMN title_kept INTEGER NOT NULL DEFAULT 0")


@migrations()
def m051_notes_outlive_articles(db: Database) -> None:
    """Deleting a feed deletes its articles but keeps the notes on them: annotations no longer
    reference ``articles`` by a foreign key, and ``detached_articles`` keeps what an export says
    about an article that is gone (title, link, feed). The table is rebuilt with the same ids,
    so the annotations' full-text index (external content, by rowid) stays valid."""
    db.executescript(
        """
        CREATE TABLE annotations_new (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            article_id INTEGER NOT NULL,
            quote TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text_hash TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '[]',
            color TEXT NOT NULL DEFAULT 'yellow',
            status TEXT NOT NULL DEFAULT 'anchored',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        INSERT INTO annotations_new SELECT id, uid, article_id, quote, prefix, suffix, start,
            "end", text_hash, note, tags, color, status, created_at, updated_at FROM annotations;
        DROP TABLE annotations;
        ALTER TABLE annotations_new RENAME TO annotations;
        CREATE INDEX annotations_by_article ON annotations (article_id, start);
        CREATE TRIGGER annotations_fts_insert AFTER INSERT ON annotations BEGIN
            INSERT INTO annotations_fts (rowid, quote, note) VALUES (new.id, new.quote, new.note);
        END;
        CREATE TRIGGER annotations_fts_delete AFTER DELETE ON annotations BEGIN
            INSERT INTO annotations_fts (annotations_fts, rowid, quote, note)
            VALUES ('delete', old.id, old.quote, old.note);
        END;
        CREATE TRIGGER annotations_fts_update AFTER UPDATE OF quote, note ON annotations BEGIN
            INSERT INTO annotations_fts (annotations_fts, rowid, quote, note)
            VALUES ('delete', old.id, old.quote, old.note);
            INSERT INTO annotations_fts (rowid, quote, note) VALUES (new.id, new.quote, new.note);
        END;
        CREATE TABLE detached_articles (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL DEFAULT '',
            link TEXT NOT NULL DEFAULT '',
            guid TEXT NOT NULL DEFAULT '',
            published TEXT,
            feed_title TEXT NOT NULL DEFAULT '',
            feed_url TEXT NOT NULL DEFAULT '',
            detached_at TEXT NOT NULL
        );
        """
    )


@migrations()
def m060_feed_origin(db: Database) -> None:
    """Each feed remembers the URL that led to it (the page it was discovered on, or the OPML
    file that listed it; NULL when the user gave it directly), so its fetches obey the address
    policy of where it came from: a feed found on a public page may not reach the user's
    network."""
    db.execute("ALTER TABLE feeds ADD COLUMN origin_url TEXT")


@migrations()
def m070_single_outlet_groups_last(db: Database) -> None:
    """Figures that only one outlet reports list after those several outlets report
    (reader/store/figures.py _ORDER_TERMS): the index follows the listing order."""
    db.executescript(
        """
        DROP INDEX IF EXISTS figure_groups_in_order;
        CREATE INDEX figure_groups_in_order ON figure_groups
            ((feeds < 2), (kind != 'conflict'), feeds DESC, articles DESC, label,
             last_date DESC, id);
        """
    )


@migrations()
def m080_stories_by_size(db: Database) -> None:
    """Stories of two or more articles counted from an index alone: the Stories view's count
    read every story's row (and its summed words) before, a quarter of a second at 1M."""
    db.execute("CREATE INDEX stories_by_size ON stories (articles)")


@migrations()
def m100_story_figures_recounted(db: Database) -> None:
    """Stories' figure counts are forgotten, to be counted again as listings ask for them: a
    story's table now gathers its reports by value before subject (reader/stories/figures.py),
    so the counts kept under the former rules, and the ≠ marks they show, are out of date."""
    db.execute("UPDATE stories SET figures = NULL, differing = NULL")


@migrations()
def m110_batch_full_text_index(db: Database) -> None:
    """New articles of a store-stage batch are indexed in one statement
    (reader/store/fts_batch.py): the insert trigger stands aside while the writer's own open
    transaction holds the ``fts_deferred`` state row, and indexes every other insert as
    before."""
    db.executescript(
        """
        DROP TRIGGER IF EXISTS articles_fts_insert;
        CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles
        WHEN NOT EXISTS (SELECT 1 FROM state WHERE key = 'fts_deferred') BEGIN
            INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        """
    )


@migrations()
def m111_queue_claims_index(db: Database) -> None:
    """The analysis queue's claimed rows found from an index of them alone: every claim asked
    which processes hold claims by reading the whole queue (5 ms at 100,000 queued, ten
    times that at a million, once per batch)."""
    db.execute(
        "CREATE INDEX analysis_queue_claims ON analysis_queue (claimed_by) "
        "WHERE claimed_by IS NOT NULL"
    )


@migrations()
def m120_figure_fields(db: Database) -> None:
    """Which text a figure mention's offsets point into: the article's canonical text (every
    mention stored before) or its title, whose figures the extractor now reads too
    (reader/figures/titles.py). A title mention is never an offset into the body."""
    db.execute("ALTER TABLE figures ADD COLUMN field TEXT NOT NULL DEFAULT 'text'")


@migrations()
def m130_story_assignment_order(db: Database) -> None:
    """The order articles were assigned to stories in (``seq``, rising with every assignment),
    so a whole rebuild assigns them again in that order and makes the same stories; articles
    assigned before it keep 0 and are rebuilt in report-time order."""
    db.execute("ALTER TABLE story_articles ADD COLUMN seq INTEGER NOT NULL DEFAULT 0")
    # Each write of assignments starts after the highest seq: found in the index, not a scan.
    db.execute("CREATE INDEX story_articles_by_seq ON story_articles (seq)")


@migrations()
def m131_story_feed_memory(db: Database) -> None:
    """What story assignment remembers of each feed's recent articles, to tell the feed's
    boilerplate (reader/stories/boilerplate.py): one JSON document a feed."""
    db.execute("CREATE TABLE story_feeds (feed_id INTEGER PRIMARY KEY, memory TEXT NOT NULL) ")


@migrations()
def m150_story_figures_counted_by_pair_model(db: Database) -> None:
    """Stories' figure counts are forgotten, to be counted again as listings ask for them: a
    story's table is now built by the scored pair models (reader/stories/figure_entries.py), so
    the counts kept under the former hand rules, and the ≠ marks they show, are out of date."""
    db.execute("UPDATE stories SET figures = NULL, differing = NULL")


@migrations()
def m220_figure_kin(db: Database) -> None:
    """Each figure mention's kin class (FigureMention.kin, reader/figures/kin.py): the one name
    of nouns outlets use interchangeably for one quantity. Mentions stored before have none
    until the analysis queue extracts their articles again (extractor version 9)."""
    db.execute("ALTER TABLE figures ADD COLUMN kin TEXT NOT NULL DEFAULT ''")


@migrations()
def m250_figure_groups_by_thread(db: Database) -> None:
    """Figure groups are built thread by thread (reader/stories/groups.py), so a change of which
    story or thread an article is in changes them: triggers record every such article
    (``figure_dirty_articles``; regrouping reads its mentions' buckets around its date and
    empties it). Groups cached before were built across the library and split afterwards:
    they are built again once (``figures_bucketed`` forgotten). A mention removed is recorded
    with what names its buckets (``figure_removed``): in those, new mentions cannot simply be
    added to the groups (reader/stories/group_updates.py)."""
    db.executescript(
        """
        CREATE TABLE figure_dirty_articles (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL
        );
        CREATE TRIGGER figure_dirty_story_joined AFTER INSERT ON story_articles BEGIN
            INSERT INTO figure_dirty_articles (article_id) VALUES (new.article_id);
        END;
        CREATE TRIGGER figure_dirty_story_left AFTER DELETE ON story_articles BEGIN
            INSERT INTO figure_dirty_articles (article_id) VALUES (old.article_id);
        END;
        CREATE TRIGGER figure_dirty_story_moved AFTER UPDATE OF story_id ON story_articles
        WHEN old.story_id IS NOT new.story_id BEGIN
            INSERT INTO figure_dirty_articles (article_id) VALUES (new.article_id);
        END;
        CREATE TRIGGER figure_dirty_thread_moved AFTER UPDATE OF thread_id ON stories
        WHEN old.thread_id IS NOT new.thread_id BEGIN
            INSERT INTO figure_dirty_articles (article_id)
            SELECT article_id FROM story_articles WHERE story_id = new.id;
        END;
        CREATE TABLE figure_removed (
            id INTEGER PRIMARY KEY,
            kind TEXT, unit TEXT, rate TEXT, value REAL, noun TEXT, event TEXT, vague INTEGER
        );
        CREATE TRIGGER figure_dirty_removed AFTER DELETE ON figures BEGIN
            INSERT INTO figure_removed (kind, unit, rate, value, noun, event, vague)
            VALUES (old.kind, old.unit, old.rate, old.value, old.noun, old.event, old.vague);
        END;
        DELETE FROM state WHERE key = 'figures_bucketed';
        """
    )


@migrations()
def m260_story_figures_counted_with_unnamed_reports(db: Database) -> None:
    """Stories' figure counts are forgotten, to be counted again as listings ask for them: a
    story's table now lets a report naming no counted thing join the entry it reads as, and
    reads an age and a count written as a place as one quantity with their other writings
    (reader/stories/figure_entries.py), so the counts kept before, and the ≠ marks they show,
    are out of date."""
    db.execute("UPDATE stories SET figures = NULL, differing = NULL")


@migrations()
def m300_story_thread_marks(db: Database) -> None:
    """How many of a story's thread background quantities differ (reader.stories.thread_marks),
    counted once for the Stories view's mark and kept with the state of the thread it was
    counted from (``stamp``): a thread that changes is counted again when next listed."""
    db.execute(
        "CREATE TABLE story_thread_marks (story_id INTEGER PRIMARY KEY, stamp TEXT NOT NULL, "
        "differing INTEGER NOT NULL)"
    )


@migrations()
def m350_story_figure_groups(db: Database) -> None:
    """Conflicts come from the stories' figures tables (reader/stories/story_groups.py): a
    conflict row keeps its table's verdict ("disagreement" or "update") in ``verdict``. A
    removed mention is recorded with its id and article, so the story conflicts holding it
    are built again. Groups cached before are built again once (``figures_bucketed``
    forgotten)."""
    db.executescript(
        """
        ALTER TABLE figure_groups ADD COLUMN verdict TEXT NOT NULL DEFAULT '';
        ALTER TABLE figure_removed ADD COLUMN mention_id INTEGER;
        ALTER TABLE figure_removed ADD COLUMN article_id INTEGER;
        DROP TRIGGER figure_dirty_removed;
        CREATE TRIGGER figure_dirty_removed AFTER DELETE ON figures BEGIN
            INSERT INTO figure_removed
                (kind, unit, rate, value, noun, event, vague, mention_id, article_id)
            VALUES (old.kind, old.unit, old.rate, old.value, old.noun, old.event, old.vague,
                old.id, old.article_id);
        END;
        DELETE FROM state WHERE key = 'figures_bucketed';
        """
    )


def _forget_story_figures(db: Database) -> None:
    """Stories' figure counts, thread marks and conflicts forgotten, to be built again as they
    are asked for: what a migration does when the story tables' verdicts change."""
    db.executescript(
        """
        UPDATE stories SET figures = NULL, differing = NULL;
        DELETE FROM story_thread_marks;
        DELETE FROM state WHERE key = 'figures_bucketed';
        """
    )


@migrations()
def m380_story_figures_disputes_recounted(db: Database) -> None:
    """Stories' figure counts, thread marks and conflicts are forgotten, to be built again as
    they are asked for: a story's table now keeps two groups of values apart for an article
    only where it gives both a value of one counted thing, and its pair models were retrained
    (reader/stories/figure_entries.py, figure_pairs.py), so the ≠ marks and conflicts kept
    before are out of date."""
    _forget_story_figures(db)


@migrations()
def m390_story_figures_flagged_surely(db: Database) -> None:
    """Stories' figure counts, thread marks and conflicts are forgotten, to be built again as
    they are asked for: a story's table now flags differing values as a disagreement or an
    update only where its differing model is surely right (else "differs", neither counted
    nor listed as a conflict), under rule families chosen by cross-validation, and its pair
    models were retrained (reader/stories/figure_entries.py, figure_rules.py), so the ≠
    marks and conflicts kept before are out of date."""
    _forget_story_figures(db)


@migrations()
def m400_undated_last(db: Database) -> None:
    """Undated articles go last in every list, in either date order (as mail readers do): they
    sorted by the time they were imported, above the day's news. ``undated`` marks them (an
    article whose sort date is neither its published nor its updated date: the import time
    stood in). The list indexes lead with it after their filter, so each part of a list (the
    dated, then the undated) is a range of one index, read in either direction, a deep page
    costing an index step a row as before; ``articles_by_date`` stays for what orders or
    ranges by date alone (search's ``after:``, the page passes)."""
    db.executescript(
        """
        ALTER TABLE articles ADD COLUMN undated INTEGER NOT NULL DEFAULT 0;
        UPDATE articles SET undated = 1
            WHERE sort_date IS NOT published AND sort_date IS NOT updated;
        CREATE INDEX articles_list ON articles (undated, sort_date DESC, id DESC);
        DROP INDEX articles_by_feed_date;
        CREATE INDEX articles_by_feed_date ON articles (feed_id, undated, sort_date DESC, id DESC);
        DROP INDEX articles_unread;
        CREATE INDEX articles_unread ON articles (read, undated, sort_date DESC, id DESC);
        """
    )


@migrations()
def m410_story_figures_identity_gate(db: Database) -> None:
    """Stories' figure counts, thread marks and conflicts are forgotten, to be built again as
    they are asked for: a story's table now flags differing values as a disagreement or an
    update only where two of its reports pass an explicit identity test (one counted thing,
    one event, nothing about them conflicting, sentences saying one thing alike:
    reader/stories/figure_identity.py), else "differs", so the ≠ marks and conflicts kept
    before are out of date."""
    _forget_story_figures(db)


@migrations()
def m440_story_voices(db: Database) -> None:
    """How many outlets a story really hears (reader.stories.voices: feeds whose texts differ),
    counted when the Stories list first ranks the story and forgotten (NULL) whenever the story
    changes (its articles, its feeds, its centroid: any assignment that touches it), so the
    list ranks by it without reading texts again. The list's order is an index (a story not
    counted yet stands by its feeds): its first page reads a few index entries at 1M."""
    db.executescript(
        """
        ALTER TABLE stories ADD COLUMN voices INTEGER;
        CREATE INDEX stories_by_voices
            ON stories (COALESCE(voices, feeds) DESC, feeds DESC, last_date DESC, id DESC);
        CREATE TRIGGER story_voices_changed AFTER UPDATE OF articles, feeds, centroid ON stories
        WHEN old.voices IS NOT NULL
        BEGIN
            UPDATE stories SET voices = NULL WHERE id = new.id;
        END;
        """
    )


@migrations()
def m441_clock_labels(db: Database) -> None:
    """A game or race clock ("with 7:41 left") is labelled as written, not as its seconds
    ("461 seconds": reader/figures/written.py): a library holding one has its figure groups
    built again once, with their labels (one without a clock keeps its groups)."""
    clock = db.execute(
        "SELECT 1 FROM figures WHERE kind = 'duration' AND unit = 'second' "
        "AND text GLOB '*[0-9]:[0-9][0-9]*' LIMIT 1"
    ).fetchone()
    if clock is not None:
        db.execute("DELETE FROM state WHERE key = 'figures_bucketed'")


@migrations()
def m450_flag_mark(db: Database) -> None:
    """A counter that every write of read or star marks moves (reader.store.library_mark):
    the reader noticed another process's new articles and feeds, not its marks, so its
    sidebar kept unread counts a ``feedlens feeds read`` beside it had changed."""
    db.executescript(
        """
        CREATE TABLE library_marks (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        INSERT INTO library_marks (name, value) VALUES ('flags', 0);
        """
    )


@migrations()
def m460_full_text_index_in_memory(db: Database) -> None:
    """The full-text index keeps up to 4 MB of new terms in memory before it writes them out
    as a segment (FTS5's ``hashsize``; its default, 1 MB, is less than a store-stage batch's
    terms): a batch's index statement writes one segment, not several, and FTS5 merges fewer
    segments as an import goes on (some 29,000 fewer instructions per stored article, of
    2.1 million). The terms found for each article, and every search, are the same."""
    db.execute(
        f"INSERT INTO articles_fts (articles_fts, rank) VALUES ('hashsize', {FTS_HASH_BYTES})"
    )


FTS_HASH_BYTES = 4 * 1024 * 1024


@migrations()
def m480_story_figures_self_checked(db: Database) -> None:
    """Stories' figure counts, thread marks and conflicts are forgotten, to be built again as
    they are asked for: a story's table now flags differing values only where no article of
    the story gives two values the identity test calls one figure (the story's self-check:
    reader/stories/figure_entries.py ``ambiguous_in_one_article``), and every view reads a
    story's table within one budget of 800 reports (was 400 for the conflicts alone:
    reader/stories/story_groups.py ``story_table``), so the ≠ marks and conflicts kept before
    are out of date."""
    _forget_story_figures(db)


@migrations()
def m490_story_figures_flagged_on_conflict(db: Database) -> None:
    """Stories' figure counts, thread marks and conflicts are forgotten, to be built again as
    they are asked for: a story's table now reads how sure a flag is on the two reports in
    conflict (rule ``flag_on_conflict``) and its identity gate reads a noun written next to
    the other figure as one counted thing (``gate_named_next_to``; reader/stories/
    figure_rules.py), so the ≠ marks and conflicts kept before are out of date."""
    _forget_story_figures(db)


@migrations()
def m495_stories_assigned_again(db: Database) -> None:
    """A library whose stories were assigned before the main-actor veto and the merge step
    (reader/stories/same_event.py, assign.py) gets them without a command: its stories are to
    be assigned again, whole, by the analysis stage in the background (state
    ``stories_rebuild_wanted``, read by reader.stories.service.update_stories), and one of its
    articles is queued so the analysis stage starts; nothing long runs here, and the library
    is read as before until the new stories are written. A library without stories (a new
    one) has nothing to assign again."""
    _stories_assigned_again(db)


@migrations()
def m505_stories_merged_when_nothing_contradicts(db: Database) -> None:
    """A library whose stories were assigned with the merge step off (reader/stories/
    assign.py MERGE_STORIES, on since the merge step checks what contradicts between two
    stories: reader/stories/merge_checks.py) has them assigned again in the background, as
    m495 does: the split first reports of one event are joined; nothing long runs here."""
    _stories_assigned_again(db)


def _stories_assigned_again(db: Database) -> None:
    """Ask the analysis stage to assign every story again, whole, in the background (state
    ``stories_rebuild_wanted``, read by reader.stories.service.update_stories), queueing one
    article so it starts; nothing for a library without stories (a new one)."""
    first = db.execute("SELECT article_id FROM story_articles ORDER BY article_id LIMIT 1")
    row = first.fetchone()
    if row is None:
        return
    db.execute("INSERT OR REPLACE INTO state (key, value) VALUES ('stories_rebuild_wanted', '1')")
    if db.execute("SELECT 1 FROM analysis_queue WHERE article_id = ?", row).fetchone():
        return
    empty = db.execute("SELECT 1 FROM analysis_queue LIMIT 1").fetchone() is None
    db.execute("INSERT INTO analysis_queue (article_id) VALUES (?)", row)
    # Counted as the analysis queue counts what it is given (reader/store/analysis_queue.py).
    known = db.execute("SELECT value FROM state WHERE key = 'analysis_total'").fetchone()
    total = 1 if empty or known is None else int(known[0]) + 1
    db.execute(
        "INSERT OR REPLACE INTO state (key, value) VALUES ('analysis_total', ?)", (str(total),)
    )


@migrations()
def m506_detached_notes_apart(db: Database) -> None:
    """Notes kept from a deleted feed named their article by its old id, and article ids are
    reused: a feed imported next took those ids, and the notes were listed (and exported) on
    its articles. What was kept of each detached article moves to a negative id of its own
    (never an article's; reader/store/feed_admin.py now detaches that way) with the notes that
    were on it when it was detached; notes made since on an article that took the id stay."""
    rows = db.execute(
        "SELECT id, detached_at FROM detached_articles WHERE id > 0 ORDER BY id"
    ).fetchall()
    lowest = db.execute("SELECT MIN(MIN(id), 0) FROM detached_articles").fetchone()[0] or 0
    for offset, (old, detached_at) in enumerate(rows, start=1):
        new = int(lowest) - offset
        db.execute(
            "INSERT INTO detached_articles (id, title, link, guid, published, feed_title, "
            "feed_url, detached_at) SELECT ?, title, link, guid, published, feed_title, "
            "feed_url, detached_at FROM detached_articles WHERE id = ?",
            (new, old),
        )
        db.execute(
            "UPDATE annotations SET article_id = ?, status = 'orphaned' "
            "WHERE article_id = ? AND created_at <= ?",
            (new, old, detached_at),
        )
        db.execute("DELETE FROM detached_articles WHERE id = ?", (old,))


@migrations()
def m510_story_figures_referents_apart(db: Database) -> None:
    """Stories' figure counts, thread marks and conflicts are forgotten, to be built again as
    they are asked for: a story's identity gate now reads the time frame a figure is of
    ("last season", "this season"), the name written after it ("MacBook Pro") and two people
    one sentence names together, and a figure its article says was revised ("revised to 41")
    reads as an update (reader/stories/figure_identity.py, figure_entries.py), so the ≠ marks
    and conflicts kept before are out of date."""
    _forget_story_figures(db)


@migrations()
def m520_figure_dirty_articles_left_thread(db: Database) -> None:
    """An article that changed story or thread is recorded with the thread it left
    (``figure_dirty_articles.left_thread``; 0: it joined from no story, NULL: not known, as for
    every row recorded before). Read before a row is inserted: story assignment writes a member
    row with INSERT OR REPLACE, whose replaced row fires no delete trigger. Regrouping after a
    change then rebuilds only the threads whose mentions changed, the thread an article left
    among them, instead of every date of its buckets a chain of cached groups reaches
    (reader/stories/group_updates.py)."""
    db.executescript(
        """
        ALTER TABLE figure_dirty_articles ADD COLUMN left_thread INTEGER;
        DROP TRIGGER figure_dirty_story_joined;
        CREATE TRIGGER figure_dirty_story_joined BEFORE INSERT ON story_articles BEGIN
            INSERT INTO figure_dirty_articles (article_id, left_thread)
            VALUES (new.article_id, CASE
                WHEN EXISTS (SELECT 1 FROM story_articles WHERE article_id = new.article_id)
                THEN (SELECT t.thread_id FROM story_articles s JOIN stories t
                      ON t.id = s.story_id WHERE s.article_id = new.article_id)
                ELSE 0 END);
        END;
        DROP TRIGGER figure_dirty_story_left;
        CREATE TRIGGER figure_dirty_story_left AFTER DELETE ON story_articles BEGIN
            INSERT INTO figure_dirty_articles (article_id, left_thread)
            VALUES (old.article_id, (SELECT thread_id FROM stories WHERE id = old.story_id));
        END;
        DROP TRIGGER figure_dirty_story_moved;
        CREATE TRIGGER figure_dirty_story_moved AFTER UPDATE OF story_id ON story_articles
        WHEN old.story_id IS NOT new.story_id BEGIN
            INSERT INTO figure_dirty_articles (article_id, left_thread)
            VALUES (new.article_id, (SELECT thread_id FROM stories WHERE id = old.story_id));
        END;
        DROP TRIGGER figure_dirty_thread_moved;
        CREATE TRIGGER figure_dirty_thread_moved AFTER UPDATE OF thread_id ON stories
        WHEN old.thread_id IS NOT new.thread_id BEGIN
            INSERT INTO figure_dirty_articles (article_id, left_thread)
            SELECT article_id, old.thread_id FROM story_articles WHERE story_id = new.id;
        END;
        """
    )


@migrations()
def m525_story_figures_stemmed_and_clauses_said_alike(db: Database) -> None:
    """Stories' figure counts, thread marks and conflicts are forgotten, to be built again as
    they are asked for: a story's table now compares words by one stem (one event told in two
    tenses, "fell" and "falling", is one event), its identity gate reads two figures' own
    clauses said alike, and its pair models were retrained (reader/stories/figure_pairs.py,
    figure_identity.py), so the ≠ marks and conflicts kept before are out of date."""
    _forget_story_figures(db)
