"""The log's schema, its guards and its migrations.

The `events` table is append-only: triggers abort any UPDATE or DELETE. Every migration is a list of
plain SQL statements run in one transaction; after each, `check_guards` proves the triggers survived
(sqlite-utils' `table.transform()` silently drops triggers, so we never use it on the log).
"""
from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 3

GUARDS = {
    "events_append_only_update": """
        CREATE TRIGGER IF NOT EXISTS events_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE is not allowed'); END""",
    "events_append_only_delete": """
        CREATE TRIGGER IF NOT EXISTS events_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE is not allowed'); END""",
}

MIGRATIONS: dict[int, list[str]] = {
    1: [
        """CREATE TABLE events (
            seq INTEGER PRIMARY KEY,
            event_id TEXT NOT NULL UNIQUE CHECK (length(event_id) = 64),
            type TEXT NOT NULL CHECK (type IN ('article.fetched', 'article.extracted',
                'claim.extracted', 'claim.reviewed', 'crawl.finished')),
            key TEXT,
            recorded_at TEXT NOT NULL,
            payload TEXT NOT NULL CHECK (json_valid(payload))
        )""",
        "CREATE INDEX events_key ON events(type, key)",
        "CREATE INDEX events_recorded_at ON events(recorded_at)",
        """CREATE TABLE blobs (
            sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
            size INTEGER NOT NULL,
            compression TEXT NOT NULL,
            data BLOB NOT NULL
        )""",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        *GUARDS.values(),
    ],
    2: [
        # projection checkpoints: how far each projection has read the log
        "CREATE TABLE IF NOT EXISTS projection_state (name TEXT PRIMARY KEY, seq INTEGER NOT NULL)",
        *GUARDS.values(),
    ],
    3: [
        # claim.corrected: a fact-checker's correction. SQLite cannot change a CHECK in place,
        # so the table is copied (seq, ids and order kept), renamed, and indexed and guarded again
        """CREATE TABLE events_v3 (
            seq INTEGER PRIMARY KEY,
            event_id TEXT NOT NULL UNIQUE CHECK (length(event_id) = 64),
            type TEXT NOT NULL CHECK (type IN ('article.fetched', 'article.extracted',
                'claim.extracted', 'claim.reviewed', 'claim.corrected', 'crawl.finished')),
            key TEXT,
            recorded_at TEXT NOT NULL,
            payload TEXT NOT NULL CHECK (json_valid(payload))
        )""",
        "INSERT INTO events_v3 SELECT seq, event_id, type, key, recorded_at, payload FROM events",
        "DROP TABLE events",
        "ALTER TABLE events_v3 RENAME TO events",
        "CREATE INDEX events_key ON events(type, key)",
        "CREATE INDEX events_recorded_at ON events(recorded_at)",
        *GUARDS.values(),
    ],
}


def current_version(conn: sqlite3.Connection) -> int:
    has_meta = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
    if not has_meta:
        return 0
    row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    return int(row[0]) if row else 0


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema up to SCHEMA_VERSION; return the version found before."""
    found = current_version(conn)
    for version in range(found + 1, SCHEMA_VERSION + 1):
        if not conn.in_transaction:
            conn.execute("BEGIN IMMEDIATE")
        with conn:
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
            conn.execute(
                "INSERT INTO meta(key, value) VALUES('schema_version', ?) "
                "ON CONFLICT(key) DO UPDATE SET value=excluded.value", (str(version),))
        check_guards(conn)
    return found


def check_guards(conn: sqlite3.Connection) -> None:
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    missing = set(GUARDS) - names
    if missing:
        raise RuntimeError(f"append-only guards missing after migration: {sorted(missing)}")
