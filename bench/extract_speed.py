"""Extraction speed: words per second of the claims pipeline and of the pack-free quantity mode
(`claims extract --quantities`) on the seeds' text repeated, beside spaCy's bare English
tokenizer on the same text in the same run, and their ratios. Times are this process's CPU
time, taken copy by copy for the three in turn, so that other work on a shared machine does
not skew the ratios.
Then memory: a long text file (--stream-mb) streamed as `claims extract` reads it, and the
same text read whole, each with the growth of the process's peak memory (max RSS) it caused.
Last, a long pipe table (--table-rows, 100,000 by default) and one a tenth as long read by the
table reader: the time should grow with the rows (a ratio near 10), not with their square.

usage: python bench/extract_speed.py [--shared ../shared] [--words 200000] [--stream-mb 5]
                                    [--table-rows 100000]
Without ../shared it uses the demo corpus' text instead.
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import spacy  # noqa: E402

from extract import claims_of_text  # noqa: E402
from extract.quantity_mode import extract_quantities  # noqa: E402
from extract.document import read_html  # noqa: E402
from extract.pipeline import stream_claims  # noqa: E402
from extract.stream import text_blocks  # noqa: E402


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def memory(base: str, megabytes: float) -> None:
    """Peak memory growth of streaming a long file, then of reading the same text whole (in
    this order: the peak only rises)."""
    text = (base + "\n\n") * max(1, int(megabytes * 1e6 // (len(base) + 2)))
    words = len(text.split())
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        del text
        before = max_rss_mb()
        t = time.perf_counter()
        with open(f.name, "rb") as fh:
            n = sum(1 for _ in stream_claims(text_blocks(fh)))
        seconds = time.perf_counter() - t
        streamed = max_rss_mb() - before
        print(f"streamed {megabytes:g} MB file: {n:,} claims, {words / seconds:,.0f} words/s, "
              f"peak memory +{streamed:,.0f} MB (max RSS {max_rss_mb():,.0f} MB)")
        with open(f.name, encoding="utf-8") as fh:
            whole = fh.read()
        before = max_rss_mb()
        n = len(claims_of_text(whole))
        print(f"same text read whole: {n:,} claims, peak memory +{max_rss_mb() - before:,.0f} MB"
              f" (max RSS {max_rss_mb():,.0f} MB)")


def pipe_table(rows: int) -> str:
    lines = ["| Part | Power (W) | Memory |", "|---|---|---|"]
    lines += [f"| Part {i} | {100 + i % 900} | {i % 64} GB |" for i in range(rows)]
    return "\n".join(lines) + "\n"


def long_table(rows: int) -> None:
    """The table reader and its cells' quantities on `rows` rows and on a tenth of them."""
    from extract.quantities import QuantityFinder
    from extract.table_model import read_tables
    from extract.tables import cell_quantities
    finder = QuantityFinder({})
    spent = []
    for n in (rows // 10, rows):
        text = pipe_table(n)
        t = time.process_time()
        tables = read_tables(text)
        cells = cell_quantities(text, finder, [])
        spent.append(time.process_time() - t)
        assert len(tables[0].rows) == n, "the table was not read whole"
    print(f"pipe table of {rows // 10:,} rows: {spent[0]:.2f} s; of {rows:,} rows: {spent[1]:.2f} s "
          f"({len(cells):,} cell quantities); growth {spent[1] / max(spent[0], 1e-6):.1f}x for "
          "10x the rows (linear: ~10)")


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
    ap.add_argument("--stream-mb", type=float, default=5.0,
                    help="size of the long file for the memory measure (0: skip it)")
    ap.add_argument("--table-rows", type=int, default=100_000,
                    help="rows of the long pipe table (0: skip it)")
    args = ap.parse_args()
    base = corpus(Path(args.shared))
    reps = max(1, args.words // len(base.split()))
    docs = [base] * reps
    words = len(base.split()) * reps
    claims_of_text(base)  # build the pipeline and pint's registry once, outside the timing
    extract_quantities(base)
    if args.stream_mb:  # first, while the peak is still the warmed-up pipeline's
        memory(base, args.stream_mb)

    nlp = spacy.blank("en")
    clock = time.process_time
    # the three are timed copy by copy, in turn (in alternating order), so that a change of
    # load on a shared machine weighs on each alike: timed one after the other, a busy minute
    # fell on one of them and moved the ratios by a fifth from run to run
    spent = {"tok": 0.0, "claims": 0.0, "quantities": 0.0}
    counts = {"tok": 0, "claims": 0, "quantities": 0}
    runs = {"tok": lambda d: nlp.make_doc(d), "claims": claims_of_text,
            "quantities": extract_quantities}
    for i, d in enumerate(docs):
        for name in (("tok", "claims", "quantities") if i % 2 == 0 else
                     ("quantities", "claims", "tok")):
            t = clock()
            out = runs[name](d)
            spent[name] += clock() - t
            counts[name] += len(out)
    tok, ours, quant = (words / spent[k] for k in ("tok", "claims", "quantities"))
    n, nq = counts["claims"], counts["quantities"]
    print(f"text: {words:,} words ({reps} copies of the corpus), {n:,} claims, {nq:,} quantities")
    print(f"spaCy blank tokenizer : {tok:10,.0f} words/s")
    print(f"claims pipeline       : {ours:10,.0f} words/s  (target >= 30,000)")
    print(f"quantity mode         : {quant:10,.0f} words/s")
    print(f"ratio claims/tokenizer: {ours / tok:.2f}; quantities/tokenizer: {quant / tok:.2f} "
          "(target >= 0.27 each)")
    print(f"peak memory of the whole run (max RSS): {max_rss_mb():,.0f} MB")
    if args.table_rows:
        long_table(args.table_rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
