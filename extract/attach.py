"""Attach each figure to its subject, metric and qualifiers.

Subject: among the names in the figure's sentence, a possessive right before the figure wins
("the H100's near 2,000 TFLOPS"), then the nearest name to the left within the same clause,
then a name right after ("a 384-chip Atlas 900 cluster", "revenue of $2B for Baidu"). Names that
are only compared with ("85% of H100", "below NVIDIA's best"), names inside an aside ("The MLU
370, the last model before Cambricon was sanctioned, ...") and countries outside a subject's
place ("sales in China") rank low; with no name in the sentence, the previous sentence's subject
carries over (with lower confidence).
Metric: the pack metric of the figure's kind with the longest keyword near it (in prose, for
ratios, the nearest).
Qualifiers: precision, sparsity, form factor, period, projected and estimate, only as stated.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from .pack import Pack, keyword_pattern
from .quantities import Quantity
from .scan import skipping
from .subjects import COMPARED_WITH as _COMPARED_WITH, Mention

_CLAUSE_BREAK = re.compile(
    r";|\s[—–-]\s|—|\(|\)|,\s*(?:while|whereas|but|although|compared|against|versus|when|"
    r"where|as|after|before|since|because|unlike)\b|"
    r"\b(?:but|whereas|versus|vs\.?|compared (?:with|to)|than|against|while|short of|unlike|"
    r"behind|trailing)\b", re.I)
_ARTICLES = ("the", "a", "an", "its", "their")
# every match of COMPARED_WITH ends in one of these words (and whitespace, maybe an article)
_COMPARED_STEMS = ("than", "outperform", "beat", "versus", "vs", "against", "exceed", "surpass",
                   "trail", "behind", "match", "rival", "unlike", "from", "of", "to", "over",
                   "like", "on", "with", "below", "above")


def compared_before(pre: str) -> bool:
    """bool(COMPARED_WITH.search(pre)), searched only when `pre` ends in whitespace after a
    word that holds one of its words (or that and an article); a text with a letter beyond
    ASCII that matches an ASCII one ignoring case is searched."""
    if not pre[-1:].isspace():
        return False   # (a match ends in \s+, at the end or before a last newline)
    if pre.isascii() or not _FOLDS_TO_ASCII.intersection(pre):
        words = pre.lower().split()[-2:]   # its last word (and the one before an article)
        if not (words and words[-1] in _ARTICLES):
            words = words[-1:]
        if not any(stem in w for w in words for stem in _COMPARED_STEMS):
            return False
    return _COMPARED_WITH.search(pre) is not None


_FOUNDRY_WORDS = re.compile(r"\b(?:process(?:es)?|nodes?|nanometers?|manufactur\w*|fab\w*|"
                            r"built on|constructed on|made on)\b|(?<![a-z])nm\b", re.I)
_POSSESSIVE = re.compile(r"^['’]s?\s+(?:[\w.-]+\s+){0,3}$")
_PREP_AFTER = re.compile(r"^\s*(?:[\w-]+\s+){0,3}?(?:for|of|by)\s+(?:the\s+|its\s+)?$", re.I)
_QUARTER = re.compile(r"(?<![\w-])(?:(?P<word>first|second|third|fourth)[\s-]quarter|"
                      r"Q(?P<n>[1-4])|(?P<hword>first|second)[\s-]half|H(?P<h>[12]))(?![\w-])",
                      re.I)
_QUARTER_AFTER = re.compile(r"[^.;\d]{0,25}?\b(?:in|for|during)\s+(?:the\s+|its\s+)?", re.I)
_QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_ANY_DIGIT = re.compile(r"\d")
_LONE_DIGIT = re.compile(r"(?<!\w)\d")
_YEAR = re.compile(r"(?<![\w.,$-])(?:FY\s?)?((?:19[89]|20[0-4])\d)(?![\w%])")
# dates between a quarter and its figure ("the third quarter ended October 27, 2024, of $35.1B")
_DATE_WORDS = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+"
                         r"\d{1,2}(?:st|nd|rd|th)?|" + _YEAR.pattern)
# where a clause's subject stands: the sentence start or after a clause break
_CLAUSE_OPENING = re.compile(r"(?:[,;:—–]|^(?:the|a)|\b(?:and|but|while|whereas|as|since|because|"
                             r"although|though|when|that))\s*(?:the\s+|[-*•]\s*)?$", re.I)
TECHNICAL = {"compute", "memory", "bandwidth", "power", "length"}


def choose_subject(text: str, q: Quantity, mentions: list[Mention], sent_start: int,
                   sent_end: int) -> tuple[Mention | None, float]:
    """The mention a figure is about, and a score of how sure (1 = sure)."""
    best, best_score, best_compared = None, None, False
    asides = _asides(text, q, mentions, sent_start, sent_end)
    for c in mentions:
        if c.end <= sent_start or c.start >= sent_end:
            continue
        if c.start < q.end and q.start < c.end:
            continue  # a name inside the figure's own text
        if c.end <= q.start:
            between = text[c.end:q.start]
            if c.end in asides:  # "The MLU 370, the last model before ..., can reach 96"
                between = between[asides[c.end]:]
            # a dash-enclosed aside does not break the clause: "the lab's price — 30 cents
            # for a million tokens — undercuts ..."
            between = _DASH_ASIDE.sub(" ", between)
            # a name's own parenthesis ("Blackwell Ultra (B300) will deliver", "The H20 (a
            # cut-down H100) delivers") does not break the clause
            between = between.removeprefix(")")
            paren = _PAREN_ASIDE.match(between)
            if paren:
                between = " " + between[paren.end():]
            score = float(len(between))
            if _POSSESSIVE.match(between) and not any(
                    0 < m.start - c.end <= 3 and m.is_product for m in mentions):
                # (not "the startup's BR100 delivers ...": the BR100 is the head)
                if c.is_product or q.kind not in TECHNICAL:
                    score -= 1000
                elif q.kind == "length" and _FOUNDRY_WORDS.search(text[q.start:q.end + 30]):
                    score += 150  # "built on Samsung's 14-nm process": the foundry's node
                else:
                    score -= 200
            elif c.end + 2 >= q.start and q.kind == "count":
                score -= 5
        else:
            between = text[q.end:c.start]
            score = len(between) + 60.0
            if q.hyphen_compound and len(between.strip()) <= 12:
                score -= 1000
            elif not between.strip() and c.is_product and q.kind != "count":
                score -= 60  # "its $6 million V3 run", "the 80GB H100": a modifier
            elif _PREP_AFTER.match(between):
                score -= 40
        owned_by = c.start >= q.end and q.kind not in ("percent", "ratio", "count") and \
            _OF_OWNER.fullmatch(text, q.end, c.start)
        if owned_by:  # "the 180 petaflops of Nvidia's GB200 NVL72": its own figure
            score -= 100
        elif c.end <= q.start and _WHICH_HAS.fullmatch(text, c.end, q.start):
            owned_by = True  # "Compared with the MI300X, which has 192 GB, ..."
            score -= 100
        if _CLAUSE_BREAK.search(between) and not (c.end <= q.start and _OPEN_PAREN.fullmatch(
                between)):  # "The MI300X (192GB) and ...": the name's own parenthesis
            score += 400
        if any(a < c.start and c.end <= a + n for a, n in asides.items()):
            score += 200  # a name inside an aside about another name
        if c.type == "group":
            score += 25  # a named entity as close by is the likelier subject
        elif c.type in ("place", "market"):
            # a country is a subject of its own figures ("China imported $385 billion of
            # chips"), rarely of a figure said about something in it ("sales in China fell");
            # so is a market: "China's AI chip market will reach $50 billion", not "Nvidia
            # held 90% of the Chinese market for AI chips"
            score += 40
            lead = text[sent_start:c.start]
            if lead.strip(" \t\n-*•\"“") and not _CLAUSE_OPENING.search(lead[-60:]):
                score += 300  # "amid U.S. sanctions", "sales in China"
        if c.type != "place" and _COUNTED_NAME.search(text, max(sent_start, c.start - 20),
                                                       c.start):
            score += 300  # "links 384 Ascend 910C processors and delivers 300 petaflops",
            # "trained using 2,048 Nvidia H800 GPUs": what is counted is a part or a tool of the
            # subject, not the subject
        if _SOURCE_BEFORE.search(text, max(sent_start, c.start - 40), c.start):
            score += 400  # "Analysts at Bernstein estimate...": who says it, not what it is about
        compared = compared_before(text[max(sent_start, c.start - 30):c.start]) \
            and not _ABSOLUTE.match(text, c.end) and not owned_by  # "with X capturing 55%"
        if compared:
            score += 150
            if c.end <= q.start and FIGURE_COMPARED.search(
                    text, max(sent_start, c.start - 40), c.start):
                score += 250  # "85% of H100 ..., but power was 40% lower": the H100 is what the
                # earlier figure was compared with, not the subject of a later one
        if q.kind in TECHNICAL or q.kind == "ratio":
            score += 0 if c.is_product else 35
        elif q.kind in ("money",) and c.is_product and c.type != "model":
            score += 15
        if best_score is None or score < best_score:
            best, best_score, best_compared = c, score, compared and c.start >= q.end
    if best is None or best_score >= 350 or best_compared:
        # only names in other clauses, or only the thing it is compared with ("85% of H100"):
        # the previous sentence's subject is likelier
        return None, 0.0
    return best, 1.0 if best_score < 0 else max(0.5, 1.0 - best_score / 600)


FIGURE_COMPARED = re.compile(r"[\d%x]\s*(?:[a-z]+\s+){0,2}(?:of|than|versus|vs\.?)\s+"
                              r"(?:the\s+|an?\s+)?$", re.I)
_OPEN_PAREN = re.compile(r"\s*\(\s*(?:[~≈]|about|roughly|up\s+to)?\s*")
_PAREN_ASIDE = re.compile(r"\s*\([^()]{1,60}\)")
_WHICH_HAS = re.compile(r",?\s+(?:which|that)\s+(?:[a-z]+\s+){1,3}(?:(?:about|roughly|around|up\s+"
                        r"to|nearly|some|over|more\s+than|just|only)\s+)?")
_OF_OWNER = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+)?")
_COUNTED_NAME = re.compile(r"(?<![\w.$€¥£-])\d[\d,.]*(?:\s*(?:thousand|million|billion|"
                           r"trillion|[KMB]))?\s+$")
_ABSOLUTE = re.compile(r"\s+(?!(?:during|according|including|regarding|following|using|"
                       r"something|nothing|anything|everything)\b)[a-z]+ing\b")
_SOURCE_BEFORE = re.compile(
    r"(?<![\w-])(?:according\s+to|(?:analysts?|researchers?|economists?|strategists?)\s+"
    r"(?:at|from|with)|data\s+from|(?:report|estimates?|survey|research)\s+(?:by|from)|"
    r"cited\s+by)\s+(?:(?:research|market|consulting|consultancy|analyst)\s+(?:firm|house|"
    r"group)\s+|the\s+)?$", re.I)


_ASIDE = re.compile(r",\s+(?:the|a|an|its|which|who|whose|once|now|formerly)\s[^,;()]{3,120}?,\s")


_DASH_ASIDE = re.compile(r"\s[—–]\s[^—–;]{1,120}?\s[—–]\s|—[^—–;]{1,120}?—")
_OPENING = re.compile(r"\s*(?:(?:the|a|an|this|that|its|their|our)\s+(?:[\w-]+\s+)?)?", re.I)


def _asides(text, q, mentions, sent_start, sent_end) -> dict[int, int]:
    """Asides set off by commas right after a name and before the figure:
    {end of the name: length of the aside}."""
    out = {}
    for c in mentions:
        lead = text[sent_start:c.start]
        # the name opens the sentence ("The follow-up MLU 370, the last model ..., can ...")
        if sent_start <= c.start and c.end < q.start <= sent_end and \
                _OPENING.fullmatch(lead):
            m = _ASIDE.match(text, c.end, q.start)
            if m:
                out[c.end] = m.end() - c.end
        # a parenthesis right after a name, anywhere: "The H20 (a cut-down H100) delivers"
        if c.end < q.start and sent_start <= c.start:
            m = _PAREN_ASIDE.match(text, c.end, q.start)
            if m:
                out[c.end] = m.end() - c.end
    return out


# a ratio can be of these ("0.72x" memory bandwidth); not of token prices, whose keywords
# ("input", "output") are too common to tell ("double this year's output")
_RATIO_OF = ("compute", "memory", "bandwidth", "power", "money")


def choose_metric(pack: Pack, q: Quantity, window: str, at: float | None = None) -> str:
    """The metric of a figure; `at` is where the figure sits in the window (prose), None for
    table rows and cells, whose whole window describes the figure."""
    if q.kind == "price_per_unit" and q.per in ("input", "output"):
        return f"{q.per} price"
    if q.kind == "other" and q.unit.endswith("/W"):
        return "power efficiency"
    if q.kind == "money" and q.per in _UNIT_PRICED:
        return "price"  # "120,000 yuan per card"
    if q.kind == "other" and q.count_noun and q.unit.endswith("/s"):
        return f"{q.count_noun} per second"
    if q.kind == "other" and q.unit == "years" and not pack.metrics_for("other"):
        return "duration"
    if q.kind == "ratio":
        # "0.72x" in a "Memory bandwidth" row is a memory bandwidth ratio; in prose the
        # nearest word wins ("nearly double NVIDIA's throughput at higher energy cost")
        metrics = [m for m in pack.metrics if m.kind in _RATIO_OF]
        if at is not None:
            metrics += pack.metrics_for("ratio")
            best = _nearest_metric(metrics, window, at)
            if best:
                return best.name if best.kind == "ratio" else f"{best.name} ratio"
        best = _best_metric(metrics, window)
        if best:
            return f"{best} ratio"
    candidates = pack.metrics_for(q.kind)
    if q.kind == "count" and q.count_noun:
        noun = q.count_noun.lower()
        # "2,048 H800 GPUs" near "14.8 trillion tokens" counts GPUs, not tokens: a metric
        # named by another count noun is not this figure's
        candidates = _count_metrics(pack, noun)
        for m in candidates:
            if m.pattern is not None and any(noun in k.lower() for k in m.keywords) \
                    and m.pattern.search(window):
                return m.name
        if noun not in _GENERIC_NOUNS:
            return q.count_noun  # "78,000 images", "17 billion transistors"
    if at is not None:
        # the figure's own clause first: "swung to a net profit of 1.04 billion yuan, compared
        # with a loss of 533 million yuan"
        fs, fe = at - (q.end - q.start) / 2, at + (q.end - q.start) / 2
        breaks = metric_clause_breaks(window)
        lo = max((m.end() for m in breaks if m.end() <= fs), default=0)
        hi = min((m.start() for m in breaks if m.start() >= fe), default=len(window))
        clause = _FROM_BEFORE.sub("from", window[lo:hi])
        best = _best_metric(candidates, clause)
        if q.kind == "percent" and best in (None, "growth", "decline") and \
                _COMPARATIVE.search(clause):
            # "power consumption was 40% lower": a technical figure relative to another
            technical = _best_metric([m for m in pack.metrics if m.kind in TECHNICAL], clause)
            if technical:
                return f"relative {technical}"
        if best:
            return best
    best = _best_metric(candidates, _FROM_BEFORE.sub("from", window))
    if best:
        return best
    if q.kind == "count" and q.count_noun:
        return q.count_noun
    default = next((m.name for m in candidates if m.pattern is None), None)
    return default or q.kind


_UNIT_PRICED = {"chip", "unit", "gpu", "card", "server", "rack"}
_METRIC_CLAUSE = re.compile(r"[;()—–]|,(?!\d)|\.\s+(?=[A-Z])|\b(?:compared\s+(?:with|to)|versus|"
                            r"while|whereas)\b", re.I)
# _METRIC_CLAUSE's marks, led by the class of their first characters (the engine skips to one),
# and its words, searched only when the window holds one: their matches never overlap (marks
# and words begin with different characters and hold none of the other's), so together they
# are _METRIC_CLAUSE's matches
_CLAUSE_MARKS = re.compile(r"[;()—–,.](?:(?<=[;()—–])|(?<=,)(?!\d)|(?<=\.)\s+(?=[A-Z]))", re.I)
_CLAUSE_WORDS = re.compile(r"\b(?:compared\s+(?:with|to)|versus|while|whereas)\b", re.I)


def metric_clause_breaks(window: str) -> list:
    """list(_METRIC_CLAUSE.finditer(window)), in order (the matches' spans are the same)."""
    marks = list(_CLAUSE_MARKS.finditer(window))
    if window.isascii() or not _FOLDS_TO_ASCII.intersection(window):
        low = window.lower()
        if not ("compared" in low or "versus" in low or "while" in low or "whereas" in low):
            return marks
    words = list(_CLAUSE_WORDS.finditer(window))
    return sorted(marks + words, key=lambda m: m.start()) if words else marks


_COMPARATIVE = re.compile(r"\b(?:lower|higher|less|more|faster|slower|smaller|larger|"
                          r"greater|fewer|of)\b", re.I)
_FROM_BEFORE = re.compile(r"\b(?:up|down)\s+from\b", re.I)  # "55%, up from 17%": a level, too
_GENERIC_NOUNS = {"chips", "units", "gpus", "accelerators", "processors", "cards", "devices",
                  "people"}
# counted people and organisations: they belong to a company or a service, not to a chip
PEOPLE_NOUNS = {"people", "employees", "staff", "workers", "engineers", "developers",
                "researchers", "customers", "users", "subscribers", "members", "partners",
                "companies", "accounts"}


def _nearest_metric(metrics, window: str, at: float):
    """The metric whose keyword stands closest to the figure (longer keywords win ties)."""
    best, best_key = None, None
    for m in metrics:
        if m.pattern is None:
            continue
        for hit in m.pattern.finditer(window):
            key = (min(abs(hit.start() - at), abs(hit.end() - at)), -len(hit.group(0)))
            if best_key is None or key < best_key:
                best, best_key = m, key
    return best


def _count_metrics(pack: Pack, noun: str) -> list:
    """The pack's count metrics that a count of `noun` may be (once per pack and noun)."""
    return list(_once(pack, ("count metrics", noun), _count_metrics_of, pack, noun))


def _count_metrics_of(pack: Pack, noun: str) -> list:
    nouns = _count_nouns(pack)
    same = PEOPLE_NOUNS if noun in PEOPLE_NOUNS else {noun}  # "800 people" may be staff
    allowed = same | _GENERIC_NOUNS
    return [m for m in pack.metrics_for("count") if not any(
        nouns.get(k.lower(), noun) not in allowed for k in m.keywords)]


def _once(obj, key, make, *args):
    """make(*args) for `obj` and `key`, computed once. Packs and metrics hold lists, so they cannot
    be hashed: what is made is kept by the object's id, beside the object itself (which keeps
    the id from being reused while it is here)."""
    got = _MADE.get((id(obj), key))
    if got is None or got[0] is not obj:
        got = _MADE[(id(obj), key)] = (obj, make(*args))
    return got[1]


_MADE: dict[tuple, tuple] = {}


def _count_nouns(pack: Pack) -> dict[str, str]:
    """The pack's count nouns and their labels in lower case, read once per pack."""
    return _once(pack, "count nouns", lambda: {n.lower(): label.lower()
                                               for n, label in pack.count_nouns.items()})


def _best_metric(metrics, window: str) -> str | None:
    """The metric with the longest keyword found in the window (the most specific wins)."""
    best, best_len = None, 0
    # a metric none of whose keywords' first words stands in the window (in any case) has no
    # match: passed without a search. (Its pattern ignores case, and so matches four letters
    # beyond ASCII with ASCII ones: the Kelvin sign with "k", a long s with "s", a dotless
    # and a dotted capital I with "i"; a window with one of them is searched.)
    low = window.lower() if window.isascii() or not _FOLDS_TO_ASCII.intersection(window) \
        else None
    for m in metrics:
        if m.pattern is None:
            continue
        if low is not None:
            heads = _once(m, "heads", _keyword_heads, m.keywords, m.pattern)
            if heads is not None and not any(map(low.__contains__, heads)):
                continue
        for hit in m.pattern.finditer(window):
            if len(hit.group(0)) > best_len:
                best, best_len = m.name, len(hit.group(0))
    return best


_FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")


@lru_cache(maxsize=512)
def _keyword_heads(keywords: tuple[str, ...], pattern: re.Pattern) -> tuple[str, ...] | None:
    """The first words of a metric's keywords in lower case: a match of its pattern (the pack's
    keyword_pattern: the keywords, spaces as [\\s-]+, ignoring case) holds one of them in the
    window's lower case. None when a keyword is not ASCII or the pattern is another one (then
    the window is searched)."""
    if not all(k.isascii() for k in keywords) or pattern.pattern != keyword_pattern(
            keywords).pattern or pattern.flags != keyword_pattern(keywords).flags:
        return None
    return tuple(k.split(" ")[0].lower() for k in keywords)


def qualifiers(pack: Pack, q: Quantity, window: str, near: str, at: float | None = None,
               others: tuple[tuple[int, int], ...] = ()) -> dict:
    """Qualifiers stated in the window around a figure (`near` is the closest part; `at` is
    where the figure sits in the window; `others` are the spans, in `near`, of the other
    figures there)."""
    at = len(window) / 2 if at is None else at
    found: dict = {}
    spec = pack.qualifiers
    if q.kind in ("compute", "ratio"):
        precisions = spec.get("precision") or []
        if precisions:
            # the precision nearest the figure: "25 TFLOPS of FP32 and 100 TFLOPS of FP16"
            hits = [(abs((h.start() + h.end()) / 2 - at), h.group(1))
                    for h in _any_word(tuple(precisions)).finditer(window)]
            if hits:
                found["precision"] = min(hits)[1]
    for name in ("sparsity",) if q.kind in ("compute", "ratio") else ():
        # form factor comes from the subject (a pack variant)
        # the stated value nearest the figure ("989 TFLOPS dense ... 1,979 TFLOPS with sparsity")
        best = None
        for value, words in (spec.get(name) or {}).items():
            for w in words:
                for m in _one_word(w).finditer(window):
                    d = abs((m.start() + m.end()) / 2 - at)
                    if best is None or d < best[0]:
                        best = (d, value)
        if best:
            found[name] = best[1]
    years = [m for m in _YEAR.finditer(near)]
    here = near.find(q.value_text) if q.value_text else -1
    if here >= 0 and _RELATIVE_TIME.match(near, here + len(q.value_text)):
        years = []  # "$65 billion next year": a time of its own, not a year said nearby
    if years and here >= 0:
        # the nearest year with no other figure between it and this one ("55% by 2027, up from
        # 17% in 2024": 2027 and 2024); a year said after an earlier figure is that figure's
        # when words between move this one to another time ("$40 billion in 2025, up from $28
        # billion")
        there = here + len(q.value_text)
        # (a digit inside a name, "MI300 chips in 2025", is no figure between them)
        clear = [y for y in years if not _LONE_DIGIT.search(_DATE_WORDS.sub(
            "", near[y.end():here] if y.end() <= here else near[there:y.start()]))
            and not (y.end() <= here and (_MOVES_ON.search(near, y.end(), here)
                                          or _TO_AFTER.match(near, y.end()))
                     and (_FIGURE_BEFORE.search(near[:y.start()])
                          or _figure_just_before(others, near, y.start())))]
        if clear:
            found["period"] = min(clear, key=lambda y: min(abs(y.start() - there),
                                                           abs(here - y.end()))).group(1)
    elif years:
        found["period"] = years[-1].group(1)
    # "revenue for the third quarter ... of $35.1 billion", "Q4 revenue of $37.5 billion": the
    # quarter (or half) nearest before the figure, unless a figure stands between them; else
    # one right after it ("... for the first half of 2025")
    figure_at = max(0, int(at - (q.end - q.start) / 2))
    quarters = list(_QUARTER.finditer(window, 0, figure_at)) if _may_name_a_quarter(
        window[:figure_at]) else []
    m = None
    if quarters and not _ANY_DIGIT.search(_DATE_WORDS.sub("", window[quarters[-1].end():
                                                                    figure_at])):
        m = quarters[-1]
    else:  # "revenue of 2.88 billion yuan for the first half of 2025"
        after = _QUARTER_AFTER.match(window, min(len(window), int(at + (q.end - q.start) / 2)))
        m = _QUARTER.match(window, after.end()) if after else None
    if m and (m["h"] or m["hword"]):  # "the first half of 2025", "H1 revenue"
        found["half"] = f"H{m['h'] or _QUARTER_WORDS[m['hword'].lower()]}"
    elif m:
        found["quarter"] = f"Q{m['n'] or _QUARTER_WORDS[m['word'].lower()]}"
    for flag in ("projected", "estimate"):
        words = spec.get(flag) or []
        hit = _any_word(tuple(words), re.I).search(near) if words else None
        if hit and flag == "estimate" and here >= 0 and any(
                hit.start() < e <= here for _, e in others):
            # "rose from an estimated 120,000 in 2024 to roughly 280,000": the word is said
            # of the figure between
            hit = None
        if hit:
            found[flag] = True
    if q.notes.get("estimate"):
        found["estimate"] = True
    return found


def _may_name_a_quarter(text: str) -> bool:
    """Can _QUARTER match in `text`? Each match holds "quarter", "half" or Q or H and a digit,
    in any case (letters no character beyond ASCII matches ignoring case)."""
    low = text.lower()
    return "quarter" in low or "half" in low or _Q_OR_H.search(low) is not None


_Q_OR_H = re.compile(r"[qh][1-4]")


@lru_cache(maxsize=64)
def _any_word(words: tuple[str, ...], flags: int = 0) -> re.Pattern:
    """Any of a pack's words, standing alone: compiled once, not once per figure."""
    return re.compile(r"(?<![\w])(" + "|".join(map(re.escape, words)) + r")(?![\w])", flags)


@lru_cache(maxsize=256)
def _one_word(word: str) -> re.Pattern:
    """A pack's word in any case, not inside a longer word or a hyphenated one."""
    return re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])", re.I)


