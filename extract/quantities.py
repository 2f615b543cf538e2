"""Find every figure in a text: the number, its scale, unit or currency, hedge and bound.

Works on character offsets so it is exact about where a figure sits. A number becomes a quantity
only when something says what it counts (a unit, a currency, a scale word or a count noun): bare
numbers, years, dates and numbers inside names ("GPT-5.2", "Qwen3", "A3", "H100") are left alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .numbers import (NUMBER_PATTERN, TENS, UNITS, WORDS, parse_number, parse_word_fraction,
                      parse_word_number, scale_factor)
from .scan import Keyed, guarded_alternation, lower, prefixed, reading, skipping, spaces_before
from .units import CURRENCY_PREFIX, CURRENCY_SUFFIX, UNIT_PATTERN, currency_code, lookup


@dataclass
class Quantity:
    start: int
    end: int
    value_text: str
    kind: str
    unit: str
    value: float | None
    low: float | None = None
    high: float | None = None
    approx: bool = False
    bound: str = "="
    count_noun: str | None = None
    per: str | None = None          # "input", "output" for token prices
    hyphen_compound: bool = False   # "384-chip cluster": the subject follows
    confidence: float = 0.9
    notes: dict = field(default_factory=dict)


# hedges before a number: text -> (approx, bound)
HEDGES = {
    "~": (True, "="), "≈": (True, "="), "about": (True, "="), "around": (True, "="),
    "roughly": (True, "="), "approximately": (True, "="), "approx.": (True, "="),
    "nearly": (True, "="), "almost": (True, "="), "some": (True, "="),
    "an estimated": (True, "="), "estimated": (True, "="), "est.": (True, "="),
    "close to": (True, "="), "circa": (True, "="), "more or less": (True, "="),
    "an approximate": (True, "="), "round": (True, "="), "round about": (True, "="),
    "just under": (True, "<"), "just below": (True, "<"), "just shy of": (True, "<"),
    "slightly under": (True, "<"), "slightly below": (True, "<"), "just beneath": (True, "<"),
    "under": (False, "<"), "below": (False, "<"), "less than": (False, "<"),
    "fewer than": (False, "<"), "beneath": (False, "<"),
    "up to": (False, "<="), "at most": (False, "<="), "no more than": (False, "<="),
    "as much as": (False, "<="), "as many as": (False, "<="), "as high as": (False, "<="),
    "a maximum of": (False, "<="), "maximum of": (False, "<="),
    "over": (False, ">"), "more than": (False, ">"), "above": (False, ">"),
    "exceeding": (False, ">"), "in excess of": (False, ">"), "upwards of": (False, ">"),
    "north of": (False, ">"), "crossed": (False, ">"), "surpassed": (False, ">"),
    "topped": (False, ">"), "greater than": (False, ">"), "just over": (True, ">"),
    "just above": (True, ">"), "slightly over": (True, ">"), "slightly above": (True, ">"),
    "at least": (False, ">="), "no less than": (False, ">="), "a minimum of": (False, ">="),
    "minimum of": (False, ">="),
    "south of": (False, "<"), "well under": (False, "<"), "well below": (False, "<"),
    "a little under": (True, "<"), "a little below": (True, "<"),
    "slightly less than": (True, "<"), "a little less than": (True, "<"),
    "well over": (False, ">"), "well above": (False, ">"), "well in excess of": (False, ">"),
    "upward of": (False, ">"), "a little over": (True, ">"), "a little more than": (True, ">"),
    "slightly more than": (True, ">"), "in the region of": (True, "="),
    "in the neighborhood of": (True, "="), "on the order of": (True, "="),
    "the better part of": (True, "<"),
}
# (the words in blocks behind a lookahead for their first letters: extract.scan; the same
# matches as "|".join(...) of them)
_HEDGE_ALT = "~|≈|(?<![A-Za-z])(?:" + guarded_alternation(
    [re.escape(h) for h in sorted(HEDGES, key=len, reverse=True) if h not in "~≈"]) + ")"
# ("1.2 lakh crore" is 1.2e12, "5 thousand crore" 5e10: South Asian English)
SCALE_WORDS = (r"(?i:(?:(?:hundred|thousand|lakhs?)\s+)?crores?|"
               r"(?:hundred\s+)?(?:thousand|million|billion|trillion)|hundred|lakhs?)|bn|mn|mln|tn")
# "671B" and, glued to the next cell of a flattened table, "1.6TAscend" (not "3TB")
_SCALE = (rf"(?:[\s-]?(?:{SCALE_WORDS})\b|[kKMBT](?![a-z])(?![A-Z](?![a-z]))"
          r"(?!(?:Wh|W|Hz|V|A|Pa)(?![A-Za-z]))|m(?![A-Za-z0-9])|"
          r"b(?![A-Za-z0-9]))")

_NUM = re.compile(rf"(?<![\d.,])[-+\u2212]?{NUMBER_PATTERN}")
_LEFT = re.compile(
    rf"(?:(?P<hedge>{_HEDGE_ALT})\s*)?(?:(?<![A-Za-z])(?P<between>between|from)\s+)?"
    rf"(?P<cur>{CURRENCY_PREFIX})?\s?$", re.I)
_RIGHT = re.compile(
    rf"""(?P<plus>\+(?!\d)|-plus\b)?  # "450K+", "10,000-plus": or more; in "450K+93%" the +
                                      # signs the next cell
    (?P<scale>{_SCALE})?
    (?P<plus2>\+(?!\d))?
    (?:\s?(?P<unit1>{UNIT_PATTERN})(?![a-z]))?
    (?:(?P<sep>-|–|—|\s–\s|\sto\s|\sand\s|\sor\s|\svs\.?\s|\sversus\s|to|and)
       (?P<cur2>{CURRENCY_PREFIX})?
       (?P<num2>{NUMBER_PATTERN})(?P<scale2>{_SCALE})?(?P<plus3>\+(?!\d))?)?
    (?:[\s-]?(?:(?P<prec>(?:MX)?(?:FP|BF|TF|INT)\d{{1,2}}\+?)\s)?  # "256 FP32 TFLOPS"
       (?P<unit>{UNIT_PATTERN})(?![a-z]))?  # an uppercase letter may start the next cell
    (?:\s?(?P<cursuf>{CURRENCY_SUFFIX})(?![\w]))?
    """, re.X)
_PER = re.compile(
    r"(?:\s+(?P<io0>input|output|cache[- ]hit\s+input|cache[- ]miss\s+input)(?=\s+per\b))?"
    r"\s*(?:per|/|a|an|for\s+each|for\s+every|each)\s*(?:(?P<mag>million|1\s?M|M|mn|thousand|1\s?K|K|"
    r"billion|1\s?B)\s*)?(?:(?P<io>input|output|cached|generated)\s+)?"
    r"(?P<per>tokens?|hours?|hr|h(?![a-z])|GPU[- ]hours?|months?|years?|chips?|units?|GPUs?|"
    r"cards?|servers?|racks?|users?|queries|requests?)(?!(?-i:[a-z]))"
    r"(?!\s+(?:earlier|ago|later|prior)\b)", re.I)  # not "a year earlier"
# "$1.20/million input", "$0.45/M", "($7/1M)": per million tokens when the words say input or
# output, or tokens are spoken of around
_PER_MTOK = re.compile(r"\s*/\s*(?P<mag>1\s?M|M|million|mn)(?![A-Za-z])(?:\s+(?P<io>input|output|"
                       r"cached|cache[- ]hit|cache[- ]miss)\b)?(?:\s+(?:input\s+|output\s+)?"
                       r"tokens?\b)?", re.I)
_TOKENS_NEAR = re.compile(r"\btokens?\b", re.I)
_PER_MAG = {"million": 1e6, "1m": 1e6, "m": 1e6, "mn": 1e6, "thousand": 1e3, "1k": 1e3,
            "k": 1e3, "billion": 1e9, "1b": 1e9}
_PRICE_END = re.compile(r"\d\.\d\d$|\d[KMBT]$")  # "$7.00-30%", "450K+93%"
_WORD_YEARS = re.compile(r"[\s-]years?\b", re.I)
_TIME_REFERENCE = re.compile(
    r"\s+(?:(?:ago|earlier|later|before|after|old|prior|in the past)\b|on,)", re.I)
_DURATIONS = {"years", "months", "weeks", "days", "hours", "min", "s", "decades", "centuries"}
_WHEN_BEFORE = re.compile(r"(?i:\b(?:next|last|past|previous|coming|first|following|within|in|"
                          r"over|every|each|recent|these|those|this)\s+(?:the\s+)?)$")
_READING_TIME = re.compile(r"(?i:read(?:ing)?(?:\s+time)?\s*:?\s*)$")
_DOLLAR_ADJ = re.compile(r"(?<![\w-])(?P<multi>multi-?)?(?P<mag>million|billion|trillion)-dollar"
                         r"(?![\w-])", re.I)
_MONEY_MAGNITUDE = re.compile(
    r"(?<![\w-])(?P<mag>hundreds of millions|tens of millions|hundreds of billions|"
    r"tens of billions|billions|millions)(?:\s+(?:of\s+)?dollars\b|(?=\s+in\s+(?:\w+\s+)?"
    r"(?:revenue|spend\w*|sales|savings|investment|capex|funding|costs?|compute)\b))", re.I)
_SLASH_FRACTION = re.compile(r"(?<![\w/.])1/(?P<den>\d{1,3})(?:th|rd|nd)?(?=\s+(?:the|of)\b)")
_CHANGE_VERBS = re.compile(
    r"\b(?:grow|grew|grown|growing|rise|rose|risen|rising|increase[sd]?|increasing|jump(?:ed|s)?|"
    r"climb(?:ed|s)?|fell|fall(?:en|s|ing)?|drop(?:ped|s)?|decline[sd]?|declining|surge[sd]?|"
    r"went|gone|go|expand(?:ed|s)?|shrank|shrink|cut|raised?|lowered?|moved?|up|down|"
    r"soared?|plunged?|slashed?|doubl\w+|tripl\w+)\b[^.;]{0,40}$", re.I)


_SOURCES = {"people", "sources", "officials", "executives", "analysts", "employees", "persons"}
_SOURCE_PHRASE = re.compile(r"\s+(?:familiar|with (?:direct )?knowledge|close to|briefed|"
                            r"who (?:spoke|declined|asked|requested|were not)|said|told|say)\b",
                            re.I)


_SUPERLATIVE = re.compile(r"(?i:largest|biggest|top|leading|major|main|best|richest|"
                          r"most|fastest|smallest|busiest|oldest|newest|largest-ever)")


_GENERIC_PLURAL = re.compile(
    r"(?P<gap>(?:[ \t]+(?:[A-Za-z][\w+/'’-]*|[\w-]*\d[\w-]*)){0,3}?)[ \t]+"
    r"(?P<noun>[A-Za-z][a-z]+(?:-[a-z]+)*[a-z]s|[A-Z]{2,6}s|(?i:people|children|men|women|staff|"
    r"personnel|aircraft|police|cattle))(?![\w-])")
# "a three-bedroom flat", "a 12-storey tower": a count of what the compound names, when a
# noun follows it
_GENERIC_HYPHEN = re.compile(r"-(?P<noun>[a-z]{3,})(?![\w-])(?=\s+[a-z])")
_CURRENCY_NOUN = re.compile(CURRENCY_SUFFIX)
_NOT_HYPHEN_COUNT = {"time", "way", "off", "sided", "stop", "size", "liner", "all", "fold",
                     "plus", "odd", "something", "some", "thing", "half", "third", "quarter",
                     "fifth", "tenth", "halves", "thirds", "quarters", "fourths", "fifths",
                     "sixths", "eighths", "tenths", "on", "one", "point", "nil", "zero"}
# words ending in s that are not plural nouns: verbs, adverbs, pronouns
_NOT_PLURAL = set("""is was has does goes says means makes takes gets shows remains seems needs
uses comes gives looks keeps helps lets puts sits stands holds brings includes contains requires
provides delivers reaches sells earns pays owns employs expects estimates represents equals
exceeds always perhaps across unless thus whereas besides towards afterwards its this his hers
ours yours theirs us as yes less plus minus percent news various previous else series species
becomes begins claims continues covers creates depends describes enables follows grows happens
involves knows operates performs produces receives reduces refers suggests tells tends thinks
tries wants allows applies asks believes builds buys carries compares considers consists decides
develops exists fails focuses generates handles increases lacks relies replaces seeks spends
varies thousands millions billions trillions hundreds dozens tens words comments likes views
pages""".split())


class CountNouns:
    """Recognises "<number> [up to three words] <count noun>" and "<number>-<noun>"."""

    STOP = {"of", "in", "to", "and", "or", "by", "for", "with", "from", "at", "on", "per",
            "than", "was", "were", "is", "are", "the", "a", "an", "its", "their", "his", "her",
            "that", "which", "who", "as", "this", "these", "those", "it", "be", "been"}

    def __init__(self, nouns: dict[str, str], generic: bool = False, hyphen: bool = False):
        self.generic = generic
        self.hyphen_generic = hyphen   # "a three-bedroom flat", "a 12-storey tower"
        self.nouns = {k.lower(): v for k, v in nouns.items()}
        # (in blocks behind a lookahead for their first letters: extract.scan.guarded_alternation;
        # the same matches as "|".join(...) of them)
        alt = guarded_alternation([re.escape(n)
                                   for n in sorted(self.nouns, key=len, reverse=True)])
        self.after = re.compile(
            rf"(?P<gap>(?:\s+[A-Za-z0-9][\w.+/'’-]*){{0,5}}?)\s+(?P<noun>{alt})(?![\w-])", re.I)
        self.hyphen = re.compile(rf"-(?P<noun>{alt})(?![\w])", re.I)
        self._known_values = set(self.nouns.values())

    def match(self, text: str, pos: int, generic: bool = True) -> tuple[str, int, bool] | None:
        hit = self._known(text, pos)
        if hit is None and self.generic and generic:
            hit = self._any_plural(text, pos)
        return hit

    def is_known(self, noun: str | None) -> bool:
        return noun is not None and noun in self._known_values

    def _any_plural(self, text: str, pos: int) -> tuple[str, int, bool] | None:
        """A count of things the pack does not name: "2,400 welders", "four cooling
        loops", "seven European countries" (a plural noun within three words)."""
        if self.hyphen_generic and text.startswith("-", pos):
            h = _GENERIC_HYPHEN.match(text, pos)
            if h and h["noun"] not in self.STOP and h["noun"] not in _NOT_HYPHEN_COUNT and \
                    not h["noun"].endswith(("ed", "ly", "ing", "th")) and not lookup(h["noun"]) \
                    and not _CURRENCY_NOUN.fullmatch(h["noun"]):
                return h["noun"], h.end(), True
            return None
        m = _GENERIC_PLURAL.match(text, pos)
        if not m:
            return None
        noun = m["noun"]
        low = noun.lower()
        gap_words = m["gap"].split()
        if (low in _NOT_PLURAL or (noun[1:].islower() and low.endswith(("ss", "us", "is", "ous"))) or
                any(w.lower() in self.STOP or w.lower() in _NOT_PLURAL for w in gap_words) or
                (gap_words and _SUPERLATIVE.fullmatch(gap_words[0])) or lookup(noun)):
            return None
        if low in _SOURCES and _SOURCE_PHRASE.match(text, m.end()):
            return None
        return low, m.end(), False

    def _known(self, text: str, pos: int) -> tuple[str, int, bool] | None:
        if not self.nouns:
            return None
        m = self.hyphen.match(text, pos)
        if m:
            return self.nouns[m["noun"].lower()], m.end(), True
        m = self.after.match(text, pos)
        if m:
            gap_words = m["gap"].split()
            if gap_words[:1] == ["of"] and len(gap_words) >= 2 and (
                    gap_words[1].lower() in ("its", "their", "his", "her", "our")
                    or gap_words[1].endswith(("'s", "’s"))):
                gap_words = gap_words[2:]  # "600,000 of its Ascend 910C chips", "of Acme's"
            if len(gap_words) > 3 or any(w.lower() in self.STOP for w in gap_words) or \
                    _STOP_IN_GAP.search(m["gap"]):
                return None  # (not across a sentence's end: "two billion dollars. Three chips")
            if self.nouns[m["noun"].lower()] in _SOURCES and _SOURCE_PHRASE.match(text, m.end()):
                return None  # "three people familiar with the matter" are sources, not a figure
            if any(_DIGITS_ONLY.fullmatch(w) and not (i and gap_words[i - 1][:1].isupper())
                   for i, w in enumerate(gap_words)):
                return None  # another figure, not a model number ("its Siyuan 590 chips")
            if gap_words and _SUPERLATIVE.fullmatch(gap_words[0]):
                return None  # "the four largest technology companies": which ones, not a count
            return self.nouns[m["noun"].lower()], m.end(), False
        return None


