"""Owners a sentence describes rather than names (extract/phrases.py): each shape on sentences
written for these tests, through the rules-alone pipeline's candidates and features."""
from __future__ import annotations

import pytest

from extract.phrases import list_item, sentence_phrases
from extract.pipeline import build_pipeline


def ranking_of(text: str):
    return build_pipeline("ai_chips", "none", keep_ranking=True)(text)._.ranking


def phrases_of(text: str, value_text: str) -> dict[str, str]:
    """{candidate text: shape} of the phrase candidates of the figure starting with value_text."""
    for fig, cands, _ in ranking_of(text):
        if text[fig.start:fig.end].startswith(value_text):
            return {c.text: c.shape for c in cands if c.shape}
    raise AssertionError(f"no figure {value_text!r}")


def feature_of(text: str, value_text: str, name: str) -> dict[str, float]:
    for fig, cands, feats in ranking_of(text):
        if text[fig.start:fig.end].startswith(value_text):
            for c, f in zip(cands, feats):
                if c.text == name:
                    return f
            raise AssertionError(f"{name!r} not a candidate of {value_text!r}: "
                                 f"{[c.text for c in cands]}")
    raise AssertionError(f"no figure {value_text!r}")


def test_each_list_item_is_a_candidate_of_the_figure_right_after_it():
    text = ("Wages rose in every trade, including pilots at 4.1%, nurses 3.2%, cooks at 5.5% "
            "and welders at 2.9%.")
    for value, item in (("4.1%", "pilots"), ("3.2%", "nurses"), ("5.5%", "cooks"),
                        ("2.9%", "welders")):
        found = phrases_of(text, value)
        assert found.get(item) == "list_item", (value, found)
        # only the item before this figure, not the list's other items
        assert not {"pilots", "nurses", "cooks", "welders"} - {item} & set(found)
    f = feature_of(text, "3.2%", "nurses")
    assert f.get("linked_before") and f.get("ph_list_item") and f.get("ph_right_before")


def test_a_figure_outside_a_list_has_no_list_item():
    assert list_item("Revenue grew 12% last year.", 0, 13, 16, 27) is None
    text = "The fleet, mostly trucks 40 km from the depot, was sold."
    assert not any(s == "list_item" for s in phrases_of(text, "40 km").values())


def test_the_object_after_a_measured_noun_owns_the_figure():
    text = "Output in mining and quarrying increased 12,000 in May."
    assert phrases_of(text, "12,000") == {"mining and quarrying": "of_measure"}
    text = "- Jobs in retail trade rose 8,500 over the quarter"
    assert phrases_of(text, "8,500").get("retail trade") == "of_measure"


def test_a_described_clause_subject_is_a_candidate_and_a_measure_is_not():
    found = phrases_of("Regional carriers are 20-30% cheaper on the same routes.", "20-30%")
    assert found.get("Regional carriers") == "subject"
    found = phrases_of("A delivery robot making 2,000 trips a day needs 40 kWh.", "2,000")
    assert found.get("delivery robot") == "subject"
    # the measured noun itself ("total output") owns nothing: its owner is said elsewhere
    assert phrases_of("Total farm output rose by 3,400 tonnes in June.", "3,400") == {}


def test_a_thing_described_with_its_place():
    text = "The firm is building a 3-gigawatt campus in Northern Nevada with 400,000 servers."
    assert phrases_of(text, "400,000").get("campus in Northern Nevada") == "place"
    assert phrases_of(text, "3-gigawatt").get("campus in Northern Nevada") == "place"


def test_two_capitalised_words_after_a_determiner_or_possessive_name_a_product():
    text = "Acme's entry-level Model Q starts at $41,000, while the Zeta Roadster costs $52,000."
    found = phrases_of(text, "$52,000")
    assert found.get("Zeta Roadster") == "proper" and found.get("Model Q") == "proper"
    # a name before a lowercase noun is that noun's modifier, a place here
    text = "The Port Vela harbour authority raised $30 million."
    assert "Port Vela" not in phrases_of(text, "$30 million")
    # an adjective of a people before an acronym is no name
    assert "Chinese GPU" not in phrases_of("Lumora, a Chinese GPU maker, raised $90 million.",
                                           "$90 million")


