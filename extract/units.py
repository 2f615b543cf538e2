"""Units: the surface forms the news uses, each mapped to a kind and a pint expression.

pint does the arithmetic (tera, peta, bits to bytes, kilowatts); this table says which words mean
which unit, because pint does not know "Tflops", "p.c." or "per million input tokens". Currency is
kept in its own currency: converting needs a dated exchange rate the text does not give.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_PINT_BASE = {"FLOP/s": "FLOP/s", "OP/s": "OP/s", "B": "byte", "B/s": "byte/s", "W": "watt",
              "m": "meter"}
BASE_UNITS = {"compute": "FLOP/s", "memory": "B", "bandwidth": "B/s", "power": "W",
              "length": "m", "percent": "%", "ratio": "x", "count": "1"}


@dataclass(frozen=True)
class Unit:
    kind: str
    pint: str          # a pint expression, '' for units pint does not need (%, x)
    base: str          # the schema's base unit for this kind
    label: str         # how we name the unit when printing


# (regex, kind, pint expression, base unit). Order matters: longer and more specific first.
_TABLE: list[tuple[str, str, str, str]] = [
    # compute
    (r"(?i:exa-?flops?|eflops?|eflop/s|exaflop/s)", "compute", "exaFLOP/s", "FLOP/s"),
    (r"(?i:peta-?flops?|pflops?|pflop/s|petaflop/s)", "compute", "petaFLOP/s", "FLOP/s"),
    (r"(?i:tera-?flops?|tflops?|tflop/s|teraflop/s)", "compute", "teraFLOP/s", "FLOP/s"),
    (r"(?i:giga-?flops?|gflops?|gflop/s)", "compute", "gigaFLOP/s", "FLOP/s"),
    (r"(?:FLOPS|FLOP/s|(?i:floating[- ]point\s+operations\s+(?:per|a)\s+second))", "compute",
     "FLOP/s", "FLOP/s"),
    (r"(?:OPS|(?i:operations\s+(?:per|a)\s+second))", "compute", "OP/s", "OP/s"),
    (r"(?:POPS|(?i:peta-?ops))", "compute", "petaOP/s", "OP/s"),
    (r"(?:TOPS|(?i:tera-?ops|trillion operations per second))", "compute", "teraOP/s", "OP/s"),
    # bandwidth (before memory: "TB/s" starts like "TB")
    (r"(?:PB/s|PBps|PB\s+(?:per|a)\s+second|"
     r"(?i:petabytes?\s+(?:per|a)\s+second))", "bandwidth", "petabyte/s", "B/s"),
    (r"(?:TB/s|TBps|TB\s+(?:per|a)\s+second|"
     r"(?i:terabytes?\s+(?:per|a)\s+second))", "bandwidth", "terabyte/s", "B/s"),
    (r"(?:GB/s|GBps|GB\s+(?:per|a)\s+second|"
     r"(?i:gigabytes?\s+(?:per|a)\s+second))", "bandwidth", "gigabyte/s", "B/s"),
    (r"(?:MB/s|MBps|MB\s+(?:per|a)\s+second|"
     r"(?i:megabytes?\s+(?:per|a)\s+second))", "bandwidth", "megabyte/s", "B/s"),
    (r"(?:Tbps|Tb/s|Tbit/s|(?i:terabits?\s+(?:per|a)\s+second))", "bandwidth", "terabit/s", "B/s"),
    (r"(?:Gbps|Gb/s|Gbit/s|(?i:gigabits?\s+(?:per|a)\s+second))", "bandwidth", "gigabit/s", "B/s"),
    (r"(?:Mbps|Mb/s|(?i:megabits?\s+(?:per|a)\s+second))", "bandwidth", "megabit/s", "B/s"),
    # memory
    (r"(?:PB|PiB|(?i:petabytes?))", "memory", "petabyte", "B"),
    (r"(?:TB|TiB|(?i:terabytes?))", "memory", "terabyte", "B"),
    (r"(?:GB|GiB|(?i:gigabytes?))", "memory", "gigabyte", "B"),
    (r"(?:MB|MiB|(?i:megabytes?))", "memory", "megabyte", "B"),
    # power
    (r"(?:GW|(?i:gigawatts?))", "power", "gigawatt", "W"),
    (r"(?:MW|(?i:megawatts?))", "power", "megawatt", "W"),
    (r"(?:kW|KW|(?i:kilowatts?))", "power", "kilowatt", "W"),
    (r"(?:W|(?i:watts?))", "power", "watt", "W"),
    # length
    (r"(?:nm|(?i:nanometers?|nanometres?|-nanometer|-nm))", "length", "nanometer", "m"),
    # percent and ratio
    (r"(?:%|(?i:percent|per\s+cent|pct|p\.c\.?)|pc(?![A-Za-z]))", "percent", "", "%"),
    (r"(?i:percentage\s+points?)", "percent", "", "%"),
    (r"(?:[xX×](?![\w])|(?i:times|-fold|fold))", "ratio", "", "x"),
    # durations: "fifteen years", "a three-year roadmap"
    (r"(?i:-?years?)", "other", "", "years"),
]

UNIT_PATTERN = "|".join(f"(?:{r})" for r, *_ in _TABLE)
_COMPILED = [(re.compile(rf"(?:{r})$"), kind, p, base) for r, kind, p, base in _TABLE]


@lru_cache(maxsize=None)
def _registry():
    import pint  # imported on first use: building the registry takes a moment
    ureg = pint.UnitRegistry()
    ureg.define("FLOP = [floating_point_operation]")
    ureg.define("OP = [operation]")
    return ureg


@lru_cache(maxsize=256)
def lookup(surface: str) -> tuple[Unit, float] | None:
    """The unit a surface form names, and the factor to its base unit."""
    s = surface.strip()
    for rx, kind, expr, base in _COMPILED:
        if rx.match(s):
            factor = 1.0
            if expr:
                ureg = _registry()
                factor = float(ureg.Quantity(1, expr).to(_PINT_BASE[base]).magnitude)
            return Unit(kind, expr, base, s), factor
    return None


CURRENCY_PREFIX = r"(?:US\s?\$|USD\s?|NT\$|HK\$|S\$|\$|€|£|¥|RMB\s?|CNY\s?|EUR\s?)"
CURRENCY_SUFFIX = (r"(?:(?i:yuan|renminbi|rmb|cny|usd|dollars?|euros?|eur|pounds?|gbp|"
                   r"hong kong dollars|hkd|yen|jpy|won|krw|new taiwan dollars|twd))")
_CURRENCIES = {"$": "USD", "us$": "USD", "us $": "USD", "usd": "USD", "dollar": "USD",
               "dollars": "USD",
               "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "£": "GBP",
               "pound": "GBP", "pounds": "GBP", "gbp": "GBP", "¥": "CNY", "rmb": "CNY",
               "cny": "CNY", "yuan": "CNY", "renminbi": "CNY", "hk$": "HKD", "hkd": "HKD",
               "hong kong dollars": "HKD", "yen": "JPY", "jpy": "JPY", "nt$": "TWD",
               "twd": "TWD", "new taiwan dollars": "TWD", "won": "KRW", "krw": "KRW",
               "s$": "SGD"}


def currency_code(text: str) -> str:
    return _CURRENCIES.get(text.strip().lower(), "USD")
