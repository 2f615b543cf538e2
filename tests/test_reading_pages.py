"""What a newcomer and a fact-checker see (issue 14): the history of a figure, the claims table
and the Figure page's verdict, in a real browser (Debian's chromium) against `claims serve`.
Figures in human units, the store's internals (group keys, base units, ids, SQL) out of sight
and kept in the exports."""
from __future__ import annotations

import csv
import io
import json
import re
import urllib.parse
import urllib.request

import pytest

from claims import stages
from claims.labels import figure_label, group_label, qualifiers_text, split_group_key
from store import EventLog, advance, article_fetched, claim_extracted, sha256_hex
from store.reconcile import reconcile

from .servers import ClaimsServe
from . import test_browser  # noqa: F401  (it skips this module when chromium is missing)
from .test_pages import RAW_NUMBER

MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$")


def _visible_headers(page) -> list[str]:
    return [t.split("\u25bc")[0].split("\u25b2")[0].strip() for t in
            page.locator("table.rows-and-columns thead th:visible").all_inner_texts()]


def _column(page, name: str) -> list[str]:
    return page.locator(f"table.rows-and-columns td.col-{name}").all_inner_texts()


def test_labels_say_the_figure_in_words():
    key = "NVIDIA H100 | compute | precision=FP16 | sparsity=dense | form_factor=SXM"
    assert split_group_key(key) == ("NVIDIA H100", "compute",
                                    {"precision": "FP16", "sparsity": "dense",
                                     "form_factor": "SXM"})
    assert group_label(key) == "NVIDIA H100 · FP16 compute (dense, SXM)"
    assert group_label("Huawei | AI chip revenue | period=2026") == \
        "Huawei · AI chip revenue (2026)"
    # no qualifier, nothing printed for it: no stray separator
    assert group_label("Baidu | capex") == "Baidu · capex"
    assert figure_label("Baidu", "capex", {"period": "", "sparsity": None}) == "Baidu · capex"
    assert qualifiers_text('{"period": "2026", "projected": true}') == "period 2026, projected"
    assert qualifiers_text("{}") == ""
    assert qualifiers_text({"form_factor": "SXM"}) == "form factor SXM"


def test_metric_history_is_a_page_in_human_units(crawled, public, page, tmp_path):
    params = "subject=NVIDIA+H100&metric=FP16+compute"
    page.goto(f"{public}/demo/metric_history?{params}")
    page.screenshot(path=str(tmp_path / "history.png"), full_page=True)
    # the SQL is folded away, the internals are not columns people see
    assert page.locator("#sql-query").count() == 0
    assert "Custom SQL query" not in page.locator("body").inner_text()
    summary = page.locator("p.query-summary")
    assert re.match(r"\d+ rows · show the SQL$", summary.inner_text())
    summary.get_by_role("link").click()
    page.wait_for_load_state()
    assert page.locator("#sql-query").is_visible()
    assert page.locator("p.query-summary").inner_text().endswith("hide the SQL")
    page.go_back()
    headers = _visible_headers(page)
    assert "x" not in headers and "unit" not in headers and "claim_id" not in headers
    assert {"published_at", "publisher", "value_text", "value", "group_key"} <= set(headers)
    rows = page.locator("table.rows-and-columns tbody tr")
    assert rows.count() >= 4
    assert page.locator("#metric-history-chart .mark").count() == rows.count()
    values = _column(page, "value")
    assert values and all(v.endswith("TFLOPS") for v in values), values
    visible_text = page.locator("table.rows-and-columns").inner_text()
    assert not RAW_NUMBER.search(visible_text)
    assert all(MOMENT.match(d) for d in _column(page, "published_at"))
    figures = _column(page, "group_key")
    assert all(" | " not in f and "FP16 compute" in f for f in figures), figures
    assert not any("=" in t for t in _column(page, "inferred"))
    # the chart's key: one figure a line item, no separator left dangling at a line's end
    caption = page.locator("#metric-history-chart + figcaption, figure.claims-chart figcaption")
    for line in caption.first.inner_text().splitlines():
        assert not line.strip().endswith("·") and not line.strip().startswith("·"), line
    # the exports keep the raw columns, in base units
    with urllib.request.urlopen(f"{public}/demo/metric_history.json?_shape=array&{params}",
                                timeout=30) as r:
        data = json.load(r)
    assert len(data) == rows.count()
    assert all(d["unit"] == "FLOP/s" and d["value"] > 1e14 and len(d["claim_id"]) == 64
               and " | " in d["group_key"] for d in data)


