"""The demo's claims are right (issue 14): each fix is a rule of the language or of
reconciliation, pinned here on text of our own, then checked on the crawled demo."""
from __future__ import annotations

import sqlite3

from extract import extract_claims
from store.reconcile import Settings, place_generic, reconcile_bundle

from .test_reconcile import claim


# -- vague counts ------------------------------------------------------------------------------
def test_a_vague_count_of_chips_pinned_on_a_chip_is_no_claim():
    text = ("The Kunlun P800 is slower than the H100, but thousands of chips working "
            "together can still train a large model.")
    assert [c for c in extract_claims(text) if c["kind"] == "count"] == []


def test_vague_counts_that_say_what_they_count_stay():
    found = extract_claims("The platform has drawn millions of developers since launch.")
    assert [(c["kind"], c["value"], c["bound"]) for c in found] == [("count", 1e6, ">=")]


# -- a name and its version -------------------------------------------------------------------
def test_a_full_name_followed_by_a_version_is_that_version():
    text = ("Model | Input | Output\nByteDance Doubao 2.0 | $0.15 | $0.30\n\n"
            "ByteDance Doubao 2.0 costs $0.15 per million input tokens.")
    subjects = {c["subject"] for c in extract_claims(text)}
    assert subjects == {"ByteDance Doubao 2.0"}
    # the name alone is still the name
    assert {c["subject"] for c in extract_claims("ByteDance Doubao has 120 million users.")} \
        == {"ByteDance Doubao"}


# -- a catch-all metric joins the specific one it agrees with ---------------------------------
GENERIC = {"bandwidth": ("interconnect bandwidth", "memory bandwidth")}


def _bw(cid, value, publisher, metric, quals=None):
    from store.projections import group_key
    c = claim(cid, value, publisher, quals, family="Huawei Ascend 910C", kind="bandwidth")
    c.group_key = group_key(c.family, metric, c.quals)
    return c


def test_a_bare_bandwidth_figure_joins_the_metric_it_agrees_with():
    s = Settings(generic_metrics=GENERIC)
    bundles = {"memory bandwidth": [_bw("m", 2.4e12, "A", "memory bandwidth")],
               "interconnect bandwidth": [_bw("i", 6e11, "A", "interconnect bandwidth")],
               "bandwidth": [_bw("g", 2.4e12, "B", "bandwidth"),
                             _bw("x", 9e12, "B", "bandwidth")]}
    placed = place_generic(bundles, s, {})
    assert [c.claim_id for c in placed["bandwidth"]] == ["x"]  # agrees with neither: stays
    moved = next(c for c in placed["memory bandwidth"] if c.claim_id == "g")
    assert moved.via == "inferred metric=memory bandwidth" and moved.value == 2.4e12
    [g] = reconcile_bundle(placed["memory bandwidth"], s, {})
    assert g.status == "agreed" and g.sources_for == ["A", "B"]


def test_a_bare_figure_that_fits_two_metrics_stays_where_it_was():
    s = Settings(generic_metrics=GENERIC)
    bundles = {"memory bandwidth": [_bw("m", 9e11, "A", "memory bandwidth")],
               "interconnect bandwidth": [_bw("i", 9e11, "A", "interconnect bandwidth")],
               "bandwidth": [_bw("g", 9e11, "B", "bandwidth")]}
    assert [c.claim_id for c in place_generic(bundles, s, {})["bandwidth"]] == ["g"]


# -- on the crawled demo ----------------------------------------------------------------------
def test_demo_bandwidth_figures_of_one_chip_are_one_figure(crawled):
    """'about 2.4 TB/s' (a bare bandwidth) and '~2.4 TB/s' (memory bandwidth) of the 910C."""
    conn = sqlite3.connect(crawled["db"])
    rows = conn.execute(
        "SELECT c.metric, g.group_key, g.inferred FROM claims c JOIN group_claims g "
        "USING (claim_id) WHERE c.family = 'Huawei Ascend 910C' AND c.kind = 'bandwidth' "
        "AND c.value BETWEEN 2.2e12 AND 2.6e12").fetchall()
    assert {m for m, _, _ in rows} == {"bandwidth", "memory bandwidth"}
    assert {k for _, k, _ in rows} == {"Huawei Ascend 910C | memory bandwidth"}
    assert any(i == "inferred metric=memory bandwidth" for _, _, i in rows)


