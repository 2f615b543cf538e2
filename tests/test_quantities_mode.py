"""The pack-free quantity mode (`claims extract --quantities`, extract.quantity_mode) and the units
it reads: every quantity with its value, a unit pint reads (or an ISO currency code, "%", "1"),
its change and what it counts; bad numbers and unknown units never crash."""
from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from extract.quantity_mode import extract_quantities
from extract.units import _TABLE, lookup, pint_expression

CLAIMS = Path(sys.executable).with_name("claims")


def _one(text: str) -> dict:
    found = extract_quantities(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, value, unit", [
    ("The coupe tops out at 87 mph on the test track.", 87.0, "mile / hour"),
    ("Trains there run at 320 km/h between the cities.", 320.0, "kilometer / hour"),
    ("Its pack stores 75 kWh and charges overnight.", 75.0, "kilowatt_hour"),
    ("The handset has a 5,100 mAh cell.", 5100.0, "milliampere_hour"),
    ("The cores are clocked at 3.2 GHz in the fast mode.", 3.2, "gigahertz"),
    ("The desert hit 48 °C at noon.", 48.0, "degC"),
    ("The flat covers 1,150 square feet in all.", 1150.0, "foot ** 2"),
    ("The bridge spans 1.8 kilometres of open water.", 1.8, "kilometer"),
    ("The engine makes 450 Nm from low revs.", 450.0, "newton * meter"),
    ("Each board holds 96 GB of memory.", 96e9, "byte"),
])
def test_units_are_pint_expressions(text, value, unit):
    q = _one(text)
    assert math.isclose(q["value"], value, rel_tol=1e-9)
    assert q["unit"] == unit
    assert text[q["start"]:q["end"]] == q["text"]


@pytest.mark.parametrize("text, value, code", [
    ("The fund raised €40 million last year.", 40e6, "EUR"),
    ("The flat sold for A$1.2 million on Saturday.", 1.2e6, "AUD"),
    ("Its turnover reached 3.4 billion shekels.", 3.4e9, "ILS"),
    ("Tickets cost 2,500 yen at the door.", 2500.0, "JPY"),
    ("The stake was bought for HK$88 million.", 88e6, "HKD"),
])
def test_currencies_are_iso_codes(text, value, code):
    q = _one(text)
    assert (q["value"], q["unit"], q["kind"]) == (value, code, "money")


def test_counts_of_nouns_no_pack_knows():
    found = extract_quantities("The port employs 13,000 dockers and runs seven container "
                               "terminals.")
    assert [(q["value"], q["unit"], q["noun"]) for q in found] == [
        (13000.0, "1", "dockers"), (7.0, "1", "terminals")]


def test_changes_and_levels():
    found = extract_quantities("Quarterly sales rose 77% to $4.1 billion, the index was up 58 "
                               "points and margins were down 6%; about 30 stores opened.")
    got = [(q["value"], q["unit"], q["change"]) for q in found]
    assert got == [(77.0, "%", "up"), (4.1e9, "USD", "="), (58.0, "points", "up"),
                   (6.0, "%", "down"), (30.0, "1", "~")]


def test_bounds_and_ranges():
    found = extract_quantities("More than 200 riders finished; the race covers 80-95 km and "
                               "dozens of volunteers helped.")
    assert found[0]["change"] == ">"
    assert (found[1]["low"], found[1]["high"], found[1]["unit"]) == (80.0, 95.0, "kilometer")
    assert (found[2]["low"], found[2]["high"]) == (12.0, 120.0)


def test_years_dates_names_and_ordinals_are_not_quantities():
    text = ("On March 3, 2021 the 2nd edition of the iPhone 12 guide listed Route 66 and "
            "the Big 10 at 10:30 am.")
    assert extract_quantities(text) == []


@pytest.mark.parametrize("text", [
    "Version 1.2.3 shipped.", "A factor of 10^12 appears.", "Half is ½ here.",
    "The table shows 3,87 there.", "It read -0 today.", "The rig weighs 40 florps per wug.",
    "5 zorbles", "$", "10^99999", "1e400 units", "−", "",
])
def test_bad_numbers_never_crash(text):
    for q in extract_quantities(text):
        assert text[q["start"]:q["end"]] == q["text"]
        v = q.get("value")
        assert v is None or (math.isfinite(v) and not (v == 0 and math.copysign(1, v) < 0))