def test_claims_table_shows_claims_first_in_human_words(public, page, tmp_path):
    page.goto(f"{public}/demo/claims")
    page.screenshot(path=str(tmp_path / "claims.png"))
    # the first screen shows claims: the facets fold away under one line
    first = page.locator("table.rows-and-columns tbody tr").first
    assert first.bounding_box()["y"] + 40 < 900
    facets = page.locator("details.facets")
    assert facets.count() == 1 and facets.get_attribute("open") is None
    assert "subject" in facets.locator("summary").inner_text()
    # raw columns are hidden on the page, one click shows them, the CSV always has them
    headers = _visible_headers(page)
    assert "value" in headers and "unit" not in headers and "start" not in headers
    assert not any(RAW_NUMBER.search(v) for v in _column(page, "value"))
    assert not any("{" in q for q in _column(page, "qualifiers"))
    page.locator("p.raw-columns a").click()
    page.wait_for_load_state()
    assert "unit" in _visible_headers(page)
    with urllib.request.urlopen(f"{public}/demo/claims.csv?_size=5", timeout=30) as r:
        exported = list(csv.DictReader(io.StringIO(r.read().decode())))
    assert exported and {"unit", "value", "start", "group_key"} <= set(exported[0])
    # every figure a claim links to is a page (a claim placed in another group by inference
    # links to the group it counts in), named in words with the metric as the claims say it
    page.goto(f"{public}/demo/claims?_size=max")
    links = page.locator("td.col-figure a.figure-link")
    assert links.count() == page.locator("table.rows-and-columns tbody tr").count()
    hrefs = set()
    for i in range(links.count()):
        link = links.nth(i)
        text = link.inner_text()
        assert " | " not in text and "=" not in text, text
        hrefs.add(link.get_attribute("href"))
    for metric, label in zip(_column(page, "metric"), _column(page, "figure")):
        if metric.startswith(("FP16 ", "FP8 ")):
            assert metric in label, (metric, label)
    for href in hrefs:
        with urllib.request.urlopen(public + href, timeout=30) as r:
            assert r.status == 200 and 'class="verdict' in r.read().decode(), href
    # with a facet value chosen, the facets stay open
    page.goto(f"{public}/demo/claims?status=agreed")
    assert page.locator("details.facets").get_attribute("open") is not None


def _article(url, text, publisher):
    return article_fetched({"url": url, "canonical_url": url, "text": text,
                            "text_sha256": sha256_hex(text), "site_name": publisher,
                            "published_at": "2026-06-01T09:00:00Z"})


def _claim(article, subject, metric, value, text, approx=False, low=None, high=None):
    start = article.payload["text"].index(text)
    return claim_extracted(article.event_id, "v1", {
        "subject": subject, "metric": metric, "kind": "memory", "value": value,
        "low": low, "high": high, "unit": "B", "value_text": text, "start": start,
        "end": start + len(text), "qualifiers": {}, "sentence": article.payload["text"],
        "approx": approx, "bound": "=", "in_table": False, "confidence": 0.9})


@pytest.fixture(scope="module")
def statuses(tmp_path_factory):
    """A log with one figure of each status but disputed (the demo has that one): one source
    exact, one source hedged, two sources agreeing on one exact value, one article giving two
    values for one figure."""
    tmp = tmp_path_factory.mktemp("statuses")
    a = _article("https://one.example/a", "The Zephyr X1 carries 96 GB; later the X1 gets 80 GB. "
                 "The Zephyr X3 has 48 GB and the Zephyr X4 about 40 GB. "
                 "The Zephyr X5 takes about 64-80 GB.", "One")
    b = _article("https://two.example/b", "Zephyr X3 boards ship with 48 GB.", "Two")
    events = [a, b, _claim(a, "Zephyr X1", "memory capacity", 96e9, "96 GB"),
              _claim(a, "Zephyr X1", "memory capacity", 80e9, "80 GB"),
              _claim(a, "Zephyr X3", "memory capacity", 48e9, "48 GB"),
              _claim(a, "Zephyr X4", "memory capacity", 40e9, "about 40 GB", approx=True),
              _claim(b, "Zephyr X3", "memory capacity", 48e9, "48 GB"),
              _claim(a, "Zephyr X5", "memory capacity", None, "about 64-80 GB", approx=True,
                     low=64e9, high=80e9)]
    db = tmp / "log.db"
    with EventLog(db) as log:
        log.append(events)
        advance(log.conn)
        reconcile(log.conn)
        status = dict(log.conn.execute("SELECT family, status FROM metric_groups"))
    assert status == {"Zephyr X1": "needs-review", "Zephyr X3": "agreed",
                      "Zephyr X4": "single-source", "Zephyr X5": "single-source"}, status
    snapshot = stages.publish_snapshot(str(db), tmp / "public" / "demo.db")
    with ClaimsServe("--snapshot", str(snapshot)) as served:
        yield served.base


def _verdict(page, base, key):
    page.goto(f"{base}/demo/figure?" + urllib.parse.urlencode({"key": key}))
    return page.locator("#verdict").inner_text()


def test_the_verdict_speaks_of_a_consensus_only_where_sources_agree(statuses, page, tmp_path):
    one = _verdict(page, statuses, "Zephyr X4 | memory capacity")
    page.screenshot(path=str(tmp_path / "single.png"))
    assert "One source only" in one and "onsensus" not in one
    assert "Only One reports it: 40 GB" in one
    assert "As worded (\u201cabout 40 GB\u201d) it allows 38 – 42 GB." in one
    ranged = _verdict(page, statuses, "Zephyr X5 | memory capacity")
    assert "Only One reports it: 64 – 80 GB" in ranged, ranged  # the range as said
    agreed = _verdict(page, statuses, "Zephyr X3 | memory capacity")
    assert "2 publishers agree: 48 GB" in agreed
    assert "overlap" not in agreed and "onsensus" not in agreed  # one exact value, no range
    review = _verdict(page, statuses, "Zephyr X1 | memory capacity")
    page.screenshot(path=str(tmp_path / "review.png"))
    assert "Needs review" in review
    given = re.search(r"Values given: (.*)\.", review).group(1).split("; ")
    assert sorted(given) == ["80 GB (One, 2026-06-01)", "96 GB (One, 2026-06-01)"]
    assert "onsensus" not in review and "Against it" not in review


