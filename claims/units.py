"""Figures in the units people read: 2e15 FLOP/s is "2,000 TFLOPS", 1.2e10 USD "$12 billion".

The log keeps every value in base units (FLOP/s, B, B/s, W, USD, USD/token, m); pages, charts
and exports show them here. `scale_for` picks one unit for a set of values (a chart's axis),
`human` formats one value.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "CN¥", "HKD": "HK$",
                  "TWD": "NT$", "KRW": "₩", "INR": "₹"}
SI = [(1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"), (1, "")]
WORDS = [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")]


@dataclass(frozen=True)
class Scale:
    """One display unit: value / factor, then the label ("TFLOPS", "billion")."""
    factor: float
    label: str
    prefix: str = ""    # a currency sign written before the number
    joiner: str = " "   # between number and label

    def number(self, value: float) -> str:
        number = number_text(value / self.factor)
        if self.prefix and not self.label.split(" ")[0].isalpha() and "." in number and \
                abs(value / self.factor) < 1000:
            # an amount of money in units, not in millions or billions, is written with its
            # cents: "$0.70 / 1M output tokens", not "$0.7"
            number = f"{value / self.factor:,.2f}"
        return number

    def format(self, value: float) -> str:
        number = self.number(value)
        if self.prefix == "" and self.label == "":
            return number
        sign = "-" if number.startswith("-") else ""
        return f"{sign}{self.prefix}{number.lstrip('-')}{self.joiner if self.label else ''}" \
               f"{self.label}"


def number_text(x: float) -> str:
    """Up to four significant digits, thousands separated, no trailing zeros."""
    if x == 0:
        return "0"
    digits = max(0, 3 - int(math.floor(math.log10(abs(x)))))
    text = f"{x:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _si(values: list[float], unit: str, floor: float = 1.0) -> Scale:
    top = max((abs(v) for v in values), default=0) or 1
    for factor, prefix in SI:
        if top >= factor * floor:
            return Scale(factor, prefix + unit)
    return Scale(1, unit)


def scale_for(values: list[float], unit: str | None, metric: str | None = None) -> Scale:
    """The display unit for a set of values in `unit` (the largest value decides)."""
    unit = unit or ""
    top = max((abs(v) for v in values if v is not None), default=0) or 0
    if unit == "FLOP/s":  # chips are quoted in TFLOPS up to ten thousand, systems in P/EFLOPS
        for threshold, factor, label in ((1e18, 1e18, "EFLOPS"), (1e16, 1e15, "PFLOPS"),
                                         (1e12, 1e12, "TFLOPS")):
            if top >= threshold:
                return Scale(factor, label)
        return Scale(1e9, "GFLOPS")
    if unit in ("B", "B/s", "W", "OP/s", "bit/s", "Hz"):
        return _si([top], {"OP/s": "OPS"}.get(unit, unit))
    if unit == "m":
        if top and top < 1e-6:
            return Scale(1e-9, "nm")
        if top and top < 1:
            return Scale(1e-3, "mm")
        return Scale(1e3, "km") if top >= 1e4 else Scale(1, "m")
    currency, _, per = unit.partition("/")
    if currency in CURRENCY_SIGNS or (len(currency) == 3 and currency.isupper()):
        sign = CURRENCY_SIGNS.get(currency, currency + " ")
        if per == "token":  # prices per token read per million tokens
            what = "input tokens" if metric and "input" in metric else \
                "output tokens" if metric and "output" in metric else "tokens"
            return Scale(1e-6, f"/ 1M {what}", prefix=sign)
        if per:
            return Scale(1, f"/ {per}", prefix=sign)
        return _words(top, prefix=sign)
    if unit == "1":
        return _words(top)
    if unit == "%":
        return Scale(1, "%", joiner="")
    if unit == "x":
        return Scale(1, "×", joiner="")
    return Scale(1, unit)


def _words(top: float, prefix: str = "") -> Scale:
    for factor, word in WORDS:
        if top >= factor:
            return Scale(factor, word, prefix=prefix)
    return Scale(1, "", prefix=prefix)


def human(value: float | None, unit: str | None, metric: str | None = None) -> str:
    """One value in human units: human(2e15, 'FLOP/s') == '2,000 TFLOPS'."""
    if value is None:
        return ""
    if value == 0:
        return "0"
    return scale_for([value], unit, metric).format(value)


def human_range(low: float | None, high: float | None, unit: str | None,
                metric: str | None = None) -> str:
    """'760 – 840 TFLOPS': both ends in the unit of the larger one."""
    if low is None or high is None:
        return human(low if high is None else high, unit, metric)
    scale = scale_for([low, high], unit, metric)
    if scale.format(low) == scale.format(high):
        return scale.format(low)
    return f"{scale.prefix}{scale.number(low)} – {scale.format(high)}"
