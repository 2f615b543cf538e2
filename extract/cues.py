"""What the sentence's grammar says about who owns a figure: cues the ranker learns weights for.

No parser is installed, so each cue reads a short stretch of text around the figure and the
candidate by its words and punctuation (English function words and common verbs, never a
name):

- the verb that states a figure ("X offers 4.5 PFLOPS", "Y that features 192 GB") has its
  subject as the nearest name before it: `verb_subject`;
- a name announced, launched or introduced is the thing the figures are about, not whoever
  announced it ("A unveiled B, a plan to spend $40B"): `announced_object`, `announcer`;
- a figure that is itself the reference of a comparison ("(from 1200 W)", "vs. 37 TF on B",
  "up from $3B") belongs to the thing compared with (`ref_compared`), and a name after a
  comparison word in its own sentence is rarely the owner otherwise (`compared_here`);
- a name right after the figure joined by a preposition ("37 TF on the B200", "100% upfront
  for H200 chips", "45% in China"): `after_on`, `after_for`, `after_in`;
- a count names what it counts ("300,000 Ascend 910B chips"): `counts_this`, unless the count
  is of the tools something was done with ("trained using 2,048 X GPUs"): `counts_tool`;
- a count of bare units ("orders passed 2 million units", "targets 600k dies") is of a product
  its sentence names: `bare_units_product`;
- the first name of the clause that holds the figure (after "that", "said", ", while", ";"):
  `clause_first`;
- the other party of a deal ("an agreement with X", "a $20B X deal"): `counterparty`.

One function, `grammar_cues`, gives the features of every candidate of one figure; ranker.py
adds them to the rest.
"""
from __future__ import annotations

import bisect
import re

# verbs that state a figure the subject has, does or reaches
_HAVE_VERB = re.compile(
    r"(?<![\w-])(?:has|have|had|features?|featured|featuring|offers?|offered|offering|"
    r"delivers?|delivered|delivering|provides?|provided|providing|packs?|packed|packing|"
    r"boasts?|boasted|boasting|sports|carries|carried|carrying|includes?|included|including|"
    r"integrates?|integrated|reaches|reached|achieves?|achieved|hits|posted|posts|reports?|"
    r"reported|generated?|generates|earned|earns|shipped|ships|sold|sells|produced?|produces|"
    r"consumes?|consumed|draws?|drew|uses?|used|requires?|required|needs?|needed|costs?|"
    r"raised|raises|spent|spends|invests?|invested|expects?|expected|targets?|targeted|"
    r"plans?|planned|aims?|aimed|comes\s+with|came\s+with|is|are|was|were|will|would)"
    r"(?![\w-])")
_ANNOUNCE_BEFORE = re.compile(
    r"(?<![\w-])(?:announced|announces|announce|announcing|unveiled|unveils|unveil|unveiling|"
    r"launched|launches|launch|launching|introduced|introduces|introduce|introducing|revealed|"
    r"reveals|debuted|debuts|released|releases|showed|shows|showcased|showcases|detailed|"
    r"details|presented|presents|rolled\s+out|rolls\s+out)\s+(?:(?:the|its|their|a|an|new|own)\s+)*$",
    re.I)
_ANNOUNCE_AFTER = re.compile(
    r"\s+(?:\w+ly\s+|later\s+|also\s+|then\s+|has\s+|have\s+|had\s+)?(?:announced|announces|"
    r"unveiled|unveils|launched|launches|introduced|introduces|revealed|reveals|debuted|"
    r"released|releases|showcased|presented|rolled\s+out|said|says|told|disclosed|confirmed)"
    r"(?![\w-])")
# of those, the verbs that give a thing's own figures ("X features 192 GB")
_SPEC_VERB = re.compile(
    r"has|have|had|features?|featured|featuring|offers?|offered|offering|delivers?|delivered|"
    r"delivering|provides?|provided|providing|packs?|packed|packing|boasts?|boasted|boasting|"
    r"sports|carries|carried|carrying|integrates?|integrated|reaches|reached|achieves?|achieved|"
    r"comes\s+with|came\s+with|consumes?|consumed|draws?|drew")