def test_odd_numbers_read_as_written():
    assert [q["value"] for q in extract_quantities("A factor of 10^12 appears.")] == [1e12]
    assert [q["value"] for q in extract_quantities("Version 1.2.3 shipped.")] == []
    assert [q["value"] for q in extract_quantities("The table shows 3,87 there.")] == []
    assert extract_quantities("It read -0 degrees today.")[0]["value"] == 0.0


def test_a_unit_pint_cannot_read_is_kept_as_text():
    q = _one("The rig moves 12 zorbles per wug.")
    assert (q["value"], q["unit"], q["kind"]) == (12.0, "zorbles/wug", "other")


def test_every_unit_of_the_table_is_read_by_pint():
    import pint
    ureg = pint.UnitRegistry()
    ureg.define("FLOP = [floating_point_operation]")
    ureg.define("OP = [operation]")
    for _, kind, expr, base in _TABLE:
        if expr:
            ureg.parse_units(expr.replace("/", " / "))   # raises if pint cannot read it
        if kind == "other" and expr:
            assert pint_expression(base) is not None


@pytest.mark.parametrize("surface, kind, base", [
    ("km", "other", "km"), ("GT/sec", "other", "GT/s"), ("mph", "other", "mph"),
    ("H100-hours", "other", "GPU-hours"), ("wall-clock A100-hours", "other", "GPU-hours"),
    ("GiB", "memory", "B"), ("PF", "compute", "FLOP/s"),
    ("FLOPs", "other", "FLOP"), ("WAR", None, None),
])
def test_unit_surfaces(surface, kind, base):
    found = lookup(surface)
    assert (found[0].kind, found[0].base) == (kind, base) if kind else found is None


def test_cli_quantities_mode(tmp_path):
    page = tmp_path / "note.txt"
    page.write_text("The NVIDIA H100 carries 80 GB of memory and the plant employs 2,400 "
                    "welders.\n", encoding="utf-8")
    out = subprocess.run([str(CLAIMS), "extract", "--quantities", str(page)],
                         capture_output=True, text=True, check=True)
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [(r["doc"], r["value"], r["unit"], r["kind"]) for r in rows] == [
        ("note.txt", 80e9, "byte", "memory"), ("note.txt", 2400.0, "1", "count")]
    assert rows[1]["noun"] == "welders" and "subject" not in rows[0]
    with_pack = subprocess.run([str(CLAIMS), "extract", "--quantities", "--pack", "ai_chips",
                                str(page)], capture_output=True, text=True, check=True)
    first = json.loads(with_pack.stdout.splitlines()[0])
    assert first["subject"] == "NVIDIA H100" and first["metric"]


def test_cli_quantities_bad_file_is_one_line(tmp_path):
    out = subprocess.run([str(CLAIMS), "extract", "--quantities", str(tmp_path / "absent.txt")],
                         capture_output=True, text=True)
    assert out.returncode == 1
    assert len(out.stderr.strip().splitlines()) == 1 and "absent.txt" in out.stderr


# news conventions, in sentences written for these tests --------------------------------------
def _read(text: str) -> list[tuple]:
    return [(q.get("value", (q.get("low"), q.get("high"))), q["unit"]) for q in
            extract_quantities(text)]


def test_a_change_from_one_figure_to_another_is_one_quantity_in_the_texts_order():
    found = extract_quantities("The ferry fare dropped from $14 in spring to $11.50 by June.")
    assert [(q["low"], q["high"], q["unit"], q["change"]) for q in found] == [
        (14.0, 11.5, "USD", "down")]
    assert _read("Her weight went from 61 kilograms to 58.") == [((61.0, 58.0), "kilogram")]
    assert _read("Attendance climbed from 240 to 310.") == [((240.0, 310.0), "1")]
    # a range is still low to high; two figures in two clauses stay two
    assert _read("Seats cost between $40 and $95 each.") == [((40.0, 95.0), "USD")]
    assert len(extract_quantities("It fell from 9% in May; by July 4 ships had sailed.")) == 1


