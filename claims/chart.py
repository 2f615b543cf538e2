"""The geometry of a Figure page's chart: one mark per claim, value against publication date.

Pure arithmetic (no SVG text): the template draws what this returns. The y-axis is labelled in
human units; marks that would cover each other are spread sideways so every claim stays
visible; each mark carries its role (consensus, dissent, deprecated, preferred, inferred), which
the template draws with a different shape.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime

from .units import number_text, scale_for

WIDTH, HEIGHT = 760, 320
LEFT, RIGHT, TOP, BOTTOM = 92, 24, 20, 46
PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
           "#17becf"]
MARK_RADIUS = 7


@dataclass
class Mark:
    claim_id: str
    x: float
    y: float
    role: str          # consensus, dissent, deprecated, preferred, inferred, single
    colour: str
    title: str
    y_low: float | None = None   # a range claim draws a bar from low to high
    y_high: float | None = None


@dataclass
class Chart:
    width: int
    height: int
    axis_label: str
    y_ticks: list = field(default_factory=list)   # (y, label)
    x_ticks: list = field(default_factory=list)   # (x, label)
    band: tuple | None = None                     # consensus range (y_top, y_bottom)
    marks: list = field(default_factory=list)
    publishers: list = field(default_factory=list)  # (name, colour)
    plot: tuple = (LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM)


def _day(text: str | None) -> float | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text[:10]).date().toordinal()
    except ValueError:
        return None


def day_number(text: str | None) -> float | None:
    """The day of a date or moment ('2026-06-25T07:00:00+00:00'), as a number to plot; None
    when there is none."""
    return _day(text)


def _nice_step(span: float) -> float:
    raw = span / 4 or 1
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * power:
            return m * power
    return 10 * power


def _axis(values: list[float], unit: str | None, metric: str | None):
    """(scale, step, bottom, top) of a value axis: round steps of the unit people read, from
    zero (or under the lowest value) to a little over the highest."""
    scale = scale_for(values, unit, metric)
    top_display = max(values) / scale.factor
    low_display = min(0.0, min(values) / scale.factor)
    step = _nice_step(top_display - low_display)
    y_max = math.ceil(top_display * 1.08 / step) * step or step
    y_min = math.floor(low_display / step) * step
    return scale, step, y_min, y_max


def value_ticks(values: list[float], unit: str | None, metric: str | None = None) -> list[float]:
    """The ticks of a value axis for `values` (in base units), bottom to top: the same round
    steps the Figure page's chart draws ("0, 1, 2, 3, 4 TB/s", not quarters of the largest)."""
    if not values:
        return [0.0, 1.0]
    scale, step, y_min, y_max = _axis(values, unit, metric)
    return [(y_min + k * step) * scale.factor for k in range(round((y_max - y_min) / step) + 1)]


def role_of(member: dict, disputed: bool) -> str:
    if member["rank"] == "deprecated":
        return "deprecated"
    if member["rank"] == "preferred":
        return "preferred"
    if disputed and not member["in_consensus"]:
        return "dissent"
    if member.get("inferred"):
        return "inferred"
    return "consensus"


def build(group: dict, members: list[dict], human_value) -> Chart | None:
    """The chart of one figure; None when no claim has a value to plot."""
    points = []
    for m in members:
        mid = m["value"] if m["value"] is not None else (
            (m["low"] + m["high"]) / 2 if m["low"] is not None and m["high"] is not None
            else None)
        if mid is None:
            continue
        points.append((m, mid, _day(m["published_at"]) or _day(m["recorded_at"])))
    if not points:
        return None
    unit, metric = group.get("unit"), group.get("metric")
    values = [v for _, v, _ in points] + [m["high"] for m, _, _ in points if m["high"]]
    scale, step, y_min, y_max = _axis(values, unit, metric)
    x0, y0, x1, y1 = LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM

    def y_of(value: float) -> float:
        return y1 - (value / scale.factor - y_min) / (y_max - y_min) * (y1 - y0)

    label = scale.label.strip() if scale.label else ""
    if scale.prefix:
        label = (scale.prefix.strip() + " " + label).strip()
    name = group.get("metric_label") or metric  # 'FP16 compute', as the claims say it
    chart = Chart(WIDTH, HEIGHT, f"{name or 'value'} ({label})" if label else name or "")
    tick = y_min
    while tick <= y_max + step / 1000:
        chart.y_ticks.append((round(y_of(tick * scale.factor), 1), number_text(tick)))
        tick += step
    days = [d for _, _, d in points if d is not None]
    d0, d1 = (min(days), max(days)) if days else (0, 0)
    pad = 20

    def x_of(day: float | None) -> float:
        if day is None or d1 == d0:
            return (x0 + x1) / 2
        return x0 + pad + (day - d0) / (d1 - d0) * (x1 - x0 - 2 * pad)

    if days:
        ticks = sorted({d0, d1, round((d0 + d1) / 2)}) if d1 - d0 > 20 else sorted({d0, d1})
        chart.x_ticks = [(round(x_of(d), 1), date.fromordinal(int(d)).isoformat())
                         for d in ticks]
    if group.get("consensus_low") is not None and group.get("consensus_high") is not None:
        top, bottom = y_of(group["consensus_high"]), y_of(group["consensus_low"])
        if bottom - top < 3:
            top, bottom = top - 1.5, bottom + 1.5
        chart.band = (round(top, 1), round(bottom, 1))
    publishers: list[str] = []
    for m, _, _ in points:
        if m["publisher"] not in publishers:
            publishers.append(m["publisher"])
    colour = {p: PALETTE[i % len(PALETTE)] for i, p in enumerate(publishers)}
    chart.publishers = [(p or "?", colour[p]) for p in publishers]
    disputed = group.get("status") == "disputed"
    for m, mid, day in points:
        role = role_of(m, disputed)
        mark = Mark(m["claim_id"], x_of(day), y_of(mid), role, colour[m["publisher"]],
                    f"{m['publisher']}, {(m['published_at'] or '?')[:10]}: {m['value_text']} "
                    f"= {human_value(m)} ({role})")
        if m["value"] is None and m["low"] is not None:
            mark.y_low, mark.y_high = y_of(m["low"]), y_of(m["high"])
        chart.marks.append(mark)
    _spread(chart.marks)
    for mark in chart.marks:
        mark.x, mark.y = round(mark.x, 1), round(mark.y, 1)
    return chart


def _spread(marks: list[Mark]) -> None:
    """Marks closer than a mark's width move sideways, alternately left and right, so that two
    publishers printing the same figure on the same day show as two marks."""
    placed: list[Mark] = []
    near = 2 * MARK_RADIUS - 1
    for mark in sorted(marks, key=lambda m: (m.x, m.y)):
        base, k = mark.x, 0
        while any(abs(p.x - mark.x) < near and abs(p.y - mark.y) < near for p in placed):
            k += 1
            mark.x = base + (2 * MARK_RADIUS) * ((k + 1) // 2) * (1 if k % 2 else -1)
        placed.append(mark)
