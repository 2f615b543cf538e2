"""Faults: a process killed with SIGKILL mid-ingest leaves a consistent log; the rerun completes
with nothing duplicated. Bad locations give clear errors."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from .sites import write_articles

N_FILES = 300


def _write_files(root):
    return write_articles(root, N_FILES, lambda i: (
        f"<p>Story {i}: the Ascend 910C delivers about {500 + i} TFLOPS, and Huawei expects "
        f"${i + 1} billion in AI chip revenue in 2026. The H100 SXM5 draws 700W and carries "
        f"80 GB of memory.</p>"))


def _count(db, sql):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        conn.close()


@pytest.mark.parametrize("phase, sql, threshold", [
    ("recording", "SELECT count(*) FROM events WHERE type = 'article.fetched'", 30),
    ("extracting", "SELECT count(*) FROM events WHERE type = 'article.extracted'", 30),
])
def test_sigkill_mid_ingest_then_rerun_duplicates_nothing(tmp_path, phase, sql, threshold):
    paths = _write_files(tmp_path)
    db = tmp_path / "log.db"
    cmd = [sys.executable, "-m", "claims.cli", "ingest", "--db", str(db), "--quiet", *paths]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and proc.poll() is None:
            if db.exists() and _count(db, sql) >= threshold:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the ingest finished before it could be killed"
        assert _count(db, sql) >= threshold, "the ingest never reached the phase to kill it in"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(60)

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    fetched = conn.execute("SELECT count(*) FROM events WHERE type='article.fetched'").fetchone()[0]
    assert 0 < fetched <= N_FILES
    # every extraction marker has all its claims (claims and marker share one transaction)
    partial = conn.execute(
        "SELECT count(*) FROM events m WHERE m.type = 'article.extracted' AND "
        "json_extract(m.payload, '$.claims') != (SELECT count(*) FROM events c WHERE "
        "c.type = 'claim.extracted' AND c.key = m.key)").fetchone()[0]
    assert partial == 0
    conn.close()

    done = subprocess.run(cmd, capture_output=True, timeout=480)
    assert done.returncode == 0, done.stderr.decode()[-1000:]
    conn = sqlite3.connect(db)
    counts = dict(conn.execute("SELECT type, count(*) FROM events GROUP BY type").fetchall())
    assert counts["article.fetched"] == N_FILES
    assert counts["article.extracted"] == N_FILES
    per_article = conn.execute(
        "SELECT count(*) FROM events WHERE type = 'claim.extracted' GROUP BY key").fetchall()
    assert len(per_article) == N_FILES and {n for (n,) in per_article} == {4}
    assert conn.execute("SELECT count(*) FROM claims").fetchone()[0] == 4 * N_FILES
    assert conn.execute("SELECT count(DISTINCT event_id) FROM events").fetchone()[0] == sum(
        counts.values())


def test_a_directory_as_db_is_a_clear_error(tmp_path):
    p = subprocess.run([sys.executable, "-m", "claims.cli", "status", "--db", str(tmp_path)],
                       capture_output=True, timeout=120)
    assert p.returncode == 1
    err = p.stderr.decode()
    assert "Traceback" not in err and str(tmp_path) in err


def test_unwritable_location_is_a_clear_error(tmp_path):
    # /proc refuses new files even for root
    p = subprocess.run([sys.executable, "-m", "claims.cli", "ingest", "--db",
                        "/proc/claims-test.db", str(tmp_path / "x.txt")], capture_output=True,
                       timeout=120)
    assert p.returncode == 1
    err = p.stderr.decode()
    assert "Traceback" not in err and "claims-test.db" in err
