"""Extraction speed: words per second of the claims pipeline and of the pack-free quantity mode
(`claims extract --quantities`) on the seeds' text repeated, beside spaCy's bare English
tokenizer on the same text in the same run, and their ratios. Times are this process's CPU
time, so that other work on a shared machine does not skew the ratios.

usage: python bench/extract_speed.py [--shared ../shared] [--words 200000]
Without ../shared it uses the demo corpus' text instead.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import spacy  # noqa: E402

from extract import claims_of_text  # noqa: E402
from extract.quantity_mode import extract_quantities  # noqa: E402
from extract.document import read_html  # noqa: E402


def corpus(shared: Path) -> str:
    seeds = sorted((shared / "seeds").glob("*.txt"))
    if seeds:
        return "\n\n".join(p.read_text(encoding="utf-8") for p in seeds)
    site = HERE.parent / "claims" / "demo_site"
    return "\n\n".join(read_html(p.read_text()).text for p in sorted(site.glob("*/*.html")))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    ap.add_argument("--words", type=int, default=200_000)
    args = ap.parse_args()
    base = corpus(Path(args.shared))
    reps = max(1, args.words // len(base.split()))
    docs = [base] * reps
    words = len(base.split()) * reps
    claims_of_text(base)  # build the pipeline and pint's registry once, outside the timing
    extract_quantities(base)

    nlp = spacy.blank("en")
    clock = time.process_time
    t = clock()
    for d in nlp.pipe(docs):
        pass
    tok = words / (clock() - t)

    t = clock()
    n = sum(len(claims_of_text(d)) for d in docs)
    ours = words / (clock() - t)

    t = clock()
    nq = sum(len(extract_quantities(d)) for d in docs)
    quant = words / (clock() - t)
    print(f"text: {words:,} words ({reps} copies of the corpus), {n:,} claims, {nq:,} quantities")
    print(f"spaCy blank tokenizer : {tok:10,.0f} words/s")
    print(f"claims pipeline       : {ours:10,.0f} words/s  (target >= 30,000)")
    print(f"quantity mode         : {quant:10,.0f} words/s")
    print(f"ratio claims/tokenizer: {ours / tok:.2f}; quantities/tokenizer: {quant / tok:.2f} "
          "(target >= 0.27 each)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
