"""Score the extractor on every gold set (the seeds and ../shared/eval/dev), per group (seeds, spec,
biz, china, ai), for the four dev groups together and overall: strict and quantity P/R/F1 with
the rules alone, with the attachment model trained on everything (in-sample), and
leave-one-group-out (trained without a group, scored on it). The cross-validated figure is the
one that says how the extractor does on text nobody tuned for.

usage: python bench/score_dev.py [--shared ../shared] [--json] [--shipped]
(--shipped also scores the model shipped in the package, which should equal in-sample.)
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from extract import train  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--shipped", action="store_true")
    args = ap.parse_args()
    shared = Path(args.shared)
    if not (shared / "eval" / "dev" / "gold.jsonl").exists():
        print(f"no dev gold set under {shared}/eval: pass --shared", file=sys.stderr)
        return 1
    table = train.evaluate(shared, shipped=args.shipped)
    if args.json:
        print(json.dumps(table, indent=1))
        return 0
    print(f"{'':28s}" + "".join(f"{g:>17s}" for g in train.COLUMNS))
    for name, by_group in table.items():
        for measure in ("strict", "quantity"):
            cells = []
            for g in train.COLUMNS:
                r = by_group.get(g, {}).get(measure)
                cells.append(f"{r['precision']:.2f}/{r['recall']:.2f}/{r['f1']:.3f}" if r else "-")
            print(f"{name + ' ' + measure:28s}" + "".join(f"{c:>17s}" for c in cells))
    print("(each cell: precision/recall/F1)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
