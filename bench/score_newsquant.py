"""Score the pack-free quantity mode on NewsQuant (the CQE paper's news quantity benchmark), the
half of it in ../shared/eval/newsquant, beside the published figures of its peers.

usage: python bench/score_newsquant.py [--shared ../shared] [--out preds.jsonl] [--keep DIR]
                                       [--errors]

Writes the sentences to files with `newsquant.py texts DIR`, runs `claims extract --quantities`
on them, and scores with `newsquant.py score PRED.jsonl` (value, and value+unit: P/R/F1).
`--errors` also prints, matched as the scorer matches: the confusion of gold and predicted units
(the value agrees, the unit does not), the gold quantities missed (by gold unit) and the
predictions nothing matched (by kind), with their sentences.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
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
    ap.add_argument("--errors", action="store_true",
                    help="print the unit confusion, the missed and the unmatched quantities")
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
        if args.errors:
            print_errors(script, out)
    print("ours (this half):")
    print("  " + scored.stdout.strip().replace("\n", "\n  "))
    print("peers (F1: value / value+unit):")
    for name, value_f1, unit_f1 in PEERS:
        print(f"  {name}: {value_f1:.3f} / {unit_f1:.3f}")
    return 0


def print_errors(script: Path, pred_path: Path) -> None:
    """Match as the scorer does (each gold quantity takes the first unused prediction that
    agrees, value and unit first, then value alone) and print what did not match, grouped."""
    spec = importlib.util.spec_from_file_location("newsquant", script)
    nq = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(nq)
    gold, units = nq.load_gold(), nq.Units()
    preds = defaultdict(list)
    for line in open(pred_path, encoding="utf-8"):
        if line.strip():
            p = json.loads(line)
            preds[os.path.basename(str(p["doc"]))].append(p)
    confusion, wrong, missed, unmatched = Counter(), [], defaultdict(list), defaultdict(list)
    for i, r in enumerate(gold):
        ps, used = preds[f"{i:04d}.txt"], set()
        for q in r["quantities"]:
            try:
                gv = nq.parse_gold_value(q["value"])
            except ValueError:
                continue
            gu = q["normalized_unit"].strip().lower()
            for need_unit in (True, False):
                j = next((j for j, p in enumerate(ps) if j not in used and
                          nq.agree(p, gv, gu, units, need_unit)), None)
                if j is not None:
                    used.add(j)
                    if not need_unit:
                        confusion[(gu, ps[j]["unit"])] += 1
                        wrong.append((gu, ps[j]["unit"], ps[j]["text"], r["text"]))
                    break
            else:
                missed[gu].append((q["value"], r["text"]))
        for j, p in enumerate(ps):
            if j not in used:
                unmatched[p["kind"]].append((p["text"], p["unit"], r["text"]))
    print(f"unit confusion (value agrees, unit does not): {sum(confusion.values())}")
    for (g, p), n in confusion.most_common():
        print(f"  {n:3d}  gold {g!r:45s} predicted {p!r}")
    for g, p, t, sent in wrong:
        print(f"       {g!r} <- {t!r} ({p}) | {sent[:160]}")
    print(f"missed (no prediction has the value): {sum(map(len, missed.values()))}")
    for g, items in sorted(missed.items(), key=lambda kv: -len(kv[1])):
        for v, sent in items:
            print(f"  {g!r:30s} {v:>14s} | {sent[:160]}")
    print(f"unmatched predictions: {sum(map(len, unmatched.values()))}")
    for kind, items in sorted(unmatched.items(), key=lambda kv: -len(kv[1])):
        for t, u, sent in items:
            print(f"  {kind:8s} {t!r} ({u}) | {sent[:160]}")


if __name__ == "__main__":
    sys.exit(main())
