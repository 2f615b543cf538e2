"""The ranker's grammar cues (extract/cues.py), each on sentences written for it, with invented
names: the cue fires on the candidate the sentence's grammar points at and not on the others."""
from __future__ import annotations

import pytest

from extract.cues import grammar_cues
from extract.ranker import Candidate, Figure


def cues(text: str, figure: str, names: list[str], kind: str = "memory") -> dict[str, dict]:
    """The cues of each named candidate (by its text; the first occurrence of each, or the
    second after '#2') for the figure `figure` (its first occurrence), all in one sentence."""
    a = text.index(figure)
    fig = Figure(a, a + len(figure), kind, 0, False, False, None, None, 0.0)
    cands = []
    for name in names:
        word, _, nth = name.partition("#")
        at = text.index(word)
        if nth:
            at = text.index(word, at + 1)
        cands.append(Candidate(at, at + len(word), word, word, "product", "mention"))
    cands.sort(key=lambda c: c.start)
    feats = grammar_cues(text, 0, len(text), fig, cands)
    return {c.text if c.text not in {x.text for x in cands if x is not c} else
            f"{c.text}@{c.start}": f for c, f in zip(cands, feats)}


def test_the_subject_of_the_verb_that_states_the_figure():
    f = cues("The Vantor Q7 trails the Kestrel K9, which offers 96 GB of memory.", "96 GB",
             ["Vantor Q7", "Kestrel K9"])
    assert f["Kestrel K9"].get("verb_subject") == 1.0
    assert "verb_subject" not in f["Vantor Q7"]
    # a verb that does not give a thing's own figure is a weaker cue, kept apart
    f = cues("Orbita expects 40% growth next year.", "40%", ["Orbita"], kind="percent")
    assert f["Orbita"].get("verb_subject_weak") == 1.0 and "verb_subject" not in f["Orbita"]


def test_the_announced_thing_and_its_announcer():
    f = cues("Lumenco announced the Halden Grid as a plan to spend $80 billion.", "$80 billion",
             ["Lumenco", "Halden Grid"], kind="money")
    assert f["Halden Grid"].get("announced_object") == 1.0
    assert f["Lumenco"].get("announcer") == 1.0
    assert "announced_object" not in f["Lumenco"] and "announcer" not in f["Halden Grid"]
    f = cues("Lumenco later unveiled the Z3 board, which draws 300 W.", "300 W",
             ["Lumenco", "Z3"], kind="power")
    assert f["Lumenco"].get("announcer") == 1.0 and f["Z3"].get("announced_object") == 1.0


def test_a_thing_announced_in_an_earlier_sentence_is_a_cue_of_its_own():
    # the topic a sentence before announced is a weaker cue than the announcement of the figure's
    # own sentence, so the ranker weighs the two apart
    text = "Lumenco unveiled the Z3 board in May. The board market grew 12% last year."
    a, s0 = text.index("12%"), text.index("The board")
    fig = Figure(a, a + 3, "percent", 1, False, False, None, None, 0.0)
    cands = [Candidate(text.index(w), text.index(w) + len(w), w, w, "product", "mention")
             for w in ("Lumenco", "Z3")]
    f = dict(zip(("Lumenco", "Z3"), grammar_cues(text, s0, len(text), fig, cands)))
    assert f["Z3"].get("announced_object_before") == 1.0 and "announced_object" not in f["Z3"]
    assert f["Lumenco"].get("announcer_before") == 1.0 and "announcer" not in f["Lumenco"]
    # in the figure's own sentence they keep their names
    whole = grammar_cues(text, 0, len(text), fig, cands)
    assert whole[1].get("announced_object") == 1.0 and whole[0].get("announcer") == 1.0


def test_a_figure_that_is_a_comparisons_reference_and_the_thing_compared_with():
    text = "The Q9 is rated at 900 W, up from 700 W on the Q8 and more than the P4."
    f = cues(text, "700 W", ["Q9", "Q8", "P4"], kind="power")
    assert f["P4"].get("ref_compared") == 1.0 and f["P4"].get("compared_here") == 1.0
    assert "ref_compared" not in f["Q9"]
    # the same comparison word before the owner of a figure that is no reference
    f = cues(text, "900 W", ["Q9", "P4"], kind="power")
    assert "ref_compared" not in f["P4"] and f["P4"].get("compared_here") == 1.0


def test_a_comparison_word_counts_only_in_the_candidates_own_sentence():
    text = "Sales rose over the quarter. Ardent X4 holds 64 GB."
    f = cues(text, "64 GB", ["Ardent X4"])
    assert "compared_here" not in f["Ardent X4"]