# what stands right before a figure that is a comparison's reference
_REF_BEFORE = re.compile(
    r"(?:\(\s*(?:from|vs\.?|versus|compared\s+(?:with|to)|up\s+from|down\s+from)|"
    r"(?<![\w-])(?:from|vs\.?|versus|than|compared\s+(?:with|to)|relative\s+to|against|"
    r"up\s+from|down\s+from|over|beyond|above|below))\s+(?:the\s+|an?\s+|just\s+|about\s+|"
    r"roughly\s+|nearly\s+|around\s+|some\s+)?$", re.I)
_AFTER_PREP = re.compile(
    r"^(?:\s*[)\]]?\s*(?:[\w./+%-]+\s+){0,3}?)?\s*(?P<p>on|for|in|at|with|from|inside|per)\s+"
    r"(?:the\s+|an?\s+|its\s+|their\s+|each\s+|every\s+)?$", re.I)
_TOOL_BEFORE = re.compile(r"(?<![\w-])(?:using|with|on|across|over|by|via)\s+(?:(?:about|some|"
                          r"roughly|around|nearly|up\s+to|more\s+than|over)\s+)?$", re.I)
_REF_WORDS = set("""from vs vs. versus than with to against over beyond above below using on
across by via""".split())   # (a word one of the two patterns above needs: speed)
# a count of bare units of some product ("orders passed 2 million units", "targets 600k dies")
_BARE_UNITS = re.compile(r"\s+(?:more\s+|additional\s+|such\s+)?(?:units?|chips?|dies|cards?|"
                         r"processors?|accelerators?|GPUs?|wafers?)(?![\w-])")
_COUNT_GAP = re.compile(r"^\s*(?:(?:more|fewer|of|the|its|their|[a-z]+-?[a-z]*)\s+)?$")
# where a clause opens: the figure's clause starts after the last of these in its sentence
_CLAUSE_OPEN = re.compile(
    r"[;:]\s|\s[—–]\s|—|,\s*(?:while|whereas|but|and|although|though|as|with|when|which)\s|"
    r"(?<![\w-])(?:that|said|says|reports?|reported|noted|notes|while|whereas)\s", re.I)
_COMPARED_BEFORE = re.compile(
    r"(?<![\w-])(?:than|vs\.?|versus|compared\s+(?:with|to)|relative\s+to|as|from|over|against|"
    r"unlike|outperform\w*|beat\w*|exceed\w*|surpass\w*|trail\w*|behind|rival\w*|match\w*)"
    r"\s+(?:(?:the|an?|its|their|previous|prior|last|older|earlier|[\w-]+-generation)\s+)*$",
    re.I)
# the words that may end the patterns above before a name, and those that may stand between
_FILLERS = {"the", "a", "an", "its", "their", "new", "own", "previous", "prior", "last",
            "older", "earlier"}
_TRIGGERS = set("""announced announces announce announcing unveiled unveils unveil unveiling
launched launches launch launching introduced introduces introduce introducing revealed reveals
debuted debuts released releases showed shows showcased showcases detailed details presented
presents out than vs vs. versus with to as from over against unlike behind""".split())
_COMPARE_STEMS = ("outperform", "beat", "exceed", "surpass", "trail", "rival", "match")
_SENTENCE_END = re.compile(r".*(?:[.!?]\s|\n)", re.S)
_PARTY_BEFORE = re.compile(r"(?<![\w-])(?:with|to|from)\s+(?:the\s+)?$", re.I)
_NOT_PARTY = re.compile(r"(?:compared|relative|up|down|comparable|similar|equal|close)\s+"
                        r"(?:with|to|from)\s+(?:the\s+)?$", re.I)
_PARTY_AFTER = re.compile(r"\s+(?:deal|deals|agreement|agreements|contract|contracts|"
                          r"partnership|order|orders|commitment|investment|tie-up)(?![\w-])",
                          re.I)


def _own_sentence(pre: str) -> str:
    """The part of `pre` in the sentence that it ends in."""
    m = _SENTENCE_END.match(pre)
    return pre[m.end():] if m else pre


