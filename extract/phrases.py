"""Owners a figure's sentence names by description, not by name: candidates from the shape of
the words around a figure (the ranker's `candidates` adds them to prose figures; the learned
weights decide whether one wins).

- the noun phrase that is a clause's subject ("Regional carriers are 20% cheaper", "A delivery
  drone carrying 3 kg needs ..."): determiners, modifiers and a head, followed by a verb; a
  measured noun ("total output") is no owner of its own;
- the object of "in"/"of"/"for" after that subject ("Output in the mining and quarrying sector
  rose 12,000": the sector, not "output");
- the item of a list that stands right before each figure ("including pilots at 4%, nurses 3%
  and cooks at 5%");
- a thing described with its place ("a 3-gigawatt campus in Northern Nevada");
- a counted group that a clause goes on to describe ("14 bakeries that open before dawn bake
  6,000 loaves", "52 farms surveyed by ..."): the count's own noun phrase, shape "counted";
- two capitalised words after a determiner or a possessive that the pack does not know ("the
  Acme Roadster", "Acme's entry-level Model Q", "the $31,000 Corvo e-Lark"), and a name in
  quotes ("Harbor Growth Fund"): these are proper names (source "proper", as
  ranker.proper_names finds them).

Every other candidate has source "phrase". Each has a `shape` saying which of these it is, and
gets the features every candidate gets (ranker.name_features: distance, clause breaks, opening
the sentence, ...); a phrase also one naming its shape (`phrase_features`). `link_features`
holds for names and phrases alike: the candidate stands right before the figure, linked by
"at", a colon or a copula, so what the model learns of names so placed carries to list items;
or a relative clause after it ("Acme, which booked 18%") holds the figure (`relative_owner`).
Pure text patterns over the words: no statistical model, no words of any one article.
"""
from __future__ import annotations

import bisect
import re

PHRASE = "phrase"

# a word of a noun phrase: a lowercase word (hyphens allowed), an acronym, a capitalised word
_WORD = re.compile(r"(?<![\w'’.&-])(?:[A-Za-z][A-Za-z'’.&-]*[A-Za-z.]|[A-Za-z])(?![\w-])")
_DET = {"the", "a", "an", "its", "their", "our", "your", "this", "these", "those", "his", "her",
        "each", "every", "all", "some", "many", "most", "one", "another", "other", "both", "any",
        "no", "two", "three", "several", "few"}
# words that end a noun phrase: function words, auxiliaries and the common verbs of figures
_STOP = set("""of in on at to for from with by as and or but than that which who whose it is are
was were be been being has have had will would can could may might should must do does did not
no so if when while where about around over under into onto per up down out off after before
since until via against between among within across through during also only just still even
along alongside together respectively compared versus vs
now then there here more less very much such own i we you he she they them us me what how why
costs cost grew grow grows rose rise rises fell fall falls reached reach reaches hit hits tops
topped delivers delivered offers offered holds held draws drew uses used needs needed runs ran
ships sold sells made makes raised raises spent spends earned earns posted posts reports
expects expected plans aims said says told jumped surged climbed dropped doubled tripled added
accounts stands stood came comes went goes got gets took takes put puts saw sees set sets starts
began begins remains remained stays stayed totals totaled totalled amounts amounted increased
decreased declined gained lost averaged equals equaled represents represented reaches
consumes consumed provides provided features featured carries carried supports supported
generates generated scores scored beats beat trails trailed leads led sits sat hovers
hovered""".split())
# a verb right after a noun phrase: it was the clause's subject
_PREDICATE = set("""is are was were has have had will would can could may might should must does
did remains remained stays stayed""".split()) | (_STOP - set("""of in on at to for from with by
as and or but than that which who whose it be been being not no so if when while where about
around over under into onto per up down out off after before since until via against between
among within across through during also only just still even now then there here more less very
much such own i we you he she they them us me what how why""".split()))
_ADVERB = re.compile(r"[a-z]+ly$")
_OBJECT_PREP = {"in", "of", "for", "at", "among"}
_PLACE_PREP = {"in", "at", "near", "outside"}
# nouns that measure rather than own: "the price of X", "employment in X", "shares of X"
_MEASURES = set("""rate rates share shares price prices cost costs revenue revenues sales profit
profits income output employment jobs payrolls demand supply growth spending capex investment
value valuation number count total level levels volume volumes production capacity use usage
consumption exports imports margin margins market index""".split())
# a list that goes on after a figure
_LIST_NEXT = re.compile(r"[^,;.]{0,30}?(?:,|;|\s(?:and|or)\s)[^,;.]{0,40}?\d")
_CAP_PAIR = re.compile(r"(?:(?<![\w'’-])(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir)\s+"
                       r"(?:(?:[a-z][\w-]*|[$€£]?\d[\w.,/$-]*)\s+){0,2}|"
                       r"['’]s\s+(?:[a-z][\w-]+\s+)?)"
                       r"(?P<name>[A-Z][a-z]+\s+(?:[A-Z][\w-]*|[a-z]+-?[A-Z][\w-]*))"
                       r"(?:(?=['’]s\s)|(?![\w'’-])(?!\s+[A-Z]))")
