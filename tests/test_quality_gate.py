"""Quality gate: extraction on the seeds' gold set may not fall below pinned floors.

Runs when ../shared/eval is beside the checkout (it is in CI). Raise the floors when the extractor
improves; never lower them to make a change pass."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from extract import extract_claims

from .conftest import SHARED

FLOORS = {"strict": 0.91, "quantity": 0.97, "recall_prose_quantity": 0.96,
          "recall_table_strict": 0.95, "recall_prose_strict": 0.87}


@pytest.mark.skipif(not (SHARED / "eval" / "seeds-gold.jsonl").exists(),
                    reason="needs ../shared/eval")
def test_seed_scores_stay_above_the_floors(tmp_path):
    preds = []
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        preds += extract_claims(path.read_text(encoding="utf-8"), html=False, doc=path.name)
    out = tmp_path / "preds.jsonl"
    out.write_text("".join(json.dumps(p) + "\n" for p in preds))
    scored = subprocess.run([sys.executable, str(SHARED / "eval" / "score_claims.py"),
                             str(SHARED / "eval" / "seeds-gold.jsonl"), str(out), "--json"],
                            capture_output=True, text=True, check=True, timeout=300)
    result = json.loads(scored.stdout)
    assert result["strict"]["f1"] >= FLOORS["strict"], result
    assert result["quantity"]["f1"] >= FLOORS["quantity"], result
    assert result["quantity"]["recall_prose"] >= FLOORS["recall_prose_quantity"], result
    assert result["strict"]["recall_table"] >= FLOORS["recall_table_strict"], result
    assert result["strict"]["recall_prose"] >= FLOORS["recall_prose_strict"], result
