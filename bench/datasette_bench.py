"""Datasette benchmark on a snapshot of 1,000,000 claims: p50/p95 latency of the metric-history
canned query (JSON and HTML), of the claims table filtered by subject with two facets, and of
the unfiltered claims page with its facets (which facet time limits keep from stalling).

Baseline in the same run: Datasette's plain filtered JSON table query (?subject=...).
usage: python bench/datasette_bench.py [--claims 1000000]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claims.serve import datasette_app  # noqa: E402
from store import EventLog, publish, rebuild  # noqa: E402
from store.reconcile import Settings, reconcile  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reconcile_bench import events  # noqa: E402


async def timed(ds, paths, n):
    """p50 and p95 in ms of the wall time per request, and of the process's CPU time (all its
    threads: Datasette runs SQL in one): on a machine others load, the wall time measures
    them too, the CPU time mostly this code."""
    wall, cpu = [], []
    for i in range(n):
        path = paths[i % len(paths)]
        t, c = time.perf_counter(), time.process_time()
        r = await ds.client.get(path)
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        assert r.status_code == 200, (path, r.status_code, r.text[:300])
    wall.sort()
    cpu.sort()
    return tuple(x for xs in (wall, cpu) for x in
                 (statistics.median(xs) * 1000, xs[int(len(xs) * 0.95) - 1] * 1000))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--requests", type=int, default=60)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "log.db"
        with EventLog(db) as log:
            evs = events(args.claims, args.claims // 10, 1)
            for i in range(0, len(evs), 20_000):
                log.append(evs[i:i + 20_000])
            rebuild(log.conn)
            reconcile(log.conn, Settings(), full=True)
        snap = publish(db, Path(tmp) / "public" / "bench.db")
        ds = datasette_app(snap, public=True)
        rnd = random.Random(3)
        subjects = [f"Chip+{rnd.randrange(args.claims // 100)}" for _ in range(40)]
        hist = [f"/bench/metric_history.json?subject={s}&metric=metric+{rnd.randrange(10)}"
                f"&_shape=array" for s in subjects]
        hist_html = [p.replace(".json", "").replace("&_shape=array", "") for p in hist]
        faceted = [f"/bench/claims?subject={s}&_facet=publisher&_facet=status" for s in subjects]
        plain = [f"/bench/claims.json?subject={s}&_shape=array" for s in subjects]

        async def run():
            await ds.invoke_startup()
            await timed(ds, hist[:5], 5)  # warm up
            return {
                "plain filtered JSON table (baseline)": await timed(ds, plain, args.requests),
                "metric history, JSON": await timed(ds, hist, args.requests),
                "metric history, HTML with chart": await timed(ds, hist_html, args.requests),
                "claims by subject + 2 facets, HTML": await timed(ds, faceted, args.requests),
                "claims unfiltered, 6 facets, HTML": await timed(ds, ["/bench/claims"], 10),
            }
        results = asyncio.run(run())
    targets = {"metric history, JSON": "p95 < 30 ms", "metric history, HTML with chart":
               "p95 < 30 ms", "claims by subject + 2 facets, HTML": "p95 < 150 ms",
               "claims unfiltered, 6 facets, HTML": "must not stall"}
    print(f"snapshot of {args.claims:,} claims; in-process Datasette client; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall time, then CPU time)")
    for name, (p50, p95, cpu50, cpu95) in results.items():
        print(f"{name:40} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   cpu p50 {cpu50:6.1f} ms   "
              f"p95 {cpu95:6.1f} ms   {targets.get(name, '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