# a count of things that then do or have something ("14 bakeries that open ...", "52 farms
# surveyed by ..."): the counted group may own the figures its clause states
_COUNTED = re.compile(r"(?<![\w$€£¥.,/-])\d{1,3}(?:,\d{3})*(?![\w.,/%-])\s+(?=[a-z])")
_RELATIVE = {"that", "which", "who", "whose"}
_NOT_COUNTED = set("""years months weeks days hours minutes seconds times percent points units
chips dies cards processors accelerators gpus servers wafers""".split())
_QUOTED = re.compile(r"[\"“](?P<name>[A-Z][\w’'.&-]*(?:\s+[A-Z0-9][\w’'.&-]*){0,4})[\"”]")
# "a Korean EV maker": an adjective of a people, not a name
_NATIONALITY = re.compile(r"(?:ese|ian|ean|ish|can|ic)$")
# the word after a name: a lowercase noun there makes the name its modifier ("the Port Vela
# harbour authority"); a verb or a function word does not ("the Zeta Roadster costs")
_NEXT_WORD = re.compile(r"\s+([a-z][a-z-]*)\b")
_BULLET_LINE = re.compile(r"[ \t]*(?:[-•*·–]|\d{1,2}[.)])\s+(?=[A-Za-z])")
_CLAUSE_START = re.compile(r"(?:[;:–—]\s*|\n\s*|\.\s+|,\s+(?=\S))[\s\"“'‘*•·-]*")
_OPENING = re.compile(r"[\s\"“'‘*•·-]*(?:\d{1,2}[.)]\s+)?")


def _words(text: str, a: int, b: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text, a, b)]


def _np(text: str, words: list, i: int) -> tuple[int, int]:
    """The noun phrase that starts at word i (after an optional determiner): indices [j, k) of
    its words, empty when none. It ends at a function word, a verb, an adverb, a figure, a
    punctuation mark, or a present participle after a noun ("a drone carrying parcels")."""
    j = i
    if j < len(words) and words[j][2].lower() in _DET:
        j += 1
    k = j
    while k < len(words) and k - j < 5:
        w = words[k][2]
        low = w.lower()
        if low in _STOP or low in _DET or _ADVERB.fullmatch(low) or \
                (k > j and (low.endswith("ed") and len(low) > 4 and low[-3] not in "e")):
            break
        if k > j and low.endswith("ing") and len(low) > 5 and w.islower() and not (
                k + 1 < len(words) and words[k + 1][2].lower() in _PREDICATE):
            break   # "a drone carrying parcels"; but "farm spending has grown" is a noun
        if k > j and not _SPACES.fullmatch(text[words[k - 1][1]:words[k][0]]):
            break  # punctuation or a figure between: the phrase has ended
        k += 1
    return j, k


def _joined(text: str, words: list, j: int, k: int) -> tuple[int, int, str]:
    a, b = words[j][0], words[k - 1][1]
    s = text[a:b]
    if s.endswith(".") and not _DOT_LETTER.search(s):
        s, b = s[:-1], b - 1
    return a, b, s


