"""The table reader (extract.table_model, extract.tables): every layout into one model, units from
headers, multi-value cells, the same claims from HTML and text, bad tables, linear time."""
from __future__ import annotations

import math
import time

import pytest
from hypothesis import given, settings, strategies as st

from extract import extract_claims
from extract.quantities import QuantityFinder
from extract.quantity_mode import extract_quantities
from extract.table_model import label_runs, read_tables
from extract.tables import cell_quantities, cell_values, counted_label, label_unit

FINDER = QuantityFinder({"chips": "chips"}, generic_counts=True)

PIPE = """Accelerators compared
| Spec | Alpha X1 | Beta Z9 |
|---|---|---|
| Memory | 96 GB | 128 GB |
| FP8 TFLOPS | 1,200 | ~1,450 |
| Board power (W) | 600 | N/A |
"""

CELL_LINES = """Board comparison
Spec |
Alpha X1 |
Beta Z9 |
---|---|---|
Compute cores |
64 |
96 (48 per die) |
Memory bandwidth |
410 GB/sec |
820 GB/sec |
"""


def _values(qs):
    return sorted((q.kind, q.value, q.low, q.high) for q in qs)


def test_pipe_table_cells_know_their_headers():
    (table,) = read_tables(PIPE)
    assert table.header == ["Spec", "Alpha X1", "Beta Z9"]
    assert table.title == "Accelerators compared"
    assert [r[0].text for r in table.rows] == ["Memory", "FP8 TFLOPS", "Board power (W)"]
    for row in table.rows:
        for c in row:
            assert PIPE[c.start:c.end] == c.text


def test_bare_cells_take_the_unit_of_their_row_header():
    found = FINDER.find(PIPE)
    extra = cell_quantities(PIPE, FINDER, found)
    got = {(q.value_text, q.kind, q.value, q.approx) for q in extra}
    assert ("1,200", "compute", 1.2e15, False) in got
    assert ("~1,450", "compute", 1.45e15, True) in got
    assert ("600", "power", 600.0, False) in got
    assert not any(q.value_text == "N/A" for q in extra)


def test_one_cell_a_line_is_the_same_table():
    (table,) = read_tables(CELL_LINES)
    assert table.layout == "cell-lines"
    assert table.header == ["Spec", "Alpha X1", "Beta Z9"]
    assert [[c.text for c in r] for r in table.rows] == [
        ["Compute cores", "64", "96 (48 per die)"],
        ["Memory bandwidth", "410 GB/sec", "820 GB/sec"]]
    extra = cell_quantities(CELL_LINES, FINDER, FINDER.find(CELL_LINES))
    assert [(q.kind, q.value) for q in extra] == [("count", 64.0), ("count", 96.0)]


def test_space_aligned_rows_are_label_runs():
    line = "FP32 TFLOPS 96 192 14.5 ? FP8 TFLOPS Tensor ? ? 210/420* 800/1600*"
    runs = label_runs(line, 0, line)
    assert [(label, [c.text for c in cells]) for label, cells in runs] == [
        ("FP32 TFLOPS", ["96", "192", "14.5"]),
        ("FP8 TFLOPS Tensor", ["210/420*", "800/1600*"])]
    text = "Peak numbers\nFP16 TFLOPS 410 820 ? 97.5\nHBM stacks per package 6 8 8 4\n"
    out = cell_quantities(text, FINDER, FINDER.find(text))
    compute = [q.value for q in out if q.kind == "compute"]
    counts = [q.value for q in out if q.kind == "count"]
    assert compute == [410e12, 820e12, 97.5e12]
    assert counts == [6.0, 8.0, 8.0, 4.0]


@pytest.mark.parametrize("cell, spans", [
    ("989", ["989"]), ("~990", ["~990"]), ("1,300", ["1,300"]), ("459 (optimized)", ["459"]),
    ("210/420*", ["210", "420"]), ("1/8", ["1/8"]), ("N/A", []), ("?", []), ("-", []),
    ("Native support", []), ("72 (36 per tray)", ["72"]),
])
def test_cell_values(cell, spans):
    assert [cell[a:b] for a, b in cell_values(cell)] == spans


