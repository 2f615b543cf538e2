"""Backfill in-process and on Dask workers, worker failure, shard merges, WARC input."""
from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time

import pytest

from claims import stages
from claims.backfill import backfill
from store import EventLog
from store.merge import merge

from .sites import write_articles

N = 240


def _pages(root, n=N, prefix="s"):
    return write_articles(root, n, lambda i: (
        f"<p>The Ascend 910C delivers about {500 + i % 50} TFLOPS in FP16 and Huawei expects "
        f"${1 + i % 9} billion in AI chip revenue in 2026.</p><p>The H100 SXM5 draws 700W.</p>"),
        prefix=prefix, site_name=lambda i: f"Outlet {i % 7}", fixed_mtime=True)


def _events(db):
    conn = sqlite3.connect(db)
    return [r for r in conn.execute("SELECT event_id, type, payload FROM events ORDER BY seq")]


def _claims(db):
    conn = sqlite3.connect(db)
    return sorted(conn.execute(
        "SELECT claim_id, canonical_url, subject, metric, value, low, high, unit, publisher, "
        "published_at, group_key FROM claims"))


@pytest.fixture(scope="module", autouse=True)
def dask_scratch(tmp_path_factory):
    """Dask workers keep their scratch space in the test's temp folder, not in the system's."""
    import dask
    with dask.config.set({"temporary-directory": str(tmp_path_factory.mktemp("dask"))}):
        yield


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    paths = _pages(root / "pages")
    single = root / "single.db"
    r = backfill(str(single), paths, partition_size=10)
    stages.refresh(str(single))
    return {"root": root, "paths": paths, "single": single, "result": r}


def test_in_process_backfill_records_and_extracts(corpus):
    r = corpus["result"]
    assert r.documents == N and r.new_articles == N and not r.errors
    assert r.claims == 3 * N  # about N TFLOPS, $N billion, 700W
    assert len(_claims(corpus["single"])) == 3 * N


def test_local_cluster_gives_the_same_log(corpus, tmp_path):
    db = tmp_path / "dask.db"
    r = backfill(str(db), corpus["paths"], workers="local:2", partition_size=10)
    stages.refresh(str(db))
    assert r.partitions == N // 10 and r.new_articles == N
    assert _events(db) == _events(corpus["single"])  # same ids, payloads and order
    assert _claims(db) == _claims(corpus["single"])


def test_a_worker_killed_mid_run_loses_nothing(corpus, tmp_path):
    from dask.distributed import LocalCluster
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=":0")
    killed = []
    db = tmp_path / "killed.db"

    def recorded() -> int:
        """Articles the run has recorded so far (a reader beside the one writer)."""
        if not db.exists():
            return 0
        try:
            with EventLog(db, readonly=True) as log:
                return log.count_events().get("article.fetched", 0)
        except Exception:  # the log is still being created: look again
            return 0

    def busy_worker():
        """(address, partitions it is running, articles recorded) once a worker runs one."""
        scheduler = cluster.scheduler
        try:
            for address, ws in list(scheduler.workers.items()):
                if ws.processing:
                    return address, len(ws.processing), recorded()
        except RuntimeError:  # the scheduler changed the dict while we looked: look again
            pass
        return None

    def kill_one():
        """SIGKILL a worker while it holds a partition and partitions are still pending (the
        backfill keeps a window of partitions in flight, reading the next as one is done)."""
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            found = busy_worker()
            if found and found[2] < N - 20:
                address, holding, done = found
                nanny = next(n for n in cluster.workers.values() if n.worker_address == address)
                pid = nanny.process.process.pid
                os.kill(pid, signal.SIGKILL)
                killed.append((pid, holding, done))
                return
            time.sleep(0.01)
    try:
        killer = threading.Thread(target=kill_one, daemon=True)
        killer.start()
        r = backfill(str(db), corpus["paths"], workers=cluster.scheduler_address,
                     partition_size=5)
        killer.join(30)
    finally:
        cluster.close()
    assert killed, "no worker was seen holding a partition with work still pending"
    (_, holding, done), = killed
    assert holding >= 1 and done < N  # it died mid-partition, with work left to do
    assert r.new_articles == N and not r.errors
    assert _events(db) == _events(corpus["single"])


def test_merge_in_any_order_equals_one_log(corpus, tmp_path):
    a_paths, b_paths = corpus["paths"][:100], corpus["paths"][100:]
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    backfill(str(a), a_paths)
    backfill(str(b), b_paths)
    ab, ba = tmp_path / "ab.db", tmp_path / "ba.db"
    for target, order in ((ab, (a, b)), (ba, (b, a))):
        with EventLog(target) as log:
            for shard in order:
                merge(log, shard)
            assert merge(log, order[0]) == 0  # a repeated merge adds nothing
        stages.refresh(str(target))
    assert _claims(ab) == _claims(ba) == _claims(corpus["single"])
    assert sorted(e[0] for e in _events(ab)) == sorted(e[0] for e in _events(corpus["single"]))


def test_merge_refuses_a_foreign_file(tmp_path):
    from store import StoreError
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"nope" * 100)
    with EventLog(tmp_path / "main.db") as log, pytest.raises(StoreError):
        merge(log, bad)


def test_warc_records_are_read(tmp_path):
    from io import BytesIO
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    path = tmp_path / "news.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i, ctype in enumerate(["text/html", "text/html", "image/png"]):
            body = (f"<html><head><title>W{i}</title></head><body><article><p>The MI300X has "
                    f"{192 + i} GB of memory, according to a long enough paragraph of text."
                    f"</p></article></body></html>").encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(f"https://warc.example/{i}.html", "response",
                                               payload=BytesIO(body), http_headers=headers,
                                               warc_headers_dict={"WARC-Date":
                                                                  f"2026-04-0{i + 1}T00:00:00Z"})
            writer.write_record(record)
    db = tmp_path / "w.db"
    r = backfill(str(db), [str(path)])
    assert r.documents == 2 and r.new_articles == 2  # the PNG record is not an article
    conn = sqlite3.connect(db)
    fetched = sorted(r[0] for r in conn.execute(
        "SELECT json_extract(payload, '$.fetched_at') FROM events WHERE type='article.fetched'"))
    assert fetched == ["2026-04-01T00:00:00Z", "2026-04-02T00:00:00Z"]
