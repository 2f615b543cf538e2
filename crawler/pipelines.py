"""Item pipeline: record each fetched article in the store's log, one transaction per article,
so a crash mid-crawl loses at most the page in flight and a rerun duplicates nothing.
At the end of a crawl it records a `crawl.finished` event with the per-source stats."""
from __future__ import annotations

import logging
from datetime import datetime, timezone

from store import EventLog, article_fetched, crawl_finished, sha256_hex

log = logging.getLogger(__name__)

PAYLOAD_FIELDS = ("source", "url", "final_url", "canonical_url", "status", "etag",
                  "last_modified", "content_type", "title", "site_name", "author", "language",
                  "text", "published_at", "date_source", "fetched_at")


class RecordArticlePipeline:
    def __init__(self, db: str, crawler=None, run_id: str | None = None,
                 source_name: str | None = None):
        self.db = db
        self.run_id = run_id or datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.source_name = source_name
        self.crawler = crawler
        self.log: EventLog | None = None
        self.seen: list[str] = []

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(settings.get("CLAIMS_DB"), crawler, settings.get("CLAIMS_RUN_ID"),
                   settings.get("CLAIMS_SOURCE_NAME"))

    def open_spider(self, spider=None):
        self.log = EventLog(self.db)

    def process_item(self, item, spider=None):
        spider = spider or getattr(self.crawler, "spider", None)
        payload = {k: item.get(k) for k in PAYLOAD_FIELDS}
        body = item.get("body") or b""
        payload["blob_sha256"] = sha256_hex(body)
        payload["size"] = len(body)
        payload["text_sha256"] = sha256_hex(payload["text"] or "")
        payload["run_id"] = self.run_id  # the run that first recorded this version
        payload["source_name"] = self.source_name
        event = article_fetched(payload)
        # a new version of an article already in the log is a revision, not a new article
        earlier = self.log.has_article(event.key)
        added = self.log.append([event], blobs=[body])
        self.seen.append(event.event_id)
        source = item.get("source") or "?"
        what = "known" if not added else "revised" if earlier else "new_articles"
        if spider is not None:
            spider.stat(source, what)
        log.info("%s: %s %s", source, {"new_articles": "new"}.get(what, what),
                 payload["canonical_url"])
        return item

    def close_spider(self, spider=None):
        if self.log is None:
            return
        spider = spider or getattr(self.crawler, "spider", None)
        stats = getattr(spider, "source_stats", {}) if spider else {}
        configured = (list(getattr(spider, "feeds", [])) + list(getattr(spider, "sitemaps", []))
                      + (["urls"] if getattr(spider, "urls", None) else [])) if spider else []
        sources = sorted(configured or stats) or ["(none)"]
        totals = {k: sum(s.get(k, 0) for s in stats.values())
                  for k in ("pages", "new_articles", "revised", "known", "unchanged", "errors")}
        validators = getattr(spider, "validators_seen", {}) if spider else {}
        event = crawl_finished(self.run_id, sources, self.seen,
                               {**totals, "by_source": stats, "validators": validators,
                                "source_name": self.source_name})
        self.log.append([event])
        self.log.close()