@pytest.mark.parametrize("text, figure, owner, cue", [
    ("The rack draws 18 kW on the Tessel T2 and 12 kW on the T1.", "12 kW", "T1", "after_on"),
    ("Buyers must pay 100% upfront for Pallas P5 boards.", "100%", "Pallas P5", "after_for"),
    ("Revenue grew 30% in Norland last year.", "30%", "Norland", "after_in"),
])
def test_a_name_after_the_figure_by_a_preposition(text, figure, owner, cue):
    f = cues(text, figure, [owner], kind="percent")
    assert f[owner].get(cue) == 1.0


def test_a_preposition_far_after_the_figure_is_no_cue():
    text = ("The board holds 48 GB, a figure that analysts who follow the market closely "
            "describe as generous for the Tessel T2.")
    f = cues(text, "48 GB", ["Tessel T2"])
    assert not any(k.startswith("after_") for k in f["Tessel T2"])


def test_what_a_count_counts():
    text = "Corvane will build 100,000 Delta D1 chips and 300,000 Delta D2 chips."
    f = cues(text, "300,000", ["Delta D1", "Delta D2"], kind="count")
    assert f["Delta D2"].get("counts_this") == 1.0 and "counts_this" not in f["Delta D1"]
    # a count of the tools something was done with is kept apart
    f = cues("The model was trained using 4,096 Delta D2 boards.", "4,096", ["Delta D2"],
             kind="count")
    assert f["Delta D2"].get("counts_tool") == 1.0 and "counts_this" not in f["Delta D2"]
    # a figure that counts nothing does not name what follows it
    f = cues("The memory reaches 300 GB in Delta D2 boards.", "300 GB", ["Delta D2"])
    assert "counts_this" not in f["Delta D2"]


def test_the_first_name_of_the_figures_clause():
    text = "Brightline lost $2 billion last year, while Corvane expected $1 billion in losses."
    f = cues(text, "$1 billion", ["Brightline", "Corvane"], kind="money")
    assert f["Corvane"].get("clause_first") == 1.0 and "clause_first" not in f["Brightline"]
    text = "Analysts said that Corvane has shipped 5,000 racks."
    f = cues(text, "5,000", ["Corvane"], kind="count")
    assert f["Corvane"].get("clause_first") == 1.0
    # a sentence of one clause: its first name is said by other features
    f = cues("Corvane has shipped 5,000 racks.", "5,000", ["Corvane"], kind="count")
    assert "clause_first" not in f["Corvane"]


def test_the_other_party_of_a_deal():
    text = "Solvane signed an agreement with Brightline covering 750 MW of capacity."
    f = cues(text, "750 MW", ["Solvane", "Brightline"], kind="power")
    assert f["Brightline"].get("counterparty") == 1.0 and "counterparty" not in f["Solvane"]
    f = cues("Solvane is powering a $20B Brightline deal.", "$20B", ["Solvane", "Brightline"],
             kind="money")
    assert f["Brightline"].get("counterparty") == 1.0
    # "compared with" is a comparison, not a party
    f = cues("Solvane holds 64 GB compared with Brightline.", "64 GB", ["Solvane", "Brightline"])
    assert "counterparty" not in f["Brightline"]


def test_cues_reach_the_rankers_features():
    from extract.pipeline import build_pipeline
    text = "Lumenco announced the Halden H2 board, which draws 300 W."
    ranking = build_pipeline("ai_chips", "none", keep_ranking=True)(text)._.ranking
    fig, cands, feats = next(r for r in ranking if text[r[0].start:r[0].end] == "300 W")
    f = {c.text: x for c, x in zip(cands, feats)}
    assert any(x.get("announced_object") for k, x in f.items() if "H2" in k)


def test_a_count_of_bare_units_is_of_the_product_the_sentence_names():
    # "2 million units", "600,000 dies": units of the product, not of the buyer or the maker
    text = "Buyers lined up for the Vantor Q7 as Orbita's orders passed 2 million units."
    a = text.index("2 million")
    fig = Figure(a, a + len("2 million"), "count", 0, False, False, None, None, 0.0)
    cands = [Candidate(text.index("Vantor Q7"), text.index("Vantor Q7") + 9, "Vantor Q7",
                       "Vantor Q7", "chip", "mention"),
             Candidate(text.index("Orbita"), text.index("Orbita") + 6, "Orbita", "Orbita",
                       "company", "mention")]
    q7, orbita = grammar_cues(text, 0, len(text), fig, cands)
    assert q7.get("bare_units_product") == 1.0 and "bare_units_product" not in orbita
    # a count of something else names no product's units
    text2 = text.replace("units", "dollars")
    q7, _ = grammar_cues(text2, 0, len(text2), fig, cands)
    assert "bare_units_product" not in q7