_WORD_NUM_ALT = "|".join(sorted((w for w in WORDS if " " not in w and w != "zero"),
                                key=len, reverse=True))
_WORD_SCALE = re.compile(r"[\s-](?P<scale>thousand|million|billion|trillion)(?![\w-])", re.I)
_WORD_MONEY = re.compile(
    rf"(?<![\w-])(?P<w>{_WORD_NUM_ALT}|an?)\s+(?P<scale>million|billion|trillion)\s+"
    rf"(?P<cur>{CURRENCY_SUFFIX})(?![\w-])", re.I)
# (found from its scale word: the number-word alternation tried at every position is slow)
_WORD_MONEY_KEY = re.compile(r"(?<![\w-])(?:million|billion|trillion)\s", re.I)
_WORD_BEFORE = re.compile(r"(?<![\w-])[A-Za-z]+\s+$")
_RATIO_WORDS = {"double": 2.0, "doubled": 2.0, "doubles": 2.0, "doubling": 2.0, "twice": 2.0,
                "triple": 3.0, "tripled": 3.0, "triples": 3.0, "tripling": 3.0,
                "threefold": 3.0, "twofold": 2.0, "fourfold": 4.0, "tenfold": 10.0,
                "quadruple": 4.0, "quadrupled": 4.0, "quadrupling": 4.0}
# the hedges of figures in words are those of figures in digits (HEDGES): "nearly double",
# "more than three times", "a factor of about three", "more than half of"
# (the keyword is found first and its hedge looked for before it: a hedge alternation tried at
# every position of the text is slow)
_RATIO_RE = re.compile(rf"(?<![\w-])(?P<w>{'|'.join(_RATIO_WORDS)})(?![\w-])", re.I)
_TIMES_RE = re.compile(
    rf"(?<![\w-])(?P<w>{_WORD_NUM_ALT})(?:\s+times|[\s-]fold)(?![\w-])", re.I)
