"""Start-up of the public server: `claims serve --public --port 0` on a small snapshot, from the
command to the first answered page (the guide at /), and the server's resident memory then.

Each run is a fresh process; the figure is the median of the runs (wall time: on a shared
machine others' load moves it). Also printed: whether the server process had loaded spaCy, read
from its memory map (a server never extracts, so it should not).
usage: python bench/serve_startup.py [--runs 5]
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from store import EventLog, publish, rebuild  # noqa: E402
from store.reconcile import Settings, reconcile  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reconcile_bench import events  # noqa: E402

RUNNING = re.compile(r"Uvicorn running on http://127\.0\.0\.1:(\d+)")


def snapshot(root: Path, claims: int) -> Path:
    db = root / "log.db"
    with EventLog(db) as log:
        log.append(events(claims, max(claims // 10, 1), 1))
        rebuild(log.conn)
        reconcile(log.conn, Settings(), full=True)
    return publish(db, root / "public" / "bench.db")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def loaded_spacy(pid: int) -> bool:
    """Whether spaCy's compiled modules are mapped into the process (an import of spaCy maps
    them; nothing else does)."""
    return "/spacy/" in Path(f"/proc/{pid}/maps").read_text()


def one_start(snap: Path, ceiling: float = 120) -> tuple[float, float, bool]:
    """Seconds from the command to the guide answered, MB resident then, spaCy loaded or not."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "claims.cli", "serve", "--public", "--port",
                             "0", "--snapshot", str(snap)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    port: list[int] = []
    found = threading.Event()

    def read():
        for line in proc.stderr:
            m = RUNNING.search(line)
            if m and not port:
                port.append(int(m.group(1)))
                found.set()
        found.set()
    threading.Thread(target=read, daemon=True).start()
    try:
        if not found.wait(ceiling) or not port:
            raise RuntimeError("claims serve did not start")
        urllib.request.urlopen(f"http://127.0.0.1:{port[0]}/", timeout=ceiling).read()
        seconds = time.perf_counter() - t0
        return seconds, rss_mb(proc.pid), loaded_spacy(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--claims", type=int, default=2_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        snap = snapshot(Path(tmp), args.claims)
        one_start(snap)  # warm the file cache
        runs = [one_start(snap) for _ in range(args.runs)]
    seconds = statistics.median(r[0] for r in runs)
    rss = statistics.median(r[1] for r in runs)
    spacy = any(r[2] for r in runs)
    print(f"claims serve --public, {args.runs} starts; load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores")
    print(f"command to first page (median) {seconds:6.2f} s   (runs: "
          f"{', '.join(f'{r[0]:.2f}' for r in runs)})")
    print(f"server resident memory (median) {rss:6.0f} MB")
    print(f"spaCy loaded in the server: {'yes' if spacy else 'no'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
