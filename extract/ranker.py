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
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from . import attach
from .errors import ExtractError
from .subjects import COMPARED_WITH, COUNTED, OUTRANKED, PRODUCT_TYPES, Mention, SubjectFinder

MODEL_FILE = "attach.json"

# a code with letters and digits, perhaps after one or two capitalised words: "WSE-3",
# "Cerebras WSE-3", "TPU v5p", "Wormhole n300d", "MTT S4000", "GPT-4o"
_SHAPE = re.compile(
    r"(?<![\w$€£¥.'’/-])(?P<name>(?:[A-Z][\w&.-]*[A-Za-z]\s){0,2}"
    r"(?P<code>(?=[\w.-]*\d)(?=[\w.-]*[A-Za-z])[A-Za-z][\w.-]*[A-Za-z0-9]))(?![\w-])")
# codes that are units, precisions, memory types, periods or figures, not names
_NOT_CODES = re.compile(
    r"^(?:FP\d|BF\d|INT\d|TF\d|HBM|DDR|GDDR|LPDDR|PCIe|PCIE|Gen\d|USB|Q[1-4]|H[12]$|FY|CY|"
    r"[1-9]H|(?-i:N\d+$)|\d|x\d|[A-Za-z]{1,3}/|v\d$|mm|nm|kW|MW|GW|GB|TB|PB|MB|KB|Gbps|Tbps|TFLOPS|"
    r"TOPS|COVID|CVE|ISO|SHA|MP\d|K\d$)", re.I)
_UNIT_TAIL = re.compile(r"\d(?:nm|gb|tb|mb|kb|w|kw|mw|gw|ghz|mhz|tops|tflops|x|k|m|b|bn|"
                        r"mn|t|ms|s|h|gbps|tbps)$", re.I)
# a business unit or a segment: "infrastructure software segment", "its data center business"
_UNIT = re.compile(r"(?<![\w-])(?P<name>(?:[A-Za-z][\w-]*\s){1,3}(?:segment|division|unit|"
                   r"business|group))(?![\w-])")
_UNIT_DROP = {"the", "its", "their", "a", "an", "of", "in", "and", "for", "our", "this", "that",
              "whole", "entire", "chip", "this"}
_CLAUSE_BREAK = attach._CLAUSE_BREAK
_POSSESSIVE = re.compile(r"^['’]s?\s+(?:[\w.-]+\s+){0,3}$")
_SENTENCE_START = re.compile(r"^\W*(?:the\s+|a\s+|an\s+)?$", re.I)
_PAREN_OPEN = re.compile(r"\([^()]*$")
_WORDS = re.compile(r"\S+")
TECHNICAL = attach.TECHNICAL


@dataclass
class Candidate:
    start: int
    end: int
    text: str
    canonical: str
    type: str
    source: str                # "mention", "shape", "unit", "plain", "rule"
    described: bool = False

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