def test_persons_sources_and_names_the_pack_knows_are_no_phrases():
    text = "The Morning Ledger reported that the Zeta Roadster costs $52,000."
    assert "Morning Ledger" not in phrases_of(text, "$52,000")
    # a pack name opening the clause is a name candidate, not a phrase
    text = "The NVIDIA H100 carries 80 GB of memory."
    assert not any("H100" in p for p in phrases_of(text, "80 GB"))


@pytest.mark.parametrize("sentence", [
    "", "   ", "12%", "and, and, and 4%", "The: of 3 in", "– – 5", "A a a a a a a a 7",
])
def test_odd_sentences_give_no_crash(sentence):
    out = sentence_phrases(sentence, 0, len(sentence), lambda a, b: False)
    assert all(0 <= a < b <= len(sentence) and sentence[a:b] == s for a, b, s, _ in out)
    for i in range(len(sentence)):
        item = list_item(sentence, 0, i, i + 1, len(sentence))
        assert item is None or sentence[item[0]:item[1]] == item[2]


def test_a_name_in_quotes_is_a_candidate():
    text = 'The state set up a $40 billion "Harbor Growth Fund" in 2024.'
    assert phrases_of(text, "$40 billion").get("Harbor Growth Fund") == "quoted"
    # a quoted single word is a term, not a name
    assert not phrases_of('Critics call the $5 million grant "Reckless" and worse.', "$5 million")


def test_a_capitalised_pair_after_a_determiner_and_a_figure_or_adjective():
    text = "The $31,000 Corvo e-Lark has a range of 210km."
    assert phrases_of(text, "210km").get("Corvo e-Lark") == "proper"
    text = "The top-spec 300kW Acme Roadster reaches 500km."
    assert phrases_of(text, "500km").get("Acme Roadster") == "proper"


def test_a_noun_in_ing_before_a_verb_stays_in_the_subject():
    text = "Frontier model training has grown 4x a year."
    assert phrases_of(text, "4x").get("Frontier model training") == "subject"


def test_a_run_on_sentence_of_phrases_and_figures_is_read_in_linear_time():
    """A flattened page with no sentence end: every figure's phrases come from one cached
    reading of the sentence, each checked against the few names next to it."""
    import random
    import time

    from extract import extract_claims
    rng = random.Random(11)
    words = ["the", "Acme", "Roadster", "costs", "$41,000", "including", "pilots", "at", "4%",
             ",", "nurses", "3%", "a", "campus", "in", "Northern", "Nevada", '"Harbor', 'Fund"',
             "Output", "in", "mining", "rose", "12,000", "and", "QX-7"]
    text = " ".join(rng.choice(words) for _ in range(8000))
    began = time.perf_counter()
    claims = extract_claims(text, html=False)
    assert claims and time.perf_counter() - began < 60


def test_a_counted_group_that_does_something_is_a_candidate():
    text = "The guild says 14 bakeries that open before dawn bake about 6,000 loaves a day."
    assert phrases_of(text, "about 6,000").get("14 bakeries") == "counted"
    text = "Of 52 farms surveyed by the ministry last spring, most grew 300 tonnes of wheat."
    assert phrases_of(text, "300 tonnes").get("52 farms") == "counted"
    # a count of time, of a measure or of bare units owns nothing; nor a count with no clause
    for text, value in (("Over 40 years that passed, output doubled to 12,000 tonnes.", "12,000"),
                        ("The firm sold 300 units that cost $20 each.", "$20"),
                        ("The 12 stores in town earned $4 million.", "$4 million")):
        assert "counted" not in phrases_of(text, value).values(), text


def test_the_name_a_relative_clause_holding_the_figure_describes():
    text = "Bond buyers kept faith in Samsung, which booked $4.2 billion in chip profit, all year."
    assert feature_of(text, "$4.2 billion", "Samsung").get("relative_owner")
    # the clause ended before the figure: no longer the name's
    text = "Bond buyers kept faith in Samsung, which had a quiet year; a rival booked $4.2 billion."
    assert not feature_of(text, "$4.2 billion", "Samsung").get("relative_owner")


def test_a_place_that_acts_is_marked_and_a_place_after_a_preposition_is_not():
    text = "China imported $385 billion worth of chips, and Taiwan exported $90 billion."
    assert feature_of(text, "$385 billion", "China").get("place_actor")
    text = "Shipments to Japan grew 12% in the spring, and output in Taiwan rose 4%."
    assert not feature_of(text, "12%", "Japan").get("place_actor")
    assert not feature_of(text, "4%", "Taiwan").get("place_actor")
