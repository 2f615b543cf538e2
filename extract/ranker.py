"""Which candidate owns a figure: candidates, their features, and a learned ranker.

Reading is rules and data (subjects.py finds names, quantities.py finds figures, attach.py's
rules make a first choice); choosing is learned. For each figure this module gathers every name
that could own it, from the text's shape:

- the names the subject finder found (pack entities with their canonical names, brand + model
  code, described things, references back such as "the chip" or "it", groups, places, markets),
- names by shape the pack does not know: a code with letters and digits ("WSE-3", "n300d",
  "TPU v5p") with up to two capitalised words before it ("Cerebras WSE-3", "Wormhole n300"), a
  business unit ("infrastructure software segment"), a capitalised word that may be a company,
- the rules' own choice,

in the figure's sentence, the sentences before it, the figure's table (its header lines) and the
headline. Each (figure, candidate) pair becomes a row of features (distance in words and
sentences, clause breaks, possessive, comparison words, counted name, asides, types, table
column, frequency in the document, headline mention, the rules' choice, ...); a logistic model
trained from the gold sets (`claims train`) scores each row and the best candidate wins. When no
candidate scores above the model's threshold the figure keeps no subject and a low confidence.

The weights are a small JSON file in the package (extract/model/attach.json); the pipeline only
reads them, never trains.
"""
from __future__ import annotations

import bisect
import json
import math
import re
from itertools import repeat
from operator import mul as _mul
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from . import attach
from .cues import grammar_cues_of
from .errors import ExtractError
from .phrases import (PHRASE, item_labels, link_features, phrase_candidates,
                      phrase_features)
from .refs import reference_class, written_name
from .scan import Prefixed, matches_at, prefixed, split_at_breaks
from .subjects import (_NOT_SUBJECTS, COUNTED, OUTRANKED, PRODUCT_TYPES, Mention,
                       SubjectFinder)

MODEL_FILE = "attach.json"
NEAR_BEFORE, NEAR_AFTER = 1500, 800  # how far from a figure a candidate may stand (characters)

# a code with letters and digits ("WSE-3", "n300d", "v5p", "GPT-4o"), and the capitalised words
# that may stand before it as part of the name ("Cerebras WSE-3", "TPU v5p", "MTT S4000")
_CODE = re.compile(r"(?<![\w$€£¥.'’/@#-])[A-Za-z][A-Za-z.-]*\d[\w.-]*(?<=[A-Za-z0-9])(?![\w-])")
# a word glued to a figure or a code in a flattened table ("margin54", "ResultsQ4")
_GLUED_WORD = re.compile(r"[a-z]{4,}\d|[a-z]{3,}[A-Z]\d")
_NAME_WORDS = re.compile(r"(?:(?<![\w'’-])[A-Z][\w&.-]*[A-Za-z] ){1,2}$")
# codes that are units, precisions, memory types, periods or figures, not names
_NOT_CODES = re.compile(
    r"^(?:FP\d|BF\d|INT\d|TF\d|HBM|DDR|GDDR|LPDDR|PCIe|PCIE|Gen\d|USB|Q[1-4]|H[12]$|FY|CY|"
    r"[1-9]H|(?-i:N\d+[EP]?$)|\d|x\d|[A-Za-z]{1,3}/|v\d$|mm|nm|kW|MW|GW|GB|TB|PB|MB|KB|Gbps|Tbps|TFLOPS|"
    r"TOPS|COVID|CVE|ISO|SHA|MP\d|K\d$|(?:mid|early|late|end|pre|post)-\d)", re.I)
_UNIT_TAIL = re.compile(r"\d(?:nm|gb|tb|mb|kb|w|kw|mw|gw|ghz|mhz|tops|tflops|x|k|m|b|bn|"
                        r"mn|t|ms|s|h|gbps|tbps|km|cm|mm|kg|wh|kwh|mwh|gwh|mah|mph|nm)$", re.I)
# a business unit or a segment: "infrastructure software segment", "its data center business"
_UNIT_NOUN = prefixed(re.compile(r"(?<=\s)(?:segment|division|unit|business|group)(?![\w-])"))
_UNIT_WORDS = re.compile(r"(?<![\w-])(?:[A-Za-z][\w-]*\s){1,3}$")
_UNIT_DROP = {"the", "its", "their", "a", "an", "of", "in", "and", "for", "our", "this", "that",
              "whole", "entire", "chip"}
_CLAUSE_BREAK = attach._CLAUSE_BREAK
_OWNS_NAME = re.compile(r"['’]s?\s+(?:[a-z][\w-]*\s+){0,3}")
_POSSESSIVE = re.compile(r"^['’]s?\s+(?:[\w.-]+\s+){0,3}$")
_SENTENCE_START = re.compile(r"\W*(?:the\s+|a\s+|an\s+)?$", re.I)
_PAREN_OPEN = re.compile(r"\([^()]*$")
# a figure in a parenthesis right after a name: "the B200 (4.5 PFLOPS, 192 GB)"
_OWN_PAREN = re.compile(r"['’]?s?\s*\((?:[^()]{0,80}[,;/]\s*)?[~≈]?\s*(?:about|roughly|up to|"
                        r"nearly|around)?\s*")
# figures in one list: "4,500 TFLOPS of FP8, 9,000 TFLOPS of FP4 and 192 GB"
LIST_GAP = re.compile(r"(?:\s+(?:of|in)\s+[\w-]+(?:\s+[\w-]+)?)?\s*(?:\([^()]{0,60}\)\s*)?"
                      r"(?:,|;|,?\s+and|,?\s+or|,?\s+plus)\s+(?:up\s+to\s+|about\s+|"
                      r"roughly\s+|nearly\s+)?")
TECHNICAL = attach.TECHNICAL


@dataclass
class Candidate:
    start: int
    end: int
    text: str
    canonical: str
    type: str
    source: str                # "mention", "shape", "unit", "plain", "rule", "phrase"
    described: bool = False
    shape: str = ""            # for a phrase: which shape of the text found it (phrases.py)
    written: str = ""          # for a reference back: the name it stands for as the text wrote it

    @property
    def is_product(self) -> bool:
        return self.type in PRODUCT_TYPES


@dataclass
class Figure:
    """What the ranker knows of one figure: where it is and what the rules made of it."""
    start: int
    end: int
    kind: str
    sentence: int                  # index of its sentence
    in_table: bool
    hyphen_compound: bool
    rule_subject: str | None       # the rules' canonical choice
    rule_mention: Mention | None
    rule_conf: float
    # how the rules found it: in a cell, a row, the sentence, carried over from before, a
    # repeated figure, a described thing, the maker of a product, a conversion
    rule_how: str = "sentence"
    previous: str | None = None    # the rules' subject of the figure before, in its sentence
    listed: bool = False           # that figure and this one stand in one list ("A, B and C")


