"""The news spider: reads RSS/Atom feeds, (news) sitemaps and URL lists, fetches each article it
does not know yet, and yields an ArticleItem with main text, metadata and the raw bytes.

It never extracts claims: that is extract/'s job, on what the store recorded.

Listings are bounded: each feed or sitemap is fetched once per crawl, a sitemap index nests at
most CLAIMS_MAX_LISTING_DEPTH deep, a crawl fetches at most CLAIMS_MAX_LISTINGS of them, and
entries on other sites (other hosts, or other ports of the sources' own host) are not followed.
Every request, listings included, goes through robots.txt and the off-site check.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from time import mktime

import feedparser
import scrapy
from lxml import etree

from extract.document import canonical_url, read_html
from extract.errors import ExtractError

from ..items import ArticleItem
from ..middlewares import on_site, response_validators, site_of

log = logging.getLogger(__name__)
HTML_TYPES = (b"text/html", b"application/xhtml+xml")


def _split(value) -> list[str]:
    if not value:
        return []
    if isinstance(value, (list, tuple)):
        return [v for v in value if v]
    return [v.strip() for v in str(value).split(",") if v.strip()]


class NewsSpider(scrapy.Spider):
    name = "news"

    def __init__(self, feeds=None, sitemaps=None, urls=None, allowed_domains=None,
                 known=None, validators=None, revisit_after=None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.feeds, self.sitemaps, self.urls = _split(feeds), _split(sitemaps), _split(urls)
        domains = _split(allowed_domains) or sorted({
            site_of(u) for u in self.feeds + self.sitemaps + self.urls if site_of(u)})
        self.allowed_domains = domains
        self.known: dict[str, dict] = dict(known or {})   # url -> validators of last fetch
        self.validators: dict[str, dict] = dict(validators or {})  # feeds and sitemaps
        self.revisit_after = float(revisit_after) if revisit_after not in (None, "") else None
        self.queued: set[str] = set()
        self.listings: set[str] = set()  # feeds and sitemaps asked for in this crawl
        self.validators_seen: dict[str, dict] = {}
        self.source_stats: dict[str, dict] = {}

    # bookkeeping -----------------------------------------------------------------------------
    def stat(self, source: str, key: str, n: int = 1) -> None:
        s = self.source_stats.setdefault(source, {"pages": 0, "new_articles": 0, "revised": 0,
                                                  "known": 0, "unchanged": 0, "errors": 0})
        s[key] = s.get(key, 0) + n

    def fail(self, source: str, url: str, reason: str, advice: str = "") -> None:
        self.stat(source, "errors")
        log.error("%s: %s: %s%s", source, url, reason, f" ({advice})" if advice else "")

    # requests --------------------------------------------------------------------------------
    async def start(self):
        for req in self._start_requests():
            yield req

    def start_requests(self):  # Scrapy < 2.13
        yield from self._start_requests()

    def _start_requests(self):
        for url, callback in [(u, self.parse_feed) for u in self.feeds] + \
                [(u, self.parse_sitemap) for u in self.sitemaps]:
            request = self._listing_request(url, callback)
            if request is not None:
                yield request
        for url in self.urls:
            yield from self._article_request(url, "urls", None, None)
        if self.revisit_after is not None:
            # known articles of these domains that are due, whether or not a listing still
            # shows them (an unchanged feed answers 304 and lists nothing)
            for url in sorted(self.known):
                if on_site(url, self.allowed_domains):
                    yield from self._article_request(url, "revisit", None, None)

    def _listing_request(self, url: str, callback, source: str | None = None, depth: int = 0):
        """A feed or sitemap, fetched with the validators of the last crawl (304: unchanged);
        None when it was asked for already, is too deep, too many or on another site."""
        source = source or url
        if url in self.listings:
            log.info("%s: %s listed again; fetched once", source, url)
            return None
        if not on_site(url, self.allowed_domains):
            self.stat(source, "offsite")
            log.warning("%s: %s is on another site; not fetched", source, url)
            return None
        max_depth = self.settings.getint("CLAIMS_MAX_LISTING_DEPTH", 3)
        if depth > max_depth:
            self.fail(source, url, f"sitemap index nested deeper than {max_depth} levels",
                      "point the source at the sitemaps themselves")
            return None
        max_listings = self.settings.getint("CLAIMS_MAX_LISTINGS", 500)
        if len(self.listings) >= max_listings:
            self.fail(source, url, f"more than {max_listings} feeds and sitemaps in one crawl",
                      "raise CLAIMS_MAX_LISTINGS or split the source")
            return None
        self.listings.add(url)
        return scrapy.Request(url, callback=callback, errback=self.on_error,
                              meta={"source": source, "validators": self.validators.get(url),
                                    "listing_depth": depth,
                                    "handle_httpstatus_list": [304]})

    def _article_request(self, url: str, source: str, date: str | None, date_source: str | None):
        canonical = canonical_url(url)
        if url in self.queued or canonical in self.queued:
            return
        if not on_site(url, self.allowed_domains):
            self.stat(source, "offsite")
            log.info("%s: %s is on another site; not fetched", source, url)
            return
        previous = self.known.get(url) or self.known.get(canonical)
        meta = {"source": source, "listed_date": date, "listed_date_source": date_source}
        if previous is not None:
            if not self._due(previous):
                self.stat(source, "known")
                return
            meta.update(validators=previous, handle_httpstatus_list=[304], revisit=True)
        self.queued.update((url, canonical))
        yield scrapy.Request(url, callback=self.parse_article, errback=self.on_error, meta=meta)

    def _due(self, previous: dict) -> bool:
        """A known article is fetched again once the revisit policy says it is due."""
        if self.revisit_after is None:
            return False
        try:
            fetched = datetime.fromisoformat(previous.get("fetched_at") or "")
        except ValueError:
            return True
        if fetched.tzinfo is None:
            fetched = fetched.replace(tzinfo=timezone.utc)
        return (datetime.now(timezone.utc) - fetched).total_seconds() >= self.revisit_after

    def _remember_validators(self, response) -> None:
        seen = response_validators(response)
        if any(seen.values()):
            self.validators_seen[response.url] = seen

    def on_error(self, failure):
        request = failure.request
        source = request.meta.get("source", "?")
        response = getattr(failure.value, "response", None)
        if response is not None:
            self.fail(source, request.url, f"HTTP {response.status}",
                      "the page is missing or the server failed; it will be retried next crawl")
        else:
            self.fail(source, request.url, f"{failure.type.__name__}: {failure.getErrorMessage()}",
                      "check the URL and that the site is up")

    # feeds and sitemaps ----------------------------------------------------------------------
    def _changed_listing(self, response) -> bool:
        """False for a feed or sitemap unchanged since the last crawl (a 304)."""
        if response.status == 304:
            log.info("%s: unchanged since the last crawl (304)", response.meta["source"])
            return False
        self._remember_validators(response)
        return True

    def parse_feed(self, response):
        source = response.meta["source"]
        if not self._changed_listing(response):
            return
        parsed = feedparser.parse(response.body)
        entries = parsed.entries
        if parsed.bozo and not entries:
            self.fail(source, response.url, f"not a readable feed ({parsed.bozo_exception})",
                      "check that the URL is an RSS or Atom feed")
            return
        if parsed.bozo:
            log.warning("%s: feed has XML errors (%s); read %d entries anyway", source,
                        parsed.bozo_exception, len(entries))
        for entry in entries:
            link = entry.get("link")
            if not link:
                continue
            stamp = entry.get("published_parsed") or entry.get("updated_parsed")
            date = (datetime.fromtimestamp(mktime(stamp), timezone.utc).isoformat()
                    if stamp else None)
            yield from self._article_request(response.urljoin(link), source, date,
                                             "feed" if date else None)

    def parse_sitemap(self, response):
        source = response.meta["source"]
        if not self._changed_listing(response):
            return
        try:
            parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True,
                                     huge_tree=False)
            root = etree.fromstring(response.body, parser=parser)
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            self.fail(source, response.url, "not a readable sitemap",
                      "check that the URL is a sitemap XML file")
            return
        local = etree.QName(root).localname
        if local == "sitemapindex":
            depth = response.meta.get("listing_depth", 0) + 1
            for loc in root.xpath("//*[local-name()='sitemap']/*[local-name()='loc']/text()"):
                request = self._listing_request(response.urljoin(loc.strip()),
                                                self.parse_sitemap, source, depth)
                if request is not None:
                    yield request
            return
        for url_el in root.xpath("//*[local-name()='url']"):
            loc = url_el.xpath("./*[local-name()='loc']/text()")
            if not loc:
                continue
            news_date = url_el.xpath(".//*[local-name()='publication_date']/text()")
            date = news_date[0].strip() if news_date else None
            yield from self._article_request(response.urljoin(loc[0].strip()), source, date,
                                             "sitemap" if date else None)

    # articles --------------------------------------------------------------------------------
    def parse_article(self, response):
        source = response.meta["source"]
        if response.status == 304:
            self.stat(source, "unchanged")
            return
        self.stat(source, "pages")
        ctype = response.headers.get(b"Content-Type", b"").split(b";")[0].strip().lower()
        if ctype and ctype not in HTML_TYPES:
            self.fail(source, response.url, f"not an HTML page ({ctype.decode('latin-1')})",
                      "only HTML articles are read; remove this link from the source")
            return
        if not isinstance(response, scrapy.http.TextResponse):
            self.fail(source, response.url, "binary content", "only HTML articles are read")
            return
        try:
            page = read_html(response.text, url=response.url)
        except ExtractError as exc:
            self.fail(source, response.url, str(exc))
            return
        if not page.text.strip():
            self.fail(source, response.url, "no main text found",
                      "the page may be an index page or need JavaScript")
            return
        listed = response.meta.get("listed_date")
        yield ArticleItem(
            source=source, url=response.request.meta.get("redirect_urls", [response.url])[0],
            final_url=response.url,
            canonical_url=page.canonical_url or canonical_url(response.url),
            status=response.status,
            **response_validators(response),
            body=response.body, content_type=ctype.decode("latin-1") or None,
            title=page.title, site_name=page.site_name, author=page.author,
            language=page.language, text=page.text,
            published_at=listed or page.published_at,
            date_source=response.meta.get("listed_date_source") if listed else page.date_source,
            fetched_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        )
