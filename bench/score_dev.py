"""Score the extractor on every gold set (the seeds and ../shared/eval/dev), per group and overall:
strict and quantity P/R/F1 with the rules alone, with the attachment model trained on everything
(in-sample), and leave-one-group-out (train without a group, score on it): the cross-validated
figure says how the extractor does on text nobody tuned for.

usage: python bench/score_dev.py [--shared ../shared] [--json] [--shipped]
(--shipped also scores the model shipped in the package, which should equal in-sample.)
"""
from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from extract import ranker, train  # noqa: E402
from extract.pack import load_pack  # noqa: E402


COLUMNS = (*train.GROUPS, "dev", "all")


def predictions(read, model, entities) -> list[dict]:
    out = []
    for _, claims, ranking in read:
        claims = copy.deepcopy(claims)
        if model is not None:
            ranker.rerank(claims, ranking, model, entities)
        out += claims
    return out


def scores(scorer, read, preds) -> dict:
    """{group: {"strict": {...}, "quantity": {...}}}, with "dev" for the four dev groups and
    "all" for every document."""
    out = {}
    for group in COLUMNS:
        docs = {d.name for d, _, _ in read if group == "all" or group == d.group or
                (group == "dev" and d.group != "seeds")}
        gold = [g for d, _, _ in read if d.name in docs for g in d.golds]
        if gold:
            out[group] = scorer.score(gold, [p for p in preds if p["doc"] in docs])
    return out


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
    scorer = train.load_scorer(shared)
    read = train.read_documents(train.load_documents(shared))
    entities = {e.name: e for e in load_pack("ai_chips").entities}
    rows = train.labelled_rows(read, scorer)
    table = {"rules": scores(scorer, read, predictions(read, None, entities))}
    full = ranker.Model.from_dict(train.fit(rows))
    table["in-sample"] = scores(scorer, read, predictions(read, full, entities))
    if args.shipped:
        table["shipped"] = scores(scorer, read, predictions(read, ranker.load_model(), entities))
    held_out = []
    for group in train.GROUPS:
        model = ranker.Model.from_dict(train.fit([r for r in rows if r[0] != group]))
        part = [x for x in read if x[0].group == group]
        held_out += predictions(part, model, entities)
    table["leave-one-group-out"] = scores(scorer, read, held_out)
    if args.json:
        print(json.dumps(table, indent=1))
        return 0
    print(f"{'':26s}" + "".join(f"{g:>17s}" for g in COLUMNS))
    for name, by_group in table.items():
        for measure in ("strict", "quantity"):
            cells = []
            for g in COLUMNS:
                r = by_group.get(g, {}).get(measure)
                cells.append(f"{r['precision']:.2f}/{r['recall']:.2f}/{r['f1']:.3f}" if r else "-")
            print(f"{name + ' ' + measure:26s}" + "".join(f"{c:>17s}" for c in cells))
    print("(each cell: precision/recall/F1)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
