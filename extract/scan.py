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

import bisect
import contextvars
import re
import string
from contextlib import contextmanager
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


def guarded_alternation(alternatives: list[str], size: int = 6) -> str:
    """"|".join(f"(?:{a})" for a in alternatives), the same alternatives in the same order, in
    blocks of `size`, each block behind a lookahead for the characters (ignoring case) its
    matches can start with: where none can start, the engine passes a block at one test
    instead of entering each alternative (a long alternation of patterns that begin with a
    group or a letter ignoring case is otherwise tried one by one). The lookahead ignores case
    and names every character a match can start with, so the pattern matches the same text,
    with the same groups, in any pattern and under any flags it is put in."""
    out = []
    for i in range(0, len(alternatives), size):
        body = "|".join(f"(?:{a})" for a in alternatives[i:i + size])
        head = first_char_lookahead(body, re.IGNORECASE, always=True)
        out.append(f"{head}(?:{body})" if head else f"(?:{body})")
    return "|".join(out)


def first_char_lookahead(pattern: str, flags: int = 0, always: bool = False) -> str:
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
        if first[0] in (_c.LITERAL, _c.IN) and not always:
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


# a text (or a part of one) this short is searched by the pattern itself: finding where a match
# may start costs more than it saves (measured: ~200 characters)
SHORT = 200


class Prefixed:
    """A regex searched through long texts by the few letters its matches begin with: a
    case-sensitive pattern of those beginnings (a prefilter the engine scans quickly, its first
    character a literal) finds where a match may start, and the regex itself is tried only
    there, in order, as finditer would: on a match the search goes on from its end, else from
    the next character. Every match begins with one of the beginnings (read from the pattern:
    `beginnings`), so the matches, their groups and their order are those of
    `rx.finditer(text, pos, endpos)`. Use `prefixed(rx)`, which gives `rx` itself when no
    beginnings of two characters or more can be said."""

    def __init__(self, rx: re.Pattern, pre: re.Pattern, words: tuple[str, ...] = (),
                 guard: re.Pattern | None = None):
        self.rx, self.pre, self.pattern, self.flags = rx, pre, rx.pattern, rx.flags
        self.match, self.search, self.fullmatch = rx.match, rx.search, rx.fullmatch
        # the beginnings themselves (in lower case when the pattern ignores case), found by
        # str.find, and a character the pattern's leading lookbehind refuses before a match
        self.words, self.guard = words, guard
        self.icase = bool(rx.flags & re.IGNORECASE)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        endpos = len(text) if endpos is None else endpos
        if endpos - pos < SHORT:
            yield from self.rx.finditer(text, pos, endpos)
            return
        if self.words:
            # lower case keeps every position unless the text holds a dotted capital I,
            # and the pattern matches three more letters ignoring case: then the prefilter
            low = same_positions_lower(text) if self.icase else text
            if low is not None:
                yield from self._at_words(text, low, pos, endpos)
                return
        search, match = self.pre.search, self.rx.match
        while True:
            hit = search(text, pos, endpos)
            if hit is None:
                return
            m = match(text, hit.start(), endpos)
            if m is None:
                pos = hit.start() + 1
            else:
                yield m
                pos = m.end()

    def _at_words(self, text: str, low: str, pos: int, endpos: int):
        """finditer, trying the pattern where one of its beginnings stands in `low` (the
        text, or the text in lower case: the same positions)."""
        found = set()
        for w in self.words:
            found.update(occurrences(low, w, pos, endpos))
        refused = self.guard.match if self.guard is not None else None
        match = self.rx.match
        for at in sorted(found):
            if at < pos or (refused is not None and at and refused(text, at - 1)):
                continue
            m = match(text, at, endpos)
            if m is not None:
                yield m
                pos = m.end()

    def starts(self, text: str) -> list[int]:
        """Every position where a match may begin (a superset of where one does)."""
        out, search = [], self.pre.search
        hit = search(text)
        while hit is not None:
            out.append(hit.start())
            hit = search(text, hit.start() + 1)
        return out

    def findall(self, text: str, pos: int = 0, endpos: int | None = None) -> list:
        if self.rx.groups:
            return list(self.rx.findall(text, pos, len(text) if endpos is None else endpos))
        return [m.group(0) for m in self.finditer(text, pos, endpos)]

    def __getattr__(self, name):   # match, search, fullmatch, sub...: the regex's own
        return getattr(self.rx, name)


