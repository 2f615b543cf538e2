"""References back ("it", "the chip", "the company"): the features that say how far back, and
past what, the rules found the name a reference stands for (extract/refs.py), and the name as
the text wrote it on the claim."""
from __future__ import annotations

from extract import extract_claims
from extract.pack import load_pack
from extract.refs import reference_class
from extract.subjects import SubjectFinder

from .test_ranker import by_value, ranking_of


def reference_of(text: str, value_text: str, ref_text: str):
    """The features of the candidate `ref_text` of the figure starting with `value_text`."""
    _, cands, feats = by_value(text, ranking_of(text), value_text)
    found = [(c, f) for c, f in zip(cands, feats) if c.text == ref_text]
    assert found, [c.text for c in cands]
    return found[0]


def test_the_class_a_reference_asks_for():
    finder = SubjectFinder(load_pack("ai_chips"))
    assert reference_class(finder, "It") == "it"
    assert reference_class(finder, "the new chip") == "chip"
    assert reference_class(finder, "The company") == "company"
    assert reference_class(finder, "Ascend 910C") is None
    assert reference_class(finder, "the quarter") is None


def test_a_reference_to_the_subject_of_the_sentence_before():
    text = "The MLU 590 came out in May. It delivers 314 TFLOPS at FP16."
    c, f = reference_of(text, "314 TFLOPS", "It")
    assert c.canonical == "Cambricon MLU 590" and c.written == "MLU 590"
    assert f.get("ref_d1") == 1.0 and f.get("ref_nearest") == 1.0 and f.get("ref_first") == 1.0
    assert f.get("ref_log_rank") == 0.0


def test_a_reference_that_passes_a_nearer_name_says_so():
    # the rules take the first chip of the sentence before; the Ascend 910B stands nearer
    text = ("The MLU 590 from Cambricon came out in May, and reviewers set it beside the "
            "Ascend 910B. The chip delivers 314 TFLOPS at FP16.")
    c, f = reference_of(text, "314 TFLOPS", "The chip")
    assert c.canonical == "Cambricon MLU 590"
    assert f.get("ref_first") == 1.0 and "ref_nearest" not in f
    assert f.get("ref_log_rank", 0.0) > 0.0
    assert f.get("ref_exact") == 1.0   # a chip for "the chip"


def test_a_compared_name_and_a_company_reference():
    text = ("Biren priced its BR100 below the A100. The company raised HK$5.6 billion in "
            "its listing.")
    c, f = reference_of(text, "HK$5.6 billion", "The company")
    assert c.canonical == "Biren" and f.get("ref_exact") == 1.0 and f.get("ref_first") == 1.0


def test_a_name_is_no_reference():
    text = "Cambricon unveiled the MLU 590 in May. It delivers 314 TFLOPS at FP16."
    c, f = reference_of(text, "314 TFLOPS", "MLU 590")
    assert not c.written and not any(k.startswith("ref_") for k in f)


def test_a_claim_by_reference_keeps_the_name_as_written():
    # the pack files "CloudMatrix 384" under another canonical name; the claim says which
    # name the text used for the thing "It" stands for
    text = ("Visitors saw the CloudMatrix 384 at the April fair. It offers 300 petaFLOPS of "
            "BF16 compute.")
    claim = next(c for c in extract_claims(text) if c["kind"] == "compute")
    assert claim["subject_text"] == "CloudMatrix 384"
    assert claim["subject"] == "Atlas 900 A3 SuperPoD"
