"""Downloader middlewares of the claims-tracker crawler.

- CrawlDelayMiddleware honours robots.txt's Crawl-delay, which Scrapy parses but ignores: when
  Scrapy reports a parsed robots.txt (the robots_parsed signal), the host's download slot gets at
  least that delay, and AutoThrottle is told not to shorten it.
- ConditionalGetMiddleware sends If-None-Match / If-Modified-Since with the validators of the
  previous fetch (from request.meta, filled from the store), so an unchanged feed or revisited
  page costs a 304. The spider records the validators it sees (`response_validators`).
"""
from __future__ import annotations

import logging
from urllib.parse import urlsplit

from scrapy import signals

log = logging.getLogger(__name__)


class CrawlDelayMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.delays: dict[str, float] = {}
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def robots_parsed(self, robotparser, request):
        agent = self.crawler.settings.get("USER_AGENT") or "*"
        delay = robotparser.crawl_delay(agent)
        if delay:
            host = urlsplit(request.url).hostname or ""
            self.delays[host] = float(delay)
            log.info("%s: robots.txt asks for %.1f s between requests; honoured", host,
                     float(delay))

    def process_request(self, request, spider=None):
        host = urlsplit(request.url).hostname or ""
        delay = self.delays.get(host)
        if not delay:
            return None
        request.meta["autothrottle_dont_adjust_delay"] = True
        downloader = self.crawler.engine.downloader
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is not None and slot.delay < delay:
            slot.delay = delay
            slot.jitter = 0.0  # never below the asked delay
        return None


def response_validators(response) -> dict:
    """The ETag and Last-Modified a response carries (None where absent): what the next fetch
    sends back as If-None-Match / If-Modified-Since."""
    etag = response.headers.get(b"ETag")
    lm = response.headers.get(b"Last-Modified")
    return {"etag": etag.decode("latin-1") if etag else None,
            "last_modified": lm.decode("latin-1") if lm else None}


class ConditionalGetMiddleware:
    def process_request(self, request, spider=None):
        v = request.meta.get("validators")
        if not v:
            return None
        if v.get("etag") and b"If-None-Match" not in request.headers:
            request.headers[b"If-None-Match"] = v["etag"]
        if v.get("last_modified") and b"If-Modified-Since" not in request.headers:
            request.headers[b"If-Modified-Since"] = v["last_modified"]
        return None
