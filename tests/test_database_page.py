"""The database page ("every table", one link from the guide) in a real browser at 1280 px: the
named questions with what each answers, then the tables a fact-checker uses by their titles and
descriptions from datasette/metadata.yml, in sections; the internal tables (the search index,
raw page bytes, the projections' bookkeeping) are not listed, and no published table is left
out."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import yaml

from . import test_browser  # noqa: F401  (it skips this module when chromium is missing)

METADATA = Path(__file__).resolve().parents[1] / "datasette" / "metadata.yml"


def _database_meta() -> dict:
    return yaml.safe_load(METADATA.read_text())["databases"]["{db}"]


def _snapshot_tables(snapshot) -> list[str]:
    with sqlite3.connect(f"file:{snapshot}?mode=ro", uri=True) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]


def _listed(page) -> dict[str, dict]:
    return {el.get_attribute("data-table"): {
        "title": el.locator("h4 a").inner_text().strip(),
        "what": el.locator("p.what").inner_text().strip() if el.locator("p.what").count() else "",
        "section": el.evaluate("e => e.closest('section').querySelector('h3').innerText")}
        for el in page.locator(".db-table").all()}


def test_the_public_database_page_lists_tables_by_their_titles(crawled, public, page):
    name = crawled["snapshot"].stem
    meta = _database_meta()
    tables = meta["tables"]
    page.goto(f"{public}/{name}")
    page.screenshot(path="/tmp/pages2_test_database_page.png", full_page=True)
    listed = _listed(page)
    for table in ("claims", "metric_groups", "conflicts", "articles", "reviews", "corrections"):
        assert listed[table]["title"] == tables[table]["title"], table
        assert listed[table]["what"] == tables[table]["description"], table
        assert listed[table]["title"] != table  # a label in words, not the SQL name
    # sections in the order metadata.yml gives, the claims first
    sections = [s.inner_text() for s in page.locator("h3.db-section-title").all()]
    assert sections[0] == meta["table_sections"][0]["title"]
    assert list(listed)[0] == "claims"
    # the questions, with what each answers, in metadata.yml's order
    questions = page.locator("ul.db-queries li")
    assert [q.get_attribute("data-query") for q in questions.all()] == list(meta["queries"])
    first = questions.first.inner_text()
    assert first.startswith(meta["queries"]["metric_history"]["title"])
    assert meta["queries"]["metric_history"]["description"][:40] in first
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_internal_tables_are_not_listed_and_no_published_table_is_left_out(crawled, public,
                                                                           page):
    name = crawled["snapshot"].stem
    tables = _database_meta()["tables"]
    present = _snapshot_tables(crawled["snapshot"])
    internal = [t for t in present if t.startswith(("claims_fts", "articles_fts", "sqlite_"))
                or t in ("blobs", "meta", "projection_state", "events")]
    assert "claims_fts" in internal and "blobs" in internal
    page.goto(f"{public}/{name}")
    listed = _listed(page)
    text = page.locator("main, body").first.inner_text()
    for table in internal:
        assert table not in listed, f"{table} is listed on the public database page"
        assert f" {table} " not in f" {text} ".replace("\n", " "), table
    # every table the public server publishes (described, not hidden, not the raw log) is listed
    published = [t for t in present if (tables.get(t) or {}).get("description")
                 and not tables[t].get("hidden") and t != "events"]
    assert published and sorted(listed) == sorted(published)
    # every table metadata.yml describes for readers is in a section of the page
    sectioned = {t for s in _database_meta()["table_sections"] for t in s["tables"]}
    assert {t for t in tables if not tables[t].get("hidden")} <= sectioned


def test_publisher_trust_reads_as_shares_and_whole_names(crawled, public, page):
    """The trust table said 0.8461538461538461 and cut names to 'Pacific Tech…'."""
    import json
    import re
    import urllib.request
    name = crawled["snapshot"].stem
    page.goto(f"{public}/{name}/publisher_trust")
    rows = [r.split("\t") for r in
            page.locator("table.rows-and-columns tbody").inner_text().strip().split("\n")]
    with urllib.request.urlopen(f"{public}/{name}/publisher_trust.json?_shape=array") as r:
        exported = {row["publisher"]: row for row in json.load(r)}
    assert rows and len(rows) == len(exported)
    for cells in rows:
        publisher = cells[0].strip()
        assert publisher in exported  # the whole name, not cut short
        shares = [c.strip() for c in cells if re.fullmatch(r"\d{1,3}%", c.strip())]
        assert len(shares) == 2, cells  # prior and trust
        assert shares[1] == f"{exported[publisher]['trust']:.0%}"
        assert 0 <= exported[publisher]["trust"] <= 1  # the export keeps the number


def test_an_empty_table_says_why_and_a_filter_that_finds_nothing_says_so(crawled, public,
                                                                          page):
    """The demo's reviews and corrections are empty: the page said '0 records' and nothing
    about where reviews come from."""
    name = crawled["snapshot"].stem
    tables = _database_meta()["tables"]
    with sqlite3.connect(f"file:{crawled['snapshot']}?mode=ro", uri=True) as conn:
        empty = [t for t in ("reviews", "corrections")
                 if conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] == 0]
    assert empty, "the crawled demo has no reviews"
    for table in empty:
        page.goto(f"{public}/{name}/{table}")
        said = page.locator("p.zero-results").inner_text()
        assert said == tables[table]["empty"] and "claims desk" in said
    page.goto(f"{public}/{name}/claims?subject=no+such+subject")
    assert page.locator("p.zero-results").inner_text() == "No row matches this filter."
