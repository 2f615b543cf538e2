"""Numbers as the news writes them: "1,979", "12.5", "½", "1½", "3⁄8", "10^12", "10^-3",
"3 x 10^9", "2.5×10⁻³" (and "2.5×10−3", the superscript lost in copying), "two",
"twenty-five", "two dozen", "a third", "one-sixth", "350K", "1.6T", "$12B". `parse_number` turns
the text of one into a float; it raises ValueError for text that is not a number (and never
guesses at "1,2").
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
    "hundred": 1e2, "thousand": 1e3, "k": 1e3, "K": 1e3,
    "million": 1e6, "mn": 1e6, "mln": 1e6, "M": 1e6, "m": 1e6,
    "billion": 1e9, "bn": 1e9, "B": 1e9, "b": 1e9,
    "trillion": 1e12, "tn": 1e12, "T": 1e12,
    "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7,   # South Asian English
}

TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
UNITS = {w: v for w, v in WORDS.items() if 1 <= v <= 9 and " " not in w}
# a number word's multiplier: "two dozen", "three hundred", "four hundred thousand"
MULTIPLIERS = {"dozen": 12, "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9,
               "trillion": 1e12}
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"

# European style ("€1.299,00", "2.500.000") where it cannot be read the other way; else
# "1,979", "12.5"
EUROPEAN = r"\d{1,3}(?:\.\d{3})+,\d{1,2}(?![\d,])|\d{1,3}(?:\.\d{3}){2,}(?![\d.,])"
DIGITS = rf"(?:{EUROPEAN}|(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?)"
# powers of ten: "10^12", "10^-3", "10⁶", "×10⁻⁹", and "×10−9" (a superscript minus lost in
# copying, which a bare "10-9" is not: that stays a range)
_EXP = rf"(?:\^[-−+]?\d+|[⁻⁺]?[{_SUP}]+)"
NUMBER_PATTERN = (
    rf"(?:{DIGITS}\s?[x×*]\s?10(?:{_EXP}|−\d+)|10{_EXP}|\d{{1,4}}⁄\d{{1,4}}|"
    rf"{DIGITS}[{FRACTION_CHARS}]?|[{FRACTION_CHARS}]|\.\d+)"
)
_POWER = re.compile(r"^(?:(?P<mant>[\d.,]+)\s?[x×*]\s?)?10\^(?P<exp>[-+]?\d+)$")
_SUP_RUN = re.compile(rf"(?:(?:(?<=[x×*]10)|(?<=[x×*]\s10))-|[⁻⁺]?[{_SUP}])[⁻⁺{_SUP}\d]*$")
_SLASHED = re.compile(r"^(?P<n>\d{1,4})⁄(?P<d>\d{1,4})$")
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
    m = _POWER.match(_SUP_RUN.sub(lambda e: "^" + e.group(0).translate(SUPERSCRIPTS)
                                  , s) if "10" in s else s)
    if m:
        mant = parse_number(m["mant"]) if m["mant"] else 1.0
        exp = int(m["exp"])
        if abs(exp) > 300:
            raise ValueError(f"number out of range: {text!r}")
        return sign * mant * 10.0 ** exp
    m = _SLASHED.match(s)
    if m:  # "3⁄8": the fraction slash
        if int(m["d"]) == 0:
            raise ValueError(f"not a number: {text!r}")
        return sign * int(m["n"]) / int(m["d"])
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


def parse_word_number(text: str) -> float:
    """A number in words: "seven", "twenty-five", "two dozen", "three hundred", "a hundred and
    fifty", "four hundred thousand". Raises ValueError when the words are not one."""
    words = [w for w in re.split(r"[\s-]+", text.strip().lower()) if w and w != "and"]
    if not words:
        raise ValueError(f"not a number: {text!r}")
    total, part, seen = 0.0, 0.0, False
    for w in words:
        if w in ("a", "an") and not seen:
            part, seen = 1.0, True
        elif w in TENS or w in WORDS and " " not in w and w not in MULTIPLIERS:
            v = TENS.get(w, WORDS.get(w))
            if seen and part % 100 and not (part % 10 == 0 and part % 100 and v < 10):
                raise ValueError(f"not a number: {text!r}")  # "seven three"
            part, seen = part + v, True
        elif w in MULTIPLIERS and seen:
            m = MULTIPLIERS[w]
            if m >= 1000:
                total, part = total + part * m, 0.0
            else:
                part *= m
        else:
            raise ValueError(f"not a number: {text!r}")
    return total + part


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
    if " " in word.strip():  # "hundred million"
        f = 1.0
        for w in word.split():
            f *= scale_factor(w)
        return f
    return SCALES.get(word.lower(), 1.0) if len(word) > 1 else 1.0
