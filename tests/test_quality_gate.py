"""Quality gate: extraction on the gold sets may not fall below pinned floors.

The floors that matter are cross-validated: the attachment model trained without a group of
articles and scored on that group (leave-one-group-out over the seeds and the four dev groups),
because that is how the extractor does on text nobody tuned for. Beside them, the shipped
model on the whole corpus and on the seeds. Runs when ../shared/eval is beside the checkout (it
is in CI). Raise the floors when the extractor improves; never lower them to make a change pass.
"""
from __future__ import annotations

import pytest

from .conftest import SHARED

# (setting, column, measure): floor on F1; measured: bench/score_dev.py
FLOORS = {
    ("leave-one-group-out", "dev", "strict"): 0.78,
    ("leave-one-group-out", "all", "strict"): 0.80,
    ("leave-one-group-out", "seeds", "strict"): 0.87,  # 0.856 -> 0.873: prose lines are no flattened rows
    ("leave-one-group-out", "spec", "strict"): 0.825,  # 0.837 -> 0.828 with model 50af532910: three figures near a foundry name (TSMC) or a vendor flip in the retrained weights; china rose 0.660 -> 0.693
    ("leave-one-group-out", "biz", "strict"): 0.9,
    ("leave-one-group-out", "china", "strict"): 0.695,  # 0.693 -> 0.700: relative clauses, counted owners
    ("leave-one-group-out", "ai", "strict"): 0.66,  # 0.659 -> 0.664 with model ea0885791d
    ("shipped", "all", "strict"): 0.83,
    ("shipped", "dev", "strict"): 0.81,
    ("shipped", "seeds", "strict"): 0.91,
    ("shipped", "all", "quantity"): 0.93,
    ("shipped", "seeds", "quantity"): 0.97,
}


@pytest.fixture(scope="module")
def evaluated():
    if not (SHARED / "eval" / "dev" / "gold.jsonl").exists():
        pytest.skip("needs ../shared/eval (the gold sets)")
    pytest.importorskip("sklearn", reason="cross-validation trains models: the train extra")
    from extract import train
    return train.evaluate(SHARED, shipped=True)


@pytest.mark.parametrize("setting, column, measure", sorted(FLOORS))
def test_scores_stay_above_the_floors(evaluated, setting, column, measure):
    got = evaluated[setting][column][measure]
    assert got["f1"] >= FLOORS[setting, column, measure], got


def test_the_shipped_model_is_the_one_training_makes(evaluated):
    assert evaluated["shipped"] == evaluated["in-sample"]
