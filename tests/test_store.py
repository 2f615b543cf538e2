"""store/: the append-only log, its guards, projections and snapshots, on real SQLite files."""
from __future__ import annotations

import sqlite3

import pytest

from store import (EventLog, StoreError, advance, article_extracted, article_fetched,
                   claim_extracted, rebuild, sha256_hex)
from store.projections import TABLES
from store.schema import GUARDS, SCHEMA_VERSION


def _article(url="https://example.org/a", text="The H100 has 80 GB.", **extra):
    from store import sha256_hex
    return article_fetched({"url": url, "canonical_url": url, "text": text,
                            "text_sha256": sha256_hex(text), "site_name": "Example",
                            "published_at": "2026-06-01", **extra})


def _claim(article_event, value, start=0, subject="NVIDIA H100 SXM5", version="v1"):
    return claim_extracted(article_event.event_id, version, {
        "subject": subject, "metric": "memory capacity", "kind": "memory", "value": value,
        "low": None, "high": None, "unit": "B", "value_text": f"{value} B", "start": start,
        "end": start + 5, "qualifiers": {}, "sentence": "s", "approx": False, "bound": "=",
        "in_table": False, "confidence": 0.9})


def test_append_is_idempotent(tmp_path):
    with EventLog(tmp_path / "log.db") as log:
        ev = _article()
        assert log.append([ev], blobs=[b"<html>"]) == 1
        assert log.append([ev], blobs=[b"<html>"]) == 0
        assert log.count_events() == {"article.fetched": 1}
        assert log.blob(sha256_hex(b"<html>")) == b"<html>"


@pytest.mark.parametrize("statement", ["UPDATE events SET type = 'claim.extracted'",
                                       "DELETE FROM events"])
def test_events_cannot_be_changed(tmp_path, statement):
    with EventLog(tmp_path / "log.db") as log:
        log.append([_article()])
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            log.conn.execute(statement)
        assert log.count_events() == {"article.fetched": 1}


def test_guards_survive_every_migration(tmp_path):
    with EventLog(tmp_path / "log.db") as log:
        names = {r[0] for r in log.conn.execute(
            "SELECT name FROM sqlite_master WHERE type='trigger'")}
        version = log.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    assert set(GUARDS) <= names
    assert int(version[0]) == SCHEMA_VERSION


def _v1_log(path, events, blob: bytes) -> list[tuple]:
    """A log as schema version 1 wrote it (no projection checkpoints), holding `events`."""
    import json
    import zlib
    from store.schema import MIGRATIONS
    conn = sqlite3.connect(path)
    with conn:
        for statement in MIGRATIONS[1]:
            conn.execute(statement)
        conn.execute("INSERT INTO meta(key, value) VALUES ('schema_version', '1')")
        conn.executemany(
            "INSERT INTO events(event_id, type, key, recorded_at, payload) VALUES (?,?,?,?,?)",
            [(ev.event_id, ev.type, ev.key, f"2026-05-0{i + 1}T10:00:00.000000Z",
              json.dumps(ev.payload, sort_keys=True)) for i, ev in enumerate(events)])
        conn.execute("INSERT INTO blobs VALUES (?, ?, 'zlib', ?)",
                     (sha256_hex(blob), len(blob), zlib.compress(blob)))
    rows = conn.execute("SELECT * FROM events ORDER BY seq").fetchall()
    conn.close()
    return rows


def test_a_populated_v1_log_migrates_with_every_event_and_its_guards(tmp_path):
    from store import claim_reviewed, crawl_finished
    path = tmp_path / "v1.db"
    a = _article()
    claim = _claim(a, 80e9)
    events = [a, claim, article_extracted(a.event_id, "v1", 1),
              claim_reviewed(claim.event_id, "preferred", "data sheet", "desk",
                             "2026-05-04T09:00:00Z"),
              crawl_finished("run-1", ["https://example.org/feed.xml"], [a.event_id],
                             {"pages": 1})]
    before = _v1_log(path, events, b"<html>v1</html>")
    assert {e.type for e in events} == {"article.fetched", "claim.extracted", "article.extracted",
                                        "claim.reviewed", "crawl.finished"}

    with EventLog(path) as log:
        version = log.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        assert int(version[0]) == SCHEMA_VERSION
        every = "SELECT * FROM events ORDER BY seq"
        assert [tuple(r) for r in log.conn.execute(every)] == before
        assert log.blob(sha256_hex(b"<html>v1</html>")) == b"<html>v1</html>"
        for statement in ("UPDATE events SET payload = '{}'", "DELETE FROM events"):
            with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                log.conn.execute(statement)
        assert [tuple(r) for r in log.conn.execute(every)] == before
        # the migrated log projects like a new one: the claim, ranked by its review
        advance(log.conn)
        assert [tuple(r) for r in log.conn.execute("SELECT value FROM claims")] == [(80e9,)]
        assert [tuple(r) for r in log.conn.execute("SELECT claim_id, rank FROM reviews")] == \
            [(claim.event_id, "preferred")]
        # and it keeps appending after the old events
        log.append([_article(url="https://example.org/b")])
        assert log.conn.execute("SELECT max(seq) FROM events").fetchone()[0] == len(events) + 1


