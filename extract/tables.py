"""Figures in tables: every cell of every table the text holds (see extract.table_model for the
layouts), with its row header, column header and title, and the figures of cells that carry no
unit of their own ("812" under "FP16 TFLOPS", "$1,210" in a row "Revenue ($M)", "64" in a row
"Compute cores"), read with the unit the headers give.

A figure in a cell takes its subject from whichever header names one, and its metric and
qualifiers from the other (extract.components)."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from .table_model import RUN, Table, label_runs, read_tables
from .units import UNIT_PATTERN, lookup

SEP = " | "


@dataclass
class Cell:
    start: int
    end: int
    row_header: str
    col_header: str
    table_title: str
    row_text: str


def table_cells(tables: list[Table]) -> list[Cell]:
    out = []
    for t in tables:
        for row in t.rows:
            label = row[0].text if row else ""
            row_text = " | ".join(c.text for c in row)
            for j, c in enumerate(row[1:], start=1):
                if not prose_cell(c.text):
                    out.append(Cell(c.start, c.end, label, t.column_header(j),
                                    t.title or t.column_header(0), row_text))
    return out


def prose_cell(cell_text: str) -> bool:
    """A cell that holds sentences (notes, a quote): its figures are read as prose, each with
    the names of its own sentence."""
    return len(cell_text.split()) > 15


def find_cells(text: str) -> list[Cell]:
    """Every body cell but the first of each row (the row's label), in text order."""
    return table_cells(read_tables(text))


_BARE = re.compile(r"^\s*[~≈]?\s*[-+]?\d[\d,]*(?:\.\d+)?\+?\s*$")


def is_bare_number(cell_text: str) -> bool:
    return bool(_BARE.match(cell_text))


# a cell's value(s) without a unit: "812", "~815", "1,450", "377 (tuned)", "210/420*",
# "96 (48 per die)", "$1,210" (the scale in the header); "N/A", "?" and "-" hold none
_ONE = r"[~≈]?\s*\$?[-+\u2212]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\+?"
_CELL_VALUES = re.compile(rf"^(?P<vals>{_ONE}(?:\s*/\s*{_ONE})*)\s*[*†‡]*\s*(?:\(.*\))?\s*$")
_VALUE = re.compile(_ONE)
_FRACTION_CELL = re.compile(r"^1/\d{1,3}$")


def cell_values(cell_text: str) -> list[tuple[int, int]]:
    """Spans of the unit-less values in a cell's text; [] when the cell is not such a cell."""
    m = _CELL_VALUES.match(cell_text)
    if not m:
        return []
    vals = m["vals"]
    if _FRACTION_CELL.match(vals.strip()):
        return [(m.start("vals"), m.end("vals"))]          # "1/8" of a host
    return [(v.start(), v.end()) for v in _VALUE.finditer(vals)]


# header units -------------------------------------------------------------------------------
_CURRENCY_IN_LABEL = re.compile(r"(?:US\s?\$|HK\$|NT\$|USD|RMB|CNY|EUR|\$|€|£|¥)")
_PAREN = re.compile(r"\(([^()]{1,30})\)")
_NOT_FROM_WORDS = {"ratio", "other"}  # "x" or "years" in a header's words say no unit
_PRECISION = re.compile(r"^(?:FP|BF|TF|INT|MXFP)\d{1,2}\+?(?:\s+(?:Tensor|dense|sparse))?$", re.I)
_PERFORMANCE = re.compile(r"perform|compute|flops|throughput|speed", re.I)
_COUNT_HEAD = {"count", "qty", "quantity", "number of", "# of", "no. of"}
_NOT_COUNTED = {"specs", "years", "results", "notes", "features", "types", "details",
                "comments", "dates", "names", "models", "specifications", "yes", "terms",
                "rankings", "ranks", "metrics", "stats", "status", "plus", "class", "series",
                "process", "access", "address", "loss", "gross", "business", "sales", "earnings",
                "revenues", "costs", "expenses", "assets", "prices", "rates", "fees", "margins"}


_MAYBE_UNIT = re.compile(rf"[$€£¥%(]|(?<![\w/])(?:{UNIT_PATTERN})(?![\w/])")


def _probe_template(candidate: str) -> str | None:
    """How a bare value reads with this unit text: "{v} TFLOPS", "${v}M", "${v}/hr"."""
    c = candidate.strip()
    cur = _CURRENCY_IN_LABEL.search(c)
    if cur:
        rest = c[cur.end():].strip()
        if c[:cur.start()].strip():
            return None
        if rest and rest[0] not in "/" and not _SCALE_FIRST.match(rest):
            rest = " " + rest
        return cur.group(0).strip() + "{v}" + rest
    return "{v} " + c


def label_unit(label: str, finder) -> tuple[str, str] | None:
    """(probe template, kind) for the unit a header names, or None."""
    return _label_unit(label, finder)


@lru_cache(maxsize=2048)
def _label_unit_cached(label: str, finder) -> tuple[str, str] | None:
    if not _MAYBE_UNIT.search(label):
        return None   # most row labels are names: no unit to look for
    candidates = [(m.group(1), True) for m in _PAREN.finditer(label)]
    words = _PAREN.sub(" ", label).split()
    candidates += [(w, False) for w in words]
    candidates += [(f"{a} {b}", False) for a, b in zip(words, words[1:])]
    for cand, in_parens in candidates:
        template = _probe_template(cand)
        if not template:
            continue
        probe = template.format(v="7")
        found = finder.find(probe)
        if len(found) != 1 or found[0].start != 0 or found[0].end < len(probe) - 1:
            continue
        kind = found[0].kind
        if kind == "count" or (not in_parens and kind in _NOT_FROM_WORDS):
            continue
        return template, kind
    return None


def _label_unit(label, finder):
    return _label_unit_cached(label.strip(), finder) if label.strip() else None


def counted_label(label: str) -> bool:
    """Does a row or column label name things counted ("Compute cores", "Boards per rack",
    "Link ports per chip", "Transistor count")?"""
    s = _PAREN.sub(" ", label).lower().replace("™", "").replace("®", "")
    words = _LOWER_WORD.findall(s)
    if not words or any(ch.isdigit() for ch in label):
        return False
    if any(s.strip().startswith(h) for h in _COUNT_HEAD) or words[-1] in _COUNT_HEAD:
        return True
    head = words[words.index("per") - 1] if "per" in words[1:] else words[-1]
    return (len(head) > 3 and head.endswith("s") and not head.endswith(("ss", "us", "is"))
            and head not in _NOT_COUNTED)


def _precision_compute(label: str, context: str) -> tuple[str, str] | None:
    """A row named by a number format ("FP16", "INT8") in a table about performance gives its
    figures in TFLOPS (TOPS for integers), as spec sheets do."""
    if _PRECISION.match(label.strip()) and _PERFORMANCE.search(context):
        return ("{v} TOPS" if label.strip().upper().startswith("INT") else "{v} TFLOPS"), \
            "compute"
    return None


def _unit_for(finder, row_label: str, col_label: str, title: str, context: str):
    for label in (row_label, col_label):
        u = _label_unit(label, finder)
        if u:
            return u
    paren = " ".join(m.group(0) for m in _PAREN.finditer(title))
    u = _label_unit(paren, finder) if paren else None
    if u:
        return u
    u = _precision_compute(row_label, context)
    if u:
        return u
    if counted_label(row_label) or (not row_label.strip() and counted_label(col_label)):
        return "{v}", "count"
    if counted_label(col_label) and not _label_unit(row_label, finder):
        return "{v}", "count"
    return None


@lru_cache(maxsize=1024)
def _reading(finder, template: str):
    """How one unit template reads: (kind, unit, factor from the written number, per-unit
    notes), found once by reading "7" with it."""
    found = finder.find(template.format(v="7"))
    if len(found) != 1 or found[0].value is None:
        return None
    q = found[0]
    return q.kind, q.unit, q.value / 7.0, dict(q.notes)


def _read_value(finder, text: str, a: int, b: int, unit):
    """The figure of one unit-less value of a cell, in the unit its headers give."""
    from .numbers import parse_number
    from .quantities import Quantity
    value_text = text[a:b]
    template, kind = unit
    v = value_text.strip().replace("$", "")
    approx = v.startswith(("~", "≈"))
    plus = v.endswith("+")
    v = v.lstrip("~≈").rstrip("+").strip()
    try:
        if "/" in v:
            n, d = v.split("/", 1)
            number = parse_number(n) / parse_number(d)
        else:
            number = parse_number(v)
    except (ValueError, ZeroDivisionError):
        return None
    if kind == "count":
        unit_, factor, notes = "1", 1.0, {}
    else:
        reading = _reading(finder, template)
        if reading is None:
            return None
        kind, unit_, factor, notes = reading
    value = float(f"{number * factor:.12g}") + 0.0
    return Quantity(a, b, value_text, kind, unit_, value, approx=approx,
                    bound=">=" if plus else "=", confidence=0.6 if kind == "count" else 0.8,
                    notes=dict(notes))
    hedge = ""
    if v[:1] in "~≈":
        hedge, v = "~", v[1:].strip()
    probe = hedge + template.format(v=v)
    found = finder.find(probe)
    if len(found) != 1:
        return None
    q = found[0]
    q.start, q.end, q.value_text = a, b, value_text
    return q


_PER_HOUR = re.compile(r"(?:\$|USD)\s*(?:/|per)\s*(?:GPU[- ])?(?:hr|hour|h)\b|\bper\s+(?:GPU[- ])?hour\b|"
                       r"\bhourly\b", re.I)
_MONEY_SCALE = re.compile(r"\(\s*(?:US\s?\$|\$|USD|US\$\s?)\s*(?P<s>M|mn|m|million|B|bn|billion|K|k|"
                          r"thousand)s?\s*\)|\bin\s+(?:US\$\s?|\$\s?)?(?P<s2>millions|billions|"
                          r"thousands)\b", re.I)
# its first alternative alone ("($M)"): what cell_quantities looks for through whole texts
# (the second one holds no "(", so it hides none of these), found by the search for "("
_MONEY_SCALE_PAREN = re.compile(_MONEY_SCALE.pattern.split(r")s?\s*\)|")[0] + r")s?\s*\)",
                                re.I)
_SCALES = {"m": 1e6, "mn": 1e6, "million": 1e6, "millions": 1e6, "b": 1e9, "bn": 1e9,
           "billion": 1e9, "billions": 1e9, "k": 1e3, "thousand": 1e3, "thousands": 1e3}
_OWN_SCALE = re.compile(r"\d\s*(?:[kKmMbBT]|bn|mn|thousand|million|billion|trillion)\b", re.I)


def _header_money(q, labels: str) -> None:
    """A money figure under a header that gives its unit: "Price ($/hr)" makes "$2.10" a price
    per hour; "Revenue ($M)" makes "$1,210" 1.21 billion."""
    if q.kind != "money" or _OWN_SCALE.search(q.value_text):
        return
    if _PER_HOUR.search(labels):
        q.kind, q.unit = "price_per_unit", f"{q.unit}/hour"
        return
    m = _MONEY_SCALE.search(labels)
    if m:
        f = _SCALES[(m["s"] or m["s2"]).lower()]
        if q.value is not None:
            q.value = q.value * f
        else:
            q.low, q.high = q.low * f, q.high * f


def cell_quantities(text: str, finder, found: list) -> list:
    """Figures of table cells that hold no figure the finder read alone; figures the finder
    read take the money unit their headers give."""
    found = sorted((q for q in found if not q.notes.get("bare")), key=lambda q: q.start)
    found_starts = [q.start for q in found]
    tables = read_tables(text) if "|" in text else []
    extra = []
    for t in tables:
        context = f"{t.title} {' '.join(t.header)}"
        for row in t.rows:
            label = row[0].text if row else ""
            for j, c in enumerate(row[1:], start=1):
                i = bisect.bisect_left(found_starts, c.start)
                if i < len(found_starts) and found_starts[i] < c.end:
                    labels = f"{label} | {t.column_header(j)} | {t.title}"
                    while i < len(found_starts) and found_starts[i] < c.end:
                        _header_money(found[i], labels)
                        i += 1
                    continue
                spans = cell_values(c.text)
                if not spans:
                    continue
                unit = _unit_for(finder, label, t.column_header(j), t.title, context)
                if unit is None:
                    continue
                for a, b in spans:
                    q = _read_value(finder, text, c.start + a, c.start + b, unit)
                    if q is not None:
                        extra.append(q)
    extra += _run_quantities(text, finder, found, tables)
    return extra


def _run_quantities(text: str, finder, found: list, tables: list[Table]) -> list:
    """Figures of space-aligned and flattened rows: a label, then a run of bare values; and
    money figures after a label that scales them ("Revenue ($M)$1,210$1,480")."""
    found_starts = [q.start for q in found]
    spans = sorted((t.start, t.end) for t in tables)
    span_starts = [s for s, _ in spans]
    found = [q for q in found if not q.notes.get("bare")]
    money = [q for q in found if q.kind == "money" and q.value and q.value >= 1e5]
    out = []
    prose_unit = None   # a money unit read from the prose, kept over a block of lines
    # only the lines that hold a run of values or a money-scale label are looked at
    wanted = sorted(_run_lines(text) |
                    {text.rfind("\n", 0, m.start()) + 1
                     for m in _MONEY_SCALE_PAREN.finditer(text)})
    last_end = 0
    for start in wanted:
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        if _BLANK_LINE.search(text, last_end, start + 1):
            prose_unit = None
        last_end = end
        k = bisect.bisect_right(span_starts, start) - 1
        if k >= 0 and spans[k][0] <= start < spans[k][1]:
            continue
        if "$" in line:
            _scaled_by_labels(text, start, line, found, found_starts)
        for label, cells in label_runs(text, start, line):
            unit = _unit_for(finder, label, "", "", label + " " + text[max(0, start - 300):start])
            if unit is None and money:
                prose_unit = _unit_from_prose(cells, money) or prose_unit
                unit = prose_unit
            if unit is None:
                continue
            for c in cells:
                i = bisect.bisect_left(found_starts, c.start)
                if i < len(found_starts) and found_starts[i] < c.end:
                    continue
                for a, b in cell_values(c.text):
                    q = _read_value(finder, text, c.start + a, c.start + b, unit)
                    if q is not None:
                        out.append(q)
    return out


_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SCALE_WORDS = {1e3: "thousand", 1e6: "million", 1e9: "billion"}


def _unit_from_prose(cells, money: list) -> tuple[str, str] | None:
    """The unit of a row of bare numbers that the prose states with a unit: "12,420" in a
    table whose text says "USD 12.42 billion in revenue" is in USD millions."""
    from .numbers import parse_number
    for c in cells:
        try:
            v = parse_number(c.text)
        except ValueError:
            continue
        if v < 100:
            continue
        for q in money:
            for scale, word in _SCALE_WORDS.items():
                if abs(q.value - v * scale) <= 0.01 * q.value:
                    return f"{q.unit} {{v}} {word}", "money"
    return None


def _scaled_by_labels(text: str, start: int, line: str, found: list, starts: list[int]) -> None:
    """In a flattened row, money figures after "($M)" or "($bn)" are in that scale, up to the
    next label."""
    for m in _MONEY_SCALE.finditer(line):
        if not m["s"]:
            continue
        a = start + m.end()
        i = bisect.bisect_left(starts, a)
        while i < len(found) and found[i].start < start + len(line):
            q = found[i]
            if _A_WORD.search(text[a:q.start]):
                break   # a word: the next label
            _header_money(q, m.group(0))
            a = q.end
            i += 1


_UNIT_IN_HEADER = re.compile(r"\(([^)]+)\)|\b(TFLOPS|TOPS|PFLOPS|GB/s|TB/s|GB|TB|W|kW|nm|%|USD|"
                             r"US\$|\$)\b|(%)")


def header_unit(header: str) -> str | None:
    m = _UNIT_IN_HEADER.search(header)
    if not m:
        return None
    u = (m.group(1) or m.group(2) or m.group(3)).strip()
    return u if lookup(u) or "$" in u or "USD" in u else u


# where a figure stands ------------------------------------------------------------------------
@dataclass
class Place:
    """Where a figure stands in a pipe or one-cell-a-line table: its cell, the row's label, the
    header cells over its column, and the table (for its title and other headers)."""
    table: Table
    row: int
    col: int
    cell: "object"
    row_label: "object | None"
    col_head: list


def _place_index(text: str) -> tuple[list[int], list[tuple]]:
    return _place_index_cached(text) if "|" in text else ([], [])


@lru_cache(maxsize=4)
def _place_index_cached(text: str) -> tuple[list[int], list[tuple]]:
    entries = []
    for t in read_tables(text):
        for i, row in enumerate(t.rows):
            for j, c in enumerate(row[1:], start=1):
                if not prose_cell(c.text):
                    entries.append((c.start, c.end, t, i, j))
    entries.sort(key=lambda e: e[0])
    return [e[0] for e in entries], entries


def place_of(text: str, at: int) -> Place | None:
    """The table cell that holds the character at `at`, with its headers; None outside
    every table (or in a row's label)."""
    starts, entries = _place_index(text)
    k = bisect.bisect_right(starts, at) - 1
    if k < 0:
        return None
    a, b, t, i, j = entries[k]
    if not a <= at < max(b, a + 1):
        return None
    row = t.rows[i]
    return Place(t, i, j, row[j], row[0] if row and row[0].text else None, t.column_cells(j))


_PERIOD_LABEL = re.compile(r"^(?:fiscal\s+|FY\s?)?(?:(?:Q[1-4]|[1-4]Q|H[12]|[12]H)\s*'?(?:19|20)?\d\d"
                           r"|(?:19|20)\d\d(?:\s*[EF]|\s*\(?(?:est|proj)\w*\.?\)?)?|FY\s?\d{2,4})"
                           r"(?:\s*(?:vs\.?|-|to|/)\s*.*)?$", re.I)
_CHANGE_LABEL = re.compile(r"^(?:change|chg\.?|y/y|q/q|yoy|qoq|growth|delta|Δ|ratio|diff\w*|"
                           r"share|total|average|avg\.?|median|notes?|source|status|rank\w*)\b",
                           re.I)
_UNIT_WORD = re.compile(rf"(?<![\w/])(?:{UNIT_PATTERN})(?![\w/])|[$€£¥%]|\bper\b")


def measure_label(label: str) -> bool:
    """Does a header cell, by its shape, name a measure rather than a thing: a unit ("FP16
    TFLOPS", "Price ($/hr)"), a count ("Compute cores"), a number format ("INT8"), a period
    ("Q4 2025", "2026E"), a change or a rank ("Y/Y", "Change YOY"), or words in lower case
    after the first ("Memory bandwidth", "Gross margin")? A name ("Alpha X1", "Beta Corp") is
    capitalised or carries a model code."""
    s = _PAREN.sub(" ", label).replace("™", "").replace("®", "").strip()
    if not s:
        return False
    if _PRECISION.match(s) or _PERIOD_LABEL.match(s) or _CHANGE_LABEL.match(s):
        return True
    words = _WORD_RE.findall(s)
    if _UNIT_WORD.search(label):
        return True
    if counted_label(label) and ((len(words) == 1 and words[0][1:].islower()) or
                                 not all(w[0].isupper() for w in words) or
                                 words[-1].lower() in _COUNT_HEAD or "per" in words):
        return True   # "Compute cores", "Transistors", "Transistor Count"; not "Beta Partners"
    if any(ch.isdigit() for ch in s):
        return False
    return len(words) >= 2 and all(w.islower() for w in words[1:])


# (compiled once: re's own cache of patterns is looked up on every call of re.search & co.)
_SCALE_FIRST = re.compile(r"(?:bn|mn|m|b|k|K|M|B|T)\b")
_LOWER_WORD = re.compile(r"[a-z][a-z-]*")
_A_WORD = re.compile(r"[A-Za-z]{3,}")
_WORD_RE = re.compile(r"[A-Za-z][\w-]*")
# what every run holds: the end of a value or an empty cell ("96", "210*", "?", "N/A", "-"),
# spaces, and the start of the next one
_RUN_PAIR = re.compile(r"[\d*†‡?\-—–Aa](?<![^Nn/][Aa])[ \t]+"
                       r"(?:[~≈\-+\u2212\d?—–]|[Nn](?=/?[Aa]))")


def _run_lines(text: str) -> set[int]:
    """The starts of the lines that hold a run of values, {line start of m for m in
    RUN.finditer(text)}: a run lies within one line, so a line holds one when RUN.search finds
    one in it; searched only in the lines where a value, spaces and a value stand (_RUN_PAIR)."""
    out, tried = set(), set()
    for m in _RUN_PAIR.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        if start in tried:
            continue
        tried.add(start)
        end = text.find("\n", start)
        if RUN.search(text, start, len(text) if end < 0 else end):
            out.add(start)
    return out
