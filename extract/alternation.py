"""One regex for a long list of literal words (a pack's aliases or brands), fast to search.

`"|".join(sorted(words, key=len, reverse=True))` is the plain way to find any of hundreds of
names, longest first; Python's regex engine then tries every alternative at every position it
starts from. `words_pattern` writes the same alternation as a trie ("A(?:scend|tlas)|B..."), so
only the branches that share the text's next character are tried, and `first_chars` gives the
class of the words' first characters, for a lookahead that skips every other position at once.

Both match exactly what the plain alternation matches, in the same order of preference: at one
position the words that match are prefixes of one another, and both forms try the longest
first. Case-sensitive patterns only (under IGNORECASE "China" and "china" take two branches).
"""
from __future__ import annotations

import re
from typing import Iterable


def words_pattern(words: Iterable[str]) -> str:
    """A regex (without a group of its own) matching any of `words`, longest first."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return _emit(trie)


def first_chars(words: Iterable[str]) -> str | None:
    """A character class of the words' first characters ("[AB]"), or None when a word is empty
    (then the alternation matches anywhere)."""
    words = list(words)
    if not words or any(not w for w in words):
        return None
    return "[" + "".join(re.escape(ch) for ch in sorted({w[0] for w in words})) + "]"


def _emit(node: dict) -> str:
    branches = [re.escape(ch) + _emit(child) for ch, child in node.items() if ch]
    if not branches:
        return ""
    ends_here = "" in node
    if len(branches) == 1 and not ends_here:
        return branches[0]
    # greedy "?": a longer word is tried before the word that ends here
    return "(?:" + "|".join(branches) + ")" + ("?" if ends_here else "")