def metric_label(metric: str, quals: dict) -> str:
    if metric == "compute" and quals.get("precision"):
        return f"{quals['precision']} compute"
    return metric


# -- across the figures of one text ---------------------------------------------------------------
# words that move a figure to another time than the one stated before it: "from", "by", "next",
# "rose", "a year ago"; a figure after one of these keeps only the period stated for itself
_TIME_SHIFT = re.compile(r"\b(?:from|to|until|till|by|since|before|after|then|later|earlier|"
                         r"next|last|previous|prior|ago|once|when|whereas|but|versus|vs|"
                         r"compared|than|year|years|quarter|quarters|month|months|annual|"
                         r"annually|rise|rises|rose|risen|grow|grows|grew|grown|climb|climbs|"
                         r"climbed|fall|falls|fell|fallen|drop|drops|dropped|reach|reaches|"
                         r"reached|up|down|double|doubles|doubled|now|today|currently)\b", re.I)
_TIME_FLAGS = ("half", "quarter")
# between a year said of one figure and the next figure: words that compare the next figure
# with the first, so the year is not the next one's ("$40 billion in 2025, up from $28 billion")
# ("... from $20 billion in 2024 to $190 billion": "to" right after the year)
_MOVES_ON = re.compile(r"\b(?:from|since|versus|vs|compared|than|ago)\b", re.I)
_TO_AFTER = re.compile(r"\W*(?:and\s+)?to\b", re.I)
# a figure (not a product number, "MI300X") shortly before a year: "$40 billion in 2025"
_FIGURE_BEFORE = re.compile(r"(?:[$€£¥]\s?\d[\d,.]*|\d[\d,.]*\s*(?:%|x\b|per\s?cent|billion|"
                            r"million|trillion|bn\b|[kKMBT]\b|[A-Za-z]{1,4}/s\b|[GT]B\b|W\b))"
                            r"[^\d]{0,25}$")
