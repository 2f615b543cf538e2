"""Every figure link answers: a claim that did not state a qualifier counts in the one figure
it agrees with, and its own key (the claims table's group_key column, shown with every column)
names no figure; its link leads to the figure the claim counts in instead of a 404."""
from __future__ import annotations

import sqlite3
import urllib.request
from urllib.parse import parse_qs, urlencode, urlparse

from . import test_browser  # noqa: F401  (it skips this module when chromium is missing)


def _stated_elsewhere(snapshot) -> list[tuple[str, str]]:
    """(claim id, its own key) of claims whose own key is no figure."""
    with sqlite3.connect(f"file:{snapshot}?mode=ro", uri=True) as conn:
        return conn.execute(
            "SELECT claim_id, group_key FROM claims WHERE group_key IS NOT NULL AND group_key "
            "NOT IN (SELECT group_key FROM metric_groups) ORDER BY claim_id").fetchall()


def test_a_claim_s_own_key_leads_to_the_figure_it_counts_in(crawled, public):
    name = crawled["snapshot"].stem
    stated = _stated_elsewhere(crawled["snapshot"])
    assert stated, "the demo has claims placed in a figure by an inferred qualifier"
    for claim_id, key in stated:
        with urllib.request.urlopen(f"{public}/{name}/figure?" + urlencode({"key": key}),
                                    timeout=60) as r:
            assert r.status == 200, key
            landed = parse_qs(urlparse(r.url).query)["key"][0]
            assert landed != key
            assert f'data-claim="{claim_id}"' in r.read().decode(), (key, claim_id)


def test_every_figure_link_of_the_claims_table_with_every_column_answers(crawled, public,
                                                                         page):
    name = crawled["snapshot"].stem
    page.goto(f"{public}/{name}/claims?_raw=1&_size=max")
    links = sorted(set(page.eval_on_selector_all(
        "a.figure-link", "els => els.map(e => e.href)")))
    assert len(links) > 10
    dead = []
    for href in links:
        try:
            urllib.request.urlopen(href, timeout=60).read()
        except urllib.error.HTTPError as exc:
            dead.append((exc.code, href))
    assert not dead, dead


def test_a_public_figure_page_says_how_to_say_a_claim_is_wrong(crawled, public, page):
    """The public pages have no forms: a fact-checker who finds a wrong claim is told where the
    judgement is made (the desk) and where it goes (the log), on the Figure page and the guide."""
    name = crawled["snapshot"].stem
    with sqlite3.connect(f"file:{crawled['snapshot']}?mode=ro", uri=True) as conn:
        key = conn.execute("SELECT group_key FROM metric_groups ORDER BY claims DESC, group_key "
                           "LIMIT 1").fetchone()[0]
    page.goto(f"{public}/{name}/figure?" + urlencode({"key": key}))
    assert page.locator("form.review-form").count() == 0
    note = page.locator("#wrong-claim")
    assert note.is_visible()
    assert "claims desk --db" in note.inner_text() and "add-user" in note.inner_text()
    page.goto(public + "/")
    assert "claims desk" in page.locator("#guide-wrong").inner_text()
