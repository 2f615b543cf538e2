"""The figure-to-subject ranker: candidates from the text's shape, their features, the shipped
model, and the training command that reproduces it."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from extract import EXTRACTOR_VERSION, ExtractError, extract_claims, ranker
from extract.pack import load_pack
from extract.pipeline import ATTACH_MODEL_VERSION, build_pipeline
from extract.subjects import SubjectFinder

from .conftest import SHARED

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "extract" / "schema" / "claim.schema.json").read_text())


def ranking_of(text: str):
    """Each figure's (Figure, candidates, features), from the rules-alone pipeline."""
    doc = build_pipeline("ai_chips", "none", keep_ranking=True)(text)
    return doc._.ranking


def by_value(text: str, ranking, value_text: str):
    """The (figure, candidates, features) whose figure starts with value_text."""
    for fig, cands, feats in ranking:
        if text[fig.start:fig.end].startswith(value_text):
            return fig, cands, feats
    raise AssertionError(f"no figure {value_text!r}")


# --- candidates from the text's shape -------------------------------------------------------

@pytest.mark.parametrize("text, names", [
    ("The Vantor QX-7 board ships with 48 GB of memory.", ["Vantor QX-7"]),
    ("Our lab tested the ZR-900 and the Lumen n240d last month.", ["ZR-900", "Lumen n240d"]),
    ("Developers can call orbit-2.1-mini through the API.", ["orbit-2.1-mini"]),
    ("Its cloud services segment grew fast.", ["cloud services segment"]),
])
def test_names_by_shape_that_no_pack_knows(text, names):
    found = [c.text for c in ranker.shape_names(text, [])]
    assert found == names


@pytest.mark.parametrize("text", [
    "The chip uses FP8 and HBM3e on a 5nm node with PCIe Gen5, 8GB and 700W in Q3.",
    "Gross margin54% rose; ResultsQ4 were strong.",
    # a figure glued to a word, a handle, a foundry's process node
    "It promises a410km range and a 75kWh pack, says @vela-q3 of the N2P line.",
    # a unit noun that modifies the next noun is no business unit
    "Hiring in legal and business services slowed.",
])
def test_units_precisions_and_glued_cells_are_not_names(text):
    assert ranker.shape_names(text, []) == []


def test_candidates_cover_the_sentence_the_sentences_before_and_the_rules_choice():
    text = ("Kestrel Labs unveiled the KX-40 accelerator in March. "
            "The chip delivers 900 TFLOPS of FP8 compute, twice the KX-20.")
    ranking = ranking_of(text)
    fig, cands, feats = by_value(text, ranking, "900 TFLOPS")
    names = {c.text for c in cands}
    assert {"KX-40", "KX-20"} <= names
    assert fig.rule_subject is not None
    assert any(c.canonical == fig.rule_subject for c in cands)
    assert len(feats) == len(cands)


def test_a_name_inside_the_figure_is_not_its_candidate():
    text = "The ZR-900 holds 64 GB."
    fig, cands, _ = by_value(text, ranking_of(text), "64 GB")
    assert all(not (c.start < fig.end and fig.start < c.end) for c in cands)


# --- features ---------------------------------------------------------------------------------

def test_features_of_a_possessive_a_comparison_and_distance():
    text = "Orion's ZR-900 offers 192 GB of memory, more than the LX-2 from Lumen."
    ranking = ranking_of(text)
    _, cands, feats = by_value(text, ranking, "192 GB")
    f = {c.text: x for c, x in zip(cands, feats)}
    near = next(v for k, v in f.items() if "ZR-900" in k)
    far = next(v for k, v in f.items() if "LX-2" in k)
    assert near.get("before") == 1.0 and not far.get("before")
    assert near.get("nearest_left") == 1.0
    assert far.get("compared") == 1.0 and not near.get("compared")
    assert far.get("clause_break") == 1.0
    assert near.get("sent_0") == 1.0 and far.get("sent_0") == 1.0