def sentence_phrases(text: str, s0: int, s1: int, taken) -> list[tuple[int, int, str, str]]:
    """(start, end, text, shape) of the described owners of one sentence: clause subjects, the
    objects after them, things described with their place, unknown capitalised names."""
    words = _words(text, s0, s1)
    starts = [w[0] for w in words]
    out = []
    opens = [_OPENING.match(text, s0, s1).end()] + [m.end() for m in
                                                     _CLAUSE_START.finditer(text, s0, s1)]
    for at in opens:
        i = bisect.bisect_left(starts, at)
        if i >= len(words) or words[i][0] != at:
            continue
        j, k = _np(text, words, i)
        if k == j:
            continue
        head = words[k - 1][2].lower()
        nxt = words[k][2].lower() if k < len(words) else ""
        gap = text[words[k - 1][1]:words[k][0]] if k < len(words) else ""
        if gap.strip():
            continue
        obj = None
        if nxt in _OBJECT_PREP:
            oj, ok = _np(text, words, k + 1)
            if ok > oj and ok < len(words) and words[ok][2].lower() == "and" and \
                    text[words[ok - 1][1]:words[ok][0]].isspace():
                oj2, ok2 = _np(text, words, ok + 1)   # "mining and quarrying"
                if ok2 > oj2 and oj2 == ok + 1:
                    ok = ok2
            after = words[ok][2].lower() if ok < len(words) else ""
            if ok > oj and oj == k + 1 and text[words[k][1]:words[oj][0]].isspace() and \
                    (after in _PREDICATE or _verb_like(after)):
                obj = (oj, ok)
            else:
                continue
        elif not (nxt in _PREDICATE or _verb_like(nxt) or
                  (nxt.endswith("ing") and len(nxt) > 5 and i == 0)):
            continue
        first = words[j][2]
        if first.lower() in _LEADS or (first.islower() and _participle(first)):
            continue
        a, b, s = _joined(text, words, j, k)
        if k - j >= 2 and head not in _MEASURES and not taken(a, b) and \
                any(w[2].islower() for w in words[j + 1:k]):   # described, not a name
            out.append((a, b, s, "subject"))
        if obj is not None:
            a, b, s = _joined(text, words, *obj)
            if not taken(a, b):
                out.append((a, b, s, "of_measure" if head in _MEASURES else "of_object"))
    for wi, (a, b, w) in enumerate(words):   # "a 3-gigawatt campus in Northern Nevada"
        if w.lower() not in _PLACE_PREP or wi + 1 >= len(words) or \
                not words[wi + 1][2][:1].isupper() or wi == 0:
            continue
        d = wi - 1
        while d >= 0 and wi - d <= 4 and words[d][2].lower() not in _DET and \
                words[d][2].lower() not in _STOP:
            d -= 1
        if d < 0 or words[d][2].lower() not in ("a", "an", "the") or d == wi - 1:
            continue
        e = wi + 1
        while e + 1 < len(words) and words[e + 1][2][:1].isupper() and e - wi < 3 and \
                _COMMA_SPACES.fullmatch(text[words[e][1]:words[e + 1][0]]):
            e += 1
        first = max(d + 1, e + 1 - 6)
        pa, pb, s = _joined(text, words, first, e + 1)
        if not taken(words[d + 1][0], words[wi - 1][1]) and words[wi - 1][2].islower():
            out.append((pa, pb, s, "place"))
    for m in _COUNTED.finditer(text, s0, s1):   # "12 clinics that reported ...": counted owners
        i = bisect.bisect_left(starts, m.end())
        if i >= len(words) or words[i][0] != m.end():
            continue
        j, k = _np(text, words, i)
        head = words[k - 1][2] if k > j else ""
        if k == j or j > i + 1 or not head.islower() or not head.endswith("s") or \
                head in _MEASURES or head in _NOT_COUNTED or k >= len(words) or \
                not text[words[k - 1][1]:words[k][0]].isspace():
            continue
        nxt = words[k][2].lower()
        if nxt in _RELATIVE or nxt in _PREDICATE or _participle(nxt) and nxt.islower():
            a, b, s = _joined(text, words, i, k)
            if not taken(a, b):
                out.append((m.start(), b, text[m.start():b], "counted"))
    for m in _QUOTED.finditer(text, s0, s1):   # a fund, a project, a plan named in quotes
        a, b = m.span("name")
        if not taken(a, b) and len(m["name"].split()) >= 2:
            out.append((a, b, m["name"], "quoted"))
    for m in _CAP_PAIR.finditer(text, s0, s1):
        a, b = m.span("name")
        second = m["name"].split()[1]
        after = _NEXT_WORD.match(text, b)
        modifier = after is not None and after[1] not in _STOP and not _verb_like(after[1])
        if not taken(a, b) and not (second.isupper() and len(second) > 1) and \
                not _NATIONALITY.search(m["name"].split()[0]) and not modifier:
            out.append((a, b, m["name"], "proper"))
    return out


_LEADS = {"including", "excluding", "like", "unlike", "except", "plus", "with", "without",
          "according", "however", "meanwhile", "overall", "still", "yet"}


def _participle(w: str) -> bool:
    return len(w) > 4 and (w.endswith("ed") or w.endswith("ing"))


