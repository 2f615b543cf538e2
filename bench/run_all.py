"""Run every benchmark in turn and print their figures (`make bench`). Takes a while: the store,
reconciliation and Datasette benchmarks each generate a million claims."""
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ["score_seeds.py", "score_dev.py", "score_quantities.py", "score_newsquant.py",
           "extract_speed.py", "store_bench.py", "reconcile_bench.py",
           "crawl_bench.py", "datasette_bench.py", "serve_startup.py", "backfill_bench.py",
           "desk_bench.py"]

if __name__ == "__main__":
    failed = 0
    for script in SCRIPTS:
        print(f"\n== {script}", flush=True)
        failed += subprocess.call([sys.executable, str(HERE / script)]) != 0
    sys.exit(1 if failed else 0)
