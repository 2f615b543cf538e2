"""Every quantity in a text, whatever the beat: `extract_quantities(text_or_html)`.

No pack is needed: units are read by extract.units (pint expressions), currencies kept as ISO
codes, any plural noun after a number makes a count, and a number alone is a count unless it is
a year, a date, a time, an ordinal or part of a name. Each quantity is a dict:

    doc, start, end, text        where it is
    value | low, high            the number (in the unit below); a range ("between 62 and 68",
                                 "80-95 km") gives its ends. A change from one figure to another
                                 ("slid from 61 kilograms to 58") is one quantity, as CQE and
                                 NewsQuant write it: `low` is the figure it came from and `high`
                                 the one it went to, in the text's order, and `change` says up
                                 or down. A score ("won 3-1") is its two sides in the
                                 text's order, and so are two figures in one unit joined by
                                 "to" in ascending order ("4 km to 9 km")
    unit                         a unit pint reads ("kilometer / hour", "barrel / day",
                                 "ampere / centimeter ** 2"), an ISO currency code ("USD"), "%",
                                 "1" for counts and ratios (shares in words too: "half of them"
                                 is 0.5, "one in eight" 0.125), or the text's own unit when pint
                                 cannot read it ("GT/s", "MP"). A price per unit and money in
                                 its minor unit are named in words, as CQE and NewsQuant name
                                 them: "dollar per barrel", "cent per share", "cent"; a share
                                 price in pence ("74p") is in "points", as the market quotes it
    currency, per                for money: the ISO code, and what a price is for ("$71.10 per
                                 barrel" is 71.10 "dollar per barrel", currency "USD", per
                                 "barrel"; "€2,100 a month" per "month")
    kind                         compute, memory, money, count, percent, ratio, other, ...
    change                       = ~ > < up down
    noun                         what is counted, or the measured concept the sentence names
    approx, bound                as in claims
    subject, metric              when a pack is given and the claims pipeline finds the claim

The claims pipeline (extract.pipeline) reads the same quantities, with the pack's count nouns.
"""
from __future__ import annotations

import bisect
import itertools
import re
from functools import lru_cache

from . import tables
from .pack import load_pack
from .numbers import parse_number, parse_word_number
from .quantities import (_DURATIONS, _SHARE_CONTEXT, _TIME_REFERENCE, _WORD_NUM, Quantity,
                         QuantityFinder, _sentence_around, letter_unit)
from .scan import skipping
from .units import (CURRENCY_SUFFIX, UNIT_PATTERN, currency_code, lookup, pint_expression,
                    pint_unit)


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
    return news_conventions(text, found)


# ------------------------------------------------------------------------------------------
# How the news writes quantities, read the same way whatever the beat (the pack-free mode only:
# the claims mode keeps its own reading of the same figures).

# comparisons in words relate two figures; they are not one: "twice as fast", "nearly triple"
_COMPARISON_WORD = re.compile(r"(?i:\b(?:twice|doubl\w*|tripl\w*|quadrupl\w*|\w+fold)\b)")
# a number that names rather than counts: "a category 3 storm", "in week 10", "Article 50", an
# index written in lowercase ("the s&p 500")
_LABEL_BEFORE = re.compile(
    r"(?i:\b(?:category|level|stage|phase|grade|class|tier|round|game|week|chapter|page|"
    r"section|room|gate|platform|number|no\.|episode|season|article|verse|flight|zone|seed|"
    r"division|version|volume|vol\.|item|fig\.|district|ward|terminal|pier|route|highway|"
    r"interstate|apartment|suite|s&p|sp|ftse|russell|nikkei|stoxx|asx|cac|dax|kospi|nifty)\s+)$")
_PERCENT_WRITTEN = re.compile(r"(?i:%|percent|per\s*cent|pct|p\.c|pc\b|pp\b|points?)")
# "Okafor, 41, joined", "aged 35": an age, in years
_APPOSITION_BEFORE = re.compile(r"[A-Z][\w'’.-]*,\s$")
_AGED_BEFORE = re.compile(r"(?i:\b(?:aged?|ages)\s+)$")
# "life expectancy is around 73", "raise the pension age to 67", "at the age of 18"
_AGE_SAID_BEFORE = re.compile(r"(?i:\b(?:life\s+expectancy|age)\b[^.;:\d%$€£]{0,40})$")
# "64 receiving yards", "12 straight days": one word between a number and its unit
_MODIFIED_UNIT = re.compile(r"\s+(?P<mod>[a-z][a-z-]{2,})\s+(?P<unit>[A-Za-z][a-z]{3,})(?![\w-])")
_NOT_MODIFIER = {"of", "in", "to", "and", "or", "by", "for", "with", "from", "at", "on", "per",
                 "than", "was", "were", "is", "are", "the", "a", "an", "its", "their", "his",
                 "her", "that", "which", "who", "as", "this", "these", "those", "it", "be",
                 "been", "into", "over", "under", "after", "before", "ago", "out", "off", "has",
                 "had", "have", "will", "would", "can", "could", "not", "also", "just", "each",
                 "per", "last", "next", "past", "later", "earlier", "old", "later"}
# unit letters glued to a number, which alone would be too ambiguous: "30C", "86F", "2in",
# "48V"; "12 C" with a space when lowercase words or punctuation follow
_GLUED_UNIT = re.compile(r"(?P<u>C|F|in|V)(?![\w'’-])|\s(?P<uc>C)(?=\s+[a-z]|[,.;:)])")
_GLUED = {"C": ("°C", "degC"), "F": ("°F", "degF"), "in": ("in", "inch"), "V": ("V", "volt")}
# "9,000 tonne-a-day", "30 metres per decade", "€2,100 a month", "$71.10 per barrel"
_RATE_AFTER = re.compile(r"(?:-a-|-per-|\s+(?:a|an|per|each|every)\s+|\s*/\s*)"
                         r"(?P<den>(?:square\s+|cubic\s+|sq\.?\s?)?[A-Za-z]+)(?![\w-])"
                         r"(?!\s+(?:earlier|ago|later|prior)\b)")  # not "a year ago"
# "2.4 A/cm2", "40 µg/m³", "8 kg/m2": a compound unit pint reads
_COMPOUND_UNIT = re.compile(r"\s?(?P<u>[A-Za-zµμ°Ω]{1,4}[²³23]?(?:/[A-Za-zµμ]{1,4}[²³23]?)+)"
                            r"(?![\w/])")