def _figure_just_before(others: tuple[tuple[int, int], ...], near: str, pos: int) -> bool:
    """Another figure ends shortly before `pos` with no number between ("120,000 in 2024",
    "500,000 units in 2023"): a year there is said of that figure."""
    return any(e <= pos and pos - e <= 25 and not re.search(r"\d", near[e:pos])
               for _, e in others)


# a time said right after a figure, relative to the text's own time: "$65 billion next year"
_RELATIVE_TIME = re.compile(r"[\s,]*(?:(?:in|for|during|over)\s+)?(?:(?:the\s+)?(?:next|last|"
                            r"this|previous|prior|coming|following)\s+(?:year|quarter|month|"
                            r"half|decade)|a\s+year\s+(?:ago|earlier|later|before)|"
                            r"(?:one|two|three|four|five|\d+)\s+years?\s+(?:ago|earlier|"
                            r"later))\b", re.I)


def _same_figure_line(a: dict, b: dict) -> bool:
    """Two figures said of one thing (the same subject) or of one measure (the same kind and
    metric): a period stated for one is stated for the other."""
    if a["subject"] is not None and a["subject"] == b["subject"]:
        return True
    return a["kind"] == b["kind"] and a["metric"] == b["metric"]


def _shifted(text: str, period: str) -> bool:
    """The text between two figures moves the second to another time (the stated period's own
    mention, "in 2026", does not)."""
    rest = re.sub(rf"\b(?:in|for|during|of)?\s*(?:FY\s?)?{re.escape(period)}\b", " ", text)
    return bool(_TIME_SHIFT.search(rest) or _YEAR.search(rest) or _QUARTER.search(rest))


