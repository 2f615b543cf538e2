"""Score the pack-free quantity mode on NewsQuant (the CQE paper's news quantity benchmark), the
half of it in ../shared/eval/newsquant, beside the published figures of its peers.

usage: python bench/score_newsquant.py [--shared ../shared] [--out preds.jsonl] [--keep DIR]

Writes the sentences to files with `newsquant.py texts DIR`, runs `claims extract --quantities`
on them, and scores with `newsquant.py score PRED.jsonl` (value, and value+unit: P/R/F1).
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PEERS = [("CQE 2.0.3, run here through the same scorer (whole benchmark)", 0.904, 0.869),
         ("CQE, published", 0.920, 0.856),
         ("quantulum3, published", 0.730, 0.472)]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    ap.add_argument("--out", help="keep the predictions here")
    ap.add_argument("--keep", help="write the sentences to this folder (else a temporary one)")
    args = ap.parse_args()
    script = Path(args.shared) / "eval" / "newsquant.py"
    if not script.exists():
        print(f"no {script}: pass --shared", file=sys.stderr)
        return 1
    claims = Path(sys.executable).with_name("claims")
    with tempfile.TemporaryDirectory() as tmp:
        texts = Path(args.keep or Path(tmp) / "texts")
        subprocess.run([sys.executable, str(script), "texts", str(texts)], check=True,
                       stdout=subprocess.DEVNULL)
        files = sorted(str(p) for p in texts.glob("*.txt"))
        out = Path(args.out or Path(tmp) / "pred.jsonl")
        t = time.perf_counter()
        with open(out, "w", encoding="utf-8") as fh:
            subprocess.run([str(claims), "extract", "--quantities", *files], check=True,
                           stdout=fh)
        took = time.perf_counter() - t
        print(f"claims extract --quantities on {len(files)} sentences: {took:.1f} s "
              "(process start included)")
        scored = subprocess.run([sys.executable, str(script), "score", str(out)], check=True,
                                capture_output=True, text=True)
    print("ours (this half):")
    print("  " + scored.stdout.strip().replace("\n", "\n  "))
    print("peers (F1: value / value+unit):")
    for name, value_f1, unit_f1 in PEERS:
        print(f"  {name}: {value_f1:.3f} / {unit_f1:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