# "3/4 of a gallon", "1⁄8 of a quart"
_UNIT_FRACTION = re.compile(
    rf"(?<![\w/.⁄])(?P<n>\d{{1,3}})[/⁄](?P<d>\d{{1,4}})(?:th|rd|nd|st)?\s+of\s+(?:an?|one)\s+"
    rf"(?:(?:US|U\.S\.|UK|imperial|British|metric|fluid|standard)\s+){{0,2}}"
    rf"(?P<unit>{UNIT_PATTERN})(?![\w-])")
# "two-, three- and five-masted ships": each number counts what the last one names
_NUMERAL = rf"(?:\d{{1,4}}|{_WORD_NUM})"
_SUSPENDED = re.compile(
    rf"(?<![\w-])(?P<first>(?:{_NUMERAL}-,?\s+)+)(?:and|or|to)\s+(?P<last>{_NUMERAL})-"
    rf"(?P<noun>[a-z]{{3,}})(?![\w-])", re.I)
_SUSPENDED_ONE = re.compile(rf"(?<![\w-])(?P<n>{_NUMERAL})-", re.I)
_HEIGHT = re.compile(r"(?<![\w.-])(?P<ft>\d)-f(?:oo|ee)t-(?P<inch>\d{1,2})(?![\w.-])")
# "1.8m x 2m", "3 x 4 metres", "10ft by 12ft by 8ft": each side a length (a side without a
# unit takes the next one's)
_SIDE = r"(?P<{n}>\d[\d,]*(?:\.\d+)?)\s?(?P<u{n}>{u})?"
_LENGTH_UNIT = (r"(?:m|cm|mm|km|ft|in|feet|foot|inch(?:es)?|yards?|yds?|(?:centi|milli|kilo)?"
                r"met(?:er|re)s?)(?![\w])")
_DIMENSIONS = re.compile(
    r"(?<![\w.,-])" + _SIDE.format(n="a", u=_LENGTH_UNIT) + r"\s?(?:[x×]|by)\s?" +
    _SIDE.format(n="b", u=_LENGTH_UNIT) + r"(?:\s?(?:[x×]|by)\s?" +
    _SIDE.format(n="c", u=_LENGTH_UNIT) + r")?(?![\w]|[.,]\d)")
# "in" read as inches only where no word follows it ("5 x 2 in." yes, "7 by 2 in favour" no)
_WORD_NEXT = re.compile(r"\s+[A-Za-z]")
_SHORT_LENGTH = {"m": "metre", "in": "inch"}   # too short for the unit table alone
# (both found from the words between their numbers, the number before looked for just before:
# a number tried against a list of units at every digit of a long text is slow)
# (each key starts with a literal, which the regex engine finds fast)
_DIMENSION_KEYS = (("x", re.compile(r"x ?\d")), ("×", re.compile(r"× ?\d")),
                   ("by", re.compile(r"by ?\d")))
_DIMENSION_START = re.compile(r"(?<![\w.,-])\d[\d,]*(?:\.\d+)?\s?(?:[A-Za-z]{1,12}\s?)?$")
# "6 feet 4 inches", "5ft 11in": one height (the finder reads each part)
_FEET_THEN_INCHES = re.compile(r"\s?(?:and\s+)?")
# a score: "won 3-1", "a 2-0 lead", "at 2-0 down", "drew 1-1": the two sides' goals (or points)
# in the text's order, as NewsQuant writes a score
_SCORE = re.compile(r"(?<![\w.,/:-])(?P<a>\d{1,3})\s?[-–]\s?(?P<b>\d{1,3})(?![\w.,/:%°-])")
# after a score said only by the verb before it: the clause ends or goes on ("won 3-1 at
# home"), not a unit or a noun ("lost 10-15 pounds" is a range)
_SCORE_END = re.compile(r"\s*(?:[,.;:)!?\"”]|$|(?:at|in|on|with|against|over|after|to|and|but|"
                        r"as|for|from|thanks|before|when|while|away|despite|under)\b)")
_SCORE_KEYS = (("-", re.compile(r"- ?\d")), ("–", re.compile(r"– ?\d")))
_SCORE_BEFORE = re.compile(r"(?i:\b(?:won|win|wins|winning|beat|beats|beating|lost|lose|loses|"
                           r"losing|drew|draw|drawn|tied|led|lead|leads|leading|trailed|trail|"
                           r"trails|trailing|thrashed|edged|defeated|routed|crushed)\s+"
                           r"(?:\w+\s+){0,2}?(?:by\s+|at\s+)?(?:an?\s+)?)$")
_SCORE_AFTER = re.compile(r"\s+(?:(?:home|away|aggregate|extra-time|penalty|first-leg|"
                          r"second-leg)\s+)?(?i:win|wins|victory|defeat|loss|lead|draw|down|up|"
                          r"deficit|scoreline|triumph|thrashing|rout|success|advantage|"
                          r"on\s+aggregate)\b")
# "42m (138ft)", "1.85m tall", "a 20m-long hull", "the 400m hurdles": metres, not millions
_METRES_SAID = re.compile(
    r"(?<![\w.,$€£¥])(?P<n>\d[\d,]*(?:\.\d+)?)(?P<m>m)(?:\s\((?:about\s+|~)?[\d,.]+\s?"
    r"(?:ft|feet|foot|yards?|yd|in|inches)\b|[\s-](?:tall|long|wide|high|deep|away|below|"
    r"above|in\s+(?:height|length|diameter|depth)|sprint|hurdles|freestyle|butterfly|"
    r"backstroke|breaststroke|relay|dash|medley|race|final)\b)")
_METRES_IN_BRACKETS = re.compile(r"\(\s*(?:about\s+|~|c\.\s?)?(?P<n>\d[\d,]*(?:\.\d+)?)\s?"
                                 r"(?P<m>m)\s*\)")
_LENGTH_BEFORE = re.compile(r"(?<![A-Za-z])(?:ft|feet|foot|yards?|yds?|in|inches|miles?|mi)\.?\s?$")
# "hundreds of kilometres": between 100 and 1,000 kilometres
_UNIT_MAGNITUDE = re.compile(
    rf"(?<![\w-])(?P<mag>tens of thousands|hundreds of thousands|dozens|hundreds|thousands|"
    rf"millions|billions)\s+of\s+(?P<unit>{UNIT_PATTERN})(?![\w-])", re.I)
