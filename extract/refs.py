"""References back ("it", "the company", "the chip"): the name they stand for, as the text wrote
it, so that a claim whose owner comes by a reference says which name the text used ("It offers
300 petaFLOPS" after "the CloudMatrix 384": subject_text "CloudMatrix 384", not "It"; the pack
may file the name under another canonical name).

subjects.py resolves a reference by a reader's rule (the first name of the reference's class in
the nearest sentence that has one); here the names a reference may point to are listed (in its
own sentence before it and the two sentences before, nearest first, one per canonical name: the
pack's, the shape finder's and the sentence's capitalised names, of a class the reference's noun
fits) and the rules' choice is looked up among them for the way it was written.

Tried and dropped (leave-one-group-out, each lowered a group): features saying how far back and
past what names the rules' choice lies (ref_*: sentences back, nearest, first of its sentence,
class agreement, compared, counted, possessor), and every other fitting name as a candidate of
its own (with the features, or only names the pack does not know).
"""
from __future__ import annotations

import bisect
import re

from .subjects import PRODUCT_TYPES

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


def antecedents(ctx, ref) -> list[tuple[str, str]]:
    """The names `ref` may point to, nearest first: (canonical name, as written) for each
    fitting name in the reference's sentence before it and the `_BACK` sentences before, one
    per canonical name (its nearest place). Read once per reference."""
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
        for back in range(_BACK + 1):
            k = si - back
            if k < 0 or ctx.sents[k][1] < lo_limit:
                break
            s0, s1 = ctx.sents[k]
            names = _names_in(ctx, max(s0, lo_limit), min(s1, ref.start))
            for c in sorted((c for c in names if _fits(cls, c)), key=lambda c: -c.end):
                if c.canonical not in seen:
                    seen.add(c.canonical)
                    out.append((c.canonical, c.text))
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


def written_name(ctx, r) -> str:
    """How the text wrote the name a reference candidate stands for ("" for a name, or when
    that name is further back than the window)."""
    for canonical, written in antecedents(ctx, r):
        if canonical == r.canonical:
            return written
    return ""
