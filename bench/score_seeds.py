"""Score the extractor on the seeds' gold set (../shared/eval) and print the scorer's figures.

usage: python bench/score_seeds.py [--shared ../shared] [--out preds.jsonl] [--json]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from extract import extract_claims  # noqa: E402


def predict(seeds: Path) -> list[dict]:
    preds = []
    for path in sorted(seeds.glob("*.txt")):
        preds += extract_claims(path.read_text(encoding="utf-8"), html=False, doc=path.name)
    return preds


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    ap.add_argument("--out")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    shared = Path(args.shared)
    if not (shared / "eval" / "seeds-gold.jsonl").exists():
        print(f"no gold set under {shared}/eval: pass --shared", file=sys.stderr)
        return 1
    preds = predict(shared / "seeds")
    out = Path(args.out) if args.out else Path(tempfile.mkstemp(suffix=".jsonl")[1])
    out.write_text("".join(json.dumps(p) + "\n" for p in preds), encoding="utf-8")
    cmd = [sys.executable, str(shared / "eval" / "score_claims.py"),
           str(shared / "eval" / "seeds-gold.jsonl"), str(out)] + (["--json"] if args.json else [])
    return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main())
