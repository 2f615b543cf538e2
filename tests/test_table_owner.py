"""Whose figure a table cell holds (extract.tables places, extract.ranker table candidates and
features, the rules' table owner): products by columns, products by rows, a table of one thing
under its caption, rows aligned with spaces, a whole table flattened on one line, a header said
twice. Every table here is written for the test."""
from __future__ import annotations

import pytest

from extract import extract_claims
from extract.table_model import read_tables
from extract.tables import measure_label, place_of


def owners(text: str, html: bool = False) -> dict:
    """{value text: subject} of the claims of a text; a subject is given by its model code
    (the finder may name "Kestrel KX-9" as "KX-9")."""
    return {c["value_text"]: _code(c["subject"]) for c in extract_claims(text, html=html)}


def _code(subject):
    return subject.split()[-1] if subject and any(ch.isdigit() for ch in subject) else subject


# the table model -----------------------------------------------------------------------------
def test_a_header_said_again_starts_a_second_table():
    text = ("| Spec | QX-5 | QX-7 |\n|---|---|---|\n| Memory | 16 GB | 32 GB |\n"
            "| Spec | ZR-100 | ZR-200 |\n|---|---|---|\n| Memory | 48 GB | 64 GB |\n")
    first, second = read_tables(text)
    assert first.header == ["Spec", "QX-5", "QX-7"]
    assert second.header == ["Spec", "ZR-100", "ZR-200"]
    assert [c.text for c in second.rows[0]] == ["Memory", "48 GB", "64 GB"]
    # a header row repeated without a separator under it is a header too
    text = ("| Spec | QX-5 | QX-7 |\n|---|---|---|\n| Memory | 16 GB | 32 GB |\n"
            "| Spec | ZR-100 | ZR-200 |\n| Memory | 48 GB | 64 GB |\n")
    assert [t.header[1] for t in read_tables(text)] == ["QX-5", "ZR-100"]


def test_header_cells_and_title_keep_their_place_in_the_text():
    text = ("Boards we measured\n| Spec | QX-5 | QX-7 |\n| | base | boost |\n|---|---|---|\n"
            "| Clock | 1.2 GHz | 1.8 GHz |\n")
    (t,) = read_tables(text)
    assert t.header[2] == "QX-7 boost"                # two header rows, merged
    assert [c.text for c in t.column_cells(2)] == ["QX-7", "boost"]
    for c in t.column_cells(2):
        assert text[c.start:c.end] == c.text
    a, b = t.title_span
    assert text[a:b] == "Boards we measured"
    place = place_of(text, text.index("1.8 GHz"))
    assert place.row_label.text == "Clock" and place.col == 2
    assert place_of(text, text.index("Boards")) is None


@pytest.mark.parametrize("label, measure", [
    ("Memory bandwidth", True), ("FP16 TFLOPS", True), ("Price ($/hr)", True),
    ("Compute cores", True), ("Transistor Count", True), ("Q3 2027", True),
    ("Fiscal Q2 2026", True), ("2027E", True), ("Change YOY", True), ("INT8", True),
    ("QX-7", False), ("Larkspur Semi", False), ("Kestrel KX-9 (air)", False),
    ("NorthFoundries", False), ("Design Partners", False),
])
def test_a_header_names_a_measure_or_a_thing_by_its_shape(label, measure):
    assert measure_label(label) is measure


# whose figure -------------------------------------------------------------------------------
BY_COLUMNS = """Our bench, spring edition
| Spec | Kestrel KX-9 | Vantor VX-3 |
|---|---|---|
| Memory bandwidth | 3.2 TB/s | 4.1 TB/s |
| NVLink | 900 GB/s | 1.2 TB/s |
| Board power | 600 W | 750 W |
"""


def test_products_by_columns_own_their_column_even_under_a_technology_row():
    got = owners(BY_COLUMNS)
    assert got["3.2 TB/s"] == got["900 GB/s"] == got["600 W"] == "KX-9"
    assert got["4.1 TB/s"] == got["1.2 TB/s"] == got["750 W"] == "VX-3"


def test_the_same_table_in_html_gives_the_same_owners():
    html = ("<html><body><article><p>Our bench, spring edition</p><table>"
            "<tr><th>Spec</th><th>Kestrel KX-9</th><th>Vantor VX-3</th></tr>"
            "<tr><td>Memory bandwidth</td><td>3.2 TB/s</td><td>4.1 TB/s</td></tr>"
            "<tr><td>NVLink</td><td>900 GB/s</td><td>1.2 TB/s</td></tr>"
            "<tr><td>Board power</td><td>600 W</td><td>750 W</td></tr>"
            "</table></article></body></html>")

    def key(claims):
        return sorted((c["subject"], c["kind"], c["value"]) for c in claims)
    assert key(extract_claims(html, html=True)) == key(extract_claims(BY_COLUMNS))


def test_products_by_rows_own_their_row_when_the_columns_are_measures():
    text = ("Foundry results for the quarter\n"
            "| Foundry | Revenue ($M) | Share |\n|---|---|---|\n"
            "| Larkspur Semi | 1,200 | 12% |\n| Ostrava Fab | 950 | 9% |\n")
    got = owners(text)
    assert got["1,200"] == got["12%"] == "Larkspur Semi"
    assert got["950"] == got["9%"] == "Ostrava Fab"


