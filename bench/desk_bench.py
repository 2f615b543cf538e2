"""Desk benchmark: how long a review or a correction made on the desk takes to reach its page.

A review is recorded through store/, the projections advance, the touched figures are
reconciled and their claims' status refreshed, before the reviewer is sent to the Figure page;
then the Figure page is rendered by the same Datasette as `claims desk`. Both on a log of
generated claims (the store benchmark's generator).

usage: python bench/desk_bench.py [--claims 200000]
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from claims import desk, stages  # noqa: E402
from store import EventLog  # noqa: E402
from store_bench import generate  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=200_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench-log.db")
        with EventLog(db) as log:
            log.append(generate(args.claims, 50))
        t = time.perf_counter()
        stages.refresh(db)
        print(f"{'projections and full reconciliation of ' + f'{args.claims:,} claims':52} "
              f"{time.perf_counter() - t:8.1f} s")
        with EventLog(db) as log:
            picked = [tuple(r) for r in log.conn.execute(
                "SELECT claim_id, subject FROM claims ORDER BY seq LIMIT 20")]
        reviews, fixes = [], []
        for claim_id, _ in picked[:10]:
            t = time.perf_counter()
            desk.review(db, claim_id, "deprecated", "benchmark", "bench")
            reviews.append(time.perf_counter() - t)
        for claim_id, subject in picked[10:]:
            t = time.perf_counter()
            desk.correct(db, claim_id, "subject", "bench", subject=subject + " Pro")
            fixes.append(time.perf_counter() - t)
        print(f"{'a review, recorded to reconciled (median / max)':52} "
              f"{statistics.median(reviews):.2f} / {max(reviews):.2f} s")
        print(f"{'a subject correction, recorded to reconciled':52} "
              f"{statistics.median(fixes):.2f} / {max(fixes):.2f} s")
        print(f"{'a Figure page after it (median / max)':52} {_render(db, picked[:10])}")
    return 0


def _render(db: str, picked) -> str:
    from claims.serve import datasette_app
    from store import pages
    ds = datasette_app(Path(db))
    name = Path(db).stem
    times = []
    with EventLog(db, readonly=True) as log:
        keys = [pages.group_of_claim(log.conn, cid) for cid, _ in picked]

    async def run():
        for key in keys:
            t = time.perf_counter()
            r = await ds.client.get(f"/{name}/figure?" + urlencode({"key": key}))
            assert r.status_code == 200, r.status_code
            times.append(time.perf_counter() - t)
    asyncio.run(run())
    return f"{statistics.median(times) * 1000:.0f} / {max(times) * 1000:.0f} ms"


if __name__ == "__main__":
    sys.exit(main())