_MAGNITUDE = {"dozens": 12, "hundreds": 100, "thousands": 1e3, "tens of thousands": 1e4,
              "hundreds of thousands": 1e5, "millions": 1e6, "billions": 1e9}
# "two out of five voters", "1 in 8 riders": a proportion
# (each is found from its middle words, its first number looked for just before them: a
# number-word alternation tried at every position of a long text is slow)
_PROPORTION = re.compile(
    rf"\s+(?P<sep>out\s+of|in)\s+(?:(?:every|each)\s+)?(?P<b>\d{{1,4}}|{_WORD_NUM})"
    rf"(?![\w.,%-])", re.I)
_NUMERAL_END = re.compile(rf"(?<![\w.,-])(?P<a>\d{{1,3}}|{_WORD_NUM})$", re.I)
_WORD_NUM_END = re.compile(rf"(?<![\w.,-])(?P<a>{_WORD_NUM})$", re.I)
_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)")
# "three and a half inches", "one and a half million people", "2 and a quarter miles", "an
# hour and a half", "1 1/2 miles": a whole number and a fraction, one figure
_MIXED_KEY = re.compile(r"and\s+(?:(?:a|one)[\s-](?P<f>half|quarter|third)|"
                        r"(?P<f3>three[\s-]quarters))(?![\w-])")
_MIXED_FRACTION = {"half": 0.5, "quarter": 0.25, "third": 1 / 3}
_AN_UNIT_END = re.compile(r"(?<![\w-])(?:an?|one)\s+(?P<unit>[a-z]{3,})$", re.I)
_MIXED_DIGITS = re.compile(r"[/⁄](?P<d>[2-9]|1[0-6])(?![\w/⁄.,])")
_MIXED_WHOLE = re.compile(r"(?<![\w.,/⁄-])(?P<w>\d{1,3})[\s-](?P<n>[1-9])$")
# "a hundred years", "a dozen eggs", "half a dozen boats"; "half a mile", "a quarter of a
# percentage point", "a third of a mile"
# (each found from its key word, the words before it looked for just before: an "a" tried at
# every position of a long text is slow)
_A_NUMBER = re.compile(r"(?P<n>dozen|hundred|thousand)(?![\w-])")
_A_BEFORE = re.compile(r"(?<![\w-])(?P<a>(?i:half\s+a|an?))\s+$")
_A_NUMBER_VALUE = {"dozen": 12, "hundred": 100, "thousand": 1000}
_WORD_FRACTION_OF = re.compile(r"(?P<k>half|Half|of)\s+(?:an?|An?)\s+")
_FRACTION_BEFORE = re.compile(r"(?<![\w-])(?P<f>(?i:an?\s+(?:quarter|third|fifth|tenth)|"
                              r"three[\s-]quarters|two[\s-]thirds))\s+$")
_UNIT_HERE = re.compile(rf"(?P<unit>{UNIT_PATTERN})(?![\w-])")
_FRACTION_WORD = {"half": 0.5, "quarter": 0.25, "third": 1 / 3, "fifth": 0.2, "tenth": 0.1,
                  "quarters": 0.75, "thirds": 2 / 3}
_SCALE_AFTER = re.compile(r"\s+(?P<scale>thousand|million|billion|trillion)(?![\w-])", re.I)
_CURRENCY_AFTER = re.compile(rf"\s+(?:of\s+)?(?P<cur>{CURRENCY_SUFFIX})(?![\w-])")
_UNIT_AFTER = re.compile(rf"[\s-](?:of\s+an?\s+)?(?P<unit>{UNIT_PATTERN})(?![\w-])")
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SUSPENDED_KEY = re.compile(r"-,?\s+(?:and|or|to)\s+\w+-[a-zA-Z]")
# "120 million of the 800 million rupees": the first in the second's unit
_OF_THE = re.compile(r"\s+of\s+(?:the|its|their|his|her|our|an?)?\s*$")
# "two or three weeks", "four per cent to 9 per cent", "between four to 9 percent"
_RANGE_GAP = re.compile(r"\s*(?:or|to|-|–)\s*$")
_RANGE_WORD = re.compile(rf"\s+(?:or|to)\s+(?=(?:\d+|{_WORD_NUM})(?![\w-]))", re.I)
_TO_GAP = re.compile(r"\s+to\s+")
_BETWEEN_BEFORE = re.compile(r"(?i:\bbetween\s+)$")
_CHANGE_BEFORE = re.compile(r"(?i:\b(?:up|down|rose|fell|from|by|increased?|decreased?|"
                            r"gained|lost|jumped|dropped|climbed|declined|grew)\s+)$")


_SPAN_UNITS = {"years", "months", "weeks", "days", "hours", "min"}
# a word after a hyphenated span ("a three-week trial", "a five-year $9m grant"); not
# "-old" (an age), not a list of figures ("a five-year, 900-mile trip")
_CLASSIFIER_AFTER = re.compile(r"\s+(?!old\b|olds\b)[A-Za-z$€£]")
# a share price in pence written apart from its number: "up 12 p at 340 p"
_PENCE_APART = re.compile(r" p(?![\w'’-]|\.\w)")


def news_conventions(text: str, found: list[Quantity]) -> list[Quantity]:
    """The pack-free reading of what the finder found: comparisons in words and numbers that
    name are left out; ages, units after a modifier, rates, shares in words and compound units
    are read; fractions of a unit, suspended hyphens, magnitudes of a unit and proportions are
    added; ranges in words joined."""
    out = []
    for q in found:
        if q.kind == "ratio" and not any(c.isdigit() for c in q.value_text) and \
                _COMPARISON_WORD.search(q.value_text):
            continue
        if q.kind == "count" and q.value is not None and \
                _LABEL_BEFORE.search(text, max(0, q.start - 14), q.start):
            continue
        if q.kind == "other" and q.unit in _SPAN_UNITS and q.value is not None and \
                "-" in q.value_text and _CLASSIFIER_AFTER.match(text, q.end):
            # "a five-year plan", "a 10-day trip": says what kind, not a quantity (a range
            # "3-5 days of work" has two ends and no value: it stays)
            continue
        _read_more(text, q)
        out.append(q)
    added = _added(text)
    if added:
        seen: set[tuple[int, int]] = set()   # "2 x 3m wide": one "3m", read by two rules
        added = [a for a in added if (a.start, a.end) not in seen and
                 not seen.add((a.start, a.end))]  # what is added replaces what it overlaps
        added.sort(key=lambda a: a.start)
        ends = list(itertools.accumulate((a.end for a in added), max))
        starts = [a.start for a in added]

        def overlapped(q: Quantity) -> bool:
            i = bisect.bisect_left(starts, q.end) - 1   # the added ones starting before q ends
            return i >= 0 and ends[i] > q.start
        out = [q for q in out if not overlapped(q)] + added
        out.sort(key=lambda q: q.start)
    return _index_levels(text, _parallel(
        text, [q for q in _joined(text, out) if not q.notes.get("range_end")]))


