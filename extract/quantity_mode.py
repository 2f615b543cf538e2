"""Every quantity in a text, whatever the beat: `extract_quantities(text_or_html)`.

No pack is needed: units are read by extract.units (pint expressions), currencies kept as ISO
codes, any plural noun after a number makes a count, and a number alone is a count unless it is
a year, a date, a time, an ordinal or part of a name. Each quantity is a dict:

    doc, start, end, text        where it is
    value | low, high            the number (in the unit below); a range ("between 62 and 68",
                                 "80-95 km") gives its ends. A change from one figure to another
                                 ("fell from 208 pounds to 193") is one quantity, as CQE and
                                 NewsQuant write it: `low` is the figure it came from and `high`
                                 the one it went to, in the text's order, and `change` says up
                                 or down
    unit                         a unit pint reads ("kilometer / hour", "byte"), an ISO currency
                                 code ("USD"), "%", "1" for counts and ratios, or the text's own
                                 unit when pint cannot read it ("GT/s", "MP")
    kind                         compute, memory, money, count, percent, ratio, other, ...
    change                       = ~ > < up down
    noun                         what is counted, or the measured concept the sentence names
    approx, bound                as in claims
    subject, metric              when a pack is given and the claims pipeline finds the claim

The claims pipeline (extract.pipeline) reads the same quantities, with the pack's count nouns.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from . import tables
from .pack import load_pack
from .quantities import Quantity, QuantityFinder
from .units import pint_expression


# the schema's base units, as pint spells them
_BASE_PINT = {"FLOP/s": "FLOP / second", "OP/s": "OP / second", "B": "byte",
              "B/s": "byte / second", "W": "watt", "m": "meter", "%": "%", "x": "1", "1": "1"}

_UP = re.compile(r"(?i:\b(?:up|rose|risen|rises|rise|rising|increased?|increases|increasing|"
                 r"gained?|gains|climbed?|climbs|jumped?|jumps|grew|grown|grows|added|adds|"
                 r"higher|surged?|surges|soared?|soars|advanced?|advances|rallied|boosted|"
                 r"raised|lifted|improved|widened|expanded)\s+(?:by\s+)?(?:an?\s+)?"
                 r"(?:(?:about|around|nearly|almost|roughly|some|over|more\s+than|just)\s+)?)$")
_DOWN = re.compile(r"(?i:\b(?:down|fell|fallen|falls|fall|falling|dropped|drops|drop|declined?|"
                   r"declines|decreased?|decreases|lost|loses|shed|sheds|slipped|slips|lower|"
                   r"slid|slides|plunged?|plunges|tumbled?|tumbles|cut|cuts|shrank|shrunk|"
                   r"sank|sunk|dipped|dips|eased|eases|narrowed|slumped|retreated|lowered|"
                   r"reduced)\s+(?:by\s+)?(?:an?\s+)?"
                   r"(?:(?:about|around|nearly|almost|roughly|some|over|more\s+than|just)\s+)?)$")
_CONCEPT = re.compile(r"(?i:\b(?P<concept>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+(?:of|at|was|is|"
                      r"were|are|reached|hit|totall?ed|stood\s+at|:)\s+(?:an?\s+|the\s+)?"
                      r"(?:(?:about|around|nearly|almost|roughly|some|over|more\s+than|"
                      r"up\s+to|just|an\s+estimated)\s+)?)$")
_NOT_CONCEPT = {"one", "some", "all", "most", "many", "each", "any", "none", "both", "it",
                "that", "this", "there", "which", "who", "what", "he", "she", "they", "we",
                "number", "total", "out", "up", "down", "because", "instead", "ahead"}


@lru_cache(maxsize=8)
def _finder(pack: str | None) -> QuantityFinder:
    nouns = load_pack(pack).count_nouns if pack else {}
    return QuantityFinder(nouns, generic_counts=True, bare_numbers=True)


def find_quantities(text: str, pack: str | None = None) -> list[Quantity]:
    """Every quantity of the text, in text order, table cells included."""
    finder = _finder(pack)
    found = finder.find(text)
    extra = tables.cell_quantities(text, finder, found)
    if extra:  # a bare number a header gives a unit to is read with it
        spans = sorted((q.start, q.end) for q in extra)
        starts = [a for a, _ in spans]
        found = [q for q in found if not (q.notes.get("bare") and _inside(q, spans, starts))]
    found += extra
    found.sort(key=lambda q: q.start)
    return found


def _inside(q: Quantity, spans, starts) -> bool:
    i = bisect.bisect_right(starts, q.start) - 1
    return i >= 0 and spans[i][0] <= q.start < spans[i][1]


def change_of(text: str, q: Quantity) -> str:
    """= ~ > < up down: how the text states the figure."""
    before = text[max(0, q.start - 40):q.start]
    if _UP.search(before):
        return "up"
    if _DOWN.search(before):
        return "down"
    if q.bound in (">", ">="):
        return ">"
    if q.bound in ("<", "<="):
        return "<"
    return "~" if q.approx else "="


def concept_of(text: str, q: Quantity) -> str | None:
    """The counted noun, or the concept the words before name ("a range of 175km")."""
    if q.count_noun:
        return q.count_noun
    m = _CONCEPT.search(text, max(0, q.start - 60), q.start)
    if m and m["concept"].split()[-1].lower() not in _NOT_CONCEPT:
        return m["concept"].lower()
    return None


def unit_of(q: Quantity) -> str:
    if q.kind in ("money", "price_per_unit"):
        return q.unit.replace("/", " / ")
    if q.unit in _BASE_PINT:
        return _BASE_PINT[q.unit]
    return pint_expression(q.unit) or q.unit


def quantity_record(text: str, q: Quantity, doc: str) -> dict:
    rec = {"doc": doc, "start": q.start, "end": q.end, "text": q.value_text}
    if q.value is not None:
        rec["value"] = q.value
    else:
        rec["low"], rec["high"] = q.low, q.high
    rec.update({"unit": unit_of(q), "kind": q.kind, "change": change_of(text, q),
                "noun": concept_of(text, q), "approx": q.approx, "bound": q.bound})
    return rec


_FROM_BEFORE = re.compile(r"(?i:\bfrom\s+(?:(?:about|around|roughly|nearly|almost|some|up\s+to|"
                          r"an\s+estimated)\s+)?)$")
_TO_LAST = re.compile(r"(?i:\bto\s+(?:(?:about|around|roughly|nearly|almost|some|just)\s+)?)$")
_GAP_BREAK = re.compile(r"[;()\[\]\n]|[!?,]\s|\.\s+[A-Z]")


def _from_to(records: list[dict], text: str) -> list[dict]:
    """"from $36,040 at night to $34,935", "from 208 pounds to 193": one change, its two figures
    in the text's order (low: where it came from, high: where it went), the unit the two share
    or the one of them that has a unit."""
    out: list[dict] = []
    i = 0
    while i < len(records):
        a = records[i]
        b = records[i + 1] if i + 1 < len(records) else None
        if b is not None and "value" in a and "value" in b and \
                _FROM_BEFORE.search(text, max(0, a["start"] - 30), a["start"]):
            gap = text[a["end"]:b["start"]]
            unit = _shared_unit(a, b)
            if len(gap) <= 45 and unit and _TO_LAST.search(gap) and not _GAP_BREAK.search(gap):
                rec = dict(a)
                del rec["value"]
                rec.update({"end": b["end"], "text": text[a["start"]:b["end"]], "low": a["value"],
                            "high": b["value"], "unit": unit,
                            "change": "up" if b["value"] > a["value"] else
                            "down" if b["value"] < a["value"] else "=",
                            "approx": a["approx"] or b["approx"], "noun": a["noun"] or b["noun"]})
                if unit == b["unit"] and b["unit"] != a["unit"]:
                    rec["kind"] = b["kind"]
                out.append(rec)
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _shared_unit(a: dict, b: dict) -> str | None:
    """The unit of both ends of a change, when they agree or one is a plain number."""
    if a["unit"] == b["unit"]:
        return a["unit"]
    if b["unit"] == "1" and b["kind"] == "count" and not b["noun"]:
        return a["unit"]
    if a["unit"] == "1" and a["kind"] == "count" and not a["noun"]:
        return b["unit"]
    return None


def extract_quantities(text_or_html: str, *, html: bool | None = None, doc: str = "-",
                       pack: str | None = None) -> list[dict]:
    """Every quantity in a text (or an HTML page) as dicts (see the module's docstring); with a
    pack, the claim fields of the claims the pipeline finds at the same place."""
    from .pipeline import input_text
    text = input_text(text_or_html, html=html, doc=doc)
    records = _from_to([quantity_record(text, q, doc) for q in find_quantities(text, pack)],
                       text)
    if pack:
        from .pipeline import claims_of_text
        by_start = {c["start"]: c for c in claims_of_text(text, doc=doc, pack=pack)}
        for rec in records:
            c = by_start.get(rec["start"])
            if c is not None:
                rec.update({"subject": c["subject"], "metric": c["metric"],
                            "qualifiers": c["qualifiers"]})
    return records
