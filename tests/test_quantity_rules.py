"""The quantity grammar's rules, one regression each (text written for these tests): prices per
million tokens, shared per-units, changes and levels, ranges, counts, TeX powers, list headings,
tables whose unit the prose states."""
from __future__ import annotations

import pytest

from extract.quantities import QuantityFinder
from extract.tables import cell_quantities

FINDER = QuantityFinder({"GPUs": "GPUs", "chips": "chips"}, generic_counts=True)


def _read(text):
    return [(q.value_text, q.kind, q.value, q.low, q.high, q.unit) for q in FINDER.find(text)]


@pytest.mark.parametrize("text, expected", [
    ("Model K costs $1.20/million input and $4.80/million output.",
     [("$1.20/million input", "price_per_unit", 1.2e-6, None, None, "USD/token"),
      ("$4.80/million output", "price_per_unit", 4.8e-6, None, None, "USD/token")]),
    ("The lite tier bills output at $0.30/M for all tokens.",
     [("$0.30/M", "price_per_unit", 3e-7, None, None, "USD/token")]),
    ("Rates are $0.01 cached input, $0.20 input and $0.90 output per 1M tokens today.",
     [("$0.01", "price_per_unit", 1e-8, None, None, "USD/token"),
      ("$0.20", "price_per_unit", 2e-7, None, None, "USD/token"),
      ("$0.90 output per 1M tokens", "price_per_unit", 9e-7, None, None, "USD/token")]),
    ("A node rents from $3.10/hrWith support.",
     [("$3.10/hr", "price_per_unit", 3.1, None, None, "USD/hour")]),
])
def test_prices_per_unit(text, expected):
    assert _read(text) == expected


def test_a_change_and_a_level():
    assert _read("The deficit widened by $12.5 billion to $310.4 billion.") == [
        ("$12.5 billion", "money", 12.5e9, None, None, "USD"),
        ("$310.4 billion", "money", 310.4e9, None, None, "USD")]
    assert _read("Sales should grow by 4% to 6% next quarter.") == [
        ("4% to 6%", "percent", None, 4.0, 6.0, "%")]


def test_range_scale_belongs_to_the_second_end_only_when_the_first_has_none():
    assert _read("Homes sell for $640,000 to $1.1 million here.") == [
        ("$640,000 to $1.1 million", "money", None, 640000.0, 1.1e6, "USD")]
    assert _read("Deals ran $2 to $3 billion each.")[0][3:5] == (2e9, 3e9)


@pytest.mark.parametrize("text, value, kind", [
    ("Each server has 4 x Boards fitted.", 4.0, "count"),
    ("It links 2x 400 Gbps ports.", 2.0, "count"),
    ("The camera has a 5x Zoom lens.", 5.0, "ratio"),
    ("The new part is 3x faster.", 3.0, "ratio"),
])
def test_n_times_things_or_a_factor(text, value, kind):
    q = FINDER.find(text)[0]
    assert (q.value, q.kind) == (value, kind)


def test_counts_of_any_plural_noun_but_not_years_versions_or_names():
    got = [(q.value_text, q.value) for q in FINDER.find(
        "They run 22 SmartNIC DPUs, 2,400 welders and clusters of 12k and 30k GPUs; in 2024 "
        "sales rose, PCIe 6.0 slots and the Orion 900 series.")]
    assert got == [("22", 22.0), ("2,400", 2400.0), ("12k", 12000.0), ("30k", 30000.0)]


def test_thousands_a_change_verb_speaks_of():
    assert [q.value for q in FINDER.find("Factory jobs increased by 48,000 in May.")] == [48000.0]
    assert FINDER.find("Factory jobs increased by 48 in May.") == []


def test_tex_powers_and_a_list_heading_unit():
    text = ("Training runs (total FLOPs, estimates):\n- Model A (2021): $2.4 \\times 10^{23}$\n"
            "- Model B (2024): ~$10^{25}$\nThat is $10^{11}$ GPU-seconds.\n")
    got = [(q.kind, q.value, q.unit, q.approx) for q in FINDER.find(text)]
    assert got == [("other", 2.4e23, "FLOP", False), ("other", 1e25, "FLOP", True),
                   ("other", 1e11, "GPU-seconds", False)]


def test_durations_that_say_when_are_not_figures():
    assert FINDER.find("Over the next 12 months the firm will hire.") == []
    assert [q.value for q in FINDER.find("The battery lasts 12 hours.")] == [12.0]


def test_money_signs_of_the_world_press():
    got = [(q.value, q.unit) for q in FINDER.find(
        "Paid A$3.5 million, $A2,000, HK $120, RM45.10, 900€ and negative RMB 7 million.")]
    assert got == [(3.5e6, "AUD"), (2000.0, "AUD"), (120.0, "HKD"), (45.1, "MYR"),
                   (900.0, "EUR"), (-7e6, "CNY")]


def test_a_revenue_row_takes_the_unit_the_prose_states():
    text = ("Acme Foundry led with USD 12.42 billion in revenue, and Beta Fab followed with "
            "USD 3.1 billion.\n\nRank Company Revenue 2Q25 1Q25 1 Acme Foundry 12,420 11,870 "
            "4.6% 2 Beta Fab 3,105 3,200 -3.0% 3 Gamma 950 930 2.2%\n")
    found = FINDER.find(text)
    extra = cell_quantities(text, FINDER, found)
    money = sorted(q.value for q in extra if q.kind == "money")
    assert money == [930e6, 950e6, 3105e6, 3200e6, 11870e6, 12420e6]


# -- money in its minor unit (issue 16) --------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Brent crude gained 37 cents to $81.20 a barrel.", [("37 cents", "money", 0.37, "USD"),
                                                         ("$81.20", "money", 81.2, "USD")]),
    ("The stamp now costs 85¢.", [("85¢", "money", 0.85, "USD")]),
    ("The card costs 1.50 euros, 12 cents dearer than in May.",
     [("1.50 euros", "money", 1.5, "EUR"), ("12 cents", "money", 0.12, "EUR")]),
    ("Shares in the grocer slipped 4.5p to 231p at the close.",
     [("4.5p", "money", 0.045, "GBP"), ("231p", "money", 2.31, "GBP")]),
    ("A first-class stamp rose to 135 pence.", [("135 pence", "money", 1.35, "GBP")]),
])
def test_cents_and_pence_are_money(text, expected):
    assert [(q.value_text, q.kind, q.value, q.unit) for q in FINDER.find(text)] == expected


def test_a_p_after_a_number_is_pence_only_where_prices_are_spoken_of():
    assert [q.value_text for q in FINDER.find("The camera records 1080p clips at night.")] \
        != ["1080p"]