def test_features_of_a_name_carried_over_from_the_sentence_before():
    text = "Vantor launched the QX-7 board on Monday. It draws 350W under load."
    _, cands, feats = by_value(text, ranking_of(text), "350W")
    f = dict(zip((c.text for c in cands), feats))
    qx = next(v for k, v in f.items() if "QX-7" in k)
    assert qx.get("sent_1") == 1.0 and qx.get("before") == 1.0


def test_features_of_a_header_over_a_column():
    text = ("| Spec | ZR-900 | QX-7 |\n"
            "|---|---|---|\n"
            "| Memory | 64 GB | 96 GB |\n")
    _, cands, feats = by_value(text, ranking_of(text), "96 GB")
    f = dict(zip((c.text for c in cands), feats))
    # the name over the figure's column, under a row label that names a measure
    assert f["QX-7"].get("tab_col") == 1.0 and f["QX-7"].get("tab_col_by_cols") == 1.0
    assert f["QX-7"].get("tab_owner") == 1.0
    assert f["ZR-900"].get("tab_elsewhere") == 1.0 and not f["ZR-900"].get("tab_owner")
    # in a table, prose distance says nothing of whose figure it is
    assert "sent_0" not in f["QX-7"] and "same_line" not in f["ZR-900"]


def test_counted_names_and_company_or_product():
    text = "Kestrel built a cluster of 2,048 ZR-900 chips worth $40 million."
    _, cands, feats = by_value(text, ranking_of(text), "$40 million")
    f = dict(zip((c.text for c in cands), feats))
    chip = next(v for k, v in f.items() if "ZR-900" in k)
    assert chip.get("counted") == 1.0


# --- the model --------------------------------------------------------------------------------

def test_the_shipped_model_is_the_extractor_version():
    model = ranker.load_model()
    assert model is not None and model.version == ATTACH_MODEL_VERSION
    assert ATTACH_MODEL_VERSION in EXTRACTOR_VERSION


def test_choose_takes_the_best_candidate_or_none_below_the_threshold():
    model = ranker.Model({"a": 2.0, "b": -1.0}, 0.0, 0.3, "t")
    cands = [ranker.Candidate(0, 1, "X", "X", "product", "mention"),
             ranker.Candidate(2, 3, "Y", "Y", "company", "mention")]
    best, p = ranker.choose(model, cands, [{"a": 1.0}, {"b": 1.0}])
    assert best.text == "X" and p > 0.9
    best, p = ranker.choose(model, cands, [{"a": 0.0}, {"b": 0.0}])
    assert best is not None and p == pytest.approx(0.5)  # two equal candidates: above 0.3
    many = [ranker.Candidate(i, i + 1, str(i), str(i), "product", "mention") for i in range(10)]
    best, p = ranker.choose(model, many, [{} for _ in many])
    assert best is None and p == pytest.approx(0.1)  # ten equal candidates: nobody is sure


@pytest.mark.parametrize("content, message", [
    ("{not json", "not JSON"),
    ('{"weights": {"a": 1.0}}', "missing or bad field"),
    ('{"weights": ["a"], "threshold": 0.1, "version": "x"}', "missing or bad field"),
])
def test_a_broken_model_file_is_a_clear_error(tmp_path, content, message):
    path = tmp_path / "attach.json"
    path.write_text(content)
    with pytest.raises(ExtractError, match=message):
        ranker.load_model(str(path))
    with pytest.raises(ExtractError, match="No such file|no such file"):
        ranker.load_model(str(tmp_path / "missing.json"))


def test_claims_still_follow_the_schema():
    text = ("Vantor's QX-7 board draws 350W and holds 48 GB; the Lumen n240d holds 24 GB.\n"
            "| Spec | ZR-900 | QX-7 |\n|---|---|---|\n| Memory | 64 GB | 96 GB |\n")
    claims = extract_claims(text)
    assert claims
    for c in claims:
        jsonschema.validate(c, SCHEMA)
        assert 0.0 <= c["confidence"] <= 1.0


