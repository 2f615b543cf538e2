"""The period and the metric name of a figure, as the text states them (issue 14, point 5):
a period said once in a sentence holds for the figures it is said of, or carries into a sentence
that goes on from it, unless words move a figure to another time; one figure has one metric
name in one text. Texts written for these tests."""
from __future__ import annotations

from extract.pipeline import extract_claims


def _claims(text: str) -> dict[str, dict]:
    return {c["value_text"]: c for c in extract_claims(text)}


def _period(claims: dict, value_text: str):
    return claims[value_text]["qualifiers"].get("period")


def test_a_period_said_once_holds_for_the_later_figures_of_the_same_measure():
    found = _claims("Meta alone expects to put $65 billion into capex in 2027; analysts place "
                    "Microsoft at about $80 billion and Amazon at roughly $100 billion.")
    assert [_period(found, v) for v in ("$65 billion", "about $80 billion",
                                        "roughly $100 billion")] == ["2027"] * 3


def test_a_period_said_of_a_product_holds_for_its_other_figures():
    found = _claims("NVIDIA says the Rubin lands in 2027, promising 50 petaflops of FP4 compute "
                    "with 288 GB of HBM4 memory and memory bandwidth of 13 TB/s.")
    assert {v: _period(found, v) for v in ("50 petaflops", "288 GB", "13 TB/s")} == \
        {"50 petaflops": "2027", "288 GB": "2027", "13 TB/s": "2027"}


def test_words_that_move_a_figure_to_another_time_stop_the_period():
    found = _claims("Microsoft spent $40 billion on capex in 2025, up from $28 billion.\n"
                    "Meta spent $39 billion on capex in 2025 and will spend $65 billion next year.")
    assert _period(found, "$40 billion") == "2025"
    assert _period(found, "$28 billion") is None      # "up from": an earlier year's
    assert _period(found, "$39 billion") == "2025"
    assert _period(found, "$65 billion") is None      # "next year"
    found = _claims("Sales of the accelerators grew from $1.5 billion in 2023 to $4.5 billion in "
                    "2025.")
    assert _period(found, "$4.5 billion") == "2025"   # "from ... in 2023 to": not 2023


def test_a_sentence_that_goes_on_carries_the_period_of_the_one_before():
    found = _claims("AMD will ship the MI400 in 2026. It will carry 432 GB of HBM4 memory.\n\n"
                    "AMD shipped the MI300X in 2024. Today it sells 192 GB of memory for less.")
    assert _period(found, "432 GB") == "2026"
    assert _period(found, "192 GB") is None            # "Today": not a sentence that goes on


def test_one_figure_has_one_metric_name_in_one_text():
    text = ("The B200 reaches 2,250 TFLOPS of dense FP16, so the MI300X manages roughly 0.58x "
            "that number.\n\n"
            "| Specification | NVIDIA B200 | AMD MI300X | MI300X / B200 |\n"
            "| FP16 compute, dense | 2,250 TFLOPS | ~1,300 TFLOPS | 0.58x |\n")
    found = _claims(text)
    prose, row = found["roughly 0.58x"], found["0.58x"]
    assert prose["subject"] == row["subject"] == "AMD MI300X"
    assert prose["metric"] == row["metric"] != "ratio"
    # a catch-all name stays when nothing in the text names the figure more precisely
    alone = _claims("The MI300X manages roughly 0.58x the B200 figure.")
    assert alone["roughly 0.58x"]["metric"] == "ratio"


def test_a_figure_on_a_roadmap_is_projected():
    found = _claims("AMD's roadmap puts 288 GB of HBM4 on its next accelerator.")
    assert found["288 GB"]["qualifiers"].get("projected") is True


# -- a change from one level to another: two levels, each with its own period ------------------
def test_a_count_named_before_it_rises_from_one_level_to_another():
    found = _claims("Deliveries of the Zephyr board climbed from an estimated 45,000 in 2023 "
                    "to roughly 90,000 in 2024, the maker said.")
    low, high = found["an estimated 45,000"], found["roughly 90,000"]
    assert (low["kind"], low["value"], high["kind"], high["value"]) == \
        ("count", 45_000, "count", 90_000)
    assert (_period(found, "an estimated 45,000"), _period(found, "roughly 90,000")) == \
        ("2023", "2024")
    assert low["qualifiers"].get("estimate") and not high["qualifiers"].get("estimate")


def test_a_year_after_a_counted_figure_is_that_figures_year():
    found = _claims("Orders for the Quill accelerator grew from 8,000 units in 2022 to 2 "
                    "million units in 2025.")
    assert (_period(found, "8,000"), _period(found, "2 million")) == ("2022", "2025")


def test_a_model_number_between_a_figure_and_its_year_does_not_hide_the_year():
    found = _claims("AMD shipped 40,000 MI250 accelerators in 2022.")
    assert _period(found, "40,000") == "2022"


def test_a_bare_number_after_a_plural_noun_that_is_not_a_measure_stays_unread():
    assert extract_claims("Prices rose to 1,250 in the spring.") == []


# -- a time named against the text's date -----------------------------------------------------
def _dated(text: str, published: str | None) -> dict[str, dict]:
    return {c["value_text"]: c["qualifiers"]
            for c in extract_claims(text, published=published)}


def test_this_year_and_next_quarter_are_read_against_the_publication_date():
    text = ("Brokers expect Acme to ship more than 70,000 Zephyr chips this year. "
            "Next quarter, Acme expects revenue of $900 million, against $600 million a year "
            "ago.")
    found = _dated(text, "2027-02-11")
    assert found["more than 70,000"]["period"] == "2027"
    assert (found["$900 million"]["period"], found["$900 million"]["quarter"]) == ("2027", "Q2")
    assert found["$600 million"]["period"] == "2026"
    # with no date, nothing is guessed
    undated = _dated(text, None)
    assert all("period" not in q for q in undated.values())


def test_a_stated_year_wins_over_a_relative_time_later_in_the_sentence():
    found = _dated("Acme sold 30,000 Zephyr chips in 2025 and hopes for more this year.",
                   "2026-03-01")
    assert found["30,000"]["period"] == "2025"


def test_an_html_page_gives_its_own_date():
    page = ("<html><head><meta property='article:published_time' content='2028-10-02'>"
            "<title>t</title></head><body><article><h1>Acme ramps up</h1><p>Acme plans to "
            "ship 12,000 Zephyr boards last quarter and more since.</p></article></body></html>")
    [claim] = [c for c in extract_claims(page, html=True) if c["value"] == 12_000]
    assert (claim["qualifiers"]["period"], claim["qualifiers"]["quarter"]) == ("2028", "Q3")


def test_a_headline_figure_is_said_of_the_time_the_body_gives_it():
    text = ("Acme's board sales head for $3 billion\n"
            "Acme expects board sales of about $3 billion in 2027, its filing shows.")
    found = extract_claims(text)
    assert {c["qualifiers"].get("period") for c in found if c["value"] == 3e9} == {"2027"}


def test_a_planned_figure_makes_the_later_figures_of_its_thing_planned():
    found = _claims("The Zephyr Pod will link 4,096 Zephyr chips for 2 exaflops of FP8 compute, "
                    "with 600 TB of memory.")
    assert all(found[v]["qualifiers"].get("projected") for v in ("2 exaflops", "600 TB"))


def test_a_figure_of_a_year_after_the_texts_own_is_projected():
    text = "The Zephyr 3 arrives in 2029 with 512 GB of memory. The Zephyr 2 had 256 GB in 2027."
    found = _dated(text, "2028-01-15")
    assert found["512 GB"].get("projected") and not found["256 GB"].get("projected")