_HEDGE_BEFORE = re.compile(rf"(?<![\w-])(?P<hedge>{_HEDGE_ALT})\s+$", re.I)
_FACTOR_RE = re.compile(
    rf"(?<![\w-])an?\s+factor\s+of\s+(?:(?P<hedge>{_HEDGE_ALT})\s+)?"
    rf"(?P<n>\d{{1,4}}(?:\.\d+)?|{_WORD_NUM_ALT})(?![\w%^-])(?![.,]\d)", re.I)
_FRACTION_RE = re.compile(
    r"(?<![\w-])(?:(?P<hedge>nearly|almost|roughly|about|around|approximately)\s+)?"
    r"(?P<f1>(?:a|an|one|two|three)[\s-](?:half|third|quarter|fourth|fifth|sixth|tenth)s?)"
    r"(?:\s+to\s+(?P<f2>(?:a|an|one|two|three)[\s-](?:half|third|quarter|fourth|fifth|sixth|"
    r"tenth)s?))?(?P<rel>\s+(?:less|fewer|smaller|lower|more|larger|higher|greater|bigger))?"
    r"(?![\w-])", re.I)
_MAGNITUDE_RE = re.compile(
    r"(?<![\w-])(?P<mag>tens of thousands|hundreds of thousands|tens of millions|"
    r"hundreds of millions|tens of billions|hundreds of billions|dozens|hundreds|thousands|"
    r"millions|billions)\s+of\s+", re.I)
_SCALE_COMPOUND_RE = re.compile(r"(?<![\w-])(?:(?:a|one)\s+)?(?P<scale>thousand|million|billion|"
                                r"trillion)(?=-)", re.I)
_PER_WATT = re.compile(r"\s*(?:per|a|/)\s*(?:watt|W)\b", re.I)
_PER_SECOND = re.compile(r"(?:\s*/\s*|\s+(?:per|a|an|each|every)\s+)(?:second|sec|s)\b", re.I)
_HALVES_RE = re.compile(
    r"(?<![\w-])(?:(?:sav|cut|reduc|lower|slash|trim|drop|fall|fell|shrink|shrank|"
    r"decreas|declin)\w*\s+(?:\w+\s+)?(?:by\s+)?"
    r"(?P<half>(?:(?P<hedge>nearly|almost|roughly|about|around)\s+|(?P<more>more\s+than|over)\s+)?"
    r"half)(?!\s+(?:an?|of|the|its|their)\b)(?![\w-])|(?P<halved>halv(?:ed|es|ing)))", re.I)
_HALF_SHARE = re.compile(
    r"(?<![\w-])(?<!first\s)(?<!second\s)(?<!the\s)"
    r"(?P<half>half)\s+of\s+(?!the\s+(?:year|decade|century|quarter)\b)", re.I)
# "half a million units", "a quarter of a million people", "half a billion dollars"
_HALF_RE = re.compile(r"(?<![\w-])(?P<frac>half|an?\s+quarter(?:\s+of)?|three[\s-]quarters\s+of|"
                      r"an?\s+third\s+of)\s+an?\s+(?P<scale>thousand|million|billion|trillion)"
                      r"(?![\w-])", re.I)
_HALF_FRACTION = {"half": 0.5, "quarter": 0.25, "quarters": 0.75, "third": 1 / 3}
_CURRENCY_WORD = re.compile(rf"(?:of\s+)?({CURRENCY_SUFFIX})(?![\w])")
_MAGNITUDES = {"dozens": 12, "hundreds": 100, "thousands": 1e3, "tens of thousands": 1e4,
               "hundreds of thousands": 1e5, "millions": 1e6, "tens of millions": 1e7,
               "hundreds of millions": 1e8, "billions": 1e9, "tens of billions": 1e10,
               "hundreds of billions": 1e11}
# "seven", "twenty-five", "two dozen", "three hundred and fifty" (thousands and up: _WORD_SCALE)
_WORD_NUM = (rf"(?:(?:{'|'.join(TENS)})-(?:{'|'.join(UNITS)})|{_WORD_NUM_ALT})")
_WORD_COUNT_RE = re.compile(rf"(?<![\w-])(?P<w>{_WORD_NUM}(?:\s+(?:dozen|hundred)(?![\w-])"
                            rf"(?:\s+(?:and\s+)?{_WORD_NUM}(?![\w-]))?)?)(?=[\s-])", re.I)


_CURRENCY_END = re.compile(rf"(?<![A-Za-z])(?:{CURRENCY_PREFIX})$")
_MEMORY_TYPE_END = re.compile(r"(?:HBM|DDR)\d[a-zA-Z]?$")
_UNIT_END = re.compile(r"\d\s?[A-Za-z]{1,5}$")


def _left_ok(text: str, start: int, has_unit: bool) -> bool:
    """Is the number at `start` a figure rather than part of a name ("H100", "GPT-5.2")?"""
    if start == 0:
        return True
    prev = text[start - 1]
    if prev.isalpha():
        # flattened table text ("capacity80 GB", "custom350K") but not names ("Qwen3", "A3")
        run = _LETTERS_END.search(text[max(0, start - 20):start]).group(0)
        if not has_unit:
            return False
        if len(run) >= 3 and run.islower() or _CURRENCY_END.search(text, max(0, start - 8),
                                                                    start):
            return True  # "capacity80 GB"; "RMB3 billion", "RM23.50", "$US55,931,000"
        # a cell glued to the previous cell's unit or scale: "TFLOPS0.81x", "$12.0B93%", or
        # to a memory type: "HBM2e0.80-1.0x"
        return lookup(run) is not None or (run in "KMBT" and text[start - 2].isdigit()) or \
            bool(_MEMORY_TYPE_END.search(text, max(0, start - 10), start))
    if prev in "-\u2010\u2011" and start >= 2 and text[start - 2].isalnum():
        return False
    if prev == "/" and has_unit and _UNIT_END.search(text, max(0, start - 10), start - 1):
        return True  # "3nm/4nm", "80GB/96GB": alternatives
    if prev in "_/#@" or (prev == "." and start >= 2 and text[start - 2].isalnum()):
        return False
    return True