def carry_periods(claims: list[dict], text: str, sents: list[tuple[int, int]],
                  goes_on: re.Pattern) -> None:
    """A period stated once in a sentence is the period of the sentence's later figures of the
    same subject or measure ("Meta puts $65 billion into capex in 2027; analysts place Microsoft
    at $80 billion"; "the Rubin lands in 2027 with 288 GB of memory and 13 TB/s"), unless words between them move to another time ("from", "by", "rose", another
    year). A sentence that goes on from the one before ("It ...", "That ...") and states no
    period carries that sentence's one period the same way. Table figures keep their own."""
    prose = sorted((c for c in claims if not c["in_table"]), key=lambda c: c["start"])
    starts = [s for s, _ in sents]

    def sentence_of(c):
        return max(0, bisect.bisect_right(starts, c["start"]) - 1)

    by_sentence: dict[int, list[dict]] = {}
    for c in prose:
        by_sentence.setdefault(sentence_of(c), []).append(c)
    for si in sorted(by_sentence):
        here = by_sentence[si]
        stated = {c["qualifiers"].get("period") for c in here} - {None}
        if not stated and si > 0 and sents and goes_on.match(text, sents[si][0]):
            p0, p1 = sents[si - 1]
            before = by_sentence.get(si - 1, [])
            if before:
                periods = {c["qualifiers"].get("period") for c in before} - {None}
            else:  # a sentence with no figure that says when: "AMD ships the MI400 in 2026."
                periods = {y.group(1) for y in _YEAR.finditer(text, p0, p1)}
            if len(periods) == 1:
                period = next(iter(periods))
                for c in here:
                    if c["qualifiers"].get("period") or any(c["qualifiers"].get(k)
                                                            for k in _TIME_FLAGS) \
                            or _RELATIVE_TIME.match(text, c["end"]):
                        continue
                    if before:
                        said_of = any(_same_figure_line(b, c) for b in before
                                      if b["qualifiers"].get("period") == period)
                    else:
                        # the figure's subject is named there ("It" refers back to it)
                        said_of = any(name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)",
                                                         text[p0:p1])
                                      for name in (c["subject"], c["subject_text"]))
                    if said_of and not _shifted(text[sents[si][0]:c["start"]], period):
                        c["qualifiers"]["period"] = period
            continue
        if len(stated) != 1:
            continue  # two periods in one sentence: each figure keeps the one said of it
        period = next(iter(stated))
        for i, c in enumerate(here):
            if c["qualifiers"].get("period") or any(c["qualifiers"].get(k) for k in _TIME_FLAGS) \
                    or _RELATIVE_TIME.match(text, c["end"]):
                continue
            source = next((b for b in reversed(here[:i]) if b["qualifiers"].get("period")
                           and _same_figure_line(b, c)), None)
            if source is not None and not _shifted(text[source["end"]:c["start"]], period):
                c["qualifiers"]["period"] = period


