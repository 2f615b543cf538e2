"""extract.scan: the fast forms of our regexes match exactly what the plain forms match."""
import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from extract import (attach, components, flat_tables, numbers, quantities, quantity_mode,
                     ranker, subjects, table_model, tables, units)
from extract.scan import first_char_lookahead, skipping, words_pattern

# a small alphabet, so that words are often prefixes of one another and of the text
_CHARS = "ab-. A1"
_words = st.lists(st.text(_CHARS, max_size=5), max_size=12)  # "" and duplicates too


def _plain(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _matches(pattern: str, text: str):
    return [(m.span(), m.group("w")) for m in re.finditer(pattern, text)]


@settings(max_examples=300, deadline=None)
@given(words=_words, text=st.text(_CHARS, max_size=40))
def test_trie_same_matches_as_the_plain_alternation(words, text):
    # a tail that needs backtracking into a shorter word: the word must end before a letter
    for around in ("{}", "(?<![ab]){}(?![ab])", "{}(?=[ab])"):
        plain = around.format(f"(?P<w>{_plain(words)})")
        trie = around.format(f"(?P<w>{words_pattern(words)})")
        assert _matches(trie, text) == _matches(plain, text)
        fast = skipping(re.compile(trie))
        assert [(m.span(), m.group("w")) for m in fast.finditer(text)] == \
            _matches(plain, text)


def test_trie_longest_word_first_and_special_characters():
    words = ["H100", "H1", "H100 NVL", "A+B", "(x)", "a]b"]
    rx = re.compile(words_pattern(words))
    assert rx.match("H100 NVL card").group(0) == "H100 NVL"
    assert rx.match("H100 SXM").group(0) == "H100"
    assert rx.match("H12").group(0) == "H1"
    assert [m.group(0) for m in rx.finditer("A+B (x) a]b")] == ["A+B", "(x)", "a]b"]
    assert words_pattern([]) == _plain([]) == ""


def test_lookahead_names_first_characters_in_the_right_case():
    assert first_char_lookahead(r"(?<![\w-])(?:half|double)\b", re.I) == \
        r"(?=(?i:[\x64\x68]))"
    assert first_char_lookahead(r"(?<!\w)(?:Q[1-4]|(?i:half))") == r"(?=(?i:[\x51\x68]))"
    assert first_char_lookahead(r"\b(?:\d+|½)\s") == r"(?=[\d\xbd])"
    # not said: the empty string, any character, nearly any letter, a first literal
    for pattern in (r"(?<!x)a?", r"\b.x", r"(?<!x)[^a]", r"\b[A-Za-z]+", r"(?i)\b[a-z]+x",
                    r"abc", r"[ab]c", r"\b(\w)\1"):
        assert first_char_lookahead(pattern) == "", pattern
    rx = re.compile(r"(?i)\bhalf")  # global inline flags must stay first: kept as it is
    assert skipping(rx) is rx


def _project_patterns():
    for mod in (attach, components, flat_tables, numbers, quantities, quantity_mode, ranker,
                subjects, table_model, tables, units):
        for name, value in vars(mod).items():
            if isinstance(value, re.Pattern):
                yield f"{mod.__name__}.{name}", value


_TEXT = ("The H100's 989 TFLOPS (about 2x the A100) and HALF the power; 1/10th the cost. "
         "Revenue rose 58% to $4.1 billion, up from ¥2,000 (tens of millions of dollars). "
         "Three times faster, a five-fold rise — “It draws 700W.” Q3 FY2025: 12–14 GPUs.\n"
         "| Chip | FP16 TFLOPS | Price ($/hr) |\n| X200 | 1,979* | $2.10-$3.50 |\n")


_PATTERNS = dict(_project_patterns())


@pytest.mark.parametrize("name", sorted(_PATTERNS))
def test_project_patterns_match_the_same_when_skipping(name, request):
    rx = _PATTERNS[name]
    # the module's pattern may already be the fast one: compare with the pattern without the
    # lookahead skipping() put first
    plain = re.compile(_HEAD.sub("", rx.pattern, count=1), rx.flags)
    texts = [_TEXT, _TEXT.lower(), _TEXT.upper()]
    shared = Path(request.config.rootpath).parent / "shared"
    texts += [p.read_text(encoding="utf-8") for p in sorted(shared.glob("seeds/*.txt"))[:2]]
    for fast in (rx, skipping(plain)):
        for text in texts:
            assert [(m.span(), m.groups()) for m in fast.finditer(text)] == \
                [(m.span(), m.groups()) for m in plain.finditer(text)]


_HEAD = re.compile(r"^\(\?=(?:\(\?i:)?\[[^\]]*\]\)?\)")
# or the first character's class, its lookbehind after it ("[A-Z](?<![\w-][A-Z])")
_CLASS_FIRST = re.compile(r"^(?:\((?:\?P<\w+>)?)*\[[^\]]*\]\(\?<!")


def test_whole_text_scans_are_the_fast_ones():
    for rx in (quantities._NUM, quantities._TIMES_RE, subjects.COUNTED, subjects._MODEL_NAME,
               subjects._PLAIN, subjects._NAMED_NUMBER, subjects._CODE_RE):
        assert _HEAD.match(rx.pattern) or _CLASS_FIRST.match(rx.pattern), rx.pattern[:40]