def test_an_empty_answer_says_why_and_the_chart_key_lists_only_what_is_drawn(crawled, public,
                                                                             page, tmp_path):
    # the demo records everything on the day it runs: a date from its articles finds nothing
    page.goto(f"{public}/demo/known_as_of?date=2000-01-01")
    page.screenshot(path=str(tmp_path / "known-as-of.png"))
    assert page.locator("table.rows-and-columns tbody tr").count() == 0
    said = page.locator("p.empty-state").inner_text()
    assert "Nothing was recorded by 2000-01-01" in said
    assert re.search(r"recorded from \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC to ", said)
    # with rows, each value in human units (the query had no unit to render it with)
    page.goto(f"{public}/demo/known_as_of?date=2999-01-01")
    assert page.locator("p.empty-state").count() == 0
    assert not any(RAW_NUMBER.search(v) for v in _column(page, "value"))
    # one source only: no dissent, no consensus in the key, the band is what the wording allows
    import sqlite3
    with sqlite3.connect(f"file:{crawled['snapshot']}?mode=ro", uri=True) as conn:
        key = conn.execute("SELECT g.group_key FROM metric_groups g JOIN group_claims m "
                           "USING (group_key) JOIN claims c USING (claim_id) "
                           "WHERE g.status = 'single-source' AND c.approx = 1 "
                           "AND c.value IS NOT NULL ORDER BY g.group_key LIMIT 1").fetchone()[0]
    page.goto(f"{public}/demo/figure?" + urllib.parse.urlencode({"key": key}))
    caption = page.locator("figure.claims-chart figcaption").inner_text()
    assert "dissent" not in caption and "consensus" not in caption
    assert "deprecated" not in caption and "preferred" not in caption
    assert "the range the wording allows" in caption


def test_the_figures_and_crawls_tables_hide_their_internals(public, page):
    page.goto(f"{public}/demo/metric_groups")
    headers = _visible_headers(page)
    assert {"group_key", "status", "consensus_value"} <= set(headers)
    assert not {"rowid", "consensus_low", "consensus_high", "unit", "updated_seq"} & set(headers)
    # a figure's metric as its claims name it: precision is part of the name people read, in
    # the figure's name and (among every column) in its metric
    page.goto(f"{public}/demo/metric_groups?family=NVIDIA+H100&kind=compute")
    names = _column(page, "group_key")
    assert names and all("· FP16 compute" in n for n in names), names
    assert "metric" not in _visible_headers(page)  # the name says it
    page.goto(f"{public}/demo/metric_groups?family=NVIDIA+H100&kind=compute&_raw=1")
    metrics = _column(page, "metric")
    assert metrics and all(m == "FP16 compute" for m in metrics), metrics
    page.goto(f"{public}/demo/crawls")
    headers = _visible_headers(page)
    assert "pages" in headers and "stats" not in headers and "event_id" not in headers


def test_the_database_page_points_to_the_pages_for_reading_before_its_sql_box(public, page):
    page.goto(f"{public}/demo")
    links = page.locator(".metadata-description a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert {"/demo/claims", "/demo/metric_groups", "/demo/disputed", "/"} <= set(hrefs)
    first_link = links.first.bounding_box()["y"]
    # before the query list and the tables (and the SQL box, where SQL is allowed)
    assert first_link < page.locator("h2").first.bounding_box()["y"]
    for href in hrefs:
        with urllib.request.urlopen(public + href, timeout=30) as r:
            assert r.status == 200, href


def test_a_history_that_finds_nothing_offers_what_the_log_knows(public, page, tmp_path):
    page.goto(f"{public}/demo/metric_history?subject=NVIDIA+H100&metric=bandwidth")
    page.screenshot(path=str(tmp_path / "history-empty.png"))
    assert page.locator("table.rows-and-columns tbody tr").count() == 0
    said = page.locator(".empty-state")
    assert "No claim of NVIDIA H100 is about bandwidth" in said.inner_text()
    said.get_by_role("link", name="memory bandwidth", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("table.rows-and-columns tbody tr").count() >= 2
    assert page.locator("#metric-history-chart .mark").count() >= 2
    # no question at all: the subjects with the most claims, then that subject's figures
    page.goto(f"{public}/demo/metric_history")
    first = page.locator(".empty-state ul.choices a").first
    subject = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert f"The figures known for {subject}" in page.locator(".empty-state").inner_text()
    page.locator(".empty-state ul.choices a").first.click()
    page.wait_for_load_state()
    assert page.locator("table.rows-and-columns tbody tr").count() >= 1
