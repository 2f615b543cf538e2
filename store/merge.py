"""Merging shard logs: events are content-addressed, so a merge is a union.

`merge(into, shard)` appends, in the shard's order, every event `into` lacks, with the blobs
they reference and the shard's recorded_at (when the shard learned it); then the projections
advance. Merging is idempotent and, for shards of different articles, order-independent.
"""
from __future__ import annotations

import os
from pathlib import Path

from .errors import StoreError
from .log import EventLog


def merge(into: EventLog, shard: str | os.PathLike) -> int:
    """Append the events of `shard` that `into` lacks; return how many were new."""
    shard = Path(shard)
    with EventLog(shard, readonly=True):  # a clear error for a missing or foreign file
        pass
    if shard.resolve() == into.path.resolve():
        raise StoreError(f"{shard}: cannot merge a log into itself")
    conn = into.conn
    conn.execute("ATTACH DATABASE ? AS shard", (str(shard),))
    try:
        conn.execute("BEGIN IMMEDIATE")
        before = conn.total_changes
        conn.execute("INSERT INTO main.blobs(sha256, size, compression, data) "
                     "SELECT sha256, size, compression, data FROM shard.blobs WHERE true "
                     "ON CONFLICT(sha256) DO NOTHING")
        blobs = conn.total_changes - before
        conn.execute("INSERT INTO main.events(event_id, type, key, recorded_at, payload) "
                     "SELECT event_id, type, key, recorded_at, payload FROM shard.events "
                     "WHERE true ORDER BY seq ON CONFLICT(event_id) DO NOTHING")
        added = conn.total_changes - before - blobs
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute("DETACH DATABASE shard")
    return added