@dataclass
class Context:
    """One document, read once for every figure in it."""
    text: str
    sents: list[tuple[int, int]]
    mentions: list[Mention]
    finder: SubjectFinder
    starts: list[int] = field(default_factory=list)
    shapes: list[Candidate] = field(default_factory=list)
    shape_starts: list[int] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    headline: set = field(default_factory=set)
    line_starts: list[int] = field(default_factory=list)
    plain: dict = field(default_factory=dict)
    figure_starts: list[int] = field(default_factory=list)
    sent_starts: list[int] = field(default_factory=list)
    cues: dict = field(default_factory=dict)

    @classmethod
    def read(cls, text: str, sents, mentions, finder, figure_starts) -> "Context":
        ctx = cls(text, sents, mentions, finder)
        ctx.starts = [m.start for m in mentions]
        ctx.shapes = shape_names(text, mentions)
        ctx.shape_starts = [c.start for c in ctx.shapes]
        counts: dict[str, int] = {}
        for c in [*mentions, *ctx.shapes]:
            counts[c.canonical] = counts.get(c.canonical, 0) + 1
        ctx.counts = counts
        first_line = text.find("\n")
        first_line = len(text) if first_line < 0 else first_line
        ctx.headline = {c.canonical for c in [*mentions, *ctx.shapes] if c.start < first_line}
        ctx.line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        ctx.figure_starts = figure_starts
        ctx.sent_starts = [a for a, _ in sents]
        return ctx

    def cues_before(self, start: int) -> tuple[float, float, float, float]:
        """What stands before a name, the same for every figure: a comparison ("than the"), an
        outranking, a count ("2,048 H800s"), a source ("according to")."""
        if start not in self.cues:
            text = self.text
            pre = text[max(0, start - 30):start]
            self.cues[start] = (
                1.0 if COMPARED_WITH.search(pre) else 0.0,
                1.0 if OUTRANKED.search(pre) else 0.0,
                1.0 if COUNTED.search(text, max(0, start - 20), start) else 0.0,
                1.0 if attach._SOURCE_BEFORE.search(text, max(0, start - 40), start) else 0.0)
        return self.cues[start]

    def line_of(self, at: int) -> int:
        return bisect.bisect_right(self.line_starts, at) - 1

    def sentence_of(self, at: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, at) - 1)

    def plain_names(self, si: int) -> list[Candidate]:
        if si not in self.plain:
            s0, s1 = self.sents[si] if self.sents else (0, len(self.text))
            self.plain[si] = [_from_mention(m, "plain") for m in
                              self.finder.plain_names(self.text, s0, s1)]
        return self.plain[si]


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
    for m in _SHAPE.finditer(text):
        code = m["code"]
        if _NOT_CODES.match(code) or _UNIT_TAIL.search(code) or re.fullmatch(
                r"[\d.,-]+[A-Za-z]{1,2}", code):
            continue
        a, b = m.start("name"), m.end("name")
        words = m["name"].split()
        while len(words) > 1 and (words[0] in _LEAD_WORDS or taken(a, a + len(words[0]))):
            a += len(words[0]) + 1
            words = words[1:]
        if taken(a, b):
            continue
        name = " ".join(words)
        out.append(Candidate(a, b, name, name, "product", "shape"))
    for m in _UNIT.finditer(text):
        words = m["name"].split()
        while words and words[0].lower() in _UNIT_DROP:
            words = words[1:]
        if len(words) < 2:
            continue
        a = m.end() - len(" ".join(words))
        if taken(a, m.end()):
            continue
        name = " ".join(words)
        out.append(Candidate(a, m.end(), name, name, "unit", "unit"))
    out.sort(key=lambda c: c.start)
    return out


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
    if fig.in_table:
        line = ctx.line_of(fig.start)
        lo = min(lo, ctx.line_starts[max(0, line - table_lines)])
        nl = text.find("\n", fig.end)
        hi = max(hi, len(text) if nl < 0 else nl)
    out: dict[tuple, Candidate] = {}
    for m in ctx.mentions[bisect.bisect_left(ctx.starts, lo):bisect.bisect_left(ctx.starts, hi)]:
        if not (m.start < fig.end and fig.start < m.end):
            out.setdefault((m.start, m.end), _from_mention(m))
    for c in ctx.shapes[bisect.bisect_left(ctx.shape_starts, lo):
                        bisect.bisect_left(ctx.shape_starts, hi)]:
        if not (c.start < fig.end and fig.start < c.end):
            out.setdefault((c.start, c.end), c)
    for c in ctx.plain_names(si):
        if not (c.start < fig.end and fig.start < c.end):
            out.setdefault((c.start, c.end), c)
    if fig.rule_mention is not None:
        m = fig.rule_mention
        key = (m.start, m.end)
        if key not in out or out[key].canonical != fig.rule_subject:
            out[key] = Candidate(m.start, m.end, m.text, fig.rule_subject or m.canonical,
                                 m.type, "rule", m.described)
    return sorted(out.values(), key=lambda c: c.start)


