"""Units: the surface forms the news uses, each mapped to a kind and a pint expression.

pint does the arithmetic (tera, peta, bits to bytes, kilowatts); this table says which words mean
which unit, because pint does not know "Tflops", "p.c." or "per million input tokens". Currency is
kept in its own currency: converting needs a dated exchange rate the text does not give.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .scan import guarded_alternation

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
# For kind "other" the base unit is the label the text's unit keeps ("km", "mAh"); its pint
# expression is what pint reads, for conversions and for the pack-free quantity mode.
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
    (r"(?:TOPs?|(?i:tera-?ops|trillion operations per second))", "compute", "teraOP/s", "OP/s"),
    # "PF", "TF" and "EF" alone: spec sheets' petaflops ("13 PF on B300")
    (r"EF(?![\w/])", "compute", "exaFLOP/s", "FLOP/s"),
    (r"PF(?![\w/])", "compute", "petaFLOP/s", "FLOP/s"),
    (r"TF(?![\w/])", "compute", "teraFLOP/s", "FLOP/s"),
    # total operations, not a rate: "3.8e25 FLOPs" of training compute
    (r"(?:FLOPs|(?i:floating[- ]point\s+operations))(?!\s*(?:/|per|a)\s*s)", "other", "FLOP",
     "FLOP"),
    # bandwidth (before memory: "TB/s" starts like "TB")
    (r"(?:PB/s(?:ec)?|PBps|PB\s+(?:per|a)\s+second|"
     r"(?i:petabytes?\s+(?:per|a)\s+second))", "bandwidth", "petabyte/s", "B/s"),
    (r"(?:TB/s(?:ec)?|TBps|TB\s+(?:per|a)\s+second|"
     r"(?i:terabytes?\s+(?:per|a)\s+second))", "bandwidth", "terabyte/s", "B/s"),
    (r"(?:GB/s(?:ec)?|GBps|GB\s+(?:per|a)\s+second|"
     r"(?i:gigabytes?\s+(?:per|a)\s+second))", "bandwidth", "gigabyte/s", "B/s"),
    (r"(?:MB/s(?:ec)?|MBps|MB\s+(?:per|a)\s+second|"
     r"(?i:megabytes?\s+(?:per|a)\s+second))", "bandwidth", "megabyte/s", "B/s"),
    (r"(?:Tbps|Tb/s|Tbit/s|(?i:terabits?\s+(?:per|a)\s+second))", "bandwidth", "terabit/s", "B/s"),
    (r"(?:Gbps|Gb/s|Gbit/s|GbE|(?i:gigabits?\s+(?:per|a)\s+second))", "bandwidth", "gigabit/s",
     "B/s"),
    (r"(?:Mbps|Mb/s|(?i:megabits?\s+(?:per|a)\s+second))", "bandwidth", "megabit/s", "B/s"),
    # memory
    (r"(?:PB|(?i:petabytes?))", "memory", "petabyte", "B"),
    (r"(?:TB|(?i:terabytes?))", "memory", "terabyte", "B"),
    (r"(?:GB|(?i:gigabytes?))", "memory", "gigabyte", "B"),
    (r"(?:MB|(?i:megabytes?))", "memory", "megabyte", "B"),
    (r"(?:TiB|(?i:tebibytes?))", "memory", "tebibyte", "B"),
    (r"(?:GiB|(?i:gibibytes?))", "memory", "gibibyte", "B"),
    (r"(?:MiB|(?i:mebibytes?))", "memory", "mebibyte", "B"),
    # energy (before power: "kWh" starts like "kW")
    (r"(?:TWh|(?i:terawatt[- ]hours?))", "other", "terawatt_hour", "TWh"),
    (r"(?:GWh|(?i:gigawatt[- ]hours?))", "other", "gigawatt_hour", "GWh"),
    (r"(?:MWh|(?i:megawatt[- ]hours?))", "other", "megawatt_hour", "MWh"),
    (r"(?:kWh|KWh|(?i:kilowatt[- ]hours?))", "other", "kilowatt_hour", "kWh"),
    (r"(?:mAh|(?i:milliamp(?:ere)?[- ]hours?))", "other", "milliampere_hour", "mAh"),
    # power
    (r"(?:GW|(?i:gigawatts?))", "power", "gigawatt", "W"),
    (r"(?:MW|(?i:megawatts?))", "power", "megawatt", "W"),
    (r"(?:kW|KW|(?i:kilowatts?))", "power", "kilowatt", "W"),
    (r"(?:W(?![A-Z]{2})|(?i:watts?))", "power", "watt", "W"),   # not "WAR", "WHO"
    (r"(?:PS(?![\w])|(?i:metric\s+horsepower))", "other", "metric_horsepower", "PS"),
    (r"(?:bhp|hp|(?i:(?:brake\s+)?horsepower))", "other", "horsepower", "hp"),
    # frequency and transfer rate
    (r"(?:GHz|(?i:gigahertz))", "other", "gigahertz", "GHz"),
    (r"(?:MHz|(?i:megahertz))", "other", "megahertz", "MHz"),
    (r"(?:kHz|(?i:kilohertz))", "other", "kilohertz", "kHz"),
    (r"(?:Hz|(?i:hertz))", "other", "hertz", "Hz"),
    (r"(?:GT/s(?:ec)?|(?i:gigatransfers?\s+(?:per|a)\s+second))", "other", "", "GT/s"),
    (r"(?:rpm|RPM|(?i:revolutions\s+per\s+minute))", "other", "revolution / minute", "rpm"),
    # speed and fuel use (before lengths: "km/h" starts like "km")
    (r"(?:mph|(?i:miles\s+(?:per|an)\s+hour))", "other", "mile / hour", "mph"),
    (r"(?:km/hr?|kph|kmh|(?i:kilomet(?:er|re)s?\s+(?:per|an)\s+hour))", "other",
     "kilometer / hour", "km/h"),
    (r"(?:m/s|(?i:met(?:er|re)s\s+(?:per|a)\s+second))", "other", "meter / second", "m/s"),
    (r"(?i:knots)", "other", "knot", "kn"),
    (r"(?:mpg|(?i:miles\s+(?:per|to\s+the)\s+gallon))", "other", "mile / gallon", "mpg"),
    # torque
    (r"(?:Nm|N·m|(?i:newton[- ]met(?:er|re)s?))", "other", "newton * meter", "Nm"),
    (r"(?:lb-ft|lb\.?\s?ft|(?i:pound[- ]f(?:ee|oo)t))", "other", "foot * force_pound", "lb-ft"),
    # area (before lengths)
    (r"(?:sq\.?\s?ft\.?|ft²|(?i:square\s+f(?:ee|oo)t))", "other", "foot ** 2", "sq ft"),
    (r"(?:km²|sq\.?\s?km|(?i:square\s+kilomet(?:er|re)s?))", "other", "kilometer ** 2", "km²"),
    (r"(?:mm²|mm2|(?i:square\s+millimet(?:er|re)s?))", "other", "millimeter ** 2", "mm²"),
    (r"(?:m²|m2(?!\d)|sq\.?\s?m(?![a-z])|(?i:square\s+met(?:er|re)s?))", "other", "meter ** 2", "m²"),
    (r"(?:sq\.?\s?mi|(?i:square\s+miles?))", "other", "mile ** 2", "sq mi"),
    (r"(?i:acres?)", "other", "acre", "acre"),
    (r"(?:ft³|(?i:cubic\s+f(?:ee|oo)t))", "other", "foot ** 3", "cu ft"),
    (r"(?:m³|(?i:cubic\s+met(?:er|re)s?))", "other", "meter ** 3", "m³"),
    (r"(?i:hectares?)", "other", "hectare", "ha"),
    # length
    (r"(?:nm|(?i:nanometers?|nanometres?|-nanometer|-nm))", "length", "nanometer", "m"),
    (r"(?:km|(?i:kilomet(?:er|re)s?))", "other", "kilometer", "km"),
    (r"(?:nmi|(?i:nautical\s+miles?))", "other", "nautical_mile", "nmi"),
    (r"(?i:miles?)", "other", "mile", "mi"),
    (r"(?:cm|(?i:centimet(?:er|re)s?))", "other", "centimeter", "cm"),
    (r"(?:mm|(?i:millimet(?:er|re)s?))", "other", "millimeter", "mm"),
    (r"(?:µm|μm|(?i:micromet(?:er|re)s?|microns?))", "other", "micrometer", "µm"),
    (r"(?i:met(?:er|re)s?)", "other", "meter", "m"),
    (r"(?:ft|(?i:feet|foot))", "other", "foot", "ft"),
    (r"(?:″|(?i:inch(?:es)?))", "other", "inch", "in"),
    (r"(?i:yards?|yds)", "other", "yard", "yd"),
    (r"(?i:light[- ]years?)", "other", "light_year", "ly"),
    # mass and volume
    (r"(?:kg|kgs|(?i:kilograms?|kilos))", "other", "kilogram", "kg"),
    (r"(?:mg|(?i:milligrams?))", "other", "milligram", "mg"),
    (r"(?:g(?![\w/])|(?i:grams?))", "other", "gram", "g"),
    (r"(?i:tonnes|tonne|metric\s+tons?)", "other", "metric_ton", "t"),
    (r"(?i:tons?)", "other", "ton", "ton"),
    (r"lbs?", "other", "pound", "lb"),
    (r"(?:fl\.?\s?oz|(?i:fluid\s+ounces?))", "other", "fluid_ounce", "fl oz"),
    (r"(?:oz|(?i:ounces?))", "other", "ounce", "oz"),
    (r"(?:ml|mL|(?i:millilit(?:er|re)s?))", "other", "milliliter", "ml"),
    (r"(?i:lit(?:er|re)s?)", "other", "liter", "l"),
    (r"(?i:gallons?)", "other", "gallon", "gal"),
    (r"(?i:pints?)", "other", "pint", "pt"),
    (r"(?i:quarts?)", "other", "quart", "qt"),
    (r"(?:bpd|b/d)(?![\w/])", "other", "barrel / day", "bpd"),
    (r"(?:bbl|(?i:barrels?))", "other", "barrel", "bbl"),
    (r"cups?", "other", "cup", "cup"),                 # (not "World Cups", a trophy)
    (r"(?:tbsp|(?i:tablespoons?))", "other", "tablespoon", "tbsp"),
    (r"(?:tsp|(?i:teaspoons?))", "other", "teaspoon", "tsp"),
    (r"(?i:gigatonnes?|gigatons?)", "other", "gigametric_ton", "Gt"),
    (r"(?i:megatonnes?)", "other", "megametric_ton", "Mt"),
    (r"(?i:kilotonnes?)", "other", "kilometric_ton", "kt"),
    (r"(?<!-)(?i:carats?)", "other", "carat", "ct"),   # not "18-carat gold", a purity
    # "lost 3 stone", "11 stone 4lb" ("5 stones" are things, an "$800 stone oven" a material)
    (r"(?i:stone)(?![\w-])(?!\s+(?!(?:and|or|in|of|to|at|after|before|heavier|lighter)\b)[a-z])",
     "other", "stone", "st"),
    # pressure and temperature
    (r"(?:GPa|(?i:gigapascals?))", "other", "gigapascal", "GPa"),
    (r"(?:MPa|(?i:megapascals?))", "other", "megapascal", "MPa"),
    (r"(?:kPa|(?i:kilopascals?))", "other", "kilopascal", "kPa"),
    (r"(?:psi)", "other", "psi", "psi"),
    (r"(?:°C|ºC|℃|(?i:degrees?\s+(?:Celsius|centigrade|C(?![a-z]))))", "other", "degC", "°C"),
    (r"(?:°F|ºF|℉|(?i:degrees?\s+(?:Fahrenheit|F(?![a-z]))))", "other", "degF", "°F"),
    (r"(?:°|(?i:degrees?))", "other", "degree", "°"),
    (r"(?:Celsius|centigrade)", "other", "degC", "°C"),
    (r"Fahrenheit", "other", "degF", "°F"),
    (r"(?:dB|(?i:decibels?))", "other", "decibel", "dB"),
    # energy, dose, concentration. Food "calories" in the news are kilocalories
    (r"(?:kcal|(?i:kilocalories?|calories?))", "other", "kilocalorie", "kcal"),
    (r"(?:MJ|(?i:megajoules?))", "other", "megajoule", "MJ"),
    (r"(?:kJ|(?i:kilojoules?))", "other", "kilojoule", "kJ"),
    (r"(?i:joules?)", "other", "joule", "J"),
    (r"(?:mSv|(?i:millisieverts?))", "other", "millisievert", "mSv"),
    (r"(?:µSv|μSv|(?i:microsieverts?))", "other", "microsievert", "µSv"),
    (r"(?i:sieverts?)", "other", "sievert", "Sv"),
    (r"(?:ppm|(?i:parts\s+per\s+million))", "other", "ppm", "ppm"),
    (r"(?:kV|(?i:kilovolts?))", "other", "kilovolt", "kV"),
    (r"(?i:volts?)", "other", "volt", "V"),
    (r"(?:mA|(?i:milliamps?|milliamperes?))", "other", "milliampere", "mA"),
    (r"(?i:amps?|amperes?)", "other", "ampere", "A"),
    (r"(?i:farads?)", "other", "farad", "F"),
    # pixels, bits
    (r"(?:MP|(?i:megapixels?))", "other", "", "MP"),
    (r"(?:-?bits?|(?i:-bit))", "other", "bit", "bit"),
    # percent and ratio
    (r"(?i:basis\s+points?|bps)", "other", "", "basis point"),
    (r"(?i:percentage\s+points?|ppts?|pp(?![a-z]))", "percent", "", "%"),
    (r"(?:%|(?i:percent|per\s+cent|pct|p\.c\.?)|pc(?![A-Za-z]))", "percent", "", "%"),
    (r"(?:[xX×](?![\w])|(?i:times|-fold|fold))", "ratio", "", "x"),
    # scores and index points
    (r"(?i:points?|pts?)(?![\w-])", "other", "", "points"),
    # durations: "fifteen years", "a three-year roadmap", "170 days"
    # compute time: "2.5 million A100-hours", "10^9 GPU-seconds"
    (r"(?:(?i:wall[- ]clock)\s+)?(?:GPU|TPU|[A-Z]{1,2}\d{2,4}[A-Za-z]?|(?i:node|chip|accelerator))"
     r"[- ]hours?", "other", "", "GPU-hours"),   # ("4 million wall-clock A100-hours")
    (r"(?:GPU|TPU|[A-Z]{1,2}\d{2,4}[A-Za-z]?|(?i:node|chip|accelerator))[- ]seconds?", "other",
     "", "GPU-seconds"),
    (r"(?i:-?years?)", "other", "year", "years"),
    (r"(?i:-?months?)", "other", "month", "months"),
    (r"(?i:-?weeks?)", "other", "week", "weeks"),
    (r"(?i:-?days?)", "other", "day", "days"),
    (r"(?i:-?hours?|hrs)", "other", "hour", "hours"),
    (r"(?:min(?![\w])|(?i:-?minutes?|mins))", "other", "minute", "min"),
    (r"(?i:milliseconds?)", "other", "millisecond", "ms"),
    (r"(?i:microseconds?)", "other", "microsecond", "µs"),
    (r"(?i:nanoseconds?)", "other", "nanosecond", "ns"),
    (r"(?:secs?(?![A-Za-z])|(?i:-?seconds?))", "other", "second", "s"),
    (r"(?i:decades?)", "other", "decade", "decades"),
    (r"(?i:centuries|century)", "other", "century", "centuries"),
]

# (the same alternatives in the same order as "|".join(f"(?:{r})" ...), in blocks behind a
# lookahead for their first characters: extract.scan.guarded_alternation)
UNIT_PATTERN = guarded_alternation([r for r, *_ in _TABLE])
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
            if expr and base in _PINT_BASE:
                ureg = _registry()
                factor = float(ureg.Quantity(1, expr).to(_PINT_BASE[base]).magnitude)
            return Unit(kind, expr, base, s), factor
    return None


# signs and codes before the amount. "PS" is how unidecode spells "£" in text run through it
# ("PS2.7m"); "$US" and "$A" are the Australian press's US and Australian dollars.
# (the alternatives in blocks behind a lookahead for their first characters, as UNIT_PATTERN)
_CURRENCY_SIGNS = [
    r"US\s?\$", r"\$\s?US", r"\$A(?=\d|$)", r"A\$", r"AU\$", r"C\$", r"CA\$", r"NZ\$", r"NT\$",
    r"HK\s?\$", r"S\$", r"R\$", r"\$", "€", "£", "¥", "₹", "₩", "₪",
    r"(?<![A-Za-z])(?:RM|PS|Y=)(?=\d|$)",
    r"(?<![A-Za-z])(?:Rs\.?|RMB|CNY|EUR|USD|GBP|JPY|AUD|CAD|HKD|INR)\s?"]
CURRENCY_PREFIX = "(?:" + guarded_alternation(_CURRENCY_SIGNS) + ")"
CURRENCY_SUFFIX = (r"(?:(?i:yuan|renminbi|rmb|cny|usd|(?:(?:US|U\.S\.|Australian|Canadian|"
                   r"Singapore|New\s+Zealand|Hong\s+Kong|New\s+Taiwan)\s+)?dollars?|euros?|eur|"
                   r"pounds?(?:\s+sterling)?|gbp|hkd|yen|jpy|won|krw|twd|shekels?|rupees?|"
                   r"ringgit|rubles?|roubles?|francs?|baht|rand|naira|pesos?|dirhams?|riyals?|"
                   r"shillings?|rupiah)|€)")
_CURRENCIES = {"$": "USD", "us$": "USD", "$us": "USD", "usd": "USD", "dollar": "USD",
               "dollars": "USD", "us dollars": "USD", "u.s. dollars": "USD",
               "us dollar": "USD", "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
               "£": "GBP", "ps": "GBP", "y=": "JPY", "pound": "GBP", "pounds": "GBP", "gbp": "GBP",
               "pounds sterling": "GBP", "pound sterling": "GBP", "¥": "CNY", "rmb": "CNY",
               "cny": "CNY", "yuan": "CNY", "renminbi": "CNY", "hk$": "HKD", "hkd": "HKD",
               "hong kong dollars": "HKD", "hong kong dollar": "HKD", "yen": "JPY",
               "jpy": "JPY", "nt$": "TWD", "twd": "TWD", "new taiwan dollars": "TWD",
               "won": "KRW", "krw": "KRW", "₩": "KRW", "s$": "SGD", "singapore dollars": "SGD",
               "a$": "AUD", "au$": "AUD", "$a": "AUD", "aud": "AUD", "australian dollars": "AUD",
               "australian dollar": "AUD", "c$": "CAD", "ca$": "CAD", "cad": "CAD",
               "canadian dollars": "CAD", "canadian dollar": "CAD", "nz$": "NZD",
               "new zealand dollars": "NZD", "r$": "BRL", "₹": "INR", "rs": "INR", "rs.": "INR",
               "inr": "INR", "rupee": "INR", "rupees": "INR", "₪": "ILS", "shekel": "ILS",
               "shekels": "ILS", "rm": "MYR", "ringgit": "MYR", "ruble": "RUB", "rubles": "RUB",
               "rouble": "RUB", "roubles": "RUB", "franc": "CHF", "francs": "CHF",
               "baht": "THB", "rand": "ZAR", "naira": "NGN", "peso": "MXN", "pesos": "MXN",
               "dirham": "AED", "dirhams": "AED", "riyal": "SAR", "riyals": "SAR",
               "shilling": "KES", "shillings": "KES", "rupiah": "IDR"}


def currency_code(text: str) -> str:
    key = _SPACES.sub(" ", text.strip().lower())
    return _CURRENCIES.get(key) or _CURRENCIES.get(key.replace(" ", ""), "USD")


_PINT_OF_LABEL = {base: expr for _, kind, expr, base in _TABLE if kind == "other" and expr}


def pint_expression(label: str) -> str | None:
    """The pint expression of a kind-"other" unit label ("km" -> "kilometer"), or None when pint
    does not read it ("GT/s", "MP"): such a unit is kept as the text's own."""
    return _PINT_OF_LABEL.get(label)


_EXPONENT = re.compile(r"(?<=[A-Za-zµμ])([²³23])(?![\d])")


@lru_cache(maxsize=256)
def pint_unit(surface: str) -> str | None:
    """A compound unit as the text writes it ("A/cm2", "µg/m³", "kg/m2") in pint's spelling
    ("ampere / centimeter ** 2"), or None when pint cannot read it or it has no dimension."""
    s = _EXPONENT.sub(lambda m: "**" + {"²": "2", "³": "3"}.get(m.group(1), m.group(1)),
                      surface.strip())
    if not s or len(s) > 30:
        return None
    try:
        u = _registry().parse_units(s.replace("μ", "µ"))
    except Exception:  # pint raises many kinds of error for text that is not a unit
        return None
    if u.dimensionless:
        return None
    return str(u)


_SPACES = re.compile(r"\s+")   # (compiled once)
