"""Regexes searched through whole texts, made fast without changing what they match.

Python's regex engine tries a pattern at every position of the text. Most of ours start with a
lookbehind ("(?<![\\w-])") and a list of words, so at every position it runs the lookbehind and
then each word in turn. Two tools:

- `skipping(rx)`: the same pattern behind a lookahead for the characters a match can start
  with (read from the pattern itself with the standard library's parser: "(?=(?i:[dfqt]))"),
  so the search passes every other position at once. The lookahead only names characters a
  match must begin with, so the matches, their groups and their order are the same. A pattern
  that can match the empty string, or start with (nearly) any letter, or that starts with a
  character or a class the engine already skips to, is returned as it is.
- `words_pattern(words)`: a long list of literal words, longest first (a pack's aliases or
  brands), written as a trie ("A(?:scend|tlas)|B..."), so only the words that share the text's
  next character are tried. At one position the words that match are prefixes of one another,
  and both forms try the longest first, so the matches are the same. Case-sensitive patterns
  only (under IGNORECASE "China" and "china" would take two branches).
"""
from __future__ import annotations

import re
import string
from typing import Iterable

try:  # the standard library's own parser of regexes (Python 3.11+)
    from re import _constants as _c, _parser
except ImportError:  # pragma: no cover - then patterns are used as they are
    _c = _parser = None


def skipping(rx: re.Pattern) -> re.Pattern:
    """`rx` with a lookahead for the characters its matches start with (or `rx` itself when
    no such lookahead can be said)."""
    head = first_char_lookahead(rx.pattern, rx.flags)
    if not head:
        return rx
    try:
        return re.compile(head + rx.pattern, rx.flags)
    except re.error:  # e.g. global inline flags, which must stay first
        return rx


def first_char_lookahead(pattern: str, flags: int = 0) -> str:
    """"(?=[...])" naming every character a non-empty match of `pattern` can start with; ""
    when the pattern can match the empty string or start with (almost) any character, or uses
    what this reading does not follow (backreferences, negated classes)."""
    if _parser is None or not isinstance(pattern, str):
        return ""
    items: set[tuple[bool, str]] = set()
    try:
        parsed = _parser.parse(pattern, flags)
        first = parsed.data[0] if parsed.data else (None, None)
        while first[0] is _c.SUBPATTERN and first[1][3].data:
            first = first[1][3].data[0]
        if first[0] in (_c.LITERAL, _c.IN):
            return ""  # the engine already skips to where the first character matches
        if _first(parsed, bool(parsed.state.flags & re.IGNORECASE), items):
            return ""  # matches the empty string: anywhere
    except _AnyChar:
        return ""
    except Exception:  # noqa: BLE001 - a pattern or a parser this reading does not know:
        return ""  # the pattern is used as it is (re.compile reports a bad one)
    if any(i in _NEAR_ANY for _, i in items):
        return ""
    # one class (a case-sensitive character in a case-insensitive class only widens it)
    chars = "".join(sorted({i for _, i in items}))
    head = f"(?=(?i:[{chars}]))" if any(ic for ic, _ in items) else f"(?=[{chars}])"
    if sum(1 for ch in string.ascii_letters if re.match(head, ch, flags)) >= 48:
        return ""  # (nearly) any letter: checking first would cost more than it saves
    return head


class _AnyChar(Exception):
    """A match may start with any character (or one this reading cannot name)."""


def _first(seq, icase: bool, out: set) -> bool:
    """Add to `out` the (ignore-case, class item) a match of `seq` can start with; whether
    `seq` can match the empty string."""
    for op, av in seq:
        if not _first_of(op, av, icase, out):
            return False
    return True


def _first_of(op, av, icase: bool, out: set) -> bool:
    if op is _c.LITERAL:
        out.add((icase, _char(av)))
        return False
    if op is _c.IN:
        for o, a in av:
            if o is _c.LITERAL:
                out.add((icase, _char(a)))
            elif o is _c.RANGE:
                out.add((icase, f"{_char(a[0])}-{_char(a[1])}"))
            elif o is _c.CATEGORY and a in _CATEGORIES:
                out.add((False, _CATEGORIES[a]))
            else:  # a negated class, a locale category
                raise _AnyChar
        return False
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return True  # zero-width: the match starts with what follows
    if op is _c.BRANCH:
        empty = False
        for alternative in av[1]:
            empty = _first(alternative, icase, out) or empty
        return empty
    if op is _c.SUBPATTERN:
        _, add, remove, sub = av
        icase = (icase or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE
        return _first(sub, icase, out)
    if op in _REPEATS:
        low, _, sub = av
        return _first(sub, icase, out) or low == 0
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _first(av, icase, out)
    raise _AnyChar  # any character, a negated literal, a backreference, a conditional


def _char(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 \
        else f"\\U{code:08x}"


if _c is not None:
    _REPEATS = tuple(getattr(_c, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
                     if hasattr(_c, n))
    _NEAR_ANY = {r"\w", r"\W", r"\S", r"\D"}
    _CATEGORIES = {_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_NOT_DIGIT: r"\D",
                   _c.CATEGORY_SPACE: r"\s", _c.CATEGORY_NOT_SPACE: r"\S",
                   _c.CATEGORY_WORD: r"\w", _c.CATEGORY_NOT_WORD: r"\W"}


def words_pattern(words: Iterable[str]) -> str:
    """A regex (without a group of its own) matching any of `words`, longest first, written as
    a trie: the same matches as `"|".join(sorted(map(re.escape, words), key=len,
    reverse=True))`."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return _emit(trie)


def _emit(node: dict) -> str:
    branches = [re.escape(ch) + _emit(child) for ch, child in node.items() if ch]
    if not branches:
        return ""
    ends_here = "" in node
    if len(branches) == 1 and not ends_here:
        return branches[0]
    # greedy "?": a longer word is tried before the word that ends here
    return "(?:" + "|".join(branches) + ")" + ("?" if ends_here else "")
