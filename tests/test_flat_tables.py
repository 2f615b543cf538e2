"""Flattened tables (extract/flat_tables.py): rows whose cells ran together are read as rows;
paragraphs that lost their last full stop are not."""
from __future__ import annotations

from extract import extract_claims, flat_tables
from extract.pipeline import build_pipeline

# paragraphs of a page whose crawler dropped each paragraph's final stop
PROSE = ("Orion Semi opened its second fab in March\n"
         "Last year the export rules widened to cover the older boards. The change cost Vantor "
         "an estimated $4 billion in sales, while Orion Semi expected $900 million in losses\n"
         "After the ruling, the company said its share of the market fell from 80% to 45%, "
         "and it cut its outlook\n"
         "Analysts expect the market to double by 2028\n")

TABLE = ("Table 2: Board prices\n\n"
         "BoardMemoryPrice\n"
         "Vantor QX-796 GB$12,000\n"
         "Orion LX-2128 GB$18,500\n"
         "Lumen n240d48 GB$6,200\n")


def figure_starts(text: str) -> list[int]:
    doc = build_pipeline("ai_chips", "none")(text)
    return [q.start for q in doc._.quantities]


def test_paragraphs_that_lost_their_stop_are_no_table_rows():
    assert flat_tables.find_rows(PROSE, figure_starts(PROSE)) == []
    assert not any(c["in_table"] for c in extract_claims(PROSE))


def test_rows_whose_cells_ran_together_are_still_rows():
    rows = flat_tables.find_rows(TABLE, figure_starts(TABLE))
    assert [TABLE[r.start:r.end][:9] for r in rows] == ["Vantor QX", "Orion LX-", "Lumen n24"]
    assert all(r.header == "BoardMemoryPrice" for r in rows)


def test_what_reads_as_prose():
    assert flat_tables._prose("The change cost Vantor an estimated $4 billion in sales, while "
                              "Orion Semi expected $900 million in losses")
    assert flat_tables._prose("the rules widened to cover the older boards. The change cost "
                              "Vantor $4 billion")
    # a caption with "vs.", cells run together, a short label: not prose
    assert not flat_tables._prose("Table 3: Vantor QX-7 vs. Orion LX-2 — Technical Comparison")
    assert not flat_tables._prose("QX-7 inference boards, high throughput180 GB HBM3eFrom "
                                  "$6.03/hr, for large models")
    assert not flat_tables._prose("Yearly volume goal100,000 units")