def _verb_like(w: str) -> bool:
    return len(w) > 4 and w.endswith("ed") and w.islower()


def list_item(text: str, s0: int, fig_start: int, fig_end: int, s1: int
              ) -> tuple[int, int, str] | None:
    """The item of a list right before a figure: "nurses 3%" in "..., pilots at 4%, nurses 3%
    and cooks at 5%": one to three words after a separator (a comma, "and", "including"),
    then the figure (after "at", a copula or a colon). Only when the list goes on after the
    figure or a figure came before it; an item not linked by "at" or a colon only mid-list,
    after a comma ("..., nurses 3%, ..."): "and weighs 4 kg" is a verb, not an item."""
    lo = max(s0, fig_start - 60)
    if not _ITEM_END.search(text, max(lo, fig_start - 12), fig_start):
        return None   # (most figures: no word right before them)
    goes_on = bool(_LIST_NEXT.match(text, fig_end, s1))
    if not goes_on and not _DIGIT.search(text, lo, fig_start):
        return None
    words = _words(text, lo, fig_start)
    if not words:
        return None
    tail = text[words[-1][1]:fig_start]
    if not _ITEM_TAIL.fullmatch(tail):
        return None
    k = len(words)
    linked = ":" in tail
    if words[-1][2].lower() in _ITEM_LINKS:
        linked = True
        k -= 1
        if k == 0 or not text[words[k - 1][1]:words[k][0]].isspace():
            return None
    j = k
    while j > 0 and k - j < 3:
        w = words[j - 1][2]
        if w.lower() in _STOP or w.lower() in _DET or w.lower() in _LEADS or \
                _ADVERB.fullmatch(w) or \
                (j < k and not text[words[j - 1][1]:words[j][0]].isspace()):
            break
        j -= 1
    while j < k and _participle(words[j][2]) and words[j][2].islower():
        j += 1   # "..., meaning yearly gains of 9%": a verb opens no item
    if j == k or words[k - 1][2].lower() in _MEASURES or words[k - 1][2].endswith(("'s", "’s")):
        return None
    lead_end = words[j][0]
    lead = text[max(lo, lead_end - 20):lead_end]
    sep = _ITEM_SEP.search(lead)
    if sep is None or (j > 0 and words[j - 1][2].lower() not in _SEPARATORS and
                       not _MARK_END.search(lead)):
        return None
    if not linked and not (goes_on and _LIST_MARK_END.search(lead)):
        return None   # "... and weighs 4 kg": without "at" or a colon, only mid-list
    a, b, item = _joined(text, words, j, k)
    return a, b, item


_SPACES = re.compile(r"\s+")
_DOT_LETTER = re.compile(r"\.[A-Za-z]")
_COMMA_SPACES = re.compile(r",?\s+")
_ITEM_TAIL = re.compile(r"\s*:?\s*[$€£¥~≈]?")
_ITEM_SEP = re.compile(r"(?:[,;(:]|(?<![\w-])(?:and|or|including|like|as|with))\s*$")
_MARK_END = re.compile(r"[,;(:]\s*$")
_LIST_MARK_END = re.compile(r"[,;(]\s*$")
_CAPITAL_OR_DIGIT = re.compile(r"[A-Z0-9]")
_ITEM_END = re.compile(r"[A-Za-z.’'][ \t]*:?[ \t]*[$€£¥~≈]?[ \t]*$")
_DIGIT = re.compile(r"\d")
_ITEM_LINKS = {"at", "was", "were", "is", "are"}
_SEPARATORS = {"and", "or", "including", "like", "as", "with"}