# a market report: an index's level is in points ("the Dow fell 1% to 33,500", "the FTSE 100
# closed 0.4% lower at 7,650")
_INDEX_SAID = re.compile(r"(?i:\b(?:index|indices|indexes|points)\b)|\b(?:Dow|Nasdaq|FTSE|Nikkei|"
                         r"S&P|DAX|CAC|Hang\s+Seng|Sensex|Nifty|Kospi|TSX|ASX|Stoxx|STOXX|"
                         r"TA-\d+)(?![\w])")
_LEVEL_LEAD = re.compile(r"(?i:\b(?:at|to)\s+)$")
_LEAD_WORD = re.compile(r"(?i:\b(at|to|by)\s+(?:about\s+|around\s+|some\s+|nearly\s+)?)$")
_SENTENCE_END = re.compile(r"[.!?;]\s+[A-Z\"“]|\n")


def _index_levels(text: str, qs: list[Quantity]) -> list[Quantity]:
    """"the index lost 1.1% to end at 1,334.20": a number alone at or to which a market index
    moves, after a move in the same sentence, is the index's level in points."""
    for i, q in enumerate(qs):
        if not (q.kind == "count" and not q.count_noun and q.value is not None and
                q.notes.get("bare") and q.value >= 100 and ("," in q.value_text or "." in
                                                             q.value_text)):
            continue
        if not _LEVEL_LEAD.search(text, max(0, q.start - 4), q.start):
            continue
        lo, hi = _sentence_span(text, q.start)
        moved = any(p.kind in ("percent", "other") and p.unit in ("%", "points") and
                    lo <= p.start < q.start and change_of(text, p) in ("up", "down")
                    for p in qs[max(0, i - 6):i])
        if moved and _INDEX_SAID.search(text, lo, hi):
            q.kind, q.unit = "other", "points"
    return qs


def _sentence_span(text: str, pos: int, reach: int = 300) -> tuple[int, int]:
    lo = max(0, pos - reach)
    starts = [m.end() for m in _SENTENCE_END.finditer(text, lo, pos)]
    end = _SENTENCE_END.search(text, pos, min(len(text), pos + reach))
    return (starts[-1] - 1 if starts else lo), (end.start() if end else min(len(text), pos + reach))


def _parallel(text: str, qs: list[Quantity]) -> list[Quantity]:
    """"the gauge closed at 812.5 points and the other at 640.1", "grew by 3
    percent while imports shrank by 2": a number alone, led by the same word as a figure with a
    unit earlier in the sentence, is in that unit."""
    for i, q in enumerate(qs):
        if not (q.kind == "count" and not q.count_noun and q.value is not None and
                q.notes.get("bare")):
            continue
        lead = _LEAD_WORD.search(text, max(0, q.start - 20), q.start)
        if lead is None:
            continue
        for p in reversed(qs[max(0, i - 12):i]):   # (a sentence holds few figures)
            if q.start - p.end > 400 or _SENTENCE_END.search(text, p.end, q.start):
                break
            if p.kind in ("count", "ratio") or p.value is None:
                continue
            pl = _LEAD_WORD.search(text, max(0, p.start - 20), p.start)
            if pl and pl.group(1).lower() == lead.group(1).lower():
                q.kind, q.unit = p.kind, p.unit
                for key in ("pint", "per"):
                    if key in p.notes:
                        q.notes[key] = p.notes[key]
                break
    return qs


