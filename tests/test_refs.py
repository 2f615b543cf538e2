"""References back ("it", "the chip", "the company"): the name a reference stands for, as the text
wrote it, on its candidate and on the claim (extract/refs.py)."""
from __future__ import annotations

from extract import extract_claims
from extract.pack import load_pack
from extract.refs import reference_class
from extract.subjects import SubjectFinder

from .test_ranker import by_value, ranking_of


def candidate(text: str, value_text: str, name: str):
    """The candidate `name` (by its text) of the figure starting with `value_text`."""
    _, cands, _ = by_value(text, ranking_of(text), value_text)
    found = [c for c in cands if c.text == name]
    assert found, [c.text for c in cands]
    return found[0]


def test_the_class_a_reference_asks_for():
    finder = SubjectFinder(load_pack("ai_chips"))
    assert reference_class(finder, "It") == "it"
    assert reference_class(finder, "the new chip") == "chip"
    assert reference_class(finder, "The company") == "company"
    assert reference_class(finder, "Ascend 910C") is None
    assert reference_class(finder, "the quarter") is None


def test_a_reference_keeps_the_name_it_stands_for_as_written():
    c = candidate("The MLU 590 came out in May. It delivers 314 TFLOPS at FP16.", "314 TFLOPS",
                  "It")
    assert (c.canonical, c.written) == ("Cambricon MLU 590", "MLU 590")
    c = candidate("Biren priced its BR100 below the A100. The company raised HK$5.6 billion.",
                  "HK$5.6 billion", "The company")
    assert (c.canonical, c.written) == ("Biren", "Biren")


def test_a_name_is_no_reference():
    c = candidate("The MLU 590 came out in May. It delivers 314 TFLOPS at FP16.", "314 TFLOPS",
                  "MLU 590")
    assert not c.written


def test_a_claim_by_reference_keeps_the_name_as_written():
    # the pack files "CloudMatrix 384" under another canonical name; the claim says which
    # name the text used for the thing "It" stands for
    text = ("Visitors saw the CloudMatrix 384 at the April fair. It offers 300 petaFLOPS of "
            "BF16 compute.")
    claim = next(c for c in extract_claims(text) if c["kind"] == "compute")
    assert claim["subject_text"] == "CloudMatrix 384"
    assert claim["subject"] == "Atlas 900 A3 SuperPoD"