def phrase_candidates(ctx, fig) -> list:
    """The described owners of a prose figure's sentence, and the list item right before it
    (ranker.Candidate objects, source "phrase")."""
    from .ranker import _SPEECH_AFTER, Candidate
    if not ctx.sents or fig.in_table and not _BULLET_LINE.match(
            ctx.text, ctx.line_starts[ctx.line_of(fig.start)]):
        return []   # a table's cells name their owners in its headers
    cache = ctx.memo.setdefault("phrases", {})
    si = fig.sentence
    s0, s1 = ctx.sents[si]
    if si not in cache:
        spans = ctx.memo.get("phrase spans")
        if spans is None:   # once per document
            spans = ctx.memo["phrase spans"] = sorted(
                [(m.start, m.end, True) for m in ctx.mentions
                 if m.type not in ("place", "market", "group")] +
                [(c.start, c.end, False) for c in ctx.shapes])
        lo = bisect.bisect_left(spans, (s0 - 200,))
        near = [x for x in spans[lo:bisect.bisect_left(spans, (s1,))] if x[1] > s0]
        near_starts = [x[0] for x in near]

        def taken(a: int, b: int) -> bool:
            """A name the pack or the shape finder knows overlaps the phrase (a shape name
            inside a longer phrase does not: "retail and leisure" in "... services")."""
            i = bisect.bisect_left(near_starts, b)
            return any(s < b and a < e and (named or not (a <= s and e <= b))
                       for s, e, named in near[max(0, i - 8):i])

        cache[si] = [_candidate(ctx, a, b, s, shape)
                     for a, b, s, shape in sentence_phrases(ctx.text, s0, s1, taken)
                     if _prose(ctx.text, a, ctx.memo.setdefault("prose lines", {}))]
        cache[si] = sorted((c for c in cache[si] if not (
            ctx.not_an_owner(c) or _SPEECH_AFTER.match(ctx.text, c.end))),
            key=lambda c: (c.start, c.end))
    from .ranker import NEAR_AFTER, NEAR_BEFORE
    lo, hi = fig.start - NEAR_BEFORE, fig.end + NEAR_AFTER   # (a run-on "sentence": near only)
    phrases = cache[si]
    i = bisect.bisect_left(ctx.memo.setdefault("phrase starts", {}).setdefault(
        si, [c.start for c in phrases]), lo)
    out = [c for c in phrases[i:] if c.start < hi and not (c.start < fig.end and
                                                            fig.start < c.end)]
    item = list_item(ctx.text, s0, fig.start, fig.end, s1)
    if item is not None:
        a, b, s = item
        if not any(c.start == a and c.end == b for c in out):
            out.append(Candidate(a, b, s, s, "thing", PHRASE, False, "list_item"))
        else:
            out = [Candidate(c.start, c.end, c.text, c.canonical, c.type, PHRASE, False,
                             "list_item") if c.start == a and c.end == b else c for c in out]
    return out


def _candidate(ctx, a: int, b: int, s: str, shape: str):
    """A phrase as a candidate. Two capitalised words the pack does not know are a proper name
    like those ranker.proper_names finds (source "proper", a product): after a possessive of a
    name ("Acme's entry-level Model Q") the owner's name leads its canonical name."""
    from .ranker import Candidate
    if shape == "quoted":
        return Candidate(a, b, s, s, "proper", "proper", False, shape)
    if shape != "proper":
        return Candidate(a, b, s, s, _head_type(s), PHRASE, False, shape)
    owner = _OWNER_BEFORE.search(ctx.text, max(0, a - 40), a)
    k = bisect.bisect_right(ctx.starts, a) - 1
    while owner is not None and k >= 0 and ctx.mentions[k].end > owner.start():
        m = ctx.mentions[k]
        if m.end == owner.start() and m.type == "company":
            return Candidate(a, b, s, f"{m.canonical} {s}", "product", "proper", False, shape)
        k -= 1
    return Candidate(a, b, s, s, "product", "proper", False, shape)


def _head_type(phrase: str) -> str:
    """A phrase whose head is a chip, a system or a model is a product of that type (the
    classes of ranker.PRODUCT_TYPES); any other head is a thing."""
    head = _HEAD.search(phrase)
    if head is None:
        return "thing"
    word = head.group(1).lower()
    return "chip" if word in _CHIP_HEADS else "model" if word in ("model", "models") else "system"


_CHIP_HEADS = {"chip", "chips", "processor", "processors", "accelerator", "accelerators",
               "gpu", "gpus", "asic", "asics", "npu", "npus"}
_HEAD = re.compile(r"(?<![\w-])(chips?|processors?|accelerators?|GPUs?|ASICs?|NPUs?|models?|"
                   r"clusters?|servers?|supercomputers?|systems?|data\s+cent(?:er|re)s?)"
                   r"(?:\s+in\s.*)?$", re.I)
_OWNER_BEFORE = re.compile(r"['’]s\s+(?:[a-z][\w-]+\s+)?$")


# a list item that opens with a name and a separator: "- Acme Vela (2024): 12,000 boards",
# "• Zeta Roadster – 480 km of range"; the label is the item's owner
_ITEM_LABEL = re.compile(r"(?m)^[ \t]*(?:[-•*·–]|\d{1,2}[.)])[ \t]+(?P<label>[^\n:(),;]{2,60}?)"
                         r"(?:[ \t]*\([^()\n]{0,40}\))?(?::[ \t]|[ \t][–—-][ \t])")
