"""Publish a consistent, read-only snapshot of the log for Datasette to serve immutable.

VACUUM INTO copies a consistent state even while a writer appends; the copy gets full-text search
and indexes, then replaces the old snapshot with an atomic rename, so a server reading the old file
never sees a half-written one. The copy is written to `.NAME.tmp-PID`; a publish that was killed
leaves it behind (with its journal), and the next publish removes those of dead processes.
"""
from __future__ import annotations

import os
import re
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
    remove_stale_copies(out)
    if tmp.exists():
        tmp.unlink()
    with EventLog(db) as log:
        advance(log.conn)
        log.conn.execute("VACUUM INTO ?", (str(tmp),))
    try:
        conn = sqlite3.connect(tmp)
        with conn:
            _add_browsing_columns(conn)
            _add_search(conn)
            conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("ANALYZE")
        conn.close()
        os.replace(tmp, out)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"could not publish {db} to {out}: {exc}") from None
    return out


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def remove_stale_copies(out: Path) -> list[Path]:
    """Remove the half-written copies (and their journals) that killed publishes of `out` left
    behind; a copy whose process is still running is another publish at work, and stays."""
    pattern = re.compile(rf"^\.{re.escape(out.name)}\.tmp-(\d+)(-journal|-wal|-shm)?$")
    removed = []
    for path in out.parent.iterdir():
        m = pattern.match(path.name)
        if m and int(m.group(1)) != os.getpid() and not _alive(int(m.group(1))):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


FACET_COLUMNS = ("subject", "metric", "publisher", "status", "kind", "year")


def _add_browsing_columns(conn: sqlite3.Connection) -> None:
    """The snapshot is for browsing: each claim carries its group's status, and every facet
    column is indexed so facet counts stay fast on large tables."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "claims" not in tables:
        return
    fill_claim_status(conn)
    for column in FACET_COLUMNS:
        conn.execute(f"CREATE INDEX IF NOT EXISTS claims_facet_{column} ON claims({column})")
    conn.execute("CREATE INDEX IF NOT EXISTS claims_published ON claims(published_at)")


def fill_claim_status(conn: sqlite3.Connection, families: list[str] | None = None) -> None:
    """Copy into each claim the figure it counts in (claims.figure, a group key) and that
    figure's verdict (claims.status): all claims, or those of `families` (the desk refreshes
    the figures a review or a correction touched). The claims page links every row to its
    figure from this column: looking each row's figure up while the page renders cost a query
    per row."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not {"claims", "group_claims", "metric_groups"} <= tables:
        return
    # a claim placed in another figure by inference counts there, with that figure's verdict
    # (the order of pages.group_of_claim); a claim in no group has none (NULL)
    sql = ("UPDATE claims SET (figure, status) = (SELECT g.group_key, mg.status FROM "
           "group_claims g JOIN metric_groups mg USING (group_key) WHERE g.claim_id = "
           "claims.claim_id ORDER BY g.inferred IS NOT NULL LIMIT 1)")
    if families is None:
        conn.execute(sql)
    else:
        conn.executemany(sql + " WHERE family = ?", [(f,) for f in families])


def refresh_claim_status(conn: sqlite3.Connection, families: list[str] | None = None) -> None:
    """fill_claim_status in a write transaction of its own, on the live log: the desk calls it
    after a review or a correction (and once before it serves), so claims.status agrees with
    the verdicts the reconciliation just wrote."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        fill_claim_status(conn, families)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _add_search(conn: sqlite3.Connection) -> None:
    """Full-text search the way Datasette detects it (sqlite-utils' enable_fts)."""
    import sqlite_utils
    db = sqlite_utils.Database(conn)
    for table, columns in FTS.items():
        if db[table].exists():
            db[table].enable_fts(columns, fts_version="FTS5", create_triggers=False)
