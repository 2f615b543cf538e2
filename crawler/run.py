"""Run one crawl in this process: `python -m crawler.run --db claims.db --feed URL ...`.

`claims crawl` and the scheduler call this in a subprocess for every crawl, because Twisted's
reactor cannot be restarted inside one long-lived process. Prints a line per source and a summary.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from store import EventLog, StoreError

from .spiders.news import NewsSpider


def crawl_settings(db: str, overrides: dict | None = None) -> Settings:
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("CLAIMS_DB", db, priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def _progress_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    for name in ("crawler",):
        lg = logging.getLogger(name)
        lg.setLevel(logging.INFO)
        lg.addHandler(handler)
        lg.propagate = False


def run(db: str, feeds=(), sitemaps=(), urls=(), allowed_domains=(), overrides=None) -> dict:
    with EventLog(db) as log:
        known = log.known_articles()
        validators = log.feed_validators()
    _progress_logging()
    settings = crawl_settings(db, overrides)
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(NewsSpider)
    process.crawl(crawler, feeds=list(feeds), sitemaps=list(sitemaps), urls=list(urls),
                  allowed_domains=list(allowed_domains) or None, known=known,
                  validators=validators, revisit_after=settings.get("CLAIMS_REVISIT_AFTER"))
    process.start()
    spider = crawler.spider
    return {"by_source": spider.source_stats if spider else {},
            "finish_reason": crawler.stats.get_value("finish_reason")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m crawler.run")
    ap.add_argument("--db", required=True)
    ap.add_argument("--feed", action="append", default=[])
    ap.add_argument("--sitemap", action="append", default=[])
    ap.add_argument("--url", action="append", default=[])
    ap.add_argument("--allowed-domain", action="append", default=[])
    ap.add_argument("--set", action="append", default=[], metavar="NAME=JSON",
                    help="override a Scrapy setting, value as JSON")
    ap.add_argument("--stats-json", help="write the crawl's stats to this file")
    args = ap.parse_args(argv)
    overrides = {}
    for item in args.set:
        name, _, value = item.partition("=")
        try:
            overrides[name] = json.loads(value)
        except ValueError:
            overrides[name] = value
    try:
        result = run(args.db, args.feed, args.sitemap, args.url, args.allowed_domain, overrides)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for source, s in sorted(result["by_source"].items()):
        print(f"{source}: {s.get('pages', 0)} pages, {s.get('new_articles', 0)} new articles, "
              f"{s.get('revised', 0)} revised, {s.get('known', 0)} known, "
              f"{s.get('unchanged', 0)} unchanged, "
              f"{s.get('errors', 0)} errors", file=sys.stderr)
    if args.stats_json:
        with open(args.stats_json, "w", encoding="utf-8") as fh:
            json.dump(result, fh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
