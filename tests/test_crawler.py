"""crawler/: a real Scrapy crawl of the demo site on 127.0.0.1 into a real log."""
from __future__ import annotations

import json

from claims import stages
from store import EventLog


def _articles(db):
    with EventLog(db) as log:
        return [json.loads(r["payload"]) for r in log.events(types=["article.fetched"])]


def test_crawl_records_every_demo_article_once(crawled):
    articles = _articles(crawled["db"])
    assert len(articles) == 12
    urls = [a["canonical_url"] for a in articles]
    assert len(set(urls)) == 12
    assert all("utm_" not in u for u in urls)  # the RSS links carry utm_ parameters
    publishers = {a["site_name"] for a in articles}
    assert publishers == {"The Chip Ledger", "Silicon Wire", "Pacific Tech Review"}


def test_dates_come_from_the_feed_or_sitemap_first(crawled):
    by_url = {a["canonical_url"].rsplit("/", 1)[-1]: a for a in _articles(crawled["db"])}
    a = by_url["atlas-900-superpod-384-chips.html"]
    assert a["published_at"].startswith("2026-05-14")
    assert a["date_source"] in ("feed", "sitemap")
    assert a["author"] == "Devika Rao"


def test_raw_bytes_are_kept_for_re_extraction(crawled):
    with EventLog(crawled["db"]) as log:
        payload = json.loads(next(log.events(types=["article.fetched"]))["payload"])
        html = log.blob(payload["blob_sha256"])
    assert html.startswith(b"<!DOCTYPE html>") and len(html) == payload["size"]


def test_second_crawl_adds_nothing(crawled_copy, demo_site):
    with EventLog(crawled_copy) as log:
        before = log.last_seq()
    stats = stages.crawl(str(crawled_copy), feeds=demo_site.feeds(),
                         sitemaps=demo_site.sitemaps(), settings={"CLAIMS_RUN_ID": "test"},
                         quiet=True)
    done = stages.extract_pending(str(crawled_copy), quiet=True)
    with EventLog(crawled_copy) as log:
        assert log.last_seq() == before
    assert done == {"articles": 0, "claims": 0}
    assert sum(s["pages"] for s in stats["by_source"].values()) == 0


def test_crawl_finished_records_stats(crawled):
    with EventLog(crawled["db"]) as log:
        rows = [json.loads(r["payload"]) for r in log.events(types=["crawl.finished"])]
    assert len(rows) == 1
    assert rows[0]["new_articles"] == 12 and rows[0]["errors"] == 0
    assert rows[0]["run_id"] == "test"


def test_missing_page_is_counted_not_fatal(tmp_path, demo_site):
    db = tmp_path / "log.db"
    EventLog(db).close()
    stats = stages.crawl(str(db), urls=[f"{demo_site.base}/nope.html",
                                        f"{demo_site.base}/siliconwire/h100-still-the-benchmark.html"],
                         quiet=True)
    s = stats["by_source"]["urls"]
    assert s["errors"] == 1 and s["new_articles"] == 1


def test_revisit_records_a_new_version_and_the_changed_figure(crawled_copy, demo_site):
    import sqlite3
    demo_site.revision = 2
    try:
        stats = stages.crawl(str(crawled_copy), feeds=demo_site.feeds(),
                             settings={"CLAIMS_RUN_ID": "revisit", "CLAIMS_REVISIT_AFTER": 0},
                             quiet=True)
    finally:
        demo_site.revision = 1
    stages.extract_pending(str(crawled_copy), quiet=True)
    stages.refresh(str(crawled_copy))
    revisit = stats["by_source"]["revisit"]
    assert revisit["revised"] == 1 and revisit["new_articles"] == 0  # a version, not an article
    assert revisit["unchanged"] == 11  # 304s via ETag
    conn = sqlite3.connect(crawled_copy)
    changes = conn.execute("SELECT old_value, new_value FROM figure_changes").fetchall()
    assert changes == [(450000.0, 600000.0)]
    versions = conn.execute("SELECT versions FROM articles WHERE canonical_url LIKE "
                            "'%huawei-12-billion-ascend-orders%'").fetchone()[0]
    assert versions == 2
    # the claims projection shows the newest version only
    values = {r[0] for r in conn.execute(
        "SELECT value FROM claims WHERE canonical_url LIKE '%huawei-12-billion-ascend-orders%'")}
    assert 600000.0 in values and 450000.0 not in values


def test_known_articles_are_not_fetched_without_a_revisit_policy(crawled):
    with EventLog(crawled["db"]) as log:
        rows = [json.loads(r["payload"]) for r in log.events(types=["crawl.finished"])]
    stats = rows[0]["by_source"]
    # the sitemap listed the same 12 articles the feeds had already queued: none fetched twice
    assert sum(s["pages"] for s in stats.values()) == 12
