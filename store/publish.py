"""Publish a consistent, read-only snapshot of the log for Datasette to serve immutable.

VACUUM INTO copies a consistent state even while a writer appends; the copy gets full-text search
and indexes, then replaces the old snapshot with an atomic rename, so a server reading the old file
never sees a half-written one.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from .errors import StoreError
from .log import EventLog
from .projections import advance

FTS = {
    "claims": ["quote", "subject", "metric", "value_text", "publisher"],
    "articles": ["title", "text", "publisher"],
}


def publish(db: str | os.PathLike, out: str | os.PathLike) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    if tmp.exists():
        tmp.unlink()
    with EventLog(db) as log:
        advance(log.conn)
        log.conn.execute("VACUUM INTO ?", (str(tmp),))
    try:
        conn = sqlite3.connect(tmp)
        with conn:
            _add_search(conn)
            conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("ANALYZE")
        conn.close()
        os.replace(tmp, out)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"could not publish {db} to {out}: {exc}") from None
    return out


def _add_search(conn: sqlite3.Connection) -> None:
    """Full-text search the way Datasette detects it (sqlite-utils' enable_fts)."""
    import sqlite_utils
    db = sqlite_utils.Database(conn)
    for table, columns in FTS.items():
        if db[table].exists():
            db[table].enable_fts(columns, fts_version="FTS5", create_triggers=False)