def prefixed(rx: re.Pattern, length: int = 4):
    """`rx`, searched by the beginnings of its matches (Prefixed) when each match begins with
    one of a few strings of two to `length` characters; else `rx` itself."""
    if _parser is None or rx.flags & ~(re.IGNORECASE | re.UNICODE) or not isinstance(
            rx.pattern, str):
        return rx
    try:
        parsed = _parser.parse(rx.pattern, rx.flags)
        icase = bool(parsed.state.flags & re.IGNORECASE)
        starts = beginnings(list(parsed.data), length, icase)
    except (_AnyChar, RecursionError, re.error):
        return rx
    if not starts or min(map(len, starts)) < 2:
        return rx
    starts = {s for s in starts if not any(t != s and s.startswith(t) for t in starts)}
    # a lookbehind before the whole pattern ("(?<![\w-])", after the lookahead `skipping`
    # may have put first) is checked after the first letter
    lead = [x for x in parsed.data[:2] if x[0] is not _c.ASSERT or x[1][0] != 1][:1]
    lb = _LOOKBEHIND.match(rx.pattern) if lead and lead[0][0] is _c.ASSERT_NOT and \
        lead[0][1][0] == -1 else None
    by_first: dict[str, set[str]] = {}
    for s in starts:
        by_first.setdefault(s[0], set()).add(s[1:])
    branches = []
    for ch, tails in sorted(by_first.items()):
        tail = "|".join(re.escape(t) for t in sorted(tails, key=len, reverse=True))
        tail = f"(?i:{tail})" if icase else f"(?:{tail})"
        for v in _case_variants(ch) if icase else [ch]:
            guard = f"(?<!{lb.group(1)}{re.escape(v)})" if lb else ""
            branches.append(re.escape(v) + guard + tail)
    try:
        # ignoring case, the prefilter tries each letter's cases in turn: str.find on the text
        # in lower case is faster; a case-sensitive prefilter is faster than many finds
        return Prefixed(rx, re.compile("|".join(branches)),
                        tuple(sorted(starts)) if icase else (),
                        re.compile(lb.group(1), rx.flags) if lb else None)
    except re.error:
        return rx


_FOLDS = "\u0130\u0131\u017f\u212a"   # beyond ASCII, what matches ASCII letters ignoring case


# What several searches of one text share (its lower case, where a word stands in it), kept
# while a finder reads that text (`reading`): the finders of the pipeline search one text with
# many patterns in turn. Outside `reading`, or for another text, each is made anew.
_READING: contextvars.ContextVar = contextvars.ContextVar("extract_scan_reading", default=None)


@contextmanager
def reading(text: str):
    """Within it, the searches of `text` share what they find of it (see `lower`,
    `same_positions_lower`, `occurrences`); nested, the inner text's."""
    token = _READING.set((text, {}))
    try:
        yield
    finally:
        _READING.reset(token)


def _shared(text: str) -> dict | None:
    now = _READING.get()
    if now is None:
        return None
    if now[0] is text:
        return now[1]
    # the lower case of the text read is searched too: its memo is kept beside the text's
    low = now[1].get("lower")
    if low is text:
        return now[1].setdefault("of lower", {})
    return None


def kept(text: str, key, make):
    """make(text), made once while `text` is read (`reading`), kept under `key`."""
    memo = _shared(text)
    if memo is None:
        return make(text)
    try:
        return memo[key]
    except KeyError:
        made = memo[key] = make(text)
        return made


def lower(text: str) -> str:
    """text.lower(), made once per text."""
    memo = _shared(text)
    if memo is None:
        return text.lower()
    low = memo.get("lower")
    if low is None:
        low = memo["lower"] = text.lower()
    return low


def same_positions_lower(text: str) -> str | None:
    """text.lower() when every character keeps its position and only ASCII letters match
    ASCII letters ignoring case (no dotted capital I, dotless i, long s or Kelvin sign in the
    text), else None; made once per text."""
    memo = _shared(text)
    if memo is None:
        return None if any(ch in text for ch in _FOLDS) else text.lower()
    if "same" not in memo:
        memo["same"] = None if any(ch in text for ch in _FOLDS) else lower(text)
    return memo["same"]


def occurrences(text: str, word: str, pos: int = 0, endpos: int | None = None) -> list[int]:
    """Every position where `word` (not empty) begins in text[pos:endpos], overlapping ones
    too; the text's positions are found once per text and word."""
    memo = _shared(text) if len(text) >= SHORT else None
    if memo is None:
        return _every(text, word, pos, endpos)
    key = ("at", word)
    every = memo.get(key)
    if every is None:
        every = memo[key] = _every(text, word)
    end = len(text) if endpos is None else endpos
    if pos <= 0 and end >= len(text):
        return every
    # (a word must end by endpos, as str.find(word, pos, endpos) finds it)
    lo = bisect.bisect_left(every, pos)
    hi = bisect.bisect_right(every, end - len(word))
    return every[lo:hi]


def _every(text: str, word: str, pos: int = 0, endpos: int | None = None) -> list[int]:
    out, find = [], text.find
    end = len(text) if endpos is None else endpos
    i = find(word, pos, end)
    while i >= 0:
        out.append(i)
        i = find(word, i + 1, end)
    return out


_LOOKBEHIND = re.compile(r"(?:\(\?=(?:\(\?i:)?\[[^\]]*\]\)?\))?\(\?<!(\[[^\[\]]*\])\)")


