"""A new library's schema is made by the migrations through ScriptedDatabase: the scripts are
split into the very statements sqlite-utils would run (checked against sqlite-utils' own
splitter on every migration script and on generated scripts full of semicolons in strings,
comments and trigger bodies), and the library file comes out with the same schema as one made
through sqlite-utils' plain Database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database
from sqlite_utils.db import _iter_complete_sql_statements

from reader.store import migrations
from reader.store.db import Store


class _Recording(migrations.ScriptedDatabase):
    def __init__(self, conn: sqlite3.Connection, scripts: list[str]) -> None:
        super().__init__(conn)
        self.scripts = scripts

    def executescript(self, sql: str) -> sqlite3.Cursor:
        self.scripts.append(sql)
        return super().executescript(sql)


def _schema(path: Path) -> list[tuple[str, str, str, str | None]]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
        applied = conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid").fetchall()
    finally:
        conn.close()
    return sorted(rows) + [("migration", name, "", None) for (name,) in applied]


def test_every_migration_script_splits_as_sqlite_utils_splits_it(tmp_path: Path) -> None:
    scripts: list[str] = []
    conn = sqlite3.connect(tmp_path / "new.sqlite", isolation_level=None)
    migrations.apply(_Recording(conn, scripts))
    conn.close()
    assert len(scripts) >= 20  # the migrations that run scripts
    for script in scripts:
        assert list(migrations.complete_statements(script)) == list(
            _iter_complete_sql_statements(script)
        )


def test_a_new_library_has_the_schema_plain_sqlite_utils_makes(tmp_path: Path) -> None:
    Store(tmp_path / "store.sqlite").close()
    conn = sqlite3.connect(tmp_path / "plain.sqlite", isolation_level=None)
    migrations.apply(Database(conn))
    conn.close()
    made, plain = _schema(tmp_path / "store.sqlite"), _schema(tmp_path / "plain.sqlite")
    assert len(made) > 50
    assert made == plain


# Pieces that make statement ends hard to find: semicolons inside strings, quoted names and
# comments, trigger bodies with their own statements, unfinished strings and comments.
_PIECES = st.sampled_from(
    [
        "CREATE TABLE t (a TEXT DEFAULT ';')",
        "INSERT INTO t VALUES ('x;y')",
        'SELECT "odd;name" FROM t',
        "CREATE TRIGGER g AFTER INSERT ON t BEGIN UPDATE t SET a = 1; DELETE FROM t; END",
        "-- a comment; with a semicolon\n",
        "/* block; comment */",
        ";",
        " ",
        "\n",
        "'unfinished;",
        "SELECT 1",
        "END",
        "BEGIN",
        "CASE WHEN 1 THEN 'a;' END",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=12))
def test_generated_scripts_split_as_sqlite_utils_splits_them(pieces: list[str]) -> None:
    script = "".join(pieces)
    assert list(migrations.complete_statements(script)) == list(
        _iter_complete_sql_statements(script)
    )