def test_check_constraint_is_not_swallowed(tmp_path):
    with EventLog(tmp_path / "log.db") as log:
        with pytest.raises(sqlite3.IntegrityError):
            log.conn.execute("INSERT INTO events(event_id, type, recorded_at, payload) "
                             "VALUES ('x', 'article.fetched', 'now', '{}')")


STAGING = ("pending_inputs", "reconcile_inputs")  # new claims wait in the first, then the second


def _projected(conn):
    out = {t: sorted(map(tuple, conn.execute(f"SELECT * FROM {t}")))
           for t in TABLES if t not in STAGING}
    out["inputs"] = sorted(map(tuple, conn.execute(
        "SELECT * FROM pending_inputs UNION ALL SELECT * FROM reconcile_inputs")))
    return out


def test_incremental_projection_equals_full_rebuild(tmp_path):
    a1 = _article()
    a2 = _article(text="The H100 has 94 GB now.")  # a new version of the same URL
    b = _article(url="https://example.org/b", text="Other")
    with EventLog(tmp_path / "log.db") as log:
        log.append([a1, b])
        log.append([_claim(a1, 80e9), _claim(b, 5, subject="X"), article_extracted(
            a1.event_id, "v1", 1)])
        advance(log.conn)
        log.append([a2, _claim(a2, 94e9), article_extracted(a2.event_id, "v1", 1)])
        advance(log.conn)
        incremental = _projected(log.conn)
        rebuild(log.conn)
        full = _projected(log.conn)
    assert incremental == full
    value = [c[1] for c in sqlite3.connect(tmp_path / "log.db").execute(
        "PRAGMA table_info(claims)")].index("value")
    assert sorted(c[value] for c in full["claims"]) == [5.0, 94e9]  # the newest version's claim only
    changes = full["figure_changes"]
    assert len(changes) == 1 and changes[0][6] == 80e9 and changes[0][7] == 94e9


def test_newer_extractor_replaces_older_claims(tmp_path):
    a = _article()
    with EventLog(tmp_path / "log.db") as log:
        log.append([a, _claim(a, 80e9, version="v1"), _claim(a, 81e9, start=9, version="v2")])
        advance(log.conn)
        rows = [tuple(r) for r in log.conn.execute("SELECT value, extractor_version FROM claims")]
        assert rows == [(81e9, "v2")]
        # the old claim stays in the log
        assert log.count_events()["claim.extracted"] == 2


def test_corrupt_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a claims-tracker log"):
        EventLog(bad)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "log.db"
    with EventLog(path) as log:
        log.conn.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="newer than this claims-tracker"):
        EventLog(path)


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        EventLog(tmp_path / "nope" / "log.db")


def test_foreign_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE stuff (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a claims-tracker log"):
        EventLog(path)


def test_as_of_shows_what_was_known_then(tmp_path):
    from store.asof import connection_as_of
    a1 = _article()
    a2 = _article(text="The H100 has 94 GB now.")
    with EventLog(tmp_path / "log.db") as log:
        log.append([a1, _claim(a1, 80e9)], recorded_at="2026-05-01T10:00:00.000000Z")
        log.append([a2, _claim(a2, 94e9)], recorded_at="2026-06-01T10:00:00.000000Z")
        advance(log.conn)
        may = connection_as_of(log.conn, "2026-05-15")
        assert [r[0] for r in may.execute("SELECT value FROM claims")] == [80e9]
        assert may.execute("SELECT versions FROM articles").fetchone()[0] == 1
        june = connection_as_of(log.conn, "2026-06-01T10:00:00Z")
        assert [r[0] for r in june.execute("SELECT value FROM claims")] == [94e9]
        assert connection_as_of(log.conn, None) is log.conn
        assert log.count_events(as_of="2026-05-31") == {"article.fetched": 1,
                                                         "claim.extracted": 1}


def test_bad_as_of_is_a_clear_error():
    from store.asof import parse_as_of
    with pytest.raises(StoreError, match="expected a date"):
        parse_as_of("last tuesday")
    assert parse_as_of("2026-05-01") == "2026-05-01T23:59:59.999999Z"
    assert parse_as_of("2026-05-01T12:00:00+02:00") == "2026-05-01T10:00:00.000000Z"


def test_history_reads_through_indexes_only(crawled_copy):
    """The live log keeps one content index on claims (subject, metric): a family's claims are
    found through group_claims(family, metric). No step of the history query scans a table."""
    from claims import stages
    from store.export import history
    stages.refresh(str(crawled_copy))
    with EventLog(crawled_copy) as log:
        indexes = {r[0] for r in log.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'claims' "
            "AND sql IS NOT NULL")}
        assert "claims_subject_metric" in indexes and "claims_family_metric" not in indexes
        statements = []
        log.conn.set_trace_callback(statements.append)
        rows = history(log.conn, "NVIDIA H100", "memory bandwidth")
        log.conn.set_trace_callback(None)
        assert len(rows) >= 3
        plans = [tuple(r)[3] for s in statements if "group_claims" in s
                 for r in log.conn.execute("EXPLAIN QUERY PLAN " + s)]
        assert any("group_claims_bundle" in p for p in plans)
        assert any("claims_subject_metric" in p for p in plans)
        assert not [p for p in plans if p.startswith("SCAN") and "subquery" not in p], plans
