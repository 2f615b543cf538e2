"""Shared fixtures: the demo site on a free loopback port, and a log crawled from it once."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claims import stages
from claims.demo_server import DemoSite

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def demo_site():
    with DemoSite(port=0) as site:
        yield site


@pytest.fixture(scope="session")
def crawled(tmp_path_factory, demo_site):
    """A log holding one crawl of the demo site, extracted and projected, plus its snapshot."""
    root = tmp_path_factory.mktemp("crawled")
    db = root / "demo-log.db"
    stats = stages.crawl(str(db), feeds=demo_site.feeds(), sitemaps=demo_site.sitemaps(),
                         settings={"CLAIMS_RUN_ID": "test"}, quiet=True)
    stages.extract_pending(str(db), quiet=True)
    stages.refresh(str(db))
    snapshot = stages.publish_snapshot(str(db), str(root / "public" / "demo.db"))
    return {"db": db, "snapshot": snapshot, "stats": stats, "site": demo_site}


@pytest.fixture
def crawled_copy(crawled, tmp_path):
    """A private copy of the crawled log, for tests that write to it."""
    db = tmp_path / "copy.db"
    shutil.copy(crawled["db"], db)
    for suffix in ("-wal", "-shm"):
        src = Path(str(crawled["db"]) + suffix)
        if src.exists():
            shutil.copy(src, str(db) + suffix)
    return db