def test_a_table_of_one_thing_belongs_to_the_thing_its_caption_names():
    text = ("Reviewers measured the Kestrel KX-9 board:\n"
            "| Metric | Value |\n|---|---|\n| Memory | 96 GB |\n| Board power | 600 W |\n")
    got = owners(text)
    assert got["96 GB"] == got["600 W"] == "KX-9"


def test_rows_aligned_with_spaces_under_a_line_of_names():
    text = ("Both chips side by side.\n\n"
            "Specification QX-5 QX-7\n"
            "Memory per chip 24 GB 48 GB\n"
            "Dense compute (BF16) 200 TFLOPS 900 TFLOPS\n")
    got = owners(text)
    assert got["24 GB"] == got["200 TFLOPS"] == "QX-5"
    assert got["48 GB"] == got["900 TFLOPS"] == "QX-7"
    # the header line's first word names the column of labels, not the product
    assert {c["subject"] for c in extract_claims(text)} == {"QX-5", "QX-7"}


def test_a_table_flattened_on_one_line_keeps_its_columns():
    text = ("The three boards compared.\n\n"
            "ZR-100 ZR-200 ZR-300 Power 300W 450W 600W Memory ? 64 GB 128 GB\n")
    got = owners(text)
    assert (got["300W"], got["450W"], got["600W"]) == ("ZR-100", "ZR-200", "ZR-300")
    assert (got["64 GB"], got["128 GB"]) == ("ZR-200", "ZR-300")   # "?" holds a column


def test_rows_of_a_table_flattened_by_rows_belong_to_their_label():
    # a rank, a name, then the row's figures; a number the reader cannot read still holds a cell
    text = ("Foundry ranking, third quarter\n\n"
            "Rank Foundry Revenue Share Q3 Q2 1 Larkspur Semi 1,200 12% 11% 2 Ostrava 9,50 9% 8%\n")
    got = owners(text)
    assert got["12%"] == "Larkspur Semi"
    assert got["9%"] == got["8%"] == "Ostrava"


def test_a_list_item_and_a_figure_with_its_conversion_are_no_table_row():
    text = ("Larkspur Semi and Ostrava Fab reported.\n"
            "- 96 GB of memory\n"
            "Ostrava Fab took in about 3.1 billion yuan (about $430 million) when it listed.\n")
    got = owners(text)
    assert got["about 3.1 billion yuan"] != "Larkspur Semi"


def test_cells_that_run_over_several_lines_are_one_table():
    text = ("| Company | Spending shown | What they said |\n|---|---|---|\n"
            "|\nLarkspur Semi\n|\n$12B\n2027 guidance\n|\nThe board approved the plan "
            "in March and said most of it goes to new lines in two plants over the year. |\n"
            "|\nOstrava Fab\n|\n$7.5B\n2027 guidance\n|\nNo comment. |\n")
    (t,) = read_tables(text)
    assert t.layout == "pipe-lines"
    assert [r[0].text for r in t.rows] == ["Larkspur Semi", "Ostrava Fab"]
    assert t.rows[1][1].text == "$7.5B\n2027 guidance"
    got = owners(text)
    assert got["$12B"] == "Larkspur Semi" and got["$7.5B"] == "Ostrava Fab"


def test_a_pipe_table_whose_line_breaks_were_lost_is_still_a_table():
    text = ("Two boards.\n"
            "| Spec | QX-5 | QX-7 | |---|---|---| | Memory | 24 GB | 48 GB | "
            "| Board power | 300 W | 450 W |\n")
    (t,) = read_tables(text)
    assert t.layout == "pipe-inline" and t.header == ["Spec", "QX-5", "QX-7"]
    assert [[c.text for c in r] for r in t.rows] == [["Memory", "24 GB", "48 GB"],
                                                     ["Board power", "300 W", "450 W"]]
    got = owners(text)
    assert got["24 GB"] == got["300 W"] == "QX-5"
    assert got["48 GB"] == got["450 W"] == "QX-7"


def test_a_spec_list_belongs_to_what_its_lead_in_names():
    text = ("The new rack is built for training.\n"
            "The Vantor VX-9 rack is said to have:\n"
            "- 1.5x the VX-3 rack\n"
            "- 64 TB of memory\n"
            "- 12 NVLink switches at 90 TB/s\n")
    got = owners(text)
    assert got["1.5x"] == got["64 TB"] == got["90 TB/s"] == "VX-9"


def test_a_list_item_names_its_own_thing_before_its_figures():
    text = ("What the three models cost to train:\n"
            "- Kestrel Mini (2026): about $4 million\n"
            "- Kestrel Max – roughly $90 million\n")
    got = {c["value_text"]: c["subject"] for c in extract_claims(text)}
    assert got["about $4 million"] == "Kestrel Mini"       # no year, no colon in the name
    assert got["roughly $90 million"] == "Kestrel Max"


def test_a_list_whose_lead_in_names_nothing_takes_the_line_above():
    text = ("The Vantor VX-9 follows the VX-3 in the same rack.\n"
            "Each board has:\n"
            "- 64 GB of memory\n"
            "- 700 W board power\n")
    got = owners(text)
    assert got["64 GB"] == got["700 W"] == "VX-9"