# a time named against the text's own date: "this year", "next quarter", "a year ago"
_RELATIVE = re.compile(
    r"(?<![\w-])(?:(?P<this>this|the\s+current|the\s+present)|(?P<next>next|the\s+coming|"
    r"the\s+following)|(?P<last>last|the\s+previous|the\s+prior))\s+(?P<unit>year|quarter)"
    r"(?![\w-])|(?<![\w-])(?P<n>a|one|two|three|four|five)\s+(?P<unit2>year|quarter)s?\s+"
    r"(?P<ago>ago|earlier)(?![\w-])", re.I)
_RELATIVE_N = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_ISO_DATE = re.compile(r"((?:19|20)\d\d)-(0[1-9]|1[0-2])")
_SENTENCE_OPENING = re.compile(r"\s*[\"“]?$")


def _resolve(m: re.Match, year: int, month: int) -> dict:
    """The period a relative time names, from the year and month the text was published."""
    unit = (m["unit"] or m["unit2"]).lower()
    step = 0 if m["this"] else 1 if m["next"] else -1 if m["last"] else \
        -_RELATIVE_N[m["n"].lower()]
    if unit == "year":
        return {"period": str(year + step)}
    q = (year * 4 + (month - 1) // 3) + step
    return {"period": str(q // 4), "quarter": f"Q{q % 4 + 1}"}


def relative_periods(claims: list[dict], text: str, sents: list[tuple[int, int]],
                     published: str) -> None:
    """"ship more than 450,000 chips this year", "Last quarter, revenue was ...": a time named
    against the text's date (`published`, ISO) is the period of the figure it is said of: the
    figure before it in its clause, or the sentence's first figure when it opens the sentence.
    Figures whose period is stated keep it; table figures keep their headers'."""
    d = _ISO_DATE.match(published or "")
    if not d or "this" not in text.lower() and "next" not in text.lower() and \
            "last" not in text.lower() and not re.search(r"\bago\b|\bearlier\b|coming|"
                                                        r"current|previous|prior|present|"
                                                        r"following", text, re.I):
        return
    year, month = int(d.group(1)), int(d.group(2))
    prose = sorted((c for c in claims if not c["in_table"]), key=lambda c: c["start"])
    starts = [s for s, _ in sents]
    for i, c in enumerate(prose):
        if c["qualifiers"].get("period") or any(c["qualifiers"].get(k) for k in _TIME_FLAGS):
            continue
        si = max(0, bisect.bisect_right(starts, c["start"]) - 1)
        s0, s1 = sents[si] if sents else (0, len(text))
        nxt = next((o["start"] for o in prose[i + 1:] if o["start"] >= c["end"]), s1)
        stop = min(s1, nxt, c["end"] + 60)
        clause = _METRIC_CLAUSE.search(text, c["end"], stop)
        m = _RELATIVE.search(text, c["end"], clause.start() if clause else stop)
        if m is not None and _YEAR.search(text, c["end"], m.start()):
            continue  # "500,000 chips in 2025 and more this year": the year is said
        if m is None:
            first = not any(s0 <= o["start"] < c["start"] for o in prose if o is not c)
            m = _RELATIVE.search(text, s0, c["start"]) if first else None
            if m is not None and not (_SENTENCE_OPENING.match(text[s0:m.start()]) or
                                      text[s0:m.start()].strip().lower() in ("in", "for",
                                                                             "over", "during")):
                m = None
        if m is not None:
            c["qualifiers"].update(_resolve(m, year, month))


# -- one figure, one owner -----------------------------------------------------------------------
def _more_specific(general: str, specific: str, entities: dict) -> bool:
    """Does `specific` name a thing of `general`'s: its product or variant ("DeepSeek" ->
    "DeepSeek-V3.2", "NVIDIA" -> "NVIDIA H100"), by the pack or by the name going on?"""
    if general == specific:
        return False
    entity = entities.get(specific)
    if entity is not None and general in (entity.vendor, entity.variant_of):
        return True
    return specific.startswith(general) and specific[len(general):len(general) + 1] in " -"


def one_owner_per_figure(claims: list[dict], entities: dict) -> None:
    """A figure said twice in one text of the same measure, once of a company (or a product
    line) and once of its product ("DeepSeek asks $0.28 per million input tokens" and a price
    table's "DeepSeek-V3.2 | $0.28"), is one figure of the most specific thing the text names.
    Shares and factors recur by chance and keep their own; so do small counts."""
    by_figure: dict[tuple, list[dict]] = {}
    for c in claims:
        if c["subject"] is None or c["kind"] in ("percent", "ratio") or (
                c["kind"] == "count" and (c["value"] or c["high"] or 0) < 1000):
            continue
        key = (c["kind"], c["metric"], c["unit"],
               *(None if v is None else float(f"{v:.9g}")  # ($0.40 per million tokens)
                 for v in (c["value"], c["low"], c["high"])))
        by_figure.setdefault(key, []).append(c)
    for same in by_figure.values():
        subjects = {c["subject"] for c in same}
        if len(subjects) < 2:
            continue
        for c in same:
            narrower = [o for o in same if _more_specific(c["subject"], o["subject"], entities)]
            if not narrower:
                continue
            best = max(narrower, key=lambda o: len(o["subject"]))
            if any(_more_specific(best["subject"], o["subject"], entities) for o in narrower):
                continue  # a chain the text does not settle
            c["subject"], c["subject_family"] = best["subject"], best["subject_family"]
            for k in ("form_factor",):
                if k in best["qualifiers"]:
                    c["qualifiers"].setdefault(k, best["qualifiers"][k])


# -- what a ratio compares with -------------------------------------------------------------------
# after a ratio, the words that lead to what it compares with: "twice the 950's capabilities",
# "3x faster than the H100", "one-sixth of the price of comparable US models", "nearly doubles
# NVIDIA's throughput", "0.81x the NVIDIA figure"
_REFERENCE_LEAD = re.compile(
    r"\s*(?:(?:as\s+)?(?:[a-z]+er|more|less|as\s+\w+|(?:the\s+)?(?:performance|speed|"
    r"capabilit\w+|throughput|compute|bandwidth|memory|power|price|cost|output|capacity))\s+)?"
    r"(?:than|as|over|of|versus|vs\.?|compared\s+(?:with|to)|relative\s+to|against|that\s+of|"
    r"the\s+(?:[a-z]+\s+){0,2}of|the|those\s+of)?\s*(?:the\s+|its\s+|their\s+)?", re.I)
_REFERENCE_WORDS = re.compile(
    r"(?P<np>(?:its|their|the)\s+(?:predecessors?|previous\s+generation|prior\s+generation|"
    r"last\s+generation|previous\s+model|older\s+\w+)|(?:comparable|rival|competing|"
    r"previous|prior|earlier)\s+(?:[\w-]+\s+){0,2}?(?:models?|chips?|GPUs?|products?|"
    r"systems?|generations?|versions?))(?![\w-])", re.I)
_RATIO_TOLERANCE = 0.03


def _close_ratio(r: float, a: float, b: float) -> bool:
    return b > 0 and a > 0 and abs(a / b - r) <= _RATIO_TOLERANCE * r


def _ratio_matches(c: dict, a: dict, b: dict) -> bool:
    """Is ratio claim `c` the figure of `a` divided by that of `b` ("800 TFLOPS" / "989 TFLOPS"
    = "0.81x"; "400-500 W" / "700 W" = "0.57-0.71x")?"""
    if b["value"] is None:
        return False
    if c["value"] is not None and a["value"] is not None:
        return _close_ratio(c["value"], a["value"], b["value"])
    if c["low"] is not None and a["low"] is not None and a["value"] is None:
        return _close_ratio(c["low"], a["low"], b["value"]) and \
            _close_ratio(c["high"], a["high"], b["value"])
    return False


def ratio_references(claims: list[dict], text: str, sents: list[tuple[int, int]],
                     mentions: list, generic: set[tuple[str, str]]) -> list[dict]:
    """What each ratio compares with, as `relative_to`: the figure it is the quotient of (two
    figures of one measure in its row or sentence whose quotient it is: "989 TFLOPS | ~800
    TFLOPS | 0.81x"), else the name or the thing the words after it lead to ("twice the 950's
    capabilities", "faster than its predecessor"). A ratio in prose that says neither what it
    measures nor what it compares with ("offers twice") is no claim: it is dropped."""
    if not any(c["kind"] == "ratio" for c in claims):
        return claims
    starts = [s for s, _ in sents]

    def sentence_of(c):
        return max(0, bisect.bisect_right(starts, c["start"]) - 1)

    keep = []
    for c in claims:
        if c["kind"] != "ratio" or c["qualifiers"].get("relative_to"):
            keep.append(c)
            continue
        if c["in_table"]:
            near = [o for o in claims if o["in_table"] and o["sentence"] == c["sentence"]]
        else:
            si = sentence_of(c)
            near = [o for o in claims if not o["in_table"] and sentence_of(o) in (si, si - 1)]
        near = [o for o in near if o is not c and o["kind"] != "ratio" and o["subject"]]
        pairs = [(a, b) for a in near for b in near if a["subject"] != b["subject"]
                 and a["kind"] == b["kind"] and a["unit"] == b["unit"] and _ratio_matches(c, a, b)]
        pairs.sort(key=lambda p: (p[0]["subject"] != c["subject"],
                                  abs(p[0]["start"] - c["start"])))
        if pairs:
            a, b = pairs[0]
            if c["subject"] is None or c["in_table"]:
                # a table's ratio column has no name of its own: it is the quotient's
                c["subject"], c["subject_text"] = a["subject"], a["subject_text"]
                c["subject_family"] = a["subject_family"]
            # ("a 36x difference" said of the cheaper one compares it with the dearer one)
            c["qualifiers"]["relative_to"] = b["subject"] if c["subject"] != b["subject"] \
                else a["subject"]
        elif not c["in_table"]:
            ref, measure = _said_reference(
                text, c, sents[sentence_of(c)][1] if sents else len(text), mentions)
            if ref:
                c["qualifiers"]["relative_to"] = ref
                if measure and (c["kind"], c["metric"]) in generic:
                    c["metric"] = f"{measure.lower()} ratio"  # "the 950's capabilities"
        keep.append(c)
    return keep


_REFERENCE_CLAUSE = re.compile(r"[;()—–]|,(?!\d)|\.\s+(?=[A-Z])|\b(?:while|whereas|but)\b", re.I)
_OWNED_MEASURE = re.compile(r"['’]s?\s+(?P<noun>[a-z][a-z-]{2,}(?:\s+[a-z][a-z-]{2,})?)\b")


def _said_reference(text: str, c: dict, sent_end: int,
                    mentions: list) -> tuple[str | None, str | None]:
    """The name (or the thing: "its predecessor", "comparable US models") the words right after
    a ratio lead to, within its clause, and the measure said as that name's ("the 950's
    capabilities")."""
    lead = _REFERENCE_LEAD.match(text, c["end"], sent_end)
    at = lead.end() if lead else c["end"]
    clause = _REFERENCE_CLAUSE.search(text, c["end"], sent_end)
    stop = min(clause.start() if clause else sent_end, at + 40)
    for m in mentions:
        if at <= m.start < stop and m.canonical != c["subject"] and \
                not re.search(r"\d", text[c["end"]:m.start].replace(m.text, "")):
            if m.start - at <= 12 or re.fullmatch(r"[\s\w-]*", text[at:m.start]):
                owned = _OWNED_MEASURE.match(text, m.end - 2 if m.text.endswith(("'s", "’s"))
                                             else m.end)
                return m.canonical, owned["noun"] if owned else None
    found = _REFERENCE_WORDS.search(text, c["end"], min(stop + 20, sent_end))
    if found and not re.search(r"\d", text[c["end"]:found.start()]):
        return re.sub(r"^(?:its|their|the)\s+", "", found["np"], flags=re.I), None
    return None, None


_WHEN_KEYS = ("period", "half", "quarter", "projected")


def _same_figure_value(a: dict, b: dict) -> bool:
    x, y = (a["value"], a["low"], a["high"]), (b["value"], b["low"], b["high"])
    return all((p is None and q is None) or (p is not None and q is not None and
               abs(p - q) <= 0.005 * max(abs(p), abs(q))) for p, q in zip(x, y))


def headline_times(text: str, claims: list[dict]) -> None:
    """A headline's figure that the body says again of the same thing is said of the body's
    time: "Huawei's AI chip sales head for $12 billion" over "approximately $12 billion of AI
    chip revenue in 2026" is 2026's (and projected when the body's is)."""
    first = text.find("\n")
    if first < 0 or first > 300 or re.search(r"[.!?]\W*$", text[:first]):
        return  # a first line that ends as a sentence is no headline
    body = [c for c in claims if c["start"] > first and not c["in_table"]]
    for c in claims:
        if c["start"] >= first or c["in_table"] or c["kind"] in ("percent", "ratio") or \
                any(c["qualifiers"].get(k) for k in ("period", "half", "quarter")):
            continue
        same = [b for b in body if b["kind"] == c["kind"] and b["subject"] == c["subject"]
                and b["metric"] == c["metric"] and _same_figure_value(b, c)]
        whens = {tuple((k, b["qualifiers"].get(k)) for k in _WHEN_KEYS) for b in same}
        if len(whens) == 1:
            for k, v in next(iter(whens)):
                if v:
                    c["qualifiers"][k] = v


def carry_projected(claims: list[dict], text: str, sents: list[tuple[int, int]]) -> None:
    """"will join 8,192 chips for 8 exaflops ..., with 1,152 TB of memory": a figure said as
    planned makes the later figures of the same thing in its sentence planned too, unless words
    between move to another time."""
    prose = sorted((c for c in claims if not c["in_table"]), key=lambda c: c["start"])
    starts = [s for s, _ in sents]
    by_sentence: dict[int, list[dict]] = {}
    for c in prose:
        by_sentence.setdefault(max(0, bisect.bisect_right(starts, c["start"]) - 1), []).append(c)
    for here in by_sentence.values():
        for i, c in enumerate(here):
            if c["qualifiers"].get("projected"):
                continue
            source = next((b for b in reversed(here[:i]) if b["qualifiers"].get("projected")
                           and b["subject"] == c["subject"]), None)
            if source is not None and not _TIME_SHIFT.search(text, source["end"], c["start"]) \
                    and not _YEAR.search(text, source["end"], c["start"]):
                c["qualifiers"]["projected"] = True


def later_than_published(claims: list[dict], published: str | None) -> None:
    """A figure of a year after the text's own is a plan or a forecast: projected."""
    d = _ISO_DATE.match(published or "")
    if not d:
        return
    year = int(d.group(1))
    for c in claims:
        period = c["qualifiers"].get("period")
        if isinstance(period, str) and re.fullmatch(r"\d{4}", period) and int(period) > year:
            c["qualifiers"]["projected"] = True


def generic_metrics(pack: Pack) -> set[tuple[str, str]]:
    """(kind, name) of the catch-all metrics: the ones with no keyword ("bandwidth", "ratio",
    "amount") whose name no metric with keywords shares."""
    named = {(m.kind, m.name) for m in pack.metrics if m.pattern is not None}
    return {(m.kind, m.name) for m in pack.metrics
            if m.pattern is None and (m.kind, m.name) not in named}


def _agree(a: dict, b: dict) -> bool:
    def mid(c):
        if c["value"] is not None:
            return c["value"]
        if c["low"] is not None and c["high"] is not None:
            return (c["low"] + c["high"]) / 2
        return None
    x, y = mid(a), mid(b)
    if x is None or y is None or a["unit"] != b["unit"]:
        return False
    if abs(x - y) > 0.05 * max(abs(x), abs(y)):
        return False
    qa, qb = a["qualifiers"], b["qualifiers"]
    return all(qa[k] == qb[k] for k in qa.keys() & qb.keys()
               if k not in ("projected", "estimate"))


def one_metric_label(claims: list[dict], generic: set[tuple[str, str]]) -> None:
    """One text, one name for one figure: a figure under a catch-all metric ("ratio 0.58x")
    takes the specific metric ("relative performance 0.58x") when the text gives the same
    figure of the same thing under exactly one specific metric of its kind."""
    by_thing: dict[tuple, list[dict]] = {}
    for c in claims:
        thing = c["subject_family"] or c["subject"]
        if thing is not None:
            by_thing.setdefault((thing, c["kind"]), []).append(c)
    for group in by_thing.values():
        for c in group:
            if (c["kind"], c["metric"]) not in generic:
                continue
            named = {o["metric"] for o in group if o is not c
                     and (o["kind"], o["metric"]) not in generic and _agree(c, o)}
            if len(named) == 1:
                c["metric"] = named.pop()


# searched before every figure or through whole texts: each skips the positions where no
# match can start (extract.scan.skipping; the same matches)
for _name in ("_SOURCE_BEFORE", "_QUARTER", "_YEAR", "_COMPARATIVE", "_FOUNDRY_WORDS",
              "_COUNTED_NAME", "_CLAUSE_OPENING"):
    globals()[_name] = skipping(globals()[_name])
del _name
