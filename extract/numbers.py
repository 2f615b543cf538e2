"""Numbers as the news writes them: "1,979", "12.5", "½", "1½", "10^12", "3 x 10^9", "two",
"a third", "one-sixth", "350K", "1.6T", "$12B". `parse_number` turns the text of one into a float;
it raises ValueError for text that is not a number (and never guesses at "1,2").
"""
from __future__ import annotations

import re

FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 0.125, "⅕": 0.2,
             "⅙": 1 / 6}
FRACTION_CHARS = "".join(FRACTIONS)

WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a hundred": 100, "hundred": 100,
    "a dozen": 12, "dozen": 12, "a thousand": 1000,
}
ORDINAL_FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4,
                     "quarters": 4, "fourth": 4, "fifth": 5, "fifths": 5, "sixth": 6,
                     "sixths": 6, "tenth": 10, "tenths": 10}
SCALES = {
    "thousand": 1e3, "k": 1e3, "K": 1e3,
    "million": 1e6, "mn": 1e6, "mln": 1e6, "M": 1e6, "m": 1e6,
    "billion": 1e9, "bn": 1e9, "B": 1e9, "b": 1e9,
    "trillion": 1e12, "tn": 1e12, "T": 1e12,
}

# European style ("€1.299,00", "2.500.000") where it cannot be read the other way; else
# "1,979", "12.5"
EUROPEAN = r"\d{1,3}(?:\.\d{3})+,\d{1,2}(?![\d,])|\d{1,3}(?:\.\d{3}){2,}(?![\d.,])"
DIGITS = rf"(?:{EUROPEAN}|(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?)"
NUMBER_PATTERN = (
    rf"(?:{DIGITS}\s?[x×*]\s?10\^\d+|10\^\d+|{DIGITS}[{FRACTION_CHARS}]?|[{FRACTION_CHARS}]|\.\d+)"
)
_POWER = re.compile(r"^(?:(?P<mant>[\d.,]+)\s?[x×*]\s?)?10\^(?P<exp>\d+)$")
_DIGITS = re.compile(rf"^{DIGITS}$")
_EUROPEAN = re.compile(EUROPEAN)


def parse_number(text: str) -> float:
    """Parse the text of one number. Raises ValueError when it is not one."""
    s = text.strip().replace("\u2212", "-")
    sign = 1.0
    if s and s[0] in "+-":
        sign = -1.0 if s[0] == "-" else 1.0
        s = s[1:].strip()
    if not s:
        raise ValueError(f"not a number: {text!r}")
    low = s.lower()
    if low in WORDS:
        return sign * WORDS[low]
    m = _POWER.match(s)
    if m:
        mant = parse_number(m["mant"]) if m["mant"] else 1.0
        exp = int(m["exp"])
        if exp > 300:
            raise ValueError(f"number out of range: {text!r}")
        return sign * mant * 10.0 ** exp
    frac = 0.0
    if s[-1] in FRACTIONS:
        frac = FRACTIONS[s[-1]]
        s = s[:-1]
        if not s:
            return sign * frac
    if s.startswith("."):
        s = "0" + s
    if not _DIGITS.match(s):
        raise ValueError(f"not a number: {text!r}")
    if _EUROPEAN.fullmatch(s):
        return sign * (float(s.replace(".", "").replace(",", ".")) + frac)
    return sign * (float(s.replace(",", "")) + frac)


def parse_word_fraction(text: str) -> float:
    """"a third" -> 1/3, "one-sixth" -> 1/6, "two-thirds" -> 2/3, "half" -> 0.5."""
    words = re.split(r"[\s-]+", text.strip().lower())
    if len(words) == 1 and words[0] in ("half",):
        return 0.5
    if len(words) != 2 or words[1] not in ORDINAL_FRACTIONS:
        raise ValueError(f"not a fraction: {text!r}")
    numerator = 1 if words[0] in ("a", "an", "one") else WORDS.get(words[0])
    if numerator is None:
        raise ValueError(f"not a fraction: {text!r}")
    return numerator / ORDINAL_FRACTIONS[words[1]]


def scale_factor(word: str | None) -> float:
    if not word:
        return 1.0
    if word in SCALES:
        return SCALES[word]
    return SCALES.get(word.lower(), 1.0) if len(word) > 1 else 1.0