def _read_more(text: str, q: Quantity) -> None:
    """What the words around one quantity add to it (in place)."""
    if q.kind == "percent" and q.value is not None and \
            not _PERCENT_WRITTEN.search(q.value_text) and \
            not any(c.isdigit() for c in q.value_text):
        # "half of them": a share in words is a fraction, as "two out of five" is
        q.kind, q.unit, q.value = "ratio", "x", q.value / 100
        return
    bare = q.kind == "count" and not q.count_noun and q.value is not None
    if bare and float(q.value).is_integer() and 0 < q.value < 120 and (
            _AGED_BEFORE.search(text, max(0, q.start - 8), q.start) or (
                _APPOSITION_BEFORE.search(text, max(0, q.start - 40), q.start)
                and text.startswith(",", q.end)) or
            _AGE_SAID_BEFORE.search(text, max(0, q.start - 60), q.start)):
        q.kind, q.unit, q.count_noun = "other", "years", "age"
        return
    if q.kind == "count" and not q.count_noun and q.value is None and q.low is not None:
        # a range of bare numbers with a unit letter: "30-35C", "a 20-25 C day in summer"
        lu = letter_unit(text, q.start, q.end)
        g = None if lu else _GLUED_UNIT.match(text, q.end)
        if lu or g:
            unit, expr, end = lu if lu else (*_GLUED[g["u"] or g["uc"]], g.end())
            q.kind, q.unit, q.end = "other", unit, end
            q.value_text = text[q.start:q.end]
            q.notes["pint"] = expr
        return
    if bare and text.startswith(" p", q.end) and _PENCE_APART.match(text, q.end) and \
            _SHARE_CONTEXT.search(text, *_sentence_around(text, q.start, q.end)):
        # (only where shares or prices are spoken of, as for "74p": not "1080 p video")
        q.kind, q.unit, q.value, q.end = "money", "GBP", q.value * 0.01, q.end + 2
        q.value_text = text[q.start:q.end]
        return
    if bare:
        lu = letter_unit(text, q.start, q.end)
        if lu:  # "a 12 C melting point", "2.5 F across the capacitor"
            q.kind, q.unit, q.end = "other", lu[0], lu[2]
            q.value_text = text[q.start:q.end]
            q.notes["pint"] = lu[1]
            return
        g = _GLUED_UNIT.match(text, q.end)
        if g:  # "30C", "86F", "2in of rain", "a 48V battery", "12 C at noon"
            name = "u" if g["u"] else "uc"
            unit, expr = _GLUED[g[name]]
            q.kind, q.unit, q.end = "other", unit, g.end(name)
            q.value_text = text[q.start:q.end]
            q.notes["pint"] = expr
            return
        m = _MODIFIED_UNIT.match(text, q.end)
        if m and m["mod"] not in _NOT_MODIFIER and not _is_number_word(m["mod"]):
            found = lookup(m["unit"])
            if found and found[0].kind not in ("percent", "ratio") and \
                    (found[0].pint or found[0].base in ("points",)):
                unit, factor = found
                q.kind, q.unit, q.value = unit.kind, unit.base, q.value * factor
                q.end, q.value_text = m.end(), text[q.start:m.end()]
                return
        c = _COMPOUND_UNIT.match(text, q.end)
        if c:
            expr = pint_unit(c["u"])
            if expr:
                q.kind, q.unit, q.end = "other", c["u"], c.end()
                q.value_text = text[q.start:c.end()]
                q.notes["pint"] = expr
                return
    if q.kind in ("count", "percent", "ratio", "price_per_unit") or "/" in (q.unit or ""):
        return
    r = _RATE_AFTER.match(text, q.end)
    if not r:
        return
    den = lookup(r["den"])
    if den and den[0].pint and den[0].kind not in ("percent", "ratio", "compute") and \
            "/" not in den[0].pint:
        den_expr = den[0].pint
    elif q.kind == "money" and r["den"].islower() and " " not in r["den"] and (
            r.group(0).lstrip().startswith("per") or
            (r.group(0).split()[0] in ("a", "an") and _CLAUSE_GOES_ON.match(text, r.end()))):
        den_expr = r["den"]          # "47 cents per share", "€90 a night": a price per thing
    else:
        return
    if q.kind == "money":
        # "$71.10 per barrel", "€2,100 a month": the unit stays the currency, `per` says what
        # the price is for
        q.notes["per"] = den_expr
    else:
        num = unit_of(q)
        if num in ("1", "%") or num == q.unit and not pint_expression(q.unit) \
                and q.unit not in _BASE_PINT:
            return
        q.notes["pint"] = f"{num} / {den_expr}"
    q.end, q.value_text = r.end(), text[q.start:r.end()]


# what may follow "€90 a night" for the noun to be what the price is for (not "$5 a big ...")
_CLAUSE_GOES_ON = re.compile(r"\s*(?:[,.;:)!?]|$|\s(?:and|or|but|in|for|to|at|on|with|from|"
                             r"while|than|after|before|this|last|next|since|until|by|as)\b)")


def _is_number_word(word: str) -> bool:
    try:
        parse_word_number(word)
        return True
    except ValueError:
        return False


def _number(s: str) -> float:
    try:
        return parse_number(s)
    except ValueError:
        return parse_word_number(s)