@dataclass
class Context:
    """One document, read once for every figure in it."""
    text: str
    sents: list[tuple[int, int]]
    mentions: list[Mention]
    finder: SubjectFinder
    starts: list[int] = field(default_factory=list)
    named: dict = field(default_factory=dict)
    shapes: list[Candidate] = field(default_factory=list)
    shape_starts: list[int] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    headline: set = field(default_factory=set)
    line_starts: list[int] = field(default_factory=list)
    plain: dict = field(default_factory=dict)
    figure_starts: list[int] = field(default_factory=list)
    sent_starts: list[int] = field(default_factory=list)
    cues: dict = field(default_factory=dict)
    static_features: dict = field(default_factory=dict)
    persons: set = field(default_factory=set)
    lower_words: set = field(default_factory=set)
    metric_words: set = field(default_factory=set)
    body_counts: dict = field(default_factory=dict)
    leads: dict = field(default_factory=dict)
    figure_ends: list[int] = field(default_factory=list)   # with figure_starts (tables)
    labelled: set = field(default_factory=set)   # where a list item's name labels it
    # what the readers of one document keep between its figures, by reader ("table places",
    # "phrases", ...): read once per document, never carried to another
    memo: dict = field(default_factory=dict)

    @classmethod
    def read(cls, text: str, sents, mentions, finder, figure_starts) -> "Context":
        ctx = cls(text, sents, mentions, finder)
        ctx.starts = [m.start for m in mentions]
        ctx.persons = person_words(text)
        ctx.lower_words = set(_LOWER_WORD.findall(text))
        lines = ctx.memo.setdefault("prose lines", {})
        shapes = shape_names(text, mentions) + described_names(text, mentions, lines) + \
            made_things(text, mentions) + proper_names(text, mentions, ctx.persons, lines)
        labels = item_labels(text, mentions)
        # (the spans of the names that start where a label does: labels are few)
        at = {c.start for c in labels}
        spans = {(c.start, c.end) for c in [*mentions, *shapes] if c.start in at} if at else ()
        ctx.shapes = sorted(shapes + [c for c in labels if (c.start, c.end) not in spans],
                            key=lambda c: (c.start, c.end))
        ctx.labelled = {c.start for c in labels}
        ctx.shape_starts = [c.start for c in ctx.shapes]
        counts: dict[str, int] = {}
        for c in [*mentions, *ctx.shapes]:
            counts[c.canonical] = counts.get(c.canonical, 0) + 1
        ctx.counts = counts
        first_line = text.find("\n")
        first_line = len(text) if first_line < 0 else first_line
        ctx.headline = {c.canonical for c in [*mentions, *ctx.shapes] if c.start < first_line}
        for c in [*mentions, *ctx.shapes]:
            if c.start >= first_line:
                ctx.body_counts[c.canonical] = ctx.body_counts.get(c.canonical, 0) + 1
        ctx.metric_words = _metric_words(finder.pack)
        ctx.line_starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]
        ctx.figure_starts = figure_starts
        ctx.sent_starts = [a for a, _ in sents]
        return ctx

    def candidates_of_mentions(self, i: int, j: int) -> list[Candidate]:
        """The mentions i..j as candidates, each made once."""
        out = []
        for k in range(i, j):
            c = self.named.get(k)
            if c is None:
                c = self.named[k] = _from_mention(self.mentions[k])
            out.append(c)
        return out

    def static(self, c: Candidate) -> dict[str, float]:
        """The features of a candidate that do not depend on the figure (only the true ones)."""
        key = (c.start, c.end, c.canonical)
        if key not in self.static_features:
            f = {}
            compared, outranked, counted, source = self.cues_before(c.start)
            t, source_of = c.type, c.source
            # (in this order: a model's score sums a candidate's features in their order)
            if compared:
                f["compared"] = 1.0
            if outranked:
                f["outranked"] = 1.0
            if counted:
                f["counted"] = 1.0
            if source:
                f["source"] = 1.0
            if t == "company":
                f["t_company"] = 1.0
            if c.is_product:
                f["t_product"] = 1.0
            if t in ("place", "market"):
                f["t_place"] = 1.0
            if t == "group":
                f["t_group"] = 1.0
            if source_of == "unit":
                f["t_unit"] = 1.0
            if source_of == "shape":
                f["t_shape"] = 1.0
            if source_of == "plain":
                f["t_plain"] = 1.0
            if c.described:
                f["t_described"] = 1.0
            if c.text[:1].islower() or c.text.lower().startswith(("the ", "it")):
                f["t_reference"] = 1.0
            if c.canonical in self.headline:
                f["headline"] = 1.0
            f["log_freq"] = math.log1p(self.counts.get(c.canonical, 1))
            f.update(shape_cues(self, c))
            self.static_features[key] = f
        return self.static_features[key]

    def cues_before(self, start: int) -> tuple[float, float, float, float]:
        """What stands before a name, the same for every figure: a comparison ("than the"), an
        outranking, a count ("2,048 H800s"), a source ("according to")."""
        if start not in self.cues:
            text = self.text
            pre = text[max(0, start - 30):start]
            compared = attach.compared_before(pre)
            self.cues[start] = (
                1.0 if compared else 0.0,
                # (what OUTRANKED matches, COMPARED_WITH matches: its words are among those)
                1.0 if compared and OUTRANKED.search(pre) else 0.0,
                1.0 if _counted_before(text, start) else 0.0,
                1.0 if _source_before(text, start) else 0.0)
        return self.cues[start]

    def list_lead(self, fig: "Figure") -> int | None:
        """For a figure on a bullet line ("- 288 GB HBM3e"), the line that leads into its list:
        the nearest line above that is no bullet and names something ("The Acme X9 is
        said to offer:"), within 30 lines; None off a bullet and on an item its own name
        labels ("- Acme Vela (2024): 12,000 boards")."""
        line = self.line_of(fig.start)
        if line in self.leads:
            return self.leads[line]
        found = None
        bullet = _BULLET.match(self.text, self.line_starts[line])
        if bullet and bullet.end() not in self.labelled:   # (a labelled item is its own)
            names = sorted([*self.starts, *self.shape_starts])
            for k in range(line - 1, max(-1, line - 30), -1):
                a = self.line_starts[k]
                b = self.line_starts[k + 1] if k + 1 < len(self.line_starts) else len(self.text)
                if _BULLET.match(self.text, a) or not self.text[a:b].strip():
                    continue
                i = bisect.bisect_left(names, a)
                if i < len(names) and names[i] < b:
                    found = k
                    break
        self.leads[line] = found
        return found

    def line_of(self, at: int) -> int:
        return bisect.bisect_right(self.line_starts, at) - 1

    def sentence_of(self, at: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, at) - 1)

    def plain_names(self, si: int) -> list[Candidate]:
        if si not in self.plain:
            # the sentence's capitalised words, read once per document (the attachment rules
            # read them too: they share them through memo["plain names"])
            raw = self.memo.setdefault("plain names", {})
            if si not in raw:
                s0, s1 = self.sents[si] if self.sents else (0, len(self.text))
                raw[si] = self.finder.plain_names(self.text, s0, s1)
            # a person ("President Trump") or a source ("as per CNBC") owns no figure
            self.plain[si] = [c for c in (_from_mention(m, "plain") for m in raw[si])
                              if not self.not_an_owner(c)]
        return self.plain[si]

    def not_an_owner(self, c) -> bool:
        """A capitalised word that is a person ("President Trump") or a source ("as per
        CNBC", "Bloomberg reported")."""
        return c.text in self.persons or self.text.startswith(":", c.end) or \
            c.text.lower() in _MEASURED or bool(
            _source_lead(self.text, c.start) or
            _REPORTS_AFTER.match(self.text, c.end) or
            _ALIAS_PAREN.search(self.text, max(0, c.start - 40), c.start))


# every match of COUNTED ends in a digit or one of these words (then ",", whitespace)
_COUNT_ENDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozen",
               "dozens", "hundred", "hundreds", "thousand", "thousands", "million", "millions",
               "many", "several", "more", "fewer", "of")


def _counted_before(text: str, start: int) -> bool:
    """bool(COUNTED.search(text, start - 20, start)), searched only when the text before
    `start`, without its whitespace and a comma, ends in a digit or a word of a count."""
    a = max(0, start - 20)
    window = text[a:start]
    if not window[-1:].isspace():
        return False
    end = window.rstrip()
    end = end[:-1] if end.endswith(",") else end
    if not end[-1:].isdecimal() and (window.isascii() or not attach._FOLDS_TO_ASCII.intersection(
            window)) and not end.lower().endswith(_COUNT_ENDS):
        return False
    return COUNTED.search(text, a, start) is not None


# a measured noun capitalised at a line's or sentence's start ("Employment in X rose 12,000",
# "Revenue was ..."): what a figure measures, never whose it is
_MEASURED = frozenset("""employment revenue revenues sales profit profits income output
production demand supply growth spending capex investment exports imports shipments earnings
payrolls jobs unemployment inflation""".split())


@lru_cache(maxsize=8)
def _metric_words_of(keywords: tuple) -> frozenset:
    return frozenset(k.lower() for k in keywords if " " not in k)


def _metric_words(pack) -> frozenset:
    return _metric_words_of(tuple(k for m in pack.metrics for k in m.keywords))


def _from_mention(m: Mention, source: str = "mention") -> Candidate:
    return Candidate(m.start, m.end, m.text, m.canonical, m.type, source, m.described)


def shape_names(text: str, mentions: list[Mention]) -> list[Candidate]:
    """Names by shape that no mention covers: codes with letters and digits (with the
    capitalised words before them) and business units."""
    spans = sorted((m.start, m.end) for m in mentions)
    starts = [s for s, _ in spans]

    def taken(a: int, b: int) -> bool:
        i = bisect.bisect_left(starts, b)
        return any(s < b and a < e for s, e in spans[max(0, i - 6):i])

    out = []
    for m in _codes(text):
        code = m.group(0)
        if _NOT_CODES.match(code) or _UNIT_TAIL.search(code) or _GLUED_WORD.search(code):
            continue
        a, b = m.start(), m.end()
        lead = _NAME_WORDS.search(text, max(0, a - 40), a)
        words = (lead.group(0).split() if lead else []) + [code]
        a = a - len(lead.group(0)) if lead else a
        while len(words) > 1 and (words[0] in _LEAD_WORDS or taken(a, a + len(words[0]))):
            a += len(words[0]) + 1
            words = words[1:]
        if taken(a, b):
            continue
        name = " ".join(words)
        out.append(Candidate(a, b, name, name, "product", "shape"))
    for noun in _UNIT_NOUN.finditer(text):
        m = _UNIT_WORDS.search(text, max(0, noun.start() - 60), noun.start())
        if m is None:
            continue
        words = text[m.start():noun.end()].split()
        while words and words[0].lower() in _UNIT_DROP:
            words = words[1:]
        if len(words) < 2 or _modifies_next(text, noun.end()):
            continue
        a = noun.end() - len(" ".join(words))
        if taken(a, noun.end()):
            continue
        name = " ".join(words)
        out.append(Candidate(a, noun.end(), name, name, "unit", "unit"))
    out.sort(key=lambda c: c.start)
    return out


_NEXT_LOWER = re.compile(r" ([a-z][a-z-]*)(?![\w'’-])")


def _modifies_next(text: str, at: int) -> bool:
    """Is the noun ending at `at` a modifier of the lowercase noun after it ("business
    services", "group chat"), not the head of its phrase? A function word, a verb of figures,
    a measured word ("segment revenue") or a word in -ed after it leaves it the head."""
    from .phrases import _STOP
    m = _NEXT_LOWER.match(text, at)
    if m is None:
        return False
    w = m.group(1)
    return not (w in _STOP or w in _THING_NOT or w.endswith(("ed", "ly")))


def _codes(text: str):
    """The matches of _CODE.finditer(text), tried only where one can begin: a code's letters
    run up to a digit, and its lookbehind refuses a letter, "." or "-" before it, so it begins
    where a run of letters, "." and "-" right before a digit begins."""
    starts = set()
    for hit in _DIGITS.finditer(text):
        a = hit.start()
        if a and text[a - 1] in _CODE_RUN:
            a -= 1
            while a > 0 and text[a - 1] in _CODE_RUN:
                a -= 1
            starts.add(a)
    return matches_at(_CODE, text, sorted(starts))