# cues that speak of the sentence they stand in; a name in an earlier sentence gets them
# under a name of their own (the topic a sentence before announced is a weaker cue)
_SENTENCE_BOUND = ("announced_object", "announcer")


def _name_cues(text: str, c) -> dict[str, float]:
    """The cues of a candidate that do not depend on the figure."""
    f = {}
    pre = text[max(0, c.start - 60):c.start]
    # (a word before the name that may start a cue, else no pattern is tried: speed)
    words = pre.split()[-7:]
    while words and (words[-1].lower() in _FILLERS or words[-1].endswith("-generation")):
        words.pop()
    last = words[-1].lower().lstrip("([{\"'“‘") if words else ""
    if last in _TRIGGERS or last.startswith(_COMPARE_STEMS):
        pre = _own_sentence(pre)
        if _ANNOUNCE_BEFORE.search(pre):
            f["announced_object"] = 1.0
        if _COMPARED_BEFORE.search(pre):
            f["compared_here"] = 1.0
        if _PARTY_BEFORE.search(pre) and not _NOT_PARTY.search(pre):
            f["counterparty"] = 1.0
    if _ANNOUNCE_AFTER.match(text, c.end):
        f["announcer"] = 1.0
    if _PARTY_AFTER.match(text, c.end):
        f["counterparty"] = 1.0
    return f


def _sentence_marks(text: str, s0: int, s1: int, cache: dict | None
                    ) -> tuple[list[tuple[int, int, bool]], list[int]]:
    """The figure-stating verbs of a sentence ((start, end, a thing's own figure?)) and the
    ends of its clause openers, read once per sentence."""
    key = ("sentence", s0, s1)
    if cache is not None and key in cache:
        return cache[key]
    verbs = [(m.start(), m.end(), bool(_SPEC_VERB.fullmatch(m.group(0))))
             for m in _HAVE_VERB.finditer(text, s0, s1)]
    opens = [m.end() for m in _CLAUSE_OPEN.finditer(text, s0, s1)]
    if cache is not None:
        cache[key] = verbs, opens
    return verbs, opens


def grammar_cues(text: str, s0: int, s1: int, fig, cands, cache: dict | None = None
                 ) -> list[dict[str, float]]:
    """The grammar cues of each candidate of one figure (see the module's docstring); `s0`,
    `s1` bound the figure's sentence; `cache` keeps the cues of a name that do not depend on
    the figure, across the figures of one document."""
    out: list[dict[str, float]] = [{} for _ in cands]
    here = [(i, c) for i, c in enumerate(cands) if s0 <= c.start < s1]
    left = [(i, c) for i, c in here if c.end <= fig.start]
    head = text[max(s0, fig.start - 40):fig.start]
    # the subject of the last figure-stating verb before the figure: the nearest name before
    # that verb (after the clause's last break, so "X offers ..., which Y" is Y's)
    verbs, opens = _sentence_marks(text, s0, s1, cache)
    near = max(s0, fig.start - 1500)   # a run-on "sentence" (a flattened page) is read near
    k = bisect.bisect_left(verbs, (fig.start, 0, False)) - 1
    if k >= 0 and verbs[k][0] >= near and verbs[k][1] <= fig.start:
        at, _, strong = verbs[k]
        by_verb = [(i, c) for i, c in left if c.end <= at]
        if by_verb:
            out[by_verb[-1][0]]["verb_subject" if strong else "verb_subject_weak"] = 1.0
    # the first name of the figure's clause
    k = bisect.bisect_right(opens, fig.start) - 1
    opened = opens[k] if k >= 0 and opens[k] >= near else s0
    first = next(((i, c) for i, c in left if c.start >= opened), None)
    if first is not None and opened > s0:
        out[first[0]]["clause_first"] = 1.0
    ref = tool = False
    if _REF_WORDS.intersection(w.lower().lstrip("([") for w in head.split()[-4:]):
        ref = bool(_REF_BEFORE.search(head))
        tool = bool(_TOOL_BEFORE.search(head[-30:]))
    bare = fig.kind == "count" and bool(_BARE_UNITS.match(text, fig.end))
    for i, c in enumerate(cands):
        if bare and c.is_product and s0 <= c.start < s1:
            out[i]["bare_units_product"] = 1.0   # whose units: a product the sentence names
        key = (c.start, c.end)
        static = cache.get(key) if cache is not None else None
        if static is None:
            static = _name_cues(text, c)
            if cache is not None:
                cache[key] = static
        f = out[i]
        f.update(static)
        if not s0 <= c.start < s1:   # announced in an earlier sentence: a weaker cue of its own
            for k in _SENTENCE_BOUND:
                if k in f:
                    f[k + "_before"] = f.pop(k)
        if ref and "compared_here" in static:
            f["ref_compared"] = 1.0
        if c.end > fig.start and s0 <= c.start < s1 and c.start - fig.end < 60:
            m = _AFTER_PREP.match(text[fig.end:c.start])
            if m:
                f["after_" + m["p"].lower()] = 1.0
            if fig.kind == "count" and _COUNT_GAP.match(text[fig.end:c.start]):
                # "trained using 2,048 X GPUs": the count is of a tool, not of what is made
                f["counts_tool" if tool else "counts_this"] = 1.0
    return out