def _added(text: str) -> list[Quantity]:
    """Quantities the finder does not read: fractions of a unit, suspended hyphens, magnitudes
    of a unit, proportions."""
    out = []
    if ("/" in text or "⁄" in text) and " of " in text:
        for m in _UNIT_FRACTION.finditer(text):
            found = lookup(m["unit"])
            if found and int(m["d"]) and found[0].pint:
                unit, factor = found
                out.append(Quantity(m.start(), m.end(), m.group(0), unit.kind, unit.base,
                                    int(m["n"]) / int(m["d"]) * factor, confidence=0.6))
    if _SUSPENDED_KEY.search(text):
        for m in _SUSPENDED.finditer(text):
            noun = m["noun"].lower()
            if lookup(noun):
                continue
            for n in _SUSPENDED_ONE.finditer(text, m.start(), m.start("last")):
                out.append(Quantity(n.start(), n.end(), n.group(0), "count", "1",
                                    _number(n["n"]), count_noun=noun, hyphen_compound=True,
                                    confidence=0.6))
            out.append(Quantity(m.start("last"), m.end(), text[m.start("last"):m.end()],
                                "count", "1", _number(m["last"]), count_noun=noun,
                                hyphen_compound=True, confidence=0.6))
    if "-foot-" in text or "-feet-" in text:
        for m in _HEIGHT.finditer(text):
            # "the 6-foot-5 guard": six feet five inches, one height
            v = int(m["ft"]) + int(m["inch"]) / 12
            out.append(Quantity(m.start(), m.end(), m.group(0), "other", "ft", v,
                                confidence=0.6, notes={"pint": "foot"}))
    out += _dimensions(text)
    for k in _keys(text, _SCORE_KEYS):
        j = k.start() - 1 if text[k.start() - 1:k.start()] == " " else k.start()
        i = j
        while i > 0 and j - i < 4 and text[i - 1].isdigit():
            i -= 1
        m = _SCORE.match(text, i) if i < j else None
        if m is None or not (_SCORE_AFTER.match(text, m.end()) or (
                _SCORE_BEFORE.search(text, max(0, m.start() - 40), m.start()) and
                _SCORE_END.match(text, m.end()))):
            continue
        out.append(Quantity(m.start(), m.end(), m.group(0), "count", "1", None,
                            low=float(m["a"]), high=float(m["b"]), confidence=0.6,
                            notes={"score": True}))
    if "m)" in text:
        for m in _METRES_IN_BRACKETS.finditer(text):
            if not _LENGTH_BEFORE.search(text, max(0, m.start() - 8), m.start()):
                continue
            # "1,000ft (305m)": a length's conversion is metres, not millions
            try:
                v = parse_number(m["n"])
            except ValueError:
                continue
            out.append(Quantity(m.start("n"), m.end("m"), text[m.start("n"):m.end("m")],
                                "other", "m", v, confidence=0.6, notes={"pint": "meter"}))
    if "m " in text or "m-" in text or "m (" in text:
        for m in _METRES_SAID.finditer(text):
            # the conversion, or the words after, say the "m" is metres, not millions
            try:
                v = parse_number(m["n"])
            except ValueError:
                continue
            out.append(Quantity(m.start(), m.end("m"), text[m.start():m.end("m")], "other", "m",
                                v, confidence=0.6, notes={"pint": "meter"}))
    for m in (_UNIT_MAGNITUDE.finditer(text) if "s of " in text else ()):
        found = lookup(m["unit"])
        if found and found[0].pint and found[0].kind not in ("percent", "ratio"):
            unit, factor = found
            low = _MAGNITUDE[m["mag"].lower()] * factor
            q = Quantity(m.start(), m.end(), m.group(0), unit.kind, unit.base, None, low=low,
                         high=low * 10, approx=True, confidence=0.5)
            out.append(q)
    if " and " in text:
        for k in _MIXED_KEY.finditer(text):
            if not k.start() or not text[k.start() - 1].isspace():
                continue
            frac = 0.75 if k["f3"] else _MIXED_FRACTION[k["f"].lower()]
            j = k.start()
            while j and text[j - 1].isspace():
                j -= 1
            m = _NUMERAL_END.search(text, max(0, j - 24), j)
            if m is not None:
                try:
                    whole = _number(m["a"])
                except ValueError:
                    continue
                q = _measured(text, m.start("a"), k.end(), whole + frac)
                if q is not None:
                    out.append(q)
                continue
            a = _AN_UNIT_END.search(text, max(0, j - 24), j)
            found = lookup(a["unit"]) if a else None
            if found and found[0].pint and found[0].kind not in ("percent", "ratio"):
                # "an hour and a half": one and a half of the unit
                unit, factor = found
                out.append(Quantity(a.start(), k.end(), text[a.start():k.end()], unit.kind,
                                    unit.base, (1 + frac) * factor, confidence=0.6))
    if "dozen" in text or "hundred" in text or "thousand" in text:
        for m in _A_NUMBER.finditer(text):
            if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_-"):
                continue
            a = _A_BEFORE.search(text, max(0, m.start() - 12), m.start())
            if a is None:
                continue
            half = a["a"].lower().startswith("half")
            v = float(_A_NUMBER_VALUE[m["n"]]) * (0.5 if half else 1.0)
            q = _measured(text, a.start(), m.end(), v)
            if q is not None:
                out.append(q)
    if " of a" in text or "half a" in text:
        for k in _WORD_FRACTION_OF.finditer(text):
            if k.start() and (text[k.start() - 1].isalnum() or text[k.start() - 1] in "_-"):
                continue
            u = _UNIT_HERE.match(text, k.end())
            if u is None:
                continue
            start, frac = k.start(), 0.5
            if k["k"].lower() == "of":
                f = _FRACTION_BEFORE.search(text, max(0, k.start() - 20), k.start())
                if f is None:
                    continue
                start = f.start()
                frac = _FRACTION_WORD[re.split(r"[\s-]", f["f"].lower())[-1]]
            found = lookup(u["unit"])
            if found and (found[0].pint or found[0].kind == "percent"):
                unit, factor = found
                out.append(Quantity(start, u.end(), text[start:u.end()], unit.kind, unit.base,
                                    frac * factor, confidence=0.6))
    if "/" in text or "⁄" in text:
        for d in _MIXED_DIGITS.finditer(text):
            m = _MIXED_WHOLE.search(text, max(0, d.start() - 6), d.start())
            if m is None:
                continue
            v = int(m["w"]) + int(m["n"]) / int(d["d"])
            if int(m["n"]) < int(d["d"]):
                q = _measured(text, m.start(), d.end(), v)
                if q is not None:
                    out.append(q)
    for k in _RANGE_WORD.finditer(text):
        # "two or three weeks", "between four to 9 percent": the first end, kept only when
        # it joins the quantity after it (_joined)
        m = _WORD_NUM_END.search(text, max(0, k.start() - 24), k.start())
        if m is None:
            continue
        try:
            v = _number(m["a"])
        except ValueError:
            continue
        out.append(Quantity(m.start("a"), m.end("a"), m["a"], "count", "1", v,
                            confidence=0.4, notes={"range_end": True}))
    for k in _PROPORTION.finditer(text):
        m = _NUMERAL_END.search(text, max(0, k.start() - 24), k.start())
        if m is None:
            continue
        try:
            a, b = _number(m["a"]), _number(k["b"])
        except ValueError:
            continue
        if not (0 < a < b) or (k["sep"].lower() == "in" and not (b.is_integer() and b <= 1000)):
            continue
        after = _NEXT_WORD.match(text, k.end())
        if after and lookup(after.group(1)):
            continue  # "2 in 5 minutes": a count and a time, not a proportion
        out.append(Quantity(m.start(), k.end(), text[m.start():k.end()], "ratio", "x", a / b,
                            confidence=0.6))
    return out


def _keys(text: str, keys) -> list[re.Match]:
    """The matches of each (literal, pattern) whose literal is in the text, in text order."""
    found = [m for lit, rx in keys if lit in text for m in rx.finditer(text)]
    if len(keys) > 1:
        found.sort(key=lambda m: m.start())
    return found


def _dimensions(text: str) -> list[Quantity]:
    """"1.8m x 2m", "3 x 4 metres": each side a length, in its own unit or the next side's."""
    out, done = [], 0
    for key in _keys(text, _DIMENSION_KEYS):
        if key.start() < done:
            continue
        b = _DIMENSION_START.search(text, max(0, key.start() - 30), key.start())
        m = _DIMENSIONS.match(text, b.start()) if b else None
        if m is None:
            continue
        done = m.end()
        sides = [k for k in "abc" if m[k]]
        units, last = {}, None
        for k in reversed(sides):
            last = m["u" + k] or last
            units[k] = last
        if last is None or not m["u" + sides[-1]]:
            continue
        if m["u" + sides[-1]] == "in" and _WORD_NEXT.match(text, m.end()):
            continue  # "voted 7 by 2 in favour", "5 x 2 in most cases": the preposition
        if not any(m["u" + k] for k in sides[:-1]) and m.group(0).find(" by ") >= 0 and \
                _UP.search(text, max(0, m.start() - 40), m.start()):
            continue  # "rose 5 by 2m": not a size
        for k in sides:
            found = lookup(_SHORT_LENGTH.get(units[k], units[k]))
            if not found or not found[0].pint:
                break
            unit, factor = found
            try:
                v = parse_number(m[k])
            except ValueError:
                break
            end = m.end("u" + k) if m["u" + k] else m.end(k)
            q = Quantity(m.start(k), end, text[m.start(k):end], unit.kind, unit.base,
                         v * factor, confidence=0.6)
            if unit.base == "m" and unit.kind == "length":
                q.kind, q.unit = "other", "m"
            q.notes["pint"] = unit.pint if unit.kind == "other" else _BASE_PINT.get(unit.base,
                                                                                   unit.pint)
            out.append(q)
    return out