_DIGITS = re.compile(r"\d+")
_DIGIT = re.compile(r"\d")
_NEWLINE = re.compile(r"\n")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z-]+(?![\w'’-])")
_LY_WORD = re.compile(r"[a-z]+ly")
_ED_WORD = re.compile(r"[a-z]+ed")
_LETTERS_CODE = re.compile(r"[A-Za-z]{2,}\d\w*")
_NEXT_WORD = re.compile(r"\s+([a-z][\w-]*)")
_ENDS_SENTENCE = re.compile(r"[.!?]\W*$")
_CODE_RUN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-")
_PROSE_ONLY = ("described", "proper")
_BULLET = re.compile(r"[ \t]*(?:[-•*·–]|\d{1,2}[.)])\s+")
_LEAD_WORDS = {"The", "A", "An", "In", "On", "At", "By", "For", "With", "And", "Or", "Its",
               "Their", "This", "That", "New", "Each", "Every", "Both", "Our", "As", "Of"}


def candidates(ctx: Context, fig: Figure, back: int = 2, table_lines: int = 14
               ) -> list[Candidate]:
    """Every name that could own the figure: in its sentence and `back` sentences before, in
    the lines above it when it sits in a table, in the headline, and the rules' choice."""
    text = ctx.text
    si = fig.sentence
    lo = ctx.sents[max(0, si - back)][0] if ctx.sents else 0
    hi = ctx.sents[si][1] if ctx.sents else len(text)
    # a run-on "sentence" (a flattened page without stops) is read only near the figure
    lo, hi = max(lo, fig.start - NEAR_BEFORE), min(hi, fig.end + NEAR_AFTER)
    if fig.in_table:
        line = ctx.line_of(fig.start)
        lo = min(lo, ctx.line_starts[max(0, line - table_lines)])
        nl = text.find("\n", fig.end)
        hi = max(hi, len(text) if nl < 0 else nl)
    out: dict[tuple, Candidate] = {}
    s0 = ctx.sents[si][0] if ctx.sents else 0
    nearest: dict[str, Candidate] = {}  # outside the sentence, the nearest of each name
    for group in (ctx.candidates_of_mentions(bisect.bisect_left(ctx.starts, lo),
                                             bisect.bisect_left(ctx.starts, hi)),
                  ctx.shapes[bisect.bisect_left(ctx.shape_starts, lo):
                             bisect.bisect_left(ctx.shape_starts, hi)],
                  [c for c in ctx.plain_names(si) if lo <= c.start < hi] +
                  ([c for c in ctx.plain_names(si - 1) if lo <= c.start < hi]
                   if si and not fig.in_table else [])):
        for c in group:
            if c.start < fig.end and fig.start < c.end:
                continue
            if fig.in_table and (c.source in _PROSE_ONLY or c.text[:1] in "IiTt" and
                                 reference_class(ctx.finder, c.text) is not None):
                continue  # described things, proper names, references: read in prose only
            if c.start < s0:
                nearest[c.canonical] = c
            else:
                out.setdefault((c.start, c.end), c)
    for c in nearest.values():
        out.setdefault((c.start, c.end), c)
    _drop_covered(out)
    lead = ctx.list_lead(fig) if not fig.in_table else None
    if lead is not None:  # a bullet's figure: the names of the line that leads into the list
        a, b = ctx.line_starts[lead], ctx.line_starts[lead + 1] - 1
        for group in (ctx.candidates_of_mentions(bisect.bisect_left(ctx.starts, a),
                                                 bisect.bisect_left(ctx.starts, b)),
                      ctx.shapes[bisect.bisect_left(ctx.shape_starts, a):
                                 bisect.bisect_left(ctx.shape_starts, b)]):
            for c in group:
                out.setdefault((c.start, c.end), c)
    for c in table_candidates(ctx, fig):
        out.setdefault((c.start, c.end), c)
    for c in phrase_candidates(ctx, fig):
        out.setdefault((c.start, c.end), c)
    if fig.rule_mention is not None and not (fig.rule_mention.type == "name" and
                                             ctx.not_an_owner(fig.rule_mention)):
        m = fig.rule_mention
        key = (m.start, m.end)
        if key not in out or out[key].canonical != fig.rule_subject:
            out[key] = Candidate(m.start, m.end, m.text, fig.rule_subject or m.canonical,
                                 m.type, "rule", m.described)
    found = sorted(out.values(), key=lambda c: c.start)
    for c in found:   # a reference back ("It"): the name it stands for, as the text wrote it
        if c.text[:1] in "IiTt" and not c.written and c.source in ("mention", "rule"):
            c.written = written_name(ctx, c)
    return found


def _drop_covered(out: dict) -> None:
    """A described thing or a longer proper name stands for the name inside it: "Samsung
    Electronics" for "Samsung", "ByteDance's custom chip" for "ByteDance"."""
    longer = [c for c in out.values() if c.source in _PROSE_ONLY]
    if not longer:
        return
    for key, c in list(out.items()):
        if c.source not in _PROSE_ONLY and any(
                d.start <= c.start and c.end <= d.end and (d.start, d.end) != key and
                d.canonical.startswith(c.canonical.split()[0]) for d in longer):
            del out[key]


def features(ctx: Context, fig: Figure, cands: list[Candidate]) -> list[dict[str, float]]:
    """One dict of named features per candidate of a figure: what every candidate gets
    (name_features), a phrase's shape (phrases.py) and whether it is linked to the figure."""
    out = name_features(ctx, fig, cands)
    fs = fig.start
    for c, f in zip(cands, out):
        if c.source == PHRASE:
            f.update(phrase_features(ctx, fig, c))
        # (else link_features gives none: a link or a relative clause before the figure, a place)
        if c.end <= fs and fs - c.end < 120 or c.type == "place":
            f.update(link_features(ctx, fig, c))
    return out


def name_features(ctx: Context, fig: Figure, cands: list[Candidate]
                  ) -> list[dict[str, float]]:
    """One dict of named features per named candidate of a figure."""
    text = ctx.text
    s0, s1 = ctx.sents[fig.sentence] if ctx.sents else (0, len(text))
    fig_line = ctx.line_of(fig.start)
    same_sentence = [c for c in cands if s0 <= c.start < s1]
    left = [c for c in same_sentence if c.end <= fig.start]
    right = [c for c in same_sentence if c.start >= fig.end]
    nearest_left = left[-1] if left else None
    nearest_right = right[0] if right else None
    first_here = same_sentence[0] if same_sentence else None
    # what each candidate is, for every figure (a dict never empty: it holds log_freq)
    known = ctx.static_features
    statics = [known.get((c.start, c.end, c.canonical)) or ctx.static(c) for c in cands]
    places = _name_places(ctx, cands)
    free_left = [c for c, f in zip(cands, statics) if c.end <= fig.start and
                 s0 <= c.start < s1 and "compared" not in f]
    nearest_free = free_left[-1] if free_left else None
    products_left = [c for c in left if c.is_product]
    nearest_product = products_left[-1] if products_left else None
    kind = fig.kind
    technical = kind in TECHNICAL
    # the figure's column: its position among the figures of its line
    line_a = ctx.line_starts[fig_line]
    fi = bisect.bisect_left(ctx.figure_starts, line_a)
    fj = bisect.bisect_left(ctx.figure_starts, fig.start)
    column = fj - fi
    line_figures = bisect.bisect_left(ctx.figure_starts, ctx.line_starts[fig_line + 1]) - fi \
        if fig_line + 1 < len(ctx.line_starts) else len(ctx.figure_starts) - fi
    fig_line_text = text[line_a:fig.start]
    pipe_col = fig_line_text.count("|")
    lines = [p[0] for p in places]
    names_on_line: dict[int, int] = {}
    rank_on_line = []
    for ln in lines:
        rank_on_line.append(names_on_line.get(ln, 0))
        names_on_line[ln] = names_on_line.get(ln, 0) + 1
    out = []
    n = len(cands)
    canon_counts: dict[str, int] = {}
    for c in cands:
        canon_counts[c.canonical] = canon_counts.get(c.canonical, 0) + 1
    rule_how = "rule_" + fig.rule_how
    lead = ctx.list_lead(fig) if not fig.in_table else None
    lead_first = next((c for c in cands if ctx.line_of(c.start) == lead), None) \
        if lead is not None else None
    log_cands = math.log1p(n)
    # a name whose possessive leads to another candidate ("Acme's compact Vela 2"): the
    # thing it owns, not the owner, is what the sentence goes on about
    cand_starts = {c.start for c in cands}
    fs, fe, sentence = fig.start, fig.end, fig.sentence
    for ci, c in enumerate(cands):
        f = dict(statics[ci])  # what the candidate is, the same for every figure
        f["log_cands"] = log_cands
        before = c.end <= fs
        a, b = (c.end, fs) if before else (fe, c.start)
        # words between (estimated from the length when far: it only feeds a logarithm); the
        # text between is cut out only when near or in the figure's sentence
        if b - a < 200:
            between = text[a:b]
            gap_words = len(between.split())
        else:
            between = None
            gap_words = (b - a) // 6
        f["log_words"] = math.log1p(gap_words)
        if before:
            f["before"] = 1.0
        if gap_words == 0:
            # a name glued to the figure ("ZR-900412B") is a flattened table's cell next to it
            f["glued" if not between and text[c.end - 1:c.end].isalnum() else
              "adjacent"] = 1.0
        d = sentence - places[ci][1]
        f["sent_0" if d == 0 else "sent_1" if d == 1 else "sent_2p" if d >= 2 else
          "sent_after"] = 1.0
        c_line = lines[ci]
        if c_line == fig_line:
            f["same_line"] = 1.0
        else:
            f["log_lines"] = math.log1p(abs(fig_line - c_line))
        if d == 0:
            if between is None:
                between = text[a:b]
            if _CLAUSE_BREAK.search(between):
                f["clause_break"] = 1.0
            if before and _POSSESSIVE.match(between):
                f["possessive"] = 1.0
            if c is nearest_left:
                f["nearest_left"] = 1.0
            if c is nearest_right:
                f["nearest_right"] = 1.0
            if c is first_here:
                f["first_in_sentence"] = 1.0
            if c is nearest_free:
                f["nearest_left_free"] = 1.0
            if c is nearest_product:
                f["nearest_left_product"] = 1.0
            if len(same_sentence) == 1:
                f["only_in_sentence"] = 1.0
            opens, paren = _sentence_place(ctx, c.start, s0)
            if opens:
                f["opens_sentence"] = 1.0
            if paren and ")" not in text[c.start:fig.start if before else c.start]:
                f["in_paren"] = 1.0
            if before and _OWN_PAREN.fullmatch(between):
                f["own_paren"] = 1.0
            if fig.hyphen_compound and not before and gap_words <= 2:
                f["hyphen_after"] = 1.0
        if not before and (attach._OF_OWNER.fullmatch(between) if between is not None else
                           attach._OF_OWNER.fullmatch(text, a, b)):
            # "the 180 petaflops of the GB200" is the GB200's; "85% of H100" a comparison
            f["share_of" if kind in ("percent", "ratio") else "owned_of"] = 1.0
        # what the figure is, with what the candidate is
        product, company, place = f.get("t_product"), f.get("t_company"), f.get("t_place")
        if product and (technical or kind in ("ratio", "money", "price_per_unit", "count")):
            f["tech_product" if technical or kind == "ratio" else kind + "_product"] = 1.0
        if company and kind in ("money", "percent", "length") or (company and technical):
            f["tech_company" if technical and kind != "length" else kind + "_company"] = 1.0
        if place and (technical or kind in ("percent", "money")):
            f["tech_place" if technical else "share_place"] = 1.0
        if kind == "count" and f.get("counted"):
            f["count_counted"] = 1.0
        if fig.rule_subject is None:
            f["rule_none"] = 1.0
        elif c.canonical == fig.rule_subject:
            f["rule"] = 1.0
            f["rule_conf"] = fig.rule_conf
            f[rule_how] = 1.0
        elif c.source in _PROSE_ONLY and c.canonical.startswith(fig.rule_subject + " "):
            f["rule_owner"] = 1.0  # "Samsung Electronics", "its software segment" for "Samsung"
        if fig.listed and c.canonical == fig.previous:
            f["previous_listed"] = 1.0  # "4,500 TFLOPS of FP8, 9,000 TFLOPS of FP4 and 192 GB"
        if text[c.end:c.end + 1] in ("'", "’"):
            m = _OWNS_NAME.match(text, c.end)
            if m and m.end() in cand_starts:
                f["owner_of_name"] = 1.0
        if canon_counts[c.canonical] > 1:
            f["repeated_here"] = 1.0
        if lead is not None:
            f["bullet"] = 1.0
            if c_line == fig_line and before and rank_on_line[ci] == 0:
                f["bullet_own"] = 1.0  # "• Airbus A350-1000 – 480 seats": the bullet's own name
            if c_line == lead:
                f["list_lead"] = 1.0
                if c is lead_first:
                    f["list_lead_first"] = 1.0
        if fig.in_table:
            f["table"] = 1.0
            if c_line < fig_line:
                f["table_header_line"] = 1.0
            elif c_line == fig_line and before:
                f["table_row_label"] = 1.0
        if line_figures >= 2 and c_line < fig_line:
            # a header over a row of figures: the name in the figure's column
            k = rank_on_line[ci]
            if k == column:
                f["column_same"] = 1.0
            elif k == column - 1:
                f["column_next"] = 1.0
            if names_on_line[c_line] >= 2:
                f["column_header"] = 1.0
            if names_on_line[c_line] in (line_figures, line_figures + 1):
                f["column_count"] = 1.0
            if pipe_col and text.count("|", ctx.line_starts[c_line], c.start) == pipe_col:
                f["pipe_same"] = 1.0
        out.append(f)
    for f, g in zip(out, table_features(ctx, fig, cands)):
        if "tab_outside" not in g and g:
            for k in _PROSE_PLACE:   # in a table, where a name stands is said by tab_*
                f.pop(k, None)
        f.update(g)
    for i, g in grammar_cues_of(text, s0, s1, fig, cands,
                                ctx.memo.setdefault("grammar cues", {})).items():
        out[i].update(g)
    return out


def _name_places(ctx: Context, cands: list[Candidate]) -> list[tuple[int, int]]:
    """(line, sentence) of each candidate's start, read once per document."""
    memo = ctx.memo.setdefault("name places", {})
    out = []
    for c in cands:
        place = memo.get(c.start)
        if place is None:
            place = memo[c.start] = (ctx.line_of(c.start), ctx.sentence_of(c.start))
        out.append(place)
    return out


def _sentence_place(ctx: Context, at: int, s0: int) -> tuple[bool, bool]:
    """Whether a name at `at` opens its sentence (which starts at `s0`) and whether a
    parenthesis is open before it there, read once per name."""
    memo = ctx.memo.setdefault("sentence places", {})
    key = (at, s0)
    if key not in memo:
        memo[key] = (bool(_SENTENCE_START.match(ctx.text, s0, at)),
                     bool(_PAREN_OPEN.search(ctx.text[max(s0, at - 60):at])))
    return memo[key]


@dataclass
class Model:
    """A trained pairwise linear scorer: weights by feature name (a candidate's score is the sum
    of the weights of its features), and the share of the probability below which the best
    candidate is not trusted."""
    weights: dict[str, float]
    bias: float
    threshold: float
    version: str
    # below this lead (log-odds) of the best candidate over the best different thing, the
    # figure keeps no subject: a wrong product is worse than a missing one
    margin: float = 0.0

    @classmethod
    def from_dict(cls, data: dict) -> "Model":
        try:
            return cls({str(k): float(v) for k, v in data["weights"].items()}, 0.0,
                       float(data["threshold"]), str(data["version"]),
                       float(data.get("margin", 0.0)))
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise ExtractError(f"attachment model: missing or bad field ({e}); "
                               "run `claims train` to write a new one") from None

    def score(self, f: dict[str, float]) -> float:
        """How much likelier this candidate is than another (a log-odds scale)."""
        # sum([w.get(k, 0.0) * v for k, v in f.items() if v]), without a loop in Python: a
        # feature of value 0 adds +0.0 or -0.0, which leaves every sum as it is (a sum that
        # starts at 0 is never -0.0), so the terms and their order, and the sum, are the same
        return sum(map(_mul, map(self.weights.get, f, _ZEROS), f.values()))


_ZEROS = repeat(0.0)


@lru_cache(maxsize=4)
def load_model(path: str = "") -> Model | None:
    """The shipped model (extract/model/attach.json), or the one at `path`; "none" for none."""
    if path == "none":
        return None
    try:
        if path:
            raw = Path(path).read_text(encoding="utf-8")
        else:
            raw = resources.files("extract").joinpath("model", MODEL_FILE).read_text(
                encoding="utf-8")
    except OSError as e:
        raise ExtractError(f"attachment model {path or MODEL_FILE}: {e.strerror or e}") \
            from None
    try:
        return Model.from_dict(json.loads(raw))
    except json.JSONDecodeError as e:
        raise ExtractError(f"attachment model {path or MODEL_FILE}: not JSON ({e})") from None


def choose(model: Model | None, cands: list[Candidate], feats: list[dict],
           abstain: bool = True, in_table: bool = False) -> tuple[Candidate | None, float]:
    """The best candidate and its probability among the candidates (softmax of the scores);
    None when that probability is below the model's threshold. `in_table`: the figure is a
    table's cell, where a place heading its row or column owns it (a share by country)."""
    if model is None or not cands:
        return None, 0.0
    scores = [model.score(f) for f in feats]
    best = max(range(len(cands)), key=scores.__getitem__)
    top = scores[best]
    p = 1.0 / sum(math.exp(max(-50.0, s - top)) for s in scores)
    if p < model.threshold:
        return None, p
    if cands[best].type == "place" and not feats[best].get("place_actor") and not in_table:
        # in prose, a pack's place says where a figure was counted, not whose it is ("sales in
        # China"), unless it acts ("China imported ..."): when one wins, no candidate owns the
        # figure (a beat whose figures are a place's own types it otherwise, as a "city")
        return None, min(p, model.threshold)
    if model.margin > 0 and abstain:
        rivals = [s for c, s in zip(cands, scores) if not _same_thing(c, cands[best])
                  and (c.is_product or cands[best].is_product)]
        if rivals and top - max(rivals) < model.margin:
            return None, p  # two different things score alike: say neither
    return cands[best], p


def _same_thing(a: Candidate, b: Candidate) -> bool:
    """One name of the same thing, or one inside the other ("Samsung", "Samsung Electronics")."""
    x, y = a.canonical.lower().split(), b.canonical.lower().split()
    short, long_ = (x, y) if len(x) <= len(y) else (y, x)
    return long_[:len(short)] == short


def rerank(claims: list[dict], ranking: list, model: Model, entities: dict) -> None:
    """Give each claim the subject the model ranks first (`ranking` holds each claim's figure,
    candidates and features, in claim order); `entities` are the pack's, by canonical name."""
    for claim, (fig, cands, feats) in zip(claims, ranking):
        best, p = choose(model, cands, feats, abstain=not fig.in_table, in_table=fig.in_table)
        if best is not None and best.written:   # "It" stands for "CloudMatrix 384"
            claim["subject_text"] = best.written
        old = entities.get(claim["subject"]) if claim["subject"] else None
        claim["confidence"] = round(min(claim["confidence"], 0.9) * p if best is None else
                                    0.3 + 0.7 * p, 3)
        if best is None:
            claim["subject"] = claim["subject_text"] = claim["subject_family"] = None
        elif best.canonical != claim["subject"]:
            claim["subject"], claim["subject_text"] = best.canonical, best.written or best.text
            entity = entities.get(best.canonical)
            claim["subject_family"] = entity.variant_of if entity is not None else None
        else:
            continue
        quals = claim["qualifiers"]
        for k, v in (old.qualifiers.items() if old is not None else ()):
            if quals.get(k) == v:  # a form factor the old subject's name stated
                del quals[k]
        entity = entities.get(claim["subject"]) if claim["subject"] else None
        for k, v in (entity.qualifiers.items() if entity is not None else ()):
            quals.setdefault(k, v)


# -- candidates from the text's shape: described things, proper names, who speaks -------------
# What a possessive owns: "ByteDance's custom inference chip", "its infrastructure software
# segment", "the company's prompt caching". The phrase ends before a function word or a verb.
_OWNED = re.compile(r"['’]s?\s+(?P<words>(?>(?:(?:[a-z][a-z-]*|AI|GPU|API|EV)\s+){0,3}"
                    r"(?:[a-z][a-z-]*|AI|GPU|GPUs|API|EV|EVs)))(?![\w-])(?!\s+[A-Z])")
_HER_OWNER = prefixed(re.compile(
    r"(?<![\w-])(?:[Ii]ts|[Tt]heir|[Tt]he\s+(?:company|firm|group)['’]s)\s+"
    r"(?P<words>(?>(?:(?:[a-z][a-z-]*|AI|GPU|API)\s+){0,3}"
    r"(?:[a-z][a-z-]*|AI|GPU|GPUs|API)))(?![\w-])(?!\s+[A-Z])"))
# words that end a described thing: function words, auxiliaries, common verbs of figures
_PHRASE_STOP = set("""a an the of in on at to for from with by as and or but than that which who
whose this these those its their it is are was were be been being has have had will would can
could may might should must do does did not no so if when while where about around over under
into onto per up down out off after before since until via against between among within
across through during also only just still even now then there here more most less least very
much many some any each every all both either neither such own
costs cost grew grow grows rose rise rises fell fall falls reached reach reaches hit hits tops
topped delivers delivered offers offered holds held draws drew uses used needs needed runs ran
shipped ships sold sells made makes raised raises spent spends earned earns posted posts
reported reports expects expected plans planned aims aimed said says told jumped surged
climbed dropped doubled tripled increased decreased declined gained lost added accounts
accounted stands stood came comes went goes got gets took takes put puts saw sees set sets
started starts began begins""".split())
_THING_NOT = set("""revenue revenues sales share shares profit profits income loss losses price
prices cost costs capex spending spend investment investments valuation value worth funding
growth margin margins output production capacity demand supply market stake stock earnings
budget guidance forecast estimate estimates performance speed bandwidth memory power
efficiency latency throughput yield yields volume volumes orders order shipments exports
imports purchases payments contract contracts deal deals agreement rate rates count number
total lead position ranking rank score backing plan plans goal target targets way ability
own first second third latest next new previous last owners owner customers users employees
shareholders investors executives staff workers founder founders engineers clients partners
rivals competitors peers chief boss parent ambition ambitions inventory launch launches event
events conference briefing debut announcement report reports statement results call
presentation keynote website blog filing ipo listing offering round""".split())
_TITLES = (r"President|CEO|Chairman|Chairwoman|chairman|founder|co-founder|analyst|Analyst|"
           r"Mr\.?|Ms\.?|Mrs\.?|Dr\.?|Minister|Secretary|executive|chief|spokesperson|spokesman|"
           r"spokeswoman|professor|Professor|director|Director|officer|Senator|Governor|economist|"
           r"researcher|engineer|investor|partner|Rep\.|Sen\.|Gov\.|Prof\.|head|CFO|CTO|COO")
_PERSON = re.compile(
    rf"(?:(?<![\w-])(?:{_TITLES})\s+(?P<a>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{0,2}}))|"
    r"(?:(?<![\w'’-])(?P<b>[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z]+)(?:,\s+(?:who|the|a|an)\b|"
    r"\s+(?:said|says|told|notes|noted|wrote|writes|added|adds|explained|argued|stated|warned|"
    r"believes|thinks)\b))")
# where _PERSON's matches can begin: a title, a name before a speech verb or ", who"
_TITLED = prefixed(re.compile(rf"(?<![\w-])(?:{_TITLES})\s+[A-Z][a-z]"))
_SAID = prefixed(re.compile(r"(?<![\w-])(?:said|says|told|notes|noted|wrote|writes|added|adds|"
                            r"explained|argued|stated|warned|believes|thinks)\b"))
_COMMA_CUE = re.compile(r",\s+(?:who|the|a|an)\b")
_SPEECH_AFTER = re.compile(r"['’]?s?\s*(?:,\s*)?(?:also\s+)?(?:said|says|told|notes|noted|wrote|"
                           r"writes|added|adds|explained|argued|stated|warned|reports?|reported|"
                           r"estimates?|estimated|data|analysts?|research)\b")
# "..., Acme Daily and Beta News report." (a company that "said" a figure may own it)
_REPORTS_AFTER = re.compile(r"\s+(?:report|reports|reported)(?=\s*[.,;:]|\s+that\b)")
# a word every match of _SOURCE_LEAD holds ("as per" holds "per", "cited by" "by"), and of
# attach._SOURCE_BEFORE in lower case: a window without one is passed without a search
_SOURCE_LEAD_WORDS = ("by", "per", "via", "citing", "cited", "told", "according")
_SOURCE_BEFORE_WORDS = ("according", "analyst", "researcher", "economist", "strategist", "data",
                        "report", "estimate", "survey", "research", "cited")
_FOLDS_TO_ASCII = attach._FOLDS_TO_ASCII


def _source_lead(text: str, at: int) -> bool:
    """_SOURCE_LEAD.search(text, at - 50, at): a source named before `at` ("according to")."""
    a = max(0, at - 50)
    return any(map(text[a:at].__contains__, _SOURCE_LEAD_WORDS)) and \
        _SOURCE_LEAD.search(text, a, at) is not None


def _source_before(text: str, at: int) -> bool:
    """attach._SOURCE_BEFORE.search(text, at - 40, at) (it ignores case: in lower case, or
    searched when the window holds a letter beyond ASCII that matches an ASCII one)."""
    a = max(0, at - 40)
    window = text[a:at]
    if window.isascii() or not _FOLDS_TO_ASCII.intersection(window):
        if not any(map(window.lower().__contains__, _SOURCE_BEFORE_WORDS)):
            return False
    return attach._SOURCE_BEFORE.search(text, a, at) is not None


# a label ("IPO Approval:"), another spelling in a name's parenthesis ("Moore Threads (Mo'er
# Xiancheng ...)")
_ALIAS_PAREN = re.compile(r"[A-Za-z0-9]\s*\((?:[\w’'.-]+\s+){0,2}$")
_SOURCE_LEAD = re.compile(r"(?:according\s+to|as\s+per|per|via|citing|cited\s+by|reported\s+by|"
                          r"told|by)\s+(?:the\s+)?(?:(?:[A-Z][\w.&-]*|&)\s+){0,3}$")
_PROPER = re.compile(
    # (the lookbehind after the first capital, which it also reads: the same matches, found
    # faster, since the engine skips to a capital before trying the rest)
    r"(?P<name>[A-Z](?<![\w$€£¥.'’/-][A-Z])[\w&.-]*[A-Za-z0-9](?:\s+(?:[A-Z][\w&-]*[A-Za-z0-9]|"
    r"\d[\w.-]*-[\w.-]*\d\w*|[A-Z](?![\w'’]))){1,3})(?![\w-])")
_COMPONENT_WORDS = set("""bandwidth link links switch switches interface bus port ports cores core
lanes lane fabric connection connections connectivity interconnect memory stacks stack cache
architecture process node nodes die dies chiplet chiplets transistors packaging standard
protocol support compatibility generation""".split())


def described_names(text: str, mentions: list[Mention], lines: dict | None = None
                    ) -> list[Candidate]:
    """Things named by description after an owner: "ByteDance's custom inference chip" ->
    "ByteDance custom inference chip"; "its infrastructure software segment" and "the
    company's ..." take the nearest company named before. Not a figure of the owner ("Huawei's
    revenue"), only a thing. `lines` keeps which lines are prose (_prose_line)."""
    out = []
    owners = [m for m in mentions if m.type in ("company", "group", "place", "name")]
    companies = [m for m in mentions if m.type == "company"]
    company_ends = [m.end for m in companies]
    for m in owners:
        hit = _OWNED.match(text, m.end)
        if hit is None or not _prose_line(text, m.start, lines):
            continue
        words = _thing_words(hit["words"].split())
        if words and not _FIGURE_NEXT.match(text, hit.start("words") + len(" ".join(
                hit["words"].split()[:len(words)]))):
            name = " ".join([m.canonical, *words])
            out.append(Candidate(m.start, hit.start("words") + len(" ".join(
                hit["words"].split()[:len(words)])), f"{m.text}'s {' '.join(words)}", name,
                _thing_type(words), "described", True))
    for hit in _HER_OWNER.finditer(text):
        i = bisect.bisect_right(company_ends, hit.start()) - 1
        if i < 0 or hit.start() - companies[i].end > 600 or \
                not _prose_line(text, hit.start(), lines):
            continue
        words = _thing_words(hit["words"].split())
        if not words:
            continue
        owner = companies[i]
        end = hit.start("words") + len(" ".join(hit["words"].split()[:len(words)]))
        if _FIGURE_NEXT.match(text, end):
            continue   # "its entry 80 GB card": a modifier of what the figure measures
        out.append(Candidate(hit.start(), end, text[hit.start():end],
                             " ".join([owner.canonical, *words]), _thing_type(words),
                             "described", True))
    return out


_GLUED = re.compile(r"[a-z][A-Z]\d|\d[A-Z][a-z]")
_FIGURE_NEXT = re.compile(r"\s+[\d$€£¥]")


def _prose_line(text: str, at: int, lines: dict | None = None) -> bool:
    """Is the line around `at` prose (a share of lowercase words), not a flattened table?
    `lines` keeps the answer by the line's start, for one text (a line is read once, not once
    per name on it)."""
    a = text.rfind("\n", 0, at) + 1
    if lines is not None and a in lines:
        return lines[a]
    b = text.find("\n", at)
    # the first letters of its words (the matches of _WORD), and those in lower case
    firsts = "".join(_WORD_FIRST.findall(text, a, min(a + 600, b if b >= 0 else len(text))))
    prose = len(firsts) >= 4 and len(firsts.translate(_NO_CAPITALS)) >= 0.4 * len(firsts)
    if lines is not None:
        lines[a] = prose
    return prose


_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_WORD_FIRST = re.compile(r"([A-Za-z])[\w'’-]*")   # (_WORD, giving each word's first letter)
_NO_CAPITALS = str.maketrans("", "", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _thing_words(words: list[str]) -> list[str]:
    """The words of a described thing, cut at the first function word or verb; none when the
    head is a figure's own word ("revenue", "share")."""
    kept = []
    for w in words:
        if w.lower() in _PHRASE_STOP or _LY_WORD.fullmatch(w):
            break
        kept.append(w)
    if any(w.lower() in _THING_NOT for w in kept):
        return []  # a figure's own word: "its training speed", "Huawei's revenue"
    while kept and (kept[-1].lower() in _PHRASE_STOP or _ED_WORD.fullmatch(kept[-1])):
        kept.pop()
    if not kept:
        return []  # a figure's own word: "its training speed", "Huawei's revenue"
    return kept


def _thing_type(words: list[str]) -> str:
    head = words[-1].lower().rstrip("s")
    if head in ("segment", "division", "unit", "business", "arm", "subsidiary"):
        return "unit"
    if head in ("chip", "processor", "accelerator", "gpu", "asic", "card", "npu"):
        return "chip"
    return "thing"


def proper_names(text: str, mentions: list[Mention], persons: set | None = None,
                 lines: dict | None = None) -> list[Candidate]:
    """Names of two to four capitalised words or codes the pack does not know ("Boeing
    787-10", "Nissan Leaf", "Samsung Electronics", "Tesla Model S"); a name that only
    lengthens a mention ("Samsung" -> "Samsung Electronics") counts, one inside a mention not."""
    spans = sorted((m.start, m.end) for m in mentions)
    starts = [s for s, _ in spans]
    persons = person_words(text) if persons is None else persons
    out = []
    for hit in _PROPER.finditer(text):
        a, b = hit.span("name")
        words = hit["name"].split()
        while len(words) > 1 and (words[0] in _PROPER_LEAD or _TITLE_WORD.fullmatch(words[0])):
            a += len(words[0]) + 1
            a = text.index(words[1], a - 1) if words[1] in text[a - 1:b] else a
            words = words[1:]
        if len(words) < 2 or all(w.isupper() and len(w) <= 4 for w in words) or \
                _NOT_CODES.match(words[0]) and not words[0][:1].isdigit() or \
                _LETTERS_CODE.fullmatch(words[-1]) and _NOT_CODES.match(words[-1]) or \
                all(w in persons for w in words[-2:]) or \
                any(_GLUED.search(w) for w in words) or text.startswith(":", b) or \
                not _prose_line(text, a, lines):
            continue  # a label ("Leadership Structure:"), a glued table cell
        i = bisect.bisect_left(starts, b)
        inside = False
        for s, e in spans[max(0, i - 6):i]:
            if s <= a and b <= e or (s < b and a < e and not (s == a and e < b)):
                inside = True  # within a mention, or crossing one's edge
        if inside:
            continue
        cut = next((k for k, w in enumerate(words) if k and w in _NOT_SUBJECTS), len(words))
        if cut < len(words):  # "Nvidia H800 GPUs": the name ends before a common word
            words = words[:cut]
            b = a + len(" ".join(words)) if text.startswith(" ".join(words), a) else b
            if len(words) < 2:
                continue
        name = " ".join(words)
        coded = any(ch.isdigit() for ch in name)
        if not coded and not any(s == a and e < b for s, e in spans[max(0, i - 6):i]):
            continue  # a code names a product; else only a mention made longer
        out.append(Candidate(a, b, name, name, "product" if coded else "proper", "proper"))
    return out


_TITLE_WORD = re.compile(_TITLES + r"|Chief|Economist|Executive|Officer|Founder")
_PROPER_LEAD = (_LEAD_WORDS - {"New"}) | {
    "If", "But", "When", "While", "After", "Before", "Since", "Although", "Despite",
    "Unlike", "Like", "According", "Under", "Over", "Through", "Across", "From",
    "Last", "Next", "This", "That", "These", "Those", "Why", "How", "What", "Where"}


def person_words(text: str) -> set[str]:
    """Capitalised words the text uses as a person's name: after a title ("President Trump",
    "analyst Austin Lyons") or before "said"/"told"/", who" ("Jensen Huang said")."""
    out = set()
    for m in _persons(text):
        name = m["a"] or m["b"]
        words = [w for w in name.split() if w not in _NOT_SUBJECTS_SHORT]
        if m["b"] and len(words) < 2:
            continue
        out.update(words)
    return out


_NOT_SUBJECTS_SHORT = {"The", "A", "An", "In", "On", "At", "And", "But", "Or", "It", "This"}


def _persons(text: str):
    """The matches of _PERSON.finditer(text), tried only where one can begin: where a title
    may begin, and at the one or two names that can stand before a speech verb or ", who"
    (read back from the verb)."""
    if not isinstance(_TITLED, Prefixed) or not isinstance(_SAID, Prefixed):
        return _PERSON.finditer(text)
    starts = set(_TITLED.starts(text))   # every place a title may begin
    ends = [m.start() for m in _COMMA_CUE.finditer(text)]
    for m in _SAID.finditer(text):
        e = m.start()
        while e > 0 and text[e - 1].isspace():
            e -= 1
        if e < m.start():
            ends.append(e)
    for e in ends:   # the name before: "Jensen Huang", "Lisa T. Su"
        w2 = _capital_word_start(text, e)
        j = w2
        while j > 0 and text[j - 1].isspace():
            j -= 1
        if w2 < 0 or j == w2:
            continue
        firsts = [j]
        if j >= 2 and text[j - 1] == "." and "A" <= text[j - 2] <= "Z":
            k = j - 2
            while k > 0 and text[k - 1].isspace():
                k -= 1
            if k < j - 2:
                firsts.append(k)
        for end in firsts:
            a = _capital_word_start(text, end)
            if a >= 0:
                starts.add(a)
    return matches_at(_PERSON, text, sorted(starts))


def _capital_word_start(text: str, end: int) -> int:
    """Where a word of a capital and lowercase letters ([A-Z][a-z]+) ending at `end` starts;
    -1 when none ends there."""
    i = end
    while i > 0 and "a" <= text[i - 1] <= "z":
        i -= 1
    return i - 1 if 0 < i < end and "A" <= text[i - 1] <= "Z" else -1


def shape_cues(ctx: "Context", c: Candidate) -> dict[str, float]:
    """What the text's shape says a candidate is: a person, a source, a technology used as a
    modifier ("NVLink bandwidth"), a common word capitalised ("Employment"), named only in the
    headline."""
    f = {}
    text = ctx.text
    words = c.text.replace("'s", "").split()
    if words and ctx.persons and all(w in ctx.persons for w in words[-2:]) and \
            c.source in ("plain", "proper", "shape"):  # (companies speak too)
        f["person"] = 1.0
    if _SPEECH_AFTER.match(text, c.end):
        f["speaker"] = 1.0
    if _source_lead(text, c.start):
        f["source_lead"] = 1.0
    nxt = _NEXT_WORD.match(text[c.end:c.end + 30])
    if nxt and (nxt.group(1) in _COMPONENT_WORDS or nxt.group(1) in ctx.metric_words):
        f["modifier"] = 1.0
    if c.type in ("interconnect", "software"):
        f["t_" + c.type] = 1.0
    if len(words) == 1 and c.text[:1].isupper() and c.text.lower() in ctx.lower_words:
        f["common_word"] = 1.0
    if c.canonical in ctx.headline and ctx.body_counts.get(c.canonical, 0) == 0 and \
            "\n" in text.strip():
        f["headline_only"] = 1.0
    if c.source == "proper":
        f["t_proper"] = 1.0
    if "a" <= c.text[:1] <= "z" and _DIGIT.search(c.text):   # (a code in lower case)
        f["lower_code"] = 1.0
    return f


# -- joint subjects: "SoftBank and OpenAI each put in $9 billion" ----------------------------
_PAIR_GAP = re.compile(r"\s*,?\s+and\s+(?:the\s+|its\s+|their\s+)?|\s*/\s*|\s+&\s+")
_CLAUSE_OPENS = re.compile(r"(?:^|[.;:!?]\s+|\n\s*(?:[-*•]\s*)?|,\s+(?:while|and|but|whereas)\s+|"
                           r"\b[Bb]oth\s+)(?:the\s+)?$")
_SENTENCE_END = re.compile(r"[.!?]\s|\n")


def joint_claims(text: str, claims: list[dict], ranking: list) -> list[dict]:
    """One figure given to two owners named together as the clause's subject ("A and B have
    each pledged $18 billion", "Both the X and the Y feature 288 GB"): the gold sets count a
    claim per owner, so the second owner gets a copy of the claim."""
    extra = []
    for claim, (fig, cands, _) in zip(claims, ranking):
        if claim["in_table"] or not claim["subject"]:
            continue
        left = [c for c in cands if c.end <= fig.start and fig.start - c.start < 300 and
                c.source != PHRASE]
        for a, b in zip(left, left[1:]):
            if claim["subject"] not in (a.canonical, b.canonical) or _same_thing(a, b) or \
                    not _PAIR_GAP.fullmatch(text, a.end, b.start):
                continue
            between = text[b.end:fig.start]
            lead = text[max(0, a.start - 40):a.start]
            if _SENTENCE_END.search(between) or len(between) > 120 or \
                    any(b.end <= c.start < fig.start for c in cands if c is not b) or \
                    not _CLAUSE_OPENS.search(lead) or _RESPECTIVE.search(text, fig.end,
                                                                         fig.end + 80):
                continue
            if any(o is not claim and not o["in_table"] and o["kind"] == claim["kind"] and
                   b.end <= o["start"] < fig.start + 200 and o["start"] != claim["start"] and
                   o["subject"] in (a.canonical, b.canonical) and
                   o["subject"] != claim["subject"] for o in claims):
                continue  # "A and B carry 80 and 141 GB": a list, one figure each
            other = b if claim["subject"] == a.canonical else a
            extra.append(dict(claim, subject=other.canonical, subject_text=other.text,
                              subject_family=None, qualifiers=dict(claim["qualifiers"])))
            break
    return extra


_RESPECTIVE = re.compile(r"^[^.]{0,80}\brespectively\b")


def headline_echoes(text: str, claims: list[dict]) -> None:
    """A headline's figure said again in the body is the body's figure: it takes the subject
    and metric the body's sentence gives it ("Baidu switches on a 30,000-chip Kunlun cluster"
    over "Baidu showed a cluster of 30,000 chips"), not a name the headline made up."""
    first = text.find("\n")
    if first < 0 or first > 300 or _ENDS_SENTENCE.search(text[:first]):
        return  # a first line that ends as a sentence is no headline
    body = [c for c in claims if c["start"] > first and c["subject"]]
    for c in claims:
        if c["start"] >= first or c["in_table"] or c["kind"] in ("percent", "ratio"):
            continue  # (a share or a factor recurs by chance)
        same = next((b for b in body if b["kind"] == c["kind"] and _same_value(b, c)), None)
        if same is not None:
            c["subject"], c["subject_text"] = same["subject"], same["subject_text"]
            c["subject_family"], c["metric"] = same["subject_family"], same["metric"]


def _same_value(a: dict, b: dict) -> bool:
    x, y = (a["value"], a["low"], a["high"]), (b["value"], b["low"], b["high"])
    return all((p is None and q is None) or (p is not None and q is not None and
               abs(p - q) <= 0.005 * max(abs(p), abs(q))) for p, q in zip(x, y))


# "ByteDance has teamed up with Samsung on a custom chip for AI inference": a thing the
# sentence's subject makes, buys or runs, named by description
_MADE_THING = re.compile(
    r"(?<![\w-])(?:an?|its|their|its\s+own|their\s+own)\s+"
    r"(?P<words>(?:(?:[a-z][a-z-]+|AI)\s+){0,3}?)"
    r"(?P<noun>chip|processor|accelerator|ASIC|GPU|NPU|supercomputer|cluster|data\s+cent(?:er|re)"
    r"|server|model)(?![\w-])"
    r"(?:\s+for\s+(?P<use>(?:AI\s+)?[a-z][a-z-]+(?:\s+[a-z][a-z-]+)?))?")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])|\n+")


def made_things(text: str, mentions: list[Mention]) -> list[Candidate]:
    """A thing described with an article after the company that opens the sentence: "X is
    building a custom chip", "X has teamed up with Y on a custom chip for AI inference" ->
    "X custom AI inference chip". A bare noun ("a chip") names nothing."""
    companies = [m for m in mentions if m.type == "company"]
    starts = [m.start for m in companies]
    out = []
    pos = 0
    for part in split_at_breaks(_SENTENCE_SPLIT, text):
        s0 = text.find(part, pos)
        s1 = s0 + len(part)
        pos = s1
        if "chip" not in part and not any(w in part for w in ("processor", "accelerator", "ASIC",
                                                              "cluster", "server", "model",
                                                              "GPU", "NPU", "supercomputer",
                                                              "data cent")):
            continue
        i = bisect.bisect_left(starts, s0)
        if i >= len(companies) or companies[i].start >= s1 or \
                not _OPENS_CLAUSE.search(text[s0:companies[i].start]):
            continue  # only the company that opens the sentence
        owner = companies[i]
        for m in _MADE_THING.finditer(text, owner.end, s1):
            words = [w for w in m["words"].split() if w.lower() not in _DROP_DESCRIBED]
            use = m["use"].split() if m["use"] else []
            while use and use[-1] in _PHRASE_STOP:
                use.pop()
            if not words and not use or any(w.lower() in _PHRASE_STOP for w in words):
                continue
            noun = " ".join(m["noun"].split())
            name = " ".join([owner.canonical, *words, *use, noun])
            out.append(Candidate(m.start(), m.end(), m.group(0), name,
                                 "chip" if noun in ("chip", "processor", "accelerator", "ASIC",
                                                    "GPU", "NPU") else "system"
                                 if noun != "model" else "model", "described", True))
    return out


_OPENS_CLAUSE = re.compile(r"^[\s\"“*•-]*(?:[Tt]he\s+)?$|"
                           r"\b(?:said|says|reported|that)\s+(?:the\s+)?$")
_DROP_DESCRIBED = {"new", "own", "first", "latest", "next-generation", "newest"}


# figures in tables ----------------------------------------------------------------------------
# A figure in a table takes its owner from the table's shape: the name over its column, the
# name that labels its row, or (in a table of one thing) the caption. The candidates below are
# the names in those cells (a header cell that names nothing the pack or the shape finder knows
# is a candidate by its own text), and the features say where each stands and whether the other
# header names a measure (then the table runs its things the other way).
_THING_TYPES = {"chip", "system", "model", "product", "company", "name", "group", "unit"}
_EMPTY_CHUNK = re.compile(r"^(?:\?|N/?A|n/?a|-|—|–|TBD|tbd)[*†‡]?$")
_FOOTNOTE = re.compile(r"[*†‡]*")
_BARE_CHUNK = re.compile(r"[-+\u2212]?\d[\d,]*(?:\.\d+)?%?")
_CHUNK_LEAD = re.compile(r"[~≈$€£¥+\-\u2212]*")
_NAME_GAP = re.compile(r"^[\s|,/]*$")
_SENTENCE_GAP = re.compile(r"[a-z)][.;!:,][\s\"”]")   # a word ending a clause
_ROW_GAP = re.compile(r"^[\s|:#.\d]*$")   # a rank or a colon between a row's name and figures
_LABEL_WORDS = re.compile(r"(?:(?<![\w-])[A-Z][\w&.+-]*\s+){1,3}$")
_CELL_NAME = re.compile(r"[A-Za-z]")
# what ends a label but is no part of the name: "Acme X2 (2024): ", "Acme X2 – ", "~", "about"
_LABEL_TAIL = re.compile(r"(?:\s*\([^()]*\))?[\s:;,–—-]*(?:~|≈|about|around|up to|nearly)?\s*$",
                         re.I)


# where a name stands in prose; for a name in a figure's table, table_features says it instead
_PROSE_PLACE = ("sent_0", "sent_1", "sent_2p", "sent_after", "same_line", "log_lines",
                "log_words", "adjacent", "before", "nearest_left", "nearest_right",
                "first_in_sentence", "nearest_left_free", "nearest_left_product",
                "only_in_sentence", "opens_sentence", "table_row_label", "table_header_line",
                "column_same", "column_next", "column_header", "column_count", "pipe_same",
                "clause_break", "possessive", "in_paren", "own_paren")


@dataclass
class TablePlace:
    """The cells that may name a table figure's owner, as spans of the text."""
    col: list[tuple[int, int]]          # the header cell(s) over its column
    row: tuple[int, int] | None         # its row's label
    caption: tuple[int, int] | None     # the table's title or the line before it
    span: tuple[int, int]               # the table, headers included
    row_text: str = ""
    col_text: str = ""
    columns: int = 0                    # how many columns the table has
    corner: str = ""                    # the header cell over the row labels
    cell: tuple[int, int] | None = None  # the figure's own cell


def table_place(ctx: Context, fig: Figure) -> TablePlace | None:
    """Where the figure stands in a table: a cell of a pipe or one-cell-a-line table (read by
    extract.tables), else a run of figures aligned in columns on its line ("Power 300W 550W
    400W" under a line of as many names); None in prose."""
    cache = ctx.memo.setdefault("table places", {})
    if fig.start not in cache:
        cache[fig.start] = _cell_place(ctx.text, fig.start) or _aligned_place(ctx, fig) or \
            _list_place(ctx, fig)
    return cache[fig.start]


def _cell_place(text: str, at: int) -> TablePlace | None:
    from .tables import place_of
    p = place_of(text, at)
    if p is None:
        return None
    t = p.table
    head_start = min([c.start for r in t.head for c in r[:1]] + [t.start])
    return TablePlace([(c.start, c.end) for c in p.col_head],
                      (p.row_label.start, p.row_label.end) if p.row_label else None,
                      t.title_span, (head_start, t.end),
                      p.row_label.text if p.row_label else "",
                      " ".join(c.text for c in p.col_head), max(len(p.table.header),
                                                                len(t.rows[p.row])),
                      t.column_header(0), (p.cell.start, p.cell.end))


def _columns(ctx: Context, line_a: int, line_b: int, skip: bool = True
             ) -> list[list[tuple[int, int, list[int]]]]:
    """The runs of figures aligned in columns on one line: each run a list of columns (start,
    end, indices of the figures in it). A column is one figure with its unit ("197 TFLOPs"),
    figures glued in one cell ("156/312*"), an empty cell ("?", "N/A") or a number read as no
    figure ("3,87"); a word ends the run, and so does a second word after a figure (the next
    row's label read as the figure's unit: "40 FP8 TFLOPS 80 160").

    With no run open, the words before the next figure change nothing but the empty cells and
    bare numbers right before it, so `skip` passes the others at once (a prose line is mostly
    such words); skip=False reads every word (the same runs, slower: tests compare the two)."""
    text, starts, ends = ctx.text, ctx.figure_starts, ctx.figure_ends
    k = bisect.bisect_left(starts, line_a)
    runs: list = []
    run: list = []
    last_end, tail = -1, 0

    def close() -> None:
        while run and run[-1][2] is None:
            run.pop()          # a number after the run is the next row's rank ("5 Acme")
        if _full(run):
            runs.append([(x, y, ks or []) for x, y, ks in run])

    pos = line_a
    while True:
        if skip and not run:
            while k < len(starts) and starts[k] < pos:
                k += 1
            if k == len(starts) or starts[k] >= line_b:
                break          # no figure left on the line: no run can hold two
            pos = _chunks_before(text, pos, starts[k])
        m = _CHUNK.search(text, pos, line_b)
        if m is None:
            break
        a, b = m.span()
        pos = b
        while k < len(starts) and starts[k] < a:
            k += 1
        here = []
        while k < len(starts) and starts[k] < b:
            here.append(k)
            last_end = max(last_end, ends[k])
            k += 1
        if here:
            if not (_CHUNK_LEAD.fullmatch(text, a, starts[here[0]]) and
                    (b <= last_end or _FOOTNOTE.fullmatch(text, last_end, b))):
                run = []   # glued to words ("Y/YSales ($M)$1,210$980Up"): no clean cell
                last_end = -1
                continue
            run.append((a, b, here))
            tail = 0
        elif run and a < last_end:
            tail += 1
            if tail > 1:             # a second word: the next row's label
                close()
                run = []
            elif not (b <= last_end or _FOOTNOTE.fullmatch(text, last_end, b)):
                run = []             # the figure glued to a word ("96 GB)Price")
        elif _EMPTY_CHUNK.match(m.group(0)):
            run.append((a, b, []))
        elif _BARE_CHUNK.fullmatch(m.group(0)):
            run.append((a, b, None))
        else:
            close()
            run = []
    close()
    return runs


_CHUNK = re.compile(r"\S+")


def _chunks_before(text: str, pos: int, at: int) -> int:
    """Where to read on from, at `pos` with no run open and the next figure at `at`: the
    first of the empty cells and bare numbers that stand right before the figure's chunk
    (the words before them close a run that holds no figure: they change nothing), else the
    start of the chunk that holds the figure."""
    parts = text[pos:at].split()   # (str.split and the regex's \s: the same whitespace)
    resume = at
    if parts and not text[at - 1].isspace():
        resume -= len(parts.pop())   # the figure's chunk starts before it ("$5", "~40")
    for part in reversed(parts):
        if not (_EMPTY_CHUNK.match(part) or _BARE_CHUNK.fullmatch(part)):
            break
        resume = text.rfind(part, pos, resume)
    return resume


def _full(run) -> bool:
    """A run of columns is a table row when two columns or more hold figures."""
    return sum(1 for col in run if col[2]) >= 2


def _aligned_place(ctx: Context, fig: Figure) -> TablePlace | None:
    if not ctx.figure_ends:
        return None
    text = ctx.text
    li = ctx.line_of(fig.start)
    line_a = ctx.line_starts[li]
    line_b = ctx.line_starts[li + 1] - 1 if li + 1 < len(ctx.line_starts) else len(text)
    fk = bisect.bisect_left(ctx.figure_starts, fig.start)
    lines = ctx.memo.setdefault("line columns", {})
    if li not in lines:   # each line is read once, whatever the number of its figures
        lines[li] = {k: (run, j) for run in _columns(ctx, line_a, line_b)
                     for j, (_, _, ks) in enumerate(run) for k in ks}
    if fk in lines[li]:
        run, j = lines[li][fk]
        seg_a = run[0][0]
        names = _names_between(ctx, max(0, seg_a - 2000), seg_a)
        row = None
        if names and _ROW_GAP.fullmatch(text[names[-1].end:seg_a]) and \
                ctx.line_of(names[-1].start) == li:
            row = (names[-1].start, names[-1].end)
        else:
            lo = max(line_a, seg_a - 60, names[-1].end if names else 0)
            m = _LABEL_WORDS.search(text, lo, seg_a)
            if m:
                row = (m.start(), m.start() + len(m.group(0).rstrip()))
        col = _header_over(ctx, names, len(run), j, li, row[0] if row else seg_a)
        return TablePlace([col] if col else [], row, None,
                          (col[0] if col else line_a, line_b),
                          text[row[0]:row[1]] if row else "", text[col[0]:col[1]] if col else "",
                          len(run) + 1, "", (run[j][0], run[j][1]))
    return None


_ITEM_SEP = re.compile(r"\s*(?::\s|\s[–—-]\s)")
_BULLET = re.compile(r"[ \t]*(?:[-*•–]|\d{1,2}[.)])[ \t]+")


def _list_place(ctx: Context, fig: Figure) -> TablePlace | None:
    """A figure in a short item of a list (a spec list: "- 96 GB of memory") stands as in a
    table of one column: the item's words before it are its row label, the line that leads the
    list in ("The board has:") its caption. An item that is a sentence is prose."""
    text = ctx.text
    li = ctx.line_of(fig.start)
    a = ctx.line_starts[li]
    b = ctx.line_starts[li + 1] - 1 if li + 1 < len(ctx.line_starts) else len(text)
    m = _BULLET.match(text, a, b)
    if m is None or len(text[m.end():b].split()) > 15:
        return None
    k = li
    while k > 0:   # up the list to the line that leads it in
        pa = ctx.line_starts[k - 1]
        line = text[pa:ctx.line_starts[k] - 1]
        if _BULLET.match(line) or not line.strip():
            k -= 1
            if not line.strip() and li - k > 1:
                break
            continue
        caption = (pa + len(line) - len(line.lstrip()), pa + len(line.rstrip()))
        if len(line) > 200:
            return None
        if k > 1 and not _names_between(ctx, *caption):
            # "Each board has:" names nothing: the line above says what it is about
            above = text[ctx.line_starts[k - 2]:pa - 1]
            if above.strip() and not _BULLET.match(above):
                caption = (ctx.line_starts[k - 2], caption[1])
        # the item's label: its words before its first figure, up to a colon or a dash
        first = ctx.figure_starts[bisect.bisect_left(ctx.figure_starts, m.end())]
        end = min(fig.start, first)
        cut = _ITEM_SEP.search(text, m.end(), end)
        end = cut.start() if cut else end
        row = (m.end(), end) if text[m.end():end].strip() else None
        return TablePlace([], row, caption, (ctx.line_starts[k], b),
                          text[row[0]:row[1]] if row else "", "", 1, "",
                          (row[1] if row and cut else m.end(), b))   # (a label before a
        # colon or a dash is no part of the item's cell)
    return None


def _names_between(ctx: Context, a: int, b: int) -> list:
    """The pack's and the shape finder's names in text[a:b], in order."""
    ms = ctx.mentions[bisect.bisect_left(ctx.starts, a):bisect.bisect_left(ctx.starts, b)]
    ss = ctx.shapes[bisect.bisect_left(ctx.shape_starts, a):
                    bisect.bisect_left(ctx.shape_starts, b)]
    return sorted([m for m in [*ms, *ss] if m.end <= b], key=lambda m: (m.start, -m.end))


def _header_over(ctx: Context, names: list, width: int, j: int, li: int, before: int
                 ) -> tuple[int, int] | None:
    """The j-th of the nearest run of exactly `width` names side by side (a header line) above
    a row of `width` columns, on its own line before its label or up to a blank line above."""
    text = ctx.text
    top = ctx.line_starts[max(0, li - 20)]
    blank = text.rfind("\n\n", top, ctx.line_starts[li])
    top = max(top, blank + 1) if blank >= 0 else top
    names = [m for m in names if top <= m.start and m.end <= before]
    runs: list[list] = []
    for m in names:
        if runs and runs[-1][-1].end > m.start:
            continue   # inside the name before
        if runs and _NAME_GAP.fullmatch(text[runs[-1][-1].end:m.start]) and \
                "\n" not in text[runs[-1][-1].end:m.start]:
            runs[-1].append(m)
        else:
            runs.append([m])
    for run in reversed(runs):
        if len(run) == width:
            gap = text[run[-1].end:before]
            if "\n" not in gap and _SENTENCE_GAP.search(gap):
                return None   # a sentence between: prose, not a header
            a = run[j].start
            lead = _CORNER_LEAD.match(text, a, run[j].end) if j == 0 else None
            return (lead.end() if lead else a), run[j].end   # "Specification QX-5": QX-5
    return None


def table_candidates(ctx: Context, fig: Figure) -> list[Candidate]:
    """The names in a table figure's column header, row label and caption; a header cell or row
    label that holds no known name but reads like one ("x200d", "Larkspur") is a candidate by its
    text (a column header only in a table of two value columns or more: in a two-column table
    the header over the values names what they are, "Value", "Data")."""
    cache = ctx.memo.setdefault("table candidates", {})
    if fig.start in cache:
        return cache[fig.start]
    place = table_place(ctx, fig)
    out: list[Candidate] = []
    if place is not None:
        texts = ([place.row] if place.row else []) + (place.col if place.columns > 2 else [])
        for a, b in [*place.col, *([place.row] if place.row else []),
                     *([place.caption] if place.caption else [])]:
            found = _names_between(ctx, a, b)
            for m in found:
                if isinstance(m, Candidate):
                    out.append(m)
                else:
                    k = _mention_index(ctx, m)
                    if k is not None:
                        out.append(ctx.candidates_of_mentions(k, k + 1)[0])
            if not found and (a, b) in texts:
                trimmed = _LABEL_TAIL.search(ctx.text, a, b)
                b = trimmed.start() if trimmed and trimmed.start() > a else b
                label = ctx.text[a:b]
                if _CELL_NAME.search(label) and len(label.split()) <= 6 and \
                        not _measure(ctx, label):
                    name = label.strip()
                    c = Candidate(a, b, name, name, "product" if any(
                        ch.isdigit() for ch in name) else "name", "header")
                    if _thing(c, place.row is not None and a == place.row[0] and
                              not _rows_measure(ctx, place) and (
                            _measure(ctx, place.col_text) or not place.col)):
                        out.append(c)
    cache[fig.start] = out
    return out


def table_owner(ctx: Context, fig: Figure) -> Candidate | None:
    """The owner a table's shape gives a figure: the name over its column when its row label
    names a measure (or nothing), the name labelling its row when its column header names a
    measure (or nothing), the row's when both name things, else the caption's first name."""
    place = table_place(ctx, fig)
    if place is None:
        return None
    cands = table_candidates(ctx, fig)
    row_measure = _rows_measure(ctx, place)
    col_measure = _measure(ctx, place.col_text)
    col_things = [c for c in cands if any(_inside(c, s) for s in place.col) and
                  _thing(c, False)]
    row_things = [c for c in cands if _inside(c, place.row) and
                  _thing(c, not row_measure and (col_measure or not place.col))]
    if col_things and (row_measure or not row_things) and not col_measure:
        return col_things[0]
    if row_things and (col_measure or not col_things) and not row_measure:
        return row_things[0]
    if col_things and row_things:
        return row_things[0]
    if col_things or row_things:
        return None
    return next((c for c in cands if _inside(c, place.caption) and c.type in _THING_TYPES),
                None)


# the header over a table's row labels that says they are measures ("Metric", "Spec")
_MEASURE_CORNER = re.compile(r"(?:^|\s)(?:metrics?|specs?|specifications?|features?|parameters?|"
                             r"items?|attributes?|propert(?:y|ies)|measures?|characteristics?|"
                             r"data\s+types?)\s*$", re.I)


_CORNER_LEAD = re.compile(r"(?:metrics?|specs?|specifications?|features?|parameters?|items?)\s+(?=\S)",
                          re.I)


def _rows_measure(ctx: Context, place: TablePlace) -> bool:
    return _measure(ctx, place.row_text) or bool(_MEASURE_CORNER.search(place.corner))


def _thing(c: Candidate, other_is_measure: bool) -> bool:
    """Can this header name own a figure? A name the pack or the shape finder knows, if it is
    a thing; a header cell by its text only with a model code in it ("x200d"), or when the
    other header names a measure ("Larkspur" in a row under "Revenue")."""
    if c.source == "header":
        return any(ch.isdigit() for ch in c.text) or other_is_measure
    return c.type in _THING_TYPES


def _mention_index(ctx: Context, m) -> int | None:
    k = bisect.bisect_left(ctx.starts, m.start)
    while k < len(ctx.mentions) and ctx.mentions[k].start == m.start:
        if ctx.mentions[k] is m:
            return k
        k += 1
    return None


def _measure(ctx: Context, label: str) -> bool:
    """A header that names a measure by its shape (extract.tables.measure_label), or by the
    pack's metric words when it names no thing ("Memory", "NVLink", "Power")."""
    from .tables import measure_label
    key = ("measure", label)
    if key not in ctx.cues:
        thing = any(m.type in _THING_TYPES - {"name"} for m in ctx.finder.find(label)) \
            if label.strip() else False
        ctx.cues[key] = bool(label.strip()) and not thing and (measure_label(label) or any(
            m.pattern is not None and m.pattern.search(label) for m in ctx.finder.pack.metrics))
    return ctx.cues[key]


def _inside(c: Candidate, span) -> bool:
    return span is not None and span[0] <= c.start and c.end <= span[1]


def table_features(ctx: Context, fig: Figure, cands: list[Candidate]) -> list[dict]:
    """Per candidate: where it stands for a table figure (the column header, the row label, the
    caption, elsewhere in the table, outside it) and which way the table runs: a name over the
    column where the row label names a measure ("Memory bandwidth", "NVLink"), a name labelling
    the row where the column header names one ("Q4 2025", "Revenue"), the caption where neither
    names a thing. {} for every candidate of a figure in prose."""
    place = table_place(ctx, fig)
    if place is None:
        return [{} for _ in cands]
    row_measure = _rows_measure(ctx, place)
    col_measure = _measure(ctx, place.col_text)
    col = [c for c in cands if any(_inside(c, s) for s in place.col)]
    row = [c for c in cands if _inside(c, place.row)]
    owner = table_owner(ctx, fig)
    out = []
    for c in cands:
        f: dict[str, float] = {}
        in_col, in_row = c in col, c in row
        if _inside(c, place.cell):
            f["tab_own_cell"] = 1.0   # "NVLink 900 GB/s": what the figure is of, rarely whose
            if c.type not in _THING_TYPES:
                f["tab_head_technology"] = 1.0
        elif in_col:
            f["tab_col"] = 1.0
            if row_measure and not col_measure:
                f["tab_col_by_cols"] = 1.0
        elif in_row:
            f["tab_row"] = 1.0
            if col_measure and not row_measure:
                f["tab_row_by_rows"] = 1.0
        elif _inside(c, place.caption):
            f["tab_caption"] = 1.0
        elif _inside(c, place.span):
            f["tab_elsewhere"] = 1.0
        else:
            f["tab_outside"] = 1.0
        if (in_col or in_row) and c.type not in _THING_TYPES:
            f["tab_head_technology"] = 1.0   # an interconnect or a software stack labelling a row
        if owner is not None and (c.start, c.end) == (owner.start, owner.end):
            f["tab_owner"] = 1.0
        if c.source == "header":
            f["tab_header_text"] = 1.0
        out.append(f)
    return out