@pytest.mark.parametrize("text, expected", [
    ("Okafor, 41, joined the board.", [(41.0, "year")]),
    ("The orchard, aged 90, still bears fruit.", [(90.0, "year")]),
    ("The punter averaged 48 net yards.", [(48.0, "yard")]),
    ("The mill turns out 9,000 tonne-a-day of pulp.", [(9000.0, "metric_ton / day")]),
    ("Glaciers there retreat 30 metres per decade.", [(30.0, "meter / decade")]),
    ("The coating carries 2.4 A/cm2 at rest.", [(2.4, "ampere / centimeter ** 2")]),
    ("The jug holds 3/4 of a gallon.", [(0.75, "gallon")]),
    ("The cup is 1⁄8 of a quart.", [(0.125, "quart")]),
    ("Crews hauled it hundreds of kilometres inland.", [((100.0, 1000.0), "kilometer")]),
    ("Two out of five voters stayed home.", [(0.4, "1")]),
    ("Roughly half of the orchards flooded.", [(0.5, "1")]),
    ("The dig lasted two or three weeks.", [((2.0, 3.0), "week")]),
    ("Yields may rise between four to 9 percent.", [((4.0, 9.0), "%")]),
    ("Only 120 million of the 800 million rupees were paid.", [(120e6, "INR"), (800e6, "INR")]),
    ("The tower stands 42m (138ft) tall.", [(42.0, "meter"), (138.0, "foot")]),
    ("They sold a three-bedroom cottage and a 12-storey block.", [(3.0, "1"), (12.0, "1")]),
    ("Twenty-five riders and two dozen horses set out.", [(25.0, "1"), (24.0, "1")]),
    ("There were 3 hundred thousand visitors.", [(300000.0, "1")]),
    ("The stream was minus-4 degrees Celsius at dawn.", [(-4.0, "degC")]),
    ("Fabs race toward sub-3 nanometre nodes.", [(3e-9, "meter")]),
    ("It weighs 2.5×10⁻³ kilograms.", [(0.0025, "kilogram")]),
])
def test_news_conventions(text, expected):
    got = _read(text)
    assert len(got) == len(expected), got
    for (v, u), (ev, eu) in zip(got, expected):
        assert u == eu, got
        if isinstance(ev, tuple):
            assert all(math.isclose(a, b, rel_tol=1e-9) for a, b in zip(v, ev)), got
        else:
            assert math.isclose(v, ev, rel_tol=1e-9), got


def test_counted_nouns_of_compounds_and_suspended_hyphens():
    found = extract_quantities("The yard built two-, three- and five-masted schooners and a "
                               "four-door van.")
    assert [(q["value"], q["noun"]) for q in found] == [
        (2.0, "masted"), (3.0, "masted"), (5.0, "masted"), (4.0, "door")]


def test_a_price_keeps_its_currency_and_says_what_it_is_for():
    # the unit in words as NewsQuant names a price per unit; the currency keeps its code
    q = _one("Diesel sold at $3.89 per gallon on the coast.")
    assert (q["value"], q["unit"], q["currency"], q["per"]) == (
        3.89, "dollar per gallon", "USD", "gallon")
    q = _one("The loft rents for €2,100 a month.")
    assert (q["value"], q["unit"], q["currency"], q["per"]) == (
        2100.0, "euro per month", "EUR", "month")
    assert _read("Offices let at £30 per sq ft, flats at $95 per sq m.") == [
        (30.0, "pound sterling per square foot"), (95.0, "dollar per square metre")]
    # a thing the price is for, after "a" only where the clause goes on or ends
    assert _one("A room costs €120 a night in August.")["unit"] == "euro per night"
    assert _one("The fund paid $4 a head.")["per"] == "head"
    assert "per" not in _one("He paid $40 a big fee.")
    q = _one("Cleaners are paid £12 an hour.")
    assert (q["value"], q["unit"], q["currency"], q["per"]) == (
        12.0, "pound sterling per hour", "GBP", "hour")