class QuantityFinder:
    """Every figure in a text. `generic_counts`: a number before any plural noun is a count,
    not only before the pack's count nouns. `bare_numbers`: a number with nothing that says
    what it counts is a count too (the pack-free quantity mode), unless it is a year, a date,
    a time of day, an ordinal or part of a name."""

    def __init__(self, count_nouns: dict[str, str], generic_counts: bool = False,
                 bare_numbers: bool = False):
        self.counts = CountNouns(count_nouns, generic=generic_counts, hyphen=bare_numbers)
        self.bare_numbers = bare_numbers

    def find(self, text: str) -> list[Quantity]:
        with reading(text):  # the searches below share the text's lower case (extract.scan)
            return self._find(text)

    def _find(self, text: str) -> list[Quantity]:
        found = [q for m in _NUM.finditer(text) if (q := self._numeric(text, m))]
        low = lower(text)
        found += self._ratio_words(text)
        found += self._fractions(text)
        found += self._magnitudes(text, low)
        found += self._word_counts(text)
        found += self._money_words(text, low)
        found += self._halves(text, low)
        if "\\times" in text or "10^{" in text:
            found += self._latex_powers(text)
        for q in found:
            if q.kind == "count" and q.count_noun:
                hit = self.counts.match(text, q.end)
                end = hit[1] if hit else q.end
                if _PER_SECOND.match(text, end):  # "78,000 images per second": a rate
                    q.kind, q.unit = "other", f"{q.count_noun}/s"
                elif self.bare_numbers and (rate := _PER_THING.match(text, end)):
                    # "12 zorbles per wug": a rate in a unit pint cannot read, kept as text
                    q.kind, q.unit = "other", f"{q.count_noun}/{rate['thing'].lower()}"
        return _share_per_unit(text, _without_overlaps(found))

    def _latex_powers(self, text: str) -> list[Quantity]:
        """TeX powers of ten: "$4.2 \\times 10^{24}$ FLOPs", "~$3 \\times 10^{22}$",
        "$10^{23}$–$10^{24}$". The unit follows, or a list's heading names it ("Training
        runs (total FLOPs):")."""
        out = []
        for m in _TEX_POWER.finditer(text):
            try:
                v1 = _tex_value(m["m1"], m["e1"])
                v2 = _tex_value(m["m2"], m["e2"]) if m["e2"] else None
            except (ValueError, OverflowError):
                continue
            end = m.end()
            u = _TEX_UNIT.match(text, end)
            unit_text = u["unit"] if u else _heading_unit(text, m.start())
            found = lookup(unit_text) if unit_text else None
            if found:
                unit_, factor = found
                kind, unit = unit_.kind, unit_.base
                end = u.end() if u else end
            elif self.bare_numbers:
                kind, unit, factor = "count", "1", 1.0
            else:
                continue
            approx = bool(m["sim"] or m["tilde"] or m["est"])
            q = Quantity(m.start(), end, text[m.start():end], kind, unit,
                         None if v2 is not None else _round(v1 * factor), approx=approx,
                         confidence=0.6)
            if v2 is not None:
                q.low, q.high = _round(v1 * factor), _round(v2 * factor)
            out.append(q)
        return out

    @staticmethod
    def _word_money(text: str):
        for k in _WORD_MONEY_KEY.finditer(text):
            w = _WORD_BEFORE.search(text, max(0, k.start() - 12), k.start())
            if w:
                m = _WORD_MONEY.match(text, w.start())
                if m:
                    yield m

    def _halves(self, text: str, low: str) -> list[Quantity]:
        """"saves half", "cut by half", "halved": a change of 50%; "more than half of 2025
        revenue": a share of 50%."""
        out = []
        if "half" not in low and "halv" not in low:
            return out
        for m in _HALF_SHARE.finditer(text):
            h = _HEDGE_BEFORE.search(text, max(0, m.start() - 40), m.start())
            approx, bound = HEDGES.get(h["hedge"].lower() if h else "", (False, "="))
            a = h.start() if h else m.start()
            out.append(Quantity(a, m.end("half"), text[a:m.end("half")],
                                "percent", "%", 50.0, approx=approx, bound=bound,
                                confidence=0.6))
        for m in _HALVES_RE.finditer(text):
            start = m.start("half") if m["half"] else m.start("halved")
            out.append(Quantity(start, m.end(), text[start:m.end()], "percent", "%", 50.0,
                                approx=bool(m["hedge"]), bound=">" if m["more"] else "=",
                                confidence=0.6))
        return out

    def _money_words(self, text: str, low: str) -> list[Quantity]:
        """"billion-dollar bets" (at least 1e9 USD), "billions in compute spend", and
        "1/10th the cost" (ratio 0.1)."""
        out = []
        if "1/" in text:
            for m in _SLASH_FRACTION.finditer(text):
                den = int(m["den"])
                if den:
                    out.append(Quantity(m.start(), m.end(), m.group(0), "ratio", "x", 1 / den,
                                        confidence=0.6))
        if "illion" not in low:
            return out
        for m in (_MONEY_MAGNITUDE.finditer(text) if "illions" in low else ()):
            out.append(Quantity(m.start(), m.end(), m.group(0), "money", "USD",
                                _MAGNITUDES[m["mag"].lower()], approx=True, bound=">=",
                                confidence=0.5))
        for m in self._word_money(text):  # "two billion dollars", "a billion euros"
            w = m["w"].lower()
            n = 1.0 if w in ("a", "an") else float(WORDS[w])
            left = _LEFT.search(text, max(0, m.start() - 40), m.start())
            hedge = left["hedge"] if left else None
            approx, bound = HEDGES.get((hedge or "").lower(), (False, "="))
            start = left.start() if hedge else m.start()
            out.append(Quantity(start, m.end(), text[start:m.end()], "money",
                                currency_code(m["cur"]), n * scale_factor(m["scale"].lower()),
                                approx=approx, bound=bound, confidence=0.7))
        for m in (_DOLLAR_ADJ.finditer(text) if "-dollar" in low else ()):
            value = {"million": 1e6, "billion": 1e9, "trillion": 1e12}[m["mag"].lower()]
            out.append(Quantity(m.start(), m.end(), m.group(0), "money", "USD", value,
                                approx=True, bound=">=", confidence=0.5))
        return out

    # digits ----------------------------------------------------------------------------------
    def _numeric(self, text: str, m: re.Match, glued: bool = False) -> Quantity | None:
        start, num_text = m.start(), m.group(0)
        sign = ""
        glued_sign = False
        if num_text[0].isdigit() and start >= 2 and text[start - 1] in "-+\u2212" and \
                _PRICE_END.search(text, max(0, start - 14), start - 1):
            # "$7.00-30%": a signed cell glued to a price in flattened table text
            sign, glued_sign = text[start - 1], True
        elif num_text[0] in "+-\u2212":
            before = text[start - 1] if start else " "
            glued = _GLUED_WORD.search(text, max(0, start - 12), start + 1) \
                if num_text[0] == "-" and before.isalpha() else None
            if glued and not self.bare_numbers:
                return None
            if glued:
                # "minus-4 degrees", "sub-3 nanometre": a word, its hyphen,
                # the figure (a figure only when a unit follows: not "covid-19 tests")
                prefix = glued.group(0).lower()
                q = self._numeric_after_word(text, m, prefix)
                return q
            if before.isalnum() or before in ".,":
                if not _PRICE_END.search(text, max(0, start - 14), start):
                    return None
                glued_sign = True
            sign, num_text = num_text[0], num_text[1:]
            start += 1
        minus = not sign and _may_be_minus(text, start) and \
            bool(_MINUS_WORD.search(text, max(0, start - 7), start))
        if _UNREADABLE_AFTER.match(text, m.end()):
            return None  # "3,87" (387? 3.87?), "1.2.3" (a version)
        r = _RIGHT.match(text, m.end())
        left_end = start - 1 if sign and not glued_sign and start >= 2 and \
            text[start - 2] in "$€£¥" else start
        left = _LEFT.search(text, max(0, left_end - 40), left_end) \
            if _may_have_left(text, left_end) else None
        cur = left["cur"] if left else None
        if cur and cur.strip() == "PS" and len(num_text) == 1 and not r["scale"]:
            return None  # "PS5" is a console; unidecode's "PS2.7m" is pounds
        hedge = left["hedge"] if left else None
        between = (left["between"] or "").lower() if left else ""
        unit_text = r["unit"] or r["unit1"]
        scale = (r["scale"] or "").strip(" -")
        scale2 = (r["scale2"] or "").strip(" -")
        cursuf = r["cursuf"]
        sep = r["sep"]
        end = r.end()
        pair = None
        if sep and not _is_range(r, text, start, cur, between):
            if (between == "from" or sep.strip() in ("and", "or", "vs", "vs.", "versus")) and not (
                    r["unit1"] or cur or _YEAR_LIKE.fullmatch(num_text)) and (
                    not scale or scale2):
                # "grew from 120,000 to 280,000 units", "sold 5,000 and 7,000 units", "12k and
                # 30k GPUs": the first value is in the second's unit
                pair = (r["unit"], scale or scale2, r["cur2"], r["cursuf"], r.end())
            sep, end = None, _end_before_sep(r)
        if not sep and r["unit1"]:
            unit_text, end = r["unit1"], r.end("unit1")  # "12% year on year": the unit is %
        elif not sep:
            unit_text = r["unit"] if end == r.end() else None
            scale2 = ""
            if end != r.end():
                cursuf = None
        noun_at = end
        if pair is not None:
            unit_text, scale, cur, cursuf, noun_at = pair
        # lowercase m/b scales only after a currency sign ("$5m", "$2b") or before a counted
        # noun ("1.2m units"): "1.8m" alone may be metres
        if scale in ("m", "b") and not cur and not self.counts.match(text, noun_at) and not (
                unit_text and (u_ := lookup(unit_text)) and u_[0].kind != "ratio"):
            return None  # (but "2.1m tonnes": a unit after the scale)
        if scale2 in ("m", "b") and not (cur or r["cur2"]) and not self.counts.match(text,
                                                                                       noun_at):
            return None
        noun_hit = None if (unit_text or cur or cursuf) else self.counts.match(text, noun_at)
        if not glued_sign and not glued and not _left_ok(text, start - len(sign) if sign else start,
                                           bool(unit_text or scale or cur or cursuf or noun_hit)):
            return None
        if glued_sign and not unit_text:
            return None
        try:
            v1 = parse_number(sign + num_text)
            v2 = parse_number(r["num2"]) if sep else None
        except ValueError:
            return None
        if minus:  # "minus-5 yards", "minus 233 Celsius"
            v1 = -v1
        f1 = scale_factor(scale) if scale else scale_factor(scale2) if sep else 1.0
        if sep and not scale and scale2 and ("," in num_text or v1 > v2):
            f1 = 1.0  # "$750,000 to $1 million", "$200 to $4 million": the scale is the 2nd's
        f2 = scale_factor(scale2) if scale2 else f1
        if scale and sep and not scale2:
            f2 = f1
        approx, bound = HEDGES.get((hedge or "").lower(), (False, "="))
        if r["plus"] or r["plus2"] or r["plus3"]:
            bound = ">="
        currency = cur or (r["cur2"] if sep else None) or cursuf
        if currency and not cur and not r["cur2"] and not scale and _POUNDS.fullmatch(currency):
            currency, unit_text = None, "lb"   # "208 pounds": a weight; money is "£208"
        kind, unit, factor, per = None, None, 1.0, None
        per_factor = 1.0
        bare = False
        count_noun, compound = None, False
        if unit_text:
            found = lookup(unit_text)
            if found:
                u, factor = found
                kind, unit = u.kind, u.base
        if kind == "compute" and r["prec"] and unit_text == r["unit"]:
            pass  # "1,840 MXFP8 TFLOPS": the format between the figure and its unit
        elif r["prec"] and unit_text == r["unit"]:
            return None
        if kind == "ratio" and _TIMES_THINGS.match(text, m.end()) and "." not in num_text \
                and not sep and _counts_things(text, m.end()):
            # "4 x Boards", "2x 800 GB/s links", "1x 8-pin": so many things, not a factor
            kind, unit, factor = "count", "1", 1.0
            end = _TIMES_THINGS.match(text, m.end()).end("x")
        if kind == "compute" and _PER_WATT.match(text, end):
            # "1.03 TFLOPS per watt": an efficiency, not a compute figure
            kind, unit, end = "other", f"{unit}/W", _PER_WATT.match(text, end).end()
        minor = 1.0
        if kind is None and not currency and (mu := _MINOR_UNIT.match(text, end)) and (
                mu["cent"] or mu["pence"] or _SHARE_CONTEXT.search(
                    text, *_sentence_around(text, start, end))):
            # "up 23 cents", "a loss of 47 cents per share", "up 12p at 340p": money in
            # its minor unit, in the currency said nearby (cents) or pounds (pence)
            said = min(_CURRENCY_SAID.finditer(text, *_sentence_around(text, start, end)),
                       key=lambda c: abs(c.start() - start), default=None)
            currency = said.group(0) if said and mu["cent"] else "£" if not mu["cent"] else "$"
            minor, end = 0.01, mu.end()
        if currency and kind in (None, "ratio") and not (kind == "ratio" and not cur):
            code = currency_code(currency)
            kind, unit, factor = "money", code, 1.0
            p = _PER.match(text, end)
            if p:
                per_what = p["per"].lower().rstrip("s")
                if per_what in ("token",):
                    kind, unit = "price_per_unit", f"{code}/token"
                    factor = 1.0 / _PER_MAG.get((p["mag"] or "").replace(" ", "").lower(), 1.0)
                    per_factor = factor
                    per = (p["io"] or p["io0"] or "").lower().split()[-1:] or None
                    per = per[0] if per else None
                    end = p.end()
                elif per_what in ("hour", "hr", "h", "gpu-hour", "gpu hour"):
                    kind, unit = "price_per_unit", f"{code}/hour"
                    end = p.end()
                else:
                    per = per_what
            else:
                p = _PER_MTOK.match(text, end)
                if p and (p["io"] or _TOKENS_NEAR.search(text, max(0, start - 300), end + 300)):
                    kind, unit, factor = "price_per_unit", f"{code}/token", 1e-6
                    per_factor = factor
                    per = (p["io"] or "").lower().split("-")[0].split(" ")[0] or None
                    end = p.end()
        if kind == "other" and unit in _DURATIONS and (
                _TIME_REFERENCE.match(text, end) or (sep and _YEAR_LIKE.fullmatch(num_text))
                or (not self.bare_numbers and _WHEN_BEFORE.search(text, max(0, start - 30),
                                                                  start))):
            # "two years ago", "over the next 12 months": when, not how long
            return None
        if kind == "other" and unit in _DURATIONS and _READING_TIME.search(
                text, max(0, start - 30), start):
            return None  # page furniture: "Reading time: 16 minutes"
        if kind is None:
            hit = noun_hit if noun_hit is not None else self.counts.match(text, noun_at)
            if hit and not self.counts.is_known(hit[0]) and (
                    _YEAR_OR_CENTURY.fullmatch(num_text)
                    or (sep and _YEAR_OR_CENTURY.fullmatch(r["num2"] or ""))
                    or ("." in num_text and not scale and not self.bare_numbers)
                    or _NAME_BEFORE.search(text, max(0, start - 30), start)):
                # "in 2024 sales rose", "PCIe 6.0 slots", "Orion 900 series": a year, a
                # version or a name, not a count
                hit = None
            if hit:
                count_noun, noun_end, compound = hit
                kind, unit = "count", "1"
            elif scale and scale.lower() not in ("k",) or scale in ("K", "M", "B", "T") or (
                    scale2 and sep):
                kind, unit = "count", "1"
            elif "," in num_text and not sep and not scale and _COUNT_CHANGE_BEFORE.search(
                    text, max(0, start - 40), start) and not _UNREADABLE_AFTER.match(text, end):
                kind, unit = "count", "1"
            elif not sep and not scale and "," in num_text and not _YEAR_LIKE.fullmatch(
                    num_text) and (by_noun := _COUNTED_BY_NOUN.search(
                        text, max(0, start - 120), start)) and \
                    by_noun["noun"].lower() not in _NOT_MEASURE_NOUNS:
                kind, unit = "count", "1"
                count_noun = by_noun["noun"].lower()
            elif self.bare_numbers and _bare_count(text, start, end, num_text, sep,
                                                   r["num2"]):
                kind, unit = "count", "1"
                bare = True
            else:
                return None
        value_text = text[start - len(sign) if sign else start:end]
        if left and (hedge or cur or between == "between"):
            spans_left = hedge or (between == "between" and sep)
            lstart = left.start() if spans_left else left.start("cur")
            value_text = text[lstart:end]
            qstart = lstart
        else:
            qstart = start - len(sign) if sign else start
        if kind == "money" and not sign and not minus and \
                _NEGATIVE_BEFORE.search(text, max(0, qstart - 12), qstart):
            v1 = -v1   # "from negative RMB 40 million"
        q = Quantity(start=qstart, end=end, value_text=value_text.strip(), kind=kind, unit=unit,
                     value=None, approx=approx, bound=bound, count_noun=count_noun, per=per,
                     hyphen_compound=compound)
        if sep:
            q.low, q.high = _round(v1 * f1 * factor * minor), _round(v2 * f2 * factor * minor)
            if q.low > q.high:
                q.low, q.high = q.high, q.low
        else:
            q.value = _round(v1 * f1 * factor * minor)
        if kind == "count" and not count_noun:
            q.confidence = 0.5
        if hedge and hedge.lower() in ("estimated", "an estimated", "est."):
            q.notes["estimate"] = True
        if kind == "price_per_unit":
            q.notes["per_factor"] = per_factor
        if bare:
            q.notes["bare"] = True   # a number alone: a table header may say what it is
        return q

    def _numeric_after_word(self, text: str, m: re.Match, prefix: str) -> Quantity | None:
        """The figure in "minus-4 degrees" or "sub-3 nanometre", read without
        the hyphen when a unit (not a counted noun) follows."""
        digits = _NUM.match(text, m.start() + 1)
        q = self._numeric(text, digits, glued=True) if digits else None
        if q is None or q.kind in ("count", "ratio") or q.value is None:
            return None
        if prefix == "minus":  # (_numeric read the sign from the word)
            q.start, q.value_text = m.start() - len(prefix), text[m.start() - len(prefix):q.end]
        elif prefix == "sub":
            q.bound = "<"
        return q

    # words -----------------------------------------------------------------------------------
    def _ratio_words(self, text: str) -> list[Quantity]:
        out = []
        for m in _TIMES_RE.finditer(text):  # "three times faster", "a five-fold rise"
            h = _HEDGE_BEFORE.search(text, max(0, m.start() - 40), m.start())
            approx, bound = HEDGES.get(h["hedge"].lower() if h else "", (False, "="))
            a = h.start() if h else m.start()
            out.append(Quantity(a, m.end(), text[a:m.end()], "ratio", "x",
                                float(WORDS[m["w"].lower()]), approx=approx, bound=bound,
                                confidence=0.6))
        for m in _FACTOR_RE.finditer(text):  # "grew by a factor of 10"
            n = m["n"].lower()
            approx, bound = HEDGES.get((m["hedge"] or "").lower(), (False, "="))
            out.append(Quantity(m.start(), m.end(), m.group(0), "ratio", "x",
                                float(WORDS[n]) if n in WORDS else float(n), approx=approx,
                                bound=bound, confidence=0.6))
        for m in _RATIO_RE.finditer(text):
            if text[m.end():m.end() + 6].lower().startswith("-digit"):
                continue
            h = _HEDGE_BEFORE.search(text, max(0, m.start() - 40), m.start())
            approx, bound = HEDGES.get(h["hedge"].lower() if h else "", (False, "="))
            a = h.start() if h else m.start()
            out.append(Quantity(a, m.end(), text[a:m.end()], "ratio", "x",
                                _RATIO_WORDS[m["w"].lower()], approx=approx, bound=bound,
                                confidence=0.6))
        return out

    def _fractions(self, text: str) -> list[Quantity]:
        out = []
        for m in _FRACTION_RE.finditer(text):
            try:
                f1 = parse_word_fraction(m["f1"])
                f2 = parse_word_fraction(m["f2"]) if m["f2"] else None
            except ValueError:
                continue
            rel = (m["rel"] or "").strip().lower()
            sign = -1 if rel in ("less", "fewer", "smaller", "lower") else 1 if rel else 0
            if sign:
                f1 = 1 + sign * f1
                f2 = 1 + sign * f2 if f2 is not None else None
            approx = bool(m["hedge"])
            q = Quantity(m.start(), m.end(), m.group(0), "ratio", "x", None if f2 else f1,
                         approx=approx, confidence=0.6)
            if f2 is not None:
                q.low, q.high = sorted((f1, f2))
            out.append(q)
        return out

    def _magnitudes(self, text: str, low: str) -> list[Quantity]:
        out = []
        compounds = "illion-" in low or "thousand-" in low
        for m in (_SCALE_COMPOUND_RE.finditer(text) if compounds else ()):  # "million-token"
            hit = self.counts.match(text, m.end())
            if hit and hit[2]:
                noun, end, _ = hit
                out.append(Quantity(m.start("scale"), end, text[m.start("scale"):end], "count",
                                    "1", scale_factor(m["scale"].lower()), count_noun=noun,
                                    hyphen_compound=True, confidence=0.6))
        for m in (_HALF_RE.finditer(text) if "half" in low or "quarter" in low or
                  "third" in low else ()):  # "half a million units"
            frac = _HALF_FRACTION[m["frac"].split()[-2 if m["frac"].endswith("of") else -1]
                                  .lower().split("-")[-1]]
            value = frac * scale_factor(m["scale"].lower())
            cur = _CURRENCY_WORD.match(text, m.end() + 1)
            if cur and text[m.end():m.end() + 1].isspace():  # "half a billion dollars"
                out.append(Quantity(m.start(), cur.end(), text[m.start():cur.end()], "money",
                                    currency_code(cur.group(1)), value, confidence=0.7))
                continue
            hit = self.counts.match(text, m.end())
            if hit:
                noun, end, _ = hit
                out.append(Quantity(m.start(), end, text[m.start():end], "count", "1",
                                    value, count_noun=noun, confidence=0.7))
        for m in _MAGNITUDE_RE.finditer(text):
            cur = _CURRENCY_WORD.match(text, m.end())
            hit = None if cur else self.counts.match(text, m.end() - 1)
            if not hit and not (cur and self.bare_numbers):
                continue
            low = float(_MAGNITUDES[m["mag"].lower()])
            if cur:  # "tens of millions of dollars"
                end, kind, unit, noun = cur.end(), "money", currency_code(cur.group(1)), None
            else:
                (noun, end, _), kind, unit = hit, "count", "1"
            q = Quantity(m.start(), end, text[m.start():end], kind, unit, low, approx=True,
                         bound=">=", count_noun=noun, confidence=0.6)
            if self.bare_numbers:  # "dozens of people": between 12 and 120
                q.value, q.low, q.high, q.bound = None, low, low * 10, "="
            out.append(q)
        return out

    def _word_counts(self, text: str) -> list[Quantity]:
        out = []
        for m in _WORD_COUNT_RE.finditer(text):
            w = m["w"].lower()
            try:
                value, after = parse_word_number(w), m.end()
            except ValueError:
                continue
            scaled = _WORD_SCALE.match(text, after)
            if scaled:  # "four million chips"
                value, after = value * scale_factor(scaled["scale"].lower()), scaled.end()
                cur = _CURRENCY_WORD.match(text, after + 1) if " hundred" in w and \
                    text[after:after + 1].isspace() else None
                if cur:  # "one hundred million pounds" (one word and a scale: _word_money)
                    left = _LEFT.search(text, max(0, m.start() - 40), m.start())
                    hedge = left["hedge"] if left else None
                    approx, bound = HEDGES.get((hedge or "").lower(), (False, "="))
                    start = left.start() if hedge else m.start()
                    out.append(Quantity(start, cur.end(), text[start:cur.end()], "money",
                                        currency_code(cur.group(1)), value, approx=approx,
                                        bound=bound, confidence=0.7))
                    continue
            elif w == "one":
                if self.bare_numbers and _ONE_THING.match(text, after) and not \
                        _NOT_ONE.search(text, max(0, m.start() - 8), m.start()):
                    # "one solution", "one of the best": the pack-free mode counts it
                    out.append(Quantity(m.start(), after, m.group(0), "count", "1", 1.0,
                                        confidence=0.4))
                continue
            hit = self.counts.match(text, after, generic=self.bare_numbers)
            kind, unit = "count", "1"
            if not hit and scaled:
                continue  # "two billion dollars" is money, read elsewhere
            if not hit and self.bare_numbers and not scaled:
                u = _WORD_UNIT.match(text, m.end())
                found = lookup(u["unit"]) if u else None
                if found and found[0].kind not in ("ratio",) and (
                        found[0].base not in _DURATIONS or not u["unit"].startswith("-")):
                    unit_, factor = found
                    out.append(Quantity(m.start(), u.end(), text[m.start():u.end()],
                                        unit_.kind, unit_.base, _round(value * factor),
                                        confidence=0.6))
                    continue
            if not hit:
                y = _WORD_YEARS.match(text, m.end())
                if not y or _TIME_REFERENCE.match(text, y.end()):
                    continue
                # "a three-year Ascend roadmap": like "a 384-chip cluster", about what follows
                hit, kind, unit = (None, y.end(), y.group(0).startswith("-")), "other", "years"
            noun, end, compound = hit
            left = _LEFT.search(text, max(0, m.start() - 40), m.start())
            hedge = left["hedge"] if left else None
            approx, bound = HEDGES.get((hedge or "").lower(), (False, "="))
            start = left.start() if hedge else m.start()
            out.append(Quantity(start, end, text[start:end], kind, unit, value,
                                approx=approx, bound=bound, count_noun=noun,
                                hyphen_compound=compound, confidence=0.7))
        return out


