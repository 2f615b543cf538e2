"""Scrapy settings of the claims-tracker crawler: polite, bounded and closed to remote control.

`claims crawl` and the scheduler override a few of these per source (user agent, contact URL,
delays); everything else is set here once.
"""
BOT_NAME = "claims-tracker"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# sources.yml sets the user agent and the contact URL that goes in it
USER_AGENT = "claims-tracker/0.1 (+https://example.invalid/claims-tracker)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.25
AUTOTHROTTLE_MAX_DELAY = 30
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.5
DOWNLOAD_TIMEOUT = 20
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
HTTPCACHE_ENABLED = False

# no remote control: the telnet console and Scrapy 2.19's remote-control server stay off
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
EXTENSIONS = {
    "scrapy.extensions.telnet.TelnetConsole": None,
}

DOWNLOADER_MIDDLEWARES = {
    # Scrapy's off-site check, with ports and without the dont_filter exemption
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "crawler.middlewares.OffsiteMiddleware": 50,
    "crawler.middlewares.CrawlDelayMiddleware": 560,
    "crawler.middlewares.ConditionalGetMiddleware": 590,
}
ITEM_PIPELINES = {
    "crawler.pipelines.RecordArticlePipeline": 300,
}

# the log file the pipeline writes to (set by `claims crawl --db`)
CLAIMS_DB = "claims.db"
# identity of this crawl run in the log (default: its start time; the demo uses "demo")
CLAIMS_RUN_ID = None
# the name of the configured source this crawl is for (sources.yml)
CLAIMS_SOURCE_NAME = None
# feeds and sitemaps: a sitemap index nests at most this deep (the configured sitemap is level 0),
# and one crawl fetches at most this many listings; a listing is fetched once per crawl
CLAIMS_MAX_LISTING_DEPTH = 3
CLAIMS_MAX_LISTINGS = 500
# fetch a known article URL again only after this many seconds (None: never)
CLAIMS_REVISIT_AFTER = None

LOG_LEVEL = "WARNING"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