def test_demo_has_no_vague_count_pinned_on_a_chip_or_model(crawled):
    from extract.pack import load_pack
    typed = {e.name: e.type for e in load_pack("ai_chips").entities}
    conn = sqlite3.connect(crawled["db"])
    for subject, value_text in conn.execute(
            "SELECT subject, value_text FROM claims WHERE kind = 'count'"):
        if typed.get(subject) in ("chip", "model"):
            assert any(ch.isdigit() for ch in value_text), (subject, value_text)


def test_demo_versions_keep_their_version(crawled):
    conn = sqlite3.connect(crawled["db"])
    for subject, quote in conn.execute("SELECT subject, quote FROM claims WHERE quote LIKE "
                                       "'%Doubao 2.0%' AND in_table = 1"):
        assert subject == "ByteDance Doubao 2.0", quote


def test_incremental_reconciliation_equals_a_full_one_after_the_revisit(crawled_copy,
                                                                        demo_site):
    """Placing catch-all figures links bundles; an incremental run recomputes them together."""
    from claims import stages
    demo_site.revision = 2
    try:
        stages.crawl(str(crawled_copy), feeds=demo_site.feeds(),
                     settings={"CLAIMS_RUN_ID": "revisit", "CLAIMS_REVISIT_AFTER": 0},
                     quiet=True)
    finally:
        demo_site.revision = 1
    stages.extract_pending(str(crawled_copy), quiet=True)
    from store import EventLog, claim_reviewed, utc_now
    conn = sqlite3.connect(crawled_copy)
    memory_claim = conn.execute(  # a review touches one bundle: its linked ones follow
        "SELECT claim_id FROM claims WHERE family = 'Huawei Ascend 910C' AND "
        "metric = 'memory bandwidth' LIMIT 1").fetchone()[0]
    with EventLog(crawled_copy) as log:
        log.append([claim_reviewed(memory_claim, "deprecated", "test", "t", utc_now())])
    stages.refresh(str(crawled_copy))

    def state():
        return (sorted(conn.execute(
                    "SELECT group_key, status, consensus_value, claims FROM metric_groups")),
                sorted(conn.execute("SELECT claim_id, group_key, inferred, in_consensus, "
                                    "counted FROM group_claims")))
    incremental = state()
    stages.rebuild_all(str(crawled_copy))
    full = state()
    for a, b in zip(incremental, full):
        assert set(a) - set(b) == set() and set(b) - set(a) == set(), (set(a) ^ set(b))


def test_catch_all_metrics_come_from_the_pack_for_specifications_only():
    """Money, counts and shares change with the date: a bare '$12 billion' agreeing with a
    revenue figure may be another figure, so only specification kinds (and ratios) link."""
    from claims.stages import generic_metrics
    from extract.pack import load_pack
    found = generic_metrics(load_pack("ai_chips"))
    assert found["bandwidth"] == ["interconnect bandwidth", "memory bandwidth"]
    assert "relative performance" in found["ratio"]
    assert not {"amount", "count", "percentage", "price"} & set(found)


def test_the_demo_pages_are_well_formed():
    """What a reader of the demo sees is clean text: no element nested in a table caption, no
    character reference broken into visible text ("#x27;"), no doubled word at a tag edge."""
    from pathlib import Path

    import lxml.html

    import claims
    root = Path(claims.__file__).resolve().parent / "demo_site"
    pages = sorted(root.rglob("*.html"))
    assert len(pages) >= 10
    for page in pages:
        raw = page.read_text(encoding="utf-8")
        doc = lxml.html.fromstring(raw)
        for caption in doc.iter("caption"):
            assert len(caption) == 0, f"{page.name}: a caption holds elements"
        text = doc.text_content()
        assert "#x27;" not in text.replace("&#x27;", "") and "&#" not in text, page.name


# -- what a ratio compares with ----------------------------------------------------------------
def _ratios(text: str) -> list[tuple]:
    return [(c["subject"], c["value"] if c["value"] is not None else (c["low"], c["high"]),
             c["qualifiers"].get("relative_to"))
            for c in extract_claims(text) if c["kind"] == "ratio"]