def grammar_cues_of(text: str, s0: int, s1: int, fig, cands, cache: dict | None = None
                    ) -> dict[int, dict[str, float]]:
    """grammar_cues for the ranker: the same features, in the same order, by the index of
    each candidate that has any (most have none: they get no dict, and the ranker adds
    nothing for them)."""
    out: dict[int, dict[str, float]] = {}
    fs, fe = fig.start, fig.end
    verbs, opens = _sentence_marks(text, s0, s1, cache)
    near = max(s0, fs - 1500)
    k = bisect.bisect_left(verbs, (fs, 0, False)) - 1
    left = None
    if k >= 0 and verbs[k][0] >= near and verbs[k][1] <= fs:
        at, _, strong = verbs[k]
        left = [i for i, c in enumerate(cands) if s0 <= c.start < s1 and c.end <= fs]
        by_verb = [i for i in left if cands[i].end <= at]
        if by_verb:
            out[by_verb[-1]] = {"verb_subject" if strong else "verb_subject_weak": 1.0}
    k = bisect.bisect_right(opens, fs) - 1
    opened = opens[k] if k >= 0 and opens[k] >= near else s0
    if opened > s0:
        if left is None:
            left = [i for i, c in enumerate(cands) if s0 <= c.start < s1 and c.end <= fs]
        first = next((i for i in left if cands[i].start >= opened), None)
        if first is not None:
            out.setdefault(first, {})["clause_first"] = 1.0
    ref = tool = False
    head = text[max(s0, fs - 40):fs]
    if _REF_WORDS.intersection(w.lower().lstrip("([") for w in head.split()[-4:]):
        ref = bool(_REF_BEFORE.search(head))
        tool = bool(_TOOL_BEFORE.search(head[-30:]))
    count = fig.kind == "count"
    bare = count and bool(_BARE_UNITS.match(text, fe))
    names = cache if cache is not None else {}
    for i, c in enumerate(cands):
        a = c.start
        here = s0 <= a < s1
        if bare and here and c.is_product:
            out.setdefault(i, {})["bare_units_product"] = 1.0
        key = (a, c.end)
        static = names.get(key)
        if static is None:
            static = names[key] = _name_cues(text, c)
        if static:
            f = out.get(i)
            if f is None:
                f = out[i] = {}
            f.update(static)
            if not here:
                for k in _SENTENCE_BOUND:
                    if k in f:
                        f[k + "_before"] = f.pop(k)
            if ref and "compared_here" in static:
                f["ref_compared"] = 1.0
        if here and c.end > fs and a - fe < 60:
            m = _AFTER_PREP.match(text[fe:a])
            if m:
                out.setdefault(i, {})["after_" + m["p"].lower()] = 1.0
            if count and _COUNT_GAP.match(text[fe:a]):
                out.setdefault(i, {})["counts_tool" if tool else "counts_this"] = 1.0
    return out
