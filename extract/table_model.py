"""One model of a table, whatever its layout in the text.

A `Table` is rows of `Cell`s (character spans into the text), the column headers (several header
rows merged top-down), the header column (each row's first cell) and a title (the caption, or
the line before the table). Three text layouts are read into it:

    pipe rows          | Spec | H100 | H200 |        (the crawler and `read_html` render HTML
                       |---|---|---|                 tables this way, so HTML and text give the
                       | Memory | 80 GB | 141 GB |   same tables)
    one cell a line    Spec |  H100 |  H200 |  ---|---|---|  Memory |  80 GB |  141 GB |
    label runs         FP32 TFLOPS 96 210 17.5 44   (space-aligned or flattened rows: a label
                                                     followed by a run of values)

The reader is linear in the text: every line is looked at a bounded number of times.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache


@dataclass
class Cell:
    start: int
    end: int
    text: str


@dataclass
class Table:
    rows: list[list[Cell]]                 # body rows; a row's first cell is its label
    header: list[str] = field(default_factory=list)   # column headers, merged top-down
    title: str = ""
    start: int = 0
    end: int = 0
    layout: str = "pipe"         # pipe | pipe-lines | pipe-inline | cell-lines | label-run
    head: list[list[Cell]] = field(default_factory=list)   # the header rows' cells, top-down
    title_span: tuple[int, int] | None = None   # where the title stands in the text

    def column_header(self, j: int) -> str:
        return self.header[j] if 0 <= j < len(self.header) else ""

    def column_cells(self, j: int) -> list[Cell]:
        """The header cells over column j, top-down (several when the header has several rows)."""
        return [r[j] for r in self.head if j < len(r) and r[j].text]

    def row_label(self, i: int) -> str:
        row = self.rows[i]
        return row[0].text if row else ""

    def render(self) -> str:
        """The table as pipe rows, header first: the text form HTML tables are given."""
        lines = []
        if self.header:
            lines.append(" | ".join(h or "-" for h in self.header))
        lines += [" | ".join(c.text or "-" for c in row) for row in self.rows]
        return (self.title + "\n" if self.title else "") + "\n".join(lines)


_SEPARATOR_CELL = re.compile(r"^\s*:?-{2,}:?\s*$")
_CELL_LINE = re.compile(r"^[^|]*\|\s*$")            # "Compute cores |"
_CELL_LINE_SEPARATOR = re.compile(r"^\s*(?:-{2,}\s*\|\s*)+-*\s*$")   # "---|---|---|"


def _lines(text: str):
    pos = 0
    for line in text.splitlines(keepends=True):
        yield pos, line.rstrip("\r\n")
        pos += len(line)


def _is_pipe_row(line: str) -> bool:
    s = line.strip()
    if "|" not in s:
        return False
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return "|" in s


def _split_pipe_row(pos: int, line: str) -> list[Cell]:
    """Cells of one pipe row, each a stripped span; an outer pipe starts or ends no cell."""
    cells = []
    bounds = [i for i, ch in enumerate(line) if ch == "|"]
    edges = [-1] + bounds + [len(line)]
    for a, b in zip(edges, edges[1:]):
        raw = line[a + 1:b]
        if a == -1 and not raw.strip():
            continue   # before a leading pipe
        if b == len(line) and not raw.strip():
            continue   # after a trailing pipe
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        s = pos + a + 1 + lead
        cells.append(Cell(s, s + len(text), text))
    return cells


def _is_separator_row(cells: list[Cell]) -> bool:
    return bool(cells) and all(_SEPARATOR_CELL.match(c.text) or not c.text for c in cells) and \
        any(c.text for c in cells)


def read_tables(text: str) -> list[Table]:
    """Every pipe table and one-cell-a-line table in the text, in order (the tables of the last
    few texts are kept: the quantity and attachment components both read them)."""
    if "|" not in text:
        return []
    return _read_tables(text)


@lru_cache(maxsize=4)
def _read_tables(text: str) -> list[Table]:
    lines = list(_lines(text))
    tables: list[Table] = []
    title: tuple[int, str] = (0, "")
    i = 0
    while i < len(lines):
        pos, line = lines[i]
        if _CELL_LINE.match(line) and line.strip() != "|":
            j = i
            while j < len(lines) and (_CELL_LINE.match(lines[j][1]) or
                                      _CELL_LINE_SEPARATOR.match(lines[j][1])):
                j += 1
            table = _cell_lines_table(lines[i:j], title)
            if table is not None:
                tables.append(table)
                i = j
                continue
        if _is_pipe_row(line):
            j = i
            while j < len(lines) and _is_pipe_row(lines[j][1]):
                j += 1
            found = _pipe_tables(lines[i:j], title)
            if not found and j - i == 1:
                table = _inline_table(pos, line, title)
                found = [table] if table is not None else []
            if not found and j < len(lines) and lines[j][1].strip() == "|":
                table, j = _multiline_table(text, lines, i, j, title)
                found = [table] if table is not None else []
            tables += found
            i = j
            continue
        if line.strip():
            lead = len(line) - len(line.lstrip())
            title = (pos + lead, line.strip()) if len(line.strip()) < 200 else (0, "")
        i += 1
    return tables


def _titled(table: Table, title: tuple[int, str]) -> Table:
    pos, text = title
    table.title = text
    table.title_span = (pos, pos + len(text)) if text else None
    return table


def _pipe_tables(block, title: tuple[int, str]) -> list[Table]:
    """The tables of one block of pipe rows. The rows above the first separator row are the
    header (several rows merge top-down); with no separator the first row is. A later
    separator row makes the row above it a new header, and so does a body row that repeats the
    header's first cell ("| Spec | C1 | C2 |" again): a second table under the first, whose
    figures belong to its own columns."""
    rows = [_split_pipe_row(pos, line) for pos, line in block]
    seps = [k for k, r in enumerate(rows) if _is_separator_row(r)]
    first = seps[0] if seps and seps[0] > 0 else None
    head, k = (rows[:first], first + 1) if first is not None else (rows[:1], 1)
    out: list[Table] = []
    body: list[list[Cell]] = []
    label = _first_text(head)

    def close(end_row: int) -> None:
        if body:
            a = block[0][0] if not out else next((r[0].start for r in head if r), body[0][0].start)
            last = block[end_row - 1]
            t = Table(list(body), _merge_header([[c.text for c in r] for r in head]), "", a,
                      last[0] + len(last[1]), "pipe", [list(r) for r in head])
            out.append(_titled(t, title))

    while k < len(rows):
        r = rows[k]
        if _is_separator_row(r):
            if body:   # the row above a separator heads the rows below it
                repeated = body.pop()
                close(k - 1)
                body, head = [], [repeated]
                label = _first_text(head)
            k += 1
            continue
        if body and label and r and r[0].text == label and len(r) > 1:
            close(k)      # the header said again: a new table starts here
            body, head = [], [r]
            k += 1
            continue
        body.append(r)
        k += 1
    close(len(rows))
    return out


def _multiline_table(text: str, lines, i: int, j: int, title) -> tuple[Table | None, int]:
    """A pipe table whose cells run over several lines (an HTML table copied with its line
    breaks): under the header and its separator, a line holding only "|" starts each row, and
    each cell runs to the next pipe:

        | Company | Figure | Notes |
        |---|---|---|
        |
        Acme
        |
        $20B
        2026 guidance
        |
        Acme said ... |
    """
    head = [r for r in (_split_pipe_row(pos, ln) for pos, ln in lines[i:j])
            if not _is_separator_row(r)]
    k = j
    while k < len(lines) and lines[k][1].strip():
        k += 1
    a, b = lines[j][0], lines[k - 1][0] + len(lines[k - 1][1])
    pipes = [a + m.start() for m in re.finditer(r"\|", text[a:b])] + [b]
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    for p, q in zip(pipes, pipes[1:]):
        raw = text[p + 1:q]
        if not raw.strip():
            if "\n" in raw and row:      # "|\n|": one row ends, the next begins
                rows.append(row)
                row = []
            continue
        lead = len(raw) - len(raw.lstrip())
        cell = raw.strip()
        row.append(Cell(p + 1 + lead, p + 1 + lead + len(cell), cell))
    if row:
        rows.append(row)
    if not head or not rows:
        return None, k
    header = _merge_header([[c.text for c in r] for r in head])
    return _titled(Table(rows, header, "", lines[i][0], b, "pipe-lines", head), title), k


def _inline_table(pos: int, line: str, title) -> Table | None:
    """A pipe table whose line breaks were lost, all on one line: "| Spec | A1 | B2 |
    |---|---|---| | Memory | 16 GB | 32 GB | | Power | 300 W | 450 W |". The separator's width
    is the row's; an empty cell between two rows is where one ends and the next begins."""
    cells = _split_pipe_row(pos, line)
    first = next((k for k, c in enumerate(cells) if _SEPARATOR_CELL.match(c.text)), None)
    if first is None:
        return None
    width = 0
    while first + width < len(cells) and _SEPARATOR_CELL.match(cells[first + width].text):
        width += 1
    head = [c for c in cells[:first] if c.text][-width:]
    if width < 2 or len(head) != width:
        return None
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    for c in cells[first + width:]:
        if not row and not c.text:
            continue          # "| |": between two rows
        row.append(c)
        if len(row) == width:
            rows.append(row)
            row = []
    if row and any(c.text for c in row):
        rows.append(row)
    if not rows:
        return None
    return _titled(Table(rows, [c.text for c in head], "", pos, pos + len(line), "pipe-inline",
                         [head]), title)