@pytest.mark.parametrize("text", [
    "", "   \n\n  ", "\x00\x01\x02 binary \xff\xfe",
    "1e308 1e-308 9" * 50 + " 99999999999999999999999999 TFLOPS -0 W NaN GB",
    "| | |\n|---|\n| 1 | 2 | 3 |\n" * 20,
    ("The QX-7 draws 350W. " * 2000 + "\n") * 25,   # ~1 MB of figures
])
def test_odd_input_never_crashes(text):
    claims = extract_claims(text, html=False)
    assert isinstance(claims, list)
    for c in claims[:50]:
        jsonschema.validate(c, SCHEMA)


# --- training -----------------------------------------------------------------------------------

@pytest.mark.skipif(not (SHARED / "eval" / "dev" / "gold.jsonl").exists(),
                    reason="needs ../shared/eval (the gold sets)")
def test_train_reproduces_the_shipped_weights(tmp_path):
    pytest.importorskip("sklearn", reason="training needs the train extra (scikit-learn)")
    from extract import train
    out = tmp_path / "attach.json"
    train.train(SHARED, out)
    shipped = (ROOT / "extract" / "model" / "attach.json").read_bytes()
    assert out.read_bytes() == shipped, "run `make train` and update ATTACH_MODEL_VERSION"


def test_training_without_gold_is_a_clear_error(tmp_path):
    from extract import train
    with pytest.raises(ExtractError, match="scorer|gold"):
        train.train(tmp_path, tmp_path / "m.json")


def test_the_pipeline_reads_the_pack_the_finder_knows():
    finder = SubjectFinder(load_pack("ai_chips"))
    ctx = ranker.Context.read("NVIDIA H100 draws 700W.", [(0, 23)],
                              finder.find("NVIDIA H100 draws 700W."), finder, [18])
    assert "NVIDIA H100" in ctx.counts


def test_a_run_on_sentence_of_names_and_figures_is_read_in_linear_time():
    """A flattened page with no sentence ends (30 KB of names and figures) used to make every
    figure weigh every name of the "sentence": about two minutes. Names are read near the
    figure only; a generous ceiling still tells the two apart."""
    import random
    import time
    rng = random.Random(7)
    words = ["the", "QX-7", "Vantor", "draws", "350W", "holds", "48", "GB", "and", "ZR-900",
             "$12", "billion", "Kestrel", "|", "2025", "units", "of"]
    text = " ".join(rng.choice(words) for _ in range(6000))
    began = time.perf_counter()
    claims = extract_claims(text, html=False)
    assert claims and time.perf_counter() - began < 60


# -- issue 15: candidates of prose from the text's shape ---------------------------------------
def test_a_described_thing_takes_its_owner():
    text = "Broadcom said its storage software segment grew 12% to $2 billion."
    finder = SubjectFinder(load_pack("ai_chips"))
    names = {c.canonical for c in ranker.described_names(text, finder.find(text))}
    assert "Broadcom storage software segment" in names
    # a figure's own word is not a thing: "Broadcom's revenue"
    text = "Broadcom's revenue grew 12%."
    assert ranker.described_names(text, finder.find(text)) == []


def test_proper_names_with_a_code_or_lengthening_a_mention():
    text = "The Boeing 737-800 seats 189 people, and Samsung Electronics makes its memory."
    finder = SubjectFinder(load_pack("ai_chips"))
    names = {c.canonical for c in ranker.proper_names(text, finder.find(text))}
    assert {"Boeing 737-800", "Samsung Electronics"} <= names


def test_persons_and_speakers_are_marked():
    text = "Analyst Dana Whitfield said that Kestrel Labs has shipped 900 boards this year."
    assert {"Dana", "Whitfield"} <= ranker.person_words(text)
    fig, cands, feats = by_value(text, ranking_of(text), "900")
    assert not any("Whitfield" in c.text for c in cands)  # a person owns no figure


