"""Property tests of the number and unit parser (hypothesis)."""
from __future__ import annotations

import math

import pytest
from hypothesis import given, settings, strategies as st

from extract import extract_claims
from extract.numbers import parse_number, parse_word_fraction
from extract.quantities import QuantityFinder
from extract.units import lookup

FINDER = QuantityFinder({"chips": "chips", "units": "units"})


@given(st.integers(min_value=0, max_value=10**15))
def test_thousands_separators_round_trip(n):
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n)) == n


@given(st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False))
def test_decimals_round_trip(d):
    assert math.isclose(parse_number(f"{d:,.3f}"), float(d), rel_tol=1e-12, abs_tol=1e-12)


@given(st.integers(min_value=1, max_value=99_999), st.sampled_from(
    [("TFLOPS", 1e12), ("teraflops", 1e12), ("PFLOPS", 1e15), ("petaflops", 1e15),
     ("exaflops", 1e18), ("GB", 1e9), ("TB", 1e12), ("GB/s", 1e9), ("TB/s", 1e12),
     ("terabytes per second", 1e12), ("Gbps", 1.25e8), ("W", 1.0), ("kW", 1e3), ("nm", 1e-9),
     ("%", 1.0), ("x", 1.0), ("TOPS", 1e12)]))
def test_number_with_unit_is_read_in_base_units(n, unit):
    surface, factor = unit
    text = f"The part reaches {n:,} {surface} today."
    found = FINDER.find(text)
    assert len(found) == 1
    assert math.isclose(found[0].value, n * factor, rel_tol=1e-9)
    assert text[found[0].start:found[0].end] == found[0].value_text


@given(st.integers(min_value=1, max_value=999), st.sampled_from(
    [("thousand", 1e3), ("million", 1e6), ("billion", 1e9), ("trillion", 1e12), ("K", 1e3),
     ("M", 1e6), ("B", 1e9), ("bn", 1e9)]))
def test_money_with_scale(n, scale):
    word, factor = scale
    sep = " " if len(word) > 2 else ""
    found = FINDER.find(f"Revenue was ${n}{sep}{word} last year.")
    assert len(found) == 1 and found[0].kind == "money"
    assert math.isclose(found[0].value, n * factor)


@given(st.integers(min_value=1, max_value=500), st.integers(min_value=1, max_value=500))
def test_ranges_are_ordered(a, b):
    found = FINDER.find(f"It has {a}-{b} GB of memory.")
    assert len(found) == 1
    q = found[0]
    assert q.value is None and q.low == min(a, b) * 1e9 and q.high == max(a, b) * 1e9


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_read_without_error(text):
    for claim in extract_claims(text, html=False):
        assert claim["kind"]
        assert 0 <= claim["start"] < claim["end"] <= len(text)


@pytest.mark.parametrize("text", ["1,2", "1,2,3", "12,34", "1.2.3", "", "-", "+", "..", "1e5"])
def test_ambiguous_numbers_are_refused(text):
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize("text, value", [("½", 0.5), ("1½", 1.5), ("10^12", 1e12),
                                         ("3 x 10^9", 3e9), ("-96", -96), ("two", 2),
                                         ("1.299,00", 1299.0), ("2.500.000", 2.5e6),
                                         ("1.299", 1.299), ("1,979.50", 1979.5)])
def test_odd_numbers(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text, value", [("a third", 1 / 3), ("one-sixth", 1 / 6),
                                         ("two-thirds", 2 / 3), ("half", 0.5)])
def test_word_fractions(text, value):
    assert math.isclose(parse_word_fraction(text), value)


def test_unknown_unit_is_none():
    assert lookup("furlongs") is None