def _first_text(head: list[list[Cell]]) -> str:
    return next((r[0].text for r in head if r and r[0].text), "")


def _merge_header(head_rows: list[list[str]]) -> list[str]:
    width = max((len(r) for r in head_rows), default=0)
    merged = []
    for j in range(width):
        parts: list[str] = []
        for r in head_rows:
            if j < len(r) and r[j] and r[j] not in parts:
                parts.append(r[j])
        merged.append(" ".join(parts))
    return merged


def _cell_lines_table(block, title: tuple[int, str]) -> Table | None:
    """Cells one a line ("Spec |", "H100 |", ...), the row width given by a "---|---|" line."""
    sep = next((k for k, (_, ln) in enumerate(block) if _CELL_LINE_SEPARATOR.match(ln)), None)
    if sep is None or sep == 0:
        return None
    width = block[sep][1].count("|")
    if width < 2 or sep % width:
        return None
    cells = []
    for k, (pos, line) in enumerate(block):
        if k == sep:
            continue
        raw = line[:line.rfind("|")]
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        cells.append(Cell(pos + lead, pos + lead + len(text), text))
    head = [cells[k:k + width] for k in range(0, sep, width)]
    body = [cells[k:k + width] for k in range(sep, len(cells), width)]
    if not body:
        return None
    header = _merge_header([[c.text for c in r] for r in head])
    return _titled(Table(body, header, "", block[0][0], block[-1][0] + len(block[-1][1]),
                         "cell-lines", head), title)