def features(ctx: Context, fig: Figure, cands: list[Candidate]) -> list[dict[str, float]]:
    """One dict of named features per candidate of a figure."""
    text = ctx.text
    s0, s1 = ctx.sents[fig.sentence] if ctx.sents else (0, len(text))
    fig_line = ctx.line_of(fig.start)
    same_sentence = [c for c in cands if s0 <= c.start < s1]
    left = [c for c in same_sentence if c.end <= fig.start]
    right = [c for c in same_sentence if c.start >= fig.end]
    nearest_left = left[-1] if left else None
    nearest_right = right[0] if right else None
    first_here = same_sentence[0] if same_sentence else None
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
    lines = [ctx.line_of(c.start) for c in cands]
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
    for ci, c in enumerate(cands):
        f: dict[str, float] = {}
        before = c.end <= fig.start
        f["before"] = 1.0 if before else 0.0
        between = text[c.end:fig.start] if before else text[fig.end:c.start]
        gap_words = len(between.split()) if len(between) < 2000 else 300
        f["log_words"] = math.log1p(gap_words)
        f["adjacent"] = 1.0 if gap_words == 0 else 0.0
        csi = ctx.sentence_of(c.start)
        d = fig.sentence - csi
        f["sent_0"] = 1.0 if d == 0 else 0.0
        f["sent_1"] = 1.0 if d == 1 else 0.0
        f["sent_2p"] = 1.0 if d >= 2 else 0.0
        f["sent_after"] = 1.0 if d < 0 else 0.0
        c_line = lines[ci]
        f["same_line"] = 1.0 if c_line == fig_line else 0.0
        f["log_lines"] = math.log1p(abs(fig_line - c_line))
        if d == 0:
            f["clause_break"] = 1.0 if _CLAUSE_BREAK.search(between) else 0.0
            f["possessive"] = 1.0 if before and _POSSESSIVE.match(between) else 0.0
            f["nearest_left"] = 1.0 if c is nearest_left else 0.0
            f["nearest_right"] = 1.0 if c is nearest_right else 0.0
            f["first_in_sentence"] = 1.0 if c is first_here else 0.0
            f["opens_sentence"] = 1.0 if _SENTENCE_START.match(text[s0:c.start]) else 0.0
            f["in_paren"] = 1.0 if _PAREN_OPEN.search(text[max(s0, c.start - 60):c.start]) \
                and ")" not in text[c.start:fig.start if before else c.start] else 0.0
            f["hyphen_after"] = 1.0 if fig.hyphen_compound and not before and gap_words <= 2 \
                else 0.0
        f["compared"], f["outranked"], f["counted"], f["source"] = ctx.cues_before(c.start)
        f["owned_of"] = 1.0 if not before and attach._OF_OWNER.fullmatch(between) else 0.0
        # what the candidate is
        t = c.type
        f["t_company"] = 1.0 if t == "company" else 0.0
        f["t_product"] = 1.0 if c.is_product else 0.0
        f["t_place"] = 1.0 if t in ("place", "market") else 0.0
        f["t_group"] = 1.0 if t == "group" else 0.0
        f["t_unit"] = 1.0 if c.source == "unit" else 0.0
        f["t_shape"] = 1.0 if c.source == "shape" else 0.0
        f["t_plain"] = 1.0 if c.source == "plain" else 0.0
        f["t_described"] = 1.0 if c.described else 0.0
        f["t_reference"] = 1.0 if c.text[:1].islower() or c.text.lower().startswith(
            ("the ", "it")) else 0.0
        f["has_digit"] = 1.0 if any(ch.isdigit() for ch in c.text) else 0.0
        f["long_name"] = 1.0 if len(c.canonical.split()) >= 3 else 0.0
        # what the figure is, with what the candidate is
        f["tech_product"] = f["t_product"] if technical or kind == "ratio" else 0.0
        f["tech_company"] = f["t_company"] if technical else 0.0
        f["tech_place"] = f["t_place"] if technical else 0.0
        f["money_company"] = f["t_company"] if kind == "money" else 0.0
        f["money_product"] = f["t_product"] if kind == "money" else 0.0
        f["price_product"] = f["t_product"] if kind == "price_per_unit" else 0.0
        f["share_company"] = f["t_company"] if kind == "percent" else 0.0
        f["share_place"] = f["t_place"] if kind in ("percent", "money") else 0.0
        f["count_product"] = f["t_product"] if kind == "count" else 0.0
        f["count_counted"] = f["counted"] if kind == "count" else 0.0
        f["length_company"] = f["t_company"] if kind == "length" else 0.0
        # the document around it
        f["log_freq"] = math.log1p(ctx.counts.get(c.canonical, 1))
        f["headline"] = 1.0 if c.canonical in ctx.headline else 0.0
        f["rule"] = 1.0 if fig.rule_subject is not None and c.canonical == fig.rule_subject \
            else 0.0
        f["rule_conf"] = f["rule"] * fig.rule_conf
        f["rule_none"] = 1.0 if fig.rule_subject is None else 0.0
        f["log_cands"] = math.log1p(n)
        f["repeated_here"] = 1.0 if canon_counts[c.canonical] > 1 else 0.0
        if fig.in_table:
            f["table"] = 1.0
            f["table_header_line"] = 1.0 if c_line < fig_line else 0.0
            f["table_row_label"] = 1.0 if c_line == fig_line and before else 0.0
        if line_figures >= 2 and c_line < fig_line:
            # a header over a row of figures: the name in the figure's column
            k = rank_on_line[ci]
            f["column_same"] = 1.0 if k == column else 0.0
            f["column_next"] = 1.0 if k == column - 1 else 0.0
            f["column_header"] = 1.0 if names_on_line[c_line] >= 2 else 0.0
            f["column_count"] = 1.0 if names_on_line[c_line] in (line_figures,
                                                                 line_figures + 1) else 0.0
            if pipe_col:
                line_a_c = ctx.line_starts[c_line]
                f["pipe_same"] = 1.0 if text.count("|", line_a_c, c.start) == pipe_col \
                    else 0.0
        out.append(f)
    return out