_YEAR_LIKE = re.compile(r"(?:19|20)\d\d")
_ONE_THING = re.compile(r"\s+(?!(?:another|day|by|after|and|or|way|they|he|she|it|we|you|i|"
                        r"across|is|was|that|who|which|to|at|in|on|for|with|from|more|time|"
                        r"thing|would|will|can|could|should|must|may|might|has|had|have)\b)"
                        r"[a-z]")
_NOT_ONE = re.compile(r"(?i:\b(?:no|any|every|some|the)\s+)$")
_TIMES_THINGS = re.compile(r"\s?(?P<x>[xX×])\s+(?=[A-Z0-9])(?![A-Z][a-z]+er\b)")
_TEX_NUM = (r"\$\s*(?:(?P<sim{n}>\\sim|\\approx)\s*)?(?:(?P<m{n}>\d+(?:\.\d+)?)\s*\\times\s*)?"
            r"10\^\{{?(?P<e{n}>-?\d{{1,3}})\}}?\s*\$")
_TEX_POWER = re.compile(r"(?P<est>(?i:estimated|about|around|roughly)\s+)?(?P<tilde>~)?" +
                        _TEX_NUM.format(n=1).replace("(?P<sim1>", "(?P<sim>") +
                        r"(?:\s*[–-]\s*" + _TEX_NUM.format(n=2).replace("(?P<sim2>", "(?:") +
                        ")?")
