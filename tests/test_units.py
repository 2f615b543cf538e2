"""Figures in human units (claims/units.py) and the Figure chart's layout (claims/chart.py)."""
from __future__ import annotations

import pytest

from claims import chart
from claims.units import human, human_range
from store.reconcile import STATUSES


@pytest.mark.parametrize("value, unit, metric, expected", [
    (2e15, "FLOP/s", None, "2,000 TFLOPS"),
    (3.45e14, "FLOP/s", None, "345 TFLOPS"),
    (3e17, "FLOP/s", None, "300 PFLOPS"),
    (8e18, "FLOP/s", None, "8 EFLOPS"),
    (1.2e10, "USD", None, "$12 billion"),
    (7.5e9, "USD", None, "$7.5 billion"),
    (15_000, "USD", None, "$15,000"),
    (-5e9, "USD", None, "-$5 billion"),
    (4e9, "EUR", None, "€4 billion"),
    (3.35e12, "B/s", None, "3.35 TB/s"),
    (80e9, "B", None, "80 GB"),
    (2.8e-7, "USD/token", "input price", "$0.28 / 1M input tokens"),
    (7e-7, "USD/token", "output price", "$0.70 / 1M output tokens"),  # cents, as priced
    (5.5, "USD", None, "$5.50"),
    (1.875e10, "USD", None, "$18.75 billion"),
    (700, "W", None, "700 W"),
    (7e-9, "m", None, "7 nm"),
    (350_000, "1", None, "350,000"),
    (4.6e10, "1", None, "46 billion"),
    (60, "%", None, "60%"),
    (0.81, "x", None, "0.81×"),
    (78_000, "images/s", None, "78,000 images/s"),
    (0, "FLOP/s", None, "0"),
    (None, "B", None, ""),
])
def test_human_units(value, unit, metric, expected):
    assert human(value, unit, metric) == expected


def test_a_range_shares_one_unit():
    assert human_range(7.6e14, 8.4e14, "FLOP/s") == "760 – 840 TFLOPS"
    assert human_range(64e9, 80e9, "B") == "64 – 80 GB"
    assert human_range(3.4e-7, 3.6e-7, "USD/token") == "$0.34 – $0.36 / 1M tokens"


def _member(cid, value, publisher, day, rank="normal", in_consensus=1, inferred=None):
    return {"claim_id": cid, "value": value, "low": None, "high": None, "unit": "B/s",
            "publisher": publisher, "published_at": f"2026-06-{day:02d}", "recorded_at": None,
            "rank": rank, "in_consensus": in_consensus, "inferred": inferred,
            "value_text": str(value)}


def test_a_history_chart_s_axis_steps_in_round_figures_of_the_unit_people_read():
    # the metric-history page's chart (datasette/templates/query.html) draws these ticks: round
    # steps ("1 TB/s, 2 TB/s"), not quarters of the largest value ("837.5 GB/s, 1.675 TB/s")
    ticks = chart.value_ticks([1.5e12, 3.35e12], "B/s", "memory bandwidth")
    assert [human(t, "B/s") for t in ticks] == ["0", "1 TB/s", "2 TB/s", "3 TB/s", "4 TB/s"]
    ticks = chart.value_ticks([7e9, 12e9], "USD", "revenue")
    assert ticks[0] == 0 and ticks[-1] >= 12e9 and len({b - a for a, b in zip(ticks, ticks[1:])}) == 1
    assert [human(t, "USD") for t in ticks][1] == "$5 billion"
    ticks = chart.value_ticks([-3.0, 5.0], "%")     # a fall: the axis goes under zero
    assert ticks[0] <= -3.0 and 0.0 in ticks and ticks[-1] >= 5.0
    assert chart.value_ticks([], "%") == [0.0, 1.0]


def test_the_chart_has_a_labelled_axis_one_mark_per_claim_and_no_hidden_mark():
    group = {"unit": "B/s", "metric": "memory bandwidth", "status": "disputed",
             "consensus_low": 3.28e12, "consensus_high": 3.42e12}
    members = [_member("a", 3.35e12, "One", 10), _member("b", 3.35e12, "Two", 10),
               _member("c", 3.35e12, "Three", 10), _member("d", 1.5e12, "Four", 12,
                                                           in_consensus=0),
               _member("e", 2.0e12, "Five", 20, rank="deprecated", in_consensus=0),
               _member("f", 3.35e12, "Six", 20, rank="preferred")]
    drawn = chart.build(group, members, lambda m: human(m["value"], "B/s"))
    assert drawn.axis_label == "memory bandwidth (TB/s)"
    assert [label for _, label in drawn.y_ticks][:3] == ["0", "1", "2"]
    assert len(drawn.marks) == len(members)
    roles = {m.claim_id: m.role for m in drawn.marks}
    assert roles == {"a": "consensus", "b": "consensus", "c": "consensus", "d": "dissent",
                     "e": "deprecated", "f": "preferred"}
    for i, m in enumerate(drawn.marks):
        for other in drawn.marks[i + 1:]:
            assert abs(m.x - other.x) >= 2 * chart.MARK_RADIUS - 1 or \
                abs(m.y - other.y) >= 2 * chart.MARK_RADIUS - 1
    top, bottom = drawn.band
    assert top < bottom  # the consensus band spans the consensus range on screen


def _pages_plugin():
    """datasette/plugins/pages.py is loaded by Datasette from its folder, not imported as a
    package; load it the same way."""
    import importlib.util
    from pathlib import Path
    path = Path(__file__).resolve().parents[1] / "datasette" / "plugins" / "pages.py"
    spec = importlib.util.spec_from_file_location("claims_pages_plugin", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("status", STATUSES)
def test_every_status_the_reconciler_gives_has_plain_words(status):
    pages = _pages_plugin()
    group = {"unit": "B/s", "metric": "memory bandwidth", "consensus_value": 3.35e12,
             "consensus_low": 3.3e12, "consensus_high": 3.4e12, "status": status,
             "sources_for": "", "sources_against": "", "explanation": "", "members": []}
    said = pages.verdict(group)
    assert said["status_words"] != status          # not the raw label
    assert not said["head"].startswith(status)     # a sentence of its own, not the fallback