def test_a_thing_the_sentence_subject_makes_is_named_by_its_description():
    finder = SubjectFinder(load_pack("ai_chips"))
    text = ("Tencent has partnered with TSMC on a custom accelerator for video search, with a "
            "target of 50,000 units.")
    assert [c.canonical for c in ranker.made_things(text, finder.find(text))] == \
        ["Tencent custom video search accelerator"]
    text = "Tencent bought a chip last year."  # a bare noun names nothing
    assert ranker.made_things(text, finder.find(text)) == []


def test_choose_abstains_when_two_different_products_score_alike():
    model = ranker.Model({"a": 1.0, "b": 0.9}, 0.0, 0.0, "t", margin=0.5)
    cands = [ranker.Candidate(0, 1, "X1", "Acme X1", "product", "mention"),
             ranker.Candidate(2, 3, "X2", "Acme X2", "product", "mention")]
    assert ranker.choose(model, cands, [{"a": 1.0}, {"b": 1.0}])[0] is None
    # not in a table, where the columns decide; nor when they name one thing
    assert ranker.choose(model, cands, [{"a": 1.0}, {"b": 1.0}], abstain=False)[0] is cands[0]
    same = [cands[0], ranker.Candidate(2, 3, "Acme", "Acme", "company", "mention")]
    assert ranker.choose(model, same, [{"a": 1.0}, {"b": 1.0}])[0] is cands[0]
    # a clear lead wins
    assert ranker.choose(model, cands, [{"a": 2.0}, {"b": 1.0}])[0] is cands[0]


def test_a_bullet_takes_the_names_of_the_line_leading_into_its_list():
    text = ("The Falcon X9 is Kestrel's new board.\nIt ships in May.\nEach board will have:\n"
            "- 96 GB of memory\n- 2 TB/s of bandwidth\n- 600 W maximum\n")
    fig, cands, feats = by_value(text, ranking_of(text), "600 W")
    got = {c.text: f for c, f in zip(cands, feats)}
    assert "Falcon X9" in got and got["Falcon X9"].get("list_lead")
    assert got["Falcon X9"].get("bullet")


@pytest.mark.parametrize("text, owner, not_owner", [
    ("As per Vexline, Zentro raised its yearly budget to $70 billion.", "Zentro", "Vexline"),
    ("Zentro spent $34 billion in the quarter, Vexline and Quorra report.", "Zentro", "Quorra"),
    ("Zentro said revenue rose 12% to $2 billion.", "Zentro", None),  # a company speaks too
])
def test_a_source_is_no_candidate_but_a_company_that_speaks_is(text, owner, not_owner):
    fig, cands, _ = ranking_of(text)[-1]
    names = {c.text for c in cands}
    assert owner in names and not_owner not in names


def test_a_list_item_labelled_by_a_name_owns_its_figures():
    text = ("Fleet sizes:\n"
            "- Zephyr QX-9 (2025): 4,000 units across two yards\n"
            "- Strong Demand: 12% more orders\n")
    fig, cands, feats = by_value(text, ranking_of(text), "4,000")
    got = {c.text: f for c, f in zip(cands, feats)}
    assert "Zephyr QX-9" in got
    assert got["Zephyr QX-9"].get("tab_row") == 1.0   # the label, not part of the item's cell
    # a title-case topic is no name
    _, cands, _ = by_value(text, ranking_of(text), "12%")
    assert not any(c.shape == "item_label" for c in cands)


def test_an_item_labelled_by_its_own_name_takes_no_list_lead():
    text = ("The Falcon X9 is Kestrel's new board.\nCluster sizes:\n"
            "- Orion Z40 (2024): 2,000 boards\n- 600 W maximum\n")
    _, cands, feats = by_value(text, ranking_of(text), "2,000")
    assert not any(f.get("list_lead") for f in feats)
    _, cands, feats = by_value(text, ranking_of(text), "600 W")
    assert any(f.get("list_lead") for c, f in zip(cands, feats) if c.text == "Falcon X9")


