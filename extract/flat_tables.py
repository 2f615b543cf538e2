"""Tables whose cell boundaries were lost: plain text copied from a web page turns

    Specification | NVIDIA H100 SXM5 | Huawei Ascend 910C | Ratio
    FP16 compute (dense) | 989 TFLOPS | ~800 TFLOPS | 0.81x

into "SpecificationNVIDIA H100 SXM5Huawei Ascend 910CRatio" and
"Board power700 W~600 W0.86x". A block of such lines (no sentence punctuation,
figures glued to words) after a caption is read as a table: the first line is the header, and each
figure in a row takes its column from its position among the row's figures."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

_PRICE_PER_MTOK = re.compile(r"\$\s*/\s*(?:1?M|million)\s*tok|per\s+(?:1\s?M|million)\s+tok", re.I)
_PROJECTED = re.compile(r"project|forecast|est\.|estimate|target|expected", re.I)
_SENTENCE_END = re.compile(r"[.!?:;\"”]\s*$")
_GLUED_CELLS = re.compile(r"[a-z][A-Z][a-z]")


@dataclass
class Row:
    start: int
    end: int
    header: str
    caption: str
    header_years: list[str] = field(default_factory=list)
    header_years_projected: list[bool] = field(default_factory=list)
    price_columns: list[str] = field(default_factory=list)   # "input", "output"
    header_start: int = 0


def price_columns(header: str) -> list[str]:
    """'Input ($/M tokens)', 'Output ($/M tokens)' -> ['input', 'output']; [] when the header
    does not price tokens."""
    if not _PRICE_PER_MTOK.search(header):
        return []
    return [w.lower() for w in _PRICE_SIDE.findall(header)] or [""]


def _lines(text: str):
    pos = 0
    for line in text.splitlines(keepends=True):
        yield pos, line.rstrip("\r\n")
        pos += len(line)


def _is_cell_line(line: str) -> bool:
    s = line.strip()
    ends = _SENTENCE_END.search(s)
    if ends and s.endswith("?") and _GLUED_CELLS.search(s):
        ends = None  # a header whose last column asks: "...HardwareCan Run Fully on Ascend?"
    return (0 < len(s) <= 300 and " | " not in s and not ends
            and not s.startswith(("- ", "* ", "#")) and len(s.split()) <= 40
            and not _prose(s))


# a sentence that ends inside the line ("... modified chips. This decision ..."; not "vs.",
# "etc."), or a clause joined by a comma ("..., while AMD anticipated ...")
_INNER_STOP = re.compile(r"(?<![A-Za-z])(?!etc\.)[a-z]{3,}\.\s+[A-Z][a-z]")
_COMMA_CLAUSE = re.compile(r",\s+[a-z]+\s")
_GLUED_FIGURE = re.compile(r"[a-z]{3}\d")


def _prose(line: str) -> bool:
    """A line of prose, not of cells (a paragraph whose last stop was lost): mostly words in
    lower case, with a sentence ending inside it or a clause after a comma, and no cells run
    together."""
    if _GLUED_CELLS.search(line) or _GLUED_FIGURE.search(line):
        return False   # cells run together ("throughput180 GB HBM3eFrom $6.03/hr")
    words = line.split()
    return len(words) >= 8 and sum(w[0].islower() for w in words) >= 0.5 * len(words) and \
        bool(_INNER_STOP.search(line) or _COMMA_CLAUSE.search(line))


def find_rows(text: str, figure_starts: list[int]) -> list[Row]:
    """Rows of flattened tables: blocks of 3+ consecutive cell-like lines, at least two of which
    hold figures, each row with the block's header (first line) and caption (line before)."""
    lines = list(_lines(text))
    rows: list[Row] = []
    i = 0
    while i < len(lines):
        if not _is_cell_line(lines[i][1]):
            i += 1
            continue
        j = i
        while j < len(lines) and _is_cell_line(lines[j][1]):
            j += 1
        block = lines[i:j]
        with_figures = [ln for ln in block[1:] if _has_figure(ln, figure_starts)]
        if len(block) >= 3 and len(with_figures) >= 2:
            header_pos, header = block[0]
            caption = _caption(lines, i)
            years = _years(header)
            projected = [bool(_PROJECTED.search(header[header.find(y):header.find(y) + 30]))
                         for y in years]
            prices = price_columns(header)
            for pos, line in block[1:]:
                rows.append(Row(pos, pos + len(line), header, caption, years, projected, prices,
                                header_pos))
        i = j
    return rows


def _years(header: str) -> list[str]:
    """The years over a flattened header's columns, glued ones too ("Metric20242025Change")."""
    return [run[k:k + 4] for run in _YEAR_RUN.findall(header) for k in range(0, len(run), 4)]


_YEAR_RUN = re.compile(r"(?<!\d)((?:(?:19[89]|20[0-4])\d)+)(?!\d)")


def _has_figure(line_info, starts) -> bool:
    pos, line = line_info
    k = bisect.bisect_left(starts, pos)
    return k < len(starts) and starts[k] < pos + len(line)


def _caption(lines, i) -> str:
    k = i - 1
    while k >= 0 and not lines[k][1].strip():
        k -= 1
    if k >= 0 and len(lines[k][1]) < 200:
        return lines[k][1].strip()
    return ""


def unglue(header: str) -> str:
    """'ModelTraining HardwareParametersNotable Innovation' -> 'Model Training Hardware
    Parameters Notable Innovation', so that column words can be searched for."""
    return _GLUED_WORDS.sub(" ", header)


def split_cells(line: str, names: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cell boundaries of a flattened row, guessed where a capital follows a lower-case word or
    a closing bracket ("PyTorch native supportNativeCompatible (98%+)Closing" -> 4 cells).
    Known names are never cut ("MindSpore"), nor are short camel-case words ("PyTorch")."""
    cuts = [0]
    # the capitals (str.isupper()): [A-Z] in ASCII, found by a pattern, and the few characters
    # beyond ASCII tried one by one
    capitals = [m.start() for m in _ASCII_CAPITAL.finditer(line, 1)]
    if not line.isascii():
        capitals = sorted(capitals + [m.start() for m in _BEYOND_ASCII.finditer(line, 1)
                                      if m.group(0).isupper()])
    for p in capitals:
        if any(s < p < e for s, e in names):
            continue
        prev = line[p - 1]
        if prev == ")" or any(e == p or (s == p and prev.islower()) for s, e in names) or (
                prev.islower() and _letters_before(line, p) >= 3):
            cuts.append(p)
    cuts.append(len(line))
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if line[a:b].strip()]


def _letters_before(line: str, p: int) -> int:
    """How many ASCII letters run up to `p` (counted back from p, not searched from the line's
    start: a long flattened row has many capitals)."""
    k = p
    while k > 0 and line[k - 1] in _ASCII_LETTERS:
        k -= 1
    return p - k


_ASCII_CAPITAL = re.compile(r"[A-Z]")
_BEYOND_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


# (compiled once: re's own cache of patterns is looked up on every call of re.search & co.)
_PRICE_SIDE = re.compile(r"\b(Input|Output|Cached)\b", re.I)
_GLUED_WORDS = re.compile(r"(?<=[a-z)])(?=[A-Z][a-z])")
