"""The state of knowledge at a moment: projections built from the events recorded up to then.

"What did we know on 1 May?" is a filter on recorded_at (when we learned it), not on
published_at (when the world said it). The result is an in-memory database with the same tables
as the live projections, so every read command works on either.
"""
from __future__ import annotations

import sqlite3
from datetime import datetime, time, timezone

from .errors import StoreError
from .projections import apply_events, create_tables


def parse_as_of(text: str) -> str:
    """'2026-05-01' -> the end of that day in UTC; a full timestamp -> that moment, in UTC."""
    try:
        if len(text.strip()) == 10:
            moment = datetime.combine(datetime.fromisoformat(text.strip()).date(),
                                      time(23, 59, 59, 999999), timezone.utc)
        else:
            moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=timezone.utc)
    except ValueError:
        raise StoreError(f"--as-of {text!r}: expected a date (2026-05-01) or an ISO timestamp "
                         "(2026-05-01T12:00:00Z)") from None
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds").replace(
        "+00:00", "Z")


def connection_as_of(log_conn: sqlite3.Connection, as_of: str | None) -> sqlite3.Connection:
    """The live connection when as_of is None; else projections of the events known then."""
    if not as_of:
        return log_conn
    cutoff = parse_as_of(as_of)
    mem = sqlite3.connect(":memory:")
    mem.row_factory = sqlite3.Row
    create_tables(mem)
    # the reconciliation reads the log's position and reviews from an events table
    mem.execute("CREATE TABLE events (seq INTEGER PRIMARY KEY, type TEXT, key TEXT)")
    rows = log_conn.execute("SELECT seq, event_id, type, key, recorded_at, payload FROM events "
                            "WHERE recorded_at <= ? ORDER BY seq", (cutoff,))
    with mem:
        apply_events(mem, rows, source=_FilteredSource(log_conn, cutoff))
    return mem


class _FilteredSource:
    """Lets the projector look up earlier events without seeing any recorded after the cutoff."""

    def __init__(self, conn: sqlite3.Connection, cutoff: str):
        self.conn, self.cutoff = conn, cutoff

    def execute(self, sql: str, params=()):
        if "FROM events WHERE" in sql:
            sql = sql.replace("FROM events WHERE", "FROM events WHERE recorded_at <= ? AND", 1)
            params = (self.cutoff, *params)
        return self.conn.execute(sql, params)
