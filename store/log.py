"""The append-only event log: one SQLite file, one writer, WAL mode.

`EventLog.append` writes events with INSERT ... ON CONFLICT(event_id) DO NOTHING inside one
transaction, together with any blobs they reference, so a crash leaves all of a batch or none.
"""
from __future__ import annotations

import json
import os
import sqlite3
import zlib
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from .errors import NoSuchLog, StoreError
from .events import Event, sha256_hex
from .schema import SCHEMA_VERSION, current_version, migrate

BUSY_TIMEOUT_MS = 30_000


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")


def connect(path: str | os.PathLike, *, readonly: bool = False) -> sqlite3.Connection:
    """Open a claims-tracker log, with a clear StoreError for every way that can fail."""
    path = Path(path)
    if readonly and not path.exists():
        raise NoSuchLog(path)
    if not readonly and not path.parent.exists():
        raise StoreError(f"{path}: the folder {path.parent} does not exist.")
    try:
        if readonly:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None,
                                   check_same_thread=False)
        else:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        # projections read claims scattered over the file: a bigger page cache and mmap
        conn.execute("PRAGMA cache_size=-131072")  # 128 MiB
        conn.execute("PRAGMA mmap_size=1073741824")
    except sqlite3.DatabaseError as exc:
        raise StoreError(_explain(path, exc)) from None
    conn.row_factory = sqlite3.Row
    return conn


def _explain(path: Path, exc: Exception) -> str:
    msg = str(exc)
    if "not a database" in msg or "malformed" in msg:
        return (f"{path}: not a claims-tracker log ({msg}). Point --db at a log file, "
                "or move this file away and start a new one.")
    if "unable to open" in msg or "readonly" in msg or "read-only" in msg:
        return (f"{path}: cannot open for writing ({msg}). Check the folder's permissions "
                "or pass --db with a writable path.")
    return f"{path}: {msg}"