_LABEL_JOINS = {"of", "and", "&", "de", "the"}


def item_labels(text: str, mentions: list) -> list:
    """Names that label a list item before a colon or a dash ("- Acme Vela (2024): ..."): two
    to five words, each capitalised or with a digit (joined by "of", "and", ...), holding a
    name the pack knows or a model code: a title-case topic ("- Strong Growth: 12%") labels
    what the item says, not who owns it. A label that is a name found already is returned too
    (the caller keeps one candidate per span).
    Candidates of source "proper" and shape "item_label" (ranker.Candidate)."""
    from .ranker import Candidate
    spans = [(m.start, m.end) for m in mentions]
    out = []
    for m in _ITEM_LABEL.finditer(text):
        a, b = m.span("label")
        label = m["label"].rstrip()
        b = a + len(label)
        words = label.split()
        if not 2 <= len(words) <= 5 or any(
                not (_CAPITAL_OR_DIGIT.search(w) or w in _LABEL_JOINS) for w in words) or \
                words[-1] in _LABEL_JOINS:
            continue
        if any(s < b and a < e for s, e in spans) or _DIGIT.search(label):
            out.append(Candidate(a, b, label, label, "product", "proper", False, "item_label"))
    return out


def _prose(text: str, at: int, lines: dict | None = None) -> bool:
    from .ranker import _prose_line
    return _prose_line(text, at, lines)





def phrase_features(ctx, fig, c) -> dict[str, float]:
    """What a phrase candidate is (its shape) and how it stands to the figure, beside the
    features every candidate has (ranker.name_features)."""
    text = ctx.text
    f = {"ph_" + c.shape: 1.0}
    before = c.end <= fig.start
    between = text[c.end:fig.start] if before else text[fig.end:c.start]
    if before and len(between) <= 6 and not between.strip(" :$~≈"):
        f["ph_right_before"] = 1.0   # "pilots at 4%": the item right before this figure
    return f


# the name a relative clause that holds the figure describes ("Acme, which booked 18%"), unless
# the clause has ended before the figure
_RELATIVE_AFTER = re.compile(r",?\s+(?:that|which|who)\s")
_CLAUSE_BREAK = re.compile(r"[;:.!?]\s|\s[—–]\s|"
                           r",\s*(?:while|whereas|but|although|though|when)\s", re.I)
# a word before a place that makes it where, not who ("sales in China rose")
_WORD_BEFORE = re.compile(r"(?<![\w-])([A-Za-z]+)\s+(?:the\s+)?$")
_PLACE_AFTER = _OBJECT_PREP | _PLACE_PREP | {"to", "from", "into", "by", "with", "across", "on",
                                             "throughout", "within", "outside", "inside"}
# what links a name to the figure right after it: "pilots at 4%", "Acme: 12%", "Acme was 12%"
_LINK = re.compile(r"\s*(?:(?:at|was|were|is|are|of|with|on)\s+|:\s*|\s)[$€£¥~≈]?\s*")


def link_features(ctx, fig, c) -> dict[str, float]:
    """For every candidate, name or phrase: it stands right before the figure, linked by "at",
    a colon or a copula ("pilots at 4%", "Acme: 12%"), the item of a list before its figure;
    or a relative clause after it holds the figure ("Acme, which booked 18%"). And a place
    followed by its verb ("China imported ..."), which may own a figure (ranker.choose)."""
    f = {}
    if c.type == "place":   # "China imported $385 billion": a place that acts owns its figure
        m = _NEXT_WORD.match(ctx.text, c.end)
        before = _WORD_BEFORE.search(ctx.text, max(0, c.start - 20), c.start)
        if m is not None and (m[1] in _PREDICATE or _verb_like(m[1])) and not (
                before is not None and before[1].lower() in _PLACE_AFTER):
            f["place_actor"] = 1.0   # (not "shipments to Japan grew")
    if c.end <= fig.start and fig.start - c.end <= 8 and \
            _LINK.fullmatch(ctx.text, c.end, fig.start):
        f["linked_before"] = 1.0
    elif c.end <= fig.start and fig.start - c.end < 120:
        m = _RELATIVE_AFTER.match(ctx.text, c.end)
        if m is not None and _CLAUSE_BREAK.search(ctx.text, m.end(), fig.start) is None:
            f["relative_owner"] = 1.0   # "X, which booked 18%", "N bakeries that bake 12"
    return f
