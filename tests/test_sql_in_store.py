"""store/ owns all SQL (architecture: "Nothing else writes SQL"). No module of claims/,
crawler/, extract/ or the Datasette plugins holds an SQL statement or calls a connection's
execute; they call store/ functions, and the plugins hand store.pages' readers to Datasette's
execute_fn.

Regression: claims/desk.py opened `BEGIN IMMEDIATE` itself around fill_claim_status (issue 14's
review); that transaction is store.publish.refresh_claim_status now.

What stays outside store/, on purpose: the canned queries in datasette/metadata.yml are reads of
the published tables (Datasette runs them read-only, on the snapshot or the desk's log), and
they are configuration, not Python."""
from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
OUTSIDE_STORE = sorted(
    p for folder in ("claims", "crawler", "extract", "datasette/plugins")
    for p in (REPO / folder).rglob("*.py") if "demo_site" not in p.parts)
# a string that starts like an SQL statement (the code base writes SQL keywords in capitals)
STATEMENT = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|"
                       r"RELEASE|CREATE|DROP|ALTER|PRAGMA|VACUUM|ATTACH|DETACH|WITH)\b")
EXECUTE = {"execute", "executemany", "executescript"}


def _strings(path: Path) -> list[tuple[int, str]]:
    found = []
    for tok in tokenize.generate_tokens(io.StringIO(path.read_text()).readline):
        if tok.type == tokenize.STRING:
            try:
                value = ast.literal_eval(tok.string)
            except (ValueError, SyntaxError):  # f-strings: their literal text
                value = tok.string.lstrip("rbfuRBFU").strip("'\"")
            if isinstance(value, str):
                found.append((tok.start[0], value))
    return found


def test_the_scan_covers_the_code_it_names():
    names = {p.relative_to(REPO).as_posix() for p in OUTSIDE_STORE}
    assert {"claims/desk.py", "claims/backfill.py", "crawler/ingest.py",
            "crawler/pipelines.py", "datasette/plugins/desk.py"} <= names


@pytest.mark.parametrize("path", OUTSIDE_STORE, ids=lambda p: p.relative_to(REPO).as_posix())
def test_no_sql_outside_store(path):
    statements = [f"{path.name}:{line}: {text.strip()[:60]!r}" for line, text in _strings(path)
                  if STATEMENT.match(text)]
    calls = [f"{path.name}:{node.lineno}: .{node.func.attr}(...)"
             for node in ast.walk(ast.parse(path.read_text()))
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
             and node.func.attr in EXECUTE]
    assert not statements and not calls, \
        "SQL outside store/ (move it into a store/ function): " + "; ".join(statements + calls)


def test_the_scan_finds_sql_where_there_is_some(tmp_path):
    """The check itself can fail: it flags the statement and the call it was written for."""
    sample = tmp_path / "sample.py"
    sample.write_text('def f(log):\n    log.conn.execute("BEGIN IMMEDIATE")\n'
                      '    return "not sql: select a value"\n')
    assert [t for _, t in _strings(sample) if STATEMENT.match(t)] == ["BEGIN IMMEDIATE"]
    assert any(isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "execute"
               for n in ast.walk(ast.parse(sample.read_text())))