@dataclass
class Model:
    """A trained linear scorer: weights by feature name, a bias and a threshold."""
    weights: dict[str, float]
    bias: float
    threshold: float
    version: str

    @classmethod
    def from_dict(cls, data: dict) -> "Model":
        try:
            return cls(dict(zip(data["features"], data["coef"])), float(data["intercept"]),
                       float(data["threshold"]), str(data["version"]))
        except (KeyError, TypeError, ValueError) as e:
            raise ExtractError(f"attachment model: missing or bad field ({e}); "
                               "run `claims train` to write a new one") from None

    def score(self, f: dict[str, float]) -> float:
        """How much likelier this candidate is than another (a log-odds scale)."""
        w = self.weights
        return sum(w.get(k, 0.0) * v for k, v in f.items() if v)


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


def choose(model: Model | None, cands: list[Candidate], feats: list[dict]
           ) -> tuple[Candidate | None, float]:
    """The best candidate and its probability among the candidates (softmax of the scores);
    None when that probability is below the model's threshold."""
    if model is None or not cands:
        return None, 0.0
    scores = [model.score(f) for f in feats]
    best = max(range(len(cands)), key=scores.__getitem__)
    top = scores[best]
    p = 1.0 / sum(math.exp(max(-50.0, s - top)) for s in scores)
    if p < model.threshold:
        return None, p
    return cands[best], p


def rerank(claims: list[dict], ranking: list, model: Model, entities: dict) -> None:
    """Give each claim the subject the model ranks first (`ranking` holds each claim's figure,
    candidates and features, in claim order); `entities` are the pack's, by canonical name."""
    for claim, (fig, cands, feats) in zip(claims, ranking):
        best, p = choose(model, cands, feats)
        old = entities.get(claim["subject"]) if claim["subject"] else None
        claim["confidence"] = round(min(claim["confidence"], 0.9) * p if best is None else
                                    0.3 + 0.7 * p, 3)
        if best is None:
            claim["subject"] = claim["subject_text"] = claim["subject_family"] = None
        elif best.canonical != claim["subject"]:
            claim["subject"], claim["subject_text"] = best.canonical, best.text
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
