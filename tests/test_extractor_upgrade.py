"""An extractor upgrade on a crawled log, end to end: a release of extract/ with a new version
reads the stored text of every article again (`claims extract --db`), the projections and the
next snapshot switch to the new version's claims, and the older claims stay in the log."""
from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from extract import EXTRACTOR_VERSION

REPO = Path(__file__).resolve().parents[1]
NEW_VERSION = EXTRACTOR_VERSION + ".next"


def _release(root: Path) -> dict:
    """A copy of extract/ whose only change is its version: a new release, installed ahead of
    the checkout on PYTHONPATH (the commands run from a folder outside the checkout)."""
    shutil.copytree(REPO / "extract", root / "extract",
                    ignore=shutil.ignore_patterns("__pycache__"))
    pipeline = root / "extract" / "pipeline.py"
    text, n = re.subn(r'^EXTRACTOR_VERSION = .*$', f'EXTRACTOR_VERSION = "{NEW_VERSION}"',
                      pipeline.read_text(), flags=re.M)
    assert n == 1
    pipeline.write_text(text)
    return {**os.environ, "PYTHONPATH": str(root)}


def _claims(db, *args, env, cwd):
    return subprocess.run([sys.executable, "-m", "claims.cli", *args, "--db", str(db)],
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=600)


def _versions(conn, sql):
    return dict(conn.execute(sql).fetchall())


def test_an_extractor_upgrade_reads_stored_articles_again(crawled_copy, tmp_path):
    by_version = ("SELECT json_extract(payload, '$.extractor_version'), count(*) FROM events "
                  "WHERE type = ? GROUP BY 1")
    log = sqlite3.connect(crawled_copy)
    articles = log.execute("SELECT count(*) FROM articles").fetchone()[0]
    old_claims = _versions(log, by_version.replace("?", "'claim.extracted'"))
    projected = log.execute("SELECT count(*) FROM claims").fetchone()[0]
    assert set(old_claims) == {EXTRACTOR_VERSION} and projected > 30
    log.close()

    env = _release(tmp_path / "release")
    version = subprocess.run([sys.executable, "-c", "import extract; print(extract."
                              "EXTRACTOR_VERSION)"], capture_output=True, text=True, env=env,
                             cwd=tmp_path, timeout=120)
    assert version.stdout.strip() == NEW_VERSION, version.stderr

    done = _claims(crawled_copy, "extract", env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"from {articles} stored articles" in done.stderr
    published = _claims(crawled_copy, "publish", "--out", str(tmp_path / "demo.db"), env=env,
                        cwd=tmp_path)
    assert published.returncode == 0, published.stderr[-2000:]

    log = sqlite3.connect(crawled_copy)
    # the old claims stay in the log, beside the new version's
    claims = _versions(log, by_version.replace("?", "'claim.extracted'"))
    assert claims[EXTRACTOR_VERSION] == old_claims[EXTRACTOR_VERSION]
    assert claims[NEW_VERSION] == old_claims[EXTRACTOR_VERSION]  # same rules, same claims
    assert _versions(log, by_version.replace("?", "'article.extracted'"))[NEW_VERSION] == articles
    # the projection and the snapshot hold the new version's claims only
    for conn in (log, sqlite3.connect(tmp_path / "demo.db")):
        assert _versions(conn, "SELECT extractor_version, count(*) FROM claims "
                               "GROUP BY 1") == {NEW_VERSION: projected}
        assert {r[0] for r in conn.execute("SELECT extractor_version FROM articles")} == \
            {NEW_VERSION}
    # a second run has nothing left to read
    again = _claims(crawled_copy, "extract", env=env, cwd=tmp_path)
    assert again.returncode == 0 and "from 0 stored articles" in again.stderr


def test_extract_from_a_missing_log_is_one_clear_line(tmp_path):
    p = subprocess.run([sys.executable, "-m", "claims.cli", "extract", "--db",
                        str(tmp_path / "none.db")], capture_output=True, text=True, timeout=120)
    assert p.returncode == 1 and "no such log" in p.stderr and "Traceback" not in p.stderr
    assert not (tmp_path / "none.db").exists()