def test_minor_units_are_kept_as_written():
    q = _one("Coffee futures slipped 14 cents on the day.")
    assert (q["value"], q["unit"], q["currency"]) == (14.0, "cent", "USD")
    q = _one("It earned 52 cents a share in the quarter.")
    assert (q["value"], q["unit"], q["per"]) == (52.0, "cent per share", "share")
    # a share price in pence, quoted as the market quotes it: a penny a point
    found = _read("Acme shares dropped 7p to 312.5p in London trading.")
    assert found == [(7.0, "points"), (312.5, "points")]
    # "p.m." is a time, not pence
    assert all(q["unit"] != "points" for q in
               extract_quantities("Shares traded at 4 p.m. for 90 minutes."))


def test_comparisons_in_words_and_numbers_that_name_are_not_quantities():
    assert extract_quantities("She ran twice as fast and the crowd was more than double.") == []
    assert extract_quantities("A category 3 storm reached level 2 of the plan.") == []


@pytest.mark.parametrize("text", [
    "It read 1,2 and ½ and 10^12 and 3,87 and 1.2.3 today.", "The ratio 1⁄0 of a pint.",
    "A power 10^-99999 and 10⁻⁹⁹⁹ and 7×10−400 kilograms.", "It was minus- and sub-.",
    "0 out of 0 riders.", "Nothing in 0 cases; 5 out of 3 votes.", "The flux hit 4 Qz/zz2.",
    "It fell from $ to $.", "from 5 to", "Okafor, 0, said.", "between seven to",
    "two-, three- and", "1/0 of a gallon", "hundreds of", "9 zorbles a wug",
    "It cost $4 per  .", "−0 out of 4", "2.5×10⁻ kilograms",
])
def test_odd_input_gives_a_value_or_nothing(text):
    for q in extract_quantities(text):
        assert text[q["start"]:q["end"]] == q["text"]
        for key in ("value", "low", "high"):
            v = q.get(key)
            assert v is None or math.isfinite(v)


def test_a_change_then_a_level_are_two_figures():
    found = extract_quantities("The gauge climbed 1.5 points to 812 and exports jumped 30% to "
                               "4,000 crates.")
    assert [(q["value"], q["unit"]) for q in found] == [
        (1.5, "points"), (812.0, "points"), (30.0, "%"), (4000.0, "1")]
    assert found[0]["change"] == "up"
    r = _one("Output grew 4 to 6 percent.")
    assert (r["low"], r["high"], r["unit"]) == (4.0, 6.0, "%")


def test_heights_decades_and_south_asian_scales():
    q = _one("The 7-foot-2 centre signed on.")
    assert q["unit"] == "foot" and math.isclose(q["value"], 7 + 2 / 12)
    assert extract_quantities("Prices fell in the 80s and the 90's.") == []
    assert _read("The state spent Rs 40 crore on roads and 3 lakh rupees on signs.") == [
        (4e8, "INR"), (3e5, "INR")]
    q = _one("Plans start at $9.99/month.")
    assert (q["unit"], q["per"]) == ("dollar per month", "month")


def test_verbs_that_look_like_labels_and_money_compounds():
    assert _read("The hall can seat 300 more guests.") == [(300.0, "1")]
    assert _read("The bank will issue 40 million notes.") == [(40e6, "1")]
    q = _one("They placed million-dollar bets on the race.")
    assert (q["value"], q["unit"]) == (1e6, "USD")
    assert _read("Tests on the 880's casing and the 1970s fleet.") == [(880.0, "1")]


def test_unit_letters_glued_to_a_number_and_a_move_then_a_level():
    assert _read("It was 31C at noon, 88F by dusk, with 3in of hail and a 24V pump.") == [
        (31.0, "degC"), (88.0, "degF"), (3.0, "inch"), (24.0, "volt")]
    assert _read("The lap took 71.2sec.") == [(71.2, "second")]
    assert _read("Silver gained $2 to $31 an ounce.") == [(2.0, "USD"), (31.0, "dollar per ounce")]
    assert extract_quantities("There were 13 SEC filings.")[0]["unit"] == "1"


