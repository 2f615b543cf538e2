"""Quantity reading on the real articles of ../shared/eval/dev and on the seeds: the scorer's
quantity line (value, unit and kind right, whoever the subject), with its recall in prose and in
tables, per group of articles and overall.

usage: python bench/score_quantities.py [--shared ../shared] [--json] [--errors]

`--errors` also prints, matched as the scorer's quantity line matches (kind and value, no
subject), the gold quantities missed and the predictions nothing matched, by kind, with their
evidence.

Targets (issue 16): dev quantity F1 >= 0.92 with table recall >= 0.90; seeds quantity F1 >= 0.95.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from extract import extract_claims  # noqa: E402


def _scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("score_claims",
                                                  shared / "eval" / "score_claims.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict(texts: list[Path]) -> list[dict]:
    preds = []
    for path in texts:
        preds += extract_claims(path.read_text(encoding="utf-8"), html=False, doc=path.name)
    return preds


def _line(name: str, r: dict) -> str:
    return (f"{name:10s} quantity P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f} "
            f"(recall prose {r['recall_prose']}, table {r['recall_table']}; "
            f"{r['tp']} of {r['gold']} gold, {r['pred']} predicted)")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--errors", action="store_true",
                    help="print the missed gold quantities and the unmatched predictions")
    args = ap.parse_args()
    shared = Path(args.shared)
    dev = shared / "eval" / "dev"
    if not (dev / "gold.jsonl").exists():
        print(f"no gold set under {dev}: pass --shared", file=sys.stderr)
        return 1
    sc = _scorer(shared)
    gold = sc.load(dev / "gold.jsonl")
    preds = predict(sorted((dev / "texts").glob("*.txt")))
    out = {"dev": sc.score(gold, preds)["quantity"]}
    by_group_g, by_group_p = defaultdict(list), defaultdict(list)
    for g in gold:
        by_group_g[g["doc"].rstrip("0123456789.txt")].append(g)
    for p in preds:
        by_group_p[p["doc"].rstrip("0123456789.txt")].append(p)
    for group in sorted(by_group_g):
        out[f"dev {group}"] = sc.score(by_group_g[group], by_group_p[group])["quantity"]
    if args.errors:
        print_errors("dev", sc, gold, preds)
    seeds_gold = shared / "eval" / "seeds-gold.jsonl"
    if seeds_gold.exists():
        seed_gold = sc.load(seeds_gold)
        seed_preds = predict(sorted((shared / "seeds").glob("*.txt")))
        out["seeds"] = sc.score(seed_gold, seed_preds)["quantity"]
        if args.errors:
            print_errors("seeds", sc, seed_gold, seed_preds)
    if args.json:
        print(json.dumps(out))
    else:
        for name, r in out.items():
            print(_line(name, r))
        print("targets: dev quantity F1 >= 0.92 with table recall >= 0.90; seeds >= 0.95")
    return 0


def print_errors(name: str, sc, gold: list[dict], preds: list[dict]) -> None:
    """The scorer's quantity matching (each prediction takes the first unused gold claim of its
    document with the same kind and value), keeping which predictions matched too."""
    by_doc_g, by_doc_p = defaultdict(list), defaultdict(list)
    for g in gold:
        by_doc_g[g["doc"]].append(g)
    for p in preds:
        by_doc_p[p.get("doc")].append(p)
    missed, unmatched = defaultdict(list), defaultdict(list)
    for doc, golds in sorted(by_doc_g.items()):
        used = set()
        for p in by_doc_p.get(doc, []):
            i = next((i for i, g in enumerate(golds) if i not in used
                      and g["kind"] == p.get("kind") and sc.same_value(p, g, 0.02)), None)
            if i is None:
                unmatched[p.get("kind")].append(p)
            else:
                used.add(i)
        for i, g in enumerate(golds):
            if i not in used:
                missed[g["kind"]].append(g)

    def value(c: dict) -> str:
        v = c.get("value")
        return f"{v:g}" if v is not None else f"{c.get('low'):g}-{c.get('high'):g}"

    print(f"{name}: missed gold quantities: {sum(map(len, missed.values()))}")
    for kind, items in sorted(missed.items(), key=lambda kv: -len(kv[1])):
        for g in items:
            where = "table" if g.get("in_table") else "prose"
            print(f"  {kind:10s} {value(g):>12s} {g.get('unit') or '':10s} {g['doc']:12s} {where} "
                  f"| {(g.get('evidence') or '')[:140]!r}")
    print(f"{name}: unmatched predictions: {sum(map(len, unmatched.values()))}")
    for kind, items in sorted(unmatched.items(), key=lambda kv: -len(kv[1])):
        for p in items:
            print(f"  {kind:10s} {value(p):>12s} {p.get('unit') or '':10s} {p['doc']:12s} "
                  f"| {(p.get('evidence') or p.get('text') or '')[:140]!r}")


if __name__ == "__main__":
    sys.exit(main())