_TEX_UNIT = re.compile(rf"\s*(?:(?:MX)?(?:FP|BF|TF|INT)\d{{1,2}}\s+)?(?P<unit>{UNIT_PATTERN})"
                       r"(?![a-z])")


def _tex_value(mant: str | None, exp: str) -> float:
    e = int(exp)
    if abs(e) > 300:
        raise ValueError(exp)
    return float(mant or 1) * 10.0 ** e


def _heading_unit(text: str, pos: int) -> str | None:
    """The unit a list's heading names: the item lines ("- ...") above, then a line ending in
    ':' ("Training runs (total FLOPs, estimates):")."""
    line_start = text.rfind("\n", 0, pos) + 1
    if not text.startswith(("- ", "* ", "• "), line_start):
        return None
    k = line_start
    for _ in range(50):
        if k <= 0:
            return None
        prev_start = text.rfind("\n", 0, k - 1) + 1
        line = text[prev_start:k - 1].strip()
        if not line.startswith(("- ", "* ", "• ")):
            if not line.endswith(":"):
                return None
            for u in _UNIT_WORD.finditer(line):
                found = lookup(u.group(0))
                if found and found[0].kind not in ("ratio", "percent"):
                    return u.group(0)
            return None
        k = prev_start
    return None


_PER_THING = re.compile(r"\s+per\s+(?P<thing>[A-Za-z][a-z]+)\b(?!\s+(?:cent|annum)\b)")
# "3,87", "1.2.3": a number the text does not write in any way we can read for sure
_UNREADABLE_AFTER = re.compile(r"[.,]\d")
_HEDGE_LAST_WORDS = {h.split()[-1].lower() for h in HEDGES} | {"between", "from"}
_LAST_WORD = re.compile(r"([A-Za-z.]+)\s*$")


def _may_be_minus(text: str, start: int) -> bool:
    """Whether _MINUS_WORD ("minus-5", "minus 233") can end at `start`: the word's s stands two
    characters before it, or three before a line break (which "$" passes)."""
    tail = text[start - 3:start - 1] if start >= 6 else ""
    return "s" in tail or "S" in tail or "ſ" in tail


def _may_have_left(text: str, end: int) -> bool:
    """Whether a hedge, a currency or "between" can stand just before `end`: the full search
    for them (a long alternation tried at every position) is skipped for most numbers."""
    k = end
    while k > 0 and text[k - 1] in " \t":
        k -= 1
    if k == 0:
        return False
    prev = text[k - 1]
    if not prev.isalpha() and prev != ".":
        return prev in "$€£¥₹₩₪~≈="
    w = _LAST_WORD.search(text, max(0, k - 20), k)
    if w is None:
        return False
    word = w.group(1).lower()
    # a currency code or sign glued or spaced ("USD 5", "RM23", "$US5", "HK$"), or a hedge
    return word in _HEDGE_LAST_WORDS or word.rstrip(".") in _HEDGE_LAST_WORDS or \
        bool(_CURRENCY_END.search(text, max(0, k - 8), k)) or \
        bool(_CURRENCY_END.search(text, max(0, end - 8), end))


def _counts_things(text: str, after: int) -> bool:
    """After "N x": things counted ("4 x Boards", "2x 800 GB/s", a table's "2x Link
    Bridge"), not a factor ("5x Zoom lens", "20X Speedup" in prose)."""
    m = _TIMES_THINGS.match(text, after)
    if text[m.end()].isdigit() or text[after].isspace():
        return True
    line_start = text.rfind("\n", 0, after) + 1
    line_end = text.find("\n", after)
    return "|" in text[line_start:line_end if line_end >= 0 else len(text)]


# "factory jobs increased by 48,000", "a monthly gain of 75,000": a count the verb speaks of
_COUNT_CHANGE_BEFORE = re.compile(
    r"\b(?:increased|decreased|rose|fell|added|lost|gained|declined|grew|dropped|shed|"
    r"(?:gain|loss|increase|decrease|rise|drop|decline)\s+of)\s+(?:by\s+)?(?:about\s+|some\s+|"
    r"nearly\s+|roughly\s+)?$", re.I)