def test_a_number_alone_led_like_a_figure_before_it_shares_its_unit():
    assert _read("The gauge closed at 812.5 points and the other ended at 640.1.") == [
        (812.5, "points"), (640.1, "points")]
    assert _read("Exports grew by 3 percent while imports shrank by 2.") == [
        (3.0, "%"), (2.0, "%")]
    assert _read("Exports grew by 3 percent. Imports were at 2 and by 4.") == [
        (3.0, "%"), (2.0, "1"), (4.0, "1")]


def test_fractions_in_words_and_proportions_against_times():
    assert _read("A two-thirds majority backed it.") == [(2 / 3, "1")]
    assert _read("She scored 2 in 9 minutes.") == [(2.0, "1"), (9.0, "minute")]
    assert _read("About 1 in 8 riders fell.") == [(0.125, "1")]


def test_metres_the_words_after_say_and_millions_otherwise():
    assert _read("The mast is 14.5m tall and the 200m relay ran late.") == [
        (14.5, "meter"), (200.0, "meter")]
    assert _read("The club raised £7m long before and sold 2m shirts.") == [
        (7e6, "GBP"), (2e6, "1")]


def test_a_lone_c_or_f_is_a_unit_where_the_sentence_says_what_it_measures():
    assert _read("The wax has a 58 C melting point.") == [(58.0, "degC")]
    assert _read("Forecasters expect highs near 101 F and lows of 77 F.") == [
        (101.0, "degF"), (77.0, "degF")]
    assert _read("The supercapacitor bank holds 3.3 F at 16 volts.") == [
        (3.3, "farad"), (16.0, "volt")]
    # nothing in the sentence says temperature or capacitance: a grade, not a unit
    assert _read("Pupils in year 9 C sat the paper.") == []


def test_metric_horsepower_and_consoles():
    assert _read("The hatch makes 180 PS (178 hp).") == [(180.0, "metric_horsepower"),
                                                         (178.0, "horsepower")]
    assert _read("A PS5 sold for $450; the firm made PS3.1m.") == [(450.0, "USD"),
                                                                   (3.1e6, "GBP")]


def test_a_move_in_money_then_a_level_is_not_a_range():
    assert _read("Copper slipped $40 to $8,900 a tonne.") == [(40.0, "USD"),
                                                              (8900.0, "dollar per tonne")]
    assert _read("Seats cost $40 to $95.") == [((40.0, 95.0), "USD")]


@pytest.mark.parametrize("text, expected", [
    ("The gale brought four and a half inches of sleet.", [(4.5, "inch")]),
    ("The survey took 2 and a quarter years.", [(2.25, "year")]),
    ("Roadworks lasted a week and a half.", [(1.5, "week")]),
    ("Some one and a half million fans watched.", [(1.5e6, "1")]),
    ("The loop is 3 1/2 miles long.", [(3.5, "mile")]),
    ("The museum drew a quarter of a million visitors.", [(250000.0, "1")]),
    ("The city borrowed half a billion dollars.", [(5e8, "USD")]),
    ("They spent three quarters of a million euros.", [(750000.0, "EUR")]),
])
def test_whole_numbers_with_fractions_are_one_figure(text, expected):
    got = _read(text)
    assert len(got) == len(expected), got
    for (v, u), (ev, eu) in zip(got, expected):
        assert u == eu and math.isclose(v, ev, rel_tol=1e-9), got


def test_a_time_reference_after_money_is_not_a_rate():
    q = _one("The club earned £9m a year earlier.")
    assert (q["value"], q["unit"], q.get("per")) == (9e6, "GBP", None)
    assert _one("Rooms go for €900 a month.")["per"] == "month"


def test_signed_figures_are_moves():
    found = extract_quantities("At noon: banks +0.4%, miners -1.3%, the gauge +12 points.")
    assert [(q["value"], q["unit"], q["change"]) for q in found] == [
        (0.4, "%", "up"), (-1.3, "%", "down"), (12.0, "points", "up")]


