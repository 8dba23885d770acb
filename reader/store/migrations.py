"""Every schema change of the library file, in order, as sqlite-utils Migrations.

A migration is never edited once shipped: a change to the schema is a new function at the end.
Each runs in its own transaction; ``apply`` brings any shipped version forward.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("feedlens")


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
