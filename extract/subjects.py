"""Find what figures are about: pack entities by alias, and product names by shape.

Mentions are found with one compiled regex of every alias (case-sensitive, because "Meta" is a
company and "meta" is not), which also finds names glued to other words in flattened tables
("ByteDanceNVIDIA H100"). Names not in the pack are found by shape: a brand word and a model code
("Kunlun P800", "MLU 590") or a code alone ("MI300X"). Short forms resolve within a document
("910C" after "Huawei Ascend 910C"; "the 950 series" when the document names Ascend).
Products named by description ("Huawei's Ascend chips", "DeepSeek's API"), collective subjects
("China's tech giants") and countries are mentions too. References ("the chip", "the company",
"it holds") take the name of the entity they point back to, found as a reader would: the first
name of that type earlier in the sentence, else in the sentence before.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from .scan import (kept, matches_at, occurrences, prefixed, reading, skipping,
                   words_pattern)
from .pack import Pack

PRODUCT_TYPES = {"chip", "system", "model", "software", "product", "interconnect"}
_NOT_NAMES = re.compile(r"^(?:FP|BF|INT|HBM|[SD]?RAMs?$|NAND$|SSDs?$|TF|DDR|GDDR|LPDDR|PCIE|USB|CVE|ISO|COVID|FY|Q|H[12]$|"
                        r"N\d|CAGR|GPU|CPU|NPU|TPU$|AI|USD|RMB|CNY|EUR|GB|TB|PB|MB|W\d|KW|"
                        r"TFLOPS|TOPS|SMIC|TSMC|HCCS|NVLINK)", re.I)
# "iPhone 16 Pro", "Pixel 9", "Gaudi 3": a name, a small number and perhaps a suffix
# (these begin with their first letter, the lookbehind checked after it, as
# "[A-Z](?<![\w-][A-Z])": a search skips to the capitals, not trying every position; the same
# matches as the plain forms, "(?<![\w-])[A-Z]...", in tests/test_fast_paths.py)
_NAMED_NUMBER = re.compile(r"(?P<name>(?P<word>[A-Zi](?<![\w-][A-Zi])(?:(?<=i)[A-Z]|(?<!i))"
                           r"[a-z]{2,})\s\d{1,2}"
                           r"(?:\s(?:Pro|Max|Ultra|Plus|Mini))?)(?![\w.,-]*\d)(?![\w-])")
_MODEL_NAME = re.compile(r"(?P<name>[A-Z](?<![\w-][A-Z])(?:[A-Za-z]{1,15}-|[a-z]+)\d{1,2}"
                         r"(?:\.\d{1,2})?[A-Za-z]?(?:-[A-Z][a-z]+)?)(?![\w-])")
_SUFFIX = (r"(?:(?:\s(?:Pro|Max|Ultra|Plus|Mini|Turbo|Flash|Lite|Speciale|VL|Exp|SXM5?|PCIe|"
           r"NVL\d+|series|SuperPoD)|-[A-Z][A-Za-z]+)(?=$|[^\w]|[A-Z]))?")
# a model code ends where the next glued cell begins: "910CRatio" -> 910C, "V2NVIDIA" -> V2
_CODE = (r"(?P<code>[A-Z]{0,4}\d+(?:\.\d+)*(?:[A-Z](?=$|[^A-Za-z]|[A-Z][a-z]))?s?)"
         r"(?=$|[^\w]|[A-Z])")


# a flattened table glues a name to the next cell's figure: "NVIDIA H800236B", "Kimi K2.51T"
_GLUED_FIGURE = r"(?=\d{1,4}(?:\.\d{1,2})?[KMBT](?![a-z]))"
_GLUED_FIGURE_RE = re.compile(_GLUED_FIGURE)

def _before_a_name(words: str) -> re.Pattern:
    """Text ending in one of `words` and an optional article: what stands before a name."""
    return re.compile(rf"\b(?:{words})\s+(?:the\s+|an?\s+|its\s+|their\s+)?$", re.I)


# a name right after these is what something is compared with, not what the figure is about
_OUTRANKING = (r"than|outperform\w*|beat\w*|versus|vs\.?|against|exceed\w*|surpass\w*|trail\w*|"
               r"behind|match\w*|rival\w*|unlike|from")
COMPARED_WITH = _before_a_name(_OUTRANKING + "|of|to|over|like|on|with|below|above")
# narrower: what a later "it" / "the chip" cannot be ("the 910B beat the A100. The chip")
OUTRANKED = _before_a_name(_OUTRANKING + "|compared (?:with|to)|relative to")

# capitalised words that are not what a figure is about
_NOT_SUBJECTS = set("""The This That These Those A An In On At By For From With As If But And Or
So Yet It Its Their Our We I He She They There Here What When Where Why How Which Who While After
Before Since Until Despite Although Even Still Also Meanwhile However Today Yesterday Last Next
Now Then Each Every All Some Most Many More Less One Two Three Table Figure Chart Source Sources
Note Photo Read Subscribe Share January February March April May June July August September
October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
Monday Tuesday Wednesday Thursday Friday Saturday Sunday AI CEO CFO CTO
Chairman President Minister Mr Ms Dr Chinese American European Western Japanese Korean Taiwanese
Indian US UK EU GPU GPUs CPU API Inc Co Ltd Corp Scenario Part Step Phase Update According Analysts
Shares Investors Reuters Bloomberg Financial Times Journal Yes No Not None Update Internally
Overall Instead Together Similarly Finally First Second Third Unlike Like Such Both Other
Another Its Building Training Inference Revenue Sales Prices Price Demand Supply China Beijing
Washington Taiwan Japan Korea Europe America Asia Pro Max Ultra Plus Mini Lite Turbo Flash Air
Page Section Chapter Version Figure Phase Round Level Tier Series Model Memory Bandwidth Power
Performance Shipments Profit Profits Output Capacity Compute Throughput Margin Margins Growth Cost
Costs Spending Investment Exports Imports Orders Production Volume Market Valuation Funding Income
Earnings Energy Efficiency Latency Speed Storage Sparsity Precision Parameters Users
Capex GAAP IFRS CEO CFO CTO COO IPO ETF HBM DRAM NAND Chips Chip Units Key Numbers Value Spend
Net Gross Total Risk Risks Buyers Customers Sales Shipped Shipments""".split())
_PLAIN = re.compile(r"([A-Z](?<![\w$€£¥.'’-][A-Z])(?:[a-z]+(?:[A-Z][a-z]*)*|[a-z]*[A-Z]\w*))"
                    r"(?![\w-]|\s+[A-Z][a-z])")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])|\n+")
# where those breaks end, found from the stop or line break itself (a search skips to them; no
# break holds a stop, so each ends where a _SENTENCE_BREAK does)
_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])|(?<=\n)\n*)")
# "the chip industry" is not a chip
_NOT_REFERENCES = ("industry|market|sector|war|wars|ban|bans|export|exports|shortage|maker|makers|"
                   "giant|race|supply|sanctions|designers?|business|unit|division|stack|"
                   "ecosystem|level|layer|gap|count|world|space|arms?|subsidiary|affiliate|"
                   "spin-?off")
COUNTED = re.compile(r"(?:\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|dozens?|"
                      r"hundreds?|thousands?|millions?|many|several|more|fewer)(?:\s+of)?),?\s+$",
                      re.I)
# "it holds", "it delivers": "it" as the subject of a verb that states a figure (not "it is
# estimated that", "it said")
_IT_VERBS = (r"(?:is|was)\s+(?!(?:estimated|expected|said|reported|believed|thought|likely|"
             r"unlikely|unclear|clear|possible|impossible|important|worth|hard|easy|difficult|"
             r"true|not|time|the|a|an)\b)[a-z]+ed\b|"
             "holds|delivers|offers|reaches|draws|consumes|uses|packs|has|had|carries|runs|"
             "achieves|supports|provides|ships|costs|sells|scores|hits|tops|peaks|transfers|"
             "processes|can|could|will|would")
_LINE_NOUNS = {"chip": "chips", "chips": "chips", "processors": "chips", "accelerators": "chips",
               "npus": "chips", "gpus": "GPUs", "series": "series", "roadmap": "roadmap"}
_LINE_NOUN_RE = "chips?|processors|accelerators|NPUs|GPUs|roadmap"
# "ByteDance's custom AI inference chip": the owner, up to three describing words, the thing
_OWN_THING = re.compile(
    r"(?P<owner>[A-Z][\w.-]*(?:\s[A-Z][\w.-]*)?)['’]s\s+"
    r"(?P<words>(?:(?:[a-z][a-z-]+|AI)\s+){0,3})"
    r"(?P<noun>chips?|ASICs?|processors?|accelerators?|API|cluster|data cent(?:er|re)|"
    r"supercomputer|superchip)(?![\w-])"
    r"(?!\s+(?:revenues?|sales|business|market|shipments|exports|imports|orders|spending|"
    r"capex|division|unit|industry|ambitions|efforts|strategy|team|push|plans?|makers?)\b)")
_OWN_NAME = re.compile(
    r"(?<![\w.-])(?P<owner>[A-Za-z][\w.-]*(?:\s[A-Z][\w.-]*)?)['’]s\s+"
    r"(?P<name>[A-Z][a-z]{2,}(?:[A-Z][a-z]+)?(?:\s(?:Pro|Max|Ultra|Plus|Mini|Air|Lite))?)"
    r"(?!\s+[A-Z0-9])(?:\s+(?P<noun>campus|data\s+cent(?:er|re)|cluster|supercomputer|"
    r"supercluster|project|facility|site))?(?![\w-])")
# "ByteDance is building an in-house inference chip": a thing the clause's subject makes
_MAKES_THING = re.compile(
    r"\s+(?:(?:is|was|are|were|has\s+been|had\s+been|is\s+now|was\s+reportedly|is\s+reportedly)"
    r"\s+)?(?:developing|building|designing|making|readying|preparing|testing|working\s+on)\s+"
    r"(?P<article>an?|its\s+own|their\s+own)\s+"
    r"(?P<words>(?:(?:[a-z][a-z-]+|AI)\s+){0,3})"
    r"(?P<noun>chip|ASIC|processor|accelerator|supercomputer)(?![\w-])")
_BUILT_OF = re.compile(r"\s+(?P<noun>cluster|supercomputer|supernode|super-node|pod|server)s?"
                       r"(?![\w-])")
CHIP_NOUN = re.compile(r"(?:chip|ASIC|processor|accelerator)s?$")
_GENERIC_WORDS = {"ai", "new", "own", "next-generation", "chip", "the"}
_DROP_WORDS = {"own", "new", "latest", "first", "the", "a", "its", "next-generation", "newest"}
_DESCRIBED_TYPES = {"api": "software", "cluster": "system", "data center": "system",
                    "data centre": "system", "supercomputer": "system"}
_VERBISH = re.compile(r"\s+(?:[a-z]+(?:ed|s)|will|has|had|is|was|plans|expects|said|paid|sold|"
                      r"spent|made|got|won|lost|bought|built|raised|took|put|set|saw|grew|"
                      r"fell|rose|hit|cut|led|began|became|can|could|would|may|might|held|"
                      r"kept|stood|came|went|gave|brought|told|drew|ranks|ranked)\b")


# a sentence-initial name joined to another ("SoftBank and OpenAI") or described by an
# apposition ("Kunlunxin, the chip arm of Baidu, ...")
_JOINED_OR_APPOSED = re.compile(r"\s+and\s+[A-Z]|,\s+(?:the|a|an)\s+\w")


@dataclass
class Mention:
    start: int
    end: int
    text: str
    canonical: str
    type: str
    vendor: str | None
    described: bool = False  # named by description ("ByteDance's custom chip"), not by name

    @property
    def is_product(self) -> bool:
        return self.type in PRODUCT_TYPES

    def __eq__(self, other):
        # the dataclass's own equality (every field alike), read field by field: it made a
        # tuple of both sides for each comparison, and list.remove(m) compares m with every
        # name before it
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.start == other.start and self.end == other.end and
                self.text == other.text and self.canonical == other.canonical and
                self.type == other.type and self.vendor == other.vendor and
                self.described == other.described)


class SubjectFinder:
    def __init__(self, pack: Pack):
        self.pack = pack
        self.by_alias: dict[str, tuple[str, str, str | None]] = {}
        for e in pack.entities:
            for alias in (e.name, *e.aliases):
                self.by_alias.setdefault(alias, (e.name, e.type, e.vendor))
        # where each word after the first of an alias starts in it (_WORD_GAP's ends)
        self.alias_words = {a: tuple(w.end() for w in _WORD_GAP.finditer(a))
                            for a in self.by_alias}
        # every alias, longest first, written as a trie (see extract.scan)
        alt = words_pattern(self.by_alias)
        self.alias_re = re.compile(
            rf"(?:(?<![A-Za-z0-9_])|(?<=[a-z])(?=[A-Z]))(?P<name>{alt})"
            rf"(?:(?![a-z0-9])(?!(?<=\d)\.\d)|{_GLUED_FIGURE})")  # "V3" is not in "V3.2"
        coded = [a for a in self.by_alias if any(ch.isdigit() for ch in a) and len(a) >= 4]
        # names with a model number are distinctive enough to find glued to the previous cell
        # ("OpenAIGPT-5.2")
        self.coded_re = re.compile(
            r"(?<=[A-Z])(?P<name>" + words_pattern(coded) +
            r")(?:(?![a-z0-9])|" + _GLUED_FIGURE + ")"
        ) if coded else None
        brands = words_pattern(pack.brands)
        self.brand_re = re.compile(
            rf"(?:(?<![A-Za-z0-9])|(?<=[a-z])(?=[A-Z]))(?P<brand>{brands})"
            rf"(?:\s(?P<word>[A-Z][a-z]+))?(?P<sep>[\s-]?){_CODE}{_SUFFIX}"
            if brands else r"(?!x)x")
        self.code_re = _CODE_RE  # (begins with its capital, as _MODEL_NAME)
        places = pack.groups.get("places") or []
        nouns = pack.groups.get("nouns") or []
        self.group_re = re.compile(
            r"(?<![\w-])(?P<name>(?:" + "|".join(map(re.escape, places)) + r")"
            r"(?:\s+(?:top|biggest|largest|leading|major|\w+est|five|four|three|ten|AI|tech|"
            r"chip|cloud|internet|frontier|semiconductor|big))*\s+(?:{nouns})"
            r"(?:\s+and\s+(?:\w+\s+)?(?:{nouns}))?)(?![\w-])".replace(
                "{nouns}", "|".join(map(re.escape, sorted(nouns, key=len, reverse=True)))),
            re.I) if places and nouns else None
        # the singular as a modifier: "Chinese data center power bills run ..."
        self.singular = {_singular(n).lower(): n for n in nouns}
        self.group_modifier_re = re.compile(
            r"(?<![\w-])(?P<name>(?:" + "|".join(map(re.escape, places)) + r")"
            r"(?:\s+(?:AI|tech|chip|cloud|internet|semiconductor))?\s+(?P<noun>" + "|".join(
                map(re.escape, sorted(self.singular, key=len, reverse=True))) +
            r"))(?=\s+[a-z]+\s+[a-z])", re.I) if places and nouns else None

        # "China's AI accelerator market", "the global AI chip market": a market is a subject
        self.market_re = re.compile(
            r"(?<![\w-])(?P<place>" + "|".join(map(re.escape, places)) + r")(?:['’]s)?\s+"
            r"(?P<words>(?:(?:[a-z][\w-]*|AI|GPU|HBM|ASIC)\s+){1,3})market(?![\w-])"
            r"(?!\s+(?:share|value|cap|capitali[sz]ation|leader|position)\b)"
        ) if places else None

        self.line_re = re.compile(
            rf"(?<![\w-])(?P<brand>{brands})(?:\s+AI)?\s+(?P<noun>{_LINE_NOUN_RE})"
            rf"(?![\w-])(?!\s+(?:{_NOT_REFERENCES}))") if brands else re.compile(r"(?!x)x")
        # the model codes of each brand's pack products: {"Ascend": {"950": (...), ...}}
        self.brand_codes: dict[str, dict[str, tuple]] = {}
        for alias, target in self.by_alias.items():
            words = alias.split()
            if len(words) == 2 and words[0] in pack.brands and any(c.isdigit() for c in words[1]):
                self.brand_codes.setdefault(words[0], {})[words[1]] = target
        self.reference_re, self.reference_types = None, {}
        if pack.references:
            for type_, nouns in pack.references.items():
                for noun in nouns:
                    self.reference_types[noun.lower()] = type_
            nouns = "|".join(map(re.escape, sorted(self.reference_types, key=len, reverse=True)))
            self.reference_re = re.compile(
                rf"(?<![\w-])[Tt]he\s+(?:(?:new|latest|whole|entire|flagship|Chinese|American|"
                rf"U\.S\.|US|Korean|Japanese|Taiwanese|Dutch|tech|chip|memory|cloud|"
                rf"(?!(?:other|rival|competing|another|partner|same|first|second|former)\b)"
                rf"[a-z]+(?:-based)?)\s+){{0,2}}"
                rf"(?P<noun>{nouns})(?![\w-])(?!\s+(?:{_NOT_REFERENCES}))|"
                rf"(?<![\w'’-])[Ii]t(?=['’]s\s|\s+(?:{_IT_VERBS})\b)", re.I)
        # searched through whole texts: each skips the positions where no match can start
        # (extract.scan.skipping; the same matches)
        for name in ("alias_re", "coded_re", "brand_re", "code_re", "group_re",
                     "group_modifier_re", "market_re", "line_re", "reference_re"):
            if getattr(self, name) is not None:
                setattr(self, name, skipping(getattr(self, name)))
        # and tried only where one of the words they begin with begins (extract.scan.prefixed;
        # the same matches; the aliases are too many for it to pay)
        for name in ("coded_re", "brand_re", "group_re", "group_modifier_re", "market_re",
                     "line_re", "reference_re"):
            if getattr(self, name) is not None:
                setattr(self, name, prefixed(getattr(self, name)))

    def find(self, text: str) -> list[Mention]:
        with reading(text):  # the searches below share the text's lower case (extract.scan)
            return self._find(text)

    def _find(self, text: str) -> list[Mention]:
        mentions: list[Mention] = []
        by_alias, words_at, alias_match = self.by_alias, self.alias_words, self.alias_re.match
        for m in self.alias_re.finditer(text):
            name, start, end = m["name"], m.start(), m.end()
            canonical, type_, vendor = by_alias[name]
            # a longer alias that starts inside this one names the variant the text gives:
            # "NVIDIA H100 SXM" is the H100's SXM form, though "NVIDIA H100" matched first
            for at in words_at[name]:
                longer = alias_match(text, start + at)
                if longer is not None and longer.end() > end:
                    canonical, type_, vendor = by_alias[longer["name"]]
                    end = longer.end()
            mentions.append(Mention(start, end, text[start:end], canonical, type_, vendor))
        if self.coded_re is not None:
            taken = _Spans(mentions)
            for m in self.coded_re.finditer(text):
                if not taken.overlaps(m.start(), m.end()):
                    canonical, type_, vendor = self.by_alias[m["name"]]
                    mentions.append(Mention(m.start(), m.end(), m["name"], canonical, type_,
                                            vendor))
            mentions.sort(key=lambda x: x.start)
        spans = _Spans(mentions)
        for m in self.brand_re.finditer(text):
            near = spans.overlapping(m.start(), m.end())
            inside = [x for s_, e_, x in near if m.start() <= s_ and e_ <= m.end()]
            start = m.start()
            before = [x for x in (x for _, _, x in near) if x not in inside]
            if len(before) == 1 and before[0].start < start and before[0].end == m.end("brand") \
                    and before[0].is_product:
                # a full name, then a version: "ByteDance Doubao 2.0" is Doubao 2.0 too
                start = before[0].start
                inside.append(before[0])
            elif len(inside) < len(near):
                continue
            if any(x.end - x.start >= m.end() - start for x in inside):
                continue
            if any(_GLUED_FIGURE_RE.match(text, x.end) for x in inside):
                continue  # "Kimi K2.51T" is the known "Kimi K2.5" and a figure, 1T
            # a longer name ("Doubao 2.0", "CANN 5.0") wins over the alias inside it
            vendor = self.pack.brands.get(m["brand"])
            # "Doubao 2.0" is a version of the model "Doubao": a model too
            type_ = next((x.type for x in inside if x.is_product), "product")
            for x in inside:
                _remove(mentions, x)
                spans.remove(x)
                vendor = vendor or x.vendor or (x.canonical if not x.is_product else None)
            name = text[start:m.end()]
            glued = not m["sep"] and m["code"][0].isalpha()  # "DeepSeekV3.2", not "Qwen3"
            clean = name.replace(m["code"], " " + m["code"], 1) if glued else name
            cut = clean.find(m["code"])
            clean = clean[:cut] + _CAMEL_GAP.sub(" ", clean[cut:])
            canonical = clean if not vendor or clean.startswith(vendor) else f"{vendor} {clean}"
            mentions.append(Mention(start, m.end(), name, canonical, type_, vendor))
            spans.add(start, m.end(), mentions[-1])
        taken = _Spans(mentions)
        codes = []
        for m in self.code_re.finditer(text):
            if taken.overlaps(m.start(), m.end()) or _NOT_NAMES.match(m["code"]):
                continue
            codes.append(Mention(m.start(), m.end(), m["code"], m["code"], "product", None))
        mentions += codes
        for x in codes:
            taken.add(x.start, x.end, x)
        for m in _MODEL_NAME.finditer(text):
            if not taken.overlaps(m.start(), m.end()) and not _NOT_NAMES.match(m["name"]):
                mentions.append(Mention(m.start(), m.end(), m["name"], m["name"], "product",
                                        None))
                taken.add(m.start(), m.end(), mentions[-1])
        for m in _NAMED_NUMBER.finditer(text):
            if m["word"] in _NOT_SUBJECTS or taken.overlaps(m.start(), m.end()):
                continue
            mentions.append(Mention(m.start(), m.end(), m["name"], m["name"], "product", None))
            taken.add(m.start(), m.end(), mentions[-1])
        if self.group_re is not None:
            for m in self.group_re.finditer(text):
                near = taken.overlapping(m.start(), m.end())
                if near and all(x.type == "place" for _, _, x in near if x is not None):
                    for _, _, x in near:  # "China's tech giants", not China
                        _remove(mentions, x)
                        taken.remove(x)
                    near = []
                if not near:
                    mentions.append(Mention(m.start(), m.end(), m["name"], m["name"], "group",
                                            None))
        if self.group_modifier_re is not None:
            for m in self.group_modifier_re.finditer(text):
                if _ONE_OF_GROUP.search(text[max(0, m.start() - 8):m.start()]):
                    continue  # "a Chinese company said": one company, not the group
                near = taken.overlapping(m.start(), m.end())
                if any(x is None or x.type != "place" for _, _, x in near):
                    continue
                for _, _, x in near:
                    _remove(mentions, x)
                    taken.remove(x)
                plural = self.singular[m["noun"].lower()]
                name = m["name"][:m.start("noun") - m.start()] + plural
                mentions.append(Mention(m.start(), m.end(), m["name"], name, "group", None))
                taken.add(m.start(), m.end(), mentions[-1])
        if self.market_re is not None:
            for m in self.market_re.finditer(text):
                near = taken.overlapping(m.start(), m.end())
                if any(x is None or x.type != "place" for _, _, x in near):
                    continue
                for _, _, x in near:  # the market, not China
                    _remove(mentions, x)
                    taken.remove(x)
                place = m["place"].rstrip("'’s") if m["place"].endswith(("'s", "’s")) else \
                    m["place"]
                name = f"{place} {' '.join(m['words'].split())} market"
                mentions.append(Mention(m.start(), m.end(), m.group(0), name, "market", None))
                taken.add(m.start(), m.end(), mentions[-1])
        self._fullest_groups(text, [m for m in mentions if m.type == "group"])
        mentions += self._described(text, mentions)
        mentions.sort(key=lambda x: x.start)
        mentions = _merge_vendor_product(mentions, text)
        for i, m in enumerate(mentions):
            # "Baidu's Kunlun P800 cluster of 30,000 chips", "Ascend 910C clusters": a system
            # built of the product, not the product
            after = _BUILT_OF.match(text, m.end) if m.type in ("chip", "product") else None
            if after:
                mentions[i] = Mention(m.start, after.end(), text[m.start:after.end()],
                                      f"{m.canonical} {after['noun'].lower()}", "system",
                                      m.vendor)
        short = self._short_forms(text, mentions)
        if short:  # "DeepSeek's V3.2" once "DeepSeek-V3.2" was named
            mentions = _merge_vendor_product(sorted(mentions + short, key=lambda x: x.start),
                                             text)
        mentions = _resolve_short_forms(mentions)
        if self.reference_re is not None:
            mentions = self._references(text, mentions)
        return mentions

    def _references(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """"the chip", "the system", "the company", "it": an earlier entity of that type. Like a
        reader, look first at the names earlier in the same sentence, then at the sentence
        before, and so on (about two paragraphs back); in each, the first name of the type wins
        (the grammatical subject, usually), unless it was outranked ("than the A100")."""
        refs = [r for r in self.reference_re.finditer(text)]
        if not refs:
            return mentions
        taken = _Spans(mentions)
        bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
        names = list(mentions)  # resolved references join them, in document order
        starts = [m.start for m in names]
        for r in refs:
            near = taken.overlapping(r.start(), r.end())
            if any(x is None or x.type != "place" for _, _, x in near):
                continue
            for _, _, x in near:  # "the U.S. company" refers to a company, not the country
                _remove(names, x)
                starts.remove(x.start)
                taken.remove(x)
            if r["noun"] is None:  # "it": a thing or a company
                allowed = PRODUCT_TYPES | {"company"}
            else:
                wanted = self.reference_types[r["noun"].lower()]
                allowed = {wanted, "product"} if wanted in ("chip", "system") else {wanted}
            end = r.start()
            si = bisect.bisect_right(bounds, end) - 1
            antecedent = None
            while si >= 0 and r.start() - bounds[si] <= 1500 and antecedent is None:
                lo = bisect.bisect_left(starts, bounds[si])
                hi = bisect.bisect_left(starts, end)
                here = names[lo:hi]
                if allowed == {"company"}:  # "Intel's Gaudi 3 ... The company said": its maker
                    here = [m if m.type == "company" or not (m.is_product and m.vendor) else
                            Mention(m.start, m.end, m.text, m.vendor, "company", None)
                            for m in here]
                # not what was outranked ("than the A100") nor what was counted ("using 2,048
                # H800 GPUs", "2.788 million H800 GPU hours"): a tool, not the actor
                fits = [m for m in here if m.type in allowed and not OUTRANKED.search(
                    text, max(0, m.start - 30), m.start) and not COUNTED.search(
                    text, max(0, m.start - 20), m.start)]
                # a possessor is not what its phrase is about: in "T-Head's debut chip was
                # the Hanguang 800; it ran ...", "it" is the chip (unless the possessor is alone)
                heads = [m for m in fits if not text.startswith(("'s ", "’s "), m.end)]
                # and a name beats a description of the same thing ("... is the Hanguang 800")
                named = [m for m in heads if not m.described]
                antecedent = (named or heads or fits or [None])[0]
                end = bounds[si]
                si -= 1
            if antecedent is not None:
                ref = Mention(r.start(), r.end(), r.group(0), antecedent.canonical,
                              antecedent.type, antecedent.vendor)
                i = bisect.bisect_right(starts, ref.start)
                names.insert(i, ref)
                starts.insert(i, ref.start)
        return names

    def _fullest_groups(self, text: str, groups: list[Mention]) -> None:
        """"Chinese labs" after "Chinese AI labs" are the same labs: a bare group (place and
        noun) is named by the fullest form of it in the article, else by the beat's topic word
        when the article keeps putting it after the place ("Chinese AI ...")."""
        if not groups:
            return
        fullest: dict[tuple, str] = {}
        for m in groups:
            words = m.canonical.split()
            key = (words[0].lower(), words[-1].lower())
            if len(words) > len(fullest.get(key, "").split()):
                fullest[key] = m.canonical
        topics = self.pack.groups.get("topic") or []
        topical: dict[str, str | None] = {}  # place -> the topic word the article puts after it
        for m in groups:
            words = m.canonical.split()
            if len(words) != 2 or " and " in m.canonical:
                continue
            longer = fullest[(words[0].lower(), words[1].lower())]
            if longer != m.canonical:
                m.canonical = " ".join([words[0], *longer.split()[1:-1], words[1]])
                continue
            if words[0] not in topical:
                topical[words[0]] = next((t for t in topics if _twice(
                    _place_topic(words[0], t), text, words[0])), None)
            if topical[words[0]]:
                m.canonical = f"{words[0]} {topical[words[0]]} {words[1]}"

    def _described(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Products named by description: a brand's line ("Ascend chips", "Kunlun AI chips" ->
        "Huawei Ascend chips") and a company's own thing ("ByteDance's custom AI inference chip",
        "DeepSeek's API")."""
        out = []
        taken = _Spans(mentions)
        for m in self.line_re.finditer(text):
            before = text[max(0, m.start() - 20):m.start()]
            if taken.overlaps(m.start(), m.end()) or COUNTED.search(before):
                continue  # "linking 8,192 Ascend chips": what is counted, not a subject
            vendor = self.pack.brands.get(m["brand"])
            noun = _LINE_NOUNS.get(m["noun"].lower(), m["noun"])
            name = " ".join(x for x in (vendor, m["brand"], noun) if x)
            out.append(Mention(m.start(), m.end(), m.group(0), name, "product", vendor,
                               described=True))
        companies = {m.start: m for m in mentions if m.type == "company"}
        for m in _owned_at_apostrophes(_OWN_THING, text, inside=True):
            owner = companies.get(m.start())
            if owner is None or owner.end != m.start() + len(m["owner"]) or \
                    taken.overlaps(m.end("owner"), m.end()):
                continue
            words = [w for w in m["words"].split() if w.lower() not in _DROP_WORDS]
            name = " ".join([owner.canonical, *words, m["noun"]])
            type_ = _DESCRIBED_TYPES.get(m["noun"].lower().rstrip("s"), "product")
            out.append(Mention(m.start(), m.end(), m.group(0), name, type_, owner.canonical,
                               described=True))
            taken.add(m.start(), m.end())
            _remove(mentions, owner)  # the owner's thing, not the owner
        for m in _owned_at_apostrophes(_OWN_NAME, text):
            # "OpenAI's Stargate campus", "Meta's Hyperion data center", "xAI's Colossus uses":
            # a company's own named thing the pack does not know
            owner = companies.get(m.start())
            if owner is None or owner.end != m.start() + len(m["owner"]) or \
                    m["name"] in _NOT_SUBJECTS or m["name"] in self.pack.brands or \
                    _in_headline(text, m.start()) or \
                    taken.overlaps(m.start("name"), m.end()) or owner not in mentions or \
                    not (m["noun"] or _VERBISH.match(text, m.end()) or
                         _CLAUSE_MARK.match(text[m.end():m.end() + 1])):
                continue
            noun = " ".join(m["noun"].split()) if m["noun"] else None
            name = " ".join(x for x in (owner.canonical, m["name"], noun) if x)
            out.append(Mention(m.start(), m.end(), m.group(0), name,
                               "system" if noun else "product", owner.canonical, described=True))
            taken.add(m.start(), m.end())
            _remove(mentions, owner)
        for owner in companies.values():
            m = _MAKES_THING.match(text, owner.end)
            if m is None or taken.overlaps(m.start("article"), m.end()):
                continue
            words = [w for w in m["words"].split() if w.lower() not in _DROP_WORDS]
            if not words:
                continue  # "Nvidia is developing a chip for China, the B30A": not a name yet
            name = " ".join([owner.canonical, *words, m["noun"]])
            type_ = _DESCRIBED_TYPES.get(m["noun"].lower(), "product")
            out.append(Mention(m.start("article"), m.end(), text[m.start("article"):m.end()],
                               name, type_, owner.canonical, described=True))
            taken.add(m.start("article"), m.end())
        return out + self._echoes(text, out, taken)

    def _echoes(self, text: str, described: list[Mention], taken: _Spans) -> list[Mention]:
        """"an in-house chip halves the cost" after "ByteDance is building an in-house
        inference chip": a later chip phrase with the same describing word is the same thing,
        when only one described chip has that word."""
        by_word: dict[str, list[Mention]] = {}
        for d in described:
            if d.type != "product" or not CHIP_NOUN.search(d.canonical) or \
                    d.canonical.split()[0] != d.vendor:
                continue
            for w in d.canonical.split()[1:-1]:
                if w.islower() and w not in _GENERIC_WORDS:
                    by_word.setdefault(w, []).append(d)
        out = []
        for word, ds in by_word.items():
            if len({d.canonical for d in ds}) != 1:
                continue
            first = min(d.start for d in ds)
            for m in _echo_of(word).finditer(text[first:]):
                a, b = m.start() + first, m.end() + first
                before = text[max(0, a - 25):a]
                if taken.overlaps(a, b) or COUNTED.search(before) or \
                        _POSSESSIVE_END.search(before):
                    continue  # "8,192 custom chips", "Google's custom chips"
                out.append(Mention(a, b, m.group(0), ds[0].canonical, ds[0].type, ds[0].vendor,
                                   described=True))
                taken.add(a, b)
        return out

    def plain_names(self, text: str, start: int, end: int) -> list[Mention]:
        """Single capitalised words in text[start:end] that may name a company the pack does
        not know ("Groq raised $640 million"). A subject of last resort: not in a Title-Case
        headline, not a common word, sentence-initial only before a verb or a possessive."""
        sentence = text[start:end]
        if _capitalised_share(sentence, min_words=1) > 0.5:
            return []  # a headline in Title Case
        out = []
        lead = len(sentence) - len(sentence.lstrip())  # the spaces it starts with
        for m in _PLAIN.finditer(sentence):
            name = m.group(1)
            if name in _NOT_SUBJECTS or name in self.pack.brands or len(name) < 3 or \
                    _NOT_NAMES.match(name):
                continue
            if COUNTED.search(sentence, max(0, m.start() - 20), m.start()):
                continue  # "using 2,048 Nvidia H800 GPUs": counted, not the subject
            before = _word_before(sentence, m.start())
            if before and before[0].isupper() and before not in _NOT_SUBJECTS:
                continue  # the end of a longer name: "Eric Xu Zhijun"
            if m.start() <= lead:  # sentence-initial
                after = sentence[m.end():m.end() + 12]
                if not (after.startswith(("'s", "’s", "' ")) or _VERBISH.match(after) or
                        _JOINED_OR_APPOSED.match(after)):
                    continue
            out.append(Mention(start + m.start(), start + m.end(), name, name, "name", None))
        return out

    @staticmethod
    def _listed_codes(text: str, m: re.Match, first: dict) -> bool:
        """"the 950 arrives in 2026, the 960 and 970 after it": numbers that are codes of one
        brand, listed together, are names."""
        near = text[max(0, m.start() - 60):m.end() + 60]
        vendor = first[m.group(0)].vendor
        others = {c for c in _BARE_CODE.findall(near)
                  if c != m.group(0) and c in first and first[c].vendor == vendor}
        return bool(others)

    def _short_forms(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Bare model codes ("X7", "P800") of names found earlier in the document."""
        first: dict[str, Mention] = {}
        for m in mentions:
            code = m.text.split()[-1]
            if m.vendor and m.text.startswith(m.vendor + "-"):  # "DeepSeek-V3.2" -> "V3.2"
                code = m.text[len(m.vendor) + 1:]
            elif " " not in m.text:
                continue
            if any(map(str.isdigit, code)) and code not in first:
                first[code] = m
        # a pack product whose brand the document names: "Huawei plans a 950PR for early 2026
        # and a 950DT later, the 950 series"
        for brand in self.brand_codes:
            at = text.find(brand)
            if at >= 0:
                for code, (canonical, type_, vendor) in self.brand_codes[brand].items():
                    first.setdefault(code, Mention(at, at, code, canonical, type_, vendor))
        if not first:
            return []
        taken = _Spans(mentions)
        out = []
        # not "V3" in "V3.2"; "V3.2Speciale" is a glued cell or name (the codes as a trie,
        # searched skipping where none starts: extract.scan, the same matches)
        for m in _codes_re(tuple(first)).finditer(text):
            full = first[m.group(0)]
            if m.start() <= full.start or taken.overlaps(m.start(), m.end()):
                continue
            if m.group(0).isdigit():
                # a bare number is a name only as "the 950" / "the 950's" / "950 series", never
                # "$950 million"
                if len(m.group(0)) < 3 or not (text[max(0, m.start() - 4):m.start()].lower(
                ).endswith("the ") or text.startswith(" series", m.end()) or
                        self._listed_codes(text, m, first)):
                    continue
            out.append(Mention(m.start(), m.end(), m.group(0), full.canonical, full.type,
                               full.vendor))
        return out


@lru_cache(maxsize=64)
def _codes_re(codes: tuple[str, ...]) -> re.Pattern:
    return skipping(re.compile(rf"(?<![\w-])(?:{words_pattern(codes)})"
                               rf"(?:(?![\w-])(?!\.\d)|(?=[A-Z][a-z]))"))


def _capitalised_share(text: str, min_words: int) -> float:
    """The share of text's words that start with a capital (0 with fewer than min_words)."""
    words = _WORD.findall(text)
    if len(words) < min_words or not words:
        return 0.0
    return sum(w[0].isupper() for w in words) / len(words)


_WORD = re.compile(r"[A-Za-z][\w'’-]*")


def _in_headline(text: str, at: int) -> bool:
    """Is the line around `at` a headline in Title Case ("Cambricon's Comeback: How ...")?"""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return _capitalised_share(text[start:end if end >= 0 else len(text)], min_words=4) > 0.6


def _word_before(text: str, end: int) -> str | None:
    """The word of ASCII letters that spaces separate from `end` ("Xu" in "Eric Xu |"), as
    re.search(r"([A-Za-z]+)\s+$", text[:end]) finds it, without scanning all of text[:end]."""
    k = end
    while k > 0 and text[k - 1].isspace():
        k -= 1
    i = k
    while i > 0 and text[i - 1] in _ASCII_LETTERS:
        i -= 1
    return text[i:k] if i < k < end else None


_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _owned_at_apostrophes(rx: re.Pattern, text: str, inside: bool = False):
    """The matches of rx.finditer(text) for _OWN_NAME and _OWN_THING, tried only where one can
    start: their owner is one or two runs of word characters ([\\w.-], the second capitalised,
    after one space) that end at an apostrophe before "s" and a space; it starts at the first
    run's start (_OWN_NAME, whose owner is a whole word) or, with `inside`, at any capital
    letter in that run (_OWN_THING: "xAI's" is "AI's"). Those apostrophes are few; the
    patterns tried at every word of the text cost ~5 ms a pass over the seeds."""
    starts = set()
    for a, b in kept(text, "owner runs", _owner_runs):  # (found once for both patterns)
        starts.add(a)
        if inside:
            starts.update(c.start() for c in _CAPITAL.finditer(text, a + 1, b))
    pos = 0
    for p in sorted(starts):
        if p >= pos:
            m = rx.match(text, p)
            if m is not None:
                yield m
                pos = m.end()


def _owner_runs(text: str) -> list[tuple[int, int]]:
    """The (start, end) of the one or two runs of word characters before each apostrophe, "s"
    and a space (_APOSTROPHE_S, whose matches cannot overlap: found by str.find)."""
    out = []
    ends = sorted(i for w in ("'s", "’s") for i in occurrences(text, w)
                  if i + 2 < len(text) and text[i + 2].isspace())
    if not ends:
        return out
    # the run that ends at `end` is the one that starts at len - end in the text reversed
    back, n, run = text[::-1], len(text), _WORD_RUN.match
    for end in ends:
        r = end - run(back, n - end).end() + n - end
        if r == end:
            continue  # no word before the apostrophe: no owner ends here
        out.append((r, end))
        if r >= 2 and text[r - 1].isspace() and _word_run_char(text[r - 2]):
            out.append((r - 1 - (run(back, n - r + 1).end() - (n - r + 1)), r - 1))  # two words
    return out


def _word_run_char(ch: str) -> bool:
    """_WORD_RUN_CHAR.match(ch): a word character of str patterns is one str.isalnum() says
    is alphanumeric, or the underscore."""
    return ch.isalnum() or ch in "_.-"


# the plain forms of the two searches above (a property test holds them equal)
_APOSTROPHE_S = re.compile(r"['’]s\s")
_WORD_RUN_CHAR = re.compile(r"[\w.-]")
_WORD_RUN = re.compile(r"[\w.-]*")
_CAPITAL = re.compile(r"[A-Z]")


@lru_cache(maxsize=256)
def _echo_of(word: str) -> re.Pattern:
    """A chip phrase with `word` ("in-house chip", "custom AI accelerators"), not inside a
    longer word. The word comes first in the pattern and its start is checked behind it
    ("(?<![\\w'’-]word)" is "(?<![\\w'’-])" before the word), so the search can jump from one
    place the word stands to the next: the same matches as the lookbehind first."""
    w = re.escape(word)
    return re.compile(rf"{w}(?<![\w'’-]{w})\s+(?:(?:[a-z-]+|AI)\s+)?"
                      rf"(?:chips?|ASICs?|silicon|accelerators?|processors?)(?![\w-])")


@lru_cache(maxsize=256)
def _place_topic(place: str, topic: str) -> re.Pattern:
    """A place and a topic word after it ("Chinese AI"), compiled once and searched fast."""
    return skipping(re.compile(rf"\b{re.escape(place)}\s+{re.escape(topic)}\b"))


def _twice(rx: re.Pattern, text: str, word: str) -> bool:
    """len(rx.findall(text)) >= 2 for a pattern whose matches begin with `word`: tried only
    where the word stands (extract.scan.matches_at)."""
    found = matches_at(rx, text, occurrences(text, word))
    return next(found, None) is not None and next(found, None) is not None


def _singular(noun: str) -> str:
    """"data centers" -> "data center", "companies" -> "company" (the pack's plural nouns)."""
    if noun.endswith("ies"):
        return noun[:-3] + "y"
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun


class _Spans:
    """Spans of text already taken by names, sorted for quick overlap tests (names are short:
    only spans starting less than _LONGEST before a point can reach it)."""

    _LONGEST = 300

    def __init__(self, mentions=()):
        self.items = sorted((m.start, m.end, id(m), m) for m in mentions)

    def add(self, start: int, end: int, mention=None) -> None:
        bisect.insort(self.items, (start, end, id(mention), mention))

    def remove(self, mention) -> None:
        self.items.remove((mention.start, mention.end, id(mention), mention))

    def overlapping(self, start: int, end: int) -> list:
        items = self.items
        i = bisect.bisect_left(items, (start - self._LONGEST,))
        out = []
        for k in range(i, len(items)):  # (not items[i:], a copy of the rest of the list)
            s, e, _, m = items[k]
            if s >= end:
                break
            if e > start:
                out.append((s, e, m))
        return out

    def overlaps(self, start: int, end: int) -> bool:
        return bool(self.overlapping(start, end))


def _remove(mentions: list, mention) -> None:
    """mentions.remove(mention), comparing first the starts (list.remove calls __eq__, in
    Python, on every name before it): the first name that is `mention` or equal to it goes."""
    start = mention.start
    for i, x in enumerate(mentions):
        if x is mention or (x.start == start and x == mention):
            del mentions[i]
            return
    raise ValueError("list.remove(x): x not in list")


def _merge_vendor_product(mentions: list[Mention], text: str = "") -> list[Mention]:
    """'Huawei Ascend 910C' and "AMD's MI325X" are one name each: a company directly followed
    by its product (or an unattributed product) becomes the product."""
    out: list[Mention] = []
    for i, m in enumerate(mentions):
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        gap = text[m.end:nxt.start] if nxt and 0 <= nxt.start - m.end <= 3 else None
        if (gap in ("", " ", "'s ", "’s ", "' ", "’ ") and not m.is_product and nxt.is_product
                and (nxt.vendor is None or m.canonical.startswith(nxt.vendor))):
            nxt.start, nxt.text = m.start, m.text + (gap if gap.strip() else " ") + nxt.text
            if nxt.vendor is None and not nxt.canonical.startswith(m.canonical):
                nxt.canonical = f"{m.canonical} {nxt.canonical}"
            continue
        out.append(m)
    return out


def _resolve_short_forms(mentions: list[Mention]) -> list[Mention]:
    """A bare code ("P800") takes the canonical name of an earlier full mention ending with it."""
    seen: dict[str, str] = {}
    for m in mentions:
        code = m.canonical.split()[-1]
        if m.canonical == m.text and " " not in m.text and code in seen:
            m.canonical = seen[code]
        elif " " in m.canonical:
            seen.setdefault(code, m.canonical)
    return mentions


# searched through whole texts, or before every name and figure: each skips the positions where
# no match can start (extract.scan.skipping; the same matches)
for _name in ("_NAMED_NUMBER", "_MODEL_NAME", "_PLAIN", "COUNTED", "COMPARED_WITH", "OUTRANKED"):
    globals()[_name] = skipping(globals()[_name])
del _name


# (compiled once: re's own cache of patterns is looked up on every call of re.search & co.)
_WORD_GAP = re.compile(r"\s(?=\S)")
_CODE_RE = re.compile(r"(?P<code>[A-Z](?<![\w-][A-Z])[A-Z]{0,2}\d{2,4}[A-Z]{0,2})(?![\w-])")
_CAMEL_GAP = re.compile(r"(?<=[0-9a-z])(?=[A-Z][a-z])")
_ONE_OF_GROUP = re.compile(r"\b(?:an?|the|this|that|each|every|one|its|their)\s+$", re.I)
_CLAUSE_MARK = re.compile(r"[,;:.]")
_POSSESSIVE_END = re.compile(r"['’]s\s+$")
_BARE_CODE = re.compile(r"(?<![\w.,$])\d{3,4}(?![\w.,%])")
