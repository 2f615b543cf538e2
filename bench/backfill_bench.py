"""Backfill benchmark: articles per second reading and extracting generated archive pages, in
this process and on a Dask LocalCluster of 2 worker processes, in the same run.

usage: python bench/backfill_bench.py [--pages 5000]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claims.backfill import backfill  # noqa: E402


def write_pages(root: Path, n: int) -> list[str]:
    paths = []
    for i in range(n):
        p = root / f"{i:05d}.html"
        paras = "".join(
            f"<p>Paragraph {k}: the Ascend 910C delivers about {500 + (i + k) % 300} TFLOPS in "
            f"FP16, Huawei expects ${i % 20 + 1} billion in 2026 and ships {1000 + i} units to "
            f"{k + 2} cloud customers, while the H100 SXM5 draws 700W.</p>" for k in range(6))
        p.write_text(f"<html><head><title>Story {i}</title><meta property='og:site_name' "
                     f"content='Outlet {i % 10}'></head><body><article><h1>Story {i}</h1>{paras}"
                     f"</article></body></html>")
        paths.append(str(p))
    return paths


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=5000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_pages(Path(tmp), args.pages)
        single = backfill(str(Path(tmp) / "single.db"), paths, partition_size=100)
        dask = backfill(str(Path(tmp) / "dask.db"), paths, workers="local:2",
                        partition_size=100)
    a, b = single.documents / single.seconds, dask.documents / dask.seconds
    print(f"{args.pages:,} generated archive pages, {single.claims:,} claims")
    print(f"in-process           : {a:7.1f} articles/s ({single.seconds:.1f} s)")
    print(f"--workers local:2    : {b:7.1f} articles/s ({dask.seconds:.1f} s, includes starting "
          "the cluster)")
    print(f"ratio local:2 / in-process: {b / a:.2f}  (2 cores: the writer, the main process and "
          "two workers share them)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
