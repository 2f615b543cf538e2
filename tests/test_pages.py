"""The pages for judging on the public server, in a real browser (Debian's chromium): the Figure
page, the Article page, the claims table and the disputed figures, with values in human units.
Each test saves a screenshot of its page in its tmp folder."""
from __future__ import annotations

import re
import sqlite3
import urllib.request
from urllib.parse import urlencode


from claims.units import human

from . import test_browser  # noqa: F401  (it skips this module when chromium is missing)

RAW_NUMBER = re.compile(r"\d\.\d+e[+-]\d+|\d{13,}")  # 2e+15, 2000000000000000


def _snapshot(crawled):
    conn = sqlite3.connect(f"file:{crawled['snapshot']}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def test_figure_page_in_human_units_with_one_mark_per_claim(crawled, public, page, tmp_path):
    with _snapshot(crawled) as conn:
        group = conn.execute("SELECT * FROM metric_groups WHERE status = 'disputed' "
                             "ORDER BY claims DESC, group_key LIMIT 1").fetchone()
        n = conn.execute("SELECT count(*) FROM group_claims WHERE group_key = ?",
                         (group["group_key"],)).fetchone()[0]
    page.goto(f"{public}/demo/figure?" + urlencode({"key": group["group_key"]}))
    page.screenshot(path=str(tmp_path / "figure.png"), full_page=True)
    assert page.locator(".verdict .badge").inner_text() == "Disputed"
    consensus = human(group["consensus_value"], group["unit"], group["metric"])
    assert consensus in page.locator(".verdict .head").inner_text()
    assert page.locator(".card").count() == n
    assert page.locator("#figure-chart .mark").count() == n
    assert page.locator("#figure-chart .mark.role-dissent").count() >= 1
    # a labelled y-axis in the figure's unit, ticks as plain numbers
    label = page.locator("#figure-chart .y-axis-label").text_content()
    assert group["metric"] in label and consensus.split()[-1] in label
    assert page.locator("#figure-chart .y-tick").count() >= 3
    # no mark hides another: centres at least a mark's width apart when they share a value
    centres = page.eval_on_selector_all(
        "#figure-chart .mark", "els => els.map(e => e.getBoundingClientRect())"
        ".map(r => [r.x + r.width / 2, r.y + r.height / 2])")
    for i, a in enumerate(centres):
        for b in centres[i + 1:]:
            assert abs(a[0] - b[0]) >= 10 or abs(a[1] - b[1]) >= 10, (a, b)
    assert not RAW_NUMBER.search(page.locator("div.figure-page").inner_text())
    # every card quotes its source with the figure highlighted, and links it
    assert page.locator(".card blockquote mark").count() == n
    assert page.locator(".card a.source-link").count() == n


def test_article_page_highlights_every_figure_and_links_it(crawled, public, page, tmp_path):
    with _snapshot(crawled) as conn:
        art = conn.execute("SELECT a.canonical_url, a.title, a.publisher, count(*) AS n "
                           "FROM articles a JOIN claims c USING (canonical_url) "
                           "GROUP BY a.canonical_url ORDER BY n DESC LIMIT 1").fetchone()
    page.goto(f"{public}/demo/article?" + urlencode({"url": art["canonical_url"]}))
    page.screenshot(path=str(tmp_path / "article.png"), full_page=True)
    assert page.locator("h1").inner_text() == art["title"]
    meta = page.locator(".article-meta").inner_text()
    assert art["publisher"] in meta and "Published" in meta and "Revised" in meta
    marks = page.locator(".article-text mark.figure")
    assert 1 <= marks.count() <= art["n"]
    assert marks.count() >= art["n"] * 0.8  # overlapping spans (a range's two ends) mark once
    marks.first.locator("a").click()
    page.wait_for_load_state()
    assert "/demo/figure?" in page.url and "#c-" in page.url
    assert page.locator(".card:target").count() == 1


def test_claims_table_puts_the_readers_columns_first(public, page, tmp_path):
    page.goto(f"{public}/demo/claims")
    page.screenshot(path=str(tmp_path / "claims-table.png"), full_page=False)
    headers = [h.strip() for h in page.locator("table.rows-and-columns thead th")
               .all_inner_texts()]
    columns = [h.split("\u25bc")[0].split("\u25b2")[0].strip() for h in headers]
    useful = ["subject", "metric", "value_text", "publisher", "published_at", "status"]
    assert [c for c in columns if c in useful] == useful
    assert columns[:2] == useful[:2]
    # ids are folded away, not rendered (a table that fits 1280 px); every column is one click
    # away, Datasette's row link (the claim id, cut short) last
    assert "claim_id" not in columns and "article_event_id" not in columns
    page.goto(f"{public}/demo/claims?_raw=1")
    columns = [h.split("\u25bc")[0].split("\u25b2")[0].strip() for h in
               page.locator("table.rows-and-columns thead th").all_inner_texts()]
    assert columns[:2] == useful[:2] and columns[-1] == "claim_id"
    link = page.locator("table.rows-and-columns tbody td.type-pk").first
    assert link.bounding_box()["width"] < 130
    assert columns.index("status") < columns.index("article_event_id")
    page.goto(f"{public}/demo/claims")
    # the glossary is folded away, the rows come first
    assert page.locator("details.column-glossary").count() == 1
    assert not page.locator("dl.column-descriptions").is_visible()
    value_cells = page.locator("table.rows-and-columns td.col-value").all_inner_texts()
    assert value_cells and not any(RAW_NUMBER.search(v) for v in value_cells)
    # elsewhere (here: group_claims) a claim's id leads to its card on its Figure page
    page.goto(f"{public}/demo/group_claims")
    page.locator("td.col-claim_id a.figure-link").first.click()
    page.wait_for_load_state()
    assert "/demo/figure?" in page.url and page.locator(".card:target").count() == 1


def test_disputed_figures_link_to_their_figure_pages(public, page, tmp_path):
    page.goto(f"{public}/demo/disputed")
    page.screenshot(path=str(tmp_path / "disputed.png"), full_page=True)
    links = page.locator("td.col-group_key a.figure-link")
    assert links.count() >= 2
    assert page.locator("td.col-quotes p.quote").count() >= 2
    assert not any(RAW_NUMBER.search(v) for v in
                   page.locator("td.col-value").all_inner_texts())
    label = links.first.inner_text()  # the figure in words, not the store's key
    assert " | " not in label and "=" not in label
    assert links.first.get_attribute("title").startswith(label.split(" · ")[0] + " | ")
    links.first.click()
    page.wait_for_load_state()
    assert page.locator(".verdict").count() == 1
    assert label.startswith(page.locator("h1").inner_text())


def test_conflict_feed_links_to_figure_pages(public):
    feed = urllib.request.urlopen(f"{public}/demo/new_conflicts.atom", timeout=10).read()
    links = re.findall(rb'<link href="([^"]+)"', feed)
    figures = [link.decode().replace("&amp;", "&") for link in links if b"/figure?" in link]
    assert figures
    for link in figures:
        url = link if link.startswith("http") else public + link
        html = urllib.request.urlopen(url, timeout=10).read().decode()
        assert 'class="verdict' in html
