"""A fact-checker's judgements survive an extractor upgrade, end to end: on a crawled log a
reviewer corrects a claim's subject and deprecates another (claims.desk, the functions the desk's
routes call), a release of extract/ with a new version reads every article again
(`claims extract --db`, as tests/test_extractor_upgrade.py simulates it), and the new version's
claims for the same figures carry the correction and the review; the Figure page, in Debian's
chromium, shows the corrected subject and says the correction was carried from the earlier
reading.

Regression (issue 14's review): after the upgrade the claim was back on its wrong subject and
the deprecated value counted again."""
from __future__ import annotations

import sqlite3
from urllib.parse import urlencode

from claims.desk import correct, review
from extract import EXTRACTOR_VERSION

from .servers import ClaimsServe
from .test_browser import ARGS, CHROMIUM
from .test_extractor_upgrade import NEW_VERSION, _claims, _release

SUBJECT = "Reviewer Named Board"


def _one(conn, sql, *params):
    return conn.execute(sql, params).fetchone()


def test_corrections_and_reviews_carry_over_an_extractor_upgrade(crawled_copy, tmp_path):
    db = crawled_copy
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    fixed = _one(conn, "SELECT claim_id, canonical_url, start, \"end\", subject FROM claims "
                 "WHERE subject IS NOT NULL AND value IS NOT NULL ORDER BY claim_id LIMIT 1")
    # a claim of another article, in a figure of more than one claim
    deprecated = _one(conn, "SELECT c.claim_id, c.canonical_url, c.start, c.\"end\" "
                      "FROM claims c JOIN group_claims g USING (claim_id) "
                      "JOIN metric_groups m USING (group_key) WHERE m.claims > 1 "
                      "AND c.canonical_url != ? ORDER BY c.claim_id LIMIT 1",
                      fixed["canonical_url"])
    conn.close()
    correct(str(db), fixed["claim_id"], "subject", "ana", subject=SUBJECT,
            reason="the board the article names")
    review(str(db), deprecated["claim_id"], "deprecated", "a misprint", "ana")

    env = _release(tmp_path / "release")
    done = _claims(db, "extract", env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    snapshot = tmp_path / "public" / "demo.db"
    published = _claims(db, "publish", "--out", str(snapshot), env=env, cwd=tmp_path)
    assert published.returncode == 0, published.stderr[-2000:]

    conn = sqlite3.connect(f"file:{snapshot}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    assert {r[0] for r in conn.execute("SELECT extractor_version FROM claims")} == {NEW_VERSION}
    new = _one(conn, "SELECT claim_id, subject, group_key FROM claims WHERE canonical_url = ? "
               "AND start = ? AND \"end\" = ?", fixed["canonical_url"], fixed["start"],
               fixed["end"])
    assert new["claim_id"] != fixed["claim_id"] and new["subject"] == SUBJECT
    fix = _one(conn, "SELECT corrected_by, extracted_subject, carried_from_version, "
               "carried_match FROM corrections WHERE claim_id = ?", new["claim_id"])
    assert tuple(fix) == ("ana", fixed["subject"], EXTRACTOR_VERSION, "span")
    gone = _one(conn, "SELECT c.claim_id, r.rank, r.reason, r.carried_from_version, g.counted "
                "FROM claims c JOIN reviews r USING (claim_id) JOIN group_claims g "
                "USING (claim_id) WHERE c.canonical_url = ? AND c.start = ? AND c.\"end\" = ?",
                deprecated["canonical_url"], deprecated["start"], deprecated["end"])
    assert gone["claim_id"] != deprecated["claim_id"]
    assert (gone["rank"], gone["reason"], gone["carried_from_version"]) == \
        ("deprecated", "a misprint", EXTRACTOR_VERSION)
    assert not gone["counted"]
    conn.close()

    from playwright.sync_api import sync_playwright
    with ClaimsServe("--snapshot", str(snapshot), "--public") as served, \
            sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{served.base}/demo/figure?" + urlencode({"key": new["group_key"]}))
        page.screenshot(path=str(tmp_path / "figure.png"), full_page=True)
        card = page.locator(f"#c-{new['claim_id']}")
        text = " ".join(card.inner_text().split())
        assert f"Corrected by ana: subject {fixed['subject']} → {SUBJECT}" in text
        assert f"Made on an earlier reading ({EXTRACTOR_VERSION}) and carried to this one" \
            in text
        page.goto(f"{served.base}/demo/figure?" + urlencode({"key": _group(snapshot, gone)}))
        card = page.locator(f"#c-{gone['claim_id']}")
        text = " ".join(card.inner_text().split())
        assert "Deprecated by ana: a misprint. Not counted." in text
        assert f"Reviewed on an earlier reading ({EXTRACTOR_VERSION})" in text
        browser.close()


def _group(snapshot, row) -> str:
    conn = sqlite3.connect(f"file:{snapshot}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT group_key FROM group_claims WHERE claim_id = ? "
                            "ORDER BY inferred IS NOT NULL LIMIT 1",
                            (row["claim_id"],)).fetchone()[0]
    finally:
        conn.close()
