"""Tables in text: blocks of lines whose cells are separated by " | " (HTML tables are rendered so
by extract.document). The first line is the header; every other line's first cell is its row
header. A figure in a cell takes its subject from whichever header names one, and its metric and
qualifiers from the other."""
from __future__ import annotations

import re
from dataclasses import dataclass

SEP = " | "


@dataclass
class Cell:
    start: int
    end: int
    row_header: str
    col_header: str
    table_title: str
    row_text: str


def find_cells(text: str) -> list[Cell]:
    cells: list[Cell] = []
    pos = 0
    block: list[tuple[int, str]] = []
    title = ""
    prev_line = ""
    for line in text.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        if SEP in stripped:
            if not block:
                title = prev_line.strip()
            block.append((pos, stripped))
        else:
            if block:
                cells += _block_cells(block, title)
                block = []
            if stripped.strip():
                prev_line = stripped
        pos += len(line)
    if block:
        cells += _block_cells(block, title)
    return cells


def _block_cells(block: list[tuple[int, str]], title: str) -> list[Cell]:
    header = block[0][1].split(SEP)
    out = []
    for start, line in block[1:]:
        parts = line.split(SEP)
        offset = start
        for j, part in enumerate(parts):
            if j > 0:
                col = header[j].strip() if j < len(header) else ""
                out.append(Cell(offset, offset + len(part), parts[0].strip(), col,
                                title or header[0].strip(), line))
            offset += len(part) + len(SEP)
    return out


_BARE = re.compile(r"^\s*[~≈]?\s*[-+]?\d[\d,]*(?:\.\d+)?\+?\s*$")


def is_bare_number(cell_text: str) -> bool:
    return bool(_BARE.match(cell_text))


_UNIT_IN_HEADER = re.compile(r"\(([^)]+)\)|\b(TFLOPS|TOPS|PFLOPS|GB/s|TB/s|GB|TB|W|kW|nm|%|USD|"
                             r"US\$|\$)\b|(%)")


def header_unit(header: str) -> str | None:
    m = _UNIT_IN_HEADER.search(header)
    if not m:
        return None
    return (m.group(1) or m.group(2) or m.group(3)).strip()