@pytest.mark.parametrize("label, kind", [
    ("FP16 TFLOPS", "compute"), ("TeraFLOPS (FP8)", "compute"), ("Price ($/hr)", "price_per_unit"),
    ("Revenue ($M)", "money"), ("Share (%)", "percent"), ("Power (kW)", "power"),
    ("HBM capacity", None), ("Interconnect", None), ("Years", None),
])
def test_units_from_header_text(label, kind):
    found = label_unit(label, FINDER)
    assert (found[1] if found else None) == kind


@pytest.mark.parametrize("label, counted", [
    ("Compute cores", True), ("Boards per rack", True), ("Link ports per chip", True),
    ("Transistor count", True), ("Process", False), ("Memory Bandwidth", False),
    ("Part Number", False), ("Status", False), ("v5e", False),
])
def test_counted_labels(label, counted):
    assert counted_label(label) is counted


def test_header_money_units_apply_to_found_figures():
    text = ("GPU rental prices\n| GPU | Price ($/hr) | Revenue ($M) |\n|---|---|---|\n"
            "| Alpha X1 | $2.10-$3.50 | $1,250 |\n")
    found = FINDER.find(text)
    cell_quantities(text, FINDER, found)
    by_text = {q.value_text: q for q in found}
    assert by_text["$2.10-$3.50"].kind == "price_per_unit"
    assert by_text["$2.10-$3.50"].unit == "USD/hour"
    assert (by_text["$2.10-$3.50"].low, by_text["$2.10-$3.50"].high) == (2.1, 3.5)
    assert by_text["$1,250"].value == 1.25e9


def test_flattened_row_money_scale_label():
    text = "Results\nQ1Q2ChangeRevenue ($M)$1,210$1,480Up 22%\n"
    found = FINDER.find(text)
    cell_quantities(text, FINDER, found)
    money = sorted(q.value for q in found if q.kind == "money")
    assert money == [1.21e9, 1.48e9]


def test_html_and_text_tables_give_the_same_claims():
    html = ("<html><body><article><p>The vendors published their boards.</p>"
            "<table><tr><th>Spec</th><th>NVIDIA H100</th><th>NVIDIA H200</th></tr>"
            "<tr><td>FP8 TFLOPS</td><td>1,979</td><td>1,979</td></tr>"
            "<tr><td>Memory</td><td>80 GB</td><td>141 GB</td></tr></table></article>"
            "</body></html>")
    text = ("The vendors published their boards.\n\nSpec | NVIDIA H100 | NVIDIA H200\n"
            "FP8 TFLOPS | 1,979 | 1,979\nMemory | 80 GB | 141 GB\n")

    def key(claims):
        return sorted((c["subject"], c["kind"], c["value"]) for c in claims)
    from_html = key(extract_claims(html, html=True))
    assert from_html == key(extract_claims(text, html=False))
    assert ("NVIDIA H200", "memory", 141e9) in from_html
    assert ("NVIDIA H100", "compute", 1979e12) in from_html


# bad tables -----------------------------------------------------------------------------------
def test_ragged_rows_and_empty_headers_do_not_break_the_reader():
    text = "| | | |\n|---|---|---|\n| Memory | 80 GB |\n| FP8 TFLOPS | 10 | 20 | 30 | 40 |\n||||\n"
    tables = read_tables(text)
    assert len(tables) == 1
    qs = extract_quantities(text)
    assert any(q["text"] == "80 GB" for q in qs)
    assert {q["value"] for q in qs if q["kind"] == "compute"} == {10e12, 20e12, 30e12, 40e12}