def test_a_measured_noun_opening_a_line_is_no_owner():
    text = "- Employment in mining and quarrying rose 4,000\n"
    _, cands, _ = by_value(text, ranking_of(text), "4,000")
    names = {c.text for c in cands}
    assert "Employment" not in names and "mining and quarrying" in names


def test_a_name_that_owns_another_by_its_possessive():
    text = "Zentro's compact Vela Q2 starts at $31,000 in most markets."
    _, cands, feats = by_value(text, ranking_of(text), "$31,000")
    got = {c.text: f for c, f in zip(cands, feats)}
    assert got["Zentro"].get("owner_of_name") == 1.0
    assert not got["Vela Q2"].get("owner_of_name")


def test_a_name_glued_to_a_figure_is_not_adjacent():
    text = "ModelChipParams\nOrion-7NVIDIA H100412B (40B active)\n"
    _, cands, feats = by_value(text, ranking_of(text), "412B")
    got = {c.text: f for c, f in zip(cands, feats)}
    assert got["H100"].get("glued") == 1.0 and not got["H100"].get("adjacent")
    text = "The NVIDIA H100 80 GB card ships."
    _, cands, feats = by_value(text, ranking_of(text), "80 GB")
    assert dict(zip((c.text for c in cands), feats))["NVIDIA H100"].get("adjacent") == 1.0


def test_a_memory_type_is_no_candidate():
    text = "The Orion board pairs 44 GB of SRAM with 20 PB/s of bandwidth."
    fig, cands, _ = ranking_of(text)[-1]
    assert "SRAM" not in {c.text for c in cands}


def test_a_modifier_before_a_figure_is_no_described_thing():
    finder = SubjectFinder(load_pack("ai_chips"))
    text = "Broadcom sells its base 64 GB card and its storage software segment grew."
    names = {c.canonical for c in ranker.described_names(text, finder.find(text))}
    assert "Broadcom base" not in names and "Broadcom storage software segment" in names


def test_a_place_that_wins_leaves_the_figure_without_a_subject():
    """A pack's place says where a figure was counted, not whose it is: when it ranks first the
    claim keeps no subject, with a confidence below the model's threshold."""
    model = ranker.Model({"t_place": 2.0, "t_company": 1.0}, 0.0, 0.02, "test")
    place = ranker.Candidate(0, 5, "Japan", "Japan", "place", "mention")
    firm = ranker.Candidate(10, 16, "Nvidia", "NVIDIA", "company", "mention")
    best, p = ranker.choose(model, [place, firm], [{"t_place": 1.0}, {"t_company": 1.0}])
    assert best is None and p <= model.threshold
    best, p = ranker.choose(model, [place], [{}])   # alone, too
    assert best is None and p <= model.threshold
    best, _ = ranker.choose(model, [firm, place], [{"t_company": 1.0}, {}])
    assert best is firm
    claims = extract_claims("Shipments to Japan grew 12% in the spring.")
    assert [(c["subject"], c["confidence"] < 0.05) for c in claims] == [(None, True)]


def test_a_place_heading_a_table_row_owns_its_cells():
    """In a table a place that heads the row (a share by country) is whose figure it is: the
    prose rule that a winning place owns nothing does not apply to cells."""
    model = ranker.Model({"t_place": 2.0}, 0.0, 0.02, "test")
    place = ranker.Candidate(0, 5, "Japan", "Japan", "place", "mention")
    best, _ = ranker.choose(model, [place], [{"t_place": 1.0}], in_table=True)
    assert best is place
    text = ("Output share by country:\n\n| Country | Share |\n|---|---|\n| Japan | 31% |\n"
            "| Germany | 22% |\n| Canada | 9% |\n")
    claims = extract_claims(text)
    assert [(c["subject"], c["value"]) for c in claims] == \
        [("Japan", 31.0), ("Germany", 22.0), ("Canada", 9.0)]
