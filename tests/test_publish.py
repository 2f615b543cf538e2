"""store/publish.py: snapshots, and what killed publishes leave behind (issue 18, point 7)."""
from __future__ import annotations

import subprocess
import sys
import sqlite3

KILLED_PUBLISH = """
import os, signal, sqlite3, sys
log, out_dir = sys.argv[1], sys.argv[2]
tmp = os.path.join(out_dir, f".demo.db.tmp-{os.getpid()}")
sqlite3.connect(log).execute("VACUUM INTO ?", (tmp,))
conn = sqlite3.connect(tmp)
conn.execute("BEGIN IMMEDIATE")
conn.execute("CREATE TABLE half_written (x)")    # a rollback journal beside the copy
conn.execute("INSERT INTO half_written VALUES (1)")
os.kill(os.getpid(), signal.SIGKILL)             # killed mid-publish, as `kill -9` would
"""


def _killed_publish(log, out_dir):
    p = subprocess.run([sys.executable, "-c", KILLED_PUBLISH, str(log), str(out_dir)])
    assert p.returncode == -9
    return p


def test_publish_removes_copies_left_by_killed_publishes(crawled_copy, tmp_path):
    """Regression: each SIGKILL left `.NAME.tmp-PID` (+ journal) that no publish removed;
    six kills grew public/ sixfold."""
    out_dir = tmp_path / "public"
    out_dir.mkdir()
    for _ in range(3):
        _killed_publish(crawled_copy, out_dir)
    left = sorted(p.name for p in out_dir.iterdir())
    assert len([n for n in left if not n.endswith("-journal")]) == 3
    assert any(n.endswith("-journal") for n in left)
    # a publish still at work (its process is alive) keeps its copy
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        working = out_dir / f".demo.db.tmp-{alive.pid}"
        working.write_bytes(b"being written")
        p = subprocess.run([sys.executable, "-m", "claims.cli", "publish", "--db",
                            str(crawled_copy), "--out", str(out_dir / "demo.db")],
                           capture_output=True)
        assert p.returncode == 0, p.stderr.decode()
        assert sorted(x.name for x in out_dir.iterdir()) == sorted(["demo.db", working.name])
    finally:
        alive.kill()
        alive.wait()
    conn = sqlite3.connect(out_dir / "demo.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM claims").fetchone()[0] > 0


def test_a_published_claim_names_the_figure_it_counts_in(crawled):
    """claims.figure is the group a claim counts in (an inferred one included), filled in with
    its status: the claims page linked each row to its figure by a query per row while it
    rendered (a fifth of the page's time at 200,000 claims)."""
    from store.pages import group_of_claim
    with sqlite3.connect(f"file:{crawled['snapshot']}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT claim_id, figure, group_key, status FROM claims").fetchall()
        assert rows
        for claim_id, figure, own, status in rows:
            assert figure == group_of_claim(conn, claim_id), claim_id
            assert status == conn.execute("SELECT status FROM metric_groups WHERE group_key = ?",
                                          (figure,)).fetchone()[0]
        # some claims count in a figure their own key does not name (an inferred qualifier)
        assert any(figure != own for _, figure, own, _ in rows)