def test_five_hundred_columns():
    header = " | ".join(["Spec"] + [f"Board {i}" for i in range(500)])
    row = " | ".join(["Power (W)"] + [str(100 + i) for i in range(500)])
    text = f"{header}\n{row}\n"
    (table,) = read_tables(text)
    assert len(table.header) == 501 and len(table.rows[0]) == 501
    power = [q for q in extract_quantities(text) if q["kind"] == "power"]
    assert len(power) == 500 and power[-1]["value"] == 599.0


def _pipe_table(rows: int) -> str:
    lines = ["| Part | Power (W) | Memory |", "|---|---|---|"]
    lines += [f"| Part {i} | {100 + i % 900} | {i % 64} GB |" for i in range(rows)]
    return "\n".join(lines) + "\n"


def test_a_long_pipe_table_is_read_in_linear_time():
    """100,000 rows: reading time grows with the rows, not their square (a ratio with a
    generous ceiling, so a loaded machine does not fail it)."""
    small, big = _pipe_table(10_000), _pipe_table(100_000)
    finder = QuantityFinder({})

    def timed(text):
        t = time.process_time()
        tables = read_tables(text)
        out = cell_quantities(text, finder, [])   # the cells alone: the prose finder aside
        return time.process_time() - t, tables, out
    t_small, _, _ = timed(small)
    t_big, tables, out = timed(big)
    assert len(tables[0].rows) == 100_000
    assert sum(1 for q in out if q.kind == "power") == 100_000
    assert t_big < 30 * max(t_small, 0.01), (t_small, t_big)   # linear: about 10x


# properties ---------------------------------------------------------------------------------
_CELL = st.one_of(st.text(alphabet="abcXYZ09 .,$%~*/?-()", max_size=12),
                  st.integers(min_value=-10**6, max_value=10**9).map(str),
                  st.sampled_from(["N/A", "?", "-", "", "210/420*", "~815", "$2.10-$3.50"]))


@st.composite
def pipe_tables(draw):
    width = draw(st.integers(min_value=1, max_value=8))
    nrows = draw(st.integers(min_value=1, max_value=12))
    rows = []
    for _ in range(nrows):
        n = draw(st.integers(min_value=1, max_value=width + 2))   # ragged on purpose
        cells = [draw(_CELL) for _ in range(n)]
        lead, trail = draw(st.booleans()), draw(st.booleans())
        rows.append(("| " if lead else "") + " | ".join(cells) + (" |" if trail else ""))
    if draw(st.booleans()):
        rows.insert(1, "|" + "---|" * width)
    prose = draw(st.text(alphabet="The chip has 80 GB and 5 units.\n", max_size=40))
    return prose + "\n" + "\n".join(rows) + "\n"


@settings(max_examples=150, deadline=None)
@given(pipe_tables())
def test_cells_are_spans_of_the_text_in_order(text):
    last = -1
    for table in read_tables(text):
        assert 0 <= table.start <= table.end <= len(text)
        for row in table.rows:
            for c in row:
                assert text[c.start:c.end] == c.text
                assert "|" not in c.text
                assert c.start > last or c.start == c.end
                last = max(last, c.start)


@settings(max_examples=150, deadline=None)
@given(pipe_tables())
def test_any_table_reads_without_error_and_figures_lie_in_the_text(text):
    for q in extract_quantities(text):
        assert text[q["start"]:q["end"]] == q["text"]
        value = q.get("value")
        assert value is None or math.isfinite(value)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=2, max_size=8),
       st.sampled_from(["TFLOPS", "GB", "W", "%"]))
def test_a_row_of_bare_numbers_takes_its_header_unit(values, unit):
    header = " | ".join(["Spec"] + [f"Board {i}" for i in range(len(values))])
    row = " | ".join([f"Peak ({unit})"] + [f"{v:,}" for v in values])
    text = f"{header}\n{row}\n"
    got = [q["text"] for q in extract_quantities(text) if q["kind"] != "count"]
    assert got == [f"{v:,}" for v in values]
