"""datasette/: the published snapshot served by Datasette's own test client."""
from __future__ import annotations

import asyncio
import sqlite3

import pytest
from datasette.app import Datasette

from claims.serve import metadata_for


def _client(snapshot, public=False):
    return Datasette([str(snapshot)], immutables=[str(snapshot)],
                     metadata=metadata_for(snapshot, public))


def _get(ds, path):
    return asyncio.run(ds.client.get(path))


def test_claims_are_served_with_article_url_and_date(crawled):
    ds = _client(crawled["snapshot"])
    r = _get(ds, "/demo/claims.json?_shape=array&_size=max")
    assert r.status_code == 200
    rows = r.json()
    assert len(rows) >= 30
    assert all(row["url"].startswith("http://127.0.0.1:") for row in rows)
    assert all(row["published_at"] and row["published_at"].startswith("2026-") for row in rows)


def test_home_page_says_what_the_tracker_holds(crawled):
    r = _get(_client(crawled["snapshot"]), "/")
    assert r.status_code == 200
    assert "Every numeric claim" in r.text and "/demo/claims" in r.text


def test_table_descriptions_come_from_metadata(crawled):
    r = _get(_client(crawled["snapshot"]), "/demo/claims")
    assert r.status_code == 200
    assert "Every figure read from the newest version" in r.text


def test_full_text_search_over_quotes(crawled):
    rows = _get(_client(crawled["snapshot"]),
                "/demo/claims.json?_search=sparsity&_shape=array").json()
    assert rows and all("sparsity" in r["quote"].lower() for r in rows)


def test_public_mode_turns_off_arbitrary_sql(crawled):
    r = _get(_client(crawled["snapshot"], public=True),
             "/demo.json?sql=select+count(*)+from+events")
    assert r.status_code == 403


def test_snapshot_is_consistent_and_separate_from_the_log(crawled):
    conn = sqlite3.connect(f"file:{crawled['snapshot']}?mode=ro", uri=True)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    n_snapshot = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
    log = sqlite3.connect(crawled["db"])
    assert n_snapshot == log.execute("SELECT count(*) FROM claims").fetchone()[0] > 0
    assert crawled["snapshot"] != crawled["db"]
