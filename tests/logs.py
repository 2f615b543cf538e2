"""Helpers for tests that need a private copy of a log."""
from __future__ import annotations

import sqlite3
from pathlib import Path


def copy_log(src: Path, dst: Path) -> Path:
    """A consistent copy of the log at `src`, by SQLite's online backup rather than a file copy:
    another test's last connection to a shared log may fold its -wal file in (and delete it)
    between a look at the file and its copy."""
    source, target = sqlite3.connect(src), sqlite3.connect(dst)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return dst
