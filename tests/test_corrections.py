"""claim.corrected: a fact-checker's correction is an event; projections and the reconciliation
apply it, the claim.extracted event stays, and the gold export carries it."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

from store import (EventLog, advance, article_fetched, claim_corrected, claim_extracted,
                   claim_reviewed, rebuild, sha256_hex)
from store.reconcile import reconcile
from store.schema import MIGRATIONS, check_guards

from .conftest import SHARED
from .test_store import STAGING, TABLES


def _article(url, text, publisher):
    return article_fetched({"url": url, "canonical_url": url, "text": text,
                            "text_sha256": sha256_hex(text), "site_name": publisher,
                            "published_at": "2026-06-01"})


def _claim(article, subject, value, text):
    start = article.payload["text"].index(text)
    return claim_extracted(article.event_id, "v1", {
        "subject": subject, "metric": "memory capacity", "kind": "memory", "value": value,
        "low": None, "high": None, "unit": "B", "value_text": text, "start": start,
        "end": start + len(text), "qualifiers": {}, "sentence": article.payload["text"],
        "approx": False, "bound": "=", "in_table": False, "confidence": 0.9})


@pytest.fixture
def log(tmp_path):
    a = _article("https://one.example/a", "The Zephyr X1 carries 96 GB; the Zephyr X2 has 80 GB.",
                 "One")
    b = _article("https://two.example/b", "Zephyr X2 boards ship with 80 GB.", "Two")
    claims = [_claim(a, "Zephyr X1", 96e9, "96 GB"), _claim(a, "Zephyr X1", 80e9, "80 GB"),
              _claim(b, "Zephyr X2", 80e9, "80 GB")]
    with EventLog(tmp_path / "log.db") as log:
        log.append([a, b, *claims])
        advance(log.conn)
        reconcile(log.conn)
        yield log, [c.event_id for c in claims]


def _group_of(conn, claim_id):
    return conn.execute("SELECT group_key FROM group_claims WHERE claim_id = ?",
                        (claim_id,)).fetchone()


def test_a_subject_correction_moves_the_claim_and_keeps_the_extracted_event(log):
    log, (x1, wrong, x2) = log
    assert _group_of(log.conn, wrong)[0] == "Zephyr X1 | memory capacity"
    # one article gives two values for the X1: not a dispute between sources (issue 14)
    assert log.conn.execute("SELECT status FROM metric_groups WHERE group_key = "
                            "'Zephyr X1 | memory capacity'").fetchone()[0] == "needs-review"
    log.append([claim_corrected(wrong, "subject", {"subject": "Zephyr X2",
                                                   "subject_family": "Zephyr X2"},
                                "the 80 GB belongs to the X2", "ana", "2026-06-02T10:00:00Z")])
    advance(log.conn)
    reconcile(log.conn)
    assert _group_of(log.conn, wrong)[0] == "Zephyr X2 | memory capacity"
    status = dict(log.conn.execute("SELECT group_key, status FROM metric_groups").fetchall())
    assert status == {"Zephyr X1 | memory capacity": "single-source",
                      "Zephyr X2 | memory capacity": "agreed"}
    # the log keeps both: what was read, and what the reviewer said
    extracted = json.loads(log.conn.execute("SELECT payload FROM events WHERE event_id = ?",
                                            (wrong,)).fetchone()[0])
    assert extracted["subject"] == "Zephyr X1"
    row = log.conn.execute("SELECT correction, subject, extracted_subject, corrected_by "
                           "FROM corrections WHERE claim_id = ?", (wrong,)).fetchone()
    assert tuple(row) == ("subject", "Zephyr X2", "Zephyr X1", "ana")


def test_not_a_claim_leaves_the_groups_and_rebuild_agrees(log):
    log, (x1, wrong, x2) = log
    log.append([claim_corrected(x1, "not_a_claim", {}, "a model number", "ana",
                                "2026-06-02T10:00:00Z"),
                claim_corrected(wrong, "metric", {"metric": "memory bandwidth",
                                                  "qualifiers": {}}, None, "ana",
                                "2026-06-02T10:01:00Z"),
                claim_reviewed(x2, "preferred", None, "ana", "2026-06-02T10:02:00Z")])
    advance(log.conn)
    reconcile(log.conn)
    assert _group_of(log.conn, x1) is None
    assert log.conn.execute("SELECT count(*) FROM claims WHERE claim_id = ?",
                            (x1,)).fetchone()[0] == 0
    assert _group_of(log.conn, wrong)[0] == "Zephyr X1 | memory bandwidth"
    incremental = _tables(log.conn)
    rebuild(log.conn)
    reconcile(log.conn, full=True)
    assert _tables(log.conn) == incremental


def _tables(conn):
    out = {t: sorted(map(tuple, conn.execute(f"SELECT * FROM {t}")))
           for t in TABLES if t not in STAGING}
    out["groups"] = sorted(map(tuple, conn.execute(
        "SELECT group_key, status, consensus_value, claims FROM metric_groups")))
    out["members"] = sorted(map(tuple, conn.execute(
        "SELECT claim_id, group_key, rank FROM group_claims")))
    return out


def test_a_correction_must_name_its_kind_and_reviewer():
    with pytest.raises(ValueError, match="correction must be"):
        claim_corrected("c", "value", {}, None, "ana", "t")
    with pytest.raises(ValueError, match="names its reviewer"):
        claim_corrected("c", "subject", {"subject": "X"}, None, "", "t")


def test_a_version_2_log_is_migrated_with_its_events_and_guards(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for version in (1, 2):
        for statement in MIGRATIONS[version]:
            conn.execute(statement)
    conn.execute("INSERT INTO meta VALUES ('schema_version', '2')")
    a = _article("https://one.example/a", "The Zephyr X1 carries 96 GB.", "One")
    conn.execute("INSERT INTO events(event_id, type, key, recorded_at, payload) "
                 "VALUES (?, ?, ?, 't', ?)", (a.event_id, a.type, a.key, json.dumps(a.payload)))
    with pytest.raises(sqlite3.IntegrityError):  # version 2 knows no corrections
        conn.execute("INSERT INTO events(event_id, type, recorded_at, payload) VALUES "
                     "(?, 'claim.corrected', 't', '{}')", ("c" * 64,))
    conn.close()
    with EventLog(path) as log:
        check_guards(log.conn)
        assert log.count_events() == {"article.fetched": 1}
        log.append([claim_corrected("c" * 64, "not_a_claim", {}, None, "ana", "t")])
        assert log.count_events()["claim.corrected"] == 1
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            log.conn.execute("DELETE FROM events")


GOLD_FIELDS = {"doc", "subject", "aliases", "kind", "metric", "qualifiers", "value", "low",
               "high", "unit", "approx", "bound", "date", "evidence", "in_table"}


def test_gold_export_carries_the_corrected_claims(log, tmp_path):
    log, (x1, wrong, x2) = log
    log.append([claim_corrected(wrong, "subject", {"subject": "Zephyr X2",
                                                   "subject_family": "Zephyr X2"},
                                None, "ana", "2026-06-02T10:00:00Z"),
                claim_corrected(x1, "not_a_claim", {}, None, "ben", "2026-06-02T10:01:00Z"),
                claim_reviewed(x2, "preferred", None, "ben", "2026-06-02T10:02:00Z")])
    out = subprocess.run([sys.executable, "-m", "claims.cli", "export", "--gold", "--negatives",
                          "--db", str(log.path)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    gold = [r for r in rows if not r.get("not_a_claim")]
    assert {r["claim_id"]: r["subject"] for r in gold} == {wrong: "Zephyr X2", x2: "Zephyr X2"}
    assert all(GOLD_FIELDS <= set(r) for r in gold)
    assert {(r["value"], r["unit"]) for r in gold} == {(80.0, "GB")}
    assert next(r for r in gold if r["claim_id"] == wrong)["judged_by"] == ["ana"]
    assert [r["claim_id"] for r in rows if r.get("not_a_claim")] == [x1]
    # the official scorer reads the export as gold: scored against itself, everything matches
    scorer = SHARED / "eval" / "score_claims.py"
    if not scorer.exists():
        pytest.skip("../shared/eval is absent")
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in gold), encoding="utf-8")
    scored = subprocess.run([sys.executable, str(scorer), str(path), str(path), "--json"],
                            capture_output=True, text=True, timeout=60)
    assert json.loads(scored.stdout)["strict"]["f1"] == 1.0