def test_a_ratio_column_compares_the_two_product_columns_it_is_the_quotient_of():
    text = ("Spec | NVIDIA A100 | AMD MI250X | Ratio\n"
            "FP16 compute | 312 TFLOPS | 383 TFLOPS | 1.23x\n"
            "Power | 400W | 500-560W | 1.25-1.4x\n")
    assert _ratios(text) == [("AMD MI250X", 1.23, "NVIDIA A100"),
                             ("AMD MI250X", (1.25, 1.4), "NVIDIA A100")]


def test_a_ratio_in_prose_is_the_quotient_of_the_figures_before_it():
    text = ("The A100 is rated at 312 TFLOPS of FP16; the MI250X at 383 TFLOPS, about 1.23x the "
            "AMD figure's rival.")
    assert _ratios(text) == [("AMD MI250X", 1.23, "NVIDIA A100")]


def test_a_ratio_names_what_it_compares_with():
    assert _ratios("The Gaudi 3 should offer twice the Gaudi 2's capabilities.") == \
        [("Intel Gaudi 3", 2.0, "Intel Gaudi 2")]
    [c] = [c for c in extract_claims("The Gaudi 3 should offer twice the Gaudi 2's capabilities.")]
    assert c["metric"] == "capabilities ratio"
    assert _ratios("The MI300X runs 1.3x faster than the H100 on long prompts.")[0][2] == \
        "NVIDIA H100"
    assert _ratios("The new board is three times as fast as its predecessor.")[0][2] == \
        "predecessor"


def test_two_ratios_of_one_product_to_two_rivals_are_two_figures():
    from store.projections import group_key
    keys = {group_key(c["subject"], c["metric"], c["qualifiers"])
            for c in extract_claims("The MI300X runs 1.3x faster than the H100. The MI300X runs "
                                    "2.4x faster than the A100.") if c["kind"] == "ratio"}
    assert len(keys) == 2


# -- one figure, one owner ---------------------------------------------------------------------
def test_a_figure_said_of_a_maker_and_of_its_product_is_the_products():
    text = ("Mistral charges $0.40 per million input tokens, well under its rivals.\n\n"
            "Model | Input ($/M tokens) | Output ($/M tokens)\n"
            "Mistral-Large-3 | $0.40 | $1.20\n"
            "OpenAI GPT-5.2 | $2.50 | $10.00\n")
    found = [(c["subject"], c["value_text"]) for c in extract_claims(text)
             if c["metric"] == "input price" and abs(c["value"] - 4e-7) < 1e-12]
    assert {s for s, _ in found} == {"Mistral-Large-3"} and len(found) == 2


def test_a_makers_own_figure_of_another_value_stays_the_makers():
    text = ("Mistral charges $0.50 per million input tokens on its older plan.\n\n"
            "Model | Input ($/M tokens) | Output ($/M tokens)\n"
            "Mistral-Large-3 | $0.40 | $1.20\n")
    prose = [c for c in extract_claims(text) if not c["in_table"]]
    assert [c["subject"] for c in prose] == ["Mistral"]


def test_demo_readings_a_fact_checker_would_sign(crawled):
    """The faults found reading the demo's claims (issue 14): each level of a change with its
    year, 'this year' as the article's year, one owner per price, every ratio with its
    reference."""
    conn = sqlite3.connect(crawled["db"])
    rows = conn.execute("SELECT subject, metric, kind, value, qualifiers, in_table, url "
                        "FROM claims").fetchall()

    def quals(q):
        import json
        return json.loads(q or "{}")

    prose_shipments = {(v, quals(q).get("period")) for s, m, k, v, q, t, _ in rows
                       if s == "Huawei Ascend 910 series" and m == "shipments" and not t}
    assert prose_shipments == {(120_000, "2024"), (280_000, "2025")}
    huawei_this_year = [quals(q).get("period") for s, m, k, v, q, t, _ in rows
                        if s == "Huawei" and m == "shipments"]
    assert huawei_this_year and set(huawei_this_year) == {"2026"}
    assert {s for s, m, k, v, q, t, _ in rows
            if k == "price_per_unit" and v and abs(v - 2.8e-7) < 1e-12} == {"DeepSeek-V3.2"}
    ratios = [(s, quals(q).get("relative_to")) for s, m, k, v, q, t, _ in rows if k == "ratio"]
    assert ratios and all(ref for _, ref in ratios)
    assert ("Huawei Ascend 960", "Huawei Ascend 950") in ratios