@pytest.mark.parametrize("text, expected", [
    ("The lake froze for the first time in a hundred years.", [(100.0, "year")]),
    ("A dozen pylons fell.", [(12.0, "1")]),
    ("Half a dozen ferries were cancelled.", [(6.0, "1")]),
    ("The repair bill came to a thousand dollars.", [(1000.0, "USD")]),
    ("The hotel sold for two hundred million euros.", [(2e8, "EUR")]),
    ("The bank trimmed its rate by a quarter of a percentage point.", [(0.25, "%")]),
    ("The camp sits half a mile upstream.", [(0.5, "mile")]),
])
def test_number_words_with_a_and_fractions_of_a_unit(text, expected):
    got = _read(text)
    assert len(got) == len(expected), got
    for (v, u), (ev, eu) in zip(got, expected):
        assert u == eu and math.isclose(v, ev, rel_tol=1e-9), got


def test_an_index_level_is_in_points_and_an_index_name_is_not_a_count():
    found = extract_quantities("The Dow shed 210 points, or 0.6%, to 35,120.5 on Monday.")
    assert [(q["value"], q["unit"]) for q in found] == [
        (210.0, "points"), (0.6, "%"), (35120.5, "points")]
    assert _read("The FTSE 100 closed 0.3% lower at 7,702.") == [(0.3, "%"), (7702.0, "points")]
    assert extract_quantities("The FTSE 100 closed 0.3% lower.")[0]["change"] == "down"
    # no index in the sentence: a level of something else stays a number
    assert _read("The herd grew 4% to 1,380.") == [(4.0, "%"), (1380.0, "1")]
    assert _read("futures on the s&p 500 slipped 0.1%.") == [(0.1, "%")]


def test_ranges_with_a_unit_letter_metres_in_brackets_and_a_scale_before_a_unit():
    assert _read("Afternoons of 28-31C are likely.") == [((28.0, 31.0), "degC")]
    assert _read("The home side won 98-91.") == []
    assert _read("The spire rises 404ft (123m) above the square.") == [
        (404.0, "foot"), (123.0, "meter")]
    assert _read("Farmers lifted 3.4m tonnes of wheat.") == [(3.4e6, "metric_ton")]


def test_crore_with_a_scale_before_it():
    assert _read("The ministry set aside Rs 2.5 lakh crore and Rs 8 thousand crore.") == [
        (2.5e12, "INR"), (8e10, "INR")]


@pytest.mark.parametrize("text", [
    "and a half", "an and a half and a half", "999 and a half and 3 1/0 miles and 0 0/0 of a",
    "C F 1 C 2 F -0 C temperature", "PS PS1 PS 2 300 PS PS", "(5m) ft (m) ft(3m)",
    "+ - +0 -0 % -0% +-3%", "Rs lakh crore 1 lakh crore crore", "half a dozen of a",
    "the s&p sp 500 index at 1,000.5 fell 2% to 1,000.5",
])
def test_odd_fractions_letters_and_signs_never_crash(text):
    for q in extract_quantities(text):
        assert q.get("value") is not None or q.get("low") is not None
        assert not (q.get("value") == 0 and math.copysign(1, q["value"]) < 0)


def test_a_number_in_words_that_says_when_is_not_a_duration():
    assert _read("The mill closed a hundred years ago.") == []


@pytest.mark.parametrize("text, expected", [
    ("The refinery runs 95,000 bpd.", [(95000.0, "barrel / day")]),
    ("A slice carries 280 calories.", [(280.0, "kilocalorie")]),
    ("Ozone peaked at 80 ppm.", [(80.0, "ppm")]),
    ("The sapphire weighs 40 carats, set in 22-carat gold.", [(40.0, "carat")]),
    ("He shed 2 stone and skipped 9 stones across the pond.", [(2.0, "stone"), (9.0, "1")]),
    ("Stir in 3 tablespoons of oil and 2 cups of stock.", [(3.0, "tablespoon"),
                                                           (2.0, "cup")]),
    ("The switch reacts in 40 milliseconds.", [(40.0, "millisecond")]),
    ("Glaciers shed 270 gigatonnes.", [(270.0, "gigametric_ton")]),
    ("Crews took 3 millisieverts.", [(3.0, "millisievert")]),
    ("The charger puts out 20 V to the battery.", [(20.0, "volt")]),
])
def test_more_units_pint_reads(text, expected):
    got = _read(text)
    assert len(got) == len(expected), got
    for (v, u), (ev, eu) in zip(got, expected):
        assert u == eu and math.isclose(v, ev, rel_tol=1e-9), got