class EventLog:
    """The log file: events, blobs, meta. Use as a context manager."""

    def __init__(self, path: str | os.PathLike, *, readonly: bool = False):
        self.path = Path(path)
        self.readonly = readonly
        self.conn = connect(self.path, readonly=readonly)
        try:
            self._prepare()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise StoreError(_explain(self.path, exc)) from None

    def _prepare(self) -> None:
        found = current_version(self.conn)
        if found > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: log schema version {found} is newer than this claims-tracker "
                f"understands ({SCHEMA_VERSION}). Upgrade claims-tracker to read it.")
        if self.readonly:
            if found == 0:
                raise StoreError(f"{self.path}: empty or not a claims-tracker log.")
            return
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        if found == 0:
            tables = [r[0] for r in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table'")]
            if tables:
                raise StoreError(f"{self.path}: a SQLite database, but not a claims-tracker log "
                                 f"(it has tables {tables[:5]}). Pass --db with another path.")
        migrate(self.conn)

    # context manager -------------------------------------------------------------------------
    def __enter__(self) -> "EventLog":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # writing ---------------------------------------------------------------------------------
    def append(self, events: Iterable[Event], blobs: Iterable[bytes] = (),
               recorded_at: str | None = None) -> int:
        """Append events (and the blobs they point at) in one transaction.

        Returns how many events were new; copies of events already in the log are dropped.
        """
        return self._append(lambda: events, blobs, recorded_at)

    def append_extraction(self, events: list[Event], blobs: Iterable[bytes] = (),
                          recorded_at: str | None = None) -> int:
        """Append a reading of an article (its claims, its article.extracted marker, perhaps
        the article itself) together with the reviewers' judgements of earlier readings that
        its claims carry forward (store/carry.py), in one transaction: a crash leaves the
        reading and its carried judgements, or neither."""
        from .carry import carried_events
        return self._append(lambda: [*events, *carried_events(self.conn, events)], blobs,
                            recorded_at)

    def append_judgement(self, event: Event, recorded_at: str | None = None) -> int:
        """Append a review or correction of a claim, and, in the same transaction, the same
        judgement carried to the claim for the same figure in any later reading of its article
        (store/carry.py): judged on a page older than the reading, it is not lost."""
        from .carry import carried_to_later_readings
        return self._append(lambda: [event, *carried_to_later_readings(self.conn, event)], (),
                            recorded_at)

    def _append(self, events, blobs, recorded_at) -> int:
        recorded_at = recorded_at or utc_now()
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            rows = ((ev.event_id, ev.type, ev.key, recorded_at,
                     json.dumps(ev.payload, ensure_ascii=False, sort_keys=True))
                    for ev in events())
            for data in blobs:
                self._put_blob(data)
            before = conn.total_changes
            conn.executemany(
                "INSERT INTO events(event_id, type, key, recorded_at, payload) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(event_id) DO NOTHING", rows)
            added = conn.total_changes - before
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return added

    def _put_blob(self, data: bytes) -> str:
        digest = sha256_hex(data)
        self.conn.execute(
            "INSERT INTO blobs(sha256, size, compression, data) VALUES (?, ?, 'zlib', ?) "
            "ON CONFLICT(sha256) DO NOTHING", (digest, len(data), zlib.compress(data, 6)))
        return digest

    # reading ---------------------------------------------------------------------------------
    def blob(self, digest: str) -> bytes:
        row = self.conn.execute(
            "SELECT compression, data FROM blobs WHERE sha256 = ?", (digest,)).fetchone()
        if row is None:
            raise StoreError(f"blob {digest} is not in {self.path}")
        return zlib.decompress(row["data"]) if row["compression"] == "zlib" else row["data"]

    def events(self, after_seq: int = 0, types: Iterable[str] | None = None,
               as_of: str | None = None) -> Iterator[sqlite3.Row]:
        sql = "SELECT seq, event_id, type, key, recorded_at, payload FROM events WHERE seq > ?"
        params: list = [after_seq]
        if types:
            types = list(types)
            sql += f" AND type IN ({','.join('?' * len(types))})"
            params += types
        if as_of:
            sql += " AND recorded_at <= ?"
            params.append(as_of)
        yield from self.conn.execute(sql + " ORDER BY seq", params)

    def last_seq(self) -> int:
        return self.conn.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()[0]

    def count_events(self, as_of: str | None = None) -> dict[str, int]:
        """Events per type, all of them or those recorded up to `as_of`."""
        from .asof import parse_as_of
        cutoff = parse_as_of(as_of) if as_of else None
        return {r[0]: r[1] for r in self.conn.execute(
            "SELECT type, count(*) FROM events WHERE ? IS NULL OR recorded_at <= ? "
            "GROUP BY type ORDER BY type", (cutoff, cutoff))}

    def has_article(self, key: str) -> bool:
        """Whether some version of the article with this key (its canonical URL) is logged."""
        return self.conn.execute(
            "SELECT 1 FROM events WHERE type = 'article.fetched' AND key = ? LIMIT 1",
            (key,)).fetchone() is not None

    def is_extracted(self, article_event_id: str, extractor_version: str) -> bool:
        """Whether this extractor version has read this article version (its claims and its
        article.extracted marker are in the log)."""
        return self.conn.execute(
            "SELECT 1 FROM events WHERE type = 'article.extracted' AND key = ? AND "
            "json_extract(payload, '$.extractor_version') = ? LIMIT 1",
            (article_event_id, extractor_version)).fetchone() is not None

    def known_articles(self) -> dict[str, dict]:
        """Every URL (as requested, final and canonical) of an article already in the log, with
        the validators and time of its latest fetch (for revisits with conditional GET)."""
        known: dict[str, dict] = {}
        for row in self.conn.execute(
                "SELECT json_extract(payload, '$.url'), json_extract(payload, '$.final_url'), key, "
                "json_extract(payload, '$.etag'), json_extract(payload, '$.last_modified'), "
                "json_extract(payload, '$.fetched_at') FROM events "
                "WHERE type = 'article.fetched' ORDER BY seq"):
            info = {"etag": row[3], "last_modified": row[4], "fetched_at": row[5]}
            for url in row[:3]:
                if url:
                    known[url] = info
        return known

    def feed_validators(self) -> dict[str, dict]:
        """ETag / Last-Modified of feeds and sitemaps as the last crawls saw them."""
        out: dict[str, dict] = {}
        for (value,) in self.conn.execute(
                "SELECT json_extract(payload, '$.validators') FROM events "
                "WHERE type = 'crawl.finished' ORDER BY seq"):
            if value:
                out.update(json.loads(value))
        return out

    def pending_extraction(self, extractor_version: str) -> list[str]:
        """Event ids of the article.fetched events this extractor version has not read yet
        (ids only: a large backlog's texts are read one at a time with `payload`)."""
        return [r[0] for r in self.conn.execute(
            "SELECT a.event_id FROM events a WHERE a.type = 'article.fetched' "
            "AND NOT EXISTS (SELECT 1 FROM events x WHERE x.type = 'article.extracted' "
            "AND x.key = a.event_id AND json_extract(x.payload, '$.extractor_version') = ?) "
            "ORDER BY a.seq", (extractor_version,))]

    def payload(self, event_id: str) -> dict:
        row = self.conn.execute("SELECT payload FROM events WHERE event_id = ?",
                                (event_id,)).fetchone()
        if row is None:
            raise StoreError(f"event {event_id} is not in {self.path}")
        return json.loads(row[0])
