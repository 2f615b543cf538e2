"""Reconciliation: intervals, groups, inference, votes, reviews, trust; and the read commands."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from store.reconcile import Settings, _Claim, interval, reconcile_bundle

from .conftest import SHARED

RULES = ({"name": "sparse is 2 x dense", "vendor": "NVIDIA", "kind": "compute",
          "from": {"sparsity": "dense"}, "to": {"sparsity": "sparse"}, "factor": 2.0},)


def claim(cid, value, publisher, quals=None, approx=False, bound="=", low=None, high=None,
          quote=None, family="NVIDIA H100", kind="compute", rank="normal"):
    quals = quals or {}
    from store.projections import group_key
    c = _Claim(cid, group_key(family, "FP16 compute", quals), quals, publisher, value, low,
               high, approx, bound, quote or f"{publisher} says {value}", kind, "FLOP/s", None,
               str(value), family)
    c.rank = rank
    return c


def groups(claims, **settings):
    out = reconcile_bundle(claims, Settings(ratio_rules=RULES, **settings), {})
    return {g.key.split(" | ", 2)[-1] if g.key.count(" | ") >= 2 else "": g for g in out}


@pytest.mark.parametrize("kwargs, expected", [
    (dict(value=800, approx=True), (760, 840)),
    (dict(value=800, approx=True, bound="<"), (760, 800)),
    (dict(value=None, low=64, high=80), (64, 80)),
    (dict(value=100, bound=">"), (100, 125)),
    (dict(value=100), (98, 102)),
])
def test_hedges_become_intervals(kwargs, expected):
    lo, hi = interval(claim("a", publisher="P", **kwargs), Settings())
    assert lo == pytest.approx(expected[0]) and hi == pytest.approx(expected[1])


def test_dense_and_sparse_are_two_groups_and_unqualified_is_inferred():
    gs = groups([claim("d1", 989, "A", {"sparsity": "dense"}),
                 claim("s1", 1979, "B", {"sparsity": "sparse"}),
                 claim("u1", 2000, "C", {}, approx=True)])
    dense, sparse = gs["sparsity=dense"], gs["sparsity=sparse"]
    assert dense.status == "single-source" and dense.value == 989
    assert {c.claim_id for c in sparse.members} == {"s1", "u1"}
    assert sparse.status == "agreed"
    assert next(c for c in sparse.members if c.claim_id == "u1").inferred == \
        "inferred sparsity=sparse"


def test_ratio_rule_explains_an_unqualified_figure_when_only_dense_is_known():
    gs = groups([claim("d1", 989, "A", {"sparsity": "dense"}),
                 claim("d2", 989, "B", {"sparsity": "dense"}),
                 claim("u1", 2000, "C", {}, approx=True)])
    sparse = gs["sparsity=sparse"]
    inferred = sparse.members[0]
    assert inferred.claim_id == "u1" and "sparse is 2 x dense" in inferred.inferred
    assert inferred.value == 2000  # never rewritten


def test_disputed_group_has_the_majority_as_consensus():
    g = groups([claim("a", 3.35, "A"), claim("b", 3.35, "B"), claim("c", 1.5, "C")])[""]
    assert g.status == "disputed" and g.value == 3.35
    assert g.sources_for == ["A", "B"] and g.sources_against == ["C"]


def test_one_vote_per_publisher():
    g = groups([claim("a1", 3.35, "A"), claim("a2", 3.35, "A", quote="again"),
                claim("c", 1.5, "C"), claim("d", 1.5, "D")])[""]
    assert g.value == 1.5  # two publishers beat one publisher twice


def test_syndicated_copies_count_once():
    same = "Wire story: the chip moves 1.5 TB/s"
    g = groups([claim("a", 3.35, "A"), claim("b", 3.35, "B"),
                claim("c", 1.5, "C", quote=same), claim("d", 1.5, "D", quote=same),
                claim("e", 1.5, "E", quote=same)])[""]
    assert g.value == 3.35


def test_preferred_wins_and_deprecated_stops_counting():
    g = groups([claim("a", 3.35, "A"), claim("b", 3.35, "B"),
                claim("c", 1.5, "C", rank="preferred")])[""]
    assert g.value == 1.5
    g = groups([claim("a", 3.35, "A", rank="deprecated"), claim("c", 1.5, "C")])[""]
    assert g.status == "single-source" and g.value == 1.5
    assert any(c.claim_id == "a" for c in g.members)  # still visible


def test_ambiguous_unqualified_figure_needs_a_qualifier():
    gs = groups([claim("x", 100, "A", {"period": "2025"}), claim("y", 100, "B",
                 {"period": "2026"}), claim("u", 100, "C", {})], exact_band=0.02)
    assert gs[""].status == "needs-qualifier"


def test_one_article_disagreeing_with_itself_needs_review_not_a_dispute():
    """issue 14: one article naming two products gave 'disputed: 900 vs 1,200' on its own."""
    g = groups([claim("a", 900, "A", approx=True), claim("b", 1200, "A")])[""]
    assert g.status == "needs-review"
    assert "one source gives different values" in g.explanation and "900" in g.explanation
    # the slip of one source beside an agreeing other: still that one source's doing
    g = groups([claim("a", 900, "A"), claim("b", 1200, "A"), claim("c", 900, "B")])[""]
    assert g.status == "needs-review" and g.value == 900
    # two sources on two sides are a dispute, whatever a third says on both
    g = groups([claim("a", 900, "A"), claim("b", 1200, "B"), claim("c", 900, "C"),
                claim("d", 1200, "C")])[""]
    assert g.status == "disputed"


def test_deprecating_the_slip_resolves_a_group_that_needs_review():
    g = groups([claim("a", 900, "A"), claim("b", 1200, "A", rank="deprecated")])[""]
    assert g.status == "single-source" and g.value == 900


def test_every_claim_in_the_snapshot_has_its_groups_status(crawled):
    """issue 14: claims placed in a group by an inferred qualifier had no status, so the
    status facet hid the very claim in dispute and its counts did not add up to the rows."""
    import sqlite3
    conn = sqlite3.connect(crawled["snapshot"])
    total = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
    facet = dict(conn.execute("SELECT status, count(*) FROM claims GROUP BY status"))
    assert None not in facet and sum(facet.values()) == total
    # and it is the status of the group the claim sits in
    wrong = conn.execute(
        "SELECT count(*) FROM claims c JOIN group_claims g USING (claim_id) "
        "JOIN metric_groups mg ON mg.group_key = g.group_key WHERE c.status != mg.status"
    ).fetchone()[0]
    assert wrong == 0
    inferred = conn.execute(
        "SELECT c.value_text, c.status FROM claims c JOIN group_claims g USING (claim_id) "
        "WHERE g.inferred IS NOT NULL").fetchall()
    assert inferred and all(status for _, status in inferred)
    assert ("1.5 TB/s", "disputed") in inferred  # the contested figure shows up as disputed


def test_trust_is_smoothed(crawled):
    import sqlite3
    conn = sqlite3.connect(crawled["db"])
    rows = {r[0]: r[1:] for r in conn.execute(
        "SELECT publisher, prior, agreed, total, trust FROM publisher_trust")}
    assert set(rows) == {"The Chip Ledger", "Silicon Wire", "Pacific Tech Review"}
    for prior, agreed, total, trust in rows.values():
        assert 0 < trust < 1
        assert trust == pytest.approx((prior * 4 + agreed) / (4 + total))
    assert rows["Pacific Tech Review"][3] < rows["Silicon Wire"][3]


# -- the read commands on the crawled demo ------------------------------------------------------
def run(*args):
    return subprocess.run([sys.executable, "-m", "claims.cli", *args], capture_output=True,
                          text=True, timeout=300)


def test_planted_wrong_figure_is_disputed(crawled):
    p = run("conflicts", "--db", str(crawled["db"]), "--format", "json")
    assert p.returncode == 0, p.stderr
    disputed = {g["group_key"]: g for g in json.loads(p.stdout)}
    g = disputed["NVIDIA H100 | memory bandwidth | form_factor=SXM"]
    consensus = [v for v in g["values"] if v["is_consensus"]]
    assert consensus[0]["value"] == 3.35e12
    assert set(consensus[0]["publishers"].split(", ")) == {"Silicon Wire", "The Chip Ledger"}
    assert "Pacific Tech Review" in g["sources_against"]


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_export_round_trips_with_source_urls(crawled, fmt):
    p = run("export", "--db", str(crawled["db"]), "--subject", "h100", "--metric",
            "FP16 compute", "--format", fmt)
    assert p.returncode == 0, p.stderr
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(p.stdout)))
    elif fmt == "json":
        rows = json.loads(p.stdout)["observations"]
    else:
        rows = [json.loads(line) for line in p.stdout.splitlines()]
    assert len(rows) >= 4
    assert all(r["url"].startswith("http://127.0.0.1:") for r in rows)
    dates = [r["published_at"] for r in rows]
    assert dates == sorted(dates)
    roughly = [r for r in rows if "roughly 2,000" in r["value_text"]]
    assert roughly and "sparsity=sparse" in roughly[0]["inferred"]
    assert roughly[0]["status"] == "agreed"


def test_export_filters_by_qualifier(crawled):
    p = run("export", "--db", str(crawled["db"]), "--subject", "NVIDIA H100", "--metric",
            "fp16 compute", "--qualifier", "sparsity=dense", "--format", "json")
    rows = json.loads(p.stdout)["observations"]
    assert rows and all('"dense"' in r["group_qualifiers"] for r in rows)
    assert {r["value"] for r in rows} == {989e12}


def test_unknown_subject_lists_the_closest(crawled):
    p = run("history", "--db", str(crawled["db"]), "--subject", "H10O", "--metric", "x")
    assert p.returncode == 1
    assert "closest" in p.stderr and "NVIDIA H100" in p.stderr and "Traceback" not in p.stderr


def test_history_is_a_readable_table(crawled):
    p = run("history", "--db", str(crawled["db"]), "--subject", "910c", "--metric",
            "FP16 compute")
    assert p.returncode == 0
    assert "Huawei Ascend 910C / FP16 compute" in p.stdout
    assert "just under 800 teraflops" in p.stdout and "  agrees  " in p.stdout


def test_review_deprecate_then_prefer(crawled_copy):
    db = str(crawled_copy)
    rows = json.loads(run("export", "--db", db, "--subject", "H100", "--metric",
                          "memory bandwidth", "--format", "json").stdout)["observations"]
    wrong = next(r for r in rows if r["value"] == 1.5e12)
    p = run("review", wrong["claim_id"][:12], "--deprecate", "--reason",
            "1.5 TB/s is the A100-era figure", "--by", "ana", "--db", db)
    assert p.returncode == 0, p.stderr
    rows = json.loads(run("export", "--db", db, "--subject", "H100", "--metric",
                          "memory bandwidth", "--format", "json").stdout)["observations"]
    dep = next(r for r in rows if r["claim_id"] == wrong["claim_id"])
    assert dep["rank"] == "deprecated" and dep["review_reason"].startswith("1.5 TB/s")
    assert all(r["status"] == "agreed" for r in rows)
    # the latest review holds
    assert run("review", wrong["claim_id"], "--prefer", "--db", db).returncode == 0
    rows = json.loads(run("export", "--db", db, "--subject", "H100", "--metric",
                          "memory bandwidth", "--format", "json").stdout)["observations"]
    assert next(r for r in rows if r["claim_id"] == wrong["claim_id"])["in_consensus"]


def test_review_needs_a_reason_to_deprecate(crawled_copy):
    p = run("review", "abc", "--deprecate", "--db", str(crawled_copy))
    assert p.returncode == 1 and "--reason" in p.stderr


def test_export_as_of_before_anything_was_known(crawled):
    p = run("export", "--db", str(crawled["db"]), "--subject", "H100", "--metric",
            "memory bandwidth", "--as-of", "2020-01-01")
    # it says why (recording time, not publication) and when the records begin
    assert p.returncode == 1 and "nothing was recorded by 2020-01-01" in p.stderr
    assert "records begin 20" in p.stderr and "Traceback" not in p.stderr


@pytest.mark.skipif(not (SHARED / "seeds").exists(), reason="needs ../shared/seeds")
def test_done_when_on_the_real_seeds(tmp_path):
    from claims import stages
    from claims.backfill import backfill
    from store import EventLog
    from store.export import history
    dates = {"000": "2026-06-22", "001": "2025-11-13", "002": "2025-10", "003": "2026-05",
             "004": "2026-05"}
    db = str(tmp_path / "seeds.db")
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        backfill(db, [str(path)], published=dates[path.name[:3]],
                 url=f"https://outlet{path.name[:3]}.example/{path.name}")
    stages.refresh(db)
    with EventLog(db) as log:
        h100 = history(log.conn, "NVIDIA H100", "FP16 compute")
        by_value = {}
        for r in h100:
            by_value.setdefault(r["value"], set()).add(r["group_key"])
        dense = {k for v, ks in by_value.items() if v == 989e12 for k in ks}
        sparse = {k for v, ks in by_value.items() if v == 1979e12 for k in ks}
        assert dense and sparse and dense.isdisjoint(sparse)
        roughly = [r for r in h100 if r["value"] == 2000e12]
        assert roughly and roughly[0]["group_key"] in sparse and roughly[0]["inferred"]
        c910 = history(log.conn, "Huawei Ascend 910C", "FP16 compute")
        near_800 = [r for r in c910 if r["value"] == 800e12]
        assert len({r["group_key"] for r in near_800}) == 1
        revenue = history(log.conn, "Huawei", "AI chip revenue")
        r2026 = [r for r in revenue if r["value"] == 12e9 and "2026" in r["group_key"]]
        assert len({r["publisher"] for r in r2026}) >= 2
        assert all(r["status"] == "agreed" for r in r2026)
        assert any(r["value"] == 7.5e9 and "2025" in r["group_key"] for r in revenue)


def test_ingest_of_one_article_with_two_values_is_not_a_dispute(tmp_path):
    """issue 14: `claims ingest` of one article gave 'disputed: roughly 900 TFLOPS vs 1.2
    petaflops' from that article alone."""
    import sqlite3
    text = tmp_path / "one.txt"
    text.write_text("Lab notes on accelerators.\n\nThe H100 delivers about 900 TFLOPS of FP16 "
                    "compute in our first test.\n\nA second run put the H100 at 1.2 petaflops of "
                    "FP16 compute.\n")
    db = tmp_path / "log.db"
    p = run("ingest", str(text), "--db", str(db), "--url", "https://example.org/one",
            "--published", "2026-06-01", "--quiet")
    assert p.returncode == 0, p.stderr
    assert run("conflicts", "--db", str(db), "--format", "json").stdout.strip() == "[]"
    status, explanation = sqlite3.connect(db).execute(
        "SELECT status, explanation FROM metric_groups WHERE group_key = "
        "'NVIDIA H100 | compute | precision=FP16'").fetchone()
    assert status == "needs-review" and "900 TFLOPS" in explanation and "1.2 petaflops" in \
        explanation