def test_unit_words_that_name_other_things():
    assert _read("It is a $300 stone bread oven.") == [(300.0, "USD")]
    assert _read("She has won three straight World Cups.") == [(3.0, "1")]


def test_phone_numbers_are_not_ranges():
    assert _read("For tickets call 555-0188.") == []


def test_lower_after_a_figure_is_a_move_only_in_a_market_report():
    assert extract_quantities("The Hang Seng ended 1.1% lower.")[0]["change"] == "down"
    assert extract_quantities("Its fans were 20% lower in noise.")[0]["change"] == "="


def test_a_number_the_sentence_calls_an_age_is_in_years():
    assert _read("Life expectancy in the valley is about 81.") == [(81.0, "year")]
    assert _read("Voters must reach the age of 16, and 30 of them did.") == [
        (16.0, "year"), (30.0, "1")]


@pytest.mark.parametrize("text, expected", [
    ("The visitors won 4-1 at the weekend.", [(4.0, 1.0)]),
    ("A late goal gave them a 2-0 lead.", [(2.0, 0.0)]),
    ("At 0-3 down the crowd went quiet.", [(0.0, 3.0)]),
    ("They drew 2-2 with the leaders.", [(2.0, 2.0)]),
])
def test_a_score_is_its_two_sides_in_the_text_order(text, expected):
    found = extract_quantities(text)
    assert [(q["low"], q["high"]) for q in found] == expected
    assert all(q["unit"] == "1" for q in found)


def test_a_range_of_numbers_is_not_a_score():
    assert _read("Gusts of 40-55 mph hit the coast.") == [((40.0, 55.0), "mile / hour")]
    assert _read("The Act covered the 2019-20 season.") == []
    assert _read("He lost 10-15 pounds over the winter.") == [((10.0, 15.0), "pound")]
    assert _read("They beat the hosts 3-1 at the weekend.") == [((3.0, 1.0), "1")]


def test_feet_and_inches_are_one_height():
    found = extract_quantities("The forward stands 6 feet 7 inches; the guard is 5ft 10in.")
    assert [q["unit"] for q in found] == ["foot", "foot"]
    assert math.isclose(found[0]["value"], 6 + 7 / 12)
    assert math.isclose(found[1]["value"], 5 + 10 / 12)


def test_each_side_of_a_size_is_a_length():
    assert _read("The panel measures 1.2m x 3m.") == [(1.2, "meter"), (3.0, "meter")]
    assert _read("A 4 x 6 metres tent and a 10ft by 12ft by 9ft shed.") == [
        (4.0, "meter"), (6.0, "meter"), (10.0, "foot"), (12.0, "foot"), (9.0, "foot")]
    # a move and a year are not a size
    assert _read("Sales grew 3 by 2030.") == [(3.0, "1")]


def test_two_ascending_figures_in_one_unit_joined_by_to_are_a_range():
    q = _one("The seal held a pressure of 80 kPa to 450 kPa across the run.")
    assert (q["low"], q["high"], q["unit"]) == (80.0, 450.0, "kilopascal")
    q = _one("Tickets run $3 to $5 a head.")
    assert (q["low"], q["high"], q["currency"]) == (3.0, 5.0, "USD")
    # a move then a level stays two figures
    assert len(extract_quantities("The river rose 2 metres to 9 metres.")) == 2


