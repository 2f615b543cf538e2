"""Every column of every named question is explained: each canned query's `columns` in
datasette/metadata.yml describes every column the query returns (asked of the real server, so
a column added to a query's SQL without a word fails here), and the question's page folds the
descriptions of the columns it shows under "What the columns mean"."""
from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest
import yaml

from . import test_browser  # noqa: F401  (it skips this module when chromium is missing)

METADATA = Path(__file__).resolve().parents[1] / "datasette" / "metadata.yml"
QUERIES = yaml.safe_load(METADATA.read_text())["databases"]["{db}"]["queries"]


@pytest.mark.parametrize("query", sorted(QUERIES))
def test_every_column_a_question_returns_is_described(crawled, public, query):
    name = crawled["snapshot"].stem
    with urllib.request.urlopen(f"{public}/{name}/{query}.json", timeout=60) as r:
        returned = json.loads(r.read())["columns"]
    assert returned
    described = QUERIES[query].get("columns") or {}
    missing = [c for c in returned if not (described.get(c) or "").strip()]
    assert not missing, f"{query}: no description for {missing}"
    assert not set(described) - set(returned), f"{query}: describes columns it does not return"


def test_a_question_s_page_explains_the_columns_it_shows(crawled, public, page):
    name = crawled["snapshot"].stem
    page.goto(f"{public}/{name}/disputed")
    shown = [t.strip() for t in
             page.locator("table.rows-and-columns thead th:visible").all_inner_texts()]
    glossary = page.locator("details.column-glossary")
    assert glossary.count() == 1 and glossary.get_attribute("open") is None  # folded
    glossary.locator("summary").click()
    assert page.locator("details.column-glossary dt").all_inner_texts() == shown
    described = QUERIES["disputed"]["columns"]
    assert page.locator("details.column-glossary dd").first.inner_text() == \
        described[shown[0]]
