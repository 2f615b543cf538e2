"""How far back, and past what, a reference ("it", "the company", "the chip") found its name:
features the ranker learns weights for; and the name as the text wrote it.

subjects.py resolves a reference by a reader's rule: the first name of the reference's class in
the nearest sentence that has one. That rule is right for "X unveiled the Z3. It offers ...", less
so when nearer names fit the reference too ("... still trails Y's chips. The chip's yield ..."),
or when the name it points to is one the pack does not know ("a firm controlled by Acme Co. It
would start ..."). So the names a reference may point to are listed (in its own sentence before
it and the two sentences before, nearest first, one per canonical name: the pack's, the shape
finder's and the sentence's capitalised names, each of a class the reference's noun fits), and
the rules' choice is described among them (`ref_*` features): how many sentences back it is,
whether it is the nearest fitting name or the first of its sentence, whether its class is the
one the noun asks for, whether it was compared with, counted or is a possessor; `ref_far` when
it lies beyond them. (Each other fitting name as a candidate of its own was tried: it raised
some groups and lowered others, leave-one-group-out.)

A claim whose subject comes by a reference keeps the name as the text wrote it where it named
the thing ("CloudMatrix 384", not "It"): ranker.Candidate.written.
"""
from __future__ import annotations

import bisect
import math
import re

from .subjects import COMPARED_WITH, COUNTED, OUTRANKED, PRODUCT_TYPES

_BACK = 2          # sentences before the reference's own
_NEAR = 1500       # characters back
# what a reference of each class may point to ("it": a thing or a company)
_FITS = {"company": {"company", "name", "proper"},
         "chip": {"chip", "product"},
         "system": {"system", "product"},
         "model": {"model", "product"}}
_IT_FITS = PRODUCT_TYPES | {"company", "name", "proper"}
_OPENS = re.compile(r"[\s\"“'‘(*#>|•·–-]*(?:[\w ]{0,40}:\s*)?")


def reference_class(finder, text: str) -> str | None:
    """"it" for "it"/"It", the class of the noun of "the company", "the new chip"; None for a
    name."""
    low = text.lower()
    if low == "it":
        return "it"
    words = low.split()
    if len(words) >= 2 and words[0] == "the":
        return finder.reference_types.get(words[-1])
    return None


def _fits(cls: str, c) -> bool:
    return c.type in (_IT_FITS if cls == "it" else _FITS.get(cls, {cls}))


def antecedents(ctx, ref) -> list:
    """The names `ref` may point to, nearest first: (canonical name, as written, features) for
    each fitting name in the reference's sentence before it and the `_BACK` sentences before,
    one per canonical name (its nearest place). Read once per reference."""
    cache = ctx.memo.setdefault("antecedents", {})
    key = (ref.start, ref.end)
    if key in cache:
        return cache[key]
    cls = reference_class(ctx.finder, ref.text)
    out: list = []
    if cls is not None and ctx.sents:
        si = ctx.sentence_of(ref.start)
        lo_limit = max(0, ref.start - _NEAR)
        seen: set[str] = set()
        rank = 0
        for back in range(_BACK + 1):
            k = si - back
            if k < 0 or ctx.sents[k][1] < lo_limit:
                break
            s0, s1 = ctx.sents[k]
            s1 = min(s1, ref.start)
            names = _names_in(ctx, max(s0, lo_limit), s1)
            fitting = [c for c in names if _fits(cls, c)]
            first = fitting[0] if fitting else None
            for c in sorted(fitting, key=lambda c: -c.end):   # nearest first
                if c.canonical in seen:
                    continue
                seen.add(c.canonical)
                f = {"ref_d%d" % back: 1.0, "ref_log_rank": math.log1p(rank)}
                if rank == 0:
                    f["ref_nearest"] = 1.0
                if c is first:
                    f["ref_first"] = 1.0
                if cls != "it" and c.type == cls:
                    f["ref_exact"] = 1.0
                if c.type in ("name", "proper"):
                    f["ref_unknown"] = 1.0
                if ctx.text.startswith(("'s ", "’s ", "' ", "’ "), c.end):
                    f["ref_possessor"] = 1.0
                if COMPARED_WITH.search(ctx.text, max(0, c.start - 30), c.start) or \
                        OUTRANKED.search(ctx.text, max(0, c.start - 30), c.start):
                    f["ref_compared"] = 1.0
                if COUNTED.search(ctx.text, max(0, c.start - 20), c.start):
                    f["ref_counted"] = 1.0
                out.append((c.canonical, c.text, f))
                rank += 1
    cache[key] = out
    return out


def _names_in(ctx, a: int, b: int) -> list:
    """The names in text[a:b] that are no reference themselves: the pack's and the shape
    finder's, and the capitalised names of the sentence (ctx.plain_names), in order."""
    ms = [m for m in ctx.candidates_of_mentions(bisect.bisect_left(ctx.starts, a),
                                               bisect.bisect_left(ctx.starts, b))
          if m.end <= b and reference_class(ctx.finder, m.text) is None and
          not m.text[:1].islower()]
    ss = [c for c in ctx.shapes[bisect.bisect_left(ctx.shape_starts, a):
                                bisect.bisect_left(ctx.shape_starts, b)] if c.end <= b]
    taken = [(m.start, m.end) for m in [*ms, *ss]]
    # (a capitalised word that opens its sentence or line is no sign of a name)
    ps = [c for c in ctx.plain_names(ctx.sentence_of(a)) if a <= c.start and c.end <= b and
          not any(s < c.end and c.start < e for s, e in taken) and
          not _OPENS.fullmatch(ctx.text, ctx.sents[ctx.sentence_of(c.start)][0], c.start)]
    return sorted([*ms, *ss, *ps], key=lambda c: (c.start, c.end))


def reference_features(ctx, r) -> dict[str, float]:
    """The `ref_*` features of a reference candidate: those of the name it stands for (the
    rules' choice for the reference itself: `ref_far` when that name is further back)."""
    if reference_class(ctx.finder, r.text) is None:
        return {}
    for canonical, _, f in antecedents(ctx, r):
        if canonical == r.canonical:
            return f
    return {"ref_far": 1.0}


def written_name(ctx, r) -> str:
    """How the text wrote the name a reference candidate stands for ("" for a name, or when
    that name is further back than the window)."""
    for canonical, written, _ in antecedents(ctx, r):
        if canonical == r.canonical:
            return written
    return ""
