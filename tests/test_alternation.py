"""extract.alternation: the trie form of a word list matches what the plain alternation does."""
import re

from hypothesis import given, settings, strategies as st

from extract.alternation import first_chars, words_pattern

# a small alphabet, so that words are often prefixes of one another and of the text
_CHARS = "ab-. A1"
_words = st.lists(st.text(_CHARS, max_size=5), max_size=12)  # "" and duplicates too


def _plain(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _matches(pattern: str, text: str):
    return [(m.span(), m.group("w")) for m in re.finditer(pattern, text)]


@settings(max_examples=300, deadline=None)
@given(words=_words, text=st.text(_CHARS, max_size=40))
def test_same_matches_as_the_plain_alternation(words, text):
    # a tail that needs backtracking into a shorter word: the word must end before a letter
    tail = r"(?=[ab])"
    for around in ("{}", "(?<![ab]){}(?![ab])", "{}" + tail):
        plain = around.format(f"(?P<w>{_plain(words)})")
        trie = around.format(f"(?P<w>{words_pattern(words)})")
        assert _matches(trie, text) == _matches(plain, text)
        chars = first_chars(words)
        if chars:
            assert _matches(f"(?={chars})" + trie, text) == _matches(plain, text)


def test_longest_word_first_and_special_characters():
    words = ["H100", "H1", "H100 NVL", "A+B", "(x)", "a]b"]
    rx = re.compile(words_pattern(words))
    assert rx.match("H100 NVL card").group(0) == "H100 NVL"
    assert rx.match("H100 SXM").group(0) == "H100"
    assert rx.match("H12").group(0) == "H1"
    assert [m.group(0) for m in rx.finditer("A+B (x) a]b")] == ["A+B", "(x)", "a]b"]
    assert re.fullmatch(first_chars(words), "(")
    assert first_chars(["x", ""]) is None and first_chars([]) is None


def test_no_words_matches_like_the_empty_alternation():
    assert words_pattern([]) == _plain([]) == ""