# "shipments rose from an estimated 120,000 in 2024 to roughly 280,000", "deliveries reached
# 45,000", "headcount stood at 12,400": a plural measure noun (or a -count/-ship noun) as the
# verb's subject names what a bare number that follows counts (a level, and where "from ... to"
# runs, both ends)
_COUNTED_BY_NOUN = re.compile(
    rf"(?<![\w-])(?P<noun>[a-z]{{3,}}(?:s|count|put))(?:\s+(?:of|for)(?:\s+[\w.-]+){{1,4}}?)?"
    rf"\s+(?:(?:have|has|had|will|could|would|may|"
    rf"might|should|are|is|were|was)\s+(?:(?:expected|forecast|projected|set|likely)\s+to\s+)?)?"
    rf"(?:rose|risen|rise|grew|grown|grow|climbed|climb|jumped|jump|reached|reach|hit|totall?ed|"
    rf"total|topped|top|increased|increase|decreased|decrease|declined|decline|dropped|drop|"
    rf"fell|fallen|fall|stood|stand|came\s+in|amounted|doubled|tripled|surged|slipped|slid)"
    rf"(?:\s+(?:at|to))?\s+(?:from\s+(?:[^.;!?\d]*\d[^.;!?]{{0,40}}?\s+)?to\s+|from\s+)?"
    rf"(?:(?:{_HEDGE_ALT})\s+)?$", re.I)
_NOT_MEASURE_NOUNS = {"was", "has", "is", "this", "its", "his", "has", "does", "less", "plus",
                      "prices", "shares", "stocks", "sales", "revenues", "earnings", "costs",
                      "rates", "yields", "margins", "profits", "losses", "scores", "points",
                      "temperatures", "levels", "figures", "numbers", "values", "times"}
_NEGATIVE_BEFORE = re.compile(r"(?<![\w-])negative\s+$", re.I)
# money in its minor unit: "23 cents", "85¢", "40 pence"; "74p" only where shares or prices
# are spoken of ("1080p video" is a resolution)
_MINOR_UNIT = re.compile(r"\s?(?:(?P<cent>(?i:cents?)(?![\w-])|¢)|(?P<pence>(?i:pence)(?![\w-]))|"
                         r"p(?!\.m\b)(?=[\s,.;:)]|$))")   # ("4 p.m." is a time)
_SHARE_CONTEXT = re.compile(r"(?i:\b(?:shares?|stocks?|pence|penny|prices?|traded|trading|"
                            r"closed|dividend|FTSE)\b)")
_SENTENCE_BREAK = re.compile(r"[.!?]\s|\n")


def _sentence_around(text: str, start: int, end: int, reach: int = 150) -> tuple[int, int]:
    """The span of the sentence (at most `reach` characters each way) around a figure."""
    lo = max(0, start - reach)
    breaks = [m.end() for m in _SENTENCE_BREAK.finditer(text, lo, start)]
    hi = _SENTENCE_BREAK.search(text, end, min(len(text), end + reach))
    return (breaks[-1] if breaks else lo), (hi.start() if hi else min(len(text), end + reach))


_CURRENCY_SAID = re.compile(rf"(?<![A-Za-z])(?:{CURRENCY_PREFIX})(?=\s?\d)|"
                            rf"(?<=\d\s)(?:{CURRENCY_SUFFIX})(?![\w])")
_POUNDS = re.compile(r"pounds?", re.I)
_MINUS_WORD = re.compile(r"(?<![\w-])minus[\s-]$", re.I)
_BY_BEFORE = re.compile(r"\bby\s+(?:[~≈]|about\s+|around\s+|some\s+|nearly\s+)?"
                        rf"(?:{CURRENCY_PREFIX})?$", re.I)
_MOVED_BEFORE = re.compile(r"\b(?:rose|fell|gained|lost|jumped|dropped|climbed|declined|added|"
                          r"shed|slipped|slid|surged|soared|plunged|tumbled|increased|decreased|"
                          r"grew|up|down)\s+(?:about\s+|around\s+|some\s+|nearly\s+|almost\s+)?"
                          rf"(?:{CURRENCY_PREFIX})?$", re.I)
_YEAR_OR_CENTURY = re.compile(r"(?:1[5-9]|2[01])\d\d")   # a bare 4-digit number: a year
_WORD_UNIT = re.compile(rf"[\s-](?P<unit>{UNIT_PATTERN})(?![a-z])")
# after a bare number, a capitalised word makes it part of a name or an address ("787
# Dreamliner", "9 E 71st St", "90049 ZIP Code")
_NAME_AFTER = re.compile(r"\s[A-Z][\w-]*")
# a lone C, F or V after a number is a unit when the sentence speaks of what it measures: "a
# 12 C melting point", "highs near 95 F", "the capacitor stores 2.5 F", "230 V from the mains"
_LETTER_UNIT = re.compile(r"\s?(?P<u>[CFV])(?![\w'’-])")
_TEMPERATURE_SAID = re.compile(
    r"°|(?i:\b(?:temperatures?|degrees?|melt\w*|boil\w*|freez\w*|thaw\w*|weather|forecasts?|"
    r"heat(?:wave)?s?|thermometers?|thermostats?|celsius|centigrade|fahrenheit|frost\w*|"
    r"highs|lows|high\s+of|low\s+of|overnight|warm\w*|cool\w*|chill\w*)\b)")
_VOLTAGE_SAID = re.compile(r"(?i:\b(?:volts?|voltage|batter(?:y|ies)|charg\w*|mains|electric\w*|"
                           r"sockets?|plugs?|circuits?|motors?|power\s+supply)\b)")
_CAPACITANCE_SAID = re.compile(r"(?i:capacitors?\b|capacitance|\bfarads?\b)")


def letter_unit(text: str, start: int, end: int) -> tuple[str, str, int] | None:
    """The unit a lone C, F or V just after the number at start..end names, as (label, pint
    expression, end of the letter): F is a farad where the sentence speaks of capacitance,
    C and F are degrees where it speaks of temperature, V volts where it speaks of
    electricity; else None (a grade, a section)."""
    m = _LETTER_UNIT.match(text, end)
    if m is None:
        return None
    lo, hi = _sentence_around(text, start, end)
    if m["u"] == "V":
        return ("V", "volt", m.end()) if _VOLTAGE_SAID.search(text, lo, hi) else None
    if m["u"] == "F" and _CAPACITANCE_SAID.search(text, lo, hi):
        return "F", "farad", m.end()
    if _TEMPERATURE_SAID.search(text, lo, hi):
        return ("°C", "degC", m.end()) if m["u"] == "C" else ("°F", "degF", m.end())
    return None


# a capitalised word just before a number makes it part of a name ("PCIe 6.0", "Orion 900"),
# unless the word starts the sentence
_NAME_BEFORE = re.compile(r"(?<![.!?]\s)(?<!^)\b(?:[A-Z][\w-]*|[a-z]+[A-Z][\w-]*)\s$")


_MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
           r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DATE_BEFORE = re.compile(rf"\b{_MONTHS}\s+$")
_DATE_AFTER = re.compile(rf"(?:st|nd|rd|th)\b|\s*(?:of\s+)?{_MONTHS}(?![\w])|\s*[:/]\d|"
                         r"\s*(?:[ap]\.?m\b|GMT|UTC|ET|BST)|-[A-Za-z]|\.\d", re.I)


_DECADE_AFTER = re.compile(r"(?<=(?<![\d,.])\d0)(?:'|’)?s\b|(?<=(?<![\d,.])\d\d\d0)(?:'|’)?s\b")


def _bare_count(text: str, start: int, end: int, num_text: str, sep, num2) -> bool:
    """A number alone (pack-free mode): a count, unless it is a year, a date, a time of day,
    an ordinal, a number in a name ("Big 12", "iPhone 11") or a hyphenated modifier."""
    if _YEAR_OR_CENTURY.fullmatch(num_text) or (sep and _YEAR_OR_CENTURY.fullmatch(num2 or "")):
        return False
    if sep and sep.strip() in ("-", "–") and text[end - 1:end].isdigit() and \
            _SCORE.fullmatch(text, start, end) and not _GLUED_LETTERS.match(text, end) and \
            not (_LETTER_UNIT.match(text, end) and letter_unit(text, start, end)):
        return False  # "2-2", "89-89": a score (not "30-35C", "3-4in", "a 20-25 C day")
    if start and (text[start - 1] in ":/#" or text[start - 1].isalpha()):
        return False
    if sep and (num2 or "")[:1] == "0" and len(num2) > 1 and "." not in num2:
        return False  # "555-0134": a phone number, not a range
    if _DECADE_AFTER.match(text, end):  # (the 2 or 4 digits before end a decade: "90s")
        return False  # "the 90s", "the 80's": a decade
    if _DATE_BEFORE.search(text, max(0, start - 12), start) or _DATE_AFTER.match(text, end):
        return False
    return not _NAME_BEFORE.search(text, max(0, start - 30), start) and \
        not (num_text.isdigit() and _NAME_AFTER.match(text, end)
             and not letter_unit(text, start, end))


_SCORE = re.compile(r"\d{1,3}[-–]\d{1,3}")
_GLUED_LETTERS = re.compile(r"(?:C|F|in|V)(?![\w'’-])")
_GLUED_WORD = re.compile(r"(?<![\w-])[a-z]{3,10}(?=-$)")


def _far_apart(a: str, b: str | None, scale_a: str | None, scale_b: str | None) -> bool:
    """Two figures too far apart to be the ends of one range (the second over twice the
    first)."""
    try:
        va = parse_number(a) * scale_factor((scale_a or scale_b or "").strip(" -"))
        vb = parse_number(b or "") * scale_factor((scale_b or "").strip(" -"))
    except ValueError:
        return False
    return va > 0 and vb > 2 * va


