"""Downloader middlewares of the claims-tracker crawler.

- CrawlDelayMiddleware honours robots.txt's Crawl-delay, which Scrapy parses but ignores: when
  Scrapy reports a parsed robots.txt (the robots_parsed signal), the host's download slot gets at
  least that delay, and AutoThrottle is told not to shorten it.
- OffsiteMiddleware is Scrapy's, with ports: an allowed domain written with a port
  ("127.0.0.1:8765", as the sources' own URLs give it) admits that port only, and no request is
  exempt (Scrapy lets `dont_filter` requests through, which let sitemap entries of other hosts be
  fetched).
- ConditionalGetMiddleware sends If-None-Match / If-Modified-Since with the validators of the
  previous fetch (from request.meta, filled from the store), so an unchanged feed or revisited
  page costs a 304. The spider records the validators it sees (`response_validators`).
"""
from __future__ import annotations

import logging
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware as ScrapyOffsiteMiddleware
from scrapy.exceptions import IgnoreRequest

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


def site_of(url: str) -> str | None:
    """What a source URL allows: its host, with the port when the URL names one."""
    parts = urlsplit(url)
    if not parts.hostname:
        return None
    try:
        port = parts.port
    except ValueError:
        return None
    return f"{parts.hostname}:{port}" if port else parts.hostname


def on_site(url: str, allowed) -> bool:
    """True when url is on one of the allowed sites: the domain or a subdomain of it, and the
    same port when the allowed entry names one. No allowed entries: everything is on site."""
    if not allowed:
        return True
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        return False
    for entry in allowed:
        site = urlsplit(f"//{entry}")
        try:
            wanted_port = site.port
        except ValueError:
            continue
        if not site.hostname or not (host == site.hostname or
                                     host.endswith("." + site.hostname)):
            continue
        if wanted_port is None or wanted_port == port:
            return True
    return False


class OffsiteMiddleware(ScrapyOffsiteMiddleware):
    def process_request(self, request, spider=None):
        spider = self.crawler.spider
        if request.meta.get("allow_offsite") or self.should_follow(request, spider):
            return None
        site = site_of(request.url) or "?"
        if site not in self.domains_seen:
            self.domains_seen.add(site)
            log.warning("%s: off-site (allowed: %s); not fetched", request.url,
                        ", ".join(getattr(spider, "allowed_domains", None) or []))
        self.stats.inc_value("offsite/filtered")
        raise IgnoreRequest(f"Filtered offsite request to {site!r}")

    def should_follow(self, request, spider) -> bool:
        return on_site(request.url, getattr(spider, "allowed_domains", None))


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