def _measured(text: str, start: int, end: int, value: float) -> Quantity | None:
    """The figure `value` written at start..end, with what follows it: a scale word, then a
    currency, a unit or a counted noun ("... million people"); None when nothing says what
    it is."""
    scale = _SCALE_AFTER.match(text, end)
    if scale:
        value, end = value * _SCALES[scale["scale"].lower()], scale.end()
    cur = _CURRENCY_AFTER.match(text, end)
    if cur:
        return Quantity(start, cur.end(), text[start:cur.end()], "money",
                        currency_code(cur["cur"]), value, confidence=0.6)
    u = None if scale else _UNIT_AFTER.match(text, end)
    found = lookup(u["unit"]) if u else None
    if found and (found[0].pint or found[0].kind in ("percent", "ratio")):
        unit, factor = found
        if unit.base in _DURATIONS and _TIME_REFERENCE.match(text, u.end()):
            return None  # "a hundred years ago": when, not how long
        return Quantity(start, u.end(), text[start:u.end()], unit.kind, unit.base,
                        value * factor, confidence=0.6)
    hit = _finder(None).counts.match(text, end)
    if hit:
        noun, noun_end, compound = hit
        return Quantity(start, noun_end, text[start:noun_end], "count", "1", value,
                        count_noun=noun, hyphen_compound=compound, confidence=0.6)
    if scale:
        return Quantity(start, end, text[start:end], "count", "1", value, confidence=0.5)
    return None


def _joined(text: str, qs: list[Quantity]) -> list[Quantity]:
    """"120 million of the 800 million rupees": the first takes the second's unit; "two or
    three weeks", "four per cent to 9 per cent", "between four to 9 percent": one range."""
    out: list[Quantity] = []
    for q in qs:
        p = out[-1] if out else None
        if p is None or p.value is None or q.value is None:
            out.append(q)
            continue
        gap = text[p.end:q.start]
        if q.unit == "in" and p.unit == "ft" and _FEET_THEN_INCHES.fullmatch(gap) and \
                float(p.value).is_integer() and 0 <= q.value < 12:
            out[-1] = Quantity(p.start, q.end, text[p.start:q.end], "other", "ft",
                               p.value + q.value / 12, approx=p.approx, confidence=p.confidence,
                               notes={"pint": "foot"})
            continue
        p_bare = p.kind == "count" and not p.count_noun
        if p_bare and q.kind not in ("count", "ratio") and _OF_THE.fullmatch(gap) \
                and p.value < q.value:
            p.kind, p.unit = q.kind, q.unit
            if "pint" in q.notes:
                p.notes["pint"] = q.notes["pint"]
            out.append(q)
            continue
        q_bare = q.kind == "count" and not q.count_noun
        if q_bare and p.kind not in ("count", "percent", "ratio", "money") and \
                _TO_GAP.fullmatch(gap) and change_of(text, p) in ("up", "down"):
            # "rose 2.5 points to 3,400": the level is in the change's unit
            q.kind, q.unit = p.kind, p.unit
            if "pint" in p.notes:
                q.notes["pint"] = p.notes["pint"]
            out.append(q)
            continue
        if _TO_GAP.fullmatch(gap) and not p_bare and p.value < q.value and \
                _same_unit(p, q) and p.kind not in ("count", "ratio") and \
                not _CHANGE_BEFORE.search(text, max(0, p.start - 12), p.start) and \
                not _FROM_BEFORE.search(text, max(0, p.start - 30), p.start) and \
                change_of(text, p) not in ("up", "down"):
            # "4 km to 9 km", "$3 to $5": a range when it ascends; a falling pair ("3.2% to
            # 2.8%") stays two figures ("from ... to ..." is a change, read after)
            out[-1] = Quantity(p.start, q.end, text[p.start:q.end], q.kind, q.unit, None,
                               low=p.value, high=q.value, approx=p.approx or q.approx,
                               count_noun=q.count_noun, confidence=q.confidence,
                               notes=dict(q.notes))
            continue
        if _RANGE_GAP.fullmatch(gap) and p.value < q.value and (p_bare or _same_unit(p, q)) \
                and not _CHANGE_BEFORE.search(text, max(0, p.start - 12), p.start) \
                and change_of(text, p) not in ("up", "down"):
            word = gap.strip().lower()
            between = _BETWEEN_BEFORE.search(text, max(0, p.start - 10), p.start)
            # (a number in words: "two or three weeks"; "$12" is not)
            in_words = not any(c.isdigit() for c in p.value_text) or \
                not any(c.isdigit() for c in q.value_text)
            if (word == "or" and (q.value - p.value == 1 and p.value.is_integer())) or \
                    (word in ("to", "-", "–") and (between or in_words)):
                r = Quantity(p.start, q.end, text[p.start:q.end], q.kind, q.unit, None,
                             low=p.value, high=q.value, approx=p.approx or q.approx,
                             count_noun=q.count_noun, confidence=q.confidence,
                             notes=dict(q.notes))
                out[-1] = r
                continue
        out.append(q)
    return out


def _same_unit(a: Quantity, b: Quantity) -> bool:
    return (a.kind, a.unit, a.notes.get("pint")) == (b.kind, b.unit, b.notes.get("pint"))


def _inside(q: Quantity, spans, starts) -> bool:
    i = bisect.bisect_right(starts, q.start) - 1
    return i >= 0 and spans[i][0] <= q.start < spans[i][1]


_MOVE_AFTER = re.compile(r"\s+(higher|lower)\b(?!\s+than\b)", re.I)
_MARKET_VERB = re.compile(r"(?i:\b(?:closed|closing|ended|ending|finished|opened|settled|"
                          r"traded|trading|edged|moved|was\s+trading)\s+(?:(?:about|some|"
                          r"nearly|almost|just|around)\s+)?)$")