def _descending(a: str, b: str) -> bool:
    try:
        return parse_number(a) > parse_number(b)
    except ValueError:
        return False


def _is_range(r: re.Match, text: str, start: int, cur: str | None, between: str) -> bool:
    """Whether "A <sep> B" is one range, or two figures that merely stand side by side."""
    sep = r["sep"].strip()
    unit1, unit2 = r["unit1"], r["unit"]
    if sep in ("vs", "vs.", "versus"):
        return False                              # "148 vs 320 TFLOPS": two figures
    if sep == "to" and r["num2"] and not (r["scale"] or r["scale2"]) and _descending(
            text[start:r.start()], r["num2"]):
        return False                              # "approved 62% to 38%": a split, not a range
    if sep in ("to", "-", "–") and unit1 and not unit2 and r["num2"] and not r["cur2"] and \
            between not in ("between", "from") and not r["scale2"] and \
            lookup(unit1)[0].kind not in ("ratio",):
        return False                              # "jumped 40% to 1,200 units", "rose 2.5
        #                                           points to 3,400": a change, then a level
    if sep == "and" and between != "between":
        return False                              # a range is "between 64 and 80 GB"
    if sep == "or" and not (unit1 and unit2):
        return False                              # "4nm or 5nm"; not "3 or 4 of them"
    if sep == "to" and _BY_BEFORE.search(text, max(0, start - 12), start) and _far_apart(
            text[start:r.start()], r["num2"], r["scale"], r["scale2"]):
        return False                              # "rose by $43.6B to $419.2B": change, level
        #                                           (but "by 5% to 7%" is a range)
    if sep == "to" and _MOVED_BEFORE.search(text, max(0, start - 24), start) and _far_apart(
            text[start:r.start()], r["num2"], r["scale"], r["scale2"]):
        return False                              # "gained $12 to $1,300": change, level
    if sep in ("to", "-", "–") and between == "from" and _CHANGE_VERBS.search(
            text, max(0, start - 60), max(0, start - 5)):
        return False                              # "grew from $3.2B to $7.5B": a change
    if unit1 and unit2 and lookup(unit1)[0].kind != lookup(unit2)[0].kind:
        return False                              # "80 GB to 3 TB/s"
    if (r["cur2"] or (r["cursuf"] and unit1)) and not cur:
        return False                              # "fell 3.5% to $120.15", "2024 to $7.5B",
        #                                           "jumped 1,300% to 1.73 billion yuan"
    if (_YEAR_LIKE.fullmatch(text[start:r.start()]) and not (unit1 or r["scale"])
            and not _YEAR_LIKE.fullmatch(r["num2"] or "")):
        return False                              # "in 2024 to 280,000 units"
    if (sep == "-" and (cur or r["cur2"]) and unit2 and not unit1
            and lookup(unit2)[0].kind in ("percent", "ratio")):
        return False                              # "$7.00-30%": two glued table cells
    return True


def _round(v: float) -> float:
    return float(f"{v:.12g}") + 0.0   # + 0.0: no negative zero


def _end_before_sep(r: re.Match) -> int:
    for name in ("unit1", "plus2", "scale", "plus"):
        if r[name]:
            return r.end(name)
    return r.start()


_CLAUSE_END = re.compile(r"[.!?;]\s+(?=[A-Z\"“(])|\n|\||=")


def _share_per_unit(text: str, qs: list[Quantity]) -> list[Quantity]:
    """"$0.01 cached input, $0.20 input and $0.90 output per 1M tokens": bare
    prices beside a price per token (or per hour) in one sentence are per that unit too."""
    priced = [i for i, q in enumerate(qs) if q.kind == "price_per_unit"]
    for i in priced:
        p = qs[i]
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(qs):
                q = qs[j]
                a, b = (q.end, p.start) if step < 0 else (p.end, q.start)
                if a > b or _CLAUSE_END.search(text, a, b) or b - a > 120:
                    break
                if q.kind == "money" and q.value is not None and 0 < q.value < 1000 and \
                        not _LETTER.search(q.value_text.split("$")[-1]):
                    q.kind, q.unit = "price_per_unit", p.unit
                    q.value = _round(q.value * p.notes.get("per_factor", 1.0))
                    q.notes["per_factor"] = p.notes.get("per_factor", 1.0)
                elif q.kind != "price_per_unit":
                    break
                j += step
    return qs


def _without_overlaps(qs: list[Quantity]) -> list[Quantity]:
    qs.sort(key=lambda q: (q.start, -(q.end - q.start)))
    out: list[Quantity] = []
    for q in qs:
        if out and q.start < out[-1].end:
            if (q.end - q.start) > (out[-1].end - out[-1].start):
                out[-1] = q
            continue
        out.append(q)
    return out



# Searched through whole texts, or before and after every number: each of these starts with a
# lookahead for the characters its matches can start with (extract.scan.skipping), so a search
# passes the other positions at once. The same matches, several times faster.
for _name in ("_NUM", "_TIMES_RE", "_WORD_COUNT_RE", "_RATIO_RE", "_FRACTION_RE", "_FACTOR_RE",
              "_MAGNITUDE_RE", "_SCALE_COMPOUND_RE", "_HALF_RE", "_HALF_SHARE", "_HALVES_RE",
              "_DOLLAR_ADJ", "_MONEY_MAGNITUDE", "_WORD_MONEY_KEY", "_WORD_MONEY",
              "_SLASH_FRACTION", "_TEX_POWER", "_HEDGE_BEFORE", "_CURRENCY_END", "_MINUS_WORD",
              "_NEGATIVE_BEFORE", "_COUNT_CHANGE_BEFORE", "_WHEN_BEFORE", "_BY_BEFORE",
              "_DATE_BEFORE", "_SUPERLATIVE", "_CHANGE_VERBS"):
    globals()[_name] = skipping(globals()[_name])
# searched through whole texts: tried only where a match holding one of its words can begin
# (extract.scan.Keyed; the same matches)


def _fraction_starts(text: str, k: int) -> list[int]:
    # "[hedge ]a|an|one|two|three[ -]half": the number word, and a hedge and spaces before it
    out = [k - 2, k - 3, k - 4, k - 6]
    for j in out[:]:
        w = spaces_before(text, j)
        if w < j:
            out += [w - 6, w - 7, w - 5, w - 13]  # nearly, almost, around; roughly; about; approx.
    return out


def _before_article(text: str, k: int, more: tuple[int, ...] = ()) -> list[int]:
    # "a|an|one <spaces>" before the word at k, or the word itself
    w = spaces_before(text, k)
    return [k, *(k - n for n in more)] + ([w - 1, w - 2, w - 3] if w < k else [])


_FRACTION_RE = Keyed(_FRACTION_RE, ("half", "third", "quarter", "fourth", "fifth", "sixth",
                                    "tenth"), _fraction_starts)
_SCALE_COMPOUND_RE = Keyed(_SCALE_COMPOUND_RE, ("thousand-", "million-", "billion-",
                                                "trillion-"), _before_article)
_HALF_RE = Keyed(_HALF_RE, ("half", "quarter", "third"),
                 lambda text, k: _before_article(text, k, (6,)))   # "three-quarters"
_FACTOR_RE = Keyed(_FACTOR_RE, ("factor",), _before_article)
# "[hundreds of |tens of ]millions", "[multi-]billion-dollar"
_MONEY_MAGNITUDE = Keyed(_MONEY_MAGNITUDE, ("illions",), lambda text, k: [k - 1, k - 13, k - 9])
_DOLLAR_ADJ = Keyed(_DOLLAR_ADJ, ("-dollar",),
                    lambda text, k: [k - 7, k - 8, k - 12, k - 13, k - 14])
# "three times", "five-fold": a number word before spaces and "times", or before a space or a
# hyphen and "fold"
_WORD_NUM_LENGTHS = sorted({len(w) for w in _WORD_NUM_ALT.split("|")})
_TIMES_RE = Keyed(_TIMES_RE, ("times", "fold"), lambda text, k: [
    w - n for w in {spaces_before(text, k), k - 1} for n in _WORD_NUM_LENGTHS])


def _halves_starts(text: str, k: int) -> list[int]:
    # "halved" at k; before "half", a verb and up to four more words ("cut costs by more than
    # half"), each a run of word characters after spaces: where those runs start
    out, j = [k], k
    for _ in range(5):
        w = spaces_before(text, j)
        if w == j:
            break
        j = w
        while j > 0 and (text[j - 1].isalnum() or text[j - 1] == "_"):
            j -= 1
        if j == w:
            break
        out.append(j)
    return out


_HALVES_RE = Keyed(_HALVES_RE, ("half", "halv"), _halves_starts)
# tried only where one of the few words they begin with begins (extract.scan.prefixed; the same
# matches)
for _name in ("_WORD_COUNT_RE", "_RATIO_RE", "_MAGNITUDE_RE", "_HALF_SHARE",
              "_WORD_MONEY_KEY", "_SLASH_FRACTION"):
    globals()[_name] = prefixed(globals()[_name])
del _name

# (compiled once: re's own cache of patterns is looked up on every call of re.search & co.)
_STOP_IN_GAP = re.compile(r"[.;!?]\s+[A-Z]")
_DIGITS_ONLY = re.compile(r"[\d,.]+")
_LETTERS_END = re.compile(r"(?:[^\W\d_]|[/%])+$")
_UNIT_WORD = re.compile(rf"(?<![\w/])(?:{UNIT_PATTERN})(?![\w/])")
_LETTER = re.compile(r"[A-Za-z]")