def _case_variants(ch: str) -> list[str]:
    """The characters an ASCII character matches ignoring case (the Kelvin sign for "k", a
    long s for "s", the dotted and dotless I for "i")."""
    if not ch.isalpha():
        return [ch]
    return sorted({c for c in ch.lower() + ch.upper() + "\u0130\u0131\u017f\u212a"
                   if re.fullmatch(re.escape(ch), c, re.I)})


def beginnings(items: list, length: int, icase: bool, cap: int = 400) -> set[str]:
    """Strings of up to `length` characters one of which begins every match of the parsed
    sequence `items` (lowercase when `icase`); "" among them when a match may begin with what
    cannot be listed (a class, any character). Raises _AnyChar when the pattern uses what
    this reading does not follow."""
    if length == 0 or not items:
        return {""}
    op, av = items[0]
    rest = items[1:]
    if op is _c.LITERAL or op is _c.IN:
        chars = [chr(av)] if op is _c.LITERAL else \
            [chr(a) for o, a in av if o is _c.LITERAL]
        if op is _c.IN and (len(chars) != len(av) or len(chars) > 6):
            return {""}   # a category, a range, a negated or a wide class
        if icase and not all(ch.isascii() for ch in chars):
            raise _AnyChar
        tails = beginnings(rest, length - 1, icase, cap)
        return {(ch.lower() if icase else ch) + t for ch in chars for t in tails}
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return beginnings(rest, length, icase, cap)   # zero-width
    if op is _c.SUBPATTERN:
        _, add, remove, sub = av
        if (add | remove) & re.IGNORECASE:
            raise _AnyChar
        return beginnings(list(sub) + rest, length, icase, cap)
    if op is _c.BRANCH:
        out: set[str] = set()
        for alternative in av[1]:
            out |= beginnings(list(alternative) + rest, length, icase, cap)
            if len(out) > cap:
                raise _AnyChar
        return out
    if op in _REPEATS:
        low, high, sub = av
        sub = list(sub)
        if not sub or "" in beginnings(sub, 1, icase, cap):
            return {""}   # a repeat that may consume nothing on a pass
        more = [(op, (max(low - 1, 0), high if high == _c.MAXREPEAT else high - 1, sub))] \
            if high == _c.MAXREPEAT or high > 1 else []
        once = beginnings(sub + more + rest, length, icase, cap)
        return once | beginnings(rest, length, icase, cap) if low == 0 else once
    return {""}   # any character, a negated literal, an atomic group, a reference ...


def matches_at(rx: re.Pattern, text: str, starts):
    """rx.finditer(text) when every match begins at one of `starts` (sorted, a superset of
    where one does): the pattern is tried there in order, going on after each match's end."""
    pos = 0
    for at in starts:
        if at >= pos:
            m = rx.match(text, at)
            if m is not None:
                yield m
                pos = m.end()


class Keyed:
    """A regex searched through long texts from a word each of its matches holds: every match
    holds one of `keys` (in lower case, found in the text's lower case when the pattern ignores
    case), and `starts(text, k)` names every position where a match holding a key at `k` can
    begin (a superset: the pattern is tried there, in order, as finditer would: matches_at).
    So the matches, their groups and their order are those of `rx.finditer(text)`."""

    def __init__(self, rx: re.Pattern, keys: tuple[str, ...], starts):
        self.rx, self.keys, self.starts = rx, keys, starts
        self.pattern, self.flags = rx.pattern, rx.flags
        self.match, self.search, self.fullmatch = rx.match, rx.search, rx.fullmatch

    def finditer(self, text: str):
        if len(text) < SHORT:
            return self.rx.finditer(text)
        low = same_positions_lower(text) if self.rx.flags & re.IGNORECASE else text
        if low is None:
            return self.rx.finditer(text)
        found = set()
        for key in self.keys:
            for k in occurrences(low, key):
                found.update(self.starts(text, k))
        return matches_at(self.rx, text, sorted(p for p in found if p >= 0))

    def __getattr__(self, name):
        return getattr(self.rx, name)


def spaces_before(text: str, k: int) -> int:
    """Where the run of whitespace (\\s) that ends at `k` begins (`k` when there is none)."""
    while k > 0 and text[k - 1].isspace():
        k -= 1
    return k


_BREAK_MARKS = re.compile(r"[.!?\n]")


def sentence_breaks(rx: re.Pattern, text: str):
    """rx.finditer(text) for a pattern of sentence breaks whose matches each begin right after
    ".", "!" or "?" or at a line break (as "(?<=[.!?])\\s+...|\\n+"): tried only there."""
    starts = [m.end() if m.group(0) != "\n" else m.start() for m in _BREAK_MARKS.finditer(text)]
    return matches_at(rx, text, starts)


def split_at_breaks(rx: re.Pattern, text: str) -> list[str]:
    """rx.split(text) for such a pattern (without groups, no empty match)."""
    out, pos = [], 0
    for m in sentence_breaks(rx, text):
        out.append(text[pos:m.start()])
        pos = m.end()
    out.append(text[pos:])
    return out
