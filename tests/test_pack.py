"""extract.pack: a metric's keyword pattern (with the first-character lookahead that speeds it)
finds its keywords in any case, spaced or hyphenated, and nothing inside a longer word."""
import re

from extract.pack import parse_pack


def _pattern(*keywords):
    pack = parse_pack({"name": "t", "metrics": [{"name": "m", "kind": "money",
                                                 "keywords": list(keywords)}]})
    return pack.metrics[0].pattern


def test_keywords_found_in_any_case_and_hyphenated():
    rx = _pattern("AI chip revenue", "sales", "Ärger")
    text = "ai-chip revenue rose; SALES fell; ärger grew; presales and AI chip revenues did not"
    assert [m.group(0) for m in rx.finditer(text)] == ["ai-chip revenue", "SALES", "ärger"]


def test_same_hits_as_the_plain_alternation():
    keywords = ["memory", "HBM", "memory bandwidth", "on-chip", "x"]
    rx = _pattern(*keywords)
    alts = [re.escape(k).replace(r"\ ", r"[\s-]+") for k in keywords]
    plain = re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w])", re.I)
    text = "Memory bandwidth, hbm and ON-CHIP memory; x-ray, X and the xHBM memory-bandwidth"
    assert [m.span() for m in rx.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_a_keyword_that_starts_with_a_space_still_matches_any_space():
    rx = _pattern(" per chip", "price")
    assert rx.search("the price\tper chip") and rx.search("\tper chip")