# label runs -----------------------------------------------------------------------------------
# one value of a space-aligned row: "96", "14.5", "~815", "210/420*", "1,450", "?", "N/A", "-"
VALUE = r"(?:[~≈]?[-+\u2212]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:/\d+(?:\.\d+)?)*[*†‡]?)"
_EMPTY = r"(?:\?|N/?A|n/?a|-|—|–)"
RUN = re.compile(rf"(?<![\w.,/~≈-])(?:{VALUE}|{_EMPTY})(?:[ \t]+(?:{VALUE}|{_EMPTY}))+"
                  rf"(?![\w.,/%$-])")
_VALUE_TOKEN = re.compile(VALUE)
_WORDY = re.compile(r"[A-Za-z]")


def label_runs(text: str, line_start: int, line: str) -> list[tuple[str, list[Cell]]]:
    """Runs of two or more values in one line, each with the label before it: in
    "FP32 TFLOPS 96 192 14.5 40 FP8 TFLOPS 384 768 ? ?" the runs are ("FP32 TFLOPS",
    [96, 192, 14.5, 40]) and ("FP8 TFLOPS", [384, 768])."""
    out = []
    last = 0
    for m in RUN.finditer(line):
        label = line[last:m.start()].strip()
        last = m.end()
        if not label or not _WORDY.search(label):
            continue
        label = re.split(r"[.;:!?]\s", label)[-1].strip()   # a sentence before is not the label
        cells = [Cell(line_start + m.start() + v.start(), line_start + m.start() + v.end(),
                      v.group(0)) for v in _VALUE_TOKEN.finditer(m.group(0))]
        if len(cells) >= 2:
            out.append((label, cells))
    return out