def test_a_span_that_classifies_a_noun_is_not_a_quantity():
    assert extract_quantities("She signed a three-year contract.") == []
    assert _read("The crew ended a six-month, 900-mile voyage.") == [
        (6.0, "month"), (900.0, "mile")]
    assert _read("A five-year-old boy won.") != []


def test_pence_apart_from_the_number_in_a_market_report():
    found = _read("Boxco shares fell 14 p to 402 p, and Minto rose 3.5 p.")
    assert found == [(14.0, "points"), (402.0, "points"), (3.5, "points")]


@pytest.mark.parametrize("text", [
    "Readings of 1.2.3 and 10^12 and ½ and 3,87 were logged.",
    "The mixer draws 12 blorks per frim and 3 x 4 zorks.",
    "won 3-", "a 2-0", "6 feet 4", "1.8m x", "x 2m", "3 cents per", "14 p", "9 p.m.",
    "between 7 mT to", "a 0-0 draw 0-0 lead 999-999 win",
])
def test_odd_input_around_the_news_conventions(text):
    for q in extract_quantities(text):
        assert text[q["start"]:q["end"]] == q["text"]
        for key in ("value", "low", "high"):
            v = q.get(key)
            assert v is None or math.isfinite(v)


@pytest.mark.parametrize("text, first, second, unit", [
    ("Exports cooled 6.4% to 5.9% over the quarter.", 6.4, 5.9, "%"),
    ("The dog's weight went 31 kg to 27 kg on the diet.", 31.0, 27.0, "kilogram"),
    ("The seal held a pressure of 450 kPa to 80 kPa across the run.", 450.0, 80.0, "kilopascal"),
    ("Tickets run $9 to $6 a head.", 9.0, 6.0, None),
])
def test_a_falling_pair_joined_by_to_stays_two_figures(text, first, second, unit):
    found = extract_quantities(text)
    assert [q.get("value") for q in found] == [first, second]
    assert all("low" not in q for q in found)
    if unit:
        assert {q["unit"] for q in found} == {unit}


@pytest.mark.parametrize("text, low, high, unit", [
    ("Shipping takes 4-6 days from the warehouse.", 4.0, 6.0, "day"),
    ("Allow 3-4 weeks for the paint to cure.", 3.0, 4.0, "week"),
    ("The tunnel is 14-16 months behind its plan.", 14.0, 16.0, "month"),
])
def test_a_hyphenated_range_before_a_word_is_kept(text, low, high, unit):
    q = _one(text)
    assert (q["low"], q["high"], q["unit"]) == (low, high, unit)


def test_a_single_hyphenated_span_before_a_noun_is_still_not_a_quantity():
    assert extract_quantities("They began a three-week trial of the drug.") == []


def test_a_size_side_is_read_once():
    found = extract_quantities("The deck is 4 x 6m wide.")
    assert [(q["text"], q["value"]) for q in found] == [("4", 4.0), ("6m", 6.0)]
    assert [q["text"] for q in extract_quantities("She swam the 4 x 200m medley.")].count(
        "200m") == 1


@pytest.mark.parametrize("text", [
    "The board voted 9 by 4 in support.",
    "It came out 6 x 3 in nearly every trial.",
])
def test_in_before_a_word_is_the_preposition_not_inches(text):
    assert all(q["unit"] == "1" for q in extract_quantities(text))


@pytest.mark.parametrize("text", ["The tile is 6 x 4 in.", "A frame of 12 x 9 in, in oak."])
def test_in_with_no_word_after_is_inches(text):
    assert [q["unit"] for q in extract_quantities(text)][:2] == ["inch", "inch"]


@pytest.mark.parametrize("text", [
    "The camera records 720 p footage at night.",
    "The effect was small (d = 0.4 p < 0.01).",
])
def test_p_apart_from_a_number_is_pence_only_in_a_market_report(text):
    assert all(q["kind"] != "money" for q in extract_quantities(text))


def test_money_always_carries_its_currency():
    q = _one("Its sales came to $8 billion.")
    assert (q["unit"], q["currency"]) == ("USD", "USD")
    q = _one("The levy raised €40 million.")
    assert q["currency"] == "EUR"