def change_of(text: str, q: Quantity) -> str:
    """= ~ > < up down: how the text states the figure."""
    sign = q.value_text[:1]
    if sign == "+" or (sign in "-\u2212" and sign and q.kind in ("percent", "other")
                       and q.unit in ("%", "points", "basis point")):
        return "up" if sign == "+" else "down"    # "Dow +0.2%", "miners -0.8%"
    before = text[max(0, q.start - 40):q.start]
    if _UP.search(before):
        return "up"
    if _DOWN.search(before):
        return "down"
    after = _MOVE_AFTER.match(text, q.end)
    if after and _MARKET_VERB.search(text, max(0, q.start - 30), q.start):
        # "closed 0.4% lower", "ended 12 points higher" (not "was 40% lower": a comparison)
        return "up" if after.group(1).lower() == "higher" else "down"
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
    if "pint" in q.notes:
        return q.notes["pint"]
    if q.kind in ("money", "price_per_unit"):
        return q.unit.replace("/", " / ")
    if q.unit in _BASE_PINT:
        return _BASE_PINT[q.unit]
    return pint_expression(q.unit) or q.unit


def quantity_record(text: str, q: Quantity, doc: str) -> dict:
    rec = {"doc": doc, "start": q.start, "end": q.end, "text": q.value_text}
    per = (q.notes.get("per") or q.per) if q.kind == "money" else None
    minor = _minor_unit(q) if q.kind == "money" else None
    code = q.unit
    if q.kind == "price_per_unit" and "/" in q.unit:   # "$15 per hour": "USD/hour"
        code, per = q.unit.split("/", 1)
    scale = 100.0 if minor else 1.0
    if q.value is not None:
        rec["value"] = _scaled(q.value, scale)
    else:
        rec["low"], rec["high"] = _scaled(q.low, scale), _scaled(q.high, scale)
    unit = unit_of(q)
    if minor or per:
        # a price in a minor unit, or a price for something, is named in words as NewsQuant
        # names it ("cent", "dollar per barrel", "cent per share"); `currency` keeps the code
        name = minor or _CURRENCY_NAME.get(code, code)
        unit = f"{name} per {_per_words(per)}" if per else name
    rec.update({"unit": unit, "kind": q.kind, "change": change_of(text, q),
                "noun": concept_of(text, q), "approx": q.approx, "bound": q.bound})
    if q.kind in ("money", "price_per_unit"):
        rec["currency"] = code
        if per:
            rec["per"] = per
    return rec


# a currency's name in words, as CQE and NewsQuant write a price per unit ("dollar per barrel")
_CURRENCY_NAME = {"USD": "dollar", "EUR": "euro", "GBP": "pound sterling", "JPY": "japanese yen",
                  "CNY": "chinese yuan", "AUD": "australian dollar", "CAD": "canadian dollar",
                  "INR": "indian rupee", "ILS": "shekel", "MYR": "malaysian ringgit",
                  "KRW": "south korean won", "CHF": "swiss franc", "HKD": "hong kong dollar",
                  "NZD": "new zealand dollar", "SGD": "singapore dollar", "RUB": "russian ruble",
                  "ZAR": "south african rand", "BRL": "brazilian real", "MXN": "mexican peso"}
# money in its minor unit, as written: "23 cents", "85¢"; a share price in pence written "74p"
# is quoted as the market quotes it, in points (a penny a point)
_MINOR_WRITTEN = re.compile(r"\d\s?(?:(?P<cent>(?i:cents?)|¢)|(?P<p>p)(?!\.\w))(?![\w-])")
# pint's names of the units a price is for, in words ("foot ** 2" -> "square foot")
_UNIT_WORDS = {"meter": "metre", "liter": "litre", "metric_ton": "tonne",
               "kilometer": "kilometre", "centimeter": "centimetre", "millimeter": "millimetre"}


def _minor_unit(q: Quantity) -> str | None:
    m = _MINOR_WRITTEN.search(q.value_text)
    if m is None:
        return None
    return "cent" if m["cent"] else "points"


def _scaled(v: float | None, scale: float) -> float | None:
    return v if v is None or scale == 1.0 else round(v * scale, 9)


@lru_cache(maxsize=256)
def _per_words(per: str) -> str:
    """What a price is for, in words: a unit by its name ("sq m" -> "square metre"), a thing
    by its noun ("share")."""
    found = lookup(per)
    expr = found[0].pint if found and found[0].pint and "/" not in found[0].pint else per
    m = re.fullmatch(r"(\w+) \*\* ([23])", expr)
    if m:
        word = {"2": "square", "3": "cubic"}[m.group(2)]
        return f"{word} {_UNIT_WORDS.get(m.group(1), m.group(1)).replace('_', ' ')}"
    return _UNIT_WORDS.get(expr, expr).replace("_", " ").lower()


_FROM_BEFORE = re.compile(r"(?i:\bfrom\s+(?:(?:about|around|roughly|nearly|almost|some|up\s+to|"
                          r"an\s+estimated)\s+)?)$")
_TO_LAST = re.compile(r"(?i:\bto\s+(?:(?:about|around|roughly|nearly|almost|some|just)\s+)?)$")
_GAP_BREAK = re.compile(r"[;()\[\]\n]|[!?,]\s|\.\s+[A-Z]")


def _from_to(records: list[dict], text: str) -> list[dict]:
    """"from $14 in spring to $11.50", "from 61 kilograms to 58": one change, its two figures
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
        if b is not None and "low" in a and "value" in b and b["unit"] == "1" and \
                b["kind"] == "count" and not b["noun"] and a["unit"] != "1" and \
                _FROM_BEFORE.search(text, max(0, a["start"] - 30), a["start"]) and \
                re.fullmatch(r"\s+to\s+", text[a["end"]:b["start"]]):
            # "from about 30-35 mpg to 40": the figure it went to is in the range's unit
            b.update({"unit": a["unit"], "kind": a["kind"]})
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


# searched before every figure or through whole texts: each skips the positions where no
# match can start (extract.scan.skipping; the same matches)
for _name in ("_UP", "_DOWN", "_LABEL_BEFORE", "_SUSPENDED", "_SUSPENDED_ONE", "_WORD_NUM_END",
              "_PERCENT_WRITTEN", "_CHANGE_BEFORE", "_NUMERAL_END", "_UNIT_FRACTION", "_HEIGHT",
              "_METRES_SAID", "_RANGE_WORD", "_PROPORTION", "_INDEX_SAID",
              "_SCORE_BEFORE", "_UNIT_MAGNITUDE"):
    globals()[_name] = skipping(globals()[_name])
del _name
