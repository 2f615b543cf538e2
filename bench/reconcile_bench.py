"""Reconciliation benchmark: 1,000,000 claims in 100,000 groups from scratch, then the cost of
reconciling 1,000 new claims incrementally. Prints a table.

usage: python bench/reconcile_bench.py [--claims 1000000] [--groups 100000]
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from store import EventLog, advance, article_fetched, claim_extracted, rebuild, sha256_hex  # noqa
from store.reconcile import Settings, reconcile  # noqa: E402

PUBLISHERS = [f"Outlet {i}" for i in range(20)]


def events(n_claims: int, n_groups: int, seed: int, offset: int = 0, per_article: int = 50):
    rnd = random.Random(seed)
    out = []
    art = None
    for i in range(n_claims):
        if i % per_article == 0:
            url = f"https://{rnd.choice(PUBLISHERS).replace(' ', '').lower()}.example/" \
                  f"{offset + i}"
            text = f"article {offset + i}"
            art = article_fetched({"url": url, "canonical_url": url, "text": text,
                                   "text_sha256": sha256_hex(text),
                                   "site_name": rnd.choice(PUBLISHERS),
                                   "published_at": f"2026-{1 + i % 12:02d}-01"})
            out.append(art)
        g = rnd.randrange(n_groups)
        subject, metric = f"Chip {g // 10}", f"metric {g % 10}"
        truth = 100 + (g % 997)
        value = truth * (1 if rnd.random() > 0.1 else rnd.choice((0.5, 2, 8)))
        out.append(claim_extracted(art.event_id, "bench/1", {
            "subject": subject, "metric": metric, "kind": "compute", "value": float(value),
            "low": None, "high": None, "unit": "FLOP/s", "value_text": f"{value}",
            "start": i, "end": i + 3, "qualifiers": {}, "sentence": f"s{i % 1000}",
            "approx": rnd.random() < 0.3, "bound": "=", "in_table": False, "confidence": 0.9}))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--groups", type=int, default=100_000)
    args = ap.parse_args()
    settings = Settings()
    with tempfile.TemporaryDirectory() as tmp, EventLog(Path(tmp) / "log.db") as log:
        evs = events(args.claims, args.groups, 1)
        for i in range(0, len(evs), 20_000):
            log.append(evs[i:i + 20_000])
        rebuild(log.conn)
        t = time.perf_counter()
        n_groups = reconcile(log.conn, settings, full=True)
        full = time.perf_counter() - t
        statuses = dict(log.conn.execute(
            "SELECT status, count(*) FROM metric_groups GROUP BY status").fetchall())
        log.append(events(1_000, args.groups, 2, offset=10**9))
        advance(log.conn)
        t = time.perf_counter()
        touched = reconcile(log.conn, settings)
        incr = time.perf_counter() - t
    print(f"{args.claims:,} claims, {n_groups:,} groups written; statuses {statuses}")
    print(f"reconcile from scratch            {full:8.1f} s   (target < 60 s)")
    print(f"reconcile 1,000 new claims        {incr:8.2f} s   (target < 1 s; {touched:,} groups "
          "recomputed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
