"""Store benchmark: append, projection and query speed on 1,000,000 generated claim events.

Prints a table. The append rate is compared with a bare sqlite3 executemany of the same rows into
the same schema (unique sha256 id, append-only triggers) in the same run, and the full rebuild
with a floor measured in the same run on the same log: one plain
`INSERT ... SELECT json_extract(...)` of every claim field the projection reads into a table
without indexes. Ratios, not absolute times, are what carry over between machines (and between
a quiet and a loaded one).

usage: python bench/store_bench.py [--claims 1000000] [--per-article 50]
"""
from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from store import EventLog, advance, article_fetched, claim_extracted, rebuild, sha256_hex  # noqa
from store.schema import MIGRATIONS  # noqa: E402

VERSION = "bench/1"


def generate(n_claims: int, per_article: int, seed: int = 7, offset: int = 0):
    rnd = random.Random(seed + offset)
    subjects = [f"Chip {i}" for i in range(1000)]
    metrics = ["FP16 compute", "memory capacity", "memory bandwidth", "power consumption",
               "revenue", "shipments", "price", "process node", "parameters", "market share"]
    events = []
    for a in range((n_claims + per_article - 1) // per_article):
        url = f"https://news{a % 50}.example/story/{a + offset}"
        text = f"article {a + offset}"
        art = article_fetched({"url": url, "canonical_url": url, "text": text,
                               "text_sha256": sha256_hex(text), "site_name": f"Outlet {a % 50}",
                               "published_at": f"2026-{1 + a % 12:02d}-{1 + a % 28:02d}"})
        events.append(art)
        for k in range(per_article):
            v = rnd.uniform(1, 1000)
            events.append(claim_extracted(art.event_id, VERSION, {
                "subject": rnd.choice(subjects), "metric": rnd.choice(metrics), "kind": "other",
                "value": v, "low": None, "high": None, "unit": "1", "value_text": f"{v:.1f}",
                "start": k * 10, "end": k * 10 + 5, "qualifiers": {}, "sentence": "s",
                "approx": False, "bound": "=", "in_table": False, "confidence": 0.9}))
    return events


def bare_rate(events, tmp: Path) -> float:
    conn = sqlite3.connect(tmp / "bare.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    for stmt in MIGRATIONS[1]:
        conn.execute(stmt)
    rows = [(e.event_id, e.type, e.key, "2026-01-01T00:00:00Z",
             json.dumps(e.payload, sort_keys=True)) for e in events]
    t = time.perf_counter()
    for i in range(0, len(rows), 10_000):
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO events(event_id, type, key, recorded_at, payload) "
                         "VALUES (?, ?, ?, ?, ?)", rows[i:i + 10_000])
        conn.execute("COMMIT")
    dt = time.perf_counter() - t
    conn.close()
    return len(rows) / dt


FLOOR_FIELDS = ("subject", "subject_family", "metric", "kind", "qualifiers", "value", "low",
                "high", "unit", "value_text", "approx", "bound", "start", "end", "sentence",
                "in_table", "confidence", "extractor_version", "article_event_id")


def projection_floor(conn: sqlite3.Connection) -> float:
    """Seconds for the plainest projection of the claim events: one INSERT ... SELECT of their
    fields with json_extract, no Python, no indexes (rolled back afterwards)."""
    cols = ", ".join(f'"{f}"' for f in FLOOR_FIELDS)
    extracts = ", ".join(f"json_extract(payload, '$.{f}')" for f in FLOOR_FIELDS)
    conn.execute("BEGIN")
    conn.execute(f"CREATE TABLE floor_claims (claim_id TEXT PRIMARY KEY, seq INTEGER, "
                 f"recorded_at TEXT, {cols})")
    t = time.perf_counter()
    conn.execute(f"INSERT INTO floor_claims SELECT event_id, seq, recorded_at, {extracts} "
                 f"FROM events WHERE type = 'claim.extracted'")
    dt = time.perf_counter() - t
    conn.execute("ROLLBACK")
    return dt


def percentiles(samples):
    samples = sorted(samples)
    return (statistics.median(samples) * 1000,
            samples[int(len(samples) * 0.95) - 1] * 1000)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--per-article", type=int, default=50)
    args = ap.parse_args()
    t = time.perf_counter()
    events = generate(args.claims, args.per_article)
    print(f"generated {len(events):,} events in {time.perf_counter() - t:.1f} s", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        bare = bare_rate(events, tmp)
        with EventLog(tmp / "log.db") as log:
            t = time.perf_counter()
            for i in range(0, len(events), 10_000):
                log.append(events[i:i + 10_000])
            ours = len(events) / (time.perf_counter() - t)

            floor = projection_floor(log.conn)
            t = time.perf_counter()
            rebuild(log.conn)
            full = time.perf_counter() - t

            more = generate(10_000, args.per_article, offset=10_000_000)[:10_000]
            log.append(more)
            t = time.perf_counter()
            n = advance(log.conn)
            incr = time.perf_counter() - t

            conn = log.conn
            pairs = conn.execute("SELECT DISTINCT subject, metric FROM claims LIMIT 2000"
                                 ).fetchall()
            urls = [r[0] for r in conn.execute(
                "SELECT canonical_url FROM articles ORDER BY random() LIMIT 500")]
            rnd = random.Random(1)
            hist = []
            for _ in range(500):
                s, m = rnd.choice(pairs)
                t = time.perf_counter()
                conn.execute("SELECT publisher, url, published_at, recorded_at, value_text, "
                             "value, unit, quote FROM claims WHERE subject = ? AND metric = ? "
                             "ORDER BY published_at", (s, m)).fetchall()
                hist.append(time.perf_counter() - t)
            art = []
            for u in urls:
                t = time.perf_counter()
                conn.execute("SELECT * FROM claims WHERE canonical_url = ?", (u,)).fetchall()
                art.append(time.perf_counter() - t)
    h50, h95 = percentiles(hist)
    a50, a95 = percentiles(art)
    rows = [
        ("append (events/s)", f"{ours:,.0f}", f"bare executemany {bare:,.0f}; ratio "
         f"{ours / bare:.2f} (target >= 0.5)"),
        (f"full rebuild of {len(events):,} events", f"{full:.1f} s",
         f"floor (INSERT ... SELECT json_extract) {floor:.1f} s; ratio {full / floor:.1f} "
         f"(target <= 5)"),
        (f"incremental projection of {n:,} new events", f"{incr:.2f} s", "target < 1 s"),
        ("history of one metric (p50 / p95)", f"{h50:.2f} / {h95:.2f} ms", "target p95 < 5 ms"),
        ("all claims of one article (p50 / p95)", f"{a50:.2f} / {a95:.2f} ms", ""),
    ]
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name:{width}}  {value:>22}  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
